"""Write quads to a file or stream; the format follows the file extension."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from rdflib import Dataset, URIRef
from rdflib.plugins.serializers.nquads import _nq_row
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
    """N-Quads lines, one per quad, written by rdflib's own term serialisation."""
    for s, p, o, g in quads:
        yield _nq_row((s, p, o), g)


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
