"""Walk paths, read each input, and yield Articles or InputErrors; one bad file never stops a batch."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.model import Article, InputError
from kg.read.dateline import parse_iso_date
from kg.read.decode import DecodeError, check_text, decode_text
from kg.read.html import article_from_html
from kg.read.txt import article_from_text

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
DEFAULT_MAX_BYTES = 50_000_000


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and supported files inside directories (sorted, recursively)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path


def article_id(path: Path) -> str:
    return path.stem


def read_paths(paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    """Every article of every input, in order, or an InputError naming the input and the cause."""
    for path in iter_input_files(paths):
        yield from read_file(path, max_bytes=max_bytes)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield InputError(str(path), f"unsupported file type {suffix or '(none)'}; expected .txt, .html or .jsonl")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield InputError(str(path), f"too large ({size} bytes > limit {max_bytes}; set KG_MAX_BYTES)")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, raw)
        return
    try:
        text = decode_text(raw)
        check_text(text)
        sha = hashlib.sha256(raw).hexdigest()
        if suffix in (".html", ".htm"):
            yield article_from_html(text, id=article_id(path), source_file=path.name, sha256=sha)
        else:
            yield article_from_text(text, id=article_id(path), source_file=path.name, sha256=sha)
    except DecodeError as exc:
        yield InputError(str(path), str(exc))


def _read_jsonl(path: Path, raw: bytes) -> Iterator[Article | InputError]:
    try:
        content = decode_text(raw)
    except DecodeError as exc:
        yield InputError(str(path), str(exc))
        return
    seen: set[str] = set()
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        article = _article_from_record(record, path, number, line.encode("utf-8"))
        if isinstance(article, str):
            yield InputError(where, article)
        elif article.id in seen:
            yield InputError(where, f"duplicate id {article.id!r}; the first one was kept")
        else:
            seen.add(article.id)
            yield article


def _article_from_record(record: object, path: Path, number: int, raw: bytes) -> Article | str:
    """An Article from one JSON object, or the reason it is not one."""
    if not isinstance(record, dict):
        return "each line must be a JSON object"
    text = record.get("text")
    if not isinstance(text, str):
        return "missing 'text' string" if text is None else "'text' must be a string"
    for key in ("id", "url", "title", "published"):
        if record.get(key) is not None and not isinstance(record[key], str | int):
            return f"{key!r} must be a string"
    try:
        check_text(text)
    except DecodeError as exc:
        return str(exc)
    published = None
    if record.get("published"):
        published = parse_iso_date(str(record["published"]))
        if published is None:
            return f"'published' is not an ISO date: {record['published']!r}"
    aid = str(record["id"]) if record.get("id") not in (None, "") else f"{path.stem}-{number}"
    return article_from_text(
        text, id=aid, source_file=path.name, sha256=hashlib.sha256(raw).hexdigest(),
        url=record.get("url"), headline=record.get("title"), published=published,
    )
