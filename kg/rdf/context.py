"""The compact JSON-LD ``@context`` for the graph contract's terms: readable keys for web developers.

Every key maps to exactly one contract term, so JSON-LD written with it parses back to the same quads:
>>> CONTEXT["label"]["@id"]
'http://www.w3.org/2000/01/rdf-schema#label'
>>> CONTEXT["counts"]["@type"]
'@vocab'
"""

from __future__ import annotations

from typing import Any

from rdflib.namespace import OWL, RDFS, SKOS, XSD

from kg.rdf.namespaces import GAF, NIF, NKG, PREFIXES, PROV, SCHEMA, SEM

_ID = "@id"


def _ref(term: str) -> dict[str, str]:
    """A property whose values are IRIs (written as plain strings)."""
    return {"@id": term, "@type": _ID}


def _vocab(term: str) -> dict[str, str]:
    """A property whose values are vocabulary terms (``"counts": "Killed"``)."""
    return {"@id": term, "@type": "@vocab"}


def _typed(term: str, datatype: str) -> dict[str, str]:
    return {"@id": term, "@type": datatype}


def _english(term: str) -> dict[str, str]:
    return {"@id": term, "@language": "en"}


_CLASSES = {
    "NewsArticle": SCHEMA.NewsArticle, "Person": SCHEMA.Person, "Country": SCHEMA.Country, "City": SCHEMA.City,
    "Place": SCHEMA.Place, "Organization": SCHEMA.Organization, "String": NIF.String,
    "Meeting": NKG.Meeting, "Visit": NKG.Visit, "Summit": NKG.Summit, "PhoneCall": NKG.PhoneCall,
    "Conference": NKG.Conference, "Figure": NKG.Figure, "Event": NKG.Event,
}
_INDIVIDUALS = {
    name: NKG[name] for name in (
        "Planned", "Killed", "Injured", "Displaced", "Returned", "Refugees", "Missing", "Arrested", "Troops",
        "People", "Visits", "Money", "Percent", "Other",
    )
}
_PROPERTIES: dict[str, Any] = {
    # articles
    "headline": str(SCHEMA.headline),
    "datePublished": _typed(str(SCHEMA.datePublished), str(XSD.date)),
    "url": str(SCHEMA.url),
    "sourceFile": str(NKG.sourceFile),
    "sha256": str(NKG.sha256),
    "isString": str(NIF.isString),
    # evidence spans
    "referenceContext": _ref(str(NIF.referenceContext)),
    "beginIndex": _typed(str(NIF.beginIndex), str(XSD.nonNegativeInteger)),
    "endIndex": _typed(str(NIF.endIndex), str(XSD.nonNegativeInteger)),
    "anchorOf": str(NIF.anchorOf),
    # entities
    "label": _english(str(RDFS.label)),
    "altLabel": _english(str(SKOS.altLabel)),
    "denotedBy": _ref(str(GAF.denotedBy)),
    "sameAs": _ref(str(OWL.sameAs)),
    # meetings
    "hasActor": _ref(str(SEM.hasActor)),
    "hasPlace": _ref(str(SEM.hasPlace)),
    "hasTimeStamp": str(SEM.hasTimeStamp),
    "dateText": str(NKG.dateText),
    "status": _vocab(str(NKG.status)),
    "evidence": _ref(str(NKG.evidence)),
    "wasDerivedFrom": _ref(str(PROV.wasDerivedFrom)),
    # figures
    "value": str(SCHEMA.value),
    "maxValue": str(SCHEMA.maxValue),
    "valueText": str(NKG.valueText),
    "counts": _vocab(str(NKG.counts)),
    "unitText": str(SCHEMA.unitText),
    "approximate": str(NKG.approximate),
    "about": _ref(str(NKG.about)),
}

CONTEXT: dict[str, Any] = {
    "id": "@id",
    "type": "@type",
    "graph": "@graph",
    **PREFIXES,
    **{name: str(iri) for name, iri in _CLASSES.items()},
    **{name: str(iri) for name, iri in _INDIVIDUALS.items()},
    **_PROPERTIES,
}


def json_ld_context() -> dict[str, Any]:
    """A fresh copy of the context (callers may add their own keys)."""
    return {key: dict(value) if isinstance(value, dict) else value for key, value in CONTEXT.items()}
