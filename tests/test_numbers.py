"""Number expressions of every form, figures and non-figures (sentences written for these tests)."""

from __future__ import annotations

import pytest

from kg.extract.numbers import find_numbers, parse_number

# phrase, kind, value, max_value, unit, approximate, value text (None: not checked)
FORMS = [
    ("a crowd of 12,500 people", "count", 12500, None, None, False, "12,500"),
    ("exactly 1,234,567 votes", "count", 1234567, None, None, False, "exactly 1,234,567"),
    ("some 3.5 million voters", "count", 3500000, None, None, True, "some 3.5 million"),
    ("a budget of $4bn", "money", 4000000000, None, "USD", False, "$4bn"),
    ("a fine of $75m", "money", 75000000, None, "USD", False, "$75m"),
    ("a grant of $812-million", "money", 812000000, None, "USD", False, "$812-million"),
    ("a loan of US$ 2.5 billion", "money", 2500000000, None, "USD", False, None),
    ("a bill of €30 million", "money", 30000000, None, "EUR", False, "€30 million"),
    ("nine hundred forty-two million dollars in credit", "money", 942000000, None, "USD", False,
     "nine hundred forty-two million dollars"),
    ("roughly three thousand million euros", "money", 3000000000, None, "EUR", True, None),
    ("seven million yuan", "money", 7000000, None, "CNY", False, None),
    ("tens of millions of dollars", "money", None, None, "USD", True, "tens of millions of dollars"),
    ("billions of dollars in losses", "money", None, None, "USD", True, "billions of dollars"),
    ("three million people", "count", 3000000, None, None, False, "three million"),
    ("about a half-million residents", "count", 500000, None, None, True, "about a half-million"),
    ("half a million tourists", "count", 500000, None, None, False, None),
    ("two hundred thirty-one thousand voters", "count", 231000, None, None, False, None),
    ("one hundred and five miners", "count", 105, None, None, False, "one hundred and five"),
    ("forty-four villages", "count", 44, None, None, False, "forty-four"),
    ("a dozen ships", "count", 12, None, None, False, "a dozen"),
    ("dozens of boats", "count", None, None, None, True, "dozens"),
    ("scores of students", "count", None, None, None, True, "scores"),
    ("hundreds of thousands of farmers", "count", None, None, None, True, "hundreds of thousands"),
    ("Tens of thousands of fans", "count", None, None, None, True, "Tens of thousands"),
    ("Millions more lack water", "count", None, None, None, True, "Millions"),
    ("several hundred protesters", "count", None, None, None, True, "several hundred"),
    ("between 40 and 70 sailors", "count", 40, 70, None, True, "between 40 and 70"),
    ("2 to 5 million dollars", "money", 2000000, 5000000, "USD", True, "2 to 5 million dollars"),
    ("10-15 trucks", "count", 10, 15, None, True, "10-15"),
    ("up to 80,000 workers", "count", 80000, None, None, True, "up to 80,000"),
    ("at least 19 miners", "count", 19, None, None, True, "at least 19"),
    ("more than 7,000 homes", "count", 7000, None, None, True, "more than 7,000"),
    ("nearly 900 buses", "count", 900, None, None, True, "nearly 900"),
    ("far higher than 300 cases", "count", 300, None, None, True, None),
    ("an estimated 60,000 migrants", "count", 60000, None, None, True, "an estimated 60,000"),
    ("unemployment of 7.5 percent", "percent", 7.5, None, None, False, "7.5 percent"),
    ("a rise of 12%", "percent", 12, None, None, False, "12%"),
    ("thirty per cent of voters", "percent", 30, None, None, False, "thirty per cent"),
    ("a quarter of the budget", "percent", 25, None, None, False, "a quarter"),
    ("one-fifth of the harvest", "percent", 20, None, None, False, "one-fifth"),
    ("two-thirds of the seats", "percent", 66.666667, None, None, False, "two-thirds"),
    ("half of the staff", "percent", 50, None, None, False, "half"),
    ("a cargo of 3,400 tonnes", "amount", 3400, None, "tonnes", False, "3,400 tonnes"),
    ("they seized 250 kg of cocaine", "amount", 250, None, "kilograms", False, "250 kg"),
    ("the fifth time she visited", "times", 5, None, None, False, "fifth time"),
    # not figures
    ("It opened in 1987.", "year", 1987, None, None, False, None),
    ("since 2004", "year", 2004, None, None, False, None),
    ("in the spring of nineteen seventy-four", "year", 1974, None, None, False, None),
    ("in March of two thousand nine", "year", 2009, None, None, False, None),
    ("on 3 March 2019", "date", 3, None, None, False, None),
    ("dated 2019-03-03", "date", None, None, None, False, None),
    ("on 12/06/2001", "date", None, None, None, False, None),
    ("in the 1960s", "date", 1960, None, None, False, None),
    ("the 14th of July", "date", 14, None, None, False, None),
    ("at 14:30 local time", "time", None, None, None, False, None),
    ("by 9 p.m.", "time", 9, None, None, False, None),
    ("a 36-hour strike", "duration", 36, None, None, False, None),
    ("for six weeks", "duration", 6, None, None, False, None),
    ("a four-year term", "duration", 4, None, None, False, None),
    ("aged 71", "age", 71, None, None, False, None),
    ("a 23-year-old student", "age", 23, None, None, False, None),
    ("a magnitude 6.1 tremor", "magnitude", 6.1, None, None, False, None),
    ("a 5.4-magnitude quake", "magnitude", 5.4, None, None, False, None),
    ("some 40 kilometres north", "measure", 40, None, None, True, None),
    ("a second round of talks", "ordinal", 2, None, None, False, None),
    ("the 2nd division", "ordinal", 2, None, None, False, None),
    ("a G20 summit", "identifier", 20, None, None, False, None),
    ("Resolution 2334 was passed", "identifier", 2334, None, None, False, None),
]


