"""The request log: one line per HTTP attempt at DEBUG, the bodies at TRACE, secrets redacted.

Records go to the ``tui.api.wire`` logger; the log file (``--log-file``) redacts them once more.
Bodies are redacted here too, by key (a ``params`` password the registry has not seen yet).
"""

from __future__ import annotations

import json
import logging

from tui.api.calllog import CallRecord
from tui.api.secrets import redact_object, scrub

TRACE = 5
"""Below DEBUG: request and response bodies."""
logging.addLevelName(TRACE, "TRACE")

BODY_CHARS = 8_000
"""A body longer than this is cut (a listing page can be megabytes)."""

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
        text = json.dumps(redact_object(json.loads(text)), ensure_ascii=False)
    except ValueError:
        text = scrub(text)
    if len(text) > BODY_CHARS:
        return f"{text[:BODY_CHARS]}… ({len(text) - BODY_CHARS} more characters)"
    return text
