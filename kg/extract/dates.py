"""Date expressions as written -> ``TimeStamp`` at the precision the text supports.

Absolute dates ("17 May 2010", "November 2017", "2015") resolve on their own. Relative ones
("Tuesday", "last night", "last December", "earlier this year") resolve only against the
article's publication date; without it they stay unresolved. Nothing is ever guessed.

>>> import datetime as dt
>>> resolve_date("November 2017", None)
TimeStamp(value='2017-11')
>>> resolve_date("Friday", dt.date(2002, 7, 5))
TimeStamp(value='2002-07-05')
>>> resolve_date("last night", None) is None
True
"""

from __future__ import annotations

import datetime as dt
import re

from kg.model import TimeStamp
from kg.read.dateline import month_number

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_RE = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:1[89]|20)\d\d)"
_WEEKDAY_RE = r"(?P<weekday>mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_REL_RE = r"(?:(?P<rel>last|this|next|past|coming|earlier|later)\s+)?"
_PART_RE = r"(?:\s+(?:morning|afternoon|evening|night))?"
_LEAD = re.compile(r"^(?:on|in|at|since|during|by|from|the|of|early|late|mid|mid-|earlier|later)\s+", re.I)

_ABSOLUTE = [
    re.compile(rf"^(?:{_WEEKDAY_RE},?\s+)?(?P<iso>{_YEAR_RE}-(?P<mnum>[01]?\d)-(?P<dnum>[0-3]?\d))$"),
    re.compile(rf"^(?:{_WEEKDAY_RE},?\s+)?{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}$"),
    re.compile(rf"^(?:{_WEEKDAY_RE},?\s+)?(?:the\s+)?{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE},?\s+{_YEAR_RE}$"),
]
_MONTH_YEAR = re.compile(rf"^{_MONTH_RE},?\s+(?:of\s+)?{_YEAR_RE}$")
_YEAR = re.compile(rf"^(?:mid-?|early\s+|late\s+)?{_YEAR_RE}$")
_MONTH_DAYS = [re.compile(rf"^(?:{_WEEKDAY_RE},?\s+)?{_MONTH_RE}\s+{_DAY_RE}$"),
               re.compile(rf"^(?:{_WEEKDAY_RE},?\s+)?(?:the\s+)?{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}$")]
_REL_MONTH = re.compile(rf"^{_REL_RE}{_MONTH_RE}$")
_REL_WEEKDAY = re.compile(rf"^{_REL_RE}{_WEEKDAY_RE}{_PART_RE}$")
_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "yesterday": -1, "last night": -1, "yesterday morning": -1, "yesterday afternoon": -1,
              "yesterday evening": -1, "tomorrow": 1, "tomorrow morning": 1, "tomorrow evening": 1}
_PERIOD = re.compile(r"^(?:(?:earlier|later)\s+)?(?P<rel>last|this|next|past|the\s+past)\s+(?P<unit>year|month|week)$")
_AGO = re.compile(r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven)\s+(?P<unit>days?)\s+ago$")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _weekday(name: str) -> int:
    return next(i for i, d in enumerate(WEEKDAYS) if d.startswith(name.lower()[:3]))


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().strip(".,;:").lower())
    text = text.replace("’s", "").replace("'s", "")
    previous = None
    while previous != text:
        previous, text = text, _LEAD.sub("", text) if not _keeps_lead(text) else text
    return text


def _keeps_lead(text: str) -> bool:
    """'earlier this year' and 'the past week' keep their first word: it is part of the expression."""
    return bool(_PERIOD.match(text))


def _day(year: int, month: int, day: int) -> TimeStamp | None:
    try:
        return TimeStamp(dt.date(year, month, day).isoformat())
    except ValueError:
        return None


