"""The emulator as a child process on a socket the parent binds (what ``--demo`` runs), and the
command-line options behind it: ``--fd``, ``--token-stdin``, ``--exit-on-eof``."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tui.api.vocab import ALM, ISSUE_TRACKER
from tui.emulator.sockets import base_url, listen
from tui.emulator.spawn import EmulatorProcess

REPO = Path(__file__).resolve().parents[2]
TOKEN = "spawn-canary-token-3b9d"
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
needs_proc = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
needs_pidfd = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs pidfd_open")


def wait_for_exit(pid: int, timeout: float = 15.0) -> bool:
    """Block until `pid` (not necessarily our child) exits; False on timeout."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], timeout)
        return bool(readable)
    finally:
        os.close(fd)


@pytest.fixture
def emulator() -> Iterator[EmulatorProcess]:
    process = EmulatorProcess(TOKEN, ["--connections", "300", "--test-latency-ms", "0"])
    process.start()
    try:
        yield process
    finally:
        process.stop()


def test_the_url_is_known_at_once_and_early_requests_wait_for_the_child(
    emulator: EmulatorProcess,
) -> None:
    # No waiting between start() and the request: it sits in the backlog until the child serves.
    answer = httpx.get(
        f"{emulator.url}/api/v2/connections/alm/",
        params={"page_size": "100"},
        headers={"Authorization": f"Token {TOKEN}"},
        timeout=30,
    )
    assert emulator.url.startswith("http://127.0.0.1:")
    assert answer.status_code == 200 and answer.json()["count"] == 300


def test_a_tui_package_in_the_working_directory_does_not_replace_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoy = tmp_path / "tui" / "emulator"
    decoy.mkdir(parents=True)
    (tmp_path / "tui" / "__init__.py").write_text("")
    (decoy / "__init__.py").write_text("")
    (decoy / "__main__.py").write_text("raise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    process = EmulatorProcess(TOKEN)
    url = process.start()
    try:
        answer = httpx.get(
            f"{url}/api/v2/users/me/", headers={"Authorization": f"Token {TOKEN}"}, timeout=30
        )
        assert answer.status_code == 200
    finally:
        assert process.stop() is None


@needs_proc
def test_the_token_is_in_neither_argv_nor_the_environment_of_the_child(
    emulator: EmulatorProcess,
) -> None:
    unauthorised = httpx.get(f"{emulator.url}/api/v2/users/me/", timeout=30)
    assert unauthorised.status_code == 401  # serving, with a token: the one sent on stdin
    assert emulator.pid is not None
    cmdline = Path(f"/proc/{emulator.pid}/cmdline").read_bytes()
    environ = Path(f"/proc/{emulator.pid}/environ").read_bytes()
    assert b"tui.emulator" in cmdline and b"--token-stdin" in cmdline
    assert TOKEN.encode() not in cmdline and TOKEN.encode() not in environ


@needs_pidfd
def test_stop_ends_the_child_and_its_port() -> None:
    process = EmulatorProcess(TOKEN)
    url = process.start()
    assert (
        httpx.get(
            f"{url}/api/v2/users/me/", headers={"Authorization": f"Token {TOKEN}"}, timeout=30
        ).status_code
        == 200
    )
    pid = process.pid
    assert pid is not None
    assert process.stop() is None  # ended by us: not a failure
    assert wait_for_exit(pid, timeout=0)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/api/v2/users/me/", timeout=5)


@needs_pidfd
def test_the_child_dies_with_a_killed_parent() -> None:
    parent_code = (
        "import sys\n"
        "from tui.emulator.spawn import EmulatorProcess\n"
        "p = EmulatorProcess('t')\n"
        "url = p.start()\n"
        "print(p.pid, url, flush=True)\n"
        "sys.stdin.read()\n"  # until the test kills it
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
        cwd=REPO,
    )
    try:
        assert parent.stdout is not None
        child_pid, url = parent.stdout.readline().split()
        answer = httpx.get(
            f"{url}/api/v2/users/me/", headers={"Authorization": "Token t"}, timeout=30
        )
        assert answer.status_code == 200  # the child is up and serving
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        assert wait_for_exit(int(child_pid)), "the emulator outlived its SIGKILLed parent"
    finally:
        parent.kill()
        parent.wait()


def test_a_failing_child_writes_nothing_here_and_stop_says_why(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    process = EmulatorProcess(TOKEN, ["--data", str(tmp_path / "missing.json")])
    process.start()
    with pytest.raises(httpx.TransportError):  # the child ended: nothing behind the port
        httpx.get(f"{process.url}/api/v2/users/me/", timeout=30)
    problem = process.stop()
    assert problem is not None and problem.startswith("exit 2")
    assert "missing.json" in problem and "Traceback" not in problem
    out, err = capfd.readouterr()
    assert out == "" and err == ""


# --- the command-line options -----------------------------------------------------------


def run_on_fd(sock: socket.socket, *args: str, stdin: bytes) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.emulator", "--fd", str(sock.fileno()), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        pass_fds=(sock.fileno(),),
        env=ENV,
        cwd=REPO,
    )
    assert process.stdin is not None
    process.stdin.write(stdin)
    process.stdin.flush()
    return process


def test_fd_serves_the_inherited_socket_with_the_token_from_stdin() -> None:
    sock = listen("127.0.0.1", 0)
    url = base_url(sock)
    process = run_on_fd(sock, "--token-stdin", "--exit-on-eof", stdin=b"fd-token\n")
    sock.close()
    try:
        ok = httpx.get(
            f"{url}/api/v2/users/me/", headers={"Authorization": "Token fd-token"}, timeout=30
        )
        assert ok.status_code == 200
        assert process.stdout is not None
        assert process.stdout.readline().decode().strip() == url  # the URL still comes first
        assert process.stdin is not None
        process.stdin.close()  # --exit-on-eof
        assert process.wait(timeout=15) == 0
    finally:
        process.kill()
        process.wait()
    out = process.stdout.read().decode() if process.stdout else ""
    assert "fd-token" not in out and "the token given on stdin" in out


def test_token_stdin_without_a_token_is_a_clear_error() -> None:
    sock = listen("127.0.0.1", 0)
    process = run_on_fd(sock, "--token-stdin", stdin=b"")
    sock.close()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert err.decode().strip() == "sde-alm emulator: --token-stdin: no token on stdin"


def test_fd_that_is_not_a_listening_socket_is_a_clear_error() -> None:
    unbound = socket.socket()
    fd = unbound.fileno()
    process = run_on_fd(unbound, "--token", "t", stdin=b"")
    unbound.close()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 1
    assert err.decode().strip() == (
        f"sde-alm emulator: cannot listen on file descriptor {fd}: "
        f"file descriptor {fd} is not a listening socket"
    )


def test_options_such_as_the_api_family_pass_through_to_the_child() -> None:
    with EmulatorProcess(TOKEN, ["--api-family", "both", "--test-latency-ms", "0"]) as process:
        headers = {"Authorization": f"Token {TOKEN}"}
        alias = httpx.get(f"{process.url}/api/v2/connectors/alm/1/", headers=headers, timeout=30)
        assert alias.status_code == 200
        params = alias.json()["params"]
        assert ISSUE_TRACKER.key("server") in params and ALM.key("server") not in params
