"""Pydantic models of the SD Elements ALM API, tolerant of every variant the documents show.

Objects keep unknown keys (``extra="allow"``) so the user can see and edit them; ``params`` is a
plain dict of whatever the server sent. Secrets inside ``params`` are found by ``tui.api.secrets``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tui.api.vocab import LAST_SUCCESSFUL_RUN

FREQUENCIES: tuple[str, ...] = ("manually", "hourly", "daily", "weekly", "monthly")
"""Documented sync frequencies; only ``manually`` for orgs without the advanced ALM feature."""


class ApiModel(BaseModel):
    """Base for server objects: unknown keys are kept, values are never coerced silently."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=False)

    def extras(self) -> dict[str, Any]:
        """Keys the server sent that this model does not name."""
        return dict(self.model_extra or {})


_SHARED_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def share_fields_sets(models: list[Any]) -> None:
    """Let listed models (and their ``system`` / ``last_job``) that were given the same fields
    share one fields-set object instead of a set each: 43% of what a loaded connection kept
    (bench/per_row.py). Safe because nothing assigns attributes on server objects, and pydantic's
    ``model_copy`` gives the copy its own set before adding to it."""
    shared = _SHARED_FIELDS_SETS
    for model in models:
        for part in (model, getattr(model, "system", None), getattr(model, "last_job", None)):
            if isinstance(part, BaseModel):
                own = part.__pydantic_fields_set__
                key = frozenset(own)
                common = shared.get(key)
                if common is None:
                    common = shared[key] = set(key)
                object.__setattr__(part, "__pydantic_fields_set__", common)


class System(ApiModel):
    """An ALM system; ``short_name`` is absent in some examples; very old servers send a string."""

    id: str
    name: str = ""
    short_name: str | None = None

    @property
    def label(self) -> str:
        return self.short_name or self.name or self.id


def _system_from_string(value: Any) -> Any:
    # Servers before 2017-03-29 (and job payloads) send the system as a bare display string.
    if isinstance(value, str):
        return {"id": value.lower(), "name": value}
    return value


class LastJob(ApiModel):
    """The ``last_job`` include of a connection."""

    id: int | None = None
    succeeded: bool | None = None
    last_run: datetime | None = None
    result_message: str | None = None
    user: int | str | None = None
    ready: bool | None = None
    automatic: bool | None = None


JobOutcome = Literal["running", "ok", "failed", "unknown"]


def job_outcome(job: LastJob | Job) -> JobOutcome:
    """What a job's flags mean; the one rule the lists, the detail and the CLI follow.

    ``ready: false`` is a job still running; ``succeeded: null`` on a finished (or unflagged)
    job says nothing either way: "unknown", neither failed nor never run.
    """
    if job.ready is False:
        return "running"
    if job.succeeded is None:
        return "unknown"
    return "ok" if job.succeeded else "failed"


class Connector(ApiModel):
    """System-level ALM configuration (``/api/v2/connectors/alm/``)."""

    id: int
    name: str
    system: System
    inaccessible: bool = False
    params: dict[str, Any] | None = None

    _coerce_system = field_validator("system", mode="before")(_system_from_string)


class Connection(ApiModel):
    """Project-level link to a connector (``/api/v2/connections/alm/``)."""

    id: int
    alias: str
    system: System | None = None
    frequency: str | None = None
    command: str | None = None
    debug_mode: bool = False
    params: dict[str, Any] | None = None
    inaccessible: bool = False
    in_progress: bool = False
    connector: int | None = None
    project: int | None = None
    last_job: LastJob | None = None

    _coerce_system = field_validator("system", mode="before")(_system_from_string)

    @property
    def last_successful_run(self) -> datetime | None:
        """When the last sync succeeded, as current servers note it (inside ``params``; a
        top-level key is read too); None when absent or not a date."""
        value = (self.params or {}).get(LAST_SUCCESSFUL_RUN)
        if value is None:
            value = (self.model_extra or {}).get(LAST_SUCCESSFUL_RUN)
        if not isinstance(value, str):
            return None
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return None
        # The documents always give an offset; a bare time is the server's UTC, and an aware
        # value compares safely with the app's clock.
        return when if when.tzinfo is not None else when.replace(tzinfo=UTC)

    @property
    def status(self) -> Literal["running", "ok", "failed", "unknown", "never"]:
        """Sync status as the lists and the detail show it: the last job's outcome
        (``job_outcome``); a job that says neither how nor when it ran counts as none, and
        without one a recorded successful run counts as ok."""
        if self.in_progress:
            return "running"
        job = self.last_job
        if job is not None:
            outcome = job_outcome(job)
            if outcome != "unknown" or job.last_run is not None:
                return outcome
        return "ok" if self.last_successful_run is not None else "never"

    @property
    def last_run(self) -> datetime | None:
        """When the sync that ``status`` describes ran: the last job's time, else the last
        successful run's."""
        job = self.last_job
        if job is not None and (job.last_run is not None or job.succeeded is not None):
            return job.last_run
        return self.last_successful_run


class JobConnection(ApiModel):
    """The connection nested in a job; its ``system`` is a display string in the docs."""

    id: int
    alias: str | None = None
    command: str | None = None
    frequency: str | None = None
    project: int | None = None
    system: System | None = None
    params: dict[str, Any] | None = None

    _coerce_system = field_validator("system", mode="before")(_system_from_string)


class Job(ApiModel):
    """An ALM sync job (``/api/v2/jobs/alm/``)."""

    id: int
    succeeded: bool | None = None
    ready: bool | None = None
    automatic: bool | None = None
    result_message: str | None = None
    last_run: datetime | None = None
    user: int | str | None = None
    connection: JobConnection | int | None = None

    @property
    def connection_id(self) -> int | None:
        if isinstance(self.connection, JobConnection):
            return self.connection.id
        return self.connection


class PluginOption(ApiModel):
    label: str = ""
    value: Any = None
    disabled: bool = False


class PluginField(ApiModel):
    """One param of a plugin schema (ALM v2 shape)."""

    name: str
    label: str = ""
    description: str | None = None
    field_type: str = "string"
    default: Any = None
    readonly: bool = False
    max_length: int | None = None
    required: bool = False
    deprecated: bool = False
    placeholder: str | None = None
    scope: list[str] = Field(default_factory=list)
    help_text: str | None = None
    options: list[PluginOption] = Field(default_factory=list)

    @field_validator("options", "scope", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class PluginSection(ApiModel):
    label: str | None = None
    optional: bool = False
    fields: list[PluginField] = Field(default_factory=list)


class Plugin(ApiModel):
    """An ALM system's param schema (``/api/v2/plugins/alm/``)."""

    id: str
    name: str = ""
    short_name: str | None = None
    command: str | None = None
    sections: list[PluginSection] = Field(default_factory=list)

    def fields(self) -> list[PluginField]:
        return [f for section in self.sections for f in section.fields]

    def masked_fields(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields() if f.field_type == "masked_string")


class Project(ApiModel):
    """The parts of an SD Elements project the console shows."""

    id: int
    name: str = ""
    slug: str | None = None
    application: int | dict[str, Any] | None = None
    archived: bool = False


class TestResult(BaseModel):
    """Outcome of a ``testalm`` call, whichever failure shape the server used."""

    __test__ = False  # not a pytest class

    success: bool
    message: str | None = None
    latency_ms: float = 0.0
    field_errors: dict[str, Any] = Field(default_factory=dict)


class Page(ApiModel):
    """One list answer: ``{"results": [...]}`` or DRF paging with count/next/previous."""

    results: list[Any]
    count: int | None = None
    next: str | None = None
    previous: str | None = None
