"""Finding and loading the TOML config file; errors name the file, the key and what is allowed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from tui.api.errors import ConfigError
from tui.config.schema import ConfigFile, SchemaError

CONFIG_ENV = "SDE_ALM_CONFIG"

def default_config_path() -> Path:
    """``config.toml`` in the platform's user config dir for sde-alm."""
    from platformdirs import user_config_path

    return user_config_path("sde-alm") / "config.toml"


def config_location(flag: str | None, env: Mapping[str, str]) -> tuple[Path, str, bool]:
    """``(path, source, explicit)``: ``--config`` beats ``SDE_ALM_CONFIG`` beats the default."""
    if flag:
        return Path(flag).expanduser(), "flag --config", True
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser(), f"env {CONFIG_ENV}", False
    return default_config_path(), "default", False


def tilde(path: Path | str) -> str:
    """``path`` with the home directory shown as ``~`` (shorter, and it is what users type)."""
    text = str(path)
    home = os.path.expanduser("~")
    if home not in ("", "/") and (text == home or text.startswith(home + os.sep)):
        return "~" + text[len(home):]
    return text


def _format_error(path: Path, error: SchemaError) -> str:
    lines = [f"  {key}: {text}" for key, text in error.problems]
    return f"{tilde(path)} is not valid:\n" + "\n".join(lines)


def parse_config(path: Path, text: str) -> ConfigFile:
    """Validate TOML ``text`` read from ``path``; every problem is a ``ConfigError``."""
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{tilde(path)} is not valid TOML: {exc}") from None
    try:
        return ConfigFile.parse(data)
    except SchemaError as exc:
        raise ConfigError(_format_error(path, exc)) from None


def load_config(path: Path, *, explicit: bool = False) -> ConfigFile | None:
    """The parsed file, or None when it does not exist (an error if ``--config`` named it)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config file {tilde(path)} does not exist") from None
        return None
    except IsADirectoryError:
        raise ConfigError(f"config path {tilde(path)} is a directory, not a file") from None
    except PermissionError:
        raise ConfigError(f"cannot read config file {tilde(path)}: permission denied") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{tilde(path)} is not UTF-8 text") from None
    return parse_config(path, text)
