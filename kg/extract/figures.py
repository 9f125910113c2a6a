"""Figures: the numbers a story reports, what they count, how hedged, and what they are about.

``kg.extract.numbers`` finds the number expressions in the text; here the parse around each one
decides what it counts (head noun, then the cue words of its clause, from ``figure_cues.jsonl``),
whether the clause hedges it ("are believed to", "expected to pass"), and what it is about: an
entity tied to it by the syntax, or an event ("the conflict", "the earthquake") stated nearby.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract import gazetteer
from kg.extract.entities import EntityIndex, doc_text
from kg.extract.numbers import Number, find_numbers
from kg.extract.pipeline import read_jsonl
from kg.extract.tokens import token_strings
from kg.model import Article, Category, EntityType, Event, Figure, Span

CASUALTIES = frozenset({Category.KILLED, Category.INJURED, Category.DISPLACED, Category.RETURNED,
                        Category.REFUGEES, Category.MISSING, Category.ARRESTED})
CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis", "acl"})
MODIFIER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod", "appos", "npadvmod"})
ANAPHORIC = frozenset({"the", "both", "these", "those", "all"})
EVENT_WINDOW = 8  # sentences to look back for the event a figure is about
PLACE_TYPES = frozenset({EntityType.COUNTRY, EntityType.CITY, EntityType.PLACE})
LOCATIVE = frozenset({"in", "at", "on", "near", "across", "throughout", "around", "outside", "inside", "into",
                      "of", "from", "to", "over", "off", "along"})
PLACE_ROLES = frozenset({"nsubjpass", "dobj", "appos", "npadvmod"})  # not active subjects: agents


@dataclass(frozen=True)
class Cues:
    """The cue lexicon: head nouns, clause words, person nouns, hedges and event words."""

    nouns: dict[str, Category]
    clause: dict[str, Category]
    persons: frozenset[str]
    hedges: frozenset[str]
    events: dict[str, str]
    agent_modified: frozenset[str]  # events whose modifiers name the agent ("U.S. air raid"), not the place
    particle_verbs: frozenset[str]
    people_only: frozenset[str]  # clause cues that say nothing of things ("seized six boats" counts boats)
    refers_to: dict[str, frozenset[str]]  # generic event words naming an earlier event ("the storm" -> cyclone)
    not_event: frozenset[str]  # word pairs where an event word names no event ("opened fire", "fire service")


@cache
def cues() -> Cues:
    nouns: dict[str, Category] = {}
    clause: dict[str, Category] = {}
    persons: set[str] = set()
    hedges: set[str] = set()
    events: dict[str, str] = {}
    particle_verbs: set[str] = set()
    agent_modified: set[str] = set()
    people_only: set[str] = set()
    refers_to: dict[str, frozenset[str]] = {}
    not_event: set[str] = set()
    for row in read_jsonl("figure_cues.jsonl"):
        if "not_event" in row:
            not_event.add(row["not_event"])
        elif "particle_verb" in row:
            particle_verbs.add(row["particle_verb"])
        elif "hedge" in row:
            hedges.add(row["hedge"])
        elif "event" in row:
            events[row["event"]] = row["label"]
            if "refers_to" in row:
                refers_to[row["label"]] = frozenset(row["refers_to"])
            if row.get("modifier_place") is False:
                agent_modified.add(row["label"])
        elif row["role"] == "noun":
            nouns[row["cue"]] = Category(row["category"])
        elif row["role"] == "verb":
            clause[row["cue"]] = Category(row["category"])
            if row.get("people_only"):
                people_only.add(row["cue"])
        else:
            persons.add(row["cue"])
    return Cues(nouns, clause, frozenset(persons), frozenset(hedges), events, frozenset(agent_modified),
                frozenset(particle_verbs), frozenset(people_only), refers_to, frozenset(not_event))


def _particles(doc: Doc) -> frozenset[int]:
    """Character offsets of verb particles ("add up to", "hand over"): no hedges before a number."""
    found = {t.idx for t in doc if t.dep_ == "prt"}
    strings = token_strings(doc)
    for i in range(1, len(doc)):
        if f"{strings.lemma[i - 1]} {strings.lower[i]}" in cues().particle_verbs and strings.pos[i - 1] == "VERB":
            found.add(doc[i].idx)
    return frozenset(found)


def _keys(token: Token) -> list[str]:
    """The forms a token can match in the lexicon: lower, lemma, and two-word forms with the next token."""
    strings, i = token_strings(token.doc), token.i
    keys = [strings.lower[i], strings.lemma[i]]
    if i + 1 < len(strings.lower):
        keys += [f"{strings.lemma[i]} {strings.lemma[i + 1]}", f"{strings.lower[i]} {strings.lower[i + 1]}"]
    return keys


def _lookup(token: Token, table: dict[str, Category]) -> Category | None:
    return next((table[k] for k in _keys(token) if k in table), None)


def clause_head(token: Token) -> Token:
    """The verb heading the clause of ``token`` (xcomp and similar chains stay in the clause)."""
    while token.dep_ not in CLAUSE_DEPS and token.head.i != token.i:
        token = token.head
    return token


def _clause_tokens(anchor: Token) -> list[Token]:
    """The tokens whose clause head is the clause head of ``anchor`` (grouped once per sentence)."""
    head = clause_head(anchor)
    sent = head.sent
    cache: dict[int, dict[int, list[int]]] = head.doc.user_data.setdefault("kg_clauses", {})
    if sent.start not in cache:
        groups: dict[int, list[int]] = {}
        for token in sent:
            groups.setdefault(clause_head(token).i, []).append(token.i)
        cache[sent.start] = groups
    return [head.doc[i] for i in cache[sent.start].get(head.i, [])]


@dataclass
class _Events:
    """Event mentions of the article: canonical label + place; mentions by token index."""

    doc: Doc
    index: EntityIndex
    events: list[Event] = field(default_factory=list)
    keys: list[tuple[str, str | None]] = field(default_factory=list)
    mentions: dict[int, int] = field(default_factory=dict)  # token index -> event index
    used: set[int] = field(default_factory=set)

    def build(self) -> None:
        spans: dict[int, list[Span]] = {}
        for i, pos in enumerate(token_strings(self.doc).pos):
            if pos not in {"NOUN", "PROPN", "ADJ"} or i in self.index.token_entity:
                continue
            token = self.doc[i]
            label, two_words = self._label_of(token)
            if label is None or (token.pos_ == "ADJ" and "-" not in token.text and not two_words):
                continue
            if self._not_event(token):
                continue
            number = self._mention(token, label)
            self.mentions[token.i] = number
            # token.text is doc.text[idx:idx + len]; Doc.text would rebuild the whole text per token
            spans.setdefault(number, []).append(Span(token.idx, token.idx + len(token), token.text))
        self._place_unplaced()
        self.events = [Event(self._label(k), tuple(spans.get(i, ()))) for i, k in enumerate(self.keys)]

    def _label_of(self, token: Token) -> tuple[str | None, bool]:
        """The event label of a word, or of the word with the one before it ("tidal wave"): (label, two words)."""
        table = cues().events
        if token.i > 0:
            previous = self.doc[token.i - 1].lower_
            for key in (f"{previous} {token.lower_}", f"{previous} {token.lemma_.lower()}"):
                if key in table:
                    return table[key], True
        return next((table[k] for k in _keys(token)[:2] if k in table), None), False

    def _not_event(self, token: Token) -> bool:
        """ "opened fire", "under fire", "fire service": the event word names no event here."""
        pairs = set()
        if token.head.i != token.i:
            pairs |= {f"{token.head.lemma_.lower()} {token.lower_}", f"{token.head.lower_} {token.lower_}"}
        if token.i + 1 < len(self.doc):
            nxt = self.doc[token.i + 1]
            pairs |= {f"{token.lower_} {nxt.lower_}", f"{token.lower_} {nxt.lemma_.lower()}"}
        return not pairs.isdisjoint(cues().not_event)

    def _mention(self, token: Token, label: str) -> int:
        """The event a mention names: by the place it states, else by a place in its clause, else the
        last event of its kind ("the storm" also names an earlier cyclone), else by a place in its sentence."""
        explicit = self._place(token, modifiers=label not in cues().agent_modified)
        if explicit is not None:
            return self._event_for(label, explicit, new=_introduced(token))
        kinds = {label} | cues().refers_to.get(label, frozenset())
        places = self._places(token, clause=True)
        known = [p for p in places if any(k == (kind, p) for kind in kinds for k in self.keys)]
        if known:
            return next(i for i, k in enumerate(self.keys) if k[1] == known[0] and k[0] in kinds)
        if places:
            return self._event_for(label, places[0])
        same = [i for i, k in enumerate(self.keys) if k[0] == label]
        if same:
            return same[-1]
        earlier = [i for i, k in enumerate(self.keys) if k[0] in kinds]
        if earlier:
            return earlier[-1]
        places = self._places(token, clause=False)
        return self._event_for(label, places[0] if places else None)

    def _places(self, token: Token, *, clause: bool) -> list[str]:
        """Places named in the clause (or the sentence) of an event mention, nearest first: the objects of
        locative prepositions, subjects and objects ("floods hit X"); not possessors ("X's president")."""
        scope = _clause_tokens(token) if clause else list(token.sent)
        found: list[tuple[int, str]] = []
        for cand in scope:
            entity = self.index.token_entity.get(cand.i)
            if entity is None or self.index.entities[entity].type not in PLACE_TYPES:
                continue
            top = cand
            while top.dep_ in {"compound", "flat"} and top.head.i != top.i:
                top = top.head
            placed = (top.dep_ == "pobj" and top.head.lower_ in LOCATIVE) or top.dep_ in PLACE_ROLES or not clause
            if placed and top.dep_ != "poss":
                found.append((abs(cand.i - token.i), self.index.entities[entity].label))
        return [label for _, label in sorted(found)]

    def _place_unplaced(self) -> None:
        """Events still without a place take the article's main place (the place named most often)."""
        counts = [(len(e.mentions), -min((m.begin for m in e.mentions), default=0), e.label)
                  for e in self.index.entities if e.type in PLACE_TYPES and e.mentions]
        if not counts:
            return
        main = max(counts)[2]
        for i, (label, place) in enumerate(self.keys):
            if place is not None:
                continue
            if (label, main) in self.keys:
                target = self.keys.index((label, main))
                self.mentions = {t: target if n == i else n for t, n in self.mentions.items()}
            else:
                self.keys[i] = (label, main)

    @staticmethod
    def _label(key: tuple[str, str | None]) -> str:
        label, place = key
        return f"{label} in {place}" if place else label

    def _event_for(self, label: str, place: str | None, *, new: bool = False) -> int:
        if place is not None:
            if (label, place) in self.keys:
                return self.keys.index((label, place))
            unplaced = [i for i, k in enumerate(self.keys) if k == (label, None)]
            if unplaced and not new:  # an earlier mention without a place: the place now known names it
                self.keys[unplaced[-1]] = (label, place)
                return unplaced[-1]
        else:
            same = [i for i, k in enumerate(self.keys) if k[0] == label]
            if same:
                return same[-1]
        self.keys.append((label, place))
        return len(self.keys) - 1

    def _place(self, token: Token, *, modifiers: bool) -> str | None:
        """A place the event mention names: "war in Chad", "Chadian conflict", "raid on the town of X"."""
        candidates: list[Token] = []
        for head in [token, *token.conjuncts]:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in {"in", "on", "at", "across"}:
                    for obj in prep.children:
                        if obj.dep_ != "pobj":
                            continue
                        candidates.append(obj)
                        candidates += [o for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                                       for o in p.children if o.dep_ == "pobj"]
        if modifiers:  # after the prepositions: "NAIROBI - Floods in Kenya" is about Kenya
            candidates += [c for c in token.children if c.dep_ in {"compound", "amod", "poss", "nmod"}]
        for cand in candidates:
            entity = self.index.token_entity.get(cand.i)
            if entity is not None and self.index.entities[entity].type is not EntityType.PERSON \
                    and self.index.entities[entity].type is not EntityType.ORGANIZATION:
                return self.index.entities[entity].label
            demonym = _demonym_place(cand, self.index)
            if demonym:
                return demonym
        return None

    def near(self, sent: SpacySpan, anchor: Token, *, back: bool) -> int | None:
        """The event mentioned in ``sent`` nearest to ``anchor``, or (``back``) in the sentences before."""
        here = [i for i in range(sent.start, sent.end) if i in self.mentions]
        if here:
            return self.mentions[min(here, key=lambda i: abs(i - anchor.i))]
        if not back:
            return None
        sents = list(self.doc.sents)
        position = next(k for k, s in enumerate(sents) if s.start == sent.start)
        for previous in reversed(sents[max(0, position - EVENT_WINDOW):position]):
            found = [i for i in range(previous.start, previous.end) if i in self.mentions]
            if found:
                return self.mentions[found[-1]]
        return None

    def at_place(self, sent: SpacySpan) -> int | None:
        """The event whose place the sentence names ("Kenyan officials said ..." -> floods in Kenya), when one
        event of the article has that place."""
        index = self.index
        names = {index.entities[index.token_entity[t.i]].label for t in sent if t.i in index.token_entity}
        names |= {p for t in sent if (t.pos_ == "ADJ" or t.ent_type_ == "NORP") and (p := _demonym_place(t, index))}
        mentioned = set(self.mentions.values())
        found = {i for i, k in enumerate(self.keys) if k[1] in names and i in mentioned}
        return found.pop() if len(found) == 1 else None

    def dominant(self) -> int | None:
        if not self.mentions:
            return None
        counts: dict[int, int] = {}
        for number in self.mentions.values():
            counts[number] = counts.get(number, 0) + 1
        return max(counts, key=lambda k: (counts[k], -k))


