"""``sde-alm``: the full-screen app without a command, headless commands with one.

Nothing here imports Textual (or httpx) at module level: the headless path never loads Textual
(a test checks ``sys.modules``), and ``--help`` / ``--version`` stay fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tui.cli.parser import BOTH_FAMILIES, DEMO_KNOBS, build_parser

SETUP_HELP = """\
sde-alm: {problem}.

sde-alm needs your SD Elements server and an API token (in SD Elements: user menu >
API Settings > Generate Token). Either set them in the environment:

    export SDE_SERVER=https://sde.example.com
    export SDE_API_TOKEN=...

or describe the server in a profile in {config}:

    default_profile = "staging"

    [profiles.staging]
    server = "https://sde-staging.example.com"
    token_file = "~/.config/sde-alm/staging.token"    # chmod 600
    # or: token_command = "pass show sde/staging"
    # production = true    (on the production profile: writes ask for the host name)

The token is never taken from the command line.

  sde-alm --demo      try it now against a built-in emulated server
  sde-alm info        show what sde-alm found (config file, profile, server, token source)
"""


def _emulator(argv: list[str]) -> int:
    from tui.emulator.cli import main as emulator_main

    return emulator_main(argv)


def _parse(argv: list[str]) -> argparse.Namespace | int:
    parser = build_parser(argv)
    try:
        args, extras = parser.parse_known_args(argv)
        if any(not item.startswith("-") for item in extras):  # a word that may be a command
            parser = build_parser()
            args, extras = parser.parse_known_args(argv)
        if args.command == "emulator":
            return _emulator(extras)
        if extras:
            # Show only option names: a stray value could be a secret typed in the wrong place.
            shown = [item for item in extras if item.startswith("-")] or ["(a value)"]
            parser.error(f"unrecognized arguments: {' '.join(shown)}")
        if not args.demo and any(getattr(args, knob) is not None for knob in DEMO_KNOBS):
            parser.error("--connections, --latency-ms, --data and --faults need --demo")
        if not args.demo and args.api_family == BOTH_FAMILIES:
            parser.error("--api-family both needs --demo (it makes the demo emulator serve both "
                         "families); for a real server use auto, alm or issue-tracker")
        if args.demo and getattr(args, "all_profiles", False):
            parser.error("--all-profiles checks the config file's profiles; --demo has none")
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    return args


def _setup_logging(args: argparse.Namespace) -> int | None:
    from tui.api.errors import ConfigError
    from tui.cli import output
    from tui.config.logging import setup_logging

    try:
        setup_logging(args.log_file, args.log_level or "warning")
    except ConfigError as exc:
        output.error(exc.title, exc.message)
        return 2
    return None


def run_app(args: argparse.Namespace) -> int:
    """The TUI path: resolve settings (or start the demo emulator), then hand over to the app."""
    from tui.api.errors import ConfigError
    from tui.cli import output
    from tui.cli.runner import acquire_settings, warn_insecure
    from tui.config.file import config_location, tilde
    from tui.config.resolve import MissingSetting

    try:
        with acquire_settings(args) as settings:
            warn_insecure(settings)
            from tui.ui.launch import run_tui

            return run_tui(settings, demo=settings.demo)
    except MissingSetting as exc:
        import os

        path, _, _ = config_location(args.config, os.environ)
        print(SETUP_HELP.format(problem=exc.message, config=tilde(path)), file=sys.stderr)
        return 2
    except ConfigError as exc:
        output.error(exc.title, exc.message)
        print("(`sde-alm info` shows what sde-alm found)", file=sys.stderr)
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sde-alm`` console script and of ``python -m tui``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["emulator"]:
        return _emulator(argv[1:])
    parsed = _parse(argv)
    if isinstance(parsed, int):
        return parsed
    args = parsed
    failed = _setup_logging(args)
    if failed is not None:
        return failed
    if args.command is None:
        return run_app(args)
    if args.command == "info":
        from tui.cli.info import info

        return info(args)
    if args.command == "check":
        from tui.cli.check_command import check_command

        return check_command(args)
    from tui.cli.runner import run_command

    return run_command(args)
