"""Faults respx cannot model, over real loopback sockets: refused ports, TLS trust, slow drips."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from tui.api.client import AlmClient
from tui.api.errors import CannotConnect, OutcomeUnknown, TimedOut, TlsError, TransportError
from tui.api.vocab import ApiFamily

from .api_support import TOKEN

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
BODY = b'{"id": 1, "name": "Demo", "slug": "demo"}'


async def read_request(reader: asyncio.StreamReader) -> None:
    await reader.readuntil(b"\r\n\r\n")


def head(length: int) -> bytes:
    return (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {length}\r\n\r\n".encode()
    )


async def answer_json(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.write(head(len(BODY)) + BODY)
    await writer.drain()
    writer.close()


async def drip(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.write(head(10_000))
    for _ in range(10_000):
        writer.write(b" ")
        await writer.drain()
        await asyncio.sleep(0.05)


async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.close()


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Awaitable[str]]]:
    servers: list[asyncio.Server] = []

    async def start(handler: Handler, tls: ssl.SSLContext | None = None) -> str:
        server = await asyncio.start_server(handler, "127.0.0.1", 0, ssl=tls)
        servers.append(server)
        port = server.sockets[0].getsockname()[1]
        return f"{'https' if tls else 'http'}://127.0.0.1:{port}"

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a throwaway certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_refused_port_is_cannot_connect() -> None:
    port = closed_port()
    async with AlmClient(f"http://127.0.0.1:{port}", TOKEN, trust_env=False) as client:
        with pytest.raises(CannotConnect) as caught:
            await client.get_project(1)
    assert type(caught.value) is CannotConnect
    assert f"Cannot reach 127.0.0.1:{port}" in caught.value.message


async def test_untrusted_certificate_is_a_tls_error(
    serve: Callable[..., Awaitable[str]], self_signed: tuple[Path, Path]
) -> None:
    cert, key = self_signed
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    url = await serve(answer_json, server_tls)
    async with AlmClient(url, TOKEN, trust_env=False) as client:
        with pytest.raises(TlsError) as caught:
            await client.get_project(1)
    assert "SSL_CERT_FILE" in caught.value.message and "--ca-file" in caught.value.message
    trusting = ssl.create_default_context(cafile=str(cert))
    async with AlmClient(url, TOKEN, trust_env=False, verify=trusting) as client:
        assert (await client.get_project(1)).name == "Demo"


async def test_real_slow_drip_is_cut_by_the_deadline(serve: Callable[..., Awaitable[str]]) -> None:
    url = await serve(drip)
    started = time.perf_counter()
    async with AlmClient(url, TOKEN, trust_env=False, read_deadline=0.4, get_retries=0) as client:
        with pytest.raises(TimedOut):
            await client.get_project(1)
    assert time.perf_counter() - started < 3


async def test_connection_dropped_without_answer(serve: Callable[..., Awaitable[str]]) -> None:
    url = await serve(hang_up)
    async with AlmClient(
        url, TOKEN, trust_env=False, sleep=lambda _: asyncio.sleep(0), api_family=ApiFamily.ALM
    ) as client:
        with pytest.raises(TransportError) as caught:
            await client.get_project(1)
        assert type(caught.value) is TransportError
        with pytest.raises(OutcomeUnknown):
            await client.create_connection({"alias": "x"})
