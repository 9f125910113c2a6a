"""A remote SPARQL 1.1 server as a store: SPARQLWrapper for queries, Graph Store Protocol or Update for writes.

Every request body is serialised from RDF terms (pyoxigraph's N-Triples writer, rdflib's ``n3()``);
the only text written here is SPARQL keywords and braces around serialised terms.
Servers differ, so what they do is detected rather than assumed:

- the Graph Store Protocol endpoint comes from ``--graph-store`` or the server's ``Server`` header
  and URL shape (Oxigraph ``/store``, Virtuoso ``/sparql-graph-crud``, Fuseki ``/<dataset>/data``,
  GraphDB/RDF4J ``/repositories/<id>/rdf-graphs/service``); without one, SPARQL Update is used;
- gzip request bodies are tried once and dropped if the server refuses them;
- a silent cap on SELECT results (Virtuoso's ``ResultSetMaxRows``, announced by ``X-SPARQL-MaxRows``,
  or ``KG_ENDPOINT_MAX_ROWS`` for servers that do not say) is paged through with LIMIT/OFFSET.
"""

from __future__ import annotations

import gzip
import http.client
import io
import netrc
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.response
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.queries import with_values
from kg.store.base import LoadReport, Quad, Row
from kg.store.convert import to_ox
from kg.store.embedded import GRAPH_FORMATS, rdf_format

_XSD = "http://www.w3.org/2001/XMLSchema#"
_N_TRIPLES = "application/n-triples"
_SPARQL_UPDATE = "application/sparql-update"
_PROLOGUE_ITEM = re.compile(r"\s+|#[^\n]*|(?i:PREFIX)\s+[\w.\-]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>")
_RETRY_STATUS = range(500, 600)
# A 5xx that will fail the same way again: Virtuoso answers bad queries with 500 and an SQLSTATE of class
# 22 (data exception), 37 or 42 (syntax or access rule), or SP (SPARQL compiler).
_PERMANENT_5XX = re.compile(r"\bVirtuoso (22|37|42|SP)\w{3} Error\b")
_MAX_DELAY = 30.0


class EndpointError(OSError):
    """A SPARQL endpoint failed; transient failures (refused, timeout, 5xx) only after the retries ran out."""

    def __init__(self, message: str, *, endpoint: str, status: int | None = None) -> None:
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status


class EndpointAuthError(EndpointError):
    """The endpoint refused the credentials (HTTP 401 or 403); never retried."""


class GraphLoadError(EndpointError):
    """One named graph could not be replaced; ``loaded`` lists the graphs of the same call that were."""

    def __init__(self, message: str, *, endpoint: str, status: int | None, graph: URIRef,
                 loaded: tuple[URIRef, ...]) -> None:
        super().__init__(message, endpoint=endpoint, status=status)
        self.graph = graph
        self.loaded = loaded


