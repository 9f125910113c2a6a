"""Hostile and broken input: every input gives a correct graph (exact offsets) or a one-line error naming it.

Never a traceback, a hang, or a partial article in the store. Property tests use explicit ``max_examples``
(the counts are part of the robustness report in docs/robustness.md).
"""

from __future__ import annotations

import codecs
import json
import os
import random
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kg.model import Article, InputError
from kg.rdf.iris import article_iri
from kg.rdf.mapping import extraction_quads
from kg.read.files import read_file, read_paths
from kg.run import load_paths
from kg.settings import Settings
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / ".venv" / "bin" / "kg"
BASE = Settings().base_iri
NEWS = ("Angela Merkel met Emmanuel Macron in Berlin on Monday, officials said. "
        "Russian President Ingrid Solberg flew to Bergen where 380,000 people were displaced.")

OFFSETS_QUERY = """
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?g ?text ?begin ?end ?anchor WHERE {
  GRAPH ?g { ?g nif:isString ?text .
             ?s nif:referenceContext ?g ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?anchor } }
"""
ARTICLES_QUERY = """
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?g ?text WHERE { GRAPH ?g { ?g nif:isString ?text } }
"""


def check_offsets(store) -> int:
    """Every span's anchor is exactly ``text[begin:end]`` of its article; returns how many spans were checked."""
    _, rows = store.select(OFFSETS_QUERY)
    for row in rows:
        text, begin, end = str(row["text"]), int(row["begin"]), int(row["end"])
        assert str(row["anchor"]) == text[begin:end], (row["g"], begin, end)
    return len(rows)


def stored_texts(store) -> dict[str, str]:
    _, rows = store.select(ARTICLES_QUERY)
    return {str(r["g"]): str(r["text"]) for r in rows}


def assert_one_line_error(errors: list[str], path: Path, *cause: str) -> None:
    mine = [e for e in errors if e.startswith(str(path))]
    assert len(mine) == 1, (path, errors)
    assert "\n" not in mine[0] and "Traceback" not in mine[0]
    for word in cause:
        assert word.lower() in mine[0].lower(), (word, mine[0])


def load(paths: list[Path], **changes: object):
    """Load into a fresh memory store; returns (report, store, errors)."""
    store = open_store("memory")
    errors: list[str] = []
    report = load_paths(paths, store, settings=Settings().with_(**changes), on_error=errors.append)
    return report, store, errors


# -- fixed cases -----------------------------------------------------------------------------------

BAD_TXT: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "empty.txt": (b"", ("empty",)),
    "whitespace.txt": (b" \t\r\n \n\x0b\x0c  \r", ("empty",)),
    "binary.txt": (bytes(random.Random(8).randrange(256) for _ in range(4096)) + b"\x00", ("binary",)),
    "nul.txt": (b"Angela Merkel\x00 met Macron.", ("NUL",)),
    "invalid-utf8.txt": (b"Talks in Gen\xe8ve \xff\xfe\xfd resumed.", ("UTF-8",)),
    "latin1.txt": ("Le président a visité Genève.".encode("latin-1"), ("UTF-8", "convert")),
    "bad-utf16.txt": (codecs.BOM_UTF16_LE + b"A\x00\x00\xd8", ("UTF-16",)),
}
GOOD_TXT: dict[str, tuple[bytes, str]] = {
    "utf8-bom.txt": (codecs.BOM_UTF8 + NEWS.encode(), NEWS),
    "utf16-bom.txt": (NEWS.encode("utf-16"), NEWS),
    "utf16be-bom.txt": (codecs.BOM_UTF16_BE + NEWS.encode("utf-16-be"), NEWS),
    "mixed-eol.txt": (("Headline here\r\n" + NEWS.replace(". ", ".\r") + "\nMore\r\n\r\nEnd.\n").encode(), ""),
    "controls.txt": (("Title \x1b[31m\x07\n" + NEWS + "\x1c\x1d\x85\u2028 tail \x7f\n").encode(), ""),
    "astral.txt": (("😀 Emojis 🇫🇷 first. " + NEWS + " 𝕏 end").encode(), ""),
}


def test_bad_text_inputs_give_one_line_errors_and_nothing_in_the_store(tmp_path, extractor):
    paths = []
    for name, (data, _) in BAD_TXT.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    report, store, errors = load(paths)
    assert report.articles == 0 and len(errors) == len(BAD_TXT)
    for name, (_, cause) in BAD_TXT.items():
        assert_one_line_error(errors, tmp_path / name, *cause)
    assert stored_texts(store) == {}


