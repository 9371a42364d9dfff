"""``--json`` output: the standard library's exact layout, ASCII only, known secrets scrubbed."""

from __future__ import annotations

import asyncio
import io
import json
from contextlib import redirect_stdout
from typing import Any

import pytest

from tui.api.errors import NotAuthenticated
from tui.api.models import Connection, Job, Plugin
from tui.api.paging import ListResult
from tui.api.secrets import MASK, REDACTED, SecretRegistry
from tui.cli import common, output

TRICKY = [
    "plain", "", "quote \" backslash \\ slash /", "tab\tnew\nline\rcr", "nul \x00 esc \x1b[31m",
    "del \x7f c1 \x85 \x9b", "bidi \u202e invisible \u200b", "wide 漢字 é", "astral 😀 \U0001d538",
    "line sep \u2028 \u2029", "\ufeffbom",
]


@pytest.fixture
def known(monkeypatch: pytest.MonkeyPatch) -> SecretRegistry:
    """A fresh registry in place of the process-wide one."""
    registry = SecretRegistry()
    monkeypatch.setattr(output, "registry", registry)
    monkeypatch.setattr(common, "registry", registry)
    return registry


def _stdlib(data: Any, sort_keys: bool = False) -> str:
    return json.dumps(data, indent=2, sort_keys=sort_keys, ensure_ascii=True)


@pytest.mark.parametrize("text", TRICKY)
def test_strings_are_written_exactly_as_the_standard_library_writes_them(
    known: SecretRegistry, text: str
) -> None:
    data = {"results": [{"s": text, "l": [text, 1, None, True, {}, []], text: {"n": -2**70}}]}
    written = output.dumps(data)
    assert written == _stdlib(data)
    assert written.isascii()
    assert json.loads(written) == data


def test_a_lone_surrogate_takes_the_standard_library_path(known: SecretRegistry) -> None:
    data = {"alias": "bad \ud800 alias"}
    assert output.dumps(data) == _stdlib(data)


def test_sorted_output_is_the_standard_librarys(known: SecretRegistry) -> None:
    data = {"b": [{"z": 1, "a": "\x7f"}], "a": {"y": None, "x": "é"}}
    assert output.dumps(data, sort_keys=True) == _stdlib(data, sort_keys=True)


@pytest.mark.parametrize("secret", [
    "plain-secret-value", 'quo"te\\back-slash', "wörd-with-ü-and-😀", "del-\x7f-ctl-\x1b-x",
])
def test_a_known_secret_echoed_in_any_string_is_scrubbed(
    known: SecretRegistry, secret: str
) -> None:
    known.add(secret)
    data = {"results": [{"message": f"login failed for {secret}!", "other": ["x", secret]}],
            secret: "keys are names and stay"}
    written = output.dumps(data)
    parsed = json.loads(written)
    assert parsed["results"][0]["message"] == f"login failed for {MASK}!"
    assert parsed["results"][0]["other"] == ["x", MASK]
    assert parsed[secret] == "keys are names and stay"
    assert written.isascii()


def test_scrubbing_works_with_more_secrets_than_the_search_is_tried_for(
    known: SecretRegistry,
) -> None:
    secrets = [f"many-secret-{n:04d}" for n in range(output._PRECHECK_LIMIT + 5)]
    known.add(*secrets)
    parsed = json.loads(output.dumps({"m": [f"echo {s}" for s in secrets]}))
    assert parsed == {"m": [f"echo {MASK}"] * len(secrets)}


def test_output_without_known_secrets_is_unchanged(known: SecretRegistry) -> None:
    known.add("never-appears-here")
    data = {"m": "nothing to hide", "n": ["never-appears-her"]}
    assert output.dumps(data) == _stdlib(data)


def test_print_json_keeps_order_with_other_output_and_works_on_text_streams(
    known: SecretRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    print("before")
    output.print_json({"a": "é"})
    print("after")
    assert capsys.readouterr().out == 'before\n{\n  "a": "\\u00e9"\n}\nafter\n'
    stream = io.StringIO()
    with redirect_stdout(stream):
        output.print_json({"a": 1})
    assert stream.getvalue() == '{\n  "a": 1\n}\n'


JOBS = [
    {"id": 3, "last_run": "2026-11-27T20:47:42.299Z", "result_message": "ok",
     "connection": {"id": 1, "params": {"alm_pass": "pw-123456", "x": 1}}, "extra_key": [1]},
    {"id": 4, "last_run": "2026-11-27T21:47:42+02:00", "user": "someone"},
    {"id": 5, "last_run": None, "succeeded": True},
]


@pytest.mark.parametrize("sort_keys", [False, True])
def test_dumped_models_are_written_as_model_dump_json_data_would_be(
    known: SecretRegistry, sort_keys: bool
) -> None:
    jobs = [Job.model_validate(job) for job in JOBS]
    expected = _stdlib([output.redacted(job.model_dump(mode="json")) for job in jobs], sort_keys)
    assert output.dumps(common.dump_all(jobs), sort_keys=sort_keys) == expected
    assert output.dumps([common.dump(job) for job in jobs], sort_keys=sort_keys) == expected
    assert '"alm_pass": "<redacted>"' in expected


class _Client:
    """Just enough of ``AlmClient`` for ``masked_fields``: one plugin schema."""

    def __init__(self, failure: Exception | None = None) -> None:
        self.failure = failure

    async def list_plugins(self) -> ListResult[Plugin]:
        await asyncio.sleep(0)
        if self.failure:
            raise self.failure
        plugin = Plugin.model_validate({"id": "vault", "sections": [{"fields": [
            {"name": "vault_phrase", "field_type": "masked_string"},
            {"name": "alm_pass", "field_type": "masked_string"},
        ]}]})
        return ListResult(items=[plugin])


async def _one_connection() -> ListResult[Connection]:
    connection = Connection.model_validate({
        "id": 7, "alias": "vault", "params": {"vault_phrase": "open-sesame-42", "alm_user": "u"},
        "last_job": {"id": 1, "result_message": "rejected phrase open-sesame-42"},
    })
    return ListResult(items=[connection])


async def test_schema_masked_values_are_redacted_and_scrubbed_from_the_listing(
    known: SecretRegistry,
) -> None:
    result, masked = await common.listing_with_masked_fields(
        _Client(), _one_connection()  # type: ignore[arg-type]
    )
    assert masked == {"vault_phrase", "alm_pass"}
    written = output.dumps({"results": [common.dump(c, masked) for c in result.items]})
    assert "open-sesame-42" not in written
    item = json.loads(written)["results"][0]
    assert item["params"] == {"vault_phrase": REDACTED, "alm_user": "u"}
    assert item["last_job"]["result_message"] == f"rejected phrase {MASK}"


async def test_a_failed_listing_is_raised_and_the_schema_request_is_not_left_running(
    known: SecretRegistry,
) -> None:
    async def failing() -> ListResult[Connection]:
        raise NotAuthenticated("token rejected")

    with pytest.raises(NotAuthenticated, match="token rejected"):
        await common.listing_with_masked_fields(
            _Client(NotAuthenticated("schemas too")), failing()  # type: ignore[arg-type]
        )
    current = asyncio.current_task()
    assert [task for task in asyncio.all_tasks() if task is not current] == []


async def test_a_failed_schema_request_fails_the_listing(known: SecretRegistry) -> None:
    with pytest.raises(NotAuthenticated, match="schemas"):
        await common.listing_with_masked_fields(
            _Client(NotAuthenticated("schemas")), _one_connection()  # type: ignore[arg-type]
        )
