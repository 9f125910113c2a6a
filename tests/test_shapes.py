"""Extractor output conforms to ``ontology/shapes.ttl``; graphs that break the contract do not."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

import pytest
from conftest import SAMPLE
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.model import (
    Category,
    Entity,
    EntityType,
    Event,
    Extraction,
    Figure,
    Meeting,
    MeetingKind,
    Span,
    TimeStamp,
)
from kg.rdf.mapping import extraction_quads
from kg.rdf.namespaces import NIF, NKG, SCHEMA, SEM
from kg.rdf.validate import validate
from kg.read.files import read_file
from kg.read.txt import article_from_text

pytest.importorskip("pyshacl")

BASE = "https://example.org/kg/"

OWN_TEXTS = [
    "Ministers meet in Lisbon\n\nThe Portuguese foreign minister, Ana Costa, met her Spanish counterpart "
    "Miguel Ortega in Lisbon on Monday. Costa said the two countries would work together.\n",
    "Floods in the north\n\nAbout 1,200 people were displaced and at least 14 were killed when the river burst "
    "its banks near Valdoria, the Red Cross said on Tuesday. More than $2 million has been pledged.\n",
    "Talks planned\n\nThe presidents of Freedonia and Sylvania will hold talks in Geneva next month, "
    "officials in Brussels said. The United Nations welcomed the plan.\n",
]


def _article(text: str, id: str):
    return article_from_text(text, id=id, source_file=f"{id}.txt",
                             sha256=hashlib.sha256(text.encode()).hexdigest())


def _dataset(extraction: Extraction) -> Dataset:
    dataset = Dataset()
    for quad in extraction_quads(extraction, BASE):
        dataset.add(quad)  # type: ignore[arg-type]
    return dataset


@pytest.fixture(scope="module")
def sample_extraction(extractor) -> Extraction:
    article = next(iter(read_file(SAMPLE)))
    assert not isinstance(article, str)
    return extractor.extract(article)  # type: ignore[arg-type]


def _hand_made() -> Extraction:
    """A full extraction with meetings, figures and an event, as the later extractors will produce."""
    text = ("Leaders meet\n\nPresident Anna Berg met Prime Minister Tomas Lind in Oslo last week. "
            "They will meet again in March. Around 3,000 to 5,000 soldiers were sent to the border, "
            "and the storm left 12 dead.\n")
    article = replace(_article(text, "hand-made"), published=dt.date(2020, 5, 4))

    def span(words: str) -> Span:
        begin = text.index(words)
        return Span.of(text, begin, begin + len(words))

    berg = Entity(EntityType.PERSON, "Anna Berg", aliases=("President Anna Berg",),
                  mentions=(span("President Anna Berg"),))
    lind = Entity(EntityType.PERSON, "Tomas Lind", mentions=(span("Tomas Lind"),))
    oslo = Entity(EntityType.CITY, "Oslo", mentions=(span("Oslo"),), same_as=("https://sws.geonames.org/3143244/",))
    storm = Event("the storm", mentions=(span("the storm"),))
    first = span("President Anna Berg met Prime Minister Tomas Lind in Oslo last week.")
    meetings = (
        Meeting(MeetingKind.VISIT, participants=(0, 1), evidence=(first,), place=2, date_text="last week",
                timestamp=TimeStamp("2020-04")),
        Meeting(MeetingKind.MEETING, participants=(0, 1), evidence=(span("They will meet again in March."),),
                date_text="in March", timestamp=TimeStamp("2021"), planned=True, name="second meeting"),
    )
    figures = (
        Figure("3,000 to 5,000", Category.TROOPS, evidence=(span("Around 3,000 to 5,000 soldiers were sent"),),
               value=3000, max_value=5000, approximate=True, about_entity=0),
        Figure("12", Category.KILLED, evidence=(span("the storm left 12 dead"),), value=12, about_event=0),
        Figure("20.5", Category.PERCENT, evidence=(span("the storm left 12 dead"),), value=20.5, unit="%"),
    )
    return Extraction(article, entities=(berg, lind, oslo), meetings=meetings, figures=figures, events=(storm,))


def test_sample_extraction_conforms(sample_extraction):
    report = validate(sample_extraction.to_graph())
    assert report.conforms, report.text
    assert any(e.type is EntityType.PERSON for e in sample_extraction.entities)


@pytest.mark.parametrize("number", range(len(OWN_TEXTS)))
def test_own_sentences_conform(extractor, number):
    extraction = extractor.extract(_article(OWN_TEXTS[number], f"own-{number}"))
    report = validate(_dataset(extraction))
    assert report.conforms, report.text


def test_hand_made_meetings_and_figures_conform():
    dataset = _dataset(_hand_made())
    assert any(dataset.quads((None, RDF.type, NKG.Visit, None)))
    assert any(dataset.quads((None, NKG.status, NKG.Planned, None)))
    report = validate(dataset)
    assert report.conforms, report.text


def test_validate_reads_files(tmp_path):
    path = tmp_path / "out.trig"
    _dataset(_hand_made()).serialize(path, format="trig")
    assert validate(path).conforms
    with pytest.raises(ValueError, match="not an RDF file"):
        validate(tmp_path / "out.csv")


def _broken(change) -> bool:
    dataset = _dataset(_hand_made())
    graph = next(g for g in dataset.graphs() if len(g))
    change(graph)
    report = validate(dataset)
    assert report.conforms or report.violations > 0
    return report.conforms


def _first(graph, p, o=None):
    return next(graph.subjects(p, o) if o is not None else graph.subjects(p, None))


def _set(graph, s, p, value) -> None:
    graph.remove((s, p, None))
    graph.add((s, p, value))


def test_wrong_anchor_fails():
    assert not _broken(lambda g: _set(g, _first(g, NIF.anchorOf), NIF.anchorOf, Literal("not the text")))


def test_offsets_out_of_order_fail():
    def change(g):
        span = _first(g, NIF.anchorOf)
        _set(g, span, NIF.beginIndex, Literal(9))
        _set(g, span, NIF.endIndex, Literal(2))
    assert not _broken(change)


def test_offset_as_string_fails():
    assert not _broken(lambda g: _set(g, _first(g, NIF.beginIndex), NIF.beginIndex, Literal("3")))


def test_entity_with_two_labels_fails():
    assert not _broken(lambda g: g.add((_first(g, RDF.type, SCHEMA.Person), RDFS.label, Literal("X", lang="en"))))


def test_entity_without_mentions_fails():
    assert not _broken(lambda g: g.add((URIRef(BASE + "person/nobody"), RDF.type, SCHEMA.Person)))


def test_figure_counting_outside_the_scheme_fails():
    assert not _broken(lambda g: _set(g, _first(g, RDF.type, NKG.Figure), NKG.counts, NKG.Planned))


def test_figure_with_two_categories_fails():
    assert not _broken(lambda g: g.add((_first(g, RDF.type, NKG.Figure), NKG.counts, NKG.Other)))


def test_figure_value_as_text_fails():
    assert not _broken(lambda g: _set(g, _first(g, SCHEMA.maxValue), SCHEMA.value, Literal("three")))


def test_figure_range_upside_down_fails():
    assert not _broken(lambda g: _set(g, _first(g, SCHEMA.maxValue), SCHEMA.value, Literal(9000)))


def test_approximate_not_boolean_fails():
    assert not _broken(lambda g: _set(g, _first(g, NKG.approximate), NKG.approximate, Literal("yes")))


def test_meeting_without_evidence_fails():
    assert not _broken(lambda g: g.remove((_first(g, RDF.type, NKG.Visit), NKG.evidence, None)))


def test_meeting_with_neither_actors_nor_name_fails():
    def change(g):
        meeting = _first(g, RDF.type, NKG.Visit)
        g.remove((meeting, SEM.hasActor, None))
        g.remove((meeting, RDFS.label, None))
    assert not _broken(change)


def test_named_meeting_without_actors_conforms():
    def change(g):
        meeting = _first(g, NKG.status)
        g.remove((meeting, SEM.hasActor, None))
    assert _broken(change)


def test_meeting_place_that_is_a_person_fails():
    def change(g):
        person = _first(g, RDF.type, SCHEMA.Person)
        _set(g, _first(g, RDF.type, NKG.Visit), SEM.hasPlace, person)
    assert not _broken(change)


def test_timestamp_with_wrong_datatype_fails():
    assert not _broken(lambda g: _set(g, _first(g, SEM.hasTimeStamp), SEM.hasTimeStamp, Literal("last week")))


def test_meeting_subclass_alone_fails():
    assert not _broken(lambda g: g.remove((_first(g, RDF.type, NKG.Visit), RDF.type, NKG.Meeting)))


def test_article_without_digest_fails():
    assert not _broken(lambda g: g.remove((_first(g, NKG.sha256), NKG.sha256, None)))
