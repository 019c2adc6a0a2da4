"""Short texts: ordinary sentences are not spun, spun ones still are.

``tests/cases/scan_short_texts.json``: one-sentence texts written for this
test (pangrams, idioms, plain news sentences; short sentences with a known
or an unseen tortured phrase). "The quick brown fox jumps over the lazy dog."
used to come out spun with P(spun) 1.00: in a nine-word text the
surroundings of "lazy dog" were four word vectors, whose centroid made
"dog" look out of place, and the window model (trained on windows with
20-60 known words around them) flagged the phrase. A window's context now
needs :data:`~spindetect.scanning.surroundings.MIN_CONTEXT_WORDS` known words,
else it is read as unknown.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import spindetect
from spindetect.resources.language_model import INSTALL_MODEL, available_judge
from spindetect.scanning.surroundings import MIN_CONTEXT_WORDS, DocContext
from spindetect.text import prepare

CASES = json.loads((Path(__file__).parent / "cases" / "scan_short_texts.json").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def scanner():
    return spindetect.Scanner()


def _ids(case: dict) -> str:
    return f"{case['expected']}-{case['kind']}:{case['text'][:40]}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_short_text_label(scanner, case):
    _check(scanner.scan(case["text"]), case)


@pytest.mark.judge
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_short_text_label_with_the_judge(scanner, case):
    if available_judge() is None:
        pytest.skip(f"the language-model judge is not installed: {INSTALL_MODEL}")
    _check(scanner.scan(case["text"]), case)


def _check(report, case: dict) -> None:
    assert report.label == case["expected"], (report.probability, [p.text for p in report.phrases])
    if case["expected"] == "clean":
        assert report.probability < report.threshold
    else:
        assert report.phrases, "a spun sentence is spun because of a phrase"


def test_a_handful_of_words_is_no_context():
    doc = prepare("The quick brown fox jumps over the lazy dog.")
    lo = doc.forms.index("lazy")
    assert DocContext(doc).centroid(lo, lo + 2, exclude=("lazy", "dog")) is None
    # the same window with surroundings enough
    long = prepare(
        "The quick brown fox jumps over the lazy dog while the farmer watches from the barn, the children play "
        "in the garden near the old stone wall, the cat sleeps on the warm roof of the shed, and the neighbours "
        "talk about the weather, the harvest, the market prices and the new road to the village."
    )
    lo = long.forms.index("lazy")
    ctx = DocContext(long)
    assert ctx.counts[-1] > MIN_CONTEXT_WORDS
    assert ctx.centroid(lo, lo + 2, exclude=("lazy", "dog")) is not None
