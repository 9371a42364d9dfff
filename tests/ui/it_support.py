"""The emulator as a current SD Elements server: Issue Tracker param names both ways.

Until the emulator serves the Issue Tracker family itself, a transport renames what it answers
(``vocab.translate_params`` on every ``params``, the rule issue-tracker-api.md section 3 states
exactly) and renames what the app sends back into the names the emulator stores. The bodies the
app really sent are kept, so a test sees the wire as a current server would.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from tui.api.vocab import ALM, ISSUE_TRACKER, Vocabulary, param_suffix, translate_params


def rename(value: Any, to: Vocabulary) -> Any:
    """Every ``params`` mapping (and every schema field name) in a JSON document, renamed."""
    if isinstance(value, list):
        return [rename(item, to) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: rename(item, to) for key, item in value.items()}
    if isinstance(out.get("params"), dict):
        out["params"] = translate_params(out["params"], to)
    name = out.get("name")
    if "field_type" in out and isinstance(name, str) and param_suffix(name) is not None:
        out["name"] = to.key(param_suffix(name) or "")
    return out


class IssueTrackerTransport(httpx.AsyncBaseTransport):
    """Answers in Issue Tracker names; ``sent`` holds (method, path, body) as the app wrote them."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.sent: list[tuple[str, str, Any]] = []
        self.schemas = True
        """False: no system's schema is served (the forms fall back to their catalogue)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if not self.schemas and path.startswith("/api/v2/plugins/") and path.count("/") > 5:
            body = json.dumps({"detail": "Not found."}).encode()
            headers = {"content-type": "application/json"}
            return httpx.Response(404, content=body, headers=headers, request=request)
        if request.method != "GET":
            body = json.loads(request.content) if request.content else None
            self.sent.append((request.method, request.url.path, body))
            if body is not None:
                headers = {k: v for k, v in request.headers.items() if k != "content-length"}
                request = httpx.Request(
                    request.method,
                    request.url,
                    headers=headers,
                    content=json.dumps(rename(body, ALM)).encode(),
                    extensions=request.extensions,
                )
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        if "json" not in response.headers.get("content-type", "") or not content:
            return httpx.Response(
                response.status_code, headers=response.headers, content=content, request=request
            )
        document = rename(json.loads(content), ISSUE_TRACKER)
        if not self.schemas and path.startswith("/api/v2/plugins/"):
            for system in document.get("results", []):
                system.pop("sections", None)  # the list names the systems, nothing more
        renamed = json.dumps(document).encode()
        headers = {k: v for k, v in response.headers.items() if k != "content-length"}
        return httpx.Response(
            response.status_code, headers=headers, content=renamed, request=request
        )

    def writes(self) -> list[tuple[str, str, Any]]:
        return [entry for entry in self.sent if "testalm" not in entry[1]]
