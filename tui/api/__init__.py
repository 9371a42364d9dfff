"""Headless core: the SD Elements ALM API client, its models and typed errors (no Textual here)."""
