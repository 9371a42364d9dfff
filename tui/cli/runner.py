"""Running one headless command: settings, a client, and the single place errors become exit codes.

Exit codes: 0 success; 1 the server answered but the thing failed (not found, validation, a failed
test or sync, a server error); 2 it could not run (configuration, authentication, permission,
network, TLS, redirect or an SSO page instead of the API); 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.api.errors import (
    ApiError,
    ConfigError,
    HtmlInsteadOfJson,
    NotAuthenticated,
    PermissionDenied,
    Redirected,
    TransportError,
)
from tui.cli import output
from tui.config.resolve import MissingSetting, load_settings
from tui.config.settings import Settings
from tui.gc_tuning import tune_gc

if TYPE_CHECKING:
    from tui.api.client import AlmClient

OK, FAILED, CANNOT_RUN, INTERRUPTED = 0, 1, 2, 130
_CANNOT_RUN = (NotAuthenticated, PermissionDenied, TransportError, Redirected, HtmlInsteadOfJson)
MISSING_HINT = (
    "Set SDE_SERVER and SDE_API_TOKEN, or choose a profile from the config file with --profile "
    "NAME. `sde-alm info` shows what was found; `sde-alm --demo COMMAND` tries it against a "
    "built-in emulator."
)


@dataclass
class Context:
    """What a command handler gets: its arguments, the settings and an open client."""

    args: argparse.Namespace
    settings: Settings
    client: AlmClient

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))


Handler = Callable[[Context], Awaitable[int]]


def exit_code(error: ApiError) -> int:
    return CANNOT_RUN if isinstance(error, _CANNOT_RUN) else FAILED


def explain(error: ApiError, settings: Settings | None) -> str:
    """The error's message, plus where the token and server came from when that is the issue."""
    if isinstance(error, NotAuthenticated) and settings is not None:
        return (
            f"{error.message} The token came from {settings.sources.get('token', 'unknown')} "
            f"and the server from {settings.sources.get('server', 'unknown')}."
        )
    return error.message


def resolve_handler(reference: str) -> Handler:
    module_name, _, function = reference.partition(":")
    handler: Handler = getattr(importlib.import_module(module_name), function)
    return handler


def warn_insecure(settings: Settings) -> None:
    if settings.insecure:
        source = settings.sources.get("insecure", "--insecure")
        output.warn(
            f"TLS certificate verification is OFF ({source}); anyone on the network path to "
            f"{settings.host} can read the API token"
        )


@contextmanager
def acquire_settings(args: argparse.Namespace) -> Iterator[Settings]:
    """Settings from flags / env / config, or, with ``--demo``, an emulator in a child process."""
    if args.demo:
        from tui.cli.demo import demo_settings

        with demo_settings(args) as settings:
            yield settings
    else:
        yield load_settings(args)


async def _run(handler: Handler, settings: Settings, args: argparse.Namespace) -> int:
    async with settings.make_client() as client:
        return await handler(Context(args, settings, client))


def run_command(args: argparse.Namespace) -> int:
    """Run the handler named by ``args.handler``; expected failures print one line, no traceback."""
    handler = resolve_handler(args.handler)
    settings: Settings | None = None
    try:
        with acquire_settings(args) as settings:
            warn_insecure(settings)
            tune_gc()
            return asyncio.run(_run(handler, settings, args))
    except MissingSetting as exc:
        output.error(exc.title, f"{exc.message}. {MISSING_HINT}")
        return CANNOT_RUN
    except ConfigError as exc:
        output.error(exc.title, exc.message)
        return CANNOT_RUN
    except ApiError as exc:
        output.error(exc.title, explain(exc, settings))
        return exit_code(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
