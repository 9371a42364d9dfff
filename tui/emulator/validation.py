"""DRF-style validation of request bodies: field-keyed lists of messages, params nested.

Messages are Django REST Framework's defaults wherever DRF would produce them.
Param errors nest under "params": {"params": {"alm_server": ["This field is required."]}}.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.emulator.json_types import FieldErrors, JsonDict
from tui.emulator.plugins import schema_fields

FREQUENCIES = ("manually", "hourly", "daily", "weekly", "monthly")
REQUIRED = "This field is required."
NULL = "This field may not be null."
BLANK = "This field may not be blank."
_TRUE = {"true", "t", "yes", "y", "on", "1"}
_FALSE = {"false", "f", "no", "n", "off", "0"}
_LIST_CHOICES = {
    "sde_statuses_in_scope": ("TODO", "DONE", "NA"),
    "alm_phases": ("requirements", "architecture-design", "development", "testing"),
    "sde_verification_filter": ("none", "partial", "pass", "fail"),
}


class Invalid(Exception):
    """One field's messages, or a nested serializer's error dict."""

    def __init__(self, *messages: str, nested: FieldErrors | None = None) -> None:
        super().__init__(*messages)
        self.detail: list[str] | FieldErrors = nested if nested is not None else list(messages)


def invalid_choice(value: Any) -> str:
    return f'"{value}" is not a valid choice.'


def _type_name(value: Any) -> str:
    return {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict"}.get(
        type(value), type(value).__name__
    )


def char(value: Any) -> str:
    if value is None:
        raise Invalid(NULL)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid("Not a valid string.")
    text = str(value).strip()
    if not text:
        raise Invalid(BLANK)
    return text


def boolean(value: Any) -> bool:
    if value is None:
        raise Invalid(NULL)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise Invalid("Must be a valid boolean.")


def choice(value: Any, choices: tuple[str, ...]) -> str:
    if value is None:
        raise Invalid(NULL)
    if not isinstance(value, str) or value not in choices:
        raise Invalid(invalid_choice(value))
    return value


def pk(value: Any, store: Mapping[int, Any]) -> int:
    """A primary key that must name an existing object (DRF PrimaryKeyRelatedField)."""
    if value is None:
        raise Invalid(NULL)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise Invalid(f"Incorrect type. Expected pk value, received {_type_name(value)}.")
    try:
        key = int(value)
    except ValueError:
        raise Invalid(f"Incorrect type. Expected pk value, received {_type_name(value)}.") from None
    if key not in store:
        raise Invalid(f'Invalid pk "{value}" - object does not exist.')
    return key


def dictionary(value: Any) -> JsonDict:
    if value is None:
        raise Invalid(NULL)
    if not isinstance(value, dict):
        raise Invalid(f'Expected a dictionary of items but got type "{_type_name(value)}".')
    return value


class Collector:
    """Gathers every field's errors before failing, as a DRF serializer does."""

    def __init__(self) -> None:
        self.errors: FieldErrors = {}

    def take(self, body: JsonDict, name: str, check: Any, *args: Any, required: bool) -> Any:
        """Validated value of body[name]; None when absent (and recorded if required)."""
        if name not in body:
            if required:
                self.errors[name] = [REQUIRED]
            return None
        try:
            return check(body[name], *args)
        except Invalid as exc:
            self.errors[name] = exc.detail
            return None


def _priority(value: Any) -> None:
    if isinstance(value, bool):
        raise Invalid("A valid integer is required.")
    if isinstance(value, str) and value.isascii() and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int):
        raise Invalid("A valid integer is required.")
    if not 1 <= value <= 10:
        raise Invalid("Ensure this value is between 1 and 10.")


def _comma_list(value: Any, choices: tuple[str, ...]) -> None:
    if not isinstance(value, str):
        raise Invalid("Not a valid string.")
    for item in (part.strip() for part in value.split(",")):
        if item and item not in choices:
            raise Invalid(invalid_choice(item))


def _title(value: Any) -> None:
    if not isinstance(value, str):
        raise Invalid("Not a valid string.")
    # GUESS: message wording; the rule itself comes from sdetools' title-format validation.
    if "$task_id" not in value or "$title" not in value:
        raise Invalid("The title format must contain $task_id and $title.")


def _by_schema(spec: JsonDict, value: Any) -> None:
    kind = spec["field_type"]
    if kind == "boolean":
        boolean(value)
        return
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid("Not a valid string.")
    if kind in ("radio", "select") and spec["options"]:
        if str(value) not in {o["value"] for o in spec["options"]}:
            raise Invalid(invalid_choice(value))
    max_length = spec["max_length"]
    if max_length is not None and len(str(value)) > max_length:
        raise Invalid(f"Ensure this field has no more than {max_length} characters.")


def param_errors(system_id: str, params: JsonDict, *, whole_connection: bool) -> FieldErrors:
    """Problems with a system's params; `whole_connection` also requires project-scope fields."""
    # GUESS: callers nest these under "params"; the real shape is unknown (sde-api.md Q4).
    # GUESS: a required field with a schema default (alm_method) may be omitted, as the seed's
    # GitHub test example omits alm_method and succeeds.
    errors: FieldErrors = {}
    fields = schema_fields(system_id)
    for name, spec in fields.items():
        needed = spec["required"] and (whole_connection or "project" not in spec["scope"])
        value = params.get(name)
        if needed and (value is None or value == "") and spec["default"] is None:
            errors[name] = [REQUIRED if value is None else BLANK]
    for name, value in params.items():
        if name in errors or value is None:
            continue
        try:
            if name == "sde_min_priority":
                _priority(value)
            elif name in _LIST_CHOICES:
                _comma_list(value, _LIST_CHOICES[name])
            elif name in ("title_format", "alm_title_format"):
                _title(value)
            elif name == "conflict_policy":
                choice(value, ("alm", "sde", "timestamp"))
            elif name in fields:
                _by_schema(fields[name], value)
            elif name == "alm_project" and len(str(value)) > 255:
                raise Invalid("Ensure this field has no more than 255 characters.")
        except Invalid as exc:
            errors[name] = exc.detail
    title = params.get("alm_title_format", params.get("title_format"))
    if isinstance(title, str) and "$context" in title and not params.get("alm_context"):
        errors.setdefault(
            "alm_context", ["This field is required when the title format uses $context."]
        )
    return errors
