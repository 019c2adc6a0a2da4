"""The fast paths of ``scan`` give the same numbers as the plain ones they
replace (speed itself is measured by ``python -m benchmarks.scan_speed``,
not asserted here)."""

from __future__ import annotations

from pathlib import Path

import pytest

import spindetect
from spindetect.resources.phrases import default_phrases
from spindetect.scanning.windows import (
    best_restoration_features,
    candidate_windows,
    cheap_features,
    restoration_features,
)
from spindetect.text import prepare

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


def seed_windows(limit: int = 1500) -> list[tuple[str, ...]]:
    out: dict[tuple[str, ...], None] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        doc = prepare(path.read_text(encoding="utf-8"))
        for a, b in doc.sentences:
            for lo, hi in candidate_windows(doc, a, b):
                out.setdefault(doc.forms[lo:hi], None)
    # plus windows a spinner makes, whose restorations are attested
    for w in [("profound", "learning"), ("counterfeit", "consciousness"), ("flag", "to", "clamor")]:
        out.setdefault(w, None)
    return list(out)[:limit]


@pytest.fixture(scope="module")
def resources():
    lex = spindetect.default_lexicon()
    return lex.word_swaps(), default_phrases(), lex.originals()


def test_best_restoration_features_equal_the_ranked_ones(resources):
    swaps, counts, originals = resources
    windows = seed_windows()
    assert len(windows) > 500
    for w in windows:
        prior = cheap_features(w, swaps, counts)["max_spin_prior"]
        expected, _ = restoration_features(w, swaps, counts, originals, prior)
        assert best_restoration_features(w, swaps, counts, originals, prior) == expected, w


def test_scan_is_deterministic_and_reports_suggestions():
    text = (SEEDS.glob("002_*.txt").__next__()).read_text(encoding="utf-8")
    first, second = spindetect.Scanner().scan(text), spindetect.Scanner().scan(text)
    assert first.to_dict() == second.to_dict()
    assert all(p.suggestions for p in first.phrases if p.kind == "pattern")


def test_context_features_many_equal_one_at_a_time(resources):
    from spindetect.scanning.windows import DocContext, context_features, context_features_many, context_plan

    swaps = resources[0]
    for path in sorted(SEEDS.glob("*.txt")):
        doc = prepare(path.read_text(encoding="utf-8"))
        spans = [(lo, hi) for a, b in doc.sentences for lo, hi in candidate_windows(doc, a, b)]
        ctx = DocContext(doc)
        occurrences = [(lo, hi, doc.forms[lo:hi], context_plan(doc.forms[lo:hi], swaps)) for lo, hi in spans]
        many = context_features_many(ctx, occurrences)
        assert len(many) == len(occurrences) > 100
        for (lo, hi, window, plan), (features, centroid) in zip(occurrences, many):
            expected, expected_centroid = context_features(ctx, lo, hi, window, swaps, plan)
            assert features == expected
            assert (centroid is None) == (expected_centroid is None)
            if centroid is not None:
                assert centroid.dtype == expected_centroid.dtype and (centroid == expected_centroid).all()
