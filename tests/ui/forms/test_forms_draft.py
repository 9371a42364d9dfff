"""The draft: only changes are sent, secrets never pre-filled, server types kept, conflicts seen."""

from __future__ import annotations

from collections.abc import Callable

from tui.api.models import Connection, Connector, Plugin
from tui.api.vocab import DERIVED_KEYS
from tui.ui.forms.draft import flatten_errors
from tui.ui.forms.json_params import export_params, import_params
from tui.ui.forms.objects import connection_draft, connector_draft

Read = Callable[[int], Connection]
ReadConnector = Callable[[int], Connector]
Schema = Callable[[str], Plugin]


def test_form_sections_come_from_the_schema_and_unknown_params_are_kept(
    read_connector: ReadConnector, schema: Schema
) -> None:
    draft = connector_draft(read_connector(4), schema("jira"))
    titles = [s.title for s in draft.layout.sections]
    assert titles[:3] == ["Connector", "Project", "Connection Details"]
    raw = draft.layout.sections[-1]
    assert raw.raw and [f.key for f in raw.fields] == ["jira_custom_thing"]
    assert draft.specs["params.jira_custom_thing"].readonly is False
    draft.set_value("params.jira_custom_thing", "customfield_1=x")
    assert draft.body() == {"params": {"jira_custom_thing": "customfield_1=x"}}


def test_field_kinds_follow_the_schema(read_connector: ReadConnector, schema: Schema) -> None:
    specs = connector_draft(read_connector(4), schema("jira")).specs
    assert specs["params.alm_pass"].kind == "secret"
    assert specs["params.alm_method"].kind == "choice"
    assert specs["params.sde_statuses_in_scope"].kind == "multi"
    assert specs["params.alm_validate_cert"].kind == "bool"
    assert specs["params.alm_server"].required
    assert not specs["params.alm_project"].required  # project scope: optional on a connector
    assert specs["params.alm_project"].max_length == 255
    assert specs["params.title_format"].kind == "text"  # free text with suggestions


def test_the_catalogue_stands_in_when_there_is_no_schema(read_connector: ReadConnector) -> None:
    draft = connector_draft(read_connector(4), None)
    assert draft.layout.source == "catalogue"
    for key in ("alm_server", "alm_pass", "alm_api_token", "sde_min_priority", "title_format"):
        assert f"params.{key}" in draft.specs
    assert draft.specs["params.sde_min_priority"].kind == "integer"
    raw = [f.key for f in draft.layout.sections[-1].fields]
    assert "jira_version" in raw and "jira_custom_thing" in raw


def test_derived_and_nested_params_are_shown_read_only(read: Read, schema: Schema) -> None:
    connection = read(1)
    assert connection.params is not None
    connection.params["alm_custom_lookup"] = {"nested": [1]}
    draft = connection_draft(connection, schema("rally"), connectors=[("Rally", 9)])
    for key in DERIVED_KEYS & set(connection.params):
        assert draft.specs[f"params.{key}"].readonly
    assert draft.specs["params.alm_custom_lookup"].readonly
    assert draft.body() == {}


def test_secrets_are_never_prefilled_and_sent_only_when_changed(
    read_connector: ReadConnector, schema: Schema
) -> None:
    draft = connector_draft(read_connector(4), schema("jira"))
    assert draft.values["params.alm_pass"] == ""
    assert draft.secrets["params.alm_pass"].was_set
    draft.set_value("params.alm_server", "jira.example.com")
    assert "alm_pass" not in draft.body()["params"]
    assert [line.new for line in draft.diff()] == ["jira.example.com"]
    draft.type_secret("params.alm_pass", "n3w-Secret\n")
    assert draft.body()["params"]["alm_pass"] == "n3w-Secret"
    secret_line = next(line for line in draft.diff() if line.secret)
    assert (secret_line.old, secret_line.new) == ("set", "changed")
    assert "n3w-Secret" not in repr(draft.secrets) and "n3w-Secret" not in repr(draft.diff())
    draft.type_secret("params.alm_pass", "")
    assert "alm_pass" not in draft.body()["params"]


