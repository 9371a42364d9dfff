"""Drafts for connectors and connections: their top-level fields, and their params layout."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tui.api.models import FREQUENCIES, Connection, Connector, Plugin
from tui.api.vocab import ALM, ApiFamily, Vocabulary, vocabulary_for, vocabulary_of
from tui.ui.forms.catalogue import catalogue_layout
from tui.ui.forms.draft import Draft, snapshot
from tui.ui.forms.spec import FieldSpec, FormKind, FormLayout, Option, Section, plugin_layout

CONNECTOR_FIELDS = ("name", "system", "inaccessible")
CONNECTION_FIELDS = ("alias", "connector", "project", "frequency", "debug_mode")


def no_params_note(vocabulary: Vocabulary) -> str:
    return (
        f"No permission to view parameters (needs {vocabulary.permission_text()}): editing them "
        "is disabled, so nothing blank is ever sent."
    )


def form_vocabulary(
    params: Mapping[str, Any] | None,
    family: ApiFamily | None,
    *,
    creating: bool,
    plugin: Plugin | None = None,
    spoken: Vocabulary | None = None,
) -> Vocabulary:
    """The names a form uses. Editing: the object's own (then the server's family). Creating:
    the connector's (``params``), then those the server's objects are ``spoken`` in, then the
    family's; before it is known, the schema's."""
    if not creating:
        return vocabulary_for(params, family)
    # What the server answers in beats its paths' family: an /alm/ alias on a current server
    # answers (and is best sent) issue_tracker_* names.
    found = vocabulary_of(params) or spoken
    if found is not None:
        return found
    if family is not None:
        return family.vocabulary
    schema = vocabulary_of(dict.fromkeys(f.name for f in plugin.fields())) if plugin else None
    return schema or ALM


def params_layout(
    plugin: Plugin | None,
    params: Mapping[str, Any] | None,
    form: FormKind,
    vocabulary: Vocabulary,
) -> FormLayout:
    """The plugin's sections when there is a schema, else the built-in catalogue."""
    if plugin is not None and plugin.sections:
        return plugin_layout(plugin, params, form=form, vocabulary=vocabulary)
    return catalogue_layout(params, form=form, vocabulary=vocabulary)


def connector_values(connector: Connector) -> dict[str, Any]:
    return snapshot(
        {
            "name": connector.name,
            "system": connector.system.id,
            "inaccessible": connector.inaccessible,
            "params": connector.params,
        },
        CONNECTOR_FIELDS,
    )


def connection_values(connection: Connection) -> dict[str, Any]:
    return snapshot(
        {
            "alias": connection.alias,
            "connector": connection.connector,
            "project": connection.project,
            "frequency": connection.frequency,
            "debug_mode": connection.debug_mode,
            "params": connection.params,
        },
        CONNECTION_FIELDS,
    )


def inherited_params(
    connector_params: Mapping[str, Any] | None, vocabulary: Vocabulary
) -> dict[str, Any]:
    """A connector's params as a new connection on it reads them (``title_format`` renamed to
    the connection's name for it in ``vocabulary``)."""
    return {
        (vocabulary.title_format_connection if key == "title_format" else key): value
        for key, value in (connector_params or {}).items()
    }


CHOOSE_CONNECTOR_NOTE = "Choose a connector: its parameters are the starting point."
CHOOSE_SYSTEM_NOTE = "Choose a system: its schema decides which parameters there are."


def _with_params(top: Section, layout: FormLayout, params_visible: bool, note: str) -> FormLayout:
    if not params_visible:
        return FormLayout([top, Section("Parameters", (), note)], "none")
    return FormLayout([top, *layout.sections], layout.source)


