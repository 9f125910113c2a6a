"""The strings of a parsed article's tokens, read from spaCy once per doc.

``doc[i].text`` builds a Token and looks its string up on every access; indexing these lists is about
ten times faster, which matters for the rules that look at every token of an article.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class TokenStrings:
    """Per token: ``text``, ``lower_``, ``whitespace_``, ``lemma_.lower()`` and ``pos_``."""

    text: list[str]
    lower: list[str]
    space: list[str]
    lemma: list[str]
    pos: list[str]


def token_strings(doc: Doc) -> TokenStrings:
    """The ``TokenStrings`` of ``doc``, built on first use and kept in ``doc.user_data``."""
    found = doc.user_data.get("kg_tokens")
    if found is None:
        tokens = list(doc)
        found = TokenStrings([t.text for t in tokens], [t.lower_ for t in tokens], [t.whitespace_ for t in tokens],
                             [t.lemma_.lower() for t in tokens], [t.pos_ for t in tokens])
        doc.user_data["kg_tokens"] = found
    return found
