"""The jobs behind the CLI: extract to a file, load into a store. Plain functions, tests call them too."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kg.model import Article, Extraction, InputError
from kg.rdf.mapping import extraction_quads
from kg.rdf.ontology import ONTOLOGY_GRAPH, ontology_quads
from kg.rdf.serialize import format_for, write_quads
from kg.read import read_paths
from kg.settings import Settings
from kg.store.base import TripleStore, quads_by_graph

if TYPE_CHECKING:
    from kg.extract import Extractor

RDF_SUFFIXES = (".nq", ".nt", ".trig", ".ttl")


@dataclass
class RunReport:
    """What a run did: counts, failures (one line each), and how long it took."""

    articles: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, verb: str) -> str:
        failed = f", {len(self.errors)} failed" if self.errors else ""
        return f"{verb} {self.articles} articles, {self.triples} triples in {self.seconds:.1f} s{failed}"


ErrorSink = Callable[[str], None]


def _stderr(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _articles(paths: Iterable[Path], settings: Settings, report: RunReport, on_error: ErrorSink,
              published: dt.date | None = None) -> Iterator[Article]:
    """Articles from the inputs; InputErrors are reported and skipped."""
    for item in read_paths(paths, max_bytes=settings.max_bytes, max_chars=settings.max_chars):
        if isinstance(item, InputError):
            report.errors.append(str(item))
            on_error(str(item))
        elif published is not None and item.published is None:
            yield replace(item, published=published)
        else:
            yield item


def make_extractor(settings: Settings) -> Extractor:
    """The pipeline, allowed to parse articles up to ``settings.max_chars`` (the reader refuses longer ones)."""
    from kg.extract import Extractor

    extractor = Extractor(settings.pipeline, batch_size=settings.batch_size)
    extractor.nlp.max_length = max(extractor.nlp.max_length, settings.max_chars)
    return extractor


def extract_paths(paths: Iterable[Path], out: IO[str] | Path | str, *, settings: Settings | None = None,
                  published: dt.date | None = None, on_error: ErrorSink = _stderr, jobs: int = 1) -> RunReport:
    """Extract every input and write the quads to ``out`` (format from its name; ``-`` is stdout).

    ``jobs`` > 1 extracts in that many processes; the output is the same, in the same order."""
    from kg.parallel import extract_stream

    settings = settings or Settings()
    report, start = RunReport(), time.perf_counter()
    name = out if isinstance(out, str) else str(out) if isinstance(out, Path) else "-"
    fmt = format_for(name)
    extractions = extract_stream(_articles(paths, settings, report, on_error, published), settings, jobs=jobs)
    quads = _quads(_succeeded(extractions, report, on_error), settings, report)
    if isinstance(out, str | Path) and str(out) != "-":
        target = Path(out)
        tmp = target.with_name(target.name + ".part")
        with tmp.open("w", encoding="utf-8") as handle:
            write_quads(quads, handle, fmt)
        tmp.replace(target)
    else:
        stream = out if not isinstance(out, str | Path) else sys.stdout
        write_quads(quads, stream, fmt)
    report.seconds = time.perf_counter() - start
    return report


def _succeeded(extractions: Iterable[Extraction], report: RunReport, on_error: ErrorSink) -> Iterator[Extraction]:
    """The extractions that worked; a failed article is reported in one line and left out whole."""
    for extraction in extractions:
        if extraction.failure:
            message = f"{extraction.article.source_file} ({extraction.article.id}): {extraction.failure}"
            report.errors.append(message)
            on_error(message)
        else:
            yield extraction


def _quads(extractions: Iterable[Extraction], settings: Settings, report: RunReport) -> Iterator:
    for extraction in extractions:
        quads = extraction_quads(extraction, settings.base_iri)
        report.articles += 1
        report.triples += len(quads)
        yield from quads


def load_paths(paths: Iterable[Path], store: TripleStore, *, settings: Settings | None = None,
               published: dt.date | None = None, on_error: ErrorSink = _stderr,
               on_batch: Callable[[int], None] | None = None, jobs: int = 1) -> RunReport:
    """Extract and load every input; RDF files are bulk-loaded as they are. One batch = one transaction.

    ``jobs`` > 1 extracts in that many processes; batches are still written in input order."""
    settings = settings or Settings()
    report, start = RunReport(), time.perf_counter()
    paths = list(paths)
    rdf_files = [p for p in paths if p.suffix.lower() in RDF_SUFFIXES]
    text_inputs = [p for p in paths if p not in rdf_files]
    for path in rdf_files:
        try:
            loaded = store.load_file(path)
        except (OSError, ValueError, SyntaxError) as exc:
            report.errors.append(f"{path}: {exc}")
            on_error(f"{path}: {exc}")
            continue
        report.articles += loaded.graphs
        report.triples += loaded.triples
    # after the files (a fresh store then takes them without a first pass), and this version's
    store.replace_graphs({ONTOLOGY_GRAPH: ontology_quads()})
    if text_inputs:
        from kg.parallel import extract_stream

        articles = _articles(text_inputs, settings, report, on_error, published)
        batch: list[Extraction] = []
        for extraction in _succeeded(extract_stream(articles, settings, jobs=jobs), report, on_error):
            batch.append(extraction)
            if len(batch) >= settings.batch_size:
                _write_batch(batch, store, settings, report, on_error, on_batch)
                batch = []
        if batch:
            _write_batch(batch, store, settings, report, on_error, on_batch)
    report.seconds = time.perf_counter() - start
    return report


def _write_batch(batch: list[Extraction], store: TripleStore, settings: Settings, report: RunReport,
                 on_error: ErrorSink, on_batch: Callable[[int], None] | None) -> None:
    per_article = [(x, extraction_quads(x, settings.base_iri)) for x in batch]
    quads = [q for _, qs in per_article for q in qs]
    try:
        loaded = store.replace_graphs(quads_by_graph(quads))
    except (OSError, ValueError) as exc:  # refused: nothing written, or (remote) only the graphs it names
        written = set(getattr(exc, "loaded", ()))
        for x, qs in per_article:
            if written and qs and {q[3] for q in qs} <= written:
                report.articles += 1
                report.triples += len(qs)
                continue
            message = f"{x.article.source_file} ({x.article.id}): not loaded: {exc}"
            report.errors.append(message)
            on_error(message)
        return
    report.articles += len(batch)
    report.triples += loaded.triples
    if on_batch:
        on_batch(len(batch))
