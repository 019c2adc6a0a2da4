"""The fast paths of ``scan`` give the same numbers as the plain ones they
replace (speed itself is measured by ``python -m benchmarks.scan_speed``,
not asserted here)."""

from __future__ import annotations

from pathlib import Path

import pytest

import spindetect
from spindetect.resources.phrases import default_phrases
from spindetect.scanning.window_stage import best_restoration_features
from spindetect.scanning.windows import (
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
    from spindetect.scanning.surroundings import context_features_many
    from spindetect.scanning.windows import DocContext, context_features, context_plan

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
            assert dict(zip(("context_known", "context_fit", "context_gain"), features)) == expected
            assert (centroid is None) == (expected_centroid is None)
            if centroid is not None:
                assert centroid.dtype == expected_centroid.dtype and (centroid == expected_centroid).all()


def test_cheap_rows_and_plans_equal_the_one_window_functions(resources):
    from spindetect.scanning.verdict import CHEAP_FEATURE_NAMES
    from spindetect.scanning.window_stage import WordTable, cheap_rows, word_stats
    from spindetect.scanning.windows import context_plan

    swaps, counts, _ = resources
    windows = seed_windows() + [("state-of-the-art", "profound", "learning", "models"), ("learning",)]
    table = WordTable(swaps, counts)
    rows = cheap_rows(windows, table)
    again = cheap_rows(windows, table)  # from the table's entries this time
    for w, row, row2 in zip(windows, rows, again, strict=True):
        expected = cheap_features(w, swaps, counts)
        assert row == row2 == [expected[n] for n in CHEAP_FEATURE_NAMES], w
        rows_of, groups = table.plan(w)
        want_rows, want_groups = context_plan(w, swaps)
        assert groups == want_groups and rows_of.tolist() == want_rows.tolist(), w
    assert table.stats["learning"][:4] == word_stats("learning", swaps, counts)
    table.clear()
    assert len(table) == 0


def test_swap_support_bound_holds(resources):
    """No restoration that undoes lexicon swaps is better supported than
    swap_support_bound says (and a window without swaps has none)."""
    from spindetect.scanning.window_stage import restorations, swap_support_bound

    swaps, counts, originals = resources
    checked = 0
    for w in seed_windows(600):
        bound = swap_support_bound(w, swaps, counts, originals)
        swapped = [r.support for r in restorations(w, swaps, counts, originals) if r.swap_count > 0]
        assert max(swapped, default=0.0) <= bound, w
        checked += bool(swapped)
    assert checked > 50


def test_the_upper_bound_holds_whatever_the_restoration_features(resources):
    """window_upper_bounds holds for the real rows, and for the same rows
    with restoration features drawn at random among those a window can
    have (restoration_numbers: a best support s, the window's own support,
    a lexicon swap or not, any Zipf gain), with and without the bound on
    the support of lexicon-swap restorations."""
    import numpy as np

    from spindetect.scanning.verdict import (
        RESTORATION_FEATURES,
        WINDOW_FEATURE_NAMES,
        window_probabilities,
        window_upper_bounds,
    )
    from spindetect.scanning.window_stage import supports, swap_support_bound
    from spindetect.scanning.windows import window_features

    swaps, counts, originals = resources
    windows = seed_windows(400)
    rows = np.asarray([window_features(w, swaps, counts, originals)[0] for w in windows])
    swap_support = np.asarray([swap_support_bound(w, swaps, counts, originals) for w in windows])
    own = np.asarray(supports(windows, counts, originals))
    col = {n: i for i, n in enumerate(WINDOW_FEATURE_NAMES)}
    rng = np.random.default_rng(14)
    # the real rows, then the same rows with restoration features drawn at
    # random within what the window allows
    trials = [rows]
    for _ in range(30):
        r = rows.copy()
        swapped = r[:, col["in_word_swaps"]] > 0
        lexicon = swapped & (rng.random(len(r)) < 0.5)
        best = rng.uniform(0, 12, len(r)) * (rng.random(len(r)) < 0.8)
        best = np.where(lexicon, np.minimum(best, swap_support), best)
        gain = best - own
        restored = (best > own).astype(float)
        r[:, col["best_support"]] = best
        r[:, col["best_support_gain"]] = gain
        r[:, col["best_from_lexicon"]] = lexicon
        r[:, col["best_zipf_gain"]] = rng.uniform(-8, 8, len(r))
        r[:, col["restored"]] = restored
        r[:, col["prior_without_restoration"]] = r[:, col["max_spin_prior"]] * (1.0 - restored)
        r[:, col["gain_from_lexicon"]] = np.maximum(0.0, gain) * lexicon
        trials.append(r)
    for r in trials:
        # the bound ignores the restoration columns: blank them for it
        blank = r.copy()
        blank[:, [col[n] for n in RESTORATION_FEATURES]] = 0.0
        p = window_probabilities(r) - 1e-12
        assert (window_upper_bounds(blank) >= p).all()
        assert (window_upper_bounds(blank, swap_support) >= p).all()
    # and the bound with the swap supports is tighter
    assert (window_upper_bounds(rows, swap_support) <= window_upper_bounds(rows) + 1e-12).all()
    assert (window_upper_bounds(rows, swap_support) < window_upper_bounds(rows) - 0.1).sum() > 20


def _plain_synonyms(word: str) -> tuple[str, ...]:
    """synonyms() as first written: the graph's lemma_names, filtered, lower
    case, sorted by -Zipf (the reference the per-synset cache must equal)."""
    from spindetect.resources.synonyms import MAX_SYNONYMS
    from spindetect.resources.wordnet_graph import get_graph
    from spindetect.resources.words import fast_zipf

    if not word.isalpha() or len(word) < 3:
        return ()
    g = get_graph()
    bases = g.morphy(word, "n") if word.endswith("s") else ()
    plural = bool(bases) and bases[0] != word and word == bases[0] + "s"
    names: dict[str, None] = {}
    for name in g.lemma_names(word):
        if "_" in name or "-" in name or not name.isalpha():
            continue
        name = name.lower()
        if plural:
            name += "s"
        if name != word and name not in names:
            names[name] = None
    return tuple(sorted(names, key=lambda w: -fast_zipf(w))[:MAX_SYNONYMS])


def test_synonyms_equal_the_plain_definition():
    from spindetect.resources.synonyms import synonyms

    words = {w for window in seed_windows(5000) for w in window}
    words |= {"networks", "Networks", "geese", "running", "best", "axes", "a", "x1", "hello-world"}
    assert len(words) > 800
    for w in sorted(words):
        assert synonyms(w) == _plain_synonyms(w), w
