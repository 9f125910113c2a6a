"""Injection: hostile strings in text, titles, URLs, ids, labels and query parameters stay literals.

They round-trip exactly through the embedded store (and the Oxigraph server, when it is installed) on
both write paths (first insert, then replacement via SPARQL Update), and change nothing else.
IRIs minted from any name or id are valid IRIs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from sparql_servers import oxigraph_server  # noqa: F401  (fixture)

from kg.model import (
    Article,
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
from kg.queries import resolve_query
from kg.rdf.iris import article_iri, entity_iri, local_iri, slug, span_iri
from kg.rdf.mapping import extraction_quads
from kg.store import open_store

BASE = "https://w3id.org/newskg/id/"
PAYLOADS = [
    '"', "'", "\\", '"""', "'''", "}", "{", ";", "DROP ALL", "INSERT DATA { GRAPH <x:g> { <x:a> <x:b> <x:c> } }",
    '" } ; DROP ALL ; INSERT DATA { <x:a> <x:b> "', "'''} ; CLEAR ALL #", "\n", "\r\n", "\r", "<script>",
    "<http://evil.example/>", "> . <x:s> <x:p> <x:o> .", "\x01\x07\x1b\x7f\x0b\x0c", "\t", "\\u0022", "\\n",
    "@en", "^^<http://www.w3.org/2001/XMLSchema#integer>", "# comment", "?x $y", "\u2028\u2029\x85", "😀 🇫🇷",
    "\ufeff", "%00%22", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://evil.example/x.ttl>", "SERVICE <http://x/> {}",
]
ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
GRAPH_QUADS = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def hostile_extraction(article_id: str, payloads: list[str], text: str | None = None) -> Extraction:
    """An extraction whose every string slot (text, title, URL, id, labels, value texts) holds payloads."""
    if text is None:
        text = "Start " + " | ".join(payloads) + " end."
    spans, at = [], 0
    for p in payloads:
        begin = text.find(p, at) if p else -1
        if begin >= 0:
            spans.append(Span.of(text, begin, begin + len(p)))
            at = begin + len(p)
    labels = [p for p in payloads if p.strip()] or ["x"]
    entities = tuple(Entity(type=list(EntityType)[i % len(EntityType)], label=label + f" #{i}",
                            aliases=(label, label + label), mentions=tuple(spans[i:i + 2]))
                     for i, label in enumerate(labels))
    joined = "".join(payloads)
    return Extraction(
        article=Article(id=article_id, text=text, source_file=joined + ".txt", sha256=joined,
                        headline=joined or None, url=joined or None),
        entities=entities,
        events=(Event(label=joined or "x", mentions=tuple(spans[:1])),),
        meetings=(Meeting(kind=MeetingKind.SUMMIT, participants=(0, len(entities) - 1), evidence=tuple(spans[:1]),
                          place=0, date_text=joined or None, timestamp=TimeStamp("2018-05"), planned=True,
                          name=joined or None),),
        figures=(Figure(value_text=joined or "x", category=Category.OTHER,
                        evidence=tuple(spans[-1:]), value=3, unit=joined or None, about_event=0),),
    )


def n3_set(rows: list[dict], names: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {tuple(row[n].n3() for n in names) for row in rows}


def as_stored(term) -> str:
    """The term as Oxigraph gives it back: it stores xsd:nonNegativeInteger (nif:beginIndex) as xsd:integer."""
    from rdflib.namespace import XSD  # not at module level: pytest's collection probes module globals

    if isinstance(term, Literal) and term.datatype == XSD.nonNegativeInteger:
        return Literal(str(term), datatype=XSD.integer).n3()
    return term.n3()


def graph_contents(store, graph: URIRef) -> set[tuple[str, ...]]:
    _, rows = store.select(GRAPH_QUADS, {"g": graph})
    return n3_set(rows, ("s", "p", "o"))


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path) -> Iterator:
    target = "memory" if request.param == "memory" else tmp_path / "store"
    opened = open_store(target)
    yield opened
    opened.close()


