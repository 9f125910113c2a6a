"""The Python API: the same functions the CLI calls, for notebooks and other programs.

>>> import kg
>>> x = kg.extract("Angela Merkel met Emmanuel Macron in Paris on Tuesday.")
>>> sorted(e.label for e in x.entities)
['Angela Merkel', 'Emmanuel Macron', 'Paris']
"""

from __future__ import annotations

import datetime as dt
import hashlib

from kg.model import Extraction
from kg.read.txt import article_from_text
from kg.settings import Settings


def extract(text: str, *, id: str = "text", published: dt.date | str | None = None,
            settings: Settings | None = None) -> Extraction:
    """Extract entities, meetings and figures from one text."""
    settings = settings or Settings()
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    article = article_from_text(text, id=id, source_file=f"{id}.txt",
                                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), published=published)
    from kg.extract import Extractor

    return Extractor(settings.pipeline, batch_size=settings.batch_size).extract(article)
