"""Combining marks used as disguise (fresh-user trial, bad input finding 1).

Accents sprinkled into English words ("pro\u0301posal", "t\u0307hat") hid a
copy from matching: ``score`` called it a paraphrase or unrelated and
``SourceIndex.find`` found nothing. Real accented text must keep its letters.
"""

from __future__ import annotations

import unicodedata

import pytest

import spindetect
from spindetect.normalization import normalize_with_offsets

#: the kind reported for accents that disguise a word
COMBINING_MARK = "combining mark"

SOURCE = (
    "The committee reviewed the proposal carefully and decided that the new policy would "
    "improve public transport across the city. Several members argued that the budget was "
    "too small, but the chair said the plan could be expanded next year if the results were good."
)

ACUTE, DOT, GRAVE, TILDE = "\u0301", "\u0307", "\u0300", "\u0303"


def _sprinkle(text: str, mark: str, form: str) -> str:
    """``mark`` after the second letter of every word of four letters or more,
    written in Unicode normal form ``form``."""
    words = [w[:2] + mark + w[2:] if len(w) >= 4 and w[:2].isalpha() else w for w in text.split(" ")]
    return unicodedata.normalize(form, " ".join(words))


#: (label, the disguised copy of SOURCE)
DISGUISES = [
    ("acute-decomposed", _sprinkle(SOURCE, ACUTE, "NFD")),
    ("acute-composed", _sprinkle(SOURCE, ACUTE, "NFC")),
    ("dot-above-composed", _sprinkle(SOURCE, DOT, "NFC")),
    ("dot-above-decomposed", _sprinkle(SOURCE, DOT, "NFD")),
    ("stacked-marks", _sprinkle(SOURCE, GRAVE + TILDE + ACUTE, "NFC")),
]


@pytest.mark.parametrize("disguised", [d for _, d in DISGUISES], ids=[n for n, _ in DISGUISES])
def test_marks_sprinkled_in_english_words_are_read_as_the_words(disguised):
    n = normalize_with_offsets(disguised)
    assert n.text == SOURCE
    marks = [o for o, kind in n.disguise if kind == COMBINING_MARK]
    assert marks, n.disguise
    # each reported offset is a mark (or a letter carrying one) of the text as given
    assert all(
        unicodedata.normalize("NFD", disguised[o]) != disguised[o] or disguised[o] in ACUTE + DOT + GRAVE + TILDE
        for o in marks
    )
    # every character points into the text as given: its letter, unaccented, is the normalised one
    for i, c in enumerate(n.text):
        given = unicodedata.normalize("NFD", disguised[n.original(i)])[0]
        assert given == c, (i, c, given)


@pytest.mark.parametrize("disguised", [d for _, d in DISGUISES], ids=[n for n, _ in DISGUISES])
def test_score_calls_a_copy_with_sprinkled_marks_a_copy_and_reports_them(disguised):
    report = spindetect.score(SOURCE, disguised)
    assert report.label == "copy", str(report)
    assert report.disguise.get("b", {}).get(COMBINING_MARK, 0) > 0, report.disguise
    assert "combining mark" in str(report)


@pytest.mark.parametrize("disguised", [d for _, d in DISGUISES], ids=[n for n, _ in DISGUISES])
def test_index_finds_the_source_of_a_copy_with_sprinkled_marks(disguised):
    index = spindetect.SourceIndex()
    index.add("source", SOURCE)
    index.add("other", "Bananas are rich in potassium and grow in warm countries on tall plants with broad leaves.")
    matches = index.find(disguised)
    assert [m.id for m in matches][:1] == ["source"]


@pytest.mark.xfail(
    strict=True,
    reason="wordfreq's English list knows 'région' (Zipf 1.6, French names in English text): its accent is kept",
)
def test_an_accent_that_makes_a_word_english_also_knows_is_kept():
    assert normalize_with_offsets("the committee of the r\u00e9gion").text == "the committee of the region"


def test_scan_reports_marks_that_disguise_words():
    report = spindetect.scan(_sprinkle(SOURCE, ACUTE, "NFC"))
    assert report.disguise.get(COMBINING_MARK, 0) > 0, report.disguise


#: (label, real accented text): every letter must survive, in NFC or NFD
REAL_ACCENTS = [
    (
        "english-loanwords",
        "The naïve café owner in Zürich sent his résumé, déjà vu, to the fiancée of the élite façade maker.",
    ),
    ("french", "L'été dernier, nous sommes allés à la plage près de Nîmes; où était le café? Déjà, l'élève a répondu."),
    ("german", "Die Straße in Zürich führt über die Brücke; für Müller war es schön, größer und länger als gedacht."),
    ("vietnamese", "Thành phố Hồ Chí Minh là thành phố lớn nhất Việt Nam; tôi đã ăn phở và uống cà phê ở đó."),
    ("spanish", "El señor comió una piñata en la ciudad de México; mañana será otro día."),
]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize("text", [t for _, t in REAL_ACCENTS], ids=[n for n, _ in REAL_ACCENTS])
def test_real_accents_keep_their_letters(text, form):
    given = unicodedata.normalize(form, text)
    n = normalize_with_offsets(given)
    # decomposed accents are composed (an NFD copy matches its NFC source), none is dropped
    assert n.text == unicodedata.normalize("NFC", text)
    assert n.disguise == ()
    for i, c in enumerate(n.text):
        assert unicodedata.normalize("NFD", c)[0] == unicodedata.normalize("NFD", given[n.original(i)])[0]


def test_an_nfd_copy_of_an_nfc_text_is_a_copy():
    text = REAL_ACCENTS[0][1] + " " + SOURCE
    report = spindetect.score(unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text))
    assert report.label == "copy"
    assert report.swaps == () or len(report.swaps) == 0
