"""Command palette (ctrl+p): app commands and jumps to a connection or connector by name.

Textual's ``Matcher.highlight`` parses markup, so hit labels are built as plain ``Content`` from
``display_text`` and never from server strings as markup.
"""

from __future__ import annotations

import asyncio
import heapq
import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.api.display import display_text
from tui.config.appearance import THEME_NAMES

if TYPE_CHECKING:
    from tui.ui.app import SdeAlmApp

JUMP_LIMIT = 40
SCORED = 2_000
"""Labels scored per query at most (scoring all 10k connections would take ~2 s)."""


class JumpProvider(Provider):
    """`alias` or `name` → open it in its list with the detail shown."""

    @property
    def sde(self) -> SdeAlmApp:
        return cast("SdeAlmApp", self.app)

    def _candidates(self) -> list[tuple[str, str, Callable[[], object]]]:
        session = self.sde.session
        found: list[tuple[str, str, Callable[[], object]]] = []
        for connection in session.connections.values():
            label = f"connection: {display_text(connection.alias, max_chars=80)} (#{connection.id})"
            found.append(
                (
                    label,
                    "Jump to this connection",
                    partial(self.sde.jump_to, "connection", connection.id),
                )
            )
        for connector in session.connectors.values():
            label = f"connector: {display_text(connector.name, max_chars=80)} (#{connector.id})"
            found.append(
                (
                    label,
                    "Jump to this connector",
                    partial(self.sde.jump_to, "connector", connector.id),
                )
            )
        return found

    async def search(self, query: str) -> Hits:
        """The ``JUMP_LIMIT`` best matches by the fuzzy matcher's score, not the first found.

        The matcher costs ~0.2 ms a label, so cheap checks choose what it scores: labels that
        hold the query as typed (which it ranks highest) first, then those holding its letters
        in order, ``SCORED`` at most; the loop lets keys through, and a newer query cancels it.
        """
        matcher = self.matcher(query)
        needle = query.lower()
        in_order = re.compile(".*?".join(re.escape(c) for c in needle))
        whole: list[tuple[str, str, Callable[[], object]]] = []
        scattered: list[tuple[str, str, Callable[[], object]]] = []
        for candidate in self._candidates():
            label = candidate[0].lower()
            if needle in label:
                whole.append(candidate)
            elif len(scattered) < SCORED and in_order.search(label):
                scattered.append(candidate)
        scored: list[tuple[float, int, tuple[str, str, Callable[[], object]]]] = []
        for index, candidate in enumerate([*whole, *scattered][:SCORED]):
            score = matcher.match(candidate[0])
            if score > 0:
                scored.append((score, -index, candidate))
            if index % 100 == 99:
                await asyncio.sleep(0)
        for score, _, (label, help_text, command) in heapq.nlargest(JUMP_LIMIT, scored):
            yield Hit(score, Content(label), command, text=label, help=help_text)


class AppCommandsProvider(Provider):
    """The app's own commands (switch screens, refresh, failing only, test, themes, profiles)."""

    @property
    def sde(self) -> SdeAlmApp:
        return cast("SdeAlmApp", self.app)

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.sde
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (
                "Go to connections",
                "The connections list (2)",
                partial(app.switch_mode, "connections"),
            ),
            ("Go to connectors", "The connectors list (1)", partial(app.switch_mode, "connectors")),
            ("Go to API log", "Every request the app made (3)", partial(app.switch_mode, "log")),
            ("Refresh", "Reload the current list (r)", partial(app.run_screen_action, "refresh")),
            (
                "Toggle failing only",
                "Show only failing items (!)",
                partial(app.run_screen_action, "failing"),
            ),
            (
                "Test marked or visible",
                "Bulk connectivity test (T)",
                partial(app.run_screen_action, "test_many"),
            ),
            ("Help", "Every key (?)", app.action_help),
            ("Re-enter API token", "Use a new token for this server (kept in memory only)",
             partial(app.request_reauth, None)),
        ]
        for theme in THEME_NAMES:
            current = " (in use)" if theme == app.theme else ""
            commands.append(
                (f"Theme: {theme}", f"Switch the colours now{current}",
                 partial(app.use_theme, theme))
            )
        in_use = app.session.info.profile
        for name in app.profile_names():
            commands.append(
                (
                    f"Switch profile: {display_text(name)}"
                    + ("  ● in use" if name == in_use else ""),
                    "The profile in use: reload its lists"
                    if name == in_use
                    else "Reload the lists from this profile's server",
                    partial(app.request_profile_switch, name),
                )
            )
        return commands

    async def discover(self) -> Hits:
        for label, help_text, command in self._commands():
            yield DiscoveryHit(Content(label), command, text=label, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, command in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, Content(label), command, text=label, help=help_text)
