"""Form test fixtures: a client on the in-process emulator, and write faults that pass reads."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from forms_support import WriteFaults
from ui_support import Harness

from tui.api.client import AlmClient
from tui.api.models import Connection, Connector, Plugin
from tui.emulator import render
from tui.emulator.plugins import plugin
from tui.emulator.state import EmulatorState

SERVER = "http://emulator.test"


@pytest.fixture
def faults(harness: Harness) -> WriteFaults:
    """Write faults for apps made by ``make_app`` (install before building the app)."""
    wrapper = WriteFaults(harness.transport.inner)
    harness.transport.inner = wrapper
    return wrapper


@pytest.fixture
def client(emulator_state: EmulatorState) -> AlmClient:
    from tui.emulator.app import create_app

    return AlmClient(
        SERVER,
        emulator_state.config.token,
        transport=httpx.ASGITransport(app=create_app(emulator_state)),
    )


@pytest.fixture
def fault_client(emulator_state: EmulatorState) -> tuple[AlmClient, WriteFaults]:
    from tui.emulator.app import create_app

    wrapper = WriteFaults(httpx.ASGITransport(app=create_app(emulator_state)))
    return AlmClient(SERVER, emulator_state.config.token, transport=wrapper), wrapper


@pytest.fixture
def schema() -> Callable[[str], Plugin]:
    return lambda system_id: Plugin.model_validate(plugin(system_id))


@pytest.fixture
def read(emulator_state: EmulatorState) -> Callable[[int], Connection]:
    def read(connection_id: int) -> Connection:
        raw = render.connection_json(
            emulator_state,
            emulator_state.connections[connection_id],
            show_params=True,
            include_last_job=False,
        )
        return Connection.model_validate(raw)

    return read


@pytest.fixture
def read_connector(emulator_state: EmulatorState) -> Callable[[int], Connector]:
    def read(connector_id: int) -> Connector:
        raw = render.connector_json(
            emulator_state, emulator_state.connectors[connector_id], show_params=True
        )
        return Connector.model_validate(raw)

    return read
