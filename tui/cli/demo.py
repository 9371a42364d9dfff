"""``--demo``: an in-process SD Elements emulator on a free loopback port, with a random token."""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import SecretStr

from tui.api.errors import ConfigError
from tui.api.secrets import registry
from tui.config.server import normalize_server
from tui.config.settings import Settings


@contextmanager
def demo_settings(args: argparse.Namespace) -> Iterator[Settings]:
    """Start the emulator with the ``--connections`` / ``--latency-ms`` / ``--data`` / ``--faults``
    knobs, yield settings pointing at it (profile ``demo``), and stop it afterwards."""
    from tui.emulator.config import EmulatorConfig
    from tui.emulator.errors import DataFileError
    from tui.emulator.faults import FaultPlan, FaultSpecError
    from tui.emulator.server import EmulatorServer

    token = secrets.token_urlsafe(24)
    registry.add(token)
    config = EmulatorConfig(
        token=token,
        connections=args.connections,
        latency_ms=args.latency_ms or 0,
        data_file=args.data,
        faults=args.faults,
    )
    try:
        if args.faults:
            FaultPlan.parse(args.faults)
        server = EmulatorServer(config, host="127.0.0.1", port=0)
        base_url = server.start()
    except FaultSpecError as exc:
        raise ConfigError(f"--faults: {exc}") from None
    except DataFileError as exc:
        raise ConfigError(f"--data: {exc}") from None
    try:
        yield Settings(
            server=normalize_server(base_url, source="demo emulator"),
            token=SecretStr(token),
            profile="demo",
            read_only=bool(args.read_only),
            log_file=args.log_file,
            log_level=args.log_level or "warning",
            demo=True,
            sources={
                "server": "built-in emulator (--demo)",
                "token": "random, generated for this demo run",
                "profile": "--demo",
                "read_only": "flag --read-only" if args.read_only else "default",
            },
        )
    finally:
        server.stop()
