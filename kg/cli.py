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
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Extraction processes (default: the number of cores).")
]
DaskOpt = Annotated[
    str | None, typer.Option("--dask", help="Extract on a Dask cluster: scheduler address, e.g. tcp://host:8786.")
]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for inputs that print none.")
]


def _fail(message: str) -> typer.Exit:
    message = " ".join(message.split())  # one line, even for multi-line parser messages
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
          graph_store: str | None = None, *, read_only: bool = False, timeout: float | None = None):
    from kg.store import open_store

    try:
        return open_store(endpoint or store, read_only=read_only, update_endpoint=update, graph_store=graph_store,
                          timeout=Settings().query_timeout if timeout is None else timeout)
    except OSError as exc:
        raise _fail(str(exc)) from None


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (.txt, .html, .jsonl).")],
    out: Annotated[str, typer.Option("-o", "--out", help="Output file (.nq .trig .ttl .jsonld) or - for N-Quads.")],
    published: PublishedOpt = None,
    pipeline: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
    shared_fs: Annotated[bool, typer.Option("--shared-fs", help="With --dask: workers read and write the "
                                            "paths themselves (a file system shared with the workers).")] = False,
) -> None:
    """Extract RDF without a store. With --dask, each input file is a shard and -o a directory that gets
    one N-Quads file per shard.

    Example: kg extract examples/ -o out.nq --jobs 2
    """
    from kg.parallel import default_jobs
    from kg.run import extract_paths

    settings = Settings().with_(pipeline=pipeline)
    if dask:
        _extract_on_dask(paths, Path(out), dask, settings, _published(published), shared_fs=shared_fs)
        return
    try:
        report = extract_paths(paths, out, settings=settings, published=_published(published),
                               jobs=jobs or default_jobs())
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(report.summary("extracted"), err=True)
    raise typer.Exit(code=0 if report.ok else 1)


def _extract_on_dask(paths: list[Path], out_dir: Path, address: str, settings: Settings,
                     published: dt.date | None, *, shared_fs: bool = False) -> list[Path]:
    """Shards to ``out_dir/<stem>.nq`` on a Dask cluster; exits 1 if any shard failed."""
    try:
        from kg.distributed import extract_shards
    except ImportError:
        raise _fail("--dask needs the dask extra: pip install 'newskg[dask]'") from None
    from kg.read.files import iter_input_files

    try:
        reports = extract_shards(list(iter_input_files(paths)), out_dir, client=address, settings=settings,
                                 published=published, shared_fs=shared_fs)
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    for report in reports:
        for error in report.errors:
            typer.echo(f"error: {error}", err=True)
    articles, triples = sum(r.articles for r in reports), sum(r.triples for r in reports)
    typer.echo(f"extracted {articles} articles, {triples} triples into {len(reports)} shard files in {out_dir}",
               err=True)
    if not all(r.ok for r in reports):
        raise typer.Exit(code=1)
    return [r.output for r in reports if r.output is not None]


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Inputs: .txt .html .jsonl, RDF .nq .nt .trig .ttl, or dirs.")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    update_endpoint: UpdateOpt = None,
    graph_store: GraphStoreOpt = None,
    published: PublishedOpt = None,
    pipeline: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
) -> None:
    """Extract and load articles into a store; each article replaces its own named graph.
    With --dask, text inputs are extracted on the cluster (one shard per file), then bulk-loaded.

    Example: kg load examples/ --store kg-store
    """
    import tempfile

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.parallel import default_jobs
    from kg.run import RDF_SUFFIXES, load_paths

    settings = Settings().with_(pipeline=pipeline)
    if dask:
        shard_dir = tempfile.TemporaryDirectory(prefix="kg-shards-")
        rdf = [p for p in paths if p.suffix.lower() in RDF_SUFFIXES]
        text = [p for p in paths if p not in rdf]
        paths = rdf + (_extract_on_dask(text, Path(shard_dir.name), dask, settings, _published(published))
                       if text else [])
    target = _open(store, endpoint, update_endpoint, graph_store)
    progress = Progress(TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                        TimeElapsedColumn(), transient=True, disable=not sys.stderr.isatty())
    try:
        with progress:
            task = progress.add_task("load", total=None)
            report = load_paths(paths, target, settings=settings, published=_published(published),
                                on_batch=lambda n: progress.advance(task, n), jobs=jobs or default_jobs())
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
    timeout: Annotated[float | None, typer.Option(
        "--timeout", min=0, help="Stop the query after this many seconds (default $KG_QUERY_TIMEOUT or 60; 0: none).",
    )] = None,
) -> None:
    """Run a named query or a .rq file.

    Example: kg query meetings --param participant="Angela Merkel" --format csv
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
    target = _open(store, endpoint, read_only=True, timeout=timeout)
    try:
        names, rows = target.select(named.text, bindings)
    except (SyntaxError, ValueError, OSError) as exc:
        raise _fail(f"query {named.name}: {exc}") from None
    finally:
        target.close()
    write_rows(names, rows, fmt, sys.stdout)  # the stream of now, not of import time


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


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="An RDF file: .nq .nt .trig .ttl or .jsonld.")],
) -> None:
    """Check an RDF file against the SHACL shapes of the graph contract (needs pyshacl).

    Example: kg extract examples/ -o out.nq && kg validate out.nq
    """
    from kg.rdf.validate import validate as check

    try:
        report = check(path)
    except (OSError, ValueError, ModuleNotFoundError) as exc:
        raise _fail(str(exc)) from None
    if not report.conforms:
        typer.echo(report.text)
        raise _fail(f"{path}: {report.violations} violations of ontology/shapes.ttl")
    typer.echo(f"{path}: conforms to ontology/shapes.ttl", err=True)


@app.command()
def serve(
    store: StoreOpt = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0 picks a free one).")] = 7878,
    writable: Annotated[bool, typer.Option(
        "--writable", help="Also accept SPARQL updates (default: read-only).")] = False,
    union_default_graph: Annotated[bool, typer.Option(
        "--union-default-graph", help="Let queries without GRAPH see every article's graph.")] = False,
    timeout: Annotated[int | None, typer.Option(help="Query timeout in seconds.")] = None,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint with a query page, until Ctrl-C (runs the Oxigraph server).

    Example: kg serve --store kg-store --port 7878
    """
    from kg.serve import Endpoint, ServerError
    from kg.serve import serve as run_server

    def ready(endpoint: Endpoint) -> None:
        mode = "read-write" if endpoint.writable else "read-only"
        typer.echo(f"SPARQL endpoint ({mode}): {endpoint.query}", err=True)
        if endpoint.update:
            typer.echo(f"SPARQL update endpoint: {endpoint.update}", err=True)
        typer.echo(f"query page: {endpoint.page}   (Ctrl-C to stop)", err=True)

    try:
        code = run_server(store or Settings().store, port=port, writable=writable,
                          union_default_graph=union_default_graph, timeout_s=timeout, on_ready=ready)
    except ServerError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(code=code)


