"""Page furniture in plain text (donation appeals, comment prompts, ads), found by general cues."""

from __future__ import annotations

import re

_CUES = re.compile(
    r"\b(your (support|donation)|donat(e|ion)|subscribe|sign up|newsletter|join (our|the) "
    r"(commenting|conversation)|comments?$|follow us|share this|buy it here|advertis|cookie|"
    r"all rights reserved|accessibility links|skip to (main )?content|read more|click here)\b",
    re.IGNORECASE,
)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((start, start + len(line)))
        start += len(line)
    return spans


def story_regions(text: str) -> tuple[tuple[int, int], ...]:
    """The (begin, end) stretches of ``text`` that belong to the story, in order."""
    keep = [(b, e) for b, e in _lines(text) if not _CUES.search(text[b:e])]
    merged: list[tuple[int, int]] = []
    for b, e in keep:
        if merged and merged[-1][1] == b:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((b, e))
    return tuple(merged)
