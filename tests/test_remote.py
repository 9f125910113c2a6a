"""The remote SPARQL store against real servers (Oxigraph server, Virtuoso) and small local HTTP stubs."""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import SAMPLE
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node
from sparql_servers import Server, fresh_oxigraph_server, oxigraph_server, sparql_server, virtuoso_server
from typer.testing import CliRunner

from kg.cli import app
from kg.queries import named_queries
from kg.run import load_paths
from kg.store import open_store
from kg.store.base import Row
from kg.store.embedded import EmbeddedStore
from kg.store.remote import EndpointAuthError, EndpointError, RemoteStore, endpoint_credentials, split_prologue

__all__ = ["fresh_oxigraph_server", "oxigraph_server", "sparql_server", "virtuoso_server"]  # fixtures, used by name

pytestmark = pytest.mark.server

_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in (
    "integer", "nonNegativeInteger", "positiveInteger", "int", "long", "decimal", "double", "float")}
_GROUP_CONCAT = re.compile(r'GROUP_CONCAT\([^;)]*;\s*separator\s*=\s*"([^"]*)"\s*\)\s+AS\s+\?(\w+)', re.I)
# Known, documented differences between servers that are not ours to paper over:
# Virtuoso, following XPath fn:replace, refuses REPLACE patterns that can match an empty string.


# -- helpers ---------------------------------------------------------------------------------
def comparable(term: Node | None) -> object:
    """A term as compared across servers: numbers by value (Oxigraph keeps integer subtypes as
    xsd:integer, Virtuoso keeps them), an empty GROUP_CONCAT the same as an unbound one."""
    if term is None or (isinstance(term, Literal) and str(term) == "" and not term.language):
        return None
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in _NUMERIC:
        return ("number", Decimal(str(term)))
    return term


def as_bag(rows: list[Row], query: str = "") -> list[tuple[tuple[str, str], ...]]:
    """Rows as a sorted bag; GROUP_CONCAT values as sorted parts (the order of the parts is undefined)."""
    separators = {name: sep for sep, name in _GROUP_CONCAT.findall(query)}

    def value(name: str, term: Node | None) -> str:
        if name in separators and isinstance(term, Literal) and str(term):
            return repr(sorted(str(term).split(separators[name])))
        return repr(comparable(term))

    return sorted(tuple(sorted((k, value(k, v)) for k, v in row.items())) for row in rows)


def remote(server: Server, **options: object) -> RemoteStore:
    """A store for ``server``: fast backoff so failure tests stay short."""
    options.setdefault("retries", 2)
    options.setdefault("backoff", 0.05)
    return RemoteStore(server.query, update_endpoint=server.update, **options)  # type: ignore[arg-type]


def graph_triples(store: RemoteStore | EmbeddedStore, graph: str) -> list[tuple[tuple[str, str], ...]]:
    _, rows = store.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph)})
    return as_bag(rows)


def as_graph(store: RemoteStore | EmbeddedStore, graph: str) -> Graph:
    """One named graph as an rdflib graph, numbers by value (servers keep integer subtypes or not)."""
    _, rows = store.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph)})
    result = Graph()
    for row in rows:
        o = row["o"]
        if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) in _NUMERIC:
            o = Literal(Decimal(str(o)))
        result.add((row["s"], row["p"], o))  # type: ignore[arg-type]
    return result


def assert_same_graphs(store: RemoteStore, reference: EmbeddedStore) -> None:
    """Every graph of the reference store holds the same triples on the server: no more, no less
    (blank nodes, which the ontology's OWL lists use, compared up to renaming)."""
    for graph in reference.graph_names():
        theirs, ours = as_graph(store, graph), as_graph(reference, graph)
        assert len(theirs) == len(ours), graph
        assert isomorphic(theirs, ours), graph


PARAMETER_VALUES: dict[str, Node] = {
    "participant": Literal("Putin"), "name": Literal("Putin"), "type": URIRef("https://schema.org/Person"),
    "category": URIRef("https://w3id.org/newskg/ontology#Killed"),
}


@pytest.fixture(scope="module")
def reference() -> Iterator[EmbeddedStore]:
    """The embedded store with the bundled sample: what every server must answer alike."""
    store = EmbeddedStore(None)
    report = load_paths([SAMPLE], store)
    assert report.ok, report.errors
    yield store
    store.close()


@pytest.fixture(scope="module")
def loaded_once() -> dict[str, RemoteStore]:
    return {}


@pytest.fixture
def loaded(sparql_server: Server, loaded_once: dict[str, RemoteStore]) -> RemoteStore:
    """The server with the sample loaded (once per server: loading runs the spaCy pipeline)."""
    if sparql_server.name not in loaded_once:
        store = remote(sparql_server)
        report = load_paths([SAMPLE], store)
        assert report.ok and report.articles == 1, report.errors
        loaded_once[sparql_server.name] = store
    return loaded_once[sparql_server.name]


