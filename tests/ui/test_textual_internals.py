"""Each private Textual attribute sde-alm relies on still exists and still does its job; none is
used outside ``tui/ui/textual_internals.py``. A failure here after a Textual upgrade names it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Static

import tui
from tui.ui import textual_internals as internals
from tui.ui.export import screen_text
from tui.ui.widgets.resource_table import ResourceTable

PRIVATE = ("_css_update_count", "_compositor", "_background_screens", "_screen_stacks",
           "_scroll_update")


class _Page(Screen[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text)


class _App(App[None]):
    MODES: ClassVar[dict[str, Any]] = {
        "one": lambda: _Page("first mode"),
        "two": lambda: _Page("second mode"),
    }

    def compose(self) -> ComposeResult:
        yield ScrollView(id="view")


async def test_css_generation_is_read_and_a_screen_can_be_marked_current() -> None:
    app = _App()
    async with app.run_test():
        assert internals.css_generation(app) == 0
        page = _Page("x")
        assert internals.css_generation(page) == -1  # a new screen starts one behind
        internals.mark_css_current(page, 0)
        assert internals.css_generation(page) == 0


async def test_render_screen_gives_the_text_on_screen() -> None:
    app = _App()
    async with app.run_test(size=(40, 5)) as pilot:
        await app.switch_mode("one")
        await pilot.pause()
        assert "first mode" in screen_text(app)  # screen_text prints render_screen's update


async def test_all_screens_spans_every_mode() -> None:
    app = _App()
    async with app.run_test() as pilot:
        await app.switch_mode("one")
        await app.switch_mode("two")
        await pilot.pause()
        texts = {getattr(screen, "text", None) for screen in internals.all_screens(app)}
        assert {"first mode", "second mode"} <= texts


async def test_update_scrollbars_measures_without_a_layout() -> None:
    app = _App()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one("#view", ScrollView)
        view.set_reactive(ScrollView.virtual_size, Size(40, 500))
        internals.update_scrollbars(view, Size(40, 500))
        await pilot.pause()
        assert view.show_vertical_scrollbar
        assert view.max_scroll_y > 0


def test_overridden_private_hooks_still_exist_with_the_signature_we_override() -> None:
    for cls, name in internals.OVERRIDDEN_HOOKS:
        assert callable(getattr(cls, name, None)), f"{cls.__name__}.{name} is gone"
    params = list(inspect.signature(ScrollView._size_updated).parameters)
    assert params == ["self", "size", "virtual_size", "container_size", "layout"]
    assert list(inspect.signature(App._handle_exception).parameters) == ["self", "error"]


def test_resource_table_keeps_widget_remove_meaning_removing_the_widget() -> None:
    assert ResourceTable.remove is Widget.remove
    assert callable(ResourceTable.remove_item)


def test_no_private_textual_attribute_is_used_outside_the_internals_module() -> None:
    root = Path(tui.__file__).parent
    pattern = re.compile(r"\.(" + "|".join(PRIVATE) + r")\b")
    users: list[Any] = [
        path.relative_to(root)
        for path in root.rglob("*.py")
        if path.name != "textual_internals.py" and pattern.search(path.read_text())
    ]
    assert users == []
