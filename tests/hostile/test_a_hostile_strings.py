"""Group A: hostile strings in server data are shown literally and inertly on every screen.

One Pilot tour over ``tests/fixtures/hostile-data.json`` (every string field of connectors,
connections, projects and last jobs holds a case) visits the lists, every detail, the API log,
help, the palette, the edit form, a failed-test toast and a sync toast, at 160x50 and 80x24.
It records what a terminal would receive; each test below checks one case against that record.
The ``display_text`` tests pin the choke point itself, independent of any screen.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import respx
from hostile_support import (
    API_TOKEN,
    HOSTILE_PASS,
    Capture,
    capture,
    harness_for,
    hostile_state,
    isolated_registry,
    settle,
)
from ui_support import make_app_factory

from tui.api.client import AlmClient
from tui.api.display import CELL_CHARS, DETAIL_CHARS, display_text
from tui.api.errors import MalformedResponse
from tui.api.secrets import MASK
from tui.api.vocab import ApiFamily
from tui.ui.screens.connections import ConnectionsScreen


@dataclass
class Tour:
    """What the hostile tour saw: every surface's text, and what would reach a terminal."""

    surfaces: dict[str, str] = field(default_factory=dict)
    captures: dict[str, Capture] = field(default_factory=dict)
    notes: list[tuple[str, str, bool]] = field(default_factory=list)
    """(title, message, markup) of every toast."""
    clipboard: list[str] = field(default_factory=list)
    actions_run: list[str] = field(default_factory=list)
    list_rows: dict[int, str] = field(default_factory=dict)
    narrow_rows: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    filter_hits: list[int] = field(default_factory=list)
    message_cell: str = ""

    def everything(self) -> str:
        return "\n".join([*self.surfaces.values(), *(m for _, m, _ in self.notes)])


def _plain(widget: Any) -> str:
    rendered = widget.render()
    return getattr(rendered, "plain", str(rendered))


def _detail_text(screen: Any) -> str:
    parts = [
        _plain(screen.query_one(f"#{name}"))
        for name in (
            "detail-summary", "detail-facts", "detail-last-job", "detail-tests", "detail-related"
        )
    ]
    params = screen.detail.params_table
    parts.extend(params.row_plain(key) for key in params.visible_keys)
    return "\n".join(parts)


async def _click_every_click_tag(app: Any, pilot: Any) -> None:
    """Click every ``[@click`` shown on screen (what a curious user would do).

    Were the markup parsed, the tag would vanish and its clickable text start where the tag
    is drawn now, so a click there and one just after covers it.
    """
    for y, line in enumerate(capture(app).text.splitlines()):
        for found in re.finditer(r"\[ ?@click", line):
            for x in (found.start(), found.start() + 3):
                await pilot.click(offset=(x, y))
    await settle(app, pilot)


