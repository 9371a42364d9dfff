"""A secret string that never shows itself: the token's wrapper on the start-up path.

pydantic's ``SecretStr`` does the same job, but importing pydantic costs more than the rest of
start-up put together; settings are resolved before the first frame, so they use this.
"""

from __future__ import annotations

from typing import Final

_MASK: Final = "**********"


class Secret:
    """Holds a secret value; ``repr``/``str`` show a mask, ``get_secret_value`` the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')"

    def __str__(self) -> str:
        return _MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __len__(self) -> int:
        return len(self._value)

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Secret:
        return self

    def __reduce__(self) -> tuple[object, ...]:  # never pickled in clear (crash dumps, copies)
        raise TypeError("a Secret cannot be pickled")
