"""The demo organisation: a bank with four business units, 13 projects, 10 connectors, 44 links.

Connectors 1 and 2 and connection 1 reproduce the seed documentation's examples. Secrets are
fake but look real. Failures are consistent with testalm's rules where they are permanent (an
expired password, a missing project) and transient otherwise (rate limit, timeout, 5xx).
"""

from __future__ import annotations

import functools
import random
from typing import TYPE_CHECKING, Any

from tui.emulator.family import CANONICAL
from tui.emulator.jobs import add_job, success_message
from tui.emulator.json_types import JsonDict
from tui.emulator.state import iso_at

if TYPE_CHECKING:
    from tui.emulator.state import EmulatorState

# id: (email, first name, last name)
USERS = {
    1: ("sde-admin@granitebank.com", "Sam", "Admin"),  # the full token's user
    2: ("auditor@granitebank.com", "Alex", "Auditor"),  # the read token's user
    3: ("priya.raman@granitebank.com", "Priya", "Raman"),
    4: ("marcus.okafor@granitebank.com", "Marcus", "Okafor"),
    5: ("elena.petrova@granitebank.com", "Elena", "Petrova"),
    6: ("svc-remote-integration@granitebank.com", "Remote", "Integration"),
}

BUSINESS_UNITS = {1: "General", 2: "Retail Banking", 3: "Payments", 4: "Corporate IT"}

# id: (name, business unit id)
APPLICATIONS = {
    1: ("Demo Application", 1),
    2: ("Mobile Banking", 2),
    3: ("Online Banking", 2),
    4: ("Payment Gateway", 3),
    5: ("Risk Platform", 3),
    6: ("Identity Platform", 4),
    7: ("Employee Apps", 4),
    8: ("Analytics Platform", 4),
}

PROFILES = {
    "web": {"id": "P9", "name": "Web Application", "logo_url": "/static/images/profiles/web.png"},
    "mobile": {
        "id": "P3",
        "name": "Mobile Application",
        "logo_url": "/static/images/profiles/mobile.png",
    },
    "api": {"id": "P5", "name": "Web Service / API", "logo_url": "/static/images/profiles/api.png"},
    "data": {"id": "P12", "name": "Data Pipeline", "logo_url": "/static/images/profiles/data.png"},
}

# id: (name, application id, profile, tags, archived)
PROJECTS: dict[int, tuple[str, int, str, list[str], bool]] = {
    1: ("Demo Project", 1, "web", ["demo"], False),
    2: ("Mobile Banking iOS", 2, "mobile", ["pci", "customer-facing"], False),
    3: ("Mobile Banking Android", 2, "mobile", ["pci", "customer-facing"], False),
    4: ("Online Banking Portal", 3, "web", ["pci", "customer-facing"], False),
    5: ("Open Banking API", 3, "api", ["psd2"], False),
    6: ("Card Payments Gateway", 4, "api", ["pci", "tier-1"], False),
    7: ("Merchant Onboarding API", 4, "api", ["kyc"], False),
    8: ("Payments Reconciliation", 4, "data", ["sox"], False),
    9: ("Fraud Detection Service", 5, "api", ["tier-1", "ml"], False),
    10: ("Customer Identity SSO", 6, "web", ["iam"], False),
    11: ("HR Self-Service Portal", 7, "web", ["internal"], False),
    12: ("Data Warehouse ETL", 8, "data", ["internal", "sox"], False),
    13: ("Legacy Mainframe Bridge", 8, "api", ["legacy"], True),
}

_SYNC_DEFAULTS = {
    "sde_verification_filter": "none,partial,pass,fail",
    "title_format": "$task_id $title",
    "alm_method": "https",
    "alm_phases": "requirements,architecture-design,development",
    "sde_statuses_in_scope": "TODO",
    "conflict_policy": "alm",
    "sde_min_priority": "7",
}

