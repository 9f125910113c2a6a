"""One parsed article to one Extraction: entities first, then the facts that refer to them."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.entities import find_entities
from kg.extract.figures import find_figures
from kg.extract.meetings import find_meetings
from kg.model import Article, Extraction


def analyse(article: Article, doc: Doc) -> Extraction:
    """All facts of ``article``; ``doc`` is the parse of ``article.story_text()``."""
    index = find_entities(doc, article)
    meetings = find_meetings(doc, article, index)
    figures, events = find_figures(doc, article, index)
    return Extraction(
        article=article,
        entities=tuple(index.entities),
        meetings=tuple(meetings),
        figures=tuple(figures),
        events=tuple(events),
    )
