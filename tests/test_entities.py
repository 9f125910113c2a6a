"""Entity extraction: merging, titles, typing, title-only references, boilerplate and cross-article IRIs.

The integration tests use the real pipeline (session fixture ``extractor``) on sentences of our own.
"""

from __future__ import annotations

import pytest

from kg.extract import gazetteer
from kg.extract.entities import EntityIndex, _initials, find_entities
from kg.model import Article, Entity, EntityType
from kg.read.txt import article_from_text

BASE = "https://example.org/id/"


def _article(text: str, id: str = "t1") -> Article:
    return article_from_text(text, id=id, source_file=f"{id}.txt", sha256="0" * 64)


def _index(extractor, text: str, id: str = "t1") -> tuple[Article, EntityIndex]:
    article = _article(text, id)
    return article, find_entities(extractor.nlp(article.story_text()), article)


def _by_label(index: EntityIndex, label: str) -> Entity:
    found = [e for e in index.entities if e.label == label]
    assert found, f"{label!r} not in {[e.label for e in index.entities]}"
    assert len(found) == 1
    return found[0]


# ------------------------------------------------------------------ gazetteers (no model)
def test_country_aliases_resolve_to_one_country() -> None:
    codes = {gazetteer.lookup_country(n).country for n in ("the U.S.", "United States", "America", "USA")}
    assert codes == {"US"}
    assert gazetteer.lookup_country("Kenya").uri == "https://sws.geonames.org/192950/"


def test_places_are_typed_by_gazetteer() -> None:
    assert gazetteer.lookup_place("Nairobi").type is EntityType.CITY
    assert gazetteer.lookup_place("Texas").type is EntityType.PLACE
    assert gazetteer.lookup_place("Peru").type is EntityType.COUNTRY
    assert gazetteer.lookup_place("Qwxzy") is None


def test_demonyms_singular_and_plural() -> None:
    assert gazetteer.demonym_country("Kenyan") == "KE"
    assert gazetteer.demonym_country("Peruvians") == "PE"
    assert gazetteer.demonym_country("Lebanese") == "LB"
    assert gazetteer.demonym_country("Nairobi") is None


def test_initials_skip_function_words() -> None:
    assert "WFP" in _initials("World Food Programme")
    assert "BIS" in _initials("Bank for International Settlements")


# ------------------------------------------------------------------ the real pipeline
def test_surname_and_honorific_forms_merge_into_the_full_name(extractor) -> None:
    _, index = _index(extractor, "Prime Minister Maria Costa arrived in Lima on Monday. "
                                 "Ms Costa said the talks were useful. Costa's aides declined to comment.")
    person = _by_label(index, "Maria Costa")
    assert person.type is EntityType.PERSON
    assert {"Costa", "Ms Costa"} <= set(person.aliases)
    assert not any("'s" in a or "Minister" in a for a in (person.label, *person.aliases))
    assert len(person.mentions) == 3


def test_abbreviation_merges_with_its_expansion(extractor) -> None:
    _, index = _index(extractor, "The World Food Programme (WFP) warned of hunger in the region. "
                                 "WFP said deliveries would resume next week.")
    org = _by_label(index, "World Food Programme")
    assert org.type is EntityType.ORGANIZATION
    assert "WFP" in org.aliases
    assert not [e for e in index.entities if e.label == "WFP"]


def test_titles_are_stripped_from_names(extractor) -> None:
    _, index = _index(extractor, "Kenyan President William Ruto met Governor Greg Abbott in Austin, Texas.")
    labels = {e.label for e in index.entities}
    assert {"William Ruto", "Greg Abbott"} <= labels
    assert not any(label.startswith(("President", "Governor")) for label in labels)


def test_countries_cities_and_places_are_typed(extractor) -> None:
    _, index = _index(extractor, "Floods hit Nairobi, Kenya, on Sunday. Rescuers also reached the village of "
                                 "Okwanduru and the Turkana region, while aid left Texas for Peru.")
    types = {e.label: e.type for e in index.entities}
    assert types["Kenya"] is EntityType.COUNTRY
    assert types["Peru"] is EntityType.COUNTRY
    assert types["Nairobi"] is EntityType.CITY
    assert types["Okwanduru"] is EntityType.CITY
    assert types["Turkana"] is EntityType.PLACE
    assert types["Texas"] is EntityType.PLACE
    assert _by_label(index, "Nairobi").same_as[0].startswith("https://sws.geonames.org/")


