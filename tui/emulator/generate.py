"""`--connections N`: a large, deterministic organisation for scale testing.

Keeps the demo connectors and projects, replaces the demo connections with N generated ones
spread over about N/5 projects (new projects in the demo applications). Builds 10,000
connections in well under a second: plain dicts, no validation, one job for most.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from tui.emulator.jobs import add_job
from tui.emulator.seed_data import PERIOD, PROFILES, project_record, slugify

if TYPE_CHECKING:
    from tui.emulator.state import EmulatorState

_FREQUENCIES = ("manually", "hourly", "daily", "daily", "weekly", "monthly")
_AREAS = (
    "Payments",
    "Lending",
    "Mobile",
    "Portal",
    "Identity",
    "Analytics",
    "Trading",
    "Claims",
    "Onboarding",
    "Reporting",
    "Notifications",
    "Search",
    "Billing",
    "Inventory",
)
_KINDS = ("API", "Service", "Web App", "Batch Jobs", "Gateway", "Worker", "Console")
_FAILURES = (
    "Synchronization failed: 401 Unauthorized: Invalid credentials for user 'svc-sde'",
    "Synchronization failed: API rate limit exceeded (429 Too Many Requests); retry in 60 seconds.",
    "Synchronization failed: Read timed out after 60 seconds.",
    "Synchronization failed: Project 'LEGACY' does not exist in the ALM.",
)


def generate_connections(state: EmulatorState, count: int) -> None:
    rng = random.Random(state.config.seed)
    state.connections.clear()
    state.jobs.clear()
    state.running.clear()
    state.last_job_ids.clear()
    state.last_success.clear()
    state.param_orders.clear()
    app_ids = sorted(state.applications)
    profiles = list(PROFILES.values())
    first_project = max(state.projects, default=0) + 1
    project_ids = list(state.projects)
    slugs = {word: slugify(word) for word in _AREAS + _KINDS}  # slugify is slow per name
    for n in range(max(1, count // 5) - len(project_ids)):
        project_id = first_project + n
        area, kind = _AREAS[n % len(_AREAS)], _KINDS[n // len(_AREAS) % len(_KINDS)]
        state.projects[project_id] = project_record(
            state,
            project_id,
            f"{area} {kind} {n + 1}",
            app_ids[n % len(app_ids)],
            profiles[n % len(profiles)],
            [],
            False,
            slug=f"{slugs[area]}-{slugs[kind]}-{n + 1}",
        )
        project_ids.append(project_id)
    connectors = [c for c in state.connectors.values() if not c["inaccessible"]]
    remote = [c for c in state.connectors.values() if c["inaccessible"]]
    for connection_id in range(1, count + 1):
        project_id = project_ids[(connection_id - 1) % len(project_ids)]
        use_remote = remote and connection_id % 25 == 0
        connector = remote[0] if use_remote else connectors[connection_id % len(connectors)]
        frequency = _FREQUENCIES[rng.randrange(len(_FREQUENCIES))]
        if use_remote and frequency == "manually":
            frequency = "daily"
        state.connections[connection_id] = {
            "id": connection_id,
            "alias": f"{state.projects[project_id]['name']} #{connection_id}",
            "connector": connector["id"],
            "project": project_id,
            "frequency": frequency,
            "debug_mode": False,
            "params": {"alm_project": f"PRJ{connection_id}"},
        }
        roll = rng.random()
        if roll < 0.2:
            continue
        failed = roll > 0.9
        add_job(
            state,
            connection_id,
            user_id=1,
            automatic=frequency != "manually",
            ready=True,
            succeeded=not failed,
            message=_FAILURES[connection_id % len(_FAILURES)]
            if failed
            else f"Synchronized {connection_id % 97 + 3} tasks.",
            last_run=-PERIOD[frequency] * rng.random(),
        )
