"""Which API family the emulator speaks: the paths it serves and the names its params take.

Params are stored once, in the ALM names (`CANONICAL`), and renamed into the configured
family's vocabulary on the way out; request params in either vocabulary are renamed back on
the way in (issue-tracker-api.md sections 2-4). The `alm` mode is the 2017 server exactly:
nothing is renamed either way.
"""

from __future__ import annotations

import copy
from typing import Any

from tui.api.vocab import (
    ALM,
    AUTH_MODE_SUFFIX,
    CONFLICT_POLICY,
    ISSUE_TRACKER,
    LAST_SUCCESSFUL_RUN,
    ApiFamily,
    Vocabulary,
    param_suffix,
    translate_params,
    vocabulary_of,
)
from tui.emulator.config import EmulatorConfig
from tui.emulator.errors import ValidationFailed
from tui.emulator.json_types import FieldErrors, JsonDict
from tui.emulator.plugins import field
from tui.emulator.validation import invalid_choice

CANONICAL = ALM
"""The vocabulary params are stored in (the seed's)."""

AUTH_MODES = ("basic", "api_token")
_CREDENTIALS = ("user", "pass", "api_token")


def served_families(config: EmulatorConfig) -> tuple[ApiFamily, ...]:
    """The families whose connector and connection paths are served."""
    if config.api_family == "both":
        return (ApiFamily.ISSUE_TRACKER, ApiFamily.ALM)
    return (ApiFamily(config.api_family),)


def side_families(config: EmulatorConfig) -> tuple[ApiFamily, ...]:
    """The families whose test, jobs and plugins names are served (none with "none")."""
    # GUESS: by default the test/jobs/plugins names follow the family; their new names are
    # not public (issue-tracker-api.md section 1), so "alm" keeps the old ones.
    if config.side_endpoints == "none":
        return ()
    if config.side_endpoints == "alm":
        return (ApiFamily.ALM,)
    return served_families(config)


def answer_vocabulary(config: EmulatorConfig) -> Vocabulary:
    """The names every answer uses: "both" answers in the new names on /alm/ paths too."""
    # GUESS: an /alm/ alias on a current server returns the migrated issue_tracker_* keys.
    return CANONICAL if config.api_family == "alm" else ISSUE_TRACKER


def inbound_body(config: EmulatorConfig, body: Any) -> tuple[Any, Vocabulary]:
    """The body with its params in the stored names, and the vocabulary the request spoke."""
    answer = answer_vocabulary(config)
    if answer is CANONICAL or not isinstance(body, dict):
        return body, answer
    params = body.get("params")
    if not isinstance(params, dict):
        return body, answer
    # GUESS: a current server still accepts the old names (and the two mixed, one per param).
    spoken = vocabulary_of(params) or answer
    return {**body, "params": _canonical(params)}, spoken


def _canonical(params: JsonDict) -> JsonDict:
    errors: FieldErrors = {}
    first_name: dict[str, str] = {}
    for key, value in params.items():
        suffix = param_suffix(key)
        if suffix is None:
            continue
        if suffix in first_name:
            # GUESS: the same param under both names is refused rather than one silently winning.
            errors[key] = [f"Also given as {first_name[suffix]}; send only one of the two names."]
        first_name.setdefault(suffix, key)
        if suffix == AUTH_MODE_SUFFIX and value is not None and value not in AUTH_MODES:
            # GUESS: only the two documented values are accepted.
            errors[key] = [invalid_choice(value)]
    if errors:
        raise ValidationFailed({"params": errors})
    return translate_params(params, CANONICAL)


def errors_in(errors: FieldErrors, vocabulary: Vocabulary) -> FieldErrors:
    """Validation errors with param keys in the vocabulary the request used."""
    params = errors.get("params")
    if vocabulary is CANONICAL or not isinstance(params, dict):
        return errors
    return {**errors, "params": translate_params(params, vocabulary)}


def shown_params(
    params: JsonDict, vocabulary: Vocabulary, *, last_successful_run: str | None = None
) -> JsonDict:
    """Stored params as an answer shows them. The new names add the auth mode just before the
    credentials, as the reference's examples place it, and (connections) the last success."""
    if vocabulary is CANONICAL:
        return dict(params)
    shown = translate_params(params, vocabulary)
    if vocabulary.has_auth_mode:
        mode_key = vocabulary.key(AUTH_MODE_SUFFIX)
        mode = shown.pop(mode_key, None) or _auth_mode(params)
        if mode is not None:
            shown = _before_credentials(shown, mode_key, mode)
    if last_successful_run is not None:
        shown[LAST_SUCCESSFUL_RUN] = last_successful_run
    return shown


def without_implied_auth_mode(params: JsonDict, credentials: JsonDict) -> JsonDict:
    """Params (stored names) without an auth mode that `credentials` imply anyway: stored, it
    would show in the ALM family, which has no such param."""
    key = CANONICAL.key(AUTH_MODE_SUFFIX)
    if key in params and params[key] == _auth_mode(credentials):
        return {k: v for k, v in params.items() if k != key}
    return params


def _auth_mode(params: JsonDict) -> str | None:
    """The mode the credentials imply: a token wins over a user and password."""
    # GUESS: derived from the credentials when never set explicitly.
    if params.get(CANONICAL.key("api_token")):
        return "api_token"
    if params.get(CANONICAL.key("user")) or params.get(CANONICAL.key("pass")):
        return "basic"
    return None


def _before_credentials(params: JsonDict, key: str, value: Any) -> JsonDict:
    out: JsonDict = {}
    for name, item in params.items():
        if key not in out and param_suffix(name) in _CREDENTIALS:
            out[key] = value
        out[name] = item
    out.setdefault(key, value)
    return out


def shown_plugin(schema: JsonDict, vocabulary: Vocabulary) -> JsonDict:
    """A stored plugin schema in a vocabulary's names (with an auth-mode field in the new one)."""
    if vocabulary is CANONICAL:
        return schema
    shown = copy.deepcopy(schema)
    for section in shown["sections"]:
        credentials = False
        for spec in section["fields"]:
            suffix = param_suffix(spec["name"])
            if suffix is not None:
                spec["name"] = vocabulary.key(suffix)
                credentials = credentials or suffix in _CREDENTIALS
            if spec["name"] == CONFLICT_POLICY:
                _rename_policy_values(spec, vocabulary)
        if credentials and vocabulary.has_auth_mode:
            section["fields"].insert(0, _auth_mode_field(section["fields"], vocabulary))
    return shown


def _rename_policy_values(spec: JsonDict, vocabulary: Vocabulary) -> None:
    old = CANONICAL.conflict_policy_tracker
    new = vocabulary.conflict_policy_tracker
    for name in ("default", "placeholder"):
        if spec[name] == old:
            spec[name] = new
    for option in spec["options"]:
        if option["value"] == old:
            option["value"] = new


def _auth_mode_field(credentials: list[JsonDict], vocabulary: Vocabulary) -> JsonDict:
    """The auth-mode choice of a credentials section; its default is what the section asks."""
    # GUESS: label, type and options (the reference shows only the param and its two values).
    token = any(param_suffix(spec["name"]) == "api_token" for spec in credentials)
    default = "api_token" if token else "basic"
    return field(
        vocabulary.key(AUTH_MODE_SUFFIX),
        "Authentication Method",
        "radio",
        default=default,
        placeholder=default,
        options=[("Basic", "basic"), ("API Token", "api_token")],
    )
