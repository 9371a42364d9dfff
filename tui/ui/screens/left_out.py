"""What a list load could not show: items left out (failed validation) and paging that stopped.

The list screen owns one ``ListGaps`` per load; its header carries the badge and ``w`` opens
``LeftOutScreen``, so nothing read from the server disappears without a word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.api.display import display_text

if TYPE_CHECKING:
    from tui.api.paging import ItemProblem, ListResult

LEFT_OUT = Binding("w", "left_out", "Left out", id="list.left_out")
SHOWN = 500
"""Problems listed one by one; the rest are counted (a broken server can fail every item)."""
PAGING_STOPPED = "Paging stopped before the end of the list."


@dataclass
class ListGaps:
    """Items a load left out, and why the list may be incomplete."""

    left_out: list[ItemProblem] = field(default_factory=list)
    partial_reason: str | None = None
    """Set when the list stopped early; the rows shown are not the whole list."""

    def take(self, result: ListResult[Any]) -> None:
        """Note a ``ListResult``'s problems, and whether it says the list stopped early."""
        self.left_out.extend(result.problems)
        # Read with getattr: ``ListResult.partial`` is the client's way to say paging stopped.
        if getattr(result, "partial", False):
            reason = getattr(result, "partial_reason", None)
            self.partial_reason = str(reason) if reason else PAGING_STOPPED

    def stopped(self, reason: str) -> None:
        self.partial_reason = reason

    @property
    def empty(self) -> bool:
        return not self.left_out and self.partial_reason is None

    def badge(self) -> str:
        """The header's words for the gaps (a glyph and words: never colour alone)."""
        parts = []
        if self.partial_reason is not None:
            parts.append("partial")
        if self.left_out:
            parts.append(f"{len(self.left_out)} left out")
        return f"⚠ {', '.join(parts)}" if parts else ""


def describe(gaps: ListGaps, kind: str) -> Text:
    """The gaps as lines: the partial reason first, then each item left out and why."""
    out = Text()
    if gaps.partial_reason is not None:
        out.append("Partial list: ", style="bold")
        out.append(f"{display_text(gaps.partial_reason, max_chars=400)}\n")
        out.append("Rows after that point were not read; r reloads.\n\n")
    if gaps.left_out:
        count = len(gaps.left_out)
        out.append(f"{count} {kind}(s) left out: ", style="bold")
        out.append("the server sent them in a shape this program cannot read.\n")
    for problem in gaps.left_out[:SHOWN]:
        who = (
            f"id {display_text(problem.item_id, max_chars=40)}"
            if problem.item_id is not None
            else f"item {problem.index + 1} of the listing (no usable id)"
        )
        out.append(f"• {who}", style="bold")
        out.append(f"\n  {display_text(problem.message, max_chars=400)}\n")
    if len(gaps.left_out) > SHOWN:
        out.append(f"… and {len(gaps.left_out) - SHOWN} more\n")
    return out


class LeftOutScreen(ModalScreen[None]):
    """The list of what a load left out; esc, q or w closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,w", "dismiss", "Close", id="left_out.close"),
    ]

    DEFAULT_CSS = """
    LeftOutScreen { align: center middle; }
    LeftOutScreen > Vertical { width: 90; max-width: 100%; height: auto; max-height: 90%;
        border: thick $warning; background: $surface; padding: 0 1; }
    LeftOutScreen VerticalScroll { height: auto; max-height: 100%; }
    """

    def __init__(self, title: str, gaps: ListGaps, kind: str) -> None:
        super().__init__()
        self._title = title
        self._gaps = gaps
        self._kind = kind

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self._title}: not shown  (esc to close)\n", style="bold"))
            with VerticalScroll(id="left-out-list"):
                yield Static(describe(self._gaps, self._kind), id="left-out-text")

    def on_mount(self) -> None:
        self.query_one("#left-out-list").focus()
