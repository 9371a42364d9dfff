"""Forms on current servers: Issue Tracker param names checked, laid out and sent back as they are.

The fixtures are the demo's own objects renamed by ``vocab.translate_params`` (the rule
issue-tracker-api.md section 3 shows to be exact on the documented examples).
"""

from __future__ import annotations

from collections.abc import Callable

from tui.api.errors import PermissionDenied
from tui.api.models import Connection, Connector, Plugin
from tui.api.secrets import is_secret_key
from tui.api.vocab import ALM, ISSUE_TRACKER, LAST_SUCCESSFUL_RUN, ApiFamily, translate_params
from tui.ui.forms.objects import connection_draft, connector_draft, inherited_params
from tui.ui.forms.save import Failed
from tui.ui.screens.save_outcome import outcome_banner

Read = Callable[[int], Connection]
ReadConnector = Callable[[int], Connector]
Schema = Callable[[str], Plugin]
IT = ApiFamily.ISSUE_TRACKER


def it_connector(connector: Connector) -> Connector:
    return connector.model_copy(
        update={"params": translate_params(connector.params or {}, ISSUE_TRACKER)}
    )


def it_connection(connection: Connection) -> Connection:
    params = translate_params(connection.params or {}, ISSUE_TRACKER)
    return connection.model_copy(update={"params": params})


def test_issue_tracker_secrets_are_secrets() -> None:
    for key in ("issue_tracker_pass", "issue_tracker_api_token"):
        assert is_secret_key(key, frozenset())
    assert not is_secret_key("issue_tracker_auth_mode", frozenset())
    assert not is_secret_key("issue_tracker_server", frozenset())


def test_the_catalogue_speaks_issue_tracker_for_an_issue_tracker_object(
    read_connector: ReadConnector,
) -> None:
    draft = connector_draft(it_connector(read_connector(4)), None, family=IT)
    assert draft.layout.source == "catalogue" and draft.vocabulary is ISSUE_TRACKER
    specs = draft.specs
    for suffix in ("server", "method", "user", "pass", "api_token", "project", "phases"):
        assert f"params.issue_tracker_{suffix}" in specs
    assert not any(path.startswith("params.alm_") for path in specs)
    assert specs["params.issue_tracker_server"].label == "Server"
    assert specs["params.issue_tracker_project"].label == "Issue tracker project"
    mode = specs["params.issue_tracker_auth_mode"]
    assert (mode.label, mode.kind, mode.option_values()) == (
        "Authentication method",
        "choice",
        ["basic", "api_token"],
    )
    policy = specs["params.conflict_policy"]
    assert policy.option_values() == ["issue_tracker", "sde", "timestamp"]
    assert policy.options[0].label == "Issue tracker wins"
    assert draft.values["params.issue_tracker_server"] == "granitebank.atlassian.net"
    assert draft.values["params.conflict_policy"] == "sde"
    assert draft.warnings() == {}  # nothing the server sent is misread as a bad value
    raw = [f.key for f in draft.layout.sections[-1].fields]
    assert raw == ["jira_custom_thing", "jira_done_statuses", "jira_issue_type", "jira_version"]


def test_the_alm_catalogue_is_unchanged_and_offers_alm(read_connector: ReadConnector) -> None:
    draft = connector_draft(read_connector(4), None)
    assert draft.vocabulary is ALM
    assert draft.specs["params.conflict_policy"].option_values() == ["alm", "sde", "timestamp"]
    assert not any("auth_mode" in path for path in draft.specs)
    assert "params.alm_server" in draft.specs and draft.specs["params.alm_project"].label == (
        "ALM project"
    )


def test_the_auth_mode_shows_only_the_credentials_it_uses(read_connector: ReadConnector) -> None:
    connector = it_connector(read_connector(4))
    assert connector.params is not None
    connector.params["issue_tracker_auth_mode"] = "basic"
    draft = connector_draft(connector, None, family=IT)
    user, password, token = (
        "params.issue_tracker_user",
        "params.issue_tracker_pass",
        "params.issue_tracker_api_token",
    )
    assert draft.is_shown(user) and draft.is_shown(password) and not draft.is_shown(token)
    draft.type_secret(token, "typed-before-the-switch")
    assert draft.body() == {}  # a hidden field is neither checked nor sent
    draft.set_value("params.issue_tracker_auth_mode", "api_token")
    assert not draft.is_shown(user) and not draft.is_shown(password) and draft.is_shown(token)
    draft.type_secret(password, "not-sent")
    assert draft.body() == {
        "params": {
            "issue_tracker_auth_mode": "api_token",
            "issue_tracker_api_token": "typed-before-the-switch",
        }
    }
    draft.set_value("params.issue_tracker_auth_mode", "")  # unset: every credential shows
    assert all(draft.is_shown(p) for p in (user, password, token))