# id: (name, system, inaccessible, params); 1 and 2 are the seed's examples verbatim.
# fmt: off
CONNECTORS: dict[int, tuple[str, str, bool, JsonDict]] = {
    1: ("GitHub Example Connector", "github", False, {
        "github_repo_owner": "repo owner", "sde_verification_filter": "none,partial,pass,fail",
        "alm_api_token": "token", "title_format": "$task_id $title", "alm_method": "https",
        "alm_server": "api.github.com", "github_duplicate_label": "duplicate",
        "alm_phases": "requirements,architecture-design,development",
        "sde_statuses_in_scope": "TODO", "conflict_policy": "alm", "sde_min_priority": "7"}),
    2: ("JIRA Example Connector", "jira", False, {
        "sde_verification_filter": "none,partial,pass,fail", "jira_version": "5",
        "title_format": "$task_id $title", "alm_method": "https",
        "alm_server": "my-company.atlassian.net", "alm_user": "user", "alm_pass": "pass",
        "alm_phases": "requirements,architecture-design,development",
        "sde_statuses_in_scope": "TODO", "conflict_policy": "alm", "sde_min_priority": "7"}),
    3: ("GitHub.com - Mobile", "github", False, {
        **_SYNC_DEFAULTS, "alm_server": "api.github.com",
        "github_repo_owner": "granite-bank-mobile",
        "alm_api_token": "ghp_4fQm8ZkT2vLx9RcP1nWb7HyJ0sAe3UdG6iKo",
        "github_duplicate_label": "duplicate", "github_issue_label": "security",
        "title_format": "[$application - $project] $task_id $title"}),
    4: ("Jira Cloud - Retail", "jira", False, {
        **_SYNC_DEFAULTS, "alm_server": "granitebank.atlassian.net",
        "alm_user": "sde-sync@granitebank.com",
        "alm_pass": "ATATT3xFfGF0T9qLm2Vw8KcZr5Yh1NbQ4sXe7PjUoA6D", "jira_version": "5",
        "jira_issue_type": "Bug", "jira_done_statuses": "Done,Closed",
        "conflict_policy": "sde", "sde_min_priority": "6",
        # An extra key no schema knows: clients must cope with unknown params.
        "jira_custom_thing": "customfield_10042=SD Elements"}),
    5: ("Jira Data Center - Payments", "jira", False, {
        **_SYNC_DEFAULTS, "alm_server": "jira.payments.granitebank.com",
        "alm_context_root": "jira", "alm_user": "svc-sdelements", "alm_pass": "Q7v!rT2m#Lx9pW4z",
        "jira_version": "5", "jira_issue_type": "Security Task",
        "alm_phases": "requirements,architecture-design,development,testing",
        "sde_min_priority": "5"}),
    6: ("Jira Server - Legacy", "jira", False, {
        **_SYNC_DEFAULTS, "alm_server": "jira-legacy.corp.granitebank.com",
        "alm_user": "svc-sde-legacy", "alm_pass": "W1nter#2021-expired", "jira_version": "4"}),
    7: ("GitLab - Payments Platform", "gitlab", False, {
        **_SYNC_DEFAULTS, "alm_server": "gitlab.com",
        "alm_api_token": "glpat-Xr4vN8qT2mLs9KzW1bYh", "gitlab_issue_label": "sd-elements"}),
    8: ("Azure DevOps - Corporate IT", "tfs", False, {
        **_SYNC_DEFAULTS, "alm_server": "dev.azure.com", "alm_context_root": "granitebank",
        "tfs_collection": "DefaultCollection", "alm_user": "sde-integration@granitebank.com",
        "alm_pass": "x3mq7kz2v9lwd4r8tn6pb1yc5hf0sgje2ua7qo3ni8vx4lkm",
        "tfs_work_item_type": "Bug"}),
    9: ("CA Agile Central (Rally)", "rally", False, {
        **_SYNC_DEFAULTS, "alm_server": "rally1.rallydev.com", "alm_user": "rally_user",
        "alm_pass": "rally_password", "rally_workspace": "Rally Workspace"}),
    10: ("ServiceNow ITSM - On-prem", "servicenow", True, {
        **_SYNC_DEFAULTS, "alm_server": "servicenow.corp.granitebank.internal",
        "alm_user": "svc_sde_itsm", "alm_pass": "n0w!Itsm-7Rq2#vP"}),
}
# fmt: on

