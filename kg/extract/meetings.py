"""Meetings, visits, summits, calls and conferences from the dependency parse.

Each trigger word (``data/meeting_triggers.jsonl``) gives a *mention*: its participants (subject,
object, "with X", "between X and Y", possessive, pronouns and role phrases resolved), the narrowest
place and the date stated in its clause, and whether it is planned. Mentions of one event (the
headline, the lead, "the talks", "the meeting") then merge into one Meeting; mentions with different
dates, places or kinds stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.coref import PRONOUNS, RELATIVES, person_at, reporters, resolve
from kg.extract.dates import is_point_in_time, resolve_date, week_of
from kg.extract.entities import EntityIndex, doc_text
from kg.extract.gazetteer import lookup_country, lookup_place
from kg.extract.pipeline import read_jsonl
from kg.extract.tokens import token_strings
from kg.model import Article, EntityType, Meeting, MeetingKind, Span

_PLACE_RANK = {EntityType.CITY: 0, EntityType.PLACE: 1, EntityType.COUNTRY: 2}
_LOCATIVE = frozenset({"in", "at", "to", "into", "inside", "within", "on"})
_PARTNER_PREPS = frozenset({"with", "between", "by", "alongside"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "csubj", "advcl", "relcl"})
_NOT_WHEN = frozenset({"since", "until", "till", "before", "after", "by"})
_AFTER = frozenset({"after", "during", "following"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_FAMILY = {MeetingKind.MEETING: "meet", MeetingKind.VISIT: "meet", MeetingKind.SUMMIT: "meet",
           MeetingKind.PHONE_CALL: "call", MeetingKind.CONFERENCE: "conference"}
_GATHERINGS = frozenset({MeetingKind.SUMMIT, MeetingKind.CONFERENCE})
_KIND_ORDER = [MeetingKind.VISIT, MeetingKind.SUMMIT, MeetingKind.CONFERENCE, MeetingKind.PHONE_CALL,
               MeetingKind.MEETING]


@dataclass(frozen=True)
class Lexicon:
    """The contents of ``meeting_triggers.jsonl``, by record type."""

    triggers: dict[tuple[str, str], dict]
    words: dict[str, frozenset[str]]

    @cached_property
    def trigger_words(self) -> frozenset[str]:
        """Every lemma or word form a trigger can have."""
        return frozenset(lemma for lemma, _ in self.triggers)

    def has(self, kind: str, lemma: str) -> bool:
        return lemma.lower() in self.words.get(kind, frozenset())


@cache
def lexicon() -> Lexicon:
    """Loaded once per process."""
    triggers: dict[tuple[str, str], dict] = {}
    words: dict[str, set[str]] = {}
    for record in read_jsonl("meeting_triggers.jsonl"):
        if record["type"] == "trigger":
            triggers[(record["lemma"], record["pos"])] = record
        else:
            words.setdefault(record["type"], set()).add(record["lemma"])
    return Lexicon(triggers, {k: frozenset(v) for k, v in words.items()})


@dataclass
class _Mention:
    kind: MeetingKind
    trigger: Token
    participants: set[int] = field(default_factory=set)
    place: int | None = None
    places_seen: set[int] = field(default_factory=set)
    date: SpacySpan | None = None
    planned: bool = False
    name: str | None = None
    backref: bool = False  # "the meeting", "the talks": refers to an event told elsewhere
    standalone: bool = False  # may stand without named participants (a named or held conference)
    evidence: list[Span] = field(default_factory=list)


# ------------------------------------------------------------------ triggers
def _trigger_entry(token: Token, lex: Lexicon) -> dict | None:
    if token.pos_ == "VERB":
        return lex.triggers.get((token.lemma_.lower(), "VERB"))
    if token.pos_ in {"NOUN", "PROPN"}:
        for key in (token.lemma_.lower(), token.lower_):
            if (key, "NOUN") in lex.triggers:
                return lex.triggers[(key, "NOUN")]
    return None


def _subject_tokens(verb: Token, depth: int = 0) -> list[Token]:
    """The subject of ``verb``, inherited from the governing verb for infinitives, conjuncts and participles."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if subjects:
        return [s.head.head if s.lower_ in RELATIVES and verb.dep_ == "relcl" else s for s in subjects]
    if depth > 3 or verb.head.i == verb.i:
        return []
    if verb.dep_ == "relcl":
        return [verb.head]
    if verb.dep_ in {"xcomp", "advcl", "conj", "pcomp", "acl"}:
        head = verb.head
        if head.pos_ in {"ADP", "ADJ"}:  # "after meeting X", "is due to meet X"
            head = head.head
        if head.pos_ in {"VERB", "AUX"}:
            return _subject_tokens(head, depth + 1)
    return []


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.extend([t, *t.conjuncts])
    return out