def test_clearing_a_secret_is_explicit_and_undoable(
    read_connector: ReadConnector, schema: Schema
) -> None:
    draft = connector_draft(read_connector(4), schema("jira"))
    draft.clear_secret("params.alm_pass")
    assert draft.body() == {"params": {"alm_pass": ""}}
    assert draft.errors()["params.alm_pass"] == "Required: type a value"
    draft.clear_secret("params.alm_pass", clear=False)
    assert draft.body() == {}


def test_patch_keeps_the_type_the_server_used(
    read: Read, read_connector: ReadConnector, schema: Schema
) -> None:
    connection = connection_draft(read(3), schema("jira"), connectors=[("J", 2)])
    connection.set_value("params.sde_min_priority", "8")
    assert connection.body() == {"params": {"sde_min_priority": 8}}
    connector = connector_draft(read_connector(2), schema("jira"))
    connector.set_value("params.sde_min_priority", "8")
    assert connector.body() == {"params": {"sde_min_priority": "8"}}


def test_only_changed_top_level_fields_and_param_keys_are_sent(read: Read, schema: Schema) -> None:
    draft = connection_draft(read(3), schema("jira"), connectors=[("J", 2)])
    assert not draft.dirty
    draft.set_value("frequency", "weekly")
    draft.set_value("alias", "  JIRA Tracking  ")  # same once trimmed: not a change
    draft.set_value("params.sde_statuses_in_scope", "TODO")
    draft.set_value("params.alm_project", "NEWKEY")
    assert draft.body() == {"frequency": "weekly", "params": {"alm_project": "NEWKEY"}}
    assert [(d.label, d.old, d.new) for d in draft.diff()] == [
        ("Sync frequency", "daily", "weekly"),
        ("JIRA Project Key", "DEMO", "NEWKEY"),
    ]


def test_multi_value_lists_compare_without_order(read: Read, schema: Schema) -> None:
    draft = connection_draft(read(3), schema("jira"), connectors=[("J", 2)])
    draft.set_value("params.sde_verification_filter", "fail,pass,partial,none")
    assert not draft.dirty


def test_invalid_server_values_warn_but_only_changed_ones_block(read: Read, schema: Schema) -> None:
    connection = read(3)
    assert connection.params is not None
    connection.params["sde_min_priority"] = "11"
    draft = connection_draft(connection, schema("jira"), connectors=[("J", 2)])
    assert draft.errors() == {}
    assert "params.sde_min_priority" in draft.warnings()
    draft.set_value("params.sde_min_priority", "12")
    assert "params.sde_min_priority" in draft.errors()


def test_a_nested_400_lands_on_its_field(read: Read, schema: Schema) -> None:
    draft = connection_draft(read(3), schema("jira"), connectors=[("J", 2)])
    draft.apply_server_errors(
        {
            "params": {"alm_server": ["Enter a valid host."], "zzz": ["odd"]},
            "alias": ["Too long."],
            "non_field_errors": ["The fields project, alias must make a unique set."],
        }
    )
    assert draft.server_errors == {"params.alm_server": "Enter a valid host.", "alias": "Too long."}
    assert draft.first_problem() == "alias"
    assert draft.form_errors == [
        "The fields project, alias must make a unique set.",
        "params.zzz: odd",
    ]
    draft.set_value("params.alm_server", "jira.example.com")
    assert "params.alm_server" not in draft.server_errors


def test_flatten_errors_names_nested_objects() -> None:
    by_path, general = flatten_errors({"system": {"id": ['"x" is not a valid choice.']}})
    assert by_path == {"system": 'id: "x" is not a valid choice.'} and general == []


def test_conflicts_compare_only_changed_fields_with_the_base(read: Read, schema: Schema) -> None:
    draft = connection_draft(read(3), schema("jira"), connectors=[("J", 2)])
    draft.set_value("params.alm_project", "MINE")
    fresh = dict(draft.base)
    fresh["frequency"] = "monthly"  # someone else changed a field this user did not touch
    assert draft.conflicts(fresh) == []
    fresh["params.alm_project"] = "THEIRS"
    (conflict,) = draft.conflicts(fresh)
    assert (conflict.original, conflict.theirs, conflict.mine) == ("DEMO", "THEIRS", "MINE")
    draft.resolve(conflict, "mine")
    assert draft.conflicts(fresh) == [] and draft.body() == {"params": {"alm_project": "MINE"}}


