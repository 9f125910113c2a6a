"""Named SPARQL queries in ``queries/*.rq``; parameters are bound as RDF terms, never pasted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.resources import resource_dir

_PARAM = re.compile(r"^#\s*@param\s+(?P<name>\w+)\s+(?P<kind>literal|iri|integer|date)\s*(?:-|—)?\s*(?P<doc>.*)$")


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    kind: str
    doc: str

    def bind(self, raw: str) -> Node:
        """The RDF term for a value given on the command line."""
        if self.kind == "iri":
            if not re.match(r"^[a-zA-Z][\w+.-]*:[^\s<>\"{}|\\^`]*$", raw):
                raise ValueError(f"parameter {self.name}: {raw!r} is not an absolute IRI")
            return URIRef(raw)
        if self.kind == "integer":
            try:
                return Literal(int(raw))
            except ValueError:
                raise ValueError(f"parameter {self.name}: {raw!r} is not an integer") from None
        if self.kind == "date":
            from rdflib.namespace import XSD

            return Literal(raw, datatype=XSD.date)
        return Literal(raw)


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def bindings(self, raw: dict[str, str]) -> dict[str, Node]:
        """Bind ``name=value`` pairs as terms; unknown names are an error."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(raw) - set(known))
        if unknown:
            allowed = ", ".join(known) or "none"
            raise ValueError(f"query {self.name}: unknown parameter {', '.join(unknown)} (allowed: {allowed})")
        return {name: known[name].bind(value) for name, value in raw.items()}


def parse_query(name: str, text: str) -> NamedQuery:
    """Read the leading comment: description lines, then ``# @param NAME KIND - doc`` lines."""
    description, params = [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _PARAM.match(line)
        if match:
            params.append(Parameter(match["name"], match["kind"], match["doc"].strip()))
        elif line.strip("# ").strip():
            description.append(line.lstrip("#").strip())
    return NamedQuery(name, " ".join(description), tuple(params), text)


def named_queries() -> dict[str, NamedQuery]:
    return {p.stem: parse_query(p.stem, p.read_text(encoding="utf-8"))
            for p in sorted(resource_dir("queries").glob("*.rq"))}


def resolve_query(name_or_file: str) -> NamedQuery:
    """A named query (``meetings``) or a ``.rq`` file of the user's."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return parse_query(path.stem, path.read_text(encoding="utf-8"))
    queries = named_queries()
    if name_or_file not in queries:
        raise ValueError(f"no named query {name_or_file!r}; known: {', '.join(queries)}")
    return queries[name_or_file]


def with_values(query: str, bindings: dict[str, Node]) -> str:
    """``query`` with ``VALUES (?a ?b) { (t1 t2) }`` opening its WHERE group.

    The terms are written by rdflib's serialiser (``n3()``), so any value stays one term:
    >>> from rdflib import Literal
    >>> with_values("SELECT ?x WHERE { ?x ?p ?n }", {"n": Literal('a" } DROP ALL #')})
    'SELECT ?x WHERE { VALUES (?n) { ("a\\\\" } DROP ALL #") } ?x ?p ?n }'
    """
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())  # type: ignore[attr-defined]
    at = _where_brace(query)
    return f"{query[:at + 1]} VALUES ({names}) {{ ({terms}) }}{query[at + 1:]}"


_IRI = re.compile(r"<[^\s<>\"{}|^`\\]*>")
_NAME = re.compile(r"[\w-]*(?:[.\w-]*[\w-])?(?::[\w.%:-]*)?", re.UNICODE)


def _where_brace(query: str) -> int:
    """Index of the ``{`` that opens the WHERE group, skipping comments, strings, IRIs and names.

    That is the first ``{`` after the keyword WHERE, or, in a query that has no WHERE keyword
    (``SELECT * { ... }``, ``ASK { ... }``), the first ``{``.
    """
    i, n, first, seen_where = 0, len(query), -1, False
    while i < n:
        c = query[i]
        if c == "#":
            i = query.find("\n", i)
            i = n if i < 0 else i
        elif c in "\"'":
            quote = query[i:i + 3] if query[i:i + 3] in ('"""', "'''") else c
            i += len(quote)
            while i < n and not query.startswith(quote, i):
                i += 2 if query[i] == "\\" else 1
            i += len(quote)
            continue
        elif c == "<" and (iri := _IRI.match(query, i)):
            i = iri.end()
            continue
        elif c in "?$:" or c.isalpha() or c == "_":
            word = _NAME.match(query, i + 1)
            end = word.end() if word else i + 1
            if c.isalpha() and query[i:end].upper() == "WHERE":
                seen_where = True
            i = end
            continue
        elif c == "{":
            if seen_where:
                return i
            if first < 0:
                first = i
        i += 1
    if first >= 0 and not seen_where:
        return first
    raise ValueError("query has no WHERE group to bind parameters in")
