"""Plugin schemas (`/api/v2/plugins/alm/`) in the "ALM v2" shape, one per known system.

Trac's schema is the documented example plus two fields every ALM v2 connection shows
(`alm_validate_cert`, `title_format`). The others reuse its common sections and add the
per-system params listed in sde-api.md section 6.2.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from tui.emulator.json_types import JsonDict
from tui.emulator.systems import SYSTEMS, System

Option = tuple[str, str] | tuple[str, str, bool]


def field(
    name: str,
    label: str,
    field_type: str = "string",
    *,
    default: Any = None,
    required: bool = False,
    scope: str = "system",
    options: Iterable[Option] = (),
    placeholder: str | None = None,
    help_text: str = "",
    max_length: int | None = None,
) -> JsonDict:
    """One schema field with every key the documented shape has."""
    return {
        "name": name,
        "label": label,
        "description": "",
        "field_type": field_type,
        "default": default,
        "readonly": False,
        "max_length": max_length,
        "required": required,
        "deprecated": False,
        "placeholder": placeholder,
        "scope": [scope],
        "help_text": help_text,
        "options": [
            {"label": o[0], "value": o[1], "disabled": o[2] if len(o) == 3 else False}
            for o in options
        ],
    }


def section(label: str | None, fields: list[JsonDict], optional: bool = False) -> JsonDict:
    return {"label": label, "optional": optional, "fields": fields}


PRIORITY_OPTIONS: list[Option] = [
    (
        {10: "10 - High", 5: "5 - Medium", 1: "1 - Low"}.get(n, str(n))
        + (" Minimum Priority to Import" if n in (10, 5, 1) else ""),
        str(n),
    )
    for n in range(10, 0, -1)
]
STATUS_OPTIONS: list[Option] = [("Done", "DONE"), ("Todo", "TODO"), ("N/A", "NA")]
PHASE_OPTIONS: list[Option] = [
    ("Requirements", "requirements"),
    ("Architecture & Design", "architecture-design"),
    ("Development", "development"),
    ("Testing", "testing"),
]
VERIFICATION_OPTIONS: list[Option] = [
    ("No Status", "none"),
    ("Partial Pass", "partial"),
    ("Pass", "pass"),
    ("Fail", "fail"),
]
TITLE_OPTIONS: list[Option] = [
    (fmt, fmt)
    for fmt in (
        "$task_id $title",
        "[$application - $project] $task_id $title",
        "[$application - $context] $task_id $title",
        "[$context] $task_id $title",
    )
]


def _connection_section(server_placeholder: str) -> JsonDict:
    return section(
        "Connection Details",
        [
            field(
                "alm_method",
                "Protocol",
                "radio",
                default="https",
                required=True,
                placeholder="https",
                options=[("https", "https"), ("http", "http")],
            ),
            field("alm_server", "Server", required=True, placeholder=server_placeholder),
            field(
                "alm_context_root",
                "Context Root",
                placeholder="/",
                help_text="Normally left empty unless the service is installed at a "
                "non-standard location",
            ),
            # GUESS: ALM v2 connections always show alm_validate_cert; its schema entry is inferred.
            field(
                "alm_validate_cert",
                "Validate the server's TLS certificate",
                "boolean",
                default=True,
                placeholder="True",
            ),
        ],
    )


def _credentials_section(system: System) -> JsonDict:
    if system.token_auth:
        fields = [
            field(
                "alm_api_token", f"{system.short_name} API Token", "masked_string", required=True
            ),
        ]
    else:
        fields = [
            field("alm_user", f"{system.short_name} Username", required=True),
            field("alm_pass", f"{system.short_name} Password", "masked_string", required=True),
        ]
    return section("Credentials", fields)


def _synchronization_section(system: System) -> JsonDict:
    return section(
        "Synchronization",
        [
            field(
                "conflict_policy",
                "Choose Authoritative Source",
                "radio",
                default="alm",
                placeholder="alm",
                help_text="The de facto source for the status of an SD Elements task",
                options=[
                    (system.short_name, "alm"),
                    ("SD Elements", "sde"),
                    ("Last Status Change", "timestamp", True),
                ],
            ),
            field(
                "how_tos_in_scope",
                "Include code sample How-To's in task descriptions",
                "boolean",
                default=False,
                placeholder="False",
            ),
            # GUESS: connectors name it title_format, connections show alm_title_format;
            # the schema uses the connector's name because it is a system-scope field.
            field(
                "title_format",
                "Issue title format",
                "select",
                default="$task_id $title",
                placeholder="$task_id $title",
                options=TITLE_OPTIONS,
                help_text="Must contain $task_id and $title",
            ),
        ],
        optional=True,
    )


def _tasks_section() -> JsonDict:
    return section(
        "Tasks to Synchronize",
        [
            field(
                "sde_min_priority",
                "Tasks having a minimum priority",
                "select",
                default="7",
                placeholder="7",
                options=PRIORITY_OPTIONS,
            ),
            field(
                "sde_statuses_in_scope",
                "Tasks with status",
                "checkbox",
                default="TODO",
                placeholder="TODO",
                options=STATUS_OPTIONS,
            ),
            field(
                "alm_phases",
                "Tasks having phase",
                "checkbox",
                default="requirements,architecture-design,development",
                placeholder="requirements,architecture-design,development",
                options=PHASE_OPTIONS,
            ),
            field(
                "sde_tags_filter", "Tasks having all of the following tags", placeholder="tag1,tag2"
            ),
            field(
                "sde_verification_filter",
                "Tasks with verification status",
                "checkbox",
                default="none,partial,pass,fail",
                placeholder="none,partial,pass,fail",
                options=VERIFICATION_OPTIONS,
                help_text="Filter tasks based on their verification status",
            ),
        ],
        optional=True,
    )


def _project_field(label: str) -> JsonDict:
    return field("alm_project", label, required=True, scope="project", max_length=255)


# Per system: (label of alm_project, server placeholder, extra system-specific fields).
# GUESS: param names for gitlab, tfs and servicenow are not public; they follow the
# alm_*/<system>_* pattern of the documented systems and the product guide's UI labels.
_SPECIFIC: dict[str, tuple[str, str, list[JsonDict]]] = {
    "jira": (
        "JIRA Project Key",
        "my-company.atlassian.net",
        [
            field(
                "jira_version",
                "JIRA Version",
                "radio",
                default="5",
                placeholder="5",
                options=[("4", "4"), ("5", "5")],
            ),
            field("jira_issue_type", "Issue Type", default="Bug", placeholder="Bug"),
            field("jira_done_statuses", "Done Statuses", default="Resolved,Closed"),
            field("jira_close_transition", "Close Transition", default="Close Issue"),
            field("jira_reopen_transition", "Reopen Transition", default="Reopen Issue"),
            field("alm_issue_label", "Issue Label", default="SD-Elements"),
            field("alm_parent_issue", "Parent Issue", scope="project", placeholder="PROJ-123"),
            field("alm_custom_fields", "Custom Fields (JSON)", scope="project"),
        ],
    ),
    "github": (
        "GitHub Repository",
        "api.github.com",
        [
            field("github_repo_owner", "Repository Owner", required=True, placeholder="my-org"),
            field("github_duplicate_label", "Duplicate Label", default="duplicate"),
            field("github_issue_label", "Issue Label"),
        ],
    ),
    "gitlab": (
        "GitLab Project (id or namespace/project)",
        "gitlab.com",
        [field("gitlab_issue_label", "GitLab Issue Label", default="SD-Elements")],
    ),
    "tfs": (
        "Azure DevOps Project",
        "dev.azure.com",
        [
            field("tfs_collection", "Collection Name", default="DefaultCollection"),
            field("tfs_work_item_type", "Issue Type", default="Bug"),
        ],
    ),
    "rally": (
        "Rally Project",
        "rally1.rallydev.com",
        [
            field("rally_workspace", "Rally Workspace", required=True),
            field("rally_card_type", "Issue Type", default="Story"),
            field("rally_new_status", "New Status", default="Defined"),
            field("rally_done_statuses", "Done Statuses", default="Completed,Accepted"),
            field("alm_issue_label", "Issue Label", default="SD-Elements"),
            field("alm_parent_issue", "Parent Issue", scope="project"),
        ],
    ),
    "servicenow": (
        "Change Request ID",
        "my-company.service-now.com",
        [field("servicenow_task_table", "Task Table", default="change_task")],
    ),
    "trac": ("Trac Milestone", "bugs.server.com", []),
}


@cache
def plugin(system_id: str) -> JsonDict | None:
    """The schema for a system, or None for an unknown id."""
    system = SYSTEMS.get(system_id)
    if system is None:
        return None
    project_label, placeholder, specific = _SPECIFIC[system_id]
    sections = [
        section(None, [_project_field(project_label)]),
        _connection_section(placeholder),
        _credentials_section(system),
    ]
    if specific:
        sections.append(section(f"{system.short_name} Settings", specific))
    sections += [_synchronization_section(system), _tasks_section()]
    return {
        "id": system.id,
        "name": system.name,
        "short_name": system.short_name,
        "command": system.command,
        "sections": sections,
    }


def plugins() -> list[JsonDict]:
    return [p for p in (plugin(system_id) for system_id in SYSTEMS) if p is not None]


def schema_fields(system_id: str) -> dict[str, JsonDict]:
    """Every field of a system's schema by name (empty for unknown systems)."""
    schema = plugin(system_id)
    if schema is None:
        return {}
    return {f["name"]: f for s in schema["sections"] for f in s["fields"]}
