"""Configuration: config file profiles, environment and flags resolved into ``Settings``.

Precedence: command-line flags > environment > config file profile > defaults. The token never
comes from the command line or the config file itself (see ``tui.config.tokens``). Names are
imported on first use, so ``sde-alm --help`` does not pay for pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.api.errors import ConfigError
    from tui.config.profiles import list_profiles
    from tui.config.resolve import Draft, MissingSetting, gather, load_settings, switch_profile
    from tui.config.settings import Settings

_EXPORTS = {
    "ConfigError": "tui.api.errors",
    "Draft": "tui.config.resolve",
    "MissingSetting": "tui.config.resolve",
    "Settings": "tui.config.settings",
    "gather": "tui.config.resolve",
    "list_profiles": "tui.config.profiles",
    "load_settings": "tui.config.resolve",
    "switch_profile": "tui.config.resolve",
}

__all__ = [
    "ConfigError",
    "Draft",
    "MissingSetting",
    "Settings",
    "gather",
    "list_profiles",
    "load_settings",
    "switch_profile",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tui.config' has no attribute {name!r}")
