"""Throughput benchmark (``make bench``): raw spaCy vs ``kg extract``, loading vs pyoxigraph, query latency, RSS.

Builds a corpus by repeating the bundled and dev articles with varied ids, then measures, in one run:

* raw ``nlp.pipe`` words/s with kg's pipeline and batch size (1 process and N processes);
* ``kg extract`` words/s with ``--jobs 1`` and ``--jobs N`` (the real command, start-up included);
* ``kg load`` of the articles, and of an N-Quads file, in triples/s, against pyoxigraph ``bulk_load``;
* the median latency of 20 runs of each named query on a store of > 1,000,000 triples;
* the peak RSS of ``kg extract`` on 1,000 and on 5,000 articles (each in its own process tree).

Words are whitespace-separated words of each article's story text, counted the same way for every row.

    python bench/run.py [--articles 1000] [--big 5000] [--jobs N] [--markdown out.md]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SOURCES = [ROOT / "examples", ROOT.parent / "shared" / "eval" / "dev" / "articles"]
BIN = Path(sys.executable).parent
KG = BIN / "kg"
SUMMARY = re.compile(r"(?:extracted|loaded) (\d+) articles, (\d+) triples")


# -- corpus ------------------------------------------------------------------------------------------

def build_corpus(path: Path, count: int) -> int:
    """Write ``count`` articles to a .jsonl (sources repeated, ids varied); returns their story-text words."""
    from kg.read import read_paths
    from kg.read.files import iter_input_files

    inputs = list(iter_input_files([p for p in SOURCES if p.exists()]))
    articles = [a for a in read_paths(inputs) if not isinstance(a, Exception) and hasattr(a, "text")]
    if not articles:
        raise SystemExit("no articles to build a corpus from")
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            a = articles[i % len(articles)]
            record = {"id": f"{a.id}-{i:06d}", "text": a.text, "title": a.headline,
                      "published": a.published.isoformat() if a.published else None}
            out.write(json.dumps(record) + "\n")
    return corpus_words(path)


def corpus_words(path: Path) -> int:
    from kg.read import read_paths

    return sum(len(a.story_text().split()) for a in read_paths([path]) if hasattr(a, "story_text"))


# -- measurements --------------------------------------------------------------------------------------

def run_timed(cmd: list[str], *, rss: bool = False) -> tuple[float, str, int | None]:
    """Run ``cmd``; (seconds, stderr, peak RSS in KiB of its process tree when ``rss``).

    For the RSS, ``cmd`` runs under a fresh Python that waits for it and reports its own
    ``RUSAGE_CHILDREN`` ``ru_maxrss``: the largest process of that tree, this run only.
    """
    if rss:
        cmd = [sys.executable, __file__, "_rss", "--", *cmd]
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stderr[-3000:]}")
    peak = int(result.stdout.strip().splitlines()[-1]) if rss else None
    return seconds, result.stderr, peak


def raw_pipe(corpus: Path, processes: int) -> float:
    """Seconds for ``nlp.pipe`` over the corpus' story texts, in a fresh process (pipeline load excluded)."""
    _, err, _ = run_timed([sys.executable, __file__, "_raw", str(corpus), str(processes)])
    return float(json.loads(err.strip().splitlines()[-1])["seconds"])


def _raw_main(corpus: str, processes: int) -> None:
    from kg.read import read_paths
    from kg.run import make_extractor
    from kg.settings import Settings

    settings = Settings()
    nlp = make_extractor(settings).nlp
    texts = [a.story_text() for a in read_paths([Path(corpus)]) if hasattr(a, "story_text")]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=processes):
        pass
    print(json.dumps({"seconds": time.perf_counter() - start}), file=sys.stderr)


def _rss_main(cmd: list[str]) -> None:
    code = subprocess.call(cmd)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    raise SystemExit(code)


def summary_triples(stderr: str) -> int:
    match = SUMMARY.search(stderr)
    if not match:
        raise SystemExit(f"no summary line in:\n{stderr[-2000:]}")
    return int(match[2])


