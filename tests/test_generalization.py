"""Key facts of short wire stories written for these tests (tests/data/general), checked as an annotator reads them.

The stories use invented people and topics unlike the development set, so these tests catch rules that only
hold for the articles they were developed on. Entity typing is not asserted here beyond what a fact needs.
"""

from __future__ import annotations

import pytest
from stories import extract_stories, place, stamp, surnames

from kg.model import Category, Extraction, Figure, Meeting, MeetingKind


@pytest.fixture(scope="module")
def stories(extractor) -> dict[str, Extraction]:
    return extract_stories(extractor, "general", "g*.txt")


def with_person(x: Extraction, surname: str) -> list[Meeting]:
    return [m for m in x.meetings if surname in surnames(x, m)]


def figure(x: Extraction, value: float) -> Figure:
    found = [f for f in x.figures if f.value == value]
    assert len(found) == 1, [(f.value_text, f.category) for f in x.figures]
    return found[0]


def values(x: Extraction) -> set[float | None]:
    return {f.value for f in x.figures}


# ------------------------------------------------------------------ g01: state visit
def test_state_visit_arrival_is_dated_by_its_weekday_not_the_dateline(stories) -> None:
    x = stories["g01"]
    arrival = next(m for m in x.meetings if m.kind is MeetingKind.VISIT and place(x, m) == "Accra")
    assert surnames(x, arrival) == {"Halvorsen"}
    assert arrival.date_text == "Monday" and stamp(arrival) == "2021-10-11"


def test_talks_between_the_two_leaders_and_no_press_conference(stories) -> None:
    x = stories["g01"]
    talks = [m for m in x.meetings if surnames(x, m) == {"Halvorsen", "Mensah-Boateng"}]
    assert len(talks) == 1 and stamp(talks[0]) == "2021-10-12"
    assert not any(m.kind is MeetingKind.CONFERENCE for m in x.meetings)


def test_planned_trip_and_past_visit(stories) -> None:
    x = stories["g01"]
    trip = next(m for m in x.meetings if place(x, m) == "Kumasi")
    assert trip.planned and stamp(trip) == "2021-10-13"
    past = next(m for m in x.meetings if m.date_text == "May 2017")
    assert surnames(x, past) == {"Mensah-Boateng"} and not past.planned and stamp(past) == "2017-05"


def test_state_visit_figures(stories) -> None:
    x = stories["g01"]
    euros = figure(x, 45_000_000)
    assert euros.category is Category.MONEY and euros.unit == "EUR" and not euros.approximate
    trade = figure(x, 310_000_000)
    assert trade.unit == "USD" and trade.approximate
    assert figure(x, 18).category is Category.PERCENT
    assert figure(x, 1800).category is Category.PEOPLE and figure(x, 1800).approximate
    assert 2025 not in values(x) and 2017 not in values(x) and 2021 not in values(x)


# ------------------------------------------------------------------ g02: phone call
def test_phone_call_between_the_ministers_has_no_place(stories) -> None:
    x = stories["g02"]
    calls = [m for m in x.meetings if m.kind is MeetingKind.PHONE_CALL]
    assert len(calls) == 1
    call = calls[0]
    assert surnames(x, call) == {"Alvear", "Paredes"}
    assert call.place is None and stamp(call) == "2019-06-11" and not call.planned


def test_the_two_ministers_plan_to_meet(stories) -> None:
    x = stories["g02"]
    planned = [m for m in x.meetings if m.planned]
    assert len(planned) == 1
    assert surnames(x, planned[0]) == {"Alvear", "Paredes"}
    assert place(x, planned[0]) == "Lima" and stamp(planned[0]) == "2019-07"


def test_arrested_crews_and_seized_boats(stories) -> None:
    x = stories["g02"]
    assert figure(x, 37).category is Category.ARRESTED
    boats = figure(x, 6)
    assert boats.category is Category.OTHER and boats.unit == "trawlers"
    fines = figure(x, 250_000)
    assert fines.category is Category.MONEY and fines.unit == "USD" and fines.approximate
    assert figure(x, 60).category is Category.PERCENT and figure(x, 60).approximate


# ------------------------------------------------------------------ g03: summit planned for next month
def test_planned_summit_with_its_host(stories) -> None:
    x = stories["g03"]
    summits = [m for m in x.meetings if m.kind is MeetingKind.SUMMIT and m.planned]
    assert len(summits) == 1
    summit = summits[0]
    assert "Long" in surnames(x, summit)
    assert place(x, summit) == "Hanoi"
    assert stamp(summit) is not None and stamp(summit).startswith("2020-03")


def test_past_summit_without_named_participants(stories) -> None:
    x = stories["g03"]
    past = [m for m in x.meetings if m.kind is MeetingKind.SUMMIT and not m.planned]
    assert len(past) == 1
    assert place(x, past[0]) == "Manila" and stamp(past[0]) == "2019-11" and not past[0].participants


def test_sideline_meeting_is_planned(stories) -> None:
    x = stories["g03"]
    sideline = [m for m in with_person(x, "Rahman") if m.planned]
    assert len(sideline) == 1 and "Wongsuwan" in surnames(x, sideline[0])


def test_bloc_size_is_no_figure(stories) -> None:
    x = stories["g03"]
    assert 10 not in values(x)  # "ten-member bloc" describes the bloc
    assert figure(x, 650_000_000).category is Category.PEOPLE
    assert figure(x, 2_800_000_000_000).unit == "USD"
    assert figure(x, 4.5).category is Category.PERCENT
    assert 2019 not in values(x) and 2009 not in values(x)


