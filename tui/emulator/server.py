"""Run the emulator under uvicorn in a daemon thread (the command line and tests use it)."""

from __future__ import annotations

import socket
import threading
from types import TracebackType

import uvicorn

from tui.emulator.app import create_app
from tui.emulator.config import EmulatorConfig
from tui.emulator.sockets import base_url, listen
from tui.emulator.state import EmulatorState

_START_TIMEOUT = 10.0


class _Server(uvicorn.Server):
    """uvicorn's server, telling a waiting thread when its start-up is over (ok or not)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.start_over = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets)
        finally:
            self.start_over.set()

    def run(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            super().run(sockets)
        finally:
            self.start_over.set()


class EmulatorServer:
    """A live emulator on a loopback port (or on ``sock``, already listening); `start()` returns
    its base URL."""

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        sock: socket.socket | None = None,
    ) -> None:
        self.config = config or EmulatorConfig()
        self.host = host
        self.port = port
        self.state = EmulatorState(self.config)
        self.url = ""
        self._sock = sock
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        if self._server is not None:
            return self.url
        sock = self._sock or listen(self.host, self.port)
        self.port = sock.getsockname()[1]
        self.url = base_url(sock)
        # The cheapest start-up: no lifespan, no logging dictConfig, no loop or protocol
        # auto-detection; errors still reach stderr through logging's last-resort handler.
        config = uvicorn.Config(
            create_app(self.state),
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            http="h11",
            ws="none",
            loop="asyncio",
        )
        server = _Server(config)
        thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            name=f"sde-emulator-{self.port}",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        if not server.start_over.wait(_START_TIMEOUT) or not server.started:
            self.stop()
            raise RuntimeError(f"the emulator did not start on {self.url}")
        return self.url

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout=5)

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
