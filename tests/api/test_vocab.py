"""The one rule for family paths and param names (tui/api/vocab.py)."""

from __future__ import annotations

import pytest

from tui.api.vocab import (
    ALM,
    ISSUE_TRACKER,
    ApiFamily,
    param_suffix,
    tracker_key,
    tracker_value,
    translate_params,
    vocabulary_for,
    vocabulary_of,
)


def test_param_suffix_strips_either_prefix_and_nothing_else() -> None:
    assert param_suffix("alm_server") == "server"
    assert param_suffix("issue_tracker_server") == "server"
    assert param_suffix("title_format") is None
    assert param_suffix("alm_") is None
    assert param_suffix("sde_min_priority") is None


def test_vocabulary_is_judged_by_the_data_before_the_family() -> None:
    assert vocabulary_of({"issue_tracker_pass": "x"}) is ISSUE_TRACKER
    assert vocabulary_of({"alm_pass": "x"}) is ALM
    assert vocabulary_of({"conflict_policy": "issue_tracker"}) is ISSUE_TRACKER
    assert vocabulary_of({"sde_min_priority": 7}) is None
    # An /alm/ alias answering new names: the data wins.
    assert vocabulary_for({"issue_tracker_server": "h"}, ApiFamily.ALM) is ISSUE_TRACKER
    assert vocabulary_for({}, ApiFamily.ISSUE_TRACKER) is ISSUE_TRACKER
    assert vocabulary_for(None) is ALM


def test_a_mixed_object_keeps_each_key_as_sent() -> None:
    mixed = {"issue_tracker_user": "u", "alm_server": "old.example.com"}
    assert tracker_key(mixed, "server") == "alm_server"
    assert tracker_key(mixed, "user") == "issue_tracker_user"
    assert tracker_key(mixed, "pass") == "issue_tracker_pass"
    assert tracker_value(mixed, "server") == "old.example.com"
    assert tracker_value(None, "server") is None


def test_translation_renames_prefixed_keys_and_the_policy_value_only() -> None:
    seed = {"alm_server": "h", "title_format": "$title", "conflict_policy": "alm", "x": 1}
    assert translate_params(seed, ISSUE_TRACKER) == {
        "issue_tracker_server": "h",
        "title_format": "$title",
        "conflict_policy": "issue_tracker",
        "x": 1,
    }
    assert translate_params(translate_params(seed, ISSUE_TRACKER), ALM) == seed
    assert translate_params({"conflict_policy": "sde"}, ISSUE_TRACKER) == {"conflict_policy": "sde"}


@pytest.mark.parametrize(
    ("family", "segment"), [(ApiFamily.ALM, "alm"), (ApiFamily.ISSUE_TRACKER, "issue-tracker")]
)
def test_family_segment_and_vocabulary(family: ApiFamily, segment: str) -> None:
    assert family.segment == segment
    assert family.vocabulary.key("server").endswith("_server")


def test_permission_text_names_the_old_permission_on_current_servers() -> None:
    assert ALM.permission_text() == "'Edit ALM connections'"
    assert "Edit Issue Tracker connections" in ISSUE_TRACKER.permission_text()
    assert "Edit ALM connections" in ISSUE_TRACKER.permission_text()
