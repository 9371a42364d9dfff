"""The common ALM params (sde-api.md section 6.1), for when the server offers no plugin schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.ui.forms.spec import (
    FieldSpec,
    FormKind,
    FormLayout,
    Option,
    Section,
    add_raw_section,
    param_path,
)

_STATUSES = (Option("Todo", "TODO"), Option("Done", "DONE"), Option("N/A", "NA"))
_PHASES = (
    Option("Requirements", "requirements"),
    Option("Architecture & Design", "architecture-design"),
    Option("Development", "development"),
    Option("Testing", "testing"),
)
_VERIFICATION = (
    Option("No Status", "none"),
    Option("Partial Pass", "partial"),
    Option("Pass", "pass"),
    Option("Fail", "fail"),
)
_TITLE_HELP = (
    "Must contain $task_id and $title; may use $context, $application, $project "
    "(e.g. $task_id $title)"
)


def _p(key: str, label: str, kind: Any = "text", **rest: Any) -> FieldSpec:
    return FieldSpec(param_path(key), label, kind, **rest)


def catalogue_layout(params: Mapping[str, Any] | None, *, form: FormKind) -> FormLayout:
    """Sections of well-known params; anything else the server sent goes to the raw section."""
    title_key = "alm_title_format" if form == "connection" else "title_format"
    sections = [
        Section(
            "Project",
            (
                _p(
                    "alm_project",
                    "ALM project",
                    required=form == "connection",
                    max_length=255,
                    help="Project, repository or key in the ALM (at most 255 characters)",
                ),
                _p("alm_parent_issue", "Parent issue"),
                _p("alm_context", "Context", help="Text substituted for $context in titles"),
            ),
        ),
        Section(
            "Connection Details",
            (
                _p(
                    "alm_method",
                    "Protocol",
                    "choice",
                    default="https",
                    options=(Option("https", "https"), Option("http", "http")),
                ),
                _p("alm_server", "Server", required=True, help="Host and port, no scheme"),
                _p("alm_context_root", "Context root", help="Path prefix if the ALM is not at /"),
                _p(
                    "alm_validate_cert",
                    "Validate the server's TLS certificate",
                    "bool",
                    default=True,
                ),
            ),
        ),
        Section(
            "Credentials",
            (
                _p("alm_user", "Username"),
                _p("alm_pass", "Password", "secret"),
                _p("alm_api_token", "API token", "secret"),
            ),
        ),
        Section(
            "Synchronization",
            (
                _p(
                    "conflict_policy",
                    "Authoritative source",
                    "choice",
                    default="alm",
                    options=(
                        Option("ALM", "alm"),
                        Option("SD Elements", "sde"),
                        Option("Last status change", "timestamp"),
                    ),
                ),
                _p(title_key, "Issue title format", default="$task_id $title", help=_TITLE_HELP),
                _p("alm_issue_label", "Issue label"),
                _p("how_tos_in_scope", "Include How-To's in issue text", "bool", default=False),
            ),
            "optional",
        ),
        Section(
            "Tasks to Synchronize",
            (
                _p(
                    "sde_min_priority",
                    "Minimum task priority",
                    "integer",
                    default="7",
                    help="A whole number from 1 to 10",
                ),
                _p(
                    "sde_statuses_in_scope",
                    "Task statuses",
                    "multi",
                    default="TODO",
                    options=_STATUSES,
                ),
                _p(
                    "alm_phases",
                    "Task phases",
                    "multi",
                    default="requirements,architecture-design,development",
                    options=_PHASES,
                ),
                _p(
                    "sde_tags_filter", "Only tasks with all these tags", help="Comma-separated tags"
                ),
                _p(
                    "sde_verification_filter",
                    "Verification statuses",
                    "multi",
                    default="none,partial,pass,fail",
                    options=_VERIFICATION,
                ),
            ),
            "optional",
        ),
    ]
    layout = FormLayout(sections, "catalogue")
    add_raw_section(layout, params, frozenset())
    return layout
