"""``--log-level debug``: one redacted line per request; ``trace``: the bodies too, redacted."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tui.api.client import AlmClient
from tui.api.errors import NotFound
from tui.api.exchange import capture
from tui.api.vocab import ApiFamily
from tui.api.wirelog import body_for_log
from tui.config.logging import setup_logging

BASE = "https://sde.example.com"
TOKEN = "request-log-canary-token"
SENT_PASSWORD = "sent-password-never-logged"
RECEIVED_PASSWORD = "received-password-never-logged"
CONNECTION = {
    "id": 7, "alias": "Jira main", "project": 1, "connector": 2, "frequency": "daily",
    "params": {"alm_pass": RECEIVED_PASSWORD, "alm_project": "SEC"},
}


def _server(request: httpx.Request) -> httpx.Response:
    if request.method == "PATCH":
        return httpx.Response(200, json={**CONNECTION, **json.loads(request.content)})
    if request.url.path.endswith("/99/"):
        return httpx.Response(404, json={"detail": "Not found."})
    return httpx.Response(200, json=CONNECTION)


@pytest.fixture(autouse=True)
def reset_logging() -> Iterator[None]:
    level = logging.getLogger().level
    yield
    setup_logging(None)
    logging.getLogger().setLevel(level)


@pytest.fixture
async def client() -> AsyncIterator[AlmClient]:
    alm = AlmClient(BASE, TOKEN, transport=httpx.MockTransport(_server), trust_env=False,
                    api_family=ApiFamily.ALM)
    yield alm
    await alm.aclose()


async def _talk(alm: AlmClient) -> None:
    await alm.get_connection(7)
    await alm.patch_connection(7, {"params": {"alm_pass": SENT_PASSWORD, "alm_project": "SEC"}})
    with pytest.raises(NotFound):
        await alm.get_connection(99)


def _read(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


async def test_debug_logs_one_line_per_request_without_bodies(
    client: AlmClient, tmp_path: Path
) -> None:
    path = setup_logging(str(tmp_path / "debug.log"), "debug")
    assert path is not None
    await _talk(client)
    lines = [line for line in _read(path).splitlines() if "tui.api.wire" in line]
    shapes = [re.search(r"(GET|PATCH) (\S+) (\d{3}) \d+ms", line) for line in lines]
    assert [(m.group(1), m.group(3)) for m in shapes if m] == [
        ("GET", "200"), ("PATCH", "200"), ("GET", "404")
    ], lines
    assert len(lines) == 3
    assert re.search(r"/7/\S* 200", lines[0])
    assert re.search(r"/99/\S* 404 \d+ms \(Not found\)", lines[2])
    text = _read(path)
    assert "body:" not in text and "SEC" not in text
    for secret in (TOKEN, SENT_PASSWORD, RECEIVED_PASSWORD):
        assert secret not in text


async def test_trace_adds_the_bodies_redacted(client: AlmClient, tmp_path: Path) -> None:
    path = setup_logging(str(tmp_path / "trace.log"), "trace")
    assert path is not None
    await _talk(client)
    text = _read(path)
    assert re.search(r"TRACE tui\.api\.wire: PATCH \S+ sent body: .*\"alm_project\": \"SEC\"", text)
    assert re.search(r"TRACE tui\.api\.wire: GET \S+ received body: .*Jira main", text)
    assert "Not found." in text  # an error answer's body too
    for secret in (TOKEN, SENT_PASSWORD, RECEIVED_PASSWORD):
        assert secret not in text
    assert "<redacted>" in text



def _logged(body: object) -> str:
    request = httpx.Request("POST", BASE, content=json.dumps(body).encode())
    captured = capture(request, None).request_body
    assert captured is not None
    return body_for_log(captured)


def test_a_body_is_redacted_by_key_even_when_the_secret_is_new() -> None:
    said = _logged({"params": {"alm_api_token": "never-registered-1"}, "alias": "x"})
    assert "never-registered-1" not in said and '"alias": "x"' in said


def test_a_long_body_is_cut_and_says_so() -> None:
    said = _logged({"rows": ["x" * 100] * 200})
    assert said.endswith("bytes in all)") and "… (cut; " in said


def test_a_jobs_message_is_logged_by_length_only() -> None:
    """Trackers echo credentials in it, often another object's that no redaction knows yet."""
    said = _logged({"last_job": {"id": 3, "result_message": "401 for svc / unknown-pw-42"}})
    assert "unknown-pw-42" not in said and '"id": 3' in said
    assert '"result_message": "<27 characters, not logged>"' in said
