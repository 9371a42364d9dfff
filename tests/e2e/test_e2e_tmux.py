"""The real program in a real terminal: `sde-alm --demo` under tmux, driven by keystrokes.

A terminal has no events to wait on, so these tests poll `capture-pane` (bounded) for text.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """One tmux server of its own (``-L``), so nothing else on the machine can resize it."""

    def __init__(self, socket: str, status_file: Path) -> None:
        self.socket = socket
        self.status_file = status_file

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True
        ).stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

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


def _terminal(tmp_path: Path, width: int, height: int) -> Iterator[Terminal]:
    terminal = Terminal(f"sde-alm-e2e-{uuid.uuid4().hex[:8]}", tmp_path / "status")
    command = (
        f"{sys.executable} -m tui --demo --config {tmp_path / 'none.toml'}; "
        f"echo $? > {terminal.status_file}; sleep 5"
    )
    terminal.tmux(
        "-f",
        "/dev/null",
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
        "TERM=xterm-256color",
        "sh",
        "-c",
        command,
    )
    try:
        yield terminal
    finally:
        subprocess.run(
            ["tmux", "-L", terminal.socket, "kill-server"], check=False, capture_output=True
        )


@pytest.fixture
def wide(tmp_path: Path) -> Iterator[Terminal]:
    yield from _terminal(tmp_path, 120, 36)


@pytest.fixture
def narrow(tmp_path: Path) -> Iterator[Terminal]:
    yield from _terminal(tmp_path, 80, 24)


def test_demo_in_a_real_terminal_rows_detail_test_and_quit(wide: Terminal) -> None:
    screen = wide.wait_for("Connections [44/44]")
    assert "DEMO" in screen
    assert "✖ failed" in screen and "✔ ok" in screen
    wide.keys("enter")
    wide.wait_for("Reveal secret")  # the params table has focus
    wide.keys("Escape")  # alone: ESC followed at once by a key reads as alt+key
    wide.wait_until_gone("Reveal secret")
    wide.keys("t")
    wide.wait_for("Test passed", "Test failed")
    wide.keys("/", "j", "i", "r", "a")
    screen = wide.wait_for("</jira>")
    wide.keys("Escape")
    wide.wait_until_gone("</jira>")
    wide.keys("1")
    wide.wait_for("Connectors [10/10]")
    wide.keys("q")
    assert wide.exit_status() == 0


def test_demo_at_80x24_opens_the_detail_in_place_and_quits(narrow: Terminal) -> None:
    narrow.wait_for("Connections [44/44]")
    narrow.keys("enter")
    screen = narrow.wait_for("Reveal secret")
    assert "Parameters" in screen and "Last message" not in screen  # detail replaced the list
    narrow.keys("Escape")
    narrow.wait_for("Last message")
    narrow.keys("q")
    assert narrow.exit_status() == 0
