"""One HTTP attempt: the shared httpx client, overall deadline, body cap, and what failures mean.

httpx's timeouts apply per phase and per chunk, so a server that drips a byte at a time never trips
them; every attempt therefore runs inside ``asyncio.timeout``, body streaming included.
"""

from __future__ import annotations

import asyncio
import os
import ssl
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx
from pydantic import SecretStr

from tui.api.display import display_text
from tui.api.errors import (
    ApiError,
    CannotConnect,
    CertificateExpired,
    MalformedResponse,
    OutcomeUnknown,
    ResponseTooLarge,
    TimedOut,
    TlsError,
    TransportError,
)
from tui.api.secrets import MASK

DEFAULT_TIMEOUTS = httpx.Timeout(connect=5.0, read=15.0, write=15.0, pool=5.0)
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Origin:
    """Scheme, host and port: what must match before the token is sent anywhere."""

    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: httpx.URL | str) -> Origin:
        url = httpx.URL(url)
        return cls(url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme, 0))

    @property
    def label(self) -> str:
        """``https://host`` (the port only when it is not the scheme's default)."""
        default = _DEFAULT_PORTS.get(self.scheme) == self.port
        return f"{self.scheme}://{self.host}" + ("" if default else f":{self.port}")

    @property
    def host_port(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class ProxyInfo:
    url: str
    label: str
    """The proxy URL with any password masked."""
    source: str
    """Where it came from: an environment variable name or ``proxy setting``."""


def _mask_proxy(url: str) -> str:
    parsed = httpx.URL(url if "://" in url else f"http://{url}")
    user = parsed.username
    userinfo = f"{user}:{MASK}@" if parsed.password else (f"{user}@" if user else "")
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{userinfo}{parsed.host}{port}"


def bypasses_proxy(host: str, no_proxy: str) -> bool:
    """True when ``no_proxy`` (NO_PROXY's value) sends requests to ``host`` direct.

    The standard library's rule, as urllib and requests apply it (and curl: a lone ``*``, a name
    or ``.name`` matching itself and its subdomains); ``sde-alm info`` asks this too.
    """
    # Undocumented, so typeshed omits it; unchanged since Python 2 and pinned by test_no_proxy.py.
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    return bool(bypass(host, {"no": no_proxy}))


def resolve_proxy(origin: Origin, proxy: str | None, *, trust_env: bool) -> ProxyInfo | None:
    """The proxy for ``origin``: explicit, else from the environment (NO_PROXY honoured).

    ``sde-alm info`` reports this too, so what it says is what the client does.
    """
    if proxy:
        return ProxyInfo(proxy, _mask_proxy(proxy), "proxy setting")
    if not trust_env:
        return None
    proxies = urllib.request.getproxies_environment()
    if bypasses_proxy(origin.host, proxies.get("no", "")):
        return None
    for key in (origin.scheme, "all"):
        if proxies.get(key):
            url = proxies[key]
            url = url if "://" in url else f"http://{url}"
            return ProxyInfo(url, _mask_proxy(url), _proxy_variable(key))
    return None


def _proxy_variable(key: str) -> str:
    # urllib prefers the lower-case variable when both are set: name the one it read.
    lower = f"{key}_proxy"
    return lower if os.environ.get(lower) else lower.upper()


@dataclass(frozen=True, slots=True)
class RawResponse:
    """A fully read HTTP answer."""

    status: int
    headers: httpx.Headers
    content: bytes
    url: httpx.URL


class Transport:
    """Owns the one ``httpx.AsyncClient`` (created on first use) and sends single attempts."""

    def __init__(
        self,
        *,
        token: SecretStr,
        user_agent: str,
        verify: ssl.SSLContext | bool,
        transport: httpx.AsyncBaseTransport | None,
        timeouts: httpx.Timeout,
        proxy: ProxyInfo | None,
        trust_env: bool,
        max_body_bytes: int,
    ) -> None:
        self._token = token
        self._user_agent = user_agent
        self._verify = verify
        self._injected = transport
        self.timeouts = timeouts
        self.proxy = proxy
        self._trust_env = trust_env
        self._max_body_bytes = max_body_bytes
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            transport = self._injected or httpx.AsyncHTTPTransport(
                retries=2,  # connect failures only: the request never left, so safe for any method
                verify=self._verify,
                trust_env=self._trust_env,
                proxy=self.proxy.url if self.proxy else None,
                limits=httpx.Limits(max_connections=10),
            )
            self._client = httpx.AsyncClient(
                transport=transport,
                headers=httpx.Headers(
                    {
                        "Authorization": f"Token {self._token.get_secret_value()}",
                        "Accept": "application/json",
                        "User-Agent": self._user_agent,
                    }
                ),
                timeout=self.timeouts,
                follow_redirects=False,
                trust_env=self._trust_env,
                # Token auth only: a returned session cookie could make DRF demand CSRF.
                cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            )
        return self._client

    def replace_token(self, token: SecretStr) -> None:
        """Send ``token`` from now on (the pool is kept; only the header changes)."""
        self._token = token
        if self._client is not None:
            self._client.headers["Authorization"] = f"Token {token.get_secret_value()}"

    def build(
        self, method: str, url: str, *, params: dict[str, str] | None, content: bytes | None
    ) -> httpx.Request:
        headers = {"Content-Type": "application/json"} if content is not None else None
        return self._http().build_request(
            method, url, params=params, content=content, headers=headers
        )

    async def send(self, request: httpx.Request, *, deadline: float) -> RawResponse:
        """Send ``request`` and read the whole answer within ``deadline`` seconds."""
        async with asyncio.timeout(deadline):
            response = await self._http().send(request, stream=True)
            try:
                content = await self._read_capped(response)
            finally:
                await response.aclose()
        return RawResponse(response.status_code, response.headers, content, request.url)

    async def _read_capped(self, response: httpx.Response) -> bytes:
        cap = self._max_body_bytes
        too_large = ResponseTooLarge(
            f"The server's answer is larger than {cap:,} bytes; stopped reading it.",
            status=response.status_code,
        )
        declared = response.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > cap:
            raise too_large
        chunks: list[bytes] = []
        total = 0
        async for chunk in response.aiter_bytes():
            total += len(chunk)
            if total > cap:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()


@dataclass(frozen=True, slots=True)
class Failure:
    error: ApiError
    retryable: bool
    """True when a GET may be tried again (the server may answer next time)."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """What a failure message needs to know about the attempt."""

    method: str
    path: str
    origin: Origin
    deadline: float
    has_effects: bool
    """A write whose outcome matters: after the request may have left, the result is unknown."""
    proxy: ProxyInfo | None
    timeouts: httpx.Timeout


def _reason(exc: BaseException) -> str:
    return display_text(str(exc) or type(exc).__name__, max_chars=200)


def _ssl_cause(exc: BaseException) -> ssl.SSLError | None:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


_CERT_HAS_EXPIRED = 10  # X509_V_ERR_CERT_HAS_EXPIRED


def expired_certificate(at: Attempt, dates: tuple[str, str] | None) -> CertificateExpired:
    """An expired certificate: a CA bundle cannot help, only the server's administrator can."""
    valid = f" (valid {dates[0]} to {dates[1]})" if dates else ""
    return CertificateExpired(
        f"The certificate of {at.origin.host_port} has expired{valid}. Its administrator must "
        "renew it; check also that this computer's clock is right.",
        url=at.origin.label,
    )


def _connect_failure(exc: httpx.ConnectError, at: Attempt) -> ApiError:
    cause = _ssl_cause(exc)
    text = str(exc)
    expired = getattr(cause, "verify_code", None) == _CERT_HAS_EXPIRED
    if expired or "certificate has expired" in text:
        return expired_certificate(at, None)
    if isinstance(cause, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in text:
        detail = getattr(cause, "verify_message", None) or text or "verification failed"
        return TlsError(
            f"The certificate of {at.origin.host_port} is not trusted "
            f"({display_text(detail, max_chars=200)}). If a private or corporate CA signed it, "
            "point SSL_CERT_FILE or --ca-file at that CA's certificate bundle.",
            url=at.origin.label,
        )
    if cause is not None:
        return CannotConnect(
            f"TLS handshake with {at.origin.host_port} failed ({_reason(cause)})",
            url=at.origin.label,
        )
    if at.proxy is not None:
        return CannotConnect(
            f"Cannot reach {at.origin.host_port} through proxy {at.proxy.label} "
            f"(from {at.proxy.source}) ({_reason(exc)}); check {at.proxy.source} and NO_PROXY",
            url=at.origin.label,
        )
    return CannotConnect(
        f"Cannot reach {at.origin.host_port} ({_reason(exc)})", url=at.origin.label
    )


def _unknown(at: Attempt, why: str) -> OutcomeUnknown:
    return OutcomeUnknown(
        f"No answer to {at.method} {at.path} from {at.origin.label} ({why}). It may or may not "
        "have been applied: reload and check before trying again.",
        url=at.origin.label,
    )


def classify_failure(exc: BaseException, at: Attempt) -> Failure:
    """Turn an exception from ``Transport.send`` into the typed error the caller sees."""
    if isinstance(exc, ApiError):
        return Failure(exc, retryable=False)
    if isinstance(exc, TimeoutError):
        if at.has_effects:
            return Failure(_unknown(at, f"no complete answer within {at.deadline:g} s"), False)
        message = f"No complete answer from {at.origin.label} within {at.deadline:g} s"
        return Failure(TimedOut(message, url=at.origin.label), retryable=False)
    if isinstance(exc, httpx.ConnectTimeout):
        via = f" through proxy {at.proxy.label}" if at.proxy else ""
        message = (
            f"Connecting to {at.origin.host_port}{via} timed out after {at.timeouts.connect:g} s"
        )
        return Failure(TimedOut(message, url=at.origin.label), retryable=False)
    if isinstance(exc, httpx.PoolTimeout):
        message = f"Too many requests in flight to {at.origin.label}; this one could not start"
        return Failure(TimedOut(message, url=at.origin.label), retryable=False)
    if isinstance(exc, httpx.ProxyError):
        source = at.proxy.source if at.proxy else "HTTPS_PROXY"
        label = at.proxy.label if at.proxy else "the proxy"
        message = (
            f"The proxy {label} (from {source}) would not connect to {at.origin.host_port} "
            f"({_reason(exc)}); check {source} and NO_PROXY"
        )
        return Failure(CannotConnect(message, url=at.origin.label), retryable=False)
    if isinstance(exc, httpx.ConnectError):
        return Failure(_connect_failure(exc, at), retryable=False)
    if isinstance(exc, (httpx.ReadTimeout, httpx.WriteTimeout)):
        if at.has_effects:
            return Failure(_unknown(at, "timed out waiting for the server"), False)
        message = f"{at.origin.label} stopped answering ({type(exc).__name__})"
        return Failure(TimedOut(message, url=at.origin.label), isinstance(exc, httpx.ReadTimeout))
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
        if at.has_effects:
            return Failure(_unknown(at, f"connection broke off: {_reason(exc)}"), False)
        message = f"The connection to {at.origin.label} broke off ({_reason(exc)})"
        retry = not isinstance(exc, httpx.WriteError)
        return Failure(TransportError(message, url=at.origin.label), retryable=retry)
    if isinstance(exc, httpx.DecodingError):
        message = "The server's compressed answer could not be decoded"
        return Failure(MalformedResponse(message, url=at.origin.label), retryable=False)
    if isinstance(exc, httpx.HTTPError):
        message = f"Request to {at.origin.label} failed ({type(exc).__name__}: {_reason(exc)})"
        return Failure(TransportError(message, url=at.origin.label), retryable=False)
    raise exc
