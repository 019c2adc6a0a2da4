"""scan gives the same answers as the scan it was measured against.

``tests/cases/scan_sample.json`` holds texts cut from the seed articles,
WordNet-spun copies of them and three abstracts written for it (some with
tortured phrases), with what the scan of the revision named in the file
returned on the fast path (SPINDETECT_JUDGE=0, as the suite runs).
Speed work on ``scan`` must keep these answers: the same label, P(spun)
within 1e-6, the same phrases (text, span, kind, suggestions) with the same
weights within 1e-6. (The large check, on test-split texts of the corpus,
is ``python -m benchmarks.scan_speed``.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import spindetect

SAMPLE = json.loads((Path(__file__).parent / "cases" / "scan_sample.json").read_text(encoding="utf-8"))
TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def scanner():
    return spindetect.Scanner()


@pytest.mark.parametrize("case", SAMPLE["cases"], ids=lambda c: f"{c['source']}:{c['text'][:30]}")
def test_scan_keeps_its_answers(scanner, case):
    report = scanner.scan(case["text"])
    assert report.label == case["label"]
    assert report.probability == pytest.approx(case["probability"], abs=TOLERANCE)
    got = [(p.text, list(p.span), p.kind, list(p.suggestions)) for p in report.phrases]
    assert got == [(p["text"], p["span"], p["kind"], p["suggestions"]) for p in case["phrases"]]
    for p, want in zip(report.phrases, case["phrases"]):
        assert p.weight == pytest.approx(want["weight"], abs=TOLERANCE)


def test_the_sample_covers_both_labels_and_both_kinds_of_phrase():
    cases = SAMPLE["cases"]
    assert {c["label"] for c in cases} == {"spun", "clean"}
    assert {p["kind"] for c in cases for p in c["phrases"]} >= {"lexicon", "pattern"}
