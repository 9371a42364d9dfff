"""The request log: one line per HTTP attempt at DEBUG, the bodies at TRACE, secrets redacted.

Records go to the ``tui.api.wire`` logger; the log file (``--log-file``) redacts them once more.
Bodies are redacted here too, by key (a ``params`` password the registry has not seen yet), and a
job's ``result_message`` is left out: trackers echo credentials there, often another object's
(a connector's password in a connection's job) that is not known yet when the body arrives.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from tui.api.calllog import CallRecord
from tui.api.secrets import redact_object, scrub

TRACE = 5
"""Below DEBUG: request and response bodies."""
logging.addLevelName(TRACE, "TRACE")

BODY_CHARS = 8_000
"""A body longer than this is cut (a listing page can be megabytes)."""

ECHO_KEYS = frozenset({"result_message"})
"""Free text that may echo a credential no redaction can know yet: logged by length only."""

log = logging.getLogger("tui.api.wire")


def log_attempt(record: CallRecord) -> None:
    """``GET /api/v2/connections/ 200 12ms`` (plus the error, the attempt and any retry wait)."""
    if not log.isEnabledFor(logging.DEBUG):
        return
    status = "-" if record.status is None else str(record.status)
    extra = f" ({record.error})" if record.error else ""
    if record.attempt > 1:
        extra += f" attempt {record.attempt}"
    if record.retry_in is not None:
        extra += f" retrying in {record.retry_in:g}s"
    log.debug("%s %s %s %.0fms%s", record.method, record.path, status, record.duration_ms, extra)


def log_body(direction: str, method: str, path: str, content: bytes | None) -> None:
    """At TRACE, one body (``direction`` is "sent" or "received"), redacted and cut short."""
    if not content or not log.isEnabledFor(TRACE):
        return
    log.log(TRACE, "%s %s %s body: %s", method, path, direction, redacted_body(content))


def redacted_body(content: bytes) -> str:
    """JSON with secret-named keys redacted; other text scrubbed of known secrets; both cut."""
    text = content.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        text = scrub(text)
    else:
        text = scrub(json.dumps(_without_echoes(redact_object(data)), ensure_ascii=False))
    if len(text) > BODY_CHARS:
        return f"{text[:BODY_CHARS]}… ({len(text) - BODY_CHARS} more characters)"
    return text


def _without_echoes(data: Any) -> Any:
    if isinstance(data, list):
        return [_without_echoes(item) for item in data]
    if not isinstance(data, dict):
        return data
    return {
        key: f"<{len(value)} characters, not logged>"
        if key in ECHO_KEYS and isinstance(value, str) and value
        else _without_echoes(value)
        for key, value in data.items()
    }
