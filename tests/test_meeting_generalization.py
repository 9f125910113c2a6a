"""Meetings in short stories written for these tests (tests/data/general_meetings), checked as an annotator reads them.

Invented people, real places, constructions unlike the development set: hosting and receiving, talks on the
sidelines of a summit, calls by telephone and video, planned trips, one-person tours, talks with unnamed
participants, a caption handshake, past visits listed in one sentence, and phrases that are no meeting
("told reporters", "meet demand", "called for talks", a press conference).
"""

from __future__ import annotations

import pytest
from stories import extract_stories, place, stamp, surnames

from kg.model import Extraction, MeetingKind


@pytest.fixture(scope="module")
def stories(extractor) -> dict[str, Extraction]:
    return extract_stories(extractor, "general_meetings", "m*.txt")


def test_hosted_visit_and_the_two_leaders_talks_are_one_event(stories) -> None:
    x = stories["m01"]
    hosted = [m for m in x.meetings if {"Kiprotich", "Alemu"} <= surnames(x, m)]
    assert len(hosted) == 1
    assert surnames(x, hosted[0]) == {"Kiprotich", "Alemu"}
    assert place(x, hosted[0]) == "Nairobi" and stamp(hosted[0]) == "2022-04-13"


def test_received_by_someone_else_is_a_second_meeting(stories) -> None:
    x = stories["m01"]
    received = [m for m in x.meetings if "Wanjiru" in surnames(x, m)]
    assert len(received) == 1 and surnames(x, received[0]) == {"Alemu", "Wanjiru"}
    assert len(x.meetings) == 2


def test_sideline_meeting_call_by_telephone_and_video_call(stories) -> None:
    x = stories["m02"]
    sideline = next(m for m in x.meetings if surnames(x, m) == {"Ribeiro", "Watanabe"})
    assert place(x, sideline) == "Rome" and stamp(sideline) == "2021-10-30"
    assert sideline.kind is not MeetingKind.PHONE_CALL
    calls = {frozenset(surnames(x, m)): m for m in x.meetings if m.kind is MeetingKind.PHONE_CALL}
    assert set(calls) == {frozenset({"Ribeiro", "Castillo"}), frozenset({"Watanabe", "Hargreaves"})}
    assert stamp(calls[frozenset({"Ribeiro", "Castillo"})]) == "2021-10-28"
    assert stamp(calls[frozenset({"Watanabe", "Hargreaves"})]) == "2021-10-29"
    assert all(m.place is None for m in calls.values())


def test_planned_trip_next_week_holds_the_dated_meeting(stories) -> None:
    x = stories["m03"]
    assert len(x.meetings) == 1  # no meeting in "told reporters", "meet demand", "meet its targets", an interview
    trip = x.meetings[0]
    assert trip.planned and surnames(x, trip) == {"Brandt", "Mehta"}
    assert place(x, trip) == "New Delhi" and stamp(trip) == "2023-02-14"


def test_one_person_tour_of_a_province_and_no_false_calls(stories) -> None:
    x = stories["m04"]
    assert len(x.meetings) == 1  # "called on", "called for talks", "called the response", a press conference
    tour = x.meetings[0]
    assert surnames(x, tour) == {"Villanueva"} and place(x, tour) == "Quezon"
    assert stamp(tour) == "2022-09-27" and tour.kind is MeetingKind.VISIT


def test_talks_between_unnamed_ministers_and_a_first_visit_since_a_year(stories) -> None:
    x = stories["m05"]
    talks = [m for m in x.meetings if not m.participants]
    assert len(talks) == 1 and place(x, talks[0]) == "Ankara" and stamp(talks[0]) == "2021-06-08"
    visits = [m for m in x.meetings if "Dubois" in surnames(x, m)]
    assert len(visits) == 1  # "her first since 2019" dates the previous visit, not this one
    assert surnames(x, visits[0]) == {"Dubois", "Aydin"} and stamp(visits[0]) == "2021-06-09"


def test_conference_in_headline_and_body_is_one_and_the_next_one_is_planned(stories) -> None:
    x = stories["m06"]
    held = [m for m in x.meetings if m.kind is MeetingKind.CONFERENCE and not m.planned]
    assert len(held) == 1
    assert place(x, held[0]) == "Lisbon" and stamp(held[0]) == "2022-07-01"
    assert len(held[0].evidence) >= 2
    assert surnames(x, held[0]) <= {"Ferreira"}  # the interviewed scientist took no part
    planned = [m for m in x.meetings if m.planned]
    assert len(planned) == 1 and place(x, planned[0]) == "Nice" and stamp(planned[0]) == "2025"


def test_caption_handshake_in_a_one_line_feed(stories) -> None:
    x = stories["m07"]
    assert len(x.meetings) == 1
    shake = x.meetings[0]
    assert surnames(x, shake) == {"Quispe", "Mamani"}
    assert place(x, shake) == "Lima" and stamp(shake) == "2021-05-03"


def test_hard_wrapped_visit_and_past_visits_listed_in_one_sentence(stories) -> None:
    x = stories["m08"]
    current = next(m for m in x.meetings if stamp(m) == "2023-03-21")
    assert surnames(x, current) == {"Santoso", "Chau"} and place(x, current) == "Hanoi"
    past = sorted((stamp(m), place(x, m)) for m in x.meetings if surnames(x, m) == {"Santoso"})
    assert past == [("2015-01", "Vietnam"), ("2018-08", "Vietnam")]
    hosted = next(m for m in x.meetings if stamp(m) == "2022")
    assert surnames(x, hosted) == {"Santoso", "Chau"} and place(x, hosted) == "Jakarta"
    assert len(x.meetings) == 4
