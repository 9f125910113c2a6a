"""Helpers for the tests that run the extractor on the stories in tests/data/ (invented people)."""

from __future__ import annotations

from pathlib import Path

from kg.model import Article, Extraction, Meeting
from kg.read.files import read_paths

DATA = Path(__file__).resolve().parent / "data"


def extract_stories(extractor, folder: str, pattern: str) -> dict[str, Extraction]:
    """Every story ``tests/data/FOLDER/PATTERN``, extracted, by article id."""
    articles = [a for a in read_paths(sorted((DATA / folder).glob(pattern))) if isinstance(a, Article)]
    return {a.id: extractor.extract(a) for a in articles}


def surnames(x: Extraction, m: Meeting) -> set[str]:
    """The last word of each participant's label."""
    return {x.entities[i].label.split()[-1] for i in m.participants}


def place(x: Extraction, m: Meeting) -> str | None:
    return None if m.place is None else x.entities[m.place].label


def stamp(m: Meeting) -> str | None:
    return None if m.timestamp is None else m.timestamp.value
