"""Meetings from small sentences of our own: each trigger family, participants, place, date, planned, merging."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.model import Extraction, Meeting, MeetingKind
from kg.read.txt import article_from_text


def run(extractor, text: str, published: dt.date | None = None) -> Extraction:
    article = article_from_text(text, id="t", source_file="t.txt", sha256="0", headline="",
                                published=published)
    return extractor.extract(article)


def names(x: Extraction, meeting: Meeting) -> set[str]:
    return {x.entities[i].label.split()[-1] for i in meeting.participants}


def place(x: Extraction, meeting: Meeting) -> str | None:
    return None if meeting.place is None else x.entities[meeting.place].label


def only(x: Extraction) -> Meeting:
    assert len(x.meetings) == 1, x.meetings
    return x.meetings[0]


def test_meet_with_place_and_weekday(extractor) -> None:
    x = run(extractor, "German Chancellor Helmut Weber met French President Jacques Moreau in Geneva on Tuesday.",
            published=dt.date(2019, 6, 6))
    m = only(x)
    assert names(x, m) == {"Weber", "Moreau"}
    assert place(x, m) == "Geneva"
    assert m.date_text == "Tuesday" and m.timestamp is not None and m.timestamp.value == "2019-06-04"
    assert m.kind is MeetingKind.MEETING and not m.planned


def test_visit_to_a_country_has_one_participant(extractor) -> None:
    x = run(extractor, "Prime Minister John Carter visited Kenya in March 2016.")
    m = only(x)
    assert names(x, m) == {"Carter"}
    assert place(x, m) == "Kenya"
    assert m.kind is MeetingKind.VISIT
    assert m.timestamp is not None and m.timestamp.value == "2016-03"


def test_pay_a_visit_takes_the_narrowest_place(extractor) -> None:
    x = run(extractor, "Michael Stone paid a visit to Robert Hayes yesterday at his farm near Dallas in Texas.")
    m = only(x)
    assert names(x, m) == {"Stone", "Hayes"}
    assert m.kind is MeetingKind.VISIT
    assert m.date_text == "yesterday" and m.timestamp is None  # no publication date: nothing invented


def test_travel_to_a_city(extractor) -> None:
    x = run(extractor, "President David Miller flew to Tokyo on Sunday for two days of talks.")
    m = only(x)
    assert names(x, m) == {"Miller"} and place(x, m) == "Tokyo" and m.kind is MeetingKind.VISIT


def test_phone_call_has_no_place(extractor) -> None:
    x = run(extractor, "President George Harris telephoned Chancellor Thomas Becker from London on Friday.")
    m = only(x)
    assert m.kind is MeetingKind.PHONE_CALL
    assert names(x, m) == {"Harris", "Becker"}
    assert m.place is None


def test_spoke_by_phone(extractor) -> None:
    x = run(extractor, "Richard Evans spoke by phone with Daniel Brooks on Monday.")
    m = only(x)
    assert m.kind is MeetingKind.PHONE_CALL and names(x, m) == {"Evans", "Brooks"}


def test_held_talks(extractor) -> None:
    x = run(extractor, "Peter Wilson held talks with James Porter in Madrid last week.")
    m = only(x)
    assert names(x, m) == {"Wilson", "Porter"} and place(x, m) == "Madrid"


def test_named_conference_without_participants(extractor) -> None:
    x = run(extractor, "The delegates discussed the Global Water Forum, which took place in Chicago in May 2014.")
    m = only(x)
    assert m.kind is MeetingKind.CONFERENCE
    assert m.participants == () and place(x, m) == "Chicago"
    assert m.name is not None and "Water Forum" in m.name
    assert m.timestamp is not None and m.timestamp.value == "2014-05"


def test_summit(extractor) -> None:
    x = run(extractor, "Mark Phillips and Edward Collins attended a summit in Berlin in June 2011.")
    m = only(x)
    assert m.kind is MeetingKind.SUMMIT and place(x, m) == "Berlin"


def test_participant_through_pronoun_and_relative_clause(extractor) -> None:
    x = run(extractor, "Governor Steven Clark arrived in Boston on Monday. Mayor Kevin Walsh, who greeted him "
                       "at the airport, said the visit was important.")
    m = only(x)
    assert names(x, m) == {"Clark", "Walsh"}
    assert place(x, m) == "Boston"


def test_participant_through_title(extractor) -> None:
    x = run(extractor, "Canadian Prime Minister Andrew Scott spoke in Ottawa on Monday. Later the Canadian leader "
                       "met Brian Turner to discuss trade.")
    assert any(names(x, m) == {"Scott", "Turner"} for m in x.meetings), x.meetings


def test_planned_meeting(extractor) -> None:
    x = run(extractor, "President Frank Lewis will visit Brazil next month.", published=dt.date(2018, 4, 2))
    m = only(x)
    assert m.planned and place(x, m) == "Brazil"
    assert m.timestamp is not None and m.timestamp.value == "2018-05"


def test_meeting_set_for_a_day_is_planned(extractor) -> None:
    x = run(extractor, "Secretary Paul Adams said he would report to the NATO meeting set for Thursday.")
    m = only(x)
    assert m.planned and m.date_text == "Thursday" and names(x, m) == {"Adams"}


def test_back_reference_is_the_same_event(extractor) -> None:
    x = run(extractor, "William Grant met Charles Baker in Paris on Monday. At the meeting, the pair discussed trade. "
                       "Following the talks, Grant flew home.")
    m = only(x)
    assert names(x, m) == {"Grant", "Baker"}
    assert len(m.evidence) >= 2


def test_two_dates_are_two_events(extractor) -> None:
    x = run(extractor, "Steven Wright visited Egypt in May 2012 and June 2014.")
    stamps = sorted(m.timestamp.value for m in x.meetings if m.timestamp)
    assert stamps == ["2012-05", "2014-06"]


def test_different_dates_stay_apart_across_sentences(extractor) -> None:
    x = run(extractor, "Henry Ford visited Peru last week. Henry Ford also visited Chile in 2009.")
    assert len(x.meetings) == 2


@pytest.mark.parametrize("text", [
    "Senator Alan Price called the decision a mistake.",
    "The factory failed to meet demand in Ohio.",
    "Alan Price spoke at a news conference in Denver.",
    "Calls have been growing for an inquiry.",
    "Alan Price did not meet Laura Bell in Rome.",
    "The government welcomed the decision.",
])
def test_not_meetings(extractor, text: str) -> None:
    assert run(extractor, text).meetings == ()


def test_evidence_is_the_stating_sentence(extractor) -> None:
    text = "Leaders gathered. Jacob Hill met Ryan Cooper in Lisbon on Friday. Markets rose."
    x = run(extractor, text)
    m = only(x)
    assert m.evidence[0].text == "Jacob Hill met Ryan Cooper in Lisbon on Friday."
    assert text[m.evidence[0].begin:m.evidence[0].end] == m.evidence[0].text


def test_two_subjects_spoke_on_the_phone(extractor) -> None:
    x = run(extractor, "Emmanuel Laurent and Joseph Brown spoke on the phone on Sunday.")
    m = only(x)
    assert m.kind is MeetingKind.PHONE_CALL and names(x, m) == {"Laurent", "Brown"} and m.place is None


def test_due_to_meet_is_planned_with_the_subject(extractor) -> None:
    x = run(extractor, "Prime Minister Thomas Grey is due to meet President Samuel Ward on Thursday.")
    m = only(x)
    assert m.planned and names(x, m) == {"Grey", "Ward"}


def test_organisation_summit_keeps_its_name(extractor) -> None:
    x = run(extractor, "The NATO summit opens in Lisbon on Friday.")
    m = only(x)
    assert m.kind is MeetingKind.SUMMIT and m.name is not None and "NATO" in m.name
    assert place(x, m) == "Lisbon"
