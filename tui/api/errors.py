"""Typed API errors: each has a short title and a human message, and never carries a secret."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Base of every error the client raises; ``title`` and ``message`` are safe to show."""

    title = "API error"

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.url = url

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"


class NotAuthenticated(ApiError):
    title = "Not authenticated"


class PermissionDenied(ApiError):
    title = "Permission denied"


class NotFound(ApiError):
    title = "Not found"


class NotServed(NotFound):
    """A 404 on an endpoint's root (a list or a test path): this server does not serve it."""

    title = "Not served by this server"


class FamilyNotFound(NotServed):
    """The server serves neither API family (ALM nor Issue Tracker) at the configured URL."""

    title = "SD Elements API not found"


class EndpointUnavailable(NotServed):
    """No candidate path of an endpoint whose name is unknown (tests, jobs, plugins) answered."""

    title = "Not served by this server"


class ValidationFailed(ApiError):
    """400 with DRF field errors; ``field_errors`` keeps the nested mapping (``params`` too)."""

    title = "Validation failed"

    def __init__(
        self,
        message: str,
        *,
        field_errors: dict[str, Any] | None = None,
        status: int | None = 400,
        url: str | None = None,
    ) -> None:
        super().__init__(message, status=status, url=url)
        self.field_errors: dict[str, Any] = field_errors or {}


class MethodNotAllowed(ApiError):
    title = "Not supported by this server"


class RateLimited(ApiError):
    title = "Rate limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class AskedToWait(RateLimited):
    """The server (429, 503) asks to wait longer than the action may still take: not retried."""

    title = "Server asks to wait"


class ServerError(ApiError):
    title = "Server error"


class HtmlInsteadOfJson(ApiError):
    title = "HTML instead of API JSON"


class MalformedResponse(ApiError):
    title = "Malformed response"


class ResponseTooLarge(MalformedResponse):
    title = "Response too large"


class Redirected(ApiError):
    title = "Redirected"

    def __init__(self, message: str, *, location: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.location = location


class PagingError(ApiError):
    title = "Paging stopped"


class TransportError(ApiError):
    """The request did not get an HTTP answer."""

    title = "Network error"


class CannotConnect(TransportError):
    title = "Cannot connect"


class TlsError(CannotConnect):
    title = "Certificate not trusted"


class CertificateExpired(TlsError):
    title = "Certificate expired"


class TimedOut(TransportError):
    title = "Timed out"


class OutcomeUnknown(TransportError):
    """A write's request may have reached the server but no answer came: re-fetch, never resend."""

    title = "Outcome unknown"


class ConfigError(Exception):
    """Bad or missing configuration; the CLI exits with code 2."""

    title = "Configuration error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"
