"""``sde-alm export``: connectors and connections as JSON, every secret redacted.

For backup and for diffing two servers: objects sorted by id, keys sorted. Each connection carries
its ``last_job`` when the server sends it (the one volatile part: what a support ticket needs).
Secrets are found by name, by the plugin schemas' ``masked_string`` fields, and by value (anything
the registry knows is scrubbed from all strings, a job's result message included).
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui import __version__
from tui.api.errors import ConfigError
from tui.cli import output
from tui.cli.common import completeness, dump_all, masked_fields, partial_json, report_problems
from tui.cli.exits import exit_code
from tui.cli.runner import Context


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with mode 0600, atomically (temp file + rename)."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp creates it 0600
            handle.write(text)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None


async def export(ctx: Context) -> int:
    client = ctx.client
    connectors = await client.list_connectors()
    connections = await client.list_connections(include_last_job=True)
    masked = await masked_fields(client)
    problems = report_problems(connectors) + report_problems(connections)
    document: dict[str, Any] = {
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "exported_by": f"sde-alm {__version__}",
        "server": ctx.settings.server,
        "connectors": dump_all(sorted(connectors.items, key=lambda c: c.id), masked),
        "connections": dump_all(sorted(connections.items, key=lambda c: c.id), masked),
        "problems": problems,
        **partial_json(connectors, connections),
    }
    text = output.dumps(document, sort_keys=True) + "\n"
    if ctx.args.out:
        path = Path(ctx.args.out).expanduser()
        write_private(path, text)
        print(f"Exported {len(document['connectors'])} connectors and "
              f"{len(document['connections'])} connections to {output.cell(str(path), 500)} "
              "(secrets redacted)")
    else:
        print(text, end="")
    return exit_code(completeness(connectors, connections))
