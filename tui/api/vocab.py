"""The two generations of the API: which paths a server serves and which names its params use.

SD Elements renamed the "ALM" family to "Issue Tracker": `/api/v2/connectors/alm/` became
`/api/v2/connectors/issue-tracker/`, every `alm_X` param became `issue_tracker_X`, the
`conflict_policy` value `alm` became `issue_tracker`, and `issue_tracker_auth_mode` was added
(issue-tracker-api.md, sections 2-3). Every place that names a family path, a tracker param, a
policy value or the edit permission asks this module; nothing else spells them.

The *paths* a server serves (its family) and the *names* in an object's params (its vocabulary)
are decided separately: an `/alm/` alias on a current server may already answer with
`issue_tracker_*` keys, and a server may mix both in one object. Names are never translated on
the wire: what the server sent is what is sent back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "ALM",
    "AUTH_MODE_SUFFIX",
    "CONFLICT_POLICY",
    "DERIVED_KEYS",
    "FAMILIES",
    "ISSUE_TRACKER",
    "LAST_SUCCESSFUL_RUN",
    "ApiFamily",
    "Vocabulary",
    "is_tracker_param",
    "key_in",
    "param_suffix",
    "tracker_key",
    "tracker_keys",
    "tracker_value",
    "translate_params",
    "vocabulary_for",
    "vocabulary_of",
    "with_every_name",
]


class ApiFamily(StrEnum):
    """Which generation of endpoint names a server serves."""

    ALM = "alm"
    ISSUE_TRACKER = "issue-tracker"

    @property
    def segment(self) -> str:
        """The path segment: `/api/v2/connectors/<segment>/`."""
        return self.value

    @property
    def vocabulary(self) -> Vocabulary:
        """The param names this family documents (an object's own keys may say otherwise)."""
        return ALM if self is ApiFamily.ALM else ISSUE_TRACKER


FAMILIES: tuple[ApiFamily, ...] = (ApiFamily.ISSUE_TRACKER, ApiFamily.ALM)
"""The order a server is probed in: the current name first, then the 2017-era one."""

CONFLICT_POLICY = "conflict_policy"
AUTH_MODE_SUFFIX = "auth_mode"
LAST_SUCCESSFUL_RUN = "last_successful_run"
"""Connection key (inside `params` in the current docs) present after one successful sync."""


@dataclass(frozen=True)
class Vocabulary:
    """The names one generation gives to tracker params, policy values and permissions."""

    id: str
    prefix: str
    conflict_policy_tracker: str
    edit_permission: str
    tracker_word: str
    has_auth_mode: bool

    def key(self, suffix: str) -> str:
        """The param name for a suffix: `alm_server` or `issue_tracker_server` for `server`."""
        return self.prefix + suffix

    @property
    def title_format_connection(self) -> str:
        """Connections say `<prefix>title_format` where connectors say `title_format`."""
        return self.key("title_format")

    @property
    def auth_mode(self) -> str | None:
        return self.key(AUTH_MODE_SUFFIX) if self.has_auth_mode else None

    def permission_text(self) -> str:
        """The edit permission as a sentence fragment, the older name too on current servers."""
        if self is ALM:
            return f"'{self.edit_permission}'"
        return f"'{self.edit_permission}' (formerly '{ALM.edit_permission}')"


ALM = Vocabulary(
    id="alm",
    prefix="alm_",
    conflict_policy_tracker="alm",
    edit_permission="Edit ALM connections",
    tracker_word="ALM",
    has_auth_mode=False,
)
ISSUE_TRACKER = Vocabulary(
    id="issue_tracker",
    prefix="issue_tracker_",
    conflict_policy_tracker="issue_tracker",
    edit_permission="Edit Issue Tracker connections",
    tracker_word="Issue Tracker",
    has_auth_mode=True,
)
_VOCABULARIES = (ISSUE_TRACKER, ALM)


def param_suffix(key: str) -> str | None:
    """`server` for `alm_server` or `issue_tracker_server`; None for any other key."""
    for vocabulary in _VOCABULARIES:
        if key.startswith(vocabulary.prefix) and len(key) > len(vocabulary.prefix):
            return key[len(vocabulary.prefix) :]
    return None


def vocabulary_of(params: Mapping[str, Any] | None) -> Vocabulary | None:
    """The vocabulary an object's params speak, judged by its keys; None when they name neither."""
    if not params:
        return None
    found_alm = False
    for key in params:
        if not isinstance(key, str):
            continue
        if key.startswith(ISSUE_TRACKER.prefix):
            return ISSUE_TRACKER
        if key.startswith(ALM.prefix):
            found_alm = True
    if params.get(CONFLICT_POLICY) == ISSUE_TRACKER.conflict_policy_tracker:
        return ISSUE_TRACKER
    return ALM if found_alm else None


def vocabulary_for(params: Mapping[str, Any] | None, family: ApiFamily | None = None) -> Vocabulary:
    """The names to use for an object: its own keys first, then the server's family, then ALM."""
    found = vocabulary_of(params)
    if found is not None:
        return found
    return family.vocabulary if family is not None else ALM


def tracker_key(
    params: Mapping[str, Any] | None, suffix: str, family: ApiFamily | None = None
) -> str:
    """The key holding a tracker param in these params: whichever name is present (a mixed object
    keeps each key as sent), else the name the object's vocabulary gives it."""
    if params:
        for vocabulary in (vocabulary_for(params, family), *_VOCABULARIES):
            name = vocabulary.key(suffix)
            if name in params:
                return name
    return vocabulary_for(params, family).key(suffix)


def tracker_value(params: Mapping[str, Any] | None, suffix: str) -> Any:
    """A tracker param's value under either name (None when absent)."""
    if not params:
        return None
    return params.get(tracker_key(params, suffix))


def is_tracker_param(key: str, suffix: str) -> bool:
    """Whether `key` is the tracker param `suffix` in either vocabulary."""
    return param_suffix(key) == suffix


def translate_params(params: Mapping[str, Any], to: Vocabulary) -> dict[str, Any]:
    """Params renamed into one vocabulary (only the emulator renders stored params this way;
    the client never renames what a server sent)."""
    result: dict[str, Any] = {}
    for key, value in params.items():
        suffix = param_suffix(key)
        name = to.key(suffix) if suffix is not None else key
        if key == CONFLICT_POLICY and value in (
            ALM.conflict_policy_tracker,
            ISSUE_TRACKER.conflict_policy_tracker,
        ):
            value = to.conflict_policy_tracker
        result[name] = value
    return result


def key_in(params: Mapping[str, Any] | None, suffix: str, vocabulary: Vocabulary) -> str:
    """The key holding a tracker param in these params (either name, as sent), else the name
    `vocabulary` gives it: what a form edits, so a mixed object is sent back its own keys."""
    for candidate in (vocabulary, *_VOCABULARIES):
        name = candidate.key(suffix)
        if params and name in params:
            return name
    return vocabulary.key(suffix)


def tracker_keys(suffix: str) -> frozenset[str]:
    """A tracker param's name in every vocabulary (`alm_X` and `issue_tracker_X`)."""
    return frozenset(vocabulary.key(suffix) for vocabulary in _VOCABULARIES)


DERIVED_KEYS = frozenset(
    {
        "sde_project",
        "sde_application",
        "sde_businessunit",
        *tracker_keys("reference_context"),
        "session_capture_socket",
        LAST_SUCCESSFUL_RUN,  # the server's record of syncs, never a client's
    }
)
"""Params the server derives from the linked project (sde-api.md section 6.1) or from its
syncs: a client shows them and never sends them; a server ignores them in a request."""


def with_every_name(keys: Iterable[str]) -> frozenset[str]:
    """The keys plus each tracker param's name in the other vocabulary, for a set of names a
    rule applies to (a schema's masked fields hold whichever vocabulary the schema spoke)."""
    names: set[str] = set()
    for key in keys:
        suffix = param_suffix(key)
        names.update(tracker_keys(suffix) if suffix is not None else (key,))
    return frozenset(names)
