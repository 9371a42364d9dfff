"""The crash handler: a short message instead of Textual's traceback with locals, and a report
file (0600, user log directory) with frames but no locals, no source lines and no secrets."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hostile_support import harness_for, hostile_state, settle
from ui_support import make_app_factory

from tui.api.secrets import registry
from tui.ui.crash import Crashed, render_report, safe_message, write_report
from tui.ui.screens.connections import ConnectionsScreen

TOKEN_CANARY = "crash-canary-api-token-4471"
LOCAL_CANARY = "crash-canary-local-secret-8812"


def _reports(state_home: Path) -> list[Path]:
    return sorted((state_home / "sde-alm" / "log").glob("crash-*.txt"))


async def test_crash_shows_a_short_message_and_writes_a_redacted_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = hostile_state(token=TOKEN_CANARY)
    app = make_app_factory(harness_for(state))(token=TOKEN_CANARY)

    def broken_sort(self: ConnectionsScreen) -> None:
        alm_pass = LOCAL_CANARY  # a plain-str secret in a local: Textual would print it
        raise ValueError(f"sort failed near {TOKEN_CANARY} ({len(alm_pass)})")

    monkeypatch.setattr(ConnectionsScreen, "action_sort", broken_sort)
    with pytest.raises(Crashed) as raised:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            await pilot.press("o")
            await pilot.pause()
    crash = raised.value
    assert isinstance(crash.error, ValueError)
    assert app.return_code == 1
    short = crash.__rich__().plain
    assert "stopped after an unexpected error (ValueError)" in short
    assert LOCAL_CANARY not in short and TOKEN_CANARY not in short
    (report,) = _reports(tmp_path / "state")
    assert crash.report == report and str(report) in short
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    text = report.read_text(encoding="utf-8")
    assert "builtins.ValueError: sort failed near ••••••••" in text
    assert "in broken_sort" in text  # where it happened
    assert TOKEN_CANARY not in text and LOCAL_CANARY not in text
    assert "alm_pass" not in text and "raise ValueError" not in text  # no locals, no source


async def test_an_error_while_a_crash_takes_the_app_down_is_not_a_second_crash(
    tmp_path: Path,
) -> None:
    """A key that crashes the app while the list's load still paints: the load's paint callback
    then finds its widgets gone. One crash: one report, one message (the first error)."""
    app = make_app_factory(harness_for(hostile_state()))()
    with pytest.raises(Crashed) as raised:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            app._handle_exception(RuntimeError("sort exploded"))
            app._handle_exception(LookupError("No nodes match '#params-note'"))
    assert isinstance(raised.value.error, RuntimeError)
    (report,) = _reports(tmp_path / "state")
    assert "sort exploded" in report.read_text(encoding="utf-8")


def test_report_drops_pydantic_input_values_and_keeps_the_chain() -> None:
    from pydantic import BaseModel, ValidationError

    class Body(BaseModel):
        priority: int

    registry.add("known-secret-value-1")
    try:
        try:
            Body.model_validate({"priority": "unguessable-typed-secret"})
        except ValidationError as inner:
            raise RuntimeError("saving failed with known-secret-value-1") from inner
    except RuntimeError as outer:
        text = render_report(outer, datetime(2026, 1, 1, tzinfo=UTC))
    assert "unguessable-typed-secret" not in text
    assert "known-secret-value-1" not in text
    assert "caused by / while handling:" in text
    assert "pydantic_core._pydantic_core.ValidationError" in text
    assert safe_message(ValueError("\x1b]52;c;eA==\x07")) == "\\x1b]52;c;eA==\\x07"


def test_an_unwritable_report_directory_does_not_mask_the_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert write_report(ValueError("x"), directory=blocker / "sub") is None
    assert "could not be written" in Crashed(ValueError("x"), None).__rich__().plain


_SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {support!r})
    from hostile_support import harness_for, hostile_state
    from ui_support import make_app_factory
    from tui.ui.screens.connections import ConnectionsScreen

    def broken_mount(self):
        alm_pass = {local!r}
        raise KeyError("missing key")

    ConnectionsScreen.on_mount = broken_mount
    app = make_app_factory(harness_for(hostile_state(token={token!r})))(token={token!r})
    app.run(headless=True, size=(80, 24))
    sys.exit(app.return_code)
    """
)


def test_a_real_run_prints_no_traceback_and_no_locals(tmp_path: Path) -> None:
    support = str(Path(__file__).resolve().parent)
    script = _SCRIPT.format(support=support, local=LOCAL_CANARY, token=TOKEN_CANARY)
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "stopped after an unexpected error (KeyError)" in output
    assert "Traceback" not in output and "╭" not in output  # no Rich traceback panels
    assert LOCAL_CANARY not in output and TOKEN_CANARY not in output
    (report,) = _reports(tmp_path / "state")
    assert str(report) in output.replace("\n", "")  # folded at 80 columns, not cropped
    assert LOCAL_CANARY not in report.read_text(encoding="utf-8")


def test_a_crashed_app_exits_non_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.ui import launch
    from tui.ui.app import SdeAlmApp

    def crashed_run(self: SdeAlmApp) -> None:
        self._return_code = 1  # what Textual sets when _handle_exception ran
        return None

    monkeypatch.setattr(launch, "build_session", lambda settings: object())
    monkeypatch.setattr(SdeAlmApp, "__init__", lambda self, *a, **k: None)
    monkeypatch.setattr(SdeAlmApp, "run", crashed_run)

    class Settings:
        config_path = None
        keymap = ()
        theme = None

    assert launch.run_tui(Settings(), demo=True) == 1
