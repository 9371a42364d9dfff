"""The route table: the paths served for the configured API family, and their handlers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tui.api.vocab import ApiFamily
from tui.emulator import views
from tui.emulator.config import EmulatorConfig
from tui.emulator.errors import NotFound
from tui.emulator.family import answer_vocabulary, served_families, side_families
from tui.emulator.views import Handler

# GUESS: the new family's connectivity-test name is not public (issue-tracker-api.md section 1);
# jobs and plugins follow the family's path segment.
_TEST_SEGMENT = {ApiFamily.ALM: "testalm", ApiFamily.ISSUE_TRACKER: "test-issue-tracker"}


@dataclass(frozen=True)
class Route:
    """A path pattern (without /api/v2 and the trailing slash), its handlers by method, and the
    view name OPTIONS reports."""

    pattern: re.Pattern[str]
    name: str
    handlers: Mapping[str, Handler]


def build_routes(config: EmulatorConfig) -> list[Route]:
    """Every route the configuration serves; anything else is a 404."""
    word = answer_vocabulary(config).tracker_word
    table: list[tuple[str, str, dict[str, Handler]]] = []
    # GUESS: PUT (full replace) and DELETE (204) on connectors and connections: PUT is
    # documented only for <= 4.10, DELETE only by the changelog ("can be created, edited, or
    # deleted").
    for family in served_families(config):
        segment = re.escape(family.segment)
        table += [
            (
                rf"/connectors/{segment}",
                f"{word} Connector List",
                {"GET": views.list_connectors, "POST": views.create_connector},
            ),
            (
                rf"/connectors/{segment}/(\d+)",
                f"{word} Connector Instance",
                {
                    "GET": views.get_connector,
                    "PATCH": views.patch_connector,
                    "PUT": views.put_connector,
                    "DELETE": views.delete_connector,
                },
            ),
            (
                rf"/connections/{segment}",
                f"{word} Connection List",
                {"GET": views.list_connections, "POST": views.create_connection},
            ),
            (
                rf"/connections/{segment}/(\d+)",
                f"{word} Connection Instance",
                {
                    "GET": views.get_connection,
                    "PATCH": views.patch_connection,
                    "PUT": views.put_connection,
                    "DELETE": views.delete_connection,
                },
            ),
        ]
    for family in side_families(config):
        test = re.escape(_TEST_SEGMENT[family])
        segment = re.escape(family.segment)
        table += [
            (rf"/connectors/{test}", f"Test {word} Connector", {"POST": views.test_connector}),
            (rf"/connections/{test}", f"Test {word} Connection", {"POST": views.test_connection}),
            (
                rf"/jobs/{segment}",
                f"{word} Job List",
                {"GET": views.list_jobs, "POST": views.post_job},
            ),
            (rf"/jobs/{segment}/(\d+)", f"{word} Job Instance", {"GET": views.get_job}),
            (rf"/plugins/{segment}", f"{word} Plugin List", {"GET": views.list_plugins}),
            (rf"/plugins/{segment}/([\w-]+)", f"{word} Plugin Instance", {"GET": views.get_plugin}),
        ]
    table += [
        (r"/projects", "Project List", {"GET": views.list_projects}),
        (r"/projects/(\d+)", "Project Instance", {"GET": views.get_project}),
        (r"/users/me", "User Me", {"GET": views.get_me}),
    ]
    return [Route(re.compile(pattern), name, handlers) for pattern, name, handlers in table]


def match(routes: list[Route], subpath: str) -> tuple[Route, list[Any]]:
    """The route serving a path and its arguments (ids as ints); NotFound when none does."""
    for route in routes:
        found = route.pattern.fullmatch(subpath)
        if found:
            return route, [int(g) if g.isdigit() else g for g in found.groups()]
    raise NotFound()
