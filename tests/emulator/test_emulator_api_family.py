"""`api_family` and `side_endpoints`: which paths answer, OPTIONS probes, params stored once and
rendered in the family's names, the auth mode and `last_successful_run`."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import httpx
import pytest

from tui.api.vocab import (
    ALM,
    AUTH_MODE_SUFFIX,
    CONFLICT_POLICY,
    ISSUE_TRACKER,
    LAST_SUCCESSFUL_RUN,
    Vocabulary,
)
from tui.emulator.state import EmulatorConfig, EmulatorState

TOKEN = "test-token"
READ_TOKEN = "read-only-token"
SERVER = ALM.key("server")
NEW_SERVER = ISSUE_TRACKER.key("server")
AUTH_MODE = ISSUE_TRACKER.key(AUTH_MODE_SUFFIX)
OLD_POLICY = ALM.conflict_policy_tracker
NEW_POLICY = ISSUE_TRACKER.conflict_policy_tracker
ISO_MICROSECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")


def family_paths(segment: str, test: str) -> dict[str, list[str]]:
    """Every routed path of one family, by kind."""
    return {
        "main": [
            f"/api/v2/connectors/{segment}/",
            f"/api/v2/connectors/{segment}/1/",
            f"/api/v2/connections/{segment}/",
            f"/api/v2/connections/{segment}/1/",
        ],
        "side": [
            f"/api/v2/connectors/{test}/",
            f"/api/v2/connections/{test}/",
            f"/api/v2/jobs/{segment}/",
            f"/api/v2/jobs/{segment}/1/",
            f"/api/v2/plugins/{segment}/",
            f"/api/v2/plugins/{segment}/github/",
        ],
    }


OLD = family_paths("alm", "testalm")
NEW = family_paths("issue-tracker", "test-issue-tracker")


@pytest.fixture
def family_mode() -> str:
    return "alm"


@pytest.fixture
def side_endpoints() -> str:
    return "family"


@pytest.fixture
def emulator_config(family_mode: Any, side_endpoints: Any) -> EmulatorConfig:
    return EmulatorConfig(
        token=TOKEN,
        read_token=READ_TOKEN,
        sync_seconds=2.0,
        test_latency_ms=0,
        api_family=family_mode,
        side_endpoints=side_endpoints,
    )


async def statuses(client: httpx.AsyncClient, paths: list[str]) -> dict[str, int]:
    return {path: (await client.options(path)).status_code for path in paths}


def expect(paths: list[str], status: int) -> dict[str, int]:
    return dict.fromkeys(paths, status)


# --- routes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family_mode", "served", "absent"),
    [("alm", OLD, NEW), ("issue-tracker", NEW, OLD), ("both", None, None)],
)
async def test_each_mode_serves_its_paths_and_404s_the_others(
    emulator_asgi_client: httpx.AsyncClient, served: Any, absent: Any
) -> None:
    served = served or {kind: OLD[kind] + NEW[kind] for kind in OLD}
    every = served["main"] + served["side"]
    assert await statuses(emulator_asgi_client, every) == expect(every, 200)
    if absent is not None:
        gone = absent["main"] + absent["side"]
        assert await statuses(emulator_asgi_client, gone) == expect(gone, 404)
    for path in served["main"]:
        assert (await emulator_asgi_client.get(path)).status_code == 200


@pytest.mark.parametrize("family_mode", ["alm", "issue-tracker", "both"])
@pytest.mark.parametrize(
    ("side_endpoints", "side_served", "side_absent"),
    [("alm", OLD, NEW), ("none", None, None)],
)
async def test_side_endpoints_option_names_or_drops_test_jobs_and_plugins(
    emulator_asgi_client: httpx.AsyncClient,
    family_mode: str,
    side_served: Any,
    side_absent: Any,
) -> None:
    main = {"alm": OLD["main"], "issue-tracker": NEW["main"]}.get(
        family_mode, OLD["main"] + NEW["main"]
    )
    assert await statuses(emulator_asgi_client, main) == expect(main, 200)
    if side_served is None:
        gone = OLD["side"] + NEW["side"]
        assert await statuses(emulator_asgi_client, gone) == expect(gone, 404)
        sync = {"connection": 3, "automatic": False, "ready": False}
        assert (await emulator_asgi_client.post("/api/v2/jobs/alm/", json=sync)).status_code == 404
        return
    assert await statuses(emulator_asgi_client, side_served["side"]) == expect(
        side_served["side"], 200
    )
    assert await statuses(emulator_asgi_client, side_absent["side"]) == expect(
        side_absent["side"], 404
    )


@pytest.mark.parametrize("family_mode", ["issue-tracker"])
async def test_options_answers_allow_and_drf_like_metadata(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    detail = await emulator_asgi_client.options("/api/v2/connections/issue-tracker/1/")
    assert detail.status_code == 200
    assert detail.headers["allow"] == "GET, PATCH, PUT, DELETE, OPTIONS, HEAD"
    assert detail.json() == {
        "name": "Issue Tracker Connection Instance",
        "description": "",
        "renders": ["application/json"],
        "parses": ["application/json"],
    }
    test = await emulator_asgi_client.options("/api/v2/connectors/test-issue-tracker/")
    assert test.headers["allow"] == "POST, OPTIONS"
    assert list(test.json()) == ["name", "description", "renders", "parses"]
    for candidate in ("testissuetracker", "testalm"):
        missing = await emulator_asgi_client.options(f"/api/v2/connectors/{candidate}/")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/json"
        assert missing.json() == {"detail": "Not found."}


@pytest.mark.parametrize("family_mode", ["issue-tracker"])
async def test_options_authenticates_like_get(emulator_asgi_client: httpx.AsyncClient) -> None:
    path = "/api/v2/connections/test-issue-tracker/"
    anonymous = await emulator_asgi_client.options(path, headers={"Authorization": ""})
    assert anonymous.status_code == 401
    wrong = await emulator_asgi_client.options(path, headers={"Authorization": "Token nope"})
    assert wrong.status_code == 401
    reader = await emulator_asgi_client.options(
        path, headers={"Authorization": f"Token {READ_TOKEN}"}
    )
    assert reader.status_code == 200 and reader.headers["allow"] == "POST, OPTIONS"


# --- params stored once, rendered per family ----------------------------------------------


@pytest.mark.parametrize("family_mode", ["both"])
async def test_a_write_in_the_new_names_reads_back_in_them_on_the_alm_alias(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    patch = {"params": {NEW_SERVER: "jira.example.com", CONFLICT_POLICY: NEW_POLICY}}
    answer = await emulator_asgi_client.patch("/api/v2/connectors/issue-tracker/2/", json=patch)
    assert answer.status_code == 200 and answer.json()["params"][NEW_SERVER] == "jira.example.com"
    alias = (await emulator_asgi_client.get("/api/v2/connectors/alm/2/")).json()["params"]
    assert alias[NEW_SERVER] == "jira.example.com" and SERVER not in alias
    assert alias[CONFLICT_POLICY] == NEW_POLICY
    stored = emulator_state.connectors[2]["params"]
    assert stored[SERVER] == "jira.example.com" and NEW_SERVER not in stored
    assert stored[CONFLICT_POLICY] == OLD_POLICY


@pytest.mark.parametrize("family_mode", ["issue-tracker", "both"])
async def test_a_write_in_the_old_names_is_stored_once_and_shown_in_the_new(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    patch = {"params": {SERVER: "gh.example.com", CONFLICT_POLICY: OLD_POLICY}}
    answer = await emulator_asgi_client.patch("/api/v2/connectors/issue-tracker/1/", json=patch)
    assert answer.status_code == 200
    params = answer.json()["params"]
    assert params[NEW_SERVER] == "gh.example.com" and SERVER not in params
    assert params[CONFLICT_POLICY] == NEW_POLICY
    assert emulator_state.connectors[1]["params"][SERVER] == "gh.example.com"


@pytest.mark.parametrize("family_mode", ["issue-tracker"])
async def test_a_connection_created_in_the_new_names_merges_and_renders_in_them(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    body = {
        "alias": "New family",
        "connector": 2,
        "project": 1,
        "params": {
            ISSUE_TRACKER.key("project"): "NEWFAM",
            ISSUE_TRACKER.key("title_format"): "$task_id $title",
        },
    }
    created = await emulator_asgi_client.post("/api/v2/connections/issue-tracker/", json=body)
    assert created.status_code == 201, created.text
    params = created.json()["params"]
    assert params[ISSUE_TRACKER.key("project")] == "NEWFAM"
    assert params[ISSUE_TRACKER.key("reference_context")] == created.json()["id"]
    assert params[AUTH_MODE] == "basic"  # the connector's user and password
    assert not [key for key in params if key.startswith(ALM.prefix)]
    assert LAST_SUCCESSFUL_RUN not in params  # never synced
    own = emulator_state.connections[created.json()["id"]]["params"]
    assert own == {ALM.key("project"): "NEWFAM", ALM.key("title_format"): "$task_id $title"}


NEW_CONNECTORS = "/api/v2/connectors/issue-tracker/"
OLD_CONNECTORS = "/api/v2/connectors/alm/"


@pytest.mark.parametrize(
    ("family_mode", "path", "params", "named"),
    [
        ("issue-tracker", NEW_CONNECTORS, {ISSUE_TRACKER.key("method"): "https"}, ISSUE_TRACKER),
        ("issue-tracker", NEW_CONNECTORS, {ALM.key("method"): "https"}, ALM),
        ("issue-tracker", NEW_CONNECTORS, {"sde_min_priority": "7"}, ISSUE_TRACKER),
        ("both", OLD_CONNECTORS, {ALM.key("method"): "https"}, ALM),
        ("both", OLD_CONNECTORS, {"sde_min_priority": "7"}, ISSUE_TRACKER),
        ("alm", OLD_CONNECTORS, {"sde_min_priority": "7"}, ALM),
    ],
)
async def test_validation_errors_name_keys_as_the_request_did(
    emulator_asgi_client: httpx.AsyncClient,
    path: str,
    params: dict[str, Any],
    named: Vocabulary,
) -> None:
    """In the request's names; without a tracker key in it, in the family's."""
    body = {"name": "No server", "system": {"id": "jira"}, "params": params}
    answer = await emulator_asgi_client.post(path, json=body)
    assert answer.status_code == 400
    errors = answer.json()["params"]
    assert named.key("server") in errors
    assert not [key for key in errors if key.startswith(_other(named).prefix)]


def _other(vocabulary: Vocabulary) -> Vocabulary:
    return ALM if vocabulary is ISSUE_TRACKER else ISSUE_TRACKER


@pytest.mark.parametrize("family_mode", ["issue-tracker"])
async def test_one_param_under_both_names_is_refused(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    patch = {"params": {SERVER: "a.example.com", NEW_SERVER: "b.example.com"}}
    answer = await emulator_asgi_client.patch("/api/v2/connectors/issue-tracker/1/", json=patch)
    assert answer.status_code == 400
    assert list(answer.json()["params"]) == [NEW_SERVER]


@pytest.mark.parametrize("family_mode", ["issue-tracker", "both"])
async def test_derived_keys_and_last_successful_run_are_read_only(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    path = "/api/v2/connections/issue-tracker/1/"
    before = (await emulator_asgi_client.get(path)).json()["params"]
    patch = {
        "params": {
            ISSUE_TRACKER.key("reference_context"): 99,
            ALM.key("reference_context"): 98,
            LAST_SUCCESSFUL_RUN: "2001-01-01T00:00:00.000000+00:00",
            "sde_project": "Elsewhere",
        }
    }
    answer = await emulator_asgi_client.patch(path, json=patch)
    assert answer.status_code == 400  # the reference context under both names
    del patch["params"][ALM.key("reference_context")]
    answer = await emulator_asgi_client.patch(path, json=patch)
    assert answer.status_code == 200
    assert answer.json()["params"] == before


# --- auth mode ----------------------------------------------------------------------------


@pytest.mark.parametrize("family_mode", ["issue-tracker"])
async def test_auth_mode_follows_the_credentials_and_a_write_may_set_it(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    connectors = (await emulator_asgi_client.get("/api/v2/connectors/issue-tracker/")).json()
    modes = {c["id"]: c["params"].get(AUTH_MODE) for c in connectors["results"]}
    assert (modes[1], modes[2], modes[7], modes[9]) == ("api_token", "basic", "api_token", "basic")
    path = "/api/v2/connectors/issue-tracker/2/"
    answer = await emulator_asgi_client.patch(path, json={"params": {AUTH_MODE: "api_token"}})
    params = answer.json()["params"]
    assert params[AUTH_MODE] == "api_token"
    keys = list(params)
    assert keys.index(AUTH_MODE) + 1 == keys.index(ISSUE_TRACKER.key("user"))
    assert emulator_state.connectors[2]["params"][ALM.key(AUTH_MODE_SUFFIX)] == "api_token"
    inherited = (await emulator_asgi_client.get("/api/v2/connections/issue-tracker/3/")).json()
    assert inherited["connector"] == 2 and inherited["params"][AUTH_MODE] == "api_token"
    cleared = await emulator_asgi_client.patch(path, json={"params": {AUTH_MODE: None}})
    assert cleared.json()["params"][AUTH_MODE] == "basic"
    wrong = await emulator_asgi_client.patch(path, json={"params": {AUTH_MODE: "pat"}})
    assert wrong.status_code == 400
    assert wrong.json() == {"params": {AUTH_MODE: ['"pat" is not a valid choice.']}}


async def test_the_alm_family_shows_no_auth_mode_and_no_last_successful_run(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    connectors = (await emulator_asgi_client.get("/api/v2/connectors/alm/")).json()["results"]
    connections = (await emulator_asgi_client.get("/api/v2/connections/alm/")).json()["results"]
    for item in connectors + connections:
        assert not [k for k in item["params"] if k.endswith(AUTH_MODE_SUFFIX)]
        assert LAST_SUCCESSFUL_RUN not in item["params"]


# --- last_successful_run ------------------------------------------------------------------


async def sync(client: httpx.AsyncClient, jobs_path: str, connection_id: int) -> dict[str, Any]:
    body = {"connection": connection_id, "automatic": False, "ready": False}
    response = await client.post(jobs_path, json=body)
    assert response.status_code == 201, response.text
    job: dict[str, Any] = response.json()
    return job


@pytest.mark.parametrize("family_mode", ["issue-tracker"])
async def test_last_successful_run_appears_after_the_first_successful_sync(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState, emulator_clock: Any
) -> None:
    path = "/api/v2/connections/issue-tracker/3/"  # "JIRA Tracking": never run
    assert LAST_SUCCESSFUL_RUN not in (await emulator_asgi_client.get(path)).json()["params"]
    job = await sync(emulator_asgi_client, "/api/v2/jobs/issue-tracker/", 3)
    emulator_clock.advance(emulator_state.config.sync_seconds - 0.01)
    assert LAST_SUCCESSFUL_RUN not in (await emulator_asgi_client.get(path)).json()["params"]
    emulator_clock.advance(0.02)
    params = (await emulator_asgi_client.get(path)).json()["params"]
    stamp = params[LAST_SUCCESSFUL_RUN]
    assert ISO_MICROSECONDS.match(stamp)
    assert list(params)[-1] == LAST_SUCCESSFUL_RUN
    finished = (await emulator_asgi_client.get(f"/api/v2/jobs/issue-tracker/{job['id']}/")).json()
    assert finished["succeeded"] is True
    assert finished["connection"]["params"][LAST_SUCCESSFUL_RUN] == stamp
    ended = datetime.fromisoformat(finished["last_run"].replace("Z", "+00:00"))
    assert abs((datetime.fromisoformat(stamp) - ended).total_seconds()) < 0.001


@pytest.mark.parametrize("family_mode", ["issue-tracker"])
async def test_a_failed_sync_keeps_the_last_successful_run(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState, emulator_clock: Any
) -> None:
    path = "/api/v2/connections/issue-tracker/1/"
    before = (await emulator_asgi_client.get(path)).json()["params"][LAST_SUCCESSFUL_RUN]
    patch = {"params": {ISSUE_TRACKER.key("project"): "missing-project"}}
    assert (await emulator_asgi_client.patch(path, json=patch)).status_code == 200
    job = await sync(emulator_asgi_client, "/api/v2/jobs/issue-tracker/", 1)
    emulator_clock.advance(emulator_state.config.sync_seconds + 1)
    finished = (await emulator_asgi_client.get(f"/api/v2/jobs/issue-tracker/{job['id']}/")).json()
    assert finished["succeeded"] is False
    after = (await emulator_asgi_client.get(path)).json()["params"][LAST_SUCCESSFUL_RUN]
    assert after == before


# --- plugins ------------------------------------------------------------------------------


@pytest.mark.parametrize("family_mode", ["issue-tracker"])
async def test_plugin_schemas_speak_the_new_names(emulator_asgi_client: httpx.AsyncClient) -> None:
    def fields(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {f["name"]: f for s in schema["sections"] for f in s["fields"]}

    plugins = "/api/v2/plugins/issue-tracker/"
    github = fields((await emulator_asgi_client.get(f"{plugins}github/")).json())
    jira = fields((await emulator_asgi_client.get(f"{plugins}jira/")).json())
    assert NEW_SERVER in github and not [n for n in github if n.startswith(ALM.prefix)]
    assert (github[AUTH_MODE]["default"], jira[AUTH_MODE]["default"]) == ("api_token", "basic")
    policy = jira[CONFLICT_POLICY]
    assert policy["default"] == NEW_POLICY
    assert NEW_POLICY in [o["value"] for o in policy["options"]]
    listed = (await emulator_asgi_client.get(plugins)).json()["results"]
    assert all(NEW_SERVER in fields(schema) for schema in listed)


# --- data files ---------------------------------------------------------------------------


@pytest.mark.parametrize("family_mode", ["issue-tracker"])
async def test_a_data_file_in_the_new_names_is_stored_once(
    tmp_path: Any, emulator_asgi_client: httpx.AsyncClient
) -> None:
    """An export of a current server loads: the names are stored in one vocabulary."""
    exported = {
        name: (await emulator_asgi_client.get(f"/api/v2/{name}/issue-tracker/")).json()["results"]
        for name in ("connectors", "connections")
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    state = EmulatorState(
        EmulatorConfig(token=TOKEN, api_family="issue-tracker", data_file=str(path))
    )
    assert state.connectors[2]["params"][SERVER] == "my-company.atlassian.net"
    assert state.connectors[2]["params"][CONFLICT_POLICY] == OLD_POLICY
    own = state.connections[1]["params"]
    assert not [key for key in own if key.startswith(ISSUE_TRACKER.prefix)]
    assert LAST_SUCCESSFUL_RUN not in own
    # The auth modes the credentials imply are not stored: the ALM family has no such param.
    stored_mode = ALM.key(AUTH_MODE_SUFFIX)
    assert stored_mode not in own
    assert not [c for c in state.connectors.values() if stored_mode in c["params"]]
