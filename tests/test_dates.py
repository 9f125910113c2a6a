"""Date expressions to timestamps: precision as written, relative forms only against a publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.dates import is_point_in_time, resolve_date, week_of

PUB = dt.date(2021, 3, 12)  # a Friday


@pytest.mark.parametrize(("text", "expected"), [
    ("4 August 1999", "1999-08-04"),
    ("August 4, 1999", "1999-08-04"),
    ("Wednesday, August 4, 1999", "1999-08-04"),
    ("1999-08-04", "1999-08-04"),
    ("2001-2-3", "2001-02-03"),
    ("September 2012", "2012-09"),
    ("in September 2012", "2012-09"),
    ("1987", "1987"),
])
def test_absolute_dates_need_no_publication_date(text: str, expected: str) -> None:
    stamp = resolve_date(text, None)
    assert stamp is not None and stamp.value == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Friday", "2021-03-12"),             # the publication day itself
    ("on Wednesday", "2021-03-10"),
    ("last Friday", "2021-03-05"),
    ("last night", "2021-03-11"),
    ("yesterday", "2021-03-11"),
    ("today", "2021-03-12"),
    ("last December", "2020-12"),
    ("in January", "2021-01"),
    ("earlier this year", "2021"),
    ("last year", "2020"),
    ("last month", "2021-02"),
    ("March 2", "2021-03-02"),
    ("three days ago", "2021-03-09"),
])
def test_relative_dates_resolve_against_publication(text: str, expected: str) -> None:
    stamp = resolve_date(text, PUB)
    assert stamp is not None and stamp.value == expected


@pytest.mark.parametrize("text", ["Friday", "last night", "last December", "earlier this year", "March 2"])
def test_relative_dates_without_publication_date_stay_unresolved(text: str) -> None:
    assert resolve_date(text, None) is None


def test_planned_meetings_read_weekdays_forward() -> None:
    stamp = resolve_date("Tuesday", PUB, future=True)
    assert stamp is not None and stamp.value == "2021-03-16"
    stamp = resolve_date("next Friday", PUB, future=True)
    assert stamp is not None and stamp.value == "2021-03-19"


def test_a_week_is_no_precision_of_the_contract() -> None:
    assert resolve_date("this week", PUB) is None
    assert is_point_in_time("this week")


def test_precision_of_timestamps() -> None:
    assert resolve_date("1987", None).precision == "year"  # type: ignore[union-attr]
    assert resolve_date("May 1987", None).precision == "month"  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["two days", "six months", "within a week", "three-hour", "decades", "summer"])
def test_durations_are_not_dates(text: str) -> None:
    assert not is_point_in_time(text)
    assert resolve_date(text, PUB) is None


def test_a_week_is_a_range_from_monday_to_sunday() -> None:
    thursday = dt.date(2023, 2, 9)
    assert week_of("next week", thursday) == (dt.date(2023, 2, 13), dt.date(2023, 2, 19))
    assert week_of("last week", thursday) == (dt.date(2023, 1, 30), dt.date(2023, 2, 5))
    assert week_of("this week", thursday) == (dt.date(2023, 2, 6), dt.date(2023, 2, 12))
    assert week_of("next week", None) is None and week_of("next month", thursday) is None
