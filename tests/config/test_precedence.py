"""Flags beat the environment, which beats the config file profile, which beats the defaults."""

from __future__ import annotations

from argparse import Namespace
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.config import ConfigError, gather, list_profiles, load_settings


def flags(**values: object) -> Namespace:
    base: dict[str, object] = {
        "server": None, "profile": None, "config": None, "read_only": None, "insecure": None,
        "ca_file": None, "allow_http": None, "log_file": None, "log_level": None,
    }
    base.update(values)
    return Namespace(**base)


@pytest.fixture
def two_profiles(write_config: Callable[[str], Path], token_file: Callable[..., Path]) -> Path:
    staging = token_file("staging-token-123", "staging.token")
    return write_config(f"""
default_profile = "staging"

[profiles.staging]
server = "https://staging.example.com"
token_file = "{staging}"
read_only = true
page_size = 50

[profiles.prod]
server = "https://sde.example.com/api/v2"
token_command = "printf 'prod-token-456\\n'"
production = true
concurrency = 2
""")


def test_default_profile_is_used_when_nothing_else_selects_one(two_profiles: Path) -> None:
    settings = load_settings(flags(), {"SDE_ALM_CONFIG": str(two_profiles)})
    assert settings.profile == "staging"
    assert settings.server == "https://staging.example.com"
    assert settings.token.get_secret_value() == "staging-token-123"
    assert settings.read_only is True
    assert settings.page_size == 50
    assert settings.sources["server"] == "profile staging"
    assert settings.sources["profile"].startswith("default_profile")


def test_sde_profile_env_beats_default_profile(two_profiles: Path) -> None:
    env = {"SDE_ALM_CONFIG": str(two_profiles), "SDE_PROFILE": "prod"}
    settings = load_settings(flags(), env)
    assert (settings.profile, settings.production, settings.concurrency) == ("prod", True, 2)
    assert settings.server == "https://sde.example.com"
    assert settings.token.get_secret_value() == "prod-token-456"
    assert settings.sources["token"].startswith("command printf")


def test_profile_flag_beats_sde_profile_env(two_profiles: Path) -> None:
    env = {"SDE_ALM_CONFIG": str(two_profiles), "SDE_PROFILE": "prod"}
    settings = load_settings(flags(profile="staging"), env)
    assert settings.profile == "staging"
    assert settings.sources["profile"] == "flag --profile"


def test_env_server_and_token_beat_the_profile(two_profiles: Path) -> None:
    env = {"SDE_ALM_CONFIG": str(two_profiles), "SDE_SERVER": "https://other.example.com",
           "SDE_API_TOKEN": "env-token-789"}
    settings = load_settings(flags(), env)
    assert settings.server == "https://other.example.com"
    assert settings.token.get_secret_value() == "env-token-789"
    assert settings.sources["server"] == "env SDE_SERVER"
    assert settings.sources["token"] == "env SDE_API_TOKEN"
    assert settings.read_only is True  # still from the profile: only what env sets is overridden


def test_server_flag_beats_env(two_profiles: Path) -> None:
    env = {"SDE_ALM_CONFIG": str(two_profiles), "SDE_SERVER": "https://env.example.com",
           "SDE_API_TOKEN": "env-token-789"}
    settings = load_settings(flags(server="https://flag.example.com/"), env)
    assert settings.server == "https://flag.example.com"
    assert settings.sources["server"] == "flag --server"


def test_read_only_flag_beats_env_beats_profile(two_profiles: Path) -> None:
    env = {"SDE_ALM_CONFIG": str(two_profiles), "SDE_PROFILE": "prod"}
    assert load_settings(flags(), env).read_only is False
    env["SDE_ALM_READ_ONLY"] = "yes"
    assert load_settings(flags(), env).sources["read_only"] == "env SDE_ALM_READ_ONLY"
    settings = load_settings(flags(read_only=True), {**env, "SDE_ALM_READ_ONLY": "0"})
    assert settings.read_only is True
    assert settings.sources["read_only"] == "flag --read-only"


def test_invalid_boolean_env_is_a_config_error(two_profiles: Path) -> None:
    env = {"SDE_ALM_CONFIG": str(two_profiles), "SDE_ALM_READ_ONLY": "maybe"}
    with pytest.raises(ConfigError, match="SDE_ALM_READ_ONLY"):
        load_settings(flags(), env)


def test_mcp_names_sde_host_and_sde_api_key_are_accepted() -> None:
    settings = load_settings(flags(), {"SDE_HOST": "sde.example.com", "SDE_API_KEY": "key-0001"})
    assert settings.server == "https://sde.example.com"
    assert settings.token.get_secret_value() == "key-0001"
    assert settings.sources["server"] == "env SDE_HOST"
    assert settings.sources["token"] == "env SDE_API_KEY"


def test_sde_server_and_token_win_over_the_mcp_names() -> None:
    env = {"SDE_HOST": "https://b.example.com", "SDE_SERVER": "https://a.example.com",
           "SDE_API_KEY": "key-bbbb", "SDE_API_TOKEN": "tok-aaaa"}
    settings = load_settings(flags(), env)
    assert settings.server == "https://a.example.com"
    assert settings.token.get_secret_value() == "tok-aaaa"


