"""The server setting: the API layer's URL rule, plus plain http only to loopback unless allowed."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tui.api.errors import ConfigError
from tui.api.server_url import normalise_server


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (plain http is fine there)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_server(value: str, *, allow_http: bool = False, source: str = "server") -> str:
    """``value`` as ``normalise_server`` keeps it, or ``ConfigError`` naming ``source``.

    Plain http to a host other than loopback needs ``allow_http``.
    """
    try:
        server = normalise_server(value)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc.message}") from None
    host = urlsplit(server).hostname or ""
    if server.startswith("http:") and not allow_http and not is_loopback(host):
        raise ConfigError(
            f"{source}: plain http:// to {host} would send the API token unencrypted; "
            "use https://, or pass --allow-http (allow_http = true in the profile) if you must"
        )
    return server
