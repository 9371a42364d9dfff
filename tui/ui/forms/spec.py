"""What a form field is: its path, kind, label, help, options and rules, from a plugin schema.

Paths name top-level fields (``alias``) and params (``params.sde_min_priority``), so server errors,
diffs and conflicts all speak the same language as the widgets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from tui.api.models import Plugin, PluginField
from tui.api.secrets import is_secret_key
from tui.api.vocab import (
    DERIVED_KEYS,
    Vocabulary,
    is_tracker_param,
    key_in,
    param_suffix,
    with_every_name,
)

FieldKind = Literal["text", "secret", "choice", "multi", "bool", "integer", "raw", "picker"]
FormKind = Literal["connector", "connection"]

PARAMS = "params."
PRIORITY = "sde_min_priority"

AUTH_MODES: dict[str, tuple[str, tuple[str, ...]]] = {
    "basic": ("Username and password", ("user", "pass")),
    "api_token": ("API token", ("api_token",)),
}
"""Each documented ``<prefix>auth_mode`` value: its label and the credential params it uses."""


def is_title_format(key: str) -> bool:
    """Connectors' ``title_format`` or connections' ``<prefix>title_format``: both need $task_id
    and $title."""
    return key == "title_format" or is_tracker_param(key, "title_format")


@dataclass(frozen=True)
class Option:
    label: str
    value: str
    disabled: bool = False


@dataclass(frozen=True)
class FieldSpec:
    """One editable (or shown read-only) value of a form."""

    path: str
    label: str
    kind: FieldKind = "text"
    help: str = ""
    required: bool = False
    default: Any = None
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    readonly: bool = False
    trim: bool = False
    integer_value: bool = False
    placeholder: str = ""
    hidden_when: tuple[str, tuple[str, ...]] | None = None
    """(path, values): the field is hidden, and neither checked nor sent, while that field holds
    one of the values (credentials another authentication method uses)."""

    @property
    def is_param(self) -> bool:
        return self.path.startswith(PARAMS)

    @property
    def key(self) -> str:
        """The param key (or the top-level field name)."""
        return self.path[len(PARAMS) :] if self.is_param else self.path

    def option_values(self) -> list[str]:
        return [o.value for o in self.options if not o.disabled]


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[FieldSpec, ...]
    note: str = ""
    raw: bool = False


@dataclass
class FormLayout:
    """The sections of one form, in order; ``source`` says where the param fields came from."""

    sections: list[Section] = field(default_factory=list)
    source: Literal["schema", "catalogue", "none"] = "schema"

    def specs(self) -> dict[str, FieldSpec]:
        return {f.path: f for s in self.sections for f in s.fields}


def param_path(key: str) -> str:
    return PARAMS + key


def _text_or_none(value: object) -> str:
    return "" if value is None else str(value)


def form_key(
    name: str, params: Mapping[str, Any] | None, vocabulary: Vocabulary, *, form: FormKind
) -> str:
    """The param key a form edits for a schema field: a tracker param under the name the object
    already uses (either vocabulary), else under the form's vocabulary; others as named."""
    if form == "connection" and name == "title_format":
        name = vocabulary.title_format_connection  # connections show the connector's under this
    suffix = param_suffix(name)
    return key_in(params, suffix, vocabulary) if suffix is not None else name


def spec_from_plugin_field(
    pf: PluginField,
    *,
    form: FormKind,
    masked: frozenset[str],
    key: str | None = None,
) -> FieldSpec:
    """A form field for one schema field (edited as ``key``, by default its own name), with the
    rules sde-api.md section 6 adds by name."""
    key = key or pf.name
    options = tuple(
        Option(o.label or _text_or_none(o.value), _text_or_none(o.value), o.disabled)
        for o in pf.options
    )
    ftype = pf.field_type
    kind: FieldKind
    if ftype == "masked_string" or is_secret_key(key, masked):
        kind = "secret"
    elif ftype == "boolean":
        kind = "bool"
    elif ftype == "checkbox":
        kind = "multi"
    elif ftype in ("select", "radio") and options and not is_title_format(key):
        kind = "choice"
    elif key == PRIORITY:
        kind = "integer"
    else:
        kind = "text"
    # A project-scope field is a per-connection value: connectors may leave it empty.
    project_only = "project" in pf.scope and "system" not in pf.scope
    required = pf.required and not (form == "connector" and project_only)
    max_length = pf.max_length
    if is_tracker_param(key, "project"):
        max_length = min(max_length or 255, 255)
    help_parts = [pf.help_text or pf.description or ""]
    if is_title_format(key) and options:
        help_parts.append(
            "Must contain $task_id and $title, e.g. " + " | ".join(o.value for o in options[:2])
        )
    return FieldSpec(
        path=param_path(key),
        label=pf.label or key,
        kind=kind,
        help=join_help(help_parts),
        required=required,
        default=pf.default,
        options=options if kind in ("choice", "multi") else (),
        max_length=max_length,
        readonly=pf.readonly,
        placeholder=pf.placeholder or "",
    )


