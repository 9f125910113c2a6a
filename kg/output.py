"""Query results for people: a table, CSV or JSON; terms shown as readable text."""

from __future__ import annotations

import csv
import json
import sys
from typing import IO

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.store.base import Row


def cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal | URIRef):
        return str(term)
    return str(term)


def json_value(term: Node | None) -> object:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | bool | str) else str(term)
    return str(term)


def write_rows(names: list[str], rows: list[Row], fmt: str, out: IO[str] | None = None) -> None:
    """Print rows as a table, CSV or JSON to ``out`` (standard output by default)."""
    out = out if out is not None else sys.stdout
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows([cell(r.get(n)) for n in names] for r in rows)
    elif fmt == "json":
        json.dump([{n: json_value(r.get(n)) for n in names} for r in rows], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*names, show_lines=False)
        for r in rows:
            table.add_row(*(cell(r.get(n)) for n in names))
        Console(file=out, width=200).print(table)
        out.write(f"{len(rows)} rows\n")