async def _run_tour(tour: Tour) -> None:
    state = hostile_state()
    app = make_app_factory(harness_for(state))(token=API_TOKEN)

    original_notify = app.notify

    def notify(message: str, *, title: str = "", markup: bool = True, **kw: Any) -> None:
        tour.notes.append((str(title), str(message), markup))
        original_notify(message, title=title, markup=markup, **kw)

    def spy(name: str) -> Any:
        def action(*args: object) -> None:
            tour.actions_run.append(f"{name}{args}")

        return action

    app.notify = notify  # type: ignore[method-assign]
    app.copy_to_clipboard = tour.clipboard.append  # type: ignore[method-assign]
    app.action_quit = spy("quit")  # type: ignore[method-assign]
    app.action_delete_connection = spy("delete_connection")  # type: ignore[attr-defined]

    def keep(name: str, text: str | None = None) -> None:
        shot = capture(app)
        tour.captures[name] = shot
        tour.surfaces[name] = shot.text if text is None else f"{text}\n{shot.text}"

    async with app.run_test(size=(160, 50)) as pilot:
        started = time.perf_counter()
        await settle(app, pilot)
        tour.seconds["first load"] = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        keep("connections")
        for key in screen.table.visible_keys:
            tour.list_rows[int(key)] = screen.table.row_plain(key)
        message_column = next(c for c in screen.columns() if c.key == "message")
        tour.message_cell = message_column.render(screen.table.get(20)).plain
        for connection_id in sorted(state.connections):
            started = time.perf_counter()
            screen.table.move_to(connection_id)
            await settle(app, pilot)
            tour.seconds[f"connection {connection_id}"] = time.perf_counter() - started
            keep(f"connection {connection_id}", _detail_text(screen))
        for connection_id in (1, 3):  # @click markup in the message (1) and the alias (3)
            screen.table.move_to(connection_id)
            await settle(app, pilot)
            await _click_every_click_tag(app, pilot)
        screen.table.move_to(22)
        await settle(app, pilot)
        await pilot.press("t")  # the emulator answers "Unable to connect to <hostile server>"
        await settle(app, pilot)
        keep("test toast")
        await pilot.press("s")
        await settle(app, pilot)
        screen._poll_running()  # the poll timer's work, now instead of in 0.5 s
        await settle(app, pilot)
        keep("sync toast")
        await pilot.press("slash", *"moc.live")  # A15: search matches the raw value
        await settle(app, pilot)
        tour.filter_hits = [int(k) for k in screen.table.visible_keys]
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        connectors = app.screen
        keep("connectors")
        for connector_id in sorted(state.connectors):
            connectors.table.move_to(connector_id)
            await settle(app, pilot)
            keep(f"connector {connector_id}", _detail_text(connectors))
        await pilot.press("3")
        await settle(app, pilot)
        keep("api log")
        await pilot.press("question_mark")
        await settle(app, pilot)
        keep("help")
        await pilot.press("escape", "2")
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"A1")
        await settle(app, pilot)
        keep("palette")
        await pilot.press("escape")
        await settle(app, pilot)
        screen.table.move_to(3)
        await settle(app, pilot)
        await pilot.press("e")  # the edit form shows the same hostile values
        await settle(app, pilot)
        keep("edit form")
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        if not isinstance(app.screen, ConnectionsScreen):
            await pilot.press("escape")
            await settle(app, pilot)
        keep("connections 80x24")
        tour.narrow_rows = list(app.screen.table.visible_row_texts())
        assert app.is_running


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tour]:
    seen = Tour()
    with pytest.MonkeyPatch.context() as patch, isolated_registry():
        patch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
        patch.delenv("NO_COLOR", raising=False)
        asyncio.run(_run_tour(seen))
    yield seen


def _shown(tour: Tour, literal: str) -> list[str]:
    return [name for name, text in tour.surfaces.items() if literal in text]


def test_tour_reached_every_screen(tour: Tour) -> None:
    expected = {
        "connections",
        "connectors",
        "api log",
        "help",
        "palette",
        "edit form",
        "test toast",
        "sync toast",
        "connections 80x24",
    }
    assert expected <= set(tour.surfaces)
    assert len([n for n in tour.surfaces if n.startswith("connection ")]) >= 22
    assert "Edit connection #3" in tour.surfaces["edit form"]
    assert "A3 [@click=app.quit]Refresh[/]" in tour.surfaces["edit form"]
    assert "connection: A1 [bold red]ADMIN[/]" in tour.surfaces["palette"]
    assert "/api/v2/connections/alm/" in tour.surfaces["api log"]


def test_nothing_but_sgr_reaches_the_terminal_on_any_screen(tour: Tour) -> None:
    leaks = {name: shot.escapes() for name, shot in tour.captures.items() if shot.escapes()}
    assert leaks == {}


