"""Reading inputs: exact text for offsets, BOM removal, headlines, JSONL fields, one-line errors."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from kg.model import Article, InputError
from kg.read import read_paths
from kg.read.files import read_file

STORY = "Harbour reopens\r\n\r\nThe harbour reopened on Friday after repairs, the port authority said.\n"


def _one(path: Path) -> Article | InputError:
    items = list(read_file(path))
    assert len(items) == 1
    return items[0]


def test_txt_text_is_the_file_decoded_line_endings_kept(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.encode("utf-8"))
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text == STORY
    assert article.source_file == "story.txt"
    assert article.id == "story"
    assert article.sha256 == hashlib.sha256(STORY.encode("utf-8")).hexdigest()
    assert article.headline == "Harbour reopens"


def test_bom_is_removed_and_digest_is_of_raw_bytes(tmp_path):
    raw = codecs.BOM_UTF8 + STORY.encode("utf-8")
    path = tmp_path / "bom.txt"
    path.write_bytes(raw)
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text == STORY
    assert not article.text.startswith("\ufeff")
    assert article.sha256 == hashlib.sha256(raw).hexdigest()


def test_offsets_index_non_ascii_text_by_character(tmp_path):
    text = "Café talks\n\nThe mayor of Zürich met the mayor of Kraków.\n"
    path = tmp_path / "accents.txt"
    path.write_text(text, encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    begin = article.text.index("Kraków")
    assert article.text[begin:begin + 6] == "Kraków"
    assert article.story_text()[begin:begin + 6] == "Kraków"
    assert len(article.story_text()) == len(article.text)


def test_story_text_blanks_boilerplate_and_keeps_offsets(tmp_path):
    text = "Roads closed\n\nSnow closed the roads on Sunday.\nSubscribe to our newsletter for more.\nPlows worked.\n"
    path = tmp_path / "furniture.txt"
    path.write_text(text, encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    story = article.story_text()
    assert len(story) == len(text)
    assert "Subscribe" not in story
    assert story.index("Plows") == text.index("Plows")


def test_html_title_and_text(tmp_path):
    body = " ".join(["The council approved the new budget after a long debate on Wednesday."] * 4)
    html = (f"<html><head><title>Budget approved</title></head><body><nav>Home | News</nav>"
            f"<article><h1>Budget approved</h1><p>{body}</p><p>{body}</p></article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    assert article.from_html
    assert article.headline == "Budget approved"
    assert "The council approved the new budget" in article.text
    assert "<p>" not in article.text


def test_jsonl_fields(tmp_path):
    records = [
        {"id": "first", "url": "https://example.org/a", "title": "A title", "published": "2021-03-04",
         "text": "The bridge opened on Monday."},
        {"text": "No metadata here, only text."},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    first, second = list(read_file(path))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.url, first.headline, first.published) == (
        "first", "https://example.org/a", "A title", dt.date(2021, 3, 4))
    assert first.text == records[0]["text"]
    assert first.source_file == "batch.jsonl"
    assert second.id == "batch-2"
    assert second.url is None and second.published is None


@pytest.mark.parametrize(("line", "cause"), [
    ("{not json", "malformed JSON"),
    ('["a list"]', "JSON object"),
    ('{"title": "no text"}', "text"),
    ('{"text": 12}', "text"),
    ('{"text": "Fine text.", "published": "yesterday"}', "published"),
    ('{"text": "   "}', "empty"),
])
def test_bad_jsonl_line_names_file_and_line_and_others_still_load(tmp_path, line, cause):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "text": "The bridge opened on Monday."})
    path.write_text(f"{good}\n{line}\n{good.replace('ok', 'ok2')}\n", encoding="utf-8")
    items = list(read_file(path))
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.id for a in items if isinstance(a, Article)] == ["ok", "ok2"]
    assert len(errors) == 1
    message = str(errors[0])
    assert message.startswith(f"{path}:2: ")
    assert cause in message
    assert "\n" not in message


def test_duplicate_jsonl_id_is_reported(tmp_path):
    path = tmp_path / "dup.jsonl"
    line = json.dumps({"id": "same", "text": "Some words."})
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    items = list(read_paths([path]))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], InputError)
    assert str(items[1]).startswith(str(path)) and "duplicate" in str(items[1])


@pytest.mark.parametrize(("name", "raw", "cause"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ("latin1.txt", "Caf\u00e9 au lait".encode("latin-1"), "UTF-8"),
    ("notes.docx", b"PK\x03\x04", "unsupported"),
])
def test_bad_file_gives_one_line_naming_it(tmp_path, name, raw, cause):
    path = tmp_path / name
    path.write_bytes(raw)
    item = _one(path)
    assert isinstance(item, InputError)
    assert str(item).startswith(str(path))
    assert cause in str(item)
    assert "\n" not in str(item)


def test_unreadable_and_too_large_files(tmp_path):
    missing = tmp_path / "gone.txt"
    assert isinstance(_one(missing), InputError)
    assert str(missing) in str(_one(missing))
    big = tmp_path / "big.txt"
    big.write_text("word " * 100, encoding="utf-8")
    items = list(read_file(big, max_bytes=10))
    assert isinstance(items[0], InputError) and "too large" in str(items[0])


def test_directories_are_walked_in_order_and_bad_files_do_not_stop_the_batch(tmp_path):
    (tmp_path / "b.txt").write_text("Second story.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First story.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "ignored.csv").write_text("x,y\n", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError"]
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "b"]
