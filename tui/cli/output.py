"""Human and machine output for the headless commands.

Human output: aligned plain-text tables and ``key: value`` blocks on stdout, every value through
``display_text``. Machine output (``--json``): secret params redacted in server objects
(``redacted``) and known secret values scrubbed from every string (``scrubbed``); strings are
otherwise raw, and the JSON is ASCII-only so it stays terminal-safe.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tui.api.display import display_text
from tui.api.secrets import is_secret_key, redact_object, scrub

SET = "<set>"
NOT_SET = "<not set>"


def cell_width(text: str) -> int:
    """Terminal columns ``text`` takes (wide East Asian characters 2, combining marks 0)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def cell(value: object, max_chars: int = 60) -> str:
    """One table cell: display-safe, single line, bounded; None shows as ``-``."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return display_text(value, max_chars=max_chars, single_line=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], max_chars: int = 60) -> str:
    """An aligned plain-text table (two spaces between columns, no padding after the last).

    The last column (usually a message) is allowed to run longer, since nothing follows it.
    """
    last = len(headers) - 1
    body = [[cell(value, max_chars if i < last else 4 * max_chars) for i, value in enumerate(row)]
            for row in rows]
    widths = [cell_width(h) for h in headers]
    for row in body:
        for index, text in enumerate(row):
            widths[index] = max(widths[index], cell_width(text))
    lines = []
    for row in [list(headers), *body]:
        padded = [text + " " * (widths[i] - cell_width(text)) for i, text in enumerate(row[:-1])]
        lines.append("  ".join([*padded, row[-1]]).rstrip())
    return "\n".join(lines)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], empty: str) -> None:
    if rows:
        print(table(headers, rows))
    else:
        print(empty)


def key_values(pairs: Iterable[tuple[str, object]], indent: str = "") -> str:
    """``key: value`` lines, values aligned and made display-safe; keys are the caller's labels
    (server-supplied keys must already have been through ``display_text``)."""
    items = [(key, cell(value, max_chars=2000)) for key, value in pairs]
    if not items:
        return ""
    width = max(cell_width(key) for key, _ in items) + 1
    return "\n".join(
        f"{indent}{key}:{' ' * (width - cell_width(key))}{value}" for key, value in items
    )


def server_pairs(mapping: Mapping[str, Any]) -> list[tuple[str, object]]:
    """Extra server fields as ``key_values`` pairs, their names made display-safe."""
    return [(display_text(key, max_chars=80), value) for key, value in sorted(mapping.items())]


def param_lines(params: Mapping[str, Any] | None, masked: Iterable[str]) -> list[tuple[str, str]]:
    """Params as ``(name, shown value)``: secrets as ``<set>`` / ``<not set>``, others as JSON."""
    masked = frozenset(masked)
    shown: list[tuple[str, str]] = []
    for name in sorted(params or {}):
        value = (params or {})[name]
        label = display_text(name, max_chars=80)
        if is_secret_key(name, masked):
            shown.append((label, SET if value not in (None, "") else NOT_SET))
        elif isinstance(value, str):
            shown.append((label, value))
        else:
            shown.append((label, json.dumps(value, ensure_ascii=False)))
    return shown


def _scrub_strings(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):  # keys are names, not values: scrubbing them breaks consumers
        return {k: _scrub_strings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub_strings(v) for v in value]
    return value


def redacted(data: Any, masked: Iterable[str] = ()) -> Any:
    """Server data with secret params (by name or schema) replaced by ``<redacted>``.

    Only for server objects: applied to our own envelopes it would also hit keys like "passed".
    """
    return redact_object(data, frozenset(masked))


def scrubbed(data: Any) -> Any:
    """``data`` with every known secret value scrubbed from every string value."""
    return _scrub_strings(data)


def dumps(data: Any) -> str:
    """Indented, ASCII-only JSON of ``scrubbed(data)``."""
    return json.dumps(scrubbed(data), indent=2, ensure_ascii=True, default=str)


def print_json(data: Any) -> None:
    print(dumps(data))


def error(title: str, message: str) -> None:
    """``<title>: <message>`` on stderr, display-safe (multi-line messages keep their lines)."""
    text = display_text(message, max_chars=4000, single_line=False)
    print(f"{display_text(title)}: {text}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"warning: {display_text(message, max_chars=2000)}", file=sys.stderr)
