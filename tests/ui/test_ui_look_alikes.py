"""The look-alike alias warning reads an index kept right by every add, edit and delete."""

from __future__ import annotations

from typing import Any

from ui_support import Harness, MakeApp, settle

from tui.api.models import Connection
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.session import Connections

ZWSP = "\u200b"


def connection(connection_id: int, alias: str) -> Connection:
    return Connection.model_validate({"id": connection_id, "alias": alias})


def test_the_index_follows_adds_edits_and_deletes() -> None:
    store = Connections({1: connection(1, "Payments"), 2: connection(2, "Lending")})
    assert store.look_alikes(store[1]) == []  # builds the index

    store[3] = connection(3, f"Pay{ZWSP}ments")  # added
    assert store.look_alikes(store[1]) == [3]
    store[2] = connection(2, "PAYMENTS")  # edited into a look-alike
    assert store.look_alikes(store[1]) == [2, 3]
    store[3] = connection(3, "Claims")  # edited away
    assert store.look_alikes(store[1]) == [2]
    assert store.look_alikes(store[3]) == []
    del store[2]
    assert store.look_alikes(store[1]) == []
    store[4] = connection(4, "Payments")  # the same string is a duplicate, not a look-alike
    assert store.look_alikes(store[1]) == []
    store.pop(4)
    store.clear()
    store[5] = connection(5, "payments")
    assert store.look_alikes(connection(1, "Payments")) == [5]


def test_a_list_assigned_to_the_session_is_indexed_too(make_app: MakeApp) -> None:
    session = make_app().session
    session.connections = {7: connection(7, "Claims"), 8: connection(8, f"Cla{ZWSP}ims")}
    assert isinstance(session.connections, Connections)
    assert session.connections.look_alikes(session.connections[7]) == [8]


def summary(app: Any) -> str:
    return str(app.screen.query_one("#detail-summary").render())


async def test_the_detail_warning_follows_renames_deletes_and_new_rows(
    make_app: MakeApp, harness: Harness
) -> None:
    rows = harness.state.connections
    alias = rows[1]["alias"]
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ConnectionsScreen)
        assert app.screen.table.current_key == 1
        assert "looks like" not in summary(app)  # the index now exists

        rows[2]["alias"] = alias.upper()  # another admin renames #2 into a look-alike
        await pilot.press("r")
        await settle(app, pilot)
        assert "looks like #2:" in summary(app)

        rows[2]["alias"] = "Something else"
        await pilot.press("r")
        await settle(app, pilot)
        assert "looks like" not in summary(app)

        rows[3]["alias"] = f"{alias[:2]}{ZWSP}{alias[2:]}"
        await pilot.press("r")
        await settle(app, pilot)
        assert "looks like #3:" in summary(app)

        del rows[3]  # deleted by someone else: the refresh drops it
        await pilot.press("r")
        await settle(app, pilot)
        assert "looks like" not in summary(app)

        new_id = max(rows) + 1
        rows[new_id] = {**rows[4], "id": new_id, "alias": f" {alias.lower()} "}
        await pilot.press("r")
        await settle(app, pilot)
        assert f"looks like #{new_id}:" in summary(app)