# -- against real servers --------------------------------------------------------------------
@pytest.mark.parametrize("query_name", sorted(named_queries()))
def test_every_named_query_gives_the_embedded_rows(loaded: RemoteStore, reference: EmbeddedStore,
                                                   sparql_server: Server, query_name: str) -> None:
    query = named_queries()[query_name]
    article = next(g for g in reference.graph_names() if "/article/" in g)
    cases: list[dict[str, Node]] = [{}]
    for p in query.parameters:
        value = URIRef(article) if p.name == "article" else PARAMETER_VALUES.get(p.name)
        if value is not None:
            cases.append({p.name: value})
    for bindings in cases:
        names, rows = reference.select(query.text, bindings)
        remote_names, remote_rows = loaded.select(query.text, bindings)
        assert remote_names == names
        assert as_bag(remote_rows, query.text) == as_bag(rows, query.text), (query_name, bindings)


def test_load_replaces_graphs_whole_and_reload_is_idempotent(loaded: RemoteStore, reference: EmbeddedStore) -> None:
    assert_same_graphs(loaded, reference)
    count = loaded.count_triples()
    again = load_paths([SAMPLE], loaded)
    assert again.ok and again.articles == 1
    assert loaded.count_triples() == count
    assert_same_graphs(loaded, reference)


def test_sparql_update_path_in_small_batches(sparql_server: Server, reference: EmbeddedStore) -> None:
    """Without a Graph Store endpoint: DROP SILENT GRAPH + INSERT DATA, many requests per article."""
    store = remote(sparql_server, graph_store="none", batch_bytes=4000)
    assert store.graph_store() is None
    for _ in range(2):
        before = store.requests
        report = load_paths([SAMPLE], store)
        assert report.ok, report.errors
        assert store.requests - before > 3  # the article took several INSERT DATA batches
    assert_same_graphs(store, reference)


def test_results_past_a_row_cap_are_paged(loaded: RemoteStore, reference: EmbeddedStore,
                                          sparql_server: Server) -> None:
    """Virtuoso's fixture caps results at 40 rows and says so; Oxigraph is told a cap of 25."""
    article = next(g for g in reference.graph_names() if "/article/" in g)
    store = remote(sparql_server, max_rows=None if sparql_server.name == "virtuoso" else 25)
    expected = graph_triples(reference, article)
    assert len(expected) > 100
    assert graph_triples(store, article) == expected


def test_server_killed_mid_batch_then_rerun(sparql_server: Server, reference: EmbeddedStore, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("first", "second", "third"):
        shutil.copy(SAMPLE, inputs / f"{name}-{sparql_server.name}.txt")
    expected = EmbeddedStore(None)
    assert load_paths([inputs], expected).ok

    original = RemoteStore._replace_graph
    written: list[URIRef] = []

    def crash_after_ontology_and_one_article(self: RemoteStore, graph: URIRef, triples: list) -> None:
        if len(written) == 2:
            sparql_server.kill()
        original(self, graph, triples)
        written.append(graph)

    monkeypatch.setattr(RemoteStore, "_replace_graph", crash_after_ontology_and_one_article)
    monkeypatch.setenv("KG_ENDPOINT_RETRIES", "2")
    monkeypatch.setenv("KG_ENDPOINT_BACKOFF", "0.05")
    args = ["load", str(inputs), "--endpoint", sparql_server.query, "--update-endpoint", sparql_server.update]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    err = result.stderr
    assert "second" in err and "third" in err and "first" not in err.split("loaded")[0]
    assert sparql_server.update.split("/")[2] in err  # the endpoint (host:port) is named
    assert "failed after 3 attempts" in err
    assert "loaded 1 articles" in err and "2 failed" in err

    monkeypatch.setattr(RemoteStore, "_replace_graph", original)
    sparql_server.start()
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "loaded 3 articles" in result.stderr
    assert_same_graphs(remote(sparql_server), expected)


def test_unreachable_endpoint_is_retried_then_named(tmp_path: Path) -> None:
    from sparql_servers import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    delays: list[float] = []
    store = RemoteStore(url, retries=3, backoff=0.1, sleep=delays.append)
    with pytest.raises(EndpointError, match=r"127\.0\.0\.1:\d+/sparql: query failed after 4 attempts") as info:
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert isinstance(info.value, OSError)
    assert delays == [0.1, 0.2, 0.4]


def test_virtuoso_digest_auth(virtuoso_server: Server, monkeypatch: pytest.MonkeyPatch,
                              reference: EmbeddedStore) -> None:
    """``/sparql-auth`` wants digest credentials: right ones load (via the authenticated Graph Store), wrong fail."""
    assert virtuoso_server.auth_query and virtuoso_server.user and virtuoso_server.password
    monkeypatch.setenv("KG_ENDPOINT_USER", virtuoso_server.user)
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", virtuoso_server.password)
    store = RemoteStore(virtuoso_server.auth_query, retries=2, backoff=0.05)
    assert load_paths([SAMPLE], store).ok
    assert (store.graph_store() or "").endswith("/sparql-graph-crud-auth")
    assert_same_graphs(store, reference)

    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "not-the-password")
    delays: list[float] = []
    wrong = RemoteStore(virtuoso_server.auth_query, retries=3, backoff=0.05, sleep=delays.append)
    with pytest.raises(EndpointAuthError, match="HTTP 401") as info:
        wrong.select("ASK { ?s ?p ?o }")
    assert "not-the-password" not in str(info.value)
    assert delays == []


