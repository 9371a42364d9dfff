"""The floors: the same requests made with plain httpx and parsed with pydantic, nothing else.

    python bench/raw.py fetch URL TOKEN [PAGE_SIZE] [CONCURRENCY]
    python bench/raw.py memory URL TOKEN

``fetch`` prints ``BENCH fetched <n> <seconds>`` (the floor of the headless ``connections list``);
``memory`` prints ``BENCH data_kib <n>``: how much the resident set grows to hold the parsed
connections (measured after the imports and after a collection, so it is the data alone).
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

PATH = "/api/v2/connections/alm/"


def _page_model() -> Any:
    from pydantic import BaseModel

    from tui.api.models import Connection

    class ConnectionPage(BaseModel):
        count: int
        next: str | None = None
        results: list[Connection]

    return ConnectionPage


async def fetch_all(url: str, token: str, page_size: int = 100, concurrency: int = 4) -> list[Any]:
    """Every connection: page 1, then the other pages ``concurrency`` at a time, each page
    validated straight from its bytes (``model_validate_json``)."""
    import httpx

    page_model = _page_model()
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    params = {"page_size": str(page_size), "include": "last_job"}
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=httpx.Limits(max_connections=10)
    ) as client:
        first = await client.get(PATH, params=params)
        first.raise_for_status()
        page = page_model.model_validate_json(first.content)
        items = list(page.results)
        pages = -(-page.count // page_size)
        slots = asyncio.Semaphore(concurrency)

        async def one(number: int) -> list[Any]:
            async with slots:
                response = await client.get(PATH, params={**params, "page": str(number)})
            response.raise_for_status()
            return list(page_model.model_validate_json(response.content).results)

        for chunk in await asyncio.gather(*(one(n) for n in range(2, pages + 1))):
            items.extend(chunk)
    return items


async def test_all(url: str, token: str, bodies: list[dict[str, Any]], concurrency: int) -> int:
    """POST every body to ``testalm``, ``concurrency`` at a time; returns how many passed."""
    import httpx

    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    slots = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=httpx.Limits(max_connections=10), timeout=60
    ) as client:

        async def one(body: dict[str, Any]) -> bool:
            async with slots:
                response = await client.post("/api/v2/connections/testalm/", json=body)
            return bool(response.json().get("success"))

        return sum(await asyncio.gather(*(one(b) for b in bodies)))


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def data_kib(url: str, token: str) -> int:
    import gc

    import httpx  # noqa: F401  (imported before the first reading: only the data is counted)

    _page_model()
    gc.collect()
    before = rss_kib()
    items = asyncio.run(fetch_all(url, token))
    gc.collect()
    after = rss_kib()
    assert items
    return after - before


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in ("fetch", "memory"):
        print(__doc__, file=sys.stderr)
        return 2
    url, token = argv[1], argv[2]
    if argv[0] == "memory":
        print(f"BENCH data_kib {data_kib(url, token)}", file=sys.stderr)
        return 0
    page_size = int(argv[3]) if len(argv) > 3 else 100
    concurrency = int(argv[4]) if len(argv) > 4 else 4
    started = time.perf_counter()
    items = asyncio.run(fetch_all(url, token, page_size, concurrency))
    print(f"BENCH fetched {len(items)} {time.perf_counter() - started:.6f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
