"""The resolved settings every part of the app runs with, and the client they build."""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tui.api.limits import DEFAULT_MAX_ITEMS, DEFAULT_MAX_PAGES
from tui.config.appearance import DEFAULT_THEME, KeyRemap

if TYPE_CHECKING:
    import httpx

    from tui.api.client import AlmClient
    from tui.config.secret import Secret

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 15.0
DEFAULT_DEADLINE = 30.0
DEFAULT_PAGE_SIZE = 1000
"""Items per page after the first (see ``AlmClient``: the first page is 100, so rows show at once;
big pages then cut the per-request cost of a 10k list ~4x). Servers that cap it are followed."""
DEFAULT_CONCURRENCY = 4


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything resolved from flags, environment, config file and defaults.

    ``sources`` says where each value came from (``"env SDE_SERVER"``, ``"profile prod"``, ...),
    for ``sde-alm info`` and for error messages; it never holds the token. A plain dataclass,
    not a pydantic model: settings are resolved before the TUI's first frame, and importing
    pydantic would cost more than the rest of start-up.
    """

    server: str
    token: Secret
    profile: str | None = None
    production: bool = False
    read_only: bool = False
    insecure: bool = False
    allow_http: bool = False
    ca_file: str | None = None
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    page_size: int = DEFAULT_PAGE_SIZE
    concurrency: int = DEFAULT_CONCURRENCY
    max_pages: int = DEFAULT_MAX_PAGES
    """Pages one listing may take (the page budget; see ``tui.api.limits``)."""
    max_items: int = DEFAULT_MAX_ITEMS
    log_file: str | None = None
    log_level: str = "warning"
    config_path: str | None = None
    theme: str = DEFAULT_THEME
    keymap: tuple[KeyRemap, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    demo: bool = False
    api_family: str = "auto"
    """``auto`` (found at run time), ``alm`` or ``issue-tracker`` (forced)."""

    @property
    def host(self) -> str:
        """The server's host name, as the TUI header and the production confirmation show it."""
        return urlsplit(self.server).hostname or self.server

    @property
    def write_deadline(self) -> float:
        """Writes may take longer than reads (a connectivity test waits on the ALM)."""
        return 2 * self.deadline

    def tls_mode(self) -> str:
        """``insecure``, ``truststore + CA file PATH`` or ``truststore`` (for ``info``)."""
        if self.insecure:
            return "insecure (certificate verification OFF)"
        if self.ca_file:
            return f"OS trust store (truststore) + CA file {self.ca_file}"
        return "OS trust store (truststore)"

    def ssl_context(self) -> ssl.SSLContext | bool:
        """The ``verify=`` value: the OS trust store plus the CA file, or False when insecure."""
        if self.insecure:
            return False
        import truststore

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if self.ca_file:
            context.load_verify_locations(cafile=self.ca_file)
        return context

    def timeouts(self) -> httpx.Timeout:
        """httpx per-phase timeouts; the overall deadline is the client's job."""
        import httpx

        return httpx.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.read_timeout,
            pool=self.connect_timeout,
        )

    def make_client(self, **overrides: Any) -> AlmClient:
        """An ``AlmClient`` for this server and token; ``overrides`` replace any keyword."""
        from tui.api.client import AlmClient
        from tui.api.vocab import ApiFamily

        # A plain-http server (the demo, a loopback lab) never uses TLS and redirects are never
        # followed, so no TLS context is built for it (~40 ms of the demo's first request).
        https = urlsplit(self.server).scheme == "https"
        kwargs: dict[str, Any] = {
            "verify": self.ssl_context() if https else False,
            "timeouts": self.timeouts(),
            "read_deadline": self.deadline,
            "write_deadline": self.write_deadline,
            "page_size": self.page_size,
            "max_pages": self.max_pages,
            "max_items": self.max_items,
            "api_family": None if self.api_family == "auto" else ApiFamily(self.api_family),
        }
        kwargs.update(overrides)
        return AlmClient(self.server, self.token.get_secret_value(), **kwargs)
