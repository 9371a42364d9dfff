"""Pilot tests of the create / edit / delete flows against the in-process emulator."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from forms_support import WriteFaults
from textual.pilot import Pilot
from textual.widgets import Input, Select
from ui_support import Harness, MakeApp, settle

from tui.ui.app import SdeAlmApp
from tui.ui.export import screen_text
from tui.ui.screens import edit_actions
from tui.ui.screens.confirm import TypeToConfirm
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.diff import DiffScreen
from tui.ui.screens.discard import DiscardChanges
from tui.ui.screens.edit_connection import EditConnectionScreen
from tui.ui.screens.edit_connector import EditConnectorScreen
from tui.ui.screens.edit_form import EditFormScreen
from tui.ui.widgets.secret_input import SecretInput


async def until(pilot: Pilot[int], done: Callable[[], bool], what: str) -> None:
    """Let messages flow until ``done`` holds (a modal opened by a waiting worker, say)."""
    for _ in range(200):
        if done():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def open_form(
    app: SdeAlmApp, pilot: Pilot[int], key: str, item: int | None = None
) -> EditFormScreen:
    await settle(app, pilot)
    if item is not None:
        assert app.screen.table.move_to(item)
    await pilot.press(key)
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, EditFormScreen) and screen.draft is not None
    return screen


def has_field(screen: EditFormScreen, path: str) -> bool:
    """The form was (re)built with a widget for ``path`` (a system change rebuilds it)."""
    return screen.form is not None and screen.form.widget_for(path) is not None


def set_field(screen: EditFormScreen, path: str, value: object) -> None:
    form = screen.form
    assert form is not None
    widget = form.widget_for(path)
    assert isinstance(widget, (Input, Select)), widget
    widget.value = value


async def save_through_diff(app: SdeAlmApp, pilot: Pilot[int]) -> DiffScreen:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff")
    diff = app.screen
    assert isinstance(diff, DiffScreen)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    return diff


def writes(harness: Harness) -> list[tuple[str, str, object]]:
    return [(r.method, r.path, r.body) for r in harness.state.requests if r.method != "GET"]


async def test_create_a_connector_and_a_connection_and_see_them_listed(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        screen = await open_form(app, pilot, "n")
        assert isinstance(screen, EditConnectorScreen)
        set_field(screen, "name", "Acme GitHub")
        set_field(screen, "system", "github")
        await settle(app, pilot)
        await until(pilot, lambda: has_field(screen, "params.github_repo_owner"), "GitHub params")
        set_field(screen, "params.alm_server", "api.github.com")
        set_field(screen, "params.github_repo_owner", "acme")
        set_field(screen, "params.alm_api_token", "ghp_acme_created_123")
        await pilot.pause()
        assert screen.disabled_reason("save") is None
        diff = await save_through_diff(app, pilot)
        assert any(line.secret and line.new == "changed" for line in diff.lines)
        listing = app.screen
        created = max(harness.state.connectors)
        assert harness.state.connectors[created]["name"] == "Acme GitHub"
        assert listing.table.current_item.id == created
        assert "Acme GitHub" in listing.table.row_plain(created)

        await pilot.press("2")
        screen = await open_form(app, pilot, "n")
        assert isinstance(screen, EditConnectionScreen)
        set_field(screen, "alias", "Acme link")
        set_field(screen, "connector", created)
        await settle(app, pilot)
        await until(pilot, lambda: has_field(screen, "params.alm_project"), "the params")
        screen.draft.set_value("project", 2)  # the picker is tested on its own
        set_field(screen, "params.alm_project", "acme-repo")
        await pilot.pause()
        await save_through_diff(app, pilot)
        new_id = max(harness.state.connections)
        assert writes(harness)[-1] == (
            "POST",
            "/api/v2/connections/alm/",
            {
                "alias": "Acme link",
                "connector": created,
                "project": 2,
                "frequency": "manually",
                "debug_mode": False,
                "params": {"alm_project": "acme-repo"},
            },
        )
        assert "Acme link" in app.screen.table.row_plain(new_id)


async def test_editing_one_param_patches_only_that_key_and_updates_the_row(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 8)
        set_field(screen, "params.alm_project", "NEWKEY")
        set_field(screen, "frequency", "weekly")
        await pilot.pause()
        diff = await save_through_diff(app, pilot)
        assert [(d.old, d.new) for d in diff.lines] == [("daily", "weekly"), ("OBP", "NEWKEY")]
        assert writes(harness) == [
            (
                "PATCH",
                "/api/v2/connections/alm/8/",
                {"frequency": "weekly", "params": {"alm_project": "NEWKEY"}},
            )
        ]
        listing = app.screen
        assert listing.session.connections[8].frequency == "weekly"
        assert "weekly" in str(listing.query_one("#detail-facts").render())
        assert listing.session.connections[8].last_job is not None


async def test_a_conflict_made_through_the_api_is_detected_and_nothing_overwritten(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "params.alm_project", "MINE")
        await pilot.pause()
        harness.state.connections[3]["params"]["alm_project"] = "THEIRS"  # another admin
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "the conflict")
        text = screen_text(app)
        assert "THEIRS" in text and "MINE" in text and "DEMO" in text
        assert writes(harness) == []
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and screen.draft.values["params.alm_project"] == "MINE"
        assert harness.state.connections[3]["params"]["alm_project"] == "THEIRS"
        assert writes(harness) == []


async def test_take_theirs_after_a_conflict_leaves_nothing_to_send(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "params.alm_project", "MINE")
        await pilot.pause()
        harness.state.connections[3]["params"]["alm_project"] = "THEIRS"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "the conflict")
        await pilot.click("#theirs")
        await settle(app, pilot)
        assert app.screen is screen and not screen.draft.dirty
        assert screen.draft.values["params.alm_project"] == "THEIRS"
        assert writes(harness) == []


async def test_a_400_on_a_nested_param_lands_on_that_field(
    make_app: MakeApp, harness: Harness, faults: WriteFaults
) -> None:
    faults.mode = "reject"
    faults.rejection = {"params": {"alm_server": ["Enter a valid host name."]}}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "params.alm_server", "jira.example.com")
        set_field(screen, "alias", "Renamed")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert app.screen is screen
        assert screen.draft.server_errors == {"params.alm_server": "Enter a valid host name."}
        assert screen.focused is screen.form.widget_for("params.alm_server")
        assert "✖ Enter a valid host name." in screen_text(app)
        assert screen.draft.values["alias"] == "Renamed"


async def test_a_network_failure_during_save_keeps_the_form(
    make_app: MakeApp, harness: Harness, faults: WriteFaults
) -> None:
    faults.mode = "before"
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "params.alm_project", "KEPT")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert app.screen is screen
        assert screen.draft.values["params.alm_project"] == "KEPT"
        assert screen.form.widget_for("params.alm_project").value == "KEPT"
        text = screen_text(app)
        assert "Not saved. Cannot connect" in text and "still here" in text
        assert harness.state.connections[3]["params"]["alm_project"] == "DEMO"


async def test_a_timeout_during_save_rereads_and_reports_that_it_took_effect(
    make_app: MakeApp, harness: Harness, faults: WriteFaults
) -> None:
    faults.mode = "after"
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "frequency", "weekly")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert [w[0] for w in writes(harness)] == ["PATCH"]  # never resent
        methods = [r.method for r in faults.seen]
        assert methods[methods.index("PATCH") + 1] == "GET"
        assert not isinstance(app.screen, EditFormScreen)
        messages = [n.message for n in app._notifications]
        assert any("took effect" in m for m in messages)


async def test_a_timeout_during_save_that_did_not_land_keeps_the_form(
    make_app: MakeApp, harness: Harness, faults: WriteFaults
) -> None:
    faults.mode = "lost"
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "frequency", "weekly")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert app.screen is screen and screen.draft.values["frequency"] == "weekly"
        assert "did NOT take effect" in screen_text(app)
        assert writes(harness) == []


async def test_secrets_are_never_prefilled_and_never_sent_unchanged(
    make_app: MakeApp, harness: Harness
) -> None:
    secret = harness.state.connectors[4]["params"]["alm_pass"]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("1")
        screen = await open_form(app, pilot, "e", 4)
        field = screen.form.widget_for("params.alm_pass")
        assert isinstance(field, SecretInput) and field.value == "" and field.password
        assert field.placeholder == "(set - leave blank to keep)"
        assert secret not in screen_text(app)
        set_field(screen, "params.jira_issue_type", "Task")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert writes(harness) == [
            ("PATCH", "/api/v2/connectors/alm/4/", {"params": {"jira_issue_type": "Task"}})
        ]
        assert harness.state.connectors[4]["params"]["alm_pass"] == secret


async def test_a_typed_secret_is_masked_uncopyable_and_sent(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("1")
        screen = await open_form(app, pilot, "e", 4)
        field = screen.form.widget_for("params.alm_pass")
        assert isinstance(field, SecretInput)
        field.focus()
        await pilot.press(*"N3w-pass!")
        assert "N3w-pass!" not in screen_text(app)
        await pilot.press("ctrl+a", "shift+end", "ctrl+c")
        assert app.clipboard != "N3w-pass!"
        await save_through_diff(app, pilot)
        assert writes(harness)[-1][2] == {"params": {"alm_pass": "N3w-pass!"}}


async def test_delete_needs_the_typed_alias(make_app: MakeApp, harness: Harness) -> None:
    alias = harness.state.connections[3]["alias"]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        listing = app.screen
        listing.table.move_to(3)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirm), "the prompt")
        await pilot.press(*"JIRA", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TypeToConfirm) and writes(harness) == []
        app.screen.query_one(Input).value = alias
        await pilot.press("enter")
        await settle(app, pilot)
        assert writes(harness) == [("DELETE", "/api/v2/connections/alm/3/", None)]
        assert 3 not in harness.state.connections and listing.table.get(3) is None


async def test_escape_cancels_a_delete(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirm), "the prompt")
        await pilot.press("escape")
        await settle(app, pilot)
        assert writes(harness) == [] and len(harness.state.connections) == 44


async def test_read_only_blocks_every_write(make_app: MakeApp, harness: Harness) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        for mode, keys in (("2", "nedE"), ("1", "neE")):
            await pilot.press(mode)
            await settle(app, pilot)
            screen = app.screen
            for key in keys:
                assert screen.active_bindings[key].enabled is False
                reason = screen.disabled_reason(screen.active_bindings[key].binding.action)
                assert reason is not None and reason.startswith("Read-only mode:")
                await pilot.press(key)
                await settle(app, pilot)
                assert app.screen is screen
        assert any(n.message.startswith("Read-only mode:") for n in app._notifications)
        assert writes(harness) == []


async def test_a_production_profile_asks_for_the_host_before_writing(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app(production=True)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "frequency", "weekly")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirm), "the host prompt")
        assert writes(harness) == []
        app.screen.query_one(Input).value = "emulator.test"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [w[0] for w in writes(harness)] == ["PATCH"]


async def test_save_is_disabled_and_says_why_while_invalid(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        assert screen.disabled_reason("save") == "Nothing changed yet."
        set_field(screen, "params.alm_title_format", "$title only")
        set_field(screen, "alias", "   ")
        await pilot.pause()
        reason = screen.disabled_reason("save")
        assert reason is not None and reason.startswith("2 problem(s) to fix first.")
        assert screen.active_bindings["ctrl+s"].enabled is False
        text = screen_text(app)
        assert "✖ Required" in text and "Save unavailable" in text
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, DiffScreen) and writes(harness) == []


async def test_the_form_test_uses_the_unsaved_values(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "params.alm_server", "jira.unreachable.invalid")
        await pilot.pause()
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert "✖ Test failed: Unable to connect to jira.unreachable.invalid" in screen_text(app)
        tests = [r for r in harness.state.requests if "testalm" in r.path]
        assert tests[-1].body["params"]["alm_server"] == "jira.unreachable.invalid"
        set_field(screen, "params.alm_server", "jira.example.com")
        await pilot.pause()
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert "✔ Test passed" in screen_text(app)
        assert [w for w in writes(harness) if "testalm" not in w[1]] == []


async def test_leaving_a_dirty_form_asks_first(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "alias", "Changed")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is screen and screen.draft.values["alias"] == "Changed"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#discard")
        await settle(app, pilot)
        assert not isinstance(app.screen, EditFormScreen) and writes(harness) == []


async def test_the_project_picker_searches_the_server(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "n")
        screen.form.widget_for("project").press()
        await until(pilot, lambda: app.screen is not screen, "the picker")
        await pilot.press(*"android")
        await settle(app, pilot)
        searches = [r.query for r in harness.state.requests if r.path == "/api/v2/projects/"]
        assert any("search=android" in q for q in searches)
        await pilot.press("enter")  # one press picks the only match
        await settle(app, pilot)
        assert app.screen is screen and screen.draft.values["project"] == 3
        assert "Mobile Banking Android (#3)" in screen_text(app)


async def test_a_small_terminal_scrolls_to_the_first_bad_field(
    make_app: MakeApp, harness: Harness, faults: WriteFaults
) -> None:
    faults.mode = "reject"
    faults.rejection = {"params": {"sde_verification_filter": ["Not allowed here."]}}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        assert screen.form.max_scroll_y > 0
        set_field(screen, "alias", "Renamed")
        await pilot.pause()
        await save_through_diff(app, pilot)
        field = screen.form.widget_for("params.sde_verification_filter")
        assert screen.focused is field and "Not allowed here." in screen_text(app)


async def test_params_in_the_editor_leave_secrets_out_and_save_through_the_diff(
    make_app: MakeApp, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fake_editor(app: object, path: str) -> int:
        file = Path(path)
        seen["mode"] = stat.S_IMODE(file.stat().st_mode)
        seen["path"] = file
        document = json.loads(file.read_text())
        seen["keys"] = set(document)
        document["jira_issue_type"] = "Story"
        file.write_text(json.dumps(document))
        return 0

    monkeypatch.setattr("tui.ui.editor.run_editor", fake_editor)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        app.screen.table.move_to(4)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff")
        assert seen["mode"] == 0o600 and not Path(str(seen["path"])).exists()
        assert "alm_pass" not in seen["keys"] and "alm_server" in seen["keys"]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert writes(harness) == [
            ("PATCH", "/api/v2/connectors/alm/4/", {"params": {"jira_issue_type": "Story"}})
        ]


async def test_broken_json_from_the_editor_can_be_edited_again(
    make_app: MakeApp, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts: list[str] = []

    def fake_editor(app: object, path: str) -> int:
        file = Path(path)
        texts.append(file.read_text())
        file.write_text('{"alm_server": ')
        return 0

    monkeypatch.setattr("tui.ui.editor.run_editor", fake_editor)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, DiscardChanges), "the problems")
        assert "Not valid JSON" in screen_text(app)
        await pilot.press("escape")  # edit again: the broken text comes back, not the original
        await until(pilot, lambda: len(texts) == 2, "the second edit")
        assert texts[1] == '{"alm_server": '
        await until(pilot, lambda: isinstance(app.screen, DiscardChanges), "the problems again")
        await pilot.click("#discard")
        await settle(app, pilot)
        assert writes(harness) == []


async def test_without_permission_to_see_params_editing_them_is_disabled(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app(token=harness.state.config.read_token)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        listing = app.screen
        listing.table.move_to(3)
        assert listing.active_bindings["E"].enabled is False
        assert "editing them is disabled" in (listing.disabled_reason("edit_params") or "")
        assert listing.active_bindings["e"].enabled is False  # the token cannot write at all
        # The form still copes when opened (say, the permission changes mid-session).
        edit_actions.open_form(listing, listing.table.current_item)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, EditFormScreen) and screen.draft is not None
        assert not any(spec.is_param for spec in screen.draft.specs.values())
        assert "No permission to view parameters" in screen_text(app)
        assert screen.disabled_reason("test") is not None
        set_field(screen, "frequency", "weekly")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert app.screen is screen  # 403: the form stays with the value typed
        assert "Edit ALM connections" in screen_text(app)
        assert harness.state.connections[3]["frequency"] == "daily"


async def test_ctrl_q_from_a_dirty_form_asks_before_quitting(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    exits: list[bool] = []
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 8)
        app.exit = lambda *args, **kwargs: exits.append(True)  # type: ignore[method-assign]
        set_field(screen, "frequency", "weekly")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, DiscardChanges), "the quit prompt")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and exits == []
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, DiscardChanges), "the quit prompt")
        app.screen.dismiss(True)
        await pilot.pause()
        assert exits == [True]
    assert writes(harness) == []
