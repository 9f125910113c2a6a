"""A bug in the analysis of one article is that article's one-line error; the rest of the batch loads."""

from __future__ import annotations

import json

import kg.extract.extractor as extractor_module
from kg.run import load_paths


def test_a_failing_article_is_reported_and_the_batch_goes_on(tmp_path, memory_store, monkeypatch) -> None:
    batch = tmp_path / "batch.jsonl"
    records = [{"id": f"a{i}", "text": f"Officials in Lisbon met on Monday. Story number {i}."} for i in range(3)]
    records[1]["text"] = "BOOM " + records[1]["text"]
    batch.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    real = extractor_module.analyse

    def flaky(article, doc):
        if article.text.startswith("BOOM"):
            raise RuntimeError("simulated extractor bug")
        return real(article, doc)

    monkeypatch.setattr(extractor_module, "analyse", flaky)
    errors: list[str] = []
    report = load_paths([batch], memory_store, on_error=errors.append)
    assert report.articles == 2 and not report.ok
    assert len(errors) == 1 and "a1" in errors[0] and "simulated extractor bug" in errors[0] and "\n" not in errors[0]
    graphs = {str(r["g"]) for r in memory_store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")[1]}
    assert any(g.endswith("/a0") for g in graphs) and any(g.endswith("/a2") for g in graphs)
    assert not any(g.endswith("/a1") for g in graphs)
