"""Bytes sde-alm writes to a real terminal per scroll key: tmux (120x40) running ``script``.

tmux runs on its own server socket (``-L sde-alm-bench``), so no other tmux session is touched.
``script -f`` copies everything the app writes to a log; the log's growth after each ``Down``
key, until the terminal has been quiet for a while, is what that key cost on the wire.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import PYTHON, ROOT, BrokenRun

SOCKET = "sde-alm-bench"
SESSION = "bytes"
QUIET = 0.5
"""Seconds without output that end one key's measurement (the detail pane loads jobs ~0.15 s
after the cursor stops, and those bytes count too)."""


def _tmux(*args: str) -> str:
    done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, timeout=20)
    return done.stdout


def _settle(log: Path, quiet: float, timeout: float = 30.0) -> int:
    """The log's size once it has stopped growing for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    size, since = log.stat().st_size, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.02)
        now = log.stat().st_size
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return size
    raise BrokenRun("the terminal never went quiet")


_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def frames(chunk: bytes) -> list[int]:
    """Bytes of each frame in ``chunk``: Textual writes a frame top to bottom, so a cursor move
    back up or left starts the next one."""
    sizes: list[int] = []
    last = (0, 0)
    start = 0
    for move in _MOVE.finditer(chunk):
        here = (int(move.group(1)), int(move.group(2)))
        if here < last:
            sizes.append(move.start() - start)
            start = move.start()
        last = here
    sizes.append(len(chunk) - start)
    return sizes


def bytes_per_key(
    keys: int = 30, connections: int = 10_000
) -> tuple[list[float], list[float], list[int], list[str]]:
    """Per Down key: all bytes until quiet, the first frame's bytes (the list scrolling), and
    how many frames were written."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "typescript"
        app = f"{shlex.quote(PYTHON)} -m tui --demo --connections {connections}"
        command = f"cd {shlex.quote(str(ROOT))} && script -q -f -c {shlex.quote(app)} {log}"
        _tmux("kill-session", "-t", SESSION)
        env_args = [
            "-e",
            "SDE_ALM_CONFIG=/nonexistent/sde-alm-bench.toml",
            "-e",
            "TERM=xterm-256color",
        ]
        _tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", *env_args, command)
        try:
            deadline = time.monotonic() + 60
            while "#1" not in _tmux("capture-pane", "-p", "-t", SESSION):
                if time.monotonic() > deadline:
                    raise BrokenRun("sde-alm --demo never showed its rows in tmux")
                time.sleep(0.1)
            _settle(log, 1.0)
            # Walk the cursor to the bottom of the view: from there every Down scrolls.
            for _ in range(45):
                _tmux("send-keys", "-t", SESSION, "Down")
                time.sleep(0.03)
            before = _settle(log, QUIET)
            screen_before = _tmux("capture-pane", "-p", "-t", SESSION)
            per_key: list[float] = []
            first: list[float] = []
            counts: list[int] = []
            for _ in range(keys):
                _tmux("send-keys", "-t", SESSION, "Down")
                after = _settle(log, QUIET)
                with open(log, "rb") as typescript:
                    typescript.seek(before)
                    sizes = frames(typescript.read(after - before))
                per_key.append(after - before)
                first.append(sizes[0])
                counts.append(len(sizes))
                before = after
            screen_after = _tmux("capture-pane", "-p", "-t", SESSION)
            if screen_after == screen_before:
                raise BrokenRun("the list did not move")
        finally:
            _tmux("send-keys", "-t", SESSION, "C-q")
            time.sleep(0.5)
            _tmux("kill-session", "-t", SESSION)
    notes = [
        f"{keys} Down keys after 45 (the cursor at the bottom, so each key scrolls one row); "
        f"a key's bytes are everything written until {QUIET} s of quiet (the detail pane too); "
        "TERM=xterm-256color"
    ]
    return per_key, first, counts, notes