def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    objects: list[Token] = []
    for prep in token.children:
        # "spoke by telephone with X": the partner hangs from the means of the call
        objects.extend(o for c in prep.children if prep.dep_ == "prep" and c.dep_ == "pobj"
                       and lexicon().has("phone", c.lemma_) for o in _prep_objects(c, preps))
        if prep.dep_ in {"prep", "agent"} and prep.lower_ in preps:
            objects.extend(c for c in prep.children if c.dep_ == "pobj")
            # "talks with visiting President X": the participle's object is the partner
            objects.extend(o for c in prep.children if c.dep_ == "pcomp" and c.tag_ == "VBG"
                           for o in c.children if o.dep_ == "dobj")
    return objects


def _left_names(token: Token, index: EntityIndex) -> list[Token]:
    """Names inside the noun phrase before a nominal trigger ("Mr Otieno's past public visits")."""
    out = []
    i = token.i - 1
    while i >= token.sent.start and token.doc[i].pos_ in {"PROPN", "ADJ", "NOUN", "PART", "DET", "PUNCT", "NUM"}:
        if token.doc[i].pos_ == "PUNCT" and token.doc[i].text not in {"-", "–"}:
            break
        if i in index.token_entity:
            out.append(token.doc[i])
        i -= 1
    return out


def _argument_tokens(trigger: Token, entry: dict, lex: Lexicon, index: EntityIndex) -> tuple[list[Token], bool]:
    """Tokens that fill the participant slots, and whether they came from the trigger's own phrase."""
    if entry["pos"] == "VERB":
        args = _subject_tokens(trigger)
        if entry.get("object"):
            args += [c for c in trigger.children if c.dep_ in {"dobj", "dative", "nsubjpass"}]
        args += _prep_objects(trigger, _PARTNER_PREPS | {"to"} if lex.has("speak", trigger.lemma_) else
                              _PARTNER_PREPS)
        if not any(t.dep_ in _SUBJECTS or t.i < trigger.i for t in args):
            args += _left_names_clause(trigger, index)
        return _with_conjuncts(args), True
    own = [c for c in trigger.children if c.dep_ in {"poss", "compound", "nmod"}]
    own += _prep_objects(trigger, _PARTNER_PREPS | {"to", "of"})
    own += _left_names(trigger, index)
    own += _hosts(trigger, lex)
    args = list(own)
    head = trigger.head
    if trigger.dep_ in {"dobj", "nsubjpass"} and lex.has("support", head.lemma_):
        args += _subject_tokens(head) + _prep_objects(head, _PARTNER_PREPS)
    elif trigger.dep_ == "pobj" and head.lower_ in _LOCATIVE and lex.has("support", head.head.lemma_):
        args += _subject_tokens(head.head)
    elif trigger.dep_ == "pobj" and head.head.dep_ in {"advmod"} and lex.has("support", head.head.head.lemma_):
        args += _subject_tokens(head.head.head)  # "report back to the meeting"
    elif trigger.dep_ == "pobj" and head.lower_ in _AFTER and head.head.pos_ == "VERB" and own:
        args += _subject_tokens(head.head)  # "X told reporters after talks with Y": X took part
    return _with_conjuncts(args), bool(own)


