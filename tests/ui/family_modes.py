"""The API family modes the UI tests run against, and what each means for the client."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from ui_support import Harness, MakeApp, settle

from tui.api.vocab import ALM, ISSUE_TRACKER, ApiFamily, Vocabulary
from tui.emulator.config import ApiFamilyMode
from tui.ui.app import SdeAlmApp
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.screens.connectors import ConnectorsScreen


@dataclass(frozen=True)
class Mode:
    """One emulator mode (``served``) and the client's forced family (None: discovered)."""

    served: ApiFamilyMode
    forced: ApiFamily | None
    segment: str
    """The family segment of the paths the client ends up using."""
    names: Vocabulary
    """The names the server answers in."""
    test_path: str

    def path(self, objects: str, item: int | None = None) -> str:
        return f"/api/v2/{objects}/{self.segment}/" + (f"{item}/" if item is not None else "")

    def start(self, make_app: MakeApp, **info: object) -> SdeAlmApp:
        return make_app(api_family=self.forced, **info)


MODES = [
    pytest.param(Mode("alm", None, "alm", ALM, "testalm"), id="alm"),
    pytest.param(
        Mode("issue-tracker", None, "issue-tracker", ISSUE_TRACKER, "test-issue-tracker"),
        id="issue-tracker",
    ),
    pytest.param(
        Mode("both", None, "issue-tracker", ISSUE_TRACKER, "test-issue-tracker"), id="both"
    ),
    # The risky alias: /alm/ paths answering in the new names.
    pytest.param(
        Mode("both", ApiFamily.ALM, "alm", ISSUE_TRACKER, "testalm"), id="both-forced-alm"
    ),
]


def writes(harness: Harness) -> list[tuple[str, str, object]]:
    """The writes the emulator received: method, path and body (probes left out)."""
    return [
        (r.method, r.path, r.body)
        for r in harness.state.requests
        if r.method not in ("GET", "OPTIONS")
    ]


async def show(app: SdeAlmApp, pilot: Pilot[int], item: int) -> None:
    """Move the list's cursor to ``item`` and wait for its detail."""
    screen = app.screen
    assert isinstance(screen, (ConnectionsScreen, ConnectorsScreen))
    assert screen.table.move_to(item)
    screen.flush_detail()
    await settle(app, pilot)
