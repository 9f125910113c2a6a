"""newskg: news articles to an RDF knowledge graph of entities, meetings and figures."""

import sys
import types
from typing import Any

from kg.api import extract, load, query
from kg.model import Article, Entity, Extraction, Figure, Meeting
from kg.store import open_store

__all__ = ["Article", "Entity", "Extraction", "Figure", "Meeting", "extract", "load", "open_store", "query"]
__version__ = "0.1.0"


class _CallableModule(types.ModuleType):
    """The ``kg.extract`` subpackage, callable as the function :func:`kg.api.extract`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Extraction:
        from kg.api import extract as extract_text

        return extract_text(*args, **kwargs)


class _Package(types.ModuleType):
    """Importing the ``kg.extract`` subpackage sets ``kg.extract`` to it; keep ``kg.extract(text)`` working."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "extract" and isinstance(value, types.ModuleType):
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
