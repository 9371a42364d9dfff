"""Group C: transport faults. Client behaviour is mostly in ``tests/api`` (see CASES.md); these
add what the screens show, the write that is never resent, and real TLS name and date checks."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
import respx
from hostile_support import scripted, settle, spy_notes
from ui_support import Harness, MakeApp

from tui.api.client import AlmClient
from tui.api.errors import CannotConnect, TlsError
from tui.ui.export import screen_text
from tui.ui.screens.api_log import ApiLogScreen
from tui.ui.screens.help import HelpScreen

LIST = r"^/api/v2/connections/alm/$"


def _raise(error: type[httpx.TransportError], text: str) -> Callable[[httpx.Request], object]:
    def fault(request: httpx.Request) -> httpx.Response:
        raise error(text, request=request)

    return fault  # type: ignore[return-value]


async def test_C1_unreachable_server_is_named_the_app_stays_usable_and_r_retries(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        harness.transport.fault = _raise(httpx.ConnectError, "[Errno 111] Connection refused")
        await pilot.press("r")
        await settle(app, pilot)
        title, message = notes[-1]
        assert title == "Refresh connections: Cannot connect"
        assert message.startswith("Cannot reach emulator.test:80 (")
        assert app.screen.table.total == 44  # the last good list stays
        assert "refresh failed" in screen_text(app)
        await pilot.press("3")  # offline, every screen still answers
        await settle(app, pilot)
        assert isinstance(app.screen, ApiLogScreen)
        await pilot.press("2")
        harness.transport.fault = None
        await pilot.press("r")
        await settle(app, pilot)
        assert "refresh failed" not in screen_text(app)


async def test_C3_read_timeouts_on_a_list_are_retried_then_reported(
    make_app: MakeApp, harness: Harness
) -> None:
    layer = scripted(harness)
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        layer.on("GET", LIST, _raise(httpx.ReadTimeout, "read timed out"))  # type: ignore[arg-type]
        before = len(layer.seen)
        await pilot.press("r")
        await settle(app, pilot)
        tries = [r for r in layer.seen[before:] if r.url.path == "/api/v2/connections/alm/"]
        assert len(tries) == 3
        assert any(t.endswith("Timed out") and "stopped answering" in m for t, m in notes), notes


async def test_C4_a_sync_whose_answer_is_lost_is_reported_unknown_and_never_resent(
    make_app: MakeApp, harness: Harness
) -> None:
    layer = scripted(harness)
    layer.lose_answer("POST", r"^/api/v2/jobs/alm/$")
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
    posts = [r for r in harness.state.requests if r.method == "POST" and "jobs" in r.path]
    assert len(posts) == 1
    title, message = next(n for n in notes if n[0].startswith("Sync"))
    assert title == "Sync: Outcome unknown"
    assert "may or may not have been applied" in message


async def test_C5_a_hung_request_leaves_the_ui_responsive_and_quit_still_works(
    make_app: MakeApp, harness: Harness
) -> None:
    gate = harness.transport.hold(lambda request: request.url.path.endswith("/connections/alm/"))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "3")
        await pilot.pause()
        assert isinstance(app.screen, ApiLogScreen)
        await pilot.press("q")
        await pilot.pause()
    assert not gate.is_set() and app.return_code in (0, None)


async def test_C9_insecure_sessions_keep_a_visible_badge_on_every_screen(
    make_app: MakeApp,
) -> None:
    app = make_app(insecure=True)
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        for key in ("2", "1", "3"):
            await pilot.press(key)
            await settle(app, pilot)
            assert "TLS OFF" in screen_text(app).splitlines()[0]
            assert "-insecure" in app.screen.query_one("#header").classes
    assert ("Insecure", "TLS certificate verification is OFF for this server.") in notes


async def test_C10_a_redirect_on_refresh_is_named_and_not_followed(
    make_app: MakeApp, harness: Harness
) -> None:
    layer = scripted(harness)
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        layer.on(
            "GET",
            LIST,
            lambda r: httpx.Response(302, headers={"Location": "https://login.corp/sso?next=/"}),
        )
        await pilot.press("r")
        await settle(app, pilot)
    assert any("Server redirected to https://login.corp/sso" in m for _, m in notes), notes
    assert not any(r.url.host == "login.corp" for r in harness.transport.requests)


async def test_C12_a_407_from_a_proxy_names_the_proxy_setting() -> None:
    with respx.mock(base_url="https://sde.example.test") as api:
        api.get("/api/v2/projects/1/").respond(407, text="Proxy Authentication Required")
        async with AlmClient("https://sde.example.test", "tok-proxy-1", trust_env=False) as c:
            with pytest.raises(CannotConnect, match="HTTPS_PROXY"):
                await c.get_project(1)


async def test_C13_rate_limit_on_refresh_says_when_to_try_again(
    make_app: MakeApp, harness: Harness
) -> None:
    """A Retry-After longer than the request's deadline is not waited out: the refresh fails at
    once and says how long the server asks to wait (shorter ones: see the countdown test)."""
    layer = scripted(harness)
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        layer.on(
            "GET",
            LIST,
            lambda r: httpx.Response(429, headers={"Retry-After": "86400"}, json={"detail": "x"}),
        )
        await pilot.press("r")
        await settle(app, pilot)
    assert any("The server asks to wait 86,400 s" in m for _, m in notes), notes


# --- real TLS: a name that does not match, a certificate that expired ------------------------


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=cwd, timeout=60)


@pytest.fixture(scope="module")
def tls_material(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway CA, a leaf for another name, and an expired leaf for 127.0.0.1."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make throwaway certificates")
    d = tmp_path_factory.mktemp("tls")
    (d / "index.txt").write_text("")
    (d / "serial").write_text("01\n")
    (d / "ca.cnf").write_text(
        "[ca]\ndefault_ca=own\n[own]\ndir=.\ndatabase=index.txt\nserial=serial\n"
        "new_certs_dir=.\ndefault_md=sha256\npolicy=any\ncopy_extensions=copy\n"
        "unique_subject=no\n[any]\ncommonName=supplied\n"
    )
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        cwd=d,
    )
    for name, san in (("wrong", "DNS:wrong.example"), ("expired", "IP:127.0.0.1")):
        _openssl(
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            f"/CN={name}",
            "-addext",
            f"subjectAltName={san}",
            "-keyout",
            f"{name}.key",
            "-out",
            f"{name}.csr",
            cwd=d,
        )
    _openssl(
        "ca",
        "-batch",
        "-config",
        "ca.cnf",
        "-cert",
        "ca.pem",
        "-keyfile",
        "ca.key",
        "-in",
        "wrong.csr",
        "-out",
        "wrong.pem",
        "-days",
        "2",
        cwd=d,
    )
    _openssl(
        "ca",
        "-batch",
        "-config",
        "ca.cnf",
        "-cert",
        "ca.pem",
        "-keyfile",
        "ca.key",
        "-in",
        "expired.csr",
        "-out",
        "expired.pem",
        "-startdate",
        "20200101000000Z",
        "-enddate",
        "20200102000000Z",
        cwd=d,
    )
    return d


@pytest.fixture
async def tls_server(tls_material: Path) -> AsyncIterator[Callable[[str], object]]:
    servers: list[asyncio.Server] = []

    async def start(name: str) -> str:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(tls_material / f"{name}.pem", tls_material / f"{name}.key")

        async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.close()

        server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=context)
        servers.append(server)
        return f"https://127.0.0.1:{server.sockets[0].getsockname()[1]}"

    yield start  # type: ignore[misc]
    for server in servers:
        server.close()
        await server.wait_closed()


async def _tls_error(url: str, ca: Path) -> TlsError:
    trusting = ssl.create_default_context(cafile=str(ca))
    async with AlmClient(url, "tok-tls-1", trust_env=False, verify=trusting) as client:
        with pytest.raises(TlsError) as caught:
            await client.get_project(1)
    return caught.value


async def test_C8_a_certificate_for_another_name_says_which_host_was_expected(
    tls_server: Callable[[str], object], tls_material: Path
) -> None:
    url = await tls_server("wrong")  # type: ignore[misc]
    error = await _tls_error(url, tls_material / "ca.pem")
    assert "127.0.0.1" in error.message and "mismatch" in error.message.lower()
    assert "verify" not in error.message.lower().split("(")[0]  # no bypass offered


async def test_C8_an_expired_certificate_says_it_expired(
    tls_server: Callable[[str], object], tls_material: Path
) -> None:
    url = await tls_server("expired")  # type: ignore[misc]
    error = await _tls_error(url, tls_material / "ca.pem")
    assert "expired" in error.message


async def test_C8_an_expired_certificate_names_its_dates(
    tls_server: Callable[[str], object], tls_material: Path
) -> None:
    url = await tls_server("expired")  # type: ignore[misc]
    error = await _tls_error(url, tls_material / "ca.pem")
    assert "2020-01-02" in error.message or "Jan  2" in error.message
    assert "SSL_CERT_FILE" not in error.message


@pytest.mark.parametrize(
    "argv", [["--faults", "503:2"], ["--data", "{missing}"]], ids=["faults", "data"]
)
def test_a_bad_fault_spec_or_data_file_on_the_demo_path_is_one_line(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli.main import main

    argv = [part.format(missing=tmp_path / "missing.json") for part in argv]
    code = main(["--demo", *argv, "--config", str(tmp_path / "none.toml"), "connections", "list"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) <= 2


async def test_C13_a_retry_after_wait_shows_a_countdown_that_esc_cancels(
    harness: Harness,
) -> None:
    from ui_support import FIXED_NOW, SERVER

    from tui.api.calllog import CallLog
    from tui.ui.app import SdeAlmApp
    from tui.ui.session import ServerInfo, Session

    waits: list[float] = []
    release = asyncio.Event()

    async def held_sleep(seconds: float) -> None:
        waits.append(seconds)
        await release.wait()

    log = CallLog()
    client = AlmClient(
        SERVER,
        harness.state.config.token,
        transport=harness.transport,
        on_call=log.append,
        sleep=held_sleep,
    )
    session = Session(ServerInfo(SERVER, profile="test"), client, log, now=lambda: FIXED_NOW)
    app = SdeAlmApp(session)
    layer = scripted(harness)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        layer.on(
            "GET",
            LIST,
            lambda r: httpx.Response(429, headers={"Retry-After": "20"}, json={"detail": "x"}),
            times=1,
        )
        await pilot.press("r")
        for _ in range(50):
            if waits:
                break
            await pilot.pause()
        assert waits == [20.0]  # within the 30 s read deadline, so it is waited out
        header = screen_text(app).splitlines()[0]
        assert "20" in header and "retry" in header.lower()
        await pilot.press("escape")
        await pilot.pause()
        assert not [w for w in app.workers if w.group == "load" and w.is_running]
        release.set()
