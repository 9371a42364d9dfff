"""What a form field is: its path, kind, label, help, options and rules, from a plugin schema.

Paths name top-level fields (``alias``) and params (``params.alm_server``), so server errors,
diffs and conflicts all speak the same language as the widgets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from tui.api.models import Plugin, PluginField
from tui.api.secrets import is_secret_key

FieldKind = Literal["text", "secret", "choice", "multi", "bool", "integer", "raw", "picker"]
FormKind = Literal["connector", "connection"]

PARAMS = "params."
TITLE_FORMATS = ("title_format", "alm_title_format")
PRIORITY = "sde_min_priority"
# Keys the server derives from the linked project (sde-api.md section 6.1): shown, never sent.
DERIVED_KEYS = frozenset(
    {
        "sde_project",
        "sde_application",
        "sde_businessunit",
        "alm_reference_context",
        "session_capture_socket",
        "last_successful_run",
    }
)


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


def spec_from_plugin_field(pf: PluginField, *, form: FormKind, masked: frozenset[str]) -> FieldSpec:
    """A form field for one schema field, with the rules sde-api.md section 6 adds by name."""
    key = pf.name
    if form == "connection" and key == "title_format":
        key = "alm_title_format"  # connections show the connector's title_format under this name
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
    elif ftype in ("select", "radio") and options and key not in TITLE_FORMATS:
        kind = "choice"
    elif key == PRIORITY:
        kind = "integer"
    else:
        kind = "text"
    # A project-scope field is a per-connection value: connectors may leave it empty.
    project_only = "project" in pf.scope and "system" not in pf.scope
    required = pf.required and not (form == "connector" and project_only)
    max_length = pf.max_length
    if key == "alm_project":
        max_length = min(max_length or 255, 255)
    help_parts = [pf.help_text or pf.description or ""]
    if key in TITLE_FORMATS and options:
        help_parts.append(
            "Must contain $task_id and $title, e.g. " + " | ".join(o.value for o in options[:2])
        )
    return FieldSpec(
        path=param_path(key),
        label=pf.label or key,
        kind=kind,
        help=" ".join(p for p in help_parts if p).strip(),
        required=required,
        default=pf.default,
        options=options if kind in ("choice", "multi") else (),
        max_length=max_length,
        readonly=pf.readonly,
        placeholder=pf.placeholder or "",
    )


def raw_spec(key: str, value: Any, *, masked: frozenset[str]) -> FieldSpec:
    """A param neither the schema nor the catalogue knows: edited as text, its type kept."""
    derived = key in DERIVED_KEYS
    nested = isinstance(value, (dict, list))
    if is_secret_key(key, masked):
        return FieldSpec(param_path(key), key, "secret")
    note = "set by the server" if derived else "nested value: read-only here" if nested else ""
    return FieldSpec(param_path(key), key, "raw", help=note, readonly=derived or nested)


def plugin_layout(
    plugin: Plugin, params: Mapping[str, Any] | None, *, form: FormKind
) -> FormLayout:
    """Sections from a plugin schema, plus a raw section for params it does not name."""
    masked = plugin.masked_fields()
    sections: list[Section] = []
    known: set[str] = set()
    for index, section in enumerate(plugin.sections):
        fields = []
        for pf in section.fields:
            if pf.deprecated and (params is None or pf.name not in params):
                continue
            spec = spec_from_plugin_field(pf, form=form, masked=masked)
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