def test_A1_style_markup_is_shown_literally(tour: Tour) -> None:
    assert "A1 [bold red]ADMIN[/]" in tour.surfaces["connection 1"]
    assert "A1 [bold red]A" in tour.list_rows[1]
    # a param value (its cell may end in an ellipsis where the detail shows a scrollbar)
    assert "A1 project [bold red]ADMIN[" in tour.surfaces["connection 1"]


def test_A2_closing_tags_are_literal_and_nothing_crashed(tour: Tour) -> None:
    assert "A2 [/] and [/x]" in tour.surfaces["connection 2"]


def test_A3_click_markup_is_literal_and_clicking_it_runs_nothing(tour: Tour) -> None:
    assert (
        "[@click=app.quit]Refresh[/] [@click=app.delete_connection(7)]x[/]"
        in (tour.surfaces["connection 3"])
    )
    assert "[@click=app.quit]key" in tour.surfaces["connector 1"]  # a param's name
    assert tour.actions_run == []
    assert {name: shot.actions for name, shot in tour.captures.items() if shot.actions} == {}


def test_A4_escape_bypass_and_uppercase_tags_are_not_swallowed(tour: Tour) -> None:
    assert "A4 [ @click=app.quit]x [RED]x" in tour.surfaces["connection 4"]
    assert "A4 [ @click=app.quit]x [RED]x" in tour.surfaces["connector 3"]  # system name


def test_A5_link_markup_is_literal_and_no_hyperlink_is_emitted(tour: Tour) -> None:
    literal = "[link=https://evil.example]https://sde.corp/login[/link]"
    assert literal in tour.surfaces["connection 5"]
    assert {name: shot.links for name, shot in tour.captures.items() if shot.links} == {}
    assert not any("\x1b]8;" in shot.ansi for shot in tour.captures.values())


def test_A6_emoji_codes_are_not_replaced(tour: Tour) -> None:
    assert "A6 :warning: done" in tour.surfaces["connection 6"]
    assert "$task_id $title :warning: done" in tour.surfaces["connector 1"]


def test_A7_osc52_in_alias_is_shown_escaped_and_clipboard_untouched(tour: Tour) -> None:
    assert "A7 ok\\x1b]52;c;Y3VybCBldmlsfHNo\\x07" in tour.surfaces["connection 7"]
    assert "ok\\x1b]52;c;Y3VybCBldmlsfHNo\\x07" in tour.surfaces["connector 1"]  # alm_user
    assert not any("\x1b]52" in shot.ansi for shot in tour.captures.values())
    assert tour.clipboard == []


def test_A8_window_title_sequence_is_neutralised(tour: Tour) -> None:
    assert "A8 \\x1b]0;sudo password:\\x1b\\" in tour.surfaces["connection 8"]
    assert not any("\x1b]0;" in shot.ansi for shot in tour.captures.values())


def test_A9_screen_clear_cannot_fake_an_overlay(tour: Tour) -> None:
    assert "A9 \\x1b[2J\\x1b[HSync succeeded ✔" in tour.surfaces["connection 9"]
    rows = tour.surfaces["connections"].splitlines()
    assert rows[0].lstrip().startswith("sde-alm")  # the header is still the first line
    assert len(tour.list_rows) == 22  # one row per connection, none pushed off


def test_A10_terminal_reset_and_alternate_screen_exit_are_neutralised(tour: Tour) -> None:
    assert "A10 \\x1bc RIS \\x1b[?1049l alt" in tour.surfaces["connection 10"]
    assert not any("\x1bc" in s.ansi or "\x1b[?1049l" in s.ansi for s in tour.captures.values())


def test_A11_eight_bit_c1_controls_are_escaped(tour: Tour) -> None:
    assert "A11 \\x9b2J csi8 \\x90q…\\x9c dcs8" in tour.surfaces["connection 11"]
    assert not any(re.search("[\x80-\x9f]", s.ansi) for s in tour.captures.values())


