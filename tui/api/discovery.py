"""Which endpoint paths a server serves, found at run time by reads, never by a write.

The family (``/alm/`` or ``/issue-tracker/``) is configured, remembered from an earlier run, or
probed by the first list call itself: its path is tried, and on a 404 the other family's
(issue-tracker-api.md section 10.1). The winner is remembered per server for the process and in
the user cache dir. The names of the test, jobs and plugins endpoints of the current family are
not documented: their candidate paths are tried in order (OPTIONS for the tests, GET otherwise)
and the first that answers is kept for the client's lifetime.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import urlsplit

from tui.api.errors import EndpointUnavailable, FamilyNotFound, NotServed
from tui.api.vocab import FAMILIES, ApiFamily

__all__ = [
    "CONNECTION_TESTS",
    "CONNECTOR_TESTS",
    "JOBS",
    "PLUGINS",
    "Collection",
    "EndpointChoice",
    "FamilyChoice",
    "FamilyMemory",
    "FamilySource",
    "SideEndpoint",
    "family_root",
    "is_endpoint_root",
    "memory",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

API = "/api/v2"
Collection = Literal["connectors", "connections"]
COLLECTIONS: tuple[Collection, ...] = ("connectors", "connections")
FamilySource = Literal["configured", "probed", "remembered"]
Attempt = Callable[[str], Awaitable[T]]
"""A request on one candidate path; a ``NotServed`` error means "try the next one"."""

# GUESS: the current family's test endpoint name is not documented (section 1); the ALM-era
# `testalm` is the documented one and the last resort on a current server.
_TEST_NAMES: dict[ApiFamily, tuple[str, ...]] = {
    ApiFamily.ALM: ("testalm",),
    ApiFamily.ISSUE_TRACKER: ("test-issue-tracker", "testissuetracker", "testalm"),
}


def family_root(collection: Collection, family: ApiFamily) -> str:
    """``/api/v2/connections/issue-tracker/``: the list (and create) path of a collection."""
    return f"{API}/{collection}/{family.segment}/"


@dataclass(frozen=True)
class SideEndpoint:
    """An endpoint beside the two collections whose name may differ per family."""

    what: str
    """Plural noun for messages: "connectivity tests"."""
    collection: str
    tests: bool
    """Test endpoints are probed with OPTIONS (their only method, POST, is never tried)."""

    def candidates(self, family: ApiFamily) -> tuple[str, ...]:
        """The paths to try in order; a single one is documented and needs no probe."""
        if self.tests:
            names = _TEST_NAMES[family]
        else:  # GUESS: jobs and plugins follow the family's name, else kept the ALM one
            names = tuple(dict.fromkeys((family.segment, ApiFamily.ALM.segment)))
        return tuple(f"{API}/{self.collection}/{name}/" for name in names)


CONNECTOR_TESTS = SideEndpoint("connectivity tests of connectors", "connectors", tests=True)
CONNECTION_TESTS = SideEndpoint("connectivity tests", "connections", tests=True)
JOBS = SideEndpoint("sync jobs", "jobs", tests=False)
PLUGINS = SideEndpoint("plugin schemas", "plugins", tests=False)
_SIDE_ENDPOINTS = (CONNECTOR_TESTS, CONNECTION_TESTS, JOBS, PLUGINS)


@lru_cache(maxsize=1)
def _roots() -> tuple[str, ...]:
    roots = {family_root(c, f) for c in COLLECTIONS for f in ApiFamily}
    roots.update(p for side in _SIDE_ENDPOINTS for f in ApiFamily for p in side.candidates(f))
    return tuple(sorted(roots))


def is_endpoint_root(path: str) -> bool:
    """Whether a request path (after any context root) is the root of a family endpoint, where
    a 404 means the server does not serve it (an object path's 404 means the object is gone)."""
    return path.endswith(_roots())


# --- remembering the family per server ----------------------------------------------------------

CACHE_FILE = "api-families.json"
_MAX_SERVERS = 100
"""Entries kept in the cache file (the demo's random loopback ports would grow it forever)."""


def _server_key(server: str) -> str:
    parts = urlsplit(server)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _cache_path() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("sde-alm") / CACHE_FILE


class FamilyMemory:
    """The family each server answered with: for this process, and in a small JSON file."""

    def __init__(self, path: Callable[[], Path] = _cache_path) -> None:
        self._path = path
        self._known: dict[str, ApiFamily] = {}

    @property
    def path(self) -> Path:
        """The cache file (in the user cache dir)."""
        return self._path()

    def recall(self, server: str) -> ApiFamily | None:
        key = _server_key(server)
        if key in self._known:
            return self._known[key]
        return self._read().get(key)

    def remember(self, server: str, family: ApiFamily) -> None:
        key = _server_key(server)
        self._known[key] = family
        stored = self._read()
        if stored.get(key) == family:
            return
        stored.pop(key, None)
        stored[key] = family  # last, so trimming drops the servers not seen for longest
        self._write(dict(list(stored.items())[-_MAX_SERVERS:]))

    def forget(self, server: str) -> None:
        key = _server_key(server)
        self._known.pop(key, None)
        stored = self._read()
        if stored.pop(key, None) is not None:
            self._write(stored)

    def clear(self) -> None:
        """Forget what this process learnt (the file stays)."""
        self._known.clear()

    def _read(self) -> dict[str, ApiFamily]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # absent, unreadable or damaged: probe again
            return {}
        servers = data.get("servers") if isinstance(data, dict) else None
        if not isinstance(servers, dict):
            return {}
        families = {family.value: family for family in ApiFamily}
        return {
            key: families[value]
            for key, value in servers.items()
            if isinstance(key, str) and isinstance(value, str) and value in families
        }

    def _write(self, servers: dict[str, ApiFamily]) -> None:
        path = self.path
        text = json.dumps({"version": 1, "servers": servers}, indent=1) + "\n"
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".families-", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(temporary, path)  # readers see the old file or the new, never half
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as exc:  # a read-only home only costs a probe next time
            log.debug("cannot remember the API family in %s: %s", path, exc)


memory = FamilyMemory()
"""The process's memory (tests clear it between tests)."""


# --- choosing among candidates ------------------------------------------------------------------


class FamilyChoice:
    """The family one client speaks: configured, remembered, or probed by its first list call."""

    def __init__(self, server: str, configured: ApiFamily | None, store: FamilyMemory) -> None:
        self._server = server
        self._memory = store
        self._remembered = None if configured is not None else store.recall(server)
        self.family: ApiFamily | None = configured or self._remembered
        self.source: FamilySource | None = (
            "configured" if configured is not None
            else "remembered" if self._remembered is not None
            else None
        )
        self.settled = configured is not None
        """Whether ``family`` is known to be served (a configured one is taken on trust)."""
        self._lock = asyncio.Lock()

    async def run(self, collection: Collection, attempt: Attempt[T]) -> tuple[str, T]:
        """``attempt`` on the collection's root path, probing the families when not settled."""
        if not self.settled:
            async with self._lock:  # concurrent first calls wait for one probe
                if not self.settled:
                    return await self._probe(collection, attempt)
        assert self.family is not None
        path = family_root(collection, self.family)
        try:
            return path, await attempt(path)
        except NotServed as exc:
            if self.source != "configured":
                raise
            raise NotServed(
                f"{exc.message}. The API family is forced to '{self.family}' (api_family / "
                "--api-family); 'auto' finds the one this server serves",
                status=exc.status,
                url=exc.url,
            ) from None

    async def ensure(self, collection: Collection, probe: Attempt[object]) -> ApiFamily:
        """The settled family, probing with ``probe`` (a read) when needed."""
        if not self.settled:
            await self.run(collection, probe)
        assert self.family is not None
        return self.family

    def _candidates(self) -> tuple[ApiFamily, ...]:
        if self._remembered is None:
            return FAMILIES
        return (self._remembered, *(f for f in FAMILIES if f is not self._remembered))

    async def _probe(self, collection: Collection, attempt: Attempt[T]) -> tuple[str, T]:
        tried: list[str] = []
        for family in self._candidates():
            path = family_root(collection, family)
            try:
                result = await attempt(path)
            except NotServed:
                tried.append(path)
                continue
            self.family, self.settled = family, True
            self.source = "remembered" if family is self._remembered else "probed"
            if family is not self._remembered:
                self._memory.remember(self._server, family)
            return path, result
        if self._remembered is not None:
            self._memory.forget(self._server)
        raise FamilyNotFound(
            f"This server serves neither {' nor '.join(tried)}: check the server URL (context "
            f"root): SD Elements must answer at {self._server}/api/v2/",
            status=404,
            url=self._server,
        )


class EndpointChoice:
    """One side endpoint: the first of its candidate paths the server serves, kept once found."""

    def __init__(self, what: str, candidates: Sequence[str]) -> None:
        self.what = what
        self.candidates = tuple(candidates)
        self.path: str | None = self.candidates[0] if len(self.candidates) == 1 else None
        self._missing = False
        self._lock = asyncio.Lock()

    async def run(self, attempt: Attempt[T]) -> tuple[str, T]:
        """``attempt`` on the known path, or on each candidate until one is served."""
        if self.path is None:
            async with self._lock:
                if self.path is None:
                    return await self._probe(attempt)
        return self.path, await self._on(self.path, attempt)

    async def settle(self, probe: Attempt[object]) -> str:
        """The path, found with ``probe`` (OPTIONS or a small GET) when not known yet."""
        if self.path is not None:
            return self.path
        path, _ = await self.run(probe)
        return path

    async def call(self, probe: Attempt[object], attempt: Attempt[T]) -> T:
        """``attempt`` on the path, found with ``probe`` first when not known yet."""
        return await self._on(await self.settle(probe), attempt)

    async def _on(self, path: str, attempt: Attempt[T]) -> T:
        try:
            return await attempt(path)
        except NotServed as error:
            # The only path there is (or the one found) answers 404 at its root: the endpoint
            # is not served, which says nothing about the server URL (its lists answered).
            raise self._unavailable() from error

    async def _probe(self, attempt: Attempt[T]) -> tuple[str, T]:
        if not self._missing:
            for candidate in self.candidates:
                try:
                    result = await attempt(candidate)
                except NotServed:
                    continue
                self.path = candidate
                return candidate, result
            self._missing = True  # asking again would send the same requests for the same 404s
        raise self._unavailable()

    def _unavailable(self) -> EndpointUnavailable:
        return EndpointUnavailable(
            f"This server does not serve {self.what} at any known path "
            f"(tried {', '.join(self.candidates)})",
            status=404,
        )
