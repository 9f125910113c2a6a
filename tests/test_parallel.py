"""--jobs N: the same graph, in the same order, whatever N; memory stays bounded by chunks in flight."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, STORIES
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg import parallel
from kg.read import read_paths
from kg.run import extract_paths, load_paths
from kg.settings import Settings
from kg.store import open_store

# Small chunks, so that five articles make three chunks and the worker pool is really used.
SMALL_CHUNKS = Settings().with_(batch_size=2)


def _corpus(tmp_path: Path, count: int = 5) -> Path:
    """A .jsonl of ``count`` short articles: the test stories shipped in tests/data, and the bundled sample."""
    texts = [p.read_text(encoding="utf-8") for p in [*STORIES, EXAMPLES / "assad-putin-sochi.txt"]]
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(json.dumps({"id": f"a{i}", "text": texts[i % len(texts)]}) + "\n")
    return path


def _dataset(path: Path) -> Dataset:
    ds = Dataset()
    ds.parse(path, format="nquads")
    return ds


def assert_same_graphs(a: Dataset, b: Dataset) -> None:
    """Same named graphs, each pair isomorphic."""
    names_a = {g.identifier for g in a.graphs() if isinstance(g.identifier, URIRef)}
    names_b = {g.identifier for g in b.graphs() if isinstance(g.identifier, URIRef)}
    assert names_a == names_b
    for name in names_a:
        assert isomorphic(a.graph(name), b.graph(name)), name


def test_jobs_1_and_2_give_isomorphic_graphs_in_the_same_order(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    one, two = tmp_path / "one.nq", tmp_path / "two.nq"
    report_one = extract_paths([corpus], one, settings=SMALL_CHUNKS, jobs=1)
    report_two = extract_paths([corpus], two, settings=SMALL_CHUNKS, jobs=2)
    assert report_one.ok and report_two.ok
    assert report_one.articles == report_two.articles == 5
    assert report_one.triples == report_two.triples > 100
    ds_one, ds_two = _dataset(one), _dataset(two)
    assert sum(len(g) for g in ds_one.graphs()) > 100
    assert_same_graphs(ds_one, ds_two)
    # deterministic order too: the files are the same bytes
    assert one.read_bytes() == two.read_bytes()


def test_load_with_two_jobs_matches_one_job(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    stores = []
    for jobs in (1, 2):
        store = open_store("memory")
        report = load_paths([corpus], store, settings=SMALL_CHUNKS, jobs=jobs)
        assert report.ok and report.articles == 5
        out = tmp_path / f"store{jobs}.nq"
        store.export(out)
        stores.append(_dataset(out))
        store.close()
    assert_same_graphs(*stores)


def test_articles_come_back_in_input_order(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, count=7)
    articles = [a for a in read_paths([corpus]) if not isinstance(a, Exception)]
    ids = [x.article.id for x in parallel.extract_stream(iter(articles), SMALL_CHUNKS, jobs=2)]
    assert ids == [f"a{i}" for i in range(7)]


def test_one_chunk_is_extracted_without_a_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for a single chunk")

    monkeypatch.setattr(parallel, "_pooled", no_pool)
    corpus = _corpus(tmp_path, count=2)
    articles = list(read_paths([corpus]))
    extractions = list(parallel.extract_stream(articles, SMALL_CHUNKS, jobs=2))
    assert [x.article.id for x in extractions] == ["a0", "a1"]


def test_default_jobs_is_at_least_one() -> None:
    assert parallel.default_jobs() >= 1


def test_a_worker_error_reaches_the_caller(tmp_path: Path) -> None:
    bad = Settings().with_(batch_size=1, pipeline="no_such_pipeline_xyz")
    corpus = _corpus(tmp_path, count=3)
    with pytest.raises(OSError, match="no_such_pipeline_xyz"):
        list(parallel.extract_stream(read_paths([corpus]), bad, jobs=2))


def test_graph_helper_sees_named_graphs(tmp_path: Path) -> None:
    """The comparison above is not vacuous: a changed graph is told apart."""
    a, b = Dataset(), Dataset()
    g = URIRef("urn:g")
    a.graph(g).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    b.graph(g).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:other")))
    with pytest.raises(AssertionError):
        assert_same_graphs(a, b)
    assert isinstance(a.graph(g), Graph)


def test_loading_an_nquads_file_again_replaces_its_graphs(tmp_path: Path) -> None:
    """The bulk path of ``kg load x.nq``: graphs in the file replace those in the store, others stay."""
    from rdflib import Literal

    from kg.store.embedded import EmbeddedStore

    s, p = URIRef("urn:s"), URIRef("urn:p")
    g1, g2, g3 = URIRef("urn:g1"), URIRef("urn:g2"), URIRef("urn:g3")

    def write(path: Path, quads: list[tuple]) -> Path:
        ds = Dataset()
        for q in quads:
            ds.add(q)
        ds.serialize(path, format="nquads")
        return path

    store = EmbeddedStore(tmp_path / "store")
    first = store.load_file(write(tmp_path / "a.nq", [(s, p, Literal("old"), g1), (s, p, Literal("x"), g2)]))
    assert (first.graphs, first.triples) == (2, 2)
    store.replace_graphs({g3: [(s, p, Literal("kept"), g3)]})
    again = store.load_file(write(tmp_path / "b.nq", [(s, p, Literal("new"), g1), (s, p, Literal("y"), g1)]))
    assert (again.graphs, again.triples) == (1, 2)
    _, rows = store.select("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?o")
    assert [(str(r["g"]), str(r["o"])) for r in rows] == [
        ("urn:g1", "new"), ("urn:g1", "y"), ("urn:g2", "x"), ("urn:g3", "kept")]
    store.close()


def test_kg_load_of_nquads_into_a_fresh_store_keeps_graphs_counts_and_this_ontology(tmp_path: Path) -> None:
    """A fresh store takes the file without a first pass; the report still counts its graphs and triples,
    and the ontology graph ends up as this version's even when the file carries an old one."""
    from rdflib import Literal

    from kg.rdf.ontology import ONTOLOGY_GRAPH, ontology_quads
    from kg.store.embedded import EmbeddedStore

    s, p = URIRef("urn:s"), URIRef("urn:p")
    ds = Dataset()
    ds.add((s, p, Literal("a"), URIRef("urn:g1")))
    ds.add((s, p, Literal("b"), URIRef("urn:g2")))
    ds.add((s, p, Literal("c"), URIRef("urn:g2")))
    ds.add((s, p, Literal("stale ontology"), ONTOLOGY_GRAPH))
    path = tmp_path / "in.nq"
    ds.serialize(path, format="nquads")

    store = EmbeddedStore(tmp_path / "store")
    report = load_paths([path], store, on_error=lambda m: pytest.fail(m))
    assert (report.articles, report.triples) == (3, 4)
    _, rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = ?onto) }",
                           {"onto": ONTOLOGY_GRAPH})
    assert int(rows[0]["n"]) == len(set(ontology_quads()))
    assert store.graph_names() == sorted([str(ONTOLOGY_GRAPH), "urn:g1", "urn:g2"])
    again = load_paths([path], store, on_error=lambda m: pytest.fail(m))  # not fresh now: the graphs are replaced
    assert again.triples == 4
    assert store.count_triples() == 3 + len(set(ontology_quads()))
    store.close()


def test_replace_graphs_writes_new_graphs_and_replaces_existing_ones(tmp_path: Path) -> None:
    from rdflib import Literal

    from kg.store.embedded import EmbeddedStore

    s, p, g = URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:g")
    store = EmbeddedStore(tmp_path / "store")
    tricky = Literal('a "quoted"\nline\u2028sep', lang="en")
    assert store.replace_graphs({g: [(s, p, tricky, g), (s, p, Literal(3), g)]}).triples == 2
    _, rows = store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY STR(?o)")
    assert {r["o"] for r in rows} == {tricky, Literal(3)}
    store.replace_graphs({g: [(s, p, Literal("only"), g)]})
    assert store.count_triples() == 1
    store.close()
