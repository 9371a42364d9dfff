"""``sde-alm info``: where everything comes from. Works with nothing configured (says what is
missing), never contacts the server, and never prints the token."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
from typing import Any

from tui import __version__
from tui.api.errors import ConfigError
from tui.cli import output
from tui.config.file import tilde
from tui.config.proxy import describe_proxy
from tui.config.resolve import Draft, finish, gather

_MISSING_SERVER = "not set: set SDE_SERVER, --server, or server in a profile"
_MISSING_TOKEN = "not set: set SDE_API_TOKEN, or token_file / token_command in a profile"


def _terminal() -> dict[str, Any]:
    size = shutil.get_terminal_size(fallback=(0, 0))
    return {"TERM": os.environ.get("TERM"), "COLORTERM": os.environ.get("COLORTERM"),
            "columns": size.columns, "lines": size.lines}


def _tls(draft: Draft) -> str:
    if draft.values["insecure"]:
        return "insecure (certificate verification OFF)"
    ca_file = draft.values["ca_file"]
    return "OS trust store (truststore)" + (f" + CA file {ca_file}" if ca_file else "")


def _collect(args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {
        "version": __version__,
        "python": platform.python_version(),
        "terminal": _terminal(),
        "problems": [],
    }
    try:
        draft: Draft | None = gather(args)
    except ConfigError as exc:
        draft = None
        report["problems"].append(exc.message)
    if draft is None:
        return report
    report.update(
        config={"path": str(draft.config_path), "exists": draft.config_exists,
                "source": draft.sources["config"]},
        profiles=sorted(draft.config.profiles) if draft.config else [],
        profile={"name": draft.profile, "source": draft.sources["profile"]},
        server={"value": draft.server, "source": draft.sources.get("server")},
        token={"source": draft.sources.get("token"), "readable": None},
        read_only={"value": draft.values["read_only"], "source": draft.sources["read_only"]},
        production=draft.values["production"],
        log_file=args.log_file,
    )
    try:
        settings = finish(draft)
    except ConfigError as exc:
        report["problems"].append(exc.message)
        report["tls"] = _tls(draft)
        report["proxy"] = describe_proxy(draft.server)
        return report
    report["server"]["value"] = settings.server
    report["token"]["readable"] = True
    report["token"]["source"] = settings.sources["token"]
    report["tls"] = settings.tls_mode()
    report["proxy"] = describe_proxy(settings.server)
    return report


def _human(report: dict[str, Any]) -> None:
    term = report["terminal"]
    version = f"{report['version']} (Python {report['python']})"
    rows: list[tuple[str, object]] = [("sde-alm", version)]
    if "config" in report:
        config = report["config"]
        exists = "exists" if config["exists"] else "does not exist"
        profile = report["profile"]
        token = report["token"]
        rows += [
            ("Config file", f"{config['source']}, {exists}"),
            ("Profiles", ", ".join(report["profiles"]) or "none"),
            ("Profile", f"{profile['name']} ({profile['source']})" if profile["name"] else "none"),
            ("Server", f"{report['server']['value']} ({report['server']['source']})"
             if report["server"]["value"] else _MISSING_SERVER),
            ("Token", (f"from {token['source']}" + ("" if token["readable"] else " (see problems)"))
             if token["source"] else _MISSING_TOKEN),
            ("Production", report["production"]),
            ("Read-only", f"{'yes' if report['read_only']['value'] else 'no'} "
             f"({report['read_only']['source']})"),
            ("TLS", report["tls"]),
            ("Proxy", report["proxy"] or "none (direct)"),
            ("Log file", tilde(report["log_file"]) if report["log_file"] else "none"),
        ]
    size = f"{term['columns']}x{term['lines']}" if term["columns"] else "unknown (not a terminal)"
    rows.append(("Terminal", f"TERM={term['TERM'] or '-'} COLORTERM={term['COLORTERM'] or '-'} "
                 f"size={size}"))
    print(output.key_values(rows))
    for problem in report["problems"]:
        print(f"Problem:     {output.cell(problem, 2000)}")


def info(args: argparse.Namespace) -> int:
    """Print the report; exit 0 even when settings are missing (that is what it is for)."""
    report = _collect(args)
    if args.json:
        output.print_json(report)
    else:
        _human(report)
    return 0
