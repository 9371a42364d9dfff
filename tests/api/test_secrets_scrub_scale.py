"""Scrubbing stays exact and cheap with thousands of distinct secret values."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.api.secrets import MASK, SecretRegistry

ALPHABET = "abcAB12-_ é"
secret_values = st.text(alphabet=ALPHABET, min_size=6, max_size=12)


def regex_scrub(values: set[str], text: str) -> str:
    """The reference: one alternation, longest value first (what small registries use)."""
    kept = sorted((v for v in values if len(v) >= 6), key=len, reverse=True)
    if not kept:
        return text
    return re.sub("|".join(re.escape(v) for v in kept), MASK, text)


def big_registry(values: set[str]) -> SecretRegistry:
    registry = SecretRegistry()
    filler = {f"filler-secret-{n:05d}" for n in range(SecretRegistry.REGEX_LIMIT + 1)}
    registry.add(*filler)  # past the limit: the head index is in use
    registry.add(*values)
    return registry


@settings(max_examples=300, deadline=None)
@given(values=st.sets(secret_values, min_size=1, max_size=8), text=st.text(alphabet=ALPHABET))
def test_the_head_index_masks_exactly_what_the_regex_masks(values: set[str], text: str) -> None:
    registry = big_registry(values)
    seeded = text + "".join(sorted(values)) + text  # every value appears at least once
    for sample in (text, seeded):
        assert registry.scrub(sample) == regex_scrub(values | registry.values(), sample)


def test_ten_thousand_distinct_passwords_are_all_masked() -> None:
    registry = SecretRegistry()
    passwords = [f"pw-{n:05d}-Zq" for n in range(10_000)]
    for password in passwords:  # added one answer at a time, as pages arrive
        registry.add(password)
    line = f"sync failed: login {passwords[0]} then {passwords[9_999]} (pw-00042-Z no)"
    assert registry.scrub(line) == f"sync failed: login {MASK} then {MASK} (pw-00042-Z no)"


def test_the_longest_value_at_a_position_wins_with_the_head_index() -> None:
    registry = big_registry({"abcdef", "abcdefgh"})
    assert registry.scrub("xabcdefghx abcdefx") == f"x{MASK}x {MASK}x"
