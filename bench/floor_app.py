"""The floor of the ``--demo`` figure: the least a Textual app can do to show a first page of
connections with the stack the product fixes (httpx for HTTP, pydantic for validation).

A bare app (one static line) that, after its first frame, imports httpx and pydantic, GETs the
first page of connections from an emulator that is already running (its start-up is not
counted), validates it with a three-field model and shows the aliases. No config, no table, no
names fetch, no secrets registry, not even our models (their schema build is ~25 ms more):
whatever ``sde-alm --demo`` needs beyond this is ours to cut; this part is not.

    SDE_SERVER=http://127.0.0.1:PORT SDE_API_TOKEN=... python bench/floor_app.py
"""

from __future__ import annotations

import os

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

FIRST_PAGE = 100  # the first page sde-alm asks for


class FloorApp(App[None]):
    """Paints, then fetches and validates one page and shows it."""

    rows_shown = False
    """Set when the static holds the page's rows (the next frame paints them)."""

    def compose(self) -> ComposeResult:
        yield Static("loading", id="rows")

    def on_mount(self) -> None:
        self.call_after_refresh(lambda: self.run_worker(self.fetch()))

    async def fetch(self) -> None:
        import httpx
        from pydantic import BaseModel, TypeAdapter

        class Row(BaseModel):
            id: int
            alias: str
            project: int

        headers = {"Authorization": f"Token {os.environ['SDE_API_TOKEN']}"}
        server = os.environ["SDE_SERVER"]  # plain http: no trust store to load, as sde-alm does
        async with httpx.AsyncClient(base_url=server, headers=headers, verify=False) as client:
            answer = await client.get(
                "/api/v2/connections/alm/",
                params={"page_size": str(FIRST_PAGE), "include": "last_job"},
            )
        rows = TypeAdapter(list[Row]).validate_python(answer.json()["results"])
        text = Content("\n".join(row.alias for row in rows[:40]))  # plain: aliases are server data
        self.query_one(Static).update(text, layout=False)
        self.rows_shown = True


def main() -> int:
    FloorApp().run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