def _absolute(text: str) -> TimeStamp | None:
    for pattern in _ABSOLUTE:
        if match := pattern.match(text):
            g = match.groupdict()
            month = int(g["mnum"]) if g.get("mnum") else month_number(g["month"])
            day = int(g["dnum"]) if g.get("dnum") else int(g["day"])
            return _day(int(g["year"]), month, day)
    if match := _MONTH_YEAR.match(text):
        return TimeStamp(f"{int(match['year']):04d}-{month_number(match['month']):02d}")
    if match := _YEAR.match(text):
        return TimeStamp(match["year"])
    return None


def _relative(text: str, published: dt.date, future: bool) -> TimeStamp | None:
    if text in _DAY_WORDS:
        return TimeStamp((published + dt.timedelta(days=_DAY_WORDS[text])).isoformat())
    if match := next((m for p in _MONTH_DAYS if (m := p.match(text))), None):
        year = published.year
        stamp = _day(year, month_number(match["month"]), int(match["day"]))
        if stamp and not future and stamp.value > published.isoformat():
            stamp = _day(year - 1, month_number(match["month"]), int(match["day"]))
        if stamp and future and stamp.value < published.isoformat():
            stamp = _day(year + 1, month_number(match["month"]), int(match["day"]))
        return stamp
    if match := _REL_WEEKDAY.match(text):
        rel = match["rel"] or ""
        target = _weekday(match["weekday"])
        if rel in {"next", "coming"} or (future and rel not in {"last", "past", "earlier"}):
            delta = (target - published.weekday()) % 7
            if rel == "next" and delta == 0:
                delta = 7
            return TimeStamp((published + dt.timedelta(days=delta)).isoformat())
        delta = (published.weekday() - target) % 7
        if rel in {"last", "past"} and delta == 0:
            delta = 7
        return TimeStamp((published - dt.timedelta(days=delta)).isoformat())
    if match := _REL_MONTH.match(text):
        rel = match["rel"] or ""
        month = month_number(match["month"])
        year = published.year
        if rel in {"next", "coming"} or (future and rel not in {"last", "past", "earlier"}):
            year += month < published.month or (rel == "next" and month == published.month)
        elif rel in {"last", "past"}:
            year -= month >= published.month
        elif rel != "this":
            year -= month > published.month
        return TimeStamp(f"{year:04d}-{month:02d}")
    if match := _PERIOD.match(text):
        rel = match["rel"].replace("the ", "")
        step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
        if match["unit"] == "year":
            return TimeStamp(f"{published.year + step:04d}")
        if match["unit"] == "month":
            month_index = published.year * 12 + published.month - 1 + step
            return TimeStamp(f"{month_index // 12:04d}-{month_index % 12 + 1:02d}")
        return None  # a week is not a precision the contract offers
    if match := _AGO.match(text):
        n = int(match["n"]) if match["n"].isdigit() else _NUMBER_WORDS[match["n"]]
        return TimeStamp((published - dt.timedelta(days=n)).isoformat())
    return None


def resolve_date(text: str, published: dt.date | None, *, future: bool = False) -> TimeStamp | None:
    """The timestamp ``text`` denotes, or None when the text and publication date do not fix one.

    ``future`` reads a weekday or month forward from the publication date (planned meetings).
    """
    clean = _clean(text)
    stamp = _absolute(clean)
    if stamp is not None:
        return stamp
    if published is None:
        return None
    return _relative(clean, published, future)


def is_point_in_time(text: str) -> bool:
    """True for a date expression ("Tuesday", "last night", "May 2010"), False for durations ("two days")."""
    clean = _clean(text)
    if _absolute(clean) or clean in _DAY_WORDS:
        return True
    patterns = (*_MONTH_DAYS, _REL_WEEKDAY, _REL_MONTH, _PERIOD, _AGO)
    return any(p.match(clean) for p in patterns)


def week_of(text: str, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """Monday and Sunday of the week "this/next/last week" denotes, for comparing with a day inside it."""
    match = _PERIOD.match(_clean(text))
    if published is None or match is None or match["unit"] != "week":
        return None
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[match["rel"].replace("the ", "")]
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
    return monday, monday + dt.timedelta(days=6)
