"""Deterministic IRIs: the same input and settings always give the same node."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize(name: str) -> str:
    """Fold case and accents, drop punctuation: "Mr. Smith's" and "mr smith s" agree."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def slug(text: str) -> str:
    """A readable, IRI-safe path segment for any input (percent-encoded where needed)."""
    words = normalize(text).replace(" ", "-") or "x"
    return quote(words[:120], safe="-")


def article_iri(base: str, article_id: str) -> URIRef:
    return URIRef(f"{base}article/{quote(article_id, safe='')}")


def entity_iri(base: str, coarse_type: str, name: str) -> URIRef:
    """One IRI per (coarse type, canonical name), shared by every article that names it."""
    return URIRef(f"{base}{coarse_type}/{slug(name)}")


def span_iri(article: URIRef, begin: int, end: int) -> URIRef:
    return URIRef(f"{article}/span/{begin}-{end}")


def local_iri(article: URIRef, kind: str, key: str) -> URIRef:
    """A node that lives inside one article: a meeting, a figure, an event."""
    return URIRef(f"{article}/{kind}/{quote(key, safe='-')}")
