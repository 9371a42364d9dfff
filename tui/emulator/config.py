"""Emulator configuration and the record of requests it received."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ApiFamilyMode = Literal["alm", "issue-tracker", "both"]
SideEndpoints = Literal["family", "alm", "none"]


@dataclass
class EmulatorConfig:
    """Everything that changes how the emulator behaves; defaults give the demo organisation."""

    token: str = "demo-token"
    # A token without the "Edit ALM connections" permission: no `params`, 403 on writes.
    read_token: str | None = None
    latency_ms: float = 0
    test_latency_ms: float = 300
    sync_seconds: float = 3.0
    connections: int | None = None
    data_file: str | None = None
    faults: str | None = None
    seed: int = 7
    test_failure_style: Literal["200", "400"] = "200"
    # Which endpoint family is served; "both" serves the /alm/ paths too, in the new names.
    api_family: ApiFamilyMode = "alm"
    # Names of the test, jobs and plugins endpoints: the family's, always ALM's, or none.
    side_endpoints: SideEndpoints = "family"


@dataclass
class RecordedRequest:
    """One request as the emulator saw it; `status` is 0 when a fault dropped the connection."""

    method: str
    path: str
    query: str
    body: Any
    status: int
