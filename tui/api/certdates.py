"""The validity dates of a server's certificate, for the message about an expired one.

Verification fails before the certificate reaches Python, so the dates come from a second,
unverified handshake that sends nothing (no request, no token) and is closed at once. The dates
are read from the DER with a minimal ASN.1 walk (no ``cryptography`` dependency).
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl

_SEQUENCE, _UTC_TIME, _GENERALIZED_TIME = 0x30, 0x17, 0x18


def _element(der: bytes, at: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER element at ``at``."""
    tag, length, at = der[at], der[at + 1], at + 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4:
            raise ValueError("unsupported DER length")
        length, at = int.from_bytes(der[at : at + count], "big"), at + count
    if at + length > len(der):
        raise ValueError("truncated DER")
    return tag, at, at + length


def _date(tag: int, text: str) -> str:
    if tag == _UTC_TIME:
        year = int(text[:2])
        text = f"{2000 + year if year < 50 else 1900 + year}{text[2:]}"
    elif tag != _GENERALIZED_TIME:
        raise ValueError("not a time")
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}"


def validity(der: bytes) -> tuple[str, str]:
    """``(not_before, not_after)`` as ``YYYY-MM-DD`` from a DER certificate."""
    tag, start, _ = _element(der, 0)  # Certificate
    if tag != _SEQUENCE:
        raise ValueError("not a certificate")
    tag, at, _ = _element(der, start)  # TBSCertificate
    if tag != _SEQUENCE:
        raise ValueError("not a certificate")
    if der[at] == 0xA0:  # [0] version
        at = _element(der, at)[2]
    for _ in range(3):  # serialNumber, signature, issuer
        at = _element(der, at)[2]
    tag, at, _ = _element(der, at)  # Validity
    if tag != _SEQUENCE:
        raise ValueError("no validity")
    dates = []
    for _ in range(2):
        tag, start, end = _element(der, at)
        dates.append(_date(tag, der[start:end].decode("ascii")))
        at = end
    return dates[0], dates[1]


async def peer_validity(host: str, port: int, timeout: float = 3.0) -> tuple[str, str] | None:
    """The dates of the certificate ``host:port`` presents, or None when they cannot be read."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        async with asyncio.timeout(timeout):
            _, writer = await asyncio.open_connection(host, port, ssl=context, server_hostname=host)
        try:
            der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1.0)
        return validity(der) if der else None
    except (OSError, ssl.SSLError, TimeoutError, ValueError, IndexError, UnicodeError):
        return None
