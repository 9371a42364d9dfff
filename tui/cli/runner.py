"""Running one headless command: settings, a client, and errors as one line and an exit code.

Exit codes come from ``tui.cli.exits`` (the one mapping); while a read waits out a server's
``Retry-After`` (or a backoff), a line on stderr says so when stderr is a terminal.
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

from tui.api.errors import ApiError, ConfigError, NotAuthenticated
from tui.cli import output
from tui.cli.exits import INTERRUPTED, exit_code
from tui.config.resolve import MissingSetting, load_settings
from tui.config.settings import Settings
from tui.gc_tuning import tune_gc

if TYPE_CHECKING:
    from tui.api.client import AlmClient
    from tui.api.retry import RetryWait

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


def announce_wait(wait: RetryWait) -> None:
    """``server busy, retrying in 12 s... (Rate limited, HTTP 429)`` on stderr."""
    busy = "server busy, " if wait.server_asked else ""
    print(f"{busy}retrying in {max(1, round(wait.seconds))} s... ({wait.reason})",
          file=sys.stderr, flush=True)


async def _run(handler: Handler, settings: Settings, args: argparse.Namespace) -> int:
    # Progress is for a person watching; a cron job's mail or a pipe gets only the outcome.
    on_wait = announce_wait if sys.stderr.isatty() else None
    async with settings.make_client(on_wait=on_wait) as client:
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
        return exit_code(exc)
    except ConfigError as exc:
        output.error(exc.title, exc.message)
        return exit_code(exc)
    except ApiError as exc:
        output.error(exc.title, explain(exc, settings))
        return exit_code(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
