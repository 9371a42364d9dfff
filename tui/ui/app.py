"""The Textual application: modes for the three lists, global keys, help and safety prompts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.reactive import Reactive
from textual.theme import Theme

from tui.config.appearance import DEFAULT_THEME
from tui.ui.commands import AppCommandsProvider, JumpProvider
from tui.ui.crash import Crashed, crashed
from tui.ui.reach import sde_answered
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.screens.resource_screen import ResourceScreen
from tui.ui.textual_internals import all_screens
from tui.ui.themes import THEMES

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.api.calllog import CallRecord
    from tui.ui.screens.api_log import ApiLogScreen
    from tui.ui.session import Kind, Session

ProfileSwitcher = Callable[[str], Awaitable["Session"]]


def _connectors_screen() -> Screen[Any]:
    from tui.ui.screens.connectors import ConnectorsScreen  # imported when first shown

    return ConnectorsScreen()


def _api_log_screen() -> Screen[Any]:
    from tui.ui.screens.api_log import ApiLogScreen  # imported when first shown

    return ApiLogScreen()


class SdeAlmApp(App[int]):
    """sde-alm: browse, test, sync and edit SD Elements ALM connectors and connections."""

    CSS_PATH = "app.tcss"
    TITLE = "sde-alm"
    MODES: ClassVar[dict[str, Any]] = {
        "connections": ConnectionsScreen,
        "connectors": _connectors_screen,
        "log": _api_log_screen,
    }
    DEFAULT_MODE = "connections"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        AppCommandsProvider,
        JumpProvider,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "switch_mode('connectors')", "Connectors", id="app.connectors"),
        Binding("2", "switch_mode('connections')", "Connections", id="app.connections"),
        Binding("3", "switch_mode('log')", "API log", id="app.log"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        # priority, like Textual's own: it runs before the keys typed right after it are routed
        Binding(
            "ctrl+p", "command_palette", "Commands", show=False, id="app.palette", priority=True
        ),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_now"),
    ]

    theme: Reactive[str] = Reactive(DEFAULT_THEME)
    """Our default from the start: Textual builds the stylesheet with it (no re-parse)."""

    @property
    def available_themes(self) -> dict[str, Theme]:
        """Textual's themes and ours (the ansi-* ones replace Textual's of the same name)."""
        return {**super().available_themes, **THEMES}

    def __init__(
        self,
        session: Session,
        *,
        profiles: list[str] | None = None,
        switch_profile: ProfileSwitcher | None = None,
        keymap: dict[str, str] | None = None,
        theme: str = DEFAULT_THEME,
    ) -> None:
        super().__init__()
        self.session = session
        self._profiles = profiles or []
        self._switch_profile = switch_profile
        self._reauth_open = False
        self._reauth_declined = False
        self._reauth_retries: list[Callable[[], object]] = []
        self.token_rejected = False
        """The server rejected the token in use and no call has succeeded since: quitting exits
        2, as for any rejected setting (README)."""
        self._stop_following: Callable[[], None] | None = None
        self._crash: Crashed | None = None
        self.theme = theme  # another than the default costs a re-parse of the stylesheets
        if keymap:
            self.set_keymap(keymap)

    def on_mount(self) -> None:
        self._follow_calls()
        if self.session.info.insecure:
            self.notify(
                "TLS certificate verification is OFF for this server.",
                title="Insecure",
                severity="warning",
                timeout=10,
                markup=False,
            )

    async def on_unmount(self) -> None:
        await self.session.client.aclose()

    def _handle_exception(self, error: Exception) -> None:
        # Textual's crash output is a traceback with every local (secrets too): see tui/ui/crash.py
        if self._crash is not None:
            # One crash, one report: an error raised while the first one takes the app down (a
            # paint callback finding its widgets gone) is a consequence, not a second crash.
            return
        self._crash = crashed(error)
        super()._handle_exception(self._crash)

    # ---------------------------------------------------------------- helpers
    async def action_quit(self) -> None:
        """Quit, but never silently drop an unsaved form (ctrl+q works from inside forms)."""
        from tui.ui.screens.discard import DiscardChanges
        from tui.ui.screens.edit_form import EditFormScreen

        pending = sum(s.pending_changes() for s in self.screen_stack
                      if isinstance(s, EditFormScreen))
        if not pending:
            self._leave()
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self._leave()

        self.push_screen(DiscardChanges(f"Quit and discard {pending} unsaved change(s)?"), answer)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_mode" and len(self.screen_stack) > 1:
            return False  # 1/2/3 never leave a form or a prompt: a digit there is not a view key
        return True

    def _leave(self) -> None:
        if not self.token_rejected:
            self.exit()
            return
        info = self.session.info
        self.exit(
            return_code=2,
            message=(
                f"sde-alm: Not authenticated: {info.server} rejected the API token (from "
                f"{info.token_source or 'an unknown source'}).\n"
                "(`sde-alm info` shows what sde-alm found)"
            ),
        )

    def _follow_calls(self) -> None:
        """Any call the server answers means the token in use works again."""

        def answered(record: CallRecord) -> None:
            if sde_answered(record):
                self.token_rejected = False

        if self._stop_following is not None:
            self._stop_following()
        self._stop_following = self.session.call_log.subscribe(answered)

    def profile_names(self) -> list[str]:
        return list(self._profiles)

    def use_theme(self, name: str) -> None:
        """Switch the colours now (for this session; ``theme`` in the config file keeps it)."""
        self.theme = name
        self.notify(f"Theme {name} (set theme = \"{name}\" in the config file to keep it)",
                    title="Theme", markup=False)

    async def action_command_palette(self) -> None:  # type: ignore[override]  # awaited by Textual
        """Open the palette and return only once its input has the focus.

        A real terminal delivers ``ctrl+p`` and the first letters typed after it in one read;
        Textual's own action pushes the palette and returns at once, so those letters reached
        the list (``r`` refreshed it) while the palette was still being built, most often on
        its first opening. Keys are routed only after this returns.
        """
        from textual.command import CommandInput, CommandPalette

        if not self.use_command_palette or isinstance(self.screen, CommandPalette):
            return
        palette = CommandPalette(id="--command-palette")
        await self.push_screen(palette)
        palette.set_focus(palette.query_one(CommandInput))

    def run_screen_action(self, action: str) -> None:
        self.call_later(self.screen.run_action, action)

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        bindings = [(key, active.binding) for key, active in self.screen.active_bindings.items()]
        self.push_screen(HelpScreen(bindings))

    def jump_to(self, kind: Kind, item_id: int) -> None:
        """Switch to the list of ``kind``, put the cursor on the item and open its detail."""
        self.switch_mode("connections" if kind == "connection" else "connectors")

        def land() -> None:
            screen = self.screen
            if isinstance(screen, ResourceScreen) and screen.table.move_to(item_id):
                screen.open_detail()
            else:
                self.notify(
                    f"#{item_id} is not in the current list (filtered out?)",
                    title="Jump",
                    severity="warning",
                    markup=False,
                )

        self.call_after_refresh(land)

    async def confirm_write(self, description: str) -> bool:
        """Production profiles ask for the host name before any write (call from a worker)."""
        info = self.session.info
        if info.read_only:
            self.notify(
                "Read-only mode: no writes.", title="Blocked", severity="warning", markup=False
            )
            return False
        if not info.production:
            return True
        from tui.ui.screens.confirm import TypeToConfirm

        confirmed: bool = await self.push_screen_wait(
            TypeToConfirm(
                "Production server",
                f"You are about to {description} on the PRODUCTION server {info.host}.",
                info.host,
                "Go ahead",
            )
        )
        return confirmed

    def request_reauth(
        self, reason: str | None, retry: Callable[[], object] | None = None
    ) -> None:
        """Ask once for a new token after a 401 (``reason``; None: the user asked to replace it);
        queued retries run once it is accepted. Declined, it is not asked again on each 401."""
        if retry is not None:
            self._reauth_retries.append(retry)
        if reason is not None:
            self.token_rejected = True
        if self._reauth_open or (self._reauth_declined and reason is not None):
            return
        from tui.ui.screens.reauth import ReauthScreen

        self._reauth_open = True
        info = self.session.info
        self.push_screen(ReauthScreen(info.server, reason, info.token_source), self._reauthed)

    def _reauthed(self, token: str | None) -> None:
        from tui.api.errors import ConfigError

        self._reauth_open = False
        self._reauth_declined = token is None
        retries, self._reauth_retries = self._reauth_retries, []
        if token is None:
            self.notify("Working with what is on screen; ctrl+p → 'Re-enter API token' later.",
                        title="Not re-authenticated", severity="warning", markup=False)
            return
        try:
            self.session.client.replace_token(token)
        except ConfigError as error:
            self.notify(error.message, title=error.title, severity="error", markup=False)
            return
        self.notify(f"New token in use for {self.session.info.host}", title="Re-authenticated",
                    markup=False)
        for screen in self._live_screens():
            screen.on_reauthenticated()
        done: list[Callable[[], object]] = []
        for retry in retries:  # each failed operation is offered again once
            if retry not in done:
                done.append(retry)
                retry()

    def request_profile_switch(self, name: str) -> None:
        self.run_worker(
            self._switch(name),
            group="profile",
            exclusive=True,
            exit_on_error=False,
            description="Switch profile",
        )

    async def _switch(self, name: str) -> None:
        if self._switch_profile is None:
            return
        from tui.api.errors import ApiError, ConfigError

        try:
            session = await self._switch_profile(name)
        except (ConfigError, ApiError) as error:
            self.notify(
                error.message,
                title=f"Profile {name}: {error.title}",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        old = self.session
        self.session = session
        self.token_rejected = self._reauth_declined = False  # another server, another token
        self._follow_calls()
        await old.client.aclose()
        for screen in self._live_screens():
            screen.reset()
        self.notify(f"Now on {session.info.host}", title=f"Profile {name}", markup=False)

    def _live_screens(self) -> list[ResourceScreen[Any] | ApiLogScreen]:
        from tui.ui.screens.api_log import ApiLogScreen

        return [s for s in all_screens(self) if isinstance(s, ResourceScreen | ApiLogScreen)]
