"""Themes switched while the app runs (palette "Theme: <name>") and keymaps from the config file:
remapped keys work and show in the footer; an id that is no binding is refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from contrast import screen_cells
from ui_support import Harness, MakeApp, settle

import tui.ui
from tui.api.errors import ConfigError
from tui.config.appearance import THEME_NAMES, KeyRemap
from tui.ui.app import SdeAlmApp
from tui.ui.keymap import binding_ids, checked_keymap
from tui.ui.themes import THEMES
from tui.ui.widgets.key_footer import KeyFooter


def failed_glyph_colours(app: SdeAlmApp) -> set[str]:
    """The colours of every "✖" in the status column off the cursor row."""
    cursor_row = 2  # header line, table header, then the first row (the cursor is on it)
    return {
        cell.style.color.triplet.hex
        for row in screen_cells(app)[cursor_row + 1:]
        for cell in row[:4]
        if cell.char == "✖" and cell.style.color is not None and cell.style.color.triplet
    }


def test_the_themes_offered_are_the_themes_built() -> None:
    assert tuple(THEMES) == THEME_NAMES


async def test_a_keymap_rebinds_a_key_and_the_footer_shows_the_new_one(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app(keymap={"list.refresh": "f5"})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        table = app.screen.table
        harness.state.connections[1]["alias"] = "Renamed meanwhile"
        await pilot.press("r")
        await settle(app, pilot)
        assert "Renamed" not in table.row_plain(1), "r no longer refreshes"
        await pilot.press("f5")
        await settle(app, pilot)
        assert "Renamed" in table.row_plain(1)
        keys = {item.description: item.display for item in app.screen.query_one(KeyFooter)._keys}
        assert keys["Refresh"] == "f5"


async def test_the_palette_switches_the_theme_and_the_status_colours_follow(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        dark_error = THEMES["sde-dark"].variables["text-error"]
        assert failed_glyph_colours(app) == {dark_error}
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Theme: sde-light")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.theme == "sde-light"
        assert failed_glyph_colours(app) == {THEMES["sde-light"].variables["text-error"]}


def test_a_keymap_id_that_is_no_binding_names_the_file_the_key_and_the_ids() -> None:
    remaps = (
        KeyRemap("list.refresh", "f5", 'keymap."list.refresh"'),
        KeyRemap("list.refrsh", "f6", 'profiles.prod.keymap."list.refrsh"'),
    )
    with pytest.raises(ConfigError) as caught:
        checked_keymap(remaps, "/etc/sde-alm/config.toml")
    message = caught.value.message
    assert message.startswith("/etc/sde-alm/config.toml is not valid:")
    assert 'profiles.prod.keymap."list.refrsh": unknown binding id; allowed: ' in message
    assert "list.refresh" in message and "connections.sync" in message and "app.help" in message
    assert 'keymap."list.refresh"' not in message


def test_every_binding_id_declared_in_the_app_can_be_remapped() -> None:
    root = Path(tui.ui.__file__).parent
    declared = {  # a widget's id has no dot: a dotted id="..." is a binding's
        match
        for path in root.rglob("*.py")
        for match in re.findall(r'\bid="([a-z_]+\.[a-z_0-9]+)"', path.read_text())
    }
    assert len(declared) > 40
    assert declared == binding_ids()
    assert checked_keymap((KeyRemap("app.help", "f2", 'keymap."app.help"'),), None) == {
        "app.help": "f2"
    }
