"""One server-URL rule (``tui.api.server_url``): the client and the config setting both keep it."""

from __future__ import annotations

import pytest

from tui.api.client import AlmClient
from tui.api.errors import ConfigError
from tui.api.server_url import normalise_server
from tui.config.server import validate_server

ACCEPTED = [
    ("https://sde.example.com", "https://sde.example.com"),
    ("  https://sde.example.com  ", "https://sde.example.com"),
    ("https://sde.example.com/", "https://sde.example.com"),
    ("https://sde.example.com///", "https://sde.example.com"),
    ("https://sde.example.com/api/v2", "https://sde.example.com"),
    ("https://sde.example.com/api/v2/", "https://sde.example.com"),
    ("sde.example.com", "https://sde.example.com"),
    ("HTTPS://SDE.Example.COM", "https://sde.example.com"),
    ("https://sde.example.com:8443/api/v2/", "https://sde.example.com:8443"),
    ("https://sde.example.com:443", "https://sde.example.com"),
    ("https://sde.example.com/sde", "https://sde.example.com/sde"),
    ("https://sde.example.com/tools/sde/api/v2/", "https://sde.example.com/tools/sde"),
    ("https://sde.example.com/Ctx/", "https://sde.example.com/Ctx"),
    ("http://[::1]:9000", "http://[::1]:9000"),
    ("https://[FE80::1]/api/v2", "https://[fe80::1]"),
    ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
    ("https://bücher.example/", "https://xn--bcher-kva.example"),
]

REFUSED = [
    ("", "empty"),
    ("   ", "empty"),
    ("ftp://sde.example.com", "scheme"),
    ("https://", "no host"),
    ("https://admin:hunter2@sde.example.com", "user name or password"),
    ("https://admin@sde.example.com", "user name or password"),
    ("https://sde.example.com/?token=x", "query"),
    ("https://sde.example.com/?", "query"),
    ("https://sde.example.com/#top", "fragment"),
    ("https://sde.example.com/api/v1/", "API path"),
    ("https://sde.example.com/api/v2/projects/", "API path"),
    ("https://sde.example.com:99999", "port"),
    ("https://sde.example.com:http", "not a valid URL"),
]


@pytest.mark.parametrize(("given", "kept"), ACCEPTED)
def test_accepted_server_urls_are_kept_in_one_form(given: str, kept: str) -> None:
    assert normalise_server(given) == kept


@pytest.mark.parametrize(("given", "kept"), ACCEPTED)
def test_client_and_config_keep_the_same_form(given: str, kept: str) -> None:
    assert AlmClient(given, "tok-1234").server == kept
    assert validate_server(given, allow_http=True) == kept


@pytest.mark.parametrize(("given", "problem"), REFUSED)
def test_refused_server_urls_say_why_without_echoing_secrets(given: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem) as caught:
        normalise_server(given)
    assert "hunter2" not in caught.value.message
    with pytest.raises(ConfigError, match=problem):
        AlmClient(given, "tok-1234")
    with pytest.raises(ConfigError, match=f"profile x server: .*{problem}"):
        validate_server(given, allow_http=True, source="profile x server")
