"""Number expressions in plain text: value, upper bound, unit, hedge, and what kind of number it is.

Pure Python (no spaCy), so that every form can be tested from a table. ``find_numbers(text)`` finds
"380,000", "1.2 million", "$2bn", "$75-million", "two thousand million dollars", "a half-million",
"one-fifth of", "hundreds of thousands", "between 60 and 90", "up to 15-million", "800 kilograms"
and tells figures (counts, money, percentages, amounts, visit counts) from numbers that are not
figures: years, dates, clock times, durations, ages, magnitudes, measurements, ordinals, identifiers.

>>> [(n.text, n.value, n.kind) for n in find_numbers("It cost $2bn in 2011.")]
[('$2bn', 2000000000, 'money'), ('2011', 2011, 'year')]
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

FIGURE_KINDS = frozenset({"count", "money", "percent", "amount", "times"})
_TOKEN = re.compile(r"[ap]\.m\.|U\.S\.|\d+(?:[.,:/]\d+)*|[A-Za-z]+(?:'[a-z]+)?|\S")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}
Num = int | float


def _read(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.lstrip().startswith("//")]


@cache
def vocabulary() -> dict[str, dict[str, dict]]:
    """kind -> word -> entry, from ``number_words.jsonl``."""
    table: dict[str, dict[str, dict]] = {}
    for row in _read("number_words.jsonl"):
        table.setdefault(row["kind"], {})[row["word"]] = row
    return table


@cache
def hedges() -> list[tuple[tuple[str, ...], str]]:
    """Hedge phrases (as word tuples, longest first) and their kind, from ``number_hedges.jsonl``."""
    rows = [(tuple(r["phrase"].split()), r["kind"]) for r in _read("number_hedges.jsonl")]
    return sorted(rows, key=lambda r: -len(r[0]))


@cache
def _hedges_ending_in(word: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """The hedges whose last word is ``word``, in ``hedges()`` order (the only ones that can end before it)."""
    return tuple(h for h in hedges() if h[0][-1] == word)


@cache
def _hedge_last_words() -> frozenset[str]:
    return frozenset(h[0][-1] for h in hedges())


@cache
def _words(kind: str) -> dict[str, dict]:
    return vocabulary().get(kind, {})


@cache
def _openers() -> frozenset[str]:
    """Every lower-cased word that can open a number expression (besides tokens starting with a digit):
    currency symbols, number words, ordinals, vague quantities, "a"/"an" ("a dozen"), "half", "one in"."""
    kinds = ("currency_symbol", "unit", "ten", "ordinal", "vague", "vague_quantifier")
    return frozenset({"a", "an", "one", "half"}.union(*(_words(kind) for kind in kinds)))


def preload() -> None:
    """Read the word and hedge files now."""
    vocabulary()
    hedges()
    _openers()


@dataclass(frozen=True, slots=True)
class Number:
    """One number expression. ``begin``/``end`` cover the value text (hedge words and unit included);
    ``core_begin``/``core_end`` the numeral alone. ``value`` is None for vague quantities."""

    begin: int
    end: int
    text: str
    core_begin: int
    core_end: int
    kind: str
    value: Num | None = None
    max_value: Num | None = None
    unit: str | None = None
    approximate: bool = False

    @property
    def is_figure(self) -> bool:
        return self.kind in FIGURE_KINDS

    @property
    def vague(self) -> bool:
        return self.is_figure and self.value is None


@dataclass(slots=True)
class _Tok:
    text: str
    begin: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


class _Toks:
    """The tokens of a text as three lists; a ``_Tok`` is built only for the tokens a rule looks at."""

    __slots__ = ("begins", "ends", "words")

    def __init__(self, words: list[str], begins: list[int], ends: list[int]) -> None:
        self.words, self.begins, self.ends = words, begins, ends

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, i: int) -> _Tok:
        return _Tok(self.words[i], self.begins[i], self.ends[i])


@dataclass(slots=True)
class _Core:
    """A parsed numeral: tokens [start, stop), raw value and scale."""

    start: int
    stop: int
    value: float | None
    scale: float = 1.0
    words: bool = False
    year: bool = False


def _clean(value: float | None) -> Num | None:
    if value is None:
        return None
    return round(value) if abs(value - round(value)) < 1e-9 else round(value, 6)


class _Scanner:
    def __init__(self, text: str, particles: frozenset[int] = frozenset()) -> None:
        self.text = text
        self.particles = particles
        matches = list(_TOKEN.finditer(text))
        self.toks = _Toks([m.group() for m in matches], [m.start() for m in matches], [m.end() for m in matches])
        self.lows = [word.lower() for word in self.toks.words]  # lower-cased once: every rule asks for them

    # -- token helpers -------------------------------------------------------------------------
    def low(self, i: int) -> str:
        return self.lows[i] if 0 <= i < len(self.lows) else ""

    def adjacent(self, i: int, j: int) -> bool:
        """Token i ends exactly where token j starts."""
        return 0 <= i < len(self.toks) and 0 <= j < len(self.toks) and self.toks.ends[i] == self.toks.begins[j]

    def joined(self, i: int) -> bool:
        """Token i is a hyphen glued to both neighbours ("459-million")."""
        return self.low(i) in {"-", "‐", "–"} and self.adjacent(i - 1, i) and self.adjacent(i, i + 1)

    def sentence_start(self, i: int) -> bool:
        if i == 0:
            return True
        prev = self.toks[i - 1]
        gap = self.text[prev.end:self.toks[i].begin]
        return "\n" in gap or prev.text in {".", "!", "?", ":", "\"", "“", "(", "|"}

    # -- numerals ------------------------------------------------------------------------------
    def digits(self, i: int) -> _Core | None:
        if not 0 <= i < len(self.toks):
            return None
        tok = self.toks[i]
        if not tok.text[0].isdigit():
            return None
        if _THOUSANDS.fullmatch(tok.text):
            value = float(tok.text.replace(",", ""))
        elif _PLAIN.fullmatch(tok.text):
            value = float(tok.text)
        else:
            return None
        core = _Core(i, i + 1, value)
        self._scale(core, money=self.low(i - 1) in _words("currency_symbol"))
        return core

    def _scale(self, core: _Core, *, money: bool) -> None:
        """A scale word after digits: "1.2 million", "$2bn", "$459-million"."""
        j = core.stop
        if self.joined(j) and self.low(j + 1) in _words("scale"):
            j += 1
        word = self.low(j)
        entry = _words("scale").get(word) or _misspelt_scale(word)
        if entry is None:
            return
        if entry.get("attached") and (not self.adjacent(j - 1, j) or not (money or len(word) > 1)):
            return
        core.scale *= entry["value"]
        core.stop = j + 1

    def words(self, i: int) -> _Core | None:
        """Numbers in words: "two million", "one hundred fifty thousand", "a half-million", "a dozen"."""
        units, tens, scales = _words("unit"), _words("ten"), _words("scale")
        j, seq = i, []
        if self.low(i) in {"a", "an"}:
            if self.low(i + 1) == "half" and (self.joined(i + 2) or True) and \
                    self.low(i + 2 + self.joined(i + 2)) in scales:
                k = i + 2 + self.joined(i + 2)
                return _Core(i, k + 1, 0.5 * scales[self.low(k)]["value"], words=True)
            if self.low(i + 1) == "dozen":
                return _Core(i, i + 2, 12, words=True)
            if self.low(i + 1) in scales and not scales[self.low(i + 1)].get("attached"):
                seq.append(1.0)
                j = i + 1
            else:
                return None
        elif self.low(i) == "half" and self.low(i + 1) in {"a", "an"} and self.low(i + 2) in scales:
            return _Core(i, i + 3, 0.5 * scales[self.low(i + 2)]["value"], words=True)
        last = j
        while j < len(self.toks):
            word = self.low(j)
            if word in units or word in tens:
                seq.append(float((units.get(word) or tens[word])["value"]))
            elif word in scales and not scales[word].get("attached") and seq:
                seq.append(-float(scales[word]["value"]))  # negative marks a multiplier
            elif word == "dozen" and seq:
                seq.append(-12.0)
            elif (word == "and" and seq and seq[-1] < 0 and self.low(j + 1) in units | tens) or \
                    (self.joined(j) and seq and self.low(j + 1) in units | tens | scales):
                j += 1
                continue
            else:
                break
            last = j
            j += 1
        if not seq or all(v < 0 for v in seq):
            return None
        core = _Core(i, last + 1, 0.0, words=True)
        positives = [v for v in seq if v >= 0]
        if len(seq) >= 2 and seq[0] >= 10 and seq[0] < 20 and all(v >= 0 for v in seq[1:]) \
                and seq[1] >= 10 and len(positives) <= 3:
            core.value = seq[0] * 100 + sum(seq[1:])  # "nineteen ninety-eight"
            core.year = True
            return core
        total, current = 0.0, 0.0
        for v in seq:
            if v >= 0:
                current += v
            elif -v == 100:
                current = (current or 1) * 100
            elif current == 0 and total and total < -v:
                total *= -v  # "four thousand million"
            else:
                total += (current or 1) * -v
                current = 0
        core.value = total + current
        return core

    def vague(self, i: int) -> _Core | None:
        """ "dozens", "scores of", "hundreds of thousands", "tens of thousands", "several hundred"."""
        vague, scales = _words("vague"), _words("scale")
        word = self.low(i)
        start = i
        if word in _words("vague_quantifier") or (word == "a" and self.low(i + 1) == "few"):
            k = i + 2 if word == "a" else i + 1
            following = self.low(k)
            if (following in scales and not scales[following].get("attached")) or following in vague \
                    or following == "dozen":
                return _Core(start, k + 1, None, words=True)
            return None
        if word not in vague:
            return None
        j = i + 1
        while self.low(j) == "of" and self.low(j + 1) in vague and self.low(j + 1) not in {"dozens", "scores", "tens"}:
            j += 2
        if word in {"scores", "tens"} and (self.low(i + 1) != "of" or (word == "tens" and j == i + 1)):
            return None
        return _Core(start, j, None, words=True)

    def core_at(self, i: int) -> _Core | None:
        return self.digits(i) or self.vague(i) or self.words(i)

    # -- the whole expression ------------------------------------------------------------------
    def scan(self) -> Iterator[Number]:
        i, lows, openers = 0, self.lows, _openers()
        while i < len(self.toks):
            if not (lows[i][:1].isdigit() or lows[i] in openers):
                i += 1  # no expression starts here: the common case, checked without the full rules
                continue
            number = self.expression(i)
            if number is None:
                i += 1
                continue
            yield number[0]
            i = number[1]

    def expression(self, i: int) -> tuple[Number, int] | None:
        """The number expression whose numeral starts at token i, and the token after it."""
        currency = _words("currency_symbol").get(self.low(i))
        symbol_start = i
        if currency and i + 1 < len(self.toks) and self.toks[i + 1].text[0].isdigit():
            i += 1
        elif currency or (self.low(i) == "us" and self.low(i + 1) == "$"):
            return None
        if self.low(i - 1) in _words("currency_symbol"):
            currency = _words("currency_symbol")[self.low(i - 1)]
            symbol_start = i - 1
            if self.low(i - 2) == "us" and self.adjacent(i - 2, i - 1):
                symbol_start = i - 2
        date = self.numeric_date(i)
        if date is not None:
            return date
        core = self.ordinal(i) or self.fraction(i) or self.core_at(i)
        if core is None:
            return None
        if isinstance(core, Number):
            return core, self._index_after(core.end)
        start = symbol_start if currency else core.start
        unit = currency["code"] if currency else None
        kind = "money" if currency else "count"
        max_core: _Core | None = None
        stop = core.stop
        # a range: "150 to 300", "150-300", "between 150 and 300", "$3 to $5 million"
        between = self.low(start - 1) == "between"
        link = self.low(stop)
        if core.value is not None and (link in {"to", "-", "–"} or (link == "and" and between)):
            k = stop + 1
            if self.low(k) in _words("currency_symbol"):
                k += 1
            other = self.digits(k) if not core.words else self.words(k)
            if other is not None and other.value is not None and (link != "-" or self.adjacent(stop - 1, stop)) \
                    and not (link == "to" and self.low(start - 1) == "from"):
                max_core, stop = other, other.stop
                if core.scale == 1 and other.scale > 1:
                    core.scale = other.scale
        # what follows: currency word, percent, unit, time unit...
        after, kind, unit, stop = self.suffix(stop, kind, unit, core)
        value = None if core.value is None else core.value * core.scale
        max_value = None if max_core is None or max_core.value is None else max_core.value * max_core.scale
        if after is not None:
            kind = after
        if kind in FIGURE_KINDS and kind != "money":
            kind = self.context_kind(start, core, stop, kind)
        begin, approximate, upper = self.prefix(start, has_range=max_core is not None)
        if core.value is None:
            approximate = True
        number = Number(
            begin=self.toks[begin].begin, end=self.toks[stop - 1].end,
            text=self.text[self.toks[begin].begin:self.toks[stop - 1].end],
            core_begin=self.toks[core.start].begin, core_end=self.toks[(max_core or core).stop - 1].end,
            kind=kind, value=_clean(value), max_value=_clean(max_value), unit=unit,
            approximate=approximate or upper or max_core is not None)
        return number, stop

    def prefix(self, start: int, *, has_range: bool) -> tuple[int, bool, bool]:
        """Hedge words before token ``start``: (first token of the value text, approximate, upper bound).
        One hedge, optionally preceded by "only"/"just"; verb particles ("hand over") are no hedges."""
        begin, approximate, upper, hedged = start, False, False, False
        while True:
            if not hedged and self.low(begin - 1) == "than":
                begin = begin - 2 if begin >= 2 and self.toks[begin - 2].text.isalpha() else begin - 1
                if self.low(begin - 1) in {"no", "not"}:  # "no more than 200": a bound, in the value text
                    begin -= 1
                approximate, hedged = True, True
                continue
            for words, kind in _hedges_ending_in(self.low(begin - 1)):
                n = len(words)
                if begin - n < 0 or tuple(self.low(k) for k in range(begin - n, begin)) != words:
                    continue
                if (kind == "range" and not has_range) or (hedged and kind != "keep") \
                        or self.toks[begin - n].begin in self.particles:
                    continue
                begin -= n
                hedged = hedged or kind != "keep"
                approximate = approximate or kind == "approximate"
                upper = upper or kind == "upper"
                break
            else:
                return begin, approximate, upper

    def numeric_date(self, i: int) -> tuple[Number, int] | None:
        """ "2003-04-09", "2005-1-7", "17/05/2010": digits joined by two dashes or slashes."""
        tok = self.toks[i]
        if not tok.text[:1].isdigit():
            return None
        if tok.text.count("/") == 2 or ":" in tok.text:
            kind = "time" if ":" in tok.text else "date"
            return Number(tok.begin, tok.end, tok.text, tok.begin, tok.end, kind), i + 1
        if all(self.low(i + k) in {"-", "/"} and self.adjacent(i + k - 1, i + k) and self.adjacent(i + k, i + k + 1)
               and self.low(i + k + 1)[:1].isdigit() for k in (1, 3)):
            begin, end = self.toks[i].begin, self.toks[i + 4].end
            return Number(begin, end, self.text[begin:end], begin, end, "date"), i + 5
        return None

    def _index_after(self, char: int) -> int:
        return bisect_left(self.toks.begins, char)

    def ordinal(self, i: int) -> Number | None:
        """ "third", "3rd": an ordinal; "the third time" counts times (value 3)."""
        tok = self.toks[i]
        stop = i + 1
        if tok.text[0].isdigit() and self.low(i + 1) in _ORDINAL_SUFFIX and self.adjacent(i, i + 1) \
                and _PLAIN.fullmatch(tok.text):
            value: float = float(tok.text)
            stop = i + 2
        elif tok.low in _words("ordinal") and not ((self.low(i - 1) in _words("unit") or self.low(i - 1) in {"a", "-"})
                                                    and self.low(i + 1) == "of"):
            if self.low(i + 1) == "of" and tok.low in _words("fraction") and self.low(i - 1) not in {"the"}:
                return None
            value = float(_words("ordinal")[tok.low]["value"])
        else:
            return None
        kind = "ordinal"
        if self.low(stop) in {"time", "times"}:
            kind, stop = "times", stop + 1
        elif self.low(stop) in _words("month") or self.low(i - 1) in _words("month") or \
                (self.low(stop) == "of" and self.low(stop + 1) in _words("month")):
            kind = "date"
        return Number(tok.begin, self.toks[stop - 1].end, self.text[tok.begin:self.toks[stop - 1].end],
                      tok.begin, self.toks[stop - 1].end, kind, value=_clean(value))

    def fraction(self, i: int) -> Number | None:
        """ "a quarter of", "one-fourth of", "two-thirds of", "half of": a share, in percent."""
        fractions = _words("fraction")
        share = self.one_in(i)
        if share is not None:
            return share
        k = i
        if self.low(i) in {"a", "an", "one"} or self.low(i) in _words("unit"):
            count = 1.0 if self.low(i) in {"a", "an"} else float(_words("unit")[self.low(i)]["value"])
            k = i + 1 + self.joined(i + 1)
        elif self.low(i) == "half":
            count = 1.0
        else:
            return None
        word = self.low(k)
        if word not in fractions or self.low(k + 1) != "of" or (word == "half" and k != i and self.low(i) != "one"):
            return None
        if word == "second":
            return None
        value = count * fractions[word]["value"]
        begin, approximate, _ = self.prefix(i, has_range=False)
        tok = self.toks[begin]
        end = self.toks[k].end
        return Number(tok.begin, end, self.text[tok.begin:end], self.toks[i].begin, end, "percent",
                      value=_clean(value), approximate=approximate)

    def one_in(self, i: int) -> Number | None:
        """ "one in five children", "1 in 10 adults": a share, in percent (100 / 5)."""
        if self.low(i) not in {"one", "1"} or self.low(i + 1) != "in":
            return None
        core = self.digits(i + 2) or self.words(i + 2)
        if core is None or core.value is None or core.year or core.stop != i + 3 \
                or not 1 < core.value * core.scale <= 1000 or core.value * core.scale % 1:
            return None
        begin, approximate, _ = self.prefix(i, has_range=False)
        tok = self.toks[begin]
        end = self.toks[i + 2].end
        return Number(tok.begin, end, self.text[tok.begin:end], self.toks[i].begin, end, "percent",
                      value=_clean(100 / (core.value * core.scale)), approximate=approximate)

    def suffix(self, stop: int, kind: str, unit: str | None, core: _Core) -> tuple[str | None, str, str | None, int]:
        """Words after the numeral that say what it is: (kind override, kind, unit, new stop)."""
        word = self.low(stop)
        nxt = self.low(stop + 1)
        two = f"{word} {nxt}"
        if core.value is None and word == "of" and nxt in _words("currency_word"):
            return None, "money", _currency_code(nxt), stop + 2
        if core.value is None:
            if word in _words("time_unit") or (word == "of" and nxt in _words("time_unit")):
                return "duration", kind, unit, stop
            return None, kind, unit, stop
        if two in _words("currency_word"):
            return None, "money", _currency_code(two), stop + 2
        if word in _words("currency_word") and not (word == "dollar" and self.joined(stop + 1)):
            return None, "money", _currency_code(word), stop + 1
        if word == "u.s." and nxt in {"dollars", "dollar"}:
            return None, "money", "USD", stop + 2
        if word in _words("currency_word_scaled") and core.value * core.scale >= 1000000:  # "45 million pounds"
            return None, "money", _words("currency_word_scaled")[word]["code"], stop + 1
        if word == "%" or word in _words("percent"):
            return None, "percent", None, stop + 1
        if two in _words("percent"):
            return None, "percent", None, stop + 2
        if kind == "money":
            return None, kind, unit, stop
        if self.joined(stop):
            if nxt in _words("time_unit") or nxt == "year":
                return ("age" if self.low(stop + 3) == "old" else "duration"), kind, unit, stop
            if nxt in _words("magnitude"):
                return "magnitude", kind, unit, stop
            if nxt in _words("measure"):
                return "measure", kind, unit, stop
            if nxt in _words("attribute") and self.low(stop + 2).isalpha():
                return "attribute", kind, unit, stop  # "a ten-member bloc", "a 12-point plan": a property
        if word in _words("time_unit"):
            return ("age" if nxt == "old" or (two == "years of" and self.low(stop + 2) == "age") else "duration"), \
                kind, unit, stop
        if word in _words("clock") or (word in {"a", "p"} and nxt == "."):
            return "time", kind, unit, stop
        if word in _words("magnitude") and not word.endswith("s"):
            return "magnitude", kind, unit, stop
        if word in _words("amount_unit") and (self.adjacent(stop - 1, stop) or len(word) > 1):
            return None, "amount", _words("amount_unit")[word]["unit"], stop + 1
        if word in _words("measure") and (len(word) > 1 or self.adjacent(stop - 1, stop)):
            return "measure", kind, unit, stop
        if word in _words("month"):
            return "date", kind, unit, stop
        if word == "s" and self.adjacent(stop - 1, stop):
            return "date", kind, unit, stop  # "the 1990s"
        return None, kind, unit, stop

    def context_kind(self, start: int, core: _Core, stop: int, kind: str) -> str:
        """Years, dates, clock times, ages, magnitudes and identifiers, told by the words around."""
        tok = self.toks[core.start]
        prev, prev2 = self.low(start - 1), self.low(start - 2)
        text = tok.text
        if ":" in text or "/" in text:
            return "time" if ":" in text else "date"
        if prev in _words("month") or (prev == "," and prev2 in _words("month")):
            return "date"
        if text[0].isdigit() and (self.low(stop) in {"-", "/"} and self.adjacent(stop - 1, stop)
                                  and self.low(stop + 1)[:1].isdigit()):
            return "date"
        if prev in {"-", "/"} and self.adjacent(start - 1, start) and prev2[:1].isdigit():
            return "date"
        if prev in _words("age_cue") or (prev == "of" and prev2 == "age"):
            return "age"
        if prev in _words("magnitude") or (prev == "-" and prev2 in _words("magnitude")):
            return "magnitude"
        if text[0].isdigit():
            if start > 0 and self.adjacent(start - 1, start) and self.toks[start - 1].text[0].isalpha():
                return "identifier"  # "G7", "MH17"
            if prev == "-" and self.adjacent(start - 1, start) and self.adjacent(start - 2, start - 1) \
                    and self.toks[start - 2].text[:1].isupper():
                return "identifier"  # "F-16", "COVID-19"
            if prev in _words("identifier_cue"):
                return "identifier"
            if start > 0 and self.toks[start - 1].text[:1].isupper() and self.toks[start - 1].text.isalpha() \
                    and not self.sentence_start(start - 1) and prev not in _words("month") \
                    and prev not in _hedge_last_words() and "," not in text:
                return "identifier"  # "Resolution 1701", "Boeing 747"
        if core.year:
            return "year"
        value = core.value
        if value is not None and core.scale == 1 and 1000 <= value <= 2100 and value == int(value):
            plain = text.isdigit() and len(text) == 4
            words_year = core.words and value >= 1900
            if plain or words_year:
                nxt = self.low(stop)
                counted = nxt.isalpha() and nxt.islower() and nxt not in _COUNT_BREAKERS and \
                    self.toks[stop].text.islower()
                cued = prev in _words("year_cue") or prev in _words("month")
                if (words_year and cued) or (plain and (cued or not counted)):
                    return "year"
        return kind


_COUNT_BREAKERS = frozenset({"and", "to", "or", "when", "as", "the", "was", "is", "were", "had", "has", "have",
                             "after", "before", "in", "on", "at", "by", "for", "with", "that", "which", "but",
                             "until", "since", "a", "an", "it", "its", "he", "she", "they", "we", "this"})




def _misspelt_scale(word: str) -> dict | None:
    """A long scale word with one letter missing, doubled or wrong ("milion", "billlion"), as republished
    copies have them."""
    if len(word) < 6 or not word.isalpha():
        return None
    for scale, entry in _words("scale").items():
        if len(scale) >= 7 and scale.isalpha() and _one_edit(word, scale):
            return entry
    return None


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:k] + long[k + 1:] == short for k in range(len(long)))


def _currency_code(word: str) -> str:
    """The ISO code of a currency word, or the word itself when it names several currencies ("kroner")."""
    return _words("currency_word")[word].get("code") or word


def find_numbers(text: str, *, particles: frozenset[int] = frozenset()) -> list[Number]:
    """Every number expression in ``text``, figures and non-figures, in text order. ``particles`` are the
    character offsets of words that a parser found to be verb particles ("add up to", "hand over")."""
    return list(_Scanner(text, particles).scan())


def parse_number(text: str) -> Number | None:
    """The first number expression in ``text`` (a phrase such as "more than 22,000 people")."""
    return next(iter(_Scanner(text).scan()), None)
