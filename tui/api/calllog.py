"""One record per HTTP attempt the client makes, and a bounded log of them.

The newest records keep what was sent and received (redacted, see ``exchange.py``); older ones
keep only the summary, so the log's memory stays bounded.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from tui.api.secrets import REDACTED, is_secret_key, scrub

if TYPE_CHECKING:  # annotations only: the TUI builds its call log before it imports httpx
    import httpx

    from tui.api.exchange import Exchange

_SAFE = "/:,@"


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One HTTP attempt: what was asked, what came back, how long it took."""

    method: str
    path: str
    """Path and query; secret-looking query values are redacted."""
    status: int | None
    duration_ms: float
    started_at: datetime
    """UTC."""
    error: str | None
    """Title of the typed error this attempt produced, if any."""
    attempt: int
    """1 for the first try, 2 for the first retry, and so on."""
    retry_in: float | None = None
    """Seconds the client waits before trying again (Retry-After or backoff); None: no retry."""
    exchange: Exchange | None = None
    """Headers and bodies, redacted; None when nobody listened for them."""


def loggable_path(url: httpx.URL) -> str:
    """``url``'s path and query, percent-encoded, with secret-looking query values redacted."""
    path = url.raw_path.split(b"?", 1)[0].decode("ascii")
    pairs = [
        f"{quote(key, safe=_SAFE)}={REDACTED if is_secret_key(key) else quote(value, safe=_SAFE)}"
        for key, value in url.params.multi_items()
    ]
    return scrub(path + (f"?{'&'.join(pairs)}" if pairs else ""))


Listener = Callable[[CallRecord], None]


class CallLog:
    """The most recent call records (oldest dropped first), with change listeners for the UI."""

    def __init__(self, maxlen: int = 2_000, detail_kept: int = 500) -> None:
        self._records: deque[CallRecord] = deque(maxlen=maxlen)
        self._listeners: list[Listener] = []
        self._detail_kept = detail_kept
        """How many of the newest records keep their headers and bodies."""

    @property
    def detail_kept(self) -> int:
        return self._detail_kept

    def append(self, record: CallRecord) -> None:
        """Add a record and tell every listener; usable directly as ``AlmClient(on_call=...)``."""
        records = self._records
        records.append(record)
        if len(records) > self._detail_kept:
            # Released in place: a screen still holding the old record sees it released too.
            older = records[-self._detail_kept - 1].exchange
            if older is not None:
                older.release()
        for listener in list(self._listeners):
            listener(record)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` for each new record; returns a function that stops it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def __iter__(self) -> Iterator[CallRecord]:
        return iter(list(self._records))

    def __len__(self) -> int:
        return len(self._records)
