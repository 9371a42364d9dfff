"""Text snapshots of the main views (fixed clock, fixed theme, no blink).

A change to what a view shows fails here; when the change is intended, regenerate with
``SDE_ALM_UPDATE_SNAPSHOTS=1 python -m pytest tests/ui/test_ui_snapshots.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from ui_support import MakeApp, settle

from tui.ui.export import screen_text

SNAPSHOTS = Path(__file__).parent / "snapshots"
_LATENCY = re.compile(r"\d+ ?ms *")


def check(name: str, text: str) -> None:
    # Latencies vary run to run; keep the padding so a fixed-width cell still lines up.
    text = _LATENCY.sub(lambda m: "NNms".ljust(len(m.group())), text)
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("SDE_ALM_UPDATE_SNAPSHOTS") or not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not os.environ.get("SDE_ALM_UPDATE_SNAPSHOTS"):
            pytest.fail(f"new snapshot written: {path.name}; review it and commit it")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (see module docstring)"


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["wide", "narrow"])
async def test_snapshot_connections_list(make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        check(f"connections-{size[0]}x{size[1]}", screen_text(app))


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["wide", "narrow"])
async def test_snapshot_connection_detail(make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        check(f"detail-{size[0]}x{size[1]}", screen_text(app))


async def test_snapshot_test_results(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space", "space", "space", "T")
        await settle(app, pilot)
        check("test-results-120x36", screen_text(app))


async def test_snapshot_connectors(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        check("connectors-120x36", screen_text(app))
