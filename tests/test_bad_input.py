"""Every public entry point answers bad input with a clear error or a valid result."""

from __future__ import annotations

import random
import time

import pytest

import spindetect

GOOD = "The Biden administration and NATO told Russia on Wednesday there will be no concessions."


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (None, TypeError, "a must be str, not NoneType"),
        (b"The firm said so.", TypeError, "decode it first"),
        (3.14, TypeError, "not float"),
        ("", ValueError, "a is empty"),
        ("   \n  ", ValueError, "a is empty"),
        ("\x00\x01\x02" * 100, ValueError, "binary"),
        ("1234 5678", ValueError, "no letters"),
    ],
    ids=["none", "bytes", "number", "empty", "whitespace", "binary", "digits-only"],
)
def test_score_rejects_bad_first_argument(value, error, match):
    with pytest.raises(error, match=match):
        spindetect.score(value, GOOD)


def test_score_names_the_second_argument():
    with pytest.raises(TypeError, match="^b must be str"):
        spindetect.score(GOOD, None)


def test_binary_junk_decoded_as_latin1_is_rejected_or_scored():
    rng = random.Random(0)
    junk = bytes(rng.randrange(256) for _ in range(5000)).decode("latin-1")
    try:
        report = spindetect.score(junk, GOOD)
    except ValueError as exc:
        assert "binary" in str(exc)
    else:
        assert report.label in spindetect.LABELS


def test_html_page_is_scored_as_text():
    page = (
        "<html><head><style>p {color: red}</style><script>alert('x')</script></head><body>"
        f"<h1>News</h1><p>{GOOD}</p><p>Post a Comment</p></body></html>"
    )
    report = spindetect.score(page, GOOD)
    assert report.label == "copy"
    assert report.coverage > 0.5


def test_non_english_text_is_refused_naming_the_side():
    german = (
        "Die Regierung und die NATO haben Russland am Mittwoch mitgeteilt, dass es keine Zugeständnisse geben wird."
    )
    chinese = "美国和北约周三告诉俄罗斯，不会在莫斯科的主要要求上做出让步。"
    for text in (german, chinese):
        with pytest.raises(ValueError, match=r"^a does not look like English"):
            spindetect.score(text, GOOD)
        with pytest.raises(ValueError, match=r"^b does not look like English"):
            spindetect.score(GOOD, text)


@pytest.mark.slow
def test_five_megabytes_of_text(seeds):
    big = (seeds["002"] + "\n") * (5_000_000 // len(seeds["002"]) + 1)
    start = time.process_time()  # CPU time: the bound must hold on a loaded machine
    report = spindetect.score(big, seeds["000"])
    elapsed = time.process_time() - start
    assert report.label in spindetect.LABELS
    assert 0.0 <= report.probability <= 1.0
    assert elapsed < 120, f"5 MB took {elapsed:.0f} s"


@pytest.mark.slow
def test_one_sentence_repeated_ten_thousand_times():
    sentence = "The minister said the agreement would hold for another year. "
    start = time.process_time()  # CPU time: the bound must hold on a loaded machine
    report = spindetect.score(sentence * 10_000, sentence)
    elapsed = time.process_time() - start
    assert report.label == "copy"
    assert elapsed < 60, f"took {elapsed:.0f} s"


def test_too_long_text_is_refused_with_advice():
    from spindetect.text import MAX_CHARS

    with pytest.raises(ValueError, match="split it into documents"):
        spindetect.score("a" * (MAX_CHARS + 1), GOOD)