NEW_EVENT = frozenset({"a", "an", "another", "separate", "second", "new", "earlier", "previous", "similar", "last",
                       "other", "third", "recent"})


def _introduced(token: Token) -> bool:
    """ "a separate attack in X", "another quake": the mention introduces an event, not the one named before."""
    return any(c.lower_ in NEW_EVENT for c in token.children if c.dep_ in {"det", "amod"})


def _demonym_place(token: Token, index: EntityIndex) -> str | None:
    """ "Chadian" -> the article's entity Chad: an adjective sharing a long prefix with a country's name."""
    if not token.text[:1].isupper() or token.i in index.token_entity:
        return None
    word = token.text.lower()
    for entity in index.entities:
        if entity.type is not EntityType.COUNTRY:
            continue
        name = entity.label.lower()
        common = 0
        while common < min(len(word), len(name)) and word[common] == name[common]:
            common += 1
        if common >= 4 and common >= 0.6 * min(len(word), len(name)):
            return entity.label
    return None


def _tokens(doc: Doc, begin: int, end: int) -> SpacySpan | None:
    return doc.char_span(begin, end, alignment_mode="expand")


def _head_noun(core: SpacySpan) -> Token | None:
    """The noun the number counts: "500 homes", "thousands of people", "millions more Chileans"."""
    root = core.root
    if root.dep_ in MODIFIER_DEPS and root.head.pos_ in {"NOUN", "PROPN"} and root.head.i >= core.end:
        return root.head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in {"NOUN", "PROPN", "ADJ"}:
                return objects[0]
    k = core.end
    doc = core.doc
    while k < len(doc) and k < core.end + 4 and (doc[k].lower_ in {"more", "of", "other"} or doc[k].pos_ in {"ADJ"}
                                                   or doc[k].dep_ == "compound"):
        k += 1
    if k < len(doc) and doc[k].pos_ in {"NOUN", "PROPN"} and doc[k].tag_ in {"NNS", "NNPS", "NN", "NNP"}:
        return doc[k]
    # "a population of 2.3 million", "a crowd of 40,000": a group noun the lexicon knows, counted by the number
    group = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
    if group is not None and group.pos_ == "NOUN" and (_is_person_noun(group) or _lookup(group, cues().nouns)):
        return group
    return None


