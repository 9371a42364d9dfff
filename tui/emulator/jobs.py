"""ALM sync jobs: starting a sync, posting a result, and finishing syncs lazily by the clock.

A sync started at t is finished by the first read at or after t + sync_seconds; no background
task runs, so the same code works in-process and under uvicorn, and tests move a fake clock.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from tui.emulator.errors import ValidationFailed
from tui.emulator.json_types import JsonDict
from tui.emulator.testalm import connectivity_problem
from tui.emulator.validation import Collector, boolean, char, pk

if TYPE_CHECKING:
    from tui.emulator.state import EmulatorState


def add_job(
    state: EmulatorState,
    connection_id: int,
    *,
    user_id: int,
    automatic: bool,
    ready: bool,
    succeeded: bool = False,
    message: str = "",
    last_run: float,
    finish_at: float | None = None,
) -> JsonDict:
    """Store a job; an unready one marks its connection in progress until `finish_at`."""
    job_id = state.new_id("job", state.jobs)
    job: JsonDict = {
        "id": job_id,
        "connection": connection_id,
        "user_id": user_id,
        "automatic": automatic,
        "ready": ready,
        "succeeded": succeeded,
        "result_message": message,
        # GUESS: last_run is set when the job is created and again when it finishes.
        "last_run": last_run,
        "finish_at": finish_at,
    }
    state.jobs[job_id] = job
    state.last_job_ids[connection_id] = job_id
    if not ready:
        state.running[connection_id] = job_id
    elif succeeded:
        _note_success(state, connection_id, last_run)
    return job


def _note_success(state: EmulatorState, connection_id: int, at: float) -> None:
    """Remember a successful sync's end (a connection's `last_successful_run`)."""
    state.last_success[connection_id] = max(at, state.last_success.get(connection_id, at))


def create_job(state: EmulatorState, body: Any, user_id: int) -> JsonDict:
    """POST /jobs/alm/: start a sync, or (with result_message) record a remote client's result."""
    if not isinstance(body, dict):
        raise ValidationFailed({"non_field_errors": ["Invalid data. Expected a dictionary."]})
    out = Collector()
    connection_id = out.take(body, "connection", pk, state.connections, required=True)
    automatic = out.take(body, "automatic", boolean, required=True)
    if "result_message" in body:
        message = out.take(body, "result_message", _text, required=True)
        succeeded = out.take(body, "succeeded", boolean, required=True)
        if out.errors:
            raise ValidationFailed(out.errors)
        return add_job(
            state,
            connection_id,
            user_id=user_id,
            automatic=bool(automatic),
            ready=True,
            succeeded=bool(succeeded),
            message=message,
            last_run=state.now(),
        )
    ready = out.take(body, "ready", boolean, required=True)
    if ready:
        # GUESS: the docs say ready "must be false for the import to commence".
        out.errors["ready"] = ["Must be false to start a synchronization."]
    if out.errors:
        raise ValidationFailed(out.errors)
    state.advance()
    connection = state.connections[connection_id]
    connector = state.connectors[connection["connector"]]
    if connector["inaccessible"] and not automatic:
        # GUESS: status and wording; the guide only says manual sync is unavailable.
        raise ValidationFailed(
            {
                "non_field_errors": [
                    "Manual synchronization is not available for connections whose connector is "
                    "inaccessible from SD Elements; the Remote Integration Client runs them."
                ]
            }
        )
    if state.in_progress(connection_id):
        # GUESS: 400 (not 409) with a DRF non_field_errors list.
        raise ValidationFailed(
            {"non_field_errors": ["A synchronization is already in progress for this connection."]}
        )
    now = state.now()
    return add_job(
        state,
        connection_id,
        user_id=user_id,
        automatic=bool(automatic),
        ready=False,
        last_run=now,
        finish_at=now + state.config.sync_seconds,
    )


def _text(value: Any) -> str:
    return "" if value == "" else char(value)


def finish_due(state: EmulatorState) -> None:
    if not state.running:
        return
    now = state.now()
    for connection_id, job_id in list(state.running.items()):
        job = state.jobs[job_id]
        if job["finish_at"] is not None and job["finish_at"] <= now:
            succeeded, message = sync_result(state, job)
            job.update(
                ready=True, succeeded=succeeded, result_message=message, last_run=job["finish_at"]
            )
            del state.running[connection_id]
            if succeeded:
                _note_success(state, connection_id, job["finish_at"])


def sync_result(state: EmulatorState, job: JsonDict) -> tuple[bool, str]:
    """The deterministic outcome of a sync, from the connection's params at finishing time."""
    connection = state.connections[job["connection"]]
    connector = state.connectors[connection["connector"]]
    system = state.system_of(connector)
    params = state.read_params(connection)
    problem = connectivity_problem(system, params, check_project=True)
    if problem is not None:
        return False, f"Synchronization failed: {problem}"
    rng = random.Random(state.config.seed * 1_000_003 + job["id"])
    return True, success_message(system.short_name, str(params.get("alm_project", "")), rng)


def success_message(short_name: str, alm_project: str, rng: random.Random) -> str:
    """The result message of a successful sync."""
    # GUESS: the wording; the docs never show a successful sync's message.
    total = rng.randint(12, 140)
    created = rng.randint(0, min(total, 9))
    updated = rng.randint(0, total - created)
    return (
        f"Synchronized {total} tasks with {short_name} project '{alm_project}': "
        f"{created} created, {updated} updated, {total - created - updated} unchanged."
    )
