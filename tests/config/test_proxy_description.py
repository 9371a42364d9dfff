"""The effective proxy is described with its credentials masked."""

from __future__ import annotations

from tui.config.proxy import describe_proxy


def test_https_proxy_credentials_are_masked() -> None:
    env = {"HTTPS_PROXY": "http://alice:s3cret@proxy.corp:3128"}
    text = describe_proxy("https://sde.example.com", env)
    assert text == "http://<redacted>@proxy.corp:3128 (from HTTPS_PROXY)"


def test_lower_case_wins_like_urllib() -> None:
    env = {"HTTPS_PROXY": "http://upper:3128", "https_proxy": "http://lower:3128"}
    assert describe_proxy("https://sde.example.com", env) == "http://lower:3128 (from https_proxy)"


def test_no_proxy_bypasses() -> None:
    env = {"HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": "localhost,.example.com"}
    assert describe_proxy("https://sde.example.com", env) is None
    assert describe_proxy("https://sde.other.org", env) == "http://proxy:3128 (from HTTPS_PROXY)"


def test_http_server_uses_http_proxy_and_all_proxy_is_the_fallback() -> None:
    assert describe_proxy("http://sde.lan", {"ALL_PROXY": "socks5://p:1080"}) == (
        "socks5://p:1080 (from ALL_PROXY)"
    )
    assert describe_proxy("https://sde.lan", {}) is None
