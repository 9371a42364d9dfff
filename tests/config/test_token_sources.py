"""Token sources: env, a private token file, a command; never argv, never the config file."""

from __future__ import annotations

import dataclasses
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.api.secrets import registry
from tui.config import ConfigError, load_settings
from tui.config.tokens import TokenSpec, read_token


def test_token_file_mode_0644_is_refused_with_the_chmod_fix(
    token_file: Callable[..., Path],
) -> None:
    path = token_file("file-token-0644", mode=0o644)
    with pytest.raises(ConfigError) as caught:
        read_token(TokenSpec("file", str(path)), {})
    assert f"chmod 600 {path}" in caught.value.message
    assert "0644" in caught.value.message
    assert "file-token-0644" not in caught.value.message


def test_token_file_with_group_read_is_refused(token_file: Callable[..., Path]) -> None:
    with pytest.raises(ConfigError, match="chmod 600"):
        read_token(TokenSpec("file", str(token_file("t-0640", mode=0o640))), {})


def test_token_file_owned_by_someone_else_is_refused(
    token_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = token_file("someone-elses-token")
    monkeypatch.setattr(os, "getuid", lambda: os.stat(path).st_uid + 1)
    with pytest.raises(ConfigError, match="not by you") as caught:
        read_token(TokenSpec("file", str(path)), {})
    assert "someone-elses-token" not in caught.value.message


def test_token_file_0600_is_read_and_its_newline_stripped(token_file: Callable[..., Path]) -> None:
    token = read_token(TokenSpec("file", str(token_file("good-token-0600"))), {})
    assert token.get_secret_value() == "good-token-0600"
    assert "good-token-0600" in registry


def test_missing_token_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        read_token(TokenSpec("file", str(tmp_path / "none")), {})


def test_token_command_output_has_its_single_newline_stripped() -> None:
    spec = TokenSpec("command", f"{sys.executable} -c \"print('cmd-token-1')\"")
    assert read_token(spec, {}).get_secret_value() == "cmd-token-1"


def test_token_command_failure_does_not_echo_its_stderr() -> None:
    script = "import sys; sys.stderr.write('leaked-secret-xyz'); sys.exit(3)"
    spec = TokenSpec("command", f"{sys.executable} -c \"{script}\"")
    with pytest.raises(ConfigError) as caught:
        read_token(spec, {})
    assert "status 3" in caught.value.message
    assert "leaked-secret-xyz" not in caught.value.message


def test_token_command_is_not_run_through_a_shell(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    spec = TokenSpec("command", f"echo tok-abc; touch {marker}")
    with pytest.raises(ConfigError, match="whitespace"):
        read_token(spec, {})  # echo prints its arguments verbatim: no ';' interpretation
    assert not marker.exists()


def test_token_command_not_found() -> None:
    with pytest.raises(ConfigError, match="not found"):
        read_token(TokenSpec("command", "definitely-not-a-program-sde"), {})


def test_token_command_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.config.tokens.COMMAND_TIMEOUT", 0.2)
    spec = TokenSpec("command", f"{sys.executable} -c \"import time; time.sleep(5)\"")
    with pytest.raises(ConfigError, match="did not finish"):
        read_token(spec, {})


@pytest.mark.parametrize("raw", ["", "\n", "two words", "line1\nline2", "Token abcdef"])
def test_empty_or_whitespace_tokens_are_refused(raw: str) -> None:
    with pytest.raises(ConfigError):
        read_token(TokenSpec("env", "SDE_API_TOKEN"), {"SDE_API_TOKEN": raw})


def test_env_token_trailing_newline_is_stripped() -> None:
    token = read_token(TokenSpec("env", "SDE_API_TOKEN"), {"SDE_API_TOKEN": "env-tok-1\n"})
    assert token.get_secret_value() == "env-tok-1"


def test_token_env_named_by_profile_must_be_set(write_config: Callable[[str], Path]) -> None:
    write_config('[profiles.p]\nserver = "https://a.example.com"\ntoken_env = "SDE_PROD_TOK"\n')
    with pytest.raises(ConfigError, match="SDE_PROD_TOK is not set"):
        load_settings(None, {"SDE_ALM_CONFIG": os.environ["SDE_ALM_CONFIG"], "SDE_PROFILE": "p"})


def test_settings_repr_never_shows_the_token() -> None:
    settings = load_settings(None, {"SDE_SERVER": "https://a.example.com",
                                    "SDE_API_TOKEN": "repr-canary-token"})
    assert "repr-canary-token" not in repr(settings)
    assert "repr-canary-token" not in str(dataclasses.asdict(settings))
    assert settings.token.get_secret_value() == "repr-canary-token"
    with pytest.raises(TypeError):  # never pickled in clear
        pickle.dumps(settings.token)
    assert "repr-canary-token" not in str(settings.sources)
