"""``E``: edit text in ``$VISUAL``/``$EDITOR`` while the app is suspended.

The text goes into a private temporary file (mode 0600 from ``mkstemp``) that is deleted as
soon as the editor exits, whatever happens; it holds a secret only if the user revealed one.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App


class EditorFailed(Exception):
    """The editor could not be started or exited with an error; the message says which."""


def editor_command() -> list[str]:
    """The user's editor command line (``$VISUAL``, then ``$EDITOR``, then ``vi``)."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        parts = shlex.split(command)
    except ValueError as error:
        raise EditorFailed(f"Cannot parse the editor command ({error})") from None
    if not parts:
        raise EditorFailed("The editor command is empty")
    return parts


def run_editor(app: App[object], path: str) -> int:
    """Run the editor on ``path`` with the terminal handed over to it; its exit status."""
    from textual.app import SuspendNotSupported

    command = [*editor_command(), path]
    try:
        with app.suspend():
            return subprocess.run(command, check=False).returncode
    except FileNotFoundError:
        raise EditorFailed(f"Editor not found: {command[0]} (set $EDITOR)") from None
    except SuspendNotSupported:
        raise EditorFailed("This terminal cannot hand over to an editor") from None


def edit_text(app: App[object], text: str, *, suffix: str = ".json") -> str:
    """What the user saved after editing ``text``; the temporary file never outlives the call."""
    fd, path = tempfile.mkstemp(prefix="sde-alm-", suffix=suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        status = run_editor(app, path)
        if status != 0:
            raise EditorFailed(f"The editor exited with status {status}; nothing was applied")
        return Path(path).read_text(encoding="utf-8")
    finally:
        Path(path).unlink(missing_ok=True)
