"""The one function that turns any server string into something safe to show in a terminal.

Control characters (C0, DEL, C1) become visible ``\\xNN`` escapes, bidi and invisible format
characters become ``<U+XXXX>``, lone surrogates become U+FFFD, long text is capped, long runs of
combining marks are cut, and known secret values are scrubbed. The result is plain text: callers
still pass it only to markup-inert sinks (``Text``, ``Content``, ``markup=False``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tui.api.secrets import scrub

CELL_CHARS = 200
DETAIL_CHARS = 20_000

_C0_C1 = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C0_C1_WITH_TAB_NL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FORMAT = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_COMBINING = 4
_COMPARE_CHARS = 1_000


def _cap_combining(text: str) -> str:
    out: list[str] = []
    run = 0
    for ch in text:
        if unicodedata.combining(ch):
            run += 1
            if run > _MAX_COMBINING:
                continue
        else:
            run = 0
        out.append(ch)
    return "".join(out)


def display_text(
    value: object,
    *,
    max_chars: int = CELL_CHARS,
    single_line: bool = True,
    scrub_secrets: bool = True,
) -> str:
    """Make ``value`` safe and bounded for display; ``single_line`` folds newlines into ``⏎``.

    ``scrub_secrets=False`` is only for a secret the user asked to reveal, or a param's name.
    """
    text = "" if value is None else str(value)
    if scrub_secrets:  # before cutting, so a secret on the cut cannot show its first characters
        text = scrub(text)
    if len(text) > max_chars:
        text = f"{text[:max_chars]}… (+{len(text) - max_chars} chars)"
    if single_line:
        text = text.replace("\r\n", "\n").replace("\n", "⏎").replace("\t", " ")
        text = _C0_C1_WITH_TAB_NL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    else:
        text = _C0_C1.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    text = _FORMAT.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    text = _SURROGATE.sub("\ufffd", text)
    return _cap_combining(text) if not text.isascii() else text


def punycode_host(host: str) -> str | None:
    """The IDNA form of a non-ASCII host name (to show beside it), or None when it is ASCII."""
    if host.isascii():
        return None
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def looks_deceptive(text: str) -> bool:
    """True when ``text`` holds bidi or invisible characters that change how it reads."""
    return bool(_FORMAT.search(text))


@lru_cache(maxsize=16_384)
def comparable(text: str) -> str:
    """``text`` as a reader sees it: invisible and bidi characters dropped, NFKC, casefolded.

    Two aliases with the same comparable form but different raw values look like duplicates.
    Only the first ``_COMPARE_CHARS`` count: beyond that nothing is shown to tell them apart.
    """
    visible = _FORMAT.sub("", text[:_COMPARE_CHARS])
    return unicodedata.normalize("NFKC", visible).casefold().strip()
