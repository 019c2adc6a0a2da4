"""The verdict: features in, label and P(spun) out. One function decides.

This is the 0.1 rule set: a hand-set logistic score over the alignment
features, with structural gates for "copy", "related" and "unrelated". It is
kept in :func:`decide` so that a trained classifier can replace it without
touching anything else.

How the constants were set: by hand, looking at the seed articles (spun
copy 000, fluent rewrite 001, AP original 002, independent report 004) and
a handful of BBC articles as unrelated texts. They are not measured values;
the benchmark in ``benchmarks/`` is where accuracy is measured.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .lexicon import Lexicon
from .swaps import Swap

__all__ = ["MODEL_ID", "decide", "direction"]

MODEL_ID = "rules-0.1"

#: Below this share of the shorter text in aligned sentences, the texts are
#: not rewrites of each other; they are "related" or "unrelated".
MIN_REWRITE_COVERAGE = 0.5

#: Rarity-weighted cosine of the content words at or above which two texts
#: that are not rewrites are "related" (same story): the seed articles score
#: 0.7-0.8 against each other, BBC articles of one category 0.0-0.1.
RELATED_TOPIC_SIMILARITY = 0.25

#: At most this share of aligned content words replaced is a "copy".
COPY_MAX_DENSITY = 0.03

# Logistic score for P(spun) among rewrites. Spinning keeps structure
# (nearly every change is a like-for-like substitution of a short phrase,
# sentences stay similar) and its swaps go towards rarer words; fluent
# rewrites insert, delete and reorder, and their word choice is not
# systematically rarer.
_CENTER = {"substitute_share": 0.85, "direction_mean": 0.15, "similarity": 0.68, "oddness_mean": 0.3}
_WEIGHT = {"substitute_share": 12.0, "direction_mean": 6.0, "similarity": 6.0, "oddness_mean": 4.0}


#: A lexicon entry listing a swap (or its reverse) counts this much towards
#: the orientation, against a mean Zipf drop that is typically 0.1-0.5.
LEXICON_DIRECTION_WEIGHT = 1.0


def direction(swaps: Sequence[Swap], lexicon: Lexicon | None = None) -> float:
    """> 0 when the suspect side looks spun, < 0 when the source side does.

    The mean Zipf drop of content swaps (spinners' replacements are rarer),
    plus the weight of lexicon entries that list a swap in this direction,
    minus those that list it the other way round."""
    values = [s.direction for s in swaps if s.content]
    score = sum(values) / len(values) if values else 0.0
    if lexicon is not None and values:
        votes = 0.0
        for s in swaps:
            if not s.content:
                continue
            o, r = s.original.lower(), s.replacement.lower()
            votes += max((e.weight for e in lexicon.lookup(s.replacement) if e.original.lower() == o), default=0.0)
            votes -= max((e.weight for e in lexicon.lookup(s.original) if e.original.lower() == r), default=0.0)
        score += LEXICON_DIRECTION_WEIGHT * votes / len(values)
    return score


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def decide(features: Mapping[str, float], *, spun_threshold: float = 0.5) -> tuple[str, float]:
    """Label and P(spun) for a pair's features.

    >>> decide({"coverage_min_side": 0.0, "topic_similarity": 0.01})
    ('unrelated', 0.0)
    """
    coverage = features.get("coverage_min_side", 0.0)
    if coverage < MIN_REWRITE_COVERAGE:
        # Not a rewrite: at best a few shared sentences (quotes).
        label = (
            "related"
            if features.get("topic_similarity", 0.0) >= RELATED_TOPIC_SIMILARITY or coverage > 0
            else "unrelated"
        )
        return label, 0.0 if label == "unrelated" else round(0.05 * coverage, 6)
    z = sum(_WEIGHT[k] * (features.get(k, 0.0) - c) for k, c in _CENTER.items())
    # Scale with how much of the text is a rewrite at all.
    z += 4.0 * (coverage - 0.8)
    p = _logistic(z)
    if features.get("density", 0.0) <= COPY_MAX_DENSITY:
        return "copy", min(p, 0.05)
    return ("spun" if p >= spun_threshold else "paraphrase"), p