def _hosts(trigger: Token, lex: Lexicon) -> list[Token]:
    """ "a conference co-hosted by X and Y", "the summit chaired by X": the agents of a hosting participle
    attached to the trigger (or, misparsed, to the verb the trigger hangs from)."""
    verbs = [c for c in trigger.children if c.dep_ in {"acl", "relcl"}]
    governing = _governing_verb(trigger)
    if governing is not None:
        verbs += [c for c in governing.children if c.dep_ == "advcl" and c.i > trigger.i]
    return [o for v in verbs if lex.has("hosted_by", v.lemma_) and v.tag_ == "VBN"
            for a in v.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]


def _left_names_clause(trigger: Token, index: EntityIndex) -> list[Token]:
    """A subject the parser missed: names before the verb in its sentence, up to the previous verb."""
    out = []
    for i in range(trigger.i - 1, trigger.sent.start - 1, -1):
        token = trigger.doc[i]
        if token.pos_ in {"VERB", "AUX"} or token.text in {":", "|", ";"}:
            break
        if i in index.token_entity:
            out.append(token)
    return out


# ------------------------------------------------------------------ zone, date, place
def _zone(trigger: Token, anchors: list[Token]) -> set[int]:
    """Token indexes of the clause that states the event: the anchors' subtrees minus embedded clauses."""
    zone: set[int] = set()

    def walk(token: Token, top: Token) -> None:
        zone.add(token.i)
        for child in token.children:
            if child.dep_ in _CLAUSE_DEPS and not (child.dep_ == "relcl" and token.i == trigger.i):
                continue
            if child.dep_ == "conj" and child.pos_ == "VERB" and _trigger_entry(child, lexicon()) is not None:
                continue  # "visited X in May and hosted Y in Z": the joined verb tells its own event
            if child.dep_ == "prep" and child.lower_ in _NOT_WHEN and child.i > trigger.i:
                continue  # "his first trip since taking office in 2020": another time and place
            if any(child.i == a.i for a in anchors) and top.i != child.i:
                continue
            walk(child, top)

    for anchor in anchors:
        walk(anchor, anchor)
    return zone


@dataclass(frozen=True)
class _DocDates:
    """What every trigger's date search needs from the doc, computed once per doc: the story text and the DATE
    and TIME entities, in order."""

    text: str
    ents: tuple[SpacySpan, ...]

    @classmethod
    def of(cls, doc: Doc) -> _DocDates:
        return cls(doc_text(doc), tuple(e for e in doc.ents if e.label_ in {"DATE", "TIME"}))


def _dates(doc: Doc, zone: set[int], trigger: Token, found: _DocDates) -> list[SpacySpan]:
    out: list[SpacySpan] = []
    for ent in found.ents:  # other labels never enter ``out``, so skipping them changes nothing
        if out and out[-1].end > ent.start:
            continue
        if ent[0].i not in zone:
            continue
        inside = [t for t in ent if t.i in zone]
        if 2 * len(inside) < len(ent):
            continue
        root = next((t for t in inside if not ent.start <= t.head.i < ent.end), ent.root)
        if root.dep_ == "compound" and root.head.i == ent.end and root.head.ent_type_ in {"DATE", "TIME"}:
            ent = doc[ent.start:root.head.i + 1]  # "Tuesday" + "night": one expression, told in two entities
            root = root.head
        if root.dep_ in {"poss", "compound", "amod", "nummod"} and root.head.i != trigger.i:
            continue  # "Monday's quake": the date of something else
        if (root.dep_ == "pobj" and root.head.lower_ in _NOT_WHEN) or ent[0].lower_ in _NOT_WHEN:
            continue  # "her first since 2019", "until March": a bound, not the event's date
        if is_point_in_time(ent.text) and not _in_dateline(ent, found.text):
            out.append(ent)
    return out


