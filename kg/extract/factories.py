"""Every spaCy factory of newskg, registered in one place so that importing a component has no side effects."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("kg_newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence in news text (headlines, captions, bylines have no full stop)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc
