"""Token authentication as DRF's TokenAuthentication does it."""

from __future__ import annotations

from enum import Enum

from tui.emulator.config import EmulatorConfig
from tui.emulator.errors import NotAuthenticated


class Access(Enum):
    FULL = "full"  # has "Edit ALM connections"
    READ = "read"  # sees connections without params; writes are 403


def authenticate(header: str | None, config: EmulatorConfig) -> Access:
    """Access level for an Authorization header, or raise the DRF 401."""
    parts = (header or "").split()
    if not parts or parts[0].lower() != "token":
        raise NotAuthenticated()
    if len(parts) == 1:
        raise NotAuthenticated("Invalid token header. No credentials provided.")
    if len(parts) > 2:
        raise NotAuthenticated("Invalid token header. Token string should not contain spaces.")
    if parts[1] == config.token:
        return Access.FULL
    if config.read_token is not None and parts[1] == config.read_token:
        return Access.READ
    raise NotAuthenticated("Invalid token.")
