"""Fault injection for `/api/v2/` requests: the failures a real network and server produce.

Spec format (`--faults SPEC`): comma-separated `kind:value` pairs, for example
    500:0.1,502:0.05,503:0.05,429:0.05,reset:0.02,truncate:0.02,drip:0.01,redirect:0.01,latency:200,jitter:100,retry-after:2

Probability kinds (value 0..1, chance per request; one seeded draw per request picks at most
one of them, so their sum must not exceed 1):
    500       HTTP 500 with Django's HTML error page (text/html)
    502       HTTP 502 with an nginx "Bad Gateway" HTML page (text/html)
    503       HTTP 503 with an HTML maintenance page and `Retry-After: <retry-after>`
    429       HTTP 429 {"detail": "Request was throttled. Expected available in N seconds."}
              with `Retry-After: N` (N = retry-after)
    reset     the connection is closed without any response (TCP RST where the socket allows
              it); httpx raises RemoteProtocolError or ReadError. In-process (ASGITransport)
              there is no socket, so the emulator raises httpx.RemoteProtocolError itself.
    truncate  the real status and `Content-Type: application/json`, but only the first half
              of the body (Content-Length matches the half): the client gets invalid JSON
    drip      the real answer, its body sent one byte every 0.5 s (trips read timeouts)
    redirect  HTTP 302 to http://elsewhere.invalid/<same path and query>
Value kinds:
    latency      milliseconds added to every /api/v2/ answer
    jitter       up to this many extra milliseconds, drawn uniformly per request
    retry-after  seconds for Retry-After on 429 and 503 (integer, default 1); a value beyond any
                 client deadline (e.g. 86400) is a server that asks to wait "a day"
Answer-shaping kinds (every answer they apply to, not drawn; they combine with the above):
    endless-next  1: every paged list answer links a next page, forever (past the last page, page
                  1's items come again under the new page number): a server that never ends
    lying-count   N: every paged list answer reports `count: N` whatever the truth
    bad-item      1: the first item of every list answer has `"system": null` (a connector
                  without a system cannot be read; a connection without one can)
    slow-patch    seconds: a PATCH is applied and stored at once, but its answer comes only
                  after this delay (a client's deadline expires on a write that took effect)
The random draws come from a generator seeded with the emulator's --seed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import socket
import struct
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PROBABILITY_KINDS = ("500", "502", "503", "429", "reset", "truncate", "drip", "redirect")
VALUE_KINDS = ("latency", "jitter", "retry-after")
SHAPING_KINDS = ("endless-next", "lying-count", "bad-item", "slow-patch")
_SWITCHES = ("endless-next", "bad-item")
_WHOLE = ("retry-after", "lying-count")
DRIP_INTERVAL = 0.5

_HTML_500 = (
    '<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n'
    "<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"
)
_HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_HTML_503 = (
    "<!doctype html>\n<html><head><title>SD Elements - Maintenance</title></head>\n"
    "<body><h1>SD Elements is undergoing scheduled maintenance</h1>\n"
    "<p>Please try again in a few minutes.</p></body></html>\n"
)


class FaultSpecError(ValueError):
    """The --faults spec cannot be parsed; the message names the bad part."""


@dataclass(frozen=True)
class FaultPlan:
    chances: tuple[tuple[str, float], ...] = ()
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    retry_after: int = 1
    endless_next: bool = False
    lying_count: int | None = None
    bad_item: bool = False
    slow_patch_s: float = 0.0

    @property
    def shapes_answers(self) -> bool:
        """True when some answers are rewritten (the shaping kinds)."""
        return (
            self.endless_next
            or self.lying_count is not None
            or self.bad_item
            or self.slow_patch_s > 0
        )

    @classmethod
    def parse(cls, spec: str) -> FaultPlan:
        chances: dict[str, float] = {}
        values: dict[str, float] = {}
        for raw in spec.split(","):
            part = raw.strip()
            if not part:
                continue
            kind, sep, text = part.partition(":")
            kind = kind.strip().lower()
            if not sep:
                raise FaultSpecError(f'fault "{part}": expected kind:value, e.g. 500:0.1')
            if kind not in PROBABILITY_KINDS + VALUE_KINDS + SHAPING_KINDS:
                known = ", ".join(PROBABILITY_KINDS + VALUE_KINDS + SHAPING_KINDS)
                raise FaultSpecError(f'fault "{part}": unknown kind "{kind}" (known: {known})')
            try:
                number = float(text)
            except ValueError:
                raise FaultSpecError(f'fault "{part}": "{text}" is not a number') from None
            if kind in PROBABILITY_KINDS:
                if not 0.0 <= number <= 1.0:
                    raise FaultSpecError(f'fault "{part}": probability must be between 0 and 1')
                chances[kind] = number
            else:
                if number < 0:
                    raise FaultSpecError(f'fault "{part}": value must not be negative')
                if kind in _WHOLE and not number.is_integer():
                    what = "whole seconds" if kind == "retry-after" else "a whole number"
                    raise FaultSpecError(f'fault "{part}": {kind} must be {what}')
                if kind in _SWITCHES and number not in (0, 1):
                    raise FaultSpecError(f'fault "{part}": {kind} is 1 (on) or 0 (off)')
                values[kind] = number
        total = sum(chances.values())
        if total > 1.0 + 1e-9:
            raise FaultSpecError(f"fault probabilities add up to {total:g}, more than 1")
        lying = values.get("lying-count")
        return cls(
            tuple(chances.items()),
            values.get("latency", 0.0),
            values.get("jitter", 0.0),
            int(values.get("retry-after", 1)),
            endless_next=values.get("endless-next", 0) == 1,
            lying_count=None if lying is None else int(lying),
            bad_item=values.get("bad-item", 0) == 1,
            slow_patch_s=values.get("slow-patch", 0.0),
        )


@dataclass
class FaultInjector:
    """Draws a fault per request from a seeded generator and plays it."""

    plan: FaultPlan
    seed: int
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def draw(self) -> tuple[str | None, float]:
        """The fault for the next request (or None) and the extra delay in milliseconds."""
        delay = self.plan.latency_ms
        if self.plan.jitter_ms:
            delay += self.rng.uniform(0, self.plan.jitter_ms)
        roll = self.rng.random()
        for kind, chance in self.plan.chances:
            if roll < chance:
                return kind, delay
            roll -= chance
        return None, delay

    async def play(
        self,
        kind: str,
        app: ASGIApp,
        scope: Scope,
        receive: Receive,
        raw_receive: Receive,
        send: Send,
    ) -> int:
        """Answer with fault `kind`; returns the status sent (0 when nothing was)."""
        n = self.plan.retry_after
        if kind == "500":
            return await _send(send, 500, _HTML_500.encode(), "text/html; charset=utf-8")
        if kind == "502":
            return await _send(send, 502, _HTML_502.encode(), "text/html; charset=utf-8")
        if kind == "503":
            return await _send(
                send,
                503,
                _HTML_503.encode(),
                "text/html; charset=utf-8",
                [(b"retry-after", str(n).encode())],
            )
        if kind == "429":
            throttled = f'{{"detail": "Request was throttled. Expected available in {n} seconds."}}'
            return await _send(
                send,
                429,
                throttled.encode(),
                "application/json",
                [(b"retry-after", str(n).encode())],
            )
        if kind == "redirect":
            query = scope.get("query_string", b"").decode("latin-1")
            location = f"http://elsewhere.invalid{scope['path']}" + (f"?{query}" if query else "")
            return await _send(
                send,
                302,
                b"",
                "text/html; charset=utf-8",
                [(b"location", location.encode("latin-1"))],
            )
        if kind == "reset":
            await _reset(send)
            return 0
        start, body = await _capture(app, scope, receive)
        status: int = start["status"]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if kind == "truncate":
            half = body[: len(body) // 2]
            await send({**start, "headers": [*headers, _length(half)]})
            await send({"type": "http.response.body", "body": half})
            return status
        await send({**start, "headers": [*headers, _length(body)]})
        await _drip(body, send, raw_receive)
        return status


    async def shape(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer through ``app``, rewritten by the shaping kinds that apply to the request."""
        method = scope["method"]
        if method == "PATCH" and self.plan.slow_patch_s > 0:
            start, body = await _capture(app, scope, receive)  # stored before the delay
            await asyncio.sleep(self.plan.slow_patch_s)
            await _send_body(send, start, body)
            return
        if method != "GET":
            await app(scope, receive, send)
            return
        start, body = await _capture(app, scope, receive)
        page = _page_number(scope)
        if self.plan.endless_next and start["status"] == 404 and page > 1:
            # Past the last page: page 1's items again, under the asked page number.
            start, body = await _capture(app, _with_page(scope, 1), _no_body)
        if start["status"] == 200:
            body = self._shape_list(body, scope, page)
        await _send_body(send, start, body)

    def _shape_list(self, body: bytes, scope: Scope, page: int) -> bytes:
        try:
            value: Any = json.loads(body)
        except ValueError:
            return body
        results = value.get("results") if isinstance(value, dict) else None
        if not isinstance(results, list):
            return body
        if self.plan.bad_item and results and isinstance(results[0], dict):
            results[0] = {**results[0], "system": None}
        if "count" in value:  # a paged answer
            if self.plan.lying_count is not None:
                value["count"] = self.plan.lying_count
            if self.plan.endless_next:
                value["next"] = _page_link(scope, page + 1)
        return json.dumps(value).encode()


