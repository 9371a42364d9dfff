"""Converting between what the server sends (wire values) and what a form field holds.

A form holds ``str`` for text-like fields, ``bool`` for switches and ``int | None`` for pickers.
Going back to the wire keeps the type the server used (``7`` stays an int, ``"7"`` a string).
"""

from __future__ import annotations

import json
import re
from typing import Any

from tui.ui.forms.spec import FieldSpec

FormValue = str | bool | int | None

_ASCII_INT = re.compile(r"-?[0-9]+", re.ASCII)
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def split_items(value: str) -> list[str]:
    """A comma-joined list as its items, blanks dropped."""
    return [part.strip() for part in value.split(",") if part.strip()]


def as_bool(value: Any, default: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    if isinstance(value, int):
        return value != 0
    return default


def to_form(spec: FieldSpec, wire: Any) -> FormValue:
    """What the field shows for a server value (``None`` means the key is absent)."""
    if spec.kind == "bool":
        default = as_bool(spec.default, False) if spec.default is not None else False
        return as_bool(wire, default) if wire is not None else default
    if spec.kind == "picker" or spec.integer_value:
        if isinstance(wire, bool) or wire is None:
            return None
        if isinstance(wire, int):
            return wire
        text = str(wire)
        return int(text) if _ASCII_INT.fullmatch(text) else None
    if spec.kind == "secret":
        return ""
    if wire is None:
        return ""
    if isinstance(wire, bool):
        return "true" if wire else "false"
    if isinstance(wire, (dict, list)):
        return json.dumps(wire, ensure_ascii=False, sort_keys=True)
    if spec.kind == "multi" and isinstance(wire, str):
        return ",".join(split_items(wire))
    return str(wire)


def same_form(spec: FieldSpec, a: FormValue, b: FormValue) -> bool:
    """Equal as the user means it: lists ignore order, trimmed fields ignore outer spaces."""
    if spec.kind == "multi" and isinstance(a, str) and isinstance(b, str):
        return set(split_items(a)) == set(split_items(b))
    if spec.trim and isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return a == b


def same_wire(spec: FieldSpec, a: Any, b: Any) -> bool:
    """Two server values that mean the same thing for this field (``7`` and ``"7"`` do)."""
    if spec.kind == "secret":
        return (a or None) == (b or None)
    return same_form(spec, to_form(spec, a), to_form(spec, b))


def to_wire(spec: FieldSpec, form: FormValue, base: Any) -> Any:
    """The value to send for what the field holds, in the type the server used for it."""
    if spec.kind == "picker" or spec.integer_value:
        return form
    if spec.kind == "bool":
        flag = bool(form)
        if isinstance(base, str):
            text = "true" if flag else "false"
            return text.capitalize() if base[:1].isupper() else text
        return flag
    text = "" if form is None else str(form)
    if spec.trim:
        text = text.strip()
    if spec.kind == "multi":
        return ",".join(split_items(text))
    if isinstance(base, bool):
        lowered = text.strip().lower()
        return lowered in _TRUE if lowered in _TRUE | _FALSE else text
    if isinstance(base, int) and _ASCII_INT.fullmatch(text):
        return int(text)
    if isinstance(base, float):
        try:
            return float(text)
        except ValueError:
            return text
    return text


def describe(spec: FieldSpec, wire: Any) -> str:
    """A server value as the diff and conflict views show it (never a secret's value)."""
    if spec.kind == "secret":
        return "set" if wire not in (None, "") else "not set"
    if wire is None:
        return "(not set)"
    if spec.kind == "bool":
        return "on" if as_bool(wire) else "off"
    if spec.options and spec.kind == "choice":
        for option in spec.options:
            if option.value == str(wire) and option.label != option.value:
                return f"{wire} ({option.label})"
    if isinstance(wire, str):
        return f'"{wire}"' if wire == "" or wire != wire.strip() else wire
    return json.dumps(wire, ensure_ascii=False) if isinstance(wire, (dict, list)) else str(wire)