def test_good_text_inputs_keep_the_decoded_text_and_exact_offsets(tmp_path, extractor):
    paths = []
    for name, (data, _) in GOOD_TXT.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    report, store, errors = load(paths)
    assert errors == [] and report.articles == len(GOOD_TXT)
    texts = stored_texts(store)
    for name, (data, expected) in GOOD_TXT.items():
        want = expected or data.decode("utf-8")
        assert texts[str(article_iri(BASE, Path(name).stem))] == want  # BOM gone, line endings untouched
    assert check_offsets(store) > 10  # the NEWS sentence always yields some entity mentions


def test_unsupported_missing_and_non_regular_files_are_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever
    (tmp_path / "story.pdf").write_bytes(b"%PDF-1.4")
    items = list(read_paths([fifo, tmp_path / "story.pdf", tmp_path / "missing.txt", tmp_path / "nodir" / "x.html"]))
    assert all(isinstance(i, InputError) for i in items)
    causes = [i.cause for i in items]
    assert causes[0] == "not a regular file"
    assert "unsupported file type .pdf" in causes[1]
    assert causes[2] == causes[3] == "no such file"


def test_a_20_mb_article_is_refused_by_the_default_character_limit(tmp_path):
    big = tmp_path / "huge.txt"
    sentence = b"The ministry said 12 people were injured in the capital. "
    big.write_bytes(sentence * (20_000_000 // len(sentence) + 1))
    assert big.stat().st_size >= 20_000_000
    [item] = list(read_paths([big], max_bytes=Settings().max_bytes, max_chars=Settings().max_chars))
    assert isinstance(item, InputError)
    assert item.source == str(big) and "KG_MAX_CHARS" in item.cause and "\n" not in item.cause
    [too_big] = list(read_paths([big], max_bytes=1_000_000))
    assert isinstance(too_big, InputError) and "KG_MAX_BYTES" in too_big.cause


def test_size_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_MAX_BYTES", "1234")
    monkeypatch.setenv("KG_MAX_CHARS", "999")
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "nonsense")
    s = Settings()
    assert (s.max_bytes, s.max_chars, s.query_timeout) == (1234, 999, 60.0)


def test_a_1_mb_single_line_is_refused_by_default_and_a_large_one_is_allowed_by_the_setting(tmp_path, extractor):
    line = ("Officials in Kabul said 45 people were killed and President Ashraf Ghani visited Herat; " * 12_000)
    megabyte = tmp_path / "one-line.txt"
    megabyte.write_text(line[:1_048_576], encoding="utf-8")
    [item] = list(read_paths([megabyte], max_chars=Settings().max_chars))
    assert isinstance(item, InputError) and "1048576 characters" in item.cause
    # a large-but-allowed single line (no line break at all) through the real pipeline, under a lower limit
    allowed = tmp_path / "long-line.txt"
    allowed.write_text(line[:20_000], encoding="utf-8")
    refused = tmp_path / "over.txt"
    refused.write_text(line[:25_001], encoding="utf-8")
    report, store, errors = load([allowed, refused], max_chars=25_000)
    assert report.articles == 1 and len(errors) == 1 and "25001 characters > limit 25000" in errors[0]
    assert stored_texts(store) == {str(article_iri(BASE, "long-line")): line[:20_000]}
    assert check_offsets(store) > 200


HTML_STORY = "<p>" + NEWS + "</p><p>" + NEWS.replace("Monday", "Tuesday") + "</p>"
BAD_HTML: dict[str, tuple[str, tuple[str, ...]]] = {
    "empty.html": ("", ("empty",)),
    "tags-only.html": ("<html><body><div><span></span></div></body></html>", ("no extractable",)),
    "nested.html": ("<html><body>" + "<div>" * 50_000 + HTML_STORY + "</div>" * 50_000 + "</body></html>",
                    ("no extractable",)),
    "comment.html": ("<html><body><!-- " + HTML_STORY + "</body></html>", ("no extractable",)),
}
GOOD_HTML = {
    "unclosed.html": "<html><head><title>Talks</title><body><div><p>" + NEWS + "<b><i><table><tr><td>" + HTML_STORY,
    "garbage.html": "<<>>&&&#xZZZ;&#0;&#x110000;<p>" + NEWS + "</p></p></div></span>" + HTML_STORY + "<p",
    "script.html": "<script>alert('x')</script><style>p{}</style>" + HTML_STORY + "<script>document.write(1)",
    "nested-ok.html": "<html><body>" + "<div>" * 60 + HTML_STORY + "</div>" * 60 + "</body></html>",
}


def test_malformed_and_deeply_nested_html(tmp_path, extractor):
    paths = []
    for name, html in {**{k: v for k, (v, _) in BAD_HTML.items()}, **GOOD_HTML}.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
        paths.append(tmp_path / name)
    latin = tmp_path / "latin1.html"
    latin.write_bytes(('<html><head><meta charset="iso-8859-1"></head><body><p>Le président à Genève. '
                       + NEWS + "</p>" + HTML_STORY + "</body></html>").encode("latin-1"))
    paths.append(latin)
    report, store, errors = load(paths)
    for name, (_, cause) in BAD_HTML.items():
        assert_one_line_error(errors, tmp_path / name, *cause)
    assert len(errors) == len(BAD_HTML) and report.articles == len(GOOD_HTML) + 1
    texts = stored_texts(store)
    assert "président à Genève" in texts[str(article_iri(BASE, "latin1"))]
    assert all("alert" not in t and "document.write" not in t for t in texts.values())
    assert check_offsets(store) > 10


def test_jsonl_with_broken_lines_wrong_types_and_duplicate_ids(tmp_path, extractor):
    good = {"id": "a1", "text": NEWS, "title": "T", "url": "https://example.org/a1", "published": "2018-05-17"}
    sep = {"id": 7, "text": "Line one\u2028still the same record\u2029and \x0c this. " + NEWS, "title": "U+2028"}
    lines = [
        json.dumps(good),                                      # 1 ok
        "{\"id\": \"broken\", \"text\": \"no end",             # 2 malformed
        json.dumps({"id": "nt"}),                              # 3 missing text
        json.dumps({"id": "wt", "text": 42}),                  # 4 text not a string
        json.dumps({"id": ["x"], "text": NEWS}),               # 5 id of a wrong type
        json.dumps({"id": True, "text": NEWS}),                # 6 boolean id
        json.dumps({"id": "ti", "text": NEWS, "title": {"a": 1}}),  # 7 title wrong type
        json.dumps(good),                                      # 8 duplicate id
        "[1, 2, 3]",                                           # 9 not an object
        "null",                                                # 10 not an object
        "",                                                    # 11 blank: skipped
        json.dumps(sep, ensure_ascii=False),                   # 12 ok: U+2028 / U+2029 / FF inside a string
        "[" * 100_000 + "]" * 100_000,                         # 13 nested too deeply
        '{"id": ' + "9" * 5000 + ', "text": "x"}',             # 14 integer too long to convert
        '{"id": "sur", "text": "half a pair \\ud800 here"}',   # 15 unpaired surrogate
        json.dumps({"id": "pub", "text": NEWS, "published": "yesterday"}),  # 16 bad date
        json.dumps({"id": "ws", "text": " \n\t "}),            # 17 whitespace text
        json.dumps({"id": "nul", "text": "a\x00b"}),          # 18 NUL in text
        json.dumps({"text": NEWS + " Without an id."}),        # 19 ok: id from the line number
    ]
    path = tmp_path / "batch.jsonl"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    report, store, errors = load([path])
    bad_lines = {2: "malformed", 3: "missing 'text'", 4: "'text' must be a string", 5: "'id' must be",
                 6: "'id' must be", 7: "'title' must be", 8: "duplicate id 'a1'", 9: "JSON object",
                 10: "JSON object", 13: "unreadable JSON", 14: "unreadable JSON", 15: "surrogate",
                 16: "ISO date", 17: "empty", 18: "NUL"}
    assert len(errors) == len(bad_lines), errors
    for number, cause in bad_lines.items():
        assert_one_line_error(errors, Path(f"{path}:{number}"), cause)
    assert report.articles == 3
    texts = stored_texts(store)
    assert texts == {str(article_iri(BASE, "a1")): NEWS, str(article_iri(BASE, "7")): sep["text"],
                     str(article_iri(BASE, "batch-19")): NEWS + " Without an id."}
    check_offsets(store)


def test_the_cli_reports_every_bad_input_in_one_line_without_a_traceback(tmp_path):
    for name, (data, _) in BAD_TXT.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": 1}\n{oops\n', encoding="utf-8")
    result = subprocess.run([str(KG), "load", str(tmp_path), "--store", str(tmp_path / "store")],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert sum(line.startswith("error: ") for line in lines) == len(BAD_TXT) + 2
    assert lines[-1].startswith("loaded 1 articles") and "failed" in lines[-1]


# -- properties ------------------------------------------------------------------------------------

HOSTILE_CHARS = st.sampled_from(list("\x00\x01\x07\x0b\x0c\x1b\x1c\x7f\x85\u2028\u2029\ufeff\ufffe\r\n\t \"'\\<>{}"))
NEWSY_TEXT = st.lists(st.one_of(st.sampled_from(NEWS.split()), HOSTILE_CHARS, st.text(max_size=6)),
                      max_size=60).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(raw=st.one_of(st.binary(max_size=3000),
                     st.text(max_size=800).map(lambda t: t.encode("utf-8")),
                     st.text(max_size=800).map(lambda t: t.encode("utf-16")),
                     st.text(max_size=800).map(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"))))
def test_property_any_bytes_give_one_article_or_one_error(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("bytes") / "input.txt"
    path.write_bytes(raw)
    [item] = list(read_file(path))
    if isinstance(item, InputError):
        assert item.source == str(path) and item.cause and "\n" not in item.cause
        return
    assert isinstance(item, Article)
    text = raw.decode("utf-16") if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else raw.decode("utf-8-sig")
    assert item.text == text and item.text.strip() and "\x00" not in item.text
    assert all(0 <= b < e <= len(text) for b, e in item.regions)
    assert len(item.story_text()) == len(text)


SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
JSON_VALUES = st.recursive(
    SCALARS, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=6), kids, max_size=4),
    max_leaves=12)
RECORDS = st.fixed_dictionaries({}, optional={
    "id": JSON_VALUES | st.text(max_size=20), "text": JSON_VALUES | NEWSY_TEXT,
    "title": JSON_VALUES, "url": JSON_VALUES, "published": JSON_VALUES})


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.one_of(RECORDS.map(json.dumps), JSON_VALUES.map(json.dumps), st.text(max_size=40)),
                      max_size=12))
def test_property_any_jsonl_gives_one_item_per_line(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "input.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    items = list(read_paths([path]))
    content = "\n".join(lines)
    nonblank = [n for n, line in enumerate(content.split("\n"), start=1) if line.removesuffix("\r").strip()]
    if isinstance(items[:1] and items[0], InputError) and items[0].source == str(path):
        assert len(items) == 1  # the whole file is not UTF-8 (a surrogate in a raw line)
        return
    assert len(items) == len(nonblank)
    ids = [i.id for i in items if isinstance(i, Article)]
    assert len(ids) == len(set(ids))
    for number, item in zip(nonblank, items, strict=True):
        if isinstance(item, InputError):
            assert item.source == f"{path}:{number}" and "\n" not in item.cause
        else:
            assert item.text.strip() and not any("\ud800" <= c <= "\udfff" for c in item.text)


@settings(max_examples=150, deadline=None)
@given(html=st.lists(st.one_of(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<!--",
                                                "-->", "<table><tr><td>", "<", ">", "&", "&#0;", "&amp;", "<title>",
                                                "<meta charset=x>", "<![CDATA[", "]]>", "<?xml?>"]),
                               NEWSY_TEXT), max_size=30).map("".join))
def test_property_any_html_gives_an_article_or_one_error(tmp_path_factory, html):
    path = tmp_path_factory.mktemp("html") / "page.html"
    path.write_text(html, encoding="utf-8")
    [item] = list(read_file(path))
    if isinstance(item, InputError):
        assert item.source == str(path) and "\n" not in item.cause
    else:
        assert item.text.strip() and "\x00" not in item.text and item.regions == ((0, len(item.text)),)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=NEWSY_TEXT.filter(lambda t: t.strip() and "\x00" not in t))
def test_property_extraction_offsets_are_exact_and_the_article_round_trips(extractor, text):
    article = Article(id="prop", text=text, source_file="prop.txt", sha256="0" * 64)
    extraction = extractor.extract(article)
    for entity in extraction.entities:
        for span in entity.mentions:
            assert text[span.begin:span.end] == span.text
    store = open_store("memory")
    quads = extraction_quads(extraction, BASE)
    store.replace_graphs({URIRef(article_iri(BASE, "prop")): quads})
    assert stored_texts(store) == {str(article_iri(BASE, "prop")): text}
    assert store.count_triples() == len(quads)
    check_offsets(store)
    assert Literal(text) in {q[2] for q in quads}
