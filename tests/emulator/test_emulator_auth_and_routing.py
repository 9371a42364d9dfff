"""Authentication, permissions and routing answer exactly as Django REST Framework would."""

from __future__ import annotations

import httpx
import pytest

from tui.emulator.state import EmulatorState


def read_headers(state: EmulatorState) -> dict[str, str]:
    return {"Authorization": f"Token {state.config.read_token}"}


async def test_missing_credentials_are_401_with_token_challenge(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    response = await emulator_asgi_client.get(
        "/api/v2/connectors/alm/", headers={"Authorization": ""}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Token"
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Token wrong", "Invalid token."),
        ('Token "test-token"', "Invalid token."),
        ("Token", "Invalid token header. No credentials provided."),
        ("Token a b", "Invalid token header. Token string should not contain spaces."),
        ("Bearer test-token", "Authentication credentials were not provided."),
    ],
)
async def test_bad_authorization_headers_are_401(
    emulator_asgi_client: httpx.AsyncClient, header: str, detail: str
) -> None:
    response = await emulator_asgi_client.get(
        "/api/v2/connections/alm/", headers={"Authorization": header}
    )
    assert response.status_code == 401
    assert response.json() == {"detail": detail}


async def test_token_keyword_is_case_insensitive(emulator_asgi_client: httpx.AsyncClient) -> None:
    response = await emulator_asgi_client.get(
        "/api/v2/connectors/alm/", headers={"Authorization": "token test-token"}
    )
    assert response.status_code == 200


async def test_read_token_sees_connections_and_jobs_without_params(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    headers = read_headers(emulator_state)
    connections = (
        await emulator_asgi_client.get("/api/v2/connections/alm/", headers=headers)
    ).json()
    detail = (await emulator_asgi_client.get("/api/v2/connections/alm/1/", headers=headers)).json()
    jobs = (await emulator_asgi_client.get("/api/v2/jobs/alm/", headers=headers)).json()
    connectors = (await emulator_asgi_client.get("/api/v2/connectors/alm/", headers=headers)).json()
    assert connections["results"] and all("params" not in c for c in connections["results"])
    assert "params" not in detail and detail["alias"] == "Rally Integration"
    assert jobs["results"] and all("params" not in j["connection"] for j in jobs["results"])
    assert all("params" not in c for c in connectors["results"])


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v2/connectors/alm/", {"name": "x"}),
        ("PATCH", "/api/v2/connectors/alm/1/", {"name": "x"}),
        ("POST", "/api/v2/connections/alm/", {"alias": "x"}),
        ("PATCH", "/api/v2/connections/alm/1/", {"alias": "x"}),
        ("DELETE", "/api/v2/connections/alm/1/", None),
        ("POST", "/api/v2/jobs/alm/", {"connection": 2, "automatic": False, "ready": False}),
        ("POST", "/api/v2/connectors/testalm/", {"name": "x"}),
        ("PATCH", "/api/v2/connections/alm/9999/", {"alias": "x"}),
    ],
)
async def test_read_token_writes_are_403(
    emulator_asgi_client: httpx.AsyncClient,
    emulator_state: EmulatorState,
    method: str,
    path: str,
    body: object,
) -> None:
    before = emulator_state.connection(1)["alias"]
    response = await emulator_asgi_client.request(
        method, path, json=body, headers=read_headers(emulator_state)
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert emulator_state.connection(1)["alias"] == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/connectors/alm/99/",
        "/api/v2/connections/alm/999",
        "/api/v2/jobs/alm/99999/",
        "/api/v2/projects/999/",
        "/api/v2/plugins/alm/nosuch/",
        "/api/v2/nothing/here/",
        "/somewhere/else",
    ],
)
async def test_unknown_objects_and_paths_are_json_404(
    emulator_asgi_client: httpx.AsyncClient, path: str
) -> None:
    response = await emulator_asgi_client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


async def test_wrong_verb_is_405_with_allow_header(emulator_asgi_client: httpx.AsyncClient) -> None:
    response = await emulator_asgi_client.delete("/api/v2/connectors/testalm/")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}
    assert response.headers["allow"] == "POST, OPTIONS"
    response = await emulator_asgi_client.patch("/api/v2/jobs/alm/", json={})
    assert response.json() == {"detail": 'Method "PATCH" not allowed.'}


async def test_trailing_slash_is_optional_everywhere(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    for path in (
        "/api/v2/connectors/alm",
        "/api/v2/connections/alm/1",
        "/api/v2/jobs/alm/1",
        "/api/v2/plugins/alm/jira",
        "/api/v2/projects/1",
        "/api/v2/users/me",
    ):
        with_slash = await emulator_asgi_client.get(path + "/")
        without = await emulator_asgi_client.get(path)
        assert with_slash.status_code == without.status_code == 200
        assert with_slash.json() == without.json()


async def test_malformed_json_body_is_400(emulator_asgi_client: httpx.AsyncClient) -> None:
    response = await emulator_asgi_client.post(
        "/api/v2/connectors/alm/", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error - ")


async def test_every_request_is_recorded_with_body_and_status(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    await emulator_asgi_client.patch("/api/v2/connections/alm/2/?x=1", json={"alias": "Renamed"})
    await emulator_asgi_client.get("/api/v2/connections/alm/2", headers={"Authorization": ""})
    patch, get = emulator_state.requests[-2:]
    assert (patch.method, patch.path, patch.query, patch.body, patch.status) == (
        "PATCH",
        "/api/v2/connections/alm/2/",
        "x=1",
        {"alias": "Renamed"},
        200,
    )
    assert (get.method, get.body, get.status) == ("GET", None, 401)


async def test_users_me_answers_for_the_token(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    me = (await emulator_asgi_client.get("/api/v2/users/me/")).json()
    reader = (
        await emulator_asgi_client.get("/api/v2/users/me/", headers=read_headers(emulator_state))
    ).json()
    assert me["email"] != reader["email"]
    assert set(me) == {"id", "email", "first_name", "last_name", "is_active"}
