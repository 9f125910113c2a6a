"""Every spaCy factory of newskg, registered in one place so that importing a component has no side effects."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def hard_wrapped(text: str) -> bool:
    """Text wrapped at a fixed width (e-mail, feeds): most lines long but none much over 80 characters."""
    lengths = [len(line.rstrip()) for line in text.splitlines() if line.strip()]
    long = [n for n in lengths if n >= 40]
    return len(long) >= 4 and len(long) >= len(lengths) / 2 and max(lengths) <= 90


@Language.component("kg_newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence in news text (headlines, captions, bylines have no full stop),
    except a single break inside a sentence of hard-wrapped text ("... United\nNations officials")."""
    wrapped = hard_wrapped(doc.text)
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            word = doc[previous.i - 1] if previous.is_space and previous.i > 0 else previous
            gap = word.whitespace_ + (previous.text + previous.whitespace_ if previous is not word else "")
            ends_sentence = word.text in {".", "!", "?", ":", "\"", "”", "'", "’"}
            if wrapped and gap.count("\n") == 1 and not ends_sentence and not word.is_space:
                token.is_sent_start = False
                continue
            token.is_sent_start = True
    return doc


MAX_SENTENCE_TOKENS = 200


@Language.component("kg_bounded_sentences")
def bounded_sentences(doc: Doc) -> Doc:
    """No sentence runs past ``MAX_SENTENCE_TOKENS``: a run without a break is cut after a comma or
    semicolon where there is one, else anywhere. Keeps every per-sentence rule linear on hostile input."""
    run_start = 0
    last_pause: int | None = None
    for token in doc[1:]:
        if token.is_sent_start:
            run_start, last_pause = token.i, None
            continue
        if token.text in {",", ";"} and token.i + 1 < len(doc):
            last_pause = token.i + 1
        if token.i - run_start >= MAX_SENTENCE_TOKENS:
            cut = last_pause if last_pause and last_pause > run_start + MAX_SENTENCE_TOKENS // 2 else token.i
            doc[cut].is_sent_start = True
            run_start, last_pause = cut, None
    return doc
