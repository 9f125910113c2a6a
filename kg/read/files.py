"""Walk paths, read each input, and yield Articles or InputErrors; one bad file never stops a batch."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.model import Article, InputError
from kg.read.dateline import parse_iso_date
from kg.read.decode import DecodeError, check_text, decode_html, decode_text
from kg.read.html import article_from_html
from kg.read.txt import article_from_text

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
DEFAULT_MAX_BYTES = 50_000_000
DEFAULT_MAX_CHARS = 1_000_000
MAX_ID_CHARS = 512


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and supported files inside directories (sorted, recursively)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path


def article_id(path: Path) -> str:
    return path.stem


def read_paths(paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
               max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | InputError]:
    """Every article of every input, in order, or an InputError naming the input and the cause.

    Article ids are unique in what one call yields: a later input with an id already read is an error
    (two articles in one named graph would mix their facts).
    """
    seen: dict[str, str] = {}
    for path in iter_input_files(paths):
        for item in read_file(path, max_bytes=max_bytes, max_chars=max_chars):
            if isinstance(item, Article):
                if item.id in seen:
                    item = InputError(str(path), f"duplicate id {item.id!r} (first read from {seen[item.id]}); "
                                                 "the first one was kept")
                else:
                    seen[item.id] = str(path)
            yield item


def _read_bytes(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or why they cannot be read (not a regular file, too large, OS error)."""
    try:
        if not path.is_file():
            return "no such file" if not path.exists() else "not a regular file"
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if len(raw) > max_bytes:
        return f"too large (more than {max_bytes} bytes; raise KG_MAX_BYTES to allow it)"
    return raw


def _too_long(text: str, max_chars: int) -> str | None:
    if len(text) > max_chars:
        return (f"too long to analyse ({len(text)} characters > limit {max_chars}; "
                "raise KG_MAX_CHARS to allow it, or split the article)")
    return None


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
              max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | InputError]:
    """The article(s) of one input file, or InputErrors naming it (and the line, for .jsonl)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield InputError(str(path), f"unsupported file type {suffix or '(none)'}; expected .txt, .html or .jsonl")
        return
    raw = _read_bytes(path, max_bytes)
    if isinstance(raw, str):
        yield InputError(str(path), raw)
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, raw, max_chars)
        return
    try:
        sha = hashlib.sha256(raw).hexdigest()
        if suffix in (".html", ".htm"):
            html = decode_html(raw)
            if not html.strip():
                raise DecodeError("empty (no text)")
            article = article_from_html(html, id=article_id(path), source_file=path.name, sha256=sha)
        else:
            text = decode_text(raw)
            check_text(text)
            if (reason := _too_long(text, max_chars)) is not None:
                raise DecodeError(reason)
            article = article_from_text(text, id=article_id(path), source_file=path.name, sha256=sha)
        check_text(article.text)
        if (reason := _too_long(article.text, max_chars)) is not None:
            raise DecodeError(reason)
    except DecodeError as exc:
        yield InputError(str(path), str(exc))
        return
    yield article


def _jsonl_lines(content: str) -> Iterator[tuple[int, str]]:
    r"""Numbered lines split on ``\n`` only (JSON strings may hold U+2028, form feeds and the like)."""
    for number, line in enumerate(content.split("\n"), start=1):
        yield number, line.removesuffix("\r")


def _read_jsonl(path: Path, raw: bytes, max_chars: int) -> Iterator[Article | InputError]:
    try:
        content = decode_text(raw)
    except DecodeError as exc:
        yield InputError(str(path), str(exc))
        return
    first_line: dict[str, int] = {}
    for number, line in _jsonl_lines(content):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except (ValueError, RecursionError) as exc:
            yield InputError(where, f"unreadable JSON ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})")
            continue
        article = _article_from_record(record, path, number, line.encode("utf-8", "surrogatepass"), max_chars)
        if isinstance(article, str):
            yield InputError(where, article)
        elif article.id in first_line:
            yield InputError(where, f"duplicate id {article.id!r} (first on line {first_line[article.id]}); "
                                    "the first one was kept")
        else:
            first_line[article.id] = number
            yield article


def _string_field(record: dict, key: str, *, allow_int: bool = False) -> str | None:
    """``record[key]`` as a clean string (None when absent); raises DecodeError naming the field."""
    value = record.get(key)
    if value is None:
        return None
    if allow_int and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        kind = "a string or an integer" if allow_int else "a string"
        raise DecodeError(f"{key!r} must be {kind}, not {type(value).__name__}")
    if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
        raise DecodeError(f"{key!r} holds a NUL or an unpaired surrogate")
    return value


def _article_from_record(record: object, path: Path, number: int, raw: bytes, max_chars: int) -> Article | str:
    """An Article from one JSON object, or the reason it is not one."""
    if not isinstance(record, dict):
        return f"each line must be a JSON object, not {type(record).__name__}"
    text = record.get("text")
    if not isinstance(text, str):
        return "missing 'text' string" if text is None else f"'text' must be a string, not {type(text).__name__}"
    try:
        check_text(text)
        if (reason := _too_long(text, max_chars)) is not None:
            return reason
        given_id = _string_field(record, "id", allow_int=True)
        url = _string_field(record, "url")
        title = _string_field(record, "title")
        published_text = _string_field(record, "published")
    except DecodeError as exc:
        return str(exc)
    if given_id is not None and len(given_id) > MAX_ID_CHARS:
        return f"'id' is longer than {MAX_ID_CHARS} characters"
    published = None
    if published_text and published_text.strip():
        published = parse_iso_date(published_text)
        if published is None:
            return f"'published' is not an ISO date: {published_text[:40]!r}"
    aid = given_id if given_id not in (None, "") else f"{path.stem}-{number}"
    return article_from_text(
        text, id=aid, source_file=path.name, sha256=hashlib.sha256(raw).hexdigest(),
        url=url, headline=title, published=published,
    )
