"""A listing the page budget stopped: output marked partial, a warning on stderr, exit code 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.emulator.config import EmulatorConfig
from tui.emulator.server import EmulatorServer

from .support import EMULATOR_TOKEN, Result

ENDLESS = EmulatorConfig(token=EMULATOR_TOKEN, test_latency_ms=0, faults="endless-next:1")
BAD_ITEM = EmulatorConfig(token=EMULATOR_TOKEN, test_latency_ms=0, faults="bad-item:1")
endless = pytest.mark.parametrize("emulator_config", [ENDLESS], indirect=True)


@pytest.fixture
def emulator_config(request: pytest.FixtureRequest) -> EmulatorConfig:
    """The emulator of each test: the fault spec given with ``indirect``, else none."""
    default = EmulatorConfig(token=EMULATOR_TOKEN, test_latency_ms=0)
    config: EmulatorConfig = getattr(request, "param", default)
    return config


@endless
def test_list_json_carries_the_partial_marker_and_exits_2(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("connections", "list", "--json")
    document = result.json()
    total = len(emulator.state.connections)
    assert result.code == 2
    assert document["partial"] is True
    assert document["partial_reason"].startswith(f"The server said the list has {total} items")
    assert len(document["results"]) >= total  # what was loaded is kept
    assert result.err.startswith("warning: incomplete listing: The server said the list has")


@endless
def test_the_table_is_printed_and_the_warning_goes_to_stderr(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("connections", "list")
    assert result.code == 2 and result.out.startswith("ID")
    assert "incomplete listing" in result.err and "incomplete" not in result.out


@endless
def test_export_is_written_marked_partial_and_exits_2(
    emulator: EmulatorServer, run: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "export.json"
    result = run("export", "--out", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert result.code == 2 and document["partial"] is True
    assert "kept sending pages" in document["partial_reason"]
    assert "incomplete listing" in result.err


@endless
def test_check_of_a_partial_listing_exits_2_and_says_so(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("check", "--json")
    report = result.json()
    assert result.code == 2 and report["exit_code"] == 2 and report["partial"] is True


def test_a_complete_listing_says_partial_false(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("connections", "list", "--json")
    assert result.code == 0 and result.json()["partial"] is False
    assert result.json()["partial_reason"] is None and result.err == ""


@pytest.mark.parametrize("emulator_config", [BAD_ITEM], indirect=True)
def test_an_item_left_out_is_not_silent_the_export_exits_2(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("export")
    document = json.loads(result.out)
    assert result.code == 2 and len(document["problems"]) == 1
    assert len(document["connectors"]) == len(emulator.state.connectors) - 1
    assert result.err.startswith("warning: left out: connector ")
