"""The city tables are built once and then read from a cache file that gives exactly the same tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.extract import gazetteer


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    gazetteer._cities.cache_clear()
    yield tmp_path
    gazetteer._cities.cache_clear()


def test_cached_tables_equal_the_built_ones(cache_dir: Path) -> None:
    built = gazetteer._build_cities()
    assert gazetteer._cities() == built  # first call: builds and writes the file
    files = list(cache_dir.glob("cities-*.json"))
    assert len(files) == 1
    gazetteer._cities.cache_clear()
    cached = gazetteer._cities()  # second call: reads the file
    assert cached == built
    assert all(len(table) > 1000 for table in cached)


def test_a_damaged_cache_file_is_rebuilt(cache_dir: Path) -> None:
    path = gazetteer._cities_cache_path()
    assert path is not None and path.parent == cache_dir
    path.write_text('{"places": [["City", "X"]], "tables": [{}]}', encoding="utf-8")
    assert gazetteer._cities() == gazetteer._build_cities()
    gazetteer._cities.cache_clear()
    assert gazetteer._cities() == gazetteer._build_cities()  # the rewritten file is whole again
    assert not list(cache_dir.glob("*.tmp"))


def test_an_empty_cache_dir_setting_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", "")
    assert gazetteer._cities_cache_path() is None


def test_an_unwritable_cache_dir_still_gives_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "sub"))
    gazetteer._cities.cache_clear()
    try:
        assert gazetteer.lookup_place.__wrapped__("Paris") is not None
    finally:
        gazetteer._cities.cache_clear()
