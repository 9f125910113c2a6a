"""The ontology parses, defines every NKG term (and only those) and every nkg: term of the contract."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.model import Category, MeetingKind
from kg.rdf.namespaces import NKG, SCHEMA, SEM, nkg_terms
from kg.resources import ontology_file

CONTRACT = ROOT.parent / "shared" / "GRAPH_CONTRACT.md"
NS = str(NKG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def defined_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_ontology_parses_and_declares_itself(ontology):
    assert (URIRef("https://w3id.org/newskg/ontology"), RDF.type, OWL.Ontology) in ontology


def test_namespace_and_ontology_define_the_same_terms(ontology):
    assert defined_terms(ontology) == set(nkg_terms())


def test_no_term_is_used_without_being_defined(ontology):
    used = {t for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used <= defined_terms(ontology)


def test_misspelt_term_is_an_error():
    with pytest.raises(AttributeError):
        _ = NKG.Meting


def test_every_term_has_label_and_comment_or_definition(ontology):
    for term in defined_terms(ontology):
        assert ontology.value(term, RDFS.label) is not None, term
        assert (ontology.value(term, RDFS.comment) or ontology.value(term, SKOS.definition)) is not None, term
        assert (term, RDFS.isDefinedBy, URIRef("https://w3id.org/newskg/ontology")) in ontology, term


def test_every_property_has_domain_and_range(ontology):
    properties = {s for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for s in ontology.subjects(RDF.type, kind)}
    assert properties
    for prop in properties:
        assert ontology.value(prop, RDFS.domain) is not None, prop
        assert ontology.value(prop, RDFS.range) is not None, prop
    assert properties == {t for t in defined_terms(ontology) if t.fragment[0].islower()}


def test_alignment_to_reused_vocabularies(ontology):
    assert (NKG.Meeting, RDFS.subClassOf, SEM.Event) in ontology
    assert (NKG.Meeting, RDFS.subClassOf, SCHEMA.Event) in ontology
    assert (NKG.Figure, RDFS.subClassOf, SCHEMA.QuantitativeValue) in ontology
    for kind in MeetingKind:
        if kind is not MeetingKind.MEETING:
            assert (NKG[kind.value], RDFS.subClassOf, NKG.Meeting) in ontology
    assert (NKG.Planned, RDF.type, NKG.Status) in ontology
    assert (NKG.status, RDFS.range, NKG.Status) in ontology


def test_count_categories_are_a_skos_scheme_matching_the_model(ontology):
    assert (NKG.CountCategories, RDF.type, SKOS.ConceptScheme) in ontology
    concepts = set(ontology.subjects(SKOS.inScheme, NKG.CountCategories))
    assert concepts == {NKG[c.value] for c in Category}
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in ontology
        assert ontology.value(concept, SKOS.prefLabel) is not None
        assert ontology.value(concept, SKOS.definition) is not None
        assert (NKG.CountCategories, SKOS.hasTopConcept, concept) in ontology


def test_shapes_accept_exactly_the_scheme_for_nkg_counts(ontology):
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    node = next(shapes.subjects(SH.path, NKG.counts))
    members = set(shapes.items(shapes.value(node, SH["in"])))
    assert members == set(ontology.subjects(SKOS.inScheme, NKG.CountCategories))


@pytest.mark.skipif(not CONTRACT.is_file(), reason="the shared graph contract is not beside this checkout")
def test_every_nkg_term_of_the_contract_is_defined(ontology):
    names = set(re.findall(r"\bnkg:(\w+)", CONTRACT.read_text(encoding="utf-8")))
    assert names
    missing = {n for n in names if NKG._NS[n] not in defined_terms(ontology)}
    assert not missing
