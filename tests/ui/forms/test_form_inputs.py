"""Inputs never carry control characters to the terminal, and secret pastes are exact."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from ui_support import Harness, MakeApp, settle

from tui.ui.app import SdeAlmApp
from tui.ui.export import screen_text
from tui.ui.screens.edit_form import EditFormScreen
from tui.ui.widgets.safe_input import SafeInput
from tui.ui.widgets.secret_input import SecretInput


async def open_edit(app: SdeAlmApp, pilot: Pilot[int], connection_id: int) -> EditFormScreen:
    await settle(app, pilot)
    app.screen.table.move_to(connection_id)
    await pilot.press("e")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, EditFormScreen)
    return screen


async def test_a_hostile_server_value_is_shown_escaped_and_kept_unless_retyped(
    make_app: MakeApp, harness: Harness
) -> None:
    harness.state.connections[3]["params"]["alm_parent_issue"] = "ok\x1b]52;c;Y3VybA==\x07"
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_edit(app, pilot, 3)
        field = screen.form.widget_for("params.alm_parent_issue")
        assert isinstance(field, SafeInput) and field.value == ""
        assert "\\x1b]52;c;Y3VybA==\\x07" in field.placeholder
        screen.form.widget_for("frequency").value = "weekly"
        await pilot.pause()
        assert screen.draft.body() == {"frequency": "weekly"}
        field.focus()
        await pilot.press(*"DEMO-1")
        assert screen.draft.body()["params"] == {"alm_parent_issue": "DEMO-1"}
        await pilot.press(*["backspace"] * 6)
        assert "params" not in screen.draft.body()
        assert "\x1b" not in screen_text(app)


async def test_pasted_control_characters_are_refused_and_extra_lines_announced(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await open_edit(app, pilot, 3)
        field = screen.form.widget_for("params.alm_parent_issue")
        assert isinstance(field, SafeInput)
        field.focus()
        field.post_message(events.Paste("EVIL\x1b[2J"))
        await pilot.pause()
        assert field.value == ""
        field.post_message(events.Paste("DEMO-7\nsecond line"))
        await pilot.pause()
        assert field.value == "DEMO-7"
        messages = [n.message for n in app._notifications]
        assert "Control and invisible characters are not allowed here." in messages
        assert "Only the first of 2 pasted lines was kept." in messages


async def test_a_pasted_secret_loses_only_one_trailing_newline(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.press("1")
        screen = await open_edit(app, pilot, 4)
        field = screen.form.widget_for("params.alm_pass")
        assert isinstance(field, SecretInput)
        field.focus()
        field.post_message(events.Paste(" pass word \n"))
        await pilot.pause()
        assert field.value == " pass word "
        assert screen.draft.body()["params"]["alm_pass"] == " pass word "
        field.value = ""
        field.post_message(events.Paste("two\nlines"))
        await pilot.pause()
        assert field.value == ""
        messages = [n.message for n in app._notifications]
        assert "Removed one trailing newline from the pasted secret." in messages
        assert "Paste refused: it holds more than one line." in messages


async def test_reveal_shows_typed_text_until_focus_leaves(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("1")
        screen = await open_edit(app, pilot, 4)
        field = screen.form.widget_for("params.alm_pass")
        assert isinstance(field, SecretInput)
        field.focus()
        await pilot.press(*"typed-pw", "ctrl+r")
        assert not field.password and field.has_class("-revealed")
        await pilot.press("tab")
        await pilot.pause()
        assert field.password and "typed-pw" not in screen_text(app)


async def test_clear_is_an_explicit_action_with_an_undo(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("1")
        screen = await open_edit(app, pilot, 4)
        form = screen.form
        n = form._index["params.alm_pass"]
        form.query_one(f"#clear-{n}").press()
        await pilot.pause()
        assert screen.draft.body() == {"params": {"alm_pass": ""}}
        assert screen.disabled_reason("save").endswith("Required: type a value")
        form.query_one(f"#clear-{n}").press()
        await pilot.pause()
        assert screen.draft.body() == {}
