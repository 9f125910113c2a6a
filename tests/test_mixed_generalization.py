"""Stories written for these tests in the shapes the wire services publish (tests/data/general_mixed), read as an
annotator following the dev conventions would read them.

x01 a wire story with a dated title and a "CITY, Month D (Agency) -" dateline; x02 a scripted broadcast with
numbers in words and lines broken mid-sentence; x03 a web page copy with an appeal, a menu and a comment footer;
x04 a feed copy on one line (notice, byline, dateline, photo credit and caption run together); x05 a republished
copy with typos; x06 a transcript of a reporter's lines. Invented people, real places.
"""

from __future__ import annotations

import pytest
from stories import extract_stories, place, stamp

from kg.model import Category, EntityType, Extraction, Meeting, MeetingKind


@pytest.fixture(scope="module")
def stories(extractor) -> dict[str, Extraction]:
    return extract_stories(extractor, "general_mixed", "x*.txt")


def labels(x: Extraction) -> dict[str, EntityType]:
    return {e.label: e.type for e in x.entities}


def people(x: Extraction, m: Meeting) -> set[str]:
    return {x.entities[i].label for i in m.participants}


def figure(x: Extraction, text: str):
    return next(f for f in x.figures if f.value_text == text)


def test_title_case_headline_keeps_only_the_names_in_it(stories) -> None:
    names = {label for x in stories.values() for label in labels(x)}
    assert not {"Cholera Spreads", "Guinea Votes", "Darfur Peace Talks Resume", "Southern Peru"} & names
    assert labels(stories["x01"])["Peru"] is EntityType.COUNTRY
    assert labels(stories["x03"])["Guinea"] is EntityType.COUNTRY
    assert labels(stories["x05"])["Darfur"] is EntityType.PLACE


def test_names_cut_by_the_model_are_completed(stories) -> None:
    x = stories["x01"]
    quispe = next(e for e in x.entities if e.label == "Raul Quispe Torres")
    assert {"Quispe", "Mr. Quispe"} <= set(quispe.aliases)
    assert labels(x)["Arequipa"] is EntityType.PLACE  # "in X province", missed by the model


def test_dateline_country_is_split_from_the_sentence_after_the_dash(stories) -> None:
    names = labels(stories["x03"])
    assert not any(" - " in n or "Millions" in n for n in names)
    assert names["Conakry"] is EntityType.CITY


def test_typos_and_local_demonyms_are_no_places(stories) -> None:
    names = labels(stories["x05"])
    assert "Jointt" not in names and "Darfuri" not in names
    assert names["Jean-Baptiste Sawadogo"] is EntityType.PERSON


def test_call_dated_by_a_weekday_night_and_planned_visit(stories) -> None:
    x = stories["x01"]
    call = next(m for m in x.meetings if m.kind is MeetingKind.PHONE_CALL)
    assert people(x, call) == {"Elena Vargas", "Raul Quispe Torres"}
    assert call.date_text == "Tuesday night" and stamp(call) == "2006-11-07" and call.place is None
    planned = next(m for m in x.meetings if m.planned)
    assert people(x, planned) == {"Elena Vargas"} and stamp(planned) == "2006-11-10"


def test_role_phrase_with_a_name_in_apposition_visits(stories) -> None:
    x = stories["x03"]
    visit = next(m for m in x.meetings if m.kind is MeetingKind.VISIT)
    assert people(x, visit) == {"Ibrahim Tanko Sule"} and place(x, visit) == "Conakry"
    assert stamp(visit) == "2010-06-27"
    met = next(m for m in x.meetings if m is not visit)
    assert people(x, met) == {"Ibrahim Tanko Sule", "Alpha Diallo Kourouma", "Mamadou Keita"}
    assert stamp(met) == "2010-06-26"


def test_caption_summit_and_talks_due_later(stories) -> None:
    x = stories["x04"]
    summit = next(m for m in x.meetings if m.kind is MeetingKind.SUMMIT)
    assert place(x, summit) == "Hanoi" and stamp(summit) == "2010-10-28"
    due = next(m for m in x.meetings if "Liu Jianguo" in people(x, m))
    assert due.planned and stamp(due) == "2010-10-29"  # "is due to hold talks ... on Friday": forward


def test_host_of_unnamed_sides_is_a_meeting(stories) -> None:
    x = stories["x05"]
    hosted = next(m for m in x.meetings if "Hamad bin Khalid al-Thani" in people(x, m))
    assert place(x, hosted) == "Doha"
    trip = next(m for m in x.meetings if m.planned)
    assert people(x, trip) == {"Jean-Baptiste Sawadogo"} and stamp(trip) == "2010-03"


def test_transcript_meetings(stories) -> None:
    x = stories["x06"]
    visit = next(m for m in x.meetings if people(x, m) == {"Joseph Lema"})
    assert place(x, visit) == "Mtabila" and stamp(visit) == "2009-04-20"
    planned = next(m for m in x.meetings if m.planned)
    assert people(x, planned) == {"Leonce Bizimana", "Amani Mrisho"} and place(x, planned) == "Dar es Salaam"


def test_figures_in_words_and_pounds_in_millions(stories) -> None:
    x = stories["x02"]
    deaths = figure(x, "more than seven hundred seventy")
    assert deaths.value == 770 and deaths.category is Category.KILLED and deaths.approximate
    pounds = figure(x, "ten million pounds")
    assert pounds.category is Category.MONEY and pounds.unit == "GBP" and pounds.value == 10_000_000


def test_misspelt_scale_and_no_count_in_one_of(stories) -> None:
    displaced = figure(stories["x05"], "2.7 milion")
    assert displaced.value == 2_700_000 and displaced.category is Category.DISPLACED
    x = stories["x03"]
    assert not any(f.value == 1 for f in x.figures)  # "one of the front-runners"
    assert figure(x, "Millions").category is Category.PEOPLE  # "Millions of <demonym>s voted"


def test_ranges_and_money(stories) -> None:
    x = stories["x06"]
    fear = figure(x, "between 2,500 and 4,000")
    assert (fear.value, fear.max_value, fear.approximate) == (2500, 4000, True)
    assert figure(x, "more than 36,000").category is Category.RETURNED
    assert figure(stories["x01"], "$5,000").unit == "USD"
