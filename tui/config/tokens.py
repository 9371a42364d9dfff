"""Reading the API token from its source: an env var, a private file, or a command's output.

Never from the command line (visible in ``ps`` and shell history) and never from the config file.
The OS keyring is deliberately not a source: over SSH it usually has no D-Bus session or unlocked
collection, and ``token_command`` already covers ``pass show ...`` and ``secret-tool lookup ...``.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui.api.errors import ConfigError
from tui.api.secrets import registry
from tui.config.file import tilde
from tui.config.secret import Secret

COMMAND_TIMEOUT = 10.0
_MAX_TOKEN_BYTES = 64 * 1024


@dataclass(frozen=True)
class TokenSpec:
    """Where the token is to come from; ``origin`` says which profile named it (if any)."""

    kind: Literal["env", "file", "command"]
    value: str
    origin: str = ""

    def describe(self) -> str:
        """E.g. ``file ~/.config/sde-alm/token (profile prod)``; never the token itself."""
        if self.kind == "file":
            text = f"file {tilde(self.value)}"
        elif self.kind == "command":
            text = f"command {registry.scrub(self.value)}"
        else:
            text = f"env {self.value}"
        return f"{text} ({self.origin})" if self.origin else text


def clean_token(raw: str, where: str) -> Secret:
    """Strip one trailing newline and check the rest looks like a single token."""
    token = raw.removesuffix("\n").removesuffix("\r")
    if not token:
        raise ConfigError(f"the API token from {where} is empty")
    if any(ch.isspace() for ch in token):
        raise ConfigError(
            f"the API token from {where} contains whitespace; it must hold the token alone "
            "(no 'Token ' prefix, no second line)"
        )
    registry.add(token)
    return Secret(token)


def _read_file(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise ConfigError(f"token file {tilde(path)} does not exist") from None
    except PermissionError:
        raise ConfigError(f"cannot read token file {tilde(path)}: permission denied") from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"token file {tilde(path)} is not a regular file")
        if st.st_uid != os.getuid():
            raise ConfigError(
                f"token file {tilde(path)} is owned by uid {st.st_uid}, not by you "
                f"(uid {os.getuid()}); refusing a token others control. "
                f"Fix: copy it to a file you own, then chmod 600 it"
            )
        if st.st_mode & 0o077:
            raise ConfigError(
                f"token file {tilde(path)} is readable by others "
                f"(mode {stat.S_IMODE(st.st_mode):04o}); fix: chmod 600 {tilde(path)}"
            )
        raw = handle.read(_MAX_TOKEN_BYTES + 1)
    if len(raw) > _MAX_TOKEN_BYTES:
        raise ConfigError(f"token file {tilde(path)} is too large to hold a token")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"token file {tilde(path)} is not UTF-8 text") from None


def _run_command(command: str) -> str:
    try:
        import shlex  # only for a token command

        argv = shlex.split(command)
    except ValueError as exc:
        raise ConfigError(f"token_command cannot be parsed ({exc})") from None
    if not argv:
        raise ConfigError("token_command is empty")
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise ConfigError(f"token_command: program {argv[0]!r} not found") from None
    except PermissionError:
        raise ConfigError(f"token_command: program {argv[0]!r} is not executable") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(
            f"token_command {argv[0]!r} did not finish within {COMMAND_TIMEOUT:g} s "
            "(is it waiting for a passphrase?)"
        ) from None
    if done.returncode != 0:
        raise ConfigError(
            f"token_command {argv[0]!r} exited with status {done.returncode} "
            "(its error output is not shown, in case it holds secrets; run it yourself to see)"
        )
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"token_command {argv[0]!r} printed non-UTF-8 output") from None


def read_token(spec: TokenSpec, env: Mapping[str, str]) -> Secret:
    """The token ``spec`` points to, validated and registered for scrubbing."""
    where = spec.describe()
    if spec.kind == "env":
        raw = env.get(spec.value)
        if raw is None:
            raise ConfigError(f"{where}: the environment variable {spec.value} is not set")
    elif spec.kind == "file":
        raw = _read_file(Path(spec.value).expanduser())
    else:
        raw = _run_command(spec.value)
    return clean_token(raw, where)
