"""The publication date printed in the text: datelines and header dates, never URLs or the story body."""

from __future__ import annotations

import datetime as dt

from kg.read.dateline import find_published


def test_iso_date_after_a_headline() -> None:
    assert find_published("Minister Opens New Bridge - 2011-09-30\n\nThe bridge ...") == dt.date(2011, 9, 30)


def test_iso_date_without_leading_zeros() -> None:
    assert find_published("Reading audio\n\n2012-3-9\n\nThis is the news.") == dt.date(2012, 3, 9)


def test_day_month_year_header() -> None:
    assert find_published("Rain Hits Coast\nBy A Reporter\n4 Feb 2016, 10:20 UTC\n\nStory.") == dt.date(2016, 2, 4)


def test_month_day_year_header() -> None:
    assert find_published("Headline\nMarch 8, 2014\nStory text.") == dt.date(2014, 3, 8)


def test_dateline_without_year_takes_the_year_printed_in_the_header() -> None:
    text = "Storm Nears Coast\n(c) 2009 News Service\nMIAMI, Sept. 2 (AP) - A storm moved north."
    assert find_published(text) == dt.date(2009, 9, 2)


def test_dateline_without_any_year_gives_nothing() -> None:
    assert find_published("MIAMI, Sept. 2 (AP) - A storm moved north.") is None


def test_no_date_from_urls() -> None:
    text = "Source: https://example.org/world/2010/08/15/story\nThe minister spoke on Sunday."
    assert find_published(text) is None


def test_no_date_from_deep_in_the_body() -> None:
    text = "Headline\n\n" + "Words of the story. " * 40 + "It happened on May 3, 2001."
    assert find_published(text) is None


def test_impossible_dates_are_ignored() -> None:
    assert find_published("Headline - 2011-02-30\nText.") is None