@pytest.mark.parametrize(("phrase", "kind", "value", "max_value", "unit", "approximate", "text"), FORMS)
def test_number_forms(phrase: str, kind: str, value: float | None, max_value: float | None, unit: str | None,
                      approximate: bool, text: str | None) -> None:
    number = parse_number(phrase)
    assert number is not None
    assert number.kind == kind
    if kind in {"count", "money", "percent", "amount", "times"} or value is not None:
        assert number.value == pytest.approx(value) if value is not None else number.value is None
    assert number.max_value == max_value
    assert number.unit == unit
    assert number.approximate is approximate
    if text is not None:
        assert number.text == text
    assert phrase[number.begin:number.end] == number.text


def test_table_is_large() -> None:
    assert len(FORMS) >= 40


def test_figures_and_non_figures_in_one_text() -> None:
    text = "In 2016, a 6.2 quake killed 298 people over two days; about 4,000 were hurt and $1.2bn was pledged."
    found = [(n.text, n.is_figure) for n in find_numbers(text)]
    assert found == [("2016", False), ("6.2", False), ("298", True), ("over two", False), ("about 4,000", True),
                     ("$1.2bn", True)]


def test_verb_particle_is_no_hedge() -> None:
    text = "They agreed to turn over 600 rifles."
    offset = text.index("over")
    assert find_numbers(text)[0].approximate
    plain = find_numbers(text, particles=frozenset({offset}))[0]
    assert (plain.text, plain.approximate) == ("600", False)


def test_from_to_is_a_change_not_a_range() -> None:
    found = [(n.value, n.max_value) for n in find_numbers("The toll rose from 200 to 300.")]
    assert found == [(200, None), (300, None)]


def test_one_hedge_only() -> None:
    text = "The pledges add up to around nine million dollars."
    plain = find_numbers(text, particles=frozenset({text.index("up")}))[0]
    assert plain.text == "around nine million dollars"


@pytest.mark.parametrize("text", ["It rose to 7,000 to", "between 12 and", "$5 to", "two million to", "40 -"])
def test_a_range_cut_off_at_the_end_of_the_text_is_a_plain_number(text: str) -> None:
    numbers = find_numbers(text)
    assert numbers and all(n.max_value is None for n in numbers)


def test_bounds_dozens_and_range_core() -> None:
    from kg.extract.numbers import find_numbers

    bound = find_numbers("licensed to carry no more than 200 people")[0]
    assert (bound.text, bound.value, bound.approximate) == ("no more than 200", 200, True)
    dozen = find_numbers("a few dozen protesters gathered")[0]
    assert dozen.text == "a few dozen" and dozen.value is None and dozen.approximate
    text = "to send 3,000 to 5,000 more soldiers"
    span = find_numbers(text)[0]
    assert text[span.core_begin:span.core_end] == "3,000 to 5,000"  # the core covers both ends of a range
