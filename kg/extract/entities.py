"""Entities: spaCy's named entities cleaned, retyped, merged into one node per real-world entity, and
typed per the contract (Person, Country, City, Place, Organization), plus title-only references.

The steps, each a small function over the parse:

1. ``_candidates``: spaCy's entities with titles, "the", possessives and punctuation trimmed, and the
   model's recurring errors fixed by data-driven context rules (``data/entity_*.txt``).
2. ``_group``: mentions grouped by kind and normalised name; countries by their gazetteer code; then
   short forms merged into the fullest name (surnames, abbreviations whose initials match, "X" into
   "Republic of X").
3. ``_type_place``: countries, cities and other places from gazetteers (``kg.extract.gazetteer``) and
   context cues (``data/place_cues.jsonl``).
4. ``_references``: "the Chilean leader", "the W.H.O. chief", "the general" linked to a person named in
   the article (by role, nationality, affiliation and recency); they become extra mentions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract import gazetteer
from kg.extract.pipeline import DATA, read_jsonl
from kg.extract.tokens import token_strings
from kg.model import Article, Entity, EntityType, Span

KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
_NAME_PARTS = {"LANGUAGE", "NORP", "PRODUCT", "WORK_OF_ART"}  # labels NER gives to the tail of a cut-off name
OTHER_LABELS = {"NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_DETERMINERS = {"the", "a", "an"}
_REF_DETERMINERS = {"the", "his", "her", "their", "its"}
_NOT_CURRENT = {"former", "late", "ex", "then", "previous", "next", "future", "new", "other", "outgoing", "acting",
                "interim", "deputy", "vice", "another", "each", "every", "some", "any"}
_GENERIC_ROLES = {"leader", "chief", "head", "official", "counterpart", "strongman", "ruler", "monarch"}
_STOP_INITIALS = {"of", "the", "and", "for", "in", "on", "de", "du", "la", "&"}
_LETTERS = re.compile(r"[^A-Za-z]")
_CONNECTORS = {"of", "for", "and", "on", "the", "de", "du", "des", "la", "le", "&", "'s", "’s"}  # inside org names
_PLACE_PREPOSITIONS = {"in", "to", "near", "at", "from", "toward", "towards", "outside", "into", "across"}
_FEATURE_PREPOSITIONS = {"near", "along", "across", "beyond", "toward", "towards", "outside", "over", "through",
                         "in", "into", "on", "for", "from", "to"}  # "over the <Name>s": a mountain range, not a team
_ONLY_PLACE_PREPOSITIONS = {"near", "along", "across", "beyond", "toward", "towards", "outside"}  # not "near the <org>"
_COORDINATORS = {"and", "or", ","}
_LOCATING = {"in", "at", "near"}  # "the camp at X": no person's name follows
_PORTFOLIO_TITLES = {"minister", "ministers", "secretary"}  # "<Agriculture> Minister X": a portfolio, not an org
_DASHES = {"-", "--", "—", "–"}
_MAX_REFERENCE_SENTENCES = 6
_FEATURE_WORDS = {"strip", "peninsula", "valley", "delta", "basin", "plateau", "highlands"}  # "X Strip" named "X"


# ------------------------------------------------------------------ data (loaded once)
def _word_list(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(" ".join(line.split()).lower() for line in lines if line.strip() and not line.startswith("#"))


@cache
def titles() -> frozenset[str]:
    """Titles stripped from names ("president", "prime minister") and honorifics ("mr", "mister")."""
    return _word_list("titles.txt") | honorifics()


@cache
def honorifics() -> frozenset[str]:
    return _word_list("entity_honorifics.txt")


@cache
def roles() -> frozenset[str]:
    """Nouns that can head a title-only reference to a person."""
    return (_word_list("titles.txt") | _word_list("entity_roles.txt")) - honorifics()


@cache
def org_heads() -> frozenset[str]:
    return _word_list("entity_org_heads.txt")


@cache
def org_name_words() -> frozenset[str]:
    return _word_list("entity_org_name_words.txt")


@cache
def place_heads() -> frozenset[str]:
    """Last words of names of sites and buildings ("... House", "... Airport")."""
    return _word_list("place_heads.txt")


@cache
def place_sites() -> frozenset[str]:
    """Last words that make any name a site ("... Fortress", "... Airport"), even one NER called an organisation."""
    return _word_list("place_sites.txt")


@cache
def place_prefixes() -> frozenset[str]:
    """First words of names of natural features and sites ("Mount ...", "Lake ...", "Gulf of ...")."""
    return _word_list("place_prefixes.txt")


@cache
def org_members() -> frozenset[str]:
    """Nouns for members of an organisation: "<Name> militants" names an organisation."""
    return _word_list("entity_org_members.txt")


@cache
def stoplist() -> frozenset[str]:
    lines = (DATA / "entity_stoplist.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def place_cues() -> tuple[dict[str, EntityType], dict[str, EntityType]]:
    """(cues before the name, cues after it): lower-case words -> City or Place."""
    return _cue_table("before"), _cue_table("after")


@cache
def _cue_table(where: str) -> dict[str, EntityType]:
    """Place cues of one kind (before, after, apposition, site): lower-case words -> City or Place."""
    rows = read_jsonl("place_cues.jsonl")
    return {row["cue"].lower(): EntityType(row["type"]) for row in rows if row["where"] == where}


def preload() -> None:
    """Read every word list now."""
    for load in (titles, honorifics, roles, org_heads, org_name_words, place_heads, place_sites, place_prefixes,
                 org_members, stoplist, place_cues):
        load()


# ------------------------------------------------------------------ the index others use
@dataclass
class EntityIndex:
    """The article's entities and which tokens mention which entity (by index into ``entities``).

    ``token_entity`` covers every resolved mention: names, and title-only references ("the prime
    minister") linked to a named person, whose tokens all map to that person."""

    entities: list[Entity] = field(default_factory=list)
    token_entity: dict[int, int] = field(default_factory=dict)

    def entity_at(self, token_i: int) -> int | None:
        return self.token_entity.get(token_i)

    def entity_in(self, span: SpacySpan) -> int | None:
        """The first entity mentioned inside ``span``."""
        return next((self.token_entity[t.i] for t in span if t.i in self.token_entity), None)


# ------------------------------------------------------------------ step 0: spans, before cleaning
def _entity_spans(doc: Doc) -> tuple[list[SpacySpan], dict[int, str]]:
    """spaCy's entities with names broken by a line break joined and long forms of abbreviations found;
    also which abbreviation token stands for which long name ("... Fund (XYZ)")."""
    spans = _split_at_dashes(doc, list(doc.ents))
    spans = _join_broken_names(doc, spans)
    spans = _complete_person_names(doc, spans)
    spans = _complete_given_names(doc, spans)
    spans = _join_split_names(doc, spans)
    spans = _split_coordinated_places(doc, spans)
    spans, links = _abbreviation_long_forms(doc, spans)
    return sorted(spans, key=lambda s: s.start), links


def _replace(spans: list[SpacySpan], new: SpacySpan) -> list[SpacySpan]:
    """``spans`` without those overlapping ``new``, plus ``new``."""
    return [s for s in spans if s.end <= new.start or s.start >= new.end] + [new]


_QUANTITY_WORDS = {"millions", "thousands", "hundreds", "billions", "dozens", "tens", "scores"}


def _split_at_dashes(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """A name NER ran across a spaced dash ("X, Country - Millions of ..." after a dateline): the parts
    on either side are separate; a part that opens with a quantity word is no name."""
    out = []
    for s in spans:
        cuts = [t.i for t in s if t.text in _DASHES and (t.whitespace_ or doc[t.i - 1].whitespace_)]
        if not cuts or s.label_ not in KINDS:
            out.append(s)
            continue
        for b, e in zip([s.start, *(c + 1 for c in cuts)], [*cuts, s.end], strict=True):
            if b < e and doc[b].lower_ not in _QUANTITY_WORDS and any(t.is_alpha for t in doc[b:e]):
                out.append(SpacySpan(doc, b, e, label=s.label_))
    return out


def _complete_person_names(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """A person's name NER cut before its last word ("<Given> <Surname> <Second surname> said"): a capitalised
    proper noun right after the name, untagged, that the parse makes the head of the name, belongs to it."""
    for s in list(spans):
        k = s.end
        if s.label_ != "PERSON" or k >= len(doc) or doc[s.end - 1].whitespace_ != " ":
            continue
        nxt = doc[k]
        if nxt.ent_type_ or not nxt.is_title or not nxt.is_alpha or nxt.pos_ != "PROPN" \
                or doc[s.end - 1].head.i != k or doc[s.end - 1].dep_ not in {"compound", "flat"} \
                or nxt.lower_ in titles() or gazetteer.lookup_country(nxt.text) is not None:
            continue
        spans = _replace([x for x in spans if x is not s], SpacySpan(doc, s.start, k + 1, label="PERSON"))
    return spans


def _complete_given_names(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """A person's name NER began one word late ("<Given> [<Surname> <Second surname>]"): an untagged capitalised
    proper noun right before it, on the same line, that the parse attaches inside the name and that is no
    object of a preposition or verb ("for <Noun> <Given> <Surname>" in a headline run into a byline), belongs to it."""
    for s in list(spans):
        k = s.start - 1
        if s.label_ != "PERSON" or k < 1 or doc[k].whitespace_ != " " or doc[k - 1].pos_ in {"ADP", "VERB", "AUX"}:
            continue
        prev = doc[k]
        if prev.ent_type_ or not prev.is_title or not prev.is_alpha or prev.pos_ != "PROPN" \
                or not s.start <= prev.head.i < s.end or prev.dep_ not in {"compound", "flat"} \
                or prev.lower_ in titles() or gazetteer.lookup_place(prev.text) is not None \
                or (k > 0 and doc[k - 1].is_title and doc[k - 1].is_alpha and not doc[k - 1].is_sent_end):
            continue
        spans = _replace([x for x in spans if x is not s], SpacySpan(doc, k, s.end, label="PERSON"))
    return spans


def _join_broken_names(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """A one-word person name at the end of a line whose surname starts the next line ("Jane\nDoe"):
    NER stops at the line break."""
    for s in list(spans):
        words = [t for t in s if not t.is_space]
        if s.label_ != "PERSON" or len(words) != 1 or not words[0].is_title or words[0].lower_ in titles():
            continue
        k = words[0].i + 1
        gap = words[0].whitespace_
        while k < len(doc) and doc[k].is_space:
            gap += doc[k].text + doc[k].whitespace_
            k += 1
        if gap.count("\n") != 1 or k >= len(doc) or s not in spans:
            continue
        nxt = doc[k]
        if not (nxt.is_title and nxt.is_alpha and nxt.pos_ == "PROPN" and nxt.lower_ not in titles()
                and nxt.ent_type_ in {"", "PERSON", "ORG", "NORP"} and gazetteer.lookup_place(nxt.text) is None):
            continue
        end = k + 1
        while nxt.ent_type_ == "PERSON" and end < len(doc) and doc[end].ent_iob_ == "I" and not doc[end].is_space:
            end += 1
        spans = _replace([x for x in spans if x is not s], SpacySpan(doc, s.start, end, label="PERSON"))
    return spans


def _join_split_names(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """Names NER cut in two: at a hyphen with no space ("Name-Name" region names) and at "of" when the
    whole is a country's name ("Democratic Republic" + "of" + "Congo", also across a line break)."""
    for s in sorted(spans, key=lambda x: x.start):
        if s not in spans:
            continue
        k = s.end
        if s.label_ in {"GPE", "LOC"} and k + 1 < len(doc) and doc[k].text == "-" and not doc[k - 1].whitespace_ \
                and not doc[k].whitespace_ and doc[k + 1].is_title and doc[k + 1].is_alpha:
            end = max([k + 2] + [x.end for x in spans if x.start == k + 1])
            spans = _replace([x for x in spans if x is not s], SpacySpan(doc, s.start, end, label=s.label_))
            continue
        while k < len(doc) and doc[k].is_space:
            k += 1
        if k + 1 < len(doc) and doc[k].lower_ == "of":
            nxt = next((x for x in spans if x.start in {k + 1, k + 2} and x.label_ == "GPE"), None)
            if nxt is not None and gazetteer.lookup_country(_norm(doc[s.start:nxt.end].text)) is not None:
                spans = _replace([x for x in spans if x is not s and x is not nxt],
                                 SpacySpan(doc, s.start, nxt.end, label="GPE"))
    return spans


def _split_coordinated_places(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """ "from X and Y" that NER took for one organisation: two one-word places when a place preposition
    comes before or a plural place cue after ("the X and Y regions")."""
    _, after = place_cues()
    for s in list(spans):
        words = [t for t in s if t.lower_ not in _DETERMINERS]
        if s.label_ not in {"ORG", "GPE", "LOC"} or len(words) < 3 or not any(t.lower_ in {"and", "or"} for t in words):
            continue
        names = [t for t in words if t.lower_ not in _COORDINATORS]
        alternating = all((t.lower_ in _COORDINATORS) == (n % 2 == 1) for n, t in enumerate(words))
        if not alternating or not all(t.is_title and t.is_alpha and t.lower_ not in org_heads() for t in names):
            continue
        before = doc[s.start - 1].lower_ if s.start > 0 else ""
        cue = doc[s.end].lower_ if s.end < len(doc) else ""
        if before in _PLACE_PREPOSITIONS or (cue in after and cue.endswith("s")):
            spans = [x for x in spans if x is not s] + [SpacySpan(doc, t.i, t.i + 1, label="GPE") for t in names]
    return spans


def _acronym_token(token: Token) -> bool:
    return _acronym_text(token.text)


def _acronym_text(text: str) -> bool:
    """Two to six capital letters ("UN", "NATO")."""
    return text.isupper() and text.isalpha() and 2 <= len(text) <= 6


def _name_word(token: Token) -> bool:
    """A capitalised word that can be part of an organisation's name."""
    return (token.is_title or token.is_upper) and token.is_alpha and token.lower_ not in _DETERMINERS


def _run_start(doc: Doc, end: int) -> int | None:
    """Start of the run of capitalised words (and connectors: "of", "for the", "'s") ending at ``end``."""
    i = end
    while i > 1:
        prev, before = doc[i - 1], doc[i - 2]
        bridge = before.lower_ in {"of", "for", "on"} if prev.lower_ == "the" else _name_word(before)
        if not (_name_word(prev) or (prev.lower_ in _CONNECTORS and bridge)):
            break
        i -= 1
    while i < end and not _name_word(doc[i]):
        i += 1
    return i if i < end else None


def _abbreviation_long_forms(doc: Doc, spans: list[SpacySpan]) -> tuple[list[SpacySpan], dict[int, str]]:
    """ "Long Name (LN)": the name before the bracket becomes one organisation (its initials decide where
    it starts; else NER's name, else the whole capitalised run) and LN its alias. Elsewhere, a run of
    capitalised words whose initials spell an abbreviation of the article becomes that organisation."""
    links: dict[int, str] = {}
    texts = token_strings(doc).text
    for i in range(1, len(doc) - 2):
        if texts[i] not in _ABBREVIATION_OPENERS:
            continue
        abbr = _defined_abbreviation(doc, i)
        if abbr is None or not _acronym_token(abbr) or abbr.lower_ in stoplist():
            continue
        start = _run_start(doc, i)
        if start is None or (i - start < 2 and doc[start].ent_type_ != "ORG"):
            continue
        matching = [k for k in range(start, i) if _name_word(doc[k]) and abbr.text in _initials(doc[k:i].text)]
        ner = next((s for s in spans if s.start < i <= s.end and s.label_ == "ORG"), None)
        ner_start = _trim(doc, ner.start, i, "org")[0] if ner is not None else 0
        if matching:
            start = matching[0]
        elif ner is not None and ner_start < i \
                and doc[ner_start - 1].lower_ not in _CONNECTORS - {"the"} - _POSSESSIVE:
            start = ner_start  # NER's name, unless it is the second half of "A of B and C"
        spans = _replace(spans, SpacySpan(doc, start, i, label="ORG"))
        if not any(s.start == abbr.i for s in spans):
            spans = _replace(spans, SpacySpan(doc, abbr.i, abbr.i + 1, label="ORG"))
        links[abbr.i] = _norm(doc[start:i].text)
    acronyms = {text for i, text in enumerate(texts) if _acronym_text(text) and len(text) >= 3
                and doc[i].ent_type_ == "ORG"}
    acronyms -= {doc[i].text for i in links}
    i = 0
    while acronyms and i < len(doc):
        if not _name_word(doc[i]) or doc[i].is_upper:
            i += 1
            continue
        end = i
        while end < len(doc) and ((_name_word(doc[end]) and not doc[end].is_upper)
                                  or doc[end].lower_ in _CONNECTORS | {"in"}):
            end += 1
        found = next(((i, e) for e in range(end, i + 2, -1) if _name_word(doc[e - 1])
                      and acronyms & _initials(doc[i:e].text)), None)
        if found is not None:
            spans = _replace(spans, SpacySpan(doc, found[0], found[1], label="ORG"))
            i = found[1]
        else:
            i += 1
    return spans, links


_ABBREVIATION_OPENERS = frozenset({"(", ","})  # the tokens _defined_abbreviation starts from


def _defined_abbreviation(doc: Doc, i: int) -> Token | None:
    """The abbreviation a name ending before token ``i`` is given: "Name (XYZ)" or "Name, known as XYZ,"."""
    if doc[i].text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")":
        return doc[i + 1]
    if doc[i].text == "," and i + 4 < len(doc) and doc[i + 1:i + 3].text.lower() == "known as" \
            and doc[i + 4].text in {",", ".", ";"}:
        return doc[i + 3]
    return None


def _dateline_names(doc: Doc) -> set[tuple[int, int]]:
    """ "CITY, Country (Agency) -", "CITY - ": an all-capital name that starts a line and is followed by a
    comma and a capitalised word or a dash is the dateline's city."""
    found = set()
    strings = token_strings(doc)
    for i in range(len(doc)):
        before, space = (strings.text[i - 1], strings.space[i - 1]) if i > 0 else ("\n", "")
        if not (before.isspace() and "\n" in before) and "\n" not in space:
            continue  # not at the start of a line
        token = doc[i]
        end = token.i
        while end < len(doc) and end - token.i < 3 and doc[end].is_upper and doc[end].is_alpha and len(doc[end]) > 1:
            end += 1
        if end == token.i or end + 1 >= len(doc) or sum(len(t) for t in doc[token.i:end]) < 3:
            continue
        name = _norm(doc[token.i:end].text)
        after, nxt = doc[end], doc[end + 1]
        dated = (after.text == "," and (nxt.is_title or nxt.text == "(")) or \
            (after.text in _DASHES and gazetteer.lookup_place(name) is not None)
        if dated and name not in stoplist() and gazetteer.lookup_country(name) is None:
            found.add((token.i, end))
    return found


def _untagged_datelines(doc: Doc, mentions: list[_Mention], datelines: set[tuple[int, int]]) -> list[_Mention]:
    taken = {i for m in mentions for i in range(m.start, m.end)}
    return [_Mention(s, e, "place", "GPE", _norm(doc[s:e].text), cue=EntityType.CITY)
            for s, e in sorted(datelines) if not taken & set(range(s, e))]


def _untagged_surnames(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A capitalised word NER left out that is the surname of a person named in full, or follows an
    honorific ("Ms Doe"): a mention of a person."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    last_names = {doc[m.end - 1].text for m in mentions if m.kind == "person" and m.end - m.start >= 2}
    found = []
    texts = token_strings(doc).text
    for i in range(len(doc)):
        if not texts[i].istitle():
            continue
        t = doc[i]
        if t.i in taken or t.ent_type_ or not t.is_alpha or t.pos_ != "PROPN" \
                or t.lower_ in titles() or gazetteer.lookup_country(t.text) is not None:
            continue
        after_honorific = t.i > 0 and doc[t.i - 1].lower_ in honorifics() and doc[t.i - 1].text[:1].isupper()
        if t.text in last_names or after_honorific:
            found.append(_Mention(t.i, t.i + 1, "person", "PERSON", t.text))
    return found


def _untagged_full_names(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Two or three capitalised words NER missed, after a capitalised title ("Colonel-General <Given> <Surname>")
    or set off by commas after "<role> of <name>" ("the president of X, <Given> <Surname>, said"): a person."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    owner = {i: m for m in mentions for i in range(m.start, m.end)}
    found = []
    texts = token_strings(doc).text
    i = 1
    while i < len(doc):
        if not (texts[i].istitle() and texts[i].isalpha()):
            i += 1  # no untagged name starts here
            continue
        end = i
        while end < len(doc) and end - i < 4 and _untagged_name_word(doc[end], taken) \
                and doc[end].lower_ not in titles() and (end == i or "\n" not in doc[end - 1].whitespace_):
            end += 1
        if end == i:
            i += 1
            continue
        words = doc[i:end]
        plain = 2 <= end - i <= 3 and not any(t.lower_ in titles() | org_name_words() | org_heads() | place_heads()
                                               for t in words) and gazetteer.lookup_place(words.text) is None
        titled = _title_match_ending(doc, i, titles(), max(0, i - 3))
        after_title = titled is not None and doc[titled].text[:1].isupper() and "\n" not in doc[i - 1].whitespace_
        named = owner.get(i - 2) if doc[i - 1].text == "," else None
        apposed = named is not None and end < len(doc) and doc[end].text == "," and named.start >= 2 \
            and doc[named.start - 1].lower_ == "of" and doc[named.start - 2].lower_ in roles()
        if plain and (after_title or apposed):
            found.append(_Mention(i, end, "person", "PERSON", _norm(words.text)))
        i = end
    return found


def _portfolio(doc: Doc, start: int, end: int, name: str) -> bool:
    """ "Agriculture" in "Agriculture Minister X": a portfolio that NER took for an organisation."""
    if end >= len(doc) or doc[end].lower_ not in _PORTFOLIO_TITLES or _is_acronym(name):
        return False
    if end + 1 < len(doc) and doc[end + 1].lower_ in {"-", "general", "-general"}:
        return False  # "<Organisation> Secretary-General"
    last = doc[end - 1].lower_
    return all(t.is_title for t in doc[start:end]) and gazetteer.lookup_place(name) is None \
        and last not in org_heads() and last not in org_name_words()


def _site(doc: Doc, start: int, end: int, kind: str) -> bool:
    """ "<Name> House" tagged PERSON, "at the <Name> Convention Center" tagged ORG: a site."""
    if kind not in {"person", "org"} or end - start < 2 or not doc[end - 1].is_title \
            or doc[end - 1].lower_ not in place_heads() | place_sites():
        return False
    if kind == "person" or doc[end - 1].lower_ in place_sites():
        return True
    i = start - 1
    while i >= 0 and doc[i].lower_ in _DETERMINERS:
        i -= 1
    return i >= 0 and doc[i].lower_ in _PLACE_PREPOSITIONS and doc[end - 1].lower_ != "embassy"


def _place_by_gazetteer(doc: Doc, start: int, end: int, name: str, kind: str, spans: list[SpacySpan]) -> bool:
    """An organisation or person NER found that is a known place by name and context: a country name
    (unless it ends a person's full name), or a known town after "in", "to", "near" ... or listed with places."""
    if _is_acronym(name) and gazetteer.lookup_country(name) is None:
        return False
    if kind == "person" and any(s.label_ == "PERSON" and s.end - s.start >= 2 and doc[s.end - 1].text == name
                                for s in spans):
        return False
    if gazetteer.lookup_country(name) is not None:
        return kind == "person" or (kind == "org" and not _org_head_apposition(doc, end, start))
    hit = gazetteer.lookup_place(name)
    if hit is None or hit.type is EntityType.COUNTRY:
        return False
    if start > 0 and doc[start - 1].lower_ in _PLACE_PREPOSITIONS and doc[end - 1].text not in _POSSESSIVE \
            and not (end < len(doc) and doc[end].text in _POSSESSIVE):
        return True
    if kind == "org" and hit.population >= gazetteer.LARGE_TOWN and end < len(doc) and doc[end].text in _POSSESSIVE:
        return True  # "<City>'s state oil company": the city owns it
    root = doc[start:end].root
    linked = ([root.head] if root.dep_ == "conj" else []) + [c for c in root.children if c.dep_ == "conj"]
    return kind == "org" and any(t.ent_type_ in {"GPE", "LOC"} or (  # "in X or Y", X a known place tagged ORG too
        t.i > 0 and doc[t.i - 1].lower_ in _PLACE_PREPOSITIONS and gazetteer.lookup_place(t.text) is not None)
        for t in linked)


# ------------------------------------------------------------------ step 1: candidate mentions
@dataclass
class _Mention:
    start: int  # token range of the cleaned name
    end: int
    kind: str  # person, org or place
    label: str  # spaCy label after fixes
    name: str  # whitespace-normalised text
    alias: str | None = None  # the name with its honorific or title ("Mr Doe", "General Okafor")
    cue: EntityType | None = None  # City/Place from context
    expands: str | None = None  # for an abbreviation defined in the text ("Long Name (LN)"): the long name


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class _Offsets:
    """The doc's text and each token's character offsets, so that the text of a token range is one slice
    (``doc[start:end].text`` builds a span and joins its tokens; the slice is the same string)."""

    text: str
    starts: list[int]
    ends: list[int]

    def span_text(self, doc: Doc, start: int, end: int) -> str:
        """``doc[start:end].text`` (spaCy's own for a range that is empty or runs past the doc)."""
        if 0 <= start < end <= len(self.starts):
            return self.text[self.starts[start]:self.ends[end - 1]]
        return doc[start:end].text


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc (kept in ``doc.user_data``): ``Doc.text`` joins every token on each access."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def _offsets(doc: Doc) -> _Offsets:
    """The ``_Offsets`` of ``doc``, computed once per doc (kept in ``doc.user_data``)."""
    found = doc.user_data.get("kg_offsets")
    if found is None:
        starts = [t.idx for t in doc]
        found = _Offsets(doc_text(doc), starts, [s + len(t) for s, t in zip(starts, doc, strict=True)])
        doc.user_data["kg_offsets"] = found
    return found


@lru_cache(maxsize=16)
def _last_words(lexicon: frozenset[str]) -> frozenset[str]:
    """Every string a lexicon entry ends with: the lower-cased text of the last token of any match."""
    return frozenset(entry[k:] for entry in lexicon for k in range(len(entry)))


def _title_match_ending(doc: Doc, end: int, lexicon: frozenset[str], lowest: int) -> int | None:
    """Start of the longest lexicon entry (up to 4 tokens) that ends at token ``end - 1``."""
    offsets = _offsets(doc)
    for size in (4, 3, 2, 1):
        start = end - size
        if start >= lowest and offsets.span_text(doc, start, end).lower() in lexicon:
            return start
    return None


def _title_match_starting(doc: Doc, start: int, end: int, lexicon: frozenset[str]) -> int | None:
    """End of the longest lexicon entry (up to 4 tokens) that starts at token ``start``."""
    offsets = _offsets(doc)
    for size in (4, 3, 2, 1):
        stop = start + size
        if stop <= end and offsets.span_text(doc, start, stop).lower() in lexicon:
            return stop
    return None


def _trim(doc: Doc, start: int, end: int, kind: str) -> tuple[int, int]:
    """Drop leading determiners/punctuation/titles and trailing possessives/punctuation/space."""
    while start < end:
        token = doc[start]
        if token.lower_ in _DETERMINERS or token.is_punct or token.is_space:
            start += 1
            continue
        stop = _title_match_starting(doc, start, end, titles()) if kind == "person" else None
        if stop is not None and stop < end:
            start = stop
            continue
        break
    opening = next((t.i for t in doc[start:end] if t.text == "("), None)
    if opening is not None and not any(t.text == ")" for t in doc[opening:end]):
        end = opening  # "... of the Sea (XYZ": the abbreviation after the name is a name of its own
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_space or doc[end - 1].lower_ in
                           _COORDINATORS or (doc[end - 1].is_punct and doc[end - 1].text not in {")"})):
        end -= 1
    if kind == "org":  # "<Country>'s National Institute of X": the organisation, without its country
        owner = next((t.i for t in doc[start + 1:end - 1] if t.text in _POSSESSIVE), None)
        if owner is not None and gazetteer.lookup_place(doc[start:owner].text) is not None:
            start = owner + 1
    if kind == "person":  # "U.S. President John Q. Doe": the name follows the last title
        for i in range(end - 1, start, -1):
            if doc[i - 1].lower_ in titles() and doc[i].is_title:
                start = i
                break
    return start, end


def _person_by_title(doc: Doc, ent: SpacySpan) -> bool:
    """An organisation or place that NER found right after an honorific or a capitalised title, or that
    starts with an honorific ("Ms Costa", "Chancellor <first> <last>"), and that no gazetteer knows."""
    tokens = [t for t in ent if not (t.lower_ in _DETERMINERS or t.is_punct)]
    if not tokens or not all(t.is_title or t.lower_ in honorifics() for t in tokens) or len(tokens) > 4:
        return False
    if tokens[0].lower_ in honorifics() and len(tokens) > 1:
        return True
    before = _title_match_ending(doc, ent.start, titles(), max(0, ent.start - 3))
    return before is not None and doc[before].is_title and 2 <= len(tokens) <= 3 \
        and gazetteer.lookup_place(ent.text) is None


def _org_head_before(doc: Doc, start: int) -> bool:
    """ "news agency X", "the news site X": a kind of organisation right before the name."""
    return start > 0 and doc[start - 1].is_lower and _title_match_ending(doc, start, org_heads(), 0) is not None


def _org_head_apposition(doc: Doc, end: int, start: int | None = None) -> bool:
    """ "X, the Dutch airline": the name followed by a comma and a noun phrase headed by an org kind; not a
    known place after a preposition ("In <city>, the foreign ministry said": an opening phrase)."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in {"the", "a", "an"}:
        return False
    if start is not None and start > 0 and doc[start - 1].lower_ in _PLACE_PREPOSITIONS \
            and gazetteer.lookup_place(doc[start:end].text) is not None:
        return False
    for i in range(end + 2, min(end + 6, len(doc))):
        if doc[i].is_lower and doc[i].pos_ == "NOUN":
            return _title_match_ending(doc, i + 1, org_heads(), end + 2) is not None or doc[i].lower_ in org_heads()
    return False


def _conjuncts(token: Token) -> list[Token]:
    return ([token.head] if token.dep_ == "conj" else []) + [c for c in token.children if c.dep_ == "conj"]


_MEDIA_HEADS = {"radio", "television", "tv", "newspaper", "daily", "weekly", "broadcaster", "channel"}


def _media_name(doc: Doc, start: int, end: int, label: str) -> bool:
    """ "<Country>'s <Name> radio": one proper noun that NER called a group or a person, before a media noun
    and no place's name: a broadcaster or newspaper."""
    return label in {"NORP", "PERSON"} and end - start == 1 and doc[start].pos_ == "PROPN" and end < len(doc) \
        and doc[end].lower_ in _MEDIA_HEADS and gazetteer.lookup_place(doc[start].text) is None


def _without_people(doc: Doc, start: int, end: int, kind: str) -> int:
    """ "<Place> <Demonym>s Block Bridge": NER ran a place into the people living there (a headline run into the
    text); the name ends before the plural demonym when what comes before it is a known place."""
    if kind == "person":
        return end
    for k in range(start + 1, end):
        if doc[k].lower_.endswith("s") and gazetteer.demonym_country(doc[k].text) \
                and gazetteer.lookup_place(doc[start:k].text) is not None:
            return k
    return end


def _conj_with_org(ent: SpacySpan) -> bool:
    root = ent.root
    linked = [root.head] if root.dep_ == "conj" else []
    linked += [c for c in root.children if c.dep_ == "conj"]
    return any(t.ent_type_ == "ORG" for t in linked)


def _place_cue(doc: Doc, start: int, end: int, kind: str) -> tuple[int, int, EntityType | None]:
    """City or Place from the words around a name ("the town of X", "X province"); a lower-case cue
    word that NER took into the name is left out of it ("Turkana county" -> "Turkana")."""
    before, after = place_cues()
    if end - start >= 2 and doc[end - 1].is_lower and doc[end - 1].lower_ in after:
        return start, end - 1, after[doc[end - 1].lower_]
    if end < len(doc) and doc[end].is_lower and doc[end].lower_ in after:
        return start, end, after[doc[end].lower_]
    if kind != "person" and end < len(doc) and doc[end].is_lower and doc[end].lower_ in _cue_table("site"):
        return start, end, _cue_table("site")[doc[end].lower_]
    for size in (2, 1):
        if start - size >= 0 and doc[start - size:start].text.lower() in before:
            return start, end, before[doc[start - size:start].text.lower()]
    plural = _list_cue(doc, end)
    if plural is not None:
        return start, end, plural
    if end + 3 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in _DETERMINERS \
            and doc[end + 2].lower_ in _cue_table("apposition") and doc[end + 3].text not in _POSSESSIVE:
        return start, end, _cue_table("apposition")[doc[end + 2].lower_]  # "X, the capital of ..."
    return start, end, None


def _list_cue(doc: Doc, end: int) -> EntityType | None:
    """ "X and Y rivers": a plural place cue after a list of capitalised names types each of them."""
    _, after = place_cues()
    j, joined = end, False
    while j < len(doc) and j - end < 12 and (doc[j].lower_ in _COORDINATORS or (doc[j].is_title and doc[j].is_alpha)):
        joined = joined or doc[j].lower_ in _COORDINATORS
        j += 1
    if joined and j < len(doc) and j > end and doc[j - 1].is_title and doc[j].is_lower and doc[j].lower_ in after \
            and doc[j].lower_.endswith("s"):
        return after[doc[j].lower_]
    return None


def _honorific_surnames(doc: Doc) -> set[str]:
    """Words written right after an honorific ("Mr. Sadry"): surnames of people, whatever NER says."""
    lowers = token_strings(doc).lower
    return {doc[i + 1].text for i in range(len(doc) - 1)
            if lowers[i] in honorifics() and doc[i].text[:1].isupper() and doc[i + 1].is_title}


def _candidates(doc: Doc) -> list[_Mention]:
    """spaCy's entities, trimmed and retyped by context; demonyms and non-names left out."""
    surnames = _honorific_surnames(doc)
    spans, links = _entity_spans(doc)
    ent_names = {_norm(s.text) for s in spans if s.label_ in KINDS}
    datelines = _dateline_names(doc)
    mentions: list[_Mention] = []
    for ent in spans:
        label = ent.label_
        if label not in KINDS and label not in OTHER_LABELS:
            continue
        kind = KINDS.get(label, "")
        if kind != "person" and _person_by_title(doc, ent):
            kind, label = "person", "PERSON"
        start, end = _trim(doc, ent.start, ent.end, kind or "org")
        if start >= end:
            continue
        name = _norm(doc[start:end].text)
        if name in stoplist() or doc[start].pos_ in {"VERB", "AUX"} or doc[end - 1].pos_ in {"VERB", "AUX"}:
            continue
        end = _without_people(doc, start, end, kind)
        name = _norm(doc[start:end].text)
        if gazetteer.demonym_country(name) and (label != "PERSON" or end - start == 1):
            continue  # "Chilean", "Kenyans": demonyms are not entities
        if kind != "person" and end - start == 1 and (
                _local_demonym(doc, start, ent_names) or _lone_adjective(doc, start)):
            continue  # "<Region>i refugees", a capitalised adjective (or a misspelt word) opening a sentence
        if kind in {"org", "place", ""} and _portfolio(doc, start, end, name):
            continue  # "Agriculture Minister X": the portfolio is part of a title
        if "/" in name:
            continue  # "AGENCY/Staff", "Agency Photo/Name": a picture credit
        if kind == "org" and (not any(c.isupper() for c in name)
                              or (end - start == 1 and name.lower() in org_heads() | org_name_words())):
            continue  # "the transport ministry", "Agency spokesman X": a common noun, not a name
        feature = _natural_feature(doc, start, end, kind, name)
        if feature:
            kind, label = "place", "LOC"
        elif kind == "person" and (_lone_city(doc, start, end, name, spans, surnames) or _title_of(doc, start, end)):
            kind, label = "place", "GPE"  # "as far as X", "the mayor of X"
        if _site(doc, start, end, kind):
            kind, label = "place", "FAC"
        if (start, end) in datelines or (kind in {"org", "person"}
                                         and _place_by_gazetteer(doc, start, end, name, kind, spans)):
            kind, label = "place", "GPE"
        # recurring model errors, fixed from context
        if _org_head_before(doc, start) or _org_head_apposition(doc, end, start) \
                or (label == "NORP" and _conj_with_org(ent)) or _media_name(doc, start, end, label) \
                or (kind in {"person", "org"} and end < len(doc) and doc[end].lower_ in org_members()):
            kind, label = "org", "ORG"
        elif kind == "org" and end - start == 1 and start > 0 and doc[start - 1].lower_ == "the" \
                and any(t.ent_type_ == "LOC" for t in _conjuncts(doc[start])):
            kind, label = "place", "LOC"  # "in the <mountains> and the <basin>": a region, not a company
        elif kind in {"org", "place"} and end - start in (2, 3) and doc[end - 1].text in surnames \
                and all(t.is_title for t in doc[start:end]):
            kind, label = "person", "PERSON"
        if kind == "org" and start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in titles():
            continue  # "Minister of Housing and ...": part of a title, not an entity
        if kind == "org" and doc[start].is_upper and end - start == 1 and start > 0 and doc[start - 1].is_lower \
                and doc[start - 1].pos_ == "NOUN" and doc[start - 1].lower_ not in org_heads():
            continue  # "the research vessel XYZ": a designation, not an organisation
        start, end, cue = _place_cue(doc, start, end, kind)
        if label == "NORP" and end < len(doc) and doc[end].lower_ in _WEAK_AFTER_CUES:
            cue = None  # "Gulf Arab states", "the Baltic states": an adjective, not a place
        if label != "PERSON" and end - start == 1 and gazetteer.demonym_country(doc[start].text):
            continue  # "the <Demonym> city of X": the cue word was part of the name
        if kind == "org" and end - start >= 2 and _acronym_token(doc[start]) \
                and doc[start + 1:end].text.lower() in org_heads():
            end = start + 1  # "IRNA news agency": the abbreviation is the name
        if (start, end) in datelines:
            cue = EntityType.CITY
        elif feature:
            cue = EntityType.PLACE
        if cue is not None and doc[start].pos_ == "PROPN":
            kind, label = "place", label if label in {"GPE", "LOC", "FAC"} else "GPE"
        if kind == "org":
            end = _extend_org(doc, start, end)
        if not kind:
            continue
        mentions.append(_Mention(start, end, kind, label, _norm(doc[start:end].text), cue=cue))
    mentions = _headline_names(doc, mentions)
    mentions.extend(_untagged_acronyms(doc, mentions))
    mentions.extend(_untagged_datelines(doc, mentions, datelines))
    mentions.extend(_untagged_full_names(doc, mentions))
    mentions.extend(_untagged_surnames(doc, mentions))
    mentions.extend(_untagged_places(doc, mentions))
    for m in mentions:
        m.alias = _title_alias(doc, m)
    for m in mentions:
        m.expands = links.get(m.start) if m.end - m.start == 1 else None
    return mentions


_DEMONYM_ENDINGS = ("i", "is", "an", "ans", "ian", "ians", "ese", "n", "ns")


def _local_demonym(doc: Doc, i: int, names: set[str]) -> bool:
    """ "Darfuri" when the article names "Darfur": a place's name plus a demonym ending, before a noun or as a
    plural, is an adjective or its people, not a place."""
    word = doc[i].text
    stems = {word[:-len(e)] for e in _DEMONYM_ENDINGS if word.endswith(e) and len(word) - len(e) >= 4}
    return bool(stems & names) and (word.endswith("s") or (i + 1 < len(doc) and doc[i + 1].pos_ == "NOUN"))


def _lone_adjective(doc: Doc, i: int) -> bool:
    """One capitalised word opening a sentence that the tagger reads as an adjective before a noun, that no
    gazetteer knows and that the text writes nowhere else ("Jointt mediator X"): not a name."""
    token = doc[i]
    return bool(token.is_sent_start) and token.pos_ == "ADJ" and token.dep_ == "amod" and \
        gazetteer.lookup_place(token.text) is None and sum(t.text == token.text for t in doc) == 1


_WEAK_AFTER_CUES = {"area", "state", "states", "island"}  # too common after other capitalised words
_COMPASS = {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west"}
_TITLE_CASE_SHARE = 0.7
_HEADLINE_LINES = 3  # lines of two words or fewer skipped before the headline, at most


def _headline_range(doc: Doc) -> tuple[int, int] | None:
    """Token range of the first line when it is a headline in title case ("Rebels Seize Town in X")."""
    start = end = 0
    for _ in range(_HEADLINE_LINES):  # short lines above it ("Breaking News", "World") are page furniture
        first = next((t.i for t in doc[end:] if not t.is_space), None)
        if first is None:
            return None
        start, end = first, first + 1
        while end < len(doc) and "\n" not in doc[end - 1].whitespace_ \
                and not (doc[end].is_space and "\n" in doc[end].text):
            end += 1
        if sum(t.is_alpha for t in doc[start:end]) > 2:
            break
    if doc[end - 1].text == "." or not any(not t.is_space for t in doc[end:]):
        return None  # a sentence, or a text of one line: no headline over a story
    words = [t for t in doc[start:end] if t.is_alpha and len(t) > 3]
    if len(words) < 3 or sum(t.is_title or t.is_upper for t in words) < _TITLE_CASE_SHARE * len(words):
        return None
    return start, end


def _headline_names(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """In a title-case headline every word is capitalised, so NER runs names into the verbs and nouns
    around them ("X Votes", "Y Peace Talks Resume"). A headline name is kept when the story names it too or
    it is a country; else its first words when those are such a name ("X" of "X Votes"), or the name after
    a compass word ("Southern X"); else it is dropped."""
    head = _headline_range(doc)
    if head is None:
        return mentions
    body = [m for m in mentions if not head[0] <= m.start < head[1]]
    known = {gazetteer.key(m.name): m for m in body}
    known |= {gazetteer.key(w): m for m in body if m.kind == "person" for w in m.name.split()}
    out = list(body)
    for m in mentions:
        if not head[0] <= m.start < head[1]:
            continue
        if gazetteer.key(m.name) in known or gazetteer.lookup_country(m.name) is not None:
            out.append(m)
            continue
        first = m.start + 1 if doc[m.start].lower_ in _COMPASS else m.start
        for end in range(m.end if first > m.start else m.end - 1, first, -1):
            name = _norm(doc[first:end].text)
            match = known.get(gazetteer.key(name))
            if match is not None:
                out.append(_Mention(first, end, match.kind, match.label, name, cue=match.cue))
                break
            if gazetteer.lookup_country(name) is not None:
                out.append(_Mention(first, end, "place", "GPE", name))
                break
    return sorted(out, key=lambda m: m.start)


def _natural_feature(doc: Doc, start: int, end: int, kind: str, name: str) -> bool:
    """ "Mount X", "Lake X", "Gulf of X"; "near the X" (never an organisation); "over the Xs" (a range):
    a place, whatever NER called it."""
    if _title_match_starting(doc, start, end, place_prefixes()) not in {None, end} and doc[start].is_title:
        return True
    if kind not in {"org", "place"} or _is_acronym(name) or start < 2 or doc[start - 1].lower_ != "the":
        return False
    before = doc[start - 2].lower_
    return (kind == "org" and before in _ONLY_PLACE_PREPOSITIONS) or (
        before in _FEATURE_PREPOSITIONS and end - start == 1 and doc[start].lower_.endswith("s")
        and not doc[start].lower_.endswith("ss") and gazetteer.lookup_country(name) is None)


def _title_of(doc: Doc, start: int, end: int) -> bool:
    """ "the mayor of X": a one-word name after "<title> of" is where the office is, not a person."""
    return end - start == 1 and start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in titles()


def _lone_city(doc: Doc, start: int, end: int, name: str, spans: list[SpacySpan], surnames: set[str]) -> bool:
    """A single word NER called a person that is a large town ("as far as X") or comes after "in", "at" or
    "near", and is not the name of a person of the article (no title or honorific before it, no full name
    ending in it): a place."""
    if end - start != 1 or name in surnames or (start > 0 and doc[start - 1].lower_ in titles()):
        return False
    hit = gazetteer.lookup_place(name)
    located = start > 0 and doc[start - 1].lower_ in _LOCATING and not (end < len(doc) and doc[end].text in _POSSESSIVE)
    if not located and (hit is None or hit.population < gazetteer.LARGE_TOWN):
        return False
    return not any(s.label_ == "PERSON" and s.end - s.start >= 2 and name in {doc[s.start].text, doc[s.end - 1].text}
                   for s in spans)


def _untagged_places(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Capitalised names NER missed: after "the city of" ("the city of X"), before "province" or ", a village",
    a country's name, or ending in a site word ("X Y Airport"): places. A run NER left out takes the words
    joined to it by a hyphen or a possessive ("Name-Name", "Name's Name district")."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    before, after = place_cues()
    appositions = _cue_table("apposition")
    found = []
    weak: set[int] = set()
    texts = token_strings(doc).text
    i = 1
    while i < len(doc):
        if not (texts[i].istitle() and texts[i].isalpha()):
            i += 1  # no untagged name starts here
            continue
        end = i
        while end < len(doc) and _untagged_name_word(doc[end], taken) \
                and (end == i or "\n" not in doc[end - 1].whitespace_):
            end += 1
        if end == i:
            i += 1
            continue
        first = i
        while first >= 2 and ((doc[first - 1].text == "-" and not doc[first - 1].whitespace_)
                              or doc[first - 1].text in _POSSESSIVE) and not doc[first - 2].whitespace_ \
                and _untagged_name_word(doc[first - 2], taken) and gazetteer.lookup_place(doc[first - 2].text) is None:
            first -= 2
        if first < i and doc[first - 1].text == "-" and not doc[first - 1].whitespace_:
            i = end  # the end of a hyphenated name NER tagged in part
            continue
        cue = next((before[doc[first - n:first].text.lower()] for n in (2, 1) if first - n >= 0
                    and doc[first - n:first].text.lower() in before), None)
        if cue is None and end < len(doc) and doc[end].is_lower and doc[end].lower_ in after \
                and not doc[first].is_sent_start and doc[end].lower_ not in _WEAK_AFTER_CUES:
            weak.add(first)  # "officials in X province": kept when X is named nowhere else
            cue = after[doc[end].lower_]
        if cue is None and end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in {"a", "an"} \
                and doc[end + 2].lower_ in appositions:
            cue = appositions[doc[end + 2].lower_]  # "X, a village on the river"
        name = _norm(doc[first:end].text)
        if cue is not None:
            found.append(_Mention(first, end, "place", "GPE", name, cue=cue))
        elif gazetteer.lookup_country(name) is not None and not _is_acronym(name):
            found.append(_Mention(first, end, "place", "GPE", name))
        elif end - first >= 2 and doc[end - 1].lower_ in place_heads() | place_sites():
            found.append(_Mention(first, end, "place", "FAC", name))
        i = end
    named = {m.name for m in mentions} | {m.name for m in found if m.start not in weak}
    return [m for m in found if m.start not in weak or m.name not in named]


def _untagged_name_word(token: Token, taken: set[int]) -> bool:
    return token.i not in taken and not token.ent_type_ and token.is_title and token.is_alpha and token.pos_ == "PROPN"


def _extend_org(doc: Doc, start: int, end: int) -> int:
    """Complete a cut-off organisation name: "International Maritime Safety agency", "U.N. Mission in
    <country>", "ABC World Service" (capitalised words that NER left out)."""
    if end < len(doc) and doc[end].is_lower and doc[end].lower_ in org_name_words() and doc[end - 1].is_title:
        return end + 1
    last = doc[end - 1]
    if last.is_title and last.lower_ in org_name_words() and end + 1 < len(doc) \
            and doc[end].lower_ in {"in", "for", "to"} and doc[end + 1].ent_type_ == "GPE" \
            and doc[end + 1].ent_iob_ == "B":
        stop = end + 2
        while stop < len(doc) and doc[stop].ent_iob_ == "I":
            stop += 1
        return stop
    stop = end
    while stop < len(doc) and doc[stop].pos_ == "PROPN" and doc[stop].is_title and doc[stop].lower_ not in titles() \
            and doc[stop].ent_type_ in {"", *_NAME_PARTS} and "\n" not in doc[stop - 1].whitespace_:
        stop += 1
    return stop if stop > end and doc[stop - 1].ent_type_ in _NAME_PARTS else end


def _untagged_acronyms(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """An all-caps word NER missed right after an organisation kind ("the news agency XYZ") or spelling the
    initials of an organisation of the article ("... known as XYZ")."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    initials = {i for m in mentions if m.kind == "org" and len(m.name.split()) >= 2 for i in _initials(m.name)}
    texts = token_strings(doc).text
    for i in range(1, len(doc)):
        if not texts[i].isupper():
            continue
        token = doc[i]
        if token.i not in taken and len(token) >= 2 and token.is_alpha and not token.ent_type_ \
                and (_org_head_before(doc, token.i) or (len(token) >= 3 and token.text in initials)):
            found.append(_Mention(token.i, token.i + 1, "org", "ORG", token.text))
    return found


def _title_alias(doc: Doc, m: _Mention) -> str | None:
    """The name with the honorific or title written before it: "Mr Doe", "General Okafor"."""
    if m.kind != "person" or m.start == 0:
        return None
    start = _title_match_ending(doc, m.start, titles(), max(0, m.start - 4))
    if start is None or not doc[start].text[:1].isupper():
        return None
    if doc[start:m.start].text.lower() not in honorifics() and m.end - m.start > 1:
        return None  # keep "President Doe", not "President John Q. Doe"
    return _norm(doc[start:m.end].text)


# ------------------------------------------------------------------ step 2: grouping and merging
@dataclass
class _Group:
    kind: str
    mentions: list[_Mention] = field(default_factory=list)
    place: gazetteer.Place | None = None
    roles: set[str] = field(default_factory=set)
    nations: set[str] = field(default_factory=set)
    affiliations: set[int] = field(default_factory=set)  # ids of organisation groups
    references: list[tuple[int, int]] = field(default_factory=list)  # token ranges of title-only references

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.mentions]

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def label(self) -> str:
        if self.place is not None and self.place.type is EntityType.COUNTRY:
            return self.place.name
        names = Counter(self.names)
        full = [n for n in names if not _is_acronym(n)] or list(names)
        best = max(full, key=lambda n: (len(n.split()), not n.isupper(), len(n), names[n]))
        if self.kind == "place" and best.isupper() and len(_LETTERS.sub("", best)) >= 4:
            return best.title()  # a dateline's "CITY"
        return best


def _is_acronym(name: str) -> bool:
    letters = _LETTERS.sub("", name)
    return 2 <= len(letters) <= 6 and letters.isupper() and " " not in name


def _initials(name: str) -> set[str]:
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    every = "".join(w[0] for w in words if w[0].isalpha()).upper()
    content = "".join(w[0] for w in words if w.lower() not in _STOP_INITIALS and w[0].isalpha()).upper()
    return {every, content}


def _group(mentions: list[_Mention]) -> list[_Group]:
    by_key: dict[tuple[str, str], _Group] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        place = gazetteer.lookup_country(m.name) if m.kind == "place" and m.label != "FAC" else None
        k = (m.kind, place.country or place.name) if place else (m.kind, gazetteer.key(m.name))
        group = by_key.setdefault(k, _Group(m.kind, place=place))
        group.mentions.append(m)
    groups = list(by_key.values())
    _merge_other_labels(groups)
    _merge_abbreviations(groups)
    _merge_defined_abbreviations(groups)
    _merge_short_forms(groups)
    _merge_into_places(groups)
    return [g for g in groups if g.mentions]


def _merge_defined_abbreviations(groups: list[_Group]) -> None:
    """ "Long Name (XYZ)": XYZ joins Long Name even when its initials differ."""
    by_name = {gazetteer.key(n): g for g in groups if g.kind == "org" for n in g.names}
    for short in groups:
        long = next((by_name.get(gazetteer.key(m.expands)) for m in short.mentions if m.expands), None)
        if long is not None and long is not short and short.mentions and long.mentions:
            _move(short, long)


def _merge_into_places(groups: list[_Group]) -> None:
    """A one-word person or organisation that is also named as a place in the article ("in X" tagged
    PERSON, "X, Country" dateline) joins the place."""
    places: dict[str, _Group] = {}
    for g in groups:
        if g.kind == "place" and g.mentions and (g.place is not None or any(
                m.label in {"GPE", "LOC"} or m.cue is not None for m in g.mentions)):
            for n in g.names:
                places.setdefault(gazetteer.key(n), g)
    for g in groups:
        if g.kind == "place" or not g.mentions or any(len(n.split()) != 1 for n in g.names):
            continue
        target = places.get(gazetteer.key(g.names[0]))
        if target is not None and all(gazetteer.key(n) == gazetteer.key(g.names[0]) for n in g.names):
            _move(g, target)


def _move(source: _Group, target: _Group) -> None:
    target.mentions.extend(source.mentions)
    source.mentions.clear()
    target.place = target.place or source.place


def _merge_other_labels(groups: list[_Group]) -> None:
    """Mentions NER typed inconsistently: a place-kind group named exactly like an organisation or person
    joins it (when NER did not call it GPE/LOC/FAC); an unknown one-word place or organisation that is
    the surname of a person of the article ("Okafor" tagged GPE) joins that person."""
    named = {gazetteer.key(n): g for g in groups if g.kind != "place" for n in g.names}
    surnames: dict[str, list[_Group]] = {}
    for g in groups:
        if g.kind == "person":
            for n in {n for n in g.names if len(n.split()) > 1}:
                for word in {n.split()[-1], n.split()[0]}:  # surnames, and given names used alone
                    if g not in surnames.setdefault(word, []):
                        surnames[word].append(g)
    for g in groups:
        if g.kind == "place" and g.place is None and all(gazetteer.key(n) in named for n in g.names):
            target = named[gazetteer.key(g.names[0])]
            if target is not g and all(m.label not in {"GPE", "LOC", "FAC"} for m in g.mentions):
                _move(g, target)
                continue
        if g.kind != "person" and len(set(g.names)) == 1 and len(g.names[0].split()) == 1 and g.place is None \
                and len(surnames.get(g.names[0], [])) == 1 \
                and (gazetteer.lookup_place(g.names[0]) is None or all(m.label == "ORG" for m in g.mentions)):
            _move(g, surnames[g.names[0]][0])


def _merge_abbreviations(groups: list[_Group]) -> None:
    """ "U.N." into "United Nations", "CAR" into "Central African Republic": initials must match."""
    for short in groups:
        acronyms = {_LETTERS.sub("", n).upper() for n in short.names if _is_acronym(n)}
        if not acronyms or not short.mentions or any(not _is_acronym(n) for n in short.names):
            continue
        for long in groups:
            if long is short or not long.mentions or long.kind == "person":
                continue
            if any(acronyms & _initials(n) for n in long.names if not _is_acronym(n) and len(n.split()) >= 2):
                _move(short, long)
                break


def _merge_short_forms(groups: list[_Group]) -> None:
    """A person's name that is the first or last words of a longer one joins it ("Hakim" -> "Omar
    al-Hakim", "Li" -> "Li Wei"); a place only into "... of X" ("Republic of Korea"); organisations
    never (only by abbreviation)."""
    for short in sorted(groups, key=lambda g: min(len(n.split()) for n in g.names) if g.names else 0):
        if not short.mentions or short.kind == "org":
            continue
        words = {tuple(n.split()) for n in short.names}
        candidates = []
        for long in groups:
            if long is short or not long.mentions or long.kind != short.kind:
                continue
            if any(_extends(lw, w, short.kind) for lw in (tuple(n.split()) for n in long.names) for w in words):
                candidates.append(long)
        if candidates:
            target = min(candidates, key=lambda g: (_distance(short, g), -len(g.mentions)))
            _move(short, target)


def _extends(long: tuple[str, ...], short: tuple[str, ...], kind: str) -> bool:
    n = len(short)
    if len(long) <= n:
        return False
    if kind == "place":  # "Republic of X"; "X Strip" for "X"
        return (long[-n:] == short and long[-n - 1].lower() == "of") or \
            (long[:n] == short and len(long) == n + 1 and long[-1].lower() in _FEATURE_WORDS)
    bare = tuple(w.split("-", 1)[1] if w[:1].islower() and "-" in w else w for w in long)  # "al-Hakim"
    # "<Given> <Surname> <Second surname>", "<Given> <Given> <Surname> de los <Surname>": a surname after the first
    # given name, capitalised, followed by another capitalised surname or a particle
    middle = {(w,) for w, nxt in pairwise(long[1:])
              if w[:1].isupper() and (len(long) == 3 or nxt[:1].islower())} if n == 1 else set()
    return short in {long[-n:], long[:n], bare[-n:]} | middle


def _distance(short: _Group, long: _Group) -> int:
    """Tokens from the short form's first mention back to the nearest earlier mention of the long name."""
    first = short.first
    before = [m.start for m in long.mentions if m.start < first]
    return first - max(before) if before else 10**6 + min(m.start for m in long.mentions)


# ------------------------------------------------------------------ step 3: typing places
def _type_place(group: _Group) -> tuple[EntityType, str | None]:
    """Country, City or Place for a place group, and a GeoNames URI when the gazetteer knows it."""
    if group.place is not None and group.place.type is EntityType.COUNTRY:
        return EntityType.COUNTRY, group.place.uri
    cues = Counter(m.cue for m in group.mentions if m.cue is not None)
    labels = Counter(m.label for m in group.mentions)
    hit = next((p for p in (gazetteer.lookup_place(n) for n in sorted(set(group.names), key=len, reverse=True))
                if p is not None), None)
    if labels.get("FAC", 0) > labels.get("GPE", 0) and not cues:
        return EntityType.PLACE, None  # a site, unless the text says what it is ("X, the capital of ...")
    if hit is not None and hit.type is EntityType.COUNTRY:
        return EntityType.COUNTRY, hit.uri
    if cues:
        cue = cues.most_common(1)[0][0]
        return cue, hit.uri if hit is not None and hit.type is cue else None
    if group.label().split()[-1].lower() in _FEATURE_WORDS:
        return EntityType.PLACE, None  # "X Strip" also named "X" (a town's name too)
    if hit is not None:
        return hit.type, hit.uri
    return EntityType.PLACE, None


# ------------------------------------------------------------------ step 4: roles and title-only references
_Roles = tuple[set[str], set[str], set[int], int]


def _roles_before(doc: Doc, start: int, owner: dict[int, int], groups: list[_Group]) -> _Roles:
    """Roles, nationalities and affiliations written right before a name or a role noun, and where
    that premodifier phrase starts ("U.N Secretary-General", "President of Chile", "Kenya's President")."""
    found_roles: set[str] = set()
    nations: set[str] = set()
    orgs: set[int] = set()
    i = start
    lowest = max(0, start - 8)
    while i > lowest:
        prev = doc[i - 1]
        if prev.is_sent_end or prev.is_space or "\n" in prev.whitespace_:
            break
        title_start = _title_match_ending(doc, i, roles(), lowest)
        if title_start is not None and not (i - 1 in owner and groups[owner[i - 1]].kind == "person"):
            found_roles.add(doc[title_start:i].text.lower())
            i = title_start
            continue
        if i - 1 in owner:
            g = owner[i - 1]
            group = groups[g]
            if group.kind == "place" and group.place is not None and group.place.country:
                nations.add(group.place.country)
            elif group.kind == "org":
                orgs.add(g)
            else:
                break
            while i > lowest and owner.get(i - 1) == g:
                i -= 1
            continue
        nation = gazetteer.demonym_country(prev.text)
        if nation:
            nations.add(nation)
        elif prev.text in _POSSESSIVE or prev.lower_ == "of" or (prev.pos_ == "ADJ" and prev.is_lower
                                                                   and prev.lower_ not in _NOT_CURRENT):
            pass
        elif prev.is_lower and prev.pos_ == "NOUN" and _title_match_ending(doc, i, roles(), lowest) is None \
                and i - 2 >= 0 and (doc[i - 2].pos_ in {"PROPN", "ADJ"} or i - 2 in owner):
            pass  # "U.N. food official": a noun modifier inside the title phrase
        else:
            break
        i -= 1
    return found_roles, nations, orgs, i


def _collect_roles(doc: Doc, groups: list[_Group], owner: dict[int, int]) -> None:
    """Roles and nationality of each person from the titles written before the name."""
    for g, group in enumerate(groups):
        if group.kind != "person":
            continue
        for m in group.mentions:
            found, nations, orgs, _ = _roles_before(doc, m.start, owner, groups)
            group.roles |= found
            group.nations |= nations
            group.affiliations |= orgs - {g}


def _reference_at(doc: Doc, head: Token, owner: dict[int, int],
                  groups: list[_Group]) -> tuple[int, str, set[str], set[int]] | None:
    """A title-only reference ending at ``head`` ("the Chilean leader"): its start, role, nations, orgs."""
    if head.i in owner or head.tag_ in {"NNS", "NNPS"} or head.pos_ not in {"NOUN", "PROPN"}:
        return None
    role_start = _title_match_ending(doc, head.i + 1, roles(), max(0, head.i - 3))
    if role_start is None:
        return None
    after = doc[head.i + 1] if head.i + 1 < len(doc) else None
    if after is not None and (after.pos_ == "PROPN" or after.i in owner) and after.text not in _POSSESSIVE:
        return None  # a title before a name, not a reference
    if after is not None and after.lower_ in {"of", "-"}:
        return None  # "the president of the company"
    role = doc[role_start:head.i + 1].text.lower()
    _, nations, orgs, start = _roles_before(doc, role_start, owner, groups)
    if start == 0 or start > role_start:
        return None
    det = doc[start - 1]
    if det.lower_ in _REF_DETERMINERS:
        start -= 1
    elif not (doc[start].i in owner and doc[start + 1:role_start].text.strip() and
              any(t.text in _POSSESSIVE for t in doc[start:role_start])):
        return None  # needs "the", "his" or a possessive name ("China's president")
    if any(t.lower_ in _NOT_CURRENT for t in doc[start:head.i + 1]):
        return None
    return start, role, nations, orgs


def _references(doc: Doc, groups: list[_Group], owner: dict[int, int]) -> None:
    """Link title-only references to a person named in the article; record them on that person."""
    persons = [g for g, group in enumerate(groups) if group.kind == "person"]
    if not persons:
        return
    sentence_of: dict[int, int] = {}  # token -> sentence number, filled at the first reference found
    endings = _last_words(roles())
    for i, lower in enumerate(token_strings(doc).lower):
        if lower not in endings:
            continue  # no role ends here
        head = doc[i]
        ref = _reference_at(doc, head, owner, groups)
        if ref is None:
            continue
        start, role, nations, orgs = ref
        if not sentence_of:
            sentence_of.update((t.i, n) for n, sent in enumerate(doc.sents) for t in sent)
        target = _appositive_person(doc, start, head.i + 1, owner, groups) or \
            _best_person(persons, groups, start, role, nations, orgs, sentence_of)
        if target is None:
            continue
        group = groups[target]
        group.references.append((start, head.i + 1))
        group.roles.add(role)
        group.nations |= nations
        group.affiliations |= orgs


def _appositive_person(doc: Doc, start: int, end: int, owner: dict[int, int], groups: list[_Group]) -> int | None:
    """ "The top U.N. food official, Jane Doe," and "Okafor, the Nigerian leader": the name beside it."""
    if end + 1 < len(doc) and doc[end].text == "," and end + 1 in owner and groups[owner[end + 1]].kind == "person":
        return owner[end + 1]
    if start >= 2 and doc[start - 1].text == "," and start - 2 in owner and groups[owner[start - 2]].kind == "person":
        return owner[start - 2]
    return None


def _best_person(persons: list[int], groups: list[_Group], at: int, role: str, nations: set[str], orgs: set[int],
                 sentence_of: dict[int, int]) -> int | None:
    """The person a role refers to: no conflicting nationality or affiliation; a matching role, or a
    generic role ("leader") with matching nationality/affiliation; else the most recent person whose role
    is unknown, mentioned a few sentences before. Ties go to the most recent mention."""
    head_word = role.split()[-1]
    scored = []
    for g in persons:
        group = groups[g]
        if nations and group.nations and not nations & group.nations:
            continue
        if orgs and group.affiliations and not orgs & group.affiliations:
            continue
        positions = [m.start for m in group.mentions] + [s for s, _ in group.references]
        before = [p for p in positions if p < at]
        last = max(before) if before else None
        role_match = role in group.roles or head_word in {w for r in group.roles for w in (r.split()[0], r.split()[-1])}
        context_match = bool(nations & group.nations or orgs & group.affiliations)
        if role_match or (context_match and head_word in _GENERIC_ROLES):
            strength = 2 + context_match
        elif not group.roles and last is not None and \
                sentence_of.get(at, 0) - sentence_of.get(last, 0) <= _MAX_REFERENCE_SENTENCES:
            strength = 1
        else:
            continue
        recency = at - last if last is not None else 10**6 + min(positions) - at
        scored.append((-strength, recency, g))
    return min(scored)[2] if scored else None


# ------------------------------------------------------------------ assembly
def find_entities(doc: Doc, article: Article) -> EntityIndex:
    """One Entity per real-world entity named in the story, typed, with aliases and every mention."""
    groups = _group(_candidates(doc))
    groups.sort(key=lambda g: g.first)
    owner = {i: g for g, group in enumerate(groups)
             for m in sorted(group.mentions, key=lambda m: m.start - m.end) for i in range(m.start, m.end)}
    _collect_roles(doc, groups, owner)
    _references(doc, groups, owner)
    index = EntityIndex()
    for group in groups:
        label = group.label()
        same_as: tuple[str, ...] = ()
        if group.kind == "person":
            etype = EntityType.PERSON
        elif group.kind == "org":
            etype = EntityType.ORGANIZATION
        else:
            etype, uri = _type_place(group)
            same_as = (uri,) if uri else ()
        aliases = {m.name for m in group.mentions} | {m.alias for m in group.mentions if m.alias}
        aliases.discard(label)
        spans = {Span.of(article.text, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text))
                 for m in group.mentions}
        spans |= {Span.of(article.text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in group.references}
        index.entities.append(Entity(type=etype, label=label, aliases=tuple(sorted(aliases)),
                                     mentions=tuple(sorted(spans, key=lambda s: (s.begin, s.end))), same_as=same_as))
    for i, g in owner.items():
        index.token_entity[i] = g
    for number, group in enumerate(groups):
        for s, e in group.references:
            for i in range(s, e):
                index.token_entity[i] = number
    return index
