"""Concurrent use and resource bounds: queries while a load writes, two loads on one store, query timeouts."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_crash_safety import KG, env, graph_counts, reference  # noqa: F401  (reference is a fixture)

from kg.store import open_store
from kg.store.embedded import EmbeddedStore, QueryTimeoutError

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?h ?i ?j } }"


def filled_store(path: Path | None, n: int = 300) -> EmbeddedStore:
    store = EmbeddedStore(path)
    graph = ox.NamedNode("https://example.org/g")
    store._store.extend(ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"),
                                ox.Literal(str(i)), graph) for i in range(n))
    return store


# -- resource bounds -------------------------------------------------------------------------------

def test_a_runaway_query_is_stopped_with_a_clear_error():
    store = filled_store(None)
    store.timeout = 0.5
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"stopped after 0.5 s .*KG_QUERY_TIMEOUT"):
        store.select(RUNAWAY)
    assert time.monotonic() - start < 5  # not a timing assert on the query: only that we did not wait for it
    assert store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[1][0]["n"].toPython() == 300


def test_query_errors_and_results_pass_through_the_timeout_worker():
    store = filled_store(None, 3)
    store.timeout = 30
    assert len(store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")[1]) == 3
    with pytest.raises(SyntaxError):
        store.select("SELECT ?s WHERE { ?s ?p }")


def test_kg_query_timeout_option_and_setting(tmp_path):
    filled_store(tmp_path / "store").close()
    (tmp_path / "runaway.rq").write_text(f"# A query that runs away.\n{RUNAWAY}\n", encoding="utf-8")
    for extra, env_timeout in ((["--timeout", "1"], "600"), ([], "0.5")):
        result = subprocess.run([str(KG), "query", str(tmp_path / "runaway.rq"), "--store", str(tmp_path / "store"),
                                 *extra], env=env(KG_QUERY_TIMEOUT=env_timeout), capture_output=True, text=True,
                                timeout=120, check=False)
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith("error: query runaway: stopped after")


def test_kg_query_on_a_missing_store_or_a_bad_query_fails_in_one_line(tmp_path):
    (tmp_path / "bad.rq").write_text("SELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    filled_store(tmp_path / "store").close()
    for store in ("nowhere", "store"):
        result = subprocess.run([str(KG), "query", str(tmp_path / "bad.rq"), "--store", str(tmp_path / store)],
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 1 and result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


# -- readers and writers ---------------------------------------------------------------------------

@pytest.mark.slow
def test_queries_during_a_load_see_whole_articles_or_none(reference, tmp_path):  # noqa: F811
    batch, clean, _ = reference
    store_dir = tmp_path / "store"
    writer = subprocess.Popen([str(KG), "load", str(batch), "--store", str(store_dir)], env=env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen, reads, cli_runs = set(), 0, 0
    while writer.poll() is None:
        try:
            counts = graph_counts(store_dir)
        except OSError:  # not created yet, or a file moved under the reader: a clean error, never a partial read
            time.sleep(0.05)
            continue
        reads += 1
        for graph, n in counts.items():
            assert n == clean[graph], f"a reader saw {graph} with {n} of its {clean[graph]} triples"
        seen.add(len(counts))
        if reads % 10 == 1:  # the real command too: a whole result or a one-line error
            cli_runs += 1
            result = subprocess.run([str(KG), "query", "stats", "--store", str(store_dir), "--format", "csv"],
                                    capture_output=True, text=True, timeout=120, check=False)
            assert "Traceback" not in result.stderr
            assert result.returncode == 0 or result.stderr.count("\n") == 1, result.stderr
    assert writer.wait() == 0, writer.stderr.read() if writer.stderr else ""
    assert graph_counts(store_dir) == clean
    assert reads > 0 and cli_runs > 0
    print(f"{reads} consistent reads during the load, {len(seen)} distinct states, {cli_runs} kg query runs")


@pytest.mark.slow
def test_two_loads_on_one_store_serialise_or_fail_cleanly(reference, tmp_path):  # noqa: F811
    batch, clean, _ = reference
    store_dir = tmp_path / "store"
    command = [str(KG), "load", str(batch), "--store", str(store_dir)]
    first = subprocess.Popen(command, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    second = subprocess.Popen(command, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outcomes = [(p.wait(timeout=600), p.communicate()[1]) for p in (first, second)]
    for code, stderr in outcomes:
        assert "Traceback" not in stderr
        if code != 0:
            assert stderr.count("\n") == 1 and "in use by another kg process" in stderr, stderr
    assert any(code == 0 for code, _ in outcomes)
    assert graph_counts(store_dir) == clean  # never corrupt, no duplicates


def test_a_store_locked_by_a_writer_is_refused_with_a_clear_message(tmp_path):
    holder = open_store(tmp_path / "store")
    try:
        result = subprocess.run([str(KG), "load", str(tmp_path / "none.txt"), "--store", str(tmp_path / "store")],
                                capture_output=True, text=True, timeout=120, check=False)
    finally:
        holder.close()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: store ") and "in use by another kg process" in result.stderr
