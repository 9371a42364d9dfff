"""Every text cell of the main screens reads on its background, on 16-colour, 256-colour and
truecolor terminals, in every theme the app offers: judged on the composed screen after the
colours are downgraded as the terminal receives them (see ``contrast.py``), not on the CSS."""

from __future__ import annotations

from typing import Any

import pytest
from contrast import SYSTEMS, problems
from ui_support import MakeApp, settle

from tui.config.appearance import THEME_NAMES
from tui.ui.widgets.params_table import ParamsTable
from tui.ui.widgets.resource_table import ResourceTable

FAILED_CONNECTION = 1
"""Connection 1 of the demo data: last sync failed, and it uses a connector with a password."""


def collect(app: Any, scene: str, found: dict[str, list[str]]) -> None:
    dark = app.current_theme.dark
    for name, system in SYSTEMS.items():
        found.setdefault(f"{name} / {scene}", []).extend(
            str(problem) for problem in problems(app, system, dark=dark)
        )


@pytest.mark.parametrize("theme", THEME_NAMES)
async def test_every_text_cell_reads_on_its_background_in_every_colour_system(
    make_app: MakeApp, theme: str
) -> None:
    app = make_app(read_only=True, production=True)  # red header, disabled keys in the footer
    app.theme = theme
    found: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(ResourceTable)
        statuses = " ".join(table.visible_row_texts())
        assert all(word in statuses for word in ("✖ failed", "✔ ok", "⟳ running", "· never run"))
        assert table.current_key == FAILED_CONNECTION and table.has_focus
        assert "s" in app.screen.active_bindings and not app.screen.active_bindings["s"].enabled
        collect(app, "list, cursor on a failed row, detail beside it, footer", found)

        await pilot.press("space", "up")  # a marked row
        await settle(app, pilot)
        collect(app, "list, a marked row under the cursor", found)

        await pilot.press("enter")
        await settle(app, pilot)
        params = app.screen.query_one(ParamsTable)
        for _ in range(6):  # Tab goes section by section to the params table
            if params.has_focus:
                break
            await pilot.press("tab")
            await pilot.pause()
        params.move_to("alm_pass")
        await pilot.press("x")
        await settle(app, pilot)
        assert params.revealed == "alm_pass"
        collect(app, "detail focused, a secret revealed, list cursor blurred", found)

        await pilot.press("escape", "question_mark")
        await settle(app, pilot)
        collect(app, "help modal over the list", found)

        await pilot.press("escape", "ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"rally")
        await settle(app, pilot)
        collect(app, "command palette with matches", found)

        await pilot.press("escape")
        await settle(app, pilot)
        for severity in ("information", "warning", "error"):
            app.notify(f"a {severity} toast", title=severity.title(), severity=severity)
        await pilot.pause()
        collect(app, "toasts of each severity", found)
        app.clear_notifications()

        for key, scene in (("1", "connectors list"), ("3", "API log")):
            await pilot.press(key)
            await settle(app, pilot)
            collect(app, scene, found)

    unreadable = {scene: lines for scene, lines in found.items() if lines}
    assert not unreadable, "\n".join(
        f"{scene}:\n    " + "\n    ".join(lines) for scene, lines in unreadable.items()
    )


@pytest.mark.parametrize("theme", THEME_NAMES)
async def test_the_edit_form_with_errors_and_a_revealed_secret_reads_in_every_colour_system(
    make_app: MakeApp, theme: str
) -> None:
    from tui.ui.screens.edit_form import EditFormScreen
    from tui.ui.widgets.secret_input import SecretInput

    app = make_app()
    app.theme = theme
    found: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")  # connectors: connector 4 has a password
        await settle(app, pilot)
        assert app.screen.table.move_to(4)
        await pilot.press("e")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, EditFormScreen) and screen.form is not None
        field = screen.form.widget_for("params.alm_pass")
        assert isinstance(field, SecretInput)
        field.focus()
        await pilot.press(*"typed-pw", "ctrl+r")
        await settle(app, pilot)
        assert field.has_class("-revealed")
        name = screen.form.widget_for("name")
        assert name is not None
        name.value = ""  # "✖ Required", a field in error and the banner that counts them
        await settle(app, pilot)
        collect(app, "edit form: an error, a revealed secret", found)

    unreadable = {scene: lines for scene, lines in found.items() if lines}
    assert not unreadable, "\n".join(
        f"{scene}:\n    " + "\n    ".join(lines) for scene, lines in unreadable.items()
    )
