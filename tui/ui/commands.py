"""Command palette (ctrl+p): app commands and jumps to a connection or connector by name.

Textual's ``Matcher.highlight`` parses markup, so hit labels are built as plain ``Content`` from
``display_text`` and never from server strings as markup.
"""

from __future__ import annotations

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
        matcher = self.matcher(query)
        hits = 0
        for label, help_text, command in self._candidates():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, Content(label), command, text=label, help=help_text)
                hits += 1
                if hits >= JUMP_LIMIT:
                    return


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
        for name in app.profile_names():
            commands.append(
                (
                    f"Switch profile: {display_text(name)}",
                    "Reload the lists from this profile's server",
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
