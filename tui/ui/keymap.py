"""A configured keymap checked against the bindings the app declares, before the app starts."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

from tui.api.errors import ConfigError
from tui.config.appearance import KeyRemap
from tui.config.file import tilde


def binding_ids() -> frozenset[str]:
    """Every binding id of the app's screens and widgets (each module is imported to read them:
    only done when a keymap is configured)."""
    root = Path(__file__).resolve().parent  # tui/ui; some folders are namespace packages
    ids: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent.parent).with_suffix("").parts
        module = importlib.import_module(".".join(parts).removesuffix(".__init__"))
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, DOMNode)
                    and value.__module__ == module.__name__):
                ids.update(binding.id for binding in value.__dict__.get("BINDINGS", ())
                           if isinstance(binding, Binding) and binding.id)
    return frozenset(ids)


def checked_keymap(remaps: tuple[KeyRemap, ...], config_path: str | None) -> dict[str, str]:
    """``binding id -> keys`` for ``App.set_keymap``; a ``ConfigError`` names the file, every
    line whose id is not a binding, and the ids there are."""
    if not remaps:
        return {}
    known = binding_ids()
    unknown = [remap for remap in remaps if remap.binding_id not in known]
    if unknown:
        allowed = ", ".join(sorted(known))
        lines = [f"  {remap.key}: unknown binding id; allowed: {allowed}" for remap in unknown]
        where = tilde(config_path) if config_path else "the config file"
        raise ConfigError(f"{where} is not valid:\n" + "\n".join(lines))
    return {remap.binding_id: remap.keys for remap in remaps}
