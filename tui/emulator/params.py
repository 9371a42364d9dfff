"""How a connection's params are read: connector params merged with its own, plus SDE keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.api.vocab import DERIVED_KEYS
from tui.emulator.json_types import JsonDict


def _as_int_if_digits(value: Any) -> Any:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


def merged_params(connector_params: JsonDict, own_params: JsonDict) -> JsonDict:
    """Connector params overlaid with a connection's own, the way connection examples show them.

    The seed's connection examples say `alm_title_format` where connectors say `title_format`,
    show `sde_min_priority` as an int where connectors hold a string, and always carry
    `alm_validate_cert`.
    """
    # GUESS: the server renames, coerces and defaults exactly the way the examples suggest.
    merged: JsonDict = {}
    for key, value in connector_params.items():
        merged["alm_title_format" if key == "title_format" else key] = value
    merged.setdefault("alm_validate_cert", True)
    for key, value in own_params.items():
        merged["alm_title_format" if key == "title_format" else key] = value
    if "sde_min_priority" in merged:
        merged["sde_min_priority"] = _as_int_if_digits(merged["sde_min_priority"])
    return merged


def in_order(params: JsonDict, order: Sequence[str]) -> JsonDict:
    """Params with the keys of `order` first, in that order, then the others as they were."""
    ordered = {key: params[key] for key in order if key in params}
    ordered.update((key, value) for key, value in params.items() if key not in ordered)
    return ordered


def own_params_from(params: JsonDict) -> JsonDict:
    """A request's params without the server-derived keys."""
    # GUESS: the server ignores derived keys a client echoes back (sde-api.md Q6).
    return {k: v for k, v in params.items() if k not in DERIVED_KEYS}


def merge_patch(current: JsonDict, patch: JsonDict) -> JsonDict:
    """PATCH semantics for params: key by key, a null value removing the key."""
    # GUESS: null removes the key (so a connection falls back to its connector's value).
    result = dict(current)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result
