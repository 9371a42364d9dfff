"""Stored objects to API JSON, key for key and in the seed's key order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.emulator.family import shown_params
from tui.emulator.json_types import JsonDict

if TYPE_CHECKING:
    from tui.emulator.state import EmulatorState


def connector_json(state: EmulatorState, connector: JsonDict, *, show_params: bool) -> JsonDict:
    out: JsonDict = {
        "id": connector["id"],
        "name": connector["name"],
        "system": state.system_of(connector).as_json(),
        "inaccessible": connector["inaccessible"],
    }
    if show_params:
        # GUESS: a token without "Edit ALM connections" does not see connector params either
        # (they hold the credentials); the key is omitted, as for connections (Q7).
        out["params"] = shown_params(connector["params"], state.vocabulary)
    return out


def connection_json(
    state: EmulatorState, connection: JsonDict, *, show_params: bool, include_last_job: bool
) -> JsonDict:
    connector = state.connectors[connection["connector"]]
    system = state.system_of(connector)
    out: JsonDict = {
        "id": connection["id"],
        "alias": connection["alias"],
        # GUESS: always the full system object (the detail/PATCH examples omit short_name,
        # the list/create examples include it).
        "system": system.as_json(),
        "frequency": connection["frequency"],
        "command": system.command,
        "debug_mode": connection["debug_mode"],
    }
    if show_params:
        # GUESS: without the permission the key is omitted (not null, not {}) (Q7).
        out["params"] = connection_params(state, connection)
    out["inaccessible"] = connector["inaccessible"]
    if include_last_job:
        job = state.last_job(connection["id"])
        # GUESS: null when the connection never ran.
        out["last_job"] = None if job is None else last_job_json(state, job)
    # GUESS: in_progress is on details too (the seed shows it on list items only).
    out["in_progress"] = state.in_progress(connection["id"])
    out["connector"] = connection["connector"]
    out["project"] = connection["project"]
    return out


def connection_params(state: EmulatorState, connection: JsonDict) -> JsonDict:
    """A connection's params as answers show them, in the family's names."""
    last_run = state.last_successful_run(connection["id"])
    params = state.read_params(connection)
    return shown_params(params, state.vocabulary, last_successful_run=last_run)


def connection_inputs(state: EmulatorState, connection: JsonDict) -> tuple[Any, ...]:
    """Everything `connection_json` reads, directly or through `state.read_params`,
    `state.iso` and `state.last_successful_run`, except its connector (`connector_inputs`):
    the list cache reuses an encoded connection only while these are unchanged."""
    project = state.projects.get(connection["project"])
    application = None if project is None else state.applications.get(project["application"])
    return (
        connection,
        project,
        application,
        state.last_job(connection["id"]),
        state.in_progress(connection["id"]),
        state.last_success.get(connection["id"]),
        state.param_orders.get(connection["id"]),
        state.epoch0,
    )


def connector_inputs(state: EmulatorState, connector_id: int) -> tuple[Any, ...]:
    """What `connection_json` reads of a connection's connector and system."""
    connector = state.connectors.get(connector_id)
    if connector is None:
        return (None,)
    system = state.system_of(connector)
    return (connector, system.id, system.name, system.short_name)


def last_job_json(state: EmulatorState, job: JsonDict) -> JsonDict:
    """The `last_job` object in the seed's key order; `user` is an id here, as the seed shows."""
    return {
        "succeeded": job["succeeded"],
        "last_run": state.iso(job["last_run"]),
        "result_message": job["result_message"],
        "user": job["user_id"],
        "ready": job["ready"],
        "automatic": job["automatic"],
        "id": job["id"],
    }


def job_json(state: EmulatorState, job: JsonDict, *, show_params: bool) -> JsonDict:
    """A job per sde-api.md section 4.3."""
    connection = state.connections[job["connection"]]
    connector = state.connectors[connection["connector"]]
    system = state.system_of(connector)
    nested: JsonDict = {
        "id": connection["id"],
        "alias": connection["alias"],
        "command": system.command,
        "frequency": connection["frequency"],
    }
    if show_params:
        nested["params"] = connection_params(state, connection)
    # The jobs example shows `system` as a display string here, not an object.
    nested["project"] = connection["project"]
    nested["system"] = system.name
    return {
        "id": job["id"],
        "connection": nested,
        # GUESS: an email (changelog v4.5); the connections example's last_job has an id.
        "user": state.users.get(job["user_id"], ""),
        "succeeded": job["succeeded"],
        "ready": job["ready"],
        "automatic": job["automatic"],
        "result_message": job["result_message"],
        "last_run": state.iso(job["last_run"]),
    }


def project_json(state: EmulatorState, project: JsonDict, base_url: str) -> JsonDict:
    """A project per sde-api.md section 7 (a subset of its fields)."""
    application = state.applications.get(project["application"], {})
    business_unit = application.get("business_unit", {})
    # GUESS: the form of a project's web URL.
    url = project.get("url") or (
        f"{base_url}/bunits/{business_unit.get('slug', 'general')}/"
        f"{application.get('slug', 'application')}/{project['slug']}/"
    )
    return {
        "id": project["id"],
        "slug": project["slug"],
        "url": url,
        "application": project["application"],
        "profile": project.get("profile"),
        "archived": project.get("archived", False),
        "name": project["name"],
        "description": project.get("description", ""),
        "tags": list(project.get("tags", [])),
        "created": project.get("created"),
        "updated": project.get("updated"),
    }


def user_json(state: EmulatorState, user_id: int) -> JsonDict:
    """A minimal `/users/me/` answer (clients use it as a connectivity check)."""
    # GUESS: the key subset; only the path is known from a real client.
    first, last = state.user_names.get(user_id, ("", ""))
    return {
        "id": user_id,
        "email": state.users.get(user_id, ""),
        "first_name": first,
        "last_name": last,
        "is_active": True,
    }
