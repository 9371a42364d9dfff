"""Opt-in page-number pagination, as DRF's PageNumberPagination does it.

Without `page_size` a list is {"results": [...all]}. With it: {"count", "next", "previous",
"results"}; `page` is 1-based (or "last"); an invalid page is 404 {"detail": "Invalid page."};
a non-integer or non-positive page_size falls back to 100.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from tui.emulator.errors import NotFound
from tui.emulator.json_types import JsonDict

DEFAULT_PAGE_SIZE = 100
# GUESS: the real maximum is undocumented; DRF silently caps at max_page_size.
MAX_PAGE_SIZE = 1000


def _page_size(raw: str) -> int:
    try:
        size = int(raw)
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return DEFAULT_PAGE_SIZE if size <= 0 else min(size, MAX_PAGE_SIZE)


def paginate(
    items: Sequence[Any], query: Mapping[str, list[str]], base_url: str
) -> tuple[JsonDict, Sequence[Any]]:
    """The list body without its results, and the slice of items that go in them."""
    if "page_size" not in query:
        return {}, items
    size = _page_size(query["page_size"][-1])
    pages = max(1, math.ceil(len(items) / size))
    raw_page = query.get("page", ["1"])[-1]
    if raw_page == "last":
        page = pages
    else:
        try:
            page = int(raw_page)
        except ValueError:
            raise NotFound("Invalid page.") from None
    if not 1 <= page <= pages:
        raise NotFound("Invalid page.")
    body: JsonDict = {
        "count": len(items),
        "next": _link(base_url, query, page + 1) if page < pages else None,
        "previous": _link(base_url, query, page - 1) if page > 1 else None,
    }
    return body, items[(page - 1) * size : page * size]


def _link(base_url: str, query: Mapping[str, list[str]], page: int) -> str:
    """The request URL with `page` replaced (dropped for page 1), query sorted as DRF does."""
    params = {k: v for k, v in query.items() if k != "page"}
    if page > 1:
        params["page"] = [str(page)]
    encoded = urlencode(sorted(params.items()), doseq=True)
    return f"{base_url}?{encoded}" if encoded else base_url
