"""``sde-alm connections ...`` against the emulator over loopback."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tui.api.models import Job, job_outcome
from tui.api.outcome import outcome_word
from tui.api.secrets import REDACTED
from tui.api.times import local
from tui.emulator.server import EmulatorServer

from .support import Result

FAILING_TEST = 16  # demo data: its alm_project does not exist in the ALM
PASSING = 1


def test_list_json_matches_the_server(emulator: EmulatorServer, run: Callable[..., Result]) -> None:
    result = run("connections", "list", "--json")
    assert result.code == 0
    listed = result.json()["results"]
    state = emulator.state
    assert [c["id"] for c in listed] == sorted(state.connections)
    for item in listed:
        stored = state.connections[item["id"]]
        assert (item["alias"], item["project"], item["connector"]) == (
            stored["alias"], stored["project"], stored["connector"])
        assert item["in_progress"] == state.in_progress(item["id"])
        for key, value in item["params"].items():
            if key in ("alm_pass", "alm_api_token") and value:
                assert value == REDACTED


def test_list_table_filters_by_project_and_failing(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    table = run("connections", "list", "--project", "1")
    header, *rows = table.out.splitlines()
    assert header.split()[:3] == ["ID", "ALIAS", "SYSTEM"]
    expected = {i for i, c in emulator.state.connections.items() if c["project"] == 1}
    assert {int(row.split()[0]) for row in rows} == expected

    failing = run("connections", "list", "--failing", "--json").json()["results"]
    assert failing, "the demo data has connections whose last sync failed"
    for item in failing:
        job = emulator.state.last_job(item["id"])
        assert job is not None and job["ready"] and not job["succeeded"]


def test_show_masks_secrets(emulator: EmulatorServer, run: Callable[..., Result]) -> None:
    result = run("connections", "show", str(PASSING))
    assert result.code == 0
    assert "Alias:" in result.out and "<set>" in result.out
    params = emulator.state.read_params(emulator.state.connections[PASSING])
    for key in ("alm_pass", "alm_api_token"):
        if len(str(params.get(key) or "")) >= 8:
            assert str(params[key]) not in result.out


def test_test_exit_codes(emulator: EmulatorServer, run: Callable[..., Result]) -> None:
    passed = run("connections", "test", str(PASSING))
    assert passed.code == 0 and "PASS" in passed.out
    failed = run("connections", "test", str(FAILING_TEST), "--json")
    assert failed.code == 1
    assert failed.json()["success"] is False
    assert "does not exist" in failed.json()["message"]


def test_sync_and_wait_reports_the_job_result(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    ok = run("connections", "sync", str(PASSING), "--wait", "--json")
    assert ok.code == 0, ok.err
    job = ok.json()["job"]
    assert job["succeeded"] is True and job["ready"] is True
    assert emulator.state.jobs[job["id"]]["succeeded"] is True

    bad = run("connections", "sync", str(FAILING_TEST), "--wait")
    assert bad.code == 1
    assert "failed" in bad.out and "does not exist" in bad.out


def test_sync_without_wait_starts_a_job(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    before = set(emulator.state.jobs)
    result = run("connections", "sync", str(PASSING))
    assert result.code == 0 and "Started sync job" in result.out
    assert emulator.state.in_progress(PASSING)
    assert len(set(emulator.state.jobs) - before) == 1


def test_sync_is_refused_in_read_only_mode(
    emulator: EmulatorServer, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = set(emulator.state.jobs)
    assert run("--read-only", "connections", "sync", str(PASSING)).code == 2
    monkeypatch.setenv("SDE_ALM_READ_ONLY", "1")
    result = run("connections", "sync", str(PASSING))
    assert result.code == 2 and "read-only" in result.err
    assert set(emulator.state.jobs) == before


def test_sync_on_a_production_profile_needs_the_host_name(
    emulator: EmulatorServer, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch,
    config_file: Callable[[str], Path],
) -> None:
    monkeypatch.delenv("SDE_SERVER")
    config_file(f'[profiles.prod]\nserver = "{emulator.url}"\ntoken_env = "SDE_API_TOKEN"\n'
                "production = true\n")
    before = set(emulator.state.jobs)
    refused = run("--profile", "prod", "connections", "sync", str(PASSING))
    assert refused.code == 2 and "--confirm-host 127.0.0.1" in refused.err
    wrong = run("--profile", "prod", "connections", "sync", str(PASSING), "--confirm-host", "x")
    assert wrong.code == 2 and set(emulator.state.jobs) == before
    ok = run("--profile", "prod", "connections", "sync", str(PASSING),
             "--confirm-host", "127.0.0.1")
    assert ok.code == 0 and len(set(emulator.state.jobs) - before) == 1


def test_jobs_lists_the_connections_jobs_newest_first(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    assert run("connections", "sync", str(PASSING), "--wait").code == 0
    result = run("connections", "jobs", str(PASSING), "--json")
    ids = [job["id"] for job in result.json()["results"]]
    expected = sorted((j["id"] for j in emulator.state.jobs.values()
                       if j["connection"] == PASSING), reverse=True)
    assert ids == expected
    table = run("connections", "jobs", str(PASSING))
    assert table.out.splitlines()[0].split() == ["JOB", "RUN", "AT", "TRIGGER", "RESULT", "MESSAGE"]
    assert "manual" in table.out and "ok" in table.out


def test_unknown_connection_is_exit_2(emulator: EmulatorServer, run: Callable[..., Result]) -> None:
    result = run("connections", "show", "4242")  # nothing was tested: it could not run
    assert result.code == 2 and result.err.startswith("Not found: ")


def test_tables_show_local_times_with_age_and_the_uis_words(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    """Human tables: local time (``TZ``) with the age and the UI's outcome words; ISO in --json."""
    os.environ["TZ"] = "Asia/Kolkata"  # a half-hour offset: UTC cannot pass for local time
    time.tzset()
    listed = {c["id"]: c for c in run("connections", "list", "--json").json()["results"]}
    table = run("connections", "list").out
    never = next(c for c in listed.values() if c["last_job"] is None)
    assert re.search(rf"^{never['id']} .* never run ", table, re.MULTILINE)
    jobs = run("connections", "jobs", str(PASSING), "--json").json()["results"]
    assert jobs and all("T" in j["last_run"] for j in jobs)  # ISO only in --json
    history = run("connections", "jobs", str(PASSING)).out
    for job in jobs:
        when = local(datetime.fromisoformat(job["last_run"]))
        row = next(line for line in history.splitlines() if line.startswith(f"{job['id']} "))
        assert re.search(rf"{when:%Y-%m-%d %H:%M} \((\d+[dhm] ago|just now)\)", row), row
        assert outcome_word(job_outcome(Job.model_validate(job))) in row