def test_checks_apply_to_issue_tracker_names(read: Read, schema: Schema) -> None:
    draft = connection_draft(it_connection(read(3)), schema("jira"), connectors=[("J", 2)])
    assert draft.vocabulary is ISSUE_TRACKER
    # The schema spoke ALM names; the object's own names are what the form edits.
    assert "params.alm_server" not in draft.specs
    draft.set_value("params.issue_tracker_method", "http")
    assert "Plain http" in draft.warnings()["params.issue_tracker_method"]
    draft.set_value("params.issue_tracker_server", "https://jira.example.com")
    assert "without https://" in draft.errors()["params.issue_tracker_server"]
    draft.set_value("params.issue_tracker_title_format", "$title only")
    assert "missing $task_id" in draft.errors()["params.issue_tracker_title_format"]
    assert draft.specs["params.issue_tracker_project"].max_length == 255
    draft.set_value("params.issue_tracker_project", "K" * 256)
    assert "At most 255" in draft.errors()["params.issue_tracker_project"]
    for key in ("issue_tracker_reference_context", "sde_project"):
        assert draft.specs[f"params.{key}"].readonly


def test_catalogue_checks_the_issue_tracker_title_format_and_server(read: Read) -> None:
    draft = connection_draft(it_connection(read(3)), None, connectors=[("J", 2)], family=IT)
    draft.set_value("params.issue_tracker_title_format", "$task_id")
    assert "missing $title" in draft.errors()["params.issue_tracker_title_format"]
    draft.set_value("params.issue_tracker_server", "javascript:alert(1)//x")
    assert "Not a host name" in draft.errors()["params.issue_tracker_server"]


def test_last_successful_run_is_shown_read_only_and_never_sent(read: Read) -> None:
    connection = it_connection(read(3))
    assert connection.params is not None
    connection.params[LAST_SUCCESSFUL_RUN] = "2019-11-28T20:22:32.588388+00:00"
    draft = connection_draft(connection, None, connectors=[("J", 2)], family=IT)
    spec = draft.specs[f"params.{LAST_SUCCESSFUL_RUN}"]
    assert spec.readonly and spec.help == "set by the server"
    draft.set_value(spec.path, "2030-01-01T00:00:00+00:00")
    draft.set_value("params.issue_tracker_project", "NEW")
    assert draft.body() == {"params": {"issue_tracker_project": "NEW"}}


def test_a_mixed_object_is_edited_and_sent_under_its_own_keys(read: Read) -> None:
    connection = read(3)
    assert connection.params is not None
    params = dict(connection.params)
    params["issue_tracker_user"] = params.pop("alm_user")  # only this key was renamed
    mixed = connection.model_copy(update={"params": params})
    draft = connection_draft(mixed, None, connectors=[("J", 2)], family=IT)
    assert "params.alm_server" in draft.specs and "params.issue_tracker_server" not in draft.specs
    assert "params.issue_tracker_user" in draft.specs and "params.alm_user" not in draft.specs
    draft.set_value("params.alm_server", "jira2.example.com")
    draft.set_value("params.issue_tracker_user", "someone")
    assert draft.body() == {
        "params": {"alm_server": "jira2.example.com", "issue_tracker_user": "someone"}
    }


def test_a_new_connection_inherits_the_title_format_under_the_family_name(
    read_connector: ReadConnector,
) -> None:
    connector = it_connector(read_connector(3))
    assert inherited_params(connector.params, ISSUE_TRACKER)["issue_tracker_title_format"] == (
        "[$application - $project] $task_id $title"
    )
    draft = connection_draft(
        None,
        None,
        connectors=[("G", 3)],
        connector_id=3,
        connector_params=connector.params,
        family=IT,
    )
    assert draft.vocabulary is ISSUE_TRACKER
    assert "params.issue_tracker_title_format" in draft.specs
    assert not any(path.startswith("params.alm_") for path in draft.specs)
    draft.set_value("params.issue_tracker_project", "repo")
    assert draft.body()["params"] == {"issue_tracker_project": "repo"}


def test_creating_follows_the_family_and_before_it_is_known_the_schema(schema: Schema) -> None:
    assert connector_draft(None, None, system_id="gitlab", family=IT).vocabulary is ISSUE_TRACKER
    assert connector_draft(None, schema("gitlab"), system_id="gitlab").vocabulary is ALM
    draft = connector_draft(None, schema("gitlab"), system_id="gitlab", family=IT)
    assert "params.issue_tracker_api_token" in draft.specs
    assert draft.specs["params.issue_tracker_api_token"].kind == "secret"
    created = connector_draft(None, None, system_id="gitlab", family=IT)
    body = created.body()["params"]
    assert body["conflict_policy"] == "issue_tracker"
    assert body["issue_tracker_auth_mode"] == "basic"
    assert not any(key.startswith("alm_") for key in body)


def test_the_permission_named_on_a_403_is_the_objects_vocabulary(read: Read) -> None:
    error = Failed(PermissionDenied("You do not have permission."), "write")
    for connection, family, expected in (
        (read(3), None, "'Edit ALM connections' permission"),
        (
            it_connection(read(3)),
            IT,
            "'Edit Issue Tracker connections' (formerly 'Edit ALM connections') permission",
        ),
    ):
        draft = connection_draft(connection, None, connectors=[("J", 2)], family=family)
        _, lines = outcome_banner(error, "connection", draft)
        assert any(expected in line.plain for line in lines)
    hidden = read(3).model_copy(update={"params": None})
    draft = connection_draft(hidden, None, connectors=[("J", 2)], family=IT)
    assert "Edit Issue Tracker connections" in draft.layout.sections[-1].note
