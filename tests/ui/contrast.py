"""Reading the colours a terminal really shows: every text cell of the composed screen, its
foreground and background downgraded as Textual downgrades them for the terminal's colour system
(``Strip.render_ansi`` calls ``rich.color.Color.downgrade``), then judged.

- 256 colours and truecolor: the WCAG contrast ratio of the two colours must be at least 4.5:1.
- 16 colours (and any colour the terminal's own palette decides, i.e. the ANSI themes): the
  terminal picks the real shades, so the test asks only that text and background are not of the
  same colour family (black and bright black are one family, red and bright red another, ...).

The terminal's default colours count as white-ish on a dark theme and black-ish on a light one.
Box drawing and block elements (borders, scrollbars, the footer's edge) are not text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.color import Color, ColorSystem, ColorType
from rich.color_triplet import ColorTriplet
from rich.style import Style
from textual.app import App
from textual.geometry import Region

SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
}
MIN_CONTRAST = 4.5
DIM_FACTOR = 0.5
"""How much of the foreground a dim (faint) cell keeps over its background, as Textual's own
``DimFilter`` draws it: terminals vary, this is the common half intensity."""
FAMILY_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    char: str
    style: Style


@dataclass(frozen=True)
class Problem:
    """Text that does not stand out from its background (with where it is, for the message)."""

    what: str
    x: int
    y: int
    line: str

    def __str__(self) -> str:
        return f"{self.what} at ({self.x},{self.y}) in {self.line.strip()[:60]!r}"


def screen_cells(app: App[object]) -> list[list[Cell]]:
    """The screen as the compositor hands it to the terminal (modals over their background)."""
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens
    )
    rows: list[list[Cell]] = []
    for y, line in enumerate(update.strips):  # type: ignore[union-attr]
        cells: list[Cell] = []
        x = 0
        for strip in line:
            for segment in strip:
                for char in segment.text:
                    cells.append(Cell(x, y, char, segment.style or Style()))
                    x += 1
        rows.append(cells)
    return rows


def is_text(char: str) -> bool:
    return bool(char.strip()) and not 0x2500 <= ord(char) <= 0x259F


def _luminance(rgb: ColorTriplet) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: ColorTriplet, two: ColorTriplet) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 (same) to 21."""
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _family(color: Color | None, *, foreground: bool, dark: bool) -> int:
    if color is None or color.type == ColorType.DEFAULT:
        return 7 if foreground == dark else 0  # light text on a dark terminal, and the reverse
    number = color.downgrade(ColorSystem.STANDARD).number
    assert number is not None
    return number % 8


def _terminal_decides(color: Color | None) -> bool:
    return color is None or color.type in (ColorType.DEFAULT, ColorType.STANDARD)


def judge(cell: Cell, system: ColorSystem, *, dark: bool) -> str | None:
    """Why ``cell`` is unreadable under ``system``, or None when it reads."""
    style = cell.style
    fg, bg = style.color, style.bgcolor
    if system == ColorSystem.STANDARD or _terminal_decides(fg) or _terminal_decides(bg):
        fg_family = _family(fg, foreground=True, dark=dark)
        bg_family = _family(bg, foreground=False, dark=dark)
        if fg_family == bg_family:  # reverse video swaps them: the same pair either way
            return f"{FAMILY_NAMES[fg_family]} on {FAMILY_NAMES[bg_family]}"
        return None
    assert fg is not None and bg is not None
    fg_rgb = fg.downgrade(system).get_truecolor()
    bg_rgb = bg.downgrade(system).get_truecolor()
    if style.dim:
        fg_rgb = ColorTriplet(
            *(round(b + (f - b) * DIM_FACTOR) for f, b in zip(fg_rgb, bg_rgb, strict=True))
        )
    if style.reverse:
        fg_rgb, bg_rgb = bg_rgb, fg_rgb
    ratio = contrast(fg_rgb, bg_rgb)
    if ratio < MIN_CONTRAST:
        return f"{fg_rgb.hex} on {bg_rgb.hex} is {ratio:.2f}:1"
    return None


def _judged_region(app: App[object]) -> list[Region] | None:
    """Behind a modal the screen underneath is faded on purpose and cannot be used: only the
    modal's own widgets are judged then (None: the whole screen)."""
    if not app._background_screens:
        return None
    return [widget.region for widget in app.screen.children if widget.region]


def problems(app: App[object], system: ColorSystem, *, dark: bool) -> Iterator[Problem]:
    """Every text cell that does not read; one report per colour pair and line."""
    seen: set[tuple[str, int]] = set()
    regions = _judged_region(app)
    for row in screen_cells(app):
        line = "".join(cell.char for cell in row)
        for cell in row:
            if not is_text(cell.char):
                continue
            if regions is not None and not any(r.contains(cell.x, cell.y) for r in regions):
                continue
            what = judge(cell, system, dark=dark)
            if what is not None and (what, cell.y) not in seen:
                seen.add((what, cell.y))
                yield Problem(f"{cell.char!r} {what}", cell.x, cell.y, line)
