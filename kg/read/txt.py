"""Plain-text articles: the first line is the headline, story regions come from boilerplate cues."""

from __future__ import annotations

import datetime as dt

from kg.model import Article
from kg.read.boilerplate import story_regions
from kg.read.dateline import find_published


def headline_of(text: str) -> str | None:
    """The first non-blank line, when it is short enough to be a headline."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= 300 else None
    return None


def article_from_text(
    text: str, *, id: str, source_file: str, sha256: str, url: str | None = None,
    headline: str | None = None, published: dt.date | None = None,
) -> Article:
    """An Article for plain text, with its story regions and any printed dateline."""
    regions = story_regions(text)
    pub = published if published is not None else find_published(text, regions)
    return Article(
        id=id, text=text, source_file=source_file, sha256=sha256, url=url,
        headline=headline if headline is not None else headline_of(text),
        published=pub,
        regions=regions,
    )
