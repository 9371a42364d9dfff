"""Type aliases for the plain JSON dicts the emulator stores and serves."""

from typing import Any, TypeAlias

JsonDict: TypeAlias = dict[str, Any]
FieldErrors: TypeAlias = dict[str, Any]
