"""ALM systems the emulator knows: id, display names and sync command."""

from __future__ import annotations

from dataclasses import dataclass

from tui.emulator.json_types import JsonDict


@dataclass(frozen=True)
class System:
    id: str
    name: str
    short_name: str
    # Systems whose credential is an API token rather than user + password.
    token_auth: bool = False

    @property
    def command(self) -> str:
        return f"sync_{self.id}"

    def as_json(self) -> JsonDict:
        """The `system` object as connectors and connection lists show it (seed key order)."""
        return {"id": self.id, "short_name": self.short_name, "name": self.name}


SYSTEMS: dict[str, System] = {
    s.id: s
    for s in (
        System("github", "GitHub", "GitHub", token_auth=True),
        System("jira", "JIRA", "JIRA"),
        System("rally", "CA Agile Central (formerly Rally)", "CA Agile Central"),
        System("trac", "Trac", "Trac"),
        # GUESS: ids gitlab, tfs and servicenow follow the product guide's URL slugs; their names
        # and short names follow the guide's wording. Only github/jira/rally/trac are documented.
        System("gitlab", "GitLab", "GitLab", token_auth=True),
        System("tfs", "Microsoft Azure DevOps (formerly TFS)", "Azure DevOps"),
        System("servicenow", "ServiceNow ITSM", "ServiceNow"),
    )
}


def system_for(system_id: str) -> System:
    """The known system, or a stand-in named after its id (for systems only a data file knows)."""
    known = SYSTEMS.get(system_id)
    return known if known is not None else System(system_id, system_id, system_id)
