"""The form screen shared by connectors and connections: load, edit, test, diff, save.

The draft lives here, not in the widgets; the screen is dismissed only after a save that took
effect, so a rejected, failed or unknown save leaves everything typed where it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from tui.api.display import display_text
from tui.api.errors import ApiError, NotAuthenticated, PermissionDenied
from tui.ui.forms.save import (
    Conflicts,
    Failed,
    Ops,
    Saved,
    SaveResult,
    save,
)
from tui.ui.forms.values import same_wire
from tui.ui.reach import unreachable_message
from tui.ui.screens.base import BaseScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.diff import DiffScreen
from tui.ui.screens.discard import DiscardChanges
from tui.ui.screens.save_outcome import outcome_banner, rejected_line
from tui.ui.widgets.app_header import AppHeader
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.param_form import ParamForm

if TYPE_CHECKING:
    from tui.api.models import Plugin, TestResult
    from tui.ui.forms.draft import Draft
    from tui.ui.session import Kind

M = TypeVar("M")

HELD_SHOWN = 6
"""Fields the saved toast lists as the server holds them (a create sends every field)."""


class EditFormScreen(BaseScreen, Generic[M]):
    """Edit (or create) one object; subclasses say how to load, test and write it."""

    CSS_PATH = "edit_form.tcss"
    KIND: ClassVar[Kind]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("ctrl+t", "test", "Test", id="form.test"),
        Binding("ctrl+n,f8", "next_problem", "Next problem", id="form.next_problem"),
        Binding("escape", "leave", "Back", id="form.leave"),
        Binding("q", "leave", "Back", show=False, id="form.leave_q"),
    ]

    def __init__(
        self,
        item: M | None = None,
        *,
        on_saved: Callable[[M], None] | None = None,
        editor: bool = False,
        revealed: Iterable[str] = (),
    ) -> None:
        super().__init__()
        self.item = item
        self.on_saved = on_saved
        self.start_in_editor = editor
        self.revealed = frozenset(revealed)
        self.draft: Draft | None = None
        self.opening = True
        self.saving = False
        self.testing = False
        self.touched = False
        self.schema_note = ""
        self._status_state: tuple[str, str | None, str | None, int] | None = None
        self._form: ParamForm | None = None
        self._early: list[events.Key] | None = []
        """Keys typed before the form was shown, replayed into it once it is; None after."""

    # ----------------------------------------------------- subclass contract
    def title_text(self) -> str:
        raise NotImplementedError

    async def build_draft(self) -> Draft:
        raise NotImplementedError

    def ops(self) -> Ops[M]:
        raise NotImplementedError

    async def call_test(self, draft: Draft) -> TestResult:
        raise NotImplementedError

    def target_text(self, draft: Draft) -> str:
        """What the write is about, for the diff and the production prompt."""
        raise NotImplementedError

    def saved_text(self, obj: M) -> str:
        """What a save wrote, named from the server's copy ``obj`` (never from the form)."""
        raise NotImplementedError

    async def on_field_changed(self, path: str) -> None:
        """Hook: a field changed (a subclass may rebuild the params for a new system)."""

    async def plugin_for(self, system_id: str) -> Plugin | None:
        """The system's schema (cached in the session), or None: the catalogue is used then."""
        plugin = self.session.plugins.get(system_id)
        if plugin is not None and plugin.sections:
            return plugin
        try:
            plugin = await self.session.client.get_plugin(system_id)
        except ApiError as error:
            self.schema_note = (
                f"No schema from the server for {system_id} ({error.title}): showing the "
                "built-in list of common params."
            )
            return None
        self.session.plugins[system_id] = plugin
        return plugin

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield AppHeader(self.session.info, id="header")
        yield Static("", id="form-banner")
        with Vertical(id="form-host"):
            yield Static(Text("Loading…", style="italic"), id="form-loading")
        yield Static("", id="form-status")
        with Horizontal(id="form-buttons"):
            yield Button("Save", id="form-save", variant="primary", compact=True)
            yield Button("Test", id="form-test", compact=True)
            yield Button("Cancel", id="form-cancel", compact=True)
        yield KeyFooter()

    @property
    def form(self) -> ParamForm | None:
        return self._form

    def on_mount(self) -> None:
        self.query_one(AppHeader).show(self.title_text())
        self.set_banner([])
        self.update_status()
        self.load()

    @work(group="load", exclusive=True, exit_on_error=False, description="Open form")
    async def load(self) -> None:
        self.opening = True
        try:
            draft = await self.build_draft()
        except ApiError as error:
            self._early = None  # nothing to type into
            self.set_banner(
                [
                    Text(f"Could not open the form: {error.title}: {display_text(error.message)}"),
                    Text("esc goes back."),
                ],
                "error",
            )
            return
        finally:
            self.opening = False
        await self.show_draft(draft)
        if self.start_in_editor:
            await self.edit_in_editor()

    async def show_draft(self, draft: Draft, *, focus: str | None = None) -> None:
        """Show ``draft`` (replacing any earlier form), keeping what the user typed in it."""
        self.draft = draft
        host = self.query_one("#form-host")
        await host.remove_children()
        form = ParamForm(draft, id="form")
        await host.mount(form)
        self._form = form
        form.refresh_messages()
        if focus is not None and form.widget_for(focus) is not None:
            form.focus_after_layout(focus)
        else:
            first = next((w for w in form.query("*") if w.focusable), None)
            if first is not None:
                first.focus()
        if self.schema_note:
            self.set_banner([Text(display_text(self.schema_note, max_chars=300))], "warning")
        self.update_status()
        if self._early is not None:
            self.app.call_later(self._replay_early_keys)  # after the first focus lands

    def on_key(self, event: events.Key) -> None:
        if self._early is not None and event.key != "escape":
            # Typed while the form loads (or before its focus lands): kept, in order, for it.
            event.stop()
            event.prevent_default()
            self._early.append(events.Key(event.key, event.character))
            return
        super().on_key(event)

    def _replay_early_keys(self) -> None:
        early, self._early = self._early or [], None
        for key in early:
            self.app.post_message(key)

    # ------------------------------------------------- background refresh
    def server_values(self) -> dict[str, Any] | None:
        """Hook: the object's values by path from the session's latest list refresh, or None."""
        return None

    def server_copy_refreshed(self) -> None:
        """A list refresh read the object again (D12): if the server copy moved since the form
        opened, say so in the banner. The draft is never touched; the save still checks."""
        draft = self.draft
        if draft is None or draft.creating or self.saving or self.opening:
            return
        fresh = self.server_values()
        if not fresh:
            return
        moved = [
            spec.label
            for path, spec in draft.specs.items()
            if path in fresh
            and path in draft.base
            and spec.kind != "secret"
            and not spec.readonly
            and not same_wire(spec, draft.base[path], fresh[path])
        ]
        if not moved:
            return
        names = ", ".join(display_text(label, max_chars=60) for label in moved[:5])
        if len(moved) > 5:
            names += f" and {len(moved) - 5} more"
        self.set_banner(
            [
                Text(f"The server copy changed since this form opened ({names})."),
                Text("Your edits are kept; saving compares them with the server copy first."),
            ],
            "warning",
        )

    # --------------------------------------------------------- banner, status
    def set_banner(self, lines: list[Text], severity: str = "info") -> None:
        banner = self.query_one("#form-banner", Static)
        for name in ("error", "warning", "ok", "info"):
            banner.set_class(severity == name, f"-{name}")
        banner.display = bool(lines)
        banner.update(Text("\n").join(lines))

    def update_status(self) -> None:
        draft = self.draft
        reason = self.disabled_reason("save")
        if draft is None:
            text = Text("Loading…" if self.opening else "", style="italic")
        else:
            count = len(draft.changed_paths())
            text = Text(f"New {self.KIND}" if draft.creating else f"{count} change(s)")
            if reason:
                text.append(f" · Save unavailable: {display_text(reason, max_chars=200)}")
            else:
                text.append(" · ctrl+s saves (the diff is shown first)")
        test_reason = self.disabled_reason("test")
        problems = len(draft.problems()) if draft is not None else 0
        state = (text.plain, reason, test_reason, problems)
        if state == self._status_state:
            return  # each keystroke lands here: repaint only when something changed
        self._status_state = state
        self.query_one("#form-status", Static).update(text)
        self.query_one("#form-save", Button).disabled = reason is not None
        self.query_one("#form-test", Button).disabled = test_reason is not None
        self.refresh_bindings()

    def disabled_reason(self, action: str) -> str | None:
        draft = self.draft
        if action == "save":
            if self.session.info.read_only:
                return "Read-only mode: saving is a write."
            if draft is None:
                return "Still loading." if self.opening else "The form did not load."
            if self.saving:
                return "A save is already running."
            errors = draft.errors()
            if errors:
                path, message = next(iter(errors.items()))
                label = draft.specs[path].label
                return f"{len(errors)} problem(s) to fix first. {label}: {message}"
            if not draft.creating and not draft.dirty:
                return "Nothing changed yet."
        if action == "test":
            if draft is None:
                return "Still loading." if self.opening else "The form did not load."
            if self.testing:
                return "A test is already running."
            if not draft.params_visible:
                return "The parameters are not available, so a test would send blanks."
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_problem":  # in the footer only while a field has an error
            return self.draft is not None and bool(self.draft.problems())
        return super().check_action(action, parameters)

    def action_next_problem(self) -> None:
        """Focus the next field with an error after the focused one (wrapping round)."""
        form, draft = self.form, self.draft
        if form is None or draft is None:
            return
        problems = draft.problems()
        if not problems:
            return
        order = list(draft.specs)
        here = form.path_of(self.focused)
        at = order.index(here) if here in order else -1
        later = [p for p in problems if order.index(p) > at]
        form.focus_path((later or problems)[0])

    # ---------------------------------------------------------------- events
    async def on_param_form_changed(self, event: ParamForm.Changed) -> None:
        event.stop()
        self.touched = True
        await self.on_field_changed(event.path)
        form = self.form
        if form is not None:
            form.refresh_messages()
        self.update_status()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "form-save": ("save", self.action_save),
            "form-test": ("test", self.action_test),
            "form-cancel": ("leave", self.action_leave),
        }
        name, action = actions.get(event.button.id or "", ("", None))
        if action is None:
            return
        event.stop()
        reason = self.disabled_reason(name)
        if reason:
            self.notify(reason, title="Unavailable", severity="warning", markup=False)
            return
        action()

    # ----------------------------------------------------------------- leave
    def pending_changes(self) -> int:
        """How many fields the user changed and has not saved (0 when nothing would be lost)."""
        draft = self.draft
        if draft is None or (draft.creating and not self.touched):
            return 0
        return len(draft.changed_paths())

    def action_leave(self) -> None:
        draft = self.draft
        if self.saving:
            self.notify("A save is running; wait for its outcome.", markup=False)
            return
        changed = draft.changed_paths() if draft is not None else []
        if not changed or (draft is not None and draft.creating and not self.touched):
            self.dismiss()
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        labels = [draft.specs[p].label for p in changed] if draft is not None else []
        self.app.push_screen(
            DiscardChanges(f"Discard {len(changed)} unsaved change(s)?", [", ".join(labels)]),
            answer,
        )

    # ------------------------------------------------------------------ test
    def action_test(self) -> None:
        self.run_test()

    @work(group="test", exclusive=True, exit_on_error=False, description="Test")
    async def run_test(self) -> None:
        draft = self.draft
        if draft is None:
            return
        self.testing = True
        self.update_status()
        self.set_banner([Text("Testing with the form's current (unsaved) values…")], "info")
        try:
            result = await self.call_test(draft)
        except ApiError as error:
            unreachable = unreachable_message(error)
            line = (
                f"⚠ Not tested: {unreachable}. The tracker was not tried."
                if unreachable is not None
                else f"✖ Test could not run: {error.title}: {display_text(error.message)}"
            )
            self.set_banner([Text(line)], "error")
            return
        finally:
            self.testing = False
            self.update_status()
        if result.success:
            self.set_banner(
                [
                    Text(
                        f"✔ Test passed with these values ({result.latency_ms:.0f} ms). "
                        "Not saved yet."
                    )
                ],
                "ok",
            )
            return
        lines = [
            Text(
                f"✖ Test failed: {display_text(result.message or 'no reason given', max_chars=400)}"
            )
        ]
        if result.field_errors:
            draft.apply_server_errors(result.field_errors)
            # The message repeats the field errors: each is shown once, on its field or below.
            lines = [Text("✖ " + rejected_line("Test failed", draft))]
            lines += [Text(display_text(m, max_chars=300)) for m in draft.form_errors]
            form = self.form
            if form is not None:
                form.refresh_messages()
                first = draft.first_problem()
                if first:
                    form.focus_after_layout(first)
            self.update_status()  # the next-problem key shows
        self.set_banner(lines, "error")

    # ------------------------------------------------------------------ save
    def action_save(self) -> None:
        self.run_save()

    @work(group="save", exclusive=True, exit_on_error=False, description="Save")
    async def run_save(self) -> None:
        draft = self.draft
        if draft is None or self.saving:
            return
        self.saving = True
        self.update_status()
        try:
            result = await self._save_loop(draft)
        finally:
            self.saving = False
            self.update_status()
        if result is not None:
            await self.handle(result, draft)

    async def _save_loop(self, draft: Draft) -> SaveResult | None:
        """Diff, confirm, write; after a conflict is resolved, show the new diff again."""
        verb = "Create" if draft.creating else "Save changes"
        again = False  # after a conflict: the banner still says a save is under way
        while True:
            if not draft.creating and not draft.dirty:
                self.notify("Nothing to save.", markup=False)
                if again:
                    self.set_banner([])
                return None
            lines = draft.diff()
            title = f"{verb}: review before writing"
            action = "create" if draft.creating else "change"
            if not await self.app.push_screen_wait(
                DiffScreen(title, self.target_text(draft), lines, verb)
            ) or not await self.sde.confirm_write(f"{action} {self.target_text(draft)}"):
                if again:
                    self.set_banner(
                        [Text("Nothing was saved: the review was closed. Your values are kept.")],
                        "info",
                    )
                return None
            result = await self._send(draft)
            if not isinstance(result, Conflicts) or not result.conflicts:
                return result
            choice = await self.app.push_screen_wait(
                ConflictScreen(self.KIND, result.conflicts, after_unknown=result.after_unknown)
            )
            if choice is None:
                self.set_banner(
                    [
                        Text(
                            "Nothing was saved: the conflict was left for you to review. "
                            "Your values are still in the form."
                        )
                    ],
                    "warning",
                )
                return None
            for conflict in result.conflicts:
                draft.resolve(conflict, choice)
            await self.show_draft(draft, focus=result.conflicts[0].path)
            again = True

    async def _send(self, draft: Draft) -> SaveResult:
        """Save ``draft`` as it is now: the form stays read-only until the outcome is known, so
        nothing typed meanwhile is lost or passed off as saved."""
        form = self.form
        focused = form.path_of(self.focused) if form is not None else None
        if form is not None:
            form.disabled = True
            self.set_focus(None)  # keys typed meanwhile reach no field (nor a button's space)
        self.set_banner(
            [
                Text("Re-reading the server copy, then saving…"),
                Text("The form is read-only until the server answers."),
            ],
            "info",
        )
        try:
            return await save(self.ops(), draft)
        finally:
            if form is not None and form.is_attached:
                form.disabled = False
                if focused is not None:
                    form.focus_after_layout(focused)

    async def handle(self, result: SaveResult, draft: Draft) -> None:
        if not isinstance(result, Saved):
            if isinstance(result, Failed) and isinstance(result.error, PermissionDenied):
                self.session.note_no_edit_permission("the server refused a save")
            severity, lines = outcome_banner(result, self.KIND, draft)
            self.set_banner(lines, severity)
            form = self.form
            first = draft.first_problem()
            if form is not None:
                form.refresh_messages()
                if first:
                    form.focus_after_layout(first)
            self.update_status()
            if isinstance(result, Failed) and isinstance(result.error, NotAuthenticated):
                # The draft stays; once a new token is in, the save is offered again.
                self.sde.request_reauth(result.error.message, self.save_again)
            return
        obj: Any = result.obj
        if self.on_saved is not None:
            self.on_saved(obj)
        for line in [result.note, *result.mismatches]:
            if line:
                self.notify(
                    display_text(line, max_chars=300),
                    title="Saved, but check",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
        held = [display_text(line, max_chars=120) for line in result.held[:HELD_SHOWN]]
        if len(result.held) > HELD_SHOWN:
            held.append(f"and {len(result.held) - HELD_SHOWN} more")
        self.notify(
            "\n".join([display_text(self.saved_text(obj)), *held]),
            title="Created" if draft.creating else "Saved",
            markup=False,
        )
        self.touched = False
        self.dismiss()

    def save_again(self) -> None:
        """After re-authentication: the same save, from its diff, if the form is still open."""
        if self.is_attached and self.draft is not None and not self.saving:
            self.run_save()

    # ---------------------------------------------------------------- editor
    async def edit_in_editor(self) -> None:
        """E: params as JSON in $EDITOR, then the same checks, diff and save as the form."""
        from tui.ui.screens.edit_params import edit_params

        await edit_params(self)
