"""`--api-family issue-tracker` answers like the reference's verbatim examples of the new family.

The two list examples (issue-tracker-api.md sections 2.2 and 2.4) are kept verbatim in
tests/fixtures/; the seed's eleven calls are replayed on the new paths with the key sets checked,
as test_emulator_seed_examples.py does for the ALM family.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui.api.vocab import ALM, ISSUE_TRACKER, LAST_SUCCESSFUL_RUN, translate_params
from tui.emulator.state import EmulatorConfig

from .test_emulator_seed_examples import EXAMPLES, Example, key_differences

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONNECTORS_EXAMPLE = json.loads((FIXTURES / "issue-tracker-connectors-list.json").read_text())
CONNECTIONS_EXAMPLE = json.loads((FIXTURES / "issue-tracker-connections-list.json").read_text())
# The emulator's own values: the reference context is the connection id (a GUESS), the last
# success is relative to now, and the seed's Rally connection uses the demo's Rally connector.
OWN_VALUES = {ISSUE_TRACKER.key("reference_context"), LAST_SUCCESSFUL_RUN}
ISO_MICROSECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    return EmulatorConfig(
        token="test-token", sync_seconds=2.0, test_latency_ms=0, api_family="issue-tracker"
    )


def on_new_paths(example: Example) -> tuple[str, Any]:
    """The seed call's path and body as a new-family client sends them."""
    path = example.path.replace("/testalm/", "/test-issue-tracker/").replace(
        "/alm/", "/issue-tracker/"
    )
    body = example.request_body
    if isinstance(body, dict) and isinstance(body.get("params"), dict):
        body = {**body, "params": translate_params(body["params"], ISSUE_TRACKER)}
    return path, body


async def test_connectors_list_is_the_reference_example(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    expected = CONNECTORS_EXAMPLE["results"]
    ours = (await emulator_asgi_client.get("/api/v2/connectors/issue-tracker/")).json()["results"]
    assert ours[:2] == expected
    for seeded, documented in zip(ours, expected, strict=False):
        assert list(seeded) == list(documented)
        assert list(seeded["params"]) == list(documented["params"])  # key order too


async def test_connections_list_is_the_reference_example(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    documented = CONNECTIONS_EXAMPLE["results"][0]
    ours = (await emulator_asgi_client.get("/api/v2/connections/issue-tracker/")).json()
    seeded = ours["results"][0]
    assert list(seeded) == list(documented)
    assert {k: v for k, v in seeded.items() if k not in ("params", "connector")} == {
        k: v for k, v in documented.items() if k not in ("params", "connector")
    }
    assert list(seeded["params"]) == list(documented["params"])
    assert {k: v for k, v in seeded["params"].items() if k not in OWN_VALUES} == {
        k: v for k, v in documented["params"].items() if k not in OWN_VALUES
    }
    assert ISO_MICROSECONDS.match(seeded["params"][LAST_SUCCESSFUL_RUN])
    assert ISO_MICROSECONDS.match(documented["params"][LAST_SUCCESSFUL_RUN])
    last_run = datetime.fromisoformat(seeded["params"][LAST_SUCCESSFUL_RUN])
    assert last_run < datetime.now().astimezone()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
async def test_the_seed_calls_answer_on_the_new_paths(
    emulator_asgi_client: httpx.AsyncClient, example: Example
) -> None:
    path, body = on_new_paths(example)
    response = await emulator_asgi_client.request(example.method, path, json=body)
    assert response.status_code == example.status, response.text
    assert response.headers["content-type"] == "application/json"
    assert key_differences(example.response_body, response.json()) == []
    answer = response.json()
    for item in answer.get("results", [answer]):
        assert not [key for key in item.get("params", {}) if key.startswith(ALM.prefix)]
