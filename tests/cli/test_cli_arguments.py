"""The command line: no token from argv, clear usage errors, fast --help/--version."""

from __future__ import annotations

import pytest

from tui import __version__
from tui.cli.main import main


@pytest.mark.parametrize(
    "argv",
    [
        ["--token", "argv-canary-1"],
        ["--token=argv-canary-1", "connectors", "list"],
        ["connectors", "list", "--token", "argv-canary-1"],
        ["check", "--api-key", "argv-canary-1"],
        ["--api-token", "argv-canary-1", "info"],
    ],
)
def test_token_on_the_command_line_is_refused_and_not_echoed(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "SDE_API_TOKEN" in captured.err and "token_file" in captured.err
    assert "argv-canary-1" not in captured.out + captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"sde-alm {__version__}"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("connectors", "connections", "check", "export", "info", "emulator"):
        assert command in out
    assert "--token" not in out


def test_unrecognized_values_are_not_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connectors", "list", "--tokn", "stray-canary-2"]) == 2
    err = capsys.readouterr().err
    assert "--tokn" in err and "stray-canary-2" not in err


def test_demo_knobs_need_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--connections", "5", "info"]) == 2
    assert "need --demo" in capsys.readouterr().err


def test_subcommand_without_action_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connections"]) == 2
    assert "ACTION" in capsys.readouterr().err


def test_ids_must_be_positive_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connections", "show", "abc"]) == 2
    assert "not a whole number" in capsys.readouterr().err


def test_global_options_work_after_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--server", "https://after.example.com", "--json"]) == 0
    assert '"https://after.example.com"' in capsys.readouterr().out


def test_missing_settings_for_a_command_exit_2_with_a_hint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["connectors", "list"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("Configuration error: no SD Elements server is configured")
    assert "SDE_SERVER" in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_log_file_problem_is_a_config_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--log-file", "/proc/forbidden/x.log", "info"]) == 2
    assert "cannot open log file" in capsys.readouterr().err
