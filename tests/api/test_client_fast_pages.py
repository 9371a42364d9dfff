"""Big list pages are validated straight from their bytes, with the same outcome as the careful
path: same models, same secrets registered; anything unusual takes the careful path."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from tui.api import paging
from tui.api.client import AlmClient
from tui.api.errors import MalformedResponse
from tui.api.models import Connection
from tui.api.secrets import registry

from .api_support import RALLY_CONNECTION, connection, page

LIST = "/api/v2/connections/alm/"


def careful_path_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(model: Any) -> Any:
        raise AssertionError("the careful (item by item) path ran")

    monkeypatch.setattr(paging, "_list_adapter", refuse)


async def test_a_clean_page_is_validated_in_one_pass(
    api: respx.MockRouter, client: AlmClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [RALLY_CONNECTION, connection(2), connection(3, extra_key={"kept": True})]
    api.get(LIST).respond(json=page(items, count=3))
    careful_path_forbidden(monkeypatch)
    result = await client.list_connections()
    assert result.items == [Connection.model_validate(item) for item in items]
    assert result.items[2].extras() == {"extra_key": {"kept": True}}
    assert result.problems == []


@pytest.mark.parametrize("body", [
    b'{"count": 1, "next": null, "previous": null, "results": [{"id": 1, "alias": NaN}]}',
    b'{"results": [{"id": 1, "alias": "x", "params": {"n": Infinity}}]}',
])
async def test_nan_or_infinity_is_still_refused_as_strict_json(
    api: respx.MockRouter, client: AlmClient, body: bytes
) -> None:
    api.get(LIST).respond(content=body, headers={"content-type": "application/json"})
    with pytest.raises(MalformedResponse):
        await client.list_connections()


async def test_the_word_nan_in_a_string_only_means_the_careful_path(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get(LIST).respond(json=page([connection(1, alias="NaN Project")], count=1))
    result = await client.list_connections()
    assert [c.alias for c in result.items] == ["NaN Project"]


async def test_one_bad_item_takes_the_careful_path_and_the_rest_is_kept(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get(LIST).respond(json=page([connection(1), connection(2, alias=None)], count=2))
    result = await client.list_connections()
    assert [c.id for c in result.items] == [1]
    assert [p.item_id for p in result.problems] == [2]


async def test_secrets_of_a_fast_page_are_registered_wherever_params_hide(
    api: respx.MockRouter, client: AlmClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = connection(
        1,
        params={**RALLY_CONNECTION["params"], "alm_pass": "Fast-Pw-123456"},
        embedded={"params": {"password": "Nested-Pw-98765"}},
        system={**RALLY_CONNECTION["system"], "params": {"api_token": "Sys-Tok-55555"}},
        last_job={"id": 9, "succeeded": False, "params": {"secret": "Job-Secret-4242"}},
    )
    api.get(LIST).respond(json=page([item], count=1))
    careful_path_forbidden(monkeypatch)
    await client.list_connections()
    for secret in ("Fast-Pw-123456", "Nested-Pw-98765", "Sys-Tok-55555", "Job-Secret-4242"):
        assert secret in registry, secret
