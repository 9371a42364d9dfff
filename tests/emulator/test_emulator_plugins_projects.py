"""Plugin schemas in the ALM v2 shape, and the projects connections point to."""

from __future__ import annotations

import httpx

FIELD_KEYS = [
    "name",
    "label",
    "description",
    "field_type",
    "default",
    "readonly",
    "max_length",
    "required",
    "deprecated",
    "placeholder",
    "scope",
    "help_text",
    "options",
]
FIELD_TYPES = {"string", "masked_string", "radio", "select", "checkbox", "boolean"}


async def test_plugins_cover_every_seeded_system(emulator_asgi_client: httpx.AsyncClient) -> None:
    body = (await emulator_asgi_client.get("/api/v2/plugins/alm/")).json()
    assert list(body) == ["results"]
    ids = {p["id"] for p in body["results"]}
    assert {"jira", "github", "gitlab", "tfs", "rally", "servicenow"} <= ids
    for schema in body["results"]:
        assert list(schema) == ["id", "name", "short_name", "command", "sections"]
        assert schema["command"] == f"sync_{schema['id']}"
        for section in schema["sections"]:
            assert list(section) == ["label", "optional", "fields"]
            for field in section["fields"]:
                assert list(field) == FIELD_KEYS
                assert field["field_type"] in FIELD_TYPES
                assert all(list(o) == ["label", "value", "disabled"] for o in field["options"])


async def test_schema_marks_secrets_required_and_project_scope(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    jira = (await emulator_asgi_client.get("/api/v2/plugins/alm/jira/")).json()
    fields = {f["name"]: f for s in jira["sections"] for f in s["fields"]}
    assert fields["alm_pass"]["field_type"] == "masked_string"
    assert fields["alm_project"]["scope"] == ["project"]
    assert fields["alm_project"]["max_length"] == 255
    required = {name for name, f in fields.items() if f["required"]}
    assert required == {"alm_project", "alm_method", "alm_server", "alm_user", "alm_pass"}
    assert fields["sde_min_priority"]["default"] == "7"
    assert [o["value"] for o in fields["conflict_policy"]["options"]] == ["alm", "sde", "timestamp"]
    github = (await emulator_asgi_client.get("/api/v2/plugins/alm/github/")).json()
    secret = [f for s in github["sections"] for f in s["fields"] if f["name"] == "alm_api_token"]
    assert secret[0]["field_type"] == "masked_string"


async def test_projects_search_and_paging(emulator_asgi_client: httpx.AsyncClient) -> None:
    found = (await emulator_asgi_client.get("/api/v2/projects/?search=BANKING")).json()
    assert {p["name"] for p in found["results"]} == {
        "Mobile Banking iOS",
        "Mobile Banking Android",
        "Online Banking Portal",
        "Open Banking API",
    }
    page = (await emulator_asgi_client.get("/api/v2/projects/?page_size=5&page=3")).json()
    assert page["count"] == 13 and len(page["results"]) == 3
    project = page["results"][0]
    assert list(project) == [
        "id",
        "slug",
        "url",
        "application",
        "profile",
        "archived",
        "name",
        "description",
        "tags",
        "created",
        "updated",
    ]
    assert project["url"].startswith("http://emulator/bunits/")
    by_app = (await emulator_asgi_client.get("/api/v2/projects/?application=2")).json()
    assert {p["application"] for p in by_app["results"]} == {2}


async def test_project_detail(emulator_asgi_client: httpx.AsyncClient) -> None:
    project = (await emulator_asgi_client.get("/api/v2/projects/1/")).json()
    assert (project["id"], project["name"], project["slug"]) == (1, "Demo Project", "demo-project")
    assert project["profile"]["id"].startswith("P")
