"""``E``: a form's params as JSON in ``$EDITOR``; the result goes through the form's own checks.

Secrets stay out of the file unless the user revealed one in the detail pane first. Broken JSON
is never thrown away: the user can open the editor again on exactly what they wrote.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from rich.text import Text

from tui.api.display import display_text
from tui.ui.editor import EditorFailed, edit_text
from tui.ui.forms.json_params import editable_keys, export_params, import_params
from tui.ui.screens.discard import DiscardChanges

if TYPE_CHECKING:
    from tui.ui.screens.edit_form import EditFormScreen


async def edit_params(screen: EditFormScreen[Any]) -> None:
    """Edit, validate, and (when valid and changed) start the save with its diff."""
    draft = screen.draft
    if draft is None or not draft.params_visible:
        return
    exported = editable_keys(draft, screen.revealed)
    text = original = export_params(draft, screen.revealed)
    if any(s.kind == "secret" and s.key not in screen.revealed for s in draft.specs.values()):
        screen.notify(
            "Secrets are left out of the file (reveal one with x to include it).", markup=False
        )
    while True:
        try:
            edited = edit_text(screen.app, text)
        except EditorFailed as error:
            screen.notify(str(error), title="Editor", severity="error", markup=False)
            return
        if edited == original:
            screen.notify("No changes made in the editor.", markup=False)
            return
        trial = copy.deepcopy(draft)
        errors, notices = import_params(trial, edited, exported)
        if not errors:
            break
        again = not await screen.app.push_screen_wait(
            DiscardChanges("The edited params cannot be used:", errors)
        )
        if not again:
            return
        text = edited
    for notice in notices:
        screen.notify(display_text(notice, max_chars=300), markup=False, timeout=8)
    screen.touched = True
    await screen.show_draft(trial, focus=trial.first_problem())
    if trial.errors():
        screen.set_banner(
            [Text("The edited values have problems: see the fields marked ✖.")], "error"
        )
    elif trial.dirty:
        screen.run_save()
