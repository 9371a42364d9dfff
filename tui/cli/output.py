"""Human and machine output for the headless commands.

Human output: aligned plain-text tables and ``key: value`` blocks on stdout, every value through
``display_text``. Machine output (``--json``): JSON with secrets redacted and known secret values
scrubbed, but otherwise raw strings (JSON escaping, ASCII only, keeps it terminal-safe).
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
    """An aligned plain-text table (two spaces between columns, no padding after the last)."""
    body = [[cell(value, max_chars) for value in row] for row in rows]
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
    """``key: value`` lines with the values aligned; values are display-safe."""
    items = [(display_text(key, max_chars=80), cell(value, max_chars=2000)) for key, value in pairs]
    if not items:
        return ""
    width = max(cell_width(key) for key, _ in items) + 1
    return "\n".join(
        f"{indent}{key}:{' ' * (width - cell_width(key))}{value}" for key, value in items
    )


def param_lines(params: Mapping[str, Any] | None, masked: Iterable[str]) -> list[tuple[str, str]]:
    """Params as ``(name, shown value)``: secrets as ``<set>`` / ``<not set>``, others as JSON."""
    masked = frozenset(masked)
    shown: list[tuple[str, str]] = []
    for name in sorted(params or {}):
        value = (params or {})[name]
        if is_secret_key(name, masked):
            shown.append((name, SET if value not in (None, "") else NOT_SET))
        elif isinstance(value, str):
            shown.append((name, value))
        else:
            shown.append((name, json.dumps(value, ensure_ascii=False)))
    return shown


def _scrub_strings(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):
        return {scrub(str(k)): _scrub_strings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub_strings(v) for v in value]
    return value


def safe_json(data: Any, masked: Iterable[str] = ()) -> Any:
    """``data`` with secret params redacted and known secret values scrubbed from every string."""
    return _scrub_strings(redact_object(data, frozenset(masked)))


def dumps(data: Any, masked: Iterable[str] = ()) -> str:
    """Indented, ASCII-only JSON of ``safe_json(data)``."""
    return json.dumps(safe_json(data, masked), indent=2, ensure_ascii=True, default=str)


def print_json(data: Any, masked: Iterable[str] = ()) -> None:
    print(dumps(data, masked))


def error(title: str, message: str) -> None:
    """``<title>: <message>`` on stderr, display-safe (multi-line messages keep their lines)."""
    text = display_text(message, max_chars=4000, single_line=False)
    print(f"{display_text(title)}: {text}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"warning: {display_text(message, max_chars=2000)}", file=sys.stderr)
