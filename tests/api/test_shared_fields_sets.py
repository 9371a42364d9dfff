"""Connections listed together share pydantic's fields-set objects (bench/per_row.py: 43% of a
loaded row), without one model's changes reaching another."""

from __future__ import annotations

from tui.api.models import Connection
from tui.api.paging import parse_page


def _item(id: int, *, with_job: bool) -> dict[str, object]:
    item: dict[str, object] = {
        "id": id,
        "alias": f"c{id}",
        "system": {"id": "jira", "name": "JIRA"},
        "params": {"alm_server": "h"},
        "connector": 1,
        "project": 1,
    }
    if with_job:
        item["last_job"] = {"id": id, "succeeded": True, "last_run": "2026-11-30T07:39:00Z"}
    return item


def test_models_given_the_same_fields_share_one_fields_set_and_read_it_right() -> None:
    page = {"results": [_item(1, with_job=True), _item(2, with_job=True), _item(3, with_job=False)]}
    result, _ = parse_page(page, Connection, "connection")
    first, second, third = result.items
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    assert first.system.__pydantic_fields_set__ is second.system.__pydantic_fields_set__
    assert "last_job" in first.model_fields_set and "last_job" not in third.model_fields_set
    assert third.__pydantic_fields_set__ is not first.__pydantic_fields_set__


def test_a_copy_with_changes_gets_its_own_fields_set() -> None:
    page = {"results": [_item(1, with_job=False), _item(2, with_job=False)]}
    result, _ = parse_page(page, Connection, "connection")
    first, second = result.items
    changed = first.model_copy(update={"last_job": None})
    assert "last_job" in changed.model_fields_set
    assert "last_job" not in first.model_fields_set
    assert "last_job" not in second.model_fields_set