def _is_person_noun(token: Token) -> bool:
    if token.lemma_.lower() in cues().persons or token.lower_ in cues().persons:
        return True
    plural = token.tag_ in {"NNPS", "NNS"}
    return plural and (token.ent_type_ == "NORP" or gazetteer.demonym_country(token.text) is not None)


def _category(number: Number, core: SpacySpan, head: Token | None) -> tuple[Category, str | None] | None:
    """What the number counts, and the counted unit for Other; None when it is no figure."""
    if number.kind == "money":
        return Category.MONEY, number.unit
    if number.kind == "percent":
        return Category.PERCENT, None
    if number.kind == "amount":
        return Category.OTHER, number.unit
    clause = _clause_tokens(core.root)
    if number.kind == "times":
        if any(_lookup(t, cues().clause) is Category.VISITS for t in core.sent):
            return Category.VISITS, None
        return None
    # a common noun the lexicon does not know as people is a thing ("six boats"); a name may be a group
    thing = head is not None and head.pos_ == "NOUN" and not _is_person_noun(head)
    predicate = _predicate_cue(core, people=not thing)
    if head is not None:
        category = _lookup(head, cues().nouns)
        if category is not None and category is not Category.VISITS:
            # what happened to them outranks what they are: "12 police officers were injured"
            if category in _STATUS and predicate in _FATES:
                return predicate, None
            return category, None
        if thing:
            # a thing, or people the lexicon does not know: only the verb governing it says more
            return (predicate, None) if predicate is not None else (Category.OTHER, _unit_text(head))
    if predicate is not None:
        return predicate, None
    scope = clause + (list(head.subtree) if head is not None else [])
    if head is None:
        # "the number of people killed ... has risen to 2,000": the subject says what the number counts
        verb = clause_head(core.root)
        scope += [t for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree]
    found = [(abs(t.i - core.root.i), c) for t in scope if t.i not in range(core.start, core.end)
             and (c := _lookup(t, cues().clause)) is not None and c is not Category.VISITS]
    if found:
        return min(found, key=lambda f: f[0])[1], None
    if head is None:
        return (Category.PEOPLE, None) if core.root.dep_ in {"nsubj", "nsubjpass"} else None
    if _is_person_noun(head):
        return Category.PEOPLE, None
    return Category.OTHER, _unit_text(head)


