"""The config file's schema: pydantic models that reject unknown keys and name what is allowed.

The file never holds a token: a profile names where the token comes from (``token_env``,
``token_file`` or ``token_command``), at most one of them.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
TOKEN_SOURCES: tuple[str, ...] = ("token_env", "token_file", "token_command")
_SECRET_KEYS = frozenset(
    {"token", "api_token", "api_key", "sde_api_token", "sde_api_key", "password"}
)


class ProfileConfig(BaseModel):
    """One ``[profiles.NAME]`` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    server: str | None = None
    token_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    token_file: str | None = None
    token_command: str | None = None
    ca_file: str | None = None
    verify_tls: StrictBool = True
    connect_timeout: float | None = Field(default=None, gt=0, le=600)
    read_timeout: float | None = Field(default=None, gt=0, le=600)
    deadline: float | None = Field(default=None, gt=0, le=3600)
    read_only: StrictBool = False
    production: StrictBool = False
    allow_http: StrictBool = False
    page_size: int | None = Field(default=None, ge=1, le=1000)
    concurrency: int | None = Field(default=None, ge=1, le=64)

    @model_validator(mode="before")
    @classmethod
    def _no_token_in_file(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in data:
                if str(key).lower() in _SECRET_KEYS:
                    raise ValueError(
                        f"'{key}': a token is never stored in the config file; "
                        "use token_env, token_file or token_command"
                    )
        return data

    @model_validator(mode="after")
    def _one_token_source(self) -> ProfileConfig:
        given = [name for name in TOKEN_SOURCES if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(
                f"set only one of {', '.join(TOKEN_SOURCES)} (found {', '.join(given)})"
            )
        return self

    @field_validator("server", "token_file", "token_command", "ca_file")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be empty")
        return value

    def token_source(self) -> tuple[str, str] | None:
        """``(kind, value)`` of this profile's token source, or None."""
        for name in TOKEN_SOURCES:
            value = getattr(self, name)
            if value is not None:
                return name, value
        return None


class ConfigFile(BaseModel):
    """The whole file: an optional ``default_profile`` and the ``[profiles.*]`` tables."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default_profile: str | None = None
    profiles: dict[str, ProfileConfig] = Field(default_factory=dict)

    @field_validator("profiles")
    @classmethod
    def _names(cls, profiles: dict[str, ProfileConfig]) -> dict[str, ProfileConfig]:
        for name in profiles:
            if not PROFILE_NAME.match(name):
                raise ValueError(
                    f"profile name {name!r} is not allowed: use letters, digits, '_', '.', '-'"
                )
        return profiles

    @model_validator(mode="after")
    def _default_exists(self) -> ConfigFile:
        if self.default_profile is not None and self.default_profile not in self.profiles:
            known = ", ".join(sorted(self.profiles)) or "none defined"
            raise ValueError(
                f"default_profile {self.default_profile!r} is not a [profiles.*] table "
                f"(profiles: {known})"
            )
        return self


PROFILE_KEYS: tuple[str, ...] = tuple(ProfileConfig.model_fields)
TOP_KEYS: tuple[str, ...] = tuple(ConfigFile.model_fields)