_DATELINE_BEFORE = re.compile(r"^[A-Z][^\n,()]{0,40},(?:[^\n,()]{0,30},)?\s*$")
_DATELINE_AFTER = re.compile(r"^(?:,?\s*\d{4})?\s*(?:\([^()\n]{1,40}\))?\s*[-\u2013\u2014]")


def _in_dateline(ent: SpacySpan, text: str) -> bool:
    """ "NAIROBI, March 3 (Reuters) -": the date printed in a dateline dates the article, not an event.
    ``text`` is the doc's text."""
    line_start = text.rfind("\n", 0, ent.start_char) + 1
    return bool(_DATELINE_BEFORE.match(text[line_start:ent.start_char])
                and _DATELINE_AFTER.match(text[ent.end_char:ent.end_char + 60]))


def _shared_dates(doc: Doc, trigger: Token, found: _DocDates) -> list[SpacySpan]:
    """ "flew to X on Wednesday and visited Y": a conjoined verb takes the date of the verb it is joined to."""
    if trigger.pos_ != "VERB" or trigger.dep_ != "conj" or trigger.head.pos_ != "VERB":
        return []
    head = trigger.head
    zone = {t.i for c in head.children if c.i < trigger.i and c.dep_ in {"prep", "npadvmod", "advmod"}
            for t in c.subtree}
    return _dates(doc, zone, head, found)


def _is_place_slot(token: Token, index: EntityIndex, trigger: Token, depth: int = 0) -> bool:
    """A location mention in a locative role: "in/at/to X", an apposition of one, or what is visited."""
    while token.dep_ in {"compound", "flat"} and index.token_entity.get(token.head.i) == index.token_entity.get(
            token.i):
        token = token.head
    if depth > 3:
        return False
    dep, head = token.dep_, token.head
    if dep == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i != trigger.i:
        noun = head.head  # "toured the province of X", "met in the city of X": the noun is the trigger's place
        anchor = noun.head if noun.dep_ == "dobj" else noun.head.head if noun.dep_ == "pobj" else None
        return anchor is not None and anchor.i in {trigger.i, trigger.head.i} and \
            _is_place_slot(noun, index, trigger, depth + 1)
    if dep == "pobj":
        return head.lower_ in _LOCATIVE
    if dep in {"appos", "conj", "npadvmod"}:
        return _is_place_slot(head, index, trigger, depth + 1)
    if dep == "dobj":
        return head.i == trigger.i or head.lemma_.lower() in {"visit", "tour"}
    if dep in {"poss", "compound"} and head.pos_ in {"NOUN", "PROPN"}:
        return _is_place_slot(head, index, trigger, depth + 1) if head.dep_ == "pobj" else False
    return False


def _places(doc: Doc, zone: set[int], trigger: Token, index: EntityIndex) -> list[int]:
    places: list[int] = []
    for i in sorted(zone):
        number = index.token_entity.get(i)
        if number is None or number >= len(index.entities) or number in places:
            continue
        if index.entities[number].type in _PLACE_RANK and _is_place_slot(doc[i], index, trigger):
            places.append(number)
    return places


def _narrowest(places: list[int], index: EntityIndex) -> int | None:
    if not places:
        return None
    return min(places, key=lambda p: (_PLACE_RANK[index.entities[p].type], places.index(p)))


def _governing_verb(noun: Token) -> Token | None:
    """The verb a nominal trigger hangs from, through prepositions and (misparsed) adjectives."""
    head = noun
    for _ in range(4):
        if head.head.i == head.i:
            return None
        head = head.head
        if head.pos_ in {"VERB", "AUX"}:
            return head
        if head.pos_ in {"NOUN", "PROPN"} and head.dep_ not in {"csubj"}:
            return None
    return None


