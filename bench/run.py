"""Every figure of issue 7, each printed beside its baseline measured in the same run.

    .venv/bin/python bench/run.py all            # every figure (about 5 minutes)
    .venv/bin/python bench/run.py startup demo   # some of them
    .venv/bin/python bench/run.py --runs 9 cursor

Figures: startup, demo, load, filter, cursor, bytes, bulk, cli, memory. Each prints the median,
min and max over several runs, the baseline the same way, the ratio of the medians and whether
the target is met. The exit status is non-zero only when a run broke (no figure), never when a
target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BENCH,
    PYTHON,
    ROOT,
    TOKEN,
    BrokenRun,
    Figure,
    bench_env,
    emulator,
    instructions,
    machine,
    report,
    spawn_probe,
    spread,
    vmhwm_mib,
)


def ratio_at_most(limit: float) -> Callable[[Figure], bool]:
    return lambda f: f.ratio is not None and f.ratio <= limit


# ------------------------------------------------------------------------------ start-up
def bench_startup(runs: int) -> list[Figure]:
    """spawn -> first frame, ``sde-alm`` (on a live emulator) vs the bare app, both headless."""
    figure = Figure(
        "spawn -> first frame, sde-alm vs a bare Textual app (headless)",
        "ms",
        baseline_name="bench/bare_app.py",
        target="<= 1.15x",
        check=ratio_at_most(1.15),
    )
    with emulator(100) as url:
        env = bench_env(SDE_SERVER=url, SDE_API_TOKEN=TOKEN)
        spawn_probe("first-frame", "bare", [], env)  # warm the page cache for both
        spawn_probe("first-frame", "sde-alm", [], env)
        for _ in range(runs):
            bare = spawn_probe("first-frame", "bare", [], env)
            sde = spawn_probe("first-frame", "sde-alm", [], env)
            figure.baseline.append(bare.marks["first-frame"] * 1000)
            figure.values.append(sde.marks["first-frame"] * 1000)
        bare_work = instructions("first-frame", "bare", [], env)
        sde_work = instructions("first-frame", "sde-alm", [], env)
    if bare_work and sde_work:
        figure.notes.append(
            f"instructions to the first frame (valgrind, the same at any machine load): "
            f"{sde_work:.0f}M vs {bare_work:.0f}M, {sde_work / bare_work:.3f}x"
        )
    return [figure]


def bench_demo(runs: int) -> list[Figure]:
    """spawn -> first connection rows on screen with ``--demo --connections 10000``, and the floor
    of that figure: a bare app that only imports httpx + pydantic and shows one validated page."""
    figure = Figure(
        "spawn -> first connection rows on screen, sde-alm --demo --connections 10000",
        "ms",
        baseline_name="bare app, spawn -> first frame",
        target="<= 1.6x",
        check=ratio_at_most(1.6),
    )
    floor = Figure(
        "floor of the above: bench/floor_app.py (bare app, then httpx + pydantic + one page)",
        "ms",
        baseline_name="bare app, spawn -> first frame",
    )
    args = ["--demo", "--connections", "10000"]
    with emulator(10_000) as url:  # the floor's server, already up: its start-up is not counted
        floor_env = bench_env(SDE_SERVER=url, SDE_API_TOKEN=TOKEN)
        env = bench_env()
        spawn_probe("rows", "sde-alm", args, env)
        spawn_probe("rows", "floor", [], floor_env)
        for _ in range(runs):
            bare = spawn_probe("first-frame", "bare", [], env)
            sde = spawn_probe("rows", "sde-alm", args, env)
            least = spawn_probe("rows", "floor", [], floor_env)
            for f in (figure, floor):
                f.baseline.append(bare.marks["first-frame"] * 1000)
            figure.values.append(sde.marks["rows"] * 1000)
            floor.values.append(least.marks["rows"] * 1000)
        bare_work = instructions("first-frame", "bare", [], env)
        floor_work = instructions("rows", "floor", [], floor_env)
        sde_work = instructions("rows", "sde-alm", args, env)
    if bare_work and sde_work:
        figure.notes.append(
            f"instructions (valgrind, the same at any machine load): {sde_work:.0f}M vs the "
            f"bare first frame {bare_work:.0f}M, {sde_work / bare_work:.2f}x"
        )
    floor.notes.append(
        "no target: what the fixed stack costs at least; sde-alm --demo cannot go below it"
    )
    if bare_work and floor_work:
        floor.notes.append(
            f"instructions (valgrind, the same at any machine load): the floor's rows "
            f"{floor_work:.0f}M vs the bare first frame {bare_work:.0f}M, "
            f"{floor_work / bare_work:.2f}x"
        )
    return [figure, floor]


# --------------------------------------------------------------------------- 10k rows
def bench_load(runs: int) -> list[Figure]:
    """request start -> all 10k rows on screen, vs plain httpx + pydantic of the same pages."""
    total = 10_000
    figure = Figure(
        f"{total:,} connections: request start -> all rows on screen",
        "s",
        baseline_name="raw httpx fetch + pydantic validate_json, same pages and concurrency",
        target="<= 0.5 s and <= 1.5x",
        check=lambda f: f.median <= 0.5 and f.ratio is not None and f.ratio <= 1.5,
    )
    with emulator(total) as url:
        first_rows, refresh = asyncio.run(_load_runs(url, total, runs, figure))
    figure.notes.append(f"first page on screen: {spread([v * 1000 for v in first_rows], 'ms')}")
    figure.notes.append(
        f"a refresh (r) of the loaded list, r -> all rows again: {spread(refresh, 's')}"
    )
    figure.notes.append(
        "the first load overlaps the app's own start-up (mount, layout) in the same process"
    )
    return [figure]


async def _load_runs(
    url: str, total: int, runs: int, figure: Figure
) -> tuple[list[float], list[float]]:
    from bench.inapp import FrameClock, make_app, running, workers_done
    from bench.raw import fetch_all
    from tui.api.client import AlmClient
    from tui.config.settings import DEFAULT_PAGE_SIZE

    clock = FrameClock()
    starts: list[float] = []
    walk = AlmClient.iter_connection_pages

    def timed_walk(self: AlmClient, **kwargs: object) -> object:
        starts.append(time.perf_counter())  # request start: the walk's first page goes out
        return walk(self, **kwargs)  # type: ignore[arg-type]

    concurrency = _client_concurrency()
    AlmClient.iter_connection_pages = timed_walk  # type: ignore[assignment,method-assign]
    first_rows: list[float] = []
    refresh: list[float] = []
    await fetch_all(url, TOKEN, DEFAULT_PAGE_SIZE, concurrency)  # warm the emulator's caches
    try:
        for run in range(runs + 1):
            gc.collect()
            started = time.perf_counter()
            items = await fetch_all(url, TOKEN, DEFAULT_PAGE_SIZE, concurrency)
            raw = time.perf_counter() - started
            if len(items) != total:
                raise BrokenRun(f"the raw fetch got {len(items)} connections, not {total}")
            del items
            gc.collect()
            app = make_app(url, TOKEN)
            async with running(app):
                screen = app.screen
                table = screen.table
                first = await clock.watch_for(lambda t=table: t.visible_count > 0)
                done = await clock.watch_for(lambda t=table: t.total >= total)
                load_start = starts[-1]
                await workers_done(app)
                await clock.settled_after(time.perf_counter() - 1, quiet=0.2)
                pressed = time.perf_counter()
                screen.action_refresh()
                await asyncio.sleep(0)
                for worker in [w for w in app.workers if w.group == "load"]:
                    await worker.wait()
                again = await clock.frame_after(pressed)
                again = max(again, await clock.settled_after(pressed, quiet=0.05))
                await workers_done(app)
            if run == 0:
                continue  # warm-up: imports and first-use caches
            figure.baseline.append(raw)
            figure.values.append(done - load_start)
            first_rows.append(first - load_start)
            refresh.append(again - pressed)
    finally:
        AlmClient.iter_connection_pages = walk  # type: ignore[method-assign]
    return first_rows, refresh


def _client_concurrency() -> int:
    import inspect

    from tui.api.client import AlmClient

    parameter = inspect.signature(AlmClient.iter_connection_pages).parameters["concurrency"]
    return int(parameter.default)


# ------------------------------------------------------------------------ keys -> frames
def bench_filter(runs: int) -> list[Figure]:
    figures = []
    for total in (10_000, 50_000):
        figure = Figure(
            f"filter keystroke -> settled frame at {total:,} rows",
            "ms",
            target="<= 70 ms (median)",
            check=lambda f: f.median <= 70,
        )
        with emulator(total) as url:
            asyncio.run(_filter_runs(url, total, runs, figure))
        figures.append(figure)
    return figures


NEEDLE = "pay #12"


async def _filter_runs(url: str, total: int, runs: int, figure: Figure) -> None:
    from bench.inapp import FrameClock, make_app, running, send_key, workers_done

    clock = FrameClock()
    app = make_app(url, TOKEN)
    async with running(app):
        table = app.screen.table
        await clock.watch_for(lambda: table.total >= total, timeout=120)
        await workers_done(app)
        send_key(app, "slash", "/")
        await clock.settled_after(time.perf_counter() - 1)
        app.screen.query_one("#filter").cursor_blink = False
        matches: list[int] = []
        for _ in range(runs):
            keys = [(c if c != " " else "space", c) for c in NEEDLE]
            keys += [("backspace", None)] * len(NEEDLE)
            for key, char in keys:
                await asyncio.sleep(0.02)
                sent = send_key(app, key, char)
                settled = await clock.settled_after(sent)
                figure.values.append((settled - sent) * 1000)
                matches.append(table.visible_count)
                await workers_done(app)
        if table.visible_count != total:
            raise BrokenRun(f"the filter did not widen back to {total} rows")
    figure.notes.append(
        f"typed {NEEDLE!r} then backspace to empty, {runs} times; rows shown "
        f"{min(matches):,}..{max(matches):,}; settled = no frame for 60 ms"
    )


def bench_cursor(runs: int) -> list[Figure]:
    total = 10_000
    figure = Figure(
        f"cursor key -> frame at {total:,} rows (table scrolling)",
        "ms",
        target="<= 17 ms (median)",
        check=lambda f: f.median <= 17,
    )
    with emulator(total) as url:
        asyncio.run(_cursor_runs(url, total, runs, figure))
    return [figure]


GAP = 0.1
"""Seconds of quiet before each single key: a person stepping through a list, not key repeat."""
REPEAT = 1 / 30
"""Key repeat (30 a second): the other way people scroll, reported beside the figure."""


async def _cursor_runs(url: str, total: int, runs: int, figure: Figure) -> None:
    from bench.inapp import FrameClock, make_app, running, send_key, workers_done
    from tui.ui.screens.resource_screen import DETAIL_DELAY

    clock = FrameClock()
    app = make_app(url, TOKEN)
    async with running(app):
        table = app.screen.table
        await clock.watch_for(lambda: table.total >= total, timeout=120)
        await workers_done(app)
        table.move_to(table.visible_keys[100])  # from here every down key scrolls the table
        await clock.settled_after(time.perf_counter() - 1)
        await workers_done(app)
        top = table.scroll_y
        detail: list[float] = []
        for _ in range(runs * 10):
            await clock.settled_after(time.perf_counter() - 1, quiet=GAP)
            sent = send_key(app, "down")
            frame = await clock.frame_after(sent)
            figure.values.append((frame - sent) * 1000)
            # The detail follows once the cursor rests (DETAIL_DELAY): wait past it for its frame.
            rest = DETAIL_DELAY + 0.05
            detail.append((await clock.settled_after(sent, quiet=rest) - sent) * 1000)
            await workers_done(app)
        if table.scroll_y <= top:
            raise BrokenRun("the table did not scroll")
        await clock.settled_after(time.perf_counter() - 1, quiet=GAP)
        repeat: list[float] = []
        for _ in range(runs * 10):
            sent = send_key(app, "down")
            repeat.append((await clock.frame_after(sent) - sent) * 1000)
            await asyncio.sleep(max(0.0, sent + REPEAT - time.perf_counter()))
        await workers_done(app)
    figure.notes.append(
        f"{runs * 10} single down keys, each after {GAP * 1000:.0f} ms of quiet, each scrolling "
        "the list by one row; frame = the first frame composed after the key"
    )
    figure.notes.append(
        f"until the detail pane has settled too (it waits {DETAIL_DELAY * 1000:.0f} ms for the "
        f"cursor to rest): {spread(detail, 'ms')}"
    )
    figure.notes.append(f"key repeat at 30/s, key -> next frame: {spread(repeat, 'ms')}")


# ----------------------------------------------------------------------------- bytes
def bench_bytes(runs: int) -> list[Figure]:
    from bench.terminal import bytes_per_key

    figure = Figure(
        "bytes written to the terminal per scroll key (tmux 120x40, `script`)",
        "B",
        target="<= 8 KB (median)",
        check=lambda f: f.median <= 8 * 1024,
    )
    per_key, first, counts, notes = bytes_per_key(keys=runs * 6)
    figure.values.extend(per_key)
    figure.notes.extend(notes)
    figure.notes.append(f"first frame after the key (the list scrolling): {spread(first, 'B')}")
    figure.notes.append(
        f"frames written per key: median {statistics.median(counts):.0f} "
        f"(min {min(counts)}, max {max(counts)}); the others repaint the detail pane"
    )
    return [figure]


# ------------------------------------------------------------------------------ bulk
def bench_bulk(runs: int) -> list[Figure]:
    total = 200
    figure = Figure(
        f"bulk test of {total} connections, test latency 100 ms",
        "s",
        baseline_name="raw httpx POSTs, same bodies, same concurrency",
        target="<= 1.2x",
        check=ratio_at_most(1.2),
    )
    with emulator(total, test_latency_ms=100) as url:
        asyncio.run(_bulk_runs(url, total, max(3, runs // 2), figure))
    return [figure]


async def _bulk_runs(url: str, total: int, runs: int, figure: Figure) -> None:
    from bench.inapp import FrameClock, make_app, running, send_key, workers_done
    from bench.raw import test_all
    from tui.ui.screens.resource_screen import BULK_CONCURRENCY

    clock = FrameClock()
    for _ in range(runs):
        app = make_app(url, TOKEN)
        async with running(app):
            screen = app.screen
            table = screen.table
            await clock.watch_for(lambda t=table: t.total >= total)
            await workers_done(app)
            bodies = [
                screen_body(c) for c in (table.get(k) for k in table.visible_keys) if c is not None
            ]
            started = time.perf_counter()
            await test_all(url, TOKEN, bodies, BULK_CONCURRENCY)
            figure.baseline.append(time.perf_counter() - started)
            await asyncio.sleep(0.2)
            tests = app.session.tests
            tests.clear()
            sent = send_key(app, "T", "T")
            done = await clock.watch_for(lambda t=tests: len(t) >= total, timeout=60)
            figure.values.append(done - sent)
            await workers_done(app)
    figure.notes.append(f"concurrency {BULK_CONCURRENCY} for both")


def screen_body(c: object) -> dict[str, object]:
    """The body ``ConnectionsScreen.call_test`` sends."""
    system = getattr(c, "system", None)
    return {
        "connector": getattr(c, "connector", None),
        "alias": getattr(c, "alias", None),
        "project": getattr(c, "project", None),
        "system": {"id": system.id if system else None},
        "params": dict(getattr(c, "params", None) or {}),
    }


# ------------------------------------------------------------------------------- cli
def bench_cli(runs: int) -> list[Figure]:
    total = 10_000
    figure = Figure(
        f"headless `connections list --json` at {total:,} (spawn -> exit, output to a file)",
        "s",
        baseline_name="spawn -> exit of bench/raw.py fetch (httpx + validate_json, no output)",
        target="<= 1.3x",
        check=ratio_at_most(1.3),
    )
    from tui.config.settings import DEFAULT_PAGE_SIZE

    with emulator(total) as url:
        env = bench_env(SDE_SERVER=url, SDE_API_TOKEN=TOKEN)
        concurrency = str(_client_concurrency())
        page_size = str(DEFAULT_PAGE_SIZE)  # the client's page size, as in the `load` figure
        raw = [PYTHON, str(BENCH / "raw.py"), "fetch", url, TOKEN, page_size, concurrency]
        cli = [PYTHON, "-m", "tui", "connections", "list", "--json"]
        out = Path("/tmp/sde-alm-bench-list.json")
        for run in range(runs + 1):
            raw_s = _timed(raw, env, None)
            cli_s = _timed(cli, env, out)
            if run:
                figure.baseline.append(raw_s)
                figure.values.append(cli_s)
        size = out.stat().st_size
        import json

        count = len(json.loads(out.read_text())["results"])
        if count != total:
            raise BrokenRun(f"connections list printed {count} connections, not {total}")
        figure.notes.append(f"{count:,} connections, {size / 2**20:.1f} MiB of JSON written")
    return [figure]


def _timed(command: list[str], env: dict[str, str], out: Path | None) -> float:
    started = time.perf_counter()
    with open(out or "/dev/null", "wb") as sink:
        done = subprocess.run(command, env=env, stdout=sink, stderr=subprocess.PIPE, timeout=120)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BrokenRun(f"{command} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return elapsed


# ---------------------------------------------------------------------------- memory
def bench_memory(runs: int) -> list[Figure]:
    total = 10_000
    figure = Figure(
        f"peak memory (VmHWM) with {total:,} connections loaded, above a bare Textual app",
        "MiB",
        baseline_name="data: RSS growth of a plain process holding the same parsed connections",
        target="<= data + 25 MiB",
        compare=False,
    )
    with emulator(total) as url:
        env = bench_env(SDE_SERVER=url, SDE_API_TOKEN=TOKEN)
        bare_peaks = []
        for _ in range(max(3, runs // 2)):
            bare = spawn_probe("first-frame", "bare", [], env)
            sde = spawn_probe(f"rows={total}", "sde-alm", [], env)
            bare_peaks.append(vmhwm_mib(bare))
            figure.values.append(vmhwm_mib(sde, "vmhwm_settled_kib") - vmhwm_mib(bare))
            figure.baseline.append(_data_mib(url, env))
    data = statistics.median(figure.baseline)
    figure.check = lambda f: f.median <= data + 25
    figure.notes.append(
        f"bare app peak {statistics.median(bare_peaks):.1f} MiB; "
        f"allowed above it: {data:.1f} + 25 = {data + 25:.1f} MiB"
    )
    return [figure]


def _data_mib(url: str, env: dict[str, str]) -> float:
    done = subprocess.run(
        [PYTHON, str(BENCH / "raw.py"), "memory", url, TOKEN],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    for line in done.stderr.splitlines():
        if line.startswith("BENCH data_kib "):
            return int(line.split()[2]) / 1024
    raise BrokenRun(f"raw.py memory gave no figure: {done.stderr[-2000:]}")


BENCHES: dict[str, Callable[[int], list[Figure]]] = {
    "startup": bench_startup,
    "demo": bench_demo,
    "load": bench_load,
    "filter": bench_filter,
    "cursor": bench_cursor,
    "bytes": bench_bytes,
    "bulk": bench_bulk,
    "cli": bench_cli,
    "memory": bench_memory,
}


def byte_compile() -> None:
    """Write ``tui``'s bytecode caches, as an installed copy has them.

    pip compiles what it installs (textual included) and a first run writes the rest; this
    machine sets PYTHONDONTWRITEBYTECODE=1, so without this every spawn would compile sde-alm
    from source while the bare app's Textual is already compiled, a cost no user pays twice.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "tui"), quiet=1)
    compileall.compile_dir(str(ROOT / "bench"), quiet=1, maxlevels=0)
    print("bytecode: tui/ and bench/ compiled (as after an install or a first run)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("figures", nargs="*", default=["all"], help=", ".join(BENCHES) + ", all")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (default 7)")
    args = parser.parse_args(argv)
    names = list(BENCHES) if "all" in args.figures else args.figures
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(unknown)}")
    print(f"machine: {machine()}")
    byte_compile()
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    broken = 0
    figures: list[Figure] = []
    for name in names:
        started = time.perf_counter()
        try:
            results = BENCHES[name](args.runs)
        except (BrokenRun, TimeoutError, subprocess.TimeoutExpired) as exc:
            broken += 1
            print(f"\n== {name}: BROKEN RUN: {exc}", file=sys.stderr)
            continue
        for figure in results:
            report(figure)
            figures.append(figure)
        print(f"   ({name} took {time.perf_counter() - started:.0f} s)")
    print(f"\nload average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print("summary:")
    for figure in figures:
        verdict = {True: "met", False: "MISSED", None: "-"}[figure.met]
        ratio = f" ratio {figure.ratio:.2f}x" if figure.ratio is not None else ""
        print(f"  {verdict:6} {figure.name}: {figure.median:.4g} {figure.unit}{ratio}")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
