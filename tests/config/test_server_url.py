"""The server setting is an http(s) origin; plain http leaves loopback only when allowed."""

from __future__ import annotations

import pytest

from tui.config import ConfigError, load_settings
from tui.config.server import validate_server


@pytest.mark.parametrize(
    ("given", "origin"),
    [
        ("https://sde.example.com", "https://sde.example.com"),
        ("https://sde.example.com/", "https://sde.example.com"),
        ("https://sde.example.com/api/v2", "https://sde.example.com"),
        ("https://SDE.Example.com:8443/api/v2/", "https://sde.example.com:8443"),
        ("sde.example.com", "https://sde.example.com"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("http://localhost:8000/api/v2", "http://localhost:8000"),
        ("http://[::1]:9000", "http://[::1]:9000"),
    ],
)
def test_accepted_servers_become_origins(given: str, origin: str) -> None:
    assert validate_server(given) == origin


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("ftp://sde.example.com", "scheme"),
        ("https://admin:hunter2@sde.example.com", "user name or password"),
        ("https://sde.example.com/api/v1/", "origin"),
        ("https://sde.example.com/?token=x", "origin"),
        ("https://", "no host"),
        ("", "empty"),
    ],
)
def test_rejected_servers_say_why(given: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem) as caught:
        validate_server(given)
    assert "hunter2" not in caught.value.message


def test_plain_http_to_a_remote_host_needs_allow_http() -> None:
    env = {"SDE_SERVER": "http://sde.example.com", "SDE_API_TOKEN": "tok-1234"}
    with pytest.raises(ConfigError, match="--allow-http"):
        load_settings(None, env)
    assert load_settings(None, {**env, "SDE_ALLOW_INSECURE_HTTP": "true"}).server == (
        "http://sde.example.com"
    )

    class Flags:
        allow_http = True

    assert load_settings(Flags(), env).allow_http is True
