"""Appearance settings: the themes the app offers and the shape of a keymap.

No Textual here: the config file is checked before the app is imported (and by the headless
commands, which never import it). The themes themselves are built in ``tui/ui/themes.py``; that a
keymap names real bindings is checked when the app starts (``tui/ui/keymap.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

THEME_NAMES: tuple[str, ...] = ("sde-dark", "sde-light", "ansi-dark", "ansi-light")
"""``sde-*`` draw their own colours; ``ansi-*`` use the terminal's palette and background."""
DEFAULT_THEME = "sde-dark"

_BINDING_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_KEY = re.compile(r"^[^\s,]+$")

Problem = tuple[str, str]


class KeyRemap(NamedTuple):
    """One keymap line and where it was written (for the error when the id is not a binding)."""

    binding_id: str
    keys: str
    key: str
    """Its dotted key in the config file, e.g. ``profiles.prod.keymap."list.refresh"``."""


def check_theme(value: Any) -> str | None:
    """What is wrong with a ``theme`` value, or None."""
    if value in THEME_NAMES:
        return None
    shown = repr(value) if isinstance(value, str) else "this value"
    return f"unknown theme {shown}; allowed: {', '.join(THEME_NAMES)}"


def parse_keymap(value: Any, where: str, problems: list[Problem]) -> dict[str, str]:
    """A ``[keymap]`` table (binding id -> keys, e.g. ``"list.refresh" = "f5,ctrl+r"``);
    problems are appended with their dotted key."""
    if not isinstance(value, Mapping):
        problems.append((where, 'expected a [table] of "binding.id" = "key" lines'))
        return {}
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        key = f'{where}."{binding_id}"'
        if not _BINDING_ID.match(binding_id):
            problems.append((key, "not a binding id (allowed: ids like list.refresh or "
                                  "app.help; `?` in the app lists the keys)"))
        elif not isinstance(keys, str) or not all(_KEY.match(k) for k in keys.split(",")):
            problems.append((key, 'expected keys as a string (allowed: "f5", "ctrl+r", '
                                  'several separated by commas: "f5,ctrl+r")'))
        else:
            keymap[binding_id] = keys
    return keymap
