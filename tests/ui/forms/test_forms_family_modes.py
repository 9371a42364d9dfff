"""Edit and create against every API family mode: what the emulator receives uses the names
the server answers in, on the paths of the family the client found. And a server without the
test, jobs and plugins endpoints: tests say so, the form falls back to the catalogue."""

from __future__ import annotations

import pytest
from family_modes import Mode, show, writes
from test_edit_screens import has_field, open_form, save_through_diff, set_field, until
from ui_support import Harness, MakeApp, serve, settle

from tui.api.vocab import ALM, ISSUE_TRACKER
from tui.emulator.config import ApiFamilyMode
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.screens.edit_form import EditFormScreen
from tui.ui.widgets.detail_section import DetailSection


async def test_edit_patches_in_the_servers_names(
    make_app: MakeApp, harness: Harness, mode: Mode
) -> None:
    app = mode.start(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        project = f"params.{mode.names.key('project')}"
        screen = await open_form(app, pilot, "e", 8)
        assert not any(
            path.startswith(f"params.{other.prefix}")
            for path in screen.draft.specs
            for other in (ALM, ISSUE_TRACKER)
            if other is not mode.names
        )
        set_field(screen, project, "NEWKEY")
        await pilot.pause()
        await save_through_diff(app, pilot)

        await pilot.press("1")
        screen = await open_form(app, pilot, "e", 4)
        password = f"params.{mode.names.key('pass')}"
        auth_mode = f"params.{mode.names.key('auth_mode')}"
        if mode.names.has_auth_mode:
            assert screen.draft.specs[auth_mode].label.lower() == "authentication method"
        else:
            assert auth_mode not in screen.draft.specs
        set_field(screen, password, "N3w-pass!")
        await pilot.pause()
        assert "N3w-pass!" not in screen_text(app)
        await save_through_diff(app, pilot)
        assert "N3w-pass!" not in screen_text(app)
    assert writes(harness) == [
        ("PATCH", mode.path("connections", 8), {"params": {mode.names.key("project"): "NEWKEY"}}),
        ("PATCH", mode.path("connectors", 4), {"params": {mode.names.key("pass"): "N3w-pass!"}}),
    ]
    assert harness.state.connections[8]["params"]["alm_project"] == "NEWKEY"


async def test_create_sends_the_servers_names(
    make_app: MakeApp, harness: Harness, mode: Mode
) -> None:
    names = mode.names
    app = mode.start(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        screen = await open_form(app, pilot, "n")
        set_field(screen, "name", "Acme GitHub")
        set_field(screen, "system", "github")
        await settle(app, pilot)
        await until(pilot, lambda: has_field(screen, "params.github_repo_owner"), "the schema")
        set_field(screen, f"params.{names.key('server')}", "api.github.com")
        set_field(screen, "params.github_repo_owner", "acme")
        if names.has_auth_mode:
            set_field(screen, f"params.{names.key('auth_mode')}", "api_token")
            await pilot.pause()
        set_field(screen, f"params.{names.key('api_token')}", "ghp_acme_created_123")
        await pilot.pause()
        assert screen.disabled_reason("save") is None, screen.disabled_reason("save")
        await save_through_diff(app, pilot)
        assert "ghp_acme_created_123" not in screen_text(app)
        created = max(harness.state.connectors)

        await pilot.press("2")
        screen = await open_form(app, pilot, "n")
        set_field(screen, "alias", "Acme link")
        set_field(screen, "connector", created)
        await settle(app, pilot)
        project = f"params.{names.key('project')}"
        await until(pilot, lambda: has_field(screen, project), "the params")
        screen.draft.set_value("project", 2)  # the picker is tested on its own
        set_field(screen, project, "acme-repo")
        await pilot.pause()
        await save_through_diff(app, pilot)
    (_, connector_path, connector), (_, connection_path, connection) = writes(harness)
    assert connector_path == mode.path("connectors")
    params = connector["params"]
    assert params["conflict_policy"] == names.conflict_policy_tracker
    assert params[names.key("server")] == "api.github.com"
    assert params[names.key("api_token")] == "ghp_acme_created_123"
    if names.has_auth_mode:
        assert params[names.key("auth_mode")] == "api_token"
    assert connection_path == mode.path("connections")
    assert connection["params"] == {names.key("project"): "acme-repo"}
    for body in (params, connection["params"]):
        other = ISSUE_TRACKER if names is ALM else ALM
        assert not any(key.startswith(other.prefix) for key in body)


@pytest.mark.parametrize("served", ["alm", "issue-tracker"])
async def test_without_side_endpoints_t_says_tests_are_not_served_and_the_rest_works(
    make_app: MakeApp, harness: Harness, served: ApiFamilyMode
) -> None:
    serve(harness, served, side_endpoints="none")
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen) and screen.table.total == 44
        before = screen.table.row_plain(1)
        await pilot.press("t")
        await settle(app, pilot)
        assert screen.table.row_plain(1) == before  # nothing was learned about the connection
        assert screen.session.last_test("connection", 1) is None
        (note,) = list(app._notifications)
        assert (note.title, note.severity) == ("Not served by this server", "warning")
        assert "\n" not in note.message
        assert note.message.startswith("This server does not serve connectivity tests")
        await show(app, pilot, 2)
        summary = app.screen.query_one("#detail-facts", DetailSection).render().plain
        assert "Server       " in summary

        screen.table.move_to(8)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, EditFormScreen) and form.draft is not None
        assert form.draft.layout.source == "catalogue"  # no plugin schemas on this server
        assert "No schema from the server" in screen_text(app)
        names = ALM if served == "alm" else ISSUE_TRACKER
        set_field(form, f"params.{names.key('project')}", "NEWKEY")
        await pilot.pause()
        await save_through_diff(app, pilot)
    saved = [write for write in writes(harness) if "/test" not in write[1]]
    assert saved == [
        ("PATCH", f"/api/v2/connections/{served}/8/", {"params": {names.key("project"): "NEWKEY"}})
    ]
