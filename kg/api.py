"""The Python API: the same functions the CLI calls, for notebooks and other programs.

>>> import kg
>>> x = kg.extract("Angela Merkel met Emmanuel Macron in Paris on Tuesday.")
>>> sorted(e.label for e in x.entities)
['Angela Merkel', 'Emmanuel Macron', 'Paris']
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.term import Node

from kg.model import Extraction
from kg.read.txt import article_from_text
from kg.settings import Settings

if TYPE_CHECKING:
    from kg.run import RunReport
    from kg.store.base import Row, TripleStore


def extract(text: str, *, id: str = "text", published: dt.date | str | None = None,
            settings: Settings | None = None) -> Extraction:
    """Extract entities, meetings and figures from one text."""
    settings = settings or Settings()
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    article = article_from_text(text, id=id, source_file=f"{id}.txt",
                                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), published=published)
    from kg.run import make_extractor

    return make_extractor(settings).extract(article)


def load(paths: Iterable[Path | str], store: TripleStore, *, published: dt.date | None = None,
         settings: Settings | None = None) -> RunReport:
    """Extract and load files or directories into ``store``; bad inputs are listed in ``report.errors``."""
    from kg.run import load_paths

    return load_paths([Path(p) for p in paths], store, settings=settings, published=published,
                      on_error=lambda message: None)


def query(store: TripleStore, name_or_text: str, **params: str | Node) -> list[Row]:
    """Rows of a named query (``"entities"``), a ``.rq`` file or SPARQL text; parameters bound as terms.

    A string parameter of a named query is converted as its ``# @param`` line says (IRI, literal, ...);
    an rdflib term is bound as it is.

    >>> import kg
    >>> store = kg.open_store("memory")
    >>> report = kg.load(["examples"], store)  # run from the checkout
    >>> rows = kg.query(store, "entities", type="https://schema.org/Person")
    >>> all(str(r["type"]) == "https://schema.org/Person" for r in rows)
    True
    """
    from kg.queries import parse_query, resolve_query

    is_text = "{" in name_or_text
    named = parse_query("query", name_or_text) if is_text else resolve_query(name_or_text)
    terms = {k: v for k, v in params.items() if isinstance(v, Node)}  # URIRef and Literal are str too
    raw = {k: str(v) for k, v in params.items() if k not in terms and not is_text}
    bindings: dict[str, Node] = dict(named.bindings(raw))
    bindings.update(terms)
    bindings.update({k: Literal(v) for k, v in params.items() if k not in terms and k not in raw})
    return store.select(named.text, bindings)[1]
