"""The embedded Oxigraph store (pyoxigraph), on disk or in memory."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kg.queries import with_values
from kg.rdf.serialize import nquad_lines
from kg.store.base import LoadReport, Quad, Row
from kg.store.convert import from_ox, to_ox, to_ox_quad

RDF_FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
}
GRAPH_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
T = TypeVar("T")


class StoreLockedError(OSError):
    """Another process is writing to the store."""


class QueryTimeoutError(TimeoutError):
    """A query ran past its time limit (``KG_QUERY_TIMEOUT`` or ``kg query --timeout``)."""


READ_ONLY_ATTEMPTS = 5  # a reader opening while a writer rotates its log may see a file vanish: retry


def _run_with_timeout(work: Callable[[], T], seconds: float | None) -> T:
    """``work()`` in a worker thread, given up after ``seconds`` (None or 0: no limit).

    pyoxigraph cannot cancel a query, but it releases the GIL while evaluating, so the caller gets
    control back on time; the abandoned worker is a daemon thread and ends with the process
    (``kg query`` exits right after reporting the timeout).
    """
    if not seconds:
        return work()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="kg-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryTimeoutError(f"stopped after {seconds:g} s (the query time limit; raise it with --timeout "
                                "or KG_QUERY_TIMEOUT)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def rdf_format(path: Path) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"{path}: not an RDF file (.nq, .nt, .trig, .ttl)") from None


class EmbeddedStore:
    """pyoxigraph ``Store``: every write is one transaction."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False, timeout: float | None = None) -> None:
        self.path = path
        self.read_only = read_only
        self.timeout = timeout
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = _open_read_only(path)
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"store {path} is in use by another kg process; wait for it to finish") from exc
            raise OSError(f"cannot open store {path}: {exc}") from exc

    # -- writing -------------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[URIRef, Sequence[Quad]]) -> LoadReport:
        """Replace the named graphs in one transaction: readers see whole articles or none.

        New graphs (the common case) go in as one N-Quads document parsed and inserted by Oxigraph
        (``Store.load``: one transaction, no Python object per quad); graphs that exist already are
        dropped and refilled by one SPARQL Update."""
        names = [ox.NamedNode(str(g)) for g in graphs]
        if not any(self._store.contains_named_graph(n) for n in names):
            quads = [q for group in graphs.values() for q in group]
            data = "".join(nquad_lines(quads)).encode("utf-8")
            self._store.load(input=data, format=ox.RdfFormat.N_QUADS)
            return LoadReport(graphs=len(names), triples=len(quads))
        ox_quads = [to_ox_quad(q) for quads in graphs.values() for q in quads]
        self._store.update(_replace_update(names, ox_quads))
        return LoadReport(graphs=len(names), triples=len(ox_quads))

    def load_file(self, path: Path) -> LoadReport:
        """Bulk-load an RDF file; the named graphs it holds are replaced, not merged.

        A first pass finds the file's graphs (a lenient parse: ``bulk_load`` validates), so that those
        already in the store are removed before the bulk load. A store with no named graph yet has
        nothing to replace, and skips that pass."""
        fmt = rdf_format(path)
        fresh = next(iter(self._store.named_graphs()), None) is None
        graphs: set[ox.NamedNode] = set()
        count = 0
        if fmt in GRAPH_FORMATS and not fresh:
            for quad in ox.parse(path=str(path), format=fmt, lenient=True):
                count += 1
                if isinstance(quad.graph_name, ox.NamedNode):
                    graphs.add(quad.graph_name)
            for graph in graphs:
                if self._store.contains_named_graph(graph):
                    self._store.remove_graph(graph)
        before = len(self._store)
        self._store.bulk_load(path=str(path), format=fmt)
        self._store.flush()
        if fmt in GRAPH_FORMATS and fresh:  # every named graph now in the store came from the file
            graphs = {g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}
        return LoadReport(graphs=len(graphs), triples=count or len(self._store) - before)

    # -- reading -------------------------------------------------------------------------------
    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> tuple[list[str], list[Row]]:
        """Rows of a SELECT (or ASK), within ``self.timeout`` seconds when one is set."""
        bound = dict(bindings or {})
        return _run_with_timeout(lambda: self._select(query, bound), self.timeout)

    def _query(self, query: str, bindings: dict[str, Node]) -> object:
        """Parameters bound by the portable VALUES clause (the same rows as on a remote store). Projected
        parameters are also passed as Oxigraph substitutions: in triple patterns they become constants the
        planner can use (a bound graph name turns a scan of every graph into a lookup), and the VALUES
        binding keeps the meaning where Oxigraph does not substitute (FILTER expressions)."""
        if not bindings:
            return self._store.query(query)
        text = with_values(query, bindings)
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(name): to_ox(term) for name, term in bindings.items()}
        try:
            return self._store.query(text, substitutions=substitutions)
        except RuntimeError as exc:  # Oxigraph substitutes projected variables only
            if "projection" not in str(exc):
                raise
        return self._store.query(text)

    def _select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], list[Row]]:
        result = self._query(query, bindings)
        if isinstance(result, bool):
            return ["answer"], [{"answer": from_ox(ox.Literal(str(result).lower(),
                                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")))}]
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("only SELECT and ASK queries return rows")
        names = [v.value for v in result.variables]
        rows = [{name: from_ox(solution[name]) for name in names} for solution in result]
        return names, rows

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def count_triples(self) -> int:
        return len(self._store)

    def export(self, out: Path) -> int:
        fmt = rdf_format(out)
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"{out}: export keeps named graphs; use .nq or .trig")
        self._store.dump(output=str(out), format=fmt)
        return len(self._store)

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()


def _open_read_only(path: Path) -> ox.Store:
    """A read-only view of the store on disk; retried briefly when a concurrent writer moves files under it."""
    if not path.is_dir():
        raise OSError("no store there (load something into it first)")
    for attempt in range(READ_ONLY_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except RuntimeError as exc:  # e.g. "Column family not found" while a writer is still creating the store
            if attempt == READ_ONLY_ATTEMPTS - 1:
                raise OSError(f"not readable yet (being created by another process?): {exc}") from exc
        except OSError as exc:
            if attempt == READ_ONLY_ATTEMPTS - 1 or "no such file" not in str(exc).lower():
                raise
        time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")


def _replace_update(graphs: Sequence[ox.NamedNode], quads: Sequence[ox.Quad]) -> str:
    """One SPARQL Update that drops and refills the graphs; all term text written by Oxigraph's serialiser.

    Each graph's triples are serialised whole as N-Triples (valid SPARQL triple syntax). No line splitting:
    N-Triples leaves U+2028, U+0085, form feeds and the like raw inside literals, so ``splitlines`` would
    cut a literal in two (found by tests/test_injection.py).
    """
    drops = " ".join(f"DROP SILENT GRAPH {g} ;" for g in graphs)
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in quads:
        by_graph.setdefault(str(quad.graph_name), []).append(quad.triple)
    blocks = []
    for graph, triples in by_graph.items():
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert data is not None
        blocks.append(f"GRAPH {graph} {{\n{data.decode('utf-8')}}}")
    return f"{drops} INSERT DATA {{ {' '.join(blocks)} }}"
