"""Figures in short wire stories written for these tests (tests/data/general_figures), checked as an annotator
reads them: value, range, category, unit, hedge and what each figure is about, and the numbers that are no figure.

The stories use invented people and real places, and constructions the development set does not have.
"""

from __future__ import annotations

import pytest
from stories import extract_stories

from kg.model import Category, Extraction, Figure


@pytest.fixture(scope="module")
def stories(extractor) -> dict[str, Extraction]:
    return extract_stories(extractor, "general_figures", "f*.txt")


def figure(x: Extraction, value: float) -> Figure:
    found = [f for f in x.figures if f.value == value]
    assert len(found) == 1, [(f.value_text, f.category) for f in x.figures]
    return found[0]


def about(x: Extraction, f: Figure) -> str | None:
    if f.about_entity is not None:
        return x.entities[f.about_entity].label
    return None if f.about_event is None else x.events[f.about_event].label


def values(x: Extraction) -> set[float | None]:
    return {f.value for f in x.figures}


# ------------------------------------------------------------------ f01: earthquake toll
def test_rising_toll_and_hedged_casualties_are_about_the_placed_quake(stories) -> None:
    x = stories["f01"]
    toll = figure(x, 1234)
    assert toll.category is Category.KILLED and not toll.approximate
    dead, hurt = figure(x, 12), figure(x, 30)
    assert dead.category is Category.KILLED and dead.approximate
    assert hurt.category is Category.INJURED
    assert about(x, toll) == about(x, dead) == "earthquake in Peru"  # "fire service" names no fire


def test_shares_and_hedged_millions(stories) -> None:
    x = stories["f01"]
    need = figure(x, 3_500_000)
    assert need.approximate and need.category is Category.PEOPLE
    assert figure(x, 20).category is Category.PERCENT  # "one in five children"
    assert figure(x, 50).approximate  # "nearly half of"
    fled = next(f for f in x.figures if f.value_text == "Tens of thousands")
    assert fled.value is None and fled.category is Category.DISPLACED


def test_times_distances_ages_phone_numbers_and_magnitudes_are_no_figures(stories) -> None:
    assert values(stories["f01"]) <= {1234, 12, 30, 3_500_000, None, 50, 20}


# ------------------------------------------------------------------ f02: market attack
def test_killing_and_wounding_and_a_separate_bombing(stories) -> None:
    x = stories["f02"]
    killed, wounded, bombing = figure(x, 5), figure(x, 17), figure(x, 9)
    assert killed.category is Category.KILLED and wounded.category is Category.INJURED
    assert "Nigeria" in (about(x, killed) or "") and about(x, killed) == about(x, wounded)
    assert about(x, bombing) == "bombing in Maiduguri"  # a separate attack keeps its own place


def test_dozens_arrested_and_a_dozen_soldiers(stories) -> None:
    x = stories["f02"]
    arrested = next(f for f in x.figures if f.value_text == "dozens")
    assert arrested.value is None and arrested.approximate and arrested.category is Category.ARRESTED
    soldiers = figure(x, 12)
    assert soldiers.category is Category.TROOPS and not soldiers.approximate
    assert 1990 not in values(x) and 2 not in values(x)  # "the 1990s", "the second attack"


# ------------------------------------------------------------------ f03: pledges in several currencies
def test_money_for_victims_of_an_event_is_about_the_event(stories) -> None:
    x = stories["f03"]
    pledge = figure(x, 1_500_000_000)
    assert pledge.unit == "USD" and pledge.category is Category.MONEY
    assert about(x, pledge) == "cyclone in Bangladesh"
    assert 1_200_000_000 not in values(x)  # "(£1.2bn)" restates the same pledge


def test_local_currencies_and_scales(stories) -> None:
    x = stories["f03"]
    assert figure(x, 300_000_000).unit == "EUR"
    assert figure(x, 50_000_000).unit == "INR"  # "Rs 5 crore"
    rise = figure(x, 15)
    assert rise.category is Category.PERCENT
    assert about(x, rise) == "cyclone in Bangladesh"  # "the storm" names the cyclone; "it says" is no about
    assert 10 not in values(x)  # "No. 10"


# ------------------------------------------------------------------ f04: peacekeepers
def test_peacekeepers_and_clashes(stories) -> None:
    x = stories["f04"]
    troops = figure(x, 1000)
    assert troops.category is Category.TROOPS and troops.approximate
    assert figure(x, 48).category is Category.KILLED
    assert figure(x, 20000).category is Category.DISPLACED
    assert values(x) <= {1000, 48, 20000}  # votes, resolutions, aircraft and durations are no figures


# ------------------------------------------------------------------ f05: outbreak
def test_outbreak_figures_are_about_the_placed_outbreak(stories) -> None:
    x = stories["f05"]
    assert figure(x, 3).category is Category.KILLED
    assert about(x, figure(x, 3)) == "epidemic in Manila"
    assert figure(x, 12).category is Category.PERCENT
    assert figure(x, 40_000_000).unit == "EUR"
    assert not values(x) & {19, 27}  # "Covid-19", "the 27-nation bloc", "page 3" is no count of people either


# ------------------------------------------------------------------ f06: floods in two countries
def test_two_floods_are_told_apart_by_their_places(stories) -> None:
    x = stories["f06"]
    assert about(x, figure(x, 76)) == "floods in Kenya"
    assert about(x, figure(x, 150_000)) == "floods in Kenya"
    somalia = figure(x, 370_000)
    assert somalia.approximate and somalia.category is Category.DISPLACED
    assert about(x, somalia) == "floods in Somalia"
    assert about(x, figure(x, 80)) == "floods in Somalia"
    assert about(x, figure(x, 12)) == "floods in Kenya"  # "Kenyan officials said ..."


# ------------------------------------------------------------------ f07: votes, scores and arrests
def test_vote_counts_and_scores_are_no_figures(stories) -> None:
    x = stories["f07"]
    assert not values(x) & {52, 48, 2, 1}
    assert figure(x, 23).category is Category.ARRESTED
    assert figure(x, 11).category is Category.INJURED
    detained = figure(x, 200)
    assert detained.category is Category.ARRESTED and detained.approximate
    assert about(x, figure(x, 11)) == "clashes in Caracas"  # the article's place when the sentence names none


# ------------------------------------------------------------------ f08: drought
def test_drought_figures(stories) -> None:
    x = stories["f08"]
    need = figure(x, 4_500_000)
    assert about(x, need) == "drought in Ethiopia"
    money = figure(x, 200_000_000)
    assert money.unit == "USD" and about(x, money) == "drought in Ethiopia"
    assert figure(x, 300_000).approximate and figure(x, 60_000).approximate
