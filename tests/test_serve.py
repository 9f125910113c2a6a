"""``kg serve``: the store served as a SPARQL 1.1 endpoint by the Oxigraph server, queried over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.queries import named_queries, with_values
from kg.rdf.namespaces import NKG, SCHEMA, SEM
from kg.serve import ServerError, free_port, oxigraph_executable, running_server, server_command
from kg.store import open_store

pytestmark = pytest.mark.server

ID = "https://w3id.org/newskg/id/"
G = URIRef(ID + "article/a1")
PUTIN, ASSAD = URIRef(ID + "person/putin"), URIRef(ID + "person/assad")


def _has_oxigraph() -> bool:
    try:
        oxigraph_executable()
    except ServerError:
        return False
    return True


needs_oxigraph = pytest.mark.skipif(not _has_oxigraph(), reason="the oxigraph server is not installed")


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A store on disk with one article: Solberg meets Varga."""
    meeting = URIRef(f"{G}#meeting-1")
    triples = [(G, RDF.type, SCHEMA.NewsArticle), (G, SCHEMA.headline, Literal("Varga meets Solberg")),
               (PUTIN, RDF.type, SCHEMA.Person), (PUTIN, RDFS.label, Literal("Ingrid Solberg", lang="en")),
               (ASSAD, RDF.type, SCHEMA.Person), (ASSAD, RDFS.label, Literal("Tomas Varga", lang="en")),
               (meeting, RDF.type, NKG.Meeting), (meeting, SEM.hasActor, PUTIN), (meeting, SEM.hasActor, ASSAD)]
    directory = tmp_path / "store"
    store = open_store(directory)
    store.replace_graphs({G: [(*t, G) for t in triples]})
    store.close()
    return directory


def _select(url: str, query: str) -> list[dict]:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]


@needs_oxigraph
def test_endpoint_answers_sparqlwrapper_queries(store_dir: Path) -> None:
    with running_server(store_dir, port=0) as endpoint:
        assert endpoint.host == "127.0.0.1" and endpoint.query.endswith("/query")
        rows = _select(endpoint.query, "SELECT ?g ?label WHERE { GRAPH ?g { ?p a <https://schema.org/Person> ;"
                                       " <http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?label")
        assert [(r["g"]["value"], r["label"]["value"]) for r in rows] == [
            (str(G), "Ingrid Solberg"), (str(G), "Tomas Varga")]
        # the named queries run unchanged over HTTP, parameters bound the same way as in the embedded store
        query = with_values(named_queries()["meetings"].text, {"participant": Literal("ingrid solberg")})
        meetings = _select(endpoint.query, query)
        assert len(meetings) == 1
        assert set(meetings[0]["participants"]["value"].split(" + ")) == {"Ingrid Solberg", "Tomas Varga"}


@needs_oxigraph
def test_read_only_by_default_and_serves_a_query_page(store_dir: Path) -> None:
    with running_server(store_dir, port=0) as endpoint:
        assert endpoint.update is None
        with urllib.request.urlopen(endpoint.page, timeout=10) as response:
            page = response.read().decode("utf-8")
        assert response.status == 200 and "<html" in page.lower()
        client = SPARQLWrapper(endpoint.query, updateEndpoint=endpoint.query.replace("/query", "/update"))
        client.setMethod(POST)
        client.setQuery("DROP ALL")
        with pytest.raises(Exception):  # noqa: B017 - SPARQLWrapper raises several types for HTTP errors
            client.query()
        assert len(_select(endpoint.query, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")) == 9


@needs_oxigraph
def test_writable_server_accepts_updates(store_dir: Path) -> None:
    with running_server(store_dir, port=0, writable=True) as endpoint:
        assert endpoint.update is not None
        client = SPARQLWrapper(endpoint.query, updateEndpoint=endpoint.update)
        client.setMethod(POST)
        client.setQuery("DROP ALL")
        client.query()
        assert _select(endpoint.query, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }") == []


@needs_oxigraph
def test_union_default_graph_lets_plain_patterns_see_the_articles(store_dir: Path) -> None:
    query = "SELECT ?m WHERE { ?m a <https://w3id.org/newskg/ontology#Meeting> }"
    with running_server(store_dir, port=0) as endpoint:
        assert _select(endpoint.query, query) == []
    with running_server(store_dir, port=0, union_default_graph=True) as endpoint:
        assert len(_select(endpoint.query, query)) == 1


def test_clear_errors_for_a_missing_store_or_a_busy_port(tmp_path: Path, store_dir: Path) -> None:
    with pytest.raises(ServerError, match="no store at"), running_server(tmp_path / "nothing", port=0):
        pass
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(ServerError, match="already in use"), running_server(store_dir, port=busy.getsockname()[1]):
            pass


def test_missing_oxigraph_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ServerError, match=r"pip install 'newskg\[serve\]'"):
        oxigraph_executable()


def test_command_line_is_read_only_on_localhost_by_default(tmp_path: Path) -> None:
    command = server_command(tmp_path, port=8001, executable=Path("oxigraph"))
    assert command == ["oxigraph", "serve-read-only", "--location", str(tmp_path), "--bind", "127.0.0.1:8001"]
    writable = server_command(tmp_path, writable=True, union_default_graph=True, timeout_s=5,
                              executable=Path("oxigraph"))
    assert writable[1] == "serve" and "--union-default-graph" in writable and writable[-2:] == ["--timeout-s", "5"]


@needs_oxigraph
def test_kg_serve_command_runs_until_interrupted(store_dir: Path) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store_dir),
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "COLUMNS": "200"})
    try:
        assert process.stderr is not None
        seen = []
        for _ in range(20):  # Oxigraph's own "Listening ..." line comes first; ours once it answers
            seen.append(process.stderr.readline())
            if "SPARQL endpoint" in seen[-1] or not seen[-1]:
                break
        assert f"SPARQL endpoint (read-only): http://127.0.0.1:{port}/query" in seen[-1], seen
        client = SPARQLWrapper(f"http://127.0.0.1:{port}/query")
        client.setQuery("ASK { GRAPH ?g { ?s ?p ?o } }")
        client.setReturnFormat(JSON)
        assert client.query().convert()["boolean"] is True  # type: ignore[index,call-overload]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        # the Oxigraph server went with it: nothing answers on the port any more
        time.sleep(0.2)
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@needs_oxigraph
def test_kg_graph_reads_the_network_from_the_served_endpoint(store_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("networkx")
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "network.html"
    with running_server(store_dir, port=0) as endpoint:
        result = CliRunner().invoke(app, ["graph", "--endpoint", endpoint.query, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 people and countries, 1 meetings" in result.output
    page = out.read_text(encoding="utf-8")
    assert '"label": "Ingrid Solberg"' in page and '"label": "Tomas Varga"' in page
