"""Every config test runs with its own config path and no SDE_* / proxy / CA variables."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ISOLATED_PREFIXES = ("SDE_",)
ISOLATED_NAMES = (
    "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
    "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point SDE_ALM_CONFIG at a (not yet existing) file in tmp_path; clear the SDE_* env."""
    for name in list(os.environ):
        if name.startswith(ISOLATED_PREFIXES) or name in ISOLATED_NAMES:
            monkeypatch.delenv(name, raising=False)
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("SDE_ALM_CONFIG", str(path))
    yield path


@pytest.fixture
def config_file(isolated_config: Path) -> Callable[[str], Path]:
    """Write TOML text to the isolated config path and return the path."""

    def write(text: str) -> Path:
        isolated_config.parent.mkdir(parents=True, exist_ok=True)
        isolated_config.write_text(text, encoding="utf-8")
        return isolated_config

    return write
