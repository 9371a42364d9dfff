"""JSON answers with exactly `Content-Type: application/json`."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

from tui.emulator.json_types import JsonDict


def encode_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def encode_listing(head: JsonDict, results: list[bytes]) -> bytes:
    """`encode_json({**head, "results": [...]})` from results already encoded."""
    opening = encode_json({**head, "results": []})[:-2]  # all but the closing "]}"
    return opening + b", ".join(results) + b"]}"


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return encoded_response(encode_json(data), status, headers)


def encoded_response(
    body: bytes, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(body, status_code=status, headers=headers, media_type="application/json")
