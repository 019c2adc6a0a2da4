"""Window features and the window model behind scan's unknown phrases."""

from __future__ import annotations

import importlib
import math

import pytest

import spindetect
from spindetect.resources import models
from spindetect.resources.lexicon import Lexicon
from spindetect.resources.phrases import PhraseCounts
from spindetect.resources.synonyms import synonyms
from spindetect.resources.words import web_bigrams
from spindetect.scanning import verdict as model
from spindetect.scanning.windows import WINDOW_FEATURE_NAMES, candidate_windows, restorations, window_features
from spindetect.text import prepare

scan_module = importlib.import_module("spindetect.scanning.scanner")


def _demo_lexicon() -> Lexicon:
    lex = Lexicon(name="demo")
    lex.add("profound neural network", "deep neural network")
    lex.add("profound learning", "deep learning")
    lex.add("irregular woodland", "random forest")
    return lex


def test_web_bigrams_are_real_english_counts():
    web = web_bigrams()
    assert len(web) > 200_000
    assert web[("united", "states")] > web[("surface", "area")] > 6.8
    assert ("profound", "learning") not in web


def test_candidate_windows_need_content_ends_and_no_digits():
    doc = prepare("We train a profound learning model on 10 data sets of the signal to noise kind.")
    got = {" ".join(doc.forms[lo:hi]) for a, b in doc.sentences for lo, hi in candidate_windows(doc, a, b)}
    assert "profound learning" in got
    assert "signal to noise" in got
    assert not any(w.split()[0] in {"a", "the", "on", "of"} for w in got)
    assert not any(any(c.isdigit() for c in w) for w in got)


def test_restoration_puts_back_the_swapped_word():
    lex = _demo_lexicon()
    counts = PhraseCounts({("deep", "learning"): 40})
    cands = restorations(("profound", "learning"), lex.word_swaps(), counts, lex.originals())
    best, support, n, _ = cands[0]
    assert best == ("deep", "learning")
    assert support > 0 and n == 2


def test_synonyms_keep_plural_and_skip_multiword():
    syn = synonyms("networks")
    assert syn and all(s.endswith("s") and s.isalpha() for s in syn)
    assert synonyms("of") == ()


def test_window_features_are_finite_and_named():
    lex = _demo_lexicon()
    feats, _ = window_features(("irregular", "woodland"), lex.word_swaps(), PhraseCounts({}), lex.originals())
    assert len(feats) == len(WINDOW_FEATURE_NAMES)
    assert all(math.isfinite(x) for x in feats)


def test_shipped_window_model_ranks_a_tortured_window_above_a_collocation():
    lex = _demo_lexicon()
    counts = PhraseCounts({("deep", "learning"): 40, ("deep",): 300, ("learning",): 500, ("profound",): 3})
    rows = [
        window_features(w, lex.word_swaps(), counts, lex.originals())[0]
        for w in (("profound", "learning"), ("deep", "learning"))
    ]
    p_tortured, p_real = model.window_probabilities(rows)
    assert p_tortured > 0.5 > p_real


def test_scanner_reports_unknown_window_with_suggestion_and_reasons():
    lex = Lexicon(name="demo")
    lex.add("profound neural network", "deep neural network")
    lex.add("profound knowledge", "deep knowledge")
    # with surroundings enough to judge the fit of its words (a nine-word
    # sentence is read without context: see surroundings.MIN_CONTEXT_WORDS)
    report = scan_module.Scanner(lexicon=lex).scan(
        "The authors train a profound learning model on images of handwritten digits and street signs, then "
        "compare its accuracy with that of a linear classifier and a decision tree trained on the same pictures, "
        "and report the error rates on a held-out test set."
    )
    pattern = [p for p in report.phrases if p.kind == "pattern"]
    assert [p.text for p in pattern] == ["profound learning"]
    assert pattern[0].suggestion == "deep learning"
    assert pattern[0].weight >= scan_module.MIN_PATTERN_WEIGHT
    assert any("does not occur" in e or "rare" in e for e in pattern[0].evidence)


