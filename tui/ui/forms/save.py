"""The save flow of security.md section 5.2, with no prompts between the re-read and the write.

``save`` re-reads the object, stops on conflicts, PATCHes only what changed, verifies the
answer, and after a timeout or a dropped connection re-reads instead of resending. Creating
and deleting follow the same rule: an unknown outcome is checked, never retried.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tui.api.errors import ApiError, NotFound, OutcomeUnknown, ValidationFailed
from tui.api.models import Connection, Connector
from tui.ui.forms.draft import Conflict, Draft, snapshot
from tui.ui.forms.objects import (
    CONNECTION_FIELDS,
    CONNECTOR_FIELDS,
    connection_values,
    connector_values,
)

if TYPE_CHECKING:
    from tui.api.client import AlmClient

M = TypeVar("M")


@dataclass(frozen=True)
class Ops(Generic[M]):
    """How to read and write one kind of object, and how to see it as form values."""

    get: Callable[[int], Awaitable[M]]
    patch: Callable[[int, Mapping[str, Any]], Awaitable[M]]
    create: Callable[[Mapping[str, Any]], Awaitable[M]]
    find: Callable[[Mapping[str, Any]], Awaitable[M | None]]
    values: Callable[[M], dict[str, Any]]
    top_level: tuple[str, ...]


def connector_ops(client: AlmClient) -> Ops[Connector]:
    async def find(body: Mapping[str, Any]) -> Connector | None:
        system = (body.get("system") or {}).get("id")
        found = [
            c
            for c in (await client.list_connectors()).items
            if c.name == body.get("name") and c.system.id == system
        ]
        return max(found, key=lambda c: c.id) if found else None

    return Ops(
        client.get_connector,
        client.patch_connector,
        client.create_connector,
        find,
        connector_values,
        CONNECTOR_FIELDS,
    )


def connection_ops(client: AlmClient) -> Ops[Connection]:
    async def find(body: Mapping[str, Any]) -> Connection | None:
        project = body.get("project")
        listed = await client.list_connections(
            project=project if isinstance(project, int) else None
        )
        found = [c for c in listed.items if c.alias == body.get("alias") and c.project == project]
        return max(found, key=lambda c: c.id) if found else None

    return Ops(
        client.get_connection,
        client.patch_connection,
        client.create_connection,
        find,
        connection_values,
        CONNECTION_FIELDS,
    )


@dataclass
class Saved(Generic[M]):
    obj: M
    mismatches: list[str] = field(default_factory=list)
    note: str = ""
    held: list[str] = field(default_factory=list)
    """'label: value' of each field sent, as the server's answer (or re-read) holds it."""


@dataclass
class NothingToSave:
    pass


@dataclass
class Conflicts:
    conflicts: list[Conflict]
    after_unknown: bool = False


@dataclass
class Gone:
    """The object was deleted by someone else while the form was open."""


@dataclass
class Failed:
    error: ApiError
    stage: str  # "check" (the re-read failed: nothing was sent) or "write"


@dataclass
class NotApplied:
    """The write's answer was lost, and a re-read shows it did not take effect."""

    error: OutcomeUnknown
    note: str = ""


@dataclass
class Unchecked:
    """The write's answer was lost and the object could not be re-read either."""

    error: OutcomeUnknown
    check_error: ApiError


SaveResult = Saved[Any] | NothingToSave | Conflicts | Gone | Failed | NotApplied | Unchecked

SECRET_UNKNOWN = "Secrets cannot be compared (the server does not show them)."


def _failed(draft: Draft, error: ApiError) -> Failed:
    if isinstance(error, ValidationFailed):
        draft.apply_server_errors(error.field_errors)
        if not error.field_errors:
            draft.form_errors.append(error.message)
    return Failed(error, "write")


def sent_values(
    draft: Draft, body: Mapping[str, Any], top_level: tuple[str, ...]
) -> dict[str, Any]:
    """The body as path -> value (the system object compared by its id)."""
    flat = dict(body)
    if isinstance(flat.get("system"), dict):
        flat["system"] = flat["system"].get("id")
    return {p: v for p, v in snapshot(flat, top_level).items() if p in draft.specs}


async def save(ops: Ops[M], draft: Draft) -> SaveResult:
    """Create or update the object behind ``draft``; never sends anything twice."""
    if draft.creating:
        return await _create(ops, draft)
    if not draft.changed_paths():
        return NothingToSave()
    assert draft.object_id is not None
    try:
        fresh = await ops.get(draft.object_id)
    except NotFound:
        return Gone()
    except ApiError as error:
        return Failed(error, "check")
    conflicts = draft.conflicts(ops.values(fresh))
    if conflicts:
        return Conflicts(conflicts)
    body = draft.body()
    sent = sent_values(draft, body, ops.top_level)
    try:
        saved = await ops.patch(draft.object_id, body)
    except OutcomeUnknown as error:
        return await _reconcile(ops, draft, sent, error)
    except ApiError as error:
        return _failed(draft, error)
    return _saved(ops, draft, saved, sent)


def _saved(ops: Ops[M], draft: Draft, obj: M, sent: dict[str, Any], note: str = "") -> Saved[M]:
    """A save that took effect, described by what the server holds, not by the form."""
    held = ops.values(obj)
    mismatches = draft.mismatches(held, sent) if not note else []
    return Saved(obj, mismatches, note=note, held=draft.held(held, sent))


async def _reconcile(
    ops: Ops[M], draft: Draft, sent: dict[str, Any], error: OutcomeUnknown
) -> SaveResult:
    """Section 5.2 step 6: re-read and say whether the lost write took effect."""
    assert draft.object_id is not None
    try:
        fresh = await ops.get(draft.object_id)
    except NotFound:
        return Gone()
    except ApiError as check:
        return Unchecked(error, check)
    states = draft.outcome(ops.values(fresh), sent)
    unknown = any(state == "unknown" for state in states.values())
    known = {state for state in states.values() if state != "unknown"}
    note = SECRET_UNKNOWN if unknown else ""
    if known <= {"applied"} and known:
        return _saved(ops, draft, fresh, sent, " ".join(["The change took effect.", note]).strip())
    if known <= {"not applied"}:
        return NotApplied(error, note)
    return Conflicts(draft.conflicts(ops.values(fresh)), after_unknown=True)


async def _create(ops: Ops[M], draft: Draft) -> SaveResult:
    body = draft.body()
    sent = sent_values(draft, body, ops.top_level)
    try:
        created = await ops.create(body)
    except OutcomeUnknown as error:
        try:
            found = await ops.find(body)
        except ApiError as check:
            return Unchecked(error, check)
        if found is None:
            return NotApplied(error)
        return _saved(ops, draft, found, sent, "It was created.")
    except ApiError as error:
        return _failed(draft, error)
    return _saved(ops, draft, created, sent)


@dataclass
class DeleteResult:
    deleted: bool
    error: ApiError | None = None
    unknown: bool = False
    still_there: bool = False


async def delete_connection(client: AlmClient, connection_id: int) -> DeleteResult:
    """Delete once; if the answer is lost, re-read to tell whether it is gone."""
    try:
        await client.delete_connection(connection_id)
    except NotFound:
        return DeleteResult(True)
    except OutcomeUnknown as error:
        try:
            await client.get_connection(connection_id, include_last_job=False)
        except NotFound:
            return DeleteResult(True)
        except ApiError as check:
            return DeleteResult(False, check, unknown=True)
        return DeleteResult(False, error, still_there=True)
    except ApiError as error:
        return DeleteResult(False, error)
    return DeleteResult(True)
