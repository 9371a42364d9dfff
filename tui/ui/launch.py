"""Start the TUI for resolved settings (the only entry point the CLI imports on the TUI path)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from tui.api.client import AlmClient
    from tui.ui.session import Session


class _ClientOnFirstUse:
    """Stands in for the session's ``AlmClient`` and builds it when first used.

    Building it imports httpx and the API client (a third of start-up); the first request is
    made after the first frame, so the screen paints first.
    """

    def __init__(self, build: Callable[[], AlmClient]) -> None:
        self._build = build
        self._client: AlmClient | None = None

    def __getattr__(self, name: str) -> Any:
        if self._client is None:
            self._client = self._build()
        return getattr(self._client, name)

    async def aclose(self) -> None:
        if self._client is not None:  # never used: nothing to close, nothing to import
            await self._client.aclose()


def build_session(settings: Any) -> Session:
    """A session (client + call log) for resolved settings."""
    from tui.api.calllog import CallLog
    from tui.ui.session import ServerInfo, Session

    call_log = CallLog()
    client = cast(
        "AlmClient", _ClientOnFirstUse(lambda: settings.make_client(on_call=call_log.append))
    )
    info = ServerInfo(
        server=settings.server,
        profile=settings.profile,
        demo=settings.demo,
        read_only=settings.read_only,
        production=settings.production,
        insecure=settings.insecure,
        token_source=settings.sources.get("token"),
    )
    return Session(info=info, client=client, call_log=call_log)


def run_tui(settings: Any, *, demo: bool = False) -> int:
    """Run the app until the user quits; returns the process exit code."""
    from tui.gc_tuning import tune_gc
    from tui.ui.app import SdeAlmApp
    from tui.ui.keymap import checked_keymap

    profiles: list[str] = []
    if not demo and settings.config_path is not None:
        from tui.config.profiles import list_profiles

        profiles = list_profiles(settings.config_path)
    current = settings

    async def switch(name: str) -> Session:
        nonlocal current
        from tui.config.resolve import switch_profile

        # A token_command may take seconds: resolve off the event loop.
        switched = await asyncio.to_thread(switch_profile, current, name)
        keymap = checked_keymap(switched.keymap, switched.config_path)
        current = switched
        app.theme = switched.theme  # each profile may have its own look and keys
        app.set_keymap(keymap)
        return build_session(switched)

    app = SdeAlmApp(
        build_session(settings),
        profiles=profiles,
        switch_profile=switch,
        keymap=checked_keymap(settings.keymap, settings.config_path),
        theme=settings.theme,
    )
    tune_gc()
    result = app.run()
    if app.return_code:  # set by Textual when the app stopped on an unexpected error
        return app.return_code
    return int(result or 0)
