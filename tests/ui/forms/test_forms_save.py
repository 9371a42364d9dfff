"""The save flow against the emulator: re-read, conflicts, minimal PATCH, unknown outcomes."""

from __future__ import annotations

from collections.abc import Callable

from forms_support import WriteFaults

from tui.api.client import AlmClient
from tui.api.models import Connection, Plugin
from tui.emulator.state import EmulatorState
from tui.ui.forms.objects import connection_draft, connector_draft
from tui.ui.forms.save import (
    Conflicts,
    Failed,
    Gone,
    NotApplied,
    NothingToSave,
    Saved,
    Unchecked,
    connection_ops,
    connector_ops,
    delete_connection,
    save,
)

Read = Callable[[int], Connection]
Schema = Callable[[str], Plugin]


def writes(state: EmulatorState) -> list[tuple[str, str, object]]:
    return [(r.method, r.path, r.body) for r in state.requests if r.method != "GET"]


async def test_one_changed_param_is_the_whole_patch_body(
    client: AlmClient, emulator_state: EmulatorState, schema: Schema
) -> None:
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    draft.set_value("params.alm_project", "NEWKEY")
    result = await save(connection_ops(client), draft)
    assert isinstance(result, Saved) and result.mismatches == []
    assert writes(emulator_state) == [
        ("PATCH", "/api/v2/connections/alm/3/", {"params": {"alm_project": "NEWKEY"}})
    ]
    methods = [r.method for r in emulator_state.requests]
    assert methods[-2:] == ["GET", "PATCH"]  # re-read right before the write
    assert emulator_state.connections[3]["params"]["alm_project"] == "NEWKEY"


async def test_nothing_changed_sends_nothing(
    client: AlmClient, emulator_state: EmulatorState, schema: Schema
) -> None:
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    before = len(emulator_state.requests)
    assert isinstance(await save(connection_ops(client), draft), NothingToSave)
    assert len(emulator_state.requests) == before


async def test_a_change_made_meanwhile_is_a_conflict_and_nothing_is_written(
    client: AlmClient, emulator_state: EmulatorState, schema: Schema
) -> None:
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    draft.set_value("params.alm_project", "MINE")
    await client.patch_connection(3, {"params": {"alm_project": "THEIRS"}, "frequency": "weekly"})
    result = await save(connection_ops(client), draft)
    assert isinstance(result, Conflicts)
    assert [(c.original, c.theirs, c.mine) for c in result.conflicts] == [
        ("DEMO", "THEIRS", "MINE")
    ]
    assert emulator_state.connections[3]["params"]["alm_project"] == "THEIRS"
    assert [w[0] for w in writes(emulator_state)] == ["PATCH"]  # only the other admin's


async def test_keep_mine_after_a_conflict_writes_only_my_field(
    client: AlmClient, emulator_state: EmulatorState, schema: Schema
) -> None:
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    draft.set_value("params.alm_project", "MINE")
    await client.patch_connection(3, {"params": {"alm_project": "THEIRS"}, "frequency": "weekly"})
    result = await save(connection_ops(client), draft)
    assert isinstance(result, Conflicts)
    draft.resolve(result.conflicts[0], "mine")
    assert isinstance(await save(connection_ops(client), draft), Saved)
    stored = emulator_state.connections[3]
    assert stored["params"]["alm_project"] == "MINE" and stored["frequency"] == "weekly"


async def test_a_400_on_a_nested_param_lands_on_that_field(
    client: AlmClient, emulator_state: EmulatorState, schema: Schema
) -> None:
    emulator_state.connections[3]["params"]["alm_title_format"] = "[$context] $task_id $title"
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    draft.set_value("params.alm_project", "NEWKEY")
    draft.add_param("alm_context", "")
    result = await save(connection_ops(client), draft)
    assert isinstance(result, Failed) and result.stage == "write"
    assert "params.alm_context" in draft.server_errors
    assert draft.values["params.alm_project"] == "NEWKEY"


