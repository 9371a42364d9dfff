"""``--demo``: the SD Elements emulator in a child process on a free loopback port, with a
random token. The app starts at once; the emulator gets ready on another core meanwhile."""

from __future__ import annotations

import argparse
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from tui.api.errors import ConfigError
from tui.api.secrets import registry
from tui.config.schema import API_FAMILY_AUTO
from tui.config.secret import Secret
from tui.config.server import validate_server
from tui.config.settings import Settings


@contextmanager
def demo_settings(args: argparse.Namespace) -> Iterator[Settings]:
    """Start the emulator with the ``--connections`` / ``--latency-ms`` / ``--data`` / ``--faults``
    knobs, yield settings pointing at it (profile ``demo``), and stop it afterwards."""
    from tui.config.resolve import appearance
    from tui.emulator.spawn import EmulatorProcess

    check_knobs(args)
    look = appearance(args)
    token = secrets.token_urlsafe(24)
    registry.add(token)
    emulator = EmulatorProcess(token, emulator_options(args))
    try:
        base_url = emulator.start()
    except OSError as exc:  # no loopback socket, or no interpreter to run
        raise ConfigError(f"cannot start the demo emulator: {exc}") from None
    try:
        yield Settings(
            server=validate_server(base_url, source="demo emulator"),
            token=Secret(token),
            profile="demo",
            read_only=bool(args.read_only),
            log_file=args.log_file,
            log_level=args.log_level or "warning",
            demo=True,
            config_path=str(look.config_path),
            theme=look.values["theme"],
            keymap=look.values["keymap"],
            sources={
                **look.sources,
                "server": "built-in emulator (--demo)",
                "token": "random, generated for this demo run",
                "profile": "--demo",
                "read_only": "flag --read-only" if args.read_only else "default",
                "api_family": "--demo (found in the emulator at run time)",
            },
        )
    finally:
        problem = emulator.stop()
    if problem:
        raise ConfigError(f"the demo emulator stopped unexpectedly ({problem})")


def check_knobs(args: argparse.Namespace) -> None:
    """Reject a bad ``--faults`` spec or ``--data`` file here, before any screen is drawn (the
    child would only fail later, out of sight)."""
    if args.faults:
        from tui.emulator.faults import FaultPlan, FaultSpecError

        try:
            FaultPlan.parse(args.faults)
        except FaultSpecError as exc:
            raise ConfigError(f"--faults: {exc}") from None
    if args.data:
        from tui.emulator.config import EmulatorConfig
        from tui.emulator.errors import DataFileError
        from tui.emulator.state import EmulatorState

        try:
            EmulatorState(EmulatorConfig(data_file=args.data))
        except DataFileError as exc:
            raise ConfigError(f"--data: {exc}") from None


def demo_family_mode(args: argparse.Namespace) -> str:
    """Which API family the demo emulator serves: the one asked for, else the emulator's own."""
    from tui.emulator.config import EmulatorConfig

    asked = _served_family(args)
    return asked if asked is not None else EmulatorConfig.api_family


def emulator_options(args: argparse.Namespace) -> list[str]:
    """The emulator command line for the demo knobs (and ``--api-family``) that were given."""
    options: list[str] = []
    if args.connections is not None:
        options += ["--connections", str(args.connections)]
    if args.latency_ms:
        options += ["--latency-ms", str(args.latency_ms)]
    if args.data:
        options += ["--data", os.path.abspath(args.data)]
    if args.faults:
        options += ["--faults", args.faults]
    family = _served_family(args)
    if family is not None:  # the emulator serves it; the client finds it (auto)
        options += ["--api-family", family]
    return options


def _served_family(args: argparse.Namespace) -> str | None:
    """The family the demo emulator is asked to serve; "auto" leaves it the emulator's default
    (the client finds whatever is served)."""
    family: str | None = args.api_family
    return None if family in (None, API_FAMILY_AUTO) else family