_STATUS = frozenset({Category.TROOPS, Category.REFUGEES, Category.DISPLACED, Category.PEOPLE})
_FATES = frozenset({Category.KILLED, Category.INJURED, Category.MISSING, Category.ARRESTED, Category.RETURNED})
_PREDICATE_DEPS = frozenset({"xcomp", "acomp", "oprd"})


def _predicate_cue(core: SpacySpan, *, people: bool) -> Category | None:
    """The category the predicate of the number's clause states: its verb and the verbs it chains to
    ("were able to return", "are believed to have been killed"). ``people`` False: the counted noun is a
    thing, and verbs that only count people ("seize", "capture") say nothing."""
    number = {t.i for t in core}
    chain = [clause_head(core.root)]
    for token in chain:
        chain += [c for c in token.children if c.dep_ in _PREDICATE_DEPS and c.i not in number]
        if len(chain) > 6:
            break
    for token in chain:
        if token.i in number or token.pos_ not in {"VERB", "AUX", "ADJ"} \
                or any(c.dep_ == "neg" for c in token.children):
            continue  # "have not returned" says nothing of what they are
        keys = _keys(token)
        category = next((cues().clause[k] for k in keys if k in cues().clause
                         and (people or k not in cues().people_only)), None)
        if category is not None and category is not Category.VISITS:
            return category
    return None


