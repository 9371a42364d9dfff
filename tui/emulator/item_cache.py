"""Encoded list items, reused while nothing they are rendered from has changed.

A 10,000-connection list is 100 page requests, and rendering and encoding every item of every
page was most of the emulator's time. A cached item keeps exact fingerprints of its inputs
(`render.connection_inputs` and `render.connector_inputs`, written with `marshal`, which tells
1 from True and 1.0 and keeps key order), so a change made any way at all - through the API, by
the clock finishing a sync, or by a test writing into the state - re-renders the item on its
next read. Nothing has to remember to invalidate it.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tui.emulator import render
from tui.emulator.json_types import JsonDict
from tui.emulator.responses import encode_json

if TYPE_CHECKING:
    from tui.emulator.state import EmulatorState

_MARSHAL_VERSION = 2  # no back-references: equal inputs always give equal bytes


class ItemCache:
    """Encoded connections by (id, with params, with last job), each with its fingerprints."""

    def __init__(self) -> None:
        # key -> (fingerprint of the item's inputs, of its connector's, the encoded item)
        self._connections: dict[tuple[int, bool, bool], tuple[bytes, bytes, bytes]] = {}

    def connections(
        self,
        state: EmulatorState,
        connections: Iterable[JsonDict],
        *,
        show_params: bool,
        include_last_job: bool,
    ) -> list[bytes]:
        """The connections encoded, in order (one page of a list)."""
        connector_prints: dict[int, bytes] = {}  # a page shares a few connectors
        encoded: list[bytes] = []
        for connection in connections:
            try:
                connector_id = connection["connector"]
                connector_print = connector_prints.get(connector_id)
                if connector_print is None:
                    connector_print = _fingerprint(render.connector_inputs(state, connector_id))
                    connector_prints[connector_id] = connector_print
                item_print = _fingerprint(render.connection_inputs(state, connection))
            except ValueError:  # a value marshal cannot write (the API never stores one)
                encoded.append(_encode(state, connection, show_params, include_last_job))
                continue
            key = (connection["id"], show_params, include_last_job)
            cached = self._connections.get(key)
            if cached is not None and cached[0] == item_print and cached[1] == connector_print:
                encoded.append(cached[2])
                continue
            item = _encode(state, connection, show_params, include_last_job)
            self._connections[key] = (item_print, connector_print, item)
            encoded.append(item)
        return encoded


def _fingerprint(inputs: tuple[Any, ...]) -> bytes:
    return marshal.dumps(inputs, _MARSHAL_VERSION)


def _encode(
    state: EmulatorState, connection: JsonDict, show_params: bool, include_last_job: bool
) -> bytes:
    return encode_json(
        render.connection_json(
            state, connection, show_params=show_params, include_last_job=include_last_job
        )
    )
