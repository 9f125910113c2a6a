"""Scale-out on dask.distributed: a LocalCluster of two worker processes, two shards, one N-Quads file each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import STORIES
from rdflib import Dataset
from test_parallel import assert_same_graphs

from kg.distributed import extract_shards, output_path
from kg.run import extract_paths

distributed = pytest.importorskip("distributed")


def _texts() -> list[str]:
    """Four short stories shipped with the tests."""
    texts = [p.read_text(encoding="utf-8") for p in STORIES[:4]]
    assert len(texts) == 4, "tests/data/general holds the test stories"
    return texts


def _shards(tmp_path: Path) -> list[Path]:
    texts = _texts()
    shards = []
    for number, part in enumerate((texts[:2], texts[2:4])):
        shard = tmp_path / "in" / f"shard-{number}.jsonl"
        shard.parent.mkdir(exist_ok=True)
        shard.write_text("".join(json.dumps({"id": f"s{number}-{i}", "text": t}) + "\n" for i, t in enumerate(part)),
                         encoding="utf-8")
        shards.append(shard)
    return shards


@pytest.fixture(scope="module")
def cluster_client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def _union(paths: list[Path]) -> Dataset:
    ds = Dataset()
    for path in paths:
        ds.parse(path, format="nquads")
    return ds


@pytest.mark.parametrize("shared_fs", [False, True], ids=["bytes", "shared-fs"])
def test_shards_on_two_workers_match_a_single_process_run(tmp_path: Path, cluster_client, shared_fs: bool) -> None:
    shards = _shards(tmp_path)
    reports = extract_shards(shards, tmp_path / "out", client=cluster_client, shared_fs=shared_fs)
    assert [r.shard for r in reports] == shards
    assert all(r.ok for r in reports), [r.errors for r in reports]
    assert [r.output for r in reports] == [output_path(s, tmp_path / "out") for s in shards]
    assert all(r.articles == 2 and r.triples > 0 for r in reports)

    single = tmp_path / "single.nq"
    report = extract_paths(shards, single, jobs=1)
    assert report.ok and report.articles == 4
    assert sum(r.triples for r in reports) == report.triples
    expected = Dataset()
    expected.parse(single, format="nquads")
    assert_same_graphs(_union([r.output for r in reports if r.output]), expected)


def test_a_bad_shard_is_reported_and_the_others_still_run(tmp_path: Path, cluster_client) -> None:
    good = _shards(tmp_path)[0]
    missing = tmp_path / "in" / "missing.jsonl"
    reports = extract_shards([good, missing], tmp_path / "out", client=cluster_client)
    assert reports[0].ok
    assert not reports[1].ok and reports[1].output is None and "missing.jsonl" in reports[1].errors[0]


def test_shards_need_distinct_names(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="distinct"):
        extract_shards([tmp_path / "a" / "x.jsonl", tmp_path / "b" / "x.jsonl"], tmp_path / "out", client=None)
