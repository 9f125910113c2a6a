"""N-Quads lines are exactly rdflib's own, whatever the terms and however often they repeat."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.nquads import _nq_row

from kg.rdf.serialize import nquad_lines

NON_NEGATIVE = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")

IRIS = st.sampled_from([URIRef("http://example.org/a"), URIRef("http://example.org/b"),
                        URIRef("http://example.org/a/span/1-2"), URIRef(DATASET_DEFAULT_GRAPH_ID)])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
LITERALS = st.one_of(
    TEXT.map(Literal),
    TEXT.map(lambda t: Literal(t, lang="en")),
    st.integers(min_value=0, max_value=10**6).map(lambda n: Literal(n, datatype=NON_NEGATIVE)),
    st.booleans().map(Literal),
)
QUADS = st.tuples(st.one_of(IRIS, st.just(BNode("b1"))), IRIS, st.one_of(IRIS, LITERALS),
                  st.one_of(IRIS, st.none(), st.just(DATASET_DEFAULT_GRAPH_ID)))


@settings(max_examples=200)
@given(st.lists(QUADS, max_size=30))
def test_lines_match_rdflib(quads: list) -> None:
    assert list(nquad_lines(quads)) == [_nq_row((s, p, o), g) for s, p, o, g in quads]


def test_a_literal_and_an_iri_with_the_same_text_stay_apart() -> None:
    iri, text = URIRef("http://example.org/x"), Literal("http://example.org/x")
    g = URIRef("http://example.org/g")
    lines = list(nquad_lines([(iri, iri, iri, g), (iri, iri, text, g)]))
    assert lines[0].split()[2] == "<http://example.org/x>"
    assert lines[1].split()[2] == '"http://example.org/x"'
