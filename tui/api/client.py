"""Headless async client for the SD Elements ALM / Issue Tracker API (connectors, connections,
jobs, plugins).

The API family and the paths of the side endpoints are found at run time (``tui.api.discovery``).
Every request: one shared httpx client, token auth, no redirects followed, an overall deadline per
attempt, a byte cap on the body, typed errors with sanitised messages, a ``CallRecord`` per attempt.
Only reads (GET, OPTIONS) are retried; a write that may have reached the server is never sent
twice, and none is ever sent to find out which paths a server serves.
"""

from __future__ import annotations

import asyncio
import json
import re
import ssl
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Mapping
from contextlib import aclosing
from functools import partial
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, SecretStr

from tui import __version__
from tui.api.calllog import CallRecord
from tui.api.calls import Caller
from tui.api.discovery import (
    CONNECTION_TESTS,
    CONNECTOR_TESTS,
    JOBS,
    PLUGINS,
    Collection,
    EndpointChoice,
    FamilyChoice,
    FamilySource,
    SideEndpoint,
    family_root,
    memory,
)
from tui.api.display import display_text
from tui.api.errors import (
    ConfigError,
    MalformedResponse,
    MethodNotAllowed,
    PermissionDenied,
    ValidationFailed,
)
from tui.api.limits import DEFAULT_MAX_ITEMS, DEFAULT_MAX_PAGES
from tui.api.models import Connection, Connector, Job, Page, Plugin, Project, TestResult
from tui.api.paging import (
    ItemProblem,
    ListResult,
    PageWalk,
    merge,
    parse_page,
)
from tui.api.responses import Reply, error_message, refuse_message, to_model
from tui.api.retry import RetryWait
from tui.api.secrets import is_secret_key, registry
from tui.api.server_url import normalise_server
from tui.api.transport import DEFAULT_TIMEOUTS, Origin, ProxyInfo, Transport, resolve_proxy
from tui.api.vocab import ApiFamily

