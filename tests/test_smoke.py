"""End to end on the bundled sample: extract, load, query."""

from __future__ import annotations

from conftest import SAMPLE

from kg.run import load_paths


def test_load_twice_leaves_triple_count_unchanged(memory_store):
    first = load_paths([SAMPLE], memory_store)
    count = memory_store.count_triples()
    second = load_paths([SAMPLE], memory_store)
    assert first.ok and second.ok
    assert first.articles == second.articles == 1
    assert memory_store.count_triples() == count > 100