def _planned(trigger: Token, lex: Lexicon) -> bool:
    """Announced, planned or proposed: "will visit", "plans to meet", "the summit set for May", "the upcoming talks"."""
    chain = [trigger]
    head = trigger
    if trigger.pos_ != "VERB":  # "is due to hold talks": the support verb, then what governs it
        verb = _governing_verb(trigger)
        if verb is not None and (lex.has("support", verb.lemma_) or lex.has("event", verb.lemma_)):
            chain.append(verb)
            head = verb
    if head.pos_ == "VERB":
        while (head.dep_ in {"xcomp", "conj"} or (head.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in head.children))) \
                and head.head.i != head.i and len(chain) < 4:
            head = head.head
            chain.append(head)
    for token in chain:
        if token.i != trigger.i and lex.has("planned", token.lemma_):
            return True
        for child in token.children:
            if child.dep_ in {"aux", "amod", "acl", "advmod"} and lex.has("planned", child.lemma_):
                return True
    return False


def _negated(trigger: Token) -> bool:
    heads = [trigger, trigger.head] if trigger.pos_ != "VERB" else [trigger]
    return any(c.dep_ == "neg" for h in heads for c in h.children)


# ------------------------------------------------------------------ mentions
def _kind(trigger: Token, entry: dict, lex: Lexicon, index: EntityIndex) -> MeetingKind:
    kind = MeetingKind(entry["kind"])
    if lex.has("speak", trigger.lemma_) or kind is MeetingKind.MEETING:
        phone = any(lex.has("phone", t.lemma_) for p in trigger.children if p.dep_ == "prep"
                    for t in p.subtree)
        phone = phone or any(lex.has("phone", c.lemma_) for c in trigger.children if c.dep_ == "compound")
        if phone:
            return MeetingKind.PHONE_CALL
    if entry["pos"] == "NOUN":
        if kind in {MeetingKind.MEETING, MeetingKind.CONFERENCE} and any(
                c.dep_ in {"compound", "amod"} and lex.has("remote", c.lemma_) for c in trigger.children):
            return MeetingKind.PHONE_CALL  # "a video conference with X"
        for child in trigger.children:
            if child.dep_ != "compound":
                continue
            sub = _trigger_entry(child, lex)
            if sub and sub["kind"] in {"Summit", "Conference"}:
                return MeetingKind(sub["kind"])
            number = index.token_entity.get(child.i)
            if kind is MeetingKind.MEETING and number is not None and number < len(index.entities) and \
                    index.entities[number].type is EntityType.ORGANIZATION:
                return MeetingKind.CONFERENCE  # a body's meeting: "the assembly meeting"
    return kind


def _name(trigger: Token) -> str | None:
    """The event's own name: a proper name containing the trigger, or an organisation's one ("the Nordic summit")."""
    modifiers = [c for c in trigger.children if c.dep_ == "compound" and c.ent_type_ in {"ORG", "EVENT"}]
    if modifiers:
        return trigger.doc[min(t.i for m in modifiers for t in m.subtree):trigger.i + 1].text
    for ent in trigger.doc.ents:
        if ent.start <= trigger.i < ent.end and len(ent) > 1 and trigger.pos_ == "PROPN":
            words = [t for t in ent if t.lower_ != "the"]
            return trigger.doc[words[0].i:words[-1].i + 1].text if words else None
    return None


def _event_context(trigger: Token, lex: Lexicon) -> bool:
    if trigger.dep_ in {"dobj", "nsubj", "nsubjpass"} and lex.has("event", trigger.head.lemma_):
        return True
    return any(c.dep_ in {"relcl", "acl"} and lex.has("event", c.lemma_) for c in trigger.children)


