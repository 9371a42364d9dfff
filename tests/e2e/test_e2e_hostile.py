"""The hostile data set in a real terminal: `sde-alm --demo --data tests/fixtures/hostile-data.json`
under tmux (its own server, ``set-clipboard on`` so an OSC 52 would really land), every screen
visited, every byte the app wrote kept by ``pipe-pane``.

Done when: the hostile strings show literally on every screen, no OSC 52 / OSC 0 / OSC 2 / OSC 8,
C1 or RIS byte reaches the terminal, and the pane title and tmux's clipboard buffers are
untouched. A second test crashes the app on purpose and checks the terminal comes back.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_terminal import Terminal, empty_config, start

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_DATA = ROOT / "tests" / "fixtures" / "hostile-data.json"
# What must never reach the terminal from server data (Textual itself sends OSC 22, the pointer
# shape, and SGR/CSI; those are fine).
TMUX_CONF = "set -g set-clipboard on\nset -g allow-rename on\n"
FORBIDDEN = {
    "OSC 52 (clipboard)": rb"\x1b\]52;",
    "OSC 0 (title)": rb"\x1b\]0;",
    "OSC 2 (title)": rb"\x1b\]2;",
    "OSC 8 (hyperlink)": rb"\x1b\]8;",
    "RIS (reset)": rb"\x1bc",
    "C1 controls": rb"\xc2[\x80-\x9f]",
    "NUL": rb"\x00",
}


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Terminal]:
    command = (
        f"{sys.executable} -m tui --demo --data {HOSTILE_DATA} --config {empty_config(tmp_path)}"
    )
    yield from start(tmp_path, command, tmux_conf=TMUX_CONF)


def _forbidden(raw: bytes) -> dict[str, int]:
    return {name: len(re.findall(p, raw)) for name, p in FORBIDDEN.items() if re.search(p, raw)}


def test_hostile_data_shows_literally_in_every_screen_and_no_escape_reaches_the_terminal(
    hostile: Terminal,
) -> None:
    title = hostile.tmux("display", "-p", "-t", "app", "#{pane_title}")
    seen: dict[str, str] = {}
    seen["list"] = hostile.wait_for("Connections [22/22]")
    assert "A1 [bold red]A" in seen["list"] and "A7 ok\\x1b]52" in seen["list"]

    hostile.keys("Home", *["Down"] * 6, "Enter")  # connection 7: OSC 52 in its alias
    hostile.wait_for("Next section")
    seen["detail A7"] = hostile.wait_for("A7 ok\\x1b]52;c;Y3VybCBldmlsfHNo\\x07")
    hostile.keys("Escape")
    hostile.wait_until_gone("Next section")

    hostile.keys("End", "t")  # connection 22: its server name is hostile, and unreachable
    seen["test toast"] = hostile.wait_for("Test failed")
    hostile.keys("s")
    seen["sync toast"] = hostile.wait_for("Sync failed", timeout=30)

    hostile.keys("1")
    seen["connectors"] = hostile.wait_for("Connectors [3/3]")
    hostile.keys("Enter")
    seen["connector detail"] = hostile.wait_for("Next section")
    assert "xn--jra-jhd.corp" in seen["connector detail"]
    hostile.keys("Escape")  # alone: ESC followed at once by a key reads as alt+key
    hostile.wait_until_gone("Next section")
    hostile.keys("3")
    seen["api log"] = hostile.wait_for("API log")
    hostile.keys("?")
    seen["help"] = hostile.wait_for("Navigation")
    hostile.keys("Escape")
    hostile.wait_until_gone("Navigation")
    hostile.keys("2")
    hostile.wait_for("Connections [22/22]")
    hostile.keys("C-p")
    hostile.wait_for("Search for commands")  # keys typed before the palette opens go elsewhere
    hostile.keys("A1 [bold", literal=True)
    seen["palette"] = hostile.wait_for("connection: A1 [bold red]ADMIN[/]")
    hostile.keys("Escape")
    hostile.wait_until_gone("connection: A1")
    hostile.keys("Home", "e")
    seen["edit form"] = hostile.wait_for("ctrl+s", "Save")
    hostile.keys("Escape")
    hostile.wait_for("Connections [22/22]")
    hostile.keys("q")
    assert hostile.exit_status() == 0

    raw = hostile.raw()
    assert len(raw) > 10_000  # the pipe really recorded the session
    assert _forbidden(raw) == {}
    assert raw.count(b"\x1b[?1049h") == 1 == raw.count(b"\x1b[?1049l")  # only Textual's own
    assert hostile.tmux("display", "-p", "-t", "app", "#{pane_title}") == title
    assert hostile.tmux("list-buffers") == ""  # no OSC 52 reached tmux's clipboard
    for name, screen in seen.items():
        assert "\x1b" not in screen, name
    assert "[@click=app.quit]" in seen["list"] + seen["detail A7"] + seen["test toast"]
    assert "unreachable.ok\\x1b]52" in seen["test toast"]


_CRASHING = textwrap.dedent(
    """
    import sys
    from tui.cli.main import main
    from tui.ui.screens.connections import ConnectionsScreen

    def broken_sort(self):
        alm_pass = "e2e-crash-canary-local-9191"
        raise RuntimeError("sort exploded")

    ConnectionsScreen.action_sort = broken_sort
    sys.exit(main(["--demo", "--data", {data!r}, "--config", {config!r}]))
    """
)


@pytest.fixture
def crashing(tmp_path: Path) -> Iterator[Terminal]:
    script = tmp_path / "crashing.py"
    script.write_text(_CRASHING.format(data=str(HOSTILE_DATA), config=str(empty_config(tmp_path))))
    yield from start(tmp_path, f"{sys.executable} {script}", width=100, height=30)


def test_a_crash_restores_the_terminal_and_prints_only_a_short_message(
    crashing: Terminal, tmp_path: Path
) -> None:
    crashing.wait_for("Connections [22/22]")
    crashing.keys("o")
    assert crashing.exit_status() == 1
    screen = crashing.wait_for("stopped after an unexpected error")
    assert "RuntimeError" in screen and "Traceback" not in screen
    assert "e2e-crash-canary-local-9191" not in screen
    assert crashing.tmux("display", "-p", "-t", "app", "#{alternate_on}").strip() == "0"
    raw = crashing.raw()
    tail = raw[raw.rindex(b"\x1b[?1049l") :]
    assert b"stopped after an unexpected error" in tail  # printed after leaving the app screen
    assert b"\x1b[?1000l" in raw or b"\x1b[?1003l" in raw  # mouse reporting switched off
    assert b"e2e-crash-canary-local-9191" not in raw
    (report,) = (tmp_path / "state" / "sde-alm" / "log").glob("crash-*.txt")
    assert "e2e-crash-canary-local-9191" not in report.read_text(encoding="utf-8")
