"""Load the spaCy pipeline once, with newskg's components and pattern files added."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

from kg.extract import factories  # noqa: F401  (registers our components)

DATA = Path(__file__).resolve().parent / "data"


def read_jsonl(name: str) -> list[dict]:
    """A data file of ours: one JSON object per line, ``//`` comment lines allowed."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.lstrip().startswith("//")]


@cache
def load_pipeline(name: str) -> Language:
    """The installed pipeline ``name`` plus newskg's components (cached per process)."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise OSError(f"spaCy pipeline {name!r} is not installed ({exc}); "
                      "install it or set KG_PIPELINE to another installed pipeline") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_newline_sentences", before="parser")
        nlp.add_pipe("kg_bounded_sentences", before="parser")
    if (DATA / "entity_patterns.jsonl").is_file() and "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="kg_entity_ruler", after="ner",
                             config={"overwrite_ents": True})
        ruler.add_patterns(read_jsonl("entity_patterns.jsonl"))  # type: ignore[attr-defined]
    return nlp
