"""Headless core: the SD Elements ALM API client, its models and typed errors (no Textual here)."""

import sys

# httpx imports its command-line tool (click, pygments, rich) whenever those happen to be
# installed, ~25 ms of every start-up for a tool sde-alm never runs. A None entry makes that one
# optional import fail, which httpx expects (it then defines a stub `main`). Nothing else changes.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