def _unit_text(head: Token) -> str:
    """The counted thing for an Other figure: the head noun, with nouns joined by "and"."""
    words = [head.lower_]
    for conj in head.conjuncts:
        if conj.i > head.i and conj.pos_ == "NOUN" and not any(c.like_num or c.dep_ == "nummod" for c in conj.children):
            words.append(" ".join(t.lower_ for t in conj.subtree if t.dep_ in {"amod", "compound"} or t is conj))
    return " and ".join(words)


def _hedged(core: SpacySpan) -> bool:
    """A hedge word governing the number ("are believed to", "expected to pass") or next to it."""
    hedges = cues().hedges
    for ancestor in core.root.ancestors:
        if ancestor.lemma_.lower() in hedges or ancestor.lower_ in hedges:
            return True
        if any(c.dep_ in {"advmod", "aux"} and c.lower_ in hedges for c in ancestor.children):
            return True
    return False


def _skip(number: Number, core: SpacySpan, head: Token | None) -> bool:
    """Numbers that are no figure in context: dates by the tagger, the count of known participants."""
    if number.kind == "count" and number.value is not None and not number.approximate:
        if any(t.ent_type_ in {"DATE", "TIME", "ORDINAL"} for t in core) and not _count_then_time(core):
            return True
        doc = core.doc
        before = doc[core.start - 1] if core.start > 0 else None
        if before is not None and before.lower_ in ANAPHORIC and number.value <= 12:
            return True  # "the two leaders", "both the three countries"
        if number.value == 1 and (head is None or (core.end < len(doc) and doc[core.end].lower_ == "of")):
            return True  # "one", "one of the front-runners": no count
    return False


