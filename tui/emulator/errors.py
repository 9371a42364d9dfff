"""Errors a handler raises; each carries the exact status and DRF-style body to send."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An HTTP error answer: status code, JSON body and extra headers."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {body!r}")
        self.status = status
        self.body = body
        self.headers = headers or {}


class ValidationFailed(ApiError):
    """400 with DRF's field-keyed error dict, e.g. {"alias": ["This field is required."]}."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(400, errors)
        self.errors = errors


class NotFound(ApiError):
    def __init__(self, detail: str = "Not found.") -> None:
        super().__init__(404, {"detail": detail})


class NotAuthenticated(ApiError):
    def __init__(self, detail: str = "Authentication credentials were not provided.") -> None:
        super().__init__(401, {"detail": detail}, {"WWW-Authenticate": "Token"})


class PermissionDenied(ApiError):
    def __init__(self) -> None:
        super().__init__(403, {"detail": "You do not have permission to perform this action."})


class MethodNotAllowed(ApiError):
    def __init__(self, method: str, allowed: list[str]) -> None:
        super().__init__(
            405, {"detail": f'Method "{method}" not allowed.'}, {"Allow": ", ".join(allowed)}
        )


class DataFileError(ValueError):
    """The --data file cannot be loaded; the message says where and why."""
