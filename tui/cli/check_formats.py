"""``sde-alm check`` results as text, JSON, a Nagios plugin line or Prometheus exposition text.

Text and JSON use sde-alm's exit codes; Nagios output exits with the plugin state
(``tui.cli.exits.NAGIOS_STATES``); Prometheus output (for node_exporter's textfile collector)
exits as text does, and a server that could not be checked reads ``sde_alm_check_success 0``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui.api.display import display_text
from tui.api.errors import ApiError, ConfigError
from tui.cli import output
from tui.cli.check import CheckReport, report_json, report_text
from tui.cli.exits import NagiosState, worst_nagios

if TYPE_CHECKING:
    from tui.cli.check_command import ServerResult

def render(fmt: str, results: list[ServerResult], *, all_profiles: bool) -> int:
    """Print ``results`` in ``fmt``; returns the exit code (the worst server's)."""
    if fmt == "nagios":
        print(nagios_line(results, all_profiles=all_profiles))
        return worst_nagios([r.nagios for r in results]).value
    for result in results:
        if result.report is None:
            label = f"profile {result.profile}: " if all_profiles else ""
            output.error(result.error_title, label + result.error_text)
    if fmt == "prometheus":
        sys.stdout.write(prometheus_text(results, all_profiles=all_profiles))
    elif fmt == "json":
        output.print_json(_profiles_json(results))
    else:
        print(_profiles_text(results))
    return max(r.exit_code for r in results)


def _profiles_text(results: list[ServerResult]) -> str:
    sections = []
    for result in results:
        where = f" ({result.server})" if result.server else ""
        body = (report_text(result.report) if result.report is not None else display_text(
            f"could not check: {result.error_title}: {result.error_text}", max_chars=4000))
        sections.append(f"== profile {display_text(result.profile)}{display_text(where)} ==\n"
                        f"{body}")
    return "\n\n".join(sections)


def _profiles_json(results: list[ServerResult]) -> dict[str, object]:
    profiles: dict[str, object] = {}
    for result in results:
        if result.report is not None:
            profiles[str(result.profile)] = report_json(result.report)
        else:
            profiles[str(result.profile)] = {
                "server": result.server,
                "error": {"title": result.error_title, "message": result.error_text},
                "exit_code": result.exit_code,
            }
    return {"profiles": profiles, "exit_code": max(r.exit_code for r in results)}


# Nagios -----------------------------------------------------------------------------------------

def _plugin_text(text: str) -> str:
    """One line of plugin output: display-safe, and no ``|`` (it starts the perfdata)."""
    return display_text(text, max_chars=300, single_line=True).replace("|", "/")


def _perf_label(profile: str | None, name: str) -> str:
    if profile is None:
        return name
    return re.sub(r"[^A-Za-z0-9_.-]", "_", profile) + "_" + name


def _perfdata(result: ServerResult, profile: str | None) -> list[str]:
    if result.report is None:
        return []
    counts = result.report.counts
    values = [("connections", counts["total"]), ("passed", counts["passed"]),
              ("failed", counts["failed"]), ("untested", counts["errors"]),
              ("sync_failed", counts["sync_failed"]), ("never_synced", counts["never_synced"])]
    data = [f"{_perf_label(profile, name)}={value};;;0" for name, value in values]
    data.append(f"{_perf_label(profile, 'time')}={result.report.duration:.3f}s;;;0")
    return data


def _summary(report: CheckReport) -> str:
    counts = report.counts
    text = (f"{counts['total']} connection{'s' if counts['total'] != 1 else ''} on "
            f"{report.host}: {counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['errors']} could not be tested; last syncs: {counts['sync_failed']} "
            f"failed, {counts['never_synced']} never run")
    if report.partial.get("partial"):
        text += f"; incomplete listing: {report.partial.get('partial_reason')}"
    return text


def _short(result: ServerResult) -> str:
    if result.report is None:
        return f"{result.profile} UNKNOWN ({result.error_title})"
    counts = result.report.counts
    reasons = [f"{counts[key]} {label}" for key, label in (
        ("failed", "failed"), ("sync_failed", "syncs failed"), ("errors", "untested"),
        ("never_synced", "never synced")) if counts[key]]
    detail = f" ({', '.join(reasons)})" if reasons else ""
    return f"{result.profile} {result.nagios.name}{detail}"


def nagios_line(results: list[ServerResult], *, all_profiles: bool) -> str:
    """``SDE-ALM <STATE> - <summary> | <perfdata>``: one line, as Nagios plugins print."""
    state = worst_nagios([r.nagios for r in results])
    if all_profiles:
        text = f"{len(results)} profiles: " + ", ".join(_short(r) for r in results)
        perf = [item for r in results for item in _perfdata(r, r.profile)]
    else:
        (result,) = results
        text = (_summary(result.report) if result.report is not None
                else f"{result.error_title}: {result.error_text}")
        perf = _perfdata(result, None)
    line = f"SDE-ALM {state.name} - {_plugin_text(text)}"
    return f"{line} | {' '.join(perf)}" if perf else line


def nagios_unknown(error: ApiError | ConfigError) -> int:
    """Print the UNKNOWN line of a check that could not start; returns its exit code."""
    print(f"SDE-ALM UNKNOWN - {_plugin_text(f'{error.title}: {error.message}')}")
    return NagiosState.UNKNOWN.value


# Prometheus -------------------------------------------------------------------------------------

def label_value(value: object) -> str:
    """A label value escaped as the text exposition format requires (``\\``, ``"``, newline),
    with known secret values scrubbed."""
    text: str = output.scrubbed("" if value is None else str(value))
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: Iterable[tuple[str, object]]) -> str:
    return "{" + ",".join(f'{name}="{label_value(value)}"' for name, value in pairs) + "}"