_RELATIVE_TIME = frozenset({"earlier", "before", "ago", "later", "previously"})


def _count_then_time(core: SpacySpan) -> bool:
    """ "up from 61 a day earlier": the tagger's date covers a count and the time it was counted."""
    doc = core.doc
    rest = doc[core.end:core.end + 4]
    return len(rest) >= 3 and rest[0].lower_ in {"a", "an", "one", "the"} and rest[1].pos_ == "NOUN" \
        and rest[2].lower_ in _RELATIVE_TIME and rest[0].ent_type_ == core[-1].ent_type_


def _about(core: SpacySpan, head: Token | None, category: Category, index: EntityIndex,
           events: _Events) -> tuple[int | None, int | None]:
    """(entity, event) the figure is about: for casualties the event (stated here or just before), else an
    entity the syntax ties to the figure, an event in the sentence, an entity in the clause, an event before."""
    sent = core.sent
    number_tokens = set(range(core.start, core.end))
    if category is Category.VISITS:
        visits = [t for t in sent if _lookup(t, cues().clause) is Category.VISITS]
        found = [index.token_entity[t.i] for v in visits for t in v.subtree if t.i in index.token_entity]
        if found:
            return found[0], None
    if category in CASUALTIES and category is not Category.ARRESTED:
        event = events.near(sent, core.root, back=False)
        if event is None:
            event = events.at_place(sent)
        if event is None:
            event = events.near(sent, core.root, back=True)
        if event is not None:
            return None, event
    linked: list[Token] = []
    if head is not None:
        # "3.1 billion euros and Nordic countries 1.8 billion euros": a later item of a list has its own owner
        if head.dep_ in {"conj", "appos"} and head.head.i < core.start:
            between = [t for t in core.doc[head.head.i + 1:core.start] if t.i in index.token_entity]
            if between:
                return index.token_entity[between[-1].i], None
        listed = {t.i for c in head.children if c.dep_ in _LIST_DEPS for t in c.subtree}
        linked += [t for t in head.subtree if t.i not in number_tokens and t.i not in listed]
    verb = clause_head(core.root)
    for prep in verb.children:
        if prep.dep_ in {"prep", "dative"} and prep.lower_ in {"to", "for", "in"}:
            linked += list(prep.subtree)
    # "for victims of the cyclone that hit X": the event the money is for, before the place it names
    event = next((events.mentions[t.i] for t in linked if t.i in events.mentions), None)
    if event is not None:
        return None, event
    entity = next((index.token_entity[t.i] for t in linked if t.i in index.token_entity), None)
    if entity is not None:
        return entity, None
    event = events.near(sent, core.root, back=False)
    if event is not None:
        return None, event
    speakers = _speakers(sent) if not _pronoun_subject(verb) else set()
    clause = [t for t in _clause_tokens(core.root) if t.i in index.token_entity and t.i not in speakers]
    if clause:
        return index.token_entity[clause[0].i], None
    event = events.at_place(sent)
    if event is None:
        event = events.near(sent, core.root, back=True)
    if event is None and category in CASUALTIES:
        event = events.dominant()
    if event is not None:
        return None, event
    others = [t for t in sent if t.i in index.token_entity and t.i not in speakers]
    if others:
        return index.token_entity[min(others, key=lambda t: abs(t.i - core.root.i)).i], None
    return None, None


SPEECH_VERBS = frozenset({"say", "tell", "report", "announce", "state", "claim", "warn", "confirm", "note",
                          "insist", "quote", "accord", "according", "estimate", "believe", "write", "reply"})


def _speakers(sent: SpacySpan) -> set[int]:
    """Tokens naming who speaks in the sentence ("X said", "according to X", "X's spokesman said"): a source is
    not what a figure is about."""
    found: set[int] = set()
    for token in sent:
        if token.lemma_.lower() not in SPEECH_VERBS and token.lower_ not in SPEECH_VERBS:
            continue
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass", "agent"} or (child.dep_ == "prep" and child.lower_ in {"to", "by"}
                                                                  and token.lower_ == "according"):
                found |= {t.i for t in child.subtree}
    return found


