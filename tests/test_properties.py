"""Hypothesis properties of score(): copies, bounds, determinism, replay."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spindetect
from spindetect.scoring.align import align
from spindetect.text import prepare

WORDS = st.sampled_from(
    "the a of and officials said firm agency military equipment navy gear Eastern Europe Russia talks "
    "will would might deal crisis war struggle demand requirement quickly rapidly 2022 100,000 U.S. NATO "
    "- -- ( ) , ; Secretary-General Secretary-Basic self- well-known \" ' ... & % $5".split()
)
SENTENCE = (
    st.lists(WORDS, min_size=3, max_size=18)
    .filter(lambda ws: any(w[0].isalpha() for w in ws))
    .map(lambda ws: " ".join(ws).capitalize() + ".")
)
TEXT = st.lists(SENTENCE, min_size=1, max_size=8).map(" ".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(TEXT)
@SETTINGS
def test_a_text_against_itself_is_a_copy(text):
    report = spindetect.score(text, text)
    assert report.label == "copy"
    assert report.density == 0.0
    assert report.swaps == ()


@given(TEXT, TEXT)
@SETTINGS
def test_probability_in_unit_interval_and_deterministic(a, b):
    r1 = spindetect.score(a, b)
    r2 = spindetect.score(a, b)
    assert 0.0 <= r1.probability <= 1.0
    assert r1.label in spindetect.LABELS
    assert r1.to_dict() == r2.to_dict()
    assert (r1.spun_side is None) == (r1.label != "spun")


@given(TEXT, TEXT)
@SETTINGS
def test_replaying_the_alignment_rebuilds_the_suspect(a, b):
    al = align(prepare(a), prepare(b))
    assert al.apply() == list(al.suspect.forms)
    assert al.inverted().apply() == list(al.source.forms)


@given(TEXT, TEXT)
@SETTINGS
def test_swap_spans_point_into_the_texts(a, b):
    report = spindetect.score(a, b)
    src, sus = (a, b) if report.source_side == "a" else (b, a)
    for s in report.swaps:
        assert src[s.source_span[0] : s.source_span[1]] == s.original
        assert sus[s.suspect_span[0] : s.suspect_span[1]] == s.replacement


def test_sentence_without_index_keys_is_still_a_copy():
    # Found by Hypothesis in CI: no content word and no word bigram, so the
    # inverted index proposed nothing; identical sentences now pair directly.
    for text in ('The " the.', "A - a. The the.", "Of, of, of."):
        assert spindetect.score(text, text).label == "copy", text


def test_swaps_of_punctuation_only_phrases():
    # Regression: a swap between "a - b" phrases and a bare hyphen crashed
    # the WordNet look-up (found on an MSRP pair while training).
    from spindetect.scoring.oddness import relation, swap_oddness

    assert relation("fish - chips", "-").relation == "none"
    assert relation("a - b", "- -").relation == "none"
    assert 0.0 <= swap_oddness("well - known", "--")[0] <= 1.0
