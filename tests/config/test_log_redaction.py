"""The log file is private and every line in it is redacted."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.api.secrets import registry
from tui.config.logging import redact_text, setup_logging


@pytest.fixture(autouse=True)
def reset_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    setup_logging(None)
    root.setLevel(level)


def test_log_file_is_created_0600(tmp_path: Path) -> None:
    path = setup_logging(str(tmp_path / "logs" / "sde-alm.log"), "info")
    assert path is not None and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_existing_log_file_is_tightened_to_0600(tmp_path: Path) -> None:
    existing = tmp_path / "old.log"
    existing.write_text("")
    existing.chmod(0o644)
    setup_logging(str(existing), "info")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600


def test_httpx_and_httpcore_lines_are_redacted(tmp_path: Path) -> None:
    registry.add("log-canary-token-1")
    path = setup_logging(str(tmp_path / "a.log"), "trace")
    assert path is not None
    logging.getLogger("httpx").info(
        'HTTP Request: GET %s "HTTP/1.1 200 OK"',
        "https://admin:PASSWORD1@sde.example.com/api/v2/x/?api_token=qs-secret&page=2",
    )
    logging.getLogger("httpcore.http11").debug(
        "receive_response_headers.complete return_value=%r",
        (b"HTTP/1.1", 200, b"OK", [(b"Set-Cookie", b"sessionid=cookie-secret; Path=/")]),
    )
    logging.getLogger("tui").info("headers: Authorization: Token log-canary-token-1")
    logging.getLogger("tui").info("sent %s", {"Cookie": "csrftoken=c-secret", "alias": "ok"})
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text()
    for secret in ("PASSWORD1", "qs-secret", "cookie-secret", "log-canary-token-1", "c-secret"):
        assert secret not in text
    assert "page=2" in text and "sde.example.com" in text and "'alias': 'ok'" in text


def test_http_loggers_are_capped_at_warning_unless_trace(tmp_path: Path) -> None:
    path = setup_logging(str(tmp_path / "b.log"), "debug")
    assert path is not None
    logging.getLogger("httpx").info("HTTP Request: GET https://sde.example.com/api/v2/")
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.WARNING
    assert "HTTP Request" not in path.read_text()


def test_exception_tracebacks_are_redacted(tmp_path: Path) -> None:
    registry.add("trace-canary-secret")
    path = setup_logging(str(tmp_path / "c.log"), "info")
    assert path is not None
    try:
        raise RuntimeError("boom with trace-canary-secret")
    except RuntimeError:
        logging.getLogger("tui").exception("failed")
    assert "trace-canary-secret" not in path.read_text()
    assert "RuntimeError" in path.read_text()


def test_redact_text_keeps_ordinary_words() -> None:
    assert redact_text("Token authentication failed for alias 'Jira'") == (
        "Token authentication failed for alias 'Jira'"
    )
