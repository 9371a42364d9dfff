"""Turn a raw HTTP answer into parsed JSON or the typed error it stands for.

Order matters: a redirect is never followed, a gateway error is worth retrying whatever its body,
an HTML page (SSO or proxy login) is recognised before any status-specific message (a 5xx
HTML page is a server error page, not a login page), and only then
are DRF error bodies read (``detail`` → ``error`` → ``message`` → field errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pydantic_core
from pydantic import BaseModel, ValidationError

from tui.api.calllog import loggable_path
from tui.api.discovery import is_endpoint_root
from tui.api.display import display_text
from tui.api.errors import (
    ApiError,
    CannotConnect,
    HtmlInsteadOfJson,
    MalformedResponse,
    MethodNotAllowed,
    NotAuthenticated,
    NotFound,
    NotServed,
    PermissionDenied,
    RateLimited,
    Redirected,
    ServerError,
    ValidationFailed,
)
from tui.api.retry import parse_retry_after
from tui.api.transport import Origin, RawResponse

M = TypeVar("M", bound=BaseModel)

HTML_MESSAGE = (
    "The server returned an HTML page instead of API JSON (probably an SSO or proxy login page). "
    "Check the URL or token."
)
_GATEWAY = frozenset({502, 503, 504})
_MESSAGE_KEYS = ("detail", "error", "message")
_FORM_KEYS = ("non_field_errors", "detail")
_MESSAGE_CHARS = 300


@dataclass(frozen=True, slots=True)
class Reply:
    """A successful answer: its status and parsed JSON (None when the body was empty)."""

    status: int
    value: Any
    url: httpx.URL


def parse_json(content: bytes, url: httpx.URL) -> Any:
    """Strict JSON: no NaN/Infinity, BOM, trailing garbage, lone surrogates or runaway nesting."""
    try:
        return pydantic_core.from_json(content, allow_inf_nan=False)
    except ValueError as exc:
        raise MalformedResponse(
            f"Malformed JSON from server for {loggable_path(url)} "
            f"({display_text(exc, max_chars=120)})"
        ) from None


def _lenient_json(content: bytes) -> Any:
    try:
        return pydantic_core.from_json(content, allow_inf_nan=False)
    except ValueError:
        return None


def is_html(raw: RawResponse) -> bool:
    content_type = raw.headers.get("content-type", "").lower()
    if "text/html" in content_type or "xhtml" in content_type:
        return True
    return raw.content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _flatten(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [
            pair
            for k, v in value.items()
            for pair in _flatten(v, f"{path}.{k}" if path else str(k))
        ]
    if isinstance(value, list):
        return [pair for v in value for pair in _flatten(v, path)]
    if value is None or value == "":
        return []
    return [(path, str(value))]


def summarise_field_errors(errors: dict[str, Any], limit: int = 4) -> str:
    """One line from a DRF error dict: form-level messages first, then ``field: message``."""
    parts = [text for key in _FORM_KEYS for _, text in _flatten(errors.get(key), "")]
    parts += [
        f"{path}: {text}"
        for key, value in errors.items()
        if key not in _FORM_KEYS
        for path, text in _flatten(value, str(key))
    ]
    more = f" (+{len(parts) - limit} more)" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return summarise_field_errors(value) or None
    if isinstance(value, list):
        return "; ".join(t for t in (_as_text(v) for v in value) if t) or None
    return None if value is None else str(value)


def error_message(value: Any) -> str | None:
    """The human message in an error body: ``detail`` → ``error`` → ``message`` → field errors."""
    if isinstance(value, dict):
        for key in _MESSAGE_KEYS:
            text = _as_text(value.get(key))
            if text:
                return text
    return _as_text(value)


def refuse_message(value: Any, expected: str) -> None:
    """A bare ``{"detail": ...}`` style envelope where ``expected`` (``a connector``, ``a
    connector list``...) was due: a ServerError carrying the server's message."""
    if isinstance(value, dict) and "id" not in value:
        for key in _MESSAGE_KEYS:
            text = _as_text(value.get(key))
            if text:
                detail = display_text(text, max_chars=_MESSAGE_CHARS)
                # from None: the validation error that led here quotes the server's values.
                raise ServerError(
                    f"The server answered with a message instead of {expected}: {detail}"
                ) from None


def _body_message(raw: RawResponse) -> str | None:
    value = _lenient_json(raw.content)
    text = error_message(value) if value is not None else None
    if text is None and raw.content.strip():
        text = raw.content[:_MESSAGE_CHARS].decode("utf-8", "replace")
    return display_text(text, max_chars=_MESSAGE_CHARS) if text else None


def _short_url(url: httpx.URL) -> str:
    shown = Origin.of(url).label + url.path
    if url.query or len(shown) > 80:
        shown = shown[:80] + "…"
    return display_text(shown, max_chars=100)


