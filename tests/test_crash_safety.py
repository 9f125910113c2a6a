"""Crash safety: ``kg load`` killed with SIGKILL at random points of a 200-article batch loses nothing.

Afterwards the store opens, every article graph present is complete (its triple count equals a clean
load of that article), and re-running the load completes the batch with no duplicates.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from kg.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / ".venv" / "bin" / "kg"
ARTICLES = 200
KILLS = 3
SEED = int(os.environ.get("KG_CRASH_SEED", "20260508"))
PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Ingrid Solberg", "Tomas Varga", "Kwame Mensah",
          "Xi Jinping", "Narendra Modi", "Cyril Ramaphosa"]
PLACES = ["Berlin", "Paris", "Bergen", "Damascus", "Ankara", "Beijing", "Delhi", "Pretoria", "Geneva"]
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def write_batch(path: Path, n: int = ARTICLES) -> Path:
    """``n`` short synthetic news articles, one JSON object per line, each different."""
    rng = random.Random(n)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            a, b = rng.sample(PEOPLE, 2)
            place = rng.choice(PLACES)
            text = (f"{a} met {b} in {place} on Monday, officials said.\n"
                    f"At least {rng.randint(2, 900)} people were killed in clashes near {rng.choice(PLACES)}. "
                    f"{b.split()[-1]} said talks would continue in {rng.choice(PLACES)} next month.")
            out.write(json.dumps({"id": f"a{i:03d}", "text": text, "published": "2018-05-17"}) + "\n")
    return path


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "KG_BATCH_SIZE": "8", **extra}


def graph_counts(store_dir: Path, *, read_only: bool = True) -> dict[str, int]:
    """Triples per named graph (the ontology graph included)."""
    store = EmbeddedStore(store_dir, read_only=read_only)
    try:
        _, rows = store.select(COUNTS)
        return {str(r["g"]): int(r["n"]) for r in rows}  # type: ignore[arg-type]
    finally:
        store.close()


def article_graphs_now(store_dir: Path) -> int:
    """How many article graphs a reader sees right now (0 while the store cannot be opened yet)."""
    try:
        counts = graph_counts(store_dir)
    except OSError:
        return 0
    return sum(g.startswith("https://w3id.org/newskg/id/article/") for g in counts)


def run_load(batch: Path, store_dir: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KG), "load", str(batch), "--store", str(store_dir)], env=env(), text=True,
                          capture_output=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict[str, int], float]:
    """The batch, the per-graph triple counts of a clean load of it, and how long that load took."""
    work = tmp_path_factory.mktemp("reference")
    batch = write_batch(work / "batch.jsonl")
    start = time.monotonic()
    result = run_load(batch, work / "store")
    seconds = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    counts = graph_counts(work / "store")
    assert sum(g.startswith("https://w3id.org/newskg/id/article/") for g in counts) == ARTICLES
    return batch, counts, seconds


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing_and_a_rerun_completes(reference, tmp_path):
    batch, clean, seconds = reference
    rng = random.Random(SEED)
    present_after_kills = []
    for kill in range(KILLS):
        store_dir = tmp_path / f"store{kill}"  # fresh, so that the kill point is a point of this run's writing
        # kill once a reader sees at least ``target`` articles: a random point of the writing phase
        target = rng.randint(1, ARTICLES - 10)
        process = subprocess.Popen([str(KG), "load", str(batch), "--store", str(store_dir)], env=env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10 * seconds
        while process.poll() is None and time.monotonic() < deadline and article_graphs_now(store_dir) < target:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        if not store_dir.exists():
            present_after_kills.append(0)
            continue
        counts = graph_counts(store_dir, read_only=False)  # the store opens (and recovers) after the crash
        for graph, n in counts.items():
            assert n == clean[graph], f"{graph}: {n} triples after SIGKILL, {clean[graph]} in a clean load"
        present_after_kills.append(len(counts))
    print(f"graphs present after each SIGKILL (seed {SEED}): {present_after_kills}")
    result = run_load(batch, store_dir)  # re-run over the last crashed store
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert graph_counts(store_dir) == clean  # complete, and no duplicates
