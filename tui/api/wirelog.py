"""The request log: one line per HTTP attempt at DEBUG, the bodies at TRACE, secrets redacted.

Records go to the ``tui.api.wire`` logger; the log file (``--log-file``) redacts them once more.
Bodies come from the attempt's exchange (redacted and cut when captured, ``exchange.py``), and a
job's ``result_message`` is left out: trackers echo credentials there, often another object's
(a connector's password in a connection's job) that is not known yet when the body arrives.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from tui.api.secrets import scrub

if TYPE_CHECKING:
    from tui.api.calllog import CallRecord
    from tui.api.exchange import Body

TRACE = 5
"""Below DEBUG: request and response bodies."""
logging.addLevelName(TRACE, "TRACE")

ECHO_KEYS = frozenset({"result_message"})
"""Free text that may echo a credential no redaction can know yet: logged by length only."""

log = logging.getLogger("tui.api.wire")


def logging_requests() -> bool:
    """True when the request lines are wanted (``--log-level debug`` or ``trace``)."""
    return log.isEnabledFor(logging.DEBUG)


def logging_bodies() -> bool:
    """True at ``--log-level trace``: the attempt's exchange must be captured for its bodies."""
    return log.isEnabledFor(TRACE)


def log_attempt(record: CallRecord) -> None:
    """``GET /api/v2/connections/ 200 12ms`` (plus the error, the attempt and any retry wait)."""
    if not logging_requests():
        return
    status = "-" if record.status is None else str(record.status)
    extra = f" ({record.error})" if record.error else ""
    if record.attempt > 1:
        extra += f" attempt {record.attempt}"
    if record.retry_in is not None:
        extra += f" retrying in {record.retry_in:g}s"
    log.debug("%s %s %s %.0fms%s", record.method, record.path, status, record.duration_ms, extra)
    exchange = record.exchange
    if exchange is None or not logging_bodies():
        return
    for direction, body in (("sent", exchange.request_body), ("received", exchange.response_body)):
        if body is not None:
            log.log(TRACE, "%s %s %s body: %s", record.method, record.path, direction,
                    body_for_log(body))


def body_for_log(body: Body) -> str:
    """The captured body without ``ECHO_KEYS`` text, saying when it was cut."""
    text = body.text
    if body.is_json:
        text = scrub(json.dumps(_without_echoes(json.loads(text)), ensure_ascii=False))
    return f"{text}… (cut; {body.size} bytes in all)" if body.truncated else text


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
