"""``sde-alm connectors list | show ID | test ID``."""

from __future__ import annotations

from tui.cli import output
from tui.cli.common import (
    completeness,
    dump,
    dump_all,
    listing_with_masked_fields,
    masked_fields,
    partial_json,
    permission_text,
    report_problems,
    test_and_print,
)
from tui.cli.exits import OK, exit_code
from tui.cli.runner import Context


async def list_connectors(ctx: Context) -> int:
    listing = ctx.client.list_connectors()
    masked: frozenset[str] = frozenset()
    if ctx.json:  # the schemas' masked names are needed only to redact params
        result, masked = await listing_with_masked_fields(ctx.client, listing)
    else:
        result = await listing
    problems = report_problems(result)
    items = sorted(result.items, key=lambda c: c.id)
    code = exit_code(completeness(result))
    if ctx.json:
        output.print_json({"results": dump_all(items, masked), "problems": problems,
                           **partial_json(result)})
        return code
    rows = [[c.id, c.name, c.system.label, "inaccessible" if c.inaccessible else "ok"]
            for c in items]
    output.print_table(["ID", "NAME", "SYSTEM", "STATE"], rows, "No connectors.")
    return code


async def show_connector(ctx: Context) -> int:
    connector = await ctx.client.get_connector(ctx.args.id)
    masked = await masked_fields(ctx.client)
    if ctx.json:
        output.print_json(dump(connector, masked))
        return OK
    print(output.key_values([
        ("ID", connector.id),
        ("Name", connector.name),
        ("System", f"{connector.system.label} ({connector.system.id})"),
        ("Inaccessible", connector.inaccessible),
        *output.server_pairs(connector.extras()),
    ]))
    if connector.params is None:
        print(f"Params:       (not sent: the token lacks the {permission_text(ctx.client)} "
              "permission)")
    else:
        print("Params:")
        print(output.key_values(output.param_lines(connector.params, masked), indent="  "))
    return OK


async def test_connector(ctx: Context) -> int:
    return await test_and_print(ctx, await ctx.client.get_connector(ctx.args.id))
