"""``sde-alm info`` describes the client's own proxy choice, with the password masked."""

from __future__ import annotations

import pytest

from tui.api.client import AlmClient
from tui.config.proxy import describe_proxy

_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
              "NO_PROXY", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_https_proxy_password_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://alice:s3cret@proxy.corp:3128")
    text = describe_proxy("https://sde.example.com")
    assert text == "http://alice:••••••••@proxy.corp:3128 (from HTTPS_PROXY)"
    client_proxy = AlmClient("https://sde.example.com", "tok-1234").proxy
    assert client_proxy is not None and text == f"{client_proxy.label} (from {client_proxy.source})"


def test_lower_case_wins_like_urllib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://upper:3128")
    monkeypatch.setenv("https_proxy", "http://lower:3128")
    assert describe_proxy("https://sde.example.com") == "http://lower:3128 (from https_proxy)"


def test_no_proxy_bypasses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,.example.com")
    assert describe_proxy("https://sde.example.com") is None
    assert describe_proxy("https://sde.other.org") == "http://proxy:3128 (from HTTPS_PROXY)"


def test_http_server_uses_http_proxy_and_all_proxy_is_the_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert describe_proxy("https://sde.lan") is None
    monkeypatch.setenv("ALL_PROXY", "socks5://p:1080")
    assert describe_proxy("http://sde.lan") == "socks5://p:1080 (from ALL_PROXY)"
    monkeypatch.setenv("HTTP_PROXY", "http://web:3128")
    assert describe_proxy("http://sde.lan") == "http://web:3128 (from HTTP_PROXY)"


@pytest.mark.parametrize("server", [None, "", "ftp://sde.example.com", "https://u:pw@sde"])
def test_without_a_usable_server_the_https_proxy_is_described(
    monkeypatch: pytest.MonkeyPatch, server: str | None
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:3128")
    monkeypatch.setenv("NO_PROXY", "sde.example.com")
    assert describe_proxy(server) == "http://proxy:3128 (from HTTPS_PROXY)"
    monkeypatch.setenv("NO_PROXY", "*")
    assert describe_proxy(server) is None