def test_scanner_leaves_real_collocations_alone():
    report = scan_module.Scanner().scan(
        "The United States and the European Union signed a trade agreement on Monday, officials said."
    )
    assert [p.text for p in report.phrases if p.kind == "pattern"] == []


def test_window_model_feature_mismatch_is_a_clear_error(monkeypatch):
    clf = models.shipped_model("model_windows.json")
    monkeypatch.setattr(clf, "feature_names", ("something_else",))
    with pytest.raises(RuntimeError, match="devtools.train_windows"):
        model.window_probabilities([[0.0] * len(WINDOW_FEATURE_NAMES)])


@pytest.mark.parametrize(
    "word", ["the", "profound", "learning", "antiquities", "xyzzyq", "Paris", "don't", "naïve", "co2"]
)
def test_fast_zipf_equals_wordfreq(word):
    from spindetect.resources.words import fast_zipf, zipf

    assert fast_zipf(word) == zipf(word)


def test_cascade_passes_what_the_full_model_flags():
    # The cheap first stage must let the tortured window through and may stop the ordinary one.
    lex = _demo_lexicon()
    counts = PhraseCounts({("deep", "learning"): 40, ("deep",): 300, ("learning",): 500, ("profound",): 3})
    from spindetect.scanning.windows import CHEAP_FEATURE_NAMES, cheap_features

    names = list(CHEAP_FEATURE_NAMES)
    row = cheap_features(("profound", "learning"), lex.word_swaps(), counts)
    assert list(model.window_prefilter([[row[n] for n in names]])) == [True]


def test_word_vectors_load_and_know_neighbours():
    from spindetect.resources.words import word_vectors

    vec = word_vectors()
    assert len(vec) > 5000
    assert vec.header["format"] == "spindetect-vectors"
    m, i = vec.matrix, vec.index
    # words that keep company are closer than words that do not
    assert m[i["learning"]] @ m[i["neural"]] > m[i["learning"]] @ m[i["election"]]


def test_context_fit_prefers_the_word_that_belongs():
    from spindetect.scanning.windows import DocContext, context_features, rank_in_context

    text = (
        "We train a neural network with stochastic gradient descent on labelled images. "
        "The cruel error of the network falls as training proceeds, and the model generalises."
    )
    doc = prepare(text)
    ctx = DocContext(doc, min_words=1, min_different=1)  # (a short text: every word counts here)
    lo = doc.forms.index("cruel")
    c = ctx.centroid(lo, lo + 2)
    assert c is not None
    assert ctx.fit("mean", c) > ctx.fit("cruel", c)
    lex = Lexicon(name="demo")
    lex.add("cruel squared error", "mean squared error")
    feats, centroid = context_features(ctx, lo, lo + 2, ("cruel", "error"), lex.word_swaps())
    assert feats["context_known"] == 1.0 and feats["context_gain"] > 0
    cands = [(("harsh", "error"), 0.0, 1, -1.0), (("mean", "error"), 0.0, 1, -1.0)]
    assert rank_in_context(cands, ("cruel", "error"), ctx, centroid)[0][0] == ("mean", "error")


def test_context_of_a_text_without_known_words_is_unknown():
    from spindetect.scanning.windows import DocContext

    doc = prepare("Zxqv plorf.")
    assert DocContext(doc).centroid(0, 2) is None


def test_context_leaves_out_repeats_of_the_window_words():
    # A spinner repeats its replacement through a text; the repeats must not make it fit.
    from spindetect.scanning.windows import DocContext

    # (sentences worded differently: a sentence repeated word for word is no context at all)
    doc = prepare("Profound learning works. Profound learning helps. Profound learning wins.")
    ctx = DocContext(doc, min_words=1, min_different=1)
    with_repeats = ctx.centroid(0, 2)
    without = ctx.centroid(0, 2, exclude=("profound", "learning"))
    assert with_repeats is not None and without is not None
    assert ctx.fit("profound", without) < ctx.fit("profound", with_repeats)
    # positions kept only for the words a scan will exclude: same centroids
    only = DocContext(doc, words={"profound", "learning"}, min_words=1, min_different=1)
    assert (only.centroid(0, 2, exclude=("profound", "learning")) == without).all()


