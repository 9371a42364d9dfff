"""``sde-alm info`` and the TUI path (the app itself is replaced by a recorder)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.cli.main import main


@pytest.fixture
def two_profiles(config_file: Callable[[str], Path], tmp_path: Path) -> Path:
    token = tmp_path / "staging.token"
    token.write_text("staging-canary-tok\n")
    token.chmod(0o600)
    return config_file(f"""
default_profile = "staging"
[profiles.staging]
server = "https://staging.example.com"
token_file = "{token}"
[profiles.prod]
server = "https://sde.example.com"
token_command = "printf prod-canary-tok"
production = true
read_only = true
""")


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, bool]]:
    calls: list[tuple[Any, bool]] = []

    def fake_run_tui(settings: Any, *, demo: bool = False) -> int:
        calls.append((settings, demo))
        return 0

    monkeypatch.setattr("tui.ui.launch.run_tui", fake_run_tui)
    return calls


def test_info_with_nothing_configured_says_what_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "does not exist" in out
    assert "Server:" in out and "set SDE_SERVER" in out
    assert "Token:" in out and "set SDE_API_TOKEN" in out
    assert "TERM=" in out


def test_info_shows_where_everything_comes_from_but_never_the_token(
    two_profiles: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://bob:proxy-pass-9@proxy.corp:3128")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert main(["--profile", "prod", "info"]) == 0
    out = capsys.readouterr().out
    assert "prod (flag --profile)" in out
    assert "https://sde.example.com (profile prod)" in out
    assert "from command printf" in out
    assert "Production:  yes" in out and "Read-only:   yes (profile prod)" in out
    assert "proxy.corp:3128" in out and "proxy-pass-9" not in out
    assert "TERM=xterm-256color" in out
    assert "prod-canary-tok" not in out


def test_info_json(two_profiles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["profile"]["name"] == "staging"
    assert report["profiles"] == ["prod", "staging"]
    assert report["config"] == {"path": str(two_profiles), "exists": True,
                                "source": report["config"]["source"]}
    assert report["token"]["readable"] is True
    assert report["token"]["source"].startswith("file ")
    assert report["problems"] == []


def test_info_reports_a_bad_token_file_as_a_problem(
    two_profiles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "staging.token").chmod(0o644)
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "Problem:" in out and "chmod 600" in out


def test_profile_flag_opens_the_app_on_that_server(
    two_profiles: Path, launched: list[tuple[Any, bool]]
) -> None:
    assert main(["--profile", "staging"]) == 0
    settings, demo = launched[0]
    assert (settings.profile, settings.server, demo) == ("staging", "https://staging.example.com",
                                                         False)
    assert settings.token.get_secret_value() == "staging-canary-tok"


def test_app_path_without_settings_explains_what_to_set(
    launched: list[tuple[Any, bool]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "export SDE_SERVER=" in err and "export SDE_API_TOKEN" in err
    assert "[profiles.staging]" in err and "sde-alm --demo" in err
    assert "Traceback" not in err
    assert len(err.splitlines()) < 30
    assert launched == []


def test_app_path_with_invalid_config_exits_2(
    config_file: Callable[[str], Path], capsys: pytest.CaptureFixture[str],
    launched: list[tuple[Any, bool]],
) -> None:
    config_file("[profiles.x]\nverify_tls = 3\n")
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "profiles.x.verify_tls" in err and "Traceback" not in err


def test_insecure_warns_on_stderr_and_reaches_the_app(
    launched: list[tuple[Any, bool]], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SDE_SERVER", "https://lab.example.com")
    monkeypatch.setenv("SDE_API_TOKEN", "lab-token-1")
    assert main(["--insecure"]) == 0
    assert "verification is OFF" in capsys.readouterr().err
    assert launched[0][0].insecure is True


def test_http_to_a_remote_server_needs_allow_http(
    launched: list[tuple[Any, bool]], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SDE_SERVER", "http://sde.example.com")
    monkeypatch.setenv("SDE_API_TOKEN", "lab-token-1")
    assert main([]) == 2
    assert "--allow-http" in capsys.readouterr().err
    assert main(["--allow-http"]) == 0
    assert launched[0][0].server == "http://sde.example.com"


def test_sde_profile_env_selects_the_profile(
    two_profiles: Path, launched: list[tuple[Any, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDE_PROFILE", "prod")
    assert main([]) == 0
    assert launched[0][0].production is True
    assert os.environ["SDE_ALM_CONFIG"] == str(two_profiles)


LOOK = """
theme = "sde-light"
[keymap]
"list.refresh" = "f5"
[profiles.lab]
server = "https://lab.example.com"
token_env = "LAB_TOKEN"
"""


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The app the real launcher builds, stopped short of running it."""
    from tui.ui.app import SdeAlmApp

    apps: list[Any] = []

    def run(self: SdeAlmApp, *args: Any, **kwargs: Any) -> int:
        apps.append(self)
        return 0

    monkeypatch.setattr(SdeAlmApp, "run", run)
    monkeypatch.setenv("LAB_TOKEN", "lab-token-1")
    return apps


def test_the_config_file_theme_and_keymap_reach_the_app(
    config_file: Callable[[str], Path], started: list[Any]
) -> None:
    config_file(LOOK)
    assert main(["--profile", "lab"]) == 0
    app = started[0]
    assert app.theme == "sde-light"
    assert app._keymap == {"list.refresh": "f5"}  # what App.set_keymap stored


def test_the_theme_flag_wins_and_an_unknown_theme_is_a_usage_error(
    config_file: Callable[[str], Path], started: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    config_file(LOOK)
    assert main(["--profile", "lab", "--theme", "ansi-light"]) == 0
    assert started[0].theme == "ansi-light"
    assert main(["--profile", "lab", "--theme", "nord"]) == 2
    assert "sde-dark, sde-light, ansi-dark, ansi-light" in capsys.readouterr().err.replace("'", "")


def test_a_keymap_id_that_is_no_binding_exits_2_before_the_app_starts(
    config_file: Callable[[str], Path], started: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    config_file(LOOK.replace('"list.refresh"', '"list.refrsh"'))
    assert main(["--profile", "lab"]) == 2
    err = capsys.readouterr().err
    assert "config.toml is not valid" in err
    assert 'keymap."list.refrsh": unknown binding id; allowed:' in err and "list.refresh" in err
    assert "Traceback" not in err
    assert started == []


def test_info_shows_the_theme_and_keymap_and_where_they_come_from(
    config_file: Callable[[str], Path], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LAB_TOKEN", "lab-token-1")
    config_file(LOOK)
    assert main(["--profile", "lab", "info"]) == 0
    out = capsys.readouterr().out
    assert "sde-light (theme in " in out
    assert "list.refresh = f5" in out
