"""Configuration: config file profiles, environment and flags resolved into ``Settings``.

Precedence: command-line flags > environment > config file profile > defaults. The token never
comes from the command line or the config file itself (see ``tui.config.tokens``).
"""

from tui.api.errors import ConfigError
from tui.config.profiles import list_profiles
from tui.config.resolve import Draft, MissingSetting, gather, load_settings
from tui.config.settings import Settings

__all__ = [
    "ConfigError",
    "Draft",
    "MissingSetting",
    "Settings",
    "gather",
    "list_profiles",
    "load_settings",
]
