"""Column definitions per resource kind for the generic ``ResourceTable`` (k9s style)."""