RATE_LIMIT = (
    "Synchronization failed: GitHub API rate limit exceeded (403 Forbidden): 0 of 5000 "
    "requests remaining for user ID 48213977; limit resets in 41 minutes."
)
TIMEOUT = (
    "Synchronization failed: Read timed out after 60 seconds waiting for dev.azure.com "
    "(HTTPSConnectionPool(host='dev.azure.com', port=443))."
)
GITLAB_500 = (
    "Synchronization failed: 500 Internal Server Error from gitlab.com while creating "
    "the issue for task T21."
)
RALLY_CONFLICT = (
    "Synchronization failed: Rally API error: Concurrency conflict: [Object has "
    "been modified since being read for update in this context] (US1482)."
)
RALLY_503 = "Synchronization failed: Rally API error: 503 Service Unavailable."
REMOTE_CHANGE = (
    "Remote Integration Client: change request CHG0041873 was not found or is closed in ServiceNow."
)
AUTH_LEGACY = (
    "Synchronization failed: 401 Unauthorized: Invalid credentials for user 'svc-sde-legacy'"
)
MISSING = "Synchronization failed: Project 'PAYRECON-MISSING' does not exist in JIRA"

# (alias, connector, project, frequency, own params, last outcome, debug_mode)
# Outcome: "ok", "never", "running", or the failure message of the last job.
# fmt: off
CONNECTIONS: list[tuple[str, int, int, str, JsonDict, str, bool]] = [
    ("Rally Integration", 9, 1, "manually", {"alm_project": "Rally Project"}, RALLY_CONFLICT,
     False),
    ("GitHub Issues", 1, 1, "hourly", {"alm_project": "demo-app"}, "ok", False),
    ("JIRA Tracking", 2, 1, "daily", {"alm_project": "DEMO"}, "never", False),
    ("iOS App - GitHub", 3, 2, "hourly", {"alm_project": "mobile-ios"}, "ok", False),
    ("iOS Security Backlog", 4, 2, "daily", {"alm_project": "MBI"}, "ok", False),
    ("Android App - GitHub", 3, 3, "hourly", {"alm_project": "mobile-android"}, RATE_LIMIT,
     False),
    ("Android Security Backlog", 4, 3, "daily", {"alm_project": "MBA"}, "ok", False),
    ("Portal Jira", 4, 4, "daily", {"alm_project": "OBP", "alm_parent_issue": "OBP-1200"}, "ok",
     False),
    ("Portal Jira (legacy)", 6, 4, "weekly", {"alm_project": "WEBBANK"}, AUTH_LEGACY, False),
    ("Open Banking API", 4, 5, "hourly", {"alm_project": "OBAPI"}, "ok", False),
    ("Open Banking - PSD2 epics", 4, 5, "manually",
     {"alm_project": "PSD2", "alm_parent_issue": "PSD2-7"}, "never", False),
    ("Card Gateway", 5, 6, "hourly", {"alm_project": "CPG"}, "running", False),
    ("Card Gateway - GitLab", 7, 6, "daily",
     {"alm_project": "granite-bank/payments/card-gateway"}, "ok", False),
    ("Merchant Onboarding", 5, 7, "daily", {"alm_project": "MOB"}, "ok", False),
    ("Merchant Onboarding - GitLab", 7, 7, "manually",
     {"alm_project": "granite-bank/payments/merchant-onboarding"}, GITLAB_500, False),
    ("Reconciliation", 5, 8, "weekly", {"alm_project": "PAYRECON-MISSING"}, MISSING, False),
    ("Reconciliation Jobs (GitLab)", 7, 8, "monthly",
     {"alm_project": "granite-bank/payments/recon-jobs"}, "never", False),
    ("Fraud Detection", 5, 9, "hourly",
     {"alm_project": "FRAUD", "alm_title_format": "[$context] $task_id $title",
      "alm_context": "fraud-ml"}, "ok", False),
    ("Fraud Models (GitLab)", 7, 9, "daily", {"alm_project": "granite-bank/risk/fraud-models"},
     "ok", False),
    ("Fraud Detection - ServiceNow", 10, 9, "daily", {"alm_project": "CHG0041873"},
     REMOTE_CHANGE, False),
    ("Identity Platform", 8, 10, "daily", {"alm_project": "Customer Identity"}, "ok", False),
    ("SSO Hardening", 8, 10, "manually", {"alm_project": "SSO Hardening"}, TIMEOUT, True),
    ("Identity - ServiceNow changes", 10, 10, "weekly", {"alm_project": "CHG0040210"}, "ok",
     False),
    ("HR Portal", 8, 11, "weekly", {"alm_project": "HR Self-Service"}, "ok", False),
    ("HR Portal - ServiceNow", 10, 11, "monthly", {"alm_project": "CHG0038815"}, "never", False),
    ("Data Warehouse", 8, 12, "daily", {"alm_project": "Analytics"}, "ok", False),
    ("ETL Pipelines - Jira", 5, 12, "weekly", {"alm_project": "DWH"}, "ok", False),
    ("Mainframe Bridge (archived)", 6, 13, "manually", {"alm_project": "MFB"}, AUTH_LEGACY,
     False),
    ("Demo - Rally Sandbox", 9, 1, "weekly", {"alm_project": "Sandbox"}, "never", False),
    ("iOS - Rally", 9, 2, "manually", {"alm_project": "Mobile iOS"}, "ok", False),
    ("Android - Rally", 9, 3, "manually", {"alm_project": "Mobile Android"}, "ok", False),
    ("Portal - GitHub", 1, 4, "daily", {"alm_project": "online-banking-portal"}, "ok", False),
    ("Open Banking - GitHub", 3, 5, "daily",
     {"alm_project": "open-banking-api", "github_issue_label": "psd2"}, "ok", False),
    ("Card Gateway - Jira Cloud", 4, 6, "manually", {"alm_project": "CARD"}, "never", False),
    ("Merchant Portal - Azure DevOps", 8, 7, "weekly", {"alm_project": "Merchant Portal"}, "ok",
     False),
    ("Reconciliation - Azure Boards", 8, 8, "daily",
     {"alm_project": "Payments Reconciliation"}, "ok", False),
    ("Fraud Rules - Jira DC", 5, 9, "manually", {"alm_project": "FRULES", "sde_min_priority": 8},
     "ok", True),
    ("Identity - GitHub", 3, 10, "hourly", {"alm_project": "identity-platform"}, "ok", False),
    ("HR Portal - Jira legacy", 6, 11, "monthly", {"alm_project": "HRSS"}, "never", False),
    ("ETL - GitLab", 7, 12, "hourly", {"alm_project": "granite-bank/analytics/etl"}, "ok", False),
    ("Warehouse - Rally", 9, 12, "manually", {"alm_project": "Data Warehouse"}, RALLY_503, False),
    ("Open Banking - Jira DC", 5, 5, "daily", {"alm_project": "OBDC"}, "ok", False),
    ("Mobile Shared Components", 4, 2, "weekly",
     {"alm_project": "MSC", "alm_parent_issue": "MSC-1"}, "ok", False),
    ("Fraud Detection - Azure DevOps", 8, 9, "manually", {"alm_project": "Fraud Detection"},
     "never", False),
]
# fmt: on

