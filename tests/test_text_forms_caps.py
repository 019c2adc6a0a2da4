"""Text in capitals: case is formatting.

Trial finding: ``score(orig, spun.upper())`` said "paraphrase" and
``scan(spun.upper())`` "clean". Forms (and so the alignment) are lower case
already; what case still decides is which words are names: a capitalised
word replaced by another reads as a name corrected, not a rewording, and so
every swap of a text in capitals was taken for a correction (edit_share
0.92 for the spun seed in capitals, 0.007 as written). ``Document.capitals``
marks the stretches written in capitals and ``Document.capitalised`` says
"unknown" (None) there, so that name checks can treat those words as of
unknown case; acronyms in ordinary text keep their case.
"""

from __future__ import annotations

import textwrap

import pytest
from conftest import seed

import spindetect
from spindetect.text import CAPITALS_MIN_WORDS, prepare

SEEDS = ["000", "001", "002", "004"]


@pytest.mark.parametrize("name", SEEDS)
def test_ordinary_text_keeps_its_case(name):
    # The seeds (news with NATO, U.S., AP, a dateline in capitals) have no
    # stretch in capitals: case is read from the text as before.
    doc = prepare(seed(name))
    assert doc.capitals == ()
    assert all(doc.capitalised(t) == doc.text[doc.starts[t]].isupper() for t in range(len(doc)))


@pytest.mark.parametrize("name", SEEDS)
def test_text_in_capitals_has_unknown_case(name):
    for text in (seed(name).upper(), textwrap.fill(seed(name), 22).upper()):
        doc = prepare(text)
        assert doc.capitals == ((0, len(doc)),)
        assert all(doc.capitalised(t) is None for t in range(len(doc)))


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("NASA and the UN said COVID cases rose.", ""),
        ("The US, UK and EU met NATO.", ""),
        ("X.25 SNA SDLC BSC are old protocols.", ""),  # acronyms: no function word
        ("BREAKING NEWS", ""),  # two words: too few to say
        ("NASA said. THE TALKS FAILED, OFFICIALS SAID. Then it rained.", "THE TALKS FAILED, OFFICIALS SAID"),
        ("THE CAT SAT", "THE CAT SAT"),
        ("NASA JPL ESA", "NASA JPL ESA"),  # no lower case anywhere: the whole text is in capitals
    ],
)
def test_stretches_in_capitals(text, unknown):
    doc = prepare(text)
    got = " ".join(doc.surface(a, b) for a, b in doc.capitals)
    assert got == unknown
    assert CAPITALS_MIN_WORDS == 3
    for t in range(len(doc)):
        inside = any(a <= t < b for a, b in doc.capitals)
        assert (doc.capitalised(t) is None) == inside


@pytest.mark.parametrize("name", SEEDS)
def test_a_copy_in_capitals_is_a_copy(name):
    text = seed(name)
    for a, b in ((text, text.upper()), (text.upper(), text)):
        report = spindetect.score(a, b)
        assert report.label == "copy"
        assert report.features["changed_words"] == 0


@pytest.mark.parametrize(("suspect", "label"), [("001", "paraphrase"), ("004", "related")])
def test_capitals_do_not_change_other_labels(suspect, label):
    source, text = seed("002"), seed(suspect)
    assert spindetect.score(source, text).label == label
    assert spindetect.score(source, text.upper()).label == label
    assert spindetect.score(source.upper(), text).label == label


def test_spun_copy_with_both_sides_in_capitals_is_spun():
    # (both sides in capitals: no word looks like a name on either side)
    report = spindetect.score(seed("002").upper(), seed("000").upper())
    assert (report.label, report.spun_side) == ("spun", "b")


@pytest.mark.parametrize("side", ["suspect", "source", "suspect wrapped at 22"])
def test_spun_copy_in_capitals_is_spun(side):
    source, spun = seed("002"), seed("000")
    a, b = {
        "suspect": (source, spun.upper()),
        "source": (source.upper(), spun),
        "suspect wrapped at 22": (source, textwrap.fill(spun, 22).upper()),
    }[side]
    report = spindetect.score(a, b)
    assert (report.label, report.spun_side) == ("spun", "b")
    assert report.features["edit_share"] < 0.1


def test_scan_of_spun_text_in_capitals():
    assert spindetect.scan(seed("000")).label == "spun"
    assert spindetect.scan(seed("000").upper()).label == "spun"


def test_scan_of_clean_text_in_capitals_stays_clean():
    for name in ("001", "002", "004"):
        assert spindetect.scan(seed(name).upper()).label == "clean"
