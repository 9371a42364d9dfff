"""The key footer: the keys on offer in one line, redrawn when they change and only then;
clicking a key presses it."""

from __future__ import annotations

from ui_support import MakeApp, settle

from tui.ui.export import screen_text
from tui.ui.widgets.key_footer import KeyFooter


def footer_line(app: object) -> str:
    return screen_text(app).splitlines()[-1]  # type: ignore[arg-type]


def count_repaints(footer: KeyFooter) -> list[int]:
    calls = [0]
    refresh = footer.refresh

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return refresh(*args, **kwargs)  # type: ignore[arg-type]

    footer.refresh = counted  # type: ignore[method-assign]
    return calls


async def test_same_keys_announced_again_do_not_repaint_the_footer(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(KeyFooter)
        repaints = count_repaints(footer)
        for _ in range(3):
            app.screen.refresh_bindings()  # what every focus change and stack update does
            await pilot.pause()
        assert repaints[0] == 0
        assert "r Refresh" in footer_line(app)


async def test_changed_keys_redraw_the_footer(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert "Clear filter" not in footer_line(app)
        await pilot.press("slash")  # the filter input has the focus: its keys replace the list's
        await settle(app, pilot)
        line = footer_line(app)
        assert "esc Clear filter" in line
        assert "r Refresh" not in line
        await pilot.press("escape")
        await settle(app, pilot)
        assert "r Refresh" in footer_line(app)


async def test_one_key_per_action_and_the_palette_on_the_right(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        line = footer_line(app)
        assert line.startswith(" ⏎ Open  space Mark  r Refresh ")
        assert line.count(" t Test ") == 1
        assert line.endswith("▏^p Commands ")
        assert len(line) == 120


async def test_at_80_columns_help_quit_and_the_loop_keys_stay_others_make_way(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(KeyFooter)
        assert len(footer._keys) >= 15, "many keys on offer: far more than 80 columns hold"
        line = footer_line(app)
        assert len(line) == 80
        assert line.endswith(" ? Help  q Quit       ▏^p Commands ")
        shown = [d for d in ("Open", "Test", "Sync", "Failing", "Filter") if f" {d} " in line]
        assert shown == ["Open", "Test", "Sync", "Failing", "Filter"]
        for dropped in ("Mark", "Sort", "Copy", "Connectors"):  # declared before Help and Quit
            assert f" {dropped} " not in line
        await pilot.press("slash")  # typing: the filter's keys replace the list's; help stays
        await settle(app, pilot)
        line = footer_line(app)
        assert "esc Clear filter" in line and " f1 Help " in line  # `?` is typed into the filter


async def test_help_stays_in_the_footer_when_a_keymap_makes_keys_long(
    make_app: MakeApp,
) -> None:
    app = make_app(keymap={"list.test": "ctrl+shift+f12", "app.help": "f2"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        line = footer_line(app)
        assert " f2 Help " in line and " q Quit " in line
        assert "? Help" not in line


async def test_clicking_a_footer_key_presses_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert "<failing>" not in screen_text(app).splitlines()[0]
        x = footer_line(app).index("! Failing")
        await pilot.click(KeyFooter, offset=(x + 2, 0))
        await settle(app, pilot)
        assert "<failing>" in screen_text(app).splitlines()[0]
        x = footer_line(app).index("^p Commands")
        await pilot.click(KeyFooter, offset=(x, 0))
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "CommandPalette"


async def test_clicking_a_disabled_key_says_why(make_app: MakeApp) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(KeyFooter)
        sync = next(item for item in footer._keys if item.description == "Sync")
        assert not sync.enabled  # read-only: syncs are writes
        x = footer_line(app).index(" s Sync ")
        await pilot.click(KeyFooter, offset=(x + 1, 0))
        await settle(app, pilot)
        assert "Sync unavailable" in [n.title for n in app._notifications]
