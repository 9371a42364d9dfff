"""Hostile-case fixtures: an isolated secret registry and crash-report directory per test, and
the app on the in-process demo emulator (``harness`` / ``make_app``, as in ``tests/ui``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_support import harness_for, isolated_registry
from ui_support import FIXED_NOW, Harness, MakeApp, make_app_factory

from tui.emulator.state import EmulatorState


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # crash reports land here
    with isolated_registry():
        yield


@pytest.fixture
def harness(emulator_state: EmulatorState) -> Harness:
    emulator_state.epoch0 = FIXED_NOW.timestamp()
    return harness_for(emulator_state)


@pytest.fixture
def make_app(harness: Harness) -> MakeApp:
    return make_app_factory(harness)