__all__ = ["AlmClient", "ItemProblem", "ListResult", "normalise_server"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

Resolve = Callable[[Callable[[str], Awaitable[T]]], Awaitable[tuple[str, T]]]
"""Runs a request on a list's path, choosing the path (probing if needed); returns both."""

_TOKEN_CHARS = re.compile(r"[\x21-\x7e]+")
_RESULT_KEYS = frozenset({"success", "detail", "error", "message"})


def _register_secrets(value: Any, masked: Iterable[str]) -> None:
    """Register each secret param value in a JSON answer, so it is scrubbed everywhere."""
    found: list[dict[str, Any]] = []
    _collect_params(value, found, 4)
    _register_found(found, masked)


def _register_model_secrets(items: list[Any], masked: Iterable[str]) -> None:
    """As ``_register_secrets`` for a page whose items all validated as connections or
    connectors: their ``params``, and any ``params`` among the unknown keys they or their
    ``system`` / ``last_job`` kept, down to the same depth (without walking every value of every
    item, a tenth of a 10k load)."""
    found: list[dict[str, Any]] = []
    for item in items:
        params = item.params
        if type(params) is dict:
            found.append(params)
        extra = item.__pydantic_extra__
        if extra:
            _collect_params(extra, found, 2)
        for nested in (item.system, getattr(item, "last_job", None)):
            if nested is not None and nested.__pydantic_extra__:
                _collect_params(nested.__pydantic_extra__, found, 1)
    _register_found(found, masked)


def _register_found(found: list[dict[str, Any]], masked: Iterable[str]) -> None:
    if not found:
        return
    masked = frozenset(masked)
    # A page repeats a few param names thousands of times: decide once per name, not per item,
    # and hand the registry one batch per answer.
    names: set[str] = set().union(*found)
    values: set[str] = set()
    for name in names:
        if is_secret_key(name, masked):
            values.update(v for params in found if type(v := params.get(name)) is str and v)
    if values:
        registry.add(*values)


def _collect_params(value: Any, found: list[dict[str, Any]], depth: int) -> None:
    """Every ``params`` dict in ``value`` down to ``depth`` levels (level by level).

    Parsed JSON holds plain dicts and lists only, so exact type checks are enough (and much
    faster than ``isinstance`` over the ~150k values of a 10k-item listing).
    """
    level = [value]
    for _ in range(depth):
        below: list[Any] = []
        for node in level:
            kind = type(node)
            if kind is dict:
                params = node.get("params")
                if type(params) is dict:
                    found.append(params)
                else:
                    params = None
                for item in node.values():
                    if item is not params and type(item) in _CONTAINERS:
                        below.append(item)
            elif kind is list:
                below.extend(item for item in node if type(item) in _CONTAINERS)
        level = below


_CONTAINERS = frozenset({dict, list})


async def _fixed(path: str, attempt: Callable[[str], Awaitable[T]]) -> tuple[str, T]:
    """The ``Resolve`` of a list whose path never changes."""
    return path, await attempt(path)


def _segment(value: object) -> str:
    return quote(str(value), safe="")


def _query(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


FIRST_PAGE_SIZE = 100
"""Items in a list's first page (its rows show before the rest is fetched)."""


class AlmClient:
    """Talks to one SD Elements server with one API token."""

    def __init__(
        self,
        server: str,
        token: SecretStr | str,
        *,
        verify: ssl.SSLContext | bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
        timeouts: httpx.Timeout | None = None,
        read_deadline: float = 30.0,
        write_deadline: float = 60.0,
        get_retries: int = 2,
        retry_after_cap: float = 60.0,
        page_size: int = 100,
        first_page_size: int | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
        max_items: int = DEFAULT_MAX_ITEMS,
        max_body_bytes: int = 100 * 2**20,
        proxy: str | None = None,
        trust_env: bool = True,
        on_call: Callable[[CallRecord], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_wait: Callable[[RetryWait], None] | None = None,
        api_family: ApiFamily | None = None,
    ) -> None:
        """``api_family`` forces the family (no fallback); None finds it at run time."""
        self.server = normalise_server(server)
        self.origin = Origin.of(self.server)
        self._token = token if isinstance(token, SecretStr) else SecretStr(token)
        if not _TOKEN_CHARS.fullmatch(self._token.get_secret_value()):
            raise ConfigError("The API token is empty or contains spaces or non-ASCII characters")
        registry.add(self._token.get_secret_value())
        self.proxy: ProxyInfo | None = (
            None
            if transport is not None
            else resolve_proxy(self.origin, proxy, trust_env=trust_env)
        )
        self._transport = Transport(
            token=self._token,
            user_agent=f"sde-alm/{__version__}",
            verify=verify,
            transport=transport,
            timeouts=timeouts or DEFAULT_TIMEOUTS,
            proxy=self.proxy,
            trust_env=trust_env,
            max_body_bytes=max_body_bytes,
        )
        self._masked_fields: set[str] = set()
        self._caller = Caller(
            self._transport,
            origin=self.origin,
            read_deadline=read_deadline,
            write_deadline=write_deadline,
            get_retries=get_retries,
            retry_after_cap=retry_after_cap,
            on_call=on_call,
            sleep=sleep,
            clock=clock,
            on_wait=on_wait,
            masked_fields=self._masked_fields,
        )
        # The first page of a list is small so its rows show at once; the rest comes in pages of
        # ``page_size`` (a server that caps page sizes is noticed and followed).
        self._page_size = page_size
        self._first_page_size = min(page_size, first_page_size or FIRST_PAGE_SIZE)
        self._max_pages = max_pages
        self._max_items = max_items
        self._family = FamilyChoice(self.server, api_family, memory)
        self._endpoints: dict[tuple[SideEndpoint, ApiFamily], EndpointChoice] = {}

    @property
    def family(self) -> ApiFamily | None:
        """The API family in use: configured, remembered, or probed; None until known."""
        return self._family.family

    @property
    def family_source(self) -> FamilySource | None:
        """How ``family`` was found; "remembered" means from an earlier run or client."""
        return self._family.source

    @property
    def waiting_until(self) -> float | None:
        """When the retry wait now running ends (on ``clock``), for a countdown; None: none."""
        return self._caller.waiting_until

    def __repr__(self) -> str:
        return f"AlmClient(server={self.server!r})"

    def replace_token(self, token: SecretStr | str) -> None:
        """Use a new API token (after the old one was rejected); same server, same pool."""
        secret = token if isinstance(token, SecretStr) else SecretStr(token)
        if not _TOKEN_CHARS.fullmatch(secret.get_secret_value()):
            raise ConfigError("The API token is empty or contains spaces or non-ASCII characters")
        registry.add(secret.get_secret_value())
        self._token = secret
        self._transport.replace_token(secret)

    async def __aenter__(self) -> AlmClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (a later call opens a new one)."""
        await self._transport.aclose()

    # --- connectors -------------------------------------------------------------------------

    async def list_connectors(self) -> ListResult[Connector]:
        resolve = partial(self._family.run, "connectors")
        return await self._list(resolve, {}, Connector, "connector")

    async def get_connector(self, id: int) -> Connector:
        path = await self._object_path("connectors", id)
        return await self._get_object(path, Connector, "connector")

    async def create_connector(self, body: Mapping[str, Any]) -> Connector:
        path = await self._object_path("connectors")
        return await self._write("POST", path, body, Connector, "connector")

    async def patch_connector(self, id: int, changes: Mapping[str, Any]) -> Connector:
        path = await self._object_path("connectors", id)
        reload = partial(self.get_connector, id)
        return await self._write("PATCH", path, changes, Connector, "connector", reload)

    async def test_connector(self, body: Mapping[str, Any]) -> TestResult:
        choice = await self._side(CONNECTOR_TESTS)
        return await choice.call(self._options_probe, lambda path: self._test(path, body))

    # --- connections ------------------------------------------------------------------------

    def _connection_params(self, project: int | None, include_last_job: bool) -> dict[str, str]:
        params = {"project": str(project)} if project is not None else {}
        return params | ({"include": "last_job"} if include_last_job else {})

    async def list_connections(
        self, *, project: int | None = None, include_last_job: bool = True
    ) -> ListResult[Connection]:
        walk = self.iter_connection_pages(project=project, include_last_job=include_last_job)
        return merge([page async for page in walk])

    def iter_connection_pages(
        self, *, project: int | None = None, include_last_job: bool = True, concurrency: int = 4
    ) -> AsyncGenerator[ListResult[Connection], None]:
        """Pages as they arrive: the first at once, then the rest concurrently (bounded).

        Close the generator (``contextlib.aclosing``) to cancel outstanding page requests. A
        listing the page budget stopped ends with an empty result whose ``partial_reason`` says
        why (``partial`` is True); what came before it is kept.
        """
        params = self._connection_params(project, include_last_job)
        resolve = partial(self._family.run, "connections")
        return self._pages(resolve, params, Connection, "connection", concurrency)

    async def get_connection(self, id: int, *, include_last_job: bool = True) -> Connection:
        params = self._connection_params(None, include_last_job)
        path = await self._object_path("connections", id)
        return await self._get_object(path, Connection, "connection", params)

    async def create_connection(self, body: Mapping[str, Any]) -> Connection:
        path = await self._object_path("connections")
        return await self._write("POST", path, body, Connection, "connection")

    async def patch_connection(self, id: int, changes: Mapping[str, Any]) -> Connection:
        path = await self._object_path("connections", id)
        reload = partial(self.get_connection, id)
        return await self._write("PATCH", path, changes, Connection, "connection", reload)

    async def delete_connection(self, id: int) -> None:
        await self._request("DELETE", self._url(await self._object_path("connections", id)))

    async def test_connection(self, body: Mapping[str, Any]) -> TestResult:
        choice = await self._side(CONNECTION_TESTS)
        return await choice.call(self._options_probe, lambda path: self._test(path, body))

    # --- jobs, plugins, projects --------------------------------------------------------------

    async def start_sync(self, connection_id: int) -> Job:
        body = {"connection": connection_id, "automatic": False, "ready": False}
        choice = await self._side(JOBS)
        return await choice.call(
            self._list_probe, lambda path: self._write("POST", path, body, Job, "job")
        )

    async def list_jobs(
        self, *, connection: int | None = None, **filters: object
    ) -> ListResult[Job]:
        params = {key: _query(value) for key, value in filters.items() if value is not None}
        if connection is not None:
            params["connection"] = str(connection)
        return await self._list(partial(self._side_run, JOBS), params, Job, "job")

    async def get_job(self, id: int) -> Job:
        path = await (await self._side(JOBS)).settle(self._list_probe)
        return await self._get_object(f"{path}{_segment(id)}/", Job, "job")

    async def list_plugins(self) -> ListResult[Plugin]:
        result = await self._list(partial(self._side_run, PLUGINS), {}, Plugin, "plugin")
        for plugin in result.items:
            self._masked_fields |= plugin.masked_fields()
        return result

    async def get_plugin(self, system_id: str) -> Plugin:
        root = await (await self._side(PLUGINS)).settle(self._list_probe)
        plugin = await self._get_object(f"{root}{_segment(system_id)}/", Plugin, "plugin")
        self._masked_fields |= plugin.masked_fields()
        return plugin

    async def list_projects(self, *, search: str | None = None) -> ListResult[Project]:
        params = {"search": search} if search else {}
        return await self._list(partial(_fixed, "/api/v2/projects/"), params, Project, "project")

    async def discover(self) -> ApiFamily:
        """The family this server serves, probing (one small GET of connections) if not known."""
        return await self._family.ensure("connections", self._list_probe)

    # --- discovery ----------------------------------------------------------------------------

    async def _object_path(self, collection: Collection, id: int | None = None) -> str:
        """An object's path (the collection's for a create) in the family found by a read."""
        family = await self._family.ensure(collection, self._list_probe)
        root = family_root(collection, family)
        return root if id is None else f"{root}{_segment(id)}/"

    async def _side(self, endpoint: SideEndpoint) -> EndpointChoice:
        family = await self.discover()
        choice = self._endpoints.get((endpoint, family))
        if choice is None:
            choice = EndpointChoice(endpoint.what, endpoint.candidates(family))
            self._endpoints[(endpoint, family)] = choice
        return choice

    async def _side_run(
        self, endpoint: SideEndpoint, attempt: Callable[[str], Awaitable[T]]
    ) -> tuple[str, T]:
        return await (await self._side(endpoint)).run(attempt)

    async def _list_probe(self, path: str) -> None:
        """Whether a list is served: its first item only."""
        await self._get_json(self._url(path), {"page_size": "1"})

    async def _options_probe(self, path: str) -> None:
        """Whether a POST-only endpoint exists, without posting: DRF answers OPTIONS on a routed
        view (200, or 405 where OPTIONS is off, or 403 for a user without the permission)."""
        try:
            await self._request("OPTIONS", self._url(path))
        except (MethodNotAllowed, PermissionDenied):
            pass

    async def get_project(self, id: int) -> Project:
        return await self._get_object(f"/api/v2/projects/{_segment(id)}/", Project, "project")

    # --- plumbing -----------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return self.server + path

    async def _get_json(
        self, url: str, params: dict[str, str] | None = None, *, register: bool = True
    ) -> Any:
        """The parsed answer; its secret params are registered unless the caller does it."""
        reply = await self._request("GET", url, params=params)
        if register:
            _register_secrets(reply.value, self._masked_fields)
        return reply.value

    async def _get_object(
        self, path: str, model: type[M], kind: str, params: dict[str, str] | None = None
    ) -> M:
        return to_model(await self._get_json(self._url(path), params), model, kind)

    async def _pages(
        self,
        resolve: Resolve[Any],
        params: dict[str, str],
        model: type[M],
        kind: str,
        concurrency: int = 4,
    ) -> AsyncGenerator[ListResult[M], None]:
        """Pages of a list; its first request is the probe that chooses the path."""
        by_model = model in (Connection, Connector)

        def parse(value: Any, offset: int, page: int) -> tuple[ListResult[M], Page]:
            # Secrets are registered here, before anything can show the page's text.
            result, envelope = parse_page(value, model, kind, offset=offset, page=page)
            if by_model and not result.problems:
                _register_model_secrets(result.items, self._masked_fields)
            else:  # bad items keep their params in the JSON only
                _register_secrets(value, self._masked_fields)
            return result, envelope

        query = {"page_size": str(self._first_page_size), **params}

        async def first_page(path: str) -> Any:
            return await self._get_json(self._url(path), query, register=False)

        path, answer = await resolve(first_page)
        walk: PageWalk[M] = PageWalk(
            partial(self._get_json, register=False),
            parse,
            origin=self.origin,
            max_pages=self._max_pages,
            max_items=self._max_items,
            concurrency=concurrency,
            bulk_size=self._page_size,
        )
        async with aclosing(walk.pages(self._url(path), query, first_answer=answer)) as pages:
            async for page in pages:
                yield page

    async def _list(
        self, resolve: Resolve[Any], params: dict[str, str], model: type[M], kind: str
    ) -> ListResult[M]:
        return merge([page async for page in self._pages(resolve, params, model, kind)])

    async def _write(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any],
        model: type[M],
        kind: str,
        reload: Callable[[], Awaitable[M]] | None = None,
    ) -> M:
        reply = await self._request(method, self._url(path), body=body)
        if reply.value is None and reload is not None:
            # Some servers answer a PATCH with no body: read the object back instead of guessing.
            return await reload()
        _register_secrets(reply.value, self._masked_fields)
        return to_model(reply.value, model, kind)

    async def _test(self, path: str, body: Mapping[str, Any]) -> TestResult:
        started = time.perf_counter()
        try:
            reply = await self._request("POST", self._url(path), body=body, has_effects=False)
        except ValidationFailed as exc:  # the real failure shape is unknown: a 400 counts too
            latency = (time.perf_counter() - started) * 1000
            fields = {k: v for k, v in exc.field_errors.items() if k not in _RESULT_KEYS}
            return TestResult(
                success=False, message=exc.message, field_errors=fields, latency_ms=latency
            )
        latency = (time.perf_counter() - started) * 1000
        value = reply.value
        if isinstance(value, dict) and isinstance(value.get("success"), bool):
            text = error_message({k: value.get(k) for k in ("detail", "error", "message")})
            message = display_text(text, max_chars=1000) if text else None
            return TestResult(success=value["success"], message=message, latency_ms=latency)
        refuse_message(value, "a test result")
        raise MalformedResponse("The server's answer to the test has no success flag")

    async def _request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
        has_effects: bool | None = None,
    ) -> Reply:
        content = None
        if body is not None:
            typed = body.get("params")
            if isinstance(typed, Mapping):  # secrets the user typed are scrubbed from now on
                registry.add_params(typed, self._masked_fields)
            content = json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
        return await self._caller.call(
            method, url, params=params, content=content, has_effects=has_effects
        )