def _pronoun_subject(verb: Token) -> bool:
    """ "X says it will provide ...": the speaker is also the subject of the figure's clause."""
    pronouns = {"it", "they", "we", "he", "she"}
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in pronouns for c in verb.children)


def _evidence(article: Article, sent: SpacySpan) -> Span:
    text = sent.text
    begin = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.end_char - (len(text) - len(text.rstrip()))
    return Span.of(article.text, begin, end)


def find_figures(doc: Doc, article: Article, index: EntityIndex) -> tuple[list[Figure], list[Event]]:
    """Every figure the article states (one per figure, restatements merged), and the events they are about."""
    events = _Events(doc, index)
    events.build()
    particles = _particles(doc)
    figures: list[Figure] = []
    keys: dict[tuple, int] = {}
    previous: Number | None = None
    last_count: tuple[int, tuple[Category, str | None]] | None = None  # sentence start, what the count counted
    text = doc_text(doc)
    for number in find_numbers(text, particles=particles):
        if not number.is_figure:
            continue
        converted = _conversion(text, previous, number)
        previous = number
        if converted:
            continue
        core = _tokens(doc, number.core_begin, number.core_end)
        if core is None or not core.text.strip():
            continue
        head = _head_noun(core)
        if _skip(number, core, head):
            continue
        found = _category(number, core, head)
        if found is None and head is None and number.kind == "count" and number.value is not None \
                and core.root.dep_ in _ELLIPSIS_DEPS and last_count is not None \
                and core.sent.start - last_count[0] <= _sentence_gap(doc, last_count[0], core.sent.start):
            found = last_count[1]  # "... 280,000 people lined the streets. Organizers had expected 100,000."
        if found is None:
            continue
        if number.kind == "count" and head is not None:
            last_count = (core.sent.start, found)
        category, unit = found
        approximate = number.approximate or _hedged(core)
        about_entity, about_event = _about(core, head, category, index, events)
        evidence = _evidence(article, core.sent)
        key = (category, number.value, number.max_value, unit, number.text.lower() if number.value is None else None,
               head.lemma_.lower() if head is not None and number.kind == "count"
               and category in {Category.OTHER, Category.PEOPLE} else None)
        if key in keys:
            old = figures[keys[key]]
            if evidence not in old.evidence:
                figures[keys[key]] = Figure(old.value_text, old.category, (*old.evidence, evidence), old.value,
                                            old.max_value, old.unit, old.approximate or approximate,
                                            old.about_entity, old.about_event)
            continue
        keys[key] = len(figures)
        figures.append(Figure(value_text=number.text, category=category, evidence=(evidence,), value=number.value,
                              max_value=number.max_value, unit=unit, approximate=approximate,
                              about_entity=about_entity, about_event=about_event))
    # keep only the events some figure is about, renumbered
    used = sorted({f.about_event for f in figures if f.about_event is not None})
    renumber = {old: new for new, old in enumerate(used)}
    figures = [f if f.about_event is None else _with_event(f, renumber[f.about_event]) for f in figures]
    return figures, [events.events[i] for i in used]


_LIST_DEPS = frozenset({"conj", "cc", "appos"})
_ELLIPSIS_DEPS = frozenset({"dobj", "attr", "oprd"})


def _sentence_gap(doc: Doc, first: int, second: int) -> int:
    """Token distance from sentence ``first`` to ``second`` when ``second`` is the same or the next sentence,
    else -1 (a bare number takes the counted noun of a count in its own or the sentence before)."""
    if first == second:
        return 0
    previous = doc[second - 1].sent.start if second > 0 else -1
    return second - first if previous == first else -1


def _conversion(text: str, previous: Number | None, number: Number) -> bool:
    """ "$1.5bn (£1.2bn)": an amount in brackets right after another is the same money in another currency."""
    return previous is not None and number.kind == previous.kind == "money" \
        and text[previous.end:number.begin].strip() == "(" and text[number.end:number.end + 1] == ")"


def _with_event(figure: Figure, event: int) -> Figure:
    return Figure(figure.value_text, figure.category, figure.evidence, figure.value, figure.max_value, figure.unit,
                  figure.approximate, figure.about_entity, event)
