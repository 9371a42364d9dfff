"""Profile names, for ``info``, for error messages and for the TUI's profile switcher."""

from __future__ import annotations

from pathlib import Path

from tui.config.file import load_config
from tui.config.schema import ConfigFile


def list_profiles(config: ConfigFile | Path | str | None) -> list[str]:
    """The profile names in ``config`` (a parsed file or its path), sorted; [] when there is none.

    Use ``load_settings(args, env, profile=NAME)`` to resolve one of them.
    """
    if config is None:
        return []
    if not isinstance(config, ConfigFile):
        loaded = load_config(Path(config))
        if loaded is None:
            return []
        config = loaded
    return sorted(config.profiles)
