"""The ``sde-alm`` command line (argparse). Handlers are named as ``module:function`` strings and
imported only when run, so ``--help`` and ``--version`` stay fast."""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from typing import Any

from tui import __version__
from tui.config.appearance import THEME_NAMES
from tui.config.logging import LOG_LEVELS
from tui.config.schema import API_FAMILIES

TOKEN_REFUSED = (
    "there is no {option} option: a token on the command line is visible in `ps` and in shell "
    "history. Set SDE_API_TOKEN in the environment, or token_file / token_command in a profile "
    "of the config file (see `sde-alm info`)"
)
DEMO_KNOBS = ("connections", "latency_ms", "data", "faults")
BOTH_FAMILIES = "both"
"""``--api-family both``: only the demo emulator can serve both families (the client probes)."""
CHECK_FORMATS = ("text", "json", "nagios", "prometheus")
MIN_WATCH_INTERVAL = 5.0
"""Seconds: each look lists every connection, so a shorter interval only loads the server."""


class RefuseToken(argparse.Action):
    """``--token`` and friends exist only to explain why they do not (never echoing the value)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        parser.error(TOKEN_REFUSED.format(option=option_string or "--token"))


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


def watch_interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not MIN_WATCH_INTERVAL <= value < math.inf:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"{text} must be a finite number of seconds, {MIN_WATCH_INTERVAL:g} or more")
    return value


def _global_options(parser: argparse.ArgumentParser, *, nested: bool) -> None:
    # Repeated on every subcommand (default SUPPRESS) so `sde-alm check --profile prod` works too
    # without the subcommand's defaults overwriting what was given before it.
    default: Any = argparse.SUPPRESS if nested else None
    group = parser.add_argument_group("connection options")
    group.add_argument("--server", metavar="URL", default=default,
                       help="SD Elements server, e.g. https://sde.example.com (env SDE_SERVER)")
    group.add_argument("--profile", metavar="NAME", default=default,
                       help="profile from the config file (env SDE_PROFILE)")
    group.add_argument("--config", metavar="PATH", default=default,
                       help="config file (env SDE_ALM_CONFIG)")
    group.add_argument("--read-only", action="store_true", default=default,
                       help="refuse every write (env SDE_ALM_READ_ONLY)")
    group.add_argument("--ca-file", metavar="PATH", default=default,
                       help="extra CA certificates, PEM (env SSL_CERT_FILE)")
    group.add_argument("--insecure", action="store_true", default=default,
                       help="do not verify TLS certificates (warns; for lab servers only)")
    group.add_argument("--allow-http", action="store_true", default=default,
                       help="allow plain http:// to a host other than loopback")
    group.add_argument("--api-family", choices=(*API_FAMILIES, BOTH_FAMILIES), default=default,
                       help="API paths: 'auto' finds them (default), 'alm' or 'issue-tracker' "
                       "forces them (profile key api_family); with --demo, what the emulator "
                       "serves ('both' too)")
    group.add_argument("--log-file", metavar="PATH", default=default,
                       help="write a redacted log here (created 0600; default: no log)")
    group.add_argument("--log-level", choices=LOG_LEVELS, default=default,
                       help="log level; 'debug' logs each request (method, path, status, "
                            "ms), 'trace' adds bodies and the httpx wire log (all redacted)")
    for option in ("--token", "--api-token", "--api-key"):
        group.add_argument(option, nargs="?", action=RefuseToken, default=argparse.SUPPRESS,
                           help=argparse.SUPPRESS)


def _demo_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("demo (a built-in emulated server)")
    group.add_argument("--demo", action="store_true", default=None,
                       help="run against a built-in emulator of SD Elements with demo data")
    group.add_argument("--connections", type=positive_int, metavar="N",
                       help="with --demo: generate N connections")
    group.add_argument("--latency-ms", type=float, metavar="MS",
                       help="with --demo: delay every answer")
    group.add_argument("--data", metavar="FILE", help="with --demo: load this JSON data file")
    group.add_argument("--faults", metavar="SPEC", help="with --demo: inject faults")


def _command(
    subparsers: Any, name: str, handler: str, help_text: str, *, json_output: bool = True
) -> argparse.ArgumentParser:
    sub: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text,
                                                         description=help_text)
    sub.set_defaults(handler=handler)
    if json_output:
        sub.add_argument("--json", action="store_true", help="machine-readable JSON output")
    _global_options(sub, nested=True)
    return sub


COMMANDS = frozenset({"connectors", "connections", "check", "watch", "export", "info",
                      "emulator"})


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given ``argv`` without a command word or help flag, only the top level.

    Building the eleven subcommand parsers costs a few milliseconds of the TUI's start-up, which
    never uses them. A stray word still gets the full parser (the caller re-parses), so its error
    names the valid commands.
    """
    parser = argparse.ArgumentParser(
        prog="sde-alm",
        description="Console for SD Elements issue tracker (ALM) connectors and connections. "
        "Without a command it opens the full-screen app; the commands below work without a "
        "screen.",
        epilog="The API token comes from SDE_API_TOKEN, or token_file / token_command in a "
        "profile; never from the command line. `sde-alm info` shows what is configured.",
    )
    parser.add_argument("--version", action="version", version=f"sde-alm {__version__}")
    _global_options(parser, nested=False)
    parser.add_argument("--theme", choices=THEME_NAMES,
                        help="colours of the app (default: the config file's theme, else sde-dark)")
    _demo_options(parser)
    parser.set_defaults(handler=None, json=False, command=None)
    if argv is not None and not any(
        arg in COMMANDS or arg in ("-h", "--help") for arg in argv
    ):
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    connectors = commands.add_parser(
        "connectors", help="list, show or test issue tracker (ALM) connectors"
    )
    actions = connectors.add_subparsers(dest="action", metavar="ACTION", required=True)
    _command(actions, "list", "tui.cli.connectors:list_connectors", "list connectors")
    for name, verb in (("show", "show a connector (secrets as <set>)"),
                       ("test", "test a connector's connectivity")):
        sub = _command(actions, name, f"tui.cli.connectors:{name}_connector", verb)
        sub.add_argument("id", type=positive_int, metavar="ID")

    connections = commands.add_parser("connections", help="list, show, test or sync connections")
    actions = connections.add_subparsers(dest="action", metavar="ACTION", required=True)
    sub = _command(actions, "list", "tui.cli.connections:list_connections", "list connections")
    sub.add_argument("--project", type=positive_int, metavar="N", help="only this project id")
    sub.add_argument("--failing", action="store_true", help="only those whose last sync failed")
    for name, verb in (("show", "show a connection (secrets as <set>)"),
                       ("test", "test a connection's connectivity"),
                       ("jobs", "list a connection's sync jobs"),
                       ("sync", "start a sync of a connection")):
        sub = _command(actions, name, f"tui.cli.connections:{name}_connection", verb)
        sub.add_argument("id", type=positive_int, metavar="ID")
    sub.add_argument("--wait", action="store_true", help="wait for the sync to finish")
    sub.add_argument("--timeout", type=float, default=900.0, metavar="SECONDS",
                     help="with --wait: give up after this long (default 900)")
    sub.add_argument("--confirm-host", metavar="HOST",
                     help="required for a production profile when not asked interactively")

    sub = _command(commands, "check", "tui.cli.check:check",
                   "test every connection; exit 0 all pass, 1 some fail, 2 could not run")
    sub.add_argument("--project", type=positive_int, metavar="N", help="only this project id")
    sub.add_argument("--concurrency", type=positive_int, metavar="N",
                     help="tests at a time (default: the profile's, else 4)")
    sub.add_argument("--format", choices=CHECK_FORMATS, default="text",
                     help="text (default), json (same as --json), nagios (one plugin line, "
                     "exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN) or prometheus (text "
                     "exposition format, for node_exporter's textfile collector)")
    sub.add_argument("--all-profiles", action="store_true",
                     help="check every profile of the config file; the worst result sets the "
                     "exit code")
    sub = _command(commands, "watch", "tui.cli.watch:watch",
                   "follow the server; one JSON line per change (syncs, connections, outages)",
                   json_output=False)
    sub.add_argument("--project", type=positive_int, metavar="N", help="only this project id")
    sub.add_argument("--interval", type=watch_interval, default=30.0, metavar="SECONDS",
                     help=f"seconds between looks at the server (default 30, at least "
                     f"{MIN_WATCH_INTERVAL:g})")
    sub = _command(commands, "export", "tui.cli.export:export",
                   "connectors and connections as JSON, secrets redacted", json_output=False)
    sub.add_argument("--out", metavar="FILE", help="write to FILE (mode 0600) instead of stdout")
    _command(commands, "info", "tui.cli.info:info", "show version, configuration, TLS, terminal")
    commands.add_parser("emulator", add_help=False,
                        help="run the SD Elements emulator (sde-alm emulator --help)")
    return parser
