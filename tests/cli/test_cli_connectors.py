"""``sde-alm connectors ...`` against the emulator over loopback."""

from __future__ import annotations

from collections.abc import Callable

from tui.api.secrets import REDACTED
from tui.emulator.server import EmulatorServer

from .support import Result


def secret_values(server: EmulatorServer) -> set[str]:
    return {str(v) for c in server.state.connectors.values() for k, v in c["params"].items()
            if k in ("alm_pass", "alm_api_token") and len(str(v)) >= 8}


def test_list_table_and_json_match_the_server(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    table = run("connectors", "list")
    assert table.code == 0
    header, *rows = table.out.splitlines()
    assert header.split() == ["ID", "NAME", "SYSTEM", "STATE"]
    assert len(rows) == len(emulator.state.connectors)
    assert any(row.endswith("inaccessible") for row in rows)

    listed = run("connectors", "list", "--json").json()
    assert [c["id"] for c in listed["results"]] == sorted(emulator.state.connectors)
    for item in listed["results"]:
        stored = emulator.state.connectors[item["id"]]
        assert item["name"] == stored["name"]
        assert item["system"]["id"] == stored["system"]
        assert item["inaccessible"] == stored["inaccessible"]
    assert listed["problems"] == []


def test_show_marks_secrets_set_and_never_prints_them(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    connector_id = next(i for i, c in emulator.state.connectors.items()
                        if len(c["params"].get("alm_pass", "")) > 12)
    shown = run("connectors", "show", str(connector_id))
    assert shown.code == 0
    assert "<set>" in shown.out
    as_json = run("connectors", "show", str(connector_id), "--json")
    assert as_json.json()["params"]["alm_pass"] == REDACTED
    for secret in secret_values(emulator):
        assert secret not in shown.out + as_json.out


def test_show_unknown_id_is_exit_2_with_the_error_title(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("connectors", "show", "9999")
    assert result.code == 2
    assert result.err.startswith("Not found: ")
    assert result.out == "" and "Traceback" not in result.err


def test_test_passes_and_fails_like_the_server_says(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    good = next(i for i, c in emulator.state.connectors.items()
                if not any(w in str(c["params"].get("alm_pass", "")).lower()
                           for w in ("wrong", "expired", "bad"))
                and "unreachable" not in str(c["params"].get("alm_server", "")))
    result = run("connectors", "test", str(good))
    assert result.code == 0 and "PASS" in result.out
    emulator.state.connectors[good]["params"]["alm_server"] = "jira.unreachable.example"
    failed = run("connectors", "test", str(good), "--json")
    assert failed.code == 1
    body = failed.json()
    assert body["success"] is False and "Unable to connect" in body["message"]
    assert body["connector"] == good