class _Metrics:
    """Samples grouped by metric name, written with one HELP and TYPE line each."""

    def __init__(self) -> None:
        self._help: dict[str, str] = {}
        self._samples: dict[str, list[str]] = {}

    def add(self, name: str, help_text: str, labels: list[tuple[str, object]],
            value: float) -> None:
        self._help.setdefault(name, help_text)
        shown = str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
        self._samples.setdefault(name, []).append(f"{name}{_labels(labels)} {shown}")

    def text(self) -> str:
        lines = []
        for name, help_text in self._help.items():
            lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", *self._samples[name]]
        return "\n".join(lines) + "\n"


def _server_metrics(metrics: _Metrics, result: ServerResult, base: list[tuple[str, object]]
                    ) -> None:
    server = [*base, ("server", result.server or "")]
    metrics.add("sde_alm_check_success",
                "Whether the check of the server ran to the end (1) or could not run (0).",
                server, 1.0 if result.report is not None else 0.0)
    metrics.add("sde_alm_check_duration_seconds", "How long the check of the server took.",
                server, round(result.duration, 6))
    report = result.report
    if report is None:
        return
    for key, word in (("passed", "passed"), ("failed", "failed"), ("errors", "untested")):
        metrics.add("sde_alm_check_connections",
                    "Connections the check tested, by result (untested: could not be tested).",
                    [*server, ("result", word)], float(report.counts[key]))
    for outcome in report.outcomes:
        connection = outcome.connection
        labels = [*base, ("connection", connection.id), ("alias", connection.alias),
                  ("project", connection.project if connection.project is not None else ""),
                  ("system", connection.system.id if connection.system else "")]
        if outcome.status != "error":
            metrics.add("sde_alm_connection_test_success",
                        "Whether the connection's connectivity test passed (1) or failed (0).",
                        labels, 1.0 if outcome.status == "pass" else 0.0)
        if outcome.latency_ms is not None:
            metrics.add("sde_alm_connection_test_latency_seconds",
                        "How long the connection's connectivity test took on the server.",
                        labels, round(outcome.latency_ms / 1000, 6))
        if connection.status in ("ok", "failed"):
            metrics.add("sde_alm_connection_last_sync_success",
                        "Whether the connection's last finished sync succeeded (1) or not (0).",
                        labels, 1.0 if connection.status == "ok" else 0.0)
        if connection.last_run is not None:
            metrics.add("sde_alm_connection_last_run_timestamp_seconds",
                        "When the connection's last sync ran, in seconds since the epoch.",
                        labels, connection.last_run.timestamp())


def prometheus_text(results: list[ServerResult], *, all_profiles: bool) -> str:
    """The text exposition format of every server's check (with a ``profile`` label when
    several profiles were checked)."""
    metrics = _Metrics()
    for result in results:
        base: list[tuple[str, object]] = [("profile", result.profile)] if all_profiles else []
        _server_metrics(metrics, result, base)
    return metrics.text()
