"""The ``kg`` command: thin typer functions over ``kg.run``, ``kg.store`` and ``kg.queries``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    help="newskg: news articles to an RDF knowledge graph (entities, meetings, figures) with provenance.",
)

StoreOpt = Annotated[
    Path | None, typer.Option("--store", help="Store directory (default: $KG_STORE or ./kg-store).")
]
EndpointOpt = Annotated[
    str | None, typer.Option("--endpoint", help="SPARQL query endpoint URL of a remote store.")
]
UpdateOpt = Annotated[
    str | None, typer.Option("--update-endpoint", help="SPARQL update endpoint, if it differs.")
]
GraphStoreOpt = Annotated[
    str | None, typer.Option("--graph-store", help="Graph Store Protocol endpoint, if the server has one.")
]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for inputs that print none.")
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


def _published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--published {value!r} is not a date (YYYY-MM-DD)") from None


def _open(store: Path | None, endpoint: str | None, update: str | None = None,
          graph_store: str | None = None, *, read_only: bool = False):
    from kg.store import open_store

    try:
        return open_store(endpoint or store, read_only=read_only, update_endpoint=update,
                          graph_store=graph_store, timeout=Settings().query_timeout)
    except OSError as exc:
        raise _fail(str(exc)) from None


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (.txt, .html, .jsonl).")],
    out: Annotated[str, typer.Option("-o", "--out", help="Output file (.nq .trig .ttl .jsonld) or - for N-Quads.")],
    published: PublishedOpt = None,
    pipeline: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
) -> None:
    """Extract RDF without a store.

    Example: kg extract examples/ -o out.nq
    """
    from kg.run import extract_paths

    settings = Settings().with_(pipeline=pipeline)
    try:
        report = extract_paths(paths, out, settings=settings, published=_published(published))
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(report.summary("extracted"), err=True)
    raise typer.Exit(code=0 if report.ok else 1)


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Inputs: .txt .html .jsonl, RDF .nq .nt .trig .ttl, or dirs.")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    update_endpoint: UpdateOpt = None,
    graph_store: GraphStoreOpt = None,
    published: PublishedOpt = None,
    pipeline: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
) -> None:
    """Extract and load articles into a store; each article replaces its own named graph.

    Example: kg load examples/ --store kg-store
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.run import load_paths

    settings = Settings().with_(pipeline=pipeline)
    target = _open(store, endpoint, update_endpoint, graph_store)
    progress = Progress(TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                        TimeElapsedColumn(), transient=True, disable=not sys.stderr.isatty())
    try:
        with progress:
            task = progress.add_task("load", total=None)
            report = load_paths(paths, target, settings=settings, published=_published(published),
                                on_batch=lambda n: progress.advance(task, n))
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    finally:
        target.close()
    typer.echo(report.summary("loaded"), err=True)
    raise typer.Exit(code=0 if report.ok else 1)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A named query (see `kg queries`) or a .rq file.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value, bound as an RDF term.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Run a named query or a .rq file.

    Example: kg query meetings --param participant=Putin --format csv
    """
    from kg.output import write_rows
    from kg.queries import resolve_query

    if fmt not in ("table", "csv", "json"):
        raise _fail(f"--format {fmt!r}: use table, csv or json")
    raw: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise _fail(f"--param {item!r}: use name=value")
        raw[key.strip()] = value
    try:
        named = resolve_query(name)
        bindings = named.bindings(raw)
    except (ValueError, OSError) as exc:
        raise _fail(str(exc)) from None
    target = _open(store, endpoint, read_only=True)
    try:
        names, rows = target.select(named.text, bindings)
    except (SyntaxError, ValueError, OSError) as exc:
        raise _fail(f"query {named.name}: {exc}") from None
    finally:
        target.close()
    write_rows(names, rows, fmt)


@app.command("queries")
def list_queries() -> None:
    """List the named queries with their descriptions and parameters.

    Example: kg queries
    """
    from kg.queries import named_queries

    for q in named_queries().values():
        typer.echo(f"{q.name}: {q.description}")
        for p in q.parameters:
            typer.echo(f"    --param {p.name}=... ({p.kind}) {p.doc}")


@app.command()
def export(
    out: Annotated[Path, typer.Option("-o", "--out", help="Output file, .nq or .trig.")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Write the whole store to a file, named graphs included.

    Example: kg export -o everything.nq
    """
    target = _open(store, endpoint, read_only=True)
    try:
        count = target.export(out)
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    finally:
        target.close()
    typer.echo(f"exported {count} quads to {out}", err=True)


@app.command()
def stats(store: StoreOpt = None, endpoint: EndpointOpt = None) -> None:
    """Count articles, entities, meetings, figures and triples in a store.

    Example: kg stats --store kg-store
    """
    from kg.queries import resolve_query

    target = _open(store, endpoint, read_only=True)
    try:
        names, rows = target.select(resolve_query("stats").text)
        triples = target.count_triples()
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    finally:
        target.close()
    row = rows[0] if rows else {}
    for n in names:
        typer.echo(f"{n:<10} {row.get(n) or 0}")
    typer.echo(f"{'triples':<10} {triples}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