def test_context_plan_gives_the_word_by_word_features(seeds):
    # context_features with a precomputed plan must give exactly what fitting
    # each word and alternative in turn gives.
    from spindetect.scanning.windows import (
        DocContext,
        alternatives,
        candidate_windows,
        context_features,
        context_plan,
    )

    swaps = spindetect.default_lexicon().word_swaps()
    doc = prepare(seeds["000"])
    ctx = DocContext(doc)
    checked = 0
    for a, b in doc.sentences[:20]:
        for lo, hi in candidate_windows(doc, a, b):
            window = tuple(doc.forms[lo:hi])
            feats, c = context_features(ctx, lo, hi, window, swaps, context_plan(window, swaps))
            fits, gain = [], 0.0
            for w in window:
                f = ctx.fit(w, c) if w.isalpha() else None
                if f is None:
                    continue
                fits.append(f)
                for alt in alternatives(w, swaps):
                    fa = ctx.fit(alt, c)
                    gain = gain if fa is None else max(gain, fa - f)
            assert feats["context_known"] == (1.0 if fits else 0.0)
            assert feats["context_fit"] == (min(fits) if fits else 0.0)
            assert feats["context_gain"] == gain
            checked += 1
    assert checked > 50


def test_known_terms_support_restorations():
    # A part of a known original, or a WordNet multi-word term, attests a
    # restoration that the clean counts are too small to hold.
    from spindetect.scanning.window_stage import KNOWN_TERM_SUPPORT, support, wordnet_term

    originals = frozenset({("zorbic", "flux", "lattice")})
    empty = PhraseCounts({})
    assert support(("zorbic", "flux"), empty, originals) == KNOWN_TERM_SUPPORT
    assert support(("zorbic", "lattice"), empty, originals) == 0.0
    assert wordnet_term(("artificial", "intelligence")) and not wordnet_term(("profound", "learning"))


def testwordnet_term_precheck_agrees_with_the_graph():
    # The fast pre-check must never change the answer of the morphology look-up.
    from spindetect.resources.wordnet_graph import get_graph
    from spindetect.scanning.window_stage import wordnet_term

    g = get_graph()
    keys = sorted(k for k in g.lemma_names("network") + g.lemma_names("attorney general") if "_" in k)
    phrases = [tuple(k.lower().split("_")) for k in keys]
    phrases += [("neural", "networks"), ("attorneys", "general"), ("profound", "learning"), ("deep", "learning")]
    for p in phrases:
        if all(w.isalpha() for w in p):
            assert wordnet_term(p) == ("_".join(p) in g), p
    assert "neural" in g.multiword_heads()


def test_multiword_precheck_never_rejects_awordnet_term():
    # Exhaustive over WordNet: every multi-word lemma, every exception form
    # and every inflection the morphology rules map back to a lemma must pass
    # the pre-check (a False from it skips the real look-up).
    from spindetect.resources.wordnet_graph import MORPHOLOGICAL_SUBSTITUTIONS, get_graph

    g = get_graph()
    forms = set(g._multiword_forms())
    for key in list(forms):
        for rules in MORPHOLOGICAL_SUBSTITUTIONS.values():
            for old, new in rules:
                if key.endswith(new):
                    forms.add(key[: len(key) - len(new)] + old)
    missed = [f for f in forms if not g.may_be_multiword(f.split("_")) and f in g]
    assert len(forms) > 100_000 and missed == []
    assert not g.may_be_multiword(("profound", "learning"))
    assert g.may_be_multiword(("neural", "networks")) and ("neural_networks" in g)
