"""``redact_object``: which keys it redacts, at any depth, without touching its input."""

from __future__ import annotations

import copy
from types import MappingProxyType
from typing import Any

import pytest

from tui.api import secrets
from tui.api.secrets import REDACTED, SecretRegistry, is_secret_key, redact_object


def _listing() -> dict[str, Any]:
    return {
        "results": [
            {
                "id": 1,
                "alias": "a",
                "params": {"alm_pass": "hunter2-long", "alm_user": "bob", "alm_auth_mode": "basic",
                           "session_token": 1234, "api_key": "", "private_key": None,
                           "auth_key_ratio": 0.5, "vault_phrase": "open-sesame"},
                "last_job": {"result_message": "ok", "extra": [{"token": "nested-token-1"}]},
            },
        ],
        "problems": [],
    }


def test_secret_named_keys_are_redacted_at_any_depth_and_the_rest_kept() -> None:
    out = redact_object(_listing())
    params = out["results"][0]["params"]
    assert params["alm_pass"] == REDACTED
    assert params["session_token"] == REDACTED  # ints are redacted too
    assert params["api_key"] == ""  # empty and missing values say "not set"
    assert params["private_key"] is None
    assert params["auth_key_ratio"] == 0.5  # only strings and ints are credentials
    assert params["alm_user"] == "bob"
    assert params["alm_auth_mode"] == "basic"  # names that look secret but are not
    assert params["vault_phrase"] == "open-sesame"  # not secret by name, no schema given
    assert out["results"][0]["last_job"]["extra"] == [{"token": REDACTED}]
    assert out["results"][0]["alias"] == "a"


def test_names_masked_by_a_schema_are_redacted_only_for_that_schema() -> None:
    masked = redact_object(_listing(), {"vault_phrase"})
    assert masked["results"][0]["params"]["vault_phrase"] == REDACTED
    # decisions are remembered per set of masked names: the same key in a later call without
    # the schema is not redacted, and with it again it is
    assert redact_object(_listing())["results"][0]["params"]["vault_phrase"] == "open-sesame"
    assert redact_object(_listing(), ["vault_phrase"])["results"][0]["params"]["vault_phrase"] \
        == REDACTED


def test_the_input_is_never_changed() -> None:
    data = _listing()
    before = copy.deepcopy(data)
    out = redact_object(data)
    assert data == before
    assert out != before


def test_other_mappings_become_dicts_and_are_redacted() -> None:
    out = redact_object([MappingProxyType({"password": "swordfish-9", "n": 1})])
    assert out == [{"password": REDACTED, "n": 1}]
    assert type(out[0]) is dict


def test_the_decision_cache_is_bounded_and_keys_past_it_are_still_decided(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(secrets, "_MAX_DECISIONS", 8)
    masked = frozenset({"only_for_this_test"})
    data = {f"field_{n}": "value-123456" for n in range(20)}
    data |= {f"pass_{n}": "pw-123456" for n in range(20)}
    out = redact_object(data, masked)
    assert all(out[f"pass_{n}"] == REDACTED for n in range(20))
    assert all(out[f"field_{n}"] == "value-123456" for n in range(20))
    assert len(secrets._decisions(masked)) <= 8


def test_is_secret_key_by_name_schema_and_exceptions() -> None:
    assert is_secret_key("alm_pass")
    assert is_secret_key("GitHub_API_Key")
    assert not is_secret_key("alm_auth_mode")
    assert is_secret_key("alm_auth_mode", {"alm_auth_mode"})  # a schema overrides the exceptions
    assert not is_secret_key("vault_phrase")
    assert is_secret_key("vault_phrase", ("vault_phrase",))


def test_registry_values_is_a_snapshot() -> None:
    registry = SecretRegistry()
    registry.add("first-secret", "short")
    known = registry.values()
    registry.add("second-secret")
    assert known == {"first-secret"}
    assert registry.values() == {"first-secret", "second-secret"}
