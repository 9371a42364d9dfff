"""Validating the server URL: an http(s) origin, optionally given with a trailing ``/api/v2``."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tui.api.errors import ConfigError

_API_SUFFIXES = ("", "/", "/api/v2", "/api/v2/")


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (plain http is fine there)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_server(value: str, *, allow_http: bool = False, source: str = "server") -> str:
    """The origin (``scheme://host[:port]``) of ``value``, or ``ConfigError`` saying what is wrong.

    A bare host name (``sde.example.com``, as SD Elements' MCP server takes in ``SDE_HOST``) means
    https. Plain http to a host other than loopback needs ``allow_http``.
    """
    text = value.strip()
    if not text:
        raise ConfigError(f"{source}: the server URL is empty")
    if "://" not in text:
        text = "https://" + text
    if "@" in text.split("://", 1)[1].split("/", 1)[0]:
        raise ConfigError(
            f"{source}: the URL must not hold a user name or password; "
            "the API token comes from SDE_API_TOKEN, token_file or token_command"
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"{source}: {value!r} is not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ConfigError(f"{source}: the scheme must be https:// or http://, not {scheme}://")
    host = parts.hostname or ""
    if not host:
        raise ConfigError(f"{source}: {value!r} has no host name")
    if parts.path not in _API_SUFFIXES or parts.query or parts.fragment:
        raise ConfigError(
            f"{source}: give the server's origin, e.g. https://sde.example.com "
            "(a trailing /api/v2 is allowed), without any other path, query or fragment"
        )
    if scheme == "http" and not allow_http and not is_loopback(host):
        raise ConfigError(
            f"{source}: plain http:// to {host} would send the API token unencrypted; "
            "use https://, or pass --allow-http (allow_http = true in the profile) if you must"
        )
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}{f':{port}' if port is not None else ''}"
