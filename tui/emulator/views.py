"""Request handlers, one per endpoint and method, and the route table that names them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from tui.emulator import render
from tui.emulator.auth import Access
from tui.emulator.errors import ValidationFailed
from tui.emulator.family import shown_plugin
from tui.emulator.item_cache import ItemCache
from tui.emulator.jobs import create_job
from tui.emulator.json_types import JsonDict
from tui.emulator.paging import paginate
from tui.emulator.params import merged_params, own_params_from
from tui.emulator.plugins import plugin, plugins
from tui.emulator.responses import encode_listing, encoded_response, json_response
from tui.emulator.state import FULL_USER_ID, READ_USER_ID, EmulatorState
from tui.emulator.testalm import connectivity_problem, failure_answer
from tui.emulator.validation import (
    Collector,
    char,
    dictionary,
    param_errors,
    pk,
)

_INVALID_FILTER = "Select a valid choice. That choice is not one of the available choices."


@dataclass
class Ctx:
    """What a handler needs about the request it answers."""

    state: EmulatorState
    access: Access
    body: Any
    query: dict[str, list[str]]
    base_url: str  # scheme://host/path, no query
    origin: str  # scheme://host
    cache: ItemCache

    @property
    def full(self) -> bool:
        return self.access is Access.FULL

    @property
    def user_id(self) -> int:
        return FULL_USER_ID if self.full else READ_USER_ID

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def includes(self, name: str) -> bool:
        return any(name in v.split(",") for v in self.query.get("include", []))

    def listing(self, items: Sequence[Any], to_json: Callable[[Any], JsonDict]) -> Response:
        head, page = paginate(items, self.query, self.base_url)
        return json_response({**head, "results": [to_json(i) for i in page]})


Handler = Callable[..., Awaitable[Response]]


def _filter_id(ctx: Ctx, name: str, store: dict[int, JsonDict]) -> int | None:
    raw = ctx.arg(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) not in store:
        # GUESS: django-filter's answer to an unknown related id.
        raise ValidationFailed({name: [_INVALID_FILTER]})
    return int(raw)


def _filter_bool(ctx: Ctx, name: str) -> bool | None:
    raw = (ctx.arg(name) or "").lower()
    return {"true": True, "1": True, "false": False, "0": False}.get(raw)


# --- connectors ---------------------------------------------------------------------------


def _connector(ctx: Ctx, connector: JsonDict) -> JsonDict:
    return render.connector_json(ctx.state, connector, show_params=ctx.full)


async def list_connectors(ctx: Ctx) -> Response:
    return ctx.listing(
        sorted(ctx.state.connectors.values(), key=lambda c: c["id"]), lambda c: _connector(ctx, c)
    )


async def create_connector(ctx: Ctx) -> Response:
    return json_response(_connector(ctx, ctx.state.create_connector(ctx.body)), 201)


async def get_connector(ctx: Ctx, connector_id: int) -> Response:
    return json_response(_connector(ctx, ctx.state.connector(connector_id)))


async def patch_connector(ctx: Ctx, connector_id: int) -> Response:
    connector = ctx.state.update_connector(connector_id, ctx.body, partial=True)
    return json_response(_connector(ctx, connector))


async def put_connector(ctx: Ctx, connector_id: int) -> Response:
    connector = ctx.state.update_connector(connector_id, ctx.body, partial=False)
    return json_response(_connector(ctx, connector))


async def delete_connector(ctx: Ctx, connector_id: int) -> Response:
    ctx.state.delete_connector(connector_id)
    return Response(status_code=204)


# --- connections --------------------------------------------------------------------------


def _connection(ctx: Ctx, connection: JsonDict) -> JsonDict:
    # GUESS: ?include=last_job works on details too (documented on the list only).
    return render.connection_json(
        ctx.state, connection, show_params=ctx.full, include_last_job=ctx.includes("last_job")
    )


async def list_connections(ctx: Ctx) -> Response:
    """The hot path of a large organisation: items come encoded from the cache."""
    state = ctx.state
    project_id = _filter_id(ctx, "project", state.projects)
    ids = sorted(state.connections)  # keys are the ids
    if project_id is not None:
        ids = [i for i in ids if state.connections[i]["project"] == project_id]
    head, page = paginate(ids, ctx.query, ctx.base_url)
    results = ctx.cache.connections(
        state,
        (state.connections[i] for i in page),
        show_params=ctx.full,
        include_last_job=ctx.includes("last_job"),
    )
    return encoded_response(encode_listing(head, results))


async def create_connection(ctx: Ctx) -> Response:
    return json_response(_connection(ctx, ctx.state.create_connection(ctx.body)), 201)


async def get_connection(ctx: Ctx, connection_id: int) -> Response:
    return json_response(_connection(ctx, ctx.state.connection(connection_id)))


async def patch_connection(ctx: Ctx, connection_id: int) -> Response:
    connection = ctx.state.update_connection(connection_id, ctx.body, partial=True)
    return json_response(_connection(ctx, connection))


async def put_connection(ctx: Ctx, connection_id: int) -> Response:
    connection = ctx.state.update_connection(connection_id, ctx.body, partial=False)
    return json_response(_connection(ctx, connection))


async def delete_connection(ctx: Ctx, connection_id: int) -> Response:
    ctx.state.delete_connection(connection_id)
    return Response(status_code=204)


# --- connectivity tests -------------------------------------------------------------------


async def test_connector(ctx: Ctx) -> Response:
    body = _body(ctx)
    out = Collector()
    out.take(body, "name", char, required=True)
    system_id = out.take(body, "system", ctx.state.system_ref, required=True)
    params = out.take(body, "params", dictionary, required=True)
    if out.errors:
        raise ValidationFailed(out.errors)
    return await _run_test(ctx, system_id, params, check_project=False)


async def test_connection(ctx: Ctx) -> Response:
    """Body params overlay the connector's (the seed's example sends `connector`)."""
    # GUESS: when `connector` is given, its system decides the checks and the body's `system`
    # is ignored; without it, `system` is required and only the body's params count.
    body = _body(ctx)
    state = ctx.state
    out = Collector()
    connector_id = out.take(body, "connector", pk, state.connectors, required=False)
    if "project" in body:
        out.take(body, "project", pk, state.projects, required=False)
    system_id = None
    if connector_id is None and "connector" not in body:
        system_id = out.take(body, "system", state.system_ref, required=True)
    params = out.take(body, "params", dictionary, required=True)
    if out.errors:
        raise ValidationFailed(out.errors)
    if connector_id is not None:
        connector = state.connectors[connector_id]
        system_id = connector["system"]
        params = merged_params(connector["params"], own_params_from(params))
    assert system_id is not None  # from the connector, or a required field already checked
    return await _run_test(ctx, system_id, params, check_project=True)


def _body(ctx: Ctx) -> JsonDict:
    if not isinstance(ctx.body, dict):
        raise ValidationFailed({"non_field_errors": ["Invalid data. Expected a dictionary."]})
    return ctx.body


async def _run_test(ctx: Ctx, system_id: str, params: JsonDict, *, check_project: bool) -> Response:
    problems = param_errors(system_id, params, whole_connection=check_project)
    if problems:
        raise ValidationFailed({"params": problems})
    if ctx.state.config.test_latency_ms > 0:
        await asyncio.sleep(ctx.state.config.test_latency_ms / 1000)
    system = ctx.state.systems[system_id]
    problem = connectivity_problem(system, params, check_project=check_project)
    if problem is None:
        return json_response({"success": True})
    status, body = failure_answer(problem, ctx.state.config.test_failure_style)
    return json_response(body, status)


# --- jobs ---------------------------------------------------------------------------------


def _job(ctx: Ctx, job: JsonDict) -> JsonDict:
    return render.job_json(ctx.state, job, show_params=ctx.full)


async def list_jobs(ctx: Ctx) -> Response:
    connection_id = _filter_id(ctx, "connection", ctx.state.connections)
    items = list(ctx.state.jobs.values())
    if connection_id is not None:  # before sorting: one connection's jobs of thousands
        items = [j for j in items if j["connection"] == connection_id]
    items.sort(key=lambda j: j["id"])
    for name in ("ready", "succeeded", "automatic"):
        wanted = _filter_bool(ctx, name)
        if wanted is not None:
            items = [j for j in items if j[name] is wanted]
    user = ctx.arg("user")
    if user:
        items = [j for j in items if ctx.state.users.get(j["user_id"]) == user]
    return ctx.listing(items, lambda j: _job(ctx, j))


async def get_job(ctx: Ctx, job_id: int) -> Response:
    return json_response(_job(ctx, ctx.state.job(job_id)))


async def post_job(ctx: Ctx) -> Response:
    return json_response(_job(ctx, create_job(ctx.state, ctx.body, ctx.user_id)), 201)


# --- plugins, projects, users -------------------------------------------------------------


async def list_plugins(ctx: Ctx) -> Response:
    return ctx.listing(plugins(), lambda p: shown_plugin(p, ctx.state.vocabulary))


async def get_plugin(ctx: Ctx, system_id: str) -> Response:
    schema = plugin(system_id)
    if schema is None:
        return json_response({"detail": "Not found."}, 404)
    return json_response(shown_plugin(schema, ctx.state.vocabulary))


def _project(ctx: Ctx, project: JsonDict) -> JsonDict:
    return render.project_json(ctx.state, project, ctx.origin)


async def list_projects(ctx: Ctx) -> Response:
    items = sorted(ctx.state.projects.values(), key=lambda p: p["id"])
    search = (ctx.arg("search") or "").lower()
    if search:
        items = [p for p in items if search in p["name"].lower()]
    for name in ("name", "slug"):
        value = ctx.arg(name)
        if value:
            items = [p for p in items if p.get(name) == value]
    application = ctx.arg("application")
    if application:
        items = [p for p in items if str(p.get("application")) == application]
    # GUESS: an `archived` filter (not documented; application/name/slug/search are).
    archived = _filter_bool(ctx, "archived")
    if archived is not None:
        items = [p for p in items if bool(p.get("archived")) is archived]
    return ctx.listing(items, lambda p: _project(ctx, p))


async def get_project(ctx: Ctx, project_id: int) -> Response:
    return json_response(_project(ctx, ctx.state.project(project_id)))


async def get_me(ctx: Ctx) -> Response:
    return json_response(render.user_json(ctx.state, ctx.user_id))
