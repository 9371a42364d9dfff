"""Garbage-collector settings for a process that holds large listings (the TUI and the CLI)."""

from __future__ import annotations

import gc


def tune_gc(*, again: bool = False) -> None:
    """Collect garbage less often, and never re-scan what start-up created.

    Loading 10,000 connections allocates a few million objects that live as long as the list;
    with the default thresholds (700, 10, 10) the collector ran ~400 times per load and its full
    passes re-scanned every module, class and widget each time (0.2-0.9 s of a 10k load in the
    TUI, ~0.15 s of `connections list --json`, measured). Almost nothing here forms reference
    cycles (models and rows are freed by reference counting), so collections mostly find
    nothing. Freezing moves what exists now (imports, classes) out of every future collection.
    """
    global _tuned
    # Once per process (tests run many commands in one); a benchmark that starts app after app
    # passes ``again`` to freeze what it keeps once more.
    if _tuned and not again:
        return
    _tuned = True
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


THRESHOLDS = (10_000, 20, 20)
_tuned = False
