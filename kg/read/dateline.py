"""The publication date printed in the text (a dateline or header), when there is one."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?![\d-])"),
    re.compile(rf"\b(?P<day>[0-3]?\d) {_MONTH},? (?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b{_MONTH} (?P<day>[0-3]?\d),? (?P<year>(?:19|20)\d\d)\b"),
]
# "WASHINGTON, June 24 (VOA) -": a dateline without its year; the year must be printed nearby
_DATELINE = re.compile(rf"(?:^|\n)\s*[A-Z][A-Z .'-]+,\s+{_MONTH}\s+(?P<day>[0-3]?\d)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
HEADER_CHARS = 600


def month_number(name: str) -> int:
    """1-12 for a month name or its abbreviation ("Sept.", "november"); 0 when it is none."""
    prefix = name.lower()[:3]
    return next((i for i, m in enumerate(MONTHS, start=1) if m.startswith(prefix)), 0)


def parse_iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _date_of(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else month_number(groups["month"])
    try:
        return dt.date(int(groups["year"]), month, int(groups["day"]))
    except (TypeError, ValueError):
        return None


def find_published(text: str, regions: tuple[tuple[int, int], ...] = ()) -> dt.date | None:
    """A full date printed in the article's header (its first lines), else None."""
    head = text[:HEADER_CHARS]
    found = sorted((m.start(), d) for p in _PATTERNS for m in p.finditer(head) if (d := _date_of(m)))
    if found:
        return found[0][1]
    dateline = _DATELINE.search(head)
    years = _YEAR.findall(head)
    if dateline and len(set(years)) == 1:
        return _date_of_parts(int(years[0]), dateline["month"], int(dateline["day"]))
    return None


def _date_of_parts(year: int, month_name: str, day: int) -> dt.date | None:
    try:
        return dt.date(year, month_number(month_name), day)
    except ValueError:
        return None