_ALM = CANONICAL.key
# Connection 1 lists its params in the order of the seed's example (and of the new family's,
# issue-tracker-api.md section 2.4), which follows no rule the emulator could apply.
SEED_CONNECTION_PARAM_ORDER = (
    "sde_project", _ALM("user"), "sde_verification_filter", "rally_workspace", _ALM("method"),
    _ALM("validate_cert"), _ALM("title_format"), _ALM("server"), "sde_businessunit",
    "sde_application", _ALM("project"), _ALM("pass"), _ALM("phases"), "sde_statuses_in_scope",
    "conflict_policy", "sde_min_priority", _ALM("reference_context"),
)  # fmt: skip

# Seconds between scheduled runs; manual syncs are spread over about a month.
PERIOD = {
    "hourly": 3600.0,
    "daily": 86400.0,
    "weekly": 604800.0,
    "monthly": 2592000.0,
    "manually": 5 * 86400.0,
}


def load_users(state: EmulatorState) -> None:
    for user_id, (email, first, last) in USERS.items():
        state.users[user_id] = email
        state.user_names[user_id] = (first, last)


def add_project_tree(state: EmulatorState) -> None:
    """Business units, applications and projects of the demo organisation."""
    for app_id, (app_name, bu_id) in APPLICATIONS.items():
        bu_name = BUSINESS_UNITS[bu_id]
        state.applications[app_id] = {
            "id": app_id,
            "name": app_name,
            "slug": slugify(app_name),
            "business_unit": {"id": bu_id, "slug": slugify(bu_name), "name": bu_name},
        }
    for project_id, (name, app_id, profile, tags, archived) in PROJECTS.items():
        state.projects[project_id] = project_record(
            state, project_id, name, app_id, PROFILES[profile], tags, archived
        )


