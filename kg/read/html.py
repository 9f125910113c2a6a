"""HTML pages: trafilatura extracts the story text and metadata; offsets index that text."""

from __future__ import annotations

import datetime as dt

import trafilatura

from kg.model import Article
from kg.read.dateline import find_published, parse_iso_date
from kg.read.decode import DecodeError


def article_from_html(html: str, *, id: str, source_file: str, sha256: str) -> Article:
    """Extract the main text with trafilatura; title, date and URL from the page metadata.

    Any failure of the HTML parser on a hostile page becomes a :class:`DecodeError` naming it.
    """
    try:
        text = trafilatura.extract(html, output_format="txt", include_comments=False,
                                   include_tables=False, favor_precision=True)
        meta = trafilatura.extract_metadata(html) if text and text.strip() else None
    except (RecursionError, MemoryError) as exc:
        raise DecodeError(f"HTML too deeply nested or too large to parse ({type(exc).__name__})") from exc
    except Exception as exc:  # a third-party parser on untrusted input: any failure is a bad input
        raise DecodeError(f"HTML could not be parsed ({type(exc).__name__}: {str(exc)[:80]})") from exc
    if not text or not text.strip():
        raise DecodeError("HTML page with no extractable story text (empty, malformed or nested too deeply)")
    title = (meta.title or None) if meta else None
    url = (meta.url or None) if meta else None
    published: dt.date | None = parse_iso_date(meta.date) if meta and meta.date else None
    regions = ((0, len(text)),)
    return Article(
        id=id, text=text, source_file=source_file, sha256=sha256, headline=title, url=url,
        published=published or find_published(text, regions), regions=regions, from_html=True,
    )
