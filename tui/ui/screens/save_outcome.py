"""What the form says after a save that did not close it: plain words, and what to do next."""

from __future__ import annotations

from rich.text import Text

from tui.api.display import display_text
from tui.api.errors import NotAuthenticated, PermissionDenied, ValidationFailed
from tui.ui.forms.draft import Draft
from tui.ui.forms.save import Failed, Gone, NotApplied, NothingToSave, SaveResult, Unchecked

KEPT = "Everything you typed is still here."
REAUTH = "Once a new token is accepted the save is offered again; ctrl+s also retries it."


def outcome_banner(result: SaveResult, kind: str, draft: Draft) -> tuple[str, list[Text]]:
    """(severity, lines) for the form's banner; empty lines for a result that needs none."""
    if isinstance(result, NothingToSave):
        return "info", [Text("Nothing to save.")]
    if isinstance(result, Gone):
        return "error", [
            Text(
                f"This {kind} was deleted by someone else while you edited it. Nothing was "
                "saved; your values are still here (esc discards them)."
            )
        ]
    if isinstance(result, NotApplied):
        return "warning", [
            Text(
                "The save got no answer (timeout or dropped connection). The server was "
                "re-read: the change did NOT take effect. Nothing was resent; press ctrl+s to "
                f"try again. {result.note}".strip()
            )
        ]
    if isinstance(result, Unchecked):
        return "error", [
            Text(
                "The save got no answer, and re-reading the server failed too "
                f"({result.check_error.title}). Whether it took effect is UNKNOWN: check the "
                "list before saving again."
            ),
            Text(KEPT),
        ]
    if isinstance(result, Failed):
        return "error", _failure(result, kind, draft)
    return "info", []


def _failure(result: Failed, kind: str, draft: Draft) -> list[Text]:
    error = result.error
    message = display_text(error.message, max_chars=400)
    if result.stage == "check":
        lines = [
            Text(
                f"Could not re-read the {kind} before saving, so nothing was sent. "
                f"{error.title}: {message}"
            )
        ]
    elif isinstance(error, ValidationFailed) and (draft.server_errors or draft.form_errors):
        # Each of the server's messages is shown once: on its field, or below this line.
        lines = [Text(rejected_line("Not saved", draft))]
    else:
        lines = [Text(f"Not saved. {error.title}: {message}")]
        if isinstance(error, PermissionDenied):
            permission = draft.vocabulary.permission_text()
            lines.append(Text(f"Writing needs the {permission} permission."))
    if isinstance(error, NotAuthenticated):
        lines.append(Text(REAUTH))
    lines += [Text(display_text(m, max_chars=300)) for m in draft.form_errors]
    lines.append(Text(KEPT))
    return lines


def rejected_line(outcome: str, draft: Draft) -> str:
    """The banner's first line for a 400 whose messages the draft now holds (never repeated)."""
    count = len(draft.server_errors)
    if count:
        return f"{outcome}: the server rejected {count} field(s), marked ✖ below."
    return f"{outcome}: the server rejected the values:"
