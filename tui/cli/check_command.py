"""``sde-alm check`` in every format, against one server or every profile (``--all-profiles``).

Text and JSON of one server run through the usual runner (errors: one line on stderr, exit 2).
Nagios and Prometheus output, and ``--all-profiles``, report a server that could not be checked
in their own format instead (Nagios UNKNOWN, ``sde_alm_check_success 0``, a profile's section),
so one unreachable server is reported, not fatal to the others.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from dataclasses import dataclass

from tui.api.errors import ApiError, ConfigError
from tui.cli import check_formats, output
from tui.cli.check import CheckReport, chosen_format, gather_report
from tui.cli.exits import INTERRUPTED, Finding, NagiosState, exit_code, nagios_state
from tui.cli.runner import (
    MISSING_HINT,
    acquire_settings,
    announce_wait,
    explain,
    run_command,
    warn_insecure,
)
from tui.config.file import config_location, load_config, tilde
from tui.config.profiles import list_profiles
from tui.config.resolve import MissingSetting, load_settings
from tui.config.settings import Settings
from tui.gc_tuning import tune_gc

PROFILES_AT_ONCE = 4
"""Servers checked at the same time with ``--all-profiles`` (each also bounds its own tests)."""


@dataclass
class ServerResult:
    """One server's check, or why it could not run."""

    profile: str | None
    server: str | None
    report: CheckReport | None
    error: ApiError | ConfigError | None = None
    error_title: str = ""
    error_text: str = ""
    duration: float = 0.0

    @property
    def found(self) -> list[Finding | ApiError | ConfigError]:
        if self.report is None:
            assert self.error is not None
            return [self.error]
        return list(self.report.findings)

    @property
    def exit_code(self) -> int:
        return exit_code(*self.found)

    @property
    def nagios(self) -> NagiosState:
        extra = self.report.sync_findings if self.report is not None else []
        return nagios_state(*self.found, *extra)


def _failed(
    profile: str | None, settings: Settings | None, exc: ApiError | ConfigError, started: float,
    *, hint: bool,
) -> ServerResult:
    if isinstance(exc, MissingSetting) and hint:
        text = f"{exc.message}. {MISSING_HINT}"
    else:
        text = explain(exc, settings) if isinstance(exc, ApiError) else exc.message
    return ServerResult(
        profile=settings.profile if settings is not None else profile,
        server=settings.server if settings is not None else None, report=None, error=exc,
        error_title=exc.title, error_text=text, duration=time.monotonic() - started,
    )


async def _check_server(settings: Settings, args: argparse.Namespace) -> ServerResult:
    on_wait = announce_wait if sys.stderr.isatty() else None
    async with settings.make_client(on_wait=on_wait) as client:
        report = await gather_report(client, settings, args.project, args.concurrency)
    return ServerResult(settings.profile, settings.server, report, duration=report.duration)


def _check_current(args: argparse.Namespace) -> ServerResult:
    """The check of the one selected server (flags, environment, profile or ``--demo``)."""
    started = time.monotonic()
    settings: Settings | None = None
    try:
        with acquire_settings(args) as settings:
            warn_insecure(settings)
            tune_gc()
            return asyncio.run(_check_server(settings, args))
    except (ApiError, ConfigError) as exc:
        return _failed(getattr(args, "profile", None), settings, exc, started, hint=True)


async def _check_profile(
    name: str, args: argparse.Namespace, limit: asyncio.Semaphore
) -> ServerResult:
    started = time.monotonic()
    settings: Settings | None = None
    async with limit:
        try:  # a token_command may take seconds: off the event loop
            settings = await asyncio.to_thread(load_settings, args, profile=name)
            warn_insecure(settings)
            return await _check_server(settings, args)
        except (ApiError, ConfigError) as exc:
            return _failed(name, settings, exc, started, hint=False)


async def _check_profiles(args: argparse.Namespace, names: list[str]) -> list[ServerResult]:
    limit = asyncio.Semaphore(PROFILES_AT_ONCE)
    return list(await asyncio.gather(*(_check_profile(name, args, limit) for name in names)))


def _profile_names(args: argparse.Namespace) -> list[str]:
    """Every profile of the config file; ``ConfigError`` when there is none to check."""
    path, _, explicit = config_location(args.config, os.environ)
    names = list_profiles(load_config(path, explicit=explicit))
    if not names:
        raise ConfigError(f"--all-profiles: {tilde(path)} has no profiles to check")
    return names


def check_command(args: argparse.Namespace) -> int:
    """Run ``sde-alm check`` as its flags ask; returns the exit code of the chosen format."""
    fmt = chosen_format(args)
    if not args.all_profiles and fmt in ("text", "json"):
        return run_command(args)
    try:
        if args.all_profiles:
            names = _profile_names(args)
            tune_gc()
            results = asyncio.run(_check_profiles(args, names))
        else:
            results = [_check_current(args)]
    except ConfigError as exc:  # no config file, or no profile in it
        output.error(exc.title, exc.message)
        if fmt == "nagios":
            return check_formats.nagios_unknown(exc)
        return exit_code(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
    return check_formats.render(fmt, results, all_profiles=bool(args.all_profiles))
