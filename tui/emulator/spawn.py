"""The emulator in a child process, serving on a socket the parent binds (``sde-alm --demo``).

The parent binds the socket, so it knows the URL at once and goes on without waiting: requests
made before the child serves wait in the socket's backlog, while the child imports and builds
its data on another core. The token goes down the child's stdin (never argv or the
environment, which ``ps`` shows); the child exits as soon as stdin closes, so it ends with the
parent however the parent ends (quit, crash, SIGKILL). Its output never reaches the terminal.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from tui.emulator.sockets import base_url, listen

_STOP_TIMEOUT = 5.0
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the directory holding `tui`


class EmulatorProcess:
    """``python -m tui.emulator`` on a loopback port; `start()` returns its base URL at once."""

    def __init__(self, token: str, options: Sequence[str] = (), host: str = "127.0.0.1") -> None:
        self.token = token
        self.options = list(options)
        self.host = host
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._killed = False

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def start(self) -> str:
        """Bind, spawn the child on the socket and hand it the token; does not wait for it."""
        if self._process is not None:
            return self.url
        sock = listen(self.host, 0)
        try:
            self.url = base_url(sock)
            fd = sock.fileno()
            self._stderr = tempfile.TemporaryFile()
            # -P: the working directory must not shadow this `tui` (it may hold another one).
            command = [sys.executable, "-P", "-m", "tui.emulator", "--fd", str(fd)]
            command += ["--token-stdin", "--exit-on-eof", *self.options]
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                pass_fds=(fd,),
                start_new_session=True,  # keyboard signals and job control are the parent's
                env=_child_environment(),
            )
        finally:
            sock.close()  # the child holds it now; once the child is gone, connecting fails
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(self.token.encode() + b"\n")
            stdin.flush()
        except BrokenPipeError:
            pass  # the child is already gone; stop() says why
        return self.url

    def stop(self) -> str | None:
        """End the child (close its stdin, kill it if it lingers); returns why it failed, if it
        ended by itself with an error, else None."""
        process, self._process = self._process, None
        if process is None:
            return None
        try:
            if process.stdin is not None:
                process.stdin.close()
        except BrokenPipeError:
            pass
        try:
            process.wait(timeout=_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._killed = True
            process.kill()
            process.wait()
        problem = None if self._killed else self._failure(process.returncode)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        return problem

    def _failure(self, returncode: int) -> str | None:
        if returncode == 0:
            return None
        how = f"exit {returncode}" if returncode > 0 else f"killed by signal {-returncode}"
        last = ""
        if self._stderr is not None:
            self._stderr.seek(0)
            lines = self._stderr.read()[-4000:].decode("utf-8", "replace").splitlines()
            last = next((line.strip() for line in reversed(lines) if line.strip()), "")
            last = last.replace(self.token, "[token]")
        return f"{how}: {last}" if last else how

    def __enter__(self) -> EmulatorProcess:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _child_environment() -> dict[str, str]:
    """This environment without SDE_* settings (the child needs none, least of all a token),
    importing the same `tui` package as this process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDE_")}
    if _PACKAGE_ROOT not in site.getsitepackages():  # a source tree, not an installed package
        paths = [_PACKAGE_ROOT, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        env["PYTHONPATH"] = os.pathsep.join(paths)
    return env