def bulk_load_seconds(nq: Path, store_dir: Path) -> float:
    import pyoxigraph as ox

    store = ox.Store(str(store_dir))
    start = time.perf_counter()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - start
    del store
    return seconds


def query_latencies(store_dir: Path, runs: int = 20, budget: float = 60.0) -> Iterator[tuple[str, float, int, int]]:
    """(name, median seconds, runs, rows) per named query; fewer runs if one query would exceed ``budget``."""
    from rdflib import URIRef

    from kg.queries import named_queries
    from kg.store.embedded import EmbeddedStore

    store = EmbeddedStore(store_dir, read_only=True)
    _, rows = store.select("SELECT ?g WHERE { GRAPH ?g { ?g a <https://schema.org/NewsArticle> } } LIMIT 1")
    article = rows[0]["g"]
    samples = {"article": str(article), "name": "Putin", "participant": "Putin",
               "type": "https://schema.org/Person", "category": "https://w3id.org/newskg/ontology#Killed"}
    for name, query in named_queries().items():
        raw = {p.name: samples[p.name] for p in query.parameters if "required" in p.doc and p.name in samples}
        bindings = query.bindings(raw)
        start = time.perf_counter()
        _, found = store.select(query.text, bindings)  # warm-up, and the row count
        first = time.perf_counter() - start
        n = max(1, min(runs, int(budget / max(first, 1e-6))))
        times = []
        for _ in range(n):
            start = time.perf_counter()
            store.select(query.text, bindings)
            times.append(time.perf_counter() - start)
        assert isinstance(article, URIRef)
        yield (name + "".join(f" {k}={v.rsplit('/', 1)[-1]}" for k, v in raw.items()),
               statistics.median(times), n, len(found))
    store.close()


def count_quads(store_dir: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(store_dir)))


