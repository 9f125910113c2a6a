"""Fourth round of stories written for these tests (tests/data/general_mixed/y*.txt), read as an annotator following
the dev conventions would read them: hostage talks, a papal visit on a web page with a byline, a loan in a one-line
feed copy, a cyclone in a scripted broadcast, a ferry disaster, a planned summit, a phone call reported by a
spokesman with a series of past visits, a conference opening. Invented people, real places.
"""

from __future__ import annotations

import pytest
from stories import extract_stories, place

from kg.model import Category, Extraction, Meeting, MeetingKind


@pytest.fixture(scope="module")
def stories(extractor) -> dict[str, Extraction]:
    return extract_stories(extractor, "general_mixed", "y*.txt")


def people(x: Extraction, m: Meeting) -> set[str]:
    return {x.entities[i].label for i in m.participants}


def figure(x: Extraction, text: str):
    return next(f for f in x.figures if f.value_text == text)


def about(x: Extraction, text: str) -> str | None:
    f = figure(x, text)
    if f.about_entity is not None:
        return x.entities[f.about_entity].label
    return None if f.about_event is None else x.events[f.about_event].label


def test_byline_writer_is_never_a_participant(stories) -> None:
    x = stories["y02"]
    assert not any("Clara Menezes" in people(x, m) for m in x.meetings)
    welcome = next(m for m in x.meetings if "Anibal Moura" in people(x, m))  # "welcomed the pontiff"
    assert place(x, welcome) == "Lisbon" and welcome.timestamp is not None
    assert welcome.timestamp.value == "2010-05-11"


def test_vague_dozens_and_a_bare_range_after_a_count(stories) -> None:
    x = stories["y02"]
    dozen = figure(x, "a few dozen")
    assert dozen.value is None and dozen.approximate and dozen.category is Category.PEOPLE
    expected = figure(x, "between 100,000 and 150,000")  # "Organizers had expected ...": people, as before
    assert (expected.value, expected.max_value, expected.category) == (100_000, 150_000, Category.PEOPLE)


def test_range_with_to_finds_its_noun(stories) -> None:
    troops = figure(stories["y06"], "3,000 to 5,000")
    assert (troops.value, troops.max_value, troops.category) == (3000, 5000, Category.TROOPS)
    assert troops.approximate


def test_population_and_list_items_with_their_own_owner(stories) -> None:
    x = stories["y03"]
    population = figure(x, "2.3 million")
    assert population.category is Category.PEOPLE and about(x, "2.3 million") == "Latvia"
    assert about(x, "3.1 billion euros") == "European Union"
    assert about(x, "1.8 billion euros") != "European Union"


def test_toll_stated_through_the_subject_and_projections(stories) -> None:
    x = stories["y04"]
    toll = figure(x, "more than two thousand")  # "the number of people killed ... has risen to"
    assert toll.category is Category.KILLED and toll.value == 2000 and toll.approximate
    assert figure(x, "ten thousand").approximate  # "the toll could reach"
    boats = figure(x, "Several hundred")  # "have not returned": no Returned
    assert boats.category is Category.OTHER and boats.unit == "boats"


def test_upper_bound_and_list_of_things(stories) -> None:
    x = stories["y05"]
    bound = figure(x, "no more than 200")
    assert bound.value == 200 and bound.approximate
    assert figure(x, "four").unit == "ships" and figure(x, "2").unit == "helicopters"
    assert figure(x, "as many as 190").category is Category.MISSING
    assert not any(f.value in {672, 12} for f in stories["y01"].figures + x.figures)  # flight, hours


def test_call_by_a_spokesman_and_a_series_of_visits(stories) -> None:
    x = stories["y07"]
    call = next(m for m in x.meetings if m.kind is MeetingKind.PHONE_CALL)
    assert people(x, call) == {"Kenji Morimoto", "Wang Dehai"} and call.place is None
    assert call.timestamp is not None and call.timestamp.value == "2008-04-08"
    visits = {m.timestamp.value for m in x.meetings if m.timestamp is not None and place(x, m) == "Beijing"}
    assert visits == {"2004", "2006", "2008"}
    planned = next(m for m in x.meetings if m.planned)
    assert people(x, planned) == {"Wang Dehai"} and place(x, planned) == "Japan"
    assert not any(f.value in {30, 5} for f in x.figures)  # "about 30 minutes", "the age of five"


def test_conference_opening_and_hosted_meeting(stories) -> None:
    x = stories["y08"]
    conference = next(m for m in x.meetings if m.kind is MeetingKind.CONFERENCE)
    assert place(x, conference) == "Poznan" and conference.timestamp is not None
    assert conference.timestamp.value == "2008-12-01"
    hosted = next(m for m in x.meetings if "Marek Zielinski" in people(x, m))
    assert hosted.planned and hosted.timestamp is not None and hosted.timestamp.value == "2008-12-11"
    assert figure(x, "more than 9,000").category is Category.PEOPLE
    assert not any(f.value == 312 for f in x.figures)  # a flight number
