"""The emulator's in-memory store and the business rules of connectors and connections.

Objects are stored as plain dicts in their own (unrendered) shape; `render.py` turns them into
API JSON. Time is kept on a timeline of seconds since the state was created, read from an
injectable monotonic `clock`, so tests can move time without sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tui.api.vocab import Vocabulary
from tui.emulator import jobs
from tui.emulator.config import EmulatorConfig, RecordedRequest
from tui.emulator.errors import NotFound, ValidationFailed
from tui.emulator.family import answer_vocabulary
from tui.emulator.json_types import FieldErrors, JsonDict
from tui.emulator.params import in_order, merge_patch, merged_params, own_params_from
from tui.emulator.systems import SYSTEMS, System
from tui.emulator.validation import (
    FREQUENCIES,
    Collector,
    Invalid,
    boolean,
    char,
    choice,
    dictionary,
    param_errors,
    pk,
)

__all__ = ["EmulatorConfig", "EmulatorState", "RecordedRequest"]

# GUESS: who the two tokens belong to; jobs they start carry these users.
FULL_USER_ID = 1
READ_USER_ID = 2


class EmulatorState:
    """Everything the emulator knows, plus the rules that change it."""

    def __init__(
        self, config: EmulatorConfig | None = None, clock: Callable[[], float] | None = None
    ) -> None:
        self.config = config or EmulatorConfig()
        self._clock: Callable[[], float] = clock or time.monotonic
        self._origin = self._clock()
        # Wall-clock time (epoch seconds) at timeline 0; timestamps are rendered from it.
        self.epoch0 = time.time()
        self.requests: list[RecordedRequest] = []
        self.systems: dict[str, System] = dict(SYSTEMS)
        self.users: dict[int, str] = {}  # id -> email
        self.user_names: dict[int, tuple[str, str]] = {}
        self.connectors: dict[int, JsonDict] = {}
        self.connections: dict[int, JsonDict] = {}
        self.projects: dict[int, JsonDict] = {}
        self.applications: dict[int, JsonDict] = {}
        self.jobs: dict[int, JsonDict] = {}
        self.running: dict[int, int] = {}  # connection id -> id of its unfinished job
        self.last_job_ids: dict[int, int] = {}  # connection id -> id of its newest job
        self.last_success: dict[int, float] = {}  # connection id -> end of its last good sync
        # connection id -> the order its read params list their keys in (when not the rule's)
        self.param_orders: dict[int, tuple[str, ...]] = {}
        self._next_id: dict[str, int] = {}
        self._load()

    def _load(self) -> None:
        from tui.emulator import seed_data

        seed_data.load_users(self)
        if self.config.data_file:
            from tui.emulator.data_file import load_data_file

            load_data_file(self, self.config.data_file)
        else:
            seed_data.load_demo(self)
            if self.config.connections is not None:
                from tui.emulator.generate import generate_connections

                generate_connections(self, self.config.connections)

    @property
    def vocabulary(self) -> Vocabulary:
        """The param names answers use."""
        return answer_vocabulary(self.config)

    # --- time -----------------------------------------------------------------------------

    @property
    def clock(self) -> Callable[[], float]:
        return self._clock

    @clock.setter
    def clock(self, new_clock: Callable[[], float]) -> None:
        """Swap the clock without moving the timeline (so a fake clock can start at 0)."""
        elapsed = self.now()
        self._clock = new_clock
        self._origin = new_clock() - elapsed

    def now(self) -> float:
        """Seconds since this state was created, by `clock`."""
        return self._clock() - self._origin

    def iso(self, t: float) -> str:
        """A timeline instant as the API writes it, e.g. "2016-12-15T22:45:27.412Z"."""
        return iso_at(self.epoch0 + t)

    def last_successful_run(self, connection_id: int) -> str | None:
        """When a connection last synced successfully, as the new family's docs write it
        ("2019-11-28T20:22:32.588388+00:00"); None when it never did."""
        t = self.last_success.get(connection_id)
        if t is None:
            return None
        return datetime.fromtimestamp(self.epoch0 + t, tz=UTC).isoformat(timespec="microseconds")

    def advance(self) -> None:
        """Finish every sync whose time has come (job completion is computed lazily)."""
        jobs.finish_due(self)

    # --- ids and lookups ------------------------------------------------------------------

    def new_id(self, kind: str, store: dict[int, JsonDict]) -> int:
        """Next id for a store; ids only ever grow, like a database sequence."""
        next_id = self._next_id.get(kind)
        if next_id is None or next_id in store:
            next_id = max(store, default=0) + 1
        self._next_id[kind] = next_id + 1
        return next_id

    def connector(self, connector_id: int) -> JsonDict:
        """The stored (raw) connector; raises errors.NotFound for an unknown id."""
        return _get(self.connectors, connector_id)

    def connection(self, connection_id: int) -> JsonDict:
        """The stored connection, its `params` being its own only; NotFound when unknown."""
        return _get(self.connections, connection_id)

    def project(self, project_id: int) -> JsonDict:
        return _get(self.projects, project_id)

    def job(self, job_id: int) -> JsonDict:
        return _get(self.jobs, job_id)

    def system_of(self, connector: JsonDict) -> System:
        system_id: str = connector["system"]
        return self.systems.get(system_id) or System(system_id, system_id, system_id)

    def in_progress(self, connection_id: int) -> bool:
        return connection_id in self.running

    def last_job(self, connection_id: int) -> JsonDict | None:
        job_id = self.last_job_ids.get(connection_id)
        return None if job_id is None else self.jobs[job_id]

    def read_params(self, connection: JsonDict) -> JsonDict:
        """A connection's params as the API shows them (see params.merged_params)."""
        connector = self.connectors[connection["connector"]]
        merged = merged_params(connector["params"], connection["params"])
        project = self.projects[connection["project"]]
        application = self.applications.get(project["application"], {})
        merged["sde_project"] = project["name"]
        merged["sde_application"] = application.get("name", "")
        merged["sde_businessunit"] = application.get("business_unit", {}).get("name", "")
        # GUESS: alm_reference_context is the connection id (the seed shows 5 for connection 5).
        merged["alm_reference_context"] = connection["id"]
        # The seed's connection example lists its params in no rule's order: it keeps its own.
        order = self.param_orders.get(connection["id"])
        return merged if order is None else in_order(merged, order)

    # --- connectors -----------------------------------------------------------------------

    def create_connector(self, body: Any) -> JsonDict:
        cleaned = self._clean_connector(_body_dict(body), existing=None)
        connector_id = self.new_id("connector", self.connectors)
        connector = {"id": connector_id, **cleaned}
        self.connectors[connector_id] = connector
        return connector

    def update_connector(self, connector_id: int, body: Any, *, partial: bool) -> JsonDict:
        connector = self.connector(connector_id)
        cleaned = self._clean_connector(
            _body_dict(body),
            existing=connector if partial else None,
            current_system=connector["system"],
        )
        connector.update(cleaned)
        return connector

    def delete_connector(self, connector_id: int) -> None:
        connector = self.connector(connector_id)
        used = sum(1 for c in self.connections.values() if c["connector"] == connector_id)
        if used:
            # GUESS: deleting a connector in use is refused (sde-api.md Q5).
            raise ValidationFailed(
                {
                    "non_field_errors": [
                        f'Connector "{connector["name"]}" is used by {used} connection(s); '
                        "delete or move them first."
                    ]
                }
            )
        del self.connectors[connector_id]

    def _clean_connector(
        self, body: JsonDict, existing: JsonDict | None, current_system: str | None = None
    ) -> JsonDict:
        partial = existing is not None
        out = Collector()
        name = out.take(body, "name", char, required=not partial)
        system_id = out.take(body, "system", self.system_ref, required=not partial)
        if system_id is not None and current_system is not None and system_id != current_system:
            # GUESS: a connector's system cannot change (the UI offers no way to).
            out.errors["system"] = ["The system of an existing connector cannot be changed."]
        inaccessible = out.take(body, "inaccessible", boolean, required=False)
        params = out.take(body, "params", dictionary, required=not partial)
        if out.errors:
            raise ValidationFailed(out.errors)
        system = system_id or current_system
        assert system is not None
        if existing is not None and params is not None:
            params = merge_patch(existing["params"], params)
        if params is not None:
            problems = param_errors(system, params, whole_connection=False)
            if problems:
                raise ValidationFailed({"params": problems})
        cleaned: JsonDict = {}
        if name is not None:
            cleaned["name"] = name
        if system_id is not None or not partial:
            cleaned["system"] = system
        if inaccessible is not None or not partial:
            cleaned["inaccessible"] = bool(inaccessible)
        if params is not None:
            cleaned["params"] = params
        return cleaned

    def system_ref(self, value: Any) -> str:
        if value is None:
            raise Invalid("This field may not be null.")
        if not isinstance(value, dict):
            raise Invalid(
                nested={
                    "non_field_errors": [
                        f"Invalid data. Expected a dictionary, but got {type(value).__name__}."
                    ]
                }
            )
        if "id" not in value:
            raise Invalid(nested={"id": ["This field is required."]})
        system_id = value["id"]
        if system_id not in self.systems:
            raise Invalid(nested={"id": [f'"{system_id}" is not a valid choice.']})
        return str(system_id)

    # --- connections ----------------------------------------------------------------------

    def create_connection(self, body: Any) -> JsonDict:
        cleaned = self._clean_connection(_body_dict(body), existing=None)
        connection_id = self.new_id("connection", self.connections)
        connection = {"id": connection_id, **cleaned}
        self.connections[connection_id] = connection
        return connection

    def update_connection(self, connection_id: int, body: Any, *, partial: bool) -> JsonDict:
        connection = self.connection(connection_id)
        cleaned = self._clean_connection(_body_dict(body), existing=connection, replace=not partial)
        connection.update(cleaned)
        return connection

    def delete_connection(self, connection_id: int) -> None:
        self.connection(connection_id)
        del self.connections[connection_id]
        # GUESS: a connection's jobs go with it (Django cascade).
        for job_id in [j["id"] for j in self.jobs.values() if j["connection"] == connection_id]:
            del self.jobs[job_id]
        self.running.pop(connection_id, None)
        self.last_job_ids.pop(connection_id, None)
        self.last_success.pop(connection_id, None)
        self.param_orders.pop(connection_id, None)

    def _clean_connection(
        self, body: JsonDict, existing: JsonDict | None, replace: bool = True
    ) -> JsonDict:
        partial = existing is not None and not replace
        out = Collector()
        alias = out.take(body, "alias", char, required=not partial)
        connector_id = out.take(body, "connector", pk, self.connectors, required=not partial)
        project_id = out.take(body, "project", pk, self.projects, required=not partial)
        frequency = out.take(body, "frequency", choice, FREQUENCIES, required=False)
        debug_mode = out.take(body, "debug_mode", boolean, required=False)
        params = out.take(body, "params", dictionary, required=not partial)
        if out.errors:
            raise ValidationFailed(out.errors)
        base: JsonDict = existing if existing is not None else {}
        final = {
            "alias": alias if alias is not None else base.get("alias"),
            "connector": connector_id if connector_id is not None else base.get("connector"),
            "project": project_id if project_id is not None else base.get("project"),
            "frequency": frequency or (base.get("frequency") if partial else None) or "manually",
            "debug_mode": debug_mode
            if debug_mode is not None
            else (base.get("debug_mode", False) if partial else False),
        }
        own = own_params_from(params) if params is not None else None
        if partial and own is not None:
            own = merge_patch(base["params"], own)
        final["params"] = own if own is not None else base["params"]
        self._check_connection(final, existing)
        return final

    def _check_connection(self, final: JsonDict, existing: JsonDict | None) -> None:
        connector = self.connectors[final["connector"]]
        system = self.system_of(connector)
        problems = param_errors(
            system.id, merged_params(connector["params"], final["params"]), whole_connection=True
        )
        if problems:
            raise ValidationFailed({"params": problems})
        errors: FieldErrors = {}
        for other in self.connections.values():
            same = existing is not None and other["id"] == existing["id"]
            if (
                not same
                and other["project"] == final["project"]
                and (other["alias"] == final["alias"])
            ):
                errors["non_field_errors"] = ["The fields project, alias must make a unique set."]
                break
        if connector["inaccessible"] and final["frequency"] == "manually":
            # GUESS: the product guide says manual syncs are unavailable for inaccessible
            # connectors (the Remote Integration Client runs them on a schedule).
            errors.setdefault("non_field_errors", []).append(
                'Connections using an inaccessible connector cannot use the "manually" frequency.'
            )
        if errors:
            raise ValidationFailed(errors)


def iso_at(epoch_seconds: float) -> str:
    """An instant as the API writes it: UTC, milliseconds (truncated), "Z"."""
    stamp = datetime.fromtimestamp(epoch_seconds, tz=UTC).isoformat(timespec="milliseconds")
    return stamp[:-6] + "Z"  # "+00:00" -> "Z"


def _get(store: dict[int, JsonDict], object_id: int) -> JsonDict:
    found = store.get(object_id)
    if found is None:
        raise NotFound()
    return found


def _body_dict(body: Any) -> JsonDict:
    if not isinstance(body, dict):
        kind = "null" if body is None else type(body).__name__
        raise ValidationFailed(
            {"non_field_errors": [f"Invalid data. Expected a dictionary, but got {kind}."]}
        )
    return body
