"""Headless commands run with the collector tuned for large listings, as the TUI does."""

from __future__ import annotations

import os
import subprocess
import sys

from tui.emulator.server import EmulatorServer

from .support import EMULATOR_TOKEN


def test_a_headless_command_tunes_the_collector(emulator: EmulatorServer) -> None:
    probe = (
        "import gc, sys\n"
        "from tui.cli.main import main\n"
        "code = main(['connectors', 'list', '--json'])\n"
        "print('THRESHOLDS', gc.get_threshold(), 'FROZEN', gc.get_freeze_count() > 0,"
        " file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "SDE_SERVER": emulator.url, "SDE_API_TOKEN": EMULATOR_TOKEN},
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "THRESHOLDS (10000, 20, 20) FROZEN True" in done.stderr
