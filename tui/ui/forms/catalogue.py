"""The common tracker params (sde-api.md section 6.1), for when the server offers no plugin schema.

One catalogue serves both vocabularies (issue-tracker-api.md section 3): the keys are the names
the object already uses, else the form's vocabulary's; the Issue Tracker one adds the
authentication method.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tui.api.vocab import ALM, CONFLICT_POLICY, Vocabulary, key_in
from tui.ui.forms.spec import (
    AUTH_MODES,
    FieldSpec,
    FormKind,
    FormLayout,
    Option,
    Section,
    add_raw_section,
    param_path,
    with_auth_mode,
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


def _policies(params: Mapping[str, Any] | None, vocabulary: Vocabulary) -> tuple[Option, ...]:
    """Who wins a conflict; the 2017 value ``alm`` only where the object or its server uses it."""
    tracker = vocabulary.conflict_policy_tracker
    options = [Option("ALM" if vocabulary is ALM else "Issue tracker wins", tracker)]
    if vocabulary is not ALM and (params or {}).get(CONFLICT_POLICY) == ALM.conflict_policy_tracker:
        options.append(Option("ALM (older name of the issue tracker)", ALM.conflict_policy_tracker))
    return (
        *options,
        Option("SD Elements", "sde"),
        Option("Last status change", "timestamp"),
    )


def _credentials(key: Callable[[str], str], vocabulary: Vocabulary) -> tuple[FieldSpec, ...]:
    fields = (
        _p(key("user"), "Username"),
        _p(key("pass"), "Password", "secret"),
        _p(key("api_token"), "API token", "secret"),
    )
    if not vocabulary.has_auth_mode:
        return fields
    mode = _p(
        key("auth_mode"),
        "Authentication method",
        "choice",
        default="basic",
        options=tuple(Option(label, mode) for mode, (label, _) in AUTH_MODES.items()),
        help="Which credentials the issue tracker is given",
    )
    return (mode, *fields)


def catalogue_layout(
    params: Mapping[str, Any] | None, *, form: FormKind, vocabulary: Vocabulary
) -> FormLayout:
    """Sections of well-known params; anything else the server sent goes to the raw section."""

    def key(suffix: str) -> str:
        return key_in(params, suffix, vocabulary)

    tracker = "ALM" if vocabulary is ALM else "issue tracker"
    title_key = key("title_format") if form == "connection" else "title_format"
    sections = [
        Section(
            "Project",
            (
                _p(
                    key("project"),
                    "ALM project" if vocabulary is ALM else "Issue tracker project",
                    required=form == "connection",
                    max_length=255,
                    help=f"Project, repository or key in the {tracker} (at most 255 characters)",
                ),
                _p(key("parent_issue"), "Parent issue"),
                _p(key("context"), "Context", help="Text substituted for $context in titles"),
            ),
        ),
        Section(
            "Connection Details",
            (
                _p(
                    key("method"),
                    "Protocol",
                    "choice",
                    default="https",
                    options=(Option("https", "https"), Option("http", "http")),
                ),
                _p(key("server"), "Server", required=True, help="Host and port, no scheme"),
                _p(
                    key("context_root"),
                    "Context root",
                    help=f"Path prefix if the {tracker} is not at /",
                ),
                _p(
                    key("validate_cert"),
                    "Validate the server's TLS certificate",
                    "bool",
                    default=True,
                ),
            ),
        ),
        Section("Credentials", _credentials(key, vocabulary)),
        Section(
            "Synchronization",
            (
                _p(
                    CONFLICT_POLICY,
                    "Authoritative source",
                    "choice",
                    default=vocabulary.conflict_policy_tracker,
                    options=_policies(params, vocabulary),
                ),
                _p(title_key, "Issue title format", default="$task_id $title", help=_TITLE_HELP),
                _p(key("issue_label"), "Issue label"),
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
                    key("phases"),
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
    return with_auth_mode(layout)
