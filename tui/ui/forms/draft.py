"""The draft: the copy the form was opened from (base), what the user has typed, and the diff.

security.md section 5.2: keep ``base``, edit a copy, send only what differs, compare the
changed fields with a fresh copy before writing. Secrets are never pre-filled: a secret field
holds an edit (keep, replace or clear), and only a replace or a clear is ever sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import SecretStr

from tui.api.vocab import ALM, Vocabulary
from tui.ui.forms.spec import PARAMS, FieldSpec, FormKind, FormLayout, Section, raw_spec
from tui.ui.forms.validation import (
    check_field,
    check_secret,
    control_error,
    field_warning,
    normalise_secret,
)
from tui.ui.forms.values import FormValue, describe, same_form, same_wire, to_form, to_wire

SecretAction = Literal["keep", "replace", "clear"]
FORM_LEVEL = ("non_field_errors", "detail", "error", "message")


@dataclass
class SecretEdit:
    """What the user did to a secret; the value is a ``SecretStr`` so tracebacks never show it."""

    was_set: bool
    action: SecretAction = "keep"
    value: SecretStr | None = None
    cleared: bool = False


@dataclass(frozen=True)
class DiffLine:
    path: str
    label: str
    old: str
    new: str
    secret: bool = False


@dataclass(frozen=True)
class Conflict:
    """A field both this user and someone else changed since the form was opened."""

    path: str
    label: str
    original: str
    theirs: str
    mine: str
    theirs_wire: Any = field(repr=False, default=None)


def flatten_errors(errors: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    """DRF error bodies as (path -> message, form-level messages); params errors nest."""
    by_path: dict[str, str] = {}
    general: list[str] = []

    def text(value: Any) -> str:
        if isinstance(value, list):
            return " ".join(text(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{k}: {text(v)}" for k, v in value.items())
        return str(value)

    for key, value in errors.items():
        if key in FORM_LEVEL:
            general.append(text(value))
        elif key == "params" and isinstance(value, dict):
            for param, messages in value.items():
                if param in FORM_LEVEL:
                    general.append(text(messages))
                else:
                    by_path[PARAMS + str(param)] = text(messages)
        else:
            by_path[str(key)] = text(value)
    return by_path, general


def snapshot(obj: Mapping[str, Any], top_level: Iterable[str]) -> dict[str, Any]:
    """An object's values by path: the named top-level fields and each param."""
    out = {name: obj.get(name) for name in top_level if name in obj}
    params = obj.get("params")
    if isinstance(params, dict):
        out.update({PARAMS + key: value for key, value in params.items()})
    return out


