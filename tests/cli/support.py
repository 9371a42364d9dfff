"""Shared constants and types of the CLI tests (fixtures live in conftest.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

EMULATOR_TOKEN = "cli-canary-token-7f3a9c"
"""The API token every CLI test uses; no command may ever print it."""


@dataclass
class Result:
    """Exit code and captured output of one in-process ``main([...])`` run."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)
