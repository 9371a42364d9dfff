"""The proxy the client will use for a server, as ``sde-alm info`` reports it (password masked)."""

from __future__ import annotations

from tui.api.errors import ConfigError
from tui.api.server_url import normalise_server
from tui.api.transport import Origin, resolve_proxy

_UNKNOWN_SERVER = Origin("https", "", 443)
"""No usable server yet: only ``NO_PROXY=*`` keeps an https request off the proxy."""


def describe_proxy(server: str | None = None) -> str | None:
    """E.g. ``http://alice:••••••••@proxy:3128 (from HTTPS_PROXY)``; None when going direct."""
    found = resolve_proxy(_origin(server), None, trust_env=True)
    return None if found is None else f"{found.label} (from {found.source})"


def _origin(server: str | None) -> Origin:
    try:
        return Origin.of(normalise_server(server)) if server else _UNKNOWN_SERVER
    except ConfigError:
        return _UNKNOWN_SERVER  # info reports the bad server itself
