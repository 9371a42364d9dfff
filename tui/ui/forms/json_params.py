"""Params as a JSON document for ``$EDITOR`` (E), and the edited document back into a draft."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tui.api.vocab import DERIVED_KEYS
from tui.ui.forms.draft import Draft
from tui.ui.forms.spec import PARAMS
from tui.ui.forms.values import as_bool, same_wire, to_form

_TRUE_FALSE = frozenset({"true", "false"})


def editable_keys(draft: Draft, revealed: Iterable[str] = ()) -> list[str]:
    """Params that go into the file: no derived or nested values, no secret unless revealed."""
    shown = set(revealed)
    keys = []
    for path, spec in draft.specs.items():
        if not spec.is_param or spec.key in DERIVED_KEYS:
            continue
        value = draft.base.get(path)
        if isinstance(value, (dict, list)):
            continue
        if spec.kind == "secret" and spec.key not in shown:
            continue
        if path in draft.base:
            keys.append(spec.key)
    return keys


def export_params(draft: Draft, revealed: Iterable[str] = ()) -> str:
    """The params as pretty JSON, in the server's own types."""
    keys = editable_keys(draft, revealed)
    document = {key: draft.base.get(PARAMS + key) for key in sorted(keys)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def import_params(draft: Draft, text: str, exported: Iterable[str]) -> tuple[list[str], list[str]]:
    """Apply an edited document to ``draft``; returns (errors, notices)."""
    try:
        document = json.loads(text)
    except ValueError as error:
        return [f"Not valid JSON: {error}"], []
    if not isinstance(document, dict):
        return ["The file must hold one JSON object of params"], []
    errors: list[str] = []
    notices: list[str] = []
    for key, value in document.items():
        problem = _apply(draft, str(key), value)
        if problem:
            errors.append(f"{key}: {problem}")
    missing = sorted(set(exported) - set(document))
    if missing:
        notices.append(
            'Removed keys are not deleted on the server (set a value to "" to empty it): '
            + ", ".join(missing)
        )
    return errors, notices


def _apply(draft: Draft, key: str, value: Any) -> str | None:
    path = PARAMS + key
    if isinstance(value, (dict, list)) or value is None:
        return "nested values and null are not supported here"
    spec = draft.specs.get(path)
    if spec is None:
        try:
            draft.add_param(key, value if isinstance(value, str) else json.dumps(value))
        except ValueError as error:
            return str(error)
        return None
    if spec.kind == "secret":
        if not isinstance(value, str):
            return "a secret must be a string"
        if same_wire(spec, value, draft.base.get(path)):
            return None
        draft.type_secret(path, value)
        return None
    if spec.readonly:
        if same_wire(spec, value, draft.base.get(path)):
            return None
        return "set by the server; it cannot be changed"
    if spec.kind == "bool":
        if not isinstance(value, bool) and str(value).lower() not in _TRUE_FALSE:
            return "must be true or false"
        draft.set_value(path, as_bool(value))
        return None
    draft.set_value(path, to_form(spec, value))
    return None