def test_country_name_forms_are_one_node(extractor) -> None:
    _, index = _index(extractor, "The United States sent aid. U.S. officials said America would send more.")
    country = _by_label(index, "United States")
    assert country.type is EntityType.COUNTRY
    assert {"U.S.", "America"} <= set(country.aliases)
    assert len([e for e in index.entities if e.type is EntityType.COUNTRY]) == 1


def test_demonyms_are_not_entities(extractor) -> None:
    _, index = _index(extractor, "Kenyan officials and Peruvian diplomats met Lebanese traders in Lima.")
    labels = {e.label for e in index.entities}
    assert not labels & {"Kenyan", "Peruvian", "Lebanese"}


def test_title_only_reference_links_to_the_named_holder(extractor) -> None:
    text = ("German Chancellor Olaf Scholz met Prime Minister Maria Costa in Lima. "
            "The German leader said trade would grow. Later the prime minister visited a port.")
    article, index = _index(extractor, text)
    scholz, costa = _by_label(index, "Olaf Scholz"), _by_label(index, "Maria Costa")
    doc = extractor.nlp(article.story_text())
    leader = next(t for t in doc if t.text == "leader")
    minister = next(t for t in doc if t.text == "minister" and t.i > leader.i)
    assert index.entities[index.token_entity[leader.i]] is scholz
    assert index.entities[index.token_entity[minister.i]] is costa
    assert "The German leader" in {m.text for m in scholz.mentions}
    assert "The German leader" not in scholz.aliases  # a reference, not a name
    assert all(e.label not in {"German", "the prime minister"} for e in index.entities)


def test_former_holder_is_not_linked(extractor) -> None:
    text = "President William Ruto spoke in Nairobi. The former president stayed at home."
    article, index = _index(extractor, text)
    doc = extractor.nlp(article.story_text())
    former = next(t for t in doc if t.text == "president" and t.i > 3)
    assert index.entity_at(former.i) is None


def test_boilerplate_yields_no_entities_and_offsets_stay_exact(extractor) -> None:
    text = ("Officials in Lima said Peru would send aid.\n"
            "Your donation helps us keep reporting. Sign up for our newsletter with Jane Roe.\n"
            "Finance Minister Maria Costa said the money was ready.\n"
            "Join our commenting forum\n")
    article, index = _index(extractor, text)
    labels = {e.label for e in index.entities}
    assert "Jane Roe" not in labels
    assert {"Peru", "Maria Costa"} <= labels
    for entity in index.entities:
        for span in entity.mentions:
            assert article.text[span.begin:span.end] == span.text


def test_line_breaks_inside_wrapped_text_keep_names_whole(extractor) -> None:
    text = ("Health officials in the region said on Monday that the World\n"
            "Health Organization would send more doctors and medicine to the\n"
            "towns hit by the outbreak. The World Health Organization said the\n"
            "first teams would arrive within days, according to local officials.\n"
            "Volunteers from nearby villages have already set up field clinics.\n")
    _, index = _index(extractor, text)
    orgs = [e for e in index.entities if e.type is EntityType.ORGANIZATION]
    assert [e.label for e in orgs] == ["World Health Organization"]
    assert len(orgs[0].mentions) == 2


@pytest.mark.parametrize("second", [
    "Angela Merkel arrived in Madrid. Mrs Merkel met the Spanish king.",
    "Chancellor Angela Merkel said on Friday that talks would go on.",
])
def test_same_person_gets_the_same_iri_across_articles(extractor, second: str) -> None:
    from rdflib import RDF
    from rdflib.namespace import RDFS

    from kg.rdf.mapping import extraction_quads
    from kg.rdf.namespaces import SCHEMA

    first = extractor.extract(_article("Angela Merkel visited Paris on Monday.", "a1"))
    other = extractor.extract(_article(second, "a2"))

    def person_iris(extraction) -> dict[str, object]:
        quads = extraction_quads(extraction, BASE)
        persons = {s for s, p, o, _ in quads if p == RDF.type and o == SCHEMA.Person}
        return {str(o): s for s, p, o, _ in quads if p == RDFS.label and s in persons}

    assert person_iris(first)["Angela Merkel"] == person_iris(other)["Angela Merkel"]
