"""The one protocol every store implements; everything above ``kg/store`` speaks only this."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import URIRef
from rdflib.term import Node

Quad = tuple[Node, Node, Node, URIRef]
Row = dict[str, Node | None]


@dataclass(frozen=True, slots=True)
class LoadReport:
    graphs: int
    triples: int


class TripleStore(Protocol):
    """A quad store that replaces whole named graphs and answers SPARQL."""

    def replace_graphs(self, graphs: Mapping[URIRef, Sequence[Quad]]) -> LoadReport:
        """Replace each named graph whole with the given quads, atomically per call where possible."""
        ...

    def load_file(self, path: Path) -> LoadReport:
        """Bulk-load an RDF file (.nq, .nt, .trig, .ttl), replacing the named graphs it contains."""
        ...

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> tuple[list[str], list[Row]]:
        """Run a SELECT (or ASK) query with variables bound to terms; returns (variables, rows)."""
        ...

    def export(self, out: Path) -> int:
        """Write every quad to ``out`` (format from its extension); returns the number written."""
        ...

    def count_triples(self) -> int: ...

    def close(self) -> None: ...


def quads_by_graph(quads: Iterable[Quad]) -> dict[URIRef, list[Quad]]:
    """Group quads by their graph, keeping order."""
    grouped: dict[URIRef, list[Quad]] = {}
    for quad in quads:
        grouped.setdefault(quad[3], []).append(quad)
    return grouped
