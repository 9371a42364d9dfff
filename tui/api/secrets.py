"""The one place that decides which params are secrets, and redacts known secret values.

Every output path (screens, the API-call log, log files, exports, errors) goes through here.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from tui.api.vocab import ALM, AUTH_MODE_SUFFIX, ISSUE_TRACKER

MASK = "••••••••"
"""Fixed-width mask: it does not reveal the secret's length."""

REDACTED = "<redacted>"

_SECRET_NAME = re.compile(
    r"(pass|token|secret|api[_-]?key|apikey|private[_-]?key|credential|auth[_-]?key|session)",
    re.IGNORECASE,
)
# Names that match the pattern above but hold no secret (lower case; e.g. the auth mode says
# which secret is used, it is not one).
_NOT_SECRET = frozenset(
    {ALM.key(AUTH_MODE_SUFFIX), ISSUE_TRACKER.key(AUTH_MODE_SUFFIX), "session_capture_socket"}
)
_SCALARS = frozenset({str, int, float, bool, type(None)})


def is_secret_key(name: str, masked_fields: Iterable[str] = ()) -> bool:
    """True for params that hold credentials: by name, or marked ``masked_string`` by a schema."""
    return name in masked_fields or _secret_by_name(name)


@lru_cache(maxsize=4096)
def _secret_by_name(name: str) -> bool:
    # A listing repeats a few dozen names hundreds of thousands of times: decide each once.
    return name.lower() not in _NOT_SECRET and bool(_SECRET_NAME.search(name))


def secret_values(params: Mapping[str, Any] | None, masked_fields: Iterable[str] = ()) -> set[str]:
    """The secret values held in a params dict (for scrubbing them from free text)."""
    masked = frozenset(masked_fields)
    found: set[str] = set()
    for key, value in (params or {}).items():
        if is_secret_key(key, masked) and isinstance(value, str) and value:
            found.add(value)
    return found


def redact_params(
    params: Mapping[str, Any] | None, masked_fields: Iterable[str] = ()
) -> dict[str, Any] | None:
    """A copy of ``params`` with every secret value replaced by ``REDACTED`` (None stays None)."""
    if params is None:
        return None
    masked = frozenset(masked_fields)
    return {k: (REDACTED if is_secret_key(k, masked) and v not in (None, "") else v)
            for k, v in params.items()}


def redact_object(obj: Any, masked_fields: Iterable[str] = ()) -> Any:
    """Recursively redact ``params`` dicts (and secret-named keys) in JSON-like data.

    The input is never changed; dicts and lists with nothing to redact are returned as they are
    (not copied), so redacting a large listing costs one look at each key.
    """
    masked = frozenset(masked_fields)
    return _redact(obj, masked, _decisions(masked))


@lru_cache(maxsize=8)
def _decisions(masked: frozenset[str]) -> dict[Any, bool]:
    """Key -> secret or not, for one set of schema-masked names (filled in by ``_redact``)."""
    return {}


_MAX_DECISIONS = 4096
"""A hostile server can send any number of distinct keys; past this many, start again."""


def _redact(obj: Any, masked: frozenset[str], decided: dict[Any, bool]) -> Any:
    if isinstance(obj, list):
        copy: list[Any] | None = None
        for index, value in enumerate(obj):
            if type(value) in _SCALARS:
                continue
            redacted = _redact(value, masked, decided)
            if redacted is not value:
                copy = list(obj) if copy is None else copy
                copy[index] = redacted
        return obj if copy is None else copy
    if type(obj) is not dict and not isinstance(obj, Mapping):
        return obj
    out: dict[Any, Any] | None = None if type(obj) is dict else dict(obj)
    for key, value in obj.items():
        secret = decided.get(key)
        if secret is None:
            if len(decided) >= _MAX_DECISIONS:
                decided.clear()
            secret = decided[key] = isinstance(key, str) and is_secret_key(key, masked)
        if secret:
            if isinstance(value, (str, int)):
                if value != "":
                    out = dict(obj) if out is None else out
                    out[key] = REDACTED
                continue
        elif type(value) in _SCALARS:
            continue
        redacted = _redact(value, masked, decided)
        if redacted is not value:
            out = dict(obj) if out is None else out
            out[key] = redacted
    return obj if out is None else out


