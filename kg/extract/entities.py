"""Entities: spaCy's named entities merged into one node per real-world entity, typed per the contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pycountry
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.pipeline import DATA
from kg.model import Article, Entity, EntityType, Span

LABEL_TYPES = {"PERSON": EntityType.PERSON, "ORG": EntityType.ORGANIZATION, "LOC": EntityType.PLACE,
               "FAC": EntityType.PLACE}
_TRIM = " \t\r\n.,;:!?\"'“”‘’()[]-–—"


@cache
def titles() -> frozenset[str]:
    lines = (DATA / "titles.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@cache
def is_country(name: str) -> bool:
    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


@dataclass
class EntityIndex:
    """The article's entities and which tokens mention which entity (by index into ``entities``)."""

    entities: list[Entity] = field(default_factory=list)
    token_entity: dict[int, int] = field(default_factory=dict)

    def entity_at(self, token_i: int) -> int | None:
        return self.token_entity.get(token_i)

    def entity_in(self, span: SpacySpan) -> int | None:
        """The first entity mentioned inside ``span``."""
        return next((self.token_entity[t.i] for t in span if t.i in self.token_entity), None)


def _clean(span: SpacySpan) -> SpacySpan | None:
    """Drop a leading "the", titles and a trailing possessive or punctuation from a mention."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the"} | titles() or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "’s", "'"} or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def _type_of(ent: SpacySpan, name: str) -> EntityType | None:
    if ent.label_ == "GPE":
        return EntityType.COUNTRY if is_country(name) else EntityType.CITY
    return LABEL_TYPES.get(ent.label_)


def find_entities(doc: Doc, article: Article) -> EntityIndex:
    """Group mentions by type and name; a person's surname joins the fullest name ending in it."""
    groups: dict[tuple[EntityType, str], list[tuple[SpacySpan, str]]] = {}
    for ent in doc.ents:
        clean = _clean(ent)
        if clean is None:
            continue
        name = clean.text.strip(_TRIM)
        etype = _type_of(ent, name)
        if etype is None or not name:
            continue
        surface = ent.text.strip(_TRIM)
        if surface.lower().startswith("the "):
            surface = surface[4:]
        groups.setdefault((etype, name), []).append((clean, surface.removesuffix("'s").removesuffix("’s")))
    # merge short person names into the fullest name that ends with them
    persons = sorted((n for t, n in groups if t is EntityType.PERSON), key=len, reverse=True)
    for short in persons:
        longer = next((n for n in persons if n != short and n.endswith(" " + short)), None)
        if longer:
            groups[(EntityType.PERSON, longer)].extend(groups.pop((EntityType.PERSON, short)))
    index = EntityIndex()
    for (etype, name), mentions in groups.items():
        number = len(index.entities)
        aliases = sorted({s for _, s in mentions if s != name} | {m.text for m, _ in mentions if m.text != name})
        spans = tuple(sorted({Span.of(article.text, m.start_char, m.end_char) for m, _ in mentions},
                             key=lambda s: s.begin))
        index.entities.append(Entity(type=etype, label=name, aliases=tuple(aliases), mentions=spans))
        for mention, _ in mentions:
            for token in mention:
                index.token_entity[token.i] = number
    return index