def test_A12_raw_osc8_link_is_neutralised(tour: Tour) -> None:
    assert "A12 \\x1b]8;;https://evil\\x1b\\docs\\x1b]8;;\\x1b\\" in tour.surfaces["connection 12"]


def test_A13_carriage_return_and_backspace_are_visible_not_stripped(tour: Tour) -> None:
    assert "A13 Succeeded\\x0dFAILED abc\\x08\\x08\\x08XYZ" in tour.surfaces["connection 13"]


def test_A14_nul_is_visible_and_does_not_truncate(tour: Tour) -> None:
    assert "A14 prod\\x00-backup" in tour.surfaces["connection 14"]
    assert "A14 prod\\x00-b" in tour.list_rows[14]


def test_A15_bidi_override_is_visible_flagged_and_search_uses_the_raw_value(tour: Tour) -> None:
    assert "A15 jira.<U+202E>moc.live" in tour.surfaces["connection 15"]
    assert "jira.<U+202E>moc.live" in tour.surfaces["connector 2"]
    assert "contains invisible or bidi characters" in tour.surfaces["connector 2"]
    assert 15 in tour.filter_hits  # "moc.live" typed in the filter finds the raw alias


def test_A16_zero_width_is_visible_and_look_alike_aliases_are_flagged(tour: Tour) -> None:
    assert "A16 Ji<U+200B>ra" in tour.surfaces["connection 16"]
    assert "<U+FEFF>gitlab.com" in tour.surfaces["connector 3"]
    assert "looks like #17" in tour.surfaces["connection 16"]
    assert "looks like #16" in tour.surfaces["connection 17"]


def test_A17_homoglyph_host_shows_its_punycode_in_the_detail(tour: Tour) -> None:
    assert "j\u0456ra.corp" in tour.surfaces["connector 1"]  # Cyrillic i, shown as it is
    assert "IDNA form  xn--jra-jhd.corp" in tour.surfaces["connector 1"]
    assert "IDNA form  xn--jra-jhd.corp" in tour.surfaces["connection 1"]


def test_A18_newlines_fold_into_one_row_and_stay_lines_in_the_detail(tour: Tour) -> None:
    assert "A18 line1⏎line2" in tour.list_rows[18]
    assert "line1⏎line2" in tour.list_rows[15]  # the last message column
    detail = tour.surfaces["connection 15"].splitlines()
    assert "A18 line1" in detail and "line2" in detail
    narrow = tour.surfaces["connections 80x24"].splitlines()
    assert sum("line1⏎line2" in line for line in narrow) >= 1  # one screen line, not two
    assert not any(line.strip() == "line2" for line in narrow)


async def test_A19_lone_surrogate_is_a_malformed_response_and_displays_as_fffd() -> None:
    body = b'{"results": [{"id": 1, "alias": "bad \\ud800 alias", "connector": 1}]}'
    with respx.mock(base_url="https://sde.example.test") as api:
        api.get("/api/v2/connections/alm/").respond(
            200, content=body, headers={"content-type": "application/json"}
        )
        async with AlmClient(
            "https://sde.example.test", "tok-surrogate-1", api_family=ApiFamily.ALM
        ) as client:
            with pytest.raises(MalformedResponse, match="Malformed JSON"):
                await client.list_connections()
    assert display_text("a\ud800b") == "a\ufffdb"
    display_text("a\ud800b").encode("utf-8")  # safe for a log file or the clipboard


def test_A20_a_1mb_message_is_capped_in_the_cell_and_the_detail(tour: Tour) -> None:
    cell = tour.message_cell
    assert cell.startswith("A20 1MB message start") and re.search(r"… \(\+\d+ chars\)$", cell)
    assert len(cell) <= CELL_CHARS + 20
    detail = tour.surfaces["connection 20"]
    assert len(detail) < DETAIL_CHARS + 20_000
    assert "A20 end" not in detail  # capped, not shown whole
    assert tour.seconds["connection 20"] < 3.0
    assert tour.seconds["first load"] < 6.0