class Draft:
    """One form's state; the widgets read it and report keystrokes into it."""

    def __init__(
        self,
        kind: FormKind,
        object_id: int | None,
        layout: FormLayout,
        base: Mapping[str, Any],
        *,
        params_visible: bool = True,
        prefill_defaults: bool = False,
        prefill_params: bool = True,
        describers: Mapping[str, Callable[[Any], str]] | None = None,
        vocabulary: Vocabulary = ALM,
    ) -> None:
        self.kind = kind
        self.vocabulary = vocabulary
        """The names this form's object speaks (for messages; its keys are already in the specs)."""
        self.object_id = object_id
        self.layout = layout
        self.base: dict[str, Any] = dict(base)
        self.params_visible = params_visible
        self.describers = dict(describers or {})
        self.specs: dict[str, FieldSpec] = layout.specs()
        self.initial: dict[str, FormValue] = {}
        self.values: dict[str, FormValue] = {}
        self.secrets: dict[str, SecretEdit] = {}
        self.server_errors: dict[str, str] = {}
        self.form_errors: list[str] = []
        self.notices: list[str] = []
        for spec in self.specs.values():
            self._start(spec, prefill_defaults and (prefill_params or not spec.is_param))

    @property
    def creating(self) -> bool:
        return self.object_id is None

    def _start(self, spec: FieldSpec, prefill: bool) -> None:
        wire = self.base.get(spec.path)
        if spec.kind == "secret":
            self.secrets[spec.path] = SecretEdit(was_set=wire not in (None, ""))
            self.initial[spec.path] = self.values[spec.path] = ""
            return
        self.initial[spec.path] = to_form(spec, wire)
        start = wire
        if prefill and wire is None and spec.default is not None:
            start = spec.default
        self.values[spec.path] = to_form(spec, start)

    # ----------------------------------------------------------------- edits
    def set_value(self, path: str, value: FormValue) -> None:
        self.values[path] = value
        self.server_errors.pop(path, None)

    def type_secret(self, path: str, text: str) -> bool:
        """Record what was typed into a secret field; True when a pasted newline was cut."""
        value, cut = normalise_secret(text)
        edit = self.secrets[path]
        if value:
            edit.action, edit.value = "replace", SecretStr(value)
        else:
            edit.action, edit.value = ("clear" if edit.cleared else "keep"), None
        self.server_errors.pop(path, None)
        return cut

    def clear_secret(self, path: str, clear: bool = True) -> None:
        """The explicit 'clear this secret' action (or its undo)."""
        edit = self.secrets[path]
        edit.cleared = clear
        edit.action, edit.value = ("clear" if clear else "keep"), None
        self.server_errors.pop(path, None)

    def add_param(self, key: str, text: str, masked: frozenset[str] = frozenset()) -> str:
        """Add a param the form does not show yet; returns its path (ValueError if refused)."""
        key = key.strip()
        problem = control_error(key) if key else "A key is required"
        if problem is None and any(ch.isspace() for ch in key):
            problem = "No spaces in a key"
        if problem is None and PARAMS + key in self.specs:
            problem = f"{key} is already in the form"
        if problem:
            raise ValueError(problem)
        spec = raw_spec(key, None, masked=masked)
        raw = next((s for s in self.layout.sections if s.raw), None)
        if raw is None:
            raw = Section("Other parameters", (), raw=True)
            self.layout.sections.append(raw)
        index = self.layout.sections.index(raw)
        self.layout.sections[index] = Section(raw.title, (*raw.fields, spec), raw.note, True)
        self.specs[spec.path] = spec
        self._start(spec, False)
        if spec.kind == "secret":
            self.type_secret(spec.path, text)
        else:
            self.set_value(spec.path, text)
        return spec.path

    # ----------------------------------------------------------------- state
    def is_shown(self, path: str) -> bool:
        """False while another field's value hides this one (``FieldSpec.hidden_when``)."""
        rule = self.specs[path].hidden_when
        return rule is None or self.values.get(rule[0]) not in rule[1]

    def is_changed(self, path: str) -> bool:
        spec = self.specs[path]
        if spec.readonly or not self.is_shown(path):
            return False
        if spec.kind == "secret":
            return self.secrets[path].action != "keep"
        return not same_form(spec, self.values[path], self.initial[path])

    def changed_paths(self) -> list[str]:
        return [p for p in self.specs if self.is_changed(p)]

    @property
    def dirty(self) -> bool:
        return bool(self.changed_paths())

    def wire_value(self, path: str) -> Any:
        spec = self.specs[path]
        if spec.kind == "secret":
            edit = self.secrets[path]
            return edit.value.get_secret_value() if edit.value is not None else ""
        return to_wire(spec, self.values[path], self.base.get(path))

    def changes(self) -> dict[str, Any]:
        """Path -> value to send, for every changed field (top-level and params)."""
        return {path: self.wire_value(path) for path in self.changed_paths()}

    def body(self) -> dict[str, Any]:
        """The request body: on create every top-level field, otherwise only what changed."""
        body: dict[str, Any] = {}
        params: dict[str, Any] = {}
        for path, spec in self.specs.items():
            if spec.is_param:
                if self.is_changed(path):
                    params[spec.key] = self.wire_value(path)
            elif not spec.readonly and (self.creating or self.is_changed(path)):
                body[path] = self.wire_value(path)
        if "system" in body:
            body["system"] = {"id": body["system"]}
        if params or self.creating:
            body["params"] = params
        return body

    def _problem(self, path: str) -> str | None:
        spec = self.specs[path]
        if spec.kind == "secret":
            edit = self.secrets[path]
            typed = edit.value.get_secret_value() if edit.value is not None else None
            return check_secret(spec, was_set=edit.was_set, action=edit.action, typed=typed)
        base = self.base.get(path)
        base_type = type(base) if isinstance(base, (bool, int)) else None
        return check_field(spec, self.values[path], base_type=base_type)

    def errors(self) -> dict[str, str]:
        """Problems that block saving: any invalid value the user changed (all, on create)."""
        out: dict[str, str] = {}
        for path in self.specs:
            if not self.is_shown(path):
                continue
            problem = self._problem(path)
            if problem and (self.creating or self.is_changed(path)):
                out[path] = problem
        return out

    def warnings(self) -> dict[str, str]:
        """What does not block saving: problems in values the server already had and the user
        left alone, and advice on a value (plain http, D9) whoever set it."""
        out: dict[str, str] = {}
        for path, spec in self.specs.items():
            if spec.readonly or spec.kind == "secret" or not self.is_shown(path):
                continue
            advice = field_warning(spec, self.values[path])
            if advice:
                out[path] = advice
        if self.creating:
            return out
        for path in self.specs:
            if not self.is_shown(path):
                continue
            problem = self._problem(path)
            if problem and not self.is_changed(path) and not self.specs[path].readonly:
                out[path] = f"Server value: {problem}"
        return out

    def messages(self) -> dict[str, tuple[str, str]]:
        """What to show under each field: (severity, text), server errors first."""
        shown: dict[str, tuple[str, str]] = {p: ("warning", m) for p, m in self.warnings().items()}
        shown.update({p: ("error", m) for p, m in self.errors().items()})
        shown.update({p: ("error", m) for p, m in self.server_errors.items() if p in self.specs})
        return shown

    def problems(self) -> list[str]:
        """The fields (in form order) with an error, local or from the server."""
        bad = set(self.errors()) | set(self.server_errors)
        return [p for p in self.specs if p in bad]

    def first_problem(self) -> str | None:
        """The first field (in form order) with an error, local or from the server."""
        return next(iter(self.problems()), None)

    def apply_server_errors(self, errors: Mapping[str, Any]) -> None:
        """Put a 400's messages on the fields it names; the rest become form-level messages."""
        by_path, general = flatten_errors(errors)
        self.server_errors = {}
        self.form_errors = list(general)
        for path, message in by_path.items():
            if path in self.specs:
                self.server_errors[path] = message
            else:
                self.form_errors.append(f"{path}: {message}")

    # ------------------------------------------------------------- diff, etc.
    def _describe(self, path: str, wire: Any) -> str:
        describer = self.describers.get(path)
        if describer is not None and wire is not None:
            return describer(wire)
        return describe(self.specs[path], wire)

    def diff(self) -> list[DiffLine]:
        """field: old -> new for each change; a secret shows only that it changed."""
        lines = []
        paths = self.changed_paths()
        if self.creating:
            top = [p for p, s in self.specs.items() if not s.is_param and not s.readonly]
            paths = top + [p for p in paths if p not in top]
        for path in paths:
            spec = self.specs[path]
            old = "" if self.creating else self._describe(path, self.base.get(path))
            if spec.kind == "secret":
                new = "changed" if self.secrets[path].action == "replace" else "cleared"
                lines.append(DiffLine(path, spec.label, old, new, True))
            else:
                new = self._describe(path, self.wire_value(path))
                lines.append(DiffLine(path, spec.label, old, new))
        return lines

    def conflicts(self, fresh: Mapping[str, Any]) -> list[Conflict]:
        """Changed fields whose server value moved since the form opened (section 5.2 step 3)."""
        found = []
        for path in self.changed_paths():
            spec = self.specs[path]
            original, theirs = self.base.get(path), fresh.get(path)
            if same_wire(spec, original, theirs):
                continue
            if spec.kind == "secret":
                mine = "your new value" if self.secrets[path].action == "replace" else "cleared"
                found.append(
                    Conflict(path, spec.label, describe(spec, original), "changed", mine, theirs)
                )
            else:
                found.append(
                    Conflict(
                        path,
                        spec.label,
                        self._describe(path, original),
                        self._describe(path, theirs),
                        self._describe(path, self.wire_value(path)),
                        theirs,
                    )
                )
        return found

    def resolve(self, conflict: Conflict, take: Literal["mine", "theirs"]) -> None:
        """Accept the server's value as the new base; 'theirs' also drops the user's edit."""
        spec = self.specs[conflict.path]
        self.base[conflict.path] = conflict.theirs_wire
        if spec.kind == "secret":
            edit = self.secrets[conflict.path]
            edit.was_set = conflict.theirs_wire not in (None, "")
            if take == "theirs":
                edit.action, edit.value, edit.cleared = "keep", None, False
            return
        self.initial[conflict.path] = to_form(spec, conflict.theirs_wire)
        if take == "theirs":
            self.values[conflict.path] = self.initial[conflict.path]

    def outcome(self, fresh: Mapping[str, Any], sent: Mapping[str, Any]) -> dict[str, str]:
        """For each sent path: 'applied', 'not applied', 'other' or 'unknown' (secret not shown)."""
        result = {}
        for path, value in sent.items():
            spec = self.specs[path]
            got = fresh.get(path)
            if spec.kind == "secret" and not isinstance(got, str):
                result[path] = "unknown"
            elif same_wire(spec, got, value):
                result[path] = "applied"
            elif same_wire(spec, got, self.base.get(path)):
                result[path] = "not applied"
            else:
                result[path] = "other"
        return result

    def mismatches(self, saved: Mapping[str, Any], sent: Mapping[str, Any]) -> list[str]:
        """After a 2xx: sent fields the server does not show with the sent value (step 5)."""
        out = []
        for path, state in self.outcome(saved, sent).items():
            if state in ("applied", "unknown"):
                continue
            spec = self.specs[path]
            if spec.kind == "secret":
                out.append(f"{spec.label}: the server did not keep the new value")
            else:
                got = self._describe(path, saved.get(path))
                out.append(f"{spec.label}: the server shows {got}")
        return out

    def held(self, saved: Mapping[str, Any], sent: Iterable[str]) -> list[str]:
        """'label: value' as the server holds each sent field (secrets: the server hides them)."""
        return [
            f"{self.specs[path].label}: {self._describe(path, saved.get(path))}"
            for path in sent
            if self.specs[path].kind != "secret"
        ]

    def effective_params(self) -> dict[str, Any]:
        """Params as they would be after saving (for a test with the unsaved values)."""
        params = {
            path[len(PARAMS) :]: value
            for path, value in self.base.items()
            if path.startswith(PARAMS)
        }
        for path in self.changed_paths():
            spec = self.specs[path]
            if spec.is_param:
                params[spec.key] = self.wire_value(path)
        return params

    def carry_over(self, old: Draft) -> None:
        """Keep what the user typed in ``old`` for every field this draft also has."""
        for path in old.changed_paths():
            if path not in self.specs or self.specs[path].kind != old.specs[path].kind:
                continue
            if self.specs[path].kind == "secret":
                self.secrets[path].action = old.secrets[path].action
                self.secrets[path].value = old.secrets[path].value
                self.secrets[path].cleared = old.secrets[path].cleared
            else:
                self.values[path] = old.values[path]
