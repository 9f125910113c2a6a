"""Write quads to a file or stream; the format follows the file extension."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, Any

from rdflib import Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

from kg.rdf.namespaces import bind_prefixes

FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "trig", ".jsonld": "json-ld", ".nt": "nquads"}
Quad = tuple[Node, Node, Node, URIRef]


def format_for(name: str) -> str:
    """The rdflib format for an output name; ``-`` is N-Quads."""
    if name == "-":
        return "nquads"
    for suffix, fmt in FORMATS.items():
        if name.lower().endswith(suffix):
            return fmt
    raise ValueError(f"{name}: unknown output format; use .nq, .trig, .ttl or .jsonld")


def to_dataset(quads: Iterable[Quad]) -> Dataset:
    ds = Dataset()
    bind_prefixes(ds)
    for s, p, o, g in quads:
        ds.add((s, p, o, g))  # type: ignore[arg-type]
    return ds


def nquad_lines(quads: Iterable[Quad]) -> Iterable[str]:
    """N-Quads lines, one per quad, written by rdflib's own term serialisation (``_nq_row``'s forms),
    each distinct term serialised once per batch of lines: graph names, predicates and spans repeat."""
    text, graph = _Memo(_term_text), _Memo(_graph_text)
    for s, p, o, g in quads:
        yield f"{text[s]} {text[p]} {text[o]} {graph[g]} .\n"
        if len(text) > _TERM_CACHE:
            text.clear()
            graph.clear()


_TERM_CACHE = 100_000  # terms remembered at most: memory stays flat on any corpus


class _Memo(dict[Any, str]):
    """key -> ``render(key)``, computed on first use (rdflib term equality: the same RDF term)."""

    def __init__(self, render: Callable[[Any], str]) -> None:
        super().__init__()
        self.render = render

    def __missing__(self, key: Any) -> str:
        value = self[key] = self.render(key)
        return value


def _term_text(term: Node) -> str:
    return _quoteLiteral(term) if isinstance(term, Literal) else term.n3()


def _graph_text(graph: Node | None) -> str:
    """A graph name's N-Quads text; the default graph has none."""
    return graph.n3() if graph is not None and graph != DATASET_DEFAULT_GRAPH_ID else ""


def write_quads(quads: Iterable[Quad], out: IO[str], fmt: str) -> None:
    """Stream N-Quads line by line; other formats go through an rdflib Dataset."""
    if fmt == "nquads":
        out.writelines(nquad_lines(quads))
        return
    options: dict[str, object] = {}
    if fmt == "json-ld":
        from kg.rdf.context import json_ld_context

        options = {"context": json_ld_context(), "auto_compact": True}
    data: str | bytes = to_dataset(quads).serialize(format=fmt, **options)  # type: ignore[call-overload]
    out.write(data if isinstance(data, str) else data.decode("utf-8"))
