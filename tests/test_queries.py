"""Named queries parse and run on the sample; parameters are bound as terms by ``with_values``."""

from __future__ import annotations

import doctest

import pyoxigraph as ox
import pytest
from conftest import SAMPLE
from rdflib import Literal, URIRef

import kg.queries
from kg.queries import named_queries, parse_query, resolve_query, with_values
from kg.rdf.iris import article_iri
from kg.run import load_paths
from kg.settings import Settings

SAMPLE_ARTICLE = article_iri(Settings().base_iri, SAMPLE.stem)
PERSON = URIRef("https://schema.org/Person")


@pytest.fixture(scope="module")
def loaded():
    from kg.store import open_store

    store = open_store("memory")
    report = load_paths([SAMPLE], store)
    assert report.ok
    yield store
    store.close()


def _example_value(kind: str, name: str):
    if kind == "iri":
        return {"article": SAMPLE_ARTICLE, "type": PERSON,
                "category": URIRef("https://w3id.org/newskg/ontology#Killed")}.get(name, SAMPLE_ARTICLE)
    if kind == "integer":
        return Literal(3)
    if kind == "date":
        return Literal("2000-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    return Literal("x")


def test_there_are_the_five_named_queries_and_stats():
    assert {"entities", "meetings", "figures", "article", "mentions", "stats"} <= set(named_queries())


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_is_documented_and_parses(name):
    query = named_queries()[name]
    assert query.description, f"{name}.rq opens with no description comment"
    ox.Store().query(query.text)  # raises SyntaxError when it does not parse
    for parameter in query.parameters:
        assert parameter.doc, f"{name}: parameter {parameter.name} has no description"
        assert f"?{parameter.name}" in query.text


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_runs_without_and_with_parameters(loaded, name):
    query = named_queries()[name]
    names, _ = loaded.select(query.text)
    assert names
    bindings = {p.name: _example_value(p.kind, p.name) for p in query.parameters}
    names_bound, _ = loaded.select(query.text, bindings)
    assert names_bound == names


def test_entities_by_type_and_counts(loaded):
    _, rows = loaded.select(resolve_query("entities").text, {"type": PERSON})
    assert rows and {r["type"] for r in rows} == {PERSON}
    assert all(int(r["mentions"]) >= 1 for r in rows)  # type: ignore[arg-type]


def test_article_query_returns_facts_with_exact_evidence(loaded):
    _, rows = loaded.select(resolve_query("article").text, {"article": SAMPLE_ARTICLE})
    text = SAMPLE.read_text(encoding="utf-8-sig")
    assert rows
    for row in rows:
        begin, end = int(row["begin"]), int(row["end"])  # type: ignore[arg-type]
        assert text[begin:end] == str(row["evidence"])
    _, none = loaded.select(resolve_query("article").text, {"article": URIRef("https://example.org/no-such")})
    assert none == []


def test_mentions_of_an_entity_with_its_sentence(loaded):
    _, people = loaded.select(resolve_query("entities").text, {"type": PERSON})
    label = str(people[0]["label"])
    _, rows = loaded.select(resolve_query("mentions").text, {"name": Literal(label.upper())})
    assert rows
    for row in rows:
        assert str(row["anchor"]) in str(row["sentence"])
        assert "\n" not in str(row["sentence"])


def test_stats_counts_the_sample(loaded):
    _, rows = loaded.select(resolve_query("stats").text)
    assert int(rows[0]["articles"]) == 1  # type: ignore[arg-type]
    assert int(rows[0]["entities"]) >= 1  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ['x" } DROP ALL #', "x' } ; CLEAR DEFAULT", "} UNION { ?s ?p ?o }",
                                   'tab\there "quoted" \\ back', "SELECT * WHERE { ?s ?p ?o }"])
def test_hostile_parameter_values_match_nothing_and_change_nothing(loaded, value):
    before = loaded.count_triples()
    for name, param in (("meetings", "participant"), ("mentions", "name")):
        _, rows = loaded.select(resolve_query(name).text, {param: Literal(value)})
        assert rows == []
    assert loaded.count_triples() == before


def test_bindings_reject_unknown_names_and_bad_values():
    query = resolve_query("entities")
    with pytest.raises(ValueError, match="unknown parameter"):
        query.bindings({"nope": "x"})
    with pytest.raises(ValueError, match="absolute IRI"):
        query.bindings({"type": "Person> } DROP ALL <x"})
    assert query.bindings({"type": str(PERSON)}) == {"type": PERSON}


