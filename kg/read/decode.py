"""Bytes to text: UTF-8 (BOM removed) or UTF-16 with a BOM; HTML may also declare its charset."""

from __future__ import annotations

import codecs
import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
SNIFF_BYTES = 4096


class DecodeError(ValueError):
    """The bytes are not text we can index reliably."""


def decode_text(raw: bytes) -> str:
    """Decode ``raw`` as the contract says: UTF-8 with a leading BOM removed, line endings kept.

    >>> decode_text(codecs.BOM_UTF8 + "Café\\r\\n".encode())
    'Café\\r\\n'
    >>> try:
    ...     decode_text("Café".encode("latin-1"))
    ... except DecodeError as exc:
    ...     print(exc)
    not valid UTF-8 (byte 3); convert it to UTF-8 first
    """
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


def decode_html(raw: bytes) -> str:
    """Like :func:`decode_text`, but a page that is not UTF-8 may name its charset in a ``<meta>`` tag.

    >>> decode_html('<meta charset="iso-8859-1"><p>Café</p>'.encode("latin-1"))
    '<meta charset="iso-8859-1"><p>Café</p>'
    """
    try:
        return decode_text(raw)
    except DecodeError as first:
        match = _META_CHARSET.search(raw[:SNIFF_BYTES])
        if match is None or b"\x00" in raw:
            raise
        name = match.group(1).decode("ascii")
        try:
            codec = codecs.lookup(name)
        except LookupError:
            raise DecodeError(f"{first}; its declared charset {name!r} is unknown") from None
        try:
            return raw.decode(codec.name)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid {name} (byte {exc.start}) although the page declares it") from exc


def check_text(text: str) -> None:
    """Refuse text with no words, NUL characters (binary content) or unpaired surrogates (not Unicode)."""
    if not text.strip():
        raise DecodeError("empty (no text)")
    if "\x00" in text:
        raise DecodeError("binary data (NUL characters), not text")
    bad = _SURROGATE.search(text)
    if bad:
        raise DecodeError(f"unpaired surrogate {bad.group()!r} at character {bad.start()}: not valid Unicode text")
