"""Pilot: editing and creating on a current server sends Issue Tracker names, never renamed ones."""

from __future__ import annotations

import re

import pytest
from test_edit_screens import has_field, open_form, save_through_diff, set_field, until, writes
from textual.widgets import Static
from ui_support import Harness, MakeApp, settle

from tui.ui.export import screen_text
from tui.ui.screens.edit_connector import EditConnectorScreen
from tui.ui.screens.edit_form import EditFormScreen

pytestmark = pytest.mark.usefixtures("issue_tracker")


def written(harness: Harness) -> list[tuple[str, str, object]]:
    """The writes, their family segment left out: the client picks the paths (it may already
    use the Issue Tracker ones on this server); these tests are about the param names."""
    return [
        (method, re.sub(r"/(alm|issue-tracker)/", "/<family>/", path), body)
        for method, path, body in writes(harness)
    ]


def row_shown(screen: EditFormScreen, path: str) -> bool:
    form = screen.form
    assert form is not None
    widget = form.widget_for(path)
    assert widget is not None, path
    row = next(a for a in widget.ancestors if a.id and a.id.startswith("row-"))
    return bool(row.display)


async def test_editing_sends_back_the_issue_tracker_names_it_was_given(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        screen = await open_form(app, pilot, "e", 4)
        assert "params.alm_server" not in screen.draft.specs
        assert screen.draft.values["params.issue_tracker_auth_mode"] == "basic"
        set_field(screen, "params.issue_tracker_server", "jira.bücher.example")
        await pilot.pause()
        assert "IDNA form is jira.xn--bcher-kva.example" in screen_text(app)
        set_field(screen, "params.issue_tracker_server", "jira2.granitebank.com")
        set_field(screen, "params.issue_tracker_method", "http")
        await pilot.pause()
        assert "Plain http" in screen_text(app)
        await save_through_diff(app, pilot)
        assert written(harness) == [
            (
                "PATCH",
                "/api/v2/connectors/<family>/4/",
                {
                    "params": {
                        "issue_tracker_method": "http",
                        "issue_tracker_server": "jira2.granitebank.com",
                    }
                },
            )
        ]
        assert harness.state.connectors[4]["params"]["alm_server"] == "jira2.granitebank.com"
        listing = app.screen
        assert "jira2.granitebank.com" in str(listing.query_one("#detail-facts").render())


async def test_creating_from_the_catalogue_chooses_credentials_by_auth_mode(
    make_app: MakeApp, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_schema(*_: object) -> None:
        return None  # the server offers no schema for the system

    monkeypatch.setattr(EditConnectorScreen, "plugin_for", no_schema)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        screen = await open_form(app, pilot, "n")
        assert isinstance(screen, EditConnectorScreen)
        set_field(screen, "name", "GitLab via token")
        set_field(screen, "system", "gitlab")
        await settle(app, pilot)
        mode = "params.issue_tracker_auth_mode"
        await until(pilot, lambda: has_field(screen, mode), "the catalogue")
        user, password, token = (
            "params.issue_tracker_user",
            "params.issue_tracker_pass",
            "params.issue_tracker_api_token",
        )
        assert "Authentication method" in screen_text(app)
        assert row_shown(screen, user) and row_shown(screen, password)
        assert not row_shown(screen, token)
        set_field(screen, mode, "api_token")
        await pilot.pause()
        assert not row_shown(screen, user) and not row_shown(screen, password)
        assert row_shown(screen, token)
        set_field(screen, token, "glpat-created-by-token-1")
        set_field(screen, "params.issue_tracker_server", "gitlab.example.com")
        await pilot.pause()
        assert screen.disabled_reason("save") is None
        await save_through_diff(app, pilot)
        method, path, body = written(harness)[-1]
        assert (method, path) == ("POST", "/api/v2/connectors/<family>/")
        params = body["params"]
        assert params["conflict_policy"] == "issue_tracker"
        assert params["issue_tracker_auth_mode"] == "api_token"
        assert params["issue_tracker_api_token"] == "glpat-created-by-token-1"
        assert params["issue_tracker_server"] == "gitlab.example.com"
        assert user[7:] not in params and password[7:] not in params
        assert not any(key.startswith("alm_") for key in params)
        assert "glpat-created-by-token-1" not in screen_text(app)


async def test_last_successful_run_is_shown_but_not_editable_in_the_form(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot, "e", 2)  # synced: the server sends the field
        form = screen.form
        assert form is not None
        shown = form.widget_for("params.last_successful_run")
        assert isinstance(shown, Static) and shown.has_class("readonly")
        set_field(screen, "params.issue_tracker_project", "NEWKEY")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert written(harness) == [
            (
                "PATCH",
                "/api/v2/connections/<family>/2/",
                {"params": {"issue_tracker_project": "NEWKEY"}},
            )
        ]