def _mentions(doc: Doc, article: Article, index: EntityIndex, lex: Lexicon) -> list[_Mention]:
    descriptors = lex.words.get("descriptor", frozenset())
    groups = lex.words.get("group", frozenset())
    mentions: list[_Mention] = []
    writers = reporters(doc, index)
    found = _DocDates.of(doc)
    strings = token_strings(doc)
    trigger_words = lex.trigger_words
    for i in range(len(doc)):
        if strings.lemma[i] not in trigger_words and strings.lower[i] not in trigger_words:
            continue  # no trigger (checked on strings first: most tokens stop here)
        trigger = doc[i]
        entry = _trigger_entry(trigger, lex)
        if entry is None or _negated(trigger):
            continue
        if not _valid_trigger(trigger, entry, lex, index):
            continue
        arg_tokens, own = _argument_tokens(trigger, entry, lex, index)
        participants: set[int] = set()
        group_ref = False
        for token in arg_tokens:
            is_group = token.lemma_.lower() in groups or any(c.lemma_.lower() in groups for c in token.children)
            number = person_at(token, index) if is_group else resolve(token, index, descriptors)
            if number is not None:
                participants.add(number)
            elif is_group:
                group_ref = True
        if group_ref and mentions:
            participants |= mentions[-1].participants
        participants -= writers
        kind = _kind(trigger, entry, lex, index)
        if entry.get("needs_object") and not _has_person_object(trigger, index, descriptors) and not (
                kind is MeetingKind.PHONE_CALL and len(participants) >= 2):  # "X and Y spoke by phone"
            continue
        if entry.get("group") and len(participants) < 2:
            continue
        anchors = [trigger]
        verb = _governing_verb(trigger) if entry["pos"] == "NOUN" else None
        if verb is not None and (lex.has("support", verb.lemma_) or lex.has("event", verb.lemma_)):
            anchors.append(verb)
        zone = _zone(trigger, anchors)
        places = _places(doc, zone, trigger, index)
        places = [p for p in places if p not in participants]
        name = _name(trigger) if entry["pos"] == "NOUN" else None
        is_definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in trigger.children)
        mention = _Mention(
            kind=kind, trigger=trigger, participants=participants,
            place=None if entry["kind"] == "PhoneCall" else _narrowest(places, index),
            places_seen=set(places), planned=_planned(trigger, lex), name=name,
            backref=entry["pos"] == "NOUN" and not own and name is None and (is_definite or not participants),
            standalone=(name is not None and (_event_context(trigger, lex) or bool(participants))) or (
                (kind in _GATHERINGS or (own and trigger.dep_ in _SUBJECTS))
                and _event_context(trigger, lex) and bool(places or _dates(doc, zone, trigger, found))),
            evidence=[_sentence_span(trigger.sent, article, found.text)],
        )
        if mention.kind is MeetingKind.PHONE_CALL:
            mention.place = None
        dates = _dates(doc, zone, trigger, found) or _shared_dates(doc, trigger, found)
        split = [d for d in dates if any(d.root.i == c.i for c in dates[0].root.conjuncts)] if dates else []
        choices: list[SpacySpan | None] = [*dates[:1], *split]
        for date in choices or [None]:
            copy = _copy(mention)
            copy.date = date
            mentions.append(copy)
    return mentions


def _copy(m: _Mention) -> _Mention:
    return _Mention(m.kind, m.trigger, set(m.participants), m.place, set(m.places_seen), m.date, m.planned,
                    m.name, m.backref, m.standalone, list(m.evidence))


def _valid_trigger(trigger: Token, entry: dict, lex: Lexicon, index: EntityIndex) -> bool:
    if entry["pos"] == "NOUN":
        if trigger.dep_ == "compound" and trigger.head.pos_ in {"NOUN", "PROPN"}:
            return False  # "summit talks", "assembly meeting": the head noun is the trigger
        if any(c.dep_ in {"compound", "amod"} and lex.has("not_meeting", c.lemma_) for c in trigger.children):
            return False
        if entry.get("named_only") and _name(trigger) is None:
            return False
        if entry.get("plural") and trigger.tag_ not in {"NNS", "NNPS"}:
            return False
        # "calls for an inquiry" is a demand, not a phone call
        return not (entry["kind"] == "PhoneCall" and any(c.dep_ == "prep" and c.lower_ == "for"
                                                         for c in trigger.children))
    if entry.get("prep") and not any(c.dep_ == "prep" and c.lower_ in entry["prep"] for c in trigger.children):
        return False
    if trigger.tag_ == "VBG" and trigger.head.pos_ == "ADP" and trigger.head.lower_ in {"with", "by"}:
        return False  # "talks with visiting President X": a modifier, not an event of its own
    # "called the quake the worst" names something; it is no call
    return not (entry["kind"] == "PhoneCall" and any(c.dep_ in {"oprd", "ccomp"} for c in trigger.children))