# -- the run -------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="corpus size for the throughput rows")
    parser.add_argument("--big", type=int, default=5000, help="corpus size for the RSS row and the big store")
    parser.add_argument("--jobs", type=int, default=0, help="N for the N-process rows (default: the cores)")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the four words/s rows this many times, interleaved, and keep the best of each "
                             "(other load on the machine only ever slows a run down)")
    args = parser.parse_args()
    from kg.parallel import default_jobs

    jobs = args.jobs or default_jobs()
    lines: list[str] = []

    def row(what: str, value: str, note: str = "") -> None:
        lines.append(f"| {what} | {value} | {note} |")
        print(lines[-1], flush=True)

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(tmp)
        small, big = work / f"corpus-{args.articles}.jsonl", work / f"corpus-{args.big}.jsonl"
        words = build_corpus(small, args.articles)
        big_words = build_corpus(big, args.big)
        load_before = os.getloadavg()
        header = (f"cores: {os.cpu_count()} (usable: {default_jobs()}), N = {jobs}; corpus: {args.articles} articles, "
                  f"{words} words; big corpus: {args.big} articles, {big_words} words; "
                  f"load average at start: {load_before[0]:.2f}")
        print(header, flush=True)
        lines += [header, "", "| measure | value | note |", "| --- | --- | --- |"]
        print("\n".join(lines[-2:]), flush=True)

        out_small = work / "n.nq"
        best = {"raw1": 0.0, "rawn": 0.0, "ext1": 0.0, "extn": 0.0}
        rss_small, err = None, ""
        for _ in range(max(1, args.repeat)):  # interleaved, so that a busy spell does not hit one row only
            best["raw1"] = max(best["raw1"], words / raw_pipe(small, 1))
            best["rawn"] = max(best["rawn"], words / raw_pipe(small, jobs))
            seconds, _, _ = run_timed([str(KG), "extract", str(small), "-o", str(work / "one.nq"), "--jobs", "1"])
            best["ext1"] = max(best["ext1"], words / seconds)
            seconds, err, peak = run_timed([str(KG), "extract", str(small), "-o", str(out_small), "--jobs", str(jobs)],
                                           rss=True)
            best["extn"] = max(best["extn"], words / seconds)
            rss_small = max(rss_small or 0, peak or 0)
        raw1, rawn, ext1, extn = best["raw1"], best["rawn"], best["ext1"], best["extn"]
        runs = f"best of {args.repeat}; " if args.repeat > 1 else ""
        row("raw nlp.pipe, 1 process", f"{raw1:,.0f} words/s", f"{runs}pipeline load excluded")
        row(f"raw nlp.pipe, n_process={jobs}", f"{rawn:,.0f} words/s", f"{runs}{rawn / raw1:.2f}x 1 process")
        row("kg extract --jobs 1", f"{ext1:,.0f} words/s",
            f"{runs}{ext1 / raw1:.2f} of raw 1 process (target >= 0.85); start-up included")
        row(f"kg extract --jobs {jobs}", f"{extn:,.0f} words/s",
            f"{runs}{extn / ext1:.2f}x --jobs 1 (target >= 1.6); {extn / rawn:.2f} of raw n_process={jobs}")
        small_triples = summary_triples(err)

        seconds, err, _ = run_timed([str(KG), "load", str(small), "--store", str(work / "store-articles"),
                                     "--jobs", str(jobs)])
        loaded = summary_triples(err)
        bulk = small_triples / bulk_load_seconds(out_small, work / "bulk-small")
        row(f"kg load {args.articles} articles (.jsonl, --jobs {jobs})", f"{loaded / seconds:,.0f} triples/s",
            f"extraction included; pyoxigraph bulk_load of the same N-Quads: {bulk:,.0f} triples/s")

        out_big = work / "big.nq"
        seconds, err, rss_big = run_timed([str(KG), "extract", str(big), "-o", str(out_big), "--jobs", str(jobs)],
                                          rss=True)
        big_triples = summary_triples(err)
        row(f"kg extract --jobs {jobs}, {args.big} articles", f"{big_words / seconds:,.0f} words/s",
            f"{big_triples:,} triples")

        bulk_seconds = bulk_load_seconds(out_big, work / "bulk-big")
        bulk_rate = big_triples / bulk_seconds
        row(f"pyoxigraph bulk_load, {big_triples:,} triples", f"{bulk_rate:,.0f} triples/s", "fresh store")
        store_big = work / "store-big"
        seconds, err, _ = run_timed([str(KG), "load", str(out_big), "--store", str(store_big)])
        kg_rate = summary_triples(err) / seconds
        row("kg load of the same N-Quads file", f"{kg_rate:,.0f} triples/s",
            f"{kg_rate / bulk_rate:.2f} of bulk_load (target >= 0.8); fresh store, start-up included")
        seconds, err, _ = run_timed([str(KG), "load", str(out_big), "--store", str(store_big)])
        row("kg load of it again (replaces every graph)", f"{summary_triples(err) / seconds:,.0f} triples/s",
            f"{summary_triples(err) / seconds / bulk_rate:.2f} of bulk_load")

        quads = count_quads(store_big)
        for name, median, runs, found in query_latencies(store_big):
            row(f"query {name}", f"{median * 1000:,.0f} ms", f"median of {runs}; {found} rows; {quads:,} quads")

        assert rss_small is not None and rss_big is not None
        row(f"peak RSS, kg extract --jobs {jobs}, {args.articles} articles", f"{rss_small / 1024:,.0f} MiB")
        row(f"peak RSS, kg extract --jobs {jobs}, {args.big} articles", f"{rss_big / 1024:,.0f} MiB",
            f"{rss_big / rss_small:.2f}x the {args.articles}-article run (target <= 1.2)")
        load_after = os.getloadavg()
        lines.append(f"\nload average at the end: {load_after[0]:.2f}")
        print(lines[-1])
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_raw":
        _raw_main(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "_rss":
        _rss_main(sys.argv[3:])
    else:
        main()
