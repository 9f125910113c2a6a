"""The vocabularies of the graph contract; NKG fails on a misspelt term."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")


class NKG(DefinedNamespace):
    """newskg's own terms (``ontology/newskg.ttl``)."""

    _NS = Namespace("https://w3id.org/newskg/ontology#")
    _fail = True

    # classes
    Meeting: URIRef
    Visit: URIRef
    Summit: URIRef
    PhoneCall: URIRef
    Conference: URIRef
    Figure: URIRef
    Event: URIRef
    Status: URIRef
    CountCategory: URIRef
    # properties
    dateText: URIRef
    status: URIRef
    evidence: URIRef
    valueText: URIRef
    counts: URIRef
    approximate: URIRef
    about: URIRef
    sourceFile: URIRef
    sha256: URIRef
    # individuals
    Planned: URIRef
    CountCategories: URIRef
    Killed: URIRef
    Injured: URIRef
    Displaced: URIRef
    Returned: URIRef
    Refugees: URIRef
    Missing: URIRef
    Arrested: URIRef
    Troops: URIRef
    People: URIRef
    Visits: URIRef
    Money: URIRef
    Percent: URIRef
    Other: URIRef


PREFIXES: dict[str, str] = {
    "nkg": str(NKG._NS),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "prov": str(PROV),
    "nif": str(NIF),
    "gaf": str(GAF),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def nkg_terms() -> frozenset[URIRef]:
    """Every term NKG defines, as IRIs (the same set as the ``nkg:`` subjects of the ontology)."""
    return frozenset(NKG[name] for name in NKG.__annotations__)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the contract's prefixes explicitly (rdflib would otherwise invent ``ns1:``)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