# ------------------------------------------------------------------ g04: flood toll
def test_revised_toll_keeps_both_figures(stories) -> None:
    x = stories["g04"]
    assert figure(x, 87).category is Category.KILLED
    assert figure(x, 61).category is Category.KILLED  # the earlier count, "up from 61 a day earlier"
    missing = figure(x, 210)
    assert missing.category is Category.MISSING and missing.approximate


def test_flood_displacement_and_damage(stories) -> None:
    x = stories["g04"]
    forced = figure(x, 14_000)
    assert forced.category is Category.DISPLACED and forced.approximate
    assert figure(x, 2300).category is Category.DISPLACED
    houses = figure(x, 3700)
    assert houses.category is Category.OTHER and houses.unit == "houses" and houses.approximate
    assert figure(x, 18_000_000).category is Category.MONEY
    assert figure(x, 900).unit == "tonnes"
    assert 5 not in values(x)  # "the next five days" is a duration


def test_presidential_visit_takes_the_date_of_its_conjoined_verb(stories) -> None:
    x = stories["g04"]
    visit = only_one(with_person(x, "Nhantumbo"))
    assert visit.kind is MeetingKind.VISIT and stamp(visit) == "2019-03-13"


def only_one(meetings: list[Meeting]) -> Meeting:
    assert len(meetings) == 1, meetings
    return meetings[0]


# ------------------------------------------------------------------ g05: aid pledges
def test_donor_conference_co_hosted_by_two_ministers(stories) -> None:
    x = stories["g05"]
    conference = only_one([m for m in x.meetings if m.kind is MeetingKind.CONFERENCE])
    assert surnames(x, conference) == {"Whitmore", "Warsame"}
    assert place(x, conference) == "London" and stamp(conference) == "2021-11-02"


def test_planned_visit_to_meet_the_president_is_one_planned_event(stories) -> None:
    x = stories["g05"]
    visit = only_one(with_person(x, "Farah"))
    assert visit.planned and place(x, visit) == "Mogadishu" and "Whitmore" in surnames(x, visit)


def test_pledges_in_several_currencies(stories) -> None:
    x = stories["g05"]
    assert figure(x, 45_000_000).unit == "GBP"
    assert figure(x, 85_000_000).unit == "EUR"
    kroner = figure(x, 300_000_000)
    assert kroner.category is Category.MONEY
    assert figure(x, 1_100_000_000).unit == "USD"  # headline and body: one figure
    assert figure(x, 38).category is Category.PERCENT and figure(x, 38).approximate
    died = figure(x, 1000)
    assert died.category is Category.KILLED and died.approximate
    assert 5 not in values(x)  # "children under five" is an age


# ------------------------------------------------------------------ g06: displacement report
def test_displacement_report_categories(stories) -> None:
    x = stories["g06"]
    assert figure(x, 82_400_000).category is Category.DISPLACED  # headline and body: one figure
    assert figure(x, 42).category is Category.PERCENT
    assert figure(x, 3_200_000).category is Category.RETURNED  # displaced people "able to return home"
    assert figure(x, 1_400_000).category is Category.REFUGEES
    assert figure(x, 34_400).category is Category.REFUGEES
    countries = figure(x, 5)
    assert countries.category is Category.OTHER and countries.unit == "countries"
    assert not {2018, 2020} & values(x)


def test_agency_chief_planned_trip(stories) -> None:
    x = stories["g06"]
    trip = only_one(with_person(x, "Lindqvist"))
    assert trip.planned and "Okello" in surnames(x, trip)


# ------------------------------------------------------------------ g07: arrests
def test_arrest_story_figures(stories) -> None:
    x = stories["g07"]
    assert figure(x, 63).category is Category.ARRESTED
    injured = figure(x, 12)
    assert injured.category is Category.INJURED and injured.approximate  # police officers who were hurt
    assert figure(x, 2000).category is Category.ARRESTED
    assert figure(x, 5000).category is Category.TROOPS
    assert figure(x, 14).category is Category.KILLED
    assert not {67, 48, 7} & values(x)  # an age, a duration, a possible sentence


def test_ambassador_meets_minister(stories) -> None:
    x = stories["g07"]
    meeting = only_one(x.meetings)
    assert surnames(x, meeting) == {"Marsh", "Hossain"} and stamp(meeting) == "2022-11-28"


# ------------------------------------------------------------------ g08: troop deployment
def test_deployment_is_one_troop_figure(stories) -> None:
    x = stories["g08"]
    troops = figure(x, 1300)  # "1,300 troops" in the headline, "1,300 soldiers" in the body
    assert troops.category is Category.TROOPS and len(troops.evidence) == 2
    assert figure(x, 8500).approximate
    assert figure(x, 3800).category is Category.KILLED
    assert figure(x, 2_800_000).category is Category.DISPLACED
    assert figure(x, 9).category is Category.KILLED
    assert 2019 not in values(x) and 2 not in values(x)  # a year; "within two weeks"


def test_meeting_with_a_named_counterpart(stories) -> None:
    x = stories["g08"]
    meeting = only_one(with_person(x, "Youssouf"))
    assert surnames(x, meeting) == {"Youssouf", "Garba"} and stamp(meeting) == "2023-08-08"


def test_earlier_meeting_named_by_short_forms(stories) -> None:
    x = stories["g03"]
    earlier = only_one([m for m in x.meetings if place(x, m) == "Kuala Lumpur"])
    assert surnames(x, earlier) == {"Wongsuwan", "Rahman"} and stamp(earlier) == "2019-08"
