"""Text to facts. The only package that imports spaCy: ``Doc`` in, model objects out."""

from kg.extract.extractor import Extractor

__all__ = ["Extractor"]
