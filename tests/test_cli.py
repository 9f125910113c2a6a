"""The ``kg`` command end to end, in process through typer's CliRunner."""

from __future__ import annotations

import json
import re

import pytest
from conftest import SAMPLE
from rdflib import Dataset
from rdflib.namespace import RDF
from typer.testing import CliRunner

from kg.cli import app
from kg.rdf.namespaces import SCHEMA

runner = CliRunner()

GOOD = {
    "harbour.txt": "Harbour reopens\n\nThe harbour in Valletta reopened on Friday, the mayor Joseph Borg said.\n",
    "bridge.txt": "Bridge opens\n\nA new bridge across the Danube opened in Vienna on Monday.\n",
}


def kg(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def _stats(store) -> dict[str, int]:
    result = kg("stats", "--store", store)
    assert result.exit_code == 0, result.output
    return {k: int(v) for k, v in re.findall(r"^(\w+)\s+(\d+)$", result.stdout, re.MULTILINE)}


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store"
    result = kg("load", SAMPLE, "--store", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize(("suffix", "fmt"), [(".nq", "nquads"), (".trig", "trig"), (".ttl", "trig"),
                                              (".jsonld", "json-ld")])
def test_extract_format_follows_the_extension(tmp_path, suffix, fmt):
    out = tmp_path / f"out{suffix}"
    result = kg("extract", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "extracted 1 articles" in result.stderr
    dataset = Dataset().parse(out, format=fmt)
    assert any(dataset.quads((None, RDF.type, SCHEMA.NewsArticle, None)))
    assert any(dataset.quads((None, RDF.type, SCHEMA.Person, None)))


def test_extract_formats_hold_the_same_quads(tmp_path):
    sizes = set()
    for suffix, fmt in ((".nq", "nquads"), (".trig", "trig"), (".jsonld", "json-ld")):
        out = tmp_path / f"out{suffix}"
        assert kg("extract", SAMPLE, "-o", out).exit_code == 0
        sizes.add(len(Dataset().parse(out, format=fmt)))
    assert len(sizes) == 1


def test_extract_to_stdout_is_nquads():
    result = kg("extract", SAMPLE, "-o", "-")
    assert result.exit_code == 0, result.output
    dataset = Dataset().parse(data=result.stdout, format="nquads")
    assert any(dataset.quads((None, RDF.type, SCHEMA.NewsArticle, None)))


def test_extract_unknown_format_fails_in_one_line(tmp_path):
    result = kg("extract", SAMPLE, "-o", tmp_path / "out.csv")
    assert result.exit_code == 1
    assert "unknown output format" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_extracted_output_conforms_to_the_shapes(tmp_path):
    pytest.importorskip("pyshacl")
    out = tmp_path / "out.nq"
    assert kg("extract", SAMPLE, "-o", out).exit_code == 0
    result = kg("validate", out)
    assert result.exit_code == 0, result.output
    broken = tmp_path / "broken.nq"
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    broken.write_text("".join(line for line in lines if "nif-core#anchorOf" not in line), encoding="utf-8")
    result = kg("validate", broken)
    assert result.exit_code == 1
    assert "violations" in result.stderr


def test_all_good_batch_exits_zero(tmp_path, batch):
    result = kg("load", batch, "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "loaded 2 articles" in result.stderr
    assert _stats(tmp_path / "s")["articles"] == 2


def test_bad_file_is_reported_in_one_line_and_skipped(tmp_path, batch):
    bad = batch / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff")
    result = kg("load", batch, "--store", tmp_path / "s")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "broken.txt" in line]
    assert len(errors) == 1
    assert errors[0].startswith("error: ") and str(bad) in errors[0]
    assert "loaded 2 articles" in result.stderr and "1 failed" in result.stderr
    assert _stats(tmp_path / "s")["articles"] == 2


def test_bad_jsonl_line_is_reported_with_its_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [json.dumps({"id": "one", "text": GOOD["harbour.txt"]}), "{oops", json.dumps({"text": GOOD["bridge.txt"]})]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = kg("extract", path, "-o", tmp_path / "out.nq")
    assert result.exit_code == 1
    assert f"{path}:2:" in result.stderr
    assert "extracted 2 articles" in result.stderr


def test_loading_the_same_article_twice_changes_nothing(store):
    before = _stats(store)
    result = kg("load", SAMPLE, "--store", store)
    assert result.exit_code == 0, result.output
    assert _stats(store) == before
    assert before["articles"] == 1 and before["triples"] > 0


@pytest.mark.parametrize("value", ['Putin" } DROP ALL #', "x' . ?s ?p ?o } UNION { ?s ?p ?o",
                                   "{ } }} {{", "DELETE WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }",
                                   '\\"; CLEAR ALL'])
def test_param_values_are_matched_literally(store, value):
    before = _stats(store)
    for name, param in (("meetings", "participant"), ("mentions", "name")):
        result = kg("query", name, "--param", f"{param}={value}", "--store", store, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == []
    assert _stats(store) == before


def test_param_iri_with_injection_is_refused(store):
    result = kg("query", "entities", "--param", "type=https://schema.org/Person> } DROP ALL { <x", "--store", store)
    assert result.exit_code == 1
    assert "not an absolute IRI" in result.stderr


def test_query_formats_and_errors(store):
    table = kg("query", "entities", "--param", "type=https://schema.org/Person", "--store", store)
    assert table.exit_code == 0, table.output
    csv_out = kg("query", "entities", "--param", "type=https://schema.org/Person", "-f", "csv", "--store", store)
    assert csv_out.stdout.splitlines()[0].startswith("entity,type,label")
    rows = json.loads(kg("query", "entities", "-f", "json", "--store", store).stdout)
    assert rows and {"entity", "label"} <= set(rows[0])
    assert kg("query", "entities", "--param", "nope=1", "--store", store).exit_code == 1
    assert kg("query", "entities", "--param", "novalue", "--store", store).exit_code == 1
    assert kg("query", "no-such-query", "--store", store).exit_code == 1
    assert kg("query", "entities", "-f", "xml", "--store", store).exit_code == 1


def test_query_from_a_file(store, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("# How many triples.\nSELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }\n",
                    encoding="utf-8")
    result = kg("query", path, "-f", "json", "--store", store)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["n"] > 0


def test_queries_lists_every_named_query_with_its_parameters():
    from kg.queries import named_queries

    result = kg("queries")
    assert result.exit_code == 0
    for query in named_queries().values():
        assert f"{query.name}: " in result.stdout
        for parameter in query.parameters:
            assert f"--param {parameter.name}=" in result.stdout


def test_export_writes_the_whole_store(store, tmp_path):
    out = tmp_path / "all.nq"
    result = kg("export", "-o", out, "--store", store)
    assert result.exit_code == 0, result.output
    dataset = Dataset().parse(out, format="nquads")
    assert len(dataset) == _stats(store)["triples"]
    assert kg("export", "-o", tmp_path / "all.ttl", "--store", store).exit_code == 1


def test_exported_file_loads_into_another_store_unchanged(store, tmp_path):
    out = tmp_path / "all.nq"
    assert kg("export", "-o", out, "--store", store).exit_code == 0
    other = tmp_path / "other"
    assert kg("load", out, "--store", other).exit_code == 0
    assert _stats(other) == _stats(store)


def test_stats_of_the_sample(store):
    stats = _stats(store)
    assert set(stats) >= {"articles", "entities", "meetings", "figures", "triples"}
    assert stats["articles"] == 1 and stats["entities"] > 0


def test_every_command_has_an_example_in_its_help():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert "Example:" in (command.help or ""), name


def test_readme_documents_every_command():
    import typer.main
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        assert f"`kg {name}" in readme, name
    for variable in ("KG_STORE", "KG_PIPELINE", "KG_BASE_IRI", "KG_MAX_BYTES", "KG_BATCH_SIZE", "KG_QUERY_TIMEOUT"):
        assert variable in readme


def test_readme_python_example_runs(monkeypatch, capsys):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert code
    monkeypatch.chdir(ROOT)
    exec(compile(code[0], "README.md", "exec"), {})
    assert "nif:anchorOf" in capsys.readouterr().out