def _page_number(scope: Scope) -> int:
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    raw = query.get("page", "1")
    return int(raw) if raw.isdigit() else 1


def _with_page(scope: Scope, page: int) -> Scope:
    pairs = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))
             if k != "page"]
    query = urlencode(sorted([*pairs, ("page", str(page))])).encode("latin-1")
    return {**scope, "query_string": query}


def _page_link(scope: Scope, page: int) -> str:
    """This request's URL with ``page`` set (an absolute link, as DRF writes them)."""
    headers = dict(scope.get("headers", []))
    host = headers.get(b"host", b"testserver").decode("latin-1")
    query = _with_page(scope, page)["query_string"].decode("latin-1")
    return f"{scope.get('scheme', 'http')}://{host}{scope['path']}?{query}"


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send_body(send: Send, start: Message, body: bytes) -> None:
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    await send({**start, "headers": [*headers, _length(body)]})
    await send({"type": "http.response.body", "body": body})


def _length(body: bytes) -> tuple[bytes, bytes]:
    return (b"content-length", str(len(body)).encode())


async def _send(
    send: Send,
    status: int,
    body: bytes,
    content_type: str,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> int:
    headers = [(b"content-type", content_type.encode()), _length(body), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    return status


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[Message, bytes]:
    """Run the app and keep its whole answer instead of sending it."""
    messages: list[Message] = []

    async def keep(message: Message) -> None:
        messages.append(message)

    await app(scope, receive, keep)
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start, body


async def _drip(body: bytes, send: Send, raw_receive: Receive) -> None:
    """Send a byte at a time; stop early when the client goes away."""
    gone = asyncio.ensure_future(raw_receive())
    try:
        for index in range(len(body)):
            if gone.done():
                return
            last = index == len(body) - 1
            await send(
                {
                    "type": "http.response.body",
                    "body": body[index : index + 1],
                    "more_body": not last,
                }
            )
            if not last:
                await asyncio.wait({gone}, timeout=DRIP_INTERVAL)
        if not body:
            await send({"type": "http.response.body", "body": b""})
    finally:
        gone.cancel()


async def _reset(send: Send) -> None:
    """Drop the connection without answering.

    Under uvicorn `send` is a bound method of the request cycle, which holds the asyncio
    transport: setting SO_LINGER to 0 and closing it makes the kernel send a TCP RST. Waiting
    a loop turn lets uvicorn see the disconnect, so it neither answers 500 nor logs an error.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        import httpx  # only in-process, where httpx is the client anyway

        raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        # Without SO_LINGER the close below still drops the connection, with a FIN.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.close()
    for _ in range(3):
        await asyncio.sleep(0)