def test_taking_theirs_drops_the_users_edit(read: Read, schema: Schema) -> None:
    draft = connection_draft(read(3), schema("jira"), connectors=[("J", 2)])
    draft.set_value("params.alm_project", "MINE")
    fresh = {**draft.base, "params.alm_project": "THEIRS"}
    draft.resolve(draft.conflicts(fresh)[0], "theirs")
    assert draft.values["params.alm_project"] == "THEIRS" and not draft.dirty


def test_secret_conflicts_never_show_values(read_connector: ReadConnector, schema: Schema) -> None:
    draft = connector_draft(read_connector(4), schema("jira"))
    draft.type_secret("params.alm_pass", "mine-secret")
    fresh = {**draft.base, "params.alm_pass": "their-secret"}
    (conflict,) = draft.conflicts(fresh)
    assert "their-secret" not in repr(conflict) and "mine-secret" not in repr(conflict)


def test_new_connection_sends_only_what_differs_from_its_connector(
    read_connector: ReadConnector, schema: Schema
) -> None:
    connector = read_connector(4)
    draft = connection_draft(
        None,
        schema("jira"),
        connectors=[("Jira", 4)],
        connector_id=4,
        connector_params=connector.params,
    )
    assert draft.values["params.alm_title_format"] == "$task_id $title"
    assert draft.errors().keys() >= {"alias", "project", "params.alm_project"}
    draft.set_value("alias", " New link ")
    draft.set_value("project", 2)
    draft.set_value("params.alm_project", "NEW")
    assert draft.errors() == {}
    assert draft.body() == {
        "alias": "New link",
        "connector": 4,
        "project": 2,
        "frequency": "manually",
        "debug_mode": False,
        "params": {"alm_project": "NEW"},
    }


def test_new_connector_prefills_schema_defaults(schema: Schema) -> None:
    draft = connector_draft(
        None, schema("github"), systems=[("GitHub", "github")], system_id="github"
    )
    body = draft.body()
    assert body["system"] == {"id": "github"} and body["params"]["alm_method"] == "https"
    assert "alm_api_token" not in body["params"]
    assert "params.alm_api_token" in draft.errors()


def test_typed_values_survive_a_rebuild(read_connector: ReadConnector, schema: Schema) -> None:
    old = connection_draft(None, None, connectors=[("Jira", 4)])
    old.set_value("alias", "Keep me")
    new = connection_draft(
        None,
        schema("jira"),
        connectors=[("Jira", 4)],
        connector_id=4,
        connector_params=read_connector(4).params,
    )
    new.carry_over(old)
    assert new.values["alias"] == "Keep me"


def test_params_json_leaves_secrets_out_unless_revealed(
    read_connector: ReadConnector, schema: Schema
) -> None:
    draft = connector_draft(read_connector(4), schema("jira"))
    text = export_params(draft)
    assert "alm_pass" not in text and "ATATT3x" not in text and '"alm_server"' in text
    assert "ATATT3x" in export_params(draft, revealed=["alm_pass"])


def test_params_json_back_into_the_draft(read_connector: ReadConnector, schema: Schema) -> None:
    draft = connector_draft(read_connector(4), schema("jira"))
    text = export_params(draft).replace('"6"', '"9"').replace('"sde"', '"alm"')
    text = text.replace('"jira_version": "5",', '"jira_version": "5", "new_key": 3,')
    errors, notices = import_params(draft, text, [])
    assert errors == [] and notices == []
    assert draft.body() == {
        "params": {"conflict_policy": "alm", "sde_min_priority": "9", "new_key": "3"}
    }


def test_params_json_errors_and_removed_keys(read_connector: ReadConnector, schema: Schema) -> None:
    draft = connector_draft(read_connector(4), schema("jira"))
    assert import_params(draft, "{nope", [])[0][0].startswith("Not valid JSON")
    assert import_params(draft, "[]", [])[0] == ["The file must hold one JSON object of params"]
    errors, notices = import_params(
        draft, '{"alm_validate_cert": "maybe", "x": {"a": 1}}', ["alm_server"]
    )
    assert errors == [
        "alm_validate_cert: must be true or false",
        "x: nested values and null are not supported here",
    ]
    assert "alm_server" in notices[0]


def test_the_forms_package_imports_no_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tui.ui.forms.save, tui.ui.forms.json_params; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
