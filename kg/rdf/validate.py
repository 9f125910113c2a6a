"""Check RDF against ``ontology/shapes.ttl`` with pyshacl (a test dependency, imported only when used)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph

from kg.rdf.namespaces import bind_prefixes
from kg.resources import ontology_file

_PARSE_FORMATS = {".nq": "nquads", ".nt": "nt", ".trig": "trig", ".ttl": "turtle", ".jsonld": "json-ld"}


@dataclass(frozen=True, slots=True)
class ShapeReport:
    """The outcome of a validation: ``conforms`` and pyshacl's report text."""

    conforms: bool
    text: str
    violations: int

    def __bool__(self) -> bool:
        return self.conforms


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes of the graph contract, parsed once."""
    return bind_prefixes(Graph()).parse(ontology_file("shapes.ttl"), format="turtle")


def read_rdf(path: Path) -> Dataset:
    """An RDF file (.nq .nt .trig .ttl .jsonld) as a Dataset, named graphs kept."""
    fmt = _PARSE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: not an RDF file (.nq, .nt, .trig, .ttl, .jsonld)")
    dataset = Dataset()
    try:
        dataset.parse(path, format=fmt)
    except OSError:
        raise
    except Exception as exc:  # rdflib raises parser-specific errors
        raise ValueError(f"{path}: cannot parse as {fmt}: {exc}") from exc
    return dataset


def validate(data: Graph | Dataset | Path | str) -> ShapeReport:
    """Validate a graph, a dataset or an RDF file against the shapes.

    In a dataset each named graph (one article) is validated on its own, as the contract says that
    one article is one graph; the default graph is validated too when it holds triples.
    Raises ``ModuleNotFoundError`` with an install hint when pyshacl is missing.
    """
    graph = read_rdf(Path(data)) if isinstance(data, Path | str) else data
    if not isinstance(graph, Dataset):
        return _validate_one(graph)
    reports = [(g.identifier, _validate_one(g)) for g in graph.graphs() if len(g)]
    failed = [(name, r) for name, r in reports if not r.conforms]
    text = "\n".join(f"In graph <{name}>:\n{r.text}" for name, r in failed) or "Validation Report\nConforms: True\n"
    return ShapeReport(conforms=not failed, text=text, violations=sum(r.violations for _, r in failed))


def _validate_one(graph: Graph) -> ShapeReport:
    try:
        import pyshacl
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError("validation needs pyshacl: pip install 'newskg[test]' or pip install pyshacl") \
            from exc
    from rdflib.namespace import SH

    plain = Graph()
    for triple in graph:
        plain.add(triple)
    conforms, results, text = pyshacl.validate(
        plain, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=False,
    )
    count = sum(1 for _ in results.subjects(predicate=SH.resultSeverity)) if isinstance(results, Graph) else 0
    return ShapeReport(conforms=bool(conforms), text=str(text), violations=count)
