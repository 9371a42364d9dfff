"""UI fixtures: the app driven by Pilot against the in-process emulator, with a fixed clock."""

from __future__ import annotations

import pytest
from family_modes import MODES, Mode
from ui_support import FIXED_NOW, FaultTransport, Harness, MakeApp, make_app_factory, serve

from tui.api.vocab import ApiFamily
from tui.emulator.state import EmulatorState
from tui.ui.session import Session


@pytest.fixture(autouse=True)
def _deterministic_ui(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def harness(emulator_state: EmulatorState) -> Harness:
    import httpx

    from tui.emulator.app import create_app

    emulator_state.epoch0 = FIXED_NOW.timestamp()
    inner = httpx.ASGITransport(app=create_app(emulator_state))
    return Harness(emulator_state, FaultTransport(inner))


@pytest.fixture
def make_app(harness: Harness) -> MakeApp:
    """Build an app on the emulator; keyword arguments go to ``ServerInfo``."""
    return make_app_factory(harness)


@pytest.fixture
def issue_tracker(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps made by ``make_app`` talk to a current server: the emulator's "both" mode answers
    the /alm/ paths (the client's, until it discovers families) in the Issue Tracker names,
    and the session knows the family (install before building the app)."""
    serve(harness, "both")
    monkeypatch.setattr(Session, "family", property(lambda _: ApiFamily.ISSUE_TRACKER))


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, harness: Harness) -> Mode:
    """Each API family mode in turn: the emulator serves it (apps built by ``mode.start``)."""
    chosen: Mode = request.param
    serve(harness, chosen.served)
    return chosen