def _has_person_object(trigger: Token, index: EntityIndex, descriptors: frozenset[str]) -> bool:
    objects = [c for c in trigger.children if c.dep_ in {"dobj", "dative", "nsubjpass"}]
    objects += _prep_objects(trigger, frozenset({"with", "to"}))
    parties = lexicon().words.get("party", frozenset())
    for token in _with_conjuncts(objects):
        if resolve(token, index, descriptors) is not None or token.lower_ in PRONOUNS:
            return True
        if token.tag_ == "NNS" and token.lemma_.lower() in parties:
            return True  # "hosted the two sides", "received the delegations": unnamed parties to talks
        if token.tag_ == "NN" and token.lemma_.lower() in descriptors and any(
                c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.children):
            return True  # "welcomed the pontiff": a person the text refers to by role, even when unresolved
    return False


def _sentence_span(sent: SpacySpan, article: Article, story: str) -> Span:
    """``sent`` without its surrounding white space; ``story`` is the doc's text (the story text: page furniture
    is blanked there, so it is trimmed off too)."""
    begin, end = sent.start_char, sent.end_char
    while begin < end and story[begin].isspace():
        begin += 1
    while end > begin and story[end - 1].isspace():
        end -= 1
    return Span.of(article.text, begin, end)


# ------------------------------------------------------------------ merging
def _date_key(m: _Mention, article: Article) -> str | None:
    if m.date is None:
        return None
    stamp = resolve_date(m.date.text, article.published, future=m.planned)
    return stamp.value if stamp else " ".join(m.date.text.lower().split())


def _in_week(a: _Mention, b: _Mention, article: Article) -> bool:
    """``a``'s day falls in the week ``b`` names ("next week" holds "Feb. 14")."""
    week = week_of(b.date.text, article.published) if b.date is not None else None
    stamp = resolve_date(a.date.text, article.published, future=a.planned) if a.date is not None else None
    return week is not None and stamp is not None and len(stamp.value) == 10 and \
        week[0].isoformat() <= stamp.value <= week[1].isoformat()


def _nested(a: int, b: int, index: EntityIndex | None) -> bool:
    """A site or region and a city or country ("the convention centre" and "Hanoi") may be one place; so may a
    city and the country it lies in."""
    if index is None:
        return False
    types = {index.entities[a].type, index.entities[b].type}
    if types == {EntityType.CITY, EntityType.COUNTRY}:
        city, country = sorted((index.entities[a], index.entities[b]), key=lambda e: e.type is EntityType.COUNTRY)
        found, state = lookup_place(city.label), lookup_country(country.label)
        return found is not None and state is not None and found.type is EntityType.CITY and \
            found.country is not None and found.country == state.country
    return EntityType.PLACE in types and len(types) == 2


def _compatible(a: _Mention, b: _Mention, article: Article, index: EntityIndex | None = None) -> bool:
    if _FAMILY[a.kind] != _FAMILY[b.kind] or a.planned != b.planned:
        return False
    da, db = _date_key(a, article), _date_key(b, article)
    if da and db and not (da.startswith(db) or db.startswith(da)) and not (
            _in_week(a, b, article) or _in_week(b, a, article)):  # "next month" holds "March 20"
        return False
    if a.place is not None and b.place is not None and a.place != b.place and \
            a.place not in b.places_seen and b.place not in a.places_seen and not _nested(a.place, b.place, index):
        return False
    return not (a.name and b.name and a.name != b.name)


