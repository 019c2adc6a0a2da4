"""Spinner leftovers (unresolved spintax, article slips, numbers spun to
words before "%") are flagged and count as evidence; clean text with
legitimate braces and bars is not flagged."""

from __future__ import annotations

import pytest

import spindetect
from spindetect.scanning.leftovers import (
    MIN_ARTICLE_SLIPS,
    SPINTAX_PROBABILITY,
    find_leftovers,
    leftover_log_odds,
    with_leftovers,
)
from spindetect.text import prepare


def leftovers(text: str) -> list[tuple[str, str]]:
    doc = prepare(text)
    swaps = spindetect.default_lexicon().word_swaps()
    return [(lo.kind, doc.text[lo.span[0] : lo.span[1]]) for lo in find_leftovers(doc, (), swaps)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Keep your {energy|vitality|get up and go} steady.", [("spintax", "{energy|vitality|get up and go}")]),
        ("Eat a {good|great|wonderful} breakfast.", [("spintax", "{good|great|wonderful}")]),
        (
            "It can cause an unsafe decline | slide | decrease | fall in your blood sugar.",
            [("spintax", "decline | slide | decrease | fall")],
        ),
        ("Then eighty three% of workers snack.", [("number_percent", "eighty three%")]),
        ("It was a easy win and an big deal.", [("article", "a easy"), ("article", "an big")]),
        ("A apple a day.", [("article", "A apple")]),
        # nested spintax, one level deep (trial 33: scanned clean)
        ("Get a {{free|complimentary}|no-cost} packet.", [("spintax", "{{free|complimentary}|no-cost}")]),
        ("Get a {no-cost|{free|complimentary}} packet.", [("spintax", "{no-cost|{free|complimentary}}")]),
    ],
    ids=[
        "braces",
        "braces-thesaurus",
        "bare-bars",
        "number-percent",
        "article-slips",
        "sentence-start",
        "nested-first",
        "nested-last",
    ],
)
def test_leftovers_are_found(text, expected):
    assert leftovers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # articles that are right: sound, not spelling, decides
        "An hour, a university, a one-time fee, a European, a useful tool, an honest man, a unique case.",
        # acronyms and letters are left alone (a NATO base, an FBI agent)
        "An FBI agent met a NATO official and an MBA student near a UFO exhibit; send an sms or a pdf.",
        # "a" that is no article
        "Vitamin a and chlorophyll a differ; if a and b are coprime, plan A works.",
        # code, templates, shell, LaTeX, set notation, JSON
        "def f(x): return {k: v for k, v in x.items() if v | mask}",
        "Render {{ name|upper }} and {% if a|length %} in the template.",
        "Render {{name|title}} or {{ free|complimentary }} in the page.",
        "Use ${VAR:-default} or echo {a,b,c} in bash; in Rust, items.map(|x| x + 1).",
        r"The set \{x \mid x > 0\} and \{a|b\} in LaTeX, and $\{ p | q \}$.",
        "The set {x | x > 0} is open.",
        '{"name": "a|b", "values": [1, 2, 3]}',
        # command usage: the options are not synonyms
        "Run it with --color={auto|always|never} or --format {json|csv|xml}.",
        # tables and menus
        "| name | age | city |\n|------|-----|------|\n| ann | 32 | oslo |",
        "name | age | city\nann | 32 | oslo",
        "Home | About | Contact",
        "Choose red | green | blue from the menu.",
        # numbers and percent written as writers do
        "Some 83% of workers, eighty-three percent, agreed; one in five said 20%.",
    ],
    ids=[
        "right-articles",
        "acronyms",
        "letter-a",
        "python",
        "jinja",
        "jinja-no-spaces",
        "shell-rust",
        "latex",
        "set-notation",
        "json",
        "cli-usage",
        "markdown-table",
        "bar-table",
        "menu",
        "colour-list",
        "percent",
    ],
)
def test_clean_braces_bars_and_articles_are_not_flagged(text):
    assert leftovers(text) == []


def test_one_article_slip_is_a_typo_two_are_evidence():
    one = find_leftovers(prepare("The minister gave a interview to the press on Monday."))
    two = find_leftovers(prepare("The minister gave a interview and a honest answer on Monday."))
    assert [lo.kind for lo in one] == ["article"] and leftover_log_odds(one) == 0.0
    assert len(two) == MIN_ARTICLE_SLIPS and leftover_log_odds(two) > 0.0
    assert with_leftovers(0.3, one) == 0.3
    assert with_leftovers(0.3, two) > 0.3


def test_no_leftovers_change_nothing():
    assert with_leftovers(0.123456789, []) == 0.123456789


def test_spintax_makes_the_text_spun_with_its_reason():
    report = spindetect.scan("Eat a {good|great|wonderful} breakfast every day, doctors say, and drink water.")
    assert report.label == "spun" and report.probability >= SPINTAX_PROBABILITY
    (phrase,) = [p for p in report.phrases if p.kind == "leftover"]
    assert phrase.text == "{good|great|wonderful}"
    assert phrase.evidence[0].startswith("unresolved spintax")
    assert phrase.to_dict()["kind"] == "leftover"


def test_leftovers_leave_the_text_features_alone():
    text = "Keep your {energy|vitality|get up and go} steady until lunch, the dietitian said on Monday."
    plain = text.replace("{energy|vitality|get up and go}", "energy")
    report = spindetect.scan(text)
    assert report.features == spindetect.default_scanner().features(text).features
    assert spindetect.scan(plain).label == "clean"


def test_clean_text_with_braces_and_bars_scans_clean():
    text = (
        'The parser reads a config such as {"mode": "fast", "level": 2} and a filter like a|b.\n'
        "| option | default |\n| mode | fast |\n"
        "In the paper, the set {x | x > 0} is shown to be open, and the shell expands {a,b} before running."
    )
    report = spindetect.scan(text)
    assert not [p for p in report.phrases if p.kind == "leftover"]