def _redirect(raw: RawResponse, kw: dict[str, Any]) -> Redirected:
    location = raw.headers.get("location")
    if not location:
        message = f"Server answered {raw.status} (a redirect) with no target — check the server URL"
        return Redirected(message, **kw)
    try:
        target = raw.url.join(location)
    except httpx.InvalidURL:
        message = f"Server answered {raw.status} with an unusable redirect — check the server URL"
        return Redirected(message, **kw)
    shown = _short_url(target)
    if raw.url.scheme == "https" and target.scheme == "http":
        message = (
            f"Server redirected from HTTPS to plain HTTP ({shown}) — not followed; "
            "check the server URL"
        )
    else:
        message = f"Server redirected to {shown} — check the server URL"
    return Redirected(message, location=str(target), **kw)


def _not_served(raw: RawResponse, path: str) -> bool:
    """A 404 on an endpoint's root (not on an object, nor on a page past the end of a list)."""
    return raw.status == 404 and "page" not in raw.url.params and is_endpoint_root(path)


def error_for(raw: RawResponse, *, method: str, origin: Origin) -> ApiError:
    """The typed error for a non-2xx (or HTML) answer."""
    status, path = raw.status, loggable_path(raw.url).split("?", 1)[0]
    kw: dict[str, Any] = {"status": status, "url": origin.label}
    if 300 <= status < 400:
        return _redirect(raw, kw)
    if status in _GATEWAY:
        return ServerError(f"Server or proxy unavailable ({status})", **kw)
    if status == 429:  # whatever the body: proxies send HTML throttling pages too
        wait = parse_retry_after(raw.headers.get("retry-after"))
        when = f"; try again in {wait:g} s" if wait is not None else ""
        detail = None if is_html(raw) else _body_message(raw)
        note = f" ({detail})" if detail else ""
        return RateLimited(
            f"{origin.label} is limiting requests{when}{note}", retry_after=wait, **kw
        )
    if _not_served(raw, path):  # JSON or Django's HTML 404 page: the path is not routed
        return NotServed(
            f"This server does not serve {path} ({origin.label} answered 404): check the "
            "server URL (context root)",
            **kw,
        )
    if is_html(raw):
        if status >= 500:  # Django's (or a proxy's) error page: the server failed, not the login
            return ServerError(f"Server error ({status}): the server sent an HTML error page", **kw)
        return HtmlInsteadOfJson(HTML_MESSAGE, **kw)
    detail = _body_message(raw)
    note = f" ({detail})" if detail else ""
    if status == 400:
        value = _lenient_json(raw.content)
        fields = (
            value if isinstance(value, dict) else ({"non_field_errors": value} if value else {})
        )
        return ValidationFailed(
            detail or "The server rejected the request", field_errors=fields, **kw
        )
    if status == 401:
        return NotAuthenticated(f"Token rejected by {origin.label}{note}", **kw)
    if status == 403:
        return PermissionDenied(f"Not allowed to {method} {path}{note}", **kw)
    if status == 404:
        return NotFound(f"Nothing at {path} on {origin.label}{note}", **kw)
    if status == 405:
        return MethodNotAllowed(f"{origin.label} does not allow {method} on {path}{note}", **kw)
    if status == 407:
        message = "A proxy asks for authentication (407); check the credentials in HTTPS_PROXY"
        return CannotConnect(message, **kw)
    if status >= 500:
        return ServerError(f"Server error ({status})" + (f": {detail}" if detail else ""), **kw)
    return ApiError(f"Unexpected answer {status} to {method} {path}{note}", **kw)


def interpret(raw: RawResponse, *, method: str, origin: Origin) -> Reply:
    """Parsed JSON for a 2xx answer; otherwise raise the typed error."""
    if not 200 <= raw.status < 300:
        raise error_for(raw, method=method, origin=origin)
    if not raw.content.strip():
        return Reply(raw.status, None, raw.url)
    if is_html(raw):
        raise HtmlInsteadOfJson(HTML_MESSAGE, status=raw.status, url=origin.label)
    return Reply(raw.status, parse_json(raw.content, raw.url), raw.url)


def describe_validation(exc: ValidationError, limit: int = 3) -> str:
    """``loc: msg`` pairs from a pydantic error; never the offending input values."""
    parts = [
        f"{'.'.join(str(p) for p in err['loc']) or 'value'}: {err['msg']}"
        for err in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
    more = f" (+{len(parts) - limit} more)" if len(parts) > limit else ""
    return display_text("; ".join(parts[:limit]) + more, max_chars=_MESSAGE_CHARS)


def to_model(value: Any, model: type[M], kind: str) -> M:
    """Validate one object; an error envelope or a foreign shape becomes a typed error."""
    if value is None:
        raise MalformedResponse(f"The server sent an empty answer where a {kind} was expected")
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        refuse_message(value, f"a {kind}")
        raise MalformedResponse(
            f"Unsupported server response shape for a {kind} ({describe_validation(exc)}); "
            "is this server version supported?"
        ) from None
