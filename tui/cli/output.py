"""Human and machine output for the headless commands.

Human output: aligned plain-text tables and ``key: value`` blocks on stdout, every value through
``display_text``. Machine output (``--json``): secret params redacted in server objects
(``redacted``) and known secret values scrubbed from every string (``scrubbed``); strings are
otherwise raw, and the JSON is ASCII-only so it stays terminal-safe. Layout and string escapes
are those of ``json.dumps(indent=2, ensure_ascii=True)``, but pydantic-core encodes it: the
standard library's indenting encoder is pure Python (0.4 s for 10k connections).
"""

from __future__ import annotations

import gc
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from tui.api.display import display_text
from tui.api.secrets import is_secret_key, redact_object, registry

_PRECHECK_LIMIT = 64
"""Up to this many known secrets, look for each in the encoded text before scrubbing strings."""

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
            import json  # here, not at the top: the TUI imports this module before its first frame

            shown.append((label, json.dumps(value, ensure_ascii=False)))
    return shown


def _scrub_strings(value: Any, memo: dict[str, str]) -> Any:
    if isinstance(value, str):
        done = memo.get(value)
        if done is None:
            done = memo[value] = registry.scrub(value)
        return done
    if isinstance(value, Mapping):  # keys are names, not values: scrubbing them breaks consumers
        return {k: _scrub_strings(v, memo) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub_strings(v, memo) for v in value]
    return value


def redacted(data: Any, masked: Iterable[str] = ()) -> Any:
    """Server data with secret params (by name or schema) replaced by ``<redacted>``.

    Only for server objects: applied to our own envelopes it would also hit keys like "passed".
    """
    return redact_object(data, frozenset(masked))


def scrubbed(data: Any) -> Any:
    """``data`` with every known secret value scrubbed from every string value."""
    return _scrub_strings(data, {})


def _encode(data: Any, sort_keys: bool) -> bytes:
    """Indented, ASCII-only JSON; other types (``datetime``, ...) as ``model_dump_json`` writes
    them, and ``str(value)`` for types pydantic does not know."""
    from pydantic_core import to_json, to_jsonable_python

    if not sort_keys:
        try:
            text = to_json(data, indent=2, ensure_ascii=True, fallback=str)
        except ValueError:  # PydanticSerializationError, e.g. a lone surrogate: the slow path
            pass
        else:  # the one character pydantic-core leaves raw and the standard library escapes
            return text.replace(b"\x7f", b"\\u007f") if b"\x7f" in text else text
    import json

    return json.dumps(data, indent=2, sort_keys=sort_keys, ensure_ascii=True,
                      default=lambda value: to_jsonable_python(value, fallback=str)
                      ).encode("ascii")


def _holds_known_secret(text: bytes) -> bool:
    """Whether a known secret value may occur in a string of the JSON ``text``.

    JSON escapes each character on its own, so a string holding a secret holds the secret's
    escaped form; many secrets make the search slower than scrubbing, so it is not tried then.
    """
    import json

    known = registry.values()
    if len(known) > _PRECHECK_LIMIT:
        return True
    return any(json.dumps(value, ensure_ascii=True)[1:-1].encode("ascii") in text
               for value in known)


def encoded(data: Any, *, sort_keys: bool = False) -> bytes:
    """Indented, ASCII-only JSON of ``scrubbed(data)``.

    Strings are scrubbed only when a known secret value occurs in the encoded text: the search
    runs at C speed, and scrubbing every string of a 10k listing costs more than the fetch.
    """
    text = _encode(data, sort_keys)
    if _holds_known_secret(text):
        with collector_paused():
            text = _encode(scrubbed(data), sort_keys)
    return text


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while building large acyclic output data (dicts, lists and
    strings): with 10k connections loaded each full collection walks a million objects (~80 ms)
    and finds nothing. Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def dumps(data: Any, *, sort_keys: bool = False) -> str:
    """``encoded(data)`` as text."""
    return encoded(data, sort_keys=sort_keys).decode("ascii")


def print_json(data: Any) -> None:
    """``encoded(data)`` and a newline on stdout (as bytes: no decoding and re-encoding)."""
    text = encoded(data)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (redirected in-process)
        print(text.decode("ascii"))
        return
    sys.stdout.flush()  # keep the order of anything printed before
    buffer.write(text)
    buffer.write(b"\n")
    buffer.flush()


def error(title: str, message: str) -> None:
    """``<title>: <message>`` on stderr, display-safe (multi-line messages keep their lines)."""
    text = display_text(message, max_chars=4000, single_line=False)
    print(f"{display_text(title)}: {text}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"warning: {display_text(message, max_chars=2000)}", file=sys.stderr)
