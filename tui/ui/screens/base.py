"""Behaviour every screen shares: disabled keys that say why, and one way to report errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui.api.display import display_text
from tui.api.errors import ApiError, NotAuthenticated
from tui.ui.textual_internals import css_generation, mark_css_current

if TYPE_CHECKING:
    from tui.ui.app import SdeAlmApp
    from tui.ui.session import Session


class BaseScreen(Screen[None]):
    """A screen whose disabled bindings are dimmed and explain themselves when pressed."""

    def __init__(self) -> None:
        super().__init__()
        app = self.app
        # A mode's first screen starts one CSS generation behind the app (-1), so Textual
        # re-parses every stylesheet (twice: the refresh empties the parse cache) and restyles
        # the app before showing it (~50M instructions, 10-15 ms here). Until the app's CSS is first
        # invalidated (a theme change), its stylesheet already holds the current variables: the
        # screen starts current, and the app node is styled now, as that refresh would have
        # done, so no widget computes its colours from an unstyled app (tests/ui/test_ui_colours).
        if css_generation(app) == 0:
            if not app.styles.has_rule("color"):
                app.stylesheet.apply(app)
            mark_css_current(self, 0)

    @property
    def sde(self) -> SdeAlmApp:
        return cast("SdeAlmApp", self.app)

    @property
    def session(self) -> Session:
        return self.sde.session

    def disabled_reason(self, action: str) -> str | None:
        """Why ``action`` cannot run now, or None when it can."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if self.disabled_reason(action) else True

    def on_key(self, event: events.Key) -> None:
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled:
            return
        reason_of = getattr(active.node, "disabled_reason", None)
        action = active.binding.action.split("(", 1)[0].rsplit(".", 1)[-1]
        reason = reason_of(action) if callable(reason_of) else None
        if reason:
            event.stop()
            self.notify(
                reason,
                title=f"{active.binding.description} unavailable",
                severity="warning",
                markup=False,
            )

    def report(
        self, error: BaseException, context: str, retry: Callable[[], object] | None = None
    ) -> None:
        """Show an error as a titled toast; the app keeps running and data stays on screen.

        A rejected token also opens the re-authentication prompt, which runs ``retry`` once
        with the new token.
        """
        if isinstance(error, ApiError):
            title, message = f"{context}: {error.title}", error.message
        else:
            title, message = f"{context}: unexpected error", type(error).__name__
        if isinstance(error, NotAuthenticated):
            source = self.session.info.token_source or "an unknown source"
            message = f"{message} The token came from {source}."
        self.notify(
            display_text(message, max_chars=400),
            title=display_text(title),
            severity="error",
            timeout=10,
            markup=False,
        )
        if isinstance(error, NotAuthenticated):
            self.sde.request_reauth(error.message, retry)

    def on_reauthenticated(self) -> None:
        """Hook: a new token was accepted (resume what a 401 paused)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker: Worker[Any] = event.worker
        if event.state == WorkerState.ERROR and worker.error is not None:
            self.report(worker.error, worker.description or worker.name or "Background task")