def endpoint_credentials(url: str) -> tuple[str, str] | None:
    """User and password for ``url``: ``KG_ENDPOINT_USER``/``KG_ENDPOINT_PASSWORD``, else ``~/.netrc``."""
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if user:
        return user, password or ""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc().authenticators(host)
    except (OSError, netrc.NetrcParseError):
        return None
    if entry is None or not entry[0]:
        return None
    return entry[0], entry[2] or ""


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        return float(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper builds the request and parses the results; the transport (auth, retries) is ours."""

    def __init__(self, endpoint: str, send: Callable[[urllib.request.Request], Any]) -> None:
        super().__init__(endpoint)
        self._send = send

    def _query(self) -> tuple[Any, str]:
        return self._send(self._createRequest()), self.returnFormat


class RemoteStore:
    """A SPARQL 1.1 endpoint (plus update and Graph Store Protocol endpoints where the server splits them)."""

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, graph_store: str | None = None,
                 timeout: float | None = None, retries: int | None = None, backoff: float | None = None,
                 batch_bytes: int | None = None, max_rows: int | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoint = endpoint
        self.timeout = timeout if timeout is not None else _env_number("KG_QUERY_TIMEOUT", 60.0)
        self.retries = max(0, int(retries if retries is not None else _env_number("KG_ENDPOINT_RETRIES", 4)))
        self.backoff = backoff if backoff is not None else _env_number("KG_ENDPOINT_BACKOFF", 0.5)
        self.batch_bytes = int(batch_bytes or _env_number("KG_ENDPOINT_BATCH_BYTES", 64_000))
        self.max_rows = int(max_rows or _env_number("KG_ENDPOINT_MAX_ROWS", 0)) or None
        self._update_endpoint = update_endpoint
        use_update = graph_store is not None and graph_store.lower() == "none"  # ``--graph-store none``
        self._graph_store = None if use_update else graph_store
        self._graph_store_explicit = self._graph_store is not None
        self._graph_store_decided = graph_store is not None
        self._server: str | None = None
        self._gzip: bool | None = None  # None: not tried yet
        self._sleep = sleep
        self.requests = 0
        self._opener = self._build_opener()

    # -- transport ---------------------------------------------------------------------------
    def _build_opener(self) -> urllib.request.OpenerDirector:
        """An opener answering basic and digest challenges with the configured credentials."""
        handlers: list[urllib.request.BaseHandler] = []
        credentials = endpoint_credentials(self.endpoint)
        if credentials:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (self.endpoint, self._update_endpoint, self._graph_store):
                if url:  # the whole server: derived endpoints share the query endpoint's origin
                    parts = urllib.parse.urlsplit(url)
                    passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", *credentials)  # type: ignore[arg-type]
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords),
                         urllib.request.HTTPDigestAuthHandler(passwords)]
        self._has_credentials = credentials is not None
        return urllib.request.build_opener(*handlers)

    def _send(self, request: urllib.request.Request, what: str = "query") -> urllib.response.addinfourl:
        """Send with bounded exponential backoff for refused connections, timeouts and 5xx."""
        url = request.full_url.split("?")[0]
        delay, attempts, last = self.backoff, self.retries + 1, ""
        for attempt in range(attempts):
            try:
                self.requests += 1
                with self._opener.open(request, timeout=self.timeout) as response:
                    body = response.read()
                    return urllib.response.addinfourl(io.BytesIO(body), response.headers, url, response.status)
            except urllib.error.HTTPError as exc:
                reason = _http_reason(exc)
                if exc.code in (401, 403):
                    raise EndpointAuthError(
                        f"{url}: {what} refused, HTTP {exc.code} {reason}: check KG_ENDPOINT_USER/"
                        "KG_ENDPOINT_PASSWORD or ~/.netrc" + ("" if self._has_credentials else " (none set)"),
                        endpoint=url, status=exc.code) from None
                if exc.code not in _RETRY_STATUS or _PERMANENT_5XX.search(reason):
                    raise EndpointError(f"{url}: {what} rejected, HTTP {exc.code}: {reason}",
                                        endpoint=url, status=exc.code) from None
                last, status = f"HTTP {exc.code}: {reason}", exc.code
            except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
                cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
                last, status = f"{type(cause).__name__}: {cause}".rstrip(": "), None
            if attempt + 1 < attempts:
                self._sleep(delay)
                delay = min(delay * 2, _MAX_DELAY)
        raise EndpointError(f"{url}: {what} failed after {attempts} attempts: {last}", endpoint=url, status=status)

    def _post_body(self, url: str, body: bytes, content_type: str, what: str, *, method: str = "POST") -> None:
        """Send a request body, gzip-compressed when the server accepts it (found out on first use)."""
        if self._gzip is not False and len(body) > 1024:
            request = _request(url, gzip.compress(body, compresslevel=5), content_type, method, gzipped=True)
            if self._gzip:
                self._send(request, what)
                return
            try:
                self._send_once(request)
                self._gzip = True
                return
            except urllib.error.HTTPError as exc:
                if exc.code not in (401, 403):
                    self._gzip = False  # refused (Virtuoso answers 400 or 500): plain bodies from now on
            except (OSError, http.client.HTTPException):
                pass  # unreachable: the plain request below retries and reports it
        self._send(_request(url, body, content_type, method), what)

    def _send_once(self, request: urllib.request.Request) -> None:
        """One attempt, no retries: used to find out whether the server takes gzip bodies."""
        self.requests += 1
        with self._opener.open(request, timeout=self.timeout) as response:
            response.read()

    # -- discovery ---------------------------------------------------------------------------
    def _server_name(self) -> str:
        """The ``Server`` header of the query endpoint (one ``ASK {}``), lower-cased."""
        if self._server is None:
            wrapper = self._wrapper("ASK {}")
            result = wrapper.query()
            self._server = (result.info().get("server") or "").lower()
        return self._server

    def graph_store(self) -> str | None:
        """The Graph Store Protocol endpoint: given, or known from the server and URL shape; else None."""
        if not self._graph_store_decided:
            parts = urllib.parse.urlsplit(self.endpoint)
            origin = f"{parts.scheme}://{parts.netloc}"
            server = self._server_name()
            if "oxigraph" in server:
                self._graph_store = f"{origin}/store"
            elif "virtuoso" in server:
                self._graph_store = f"{origin}/sparql-graph-crud" + ("-auth" if self._has_credentials else "")
            elif re.search(r"/repositories/[^/]+$", parts.path):
                self._graph_store = f"{self.endpoint.rstrip('/')}/rdf-graphs/service"
            elif "fuseki" in server and re.search(r"/(sparql|query)$", parts.path):
                self._graph_store = re.sub(r"/(sparql|query)$", "/data", self.endpoint)
            self._graph_store_decided = True
        return self._graph_store

    def update_endpoint(self) -> str:
        """The update endpoint: given, or the query endpoint's ``/update`` sibling on servers that split them."""
        if self._update_endpoint is None:
            server = self._server_name()
            if ("oxigraph" in server or "fuseki" in server) and re.search(r"/query$", self.endpoint):
                self._update_endpoint = re.sub(r"/query$", "/update", self.endpoint)
            elif re.search(r"/repositories/[^/]+$", self.endpoint):  # GraphDB, RDF4J
                self._update_endpoint = f"{self.endpoint}/statements"
            else:
                self._update_endpoint = self.endpoint
        return self._update_endpoint

    # -- writing -----------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[URIRef, Sequence[Quad]]) -> LoadReport:
        """Replace each graph whole, one after another; a failure names the graph and what was loaded before it."""
        loaded: list[URIRef] = []
        triples = 0
        for graph, quads in graphs.items():
            ox_triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o, _ in quads]  # type: ignore[arg-type]
            self._replace_checked(graph, ox_triples, tuple(loaded))
            loaded.append(graph)
            triples += len(ox_triples)
        return LoadReport(graphs=len(loaded), triples=triples)

    def _replace_checked(self, graph: URIRef, triples: Sequence[ox.Triple], loaded: tuple[URIRef, ...]) -> None:
        try:
            self._replace_graph(graph, triples)
        except EndpointError as exc:
            if isinstance(exc, EndpointAuthError):
                raise
            raise GraphLoadError(f"graph {graph.n3()} not loaded: {exc}", endpoint=exc.endpoint,
                                 status=exc.status, graph=graph, loaded=loaded) from exc

    def _replace_graph(self, graph: URIRef, triples: Sequence[ox.Triple]) -> None:
        store = self.graph_store()
        if store is not None:
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            url = f"{store}{'&' if '?' in store else '?'}{urllib.parse.urlencode({'graph': str(graph)})}"
            try:
                self._post_body(url, body, _N_TRIPLES, f"PUT of graph {graph.n3()}", method="PUT")
                return
            except EndpointError as exc:
                if self._graph_store_explicit or exc.status not in (404, 405, 415, 501):
                    raise
                self._graph_store = None  # discovered wrongly: fall back to SPARQL Update from now on
        self._update_graph(graph, triples)

    def _update_graph(self, graph: URIRef, triples: Sequence[ox.Triple]) -> None:
        """``DROP SILENT GRAPH`` then ``INSERT DATA`` in batches of at most ``batch_bytes`` of N-Triples."""
        url = self.update_endpoint()
        name = graph.n3().encode("utf-8")
        plain = [t for t in triples if not _has_blank(t)]
        blank = [t for t in triples if _has_blank(t)]
        head = b"DROP SILENT GRAPH " + name + b" ;\n"
        for lines in _batches(([line] for line in _ntriples(plain)), self.batch_bytes) or [[]]:
            body = head + b"INSERT DATA { GRAPH " + name + b" {\n" + b"".join(lines) + b"} }"
            self._post_body(url, body, _SPARQL_UPDATE, f"update of graph {graph.n3()}")
            head = b""
        if blank:  # one template, so each label stays one node; Virtuoso refuses blank nodes in INSERT DATA
            body = b"INSERT { GRAPH " + name + b" {\n" + b"".join(_ntriples(blank)) + b"} } WHERE {}"
            self._post_body(url, body, _SPARQL_UPDATE, f"update of graph {graph.n3()}")

    def load_file(self, path: Path) -> LoadReport:
        """Replace the named graphs of an N-Quads/TriG file; triples of .nt/.ttl files go to the default graph."""
        fmt = rdf_format(path)
        graphs: dict[ox.NamedNode | ox.DefaultGraph, list[ox.Triple]] = {}
        for quad in ox.parse(path=str(path), format=fmt):
            graphs.setdefault(quad.graph_name, []).append(quad.triple)  # type: ignore[arg-type]
        loaded: list[URIRef] = []
        count = 0
        for name, triples in graphs.items():
            if isinstance(name, ox.NamedNode):
                self._replace_checked(URIRef(name.value), triples, tuple(loaded))
                loaded.append(URIRef(name.value))
            else:
                self._insert_default(triples, f"update of the default graph from {path}")
            count += len(triples)
        return LoadReport(graphs=len(loaded), triples=count)

    def _insert_default(self, triples: Sequence[ox.Triple], what: str) -> None:
        """Add triples to the default graph: INSERT DATA batches, blank-node triples in one template."""
        plain = [t for t in triples if not _has_blank(t)]
        blank = [t for t in triples if _has_blank(t)]
        for lines in _batches(([line] for line in _ntriples(plain)), self.batch_bytes):
            self._post_body(self.update_endpoint(), b"INSERT DATA {\n" + b"".join(lines) + b"}", _SPARQL_UPDATE, what)
        if blank:
            self._post_body(self.update_endpoint(), b"INSERT {\n" + b"".join(_ntriples(blank)) + b"} WHERE {}",
                            _SPARQL_UPDATE, what)

    # -- reading -----------------------------------------------------------------------------
    def _wrapper(self, query: str) -> _Wrapper:
        wrapper = _Wrapper(self.endpoint, lambda request: self._send(request, "query"))
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setQuery(query)
        return wrapper

    def _run(self, query: str) -> tuple[list[str], list[Row], bool | None, int | None]:
        """(variables, rows, ASK answer or None, the server's announced row cap or None)."""
        wrapper = self._wrapper(query)
        if wrapper.queryType not in ("SELECT", "ASK"):
            raise ValueError("only SELECT and ASK queries return rows")
        result = wrapper.query()
        cap = result.info().get("x-sparql-maxrows")
        data = result.convert()
        if not isinstance(data, dict):
            raise EndpointError(f"{self.endpoint}: answer is not SPARQL JSON results", endpoint=self.endpoint)
        if "boolean" in data:
            return ["answer"], [], bool(data["boolean"]), None
        names = list(data.get("head", {}).get("vars", []))
        rows = [{n: json_term(b.get(n)) for n in names} for b in data.get("results", {}).get("bindings", [])]
        return names, rows, None, int(cap) if cap and cap.isdigit() else None

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> tuple[list[str], list[Row]]:
        """Run a SELECT or ASK with ``bindings`` as VALUES; results past a server's row cap are paged in."""
        text = with_values(query, dict(bindings or {}))
        names, rows, answer, cap = self._run(text)
        if answer is not None:
            return names, [{"answer": Literal(answer)}]
        cap = cap or self.max_rows
        if cap is None or len(rows) < cap:
            return names, rows
        return names, list(self._pages(text, cap))

    def _pages(self, query: str, size: int) -> Iterator[Row]:
        """All rows of ``query``, ``size`` at a time: the query as a subquery, sliced with LIMIT/OFFSET."""
        prologue, body = split_prologue(query)
        offset = 0
        while True:
            paged = f"{prologue}\nSELECT * WHERE {{ {{ {body}\n }} }} LIMIT {size} OFFSET {offset}"
            _, rows, _, _ = self._run(paged)
            yield from rows
            if len(rows) < size:
                return
            offset += size

    def graph_names(self) -> list[str]:
        _, rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in rows if isinstance(r.get("g"), URIRef))

    def count_triples(self) -> int:
        """Triples in named graphs (kg writes only named graphs; some servers' default graph is their union)."""
        _, rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        value = rows[0].get("n") if rows else None
        return int(value.toPython()) if isinstance(value, Literal) else 0

    def export(self, out: Path) -> int:
        """Write every named graph to ``out`` (.nq or .trig), one graph at a time."""
        fmt = rdf_format(out)
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"{out}: export keeps named graphs; use .nq or .trig")
        query = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
        count = 0
        tmp = out.with_name(out.name + ".part")
        with tmp.open("wb") as handle:
            for name in self.graph_names():
                graph = ox.NamedNode(name)
                _, rows = self.select(query, {"g": URIRef(name)})
                quads = [ox.Quad(to_ox(r["s"]), to_ox(r["p"]), to_ox(r["o"]), graph)  # type: ignore[arg-type]
                         for r in rows if r["s"] is not None and r["p"] is not None and r["o"] is not None]
                handle.write(ox.serialize(quads, format=fmt) or b"")
                count += len(quads)
        tmp.replace(out)
        return count

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""


