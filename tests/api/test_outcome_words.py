"""One vocabulary for sync outcomes: the UI's cells and the CLI's words come from one table."""

from __future__ import annotations

from tui.api.models import Job, job_outcome
from tui.api.outcome import OUTCOMES, outcome_word


def test_the_words() -> None:
    assert {key: outcome_word(key) for key in OUTCOMES} == {
        "ok": "ok", "failed": "failed", "running": "running", "unknown": "no result",
        "never": "never run",
    }


def test_every_job_outcome_has_a_word() -> None:
    jobs = [
        Job(id=1, ready=False), Job(id=2, ready=True, succeeded=True),
        Job(id=3, ready=True, succeeded=False), Job(id=4, ready=True),
    ]
    assert [outcome_word(job_outcome(j)) for j in jobs] == ["running", "ok", "failed", "no result"]


def test_an_unexpected_status_is_shown_as_sent() -> None:
    assert outcome_word("paused") == "paused"
