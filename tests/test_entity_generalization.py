"""Entity extraction on news text written for these tests (tests/data/general_entities): invented people, real
places, page furniture. Checks the facts an annotator would write: names, types, merged aliases, no furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import EntityType

DATA = Path(__file__).resolve().parent / "data" / "general_entities"


@pytest.fixture(scope="module")
def extracted(extractor):
    from kg.read import read_paths

    out = {}
    for path in sorted(DATA.glob("e*.txt")) + sorted(DATA.glob("h*.html")):
        (article,) = list(read_paths([path]))
        out[path.stem] = extractor.extract(article)
    return out


def entities(extracted, name):
    return {e.label: e for e in extracted[name].entities}


def find(extracted, name, label):
    found = entities(extracted, name)
    assert label in found, f"{label!r} not in {sorted(found)}"
    return found[label]


def all_names(extracted, name):
    return {n for e in extracted[name].entities for n in (e.label, *e.aliases)}


@pytest.mark.parametrize(("article", "label", "etype", "aliases"), [
    ("e01", "World Food Programme", EntityType.ORGANIZATION, {"WFP"}),
    ("e01", "Helena Marsh", EntityType.PERSON, {"Ms Marsh"}),
    ("e01", "Daniel Otieno", EntityType.PERSON, {"Mr Otieno"}),
    ("e01", "Nairobi", EntityType.CITY, set()),
    ("e01", "Kenya", EntityType.COUNTRY, set()),
    ("e01", "Marsabit", EntityType.CITY, set()),
    ("e02", "Carlos Mendoza", EntityType.PERSON, {"Mendoza"}),
    ("e02", "Elena Vargas", EntityType.PERSON, {"Vargas"}),
    ("e02", "Apurimac", EntityType.PLACE, set()),
    ("e02", "Challhuahuacho", EntityType.CITY, set()),
    ("e03", "Dhaka", EntityType.CITY, set()),
    ("e03", "International Federation of Red Cross and Red Crescent Societies", EntityType.ORGANIZATION, {"IFRC"}),
    ("e03", "Barisal", EntityType.CITY, set()),
    ("e03", "West Bengal", EntityType.PLACE, set()),
    ("e04", "International Council for the Exploration of the Sea", EntityType.ORGANIZATION, {"ICES"}),
    ("e04", "Svalbard", EntityType.PLACE, set()),
    ("e04", "Tromso", EntityType.CITY, set()),
    ("e04", "Bodo", EntityType.CITY, set()),
    ("e04", "Ingrid Solberg", EntityType.PERSON, {"Ms. Solberg"}),
    ("e05", "Philippines", EntityType.COUNTRY, set()),
    ("e05", "Tacloban", EntityType.CITY, set()),
    ("e05", "Jose Reyes", EntityType.PERSON, set()),
    ("e05", "United Nations Children's Fund", EntityType.ORGANIZATION, {"UNICEF"}),
    ("e05", "Leyte", EntityType.PLACE, set()),
    ("e06", "Adre", EntityType.CITY, set()),
    ("e06", "Chad", EntityType.COUNTRY, set()),
    ("e06", "United Nations High Commissioner for Refugees", EntityType.ORGANIZATION, {"UNHCR"}),
    ("e06", "Doctors Without Borders", EntityType.ORGANIZATION, {"MSF"}),
    ("e06", "Intergovernmental Authority on Development", EntityType.ORGANIZATION, {"IGAD"}),
    ("e06", "Sofia Lind", EntityType.PERSON, {"Lind"}),
    ("e07", "Laos", EntityType.COUNTRY, set()),
    ("e07", "Hanoi", EntityType.CITY, set()),
    ("e07", "Mekong River Commission", EntityType.ORGANIZATION, {"MRC"}),
    ("e07", "Ben Tre", EntityType.PLACE, set()),
    # e08: a news-site page (header menu, "Related Topics", captions, related-story footer)
    ("e08", "Emilia-Romagna", EntityType.PLACE, set()),            # a hyphenated region name kept whole
    ("e08", "Ravenna", EntityType.CITY, set()),                    # "The mayor of X": not a person
    ("e08", "Lombardy", EntityType.PLACE, set()),                  # "from X and Y" split out of one ORG
    ("e08", "Apennines", EntityType.PLACE, set()),                 # "for the Xs": a mountain range
    ("e08", "Paolo Brambilla", EntityType.PERSON, {"Mr Brambilla"}),
    ("e08", "Faenza", EntityType.CITY, set()),                     # named only in an image caption
    # e09: a one-line feed dump
    ("e09", "Bay", EntityType.PLACE, set()),                       # "the X and Y regions"
    ("e09", "Bakool", EntityType.PLACE, set()),
    ("e09", "Jubba", EntityType.PLACE, set()),                     # "the X and Y rivers"
    ("e09", "al-Shabab", EntityType.ORGANIZATION, set()),          # "X militants"
    ("e09", "Norwegian Refugee Council", EntityType.ORGANIZATION, {"NRC"}),
    ("e09", "Henrik Dahl", EntityType.PERSON, {"Mr. Dahl"}),
    # e10: a hard-wrapped wire story
    ("e10", "Democratic Republic of the Congo", EntityType.COUNTRY, set()),  # "Democratic Republic\nof Congo"
    ("e10", "Lusaka", EntityType.CITY, set()),
    ("e10", "Chingola", EntityType.CITY, set()),
    ("e10", "Grace Mwanza", EntityType.PERSON, {"Mwanza"}),
    ("e10", "Ministry of Mines and Minerals Development", EntityType.ORGANIZATION, set()),
    # e11: organisations, acronyms, possessives, counterparts
    ("e11", "World Health Organization", EntityType.ORGANIZATION, {"WHO"}),
    ("e11", "National Institute of Health", EntityType.ORGANIZATION, {"INS"}),  # "<Country>'s X (ABC)"
    ("e11", "Peter Banda", EntityType.PERSON, {"Banda"}),          # surname tagged ORG, also a town's name
    ("e11", "Armando Chissano", EntityType.PERSON, {"Chissano"}),
    ("e11", "Airtel Africa", EntityType.ORGANIZATION, set()),      # "the mobile operator X"
    ("e11", "Democratic Progressive Party", EntityType.ORGANIZATION, {"DPP"}),
    ("e11", "Medecins Sans Frontieres", EntityType.ORGANIZATION, {"MSF"}),
    ("e11", "African Union", EntityType.ORGANIZATION, {"AU"}),
    # e12: places of every kind
    ("e12", "Van", EntityType.CITY, set()),                        # "the city of X", untagged by NER
    ("e12", "Lake Van", EntityType.PLACE, set()),
    ("e12", "Yerevan", EntityType.CITY, set()),                    # a lone word NER called a person
    ("e12", "Mount Ararat", EntityType.PLACE, set()),
    ("e12", "Van Fortress", EntityType.PLACE, set()),
    ("e12", "Tigris", EntityType.PLACE, set()),                    # "near the X"
    ("e12", "Dohuk", EntityType.CITY, set()),                      # "in X or Y"
    ("e12", "Istanbul Airport", EntityType.PLACE, set()),
    ("e12", "Black Sea", EntityType.PLACE, set()),
    ("e12", "Derya Bird", EntityType.PERSON, set()),
    # h01, h02: HTML pages through trafilatura
    ("h01", "National Disaster Mitigation Agency", EntityType.ORGANIZATION, {"BNPB"}),
    ("h01", "Abdul Rachman Saleh Airport", EntityType.PLACE, set()),  # untagged by NER
    ("h01", "Mount Semeru", EntityType.PLACE, set()),
    ("h01", "Budi Santoso", EntityType.PERSON, {"Mr Santoso"}),
    ("h02", "La Moneda", EntityType.PLACE, set()),                 # "X palace"
    ("h02", "Sofia Almada", EntityType.PERSON, {"Almada"}),       # surname tagged ORG, also a town's name
    ("h02", "Andes", EntityType.PLACE, set()),                     # "in the Xs", not the town of that name
    ("h02", "Codelco", EntityType.ORGANIZATION, set()),
])
def test_label_type_aliases(extracted, article, label, etype, aliases):
    entity = find(extracted, article, label)
    assert entity.type is etype
    assert aliases <= set(entity.aliases)


@pytest.mark.parametrize(("article", "absent"), [
    ("e01", {"Agriculture", "John", "Anna", "Marsh"}),           # portfolio word; names split by a line break
    ("e02", {"Mendoza"}),                                         # the surname alone is an alias, not a node
    ("e03", {"Disaster Management", "Bangladeshi", "Red Crescent Societies", "Facebook", "Twitter", "DHAKA"}),
    ("e04", {"Svalbard archipelago", "ICES", "International Council for the Exploration of the Sea (ICES"}),
    ("e05", {"Jose", "Reyes", "UNICEF", "WhatsApp"}),
    ("e06", {"ADRE", "UNHCR", "MSF", "Lind"}),
    ("e07", {"HANOI", "Mekong Eye"}),
    ("e08", {"BBC", "Home", "Venice", "Reuters", "Tuscany and Lombardy", "Emilia"}),  # page furniture, split names
    ("e09", {"Bay and", "Kenya", "Dadaab"}),                      # "Related:" link at the end of the line
    ("e10", {"Democratic Republic", "Associated Press"}),         # copyright footer
    ("e11", {"Banda", "INS", "Mozambique's National Institute of Health"}),
    ("e12", {"Arslan"}),
    ("h01", {"Agency", "transport ministry", "Facebook", "Grindavik", "Philippines"}),
    ("h02", {"Almada", "Daily Ledger", "Peru", "Bolivia"}),
])
def test_no_spurious_or_duplicate_nodes(extracted, article, absent):
    assert not absent & set(entities(extracted, article))


def test_no_furniture_names(extracted):
    furniture = {"Facebook", "Twitter", "WhatsApp", "Email", "Mekong Eye"}
    for name in extracted:
        if name != "e02":  # e02's story itself names a social network
            assert not furniture & all_names(extracted, name), name
    assert find(extracted, "e02", "Twitter").type is EntityType.ORGANIZATION


def test_line_broken_name_keeps_exact_offsets(extracted):
    result = extracted["e05"]
    reyes = next(e for e in result.entities if e.label == "Jose Reyes")
    texts = [result.article.text[m.begin:m.end] for m in reyes.mentions]
    assert "Jose\nReyes" in texts
    assert "Its chairman" in texts  # the title-only reference links to the joined name


def test_title_reference_to_the_named_minister(extracted):
    solberg = find(extracted, "e04", "Ingrid Solberg")
    texts = [extracted["e04"].article.text[m.begin:m.end] for m in solberg.mentions]
    assert "The Norwegian minister" in texts


def test_country_typed_from_possessive_not_person(extracted):
    persons = {e.label for e in extracted["e06"].entities if e.type is EntityType.PERSON}
    assert "Chad" not in persons and "Adre" not in persons


def test_counterpart_reference_and_html_furniture(extracted):
    almada = find(extracted, "h02", "Sofia Almada")
    texts = [extracted["h02"].article.text[m.begin:m.end] for m in almada.mentions]
    assert "The Argentine leader" in texts
    assert "cookies" not in extracted["h01"].article.text.lower()
