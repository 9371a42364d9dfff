"""Showing another item repaints only the cells that differ, without a layout pass."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual._compositor import CompositorUpdate
from textual.geometry import Region
from textual.strip import Strip
from ui_support import MakeApp, settle

from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.widgets.detail_section import DetailSection
from tui.ui.widgets.repaint import changed_regions, changed_span

BOLD = Style(bold=True)


def strip(*parts: tuple[str, Style]) -> Strip:
    return Strip([Segment(text, style) for text, style in parts])


def test_only_the_cells_that_differ_are_marked() -> None:
    assert changed_span(strip(("ID   51", BOLD)), strip(("ID   52", BOLD))) == (6, 7)
    assert changed_span(strip(("ID   51", BOLD)), strip(("ID   51", BOLD))) is None
    assert changed_span(strip(("ab  ", BOLD)), strip(("abcd", BOLD))) == (2, 4)
    # Lines of different lengths pair by column, not from their ends.
    assert changed_span(strip(("Freq weekly", BOLD)), strip(("Freq monthly", BOLD))) == (5, 12)
    assert changed_span(strip(("Title #43", BOLD)), strip(("Title 4", BOLD))) == (6, 9)
    assert changed_span(strip(("ok", BOLD)), strip(("ok", Style(bold=True, dim=True)))) == (0, 2)
    # A wide character is never split: both of its cells are repainted.
    assert changed_span(strip(("a漢b", BOLD)), strip(("a漢c", BOLD))) == (3, 4)
    assert changed_span(strip(("a漢b", BOLD)), strip(("ab漢", BOLD))) == (1, 4)


def test_textual_meta_offsets_are_not_a_difference() -> None:
    """The same line further down its source text carries another offset, but looks the same."""
    here = strip(("Frequency  daily", BOLD + Style(meta={"offset": (0, 7)})))
    lower = strip(("Frequency  daily", BOLD + Style(meta={"offset": (0, 8)})))
    assert changed_regions([here], [lower]) == []


class RefreshSpy:
    def __init__(self, widgets: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, tuple[Region, ...], bool]] = []
        for widget in widgets:
            original = widget.refresh

            def refresh(*regions: Region, _w: Any = widget, _o: Any = original, **kw: Any) -> Any:
                self.calls.append((_w.id, regions, bool(kw.get("layout"))))
                return _o(*regions, **kw)

            monkeypatch.setattr(widget, "refresh", refresh)

    @property
    def full(self) -> list[str]:
        """Widgets repainted whole or laid out again."""
        return [name for name, regions, layout in self.calls if layout or not regions]


async def test_another_item_of_the_same_shape_repaints_only_its_changed_cells(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.flush_detail()  # the first highlight's pending update, if the load beat it
        await settle(app, pilot)
        shown = screen.session.connections[1]
        spy = RefreshSpy([*screen.detail.query(DetailSection), screen.detail.params_table],
                         monkeypatch)
        params = dict(shown.params or {})
        params["alm_project"] = "OTHER"
        screen.show_detail(shown.model_copy(update={"frequency": "weekly", "params": params}))
        await pilot.pause()
        assert spy.full == []
        dirty: dict[str, list[Region]] = {}
        for name, regions, _ in spy.calls:
            dirty.setdefault(name, []).extend(regions)
        assert set(dirty) == {"detail-facts", "detail-params"}  # the same item's jobs stay
        [frequency] = dirty["detail-facts"]  # one line: the frequency's value
        assert frequency.height == 1 and frequency.x >= len("Frequency")
        [project] = dirty["detail-params"]  # the alm_project row's value
        assert project.height == 1 and project.x >= len("alm_project")
        assert "weekly" in str(screen.query_one("#detail-facts").render())


async def test_fewer_lines_keep_the_height_until_the_detail_is_opened(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.flush_detail()  # the first highlight's pending update, if the load beat it
        await settle(app, pilot)
        table = screen.detail.params_table
        summary = screen.query_one("#detail-facts", DetailSection)
        before, summary_before = table.size.height, summary.size.height
        shown = screen.session.connections[1]
        fewer = {k: v for k, v in (shown.params or {}).items() if k != "alm_server"}
        fewer = dict(list(fewer.items())[:2])  # and no "Server" line in the summary
        spy = RefreshSpy([*screen.detail.query(DetailSection), table], monkeypatch)
        screen.show_detail(shown.model_copy(update={"params": fewer}))
        await pilot.pause()
        assert spy.full == []  # the rows that went are blanked, nothing below them moves
        assert table.visible_count == len(fewer)
        await pilot.resize_terminal(160, 42)  # a layout pass that measures every section again
        await pilot.pause()
        assert table.size.height == before
        assert summary.size.height == summary_before

        screen.open_detail()  # opened to be read: laid out at its own height
        await pilot.pause()
        assert table.size.height == len(fewer) + 1
        assert summary.size.height < summary_before


async def test_a_layout_pass_in_the_detail_leaves_the_lists_scrollbar_alone(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.flush_detail()  # the first highlight's pending update, if the load beat it
        await settle(app, pilot)
        bar = screen.table.vertical_scrollbar
        assert screen.table.show_vertical_scrollbar
        repaints: list[object] = []
        original = bar.refresh

        def refresh(*regions: Region, **kw: Any) -> Any:
            repaints.append(regions)
            return original(*regions, **kw)

        monkeypatch.setattr(bar, "refresh", refresh)
        screen.detail.compact()  # lays the screen out again
        await pilot.pause()
        assert repaints == []


class TerminalModel:
    """The characters a terminal holds after the app's output (cursor moves, text; no styles)."""

    _TOKEN = re.compile(
        r"\x1b\[(\d+);(\d+)H|\x1b\][^\x1b]*\x1b\\|\x1b\[[0-9;?]*[A-Za-z]|\n|.", re.S
    )

    def __init__(self, width: int, height: int) -> None:
        self.cells = [[" "] * width for _ in range(height)]
        self.x = self.y = 0

    def feed(self, data: str) -> None:
        for token in self._TOKEN.finditer(data):
            if token.group(1):
                self.y, self.x = int(token.group(1)) - 1, int(token.group(2)) - 1
            elif token.group() == "\n":
                self.y, self.x = self.y + 1, 0
            elif not token.group().startswith("\x1b"):
                char = token.group()
                width = cell_len(char)
                if width and 0 <= self.y < len(self.cells) and self.x < len(self.cells[0]):
                    self.cells[self.y][self.x] = char
                    if width == 2 and self.x + 1 < len(self.cells[0]):
                        self.cells[self.y][self.x + 1] = ""
                self.x += width

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.cells]


async def test_the_terminal_shows_each_item_as_a_full_repaint_would(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Partial repaints leave no cell of the previous item behind (titles, wrapped values)."""
    app = make_app()
    terminal = TerminalModel(120, 40)
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        if isinstance(renderable, CompositorUpdate):
            terminal.feed(renderable.render_segments(app.console))
        original(screen, renderable)

    monkeypatch.setattr(app, "_display", display)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        for _ in range(12):
            await pilot.press("down")
            screen.flush_detail()
            await settle(app, pilot)
            expected = [
                "".join(s.text for s in line) for line in screen._compositor.render_strips()
            ]
            assert terminal.lines() == expected, f"item {screen.table.current_key}"
