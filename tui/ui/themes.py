"""The app's themes: colours that read on 16-colour, 256-colour and truecolor terminals.

A terminal with fewer colours gets each colour downgraded to its nearest (``rich.color``), so the
``sde-*`` colours are picked from the xterm 256-colour cube (256 colours show them exactly) and so
that, on 16 colours, text and its background always land in different colour families (the old
orange cursor row became bright red there, with "✖ failed" red on red). Status text sits on the
cursor row too: every status colour keeps 4.5:1 contrast on the page and on the cursor.

The ``ansi-*`` themes draw in the terminal's own palette and background, whatever they are; their
cursor row is reverse video, which keeps any text as readable as it is off the cursor.
``tests/ui/test_ui_readable_colours.py`` checks all of them on the rendered screen.
"""

from __future__ import annotations

from textual.theme import Theme

_SDE_DARK = Theme(
    name="sde-dark",
    primary="#005faf",
    secondary="#0087af",
    accent="#5fafff",
    warning="#ffd75f",
    error="#ff8787",
    success="#5fd75f",
    foreground="#eeeeee",
    background="#121212",
    surface="#1c1c1c",
    panel="#262626",
    dark=True,
    variables={
        "text-muted": "#a8a8a8",
        "text-disabled": "#949494",
        "text-accent": "#5fafff",
        "text-primary": "#5fafff",
        "text-success": "#5fd75f",
        "text-error": "#ff8787",
        "text-warning": "#ffd75f",
        "block-cursor-background": "#0000af",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#303030",
        "block-cursor-blurred-foreground": "#eeeeee",
        "footer-background": "#262626",
        "footer-foreground": "#eeeeee",
        "footer-key-foreground": "#5fafff",
        "footer-description-foreground": "#eeeeee",
    },
)

_SDE_LIGHT = Theme(
    name="sde-light",
    primary="#005faf",
    secondary="#0087af",
    accent="#0000af",
    warning="#5f5f00",
    error="#af0000",
    success="#005f00",
    foreground="#1c1c1c",
    background="#ffffff",
    surface="#eeeeee",
    panel="#e4e4e4",
    dark=False,
    variables={
        "text-muted": "#4e4e4e",
        "text-disabled": "#5f5f5f",
        "text-accent": "#0000af",
        "text-primary": "#0000af",
        "text-success": "#005f00",
        "text-error": "#af0000",
        "text-warning": "#5f5f00",
        "block-cursor-background": "#87ffff",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#dadada",
        "block-cursor-blurred-foreground": "#1c1c1c",
        "footer-background": "#e4e4e4",
        "footer-foreground": "#1c1c1c",
        "footer-key-foreground": "#0000af",
        "footer-description-foreground": "#1c1c1c",
    },
)

_ANSI_COMMON = {
    "block-cursor-background": "ansi_default",
    "block-cursor-foreground": "ansi_default",
    "block-cursor-text-style": "bold reverse",
    "block-cursor-blurred-background": "ansi_default",
    "block-cursor-blurred-foreground": "ansi_default",
    "block-cursor-blurred-text-style": "underline",
}

_ANSI_DARK = Theme(
    name="ansi-dark",
    ansi=True,
    primary="ansi_blue",
    secondary="ansi_cyan",
    accent="ansi_bright_cyan",
    warning="ansi_bright_yellow",
    error="ansi_bright_red",
    success="ansi_bright_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    variables={
        **_ANSI_COMMON,
        "ansi-background": "ansi_black",
        "ansi-foreground": "ansi_white",
        "text-muted": "ansi_white",
        "footer-key-foreground": "ansi_bright_cyan",
    },
)

_ANSI_LIGHT = Theme(
    name="ansi-light",
    ansi=True,
    primary="ansi_blue",
    secondary="ansi_cyan",
    accent="ansi_blue",
    warning="ansi_yellow",
    error="ansi_red",
    success="ansi_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=False,
    variables={
        **_ANSI_COMMON,
        "ansi-background": "ansi_white",
        "ansi-foreground": "ansi_black",
        "text-muted": "ansi_bright_black",
        "footer-key-foreground": "ansi_blue",
    },
)

THEMES: dict[str, Theme] = {  # in the order of tui.config.appearance.THEME_NAMES
    theme.name: theme for theme in (_SDE_DARK, _SDE_LIGHT, _ANSI_DARK, _ANSI_LIGHT)
}
