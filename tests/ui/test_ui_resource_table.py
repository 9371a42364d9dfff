"""The generic line-API table on its own: keyed updates, filter, sort, marks, narrow layout."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import App, ComposeResult

from tui.ui.widgets.resource_table import Column, ResourceTable


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    note: str


COLUMNS = [
    Column("name", "Name", 10, lambda r: Text(r.name), sort_key=lambda r: r.name, flex=1),
    Column("note", "Note", 16, lambda r: Text(r.note), sort_key=lambda r: r.note, flex=2),
]


class TableApp(App[None]):
    def __init__(self, width_hint: str = "1fr") -> None:
        super().__init__()
        self.width_hint = width_hint

    def compose(self) -> ComposeResult:
        table = ResourceTable(COLUMNS, key_of=lambda r: r.id, search_text=lambda r: r.name)
        table.styles.width = self.width_hint
        yield table


ROWS = [Row(i, f"item-{i:02d}", "x" * 40) for i in range(1, 31)]


async def test_rows_are_updated_in_place_and_the_cursor_stays_on_its_item() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(ResourceTable)
        table.set_items(ROWS)
        table.move_to(7)
        table.set_items([Row(0, "item-00", "new first"), *ROWS[:10]])
        await pilot.pause()
        assert table.current_key == 7
        assert table.total == 11


async def test_filter_sort_and_marks() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(ResourceTable)
        table.set_items(ROWS)
        table.set_filter("item-1")
        assert table.visible_keys == list(range(10, 20))
        table.set_sort("name", reverse=True)
        assert table.visible_keys[0] == 19
        table.focus()
        await pilot.pause()
        table.action_edge(0)
        await pilot.press("space", "space")
        assert table.marked == frozenset({19, 18})
        assert table.row_plain(19).startswith("●")


async def test_columns_too_wide_for_the_terminal_shrink_and_keep_their_ellipsis() -> None:
    app = TableApp(width_hint="20")
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(ResourceTable)
        table.set_items(ROWS)
        await pilot.pause()
        for line in table.visible_row_texts():
            assert len(line) <= table.scrollable_content_region.width
            assert line.rstrip().endswith("…")


async def test_search_text_is_computed_after_the_rows_and_a_filter_never_misses() -> None:
    computed: list[int] = []
    names = {row.id: row.name for row in ROWS}

    class LazyApp(App[None]):
        def compose(self) -> ComposeResult:
            def search_text(row: Row) -> str:
                computed.append(row.id)
                return names.get(row.id, row.name)

            yield ResourceTable(COLUMNS, key_of=lambda r: r.id, search_text=search_text)

    app = LazyApp()
    async with app.run_test(size=(60, 12)):
        table = app.query_one(ResourceTable)
        table.set_items(ROWS)
        assert computed == [] and table.index_pending == 30  # rows first, index later
        assert table.index_some(10) is True
        assert len(computed) == 10
        table.set_filter("item-2")  # typed before the index is complete: still exact
        assert table.visible_keys == list(range(20, 30))
        assert table.index_pending == 0
        names[5] = "renamed-FIVE"  # data a search text uses came later (project names)
        table.reindex([5])
        assert table.index_pending == 0  # a live filter recomputed it at once
        table.set_filter("five")
        assert table.visible_keys == [5]
        table.set_filter("")
        table.set_items([*ROWS, Row(99, "item-99", "")])
        table.set_filter("item-99")
        assert table.visible_keys == [99]
