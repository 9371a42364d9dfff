"""The small frictions of the form a terminal user notices first (issue 17, item 4)."""

from __future__ import annotations

import httpx
from forms_support import WriteFaults
from test_edit_screens import open_form, save_through_diff, set_field, until
from textual.widgets import Checkbox, Select
from ui_support import Harness, MakeApp, settle

from tui.ui.export import screen_text
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.diff import DiffScreen
from tui.ui.screens.edit_connection import EditConnectionScreen
from tui.ui.screens.edit_form import EditFormScreen
from tui.ui.widgets.param_form import MarkedSelectionList


def banner(screen: EditFormScreen) -> str:
    return str(screen.query_one("#form-banner").render())


def footer_keys(app: object) -> set[str]:
    return {b.binding.id for b in app.screen.active_bindings.values() if b.binding.id}  # type: ignore[attr-defined]


async def test_next_problem_jumps_from_error_to_error_and_shows_only_while_there_are_any(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        assert "form.next_problem" not in footer_keys(app)
        set_field(screen, "alias", "   ")
        set_field(screen, "params.alm_title_format", "$title only")
        await pilot.pause()
        assert "form.next_problem" in footer_keys(app)
        assert "Next problem" in screen_text(app)
        form = screen.form
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.focused is form.widget_for("params.alm_title_format")
        await pilot.press("ctrl+n")  # wraps round to the first one
        await pilot.pause()
        assert screen.focused is form.widget_for("alias")
        await pilot.press("f8")
        await pilot.pause()
        assert screen.focused is form.widget_for("params.alm_title_format")
        assert form.scroll_y > 0  # brought into view on a small terminal
        set_field(screen, "alias", "Fixed")
        set_field(screen, "params.alm_title_format", "$task_id $title")
        await pilot.pause()
        assert "form.next_problem" not in footer_keys(app)


async def test_the_test_result_stays_in_view_when_the_form_scrolls(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert "✔ Test passed" in screen_text(app)
        screen.form.scroll_end(animate=False)
        await pilot.pause()
        assert screen.form.scroll_y > 0
        assert "✔ Test passed" in screen_text(app)
        screen.form.focus_path("params.sde_verification_filter")  # a focus far down
        await pilot.pause()
        assert "✔ Test passed" in screen_text(app)


async def test_keys_typed_while_the_form_loads_land_in_it(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert app.screen.table.move_to(3)
        gate = harness.transport.hold(
            lambda r: r.method == "GET" and r.url.path.endswith("/connections/alm/3/")
        )
        await pilot.press("e")
        await until(pilot, lambda: bool(harness.transport.held), "the form's read")
        screen = app.screen
        assert isinstance(screen, EditConnectionScreen) and screen.draft is None
        await pilot.press(*" q1x")  # q and 1 are keys elsewhere: here they are text
        gate.set()
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.draft.values["alias"] == "JIRA Tracking q1x"
        assert screen.focused is screen.form.widget_for("alias")


async def test_escape_still_leaves_a_form_that_is_loading(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert app.screen.table.move_to(3)
        gate = harness.transport.hold(lambda r: r.url.path.endswith("/connections/alm/3/"))
        await pilot.press("e")
        await until(pilot, lambda: bool(harness.transport.held), "the form's read")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EditFormScreen)
        gate.set()
        await settle(app, pilot)


async def test_digits_on_a_select_checkbox_or_button_never_switch_views(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        mode = app.current_mode
        form = screen.form
        targets = [
            form.widget_for("frequency"),
            form.widget_for("debug_mode"),
            screen.query_one("#form-cancel"),
        ]
        assert isinstance(targets[0], Select) and isinstance(targets[1], Checkbox)
        for widget in targets:
            widget.focus()
            await pilot.pause()
            await pilot.press("1", "2", "3")
            await pilot.pause()
            assert app.screen is screen and app.current_mode == mode
        assert not screen.draft.dirty
        assert "app.connectors" not in footer_keys(app)


async def test_placeholders_read_as_hints_not_values(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await open_form(app, pilot, "n")
        set_field(screen, "connector", 2)
        await settle(app, pilot)
        await until(pilot, lambda: screen.form.widget_for("params.alm_context_root") is not None,
                    "the params")
        root = screen.form.widget_for("params.alm_context_root")
        assert root.value == "" and root.placeholder == "e.g. /"
        text = screen_text(app)
        assert "e.g. /" in text


async def test_multi_select_boxes_read_checked_and_unchecked_without_colour(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        boxes = screen.form.widget_for("params.sde_statuses_in_scope")
        assert isinstance(boxes, MarkedSelectionList)
        boxes.deselect("DONE")
        await pilot.pause()
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert any(line.endswith("[ ] Done") for line in lines)
        assert any(line.endswith("[x] Todo") for line in lines)


async def test_a_cancelled_review_after_a_conflict_clears_the_saving_banner(
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
        await pilot.click("#mine")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff again")
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert "saving" not in banner(screen).lower()
        assert "Nothing was saved" in banner(screen)
        assert screen.form.disabled is False and not screen.saving


async def test_a_servers_field_error_from_a_test_shows_once_on_its_field(
    make_app: MakeApp, harness: Harness
) -> None:
    def reject(request: httpx.Request) -> httpx.Response:
        if "testalm" not in request.url.path:
            return httpx.Response(404)
        body = {"params": {"alm_server": ["Enter a valid host name."]}}
        return httpx.Response(400, json=body)

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        harness.transport.fault = reject
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        harness.transport.fault = None
        text = screen_text(app)
        assert text.count("Enter a valid host name.") == 1
        assert "✖ Enter a valid host name." in text
        assert "rejected 1 field(s)" in banner(screen)
        assert "form.next_problem" in footer_keys(app)


async def test_a_servers_field_error_on_save_shows_once_on_its_field(
    make_app: MakeApp, faults: WriteFaults
) -> None:
    faults.mode = "reject"
    faults.rejection = {"alias": ["Alias taken."], "non_field_errors": ["Check the alias."]}
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "alias", "Taken")
        await pilot.pause()
        await save_through_diff(app, pilot)
        text = screen_text(app)
        assert text.count("Alias taken.") == 1 and text.count("Check the alias.") == 1
        assert "✖ Alias taken." in text


async def test_help_text_is_said_once(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        text = screen_text(app)
        assert text.count("Must contain $task_id and $title") == 1
        set_field(screen, "params.alm_title_format", "$title only")
        await pilot.pause()
        lines = screen_text(app).splitlines()  # the error states the rule: the help does not
        text = "\n".join(line for line in lines if "Save unavailable" not in line)
        assert text.count("Must contain $task_id and $title") == 1
        assert "✖ Must contain $task_id and $title (missing $task_id)" in text
