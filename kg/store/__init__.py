"""Triple stores behind one protocol: embedded Oxigraph (disk or memory) and remote SPARQL endpoints."""

from kg.store.base import LoadReport, Row, TripleStore
from kg.store.open import open_store

__all__ = ["LoadReport", "Row", "TripleStore", "open_store"]
