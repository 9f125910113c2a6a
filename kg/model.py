"""Plain, frozen records passed between the stages: read -> extract -> rdf -> store.

Nothing here imports spaCy or rdflib. Offsets are Python ``str`` offsets into ``Article.text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EntityType(StrEnum):
    """The contract's entity classes (local names in schema.org)."""

    PERSON = "Person"
    COUNTRY = "Country"
    CITY = "City"
    PLACE = "Place"
    ORGANIZATION = "Organization"

    @property
    def coarse(self) -> str:
        """person, place or organization: the part of the IRI shared by all place types."""
        if self in (EntityType.COUNTRY, EntityType.CITY, EntityType.PLACE):
            return "place"
        return self.value.lower()


class MeetingKind(StrEnum):
    """Subclasses of nkg:Meeting; MEETING alone means no narrower kind is known."""

    MEETING = "Meeting"
    VISIT = "Visit"
    SUMMIT = "Summit"
    PHONE_CALL = "PhoneCall"
    CONFERENCE = "Conference"


class Category(StrEnum):
    """The nkg:counts concept scheme."""

    KILLED = "Killed"
    INJURED = "Injured"
    DISPLACED = "Displaced"
    RETURNED = "Returned"
    REFUGEES = "Refugees"
    MISSING = "Missing"
    ARRESTED = "Arrested"
    TROOPS = "Troops"
    PEOPLE = "People"
    VISITS = "Visits"
    MONEY = "Money"
    PERCENT = "Percent"
    OTHER = "Other"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text: ``text == article.text[begin:end]``."""

    begin: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, begin: int, end: int) -> Span:
        return cls(begin, end, source[begin:end])


@dataclass(frozen=True, slots=True)
class Article:
    """One input document, as read. ``regions`` are the (begin, end) stretches of story text;
    everything outside them is page furniture that yields no facts."""

    id: str
    text: str
    source_file: str
    sha256: str
    headline: str | None = None
    published: dt.date | None = None
    url: str | None = None
    regions: tuple[tuple[int, int], ...] = ()
    from_html: bool = False

    def story_text(self) -> str:
        """The text with everything outside ``regions`` blanked out, offsets unchanged."""
        if not self.regions:
            return self.text
        chars = [c if c in "\r\n" else " " for c in self.text]
        for begin, end in self.regions:
            chars[begin:end] = self.text[begin:end]
        return "".join(chars)


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity named in one article."""

    type: EntityType
    label: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    same_as: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the entity across articles: coarse type and canonical name."""
        return (self.type.coarse, self.label)


@dataclass(frozen=True, slots=True)
class Event:
    """Something a figure is about when no entity fits ("the conflict", "the earthquake")."""

    label: str
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeStamp:
    """A resolved date at the precision the text gives: ``2017``, ``2017-11`` or ``2017-11-05``."""

    value: str

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month"}.get(len(self.value), "day")


@dataclass(frozen=True, slots=True)
class Meeting:
    kind: MeetingKind
    participants: tuple[int, ...]  # indexes into Extraction.entities
    evidence: tuple[Span, ...]
    place: int | None = None  # index into Extraction.entities
    date_text: str | None = None
    timestamp: TimeStamp | None = None
    planned: bool = False
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    value_text: str
    category: Category
    evidence: tuple[Span, ...]
    value: int | float | None = None
    max_value: int | float | None = None
    unit: str | None = None
    approximate: bool = False
    about_entity: int | None = None  # index into Extraction.entities
    about_event: int | None = None  # index into Extraction.events


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    failure: str | None = None  # set when the analysis of this article failed: it has no facts and is not loaded

    def to_graph(self, base: str | None = None) -> Any:
        """This article as an rdflib ``Dataset`` (one named graph), prefixes bound."""
        from kg.rdf.mapping import extraction_quads
        from kg.rdf.serialize import to_dataset
        from kg.settings import Settings

        return to_dataset(extraction_quads(self, base or Settings().base_iri))


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read; the batch goes on without it."""

    source: str
    cause: str

    def __str__(self) -> str:
        return f"{self.source}: {self.cause}"
