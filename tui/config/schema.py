"""The config file's schema: plain validation that rejects unknown keys and names what is allowed.

The file never holds a token: a profile names where the token comes from (``token_env``,
``token_file`` or ``token_command``), at most one of them.

This is hand-written rather than a pydantic model on purpose: the config file is read before the
TUI's first frame, and importing pydantic alone costs more than the rest of start-up. Every
problem in a file is collected (not just the first), each as ``(key path, message)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tui.api.secrets import is_secret_key
from tui.api.vocab import ApiFamily
from tui.config.appearance import check_theme, parse_keymap

PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
TOKEN_SOURCES: tuple[str, ...] = ("token_env", "token_file", "token_command")
API_FAMILY_AUTO = "auto"
API_FAMILIES: tuple[str, ...] = (API_FAMILY_AUTO, *(family.value for family in ApiFamily))
"""``api_family`` values: find it at run time, or force one family's paths."""

Problem = tuple[str, str]
"""``(dotted key, what is wrong and what is allowed)``."""


class SchemaError(ValueError):
    """The file's data does not fit the schema; ``problems`` lists every mistake."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{key}: {text}" for key, text in problems))
        self.problems = problems


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return "expected a string (allowed: a quoted string)"
    if not value.strip():
        return "must not be empty"
    return None


def _boolean(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    return "expected a boolean (allowed: true or false (no quotes))"


def _number(low: float, high: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "expected a number (allowed: a number of seconds)"
        if not low < value <= high:
            return f"must be more than {low:g} and at most {high:g} seconds"
        return None

    return check


def _whole(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "expected a whole number (allowed: a whole number)"
        if not low <= value <= high:
            return f"must be from {low} to {high}"
        return None

    return check


def _choice(allowed: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value not in allowed:
            return f"must be one of: {', '.join(repr(v) for v in allowed)}"
        return None

    return check


def _env_name(value: Any) -> str | None:
    problem = _text(value)
    if problem is None and not _ENV_NAME.match(value):
        return "must be an environment variable name (letters, digits and '_', not first a digit)"
    return problem


_PROFILE_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "server": _text,
    "token_env": _env_name,
    "token_file": _text,
    "token_command": _text,
    "ca_file": _text,
    "verify_tls": _boolean,
    "connect_timeout": _number(0, 600),
    "read_timeout": _number(0, 600),
    "deadline": _number(0, 3600),
    "read_only": _boolean,
    "production": _boolean,
    "allow_http": _boolean,
    "page_size": _whole(1, 1000),
    "concurrency": _whole(1, 64),
    "max_pages": _whole(1, 1_000_000),
    "max_items": _whole(1, 100_000_000),
    "api_family": _choice(API_FAMILIES),
    "theme": check_theme,
}


@dataclass(frozen=True)
class ProfileConfig:
    """One ``[profiles.NAME]`` table; ``fields_set`` holds the keys the file gave."""

    server: str | None = None
    token_env: str | None = None
    token_file: str | None = None
    token_command: str | None = None
    ca_file: str | None = None
    verify_tls: bool = True
    connect_timeout: float | None = None
    read_timeout: float | None = None
    deadline: float | None = None
    read_only: bool = False
    production: bool = False
    allow_http: bool = False
    page_size: int | None = None
    concurrency: int | None = None
    max_pages: int | None = None
    max_items: int | None = None
    api_family: str = API_FAMILY_AUTO
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict, compare=False)
    fields_set: frozenset[str] = field(default=frozenset(), compare=False)

    @classmethod
    def parse(cls, data: Any, where: str, problems: list[Problem]) -> ProfileConfig | None:
        """A profile from a TOML table; problems are appended (keys prefixed with ``where``)."""
        if not isinstance(data, Mapping):
            problems.append((where, "expected a [table] (allowed: a [table])"))
            return None
        before = len(problems)
        for key in data:
            # The profile's own keys (token_file...) say where a secret is; any other key the
            # one secret-name rule flags would put the secret itself in the file.
            if key not in _PROFILE_CHECKS and is_secret_key(str(key)):
                problems.append((where, f"'{key}': a token is never stored in the config file; "
                                        "use token_env, token_file or token_command"))
                return None
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "keymap":
                values[key] = parse_keymap(value, f"{where}.keymap", problems)
                continue
            check = _PROFILE_CHECKS.get(key)
            if check is None:
                problems.append((f"{where}.{key}",
                                 f"unknown key; allowed keys: {', '.join(PROFILE_KEYS)}"))
                continue
            problem = check(value)
            if problem is not None:
                problems.append((f"{where}.{key}", problem))
                continue
            values[key] = float(value) if key.endswith(("timeout", "deadline")) else value
        given = [name for name in TOKEN_SOURCES if name in values]
        if len(given) > 1:
            problems.append((where, f"set only one of {', '.join(TOKEN_SOURCES)} "
                                    f"(found {', '.join(given)})"))
        if len(problems) > before:
            return None
        return cls(**values, fields_set=frozenset(values))

    def token_source(self) -> tuple[str, str] | None:
        """``(kind, value)`` of this profile's token source, or None."""
        for name in TOKEN_SOURCES:
            value = getattr(self, name)
            if value is not None:
                return name, value
        return None


@dataclass(frozen=True)
class ConfigFile:
    """The whole file: an optional ``default_profile``, the appearance every profile starts from
    (``theme``, ``[keymap]``) and the ``[profiles.*]`` tables."""

    default_profile: str | None = None
    profiles: dict[str, ProfileConfig] = field(default_factory=dict)
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> ConfigFile:
        """Validate parsed TOML; raises ``SchemaError`` naming every problem."""
        problems: list[Problem] = []
        for key in data:
            if key not in TOP_KEYS:
                problems.append((key, f"unknown key; allowed keys: {', '.join(TOP_KEYS)}"))
        default = data.get("default_profile")
        if default is not None and (problem := _text(default)) is not None:
            problems.append(("default_profile", problem))
            default = None
        theme = data.get("theme")
        if theme is not None and (problem := check_theme(theme)) is not None:
            problems.append(("theme", problem))
            theme = None
        keymap = parse_keymap(data["keymap"], "keymap", problems) if "keymap" in data else {}
        tables = data.get("profiles", {})
        profiles: dict[str, ProfileConfig] = {}
        if not isinstance(tables, Mapping):
            problems.append(("profiles", "expected a [table] (allowed: a [table])"))
            tables = {}
        for name, table in tables.items():
            if not PROFILE_NAME.match(name):
                problems.append(("profiles", f"profile name {name!r} is not allowed: use "
                                             "letters, digits, '_', '.', '-'"))
                continue
            profile = ProfileConfig.parse(table, f"profiles.{name}", problems)
            if profile is not None:
                profiles[name] = profile
        if default is not None and default not in tables:
            known = ", ".join(sorted(tables)) or "none defined"
            problems.append(("(top level)", f"default_profile {default!r} is not a [profiles.*] "
                                            f"table (profiles: {known})"))
        if problems:
            raise SchemaError(problems)
        return cls(default_profile=default, profiles=profiles, theme=theme, keymap=keymap)


PROFILE_KEYS: tuple[str, ...] = (*_PROFILE_CHECKS, "keymap")
TOP_KEYS: tuple[str, ...] = ("default_profile", "profiles", "theme", "keymap")
