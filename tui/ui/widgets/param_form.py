"""A form built from a ``Draft``: one row per field, the message under it, sections in order.

The draft is the model: the form writes each keystroke into it and posts ``Changed`` upward;
the screen decides what that means for Save. Every label, option and value shown here that
came from the server goes through ``display_text`` into markup-inert ``Content``/``Text``.
"""

from __future__ import annotations

import re
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from tui.api.display import display_text, punycode_host
from tui.api.vocab import is_tracker_param
from tui.ui.forms.draft import Draft
from tui.ui.forms.spec import FieldSpec, is_title_format
from tui.ui.forms.values import FormValue, describe, split_items
from tui.ui.renderers.status import Palette
from tui.ui.widgets.safe_input import SAFE_TEXT, SafeInput
from tui.ui.widgets.secret_input import SecretInput

BOLD = Style(bold=True)


def _content(value: object, max_chars: int = 200) -> Content:
    return Content(display_text(value, max_chars=max_chars))


class MarkedSelectionList(SelectionList[str]):
    """A selection list whose boxes read [x] / [ ]: checked and unchecked differ without colour."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        if len(segments) < 4 or any(len(s.text) != 1 for s in segments[:4]):
            return line  # not the left, inner, right and gap cells of the box drawn by Textual
        mark = "x" if selection.value in self.selected else " "
        style = segments[1].style
        return Strip([Segment(f"[{mark}]", style), *segments[3:]], line.cell_length)


class ParamForm(VerticalScroll):
    """All fields of one draft; scrolls when the terminal is small."""

    class Changed(Message):
        """A field's value changed in the draft."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class PickRequested(Message):
        """The user asked to choose a value from a list the screen fetches (a project)."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, draft: Draft, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.draft = draft
        self._index: dict[str, int] = {}
        self._paths: dict[int, str] = {}
        self._shown: dict[int, tuple[str, str, str]] = {}
        self._unsafe: set[str] = set()

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        self._index.clear()
        self._paths.clear()
        self._shown.clear()
        self._unsafe.clear()
        for section in self.draft.layout.sections:
            yield Static(_content(section.title), classes="section-title")
            if section.note:
                yield Static(_content(section.note, 400), classes="section-note")
            for spec in section.fields:
                yield from self._row(spec)
            if section.raw and self.draft.params_visible:
                yield from self._add_row()

    def _row(self, spec: FieldSpec) -> ComposeResult:
        n = len(self._index)
        self._index[spec.path] = n
        self._paths[n] = spec.path
        row = Horizontal(classes="field", id=f"row-{n}")
        row.display = self.draft.is_shown(spec.path)
        with row:
            yield Static(self._label(spec), classes="field-label", id=f"label-{n}")
            with Vertical(classes="field-body"):
                yield self._widget(spec, n)
                note = self._note(spec, "", "")
                yield Static(note, classes="field-note", id=f"note-{n}").set_styles(
                    "display: block;" if note else "display: none;"
                )

    def _label(self, spec: FieldSpec) -> Text:
        text = Text()
        if not self.draft.creating and self.draft.is_changed(spec.path):
            text.append("● ", style="bold")
        text.append(display_text(spec.label, max_chars=80))
        if spec.required:
            text.append(" *", style="bold")
        return text

    def _widget(self, spec: FieldSpec, n: int) -> Widget:
        draft, wid = self.draft, f"w-{n}"
        value = draft.values.get(spec.path)
        if spec.readonly:
            return Static(
                _content(describe(spec, draft.base.get(spec.path)), 400), id=wid, classes="readonly"
            )
        if spec.kind == "secret":
            return self._secret(spec, n)
        if spec.kind == "bool":
            return Checkbox(Content("on" if value else "off"), bool(value), id=wid, compact=True)
        if spec.kind == "picker":
            return self._picker(spec, n)
        if spec.kind == "choice":
            return self._select(spec, value, wid)
        if spec.kind == "multi":
            current = split_items(str(value or ""))
            known = [o.value for o in spec.options]
            selections = [
                Selection(_content(o.label), o.value, o.value in current, disabled=o.disabled)
                for o in spec.options
            ]
            selections += [
                Selection(_content(f"{item} (not an allowed value)"), item, True)
                for item in current
                if item not in known
            ]
            return MarkedSelectionList(*selections, id=wid, compact=True)
        suggester = None
        if is_title_format(spec.key) and spec.options:
            suggester = SuggestFromList([o.value for o in spec.options], case_sensitive=True)
        text = str(value or "")
        # A placeholder is dimmed only by colour: the words must say it is not a value (NO_COLOR,
        # a plain-text capture, a screen reader).
        placeholder = f"e.g. {spec.placeholder}" if spec.placeholder else ""
        if not re.fullmatch(SAFE_TEXT, text):
            # Never hand a control character to the terminal: keep the server value unless
            # the user types a new one, and show it escaped meanwhile.
            self._unsafe.add(spec.path)
            text, placeholder = (
                "",
                f"was: {display_text(value)} (has control characters; type to replace)",
            )
        return SafeInput(
            text,
            placeholder=display_text(placeholder, max_chars=120),
            id=wid,
            compact=True,
            suggester=suggester,
            select_on_focus=False,
            limit=spec.max_length,
        )

    def _select(self, spec: FieldSpec, value: Any, wid: str) -> Select[Any]:
        def cast(raw: str) -> Any:
            return int(raw) if spec.integer_value and raw.isdigit() else raw

        options: list[tuple[Content, Any]] = [
            (_content(o.label if o.value in o.label else f"{o.label} ({o.value})"), cast(o.value))
            for o in spec.options
            if not o.disabled or o.value == str(value)
        ]
        values = [v for _, v in options]
        if value not in (None, "") and value not in values:
            options.append((_content(f"{value} (current; not an allowed value)"), value))
        return Select(
            options,
            value=value if value not in (None, "") else Select.NULL,
            allow_blank=not spec.required or value in (None, ""),
            prompt="(not set)",
            id=wid,
            compact=True,
        )

    def _secret(self, spec: FieldSpec, n: int) -> Widget:
        edit = self.draft.secrets[spec.path]
        typed = edit.value.get_secret_value() if edit.value is not None else ""
        return Horizontal(
            SecretInput(typed, placeholder=self._secret_hint(spec.path), id=f"w-{n}", compact=True),
            Button("Undo clear" if edit.cleared else "Clear", id=f"clear-{n}", compact=True),
            classes="secret-row",
        )

    def _secret_hint(self, path: str) -> str:
        edit = self.draft.secrets[path]
        if edit.cleared:
            return "(will be CLEARED on save)"
        if edit.was_set:
            return "(set - leave blank to keep)"
        return "(not set - type a value)"

    def _picker(self, spec: FieldSpec, n: int) -> Widget:
        return Horizontal(
            Static(self._picker_text(spec.path), id=f"value-{n}", classes="picker-value"),
            Button("Choose…", id=f"w-{n}", compact=True),
            classes="picker-row",
        )

    def _picker_text(self, path: str) -> Text:
        value = self.draft.values.get(path)
        if value is None:
            return Text("(none chosen)", style="italic")
        describer = self.draft.describers.get(path)
        return Text(display_text(describer(value) if describer else value))

    def _add_row(self) -> ComposeResult:
        with Horizontal(classes="field add-param"):
            yield Static("Add a parameter", classes="field-label")
            with Vertical(classes="field-body"):
                with Horizontal(classes="add-inputs"):
                    yield SafeInput(placeholder="(key)", id="add-key", compact=True)
                    yield SafeInput(placeholder="(value)", id="add-value", compact=True)
                    yield Button("Add", id="add-param", compact=True)
                yield Static("", classes="field-message", id="add-msg")

    # ------------------------------------------------------------- updates
    def path_of(self, widget: Widget | None) -> str | None:
        wid = widget.id if widget is not None else None
        if wid is None or "-" not in wid:
            return None
        prefix, _, number = wid.partition("-")
        if prefix not in ("w", "clear") or not number.isdigit():
            return None
        return self._paths.get(int(number))

    def widget_for(self, path: str) -> Widget | None:
        n = self._index.get(path)
        if n is None:
            return None
        found = self.query(f"#w-{n}")
        return found.first() if found else None

    def _changed(self, path: str) -> None:
        self.refresh_field(path)
        self._refresh_shown(path)
        self.post_message(self.Changed(path))

    def _refresh_shown(self, path: str) -> None:
        """Show or hide the fields whose visibility hangs on ``path`` (the credentials of an
        authentication method)."""
        for other, spec in self.draft.specs.items():
            n = self._index.get(other)
            if spec.hidden_when is not None and spec.hidden_when[0] == path and n is not None:
                self.query_one(f"#row-{n}").display = self.draft.is_shown(other)

    def refresh_field(self, path: str) -> None:
        n = self._index.get(path)
        if n is None:
            return
        self.query_one(f"#label-{n}", Static).update(self._label(self.draft.specs[path]))
        if self.draft.specs[path].kind == "picker":
            self.query_one(f"#value-{n}", Static).update(self._picker_text(path))

    def refresh_messages(self) -> None:
        """Show each field's error or warning under it (and mark the row); only what changed."""
        shown = self.draft.messages()
        for path, n in self._index.items():
            severity, message = shown.get(path, ("", ""))
            label = self._label(self.draft.specs[path])
            note = self._note(self.draft.specs[path], severity, message)
            state = (severity, note.plain, label.plain)
            if self._shown.get(n) == state:
                continue
            self._shown[n] = state
            row = self.query_one(f"#row-{n}")
            row.set_class(severity == "error", "-error")
            row.set_class(severity == "warning", "-warning")
            line = self.query_one(f"#note-{n}", Static)
            line.update(note)
            line.display = bool(note)
            self.query_one(f"#label-{n}", Static).update(label)

    def _note(self, spec: FieldSpec, severity: str, message: str) -> Text:
        """The help line and, under it, the error or warning (glyph and word, not colour only)."""
        note = Text()
        rule = message.split(" (", 1)[0].rstrip(".")
        if spec.help and not (message and rule in spec.help):  # the error says the rule itself
            note.append(display_text(spec.help, max_chars=400), style="dim")
        idna = self._punycode(spec)
        if idna:
            if note:
                note.append("\n")
            note.append("Non-ASCII host; its IDNA form is ", style="bold")
            note.append(display_text(idna, max_chars=300), style="bold")
        if message:
            if note:
                note.append("\n")
            glyph = "✖ " if severity == "error" else "⚠ "
            # The palette reads any theme colour (an ANSI theme's "ansi_red" is no Rich colour)
            palette = Palette.from_variables(self.app.theme_variables, no_color=self.app.no_color)
            tone = palette.error if severity == "error" else palette.warning
            note.append(glyph + display_text(message, max_chars=400), style=BOLD + tone)
        return note

    def _punycode(self, spec: FieldSpec) -> str | None:
        """The IDNA form of a non-ASCII host in the server field (D9, homoglyph hosts A17)."""
        if not is_tracker_param(spec.key, "server") or spec.kind == "secret":
            return None
        value = self.draft.values.get(spec.path)
        return punycode_host(value.strip()) if isinstance(value, str) and value else None

    def focus_path(self, path: str) -> bool:
        widget = self.widget_for(path)
        if widget is None:
            return False
        if widget.focusable:
            widget.focus(scroll_visible=False)
        row = self.query_one(f"#row-{self._index[path]}")
        self.scroll_to_widget(row, animate=False)
        return True

    def focus_after_layout(self, path: str) -> None:
        """Focus ``path`` once messages that just appeared have been laid out."""
        self.app.call_after_refresh(self.focus_path, path)

    # -------------------------------------------------------------- events
    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        path = self.path_of(event.input)
        if path is None:
            return
        event.stop()
        spec = self.draft.specs[path]
        if spec.kind == "secret":
            current = self.draft.secrets[path].value
            if (current.get_secret_value() if current else "") == event.value:
                return
            self.draft.type_secret(path, event.value)
        else:
            value = event.value
            if path in self._unsafe and value == "":
                value = str(self.draft.initial.get(path) or "")
            if self.draft.values.get(path) == value:
                return
            self.draft.set_value(path, value)
        self._changed(path)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        path = self.path_of(event.select)
        if path is None:
            return
        event.stop()
        spec = self.draft.specs[path]
        empty: FormValue = None if spec.integer_value else ""
        value: FormValue = empty if event.value is Select.NULL else event.value  # type: ignore[assignment]
        if self.draft.values.get(path) == value:
            return
        self.draft.set_value(path, value)
        self._changed(path)

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        path = self.path_of(event.checkbox)
        if path is None or self.draft.values.get(path) == event.value:
            return
        event.stop()
        event.checkbox.label = Content("on" if event.value else "off")
        self.draft.set_value(path, event.value)
        self._changed(path)

    @on(SelectionList.SelectedChanged)
    def _selection_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        path = self.path_of(event.selection_list)
        if path is None:
            return
        event.stop()
        spec = self.draft.specs[path]
        chosen = set(event.selection_list.selected)
        order = [o.value for o in spec.options]
        value = ",".join([v for v in order if v in chosen] + sorted(chosen - set(order)))
        if self.draft.values.get(path) == value:
            return
        self.draft.set_value(path, value)
        self._changed(path)

    @on(Button.Pressed)
    async def _button(self, event: Button.Pressed) -> None:
        button = event.button
        if button.id == "add-param":
            event.stop()
            await self._add_param()
            return
        path = self.path_of(button)
        if path is None:
            return
        event.stop()
        spec = self.draft.specs[path]
        if spec.kind == "picker":
            self.post_message(self.PickRequested(path))
            return
        edit = self.draft.secrets[path]
        self.draft.clear_secret(path, not edit.cleared)
        field = self.widget_for(path)
        if isinstance(field, SecretInput):
            field.value = ""
            field.placeholder = self._secret_hint(path)
        button.label = "Undo clear" if self.draft.secrets[path].cleared else "Clear"
        self._changed(path)

    async def _add_param(self) -> None:
        key = self.query_one("#add-key", Input)
        value = self.query_one("#add-value", Input)
        try:
            path = self.draft.add_param(key.value, value.value)
        except ValueError as error:
            self.query_one("#add-msg", Static).update(Text("✖ " + display_text(error)))
            return
        await self.recompose()
        self.refresh_messages()
        self.focus_path(path)
        self.post_message(self.Changed(path))
