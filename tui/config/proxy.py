"""The proxy httpx will use (it reads ``HTTPS_PROXY`` & co. itself), credentials masked."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from tui.api.secrets import REDACTED
from tui.api.transport import bypasses_proxy


def mask_proxy_url(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``<redacted>@``."""
    text = url if "://" in url else f"http://{url}"
    scheme, rest = text.split("://", 1)
    netloc, sep, tail = rest.partition("/")
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rsplit('@', 1)[1]}"
    return f"{scheme}://{netloc}{sep}{tail}"


def _env_proxy(env: Mapping[str, str], name: str) -> tuple[str, str] | None:
    # As urllib (and so httpx) does: the lower-case variable wins over the upper-case one.
    for var in (f"{name}_proxy", f"{name.upper()}_PROXY"):
        if env.get(var):
            return var, env[var]
    return None


def describe_proxy(server: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """E.g. ``http://<redacted>@proxy:3128 (from HTTPS_PROXY)``; None when requests go direct."""
    env = os.environ if env is None else env
    scheme = "https"
    host = ""
    if server:
        parts = urlsplit(server if "://" in server else f"https://{server}")
        scheme, host = parts.scheme or "https", (parts.hostname or "").lower()
    found = _env_proxy(env, scheme) or _env_proxy(env, "all")
    if found is None:
        return None
    no_proxy = _env_proxy(env, "no")
    if host and no_proxy is not None and bypasses_proxy(host, no_proxy[1]):
        return None
    var, url = found
    return f"{mask_proxy_url(url)} (from {var})"
