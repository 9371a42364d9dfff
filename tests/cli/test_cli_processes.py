"""Real processes: the headless path never imports Textual; ``python -m tui`` and the emulator
subcommand work; ``--demo`` runs commands and the app against an emulator child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui.emulator.server import EmulatorServer

from .support import EMULATOR_TOKEN, Result

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from tui.cli.main import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith(("textual.", "tui.ui")))
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDE_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _probe(argv: list[str], env: dict[str, str]) -> tuple[dict[str, Any], str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert EMULATOR_TOKEN not in done.stdout + done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1]), done.stdout


@pytest.mark.parametrize(
    "argv",
    [["connectors", "list"], ["connections", "list", "--json"], ["check", "--project", "1"],
     ["export"], ["info"], ["--help"]],
)
def test_headless_commands_import_no_textual(emulator: EmulatorServer, argv: list[str]) -> None:
    env = _env(SDE_SERVER=emulator.url, SDE_API_TOKEN=EMULATOR_TOKEN,
               SDE_ALM_CONFIG=os.environ["SDE_ALM_CONFIG"])
    result, stdout = _probe(argv, env)
    assert result["code"] == 0
    assert result["loaded"] == []
    assert stdout


def test_python_dash_m_tui_is_the_same_entry_point(emulator: EmulatorServer) -> None:
    env = _env(SDE_SERVER=emulator.url, SDE_API_TOKEN=EMULATOR_TOKEN,
               SDE_ALM_CONFIG=os.environ["SDE_ALM_CONFIG"])
    done = subprocess.run([sys.executable, "-m", "tui", "connectors", "list", "--json"], env=env,
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["results"]) == len(emulator.state.connectors)


def test_emulator_subcommand_prints_its_base_url_first() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "emulator", "--port", "0", "--token", "emu-token-1"],
        env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        answer = httpx.get(f"{base_url}/api/v2/connectors/alm/",
                           headers={"Authorization": "Token emu-token-1"})
        assert answer.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_demo_flag_runs_a_command_against_a_fresh_emulator(run: Callable[..., Result]) -> None:
    result = run("--demo", "--connections", "60", "connections", "list", "--json")
    assert result.code == 0, result.err
    assert len(result.json()["results"]) >= 60


def _emulator_children() -> list[int]:
    """Pids of this process's children running the emulator (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == os.getpid() and b"tui.emulator" in cmdline:
            found.append(int(stat.parent.name))
    return found


def test_demo_flag_opens_the_app_on_a_live_emulator(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_run_tui(settings: Any, *, demo: bool = False) -> int:
        token = settings.token.get_secret_value()
        answer = httpx.get(f"{settings.server}/api/v2/connections/alm/",
                           headers={"Authorization": f"Token {token}"}, timeout=30)
        seen.update(settings=settings, demo=demo, status=answer.status_code,
                    count=len(answer.json()["results"]), children=_emulator_children())
        if Path("/proc/self/cmdline").exists():
            for pid in seen["children"]:
                argv_env = Path(f"/proc/{pid}/cmdline").read_bytes()
                argv_env += Path(f"/proc/{pid}/environ").read_bytes()
                assert token.encode() not in argv_env  # `ps` never shows it
        return 0

    monkeypatch.setattr("tui.ui.launch.run_tui", fake_run_tui)
    assert run("--demo", "--connections", "5").code == 0
    settings = seen["settings"]
    assert seen["demo"] is True and settings.demo is True and settings.profile == "demo"
    assert settings.server.startswith("http://127.0.0.1:")
    assert seen["status"] == 200 and seen["count"] >= 5
    if Path("/proc/self/cmdline").exists():
        assert len(seen["children"]) == 1  # the emulator runs in a child process
        assert _emulator_children() == []  # and is gone (reaped) once the app returned
    with pytest.raises(httpx.ConnectError):  # stopped when the app returned
        httpx.get(f"{settings.server}/api/v2/connectors/alm/")


def test_demo_emulator_stops_when_the_app_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli.main import main

    servers: list[str] = []

    def crashing_run_tui(settings: Any, *, demo: bool = False) -> int:
        servers.append(settings.server)
        raise RuntimeError("the app crashed")

    monkeypatch.setattr("tui.ui.launch.run_tui", crashing_run_tui)
    with pytest.raises(RuntimeError, match="the app crashed"):
        main(["--demo"])
    assert servers and _emulator_children() == []
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{servers[0]}/api/v2/connectors/alm/")


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--faults", "503:2"], "--faults: fault \"503:2\": probability must be between 0 and 1"),
     (["--data", "{bad}"], "--data: {bad}: expected a JSON object")],
    ids=["faults", "data"],
)
def test_demo_rejects_bad_knobs_before_any_screen(
    argv: list[str], message: str, tmp_path: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")

    def must_not_start(settings: Any, *, demo: bool = False) -> int:
        raise AssertionError("the TUI started despite a bad demo option")

    monkeypatch.setattr("tui.ui.launch.run_tui", must_not_start)
    result = run("--demo", *[part.format(bad=bad) for part in argv])
    assert result.code == 2
    assert message.format(bad=bad) in result.err and "Traceback" not in result.err
    assert _emulator_children() == []  # nothing was spawned


def test_demo_says_so_when_its_emulator_cannot_start_or_dies(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_socket(host: str, port: int) -> None:
        raise OSError("no loopback here")

    with monkeypatch.context() as patched:
        patched.setattr("tui.emulator.spawn.listen", no_socket)
        result = run("--demo", "connectors", "list")
    assert result.code == 2
    assert "cannot start the demo emulator: no loopback here" in result.err

    monkeypatch.setattr("tui.ui.launch.run_tui", lambda settings, *, demo=False: 0)
    monkeypatch.setattr("tui.cli.demo.emulator_options", lambda args: ["--seed", "x"])
    result = run("--demo")  # the child rejects its command line and exits at once
    assert result.code == 2 and "Traceback" not in result.err
    assert "the demo emulator stopped unexpectedly (exit 2: " in result.err
    assert "--seed: invalid int value" in result.err


def test_log_file_is_redacted(
    emulator: EmulatorServer, run: Callable[..., Result], tmp_path: Path
) -> None:
    log = tmp_path / "sde-alm.log"
    assert run("--log-file", str(log), "--log-level", "trace", "connectors", "list").code == 0
    text = log.read_text()
    assert "/api/v2/connectors/alm/" in text
    assert EMULATOR_TOKEN not in text
