"""Pieces several commands share: plugin-schema secrets, list problems, test bodies and results."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from tui.api.errors import ApiError, NotAuthenticated, PermissionDenied, TransportError
from tui.api.models import Connector
from tui.api.secrets import is_secret_key, registry
from tui.api.vocab import vocabulary_for
from tui.cli import output
from tui.cli.exits import Finding, exit_code

if TYPE_CHECKING:
    from pydantic import BaseModel, TypeAdapter

    from tui.api.client import AlmClient
    from tui.api.models import Connection, TestResult
    from tui.api.paging import ListResult
    from tui.cli.runner import Context

Listed = TypeVar("Listed", bound="Connection | Connector")
Model = TypeVar("Model", bound="BaseModel")


async def masked_fields(client: AlmClient) -> frozenset[str]:
    """Param names plugin schemas mark ``masked_string``; empty when the server has no schemas."""
    try:
        plugins = await client.list_plugins()
    except (NotAuthenticated, TransportError):
        raise
    except ApiError:  # older servers, or no permission to read schemas: names still catch most
        return frozenset()
    found: set[str] = set()
    for plugin in plugins.items:
        found |= plugin.masked_fields()
    return frozenset(found)


async def listing_with_masked_fields(
    client: AlmClient, listing: Awaitable[ListResult[Listed]]
) -> tuple[ListResult[Listed], frozenset[str]]:
    """A connector or connection listing and ``masked_fields``, fetched side by side.

    Pages that arrived before the schemas were not registered with the schema-masked names, so
    those params' values are registered here: known secrets are scrubbed from the output.
    """
    schemas = asyncio.ensure_future(masked_fields(client))
    try:
        result = await listing
    except BaseException:
        schemas.cancel()
        await asyncio.gather(schemas, return_exceptions=True)
        raise
    masked = await schemas
    by_schema_only = {name for name in masked if not is_secret_key(name)}
    if by_schema_only:
        for item in result.items:
            params = item.params or {}
            registry.add(*(value for name in by_schema_only.intersection(params)
                           if isinstance(value := params[name], str)))
    return result, masked


def report_problems(result: ListResult[Any]) -> list[str]:
    """Warn on stderr about list items that could not be read, and about a listing the page
    budget stopped; returns the unreadable items' messages."""
    messages = [problem.message for problem in result.problems]
    for message in messages:
        output.warn(f"left out: {message}")
    if result.partial_reason is not None:
        output.warn(f"incomplete listing: {result.partial_reason}")
    return messages


def completeness(*results: ListResult[Any]) -> Finding:
    """``INCOMPLETE`` when any listing stopped early or left unreadable items out."""
    if any(result.partial or result.problems for result in results):
        return Finding.INCOMPLETE
    return Finding.ALL_GOOD


def partial_json(*results: ListResult[Any]) -> dict[str, Any]:
    """``{"partial": bool, "partial_reason": str | None}`` for a JSON document."""
    reason = next((r.partial_reason for r in results if r.partial_reason is not None), None)
    return {"partial": reason is not None, "partial_reason": reason}


def dump(model: BaseModel, masked: Iterable[str] = ()) -> dict[str, Any]:
    """A server object as data for ``output``'s JSON, unknown keys kept and secret params redacted.

    Typed fields keep their Python types (a ``datetime`` stays one): the encoders write them as
    ``model_dump(mode="json")`` would, and skipping that conversion makes a dump a third cheaper.
    """
    data: dict[str, Any] = output.redacted(model.model_dump(), masked)
    return data


def dump_all(models: list[Model], masked: Iterable[str] = ()) -> list[dict[str, Any]]:
    """``dump`` of each model; a listing of one model class is serialised in one call."""
    kinds = {type(model) for model in models}
    with output.collector_paused():
        if len(kinds) != 1:
            return [dump(model, masked) for model in models]
        data: list[dict[str, Any]] = output.redacted(
            _list_adapter(kinds.pop()).dump_python(models), masked
        )
    return data


@lru_cache(maxsize=16)
def _list_adapter(model: type[Model]) -> TypeAdapter[list[Model]]:
    from pydantic import TypeAdapter

    return TypeAdapter(list[model])  # type: ignore[valid-type]


def connector_test_body(connector: Connector) -> dict[str, Any]:
    """The ``testalm`` body for a connector, as the API documents it."""
    return {"name": connector.name, "system": {"id": connector.system.id},
            "params": connector.params}


def connection_test_body(connection: Connection) -> dict[str, Any]:
    """The ``testalm`` body for a connection: alias, connector, project, system and params."""
    body: dict[str, Any] = {
        "connector": connection.connector,
        "alias": connection.alias,
        "project": connection.project,
        "params": connection.params,
    }
    if connection.system is not None:
        body["system"] = {"id": connection.system.id}
    return body


def permission_text(client: AlmClient) -> str:
    """The edit permission as this server's generation names it."""
    return vocabulary_for(None, client.family).permission_text()


def no_params_message(kind: str, ident: int, client: AlmClient) -> str:
    return (
        f"the server did not send the params of {kind} {ident}, so it cannot be tested; the "
        f"token's user needs the {permission_text(client)} permission"
    )


async def test_and_print(ctx: Context, item: Connector | Connection) -> int:
    """``connectors test`` and ``connections test``: test with the params the server sent and
    print the verdict; the exit code says whether the test passed."""
    if isinstance(item, Connector):
        kind, label = "connector", item.name
    else:
        kind, label = "connection", item.alias
    if item.params is None:
        raise PermissionDenied(no_params_message(kind, item.id, ctx.client))
    if isinstance(item, Connector):
        result = await ctx.client.test_connector(connector_test_body(item))
    else:
        result = await ctx.client.test_connection(connection_test_body(item))
    if ctx.json:
        output.print_json(test_json(kind, item.id, label, result))
    else:
        print(f"{kind} {item.id} {output.cell(label)}: {test_line(result)}")
        for line in field_error_lines(result.field_errors):
            print(f"  {line}")
    return exit_code(Finding.ALL_GOOD if result.success else Finding.TEST_FAILED)


def test_json(kind: str, ident: int, label: str, result: TestResult) -> dict[str, Any]:
    return {
        kind: ident,
        "name": label,
        "success": result.success,
        "message": result.message,
        "latency_ms": round(result.latency_ms, 1),
        "field_errors": result.field_errors,
    }


def test_line(result: TestResult) -> str:
    """``PASS (240 ms)`` or ``FAIL (240 ms): message``."""
    verdict = "PASS" if result.success else "FAIL"
    text = f"{verdict} ({result.latency_ms:.0f} ms)"
    if result.message:
        text += f": {output.cell(result.message, max_chars=500)}"
    return text


def field_error_lines(errors: dict[str, Any], prefix: str = "") -> list[str]:
    """Nested DRF field errors as ``params.alm_server: This field is required.`` lines."""
    lines: list[str] = []
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            lines += field_error_lines(value, f"{name}.")
        else:
            items = value if isinstance(value, list) else [value]
            lines.append(f"{output.cell(name)}: {output.cell(' '.join(map(str, items)), 500)}")
    return lines
