"""What the screens share for one server: the client, the latest known objects and test history.

Screens fetch through their own workers and store results here, so the connectors list can count
connections and the connections list can name projects without fetching twice.
"""

from __future__ import annotations

from collections import deque
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    MutableMapping,
    ValuesView,
)
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from tui.api.display import comparable
from tui.api.vocab import ApiFamily, Vocabulary, vocabulary_for, vocabulary_of, with_every_name

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


class Connections(MutableMapping[int, "Connection"]):
    """The known connections by id, with an index of aliases as a reader sees them.

    The index (``comparable`` alias -> ids) is built on the first look-alike question and kept
    up to date by every change after it, so a highlight never scans the whole list.
    """

    def __init__(self, items: Mapping[int, Connection] | None = None) -> None:
        self._items: dict[int, Connection] = dict(items or {})
        self._by_alias: dict[str, set[int]] | None = None

    def __getitem__(self, connection_id: int) -> Connection:
        return self._items[connection_id]

    def __setitem__(self, connection_id: int, connection: Connection) -> None:
        old = self._items.get(connection_id)
        self._items[connection_id] = connection
        if self._by_alias is not None and (old is None or old.alias != connection.alias):
            if old is not None:
                self._unindex(connection_id, old.alias)
            self._by_alias.setdefault(comparable(connection.alias), set()).add(connection_id)

    def __delitem__(self, connection_id: int) -> None:
        old = self._items.pop(connection_id)
        if self._by_alias is not None:
            self._unindex(connection_id, old.alias)

    def _unindex(self, connection_id: int, alias: str) -> None:
        assert self._by_alias is not None
        key = comparable(alias)
        ids = self._by_alias.get(key)
        if ids is not None:
            ids.discard(connection_id)
            if not ids:
                del self._by_alias[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, connection_id: object) -> bool:
        return connection_id in self._items

    # The mixin views go through __getitem__ once per item: 10k calls per pass.
    def values(self) -> ValuesView[Connection]:
        return self._items.values()

    def items(self) -> ItemsView[int, Connection]:
        return self._items.items()

    def keys(self) -> KeysView[int]:
        return self._items.keys()

    def clear(self) -> None:
        self._items.clear()
        self._by_alias = None

    def look_alikes(self, connection: Connection) -> list[int]:
        """Ids of the other connections whose alias reads the same but is not the same string."""
        if self._by_alias is None:
            index: dict[str, set[int]] = {}
            for connection_id, other in self._items.items():
                index.setdefault(comparable(other.alias), set()).add(connection_id)
            self._by_alias = index
        twins = self._by_alias.get(comparable(connection.alias), ())
        return sorted(
            twin
            for twin in twins
            if twin != connection.id and self._items[twin].alias != connection.alias
        )


@dataclass
class Session:
    """Shared state of the app for one server (replaced wholesale on a profile switch)."""

    info: ServerInfo
    client: AlmClient
    call_log: CallLog
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    connectors: dict[int, Connector] = field(default_factory=dict)
    _connections: Connections = field(default_factory=Connections, init=False, repr=False)
    projects: dict[int, Project] = field(default_factory=dict)
    plugins: dict[str, Plugin] = field(default_factory=dict)
    tests: dict[tuple[Kind, int], deque[TestRecord]] = field(default_factory=dict)
    write_denied: str | None = None
    """Why this token cannot write (the server hid params, or refused a write); None: it may."""

    @property
    def connections(self) -> Connections:
        return self._connections

    @connections.setter
    def connections(self, items: Mapping[int, Connection]) -> None:
        self._connections = items if isinstance(items, Connections) else Connections(items)

    @property
    def family(self) -> ApiFamily | None:
        """The API family the client discovered for this server; None until it has. The UI reads
        the family only here."""
        family = getattr(self.client, "family", None)
        return family if isinstance(family, ApiFamily) else None

    def note_no_edit_permission(self, how: str) -> None:
        """The server said this token lacks the edit permission: write keys dim and say why."""
        if self.write_denied is None:
            permission = vocabulary_for(None, self.family).permission_text()
            self.write_denied = f"No permission: the token lacks {permission} ({how})."

    def note_objects(self, objects: Iterable[Connection | Connector]) -> None:
        """Params left out of every listed object mean the token lacks the edit permission."""
        listed = list(objects)
        if listed and all(item.params is None for item in listed):
            self.note_no_edit_permission("the server hides the parameters")

    def spoken_vocabulary(self) -> Vocabulary | None:
        """The names the server's params are answered in, judged by the first known object that
        names a tracker param; None when none does (say, without the permission to see params)."""
        for objects in (self.connectors.values(), self.connections.values()):
            for item in objects:
                found = vocabulary_of(item.params)
                if found is not None:
                    return found
        return None

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

    def failed_sync_counts(self) -> dict[int, int]:
        """Connections whose last sync failed, by connector."""
        counts: dict[int, int] = {}
        for connection in self.connections.values():
            if connection.connector is not None and connection.status == "failed":
                counts[connection.connector] = counts.get(connection.connector, 0) + 1
        return counts

    def connector_inaccessible(self, connection: Connection) -> bool:
        if connection.inaccessible:
            return True
        connector = self.connectors.get(connection.connector or -1)
        return bool(connector and connector.inaccessible)

    def masked_fields(self, system_id: str | None) -> frozenset[str]:
        plugin = self.plugins.get(system_id or "")
        # A schema of one vocabulary still masks the same param sent under the other name.
        return with_every_name(plugin.masked_fields()) if plugin is not None else frozenset()

    def object_url(self, kind: Kind, item_id: int) -> str:
        """The object's API address on the family this server serves (ALM until discovered)."""
        objects = "connectors" if kind == "connector" else "connections"
        segment = (self.family or ApiFamily.ALM).segment
        return f"{self.info.server}/api/v2/{objects}/{segment}/{item_id}/"