def connector_draft(
    connector: Connector | None,
    plugin: Plugin | None,
    *,
    systems: Sequence[tuple[str, str]] = (),
    system_id: str | None = None,
    family: ApiFamily | None = None,
    spoken: Vocabulary | None = None,
) -> Draft:
    """Edit ``connector``, or create one of ``system_id`` (systems: (label, id) choices);
    ``spoken``: the names the server's objects use, if any is known."""
    creating = connector is None
    base = {} if connector is None else connector_values(connector)
    params = None if connector is None else connector.params
    visible = (system_id is not None) if creating else params is not None
    vocabulary = form_vocabulary(
        params, family, creating=creating, plugin=plugin, spoken=spoken
    )
    if creating:
        system = FieldSpec(
            "system",
            "System",
            "choice",
            required=True,
            options=tuple(Option(label, value) for label, value in systems),
            help="The issue tracker this connector talks to; it cannot be changed later",
        )
        base = {}
    else:
        system = FieldSpec("system", "System", readonly=True, help="Cannot be changed")
    top = Section(
        "Connector",
        (
            FieldSpec("name", "Name", required=True, trim=True, max_length=255),
            system,
            FieldSpec(
                "inaccessible",
                "Inaccessible from SD Elements (syncs run through the remote integration client)",
                "bool",
                default=False,
            ),
        ),
    )
    note = CHOOSE_SYSTEM_NOTE if creating and system_id is None else no_params_note(vocabulary)
    layout = params_layout(plugin, params, "connector", vocabulary)
    draft = Draft(
        "connector",
        None if connector is None else connector.id,
        _with_params(top, layout, visible, note),
        base,
        params_visible=visible,
        prefill_defaults=creating,
        vocabulary=vocabulary,
    )
    if creating and system_id:
        draft.set_value("system", system_id)
    return draft


def connection_draft(
    connection: Connection | None,
    plugin: Plugin | None,
    *,
    connectors: Sequence[tuple[str, int]],
    connector_id: int | None = None,
    connector_params: Mapping[str, Any] | None = None,
    describers: Mapping[str, Callable[[Any], str]] | None = None,
    family: ApiFamily | None = None,
    spoken: Vocabulary | None = None,
) -> Draft:
    """Edit ``connection``, or create one whose params start from its connector's."""
    creating = connection is None
    own = connector_params if connection is None else connection.params
    vocabulary = form_vocabulary(own, family, creating=creating, plugin=plugin, spoken=spoken)
    if connection is None:
        params = (
            inherited_params(connector_params, vocabulary) if connector_params is not None else None
        )
        base: dict[str, Any] = snapshot({"params": params}, ())
        base["connector"] = connector_id
        visible = connector_params is not None
        frequency = None
    else:
        params = connection.params
        base = connection_values(connection)
        visible = params is not None
        frequency = connection.frequency
    options = [Option(value, value) for value in FREQUENCIES]
    if frequency and frequency not in FREQUENCIES:
        options.append(Option(f"{frequency} (current; not a documented value)", frequency, True))
    top = Section(
        "Connection",
        (
            FieldSpec("alias", "Alias", required=True, trim=True, max_length=255),
            FieldSpec(
                "connector",
                "Connector",
                "choice",
                required=True,
                integer_value=True,
                options=tuple(Option(label, str(value)) for label, value in connectors),
                help="" if creating else "Only connectors of the same system are offered",
            ),
            FieldSpec("project", "SD Elements project", "picker", required=True),
            FieldSpec(
                "frequency",
                "Sync frequency",
                "choice",
                required=True,
                default="manually",
                options=tuple(options),
                help="Orgs without the advanced issue tracker feature may only use manually",
            ),
            FieldSpec("debug_mode", "Debug mode (verbose sync logging)", "bool", default=False),
        ),
    )
    if creating and connector_id is None:
        note = CHOOSE_CONNECTOR_NOTE
    else:
        note = no_params_note(vocabulary)
    layout = _with_params(
        top, params_layout(plugin, params, "connection", vocabulary), visible, note
    )
    if visible and len(layout.sections) > 1:
        first = layout.sections[1]
        note = "Shown merged with the connector's params; a change applies to this connection only."
        layout.sections[1] = Section(first.title, first.fields, note, first.raw)
    return Draft(
        "connection",
        None if connection is None else connection.id,
        layout,
        base,
        params_visible=visible,
        prefill_defaults=creating,
        prefill_params=False,
        describers=describers,
        vocabulary=vocabulary,
    )