_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization"})
_SECRET_HEADERS = frozenset({"cookie", "set-cookie"})


def redact_header(name: str, value: str) -> str:
    """A header's value fit to show: credentials redacted (an auth scheme's name is kept)."""
    lower = name.lower()
    if lower in _CREDENTIAL_HEADERS:
        scheme, _, credential = value.partition(" ")
        return f"{scheme} {REDACTED}" if credential else REDACTED
    if lower in _SECRET_HEADERS or _secret_by_name(lower):
        return REDACTED
    return scrub(value)


class SecretRegistry:
    """Secret values seen this session (the API token, params, what the user typed).

    Free text such as a job's ``result_message`` may echo a credential; ``scrub`` replaces every
    known value before it is displayed or written anywhere.

    Up to ``REGEX_LIMIT`` values, one regex alternation finds them (fast in C). Past that (an
    organisation where every connection has its own password), an alternation costs ~1 ms per
    string at 10k values and is rebuilt on every new value, so the values are indexed by their
    first ``_MIN_LEN`` characters instead: a string is scanned once, whatever the number of
    values. Both find the same thing: at the leftmost position, the longest value.
    """

    _MIN_LEN = 6  # shorter values (the docs' own "pass", "token") would redact ordinary words
    REGEX_LIMIT = 64

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()
        self._pattern: re.Pattern[str] | None = None
        self._by_head: dict[str, list[str]] = {}
        """First ``_MIN_LEN`` characters -> values, longest first (used past REGEX_LIMIT)."""

    def add(self, *values: str | None) -> None:
        with self._lock:
            new = {v for v in values if v and len(v) >= self._MIN_LEN} - self._values
            if not new:
                return
            self._values |= new
            self._pattern = None
            if len(self._values) <= self.REGEX_LIMIT:
                return
            shared: set[str] = set()  # heads that now hold more than one value
            for value in new if self._by_head else self._values:
                head = value[: self._MIN_LEN]
                same_head = self._by_head.setdefault(head, [])
                same_head.append(value)
                if len(same_head) > 1:
                    shared.add(head)
            for head in shared:
                self._by_head[head].sort(key=len, reverse=True)

    def reset(self, values: Iterable[str] = ()) -> None:
        """Forget every value, then know ``values`` (for tests that must not leak into others)."""
        with self._lock:
            self._values = set()
            self._pattern = None
            self._by_head = {}
        self.add(*values)

    def add_params(
        self, params: Mapping[str, Any] | None, masked_fields: Iterable[str] = ()
    ) -> None:
        self.add(*secret_values(params, masked_fields))

    def scrub(self, text: str) -> str:
        with self._lock:
            if not self._values:
                return text
            if self._by_head:
                return _scrub_by_head(text, self._by_head, self._MIN_LEN)
            if self._pattern is None:
                ordered = sorted(self._values, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(v) for v in ordered))
            pattern = self._pattern
        return pattern.sub(MASK, text)

    def values(self) -> frozenset[str]:
        """The values known now (a copy: later additions do not change it)."""
        with self._lock:
            return frozenset(self._values)

    def __contains__(self, value: object) -> bool:
        return value in self._values

    def __repr__(self) -> str:
        return f"<SecretRegistry {len(self._values)} values>"


def _scrub_by_head(text: str, by_head: Mapping[str, list[str]], head: int) -> str:
    """Mask every value of ``by_head`` in ``text``: leftmost first, the longest at a position."""
    last = len(text) - head
    if last < 0:
        return text
    starts = [i for i in range(last + 1) if text[i : i + head] in by_head]
    if not starts:
        return text
    parts: list[str] = []
    done = 0
    for i in starts:
        if i < done:
            continue  # inside a value already masked
        for value in by_head[text[i : i + head]]:
            if text.startswith(value, i):
                parts.append(text[done:i])
                parts.append(MASK)
                done = i + len(value)
                break
    parts.append(text[done:])
    return "".join(parts)


registry = SecretRegistry()
"""Process-wide registry: the client adds the token and every secret param it receives."""


def scrub(text: str) -> str:
    """Remove every known secret value from ``text``."""
    return registry.scrub(text)
