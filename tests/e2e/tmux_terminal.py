"""Drive a real terminal: a tmux server of its own (``-L``) per test, its pane recorded raw.

A terminal has no events to wait on, so ``wait_for`` polls ``capture-pane`` (bounded).
"""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path


class Terminal:
    """A tmux server of its own (``-L``) whose pane output is also recorded raw."""

    def __init__(self, socket: str, folder: Path) -> None:
        self.socket = socket
        self.status_file = folder / "status"
        self.raw_file = folder / "raw.log"

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True
        ).stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "app", *(["-l"] if literal else []), *keys)

    def screen(self, *, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "app")

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if any(t in screen for t in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"none of {texts!r} appeared; screen was:\n{self.screen()}")

    def wait_until_gone(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text not in self.screen():
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} stayed; screen was:\n{self.screen()}")

    def exit_status(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status_file.exists() and self.status_file.read_text().strip():
                return int(self.status_file.read_text().strip())
            time.sleep(0.1)
        raise AssertionError(f"the app did not exit; screen was:\n{self.screen()}")

    def raw(self) -> bytes:
        return self.raw_file.read_bytes() if self.raw_file.exists() else b""


def empty_config(tmp_path: Path) -> Path:
    """An empty config file of the test's own: the user's config never reaches the run, and a
    ``--config`` naming it is valid (a missing file named by ``--config`` is an error)."""
    path = tmp_path / "empty-config.toml"
    path.write_text("")
    return path


def start(
    tmp_path: Path, command: str, width: int = 120, height: int = 40, *, tmux_conf: str = ""
) -> Iterator[Terminal]:
    """Run ``command`` (then record its exit status) in a pane of a tmux server of its own."""
    terminal = Terminal(f"sde-alm-e2e-{uuid.uuid4().hex[:8]}", tmp_path)
    conf = tmp_path / "tmux.conf"
    conf.write_text(tmux_conf)
    script = f"{command}; echo $? > {terminal.status_file}; sleep 30"
    terminal.tmux(
        "-f",
        str(conf),
        "new-session",
        "-d",
        "-s",
        "app",
        "-x",
        str(width),
        "-y",
        str(height),
        "env",
        "-u",
        "SDE_SERVER",
        "-u",
        "SDE_API_TOKEN",
        "-u",
        "COLUMNS",
        "-u",
        "LINES",
        f"XDG_STATE_HOME={tmp_path / 'state'}",
        "TERM=xterm-256color",
        "sh",
        "-c",
        script,
    )
    terminal.tmux("pipe-pane", "-o", "-t", "app", f"cat >> {terminal.raw_file}")
    try:
        yield terminal
    finally:
        subprocess.run(
            ["tmux", "-L", terminal.socket, "kill-server"], check=False, capture_output=True
        )
