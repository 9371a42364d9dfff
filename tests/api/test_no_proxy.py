"""NO_PROXY is decided once (``bypasses_proxy``): what ``sde-alm info`` reports, the client does."""

from __future__ import annotations

import pytest

from tui.api.client import AlmClient
from tui.api.transport import bypasses_proxy
from tui.config.proxy import describe_proxy

# (NO_PROXY, host as the client's URL gives it: lower case, IPv6 without brackets, direct?)
CASES = [
    ("example.com", "example.com", True),
    ("example.com", "a.example.com", True),
    ("example.com", "myexample.com", False),  # a suffix of the name is not a subdomain
    ("example.com", "example.com.evil.org", False),
    (".example.com", "example.com", True),  # a leading dot is ignored, as curl does
    (".example.com", "a.b.example.com", True),
    (".example.com", "myexample.com", False),
    ("EXAMPLE.Com", "example.com", True),
    ("  example.com  ", "example.com", True),
    (" other.org , example.com ", "example.com", True),
    (",,example.com,", "example.com", True),
    (",,", "example.com", False),
    ("", "example.com", False),
    ("*", "anything.example.org", True),
    ("other.org,*", "anything.example.org", False),  # only a lone * means everything
    (" * ", "anything.example.org", False),
    ("example.com:8443", "example.com", False),  # entries with a port never match a host
    ("127.0.0.1", "127.0.0.1", True),
    ("127.0.0.1", "127.0.0.10", False),
    ("10.0.0.0/8", "10.1.2.3", False),  # no CIDR ranges
    ("::1", "::1", True),
    ("[::1]", "::1", False),  # IPv6 entries are written without brackets
    ("localhost", "localhost", True),
]


@pytest.mark.parametrize(("no_proxy", "host", "direct"), CASES)
def test_no_proxy_rule(no_proxy: str, host: str, direct: bool) -> None:
    assert bypasses_proxy(host, no_proxy) is direct


@pytest.mark.parametrize(("no_proxy", "host", "direct"), CASES)
@pytest.mark.parametrize("port", ["", ":8443"])
def test_info_reports_what_the_client_does(
    monkeypatch: pytest.MonkeyPatch, no_proxy: str, host: str, direct: bool, port: str
) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    monkeypatch.setenv("NO_PROXY", no_proxy)
    server = f"https://{f'[{host}]' if ':' in host else host}{port}"
    client_proxy = AlmClient(server, "tok-1234").proxy
    assert (client_proxy is None) is direct
    assert (describe_proxy(server) is None) is direct
