"""Bytes to text: UTF-8 (BOM removed) or UTF-16 with a BOM; anything else is refused."""

from __future__ import annotations

import codecs


class DecodeError(ValueError):
    """The bytes are not text we can index reliably."""


def decode_text(raw: bytes) -> str:
    """Decode ``raw`` as the contract says: UTF-8 with a leading BOM removed, line endings kept."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-16 at byte {exc.start}") from exc
    if b"\x00" in raw:
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid UTF-8 (byte {exc.start}); convert it to UTF-8 first") from exc


def check_text(text: str) -> None:
    """Refuse text with no words or with control characters that mark binary content."""
    if not text.strip():
        raise DecodeError("empty (no text)")
    if "\x00" in text:
        raise DecodeError("binary data (NUL characters), not text")