def test_resolve_query_reads_a_user_file(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# My own.\n# @param n integer - how many\nSELECT ?n WHERE { }\n", encoding="utf-8")
    query = resolve_query(str(path))
    assert (query.name, query.description) == ("mine", "My own.")
    assert [(p.name, p.kind) for p in query.parameters] == [("n", "integer")]
    with pytest.raises(ValueError, match="no named query"):
        resolve_query("no-such-query")


def test_parse_query_stops_at_the_first_non_comment_line():
    query = parse_query("q", "# Line one.\n# line two\nSELECT * WHERE { }\n# @param late literal - ignored\n")
    assert query.description == "Line one. line two"
    assert query.parameters == ()


# -- with_values ---------------------------------------------------------------------------------

def _run(query: str, **bindings) -> list:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("v")))
    return list(store.query(with_values(query, bindings)))


def test_with_values_without_bindings_is_the_query_itself():
    text = "SELECT * WHERE { ?s ?p ?o }"
    assert with_values(text, {}) == text


@pytest.mark.parametrize("query", [
    "SELECT ?s WHERE { ?s ?p ?n }",
    "select ?s where { ?s ?p ?n }",
    "SELECT ?s { ?s ?p ?n }",
    "PREFIX e: <http://e/where#x> SELECT ?s WHERE { ?s ?p ?n }",
    "# WHERE { in a comment\nSELECT ?s WHERE { ?s ?p ?n }",
    "SELECT ?s ?where WHERE { ?s ?p ?n OPTIONAL { ?s ?p ?where } }",
    "SELECT ?s { ?s ?p ?n FILTER(?n != \"where { x\") }",
    "SELECT ?s { ?s ?p ?n } # trailing where",
    "PREFIX where: <http://e/> SELECT ?s { ?s where:p ?n }",
    "SELECT * WHERE { { SELECT ?s ?n WHERE { ?s ?p ?n } } }",
])
def test_with_values_binds_in_the_where_group(query):
    assert len(_run(query, n=Literal("v"))) == 1
    assert _run(query, n=Literal("w")) == []


def test_with_values_in_construct_skips_the_template():
    text = "CONSTRUCT { ?s ?p ?n } WHERE { ?s ?p ?n }"
    bound = with_values(text, {"n": Literal("v")})
    assert bound.startswith("CONSTRUCT { ?s ?p ?n } WHERE { VALUES")


def test_with_values_several_terms_of_each_kind():
    bound = with_values("SELECT * WHERE { }", {"a": URIRef("http://e/x"), "b": Literal(3),
                                                 "c": Literal("chat", lang="fr"), "d": Literal("l1\nl2")})
    rows = list(ox.Store().query(bound))
    assert len(rows) == 1
    assert rows[0]["a"] == ox.NamedNode("http://e/x")
    assert rows[0]["c"] == ox.Literal("chat", language="fr")
    assert rows[0]["d"] == ox.Literal("l1\nl2")


def test_with_values_needs_a_group():
    with pytest.raises(ValueError, match="no WHERE group"):
        with_values("DESCRIBE <http://e/s>", {"n": Literal("v")})


def test_docstring_examples():
    result = doctest.testmod(kg.queries)
    assert result.attempted and not result.failed


# -- the Python API ------------------------------------------------------------------------------

def test_api_query_binds_named_parameters_by_kind(loaded):
    import kg

    people = kg.query(loaded, "entities", type=str(PERSON))
    assert people and {r["type"] for r in people} == {PERSON}
    assert kg.query(loaded, "meetings", participant='x" } DROP ALL #') == []
    with pytest.raises(ValueError, match="unknown parameter"):
        kg.query(loaded, "entities", nope="x")


def test_api_query_takes_sparql_text_with_terms(loaded):
    import kg

    text = "SELECT ?a WHERE { GRAPH ?a { ?a a ?t } }"
    rows = kg.query(loaded, text, t=URIRef("https://schema.org/NewsArticle"))
    assert [r["a"] for r in rows] == [SAMPLE_ARTICLE]


def test_api_docstring_examples(monkeypatch):
    import kg.api

    monkeypatch.chdir(SAMPLE.parent.parent)
    result = doctest.testmod(kg.api)
    assert result.attempted and not result.failed


def test_kg_extract_stays_callable_after_the_subpackage_is_imported():
    import kg
    import kg.extract
    from kg.extract import Extractor

    assert kg.extract.Extractor is Extractor
    extraction = kg.extract("Officials in Madrid said the talks would resume.", published="2020-01-02")
    assert extraction.article.published is not None
    assert kg.extract("Officials in Madrid said the talks would resume.").article.text.startswith("Officials")
