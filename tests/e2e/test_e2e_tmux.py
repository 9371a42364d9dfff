"""The real program in a real terminal: `sde-alm --demo` under tmux, driven by keystrokes.

A terminal has no events to wait on, so these tests poll `capture-pane` (bounded) for text.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_terminal import Terminal, empty_config, start

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
DEMO = f"{sys.executable} -m tui --demo"


@pytest.fixture
def wide(tmp_path: Path) -> Iterator[Terminal]:
    yield from start(tmp_path, f"{DEMO} --config {empty_config(tmp_path)}", 120, 36)


@pytest.fixture
def narrow(tmp_path: Path) -> Iterator[Terminal]:
    yield from start(tmp_path, f"{DEMO} --config {empty_config(tmp_path)}", 80, 24)


def test_demo_in_a_real_terminal_rows_detail_test_and_quit(wide: Terminal) -> None:
    screen = wide.wait_for("Connections [44/44]")
    assert "DEMO" in screen
    assert "✖ failed" in screen and "✔ ok" in screen
    wide.keys("enter")
    wide.wait_until_gone("⏎ Open")  # the detail has the keys (the list's Enter is not offered)
    wide.keys("Escape")  # alone: ESC followed at once by a key reads as alt+key
    wide.wait_for("⏎ Open")
    wide.keys("t")
    wide.wait_for("Test passed", "Test failed")
    wide.keys("/")
    wide.wait_for("/ filter: alias")
    wide.keys("j", "i", "r", "a")
    screen = wide.wait_for("filter: jira")
    wide.keys("Escape")
    wide.wait_until_gone("filter: jira")
    wide.keys("1")
    wide.wait_for("Connectors [10/10]")
    wide.keys("q")
    assert wide.exit_status() == 0


def test_letters_sent_with_the_first_ctrl_p_land_in_the_palette(wide: Terminal) -> None:
    """ctrl+p and the query in one write, as a quick typist's keys arrive: none is lost."""
    wide.wait_for("Connections [44/44]")
    wide.keys("C-p", "api log")  # one send-keys: one write to the terminal
    screen = wide.wait_for("api log")  # the query as typed, in the palette's input
    assert "Go to API log" in screen
    wide.keys("Enter")
    wide.wait_for("API log [")
    wide.keys("q")
    assert wide.exit_status() == 0


def test_demo_at_80x24_opens_the_detail_in_place_and_quits(narrow: Terminal) -> None:
    narrow.wait_for("Connections [44/44]")
    narrow.keys("enter")  # the first row: Rally Integration, its last sync failed
    screen = narrow.wait_for("Result message")
    assert "Last message" not in screen  # the detail replaced the list
    # Why it failed is on the first screen, whole, before anything else about it.
    assert "Result message" in screen and "(US1482)." in screen
    narrow.keys("End")
    narrow.wait_for("Job history")
    narrow.keys("Escape")
    narrow.wait_for("Last message")
    narrow.keys("q")
    assert narrow.exit_status() == 0


def test_a_rejected_token_declined_then_quit_exits_2_naming_the_server(
    tmp_path: Path, live_emulator: tuple[str, object]
) -> None:
    """The README's exit code 2 for rejected settings holds in the app too (tui/ui/launch.py)."""
    url, _ = live_emulator
    command = (
        f"env SDE_ALM_CONFIG={tmp_path / 'none.toml'} SDE_SERVER={url} "
        f"SDE_API_TOKEN=wrong-token-e2e-4242 {sys.executable} -m tui"
    )
    for terminal in start(tmp_path, command, 120, 36):
        terminal.wait_for("API token rejected")
        terminal.keys("Escape")  # alone: ESC followed at once by a key reads as alt+key
        terminal.wait_until_gone("API token rejected")
        assert "Connections [token rejected]" in terminal.screen()
        terminal.keys("q")
        assert terminal.exit_status() == 2
        screen = terminal.wait_for("rejected the API token")
        assert url in screen and "wrong-token-e2e-4242" not in screen


def test_a_passing_test_keeps_the_failed_sync_in_view(narrow: Terminal) -> None:
    narrow.wait_for("Connections [44/44]")
    narrow.keys("t")  # Rally Integration: its last sync failed, its connectivity test passes
    narrow.wait_for("Test passed")
    rally = next(line for line in narrow.screen().splitlines() if "Rally Integr" in line)
    assert "✖ failed" in rally and "✔" in rally
    narrow.keys("q")
    assert narrow.exit_status() == 0


def test_a_bulk_test_cancelled_at_once_leaves_no_row_testing(wide: Terminal) -> None:
    wide.wait_for("Connections [44/44]")
    wide.keys("T")
    wide.wait_for("Test 44")  # nothing marked: it asks before 44 logins
    wide.keys("y")
    wide.keys("Escape")  # within a few hundred ms, with tests in flight
    wide.wait_for("Bulk test cancelled")
    wide.wait_until_gone("testing")  # no frozen spinner, no "testing n/44" header
    wide.keys("r")
    screen = wide.wait_for("Connections [44/44]")
    assert "testing" not in screen
    wide.keys("q")
    assert wide.exit_status() == 0
