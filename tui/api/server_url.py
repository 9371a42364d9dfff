"""The one rule for an SD Elements server URL: what is accepted, and the form it is kept in."""

from __future__ import annotations

import httpx

from tui.api.errors import ConfigError

_API_SUFFIX = "/api/v2"
_SHAPE = (
    "give the server's origin, e.g. https://sde.example.com, plus any context root "
    "(a trailing /api/v2 is allowed), without any other API path, query or fragment"
)


def normalise_server(value: str) -> str:
    """``scheme://host[:port][/context-root]`` for ``value``, or ``ConfigError`` saying why not.

    A bare host name means https; a trailing ``/`` or ``/api/v2`` goes; scheme and host lower-case.
    """
    text = value.strip()
    if not text:
        raise ConfigError("the server URL is empty")
    if "://" not in text:
        text = "https://" + text
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise ConfigError(f"the server URL is not a valid URL ({exc})") from None
    if url.userinfo:
        raise ConfigError(
            "the URL must not hold a user name or password; "
            "the API token comes from SDE_API_TOKEN, token_file or token_command"
        )
    if url.scheme not in ("http", "https"):
        raise ConfigError(f"the scheme must be https:// or http://, not {url.scheme}://")
    if not url.host:
        raise ConfigError("the server URL has no host name")
    if url.port is not None and not 0 < url.port < 65536:
        raise ConfigError(f"the server URL's port {url.port} is out of range")
    path = url.path.rstrip("/")
    if path.endswith(_API_SUFFIX):
        path = path[: -len(_API_SUFFIX)].rstrip("/")
    # A context root holding "api" is an API path given by mistake (e.g. /api/v1): say so now
    # rather than send every call to a 404.
    if url.query or url.fragment or "?" in text or "api" in path.lower().split("/"):
        raise ConfigError(_SHAPE)
    return str(url.copy_with(host=url.host.lower(), path=path, query=None, fragment=None))
