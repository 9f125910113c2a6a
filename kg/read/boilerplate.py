"""Page furniture in plain text (donation appeals, comment prompts, ads, legal notices), found by general cues.

The text is cut into lines and each line into sentences. A sentence is furniture when it matches a cue
(``data/boilerplate_cues.txt``). A short run of sentences enclosed by furniture on both sides is
furniture too when every line it touches speaks to the reader ("we", "our", "you") or holds a cue, or
when it is one short line with no full stop (a menu item, a prompt): the middle of a donation appeal
names no cue but belongs to it. A few menu-like lines (up to four words, no full stop) that end the text
after furniture are furniture too, and so is everything after the last prose sentence of the text when
furniture follows that sentence straight away (related links, "Top stories", a copyright footer: lists of
headlines and section names, no story prose). Three or more one- or two-word lines straight after furniture
are a menu ("Home", "News", "Sport"). Everything else is story; offsets are those of the input.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MAX_ENCLOSED = 6  # sentences; a longer run between two furniture blocks is story
NAV_WORDS = 2  # a run of at least NAV_LINES lines this short right after furniture is a navigation menu
NAV_LINES = 3
MENU_WORDS = 4  # trailing lines this short, with no full stop, after the last furniture are furniture too
PROSE_WORDS = 2  # a sentence of this many words or more, ending in a full stop, not addressing the reader: prose
SHORT_WORDS = 15  # one line this short, with no full stop, between two furniture sentences is furniture too
# a sentence ends at . ! ? (and closing quotes) before white space or straight before a capital letter
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s|[A-Z])")
_READER = re.compile(r"\b(we|us|our|you|your)\b", re.IGNORECASE)
_QUOTES = re.compile(r"[\"“”]")
_TERMINAL = re.compile(r"[.!?][\"'”’)]*$")


@cache
def cues() -> re.Pattern[str]:
    """All cue expressions as one case-insensitive pattern."""
    lines = (DATA / "boilerplate_cues.txt").read_text(encoding="utf-8").splitlines()
    parts = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    # the same alternation, with a leading \b or ^ tested once per position instead of once per cue
    # (three times faster; "\b(?:A|B)" matches exactly where "\bA|\bB" does)
    groups: dict[str, list[str]] = {}
    for part in parts:
        anchor = next((a for a in (r"\b", "^") if part.startswith(a)), "")
        groups.setdefault(anchor, []).append(part[len(anchor):])
    alternation = "|".join(f"{anchor}(?:{'|'.join(f'(?:{p})' for p in group)})" for anchor, group in groups.items())
    return re.compile(alternation, re.IGNORECASE | re.MULTILINE)


def _lines(text: str) -> list[tuple[int, int]]:
    """(begin, end) of each line, line break excluded."""
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((start, start + len(body)))
        start += len(line)
    return spans


def _sentences(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Non-blank sentence stretches of one line."""
    pieces, start = [], begin
    for match in _SENTENCE_END.finditer(text, begin, end):
        pieces.append((start, match.end()))
        start = match.end()
    pieces.append((start, end))
    out = []
    for b, e in pieces:
        while b < e and text[b].isspace():
            b += 1
        if b < e:
            out.append((b, e))
    return out


def furniture(text: str) -> list[tuple[int, int]]:
    """The (begin, end) stretches of ``text`` that are page furniture, in order."""
    pattern = cues()
    segments: list[tuple[int, int, int]] = []  # begin, end, line number
    for number, (b, e) in enumerate(_lines(text)):
        segments += [(sb, se, number) for sb, se in _sentences(text, b, e)]
    marked = [bool(pattern.search(text[b:e])) for b, e, _ in segments]
    speaks = {line for b, e, line in segments if _READER.search(text[b:e]) and not _QUOTES.search(text[b:e])}
    cue_lines = {line for (_, _, line), cue in zip(segments, marked, strict=True) if cue}
    enclosed = list(marked)
    i = 0
    while i < len(segments):
        if marked[i]:
            i += 1
            continue
        j = i
        while j < len(segments) and not marked[j]:
            j += 1
        lines = {segments[k][2] for k in range(i, j)}
        sentence = text[segments[i][0]:segments[i][1]].rstrip()
        short = j - i == 1 and len(sentence.split()) <= SHORT_WORDS and not _TERMINAL.search(sentence)
        if i > 0 and j < len(segments) and j - i <= MAX_ENCLOSED and (short or lines <= speaks | cue_lines):
            for k in range(i, j):
                enclosed[k] = True
        elif i > 0 and j == len(segments) and j - i <= MAX_ENCLOSED and all(_menu_item(text, *segments[k][:2])
                                                                            for k in range(i, j)):
            for k in range(i, j):  # the page ends in links after its last furniture ("Share this:", "Twitter")
                enclosed[k] = True
        i = j
    for k in range(1, len(segments)):
        if enclosed[k - 1] or not _nav_item(text, *segments[k - 1][:2]):
            continue
        run = k - 1
        while run < len(segments) and not enclosed[run] and _nav_item(text, *segments[run][:2]):
            run += 1
        if k - 1 > 0 and enclosed[k - 2] and run - (k - 1) >= NAV_LINES:
            for m in range(k - 1, run):  # "Home", "News", "Sport" after the page header
                enclosed[m] = True
    prose = [k for k, (b, e, line) in enumerate(segments) if not enclosed[k] and line not in speaks
             and len(text[b:e].split()) >= PROSE_WORDS and _TERMINAL.search(text[b:e].rstrip())]
    last = prose[-1] if prose else -1
    if 0 <= last < len(segments) - 1 and enclosed[last + 1]:
        for k in range(last + 1, len(segments)):  # the page's footer: related links, section names, legal lines
            enclosed[k] = True
    return [(b, e) for (b, e, _), bad in zip(segments, enclosed, strict=True) if bad]


def _nav_item(text: str, begin: int, end: int) -> bool:
    """A whole line of one or two words and no punctuation: a navigation link."""
    line = text[begin:end].strip()
    whole = (begin == 0 or text[begin - 1] == "\n") and (end == len(text) or text[end] in "\r\n")
    return whole and len(line.split()) <= NAV_WORDS and all(c.isalnum() or c.isspace() for c in line)


def _menu_item(text: str, begin: int, end: int) -> bool:
    """A line of a few words with no full stop: a link, a button, a section name."""
    line = text[begin:end].strip()
    return len(line.split()) <= MENU_WORDS and not _TERMINAL.search(line)


def story_regions(text: str) -> tuple[tuple[int, int], ...]:
    """The (begin, end) stretches of ``text`` that belong to the story, in order (the complement of
    ``furniture``; line breaks between kept text stay inside the regions)."""
    regions: list[tuple[int, int]] = []
    start = 0
    for b, e in furniture(text):
        if b > start:
            regions.append((start, b))
        start = e
    if start < len(text):
        regions.append((start, len(text)))
    return tuple((b, e) for b, e in regions if text[b:e].strip())
