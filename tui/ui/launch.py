"""Start the TUI for resolved settings (the only entry point the CLI imports on the TUI path)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.ui.session import Session


def build_session(settings: Any) -> Session:
    """A session (client + call log) for resolved settings."""
    from tui.api.calllog import CallLog
    from tui.ui.session import ServerInfo, Session

    call_log = CallLog()
    client = settings.make_client(on_call=call_log.append)
    info = ServerInfo(
        server=settings.server,
        profile=settings.profile,
        demo=settings.demo,
        read_only=settings.read_only,
        production=settings.production,
        insecure=settings.insecure,
    )
    return Session(info=info, client=client, call_log=call_log)


def run_tui(settings: Any, *, demo: bool = False) -> int:
    """Run the app until the user quits; returns the process exit code."""
    from tui.ui.app import SdeAlmApp

    app = SdeAlmApp(build_session(settings))
    result = app.run()
    return int(result or 0)
