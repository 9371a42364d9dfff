"""The canary leak audit: secret values seeded on the server must appear in no output path.

Canaries sit in a connector's ``alm_pass``, a connection's own secret param, a job result
message that echoes one, the API token, and a secret typed into the form. Every output path is
captured: each screen as text and as SVG, toasts, clipboard copies, the ``$EDITOR`` file, the
debug (trace) log file, the crash report and its exit text, ``sde-alm export`` and every
``--json`` and plain command output. Only the two deliberate reveals (``x`` in the detail,
ctrl+r in a secret input) may show a canary, and they must, so the audit can fail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hostile_support import (
    harness_for,
    open_form,
    settle,
    until,
)
from textual.widgets import Input
from ui_support import make_app_factory

from tui.config.logging import setup_logging
from tui.emulator.config import EmulatorConfig
from tui.emulator.server import EmulatorServer
from tui.emulator.state import EmulatorState
from tui.ui.crash import Crashed
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen

API_TOKEN = "tok-C4N4RY-api-0001"
CONNECTOR_PASS = "pw-C4N4RY-connector-0002"
CONNECTION_TOKEN = "ghp-C4N4RY-connection-0003"
TYPED_PASS = "typed-C4N4RY-form-0004"
CORE = "C4N4RY"
"""Every canary holds this, so a cropped or partly shown secret is caught too."""


def _data() -> dict[str, Any]:
    jira = {
        "alm_server": "jira.leak.example",
        "alm_user": "svc-leak",
        "alm_pass": CONNECTOR_PASS,
        "alm_method": "https",
        "jira_version": "5",
        "title_format": "$task_id $title",
        "sde_min_priority": "7",
    }
    github = {
        "alm_server": "api.github.com",
        "github_repo_owner": "leak",
        "alm_method": "https",
        "alm_api_token": "ghp-not-a-canary-but-secret",
        "title_format": "$task_id $title",
        "sde_min_priority": "7",
    }
    echo = f"Sync failed: JIRA said 401 for svc-leak / {CONNECTOR_PASS} (check the password)"
    return {
        "projects": [{"id": 1, "name": "Leak Project", "slug": "leak"}],
        "connectors": [
            {"id": 1, "name": "Leak Jira", "system": {"id": "jira"}, "params": jira},
            {"id": 2, "name": "Leak GitHub", "system": {"id": "github"}, "params": github},
        ],
        "connections": [
            {
                "id": 1,
                "alias": "Leak echo",
                "connector": 1,
                "project": 1,
                "params": {"alm_project": "LEAK"},
                "last_job": {
                    "id": 11,
                    "succeeded": False,
                    "result_message": echo,
                    "last_run": "2026-11-28T10:00:00Z",
                },
            },
            {
                "id": 2,
                "alias": "Leak own token",
                "connector": 2,
                "project": 1,
                "params": {"alm_api_token": CONNECTION_TOKEN, "github_repo": "leaky"},
                "last_job": {
                    "id": 12,
                    "succeeded": True,
                    "result_message": "ok",
                    "last_run": "2026-11-28T10:00:00Z",
                },
            },
            {
                "id": 3,
                "alias": "Leak unreachable",
                "connector": 1,
                "project": 1,
                "params": {"alm_server": "unreachable.leak.example", "alm_project": "LEAK"},
            },
        ],
    }


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "leak-data.json"
    path.write_text(json.dumps(_data()), encoding="utf-8")
    return path


def _config(data_file: Path) -> EmulatorConfig:
    return EmulatorConfig(
        token=API_TOKEN, data_file=str(data_file), test_latency_ms=0, sync_seconds=0.0
    )


@dataclass
class Outputs:
    """Everything the app wrote or showed, by path name; reveals kept apart."""

    seen: dict[str, str] = field(default_factory=dict)
    revealed: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, text: str) -> None:
        self.seen[name] = self.seen.get(name, "") + text

    def leaks(self) -> dict[str, list[str]]:
        found = {}
        for name, text in self.seen.items():
            hits = sorted({m.group() for m in re.finditer(rf"\S*{CORE}\S*", text)})
            if hits:
                found[name] = hits
        return found


def _shoot(app: Any, outputs: Outputs, name: str, *, revealed: bool = False) -> None:
    text, svg = screen_text(app), app.export_screenshot()
    target = outputs.revealed if revealed else outputs.seen
    target[f"{name} (text)"] = text
    target[f"{name} (svg)"] = svg


async def _drive_the_app(data_file: Path, outputs: Outputs, monkeypatch: Any) -> None:
    state = EmulatorState(_config(data_file))
    app = make_app_factory(harness_for(state))(token=API_TOKEN)
    original_notify = app.notify

    def notify(message: str, *, title: str = "", **kw: Any) -> None:
        outputs.add("toasts", f"{title}: {message}\n")
        original_notify(message, title=title, **kw)

    app.notify = notify  # type: ignore[method-assign]
    app.copy_to_clipboard = lambda text: outputs.add("clipboard", text + "\n")  # type: ignore

    def fake_editor(_app: Any, path: str) -> int:
        outputs.add("$EDITOR file", Path(path).read_text(encoding="utf-8"))
        return 0

    monkeypatch.setattr("tui.ui.editor.run_editor", fake_editor)

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        _shoot(app, outputs, "connections")
        for connection_id in (1, 2, 3):
            screen.table.move_to(connection_id)
            await settle(app, pilot)
            await pilot.press("t")
            await settle(app, pilot)
            _shoot(app, outputs, f"connection {connection_id}")
        await pilot.press("c")  # copy id and URL
        screen.table.move_to(2)
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        screen._poll_running()
        await settle(app, pilot)
        _shoot(app, outputs, "after sync")

        screen.table.move_to(1)
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        params = screen.detail.params_table
        assert params.move_to("alm_pass")
        params.focus()  # x reveals the param under the params table's cursor
        await settle(app, pilot)
        await pilot.press("x")  # the deliberate reveal
        await pilot.pause()
        _shoot(app, outputs, "detail, alm_pass revealed", revealed=True)
        await pilot.press("x")
        await pilot.pause()
        _shoot(app, outputs, "detail, alm_pass hidden again")
        await pilot.press("escape")

        await pilot.press("1")
        await settle(app, pilot)
        for connector_id in (1, 2):
            app.screen.table.move_to(connector_id)
            await settle(app, pilot)
            await pilot.press("t")
            await settle(app, pilot)
            _shoot(app, outputs, f"connector {connector_id}")
        await pilot.press("3")
        await settle(app, pilot)
        _shoot(app, outputs, "api log")
        await pilot.press("question_mark")
        await settle(app, pilot)
        _shoot(app, outputs, "help")
        await pilot.press("escape", "2")
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"Leak")
        await settle(app, pilot)
        _shoot(app, outputs, "palette")
        await pilot.press("escape")
        await settle(app, pilot)

        await open_form(app, pilot, "E", 1)  # params as JSON in $EDITOR: no secrets in the file
        _shoot(app, outputs, "edit form after $EDITOR")
        await pilot.press("escape")
        await settle(app, pilot)
        form = await open_form(app, pilot, "e", 1)
        _shoot(app, outputs, "edit form")
        secret = form.form.widget_for("params.alm_pass")
        assert isinstance(secret, Input)
        secret.focus()
        secret.value = TYPED_PASS
        await pilot.pause()
        _shoot(app, outputs, "edit form, secret typed")
        await pilot.press("ctrl+a", "ctrl+c")  # copying a secret input does nothing
        await pilot.press("ctrl+r")  # the deliberate reveal of what was typed
        await pilot.pause()
        _shoot(app, outputs, "edit form, typed secret revealed", revealed=True)
        await pilot.press("ctrl+r")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "DiffScreen" in type(app.screen).__name__, "the diff")
        _shoot(app, outputs, "diff")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        _shoot(app, outputs, "after save")
        assert state.connections[1]["params"].get("alm_pass") == TYPED_PASS  # it was sent
        await pilot.press("3", "slash", *"patch", "enter", "enter")  # what the save sent
        await settle(app, pilot)
        _shoot(app, outputs, "api log, the save's request and response")
        assert "PATCH" in screen_text(app) and "Request body" in screen_text(app)
        await pilot.press("escape", "ctrl+u", "2")
        await settle(app, pilot)

        def crash(self: Any) -> None:
            alm_pass = TYPED_PASS  # what Textual's traceback would print
            raise RuntimeError(f"boom while handling {alm_pass} and {API_TOKEN}")

        monkeypatch.setattr(ConnectionsScreen, "action_sort", crash)
        app.screen.table.move_to(1)
        await pilot.press("o")
        await pilot.pause()
    raise AssertionError("the crash did not happen")


def _run_app(data_file: Path, outputs: Outputs, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    try:
        asyncio.run(_drive_the_app(data_file, outputs, monkeypatch))
    except Crashed as crash:
        outputs.add("crash exit text", crash.__rich__().plain)
        assert crash.report is not None
        outputs.add("crash report", crash.report.read_text(encoding="utf-8"))


def test_no_canary_reaches_any_screen_log_toast_clipboard_editor_or_crash_report(
    data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "logs" / "sde-alm.log"
    setup_logging(str(log), "trace")
    outputs = Outputs()
    try:
        _run_app(data_file, outputs, monkeypatch)
    finally:
        setup_logging(None)
    outputs.add("log file (trace)", log.read_text(encoding="utf-8"))

    assert "GET" in outputs.seen["log file (trace)"]  # the log really recorded traffic
    assert {"toasts", "clipboard", "$EDITOR file", "crash report", "crash exit text"} <= set(
        outputs.seen
    )
    shown = CONNECTOR_PASS[:12]  # the narrow value column crops the revealed value
    assert shown in outputs.revealed["detail, alm_pass revealed (text)"]
    assert shown in outputs.revealed["detail, alm_pass revealed (svg)"]
    assert TYPED_PASS in outputs.revealed["edit form, typed secret revealed (text)"]
    assert outputs.leaks() == {}


@pytest.fixture
def live(data_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    with EmulatorServer(_config(data_file), host="127.0.0.1", port=0) as server:
        monkeypatch.setenv("SDE_SERVER", server.url)
        monkeypatch.setenv("SDE_API_TOKEN", API_TOKEN)
        monkeypatch.setenv("SDE_ALM_CONFIG", str(tmp_path / "none.toml"))
        for name in ("SDE_PROFILE", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
            monkeypatch.delenv(name, raising=False)
        yield server.url


COMMANDS = [
    ["export"],
    ["connectors", "list", "--json"],
    ["connectors", "show", "1", "--json"],
    ["connectors", "show", "1"],
    ["connectors", "test", "1", "--json"],
    ["connections", "list", "--json"],
    ["connections", "list"],
    ["connections", "show", "1", "--json"],
    ["connections", "show", "2"],
    ["connections", "jobs", "1", "--json"],
    ["connections", "jobs", "1"],
    ["connections", "test", "3", "--json"],
    ["check", "--json"],
    ["check", "--format", "prometheus"],
    ["info", "--json"],
    ["--log-level", "trace", "--log-file", "{log}", "connections", "show", "1", "--json"],
]


def test_no_canary_in_export_json_or_plain_command_output(
    live: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli.main import main

    log = tmp_path / "cli.log"
    outputs = Outputs()
    for command in COMMANDS:
        argv = [part.format(log=log) for part in command]
        code = main(argv)
        captured = capsys.readouterr()
        assert code in (0, 1), (argv, captured.err)
        outputs.add(" ".join(command), captured.out + captured.err)
    main(["export", "--out", str(tmp_path / "export.json")])
    capsys.readouterr()
    setup_logging(None)
    outputs.add("export --out file", (tmp_path / "export.json").read_text(encoding="utf-8"))
    outputs.add("cli log file (trace)", log.read_text(encoding="utf-8"))
    assert "Leak echo" in outputs.seen["export"] and "svc-leak" in outputs.seen["export"]
    assert "(check the password)" in outputs.seen["connections list --json"]
    assert outputs.leaks() == {}
