"""What a figure counts, how it is hedged and what it is about, on sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.model import Article, Category, Extraction, Figure


def _extract(extractor, text: str) -> Extraction:  # type: ignore[no-untyped-def]
    article = Article(id="t", text=text, source_file="t.txt", sha256="0" * 64)
    return extractor.extract(article)


def _one(extraction: Extraction) -> Figure:
    assert len(extraction.figures) == 1, extraction.figures
    return extraction.figures[0]


@pytest.mark.parametrize(("sentence", "category"), [
    ("Police said 37 people died when the ferry sank off the coast.", Category.KILLED),
    ("The death toll from the landslide has risen to 212.", Category.KILLED),
    ("At least 85 villagers were wounded in the clashes.", Category.INJURED),
    ("The storm forced 14,000 residents to flee their homes.", Category.DISPLACED),
    ("Officials said 3,200 families have returned to the valley.", Category.RETURNED),
    ("The camp now shelters 48,000 refugees.", Category.REFUGEES),
    ("Rescuers said 19 climbers are still missing.", Category.MISSING),
    ("Police arrested 64 protesters on Saturday.", Category.ARRESTED),
    ("The government will send 1,500 troops to the border.", Category.TROOPS),
    ("Organisers said 90,000 fans attended the final.", Category.PEOPLE),
    ("The ministry approved a $45 million loan for the port.", Category.MONEY),
    ("Turnout reached 63 percent on Sunday.", Category.PERCENT),
    ("The company built 800 schools in the region.", Category.OTHER),
])
def test_category(extractor, sentence: str, category: Category) -> None:  # type: ignore[no-untyped-def]
    assert _one(_extract(extractor, sentence)).category is category


def test_other_has_unit_and_money_has_currency(extractor) -> None:  # type: ignore[no-untyped-def]
    schools = _one(_extract(extractor, "The company built 800 schools in the region."))
    assert (schools.value, schools.unit) == (800, "schools")
    loan = _one(_extract(extractor, "The bank lent the city 12 million dollars."))
    assert (loan.value, loan.unit, loan.category) == (12000000, "USD", Category.MONEY)


@pytest.mark.parametrize(("sentence", "approximate"), [
    ("Around 7,000 are believed to have died in the fighting.", True),
    ("Officials fear that 300 miners were killed in the blast.", True),
    ("The toll is expected to exceed 900.", True),
    ("Dozens of shops were looted overnight.", True),
    ("Nearly 40 soldiers were captured by the rebels.", True),
    ("The storm destroyed 512 houses in the district.", False),
    ("The rebels agreed to hand over 600 rifles to the army.", False),
])
def test_hedge(extractor, sentence: str, approximate: bool) -> None:  # type: ignore[no-untyped-def]
    assert _one(_extract(extractor, sentence)).approximate is approximate


def test_vague_quantity_has_no_value(extractor) -> None:  # type: ignore[no-untyped-def]
    figure = _one(_extract(extractor, "Thousands of students marched through the capital."))
    assert (figure.value, figure.value_text, figure.approximate) == (None, "Thousands", True)


def test_non_figures_are_skipped(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The minister, 58, arrived in 2009 for a three-day visit. A 6.4 quake struck at 10:15 on 4 May. "
            "The two presidents met for the second round of talks.")
    assert _extract(extractor, text).figures == ()


def test_two_figures_in_one_sentence(extractor) -> None:  # type: ignore[no-untyped-def]
    x = _extract(extractor, "About 2,000 people were killed in the war and millions more displaced.")
    found = {(f.value, f.category, f.approximate) for f in x.figures}
    assert found == {(2000, Category.KILLED, True), (None, Category.DISPLACED, True)}


def test_about_event_with_place(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The war in Yemen began years ago. Diplomats met in Geneva on Monday. "
            "More than 150,000 people have been killed in the conflict.")
    x = _extract(extractor, text)
    figure = _one(x)
    assert figure.about_event is not None
    assert x.events[figure.about_event].label == "war in Yemen"


def test_about_entity_tied_by_syntax(extractor) -> None:  # type: ignore[no-untyped-def]
    x = _extract(extractor, "Japan pledged a $900 million aid package for Nepal.")
    figure = _one(x)
    assert figure.about_entity is not None
    assert x.entities[figure.about_entity].label == "Nepal"


def test_restated_figure_is_one_node_with_two_spans(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Canada Pledges $40 Million for Flood Relief\n\nCanada said it will give $40 million for flood relief."
    x = _extract(extractor, text)
    figure = _one(x)
    assert len(figure.evidence) == 2
    assert all(text[s.begin:s.end] == s.text for s in figure.evidence)


def test_different_figures_with_the_same_value_stay_apart(extractor) -> None:  # type: ignore[no-untyped-def]
    x = _extract(extractor, "The floods killed 300 people and destroyed 300 bridges.")
    assert {(f.value, f.category) for f in x.figures} == {(300, Category.KILLED), (300, Category.OTHER)}


def test_count_of_named_participants_is_no_figure(extractor) -> None:  # type: ignore[no-untyped-def]
    x = _extract(extractor, "Merkel met Macron in Paris, and the two leaders discussed trade.")
    assert x.figures == ()