def test_A21_long_words_are_cropped_and_combining_runs_capped(tour: Tour) -> None:
    assert len(tour.list_rows[19]) <= 160
    shown = tour.surfaces["connection 19"]
    assert "W" * 5000 not in shown
    longest = max(len(run) for run in re.findall("[\u0300-\u036f]+", shown) or [""])
    assert longest <= 4


def test_A22_an_echoed_credential_is_redacted_everywhere(tour: Tour) -> None:
    assert HOSTILE_PASS not in tour.everything()
    assert f"auth failed for user x with password {MASK}" in tour.surfaces["connection 21"]
    assert not any(HOSTILE_PASS in shot.ansi for shot in tour.captures.values())


def test_toasts_show_server_text_literally_without_markup(tour: Tour) -> None:
    failed = [m for title, m, _ in tour.notes if title == "Test failed"]
    assert failed and "unreachable.ok\\x1b]52;c;Y3VybCBldmlsfHNo\\x07[/] and [/x]" in failed[0]
    synced = [t for t, _, _ in tour.notes if t.startswith("Sync ")]
    assert synced, tour.notes
    assert all(markup is False for _, _, markup in tour.notes)
    assert "[@click=app.quit]Refresh[/]" in tour.surfaces["test toast"]


def _is_markup_false(keyword: Any) -> bool:
    import ast

    value = keyword.value
    return keyword.arg == "markup" and isinstance(value, ast.Constant) and value.value is False


def test_every_notify_call_in_the_ui_passes_markup_false() -> None:
    """A lint over ``tui/ui``: a toast built from a server string must never parse markup."""
    import ast

    root = Path(__file__).resolve().parents[2] / "tui" / "ui"
    missing = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "notify"
                and not any(_is_markup_false(k) for k in node.keywords)
            ):
                missing.append(f"{path.relative_to(root)}:{node.lineno}")
    assert missing == []


def test_display_text_choke_point_for_every_a_case() -> None:
    cases = {
        "\x1b]52;c;x\x07": "\\x1b]52;c;x\\x07",
        "\x1b]0;t\x1b\\": "\\x1b]0;t\\x1b\\",
        "\x1bc": "\\x1bc",
        "\x9b2J": "\\x9b2J",
        "a\rb\x08": "a\\x0db\\x08",
        "p\x00q": "p\\x00q",
        "a\u202eb": "a<U+202E>b",
        "\ufeffa\u200bb": "<U+FEFF>a<U+200B>b",
        "l1\nl2": "l1⏎l2",
        "[/]": "[/]",
        ":warning:": ":warning:",
    }
    for raw, shown in cases.items():
        assert display_text(raw) == shown
    assert display_text("l1\nl2", single_line=False) == "l1\nl2"
    assert len(display_text("x" * 10_000)) == CELL_CHARS + len("… (+9800 chars)")


async def test_hostile_data_loads_through_the_real_client() -> None:
    """Every object of the hostile data set is valid API data: nothing is skipped as malformed."""
    state = hostile_state()
    async with AlmClient(
        "http://emulator.test", API_TOKEN, transport=harness_for(state).transport
    ) as client:
        connections = await client.list_connections()
        connectors = await client.list_connectors()
        projects = await client.list_projects()
    assert (len(connections.items), len(connectors.items), len(projects.items)) == (22, 3, 3)
    assert not connections.problems and not connectors.problems


def test_A19_a_lone_surrogate_in_a_log_record_is_written_replaced(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import logging

    from tui.config.logging import setup_logging

    log = tmp_path / "a19.log"
    setup_logging(str(log), "debug")
    try:
        logging.getLogger("tui.test").warning("server sent %s", "bad \ud800 alias")
    finally:
        setup_logging(None)
    assert "Logging error" not in capfd.readouterr().err
    assert "server sent bad" in log.read_text(encoding="utf-8")
