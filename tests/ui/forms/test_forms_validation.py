"""Field rules as the user types: the grammar is stated and enforced (security.md group D)."""

from __future__ import annotations

import pytest

from tui.ui.forms.spec import FieldSpec, Option, param_path
from tui.ui.forms.validation import check_field, check_secret, normalise_secret
from tui.ui.forms.values import to_form

PRIORITY = FieldSpec(param_path("sde_min_priority"), "Priority", "integer")
TITLE = FieldSpec(param_path("alm_title_format"), "Title", "text")
PROJECT = FieldSpec(param_path("alm_project"), "Project", required=True, max_length=255)
ALIAS = FieldSpec("alias", "Alias", required=True, trim=True)
FREQUENCY = FieldSpec(
    "frequency",
    "Frequency",
    "choice",
    required=True,
    options=tuple(Option(v, v) for v in ("manually", "hourly", "daily", "weekly", "monthly")),
)


@pytest.mark.parametrize(
    "value",
    ["٣", "1_000", " 5 ", "+5", "1e3", "high", "1.5", "", "\uff15", "0x5", "-1"],
)
def test_priority_rejects_integer_look_alikes_with_the_grammar(value: str) -> None:
    message = check_field(PRIORITY, value)
    assert message is not None and "ASCII digits" in message


@pytest.mark.parametrize("value", ["0", "11", str(2**70), "9" * 5000])
def test_priority_rejects_out_of_range(value: str) -> None:
    assert check_field(PRIORITY, value) == "Out of range: must be from 1 to 10"


@pytest.mark.parametrize("value", ["1", "7", "10"])
def test_priority_accepts_one_to_ten(value: str) -> None:
    assert check_field(PRIORITY, value) is None


def test_priority_rejects_a_json_boolean() -> None:
    assert check_field(PRIORITY, to_form(PRIORITY, True)) is not None


@pytest.mark.parametrize("value", ["$title", "$task_id", "[$context] title", ""])
def test_title_format_needs_task_id_and_title(value: str) -> None:
    message = check_field(TITLE, value)
    assert message is not None and "$task_id and $title" in message


def test_title_format_with_both_tokens_passes() -> None:
    assert check_field(TITLE, "[$application - $project] $task_id $title") is None


def test_alm_project_at_most_255_characters() -> None:
    assert check_field(PROJECT, "p" * 255) is None
    assert check_field(PROJECT, "p" * 256) == "At most 255 characters (now 256)"


def test_whitespace_only_alias_is_empty() -> None:
    assert check_field(ALIAS, "   ") == "Required"
    assert check_field(ALIAS, "  Jira  ") is None


@pytest.mark.parametrize("value", ["Daily", "every-day", "DAILY", " daily"])
def test_frequency_is_matched_case_sensitively(value: str) -> None:
    message = check_field(FREQUENCY, value)
    assert message is not None and "manually, hourly, daily, weekly, monthly" in message


def test_frequency_documented_values_pass() -> None:
    assert all(check_field(FREQUENCY, v) is None for v in ("manually", "monthly"))


@pytest.mark.parametrize(
    "value", ["ok\x1b[31m", "a\x00b", "jira.\u202emoc", "Ji\u200bra", "\x9b2J"]
)
def test_control_and_invisible_characters_are_rejected(value: str) -> None:
    message = check_field(ALIAS, value)
    assert message is not None and "control character" in message


def test_a_newline_in_a_priority_is_refused() -> None:
    assert check_field(PRIORITY, "5\n") is not None


def test_secret_rules() -> None:
    secret = FieldSpec(param_path("alm_pass"), "Password", "secret", required=True)
    assert check_secret(secret, was_set=True, action="keep", typed=None) is None
    assert (
        check_secret(secret, was_set=False, action="keep", typed=None) == "Required: type a value"
    )
    assert check_secret(secret, was_set=True, action="clear", typed=None) is not None
    assert "control" in (check_secret(secret, was_set=True, action="replace", typed="a\x1b") or "")


@pytest.mark.parametrize(
    ("pasted", "kept", "cut"),
    [
        ("s3cret\n", "s3cret", True),
        ("s3cret\r\n", "s3cret", True),
        ("s3cret\n\n", "s3cret\n", True),
        (" s3cret ", " s3cret ", False),
        ("s3cret", "s3cret", False),
    ],
)
def test_secrets_are_not_trimmed_except_one_pasted_newline(
    pasted: str, kept: str, cut: bool
) -> None:
    assert normalise_secret(pasted) == (kept, cut)


@pytest.mark.parametrize("value", ["https://jira.corp", "user:pw@jira.corp", "jira corp"])
def test_server_is_a_host_name_only(value: str) -> None:
    server = FieldSpec(param_path("alm_server"), "Server", required=True)
    assert check_field(server, value) is not None


def test_raw_param_keeps_the_servers_number_type() -> None:
    raw = FieldSpec(param_path("alm_reference_contexts"), "x", "raw")
    assert check_field(raw, "12", base_type=int) is None
    assert check_field(raw, "twelve", base_type=int) is not None
    assert check_field(raw, "maybe", base_type=bool) is not None
