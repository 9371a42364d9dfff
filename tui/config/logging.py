"""Optional log file (``--log-file`` / ``--log-level``), created 0600, with everything redacted.

``debug`` adds one line per HTTP request (method, path, status, milliseconds: ``tui.api.wirelog``);
``trace`` adds the request and response bodies and the httpx / httpcore wire logs.

httpx logs full URLs (userinfo and query included) at INFO and httpcore logs every response
header, ``Set-Cookie`` included, at DEBUG. Those loggers are capped at WARNING unless the level
is ``trace``, and every record goes through ``RedactingFilter`` and ``RedactingFormatter`` anyway.
No log file is the default: a stream handler would draw over the TUI.
"""

from __future__ import annotations

import logging
import os
import re
from functools import cache
from pathlib import Path

from tui.api.errors import ConfigError
from tui.api.secrets import REDACTED, scrub
from tui.api.wirelog import TRACE

_HEADER_NAMES = r"(?:proxy-authorization|authorization|set-cookie|cookie|x-api-key)"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The redaction patterns, compiled on the first record (most runs log nothing)."""
    return (
        # ('Authorization', 'Token abc') / b'set-cookie': b'x=1' / "cookie": "a=b"
        re.compile(rf"""(?i)(b?(['"]){_HEADER_NAMES}\2\s*[,:]\s*b?)(['"])(.*?)(?<!\\)\3"""),
        # Authorization: Token abc   (a header line: everything to the end of the line)
        re.compile(rf"(?i)(\b{_HEADER_NAMES}\s*[:=]\s*)[^\r\n]+"),
        re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"<>]+@"),
        re.compile(
            r"(?i)([?&;][^=&\s#'\"]*(?:token|key|pass|secret|auth|session)[^=&\s#'\"]*=)"
            r"[^&\s#'\"]+"
        ),
    )


LOGGER_NAMES_HTTP: tuple[str, ...] = ("httpx", "httpcore", "hpack")
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
           "error": logging.ERROR, "trace": TRACE}
LOG_LEVELS: tuple[str, ...] = tuple(_LEVELS)


def redact_text(text: str) -> str:
    """Known secret values, credential headers, URL userinfo and secret query values, redacted."""
    quoted_header, header_line, url_userinfo, secret_query = _patterns()
    text = scrub(text)
    text = quoted_header.sub(lambda m: f"{m.group(1)}{m.group(3)}{REDACTED}{m.group(3)}", text)
    text = header_line.sub(lambda m: f"{m.group(1)}{REDACTED}", text)
    text = url_userinfo.sub(lambda m: f"{m.group(1)}{REDACTED}@", text)
    return secret_query.sub(lambda m: f"{m.group(1)}{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """Renders each record's message once, redacted, so no handler sees the raw arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg!r} (unformattable arguments dropped)"
        # A lone surrogate (a server's "\ud800") cannot be encoded to the UTF-8 file.
        record.msg = re.sub("[\ud800-\udfff]", "\ufffd", redact_text(message))
        record.args = None
        return True


class RedactingFormatter(logging.Formatter):
    """Redacts the whole formatted line, tracebacks included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_text(super().format(record))


_installed: logging.Handler | None = None


def _open_private(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError as exc:
        raise ConfigError(f"cannot open log file {path}: {exc.strerror}") from None
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def setup_logging(log_file: str | None, level: str = "warning") -> Path | None:
    """Send log records to ``log_file`` (mode 0600), redacted; returns the path, or None.

    ``level`` is debug (one line per request) / info / warning / error, or ``trace``: debug plus
    bodies and the httpx and httpcore wire logs (still redacted). Calling it again replaces the
    previous handler.
    """
    global _installed
    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
        _installed.close()
        _installed = None
    if level not in _LEVELS:
        raise ConfigError(f"log level {level!r} is not allowed; use one of {', '.join(_LEVELS)}")
    http_level = logging.DEBUG if level == "trace" else logging.WARNING
    for name in LOGGER_NAMES_HTTP:
        logging.getLogger(name).setLevel(max(http_level, _LEVELS[level]))
    if not log_file:
        handler: logging.Handler = logging.NullHandler()
        root.addHandler(handler)
        root.setLevel(logging.WARNING)
        _installed = handler
        return None
    path = Path(log_file).expanduser()
    _open_private(path)
    file_handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    file_handler.addFilter(RedactingFilter())
    file_handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(file_handler)
    root.setLevel(_LEVELS[level])
    _installed = file_handler
    return path
