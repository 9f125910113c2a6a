"""newskg: news articles to an RDF knowledge graph of entities, meetings and figures."""

from kg.api import extract
from kg.model import Article, Entity, Extraction, Figure, Meeting
from kg.store import open_store

__all__ = ["Article", "Entity", "Extraction", "Figure", "Meeting", "extract", "open_store"]
__version__ = "0.1.0"
