"""Bytes per loaded connection against the bytes the server sent for it (issue 14's memory target).

    .venv/bin/python bench/per_row.py              # 10,000 and 100,000 connections
    .venv/bin/python bench/per_row.py 10000        # one size

For each size: an emulator with that many connections, the JSON bytes of the whole listing
(``include=last_job``, what the app asks for), then, measured with ``tracemalloc`` in this
process after the imports: the peak while ``AlmClient.list_connections`` loads it, what stays
allocated after, and what dominates that: the ``params`` dicts, the ``last_job`` models, the rest
of the models, pydantic's ``__pydantic_fields_set__`` sets (three models a row, shared by models
given the same fields), and the filter's search text (one string a row, built as the list screen
builds it).
Target: what stays <= 3x the response size. Render caches are not counted (they hold only the
rows on screen). tracemalloc counts Python allocations only, so the figures are a floor of RSS.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tracemalloc
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import TOKEN, emulator

TARGET = 3.0


async def _response_bytes(url: str) -> int:
    import httpx

    headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json"}
    total, page = 0, 1
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120) as client:
        while True:
            query = {"include": "last_job", "page_size": "1000", "page": str(page)}
            response = await client.get("/api/v2/connections/alm/", params=query)
            total += len(response.content)
            if response.json().get("next") is None:
                return total
            page += 1


def _deep_size(value: Any, seen: set[int]) -> int:
    """Bytes of ``value`` and what it holds, each object counted once (``seen``)."""
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        size += sum(_deep_size(k, seen) + _deep_size(v, seen) for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        size += sum(_deep_size(v, seen) for v in value)
    elif hasattr(value, "__dict__"):
        size += _deep_size(value.__dict__, seen)
        extra = getattr(value, "__pydantic_extra__", None)
        if extra:
            size += _deep_size(extra, seen)
    return size


def _fields_sets(model: Any, seen: set[int]) -> int:
    """Bytes of pydantic's ``__pydantic_fields_set__`` sets in ``model`` and the models it holds,
    each set counted once (models listed together share them; the set's table only: its strings
    are the shared field names)."""
    if not hasattr(model, "__pydantic_fields_set__"):
        return 0
    fields_set = model.__pydantic_fields_set__
    size = 0 if id(fields_set) in seen else sys.getsizeof(fields_set)
    seen.add(id(fields_set))
    return size + sum(_fields_sets(value, seen) for value in model.__dict__.values())


def measure(total: int) -> dict[str, float]:
    from tui.api.client import AlmClient
    from tui.ui.renderers.connections import connection_search_text

    with emulator(total) as url:
        sent = asyncio.run(_response_bytes(url))

        async def load() -> Any:
            async with AlmClient(url, TOKEN, trust_env=False, page_size=1000) as client:
                return await client.list_connections()

        asyncio.run(load())  # warm: imports, adapters and caches are not the data
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        result = asyncio.run(load())
        gc.collect()
        kept, peak = tracemalloc.get_traced_memory()
        session = SimpleNamespace(connectors={}, project_name=lambda _: None)
        search = [connection_search_text(session, c) for c in result.items]  # type: ignore[arg-type]
        with_search = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    assert len(result.items) == total, len(result.items)
    seen: set[int] = set()
    params = sum(_deep_size(c.params, seen) for c in result.items)
    jobs = sum(_deep_size(c.last_job, seen) for c in result.items)
    models = sum(_deep_size(c, seen) for c in result.items)  # what params and jobs left over
    sets_seen: set[int] = set()
    fields_sets = sum(_fields_sets(c, sets_seen) for c in result.items)
    del search
    return {
        "sent": sent / total,
        "peak": (peak - base) / total,
        "kept": (kept - base) / total,
        "params": params / total,
        "last_job": jobs / total,
        "rest of the models": models / total,
        "pydantic fields-set sets": fields_sets / total,
        "search text": (with_search - kept) / total,
    }


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    for total in sizes:
        row = measure(total)
        ratio = row["kept"] / row["sent"]
        met = "met" if ratio <= TARGET else "NOT met"
        print(f"{total:,} connections: the server sent {row['sent']:,.0f} B a row")
        print(f"  loaded and kept {row['kept']:,.0f} B a row = {ratio:.2f}x the response "
              f"(target <= {TARGET:g}x: {met}); peak while loading {row['peak']:,.0f} B a row "
              f"({row['peak'] / row['sent']:.2f}x)")
        parts = ("params", "last_job", "rest of the models", "pydantic fields-set sets")
        print("  of what is kept (deep sizes): " + ", ".join(
            f"{name} {row[name]:,.0f} B" for name in parts))
        print(f"  + the filter's search text {row['search text']:,.0f} B a row "
              f"(kept + search = {(row['kept'] + row['search text']) / row['sent']:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
