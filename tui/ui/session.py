"""What the screens share for one server: the client, the latest known objects and test history.

Screens fetch through their own workers and store results here, so the connectors list can count
connections and the connections list can name projects without fetching twice.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tui.api.calllog import CallLog
    from tui.api.client import AlmClient
    from tui.api.models import Connection, Connector, Plugin, Project, TestResult

Kind = Literal["connector", "connection"]
TEST_HISTORY = 10


@dataclass(frozen=True)
class ServerInfo:
    """Where the session points; shown in the header at all times."""

    server: str
    profile: str | None = None
    demo: bool = False
    read_only: bool = False
    production: bool = False
    insecure: bool = False
    token_source: str | None = None
    """Where the token came from (e.g. "env SDE_API_TOKEN"), for 401 messages; never the token."""

    @property
    def host(self) -> str:
        rest = self.server.split("://", 1)[-1]
        return rest.split("/", 1)[0]


@dataclass(frozen=True)
class TestRecord:
    """One connectivity test run in this session."""

    __test__ = False

    at: datetime
    success: bool
    message: str | None
    latency_ms: float


@dataclass
class Session:
    """Shared state of the app for one server (replaced wholesale on a profile switch)."""

    info: ServerInfo
    client: AlmClient
    call_log: CallLog
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    connectors: dict[int, Connector] = field(default_factory=dict)
    connections: dict[int, Connection] = field(default_factory=dict)
    projects: dict[int, Project] = field(default_factory=dict)
    plugins: dict[str, Plugin] = field(default_factory=dict)
    tests: dict[tuple[Kind, int], deque[TestRecord]] = field(default_factory=dict)

    def record_test(self, kind: Kind, item_id: int, result: TestResult) -> TestRecord:
        record = TestRecord(self.now(), result.success, result.message, result.latency_ms)
        self.tests.setdefault((kind, item_id), deque(maxlen=TEST_HISTORY)).appendleft(record)
        return record

    def last_test(self, kind: Kind, item_id: int) -> TestRecord | None:
        history = self.tests.get((kind, item_id))
        return history[0] if history else None

    def test_history(self, kind: Kind, item_id: int) -> list[TestRecord]:
        return list(self.tests.get((kind, item_id), ()))

    def project_name(self, project_id: int | None) -> str | None:
        if project_id is None:
            return None
        project = self.projects.get(project_id)
        return project.name if project is not None else None

    def connection_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for connection in self.connections.values():
            if connection.connector is not None:
                counts[connection.connector] = counts.get(connection.connector, 0) + 1
        return counts

    def connector_inaccessible(self, connection: Connection) -> bool:
        if connection.inaccessible:
            return True
        connector = self.connectors.get(connection.connector or -1)
        return bool(connector and connector.inaccessible)

    def masked_fields(self, system_id: str | None) -> frozenset[str]:
        plugin = self.plugins.get(system_id or "")
        return plugin.masked_fields() if plugin is not None else frozenset()

    def object_url(self, kind: Kind, item_id: int) -> str:
        family = "connectors" if kind == "connector" else "connections"
        return f"{self.info.server}/api/v2/{family}/alm/{item_id}/"
