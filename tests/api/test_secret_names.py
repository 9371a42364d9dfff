"""One secret-name rule (``tui.api.secrets.is_secret_key``): params, screens, exports and the
config file all ask it."""

from __future__ import annotations

from typing import Any

import pytest

from tui.api.secrets import is_secret_key
from tui.config.schema import PROFILE_KEYS, TOKEN_SOURCES, ProfileConfig


@pytest.mark.parametrize(
    "name",
    [
        "alm_pass",
        "issue_tracker_pass",
        "alm_api_token",
        "issue_tracker_api_token",
        "ALM_PASS",  # any case
        "password",
        "Passphrase",
        "token",
        "sde_api_key",
        "GitHub_API_Key",
        "apikey",
        "api-key",
        "client_secret",
        "private_key",
        "aws_credentials",
        "auth_key",
        "session_id",
    ],
)
def test_credential_names_are_secret(name: str) -> None:
    assert is_secret_key(name)


@pytest.mark.parametrize(
    "name",
    [
        "alm_auth_mode",  # says which credential is used; not one itself
        "issue_tracker_auth_mode",
        "ISSUE_TRACKER_AUTH_MODE",
        "session_capture_socket",
        "alm_user",
        "issue_tracker_server",
        "alm_context_root",
        "vault_phrase",
        "author",
        "",
    ],
)
def test_other_names_are_not_secret(name: str) -> None:
    assert not is_secret_key(name)


def test_a_schema_marking_overrides_the_name_rule() -> None:
    assert is_secret_key("vault_phrase", {"vault_phrase"})
    assert is_secret_key("alm_auth_mode", ("alm_auth_mode",))


def _parse(table: dict[str, Any]) -> tuple[ProfileConfig | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    return ProfileConfig.parse(table, "profiles.p", problems), problems


@pytest.mark.parametrize(
    "key", ["token", "api_token", "API_KEY", "sde_api_token", "password", "sde_secret", "pass"]
)
def test_config_refuses_any_key_the_rule_calls_secret(key: str) -> None:
    profile, problems = _parse({"server": "https://sde.example.com", key: "s3cret-value"})
    assert profile is None
    assert problems and "never stored in the config file" in problems[0][1]
    assert "s3cret-value" not in str(problems)


@pytest.mark.parametrize("key", TOKEN_SOURCES)
def test_config_token_sources_name_where_the_token_is_and_are_allowed(key: str) -> None:
    assert is_secret_key(key)  # by name they look like secrets ...
    profile, problems = _parse({"server": "https://sde.example.com", key: "SDE_TOKEN"})
    assert problems == [] and profile is not None  # ... but the schema knows them


def test_no_other_profile_key_looks_like_a_secret() -> None:
    assert [key for key in PROFILE_KEYS if is_secret_key(key)] == list(TOKEN_SOURCES)