def test_cli_load_and_query_match_the_embedded_store(fresh_oxigraph_server: Server, tmp_path: Path) -> None:
    oxigraph_server = fresh_oxigraph_server
    runner = CliRunner()
    local = ["--store", str(tmp_path / "store")]
    endpoint = ["--endpoint", oxigraph_server.query]
    assert runner.invoke(app, ["load", str(SAMPLE), *local]).exit_code == 0
    result = runner.invoke(app, ["load", str(SAMPLE), *endpoint, "--update-endpoint", oxigraph_server.update])
    assert result.exit_code == 0, result.stderr
    kg = str(Path(sys.executable).with_name("kg"))
    for name in ("meetings", "entities"):  # as separate processes: what a user runs
        mine = subprocess.run([kg, "query", name, "--format", "csv", *local], capture_output=True, text=True)
        theirs = subprocess.run([kg, "query", name, "--format", "csv", *endpoint], capture_output=True, text=True)
        assert mine.returncode == theirs.returncode == 0, theirs.stderr
        assert theirs.stdout.splitlines()[0] == mine.stdout.splitlines()[0]  # the header
        assert len(theirs.stdout.splitlines()) == len(mine.stdout.splitlines()), name
        if name == "meetings":
            assert theirs.stdout == mine.stdout
    out = tmp_path / "all.nq"
    assert runner.invoke(app, ["export", "-o", str(out), *endpoint]).exit_code == 0
    exported = EmbeddedStore(None)
    exported.load_file(out)
    assert exported.count_triples() == open_store(oxigraph_server.query).count_triples()


# -- against local stubs: authentication and status handling ---------------------------------
class _Stub(http.server.BaseHTTPRequestHandler):
    """Answers every POST with the next queued status; counts requests."""

    statuses: ClassVar[list[int]] = []
    seen: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append(self.headers.get("Authorization"))
        status = type(self).statuses.pop(0) if type(self).statuses else 200
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="kg-test"')
        body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}'
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[tuple[str, type[_Stub]]]:
    handler = type("Stub", (_Stub,), {"statuses": [], "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", handler
    server.shutdown()
    server.server_close()


def test_wrong_basic_password_fails_at_once(stub: tuple[str, type[_Stub]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, handler = stub
    handler.statuses = [401, 401, 401, 401]
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong-secret")
    delays: list[float] = []
    with pytest.raises(EndpointAuthError) as info:
        RemoteStore(url, retries=3, sleep=delays.append).select("SELECT ?x WHERE { ?x ?p ?o }")
    message = str(info.value)
    assert url in message and "401" in message and "KG_ENDPOINT_USER" in message
    assert "wrong-secret" not in message
    assert delays == []
    assert len(handler.seen) == 2  # the challenge, then one try with the credentials
    assert handler.seen[1] is not None and handler.seen[1].startswith("Basic ")


def test_5xx_is_retried_with_backoff_and_4xx_is_not(stub: tuple[str, type[_Stub]]) -> None:
    url, handler = stub
    handler.statuses = [503, 502]
    delays: list[float] = []
    store = RemoteStore(url, retries=4, backoff=0.5, sleep=delays.append)
    names, rows = store.select("SELECT ?x WHERE { ?x ?p ?o }")
    assert names == ["x"] and rows == [{"x": Literal("ok")}]
    assert delays == [0.5, 1.0]

    handler.statuses, delays[:] = [400], []
    with pytest.raises(EndpointError, match="HTTP 400"):
        store.select("SELECT ?x WHERE { ?x ?p ?o }")
    assert delays == []


def test_credentials_from_environment_then_netrc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert endpoint_credentials("https://db.example.org/sparql") is None
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine db.example.org login alice password s3cret\n", encoding="utf-8")
    netrc.chmod(0o600)
    assert endpoint_credentials("https://db.example.org/sparql") == ("alice", "s3cret")
    assert endpoint_credentials("https://other.example.org/sparql") is None
    monkeypatch.setenv("KG_ENDPOINT_USER", "bob")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "pw")
    assert endpoint_credentials("https://db.example.org/sparql") == ("bob", "pw")


def test_split_prologue_keeps_prefixes_apart() -> None:
    prologue, body = split_prologue("# c\nPREFIX a: <http://a#>\nBASE <http://b/>\nSELECT ?x WHERE { ?x a:p '#' }")
    assert prologue.endswith("BASE <http://b/>") and body == "SELECT ?x WHERE { ?x a:p '#' }"
