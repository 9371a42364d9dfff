"""`sde-alm emulator`: serve the SD Elements ALM API emulator until Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from types import FrameType

from tui.emulator.config import EmulatorConfig
from tui.emulator.errors import DataFileError
from tui.emulator.faults import FaultPlan, FaultSpecError

DEFAULT_TOKEN = "demo-token"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sde-alm emulator",
        description="Serve a local emulator of the SD Elements ALM API (connectors, "
        "connections, jobs, plugins, projects).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--token", help="API token (default: $SDE_API_TOKEN, else demo-token)")
    parser.add_argument("--read-token", help="a token without 'Edit ALM connections'")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay every answer")
    parser.add_argument(
        "--test-latency-ms", type=float, default=300.0, help="delay of connectivity tests"
    )
    parser.add_argument("--sync-seconds", type=float, default=3.0, help="how long a sync runs")
    parser.add_argument("--connections", type=int, help="generate N connections for scale")
    parser.add_argument("--data", help="load connectors/connections/projects/jobs from JSON")
    parser.add_argument("--faults", help="fault spec, e.g. 502:0.05,429:0.05,retry-after:2")
    parser.add_argument("--seed", type=int, default=7, help="seed of every random choice")
    parser.add_argument(
        "--test-failure-style",
        choices=("200", "400"),
        default="200",
        help="how failed connectivity tests answer",
    )
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    token = args.token or os.environ.get("SDE_API_TOKEN")
    token_note = "the token you passed" if args.token else "the token in $SDE_API_TOKEN"
    if not token:
        token, token_note = DEFAULT_TOKEN, f'no --token and no $SDE_API_TOKEN: "{DEFAULT_TOKEN}"'
    if args.faults:
        try:
            FaultPlan.parse(args.faults)
        except FaultSpecError as exc:
            print(f"sde-alm emulator: --faults: {exc}", file=sys.stderr)
            return 2
    config = EmulatorConfig(
        token=token,
        read_token=args.read_token,
        latency_ms=args.latency_ms,
        test_latency_ms=args.test_latency_ms,
        sync_seconds=args.sync_seconds,
        connections=args.connections,
        data_file=args.data,
        faults=args.faults,
        seed=args.seed,
        test_failure_style=args.test_failure_style,
    )
    from tui.emulator.server import EmulatorServer

    # Handlers go in before the URL is printed: whoever reads it may signal at once.
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        server = EmulatorServer(config, host=args.host, port=args.port)
        url = server.start()
    except DataFileError as exc:
        print(f"sde-alm emulator: --data: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"sde-alm emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print(url, flush=True)
    print(
        f"SD Elements ALM API emulator on {url}/api/v2/ (Ctrl-C to stop).\n"
        f"Point a client at it with SDE_SERVER={url} and SDE_API_TOKEN set to "
        f"{token_note}." + (" A read-only token is also accepted." if args.read_token else ""),
        flush=True,
    )
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0
