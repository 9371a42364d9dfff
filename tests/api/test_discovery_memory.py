"""The remembered family per server: a small JSON file, written atomically, read warily."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.api.discovery import FamilyMemory, is_endpoint_root
from tui.api.vocab import ApiFamily


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "api-families.json"


def test_a_remembered_family_survives_the_process(cache: Path) -> None:
    FamilyMemory(lambda: cache).remember("https://SDE.example.com/sde", ApiFamily.ISSUE_TRACKER)
    later = FamilyMemory(lambda: cache)
    assert later.recall("https://sde.example.com/sde/") is ApiFamily.ISSUE_TRACKER
    assert later.recall("https://sde.example.com") is None  # another context root
    assert [p.name for p in cache.parent.iterdir()] == [cache.name]  # no temporary file left


@pytest.mark.parametrize(
    "text",
    ["{", "[]", '{"servers": []}', '{"servers": {"https://a.example.com": "soap"}}'],
)
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(cache: Path, text: str) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_text(text)
    memory = FamilyMemory(lambda: cache)
    assert memory.recall("https://a.example.com") is None
    memory.remember("https://a.example.com", ApiFamily.ALM)
    assert json.loads(cache.read_text())["servers"] == {"https://a.example.com": "alm"}


def test_the_file_keeps_the_most_recent_servers_only(cache: Path) -> None:
    memory = FamilyMemory(lambda: cache)
    for port in range(1, 106):  # e.g. the demo's random loopback ports
        memory.remember(f"http://127.0.0.1:{port}", ApiFamily.ALM)
    servers = json.loads(cache.read_text())["servers"]
    assert len(servers) == 100 and "http://127.0.0.1:105" in servers
    assert "http://127.0.0.1:5" not in servers


def test_an_unwritable_cache_dir_only_costs_a_probe_next_time(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    path = blocked / "api-families.json"
    memory = FamilyMemory(lambda: path)
    memory.remember("https://a.example.com", ApiFamily.ALM)  # no error
    assert memory.recall("https://a.example.com") is ApiFamily.ALM  # this process still knows
    assert FamilyMemory(lambda: path).recall("https://a.example.com") is None


def test_forgetting_removes_the_server_from_the_file(cache: Path) -> None:
    memory = FamilyMemory(lambda: cache)
    memory.remember("https://a.example.com", ApiFamily.ALM)
    memory.remember("https://b.example.com", ApiFamily.ISSUE_TRACKER)
    memory.forget("https://a.example.com")
    assert json.loads(cache.read_text())["servers"] == {"https://b.example.com": "issue-tracker"}


@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("/api/v2/connections/alm/", True),
        ("/sde/api/v2/connectors/issue-tracker/", True),
        ("/api/v2/connections/testissuetracker/", True),
        ("/api/v2/jobs/issue-tracker/", True),
        ("/api/v2/plugins/alm/", True),
        ("/api/v2/connections/alm/5/", False),
        ("/api/v2/plugins/alm/trac/", False),
        ("/api/v2/projects/", False),
    ],
)
def test_endpoint_roots_are_lists_and_test_paths_not_objects(path: str, root: bool) -> None:
    assert is_endpoint_root(path) is root
