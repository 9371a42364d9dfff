"""Form test support: a transport that makes writes fail before or after they land."""

from __future__ import annotations

import json

import httpx


class WriteFaults(httpx.AsyncBaseTransport):
    """Passes requests to the emulator; a write can be made to fail before or after it lands.

    ``before``: the write never reaches the server (ConnectError: nothing was sent).
    ``lost``: the write never reaches the server, and the answer is a read timeout.
    ``after``: the server applies the write, then the answer is lost (ReadTimeout).
    ``reread``: like ``after``, and every later GET fails too.
    ``reject``: the write is answered 400 with ``rejection`` (a DRF field-error body).
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.mode: str | None = None
        self.methods = ("PATCH", "POST", "DELETE")
        self.seen: list[httpx.Request] = []
        self.rejection: dict[str, object] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        write = request.method in self.methods and "testalm" not in request.url.path
        if self.mode == "reread-failing" and request.method == "GET":
            raise httpx.ConnectError("refused", request=request)
        if write and self.mode == "before":
            raise httpx.ConnectError("connection refused", request=request)
        if write and self.mode == "reject":
            body = json.dumps(self.rejection).encode()
            headers = {"content-type": "application/json"}
            return httpx.Response(400, content=body, headers=headers, request=request)
        if write and self.mode == "lost":
            raise httpx.ReadTimeout("timed out", request=request)
        response = await self.inner.handle_async_request(request)
        if write and self.mode in ("after", "reread"):
            await response.aread()
            if self.mode == "reread":
                self.mode = "reread-failing"
            raise httpx.ReadTimeout("timed out", request=request)
        return response