def join_help(parts: list[str]) -> str:
    """The parts of a field's help, each said once (a part another one repeats is left out)."""
    kept: list[str] = []
    for part in (p.strip() for p in parts):
        if not part or any(part.rstrip(". ") in other for other in kept):
            continue
        kept = [other for other in kept if other.rstrip(". ") not in part]
        kept.append(part)
    return " ".join(kept)


def raw_spec(key: str, value: Any, *, masked: frozenset[str]) -> FieldSpec:
    """A param neither the schema nor the catalogue knows: edited as text, its type kept."""
    derived = key in DERIVED_KEYS
    nested = isinstance(value, (dict, list))
    if is_secret_key(key, masked):
        return FieldSpec(param_path(key), key, "secret")
    note = "set by the server" if derived else "nested value: read-only here" if nested else ""
    return FieldSpec(param_path(key), key, "raw", help=note, readonly=derived or nested)


def plugin_layout(
    plugin: Plugin, params: Mapping[str, Any] | None, *, form: FormKind, vocabulary: Vocabulary
) -> FormLayout:
    """Sections from a plugin schema, plus a raw section for params it does not name.

    The schema says which fields there are; a tracker param is edited under the object's own
    name for it (``form_key``), whichever vocabulary the schema spoke.
    """
    masked = with_every_name(plugin.masked_fields())
    sections: list[Section] = []
    known: set[str] = set()
    for index, section in enumerate(plugin.sections):
        fields = []
        for pf in section.fields:
            key = form_key(pf.name, params, vocabulary, form=form)
            if pf.deprecated and (params is None or key not in params):
                continue
            spec = spec_from_plugin_field(pf, form=form, masked=masked, key=key)
            if spec.path in known:
                continue
            known.add(spec.path)
            fields.append(spec)
        if fields:
            title = section.label or ("Project" if index == 0 else f"Section {index + 1}")
            note = "optional" if section.optional else ""
            sections.append(Section(title, tuple(fields), note))
    layout = FormLayout(sections, "schema")
    add_raw_section(layout, params, masked)
    return with_auth_mode(layout)


def with_auth_mode(layout: FormLayout) -> FormLayout:
    """Hide the credentials the chosen ``<prefix>auth_mode`` does not use (both sets show while
    it is unset or holds a value this console does not know)."""
    specs = layout.specs()
    mode_path = next((p for p, s in specs.items() if is_tracker_param(s.key, "auth_mode")), None)
    if mode_path is None:
        return layout

    def rule(spec: FieldSpec) -> FieldSpec:
        suffix = param_suffix(spec.key) if spec.is_param else None
        used_by = [mode for mode, (_, used) in AUTH_MODES.items() if suffix in used]
        if not used_by:
            return spec
        others = tuple(mode for mode in AUTH_MODES if mode not in used_by)
        return replace(spec, hidden_when=(mode_path, others))

    layout.sections = [
        replace(section, fields=tuple(rule(spec) for spec in section.fields))
        for section in layout.sections
    ]
    return layout


def add_raw_section(
    layout: FormLayout, params: Mapping[str, Any] | None, masked: frozenset[str]
) -> None:
    """Append 'Other parameters' for every param the layout does not already show."""
    known = layout.specs()
    extra = [
        raw_spec(key, value, masked=masked)
        for key, value in sorted((params or {}).items())
        if param_path(key) not in known
    ]
    layout.sections.append(
        Section(
            "Other parameters",
            tuple(extra),
            "Params the schema does not describe; kept and editable.",
            raw=True,
        )
    )


def with_required(spec: FieldSpec, required: bool) -> FieldSpec:
    return replace(spec, required=required)


def choice_options(pairs: Iterable[tuple[str, str]]) -> tuple[Option, ...]:
    return tuple(Option(label, value) for label, value in pairs)
