"""Shared fixtures: the loaded pipeline (once per session), paths to bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLE = EXAMPLES / "assad-putin-sochi.txt"
SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev"
# Short news stories written for the tests (invented people), shipped in the repository.
STORIES = sorted((ROOT / "tests" / "data" / "general").glob("*.txt"))


@pytest.fixture(scope="session")
def extractor():
    from kg.extract import Extractor
    from kg.settings import Settings

    return Extractor(Settings().pipeline)


@pytest.fixture
def memory_store():
    from kg.store import open_store

    store = open_store("memory")
    yield store
    store.close()


def _hypothesis_profiles() -> None:
    """CI runs the property tests with a fixed seed, so a red run is reproducible; locally they explore."""
    import os

    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")


_hypothesis_profiles()
