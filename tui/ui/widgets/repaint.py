"""Repaint only the cells that look different: Textual rewrites every cell of a dirty region.

A widget that swaps one item's text for another's compares what it painted with what it will
paint, line by line, and marks dirty only the span from the first to the last differing cell.
Each cell and each style change costs bytes on the terminal's wire, every frame.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.geometry import Region
from textual.strip import Strip

Cell = tuple[str, object]
_NOTHING: Cell = ("\x00", object())  # past the end of the shorter line: equal to no cell


def _cells(strip: Strip) -> list[Cell]:
    cells: list[Cell] = []
    for text, style, control in strip:
        if control:
            continue
        # Textual's meta (each segment's offset in the source text, for selection) is not drawn:
        # a line that moved down in the source but looks the same needs no repaint.
        look = None if style is None else (style.clear_meta_and_links(), style.link)
        for char in text:
            width = cell_len(char)
            if not width and cells:  # a combining mark belongs to the cell before it
                cells[-1] = (cells[-1][0] + char, cells[-1][1])
                continue
            cells.append((char, look))
            if width == 2:
                cells.append(("", look))  # the right half of a wide character
    return cells


def changed_span(before: Strip, after: Strip) -> tuple[int, int] | None:
    """The cells ``[start, end)`` that differ between two renderings of a line (None: none)."""
    if before == after:
        return None
    old, new = _cells(before), _cells(after)
    if old == new:
        return None
    # Cells pair by column: a line shorter than the other ends in cells that match nothing.
    width = max(len(old), len(new))
    old.extend([_NOTHING] * (width - len(old)))
    new.extend([_NOTHING] * (width - len(new)))
    start = 0
    while start < width and old[start] == new[start]:
        start += 1
    end = width
    while end > start and old[end - 1] == new[end - 1]:
        end -= 1
    # Never split a wide character: widen to include both of its halves.
    if start and (_half(old, start) or _half(new, start)):
        start -= 1
    if _half(old, end) or _half(new, end):
        end += 1
    return start, end


def _half(cells: list[Cell], index: int) -> bool:
    return index < len(cells) and cells[index][0] == ""


def changed_regions(before: Sequence[Strip], after: Sequence[Strip]) -> list[Region]:
    """Regions (one per line at most) covering every cell that differs; lines pair by index."""
    regions = []
    for y, (old, new) in enumerate(zip(before, after, strict=True)):
        span = changed_span(old, new)
        if span is not None:
            regions.append(Region(span[0], y, span[1] - span[0], 1))
    return regions
