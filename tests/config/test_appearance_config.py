"""``theme`` and ``[keymap]`` in the config file and its profiles, and ``--theme``: where each
comes from, and errors that name the file, the key and what is allowed."""

from __future__ import annotations

from argparse import Namespace
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.config import ConfigError, load_settings
from tui.config.appearance import DEFAULT_THEME, THEME_NAMES
from tui.config.resolve import appearance

PROFILES = """
theme = "sde-light"

[keymap]
"list.refresh" = "f5"
"app.help" = "f1"

[profiles.lab]
server = "https://lab.example.com"
token_env = "LAB_TOKEN"

[profiles.prod]
server = "https://sde.example.com"
token_env = "PROD_TOKEN"
theme = "ansi-dark"

[profiles.prod.keymap]
"list.refresh" = "ctrl+r,f5"
"""
ENV = {"LAB_TOKEN": "lab-token-1", "PROD_TOKEN": "prod-token-1"}


def flags(**values: object) -> Namespace:
    return Namespace(**{"profile": None, "config": None, "theme": None, **values})


def settings_for(path: Path, **values: object) -> object:
    return load_settings(flags(**values), {**ENV, "SDE_ALM_CONFIG": str(path)})


def test_the_file_theme_and_keymap_apply_to_every_profile(
    write_config: Callable[[str], Path],
) -> None:
    settings = settings_for(write_config(PROFILES), profile="lab")
    assert settings.theme == "sde-light"  # type: ignore[attr-defined]
    assert settings.sources["theme"].startswith("theme in ")  # type: ignore[attr-defined]
    keymap = {r.binding_id: r.keys for r in settings.keymap}  # type: ignore[attr-defined]
    assert keymap == {"list.refresh": "f5", "app.help": "f1"}


def test_a_profile_theme_and_keymap_lines_win_over_the_file_s(
    write_config: Callable[[str], Path],
) -> None:
    settings = settings_for(write_config(PROFILES), profile="prod")
    assert settings.theme == "ansi-dark"  # type: ignore[attr-defined]
    assert settings.sources["theme"] == "profile prod"  # type: ignore[attr-defined]
    remaps = {r.binding_id: r for r in settings.keymap}  # type: ignore[attr-defined]
    assert remaps["list.refresh"].keys == "ctrl+r,f5"
    assert remaps["list.refresh"].key == 'profiles.prod.keymap."list.refresh"'
    assert remaps["app.help"].key == 'keymap."app.help"'


def test_the_theme_flag_wins_over_the_profile(write_config: Callable[[str], Path]) -> None:
    settings = settings_for(write_config(PROFILES), profile="prod", theme="sde-dark")
    assert settings.theme == "sde-dark"  # type: ignore[attr-defined]
    assert settings.sources["theme"] == "flag --theme"  # type: ignore[attr-defined]


def test_without_a_file_the_default_theme_and_no_keymap(isolated_config: Path) -> None:
    draft = appearance(flags(), {"SDE_ALM_CONFIG": str(isolated_config)})
    assert (draft.values["theme"], draft.values["keymap"]) == (DEFAULT_THEME, ())


def test_demo_takes_the_file_s_top_level_look(write_config: Callable[[str], Path]) -> None:
    draft = appearance(flags(), {"SDE_ALM_CONFIG": str(write_config(PROFILES))})
    assert draft.values["theme"] == "sde-light"
    assert [r.binding_id for r in draft.values["keymap"]] == ["list.refresh", "app.help"]


@pytest.mark.parametrize(
    ("text", "key"),
    [('theme = "solarized"\n', "theme"),
     ('[profiles.p]\ntheme = "dark"\n', "profiles.p.theme")],
)
def test_an_unknown_theme_names_the_file_the_key_and_the_themes(
    write_config: Callable[[str], Path], isolated_config: Path, text: str, key: str
) -> None:
    write_config(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(flags(), {"SDE_ALM_CONFIG": str(isolated_config)})
    message = caught.value.message
    assert "config.toml is not valid" in message
    assert f"{key}: unknown theme" in message
    assert f"allowed: {', '.join(THEME_NAMES)}" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [('[keymap]\n"list.refresh" = 5\n', 'keymap."list.refresh": expected keys as a string'),
     ('[keymap]\n"refresh" = "f5"\n', 'keymap."refresh": not a binding id'),
     ('[keymap]\n"list.refresh" = "f5, f6"\n', 'keymap."list.refresh": expected keys'),
     ('keymap = "f5"\n', "keymap: expected a [table]"),
     ('[profiles.p.keymap]\n"list.refresh" = ""\n', 'profiles.p.keymap."list.refresh"')],
)
def test_a_malformed_keymap_line_names_its_key(
    write_config: Callable[[str], Path], isolated_config: Path, text: str, expected: str
) -> None:
    write_config(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(flags(), {"SDE_ALM_CONFIG": str(isolated_config)})
    assert expected in caught.value.message