def round_trip(store, extractions: list[Extraction]) -> None:
    """Write twice (insert, then replace), check every quad comes back exactly and nothing else changed."""
    sentinel = hostile_extraction("sentinel", ["plain text"])
    store.replace_graphs({article_iri(BASE, "sentinel"): extraction_quads(sentinel, BASE)})
    mine = {article_iri(BASE, x.article.id): extraction_quads(x, BASE) for x in extractions}
    _, before_rows = store.select(ALL_QUADS)
    before = {q for q in n3_set(before_rows, ("s", "p", "o", "g")) if URIRef(q[3][1:-1]) not in mine}
    for _ in range(2):  # the first write inserts, the second replaces through a SPARQL Update
        store.replace_graphs(mine)
        for graph, quads in mine.items():
            assert graph_contents(store, graph) == {(s.n3(), p.n3(), as_stored(o)) for s, p, o, _ in quads}
        _, rows = store.select(ALL_QUADS)
        after = n3_set(rows, ("s", "p", "o", "g"))
        assert {q for q in after if URIRef(q[3][1:-1]) not in mine} == before  # nothing else changed
        assert len(after) == len(before) + sum(len(q) for q in mine.values())


def test_hostile_strings_round_trip_exactly_through_the_embedded_store(store):
    extractions = [hostile_extraction(p or "empty", [p]) for p in PAYLOADS]
    extractions.append(hostile_extraction("all" + "".join(PAYLOADS), PAYLOADS))
    round_trip(store, extractions)
    query = "PREFIX schema: <https://schema.org/> SELECT ?h WHERE { GRAPH ?g { ?a schema:headline ?h } }"
    _, rows = store.select(query, {"g": article_iri(BASE, "all" + "".join(PAYLOADS))})
    assert [str(r["h"]) for r in rows] == ["".join(PAYLOADS)]


def test_hostile_query_parameters_are_bound_as_one_term(store):
    text = "Start " + " | ".join(PAYLOADS) + " end."
    store.replace_graphs({article_iri(BASE, "p"): extraction_quads(hostile_extraction("p", PAYLOADS), BASE)})
    count = store.count_triples()
    for payload in PAYLOADS:
        echoed = store.select("SELECT ?v WHERE { BIND(STR(?x) AS ?v) }", {"x": Literal(payload)})[1]
        assert [str(r["v"]) for r in echoed] == [payload]
        _, rows = store.select(resolve_query("mentions").text, {"name": Literal(payload + " #0")})
        assert all(str(r["anchor"]) in text for r in rows)
    assert store.count_triples() == count


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=4), st.text(min_size=1, max_size=40))
def test_property_any_strings_round_trip_through_the_embedded_store(payloads, article_id):
    store = open_store("memory")
    round_trip(store, [hostile_extraction(article_id, payloads)])


@pytest.mark.server
def test_hostile_strings_round_trip_through_the_oxigraph_server(oxigraph_server):  # noqa: F811
    remote = open_store(oxigraph_server.query, update_endpoint=oxigraph_server.update,
                        graph_store=oxigraph_server.graph_store, timeout=30)
    try:
        extractions = [hostile_extraction("remote-" + p, [p]) for p in PAYLOADS]
        extractions.append(hostile_extraction("remote-all" + "".join(PAYLOADS), PAYLOADS))
        round_trip(remote, extractions)
    finally:
        remote.close()


# -- IRIs ------------------------------------------------------------------------------------------

IRI_OK = re.compile(r"^https://w3id\.org/newskg/id/(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})*$")


def assert_valid_iri(iri: URIRef) -> None:
    assert IRI_OK.match(str(iri)), iri
    ox.NamedNode(str(iri))  # Oxigraph validates RFC 3987
    parsed = list(ox.parse(f"{iri.n3()} <x:p> <x:o> .", format=ox.RdfFormat.N_TRIPLES))
    assert parsed[0].subject.value == str(iri)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=200), st.text(max_size=60), st.integers(0, 10**9), st.integers(0, 10**9))
def test_property_minted_iris_are_valid_for_any_input(name, key, begin, end):
    article = article_iri(BASE, name)
    for iri in (article, entity_iri(BASE, "person", name), entity_iri(BASE, "place", key),
                local_iri(article, "figure", key), local_iri(article, "event", slug(name)),
                span_iri(article, begin, end)):
        assert_valid_iri(iri)
    assert article_iri(BASE, name) == article  # deterministic
    assert (article_iri(BASE, key) == article) == (key == name)  # distinct ids never share a graph


def test_iris_for_payloads_are_valid():
    for p in PAYLOADS:
        assert_valid_iri(article_iri(BASE, p))
        assert_valid_iri(entity_iri(BASE, "organization", p))
