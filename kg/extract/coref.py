"""Who a pronoun or a role phrase ("his Kenyan ally", "the W.F.P. chief") refers to, for meeting participants.

Light rules over the parse and the entity index, no model: a pronoun takes the nearest person named
before it (not the subject of its own verb when it is an object); a role phrase takes the nearest
person whose own mention was introduced with the same modifier ("Kenyan president Otieno" for
"the Kenyan leader") or the same title ("President Moreau" for "the president").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.entities import EntityIndex
from kg.model import EntityType

PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
RELATIVES = frozenset({"who", "whom", "that", "which", "whose"})
_LOOKBACK_SENTENCES = 3
_CONTEXT = 6


def person_at(token: Token, index: EntityIndex) -> int | None:
    """The person entity ``token`` or its name phrase (compounds, appositions) mentions, if any."""
    # an apposition names the person outright ("his counterpart, X"); compounds come after it
    children = sorted((c for c in token.children if c.dep_ in {"compound", "flat", "appos"}),
                      key=lambda c: c.dep_ != "appos")
    for t in [token, *children]:
        number = index.token_entity.get(t.i)
        if number is not None and number < len(index.entities) and index.entities[number].type is EntityType.PERSON:
            return number
    return None


def _clause_verb(token: Token) -> Token | None:
    head = token.head
    while head.i != head.head.i and head.pos_ not in {"VERB", "AUX"}:
        head = head.head
    return head if head.pos_ in {"VERB", "AUX"} else None


def _window_start(token: Token) -> int:
    sent = token.sent
    start = sent.start
    for _ in range(_LOOKBACK_SENTENCES):
        if start == 0:
            break
        start = token.doc[start - 1].sent.start
    return start


def antecedent(pronoun: Token, index: EntityIndex) -> int | None:
    """The nearest person named before ``pronoun`` that binding allows."""
    verb = _clause_verb(pronoun)
    subjects = {c.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}} if verb is not None else set()
    if verb is not None and verb.dep_ == "relcl" and any(verb.doc[i].lower_ in RELATIVES for i in subjects):
        subjects.add(_phrase_head(verb.head).i)  # "X, who greeted him": him is not X
    is_object = pronoun.dep_ in {"dobj", "pobj", "dative", "iobj"}
    for i in range(pronoun.i - 1, _window_start(pronoun) - 1, -1):
        number = index.token_entity.get(i)
        if number is None or number >= len(index.entities) or index.entities[number].type is not EntityType.PERSON:
            continue
        if is_object and verb is not None and _phrase_head(pronoun.doc[i]).i in subjects:
            continue
        if _byline(pronoun.doc[i], number, index):
            continue
        return number
    return None


_SEGMENT_MARKS = frozenset({"|", "-", "–", "—", "/"})


def _byline(token: Token, number: int, index: EntityIndex) -> bool:
    """The mention is the writer's name in a byline ("By X" opening a line or a segment, "X | City"): the
    reporter is no antecedent of the story's pronouns."""
    doc = token.doc
    first, last = token.i, token.i
    while first > 0 and index.token_entity.get(first - 1) == number:
        first -= 1
    while last + 1 < len(doc) and index.token_entity.get(last + 1) == number:
        last += 1
    if last + 1 < len(doc) and doc[last + 1].text == "|":
        return True
    if first == 0 or doc[first - 1].lower_ != "by":
        return False
    by = doc[first - 1]
    if by.i == 0 or by.i == by.sent.start:
        return True
    before = doc[by.i - 1]
    return before.is_space or before.text in _SEGMENT_MARKS or "\n" in before.whitespace_


def _phrase_head(token: Token) -> Token:
    while token.dep_ in {"compound", "flat"} and token.head.i != token.i:
        token = token.head
    return token


def _similar(a: str, b: str) -> bool:
    """Same word, or a demonym and its country ("Kenyan"/"Kenya"): a shared stem of four letters or more."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b:
        return True
    return len(a) >= 4 and len(b) >= 4 and a.isalpha() and b.isalpha() and a[:4] == b[:4]


def descriptor_referent(head: Token, index: EntityIndex) -> int | None:
    """The person a role phrase headed by ``head`` refers to ("the Kenyan leader", "the president")."""
    modifiers = [c for c in head.subtree if c.i < head.i and c.dep_ in {"amod", "compound", "poss", "nmod"}
                 and c.lower_ not in PRONOUNS and c.pos_ in {"ADJ", "PROPN", "NOUN"}]
    words = [m.text for m in modifiers] or [head.text]
    seen: set[int] = set()
    for i in range(head.left_edge.i - 1, _window_start(head) - 1, -1):
        number = index.token_entity.get(i)
        if number is None or number in seen or number >= len(index.entities):
            continue
        if index.entities[number].type is not EntityType.PERSON:
            continue
        if index.token_entity.get(i - 1) == number or _byline(head.doc[i], number, index):
            continue  # look at each mention once, from its first token
        seen_here = _mention_context(head.doc[i], number, index)
        if any(_similar(w, c) for w in words for c in seen_here):
            return number
    return None


def _mention_context(first: Token, number: int, index: EntityIndex) -> list[str]:
    """Words just before a mention in its sentence, and the words of its appositions."""
    sent_start = first.sent.start
    before = [t.text for t in first.doc[max(sent_start, first.i - _CONTEXT):first.i]]
    end = first.i
    while end + 1 < len(first.doc) and index.token_entity.get(end + 1) == number:
        end += 1
    appos = [t.text for c in first.doc[end].children if c.dep_ == "appos" for t in c.subtree]
    return before + appos


def resolve(token: Token, index: EntityIndex, descriptors: frozenset[str]) -> int | None:
    """The person entity ``token`` (a participant slot's head) refers to: name, pronoun or role phrase."""
    direct = person_at(token, index)
    if direct is not None:
        return direct
    lower = token.lower_
    if lower in RELATIVES and token.head.dep_ == "relcl":
        return resolve(token.head.head, index, descriptors)
    if lower in PRONOUNS:
        return antecedent(token, index)
    if token.lemma_.lower() in descriptors or lower in descriptors:
        # "The head of the observer mission, X, visited": the name in apposition inside the role phrase
        named = [person_at(t, index) for t in token.subtree if t.dep_ == "appos" and t.i > token.i]
        return next((n for n in named if n is not None), None) or descriptor_referent(token, index)
    return None


def reporters(doc: Doc, index: EntityIndex) -> set[int]:
    """People named only in bylines: the writers, never participants (whatever a title phrase was linked to)."""
    named: dict[int, bool] = {}
    for i, number in index.token_entity.items():
        if number >= len(index.entities) or index.entities[number].type is not EntityType.PERSON \
                or doc[i].pos_ != "PROPN" or index.token_entity.get(i - 1) == number:
            continue
        named[number] = named.get(number, True) and _byline(doc[i], number, index)
    return {number for number, only in named.items() if only}
