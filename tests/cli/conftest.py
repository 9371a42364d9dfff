"""Every CLI test runs with its own config path and no SDE_* / proxy / CA variables."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.emulator.config import EmulatorConfig
from tui.emulator.server import EmulatorServer

from .support import EMULATOR_TOKEN, Result

ISOLATED_PREFIXES = ("SDE_",)
ISOLATED_NAMES = (
    "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
    "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point SDE_ALM_CONFIG at a (not yet existing) file in tmp_path; clear the SDE_* env."""
    for name in list(os.environ):
        if name.startswith(ISOLATED_PREFIXES) or name in ISOLATED_NAMES:
            monkeypatch.delenv(name, raising=False)
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("SDE_ALM_CONFIG", str(path))
    yield path


@pytest.fixture
def config_file(isolated_config: Path) -> Callable[[str], Path]:
    """Write TOML text to the isolated config path and return the path."""

    def write(text: str) -> Path:
        isolated_config.parent.mkdir(parents=True, exist_ok=True)
        isolated_config.write_text(text, encoding="utf-8")
        return isolated_config

    return write


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """Fast emulator knobs: instant tests, short syncs (override per test with ``indirect``)."""
    return EmulatorConfig(token=EMULATOR_TOKEN, test_latency_ms=0, sync_seconds=0.3)


@pytest.fixture
def emulator(
    emulator_config: EmulatorConfig, monkeypatch: pytest.MonkeyPatch
) -> Iterator[EmulatorServer]:
    """A live emulator on a loopback port, with SDE_SERVER / SDE_API_TOKEN pointing at it."""
    with EmulatorServer(emulator_config, host="127.0.0.1", port=0) as server:
        monkeypatch.setenv("SDE_SERVER", server.url)
        monkeypatch.setenv("SDE_API_TOKEN", EMULATOR_TOKEN)
        yield server


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``main(argv)`` in-process; returns exit code, stdout and stderr, and checks that the
    token appears in neither."""

    def invoke(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        assert EMULATOR_TOKEN not in captured.out + captured.err
        return Result(code, captured.out, captured.err)

    return invoke
