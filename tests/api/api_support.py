"""Constants, sample objects as the SD Elements documents show them, and helpers for API tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.api.client import AlmClient

BASE = "https://sde.example.test"
TOKEN = "tok-Zq81vNbX55wPz0"

MakeClient = Callable[..., AlmClient]


class Sleeps(list[float]):
    """An injected ``sleep`` that records the delays instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


class FakeTime:
    """An injected ``clock`` and ``sleep``: sleeping moves the clock, nothing really waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


RALLY_PASSWORD = "rally-Pw-7731"

GITHUB_CONNECTOR: dict[str, Any] = {
    "id": 1,
    "name": "GitHub Example Connector",
    "system": {"id": "github", "short_name": "GitHub", "name": "GitHub"},
    "inaccessible": False,
    "params": {
        "github_repo_owner": "repo owner",
        "alm_api_token": "ghp-Example-991",
        "title_format": "$task_id $title",
        "alm_method": "https",
        "alm_server": "api.github.com",
        "conflict_policy": "alm",
        "sde_min_priority": "7",
    },
}

RALLY_CONNECTION: dict[str, Any] = {
    "id": 1,
    "alias": "Rally Integration",
    "system": {
        "id": "rally",
        "short_name": "CA Agile Central",
        "name": "CA Agile Central (formerly Rally)",
    },
    "frequency": "manually",
    "command": "sync_rally",
    "debug_mode": False,
    "params": {
        "sde_project": "Demo Project",
        "alm_user": "rally_user",
        "alm_server": "rally1.rallydev.com",
        "alm_pass": RALLY_PASSWORD,
        "sde_min_priority": 7,
        "alm_reference_context": 14,
    },
    "inaccessible": False,
    "in_progress": False,
    "connector": 2,
    "project": 1,
}

LAST_JOB: dict[str, Any] = {
    "succeeded": False,
    "last_run": "2016-12-15T22:45:27.412Z",
    "result_message": "Error Message",
    "user": 1,
    "ready": True,
    "automatic": False,
    "id": 4,
}

JOB: dict[str, Any] = {
    "id": 7,
    "user": "admin@example.com",
    "succeeded": False,
    "automatic": False,
    "ready": False,
    "result_message": "",
    "last_run": None,
    "connection": {
        "id": 1,
        "alias": "Rally Integration",
        "command": "sync_rally",
        "frequency": "manually",
        "params": {"alm_pass": RALLY_PASSWORD},
        "project": 1,
        "system": "Rally",
    },
}

TRAC_PLUGIN: dict[str, Any] = {
    "id": "trac",
    "name": "Trac",
    "short_name": "Trac",
    "command": "sync_trac",
    "sections": [
        {
            "label": None,
            "optional": False,
            "fields": [
                {"name": "alm_server", "label": "Server", "field_type": "string", "required": True},
                {"name": "trac_secret_word", "label": "Word", "field_type": "masked_string"},
            ],
        }
    ],
}

PROJECT: dict[str, Any] = {"id": 1, "name": "Demo Project", "slug": "demo", "application": 3}


def connection(id: int, **changes: Any) -> dict[str, Any]:
    return {**RALLY_CONNECTION, "id": id, "alias": f"conn {id}", **changes}


def page(
    results: list[Any], *, count: int | None = None, next: str | None = None
) -> dict[str, Any]:
    return {"count": count, "next": next, "previous": None, "results": results}
