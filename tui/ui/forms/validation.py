"""Rules checked as the user types (security.md section 6 group D, sde-api.md sections 4 and 6).

Each check returns a message for the field, or None. Messages state the accepted grammar so the
user can fix the value without guessing.
"""

from __future__ import annotations

import re

from tui.api.vocab import is_tracker_param
from tui.ui.forms.spec import PRIORITY, FieldSpec, is_title_format
from tui.ui.forms.values import FormValue, split_items

_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_SIGNED_DIGITS = re.compile(r"-?[0-9]+", re.ASCII)
# A host name (letters of any script, digits, dots, hyphens, underscores) or a bracketed IPv6
# address, then an optional :port. Anything else (``javascript:alert(1)//x``, a path) is refused.
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_HOST = re.compile(rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{{1,5}})?")
HOST_RULE = "letters, digits, dots and hyphens, with an optional :port (e.g. jira.example.com:8443)"
PRIORITY_RANGE = (1, 10)
PRIORITY_RULE = "a whole number from 1 to 10, ASCII digits only (no sign, spaces or separators)"


def control_error(value: str) -> str | None:
    """Control, bidi and invisible characters are refused: they hide what a value really is."""
    found = _CONTROL.search(value)
    if found is None:
        return None
    char = found.group()
    return (
        f"Contains an invisible or control character (U+{ord(char):04X}) at position "
        f"{found.start() + 1}; remove it"
    )


def priority_error(value: str) -> str | None:
    """``sde_min_priority``: D3-D5, so ``"٣"``, ``"1_000"``, ``" 5 "``, ``"+5"`` all fail."""
    if not _DIGITS.fullmatch(value):
        return f"Must be {PRIORITY_RULE}"
    low, high = PRIORITY_RANGE
    if len(value) > 3 or not low <= int(value) <= high:
        return f"Out of range: must be from {low} to {high}"
    return None


def title_error(value: str) -> str | None:
    missing = [token for token in ("$task_id", "$title") if token not in value]
    if missing:
        return "Must contain $task_id and $title (missing " + " and ".join(missing) + ")"
    return None


def server_host_error(value: str) -> str | None:
    if "://" in value:
        return "Host name only, without https:// (the protocol is a separate field)"
    if "@" in value:
        return "No user name or password in the server field"
    if any(ch.isspace() for ch in value):
        return "No spaces in a host name"
    if not _HOST.fullmatch(value):
        return f"Not a host name: use {HOST_RULE}"
    return None


def field_warning(spec: FieldSpec, value: FormValue) -> str | None:
    """Advice that never blocks saving (security.md D9: warn when the tracker is reached over
    http)."""
    if is_tracker_param(spec.key, "method") and str(value or "").strip().lower() == "http":
        return "Plain http: the issue tracker's credentials and data cross the network unencrypted"
    return None


def normalise_secret(text: str) -> tuple[str, bool]:
    """Secrets are never trimmed, except one trailing newline left by a paste (True if cut)."""
    for ending in ("\r\n", "\n"):
        if text.endswith(ending):
            return text[: -len(ending)], True
    return text, False


def check_field(spec: FieldSpec, value: FormValue, *, base_type: type | None = None) -> str | None:
    """The problem with one field's value, ignoring secrets (see ``check_secret``)."""
    if spec.readonly or spec.kind == "secret":
        return None
    if spec.kind == "bool":
        return None
    if spec.kind == "picker" or spec.integer_value:
        return "Required" if spec.required and value is None else None
    text = "" if value is None else str(value)
    if spec.trim:
        text = text.strip()
    problem = control_error(text)
    if problem:
        return problem
    if text == "":
        if spec.required:
            return "Required"
        if spec.key == PRIORITY:
            return f"Must be {PRIORITY_RULE}"
        if is_title_format(spec.key):
            return title_error(text)
        return None
    if spec.max_length is not None and len(text) > spec.max_length:
        return f"At most {spec.max_length} characters (now {len(text)})"
    if spec.key == PRIORITY:
        return priority_error(text)
    if is_title_format(spec.key):
        return title_error(text)
    if is_tracker_param(spec.key, "server"):
        return server_host_error(text)
    if spec.kind == "choice":
        allowed = spec.option_values()
        if text not in allowed:
            return f'"{text}" is not one of: ' + ", ".join(allowed)
    if spec.kind == "multi":
        allowed = spec.option_values()
        bad = [item for item in split_items(text) if item not in allowed]
        if bad:
            return f'"{bad[0]}" is not one of: ' + ", ".join(allowed)
    if spec.kind in ("raw", "integer"):
        if base_type is int and not _SIGNED_DIGITS.fullmatch(text):
            return "Must be a whole number in ASCII digits (the server stores a number)"
        if base_type is bool and text.lower() not in ("true", "false"):
            return "Must be true or false (the server stores a boolean)"
    return None


def check_secret(spec: FieldSpec, *, was_set: bool, action: str, typed: str | None) -> str | None:
    """A required secret must stay set; a typed secret must hold no control characters."""
    if action == "replace" and typed is not None:
        return control_error(typed)
    if spec.required and (action == "clear" or not was_set):
        return "Required: type a value"
    return None