async def test_deleted_meanwhile_is_reported_not_recreated(
    client: AlmClient, emulator_state: EmulatorState, schema: Schema
) -> None:
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    draft.set_value("frequency", "weekly")
    await client.delete_connection(3)
    assert isinstance(await save(connection_ops(client), draft), Gone)
    assert 3 not in emulator_state.connections


async def test_a_lost_answer_to_an_applied_patch_is_checked_not_resent(
    fault_client: tuple[AlmClient, WriteFaults], emulator_state: EmulatorState, schema: Schema
) -> None:
    client, faults = fault_client
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    draft.set_value("frequency", "weekly")
    faults.mode = "after"
    result = await save(connection_ops(client), draft)
    assert isinstance(result, Saved) and "took effect" in result.note
    assert [w[0] for w in writes(emulator_state)] == ["PATCH"]
    assert [r.method for r in faults.seen][-2:] == ["PATCH", "GET"]


async def test_a_lost_patch_that_did_not_land_says_so(
    fault_client: tuple[AlmClient, WriteFaults], emulator_state: EmulatorState, schema: Schema
) -> None:
    client, faults = fault_client
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    draft.set_value("frequency", "weekly")
    faults.mode = "lost"
    assert isinstance(await save(connection_ops(client), draft), NotApplied)
    assert writes(emulator_state) == [] and emulator_state.connections[3]["frequency"] == "daily"
    assert draft.values["frequency"] == "weekly"


async def test_a_lost_answer_and_a_failed_reread_is_unknown(
    fault_client: tuple[AlmClient, WriteFaults], schema: Schema
) -> None:
    client, faults = fault_client
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    draft.set_value("frequency", "weekly")
    faults.mode = "reread"
    result = await save(connection_ops(client), draft)
    assert isinstance(result, Unchecked)


async def test_a_connection_refused_write_fails_and_keeps_the_draft(
    fault_client: tuple[AlmClient, WriteFaults], emulator_state: EmulatorState, schema: Schema
) -> None:
    client, faults = fault_client
    draft = connection_draft(await client.get_connection(3), schema("jira"), connectors=[])
    draft.set_value("frequency", "weekly")
    faults.mode = "before"
    result = await save(connection_ops(client), draft)
    assert isinstance(result, Failed) and result.error.title == "Cannot connect"
    assert draft.dirty and writes(emulator_state) == []


async def test_a_create_whose_answer_is_lost_is_found(
    fault_client: tuple[AlmClient, WriteFaults], emulator_state: EmulatorState, schema: Schema
) -> None:
    client, faults = fault_client
    connector = await client.get_connector(4)
    draft = connection_draft(
        None,
        schema("jira"),
        connectors=[("Jira", 4)],
        connector_id=4,
        connector_params=connector.params,
    )
    draft.set_value("alias", "Lost answer")
    draft.set_value("project", 2)
    draft.set_value("params.alm_project", "LOST")
    faults.mode = "after"
    result = await save(connection_ops(client), draft)
    assert isinstance(result, Saved) and result.obj.alias == "Lost answer"
    assert [w[0] for w in writes(emulator_state)] == ["POST"]


async def test_a_create_that_never_landed_is_reported(
    fault_client: tuple[AlmClient, WriteFaults], emulator_state: EmulatorState, schema: Schema
) -> None:
    client, faults = fault_client
    draft = connector_draft(
        None, schema("github"), systems=[("GitHub", "github")], system_id="github"
    )
    draft.set_value("name", "Never landed")
    draft.set_value("params.alm_server", "api.github.com")
    draft.set_value("params.github_repo_owner", "acme")
    draft.type_secret("params.alm_api_token", "ghp_never_landed_123")
    faults.mode = "lost"
    assert isinstance(await save(connector_ops(client), draft), NotApplied)
    assert all(c["name"] != "Never landed" for c in emulator_state.connectors.values())


async def test_delete_whose_answer_is_lost_is_checked(
    fault_client: tuple[AlmClient, WriteFaults], emulator_state: EmulatorState
) -> None:
    client, faults = fault_client
    faults.mode = "after"
    assert (await delete_connection(client, 3)).deleted
    faults.mode = "lost"
    result = await delete_connection(client, 4)
    assert not result.deleted and result.still_there and 4 in emulator_state.connections
