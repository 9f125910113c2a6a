"""Extraction -> quads, as pure functions over rdflib terms. Every quad lands in the article's graph."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.model import Extraction, Figure, Meeting, MeetingKind, Span
from kg.rdf.iris import article_iri, entity_iri, local_iri, slug, span_iri
from kg.rdf.namespaces import GAF, NIF, NKG, PROV, SCHEMA, SEM

Quad = tuple[Node, Node, Node, URIRef]
_PRECISION_TYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
# the terms written for every mention, looked up once (an rdflib namespace look-up checks the name each time)
_TYPE, _LABEL, _ALT_LABEL, _DENOTED_BY = RDF.type, RDFS.label, SKOS.altLabel, GAF.denotedBy
_STRING, _CONTEXT, _ANCHOR = NIF.String, NIF.referenceContext, NIF.anchorOf
_BEGIN, _END, _NON_NEGATIVE = NIF.beginIndex, NIF.endIndex, XSD.nonNegativeInteger


@lru_cache(maxsize=65536)
def _offset(value: int) -> Literal:
    """A character offset as a literal; offsets repeat across the spans of an article (begin of one, end of another)."""
    return Literal(value, datatype=_NON_NEGATIVE)


def _number(value: int | float) -> Literal:
    if isinstance(value, int) or float(value).is_integer():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(repr(float(value)), datatype=XSD.decimal)


class _Writer:
    """Collects the triples of one article into its named graph."""

    def __init__(self, extraction: Extraction, base: str) -> None:
        self.x = extraction
        self.base = base
        self.article = article_iri(base, extraction.article.id)
        self.quads: list[Quad] = []
        self.entity_nodes = [entity_iri(base, e.type.coarse, e.label) for e in extraction.entities]
        self.event_nodes = [local_iri(self.article, "event", slug(ev.label)) for ev in extraction.events]

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.quads.append((s, p, o, self.article))

    def span(self, span: Span) -> URIRef:
        node = span_iri(self.article, span.begin, span.end)
        self.add(node, _TYPE, _STRING)
        self.add(node, _CONTEXT, self.article)
        self.add(node, _BEGIN, _offset(span.begin))
        self.add(node, _END, _offset(span.end))
        self.add(node, _ANCHOR, Literal(span.text))
        return node

    def write(self) -> list[Quad]:
        self._article()
        self._entities()
        self._events()
        for number, meeting in enumerate(self.x.meetings, start=1):
            self._meeting(number, meeting)
        for number, figure in enumerate(self.x.figures, start=1):
            self._figure(number, figure)
        return self.quads

    def _article(self) -> None:
        a, art = self.article, self.x.article
        self.add(a, RDF.type, SCHEMA.NewsArticle)
        self.add(a, NKG.sourceFile, Literal(art.source_file))
        self.add(a, NKG.sha256, Literal(art.sha256))
        self.add(a, NIF.isString, Literal(art.text))
        if art.headline:
            self.add(a, SCHEMA.headline, Literal(art.headline))
        if art.published:
            self.add(a, SCHEMA.datePublished, Literal(art.published.isoformat(), datatype=XSD.date))
        if art.url:
            self.add(a, SCHEMA.url, Literal(art.url))

    def _entities(self) -> None:
        for node, entity in zip(self.entity_nodes, self.x.entities, strict=True):
            self.add(node, _TYPE, SCHEMA[entity.type.value])
            self.add(node, _LABEL, Literal(entity.label, lang="en"))
            for alias in entity.aliases:
                self.add(node, _ALT_LABEL, Literal(alias, lang="en"))
            for mention in entity.mentions:
                self.add(node, _DENOTED_BY, self.span(mention))
            for iri in entity.same_as:
                self.add(node, OWL.sameAs, URIRef(iri))

    def _events(self) -> None:
        for node, event in zip(self.event_nodes, self.x.events, strict=True):
            self.add(node, RDF.type, NKG.Event)
            self.add(node, RDFS.label, Literal(event.label, lang="en"))
            for mention in event.mentions:
                self.add(node, GAF.denotedBy, self.span(mention))

    def _meeting(self, number: int, meeting: Meeting) -> None:
        node = local_iri(self.article, "meeting", str(number))
        self.add(node, RDF.type, NKG.Meeting)
        if meeting.kind is not MeetingKind.MEETING:
            self.add(node, RDF.type, NKG[meeting.kind.value])
        for index in meeting.participants:
            self.add(node, SEM.hasActor, self.entity_nodes[index])
        if meeting.place is not None:
            self.add(node, SEM.hasPlace, self.entity_nodes[meeting.place])
        if meeting.date_text:
            self.add(node, NKG.dateText, Literal(meeting.date_text))
        if meeting.timestamp:
            stamp = meeting.timestamp
            self.add(node, SEM.hasTimeStamp, Literal(stamp.value, datatype=_PRECISION_TYPES[stamp.precision]))
        if meeting.planned:
            self.add(node, NKG.status, NKG.Planned)
        if meeting.name:
            self.add(node, RDFS.label, Literal(meeting.name, lang="en"))
        for span in meeting.evidence:
            self.add(node, NKG.evidence, self.span(span))
        self.add(node, PROV.wasDerivedFrom, self.article)

    def _figure(self, number: int, figure: Figure) -> None:
        node = local_iri(self.article, "figure", str(number))
        self.add(node, RDF.type, NKG.Figure)
        self.add(node, NKG.valueText, Literal(figure.value_text))
        self.add(node, NKG.counts, NKG[figure.category.value])
        if figure.value is not None:
            self.add(node, SCHEMA.value, _number(figure.value))
        if figure.max_value is not None:
            self.add(node, SCHEMA.maxValue, _number(figure.max_value))
        if figure.unit:
            self.add(node, SCHEMA.unitText, Literal(figure.unit))
        self.add(node, NKG.approximate, Literal(figure.approximate))
        if figure.about_entity is not None:
            self.add(node, NKG.about, self.entity_nodes[figure.about_entity])
        elif figure.about_event is not None:
            self.add(node, NKG.about, self.event_nodes[figure.about_event])
        for span in figure.evidence:
            self.add(node, NKG.evidence, self.span(span))
        self.add(node, PROV.wasDerivedFrom, self.article)


def extraction_quads(extraction: Extraction, base: str) -> list[Quad]:
    """All quads of one article, in a stable order, in the article's named graph (duplicates removed)."""
    return list(dict.fromkeys(_Writer(extraction, base).write()))


def iter_quads(extractions: Iterator[Extraction], base: str) -> Iterator[Quad]:
    for extraction in extractions:
        yield from extraction_quads(extraction, base)
