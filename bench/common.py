"""Shared bench plumbing: the emulator subprocess, spawning probes, statistics and reporting."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
TOKEN = "bench-token"


class BrokenRun(RuntimeError):
    """A run that did not produce its figure (the only reason a bench exits non-zero)."""


@dataclass
class Figure:
    """One row of the targets table: the figure, its baseline, and the target it is held to."""

    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    baseline_name: str = ""
    target: str = ""
    check: Callable[[Figure], bool] | None = None
    notes: list[str] = field(default_factory=list)
    compare: bool = True
    """False when the baseline is an allowance to add, not a floor to divide by."""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def base_median(self) -> float:
        return statistics.median(self.baseline)

    @property
    def ratio(self) -> float | None:
        if not self.compare or not self.baseline or not self.base_median:
            return None
        return self.median / self.base_median

    @property
    def met(self) -> bool | None:
        return None if self.check is None else self.check(self)


def spread(values: Sequence[float], unit: str) -> str:
    if not values:
        return "-"
    fmt = _fmt(unit)
    med = statistics.median(values)
    return f"{fmt(med)} (min {fmt(min(values))}, max {fmt(max(values))}, n={len(values)})"


def _fmt(unit: str) -> Callable[[float], str]:
    if unit == "ms":
        return lambda v: f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"
    if unit == "s":
        return lambda v: f"{v:.3f} s"
    if unit == "B":
        return lambda v: f"{v:,.0f} B"
    if unit == "MiB":
        return lambda v: f"{v:.1f} MiB"
    return lambda v: f"{v:.3g} {unit}"


def report(figure: Figure) -> None:
    print(f"\n== {figure.name}")
    print(f"   figure   : {spread(figure.values, figure.unit)}")
    if figure.baseline:
        print(f"   baseline : {spread(figure.baseline, figure.unit)}  [{figure.baseline_name}]")
    if figure.ratio is not None:
        print(f"   ratio    : {figure.ratio:.2f}x (medians)")
    for note in figure.notes:
        print(f"   note     : {note}")
    verdict = {True: "MET", False: "MISSED", None: "-"}[figure.met]
    print(f"   target   : {figure.target}  -> {verdict}")
    sys.stdout.flush()


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual

    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), "
        f"Python {platform.python_version()}, textual {textual.__version__}"
    )


def bench_env(**extra: str) -> dict[str, str]:
    """A clean environment: no user config, no proxies, no colour quirks."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.upper().endswith("_PROXY") and not k.startswith(("SDE_", "TEXTUAL"))
    }
    env["SDE_ALM_CONFIG"] = str(Path(tempfile.gettempdir()) / "sde-alm-bench-no-config.toml")
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


@contextmanager
def emulator(
    connections: int, *, latency_ms: float = 0, test_latency_ms: float = 300
) -> Iterator[str]:
    """An ``sde-alm emulator`` subprocess on a free loopback port; yields its URL."""
    command = [
        PYTHON, "-m", "tui", "emulator", "--port", "0", "--token", TOKEN,
        "--connections", str(connections), "--latency-ms", str(latency_ms),
        "--test-latency-ms", str(test_latency_ms),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=bench_env()
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url.startswith("http"):
            raise BrokenRun(
                f"the emulator did not start: {process.stderr.read() if process.stderr else ''}"
            )
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Spawned:
    """One probe run: seconds from spawn to each mark, and the marks' other values."""

    marks: dict[str, float]
    values: dict[str, str]
    wall: float


def spawn_probe(point: str, target: str, args: Sequence[str], env: dict[str, str]) -> Spawned:
    """Run ``bench/probe.py`` and time each ``BENCH`` mark from just before the spawn."""
    command = [PYTHON, str(BENCH / "probe.py"), point, target, *args]
    started = time.time()
    process = subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120
    )
    wall = time.time() - started
    marks: dict[str, float] = {}
    values: dict[str, str] = {}
    for line in process.stderr.splitlines():
        if line.startswith("BENCH "):
            _, name, value = line.split(" ", 2)
            values[name] = value
            if name == point:
                marks[name] = float(value) - started
    if point not in marks:
        tail = "\n".join(process.stderr.splitlines()[-15:])
        raise BrokenRun(f"{target} never reached {point} (exit {process.returncode}):\n{tail}")
    return Spawned(marks, values, wall)


def instructions(point: str, target: str, args: Sequence[str], env: dict[str, str]) -> float | None:
    """Millions of instructions ``bench/probe.py`` runs from spawn to ``point`` (valgrind's
    instruction count, no cache simulation): the same on a busy or a quiet machine, unlike
    wall time. None when valgrind is not installed."""
    import re
    import shutil

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    command = [
        valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        PYTHON, str(BENCH / "probe.py"), point, target, *args,
    ]
    counted = {**env, "BENCH_EXIT_AT_POINT": "1", "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, env=counted, capture_output=True, text=True, timeout=600)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None or f"BENCH {point} " not in done.stderr:
        raise BrokenRun(f"valgrind run of {target} gave no count: {done.stderr[-2000:]}")
    return int(found.group(1).replace(",", "")) / 1e6


def vmhwm_mib(spawned: Spawned, name: str = "vmhwm_kib") -> float:
    return int(spawned.values[name]) / 1024
