"""`sde-alm emulator`: serve the SD Elements ALM API emulator until Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import threading
from types import FrameType

from tui.emulator.config import EmulatorConfig
from tui.emulator.errors import DataFileError
from tui.emulator.faults import FaultPlan, FaultSpecError

DEFAULT_TOKEN = "demo-token"
_FAMILY_TITLE = {
    "alm": "ALM API",
    "issue-tracker": "Issue Tracker API",
    "both": "Issue Tracker API (and its /alm/ aliases)",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sde-alm emulator",
        description="Serve a local emulator of the SD Elements ALM API (connectors, "
        "connections, jobs, plugins, projects).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument(
        "--fd",
        type=int,
        help="serve on this inherited, already listening socket (--host/--port are ignored)",
    )
    parser.add_argument("--token", help="API token (default: $SDE_API_TOKEN, else demo-token)")
    parser.add_argument(
        "--token-stdin",
        action="store_true",
        help="read the token from the first line of stdin (never in argv or the environment)",
    )
    parser.add_argument(
        "--exit-on-eof",
        action="store_true",
        help="exit at once when stdin closes (a parent process quit or died)",
    )
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
    parser.add_argument(
        "--api-family",
        choices=("alm", "issue-tracker", "both"),
        default="alm",
        help="serve the ALM endpoints (/connectors/alm/...), the Issue Tracker ones "
        "(/connectors/issue-tracker/..., issue_tracker_* params), or both path sets "
        "answering in the Issue Tracker names",
    )
    parser.add_argument(
        "--side-endpoints",
        choices=("family", "alm", "none"),
        default="family",
        help="names of the test, jobs and plugins endpoints: the family's, always the ALM "
        "ones (testalm, jobs/alm, plugins/alm), or none served",
    )
    return parser


def _read_token_line() -> str | None:
    line = sys.stdin.buffer.readline() if sys.stdin is not None else b""
    return line.decode("utf-8", "replace").strip() or None


def _exit_when_stdin_closes() -> None:
    """Exit the process (no clean-up: it holds nothing to save) once stdin reaches EOF."""

    # os.read, not sys.stdin: a daemon thread blocked inside the buffered reader would hold its
    # lock when the interpreter shuts down, and that aborts the process.
    fd = sys.stdin.fileno() if sys.stdin is not None else -1

    def watch() -> None:
        try:
            while os.read(fd, 4096):
                pass
        except OSError:
            pass
        os._exit(0)

    threading.Thread(target=watch, name="stdin-eof", daemon=True).start()


def _token(passed: str | None, from_stdin: str | None) -> tuple[str, str]:
    """The token and how to describe it (never its value, unless it is the default)."""
    if from_stdin:
        return from_stdin, "the token given on stdin"
    if passed:
        return passed, "the token you passed"
    from_env = os.environ.get("SDE_API_TOKEN")
    if from_env:
        return from_env, "the token in $SDE_API_TOKEN"
    return DEFAULT_TOKEN, f'no --token and no $SDE_API_TOKEN: "{DEFAULT_TOKEN}"'


def _inherited_socket(fd: int) -> socket.socket:
    sock = socket.socket(fileno=fd)
    if not sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
        sock.detach()
        raise OSError(f"file descriptor {fd} is not a listening socket")
    return sock


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    stdin_token = _read_token_line() if args.token_stdin else None
    if args.token_stdin and stdin_token is None:
        print("sde-alm emulator: --token-stdin: no token on stdin", file=sys.stderr)
        return 2
    token, token_note = _token(args.token, stdin_token)
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
        api_family=args.api_family,
        side_endpoints=args.side_endpoints,
    )
    from tui.emulator.server import EmulatorServer

    # Handlers go in before the URL is printed: whoever reads it may signal at once.
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    where = f"file descriptor {args.fd}" if args.fd is not None else f"{args.host}:{args.port}"
    try:
        sock = _inherited_socket(args.fd) if args.fd is not None else None
        server = EmulatorServer(config, host=args.host, port=args.port, sock=sock)
        url = server.start()
    except DataFileError as exc:
        print(f"sde-alm emulator: --data: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"sde-alm emulator: cannot listen on {where}: {exc}", file=sys.stderr)
        return 1
    print(url, flush=True)
    print(
        f"SD Elements {_FAMILY_TITLE[args.api_family]} emulator on {url}/api/v2/ "
        "(Ctrl-C to stop).\n"
        f"Point a client at it with SDE_SERVER={url} and SDE_API_TOKEN set to "
        f"{token_note}." + (" A read-only token is also accepted." if args.read_token else ""),
        flush=True,
    )
    # Only now: an early EOF must not hide an error exit status, nor cut the lines above short
    # (a parent may close stdin as soon as it has read the URL).
    if args.exit_on_eof:
        _exit_when_stdin_closes()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0
