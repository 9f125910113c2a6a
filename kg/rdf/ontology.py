"""The ontology as quads in its own named graph, so that it travels with the data."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef

from kg.rdf.mapping import Quad
from kg.resources import ontology_file

ONTOLOGY_GRAPH = URIRef("https://w3id.org/newskg/ontology")


@cache
def ontology_quads() -> tuple[Quad, ...]:
    graph = Graph().parse(ontology_file(), format="turtle")
    return tuple((s, p, o, ONTOLOGY_GRAPH) for s, p, o in graph)  # type: ignore[misc]
