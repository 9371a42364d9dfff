"""`--data FILE`: load an organisation from JSON instead of the demo set.

Format: {"connectors": [...], "connections": [...], "projects": [...], "jobs": [...],
"applications": [...]}; every key optional. Objects use the API's own shapes:
- connector: {id, name, system: {id, name?, short_name?} or "id", inaccessible?, params}
- connection: {id, alias, connector, project, frequency?, debug_mode?, params?, last_job?};
  params may be the merged read view: derived keys and values equal to the connector's are
  dropped, the rest are stored as the connection's own
- params may use either API family's names (`alm_X` or `issue_tracker_X`); an auth mode
  that the credentials imply anyway is not stored
- project: {id, name, slug?, application?, profile?, archived?, tags?, description?, url?, ...}
- application (optional, gives sde_application/sde_businessunit names):
  {id, name, slug?, business_unit: {id, name, slug?}}
- job: {id?, connection: id or {id, ...}, user?, succeeded, ready?, automatic?,
  result_message?, last_run? (ISO-8601)}; a job with ready false is running and finishes
  sync_seconds after start-up.
Missing ids are assigned; a connection's project that is not listed becomes a stub project.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.api.vocab import translate_params
from tui.emulator.errors import DataFileError
from tui.emulator.family import CANONICAL, without_implied_auth_mode
from tui.emulator.jobs import add_job
from tui.emulator.json_types import JsonDict
from tui.emulator.params import merged_params, own_params_from
from tui.emulator.systems import System

if TYPE_CHECKING:
    from tui.emulator.state import EmulatorState


def load_data_file(state: EmulatorState, path: str) -> None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"cannot read data file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a JSON object with connectors, connections, ...")
    try:
        _load(state, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(f"{path}: {type(exc).__name__}: {exc}") from exc


def _items(data: JsonDict, key: str) -> list[JsonDict]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DataFileError(f'"{key}" must be a list of objects')
    return items


def _load(state: EmulatorState, data: JsonDict) -> None:
    for app in _items(data, "applications"):
        bu = app.get("business_unit") or {"id": 1, "name": "General", "slug": "general"}
        state.applications[int(app["id"])] = {
            "id": int(app["id"]),
            "name": app["name"],
            "slug": app.get("slug", str(app["id"])),
            "business_unit": {
                "id": bu.get("id"),
                "name": bu.get("name", ""),
                "slug": bu.get("slug", ""),
            },
        }
    for project in _items(data, "projects"):
        project_id = int(project["id"])
        state.projects[project_id] = {
            **project,
            "id": project_id,
            "slug": project.get("slug", f"project-{project_id}"),
            "application": project.get("application"),
        }
    for connector in _items(data, "connectors"):
        _add_connector(state, connector)
    for connection in _items(data, "connections"):
        _add_connection(state, connection)
    for job in _items(data, "jobs"):
        ref = job["connection"]
        _add_job(state, int(ref["id"] if isinstance(ref, dict) else ref), job)


def _add_connector(state: EmulatorState, item: JsonDict) -> None:
    system = item["system"]
    if isinstance(system, str):
        system = {"id": system}
    system_id = str(system["id"])
    if system_id not in state.systems:
        name = system.get("name", system_id)
        state.systems[system_id] = System(system_id, name, system.get("short_name", name))
    connector_id = int(item["id"]) if "id" in item else state.new_id("connector", state.connectors)
    state.connectors[connector_id] = {
        "id": connector_id,
        "name": str(item["name"]),
        "system": system_id,
        "inaccessible": bool(item.get("inaccessible", False)),
        "params": _stored(dict(item["params"]), {}),
    }


def _add_connection(state: EmulatorState, item: JsonDict) -> None:
    connector = state.connectors.get(int(item["connector"]))
    if connector is None:
        raise DataFileError(f"connection {item.get('id')}: unknown connector {item['connector']}")
    project_id = int(item["project"])
    if project_id not in state.projects:
        state.projects[project_id] = {
            "id": project_id,
            "slug": f"project-{project_id}",
            "name": f"Project {project_id}",
            "application": None,
        }
    inherited = merged_params(connector["params"], {})
    given = own_params_from(_stored(dict(item.get("params") or {}), inherited))
    own = {k: v for k, v in given.items() if inherited.get(k, _ABSENT) != v}
    connection_id = (
        int(item["id"]) if "id" in item else state.new_id("connection", state.connections)
    )
    state.connections[connection_id] = {
        "id": connection_id,
        "alias": str(item["alias"]),
        "connector": connector["id"],
        "project": project_id,
        "frequency": item.get("frequency", "manually"),
        "debug_mode": bool(item.get("debug_mode", False)),
        "params": own,
    }
    if isinstance(item.get("last_job"), dict):
        _add_job(state, connection_id, item["last_job"])


def _add_job(state: EmulatorState, connection_id: int, item: JsonDict) -> None:
    if connection_id not in state.connections:
        raise DataFileError(f"job {item.get('id')}: unknown connection {connection_id}")
    if "id" in item and int(item["id"]) in state.jobs:
        return  # the same job listed under "jobs" and as a connection's last_job
    user = item.get("user", 1)
    user_id = user if isinstance(user, int) else _user_id(state, str(user))
    ready = bool(item.get("ready", True))
    last_run = _timeline(state, item.get("last_run"))
    job = add_job(
        state,
        connection_id,
        user_id=user_id,
        automatic=bool(item.get("automatic", False)),
        ready=ready,
        succeeded=bool(item.get("succeeded", False)),
        message=str(item.get("result_message", "")),
        last_run=last_run,
        finish_at=None if ready else state.config.sync_seconds,
    )
    if "id" in item and int(item["id"]) != job["id"]:
        del state.jobs[job["id"]]
        job["id"] = int(item["id"])
        state.jobs[job["id"]] = job
        state.last_job_ids[connection_id] = max(
            j["id"] for j in state.jobs.values() if j["connection"] == connection_id
        )
        if not ready:
            state.running[connection_id] = job["id"]


def _user_id(state: EmulatorState, email: str) -> int:
    for user_id, known in state.users.items():
        if known == email:
            return user_id
    user_id = max(state.users, default=0) + 1
    state.users[user_id] = email
    return user_id


def _timeline(state: EmulatorState, stamp: Any) -> float:
    if not stamp:
        return 0.0
    moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    return moment.timestamp() - state.epoch0


_ABSENT = object()


def _stored(params: JsonDict, inherited: JsonDict) -> JsonDict:
    """Params of either family in the stored names, without an auth mode the credentials
    (their own, else the inherited ones) imply."""
    stored = translate_params(params, CANONICAL)
    return without_implied_auth_mode(stored, {**inherited, **stored})