# -- helpers ---------------------------------------------------------------------------------
def _request(url: str, body: bytes, content_type: str, method: str, *, gzipped: bool = False
             ) -> urllib.request.Request:
    headers = {"Content-Type": f"{content_type}; charset=utf-8" if content_type == _SPARQL_UPDATE else content_type}
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return urllib.request.Request(url, data=body, headers=headers, method=method)


def _http_reason(exc: urllib.error.HTTPError) -> str:
    """The server's reason for an error: its status text and the first line of a short body."""
    try:
        text = exc.read(2000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        text = ""
    text = re.sub(r"<[^>]+>", " ", text)
    detail = " ".join(text.split())[:300]
    return f"{exc.reason} {detail}".strip() if detail and detail != exc.reason else str(exc.reason)


def _ntriples(triples: Iterable[ox.Triple]) -> list[bytes]:
    """One N-Triples line per triple, written by pyoxigraph's serialiser."""
    return [ox.serialize([triple], format=ox.RdfFormat.N_TRIPLES) or b"" for triple in triples]


def _has_blank(triple: ox.Triple) -> bool:
    """A blank node label names one node only within one operation, so such triples are sent together."""
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _batches(chunks: Iterable[list[bytes]], max_bytes: int) -> list[list[bytes]]:
    """Group chunks of lines so each group stays under ``max_bytes`` (a longer chunk goes alone)."""
    batches: list[list[bytes]] = []
    current: list[bytes] = []
    size = 0
    for chunk in chunks:
        length = sum(len(line) for line in chunk)
        if current and size + length > max_bytes:
            batches.append(current)
            current, size = [], 0
        current.extend(chunk)
        size += length
    if current:
        batches.append(current)
    return batches


def split_prologue(query: str) -> tuple[str, str]:
    """``PREFIX``/``BASE`` declarations (and comments) apart from the query form that follows them.

    >>> split_prologue("PREFIX a: <http://a#>\\nSELECT ?x WHERE { ?x a:p 1 }")
    ('PREFIX a: <http://a#>', 'SELECT ?x WHERE { ?x a:p 1 }')
    """
    at = 0
    while match := _PROLOGUE_ITEM.match(query, at):
        if match.end() == at:
            break
        at = match.end()
    return query[:at].strip(), query[at:].strip()


def json_term(value: Mapping[str, str] | None) -> Node | None:
    """A SPARQL JSON results term as an rdflib term; ``xsd:string`` literals become plain literals."""
    if value is None:
        return None
    kind, text = value.get("type"), value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return Literal(text, lang=lang)
        datatype = value.get("datatype")
        if datatype is None or datatype == f"{_XSD}string":
            return Literal(text)
        return Literal(text, datatype=URIRef(datatype))
    raise ValueError(f"unknown term type {kind!r} in SPARQL results")
