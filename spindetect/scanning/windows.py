"""Window features: is this two- or three-word phrase a spinner's work?

:func:`spindetect.scan` looks at every short content-word window of a text
("profound learning", "flag to clamor") and asks whether a spinner made it.
No source is at hand, so the evidence is statistical:

* **Attestation.** Does clean English use the phrase? Counted in the shipped
  collocation counts (:mod:`spindetect.resources.phrases`, 0.9 M words of news,
  encyclopedia and science text) and in the 242,342 commonest English word
  bigrams of the Google Books Ngram corpus that the ``symspellpy`` package
  ships (its ``frequency_bigramdictionary_en_243_342.txt``).
* **Surprise of absence.** A missing bigram of two common words ("profound
  learning": Zipf 4.2 and 5.0) says much more than one of two rare words
  ("multi-microphone speech"): the expected count of an unremarkable pairing
  of common words is high enough to be in the list.
* **Restoration.** Putting back a word that spinners are known to replace
  (the word swaps of the :class:`~spindetect.resources.lexicon.Lexicon`) or a WordNet
  synonym gives a phrase that clean English does use ("deep learning").
* **Spinner-typical words**: how often the lexicon has a word as a
  replacement against how common it is.

:func:`window_features` turns one window into the numbers of
:data:`WINDOW_FEATURE_NAMES`; a linear model trained by
``devtools/train_windows.py`` (``spindetect/data/model_windows.json``)
turns them into P(spun window). This module is the definition, one window
at a time; its parts live in :mod:`~spindetect.scanning.window_stage`
(windows, words, restorations, and the same features for many windows at
once, which ``scan`` uses) and :mod:`~spindetect.scanning.surroundings`
(context vectors).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..resources.phrases import PhraseCounts
from ..resources.words import fast_zipf, web_bigrams
from .surroundings import CONTEXT_RADIUS, DocContext, dot64, rank_in_context
from .verdict import CHEAP_FEATURE_NAMES, CONTEXT_FEATURES, RESTORATION_FEATURES, WINDOW_FEATURE_NAMES
from .window_stage import (
    WEB_MIN_LOG10,
    Restoration,
    alternatives,
    candidate_windows,
    context_plan,
    dropped_before_model,
    restoration_numbers,
    restorations,
    support,
    word_stats,
)

__all__ = [
    "CHEAP_FEATURE_NAMES",
    "CONTEXT_FEATURES",
    "CONTEXT_RADIUS",
    "RESTORATION_FEATURES",
    "WINDOW_FEATURE_NAMES",
    "DocContext",
    "Restoration",
    "alternatives",
    "candidate_windows",
    "cheap_features",
    "context_features",
    "context_plan",
    "dropped_before_model",
    "rank_in_context",
    "restoration_features",
    "restorations",
    "window_features",
]


def cheap_features(
    window: tuple[str, ...],
    swaps: Mapping[str, Any],
    counts: PhraseCounts,
    cache: dict[str, tuple[float, float, float, float]] | None = None,
) -> dict[str, float]:
    """The features of a window that need no restorations. ``cache`` keeps
    :func:`word_stats` per word (valid for one lexicon and one set of counts)."""
    min_zipf = max_prior = min_use = max_gain = None
    in_swaps = False
    for w in window:
        if not w.isalpha():
            continue
        st = cache.get(w) if cache is not None else None
        if st is None:
            st = word_stats(w, swaps, counts)
            if cache is not None:
                cache[w] = st
        if min_zipf is None:
            min_zipf, max_prior, min_use, max_gain = st
        else:
            min_zipf, max_prior = min(min_zipf, st[0]), max(max_prior, st[1])
            min_use, max_gain = min(min_use, st[2]), max(max_gain, st[3])
        in_swaps = in_swaps or w in swaps
    web = web_bigrams().get
    # each word bigram's web attestation (log10 count, 0 if absent) once:
    # the window's is the smallest (what web_attestation gives: 0 as soon as one is absent)
    pairs = [(pair, web(pair, 0.0)) for pair in zip(window, window[1:])]
    web_att = min(v for _, v in pairs) if pairs else 0.0
    # Absence surprise: for each missing bigram of two words, how common the
    # two words are (sum of Zipf values, 0 when present).
    surprise = 0.0
    for (a, b), v in pairs:
        if not v:
            surprise = max(surprise, fast_zipf(a) + fast_zipf(b) - 6.0)
    return {
        "clean_log_count": math.log1p(counts.count(window)),
        "web_attested": 1.0 if web_att else 0.0,
        "web_log_count": (web_att - WEB_MIN_LOG10 + 1.0) if web_att else 0.0,
        "absence_surprise": max(0.0, surprise),
        "min_zipf": min_zipf if min_zipf is not None else 0.0,
        "max_spin_prior": max_prior if max_prior is not None else 0.0,
        "in_word_swaps": 1.0 if in_swaps else 0.0,
        "trigram": 1.0 if len(window) == 3 else 0.0,
        # How much clean text uses the window's words, and how much more it
        # uses an alternative of one of them (spinners pick words the domain avoids).
        "min_word_use": min_use if min_use is not None else 0.0,
        "synonym_use_gain": max_gain if max_gain is not None else 0.0,
    }


def restoration_features(
    window: tuple[str, ...],
    swaps: Mapping[str, Any],
    counts: PhraseCounts,
    originals: frozenset[tuple[str, ...]],
    prior: float,
) -> tuple[dict[str, float], list[Restoration]]:
    """The features of :data:`RESTORATION_FEATURES`, and the restorations."""
    cands = restorations(window, swaps, counts, originals)
    own = support(window, counts, originals)
    best = cands[0][:3] if cands else (window, 0.0, 0)
    return restoration_numbers(window, best, own, prior), cands


def context_features(
    ctx: DocContext, lo: int, hi: int, window: tuple[str, ...], swaps: Mapping[str, Any], plan: Any = None
) -> tuple[dict[str, float], Any]:
    """How well the window's words fit their surroundings, and how much better
    an alternative of one of them would; and the centroid used. ``plan`` is
    :func:`context_plan` of the window (computed here if not given)."""
    rows, groups = plan if plan is not None else context_plan(window, swaps, ctx.vectors)
    c = ctx.centroid(lo, hi, exclude=window)
    if c is None or not groups:
        return {"context_known": 0.0, "context_fit": 0.0, "context_gain": 0.0}, c
    # the same dot products as ctx.fit, row by row (see _dot64)
    dots = dot64(ctx.vectors.matrix[rows], c)
    fits = [dots[a] for a, _ in groups]
    gain = max((max(dots[a + 1 : b]) - dots[a] for a, b in groups if b > a + 1), default=0.0)
    return {
        "context_known": 1.0,
        "context_fit": min(fits),
        "context_gain": max(0.0, gain),
    }, c


def window_features(
    window: tuple[str, ...],
    swaps: Mapping[str, Any],
    counts: PhraseCounts,
    originals: frozenset[tuple[str, ...]],
    context: tuple[DocContext, int, int] | None = None,
) -> tuple[list[float], list[Restoration]]:
    """The numbers of :data:`WINDOW_FEATURE_NAMES` for one window of
    lower-case tokens, and its candidate restorations (best first).
    ``context`` is the document's :class:`DocContext` and the window's token
    range; without it the context features are 0 (unknown)."""
    f = cheap_features(window, swaps, counts)
    more, cands = restoration_features(window, swaps, counts, originals, f["max_spin_prior"])
    f.update(more)
    if context is not None:
        ctx, lo, hi = context
        cf, centroid = context_features(ctx, lo, hi, window, swaps)
        cands = rank_in_context(cands, window, ctx, centroid)
    else:
        cf = {"context_known": 0.0, "context_fit": 0.0, "context_gain": 0.0}
    f.update(cf)
    return [f[n] for n in WINDOW_FEATURE_NAMES], cands
