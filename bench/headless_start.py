"""Start-up of the headless commands (issue: no Textual on that path), against the floor.

    .venv/bin/python bench/headless_start.py [--runs N]

Prints, per command, the median / min / max wall time of a whole process (spawn to exit) and its
ratio to a bare `python -c pass` measured in the same run, plus `import textual.app` for scale.
Exits non-zero only when a run breaks (a command fails), never on a slow figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
TOKEN = "bench-token"


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"broken run: {' '.join(argv)} exited {done.returncode}: {done.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    emulator = subprocess.Popen(
        [PYTHON, "-m", "tui.emulator", "--port", "0", "--token", TOKEN],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert emulator.stdout is not None
        url = emulator.stdout.readline().strip()
        with tempfile.TemporaryDirectory() as home:
            env = {
                **os.environ,
                "SDE_SERVER": url,
                "SDE_API_TOKEN": TOKEN,
                "SDE_ALM_CONFIG": str(Path(home) / "none.toml"),
            }
            cases = {
                "python -c pass (floor)": [PYTHON, "-c", "pass"],
                "python -c 'import textual.app'": [PYTHON, "-c", "import textual.app"],
                "sde-alm --version": [PYTHON, "-m", "tui", "--version"],
                "sde-alm info": [PYTHON, "-m", "tui", "info"],
                "sde-alm connectors list": [PYTHON, "-m", "tui", "connectors", "list"],
                "sde-alm connections list --json": [
                    PYTHON,
                    "-m",
                    "tui",
                    "connections",
                    "list",
                    "--json",
                ],
            }
            results = {
                name: sorted(timed(argv, env) for _ in range(runs)) for name, argv in cases.items()
            }
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)
    floor = statistics.median(results["python -c pass (floor)"])
    print(f"headless start-up, {runs} runs each, whole process (spawn -> exit)")
    print(f"{'command':<36} {'median':>8} {'min':>8} {'max':>8} {'x floor':>8}")
    for name, values in results.items():
        median = statistics.median(values)
        print(
            f"{name:<36} {median * 1000:>6.0f}ms {values[0] * 1000:>6.0f}ms "
            f"{values[-1] * 1000:>6.0f}ms {median / floor:>7.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
