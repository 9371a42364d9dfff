"""What happens on an unexpected exception: a short message and a redacted report, no traceback.

Textual's own crash output is a Rich traceback with ``show_locals=True``: every local variable
of every frame, a plain-``str`` secret included, printed to the terminal and its scrollback
(security.md section 2.4). Instead the app writes a report with the exception type, a redacted
message and the frames (file, line, function: no locals, no source lines) to a 0600 file under
the user's log directory, and prints only a few lines once the terminal is restored.
"""

from __future__ import annotations

import os
import platform
import re
import traceback
from datetime import UTC, datetime
from pathlib import Path

from rich.text import Text

from tui import __version__
from tui.api.display import display_text
from tui.config.logging import redact_text

APP_NAME = "sde-alm"
_MESSAGE_CHARS = 300
_MAX_FRAMES = 40
_MAX_CHAIN = 5
# pydantic's ValidationError text carries the offending input ("input_value='hunter2'").
_INPUT_VALUE = re.compile(r"input_value=.*?(?=, input_type=|\]$|$)", re.MULTILINE)


def report_dir() -> Path:
    """The platform's user log directory for sde-alm (``~/.local/state/sde-alm/log`` on Linux)."""
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def safe_message(error: BaseException) -> str:
    """The exception's message with known secrets, credentials and input values removed."""
    try:
        text = str(error)
    except Exception:  # a broken __str__ must not break the crash handler
        text = ""
    text = _INPUT_VALUE.sub("input_value=<removed>", text)
    return display_text(redact_text(text), max_chars=_MESSAGE_CHARS)


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen and len(seen) < _MAX_CHAIN:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _frames(error: BaseException) -> list[str]:
    summary = traceback.extract_tb(error.__traceback__)[-_MAX_FRAMES:]
    # FrameSummary.line (the source text) is left out: only where, never what.
    return [f"  {display_text(f.filename, max_chars=200)}:{f.lineno} in {f.name}" for f in summary]


def render_report(error: BaseException, when: datetime) -> str:
    """The report's text: versions, then each exception of the chain with its frames."""
    import textual

    lines = [
        f"{APP_NAME} crash report",
        f"time:     {when.isoformat(timespec='seconds')}",
        f"version:  {APP_NAME} {__version__}, textual {textual.__version__}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}",
        "Local variables and source lines are not recorded; known secrets are redacted.",
        "",
    ]
    for index, exc in enumerate(_chain(error)):
        if index:
            lines.append("caused by / while handling:")
        lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}: {safe_message(exc)}")
        lines.extend(_frames(exc))
        lines.append("")
    return "\n".join(lines)


def write_report(error: BaseException, directory: Path | None = None) -> Path | None:
    """Write the report (0600, in a 0700 directory); None when it cannot be written."""
    when = datetime.now(UTC)
    try:
        text = render_report(error, when)
        folder = directory or report_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / f"crash-{when:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
    except Exception:  # the app is already going down: a failed report must not mask the crash
        return None
    return path


class Crashed(Exception):
    """Stands in for an unexpected exception: Textual prints its short ``__rich__`` text."""

    def __init__(self, error: BaseException, report: Path | None) -> None:
        super().__init__(f"{type(error).__name__} (report: {report})")
        self.error = error
        self.report = report
        self.__cause__ = error

    def __rich__(self) -> Text:
        where = (
            "A report without secrets or local variables was written to\n"
            f"  {display_text(self.report, max_chars=500)}\n"
            "Please attach it when you report the problem."
            if self.report is not None
            else "The crash report could not be written."
        )
        return Text(
            f"{APP_NAME} stopped after an unexpected error ({type(self.error).__name__}).\n"
            "Unsaved edits are lost; if a save was in progress, check the server.\n"
            f"{where}\n",
            style="bold",
            overflow="fold",  # a long path is folded, never cropped
        )


def crashed(error: Exception) -> Crashed:
    """Write the report for ``error`` and wrap it for Textual's exit output."""
    if isinstance(error, Crashed):
        return error
    return Crashed(error, write_report(error))