def _absorb(into: _Mention, m: _Mention, index: EntityIndex, article: Article | None = None) -> None:
    into.participants |= m.participants
    into.evidence += [e for e in m.evidence if e not in into.evidence]
    into.places_seen |= m.places_seen
    candidates = [p for p in (into.place, m.place) if p is not None]
    into.place = _narrowest(candidates, index) if into.kind is not MeetingKind.PHONE_CALL else None
    if into.date is None or (m.date is not None and m.date.root.i != into.date.root.i
                             and _more_precise(m, into, article)):
        into.date = m.date
    into.name = into.name or m.name
    into.standalone = into.standalone or m.standalone
    if _KIND_ORDER.index(m.kind) < _KIND_ORDER.index(into.kind):
        into.kind = m.kind


def _more_precise(a: _Mention, b: _Mention, article: Article | None) -> bool:
    """Both dates resolve and ``a``'s is the finer one ("March 20" within "next month")."""
    published = article.published if article is not None else None
    if article is not None and _in_week(a, b, article):
        return True
    stamp_a = resolve_date(a.date.text, published, future=a.planned) if a.date is not None else None
    stamp_b = resolve_date(b.date.text, published, future=b.planned) if b.date is not None else None
    return stamp_a is not None and stamp_b is not None and len(stamp_a.value) > len(stamp_b.value)


def _other_partner(a: _Mention, b: _Mention) -> bool:
    """ "X hosted Y", then "Y was received by Z": two pairs that share one person are two meetings."""
    return len(a.participants) >= 2 and len(b.participants) >= 2 and bool(a.participants - b.participants) and \
        bool(b.participants - a.participants)


def _unnamed_same_place(a: _Mention, b: _Mention) -> bool:
    """ "a conference in X" and "the Y conference ... in X": one of them unnamed, same kind and stated place."""
    return (a.name is None or b.name is None) and a.kind is b.kind and a.place is not None and a.place == b.place


def _merge(mentions: list[_Mention], article: Article, index: EntityIndex) -> list[_Mention]:
    events: list[_Mention] = []
    primary = [m for m in mentions if m.participants and not m.backref]
    for m in primary:
        # one sentence may tell several dated events ("in May 2017 and June 2015"): an undated mention joins all
        same_sentence = [e for e in events if m.evidence[0] in e.evidence and _compatible(e, m, article, index)]
        if same_sentence and (m.date is None or len(same_sentence) == 1):
            for e in same_sentence:
                _absorb(e, m, index, article)
            continue
        target = next((e for e in reversed(events) if _compatible(e, m, article, index) and
                       e.participants & m.participants and not _other_partner(e, m)), None)
        if target is None:
            events.append(m)
        else:
            _absorb(target, m, index, article)
    for m in mentions:
        if m in primary:
            continue
        earlier = [e for e in events if e.trigger.i < m.trigger.i]
        later = [e for e in events if e.trigger.i >= m.trigger.i]
        target = next((e for e in [*reversed(earlier), *later] if _compatible(e, m, article, index)
                       and (m.name is None or e.name == m.name or _unnamed_same_place(e, m))
                       and (m.kind not in _GATHERINGS or not m.backref or e.kind is m.kind)), None)
        if target is not None and not (m.standalone and target.name != m.name and not _unnamed_same_place(target, m)):
            if m.backref and not m.participants:
                target.evidence += [e for e in m.evidence if e not in target.evidence]
            else:
                _absorb(target, m, index, article)
        elif m.standalone or m.participants:
            events.append(m)
    return sorted(events, key=lambda e: e.trigger.i)


def find_meetings(doc: Doc, article: Article, index: EntityIndex) -> list[Meeting]:
    """Every meeting the article reports, one per event, in text order."""
    lex = lexicon()
    meetings = []
    for m in _merge(_mentions(doc, article, index, lex), article, index):
        date_text = m.date.text if m.date is not None else None
        meetings.append(Meeting(
            kind=m.kind, participants=tuple(sorted(m.participants)), evidence=tuple(m.evidence),
            place=m.place, date_text=date_text,
            timestamp=resolve_date(date_text, article.published, future=m.planned) if date_text else None,
            planned=m.planned, name=m.name,
        ))
    return meetings
