"""Config file errors name the file, the key and what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.config import ConfigError, load_settings


def error_for(write_config: Callable[[str], Path], text: str) -> str:
    write_config(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(None)
    return caught.value.message


def test_wrong_type_names_file_key_and_allowed_values(
    write_config: Callable[[str], Path], isolated_config: Path
) -> None:
    message = error_for(write_config, '[profiles.prod]\nverify_tls = "no"\n')
    assert str(isolated_config) in message or "config.toml" in message
    assert "profiles.prod.verify_tls" in message
    assert "true or false" in message


def test_unknown_key_lists_the_allowed_keys(write_config: Callable[[str], Path]) -> None:
    text = '[profiles.prod]\nserver = "https://a.example.com"\nsrever = 1\n'
    message = error_for(write_config, text)
    assert "profiles.prod.srever: unknown key" in message
    assert "token_file" in message and "verify_tls" in message


def test_unknown_top_level_key(write_config: Callable[[str], Path]) -> None:
    message = error_for(write_config, 'default_profil = "x"\n')
    assert "default_profil: unknown key" in message
    assert "default_profile, profiles" in message


def test_a_token_in_the_file_is_refused_with_the_alternatives(
    write_config: Callable[[str], Path],
) -> None:
    message = error_for(write_config, '[profiles.prod]\ntoken = "abc"\n')
    assert "never stored in the config file" in message
    assert "abc" not in message


def test_two_token_sources_are_refused(write_config: Callable[[str], Path]) -> None:
    message = error_for(write_config, '[profiles.p]\ntoken_env = "X"\ntoken_command = "pass x"\n')
    assert "set only one of token_env, token_file, token_command" in message


def test_default_profile_must_exist(write_config: Callable[[str], Path]) -> None:
    message = error_for(write_config, 'default_profile = "qa"\n[profiles.prod]\n')
    assert "default_profile 'qa'" in message and "prod" in message


def test_out_of_range_numbers(write_config: Callable[[str], Path]) -> None:
    message = error_for(write_config, "[profiles.p]\npage_size = 0\nconcurrency = 500\n")
    assert "profiles.p.page_size" in message and "profiles.p.concurrency" in message


def test_invalid_toml_names_the_file_and_line(write_config: Callable[[str], Path]) -> None:
    message = error_for(write_config, "[profiles.p\nserver = 1\n")
    assert "config.toml is not valid TOML" in message
    assert "line 1" in message


def test_a_directory_as_config_is_explained(isolated_config: Path) -> None:
    isolated_config.mkdir(parents=True)
    with pytest.raises(ConfigError, match="is a directory"):
        load_settings(None)


def test_missing_default_config_is_not_an_error(isolated_config: Path) -> None:
    env = {"SDE_ALM_CONFIG": str(isolated_config), "SDE_SERVER": "https://a.example.com",
           "SDE_API_TOKEN": "tok-1234"}
    assert load_settings(None, env).server == "https://a.example.com"


def test_relative_token_file_is_relative_to_the_config_file(
    write_config: Callable[[str], Path], isolated_config: Path
) -> None:
    path = write_config('[profiles.p]\nserver = "https://a.example.com"\ntoken_file = "tok"\n')
    token = path.parent / "tok"
    token.write_text("relative-token\n")
    token.chmod(0o600)
    settings = load_settings(None, {"SDE_ALM_CONFIG": str(isolated_config), "SDE_PROFILE": "p"})
    assert settings.token.get_secret_value() == "relative-token"


def test_missing_ca_file_is_an_error(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config('[profiles.p]\nserver = "https://a.example.com"\ntoken_env = "T"\n'
                 'ca_file = "/nonexistent/ca.pem"\n')
    monkeypatch.setenv("SDE_PROFILE", "p")
    monkeypatch.setenv("T", "tok-1234")
    with pytest.raises(ConfigError, match=r"CA file /nonexistent/ca\.pem"):
        load_settings(None)