def test_defaults_apply_when_nothing_sets_a_value() -> None:
    env = {"SDE_SERVER": "https://a.example.com", "SDE_API_TOKEN": "t0k3n"}
    settings = load_settings(None, env)
    assert settings.profile is None
    assert (settings.read_only, settings.insecure, settings.production) == (False, False, False)
    assert (settings.page_size, settings.concurrency, settings.deadline) == (1000, 4, 30.0)
    assert settings.sources["page_size"] == "default"


def test_a_profile_token_is_never_sent_to_another_server(two_profiles: Path) -> None:
    env = {"SDE_ALM_CONFIG": str(two_profiles), "SDE_SERVER": "https://elsewhere.example.com"}
    with pytest.raises(ConfigError, match="refusing to send it elsewhere"):
        load_settings(flags(), env)


def test_switching_profile_ignores_server_and_token_from_flags_and_env(two_profiles: Path) -> None:
    env = {"SDE_ALM_CONFIG": str(two_profiles), "SDE_SERVER": "https://env.example.com",
           "SDE_API_TOKEN": "env-token-789"}
    settings = load_settings(flags(read_only=True), env, profile="prod")
    assert settings.profile == "prod"
    assert settings.server == "https://sde.example.com"
    assert settings.token.get_secret_value() == "prod-token-456"
    assert settings.read_only is True


def test_unknown_profile_names_the_known_ones(two_profiles: Path) -> None:
    with pytest.raises(ConfigError, match="profiles there: prod, staging"):
        load_settings(flags(profile="qa"), {"SDE_ALM_CONFIG": str(two_profiles)})


def test_profile_without_a_config_file_is_explained(isolated_config: Path) -> None:
    with pytest.raises(ConfigError, match="no config file"):
        load_settings(flags(profile="qa"), {"SDE_ALM_CONFIG": str(isolated_config)})


def test_config_flag_beats_sde_alm_config(two_profiles: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text('[profiles.solo]\nserver = "https://solo.example.com"\ntoken_env = "SOLO"\n')
    env = {"SDE_ALM_CONFIG": str(two_profiles), "SOLO": "solo-token"}
    settings = load_settings(flags(config=str(other), profile="solo"), env)
    assert settings.server == "https://solo.example.com"
    assert settings.sources["token"] == "env SOLO (profile solo)"
    assert settings.config_path == str(other)


def test_missing_config_named_by_flag_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(flags(config=str(tmp_path / "nope.toml")), {})


def test_list_profiles(two_profiles: Path, tmp_path: Path) -> None:
    assert list_profiles(two_profiles) == ["prod", "staging"]
    assert list_profiles(tmp_path / "absent.toml") == []


def test_gather_reports_what_is_known_without_a_token(two_profiles: Path) -> None:
    draft = gather(flags(), {"SDE_ALM_CONFIG": str(two_profiles), "SDE_PROFILE": "prod"})
    assert draft.config_exists and draft.profile == "prod"
    assert draft.server == "https://sde.example.com/api/v2"
    assert draft.token_spec is not None and draft.token_spec.kind == "command"


def test_switch_profile_keeps_session_flags_and_takes_server_and_token_from_the_profile(
    two_profiles: Path,
) -> None:
    from tui.config import switch_profile

    env = {"SDE_API_TOKEN": "env-token-789", "SDE_SERVER": "https://env.example.com"}
    current = load_settings(flags(config=str(two_profiles), insecure=True), env)
    assert current.profile == "staging"
    switched = switch_profile(current, "prod", env)
    assert (switched.profile, switched.server) == ("prod", "https://sde.example.com")
    assert switched.token.get_secret_value() == "prod-token-456"
    assert switched.insecure is True and switched.production is True
    assert switched.config_path == str(two_profiles)
    assert list_profiles(switched.config_path) == ["prod", "staging"]


def test_page_budget_comes_from_the_profile_and_reaches_the_client(
    write_config: Callable[[str], Path]
) -> None:
    path = write_config('[profiles.p]\nserver = "https://sde.example.com"\ntoken_env = "T"\n'
                 "max_pages = 7\nmax_items = 500\n")
    settings = load_settings(flags(profile="p"), {"T": "tok-1", "SDE_ALM_CONFIG": str(path)})
    assert (settings.max_pages, settings.max_items) == (7, 500)
    assert settings.sources["max_items"] == "profile p"
    client = settings.make_client()
    assert (client._max_pages, client._max_items) == (7, 500)  # what the page walk gets


def test_api_family_flag_beats_the_profile_and_survives_a_profile_switch(
    write_config: Callable[[str], Path], token_file: Callable[..., Path]
) -> None:
    from tui.config import switch_profile

    token = token_file("family-token-1", "family.token")
    path = write_config(f"""
default_profile = "old"
[profiles.old]
server = "https://old.example.com"
token_file = "{token}"
api_family = "alm"
[profiles.new]
server = "https://new.example.com"
token_file = "{token}"
""")
    env = {"SDE_ALM_CONFIG": str(path)}
    from_profile = load_settings(flags(), env)
    assert (from_profile.api_family, from_profile.sources["api_family"]) == ("alm", "profile old")
    assert switch_profile(from_profile, "new", env).api_family == "auto"
    forced = load_settings(flags(api_family="issue-tracker"), env)
    assert forced.sources["api_family"] == "flag --api-family"
    switched = switch_profile(forced, "new", env)
    assert (switched.api_family, switched.sources["api_family"]) == (
        "issue-tracker", "flag --api-family"
    )
