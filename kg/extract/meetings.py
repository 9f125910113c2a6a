"""Meetings, visits, summits, calls and conferences from the dependency parse."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.entities import EntityIndex
from kg.model import Article, Meeting


def find_meetings(doc: Doc, article: Article, index: EntityIndex) -> list[Meeting]:
    """Every meeting the article reports (first version: none; see the meetings issue)."""
    return []
