"""Deterministic outcomes of connectivity tests and syncs, decided by the params alone.

Rules, checked in this order (first match wins):
- `alm_server` contains "unreachable" or ends with ".invalid":
  "Unable to connect to <server>: Name or service not known"
- `alm_server` contains "timeout": "Connection to <server> timed out after 30 seconds"
- `alm_pass` or `alm_api_token` contains "wrong", "expired" or "bad" (any case): an
  authentication failure, "401 Unauthorized: Invalid credentials for user '<alm_user>'"
  (token systems: "401 Unauthorized: Bad credentials")
- project-level checks only (connection tests and syncs): `alm_project` contains "missing" or
  "nope": "Project '<alm_project>' does not exist in <system short name>"
Anything else succeeds.

GUESS: the real failure body is unknown (sde-api.md section 10, Q4). By default a failed test
answers HTTP 200 {"success": false, "error": "<message>"}; with test_failure_style="400" it
answers HTTP 400 {"success": false, "detail": "<message>"}. Missing or invalid params are a
400 field-error body in both styles, like any other validation error.
"""

from __future__ import annotations

from tui.emulator.json_types import JsonDict
from tui.emulator.systems import System

_BAD_SECRET_WORDS = ("wrong", "expired", "bad")
_MISSING_PROJECT_WORDS = ("missing", "nope")


def connectivity_problem(system: System, params: JsonDict, *, check_project: bool) -> str | None:
    """Why a test (or sync) against these params fails, or None when it succeeds."""
    server = str(params.get("alm_server") or "")
    if "unreachable" in server.lower() or server.lower().endswith(".invalid"):
        return f"Unable to connect to {server}: Name or service not known"
    if "timeout" in server.lower():
        return f"Connection to {server} timed out after 30 seconds"
    for secret_key in ("alm_pass", "alm_api_token"):
        secret = str(params.get(secret_key) or "").lower()
        if any(word in secret for word in _BAD_SECRET_WORDS):
            if secret_key == "alm_api_token":
                return "401 Unauthorized: Bad credentials"
            return f"401 Unauthorized: Invalid credentials for user '{params.get('alm_user', '')}'"
    if check_project:
        project = str(params.get("alm_project") or "")
        if any(word in project.lower() for word in _MISSING_PROJECT_WORDS):
            return f"Project '{project}' does not exist in {system.short_name}"
    return None


def failure_answer(message: str, style: str) -> tuple[int, JsonDict]:
    """Status and body of a failed test in the configured style."""
    # GUESS: both shapes; the real failure answer is unknown (Q4).
    if style == "400":
        return 400, {"success": False, "detail": message}
    return 200, {"success": False, "error": message}