@app.command()
def graph(
    out: Annotated[Path, typer.Option("-o", "--out", help="Output file: .html (interactive), .png or .svg.")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    entity: Annotated[str | None, typer.Option(help="Only meetings with this participant (name or alias).")] = None,
    since: Annotated[str | None, typer.Option(help="Only meetings on or after this date (YYYY-MM-DD).")] = None,
    title: Annotated[str, typer.Option(help="Title of the picture.")] = "Meeting network",
) -> None:
    """Draw the meeting network: people and countries as nodes, meetings as edges, sized by how often.

    Example: kg graph --entity Merkel -o merkel.html
    """
    from kg.viz.network import meeting_network, write_network

    if since is not None:
        try:
            since_date = dt.date.fromisoformat(since)
        except ValueError:
            raise _fail(f"--since {since!r} is not a date (YYYY-MM-DD)") from None
    else:
        since_date = None
    target = _open(store, endpoint, read_only=True)
    try:
        network = meeting_network(target, entity=entity, since=since_date)
        write_network(network, out, title=title)
    except (OSError, ValueError, ImportError) as exc:
        raise _fail(str(exc)) from None
    finally:
        target.close()
    typer.echo(f"wrote {len(network.nodes)} people and countries, {len(network.meetings)} meetings to {out}",
               err=True)


@app.command()
def timeline(
    out: Annotated[Path, typer.Option("-o", "--out", help="Output picture, .png or .svg.")],
    category: Annotated[str, typer.Option(help="What the figures count: killed, injured, displaced, ...")] = "killed",
    about: Annotated[str | None, typer.Option(help="Only figures about something whose label contains this.")] = None,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Plot the figures of one category over publication date, one point per article with its source.

    Example: kg timeline --category killed --about earthquake -o killed.png
    """
    from kg.viz.timeline import figure_timeline, write_timeline

    target = _open(store, endpoint, read_only=True)
    try:
        result = figure_timeline(target, category=category, about=about)
        write_timeline(result, out)
    except (OSError, ValueError, ImportError) as exc:
        raise _fail(str(exc)) from None
    finally:
        target.close()
    skipped = f" ({len(result.undated)} undated articles not plotted)" if result.undated else ""
    typer.echo(f"wrote {len(result.points)} articles' figures to {out}{skipped}", err=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
