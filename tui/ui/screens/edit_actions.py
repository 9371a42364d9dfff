"""The list screens' create / edit / delete keys: why each is unavailable, and what each opens.

Kept beside the list screens so they only declare the bindings and call in here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from tui.api.display import display_text
from tui.api.errors import PermissionDenied
from tui.api.vocab import vocabulary_for

if TYPE_CHECKING:
    from collections.abc import MutableMapping

    from tui.api.models import Connection
    from tui.ui.screens.resource_screen import ResourceScreen

NEW = Binding("n", "new", "New", id="edit.new")
EDIT = Binding("e", "edit", "Edit", id="edit.edit")
EDIT_PARAMS = Binding("E", "edit_params", "Edit params ($EDITOR)", show=False, id="edit.params")
DELETE = Binding("d", "delete", "Delete", id="edit.delete")

_VERBS = {
    "new": "creating",
    "edit": "editing",
    "edit_params": "editing",
    "delete": "deleting",
}


def edit_disabled_reason(screen: ResourceScreen[Any], action: str) -> str | None:
    """Why n / e / E / d cannot run now (None when they can, or for other actions)."""
    verb = _VERBS.get(action)
    if verb is None:
        return None
    if screen.session.info.read_only:
        return f"Read-only mode: {verb} is a write."
    denied = screen.session.write_denied
    if action == "new":
        return denied
    item = screen.table.current_item
    if item is None:
        return "Nothing selected."
    if action == "edit_params" and getattr(item, "params", None) is None:
        permission = vocabulary_for(None, screen.session.family).permission_text()
        return (
            f"No permission to view this {screen.KIND}'s parameters (needs {permission}): "
            "editing them is disabled rather than sending blanks."
        )
    return denied


def open_form(screen: ResourceScreen[Any], item: Any, *, editor: bool = False) -> None:
    """Push the create/edit form; a successful save updates the list in place."""
    from tui.ui.screens.edit_connection import EditConnectionScreen
    from tui.ui.screens.edit_connector import EditConnectorScreen

    form = EditConnectionScreen if screen.KIND == "connection" else EditConnectorScreen
    revealed = screen.detail.params_table.revealed if editor else None
    screen.app.push_screen(
        form(
            item,
            on_saved=lambda obj: absorb_saved(screen, obj),
            editor=editor,
            revealed=[revealed] if revealed else [],
        )
    )


def absorb_saved(screen: ResourceScreen[Any], obj: Any) -> None:
    """Put a saved object into the session and the list, and show it."""
    session = screen.session
    store: MutableMapping[int, Any] = (
        session.connections if screen.KIND == "connection" else session.connectors
    )
    old = store.get(obj.id)
    if screen.KIND == "connection" and old is not None and "last_job" not in obj.model_fields_set:
        obj = obj.model_copy(update={"last_job": old.last_job})  # a PATCH answer may omit it
    store[obj.id] = obj
    screen.table.update_item(obj)
    screen.table.invalidate()
    screen.table.move_to(obj.id)
    screen.show_detail(obj)
    screen.refresh_header()


def alias_to_type(connection: Connection) -> str:
    """What the user types to confirm a delete: the alias, or the id if the alias is untypeable."""
    alias = connection.alias
    if alias and alias == alias.strip() and display_text(alias) == alias:
        return alias
    return f"#{connection.id}"


async def delete_flow(screen: ResourceScreen[Any], connection: Connection) -> None:
    """Typed alias, production prompt, one DELETE; the row goes only when it is really gone."""
    from tui.ui.screens.confirm import TypeToConfirm

    expected = alias_to_type(connection)
    what = f"connection {display_text(connection.alias, max_chars=60)} (#{connection.id})"
    confirmed = await screen.app.push_screen_wait(
        TypeToConfirm(
            "Delete connection",
            f"Delete {what} and its job history? This cannot be undone.",
            expected,
            "Delete",
        )
    )
    if not confirmed or not await screen.sde.confirm_write(f"delete {what}"):
        return
    from tui.ui.forms.save import delete_connection  # forms load on first use, not at start-up

    result = await delete_connection(screen.session.client, connection.id)
    if result.deleted:
        screen.session.connections.pop(connection.id, None)
        screen.table.remove_item(connection.id)
        screen.table.invalidate()
        current = screen.table.current_item
        if current is not None:
            screen.show_detail(current)
        screen.refresh_header()
        screen.notify(what, title="Deleted", markup=False)
    elif result.unknown:
        screen.notify(
            "The delete got no answer and the server could not be re-read: refresh to check.",
            title="Delete outcome unknown",
            severity="error",
            timeout=10,
            markup=False,
        )
    elif result.still_there:
        screen.notify(
            "The delete got no answer; re-reading shows the connection still exists.",
            title="Not deleted",
            severity="warning",
            timeout=10,
            markup=False,
        )
    elif result.error is not None:
        if isinstance(result.error, PermissionDenied):
            screen.session.note_no_edit_permission("the server refused a delete")
            screen.refresh_bindings()
        screen.report(result.error, "Delete")
