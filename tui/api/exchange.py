"""What one HTTP attempt sent and got back: headers and bodies, redacted when captured, bounded.

Nothing unredacted is ever kept: credentials in headers are replaced, secret-named keys (and the
schema's masked params) become ``<redacted>``, known secret values are scrubbed from every string,
and a body keeps about ``BODY_CHARS`` characters (~8 k). Only what is kept is walked, so capturing a
page of a thousand connections costs the same as capturing one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pydantic_core

from tui.api.calllog import loggable_path
from tui.api.secrets import redact_header, redact_object, scrub

if TYPE_CHECKING:
    import httpx

    from tui.api.transport import RawResponse

BODY_CHARS = 8_000
"""About how many characters of a body are kept (a whole page of 1000 rows is far more)."""
_PARSE_BYTES = 2**20
"""Bodies the client did not parse itself (error answers) are parsed up to this size."""
_SCRUB_MARGIN = 1_024
"""Text scrubbed past the cut, so a secret across it cannot show its first characters."""

Headers = tuple[tuple[str, str], ...]
_WALKED = frozenset({dict, list})


@dataclass(frozen=True, slots=True)
class Body:
    """A redacted body: compact JSON (``is_json``) or text, and how much of it was kept."""

    text: str
    size: int
    """Bytes on the wire."""
    truncated: bool
    is_json: bool


@dataclass(slots=True)
class Exchange:
    """One attempt's request and response, as the API log's detail shows them."""

    url: str
    """Full URL; secret-looking query values redacted."""
    request_headers: Headers
    request_body: Body | None
    response_headers: Headers = ()
    """Empty when no answer came."""
    response_body: Body | None = None
    released: bool = field(default=False)
    """True once the call log dropped the headers and bodies to bound its memory."""

    def release(self) -> None:
        self.request_headers = self.response_headers = ()
        self.request_body = self.response_body = None
        self.released = True


NOT_PARSED: Any = object()


def capture(
    request: httpx.Request,
    response: RawResponse | None,
    *,
    parsed: Any = NOT_PARSED,
    masked_fields: Iterable[str] = (),
) -> Exchange:
    """The redacted exchange; ``parsed`` is the answer's JSON when the client parsed it already."""
    masked = frozenset(masked_fields)
    url = request.url
    port = f":{url.port}" if url.port else ""
    return Exchange(
        url=f"{url.scheme}://{url.host}{port}{loggable_path(url)}",
        request_headers=_headers(request.headers.multi_items()),
        request_body=_body(request.content, NOT_PARSED, masked),
        response_headers=_headers(response.headers.multi_items()) if response else (),
        response_body=_body(response.content, parsed, masked) if response else None,
    )


def _headers(items: Iterable[tuple[str, str]]) -> Headers:
    return tuple((name, redact_header(name, value)) for name, value in items)


def _body(content: bytes, parsed: Any, masked: frozenset[str]) -> Body | None:
    if not content:
        return None
    value = parsed
    if value is NOT_PARSED and len(content) <= _PARSE_BYTES:
        try:  # strict, and bounded in depth (json.loads recurses without limit)
            value = pydantic_core.from_json(content, allow_inf_nan=False)
        except ValueError:
            value = NOT_PARSED
    if value is NOT_PARSED:
        text = content[: BODY_CHARS * 4].decode("utf-8", "replace")
        kept = scrub(text[: BODY_CHARS + _SCRUB_MARGIN])[:BODY_CHARS]
        cut = len(text) > BODY_CHARS or len(content) > BODY_CHARS * 4
        return Body(kept, len(content), cut, is_json=False)
    clip = _Clip(BODY_CHARS)
    kept_value = redact_object(clip.value(value), masked)
    return Body(json.dumps(kept_value, ensure_ascii=False), len(content), clip.cut, is_json=True)


class _Clip:
    """A copy of JSON data cut to about ``budget`` characters, every string scrubbed."""

    def __init__(self, budget: int) -> None:
        self.left = budget
        self.cut = False

    def value(self, value: Any) -> Any:
        if isinstance(value, dict):
            out: dict[Any, Any] = {}
            for key, item in value.items():
                if self.left <= 0:
                    self.cut = True
                    out["…"] = f"{len(value) - len(out)} more keys not kept"
                    break
                self.left -= len(key) + 4 if type(key) is str else 8
                out[key] = self.value(item) if type(item) in _WALKED else self._scalar(item)
            return out
        if isinstance(value, list):
            kept: list[Any] = []
            for item in value:
                if self.left <= 0:
                    self.cut = True
                    kept.append(f"… {len(value) - len(kept)} more items not kept")
                    break
                kept.append(self.value(item) if type(item) in _WALKED else self._scalar(item))
            return kept
        return self._scalar(value)

    def _scalar(self, value: Any) -> Any:
        if type(value) is not str:
            self.left -= 6
            return value
        text = scrub(value) if len(value) >= 6 else value
        room = max(self.left, 40)
        self.left -= len(text) + 2
        if len(text) > room:
            self.cut = True
            return f"{text[:room]}… (+{len(text) - room} chars)"
        return text
