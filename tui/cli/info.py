"""``sde-alm info``: where everything comes from. Works with nothing configured (says what is
missing) and never prints the token. Its one request, when the API family is not forced, is the
probe that finds the family (a GET of one connection)."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
from typing import Any

from tui import __version__
from tui.api.errors import ConfigError
from tui.cli import output
from tui.config.file import tilde
from tui.config.proxy import describe_proxy
from tui.config.resolve import Draft, finish, gather
from tui.config.settings import Settings

_MISSING_SERVER = "not set: set SDE_SERVER, --server, or server in a profile"
_MISSING_TOKEN = "not set: set SDE_API_TOKEN, or token_file / token_command in a profile"


def _terminal() -> dict[str, Any]:
    size = shutil.get_terminal_size(fallback=(0, 0))
    return {"TERM": os.environ.get("TERM"), "COLORTERM": os.environ.get("COLORTERM"),
            "columns": size.columns, "lines": size.lines}


def _tls(draft: Draft) -> str:
    if draft.values["insecure"]:
        return "insecure (certificate verification OFF)"
    ca_file = draft.values["ca_file"]
    return "OS trust store (truststore)" + (f" + CA file {ca_file}" if ca_file else "")


def _api_family(settings: Settings) -> dict[str, Any]:
    """The family the server serves and how it was found (configured, remembered, probed)."""
    import asyncio

    from tui.api.errors import ApiError

    async def find() -> tuple[str | None, str | None]:
        async with settings.make_client(get_retries=0) as client:
            family = await client.discover()
            return family.value, client.family_source

    try:
        value, how = asyncio.run(find())
    except (ApiError, ConfigError) as exc:
        return {"value": None, "how": None, "error": f"{exc.title}: {exc.message}"}
    return {"value": value, "how": how, "error": None}


def _collect_demo(args: argparse.Namespace, report: dict[str, Any]) -> dict[str, Any]:
    """What ``--demo`` runs against: the emulator it starts (and stops again), not the config."""
    from tui.cli.demo import demo_family_mode, demo_settings

    try:
        with demo_settings(args) as settings:
            report.update(
                demo={"emulator": "built-in SD Elements emulator (a child process on loopback)",
                      "api_family_mode": demo_family_mode(args)},
                profile={"name": settings.profile, "source": settings.sources["profile"]},
                server={"value": settings.server, "source": settings.sources["server"]},
                token={"source": settings.sources["token"], "readable": True},
                read_only={"value": settings.read_only, "source": settings.sources["read_only"]},
                production=settings.production,
                theme={"value": settings.theme, "source": settings.sources["theme"]},
                keymap={remap.binding_id: remap.keys for remap in settings.keymap},
                log_file=args.log_file,
                tls=settings.tls_mode(),
                proxy=describe_proxy(settings.server),
                api_family={"setting": settings.api_family,
                            "source": settings.sources["api_family"],
                            **_api_family(settings)},
            )
    except ConfigError as exc:
        report["problems"].append(exc.message)
    return report


def _collect(args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {
        "version": __version__,
        "python": platform.python_version(),
        "terminal": _terminal(),
        "problems": [],
    }
    if args.demo:
        return _collect_demo(args, report)
    try:
        draft: Draft | None = gather(args)
    except ConfigError as exc:
        draft = None
        report["problems"].append(exc.message)
    if draft is None:
        return report
    report.update(
        config={"path": str(draft.config_path), "exists": draft.config_exists,
                "source": draft.sources["config"]},
        profiles=sorted(draft.config.profiles) if draft.config else [],
        profile={"name": draft.profile, "source": draft.sources["profile"]},
        server={"value": draft.server, "source": draft.sources.get("server")},
        token={"source": draft.sources.get("token"), "readable": None},
        read_only={"value": draft.values["read_only"], "source": draft.sources["read_only"]},
        production=draft.values["production"],
        theme={"value": draft.values["theme"], "source": draft.sources["theme"]},
        keymap={remap.binding_id: remap.keys for remap in draft.values["keymap"]},
        log_file=args.log_file,
        api_family={"setting": draft.values["api_family"], "source": draft.sources["api_family"],
                    "value": None, "how": None, "error": None},
    )
    try:
        settings = finish(draft)
    except ConfigError as exc:
        report["problems"].append(exc.message)
        report["tls"] = _tls(draft)
        report["proxy"] = describe_proxy(draft.server)
        return report
    report["server"]["value"] = settings.server
    report["token"]["readable"] = True
    report["token"]["source"] = settings.sources["token"]
    report["tls"] = settings.tls_mode()
    report["proxy"] = describe_proxy(settings.server)
    report["api_family"].update(_api_family(settings))
    return report


def _human(report: dict[str, Any]) -> None:
    term = report["terminal"]
    version = f"{report['version']} (Python {report['python']})"
    rows: list[tuple[str, object]] = [("sde-alm", version)]
    if "demo" in report:
        demo = report["demo"]
        rows.append(("Demo", f"{demo['emulator']}, serving API family mode "
                     f"'{demo['api_family_mode']}'; stopped again when info ends"))
    elif "config" in report:
        config = report["config"]
        exists = "exists" if config["exists"] else "does not exist"
        rows += [
            ("Config file", f"{config['source']}, {exists}"),
            ("Profiles", ", ".join(report["profiles"]) or "none"),
        ]
    if "server" in report:
        profile = report["profile"]
        token = report["token"]
        rows += [
            ("Profile", f"{profile['name']} ({profile['source']})" if profile["name"] else "none"),
            ("Server", f"{report['server']['value']} ({report['server']['source']})"
             if report["server"]["value"] else _MISSING_SERVER),
            ("Token", (f"from {token['source']}" + ("" if token["readable"] else " (see problems)"))
             if token["source"] else _MISSING_TOKEN),
            ("Production", report["production"]),
            ("Read-only", f"{'yes' if report['read_only']['value'] else 'no'} "
             f"({report['read_only']['source']})"),
            ("Theme", f"{report['theme']['value']} ({report['theme']['source']})"),
            ("Keymap", ", ".join(f"{k} = {v}" for k, v in report["keymap"].items()) or "none"),
            ("TLS", report["tls"]),
            ("Proxy", report["proxy"] or "none (direct)"),
            ("API family", _family_text(report["api_family"])),
            ("Log file", tilde(report["log_file"]) if report["log_file"] else "none"),
        ]
    size = f"{term['columns']}x{term['lines']}" if term["columns"] else "unknown (not a terminal)"
    rows.append(("Terminal", f"TERM={term['TERM'] or '-'} COLORTERM={term['COLORTERM'] or '-'} "
                 f"size={size}"))
    print(output.key_values(rows))
    for problem in report["problems"]:
        print(f"Problem:     {output.cell(problem, 2000)}")


def _family_text(family: dict[str, Any]) -> str:
    """``issue-tracker (probed)``, ``alm (configured in profile prod)``, or why it is unknown."""
    if family["value"] is not None:
        where = f" in {family['source']}" if family["how"] == "configured" else ""
        return f"{family['value']} ({family['how']}{where})"
    if family["error"] is not None:
        return f"not found: {family['error']}"
    return f"{family['setting']} ({family['source']})"


def info(args: argparse.Namespace) -> int:
    """Print the report; exit 0 even when settings are missing (that is what it is for)."""
    report = _collect(args)
    if args.json:
        output.print_json(report)
    else:
        _human(report)
    return 0