def project_record(
    state: EmulatorState,
    project_id: int,
    name: str,
    app_id: int,
    profile: JsonDict,
    tags: list[str],
    archived: bool,
    slug: str | None = None,
) -> JsonDict:
    """A stored project; `slug` defaults to the name's."""
    return {
        "id": project_id,
        "slug": slug or slugify(name),
        "name": name,
        "application": app_id,
        "profile": profile,
        "archived": archived,
        "description": f"{name} security requirements",
        "tags": tags,
        "created": _days_ago(state.epoch0, 400 - project_id % 300),
        "updated": _days_ago(state.epoch0, project_id % 30),
    }


def load_demo(state: EmulatorState) -> None:
    add_project_tree(state)
    for connector_id, (name, system, inaccessible, params) in CONNECTORS.items():
        state.connectors[connector_id] = {
            "id": connector_id,
            "name": name,
            "system": system,
            "inaccessible": inaccessible,
            "params": dict(params),
        }
    rng = random.Random(state.config.seed)
    for index, row in enumerate(CONNECTIONS, start=1):
        alias, connector_id, project_id, frequency, own, outcome, debug = row
        state.connections[index] = {
            "id": index,
            "alias": alias,
            "connector": connector_id,
            "project": project_id,
            "frequency": frequency,
            "debug_mode": debug,
            "params": dict(own),
        }
        if index == 1:
            state.param_orders[index] = SEED_CONNECTION_PARAM_ORDER
        _add_history(state, index, outcome, rng)


def _add_history(state: EmulatorState, connection_id: int, outcome: str, rng: Any) -> None:
    """A few past jobs ending with `outcome`; the running one finishes 15 x sync_seconds in."""
    if outcome == "never":
        return
    connection = state.connections[connection_id]
    connector = state.connectors[connection["connector"]]
    system = state.system_of(connector)
    automatic = connection["frequency"] != "manually"
    user_id = 6 if connector["inaccessible"] else (1 if automatic else rng.choice((3, 4, 5)))
    period = PERIOD[connection["frequency"]]
    last = -period * rng.uniform(0.15, 0.9)
    earlier = rng.randint(1, 3)
    for n in range(earlier, 0, -1):
        message = success_message(system.short_name, connection["params"]["alm_project"], rng)
        add_job(
            state,
            connection_id,
            user_id=user_id,
            automatic=automatic,
            ready=True,
            succeeded=True,
            message=message,
            last_run=last - n * period,
        )
    if outcome == "running":
        add_job(
            state,
            connection_id,
            user_id=3,
            automatic=False,
            ready=False,
            last_run=-8.0,
            finish_at=15 * state.config.sync_seconds,
        )
    elif outcome == "ok":
        message = success_message(system.short_name, connection["params"]["alm_project"], rng)
        add_job(
            state,
            connection_id,
            user_id=user_id,
            automatic=automatic,
            ready=True,
            succeeded=True,
            message=message,
            last_run=last,
        )
    else:
        add_job(
            state,
            connection_id,
            user_id=user_id,
            automatic=automatic,
            ready=True,
            succeeded=False,
            message=outcome,
            last_run=last,
        )


@functools.lru_cache(maxsize=512)
def _days_ago(epoch0: float, days: int) -> str:
    """The timestamp `days` days before timeline 0 (a few hundred values for any number of
    projects, hence the cache)."""
    return iso_at(epoch0 - 86400.0 * days)


def slugify(name: str) -> str:
    """A URL slug: lower case, runs of anything but letters and digits become one "-"."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())
