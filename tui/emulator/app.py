"""The emulator's ASGI app: routing, authentication, request recording, latency and faults.

Everything the seed documentation shows is reproduced to the letter (paths, status codes, key
sets, `{"results": [...]}` lists). Where the seed is silent the emulator guesses; each guess
is marked `# GUESS:` where it is made. In summary:
- Errors are Django REST Framework defaults: 401 {"detail": ...} with WWW-Authenticate: Token,
  403/404/405 details, field-keyed 400 lists; params errors nest under "params"; unknown URLs
  answer JSON 404 too (a real server may answer HTML).
- DELETE on connections and connectors answers 204; a connector in use cannot be deleted
  (400); a connection's jobs go with it. PUT replaces (params too); PATCH merges params key by
  key, a null value removing the key. A connector's system cannot change.
- Connection reads: connector params, then the connection's own, with title_format renamed
  alm_title_format, sde_min_priority as an int and alm_validate_cert defaulting to true; the
  system object is always complete (with short_name); in_progress is on details too; last_job
  (only with ?include=last_job, on details too) is null when never run; alm_reference_context
  is the connection id; derived sde_* keys are read-only.
- Params validation: required schema fields with a default (alm_method) may be omitted;
  title formats need $task_id and $title (and alm_context when they use $context).
- The read token (no "Edit ALM connections") sees no `params` key on connections, jobs and
  connectors, and gets 403 on every write, connectivity tests included.
- Jobs: `user` is an email (last_job.user stays an id as the seed shows); last_run is set at
  start and at finish; a second manual sync while one runs, or a manual sync of a connection
  whose connector is inaccessible, is 400 {"non_field_errors": [...]}; a connection on an
  inaccessible connector cannot use the "manually" frequency; result messages are invented.
- testalm: failures answer 200 {"success": false, "error": ...} by default, or
  400 {"success": false, "detail": ...} (test_failure_style="400"); see testalm.py.
- Paging: page_size caps at 1000; filters on unknown ids answer django-filter's 400.
- Systems gitlab, tfs, servicenow and their param names; `/users/me/` exists; projects carry
  a subset of their fields, a made-up web URL and an extra `archived` filter; OPTIONS answers
  200 with an Allow header and a trimmed DRF metadata body (name, description, renders,
  parses; the view names are made up), and unrouted paths answer 404.
- API families (family.py, routes.py): api_family "issue-tracker" serves /issue-tracker/
  paths in issue_tracker_* names and 404s /alm/; "both" serves both path sets, every answer in
  the new names (an alias returning migrated params). The new family's test, jobs and plugins
  names (`test-issue-tracker`, `jobs/issue-tracker`, `plugins/issue-tracker`) are invented;
  side_endpoints "alm" keeps the old names, "none" serves none. Bodies are accepted in either
  vocabulary (one param under both names is a 400) and errors name keys as the request did.
  `issue_tracker_auth_mode` is derived from the credentials (a token wins) unless written, and
  only "basic" and "api_token" are accepted; plugin schemas gain an auth-mode field.
  `last_successful_run` is the end of the newest successful sync (seed history included).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from tui.emulator.auth import Access, authenticate
from tui.emulator.config import RecordedRequest
from tui.emulator.errors import (
    ApiError,
    MethodNotAllowed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from tui.emulator.family import errors_in, inbound_body
from tui.emulator.faults import FaultInjector, FaultPlan
from tui.emulator.item_cache import ItemCache
from tui.emulator.responses import json_response
from tui.emulator.routes import build_routes, match
from tui.emulator.state import EmulatorState
from tui.emulator.views import Ctx

API_PREFIX = "/api/v2"
_SAFE = ("GET", "HEAD", "OPTIONS")
_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]


class EmulatorApp(Starlette):
    """Starlette app whose outer layer records requests and plays latency and faults."""

    def __init__(self, state: EmulatorState) -> None:
        super().__init__(routes=[Route("/{path:path}", self._endpoint, methods=_METHODS)])
        self.emulator_state = state
        self.cache = ItemCache()
        self.api_routes = build_routes(state.config)
        spec = state.config.faults
        self.faults = FaultInjector(FaultPlan.parse(spec), state.config.seed) if spec else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        raw = await _read_body(receive)
        replay = _replayer(raw, receive)
        record = RecordedRequest(
            scope["method"],
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            _json_or_none(raw),
            0,
        )
        self.emulator_state.requests.append(record)

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
            await send(message)

        fault, delay_ms, shaped = None, 0.0, False
        if self.faults is not None and scope["path"].startswith(API_PREFIX + "/"):
            fault, delay_ms = self.faults.draw()
            shaped = self.faults.plan.shapes_answers
        delay_ms += self.emulator_state.config.latency_ms
        if delay_ms > 0:
            await asyncio.sleep(delay_ms / 1000)
        if fault is None and shaped:
            assert self.faults is not None
            await self.faults.shape(super().__call__, scope, replay, recording_send)
        elif fault is None:
            await super().__call__(scope, replay, recording_send)
        else:
            assert self.faults is not None
            # The raw `send` is needed: "reset" reaches through it to the socket.
            record.status = await self.faults.play(
                fault, super().__call__, scope, replay, receive, send
            )

    async def _endpoint(self, request: Request) -> Response:
        try:
            return await self._handle(request)
        except ApiError as error:
            return json_response(error.body, error.status, error.headers)

    async def _handle(self, request: Request) -> Response:
        state = self.emulator_state
        path = request.url.path
        if not path.startswith(API_PREFIX + "/"):
            # GUESS: JSON 404 for unknown URLs too (a real server may answer an HTML page).
            raise NotFound()
        route, args = match(self.api_routes, path[len(API_PREFIX) :].rstrip("/"))
        handlers = route.handlers
        access = authenticate(request.headers.get("authorization"), state.config)
        method = request.method
        if method not in _SAFE and access is not Access.FULL:
            # GUESS: every write needs "Edit ALM connections", connectivity tests included.
            raise PermissionDenied()
        allowed = [*handlers, "OPTIONS"] + (["HEAD"] if "GET" in handlers else [])
        if method == "OPTIONS":
            # GUESS: a trimmed DRF metadata answer (no "actions"), the view name made up.
            metadata = {
                "name": route.name,
                "description": "",
                "renders": ["application/json"],
                "parses": ["application/json"],
            }
            return json_response(metadata, headers={"Allow": ", ".join(allowed)})
        handler = handlers.get("GET" if method == "HEAD" else method)
        if handler is None:
            raise MethodNotAllowed(method, allowed)
        body = await _parse_body(request) if method in ("POST", "PUT", "PATCH") else None
        body, spoken = inbound_body(state.config, body)
        state.advance()
        url = request.url
        ctx = Ctx(
            state=state,
            access=access,
            body=body,
            query=parse_qs(url.query, keep_blank_values=True),
            base_url=f"{url.scheme}://{url.netloc}{url.path}",
            origin=f"{url.scheme}://{url.netloc}",
            cache=self.cache,
        )
        try:
            return await handler(ctx, *args)
        except ValidationFailed as error:
            raise ValidationFailed(errors_in(error.errors, spoken)) from None


def create_app(state: EmulatorState) -> Starlette:
    """The emulator as an ASGI app over `state` (in-process or under uvicorn)."""
    return EmulatorApp(state)


async def _parse_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}  # DRF reads an empty body as empty data
    content_type = request.headers.get("content-type", "application/json")
    if "json" not in content_type:
        media = content_type.split(";")[0].strip()
        raise ApiError(415, {"detail": f'Unsupported media type "{media}" in request.'})
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, {"detail": f"JSON parse error - {exc}"}) from None


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replayer(raw: bytes, receive: Receive) -> Receive:
    """Hands the already-read body out again, then defers to the server (disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}
        return await receive()

    return replay


def _json_or_none(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None
