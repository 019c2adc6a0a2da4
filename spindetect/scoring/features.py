"""Features of an aligned pair: the numbers the verdict is made from.

:func:`pair_features` reads an :class:`~spindetect.scoring.align.Alignment` and its
swaps and returns a flat, named dict of floats. Every feature is symmetric
in the sense that it is computed for the alignment as oriented (source ->
suspect); the detector orients the alignment before asking.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..resources.words import zipf
from .fluency import FLUENCY_DAMAGE_NATS, is_broken_term, unattested_share
from .oddness import ODD_SWAP

if TYPE_CHECKING:  # types only
    from ..text import Document
    from .align import Alignment
    from .swaps import Swap

__all__ = ["FEATURE_NAMES", "pair_features", "topic_similarity"]

#: The pair features. ``wordnet_share`` (swaps WordNet relates) and
#: ``lexicon_share`` (swaps the lexicon lists) were dropped after a dev-split
#: ablation (benchmarks/ablation.py, results/ablation-dev.md): they tied the
#: model to the thesauri of the training spinners, and leaving them out
#: raised leave-one-spinner-out F1 on dev from 0.952 to 0.984 on average.
FEATURE_NAMES = (
    "coverage_source",  # share of the source's words in aligned sentences, [0, 1]
    "coverage_suspect",  # share of the suspect's words in aligned sentences, [0, 1]
    "coverage_min_side",  # coverage of the shorter text (a truncated copy still covers 1), [0, 1]
    "similarity",  # token Indel similarity of aligned sentences, weighted by length, [0, 1]
    "density",  # share of aligned source content words that were replaced, [0, 1]
    "equal_share",  # equal tokens against all tokens in aligned sentences, [0, 1]
    "substitute_share",  # substituted tokens against all changed ones (vs insert/delete), [0, 1]
    "short_swap_share",  # swaps of <= 3 source and <= 4 suspect tokens, of all substitutions, [0, 1]
    "length_ratio",  # shorter over longer side's substituted token count, [0, 1]
    "odd_share",  # content swaps with oddness >= ODD_SWAP, [0, 1]
    "oddness_mean",  # mean oddness of content swaps, [0, 1]
    "direction_mean",  # mean Zipf drop source -> suspect of content swaps, Zipf units, about [-3, 3]
    "swaps_per_100_words",  # content swaps per 100 aligned suspect words, >= 0
    "order_kept",  # consecutive sentence pairs whose source order is kept, [0, 1]
    "topic_similarity",  # cosine of rarity-weighted content-word counts of the two texts, [0, 1]
    "coverage_max_side",  # coverage of the better-covered side, [0, 1]
    "one_word_share",  # one-token-for-one-token swaps, of all substitutions, [0, 1]
    "direction_abs",  # |direction_mean|, Zipf units, >= 0
    "log_pairs",  # ln(1 + aligned sentence pairs), >= 0
    # Issue 13: what a reader sees. "Rewordings" are content swaps that are
    # not corrections (Swap.edit is None: no number, date, spelling, typo or
    # name fix).
    "edit_share",  # corrections among content swaps, [0, 1]
    "rewordings_per_100_words",  # rewordings per 100 aligned suspect words, >= 0
    "fluency_mean",  # mean fluency drop of rewordings (Swap.fluency), nats, [-15, 15]
    "fluency_max",  # largest fluency drop of a rewording, nats, [-15, 15] (0 when none)
    "damage_share",  # rewordings whose fluency drop >= FLUENCY_DAMAGE_NATS, [0, 1]
    "broken_term_share",  # rewordings that break an established multi-word term word by word, [0, 1]
    "odd_max",  # largest oddness of a rewording, [0, 1] (0 when none)
    "unattested_diff",  # share of unattested word bigrams, suspect minus source, aligned sentences, [-1, 1]
)


def _word_share(doc_words: Sequence[bool], sentences: Sequence[tuple[int, int]], chosen: set[int]) -> tuple[int, int]:
    total = aligned = 0
    for i, (a, b) in enumerate(sentences):
        n = sum(doc_words[a:b])
        total += n
        if i in chosen:
            aligned += n
    return aligned, total


def _topic_vector(doc: Document) -> dict[str, float]:
    counts = Counter(f for f, c in zip(doc.forms, doc.content) if c)
    # Rare words (names, terms) say more about the subject than common ones.
    return {w: n * max(0.5, 7.0 - zipf(w)) for w, n in counts.items()}


def topic_similarity(a: Document, b: Document) -> float:
    """Cosine of rarity-weighted content-word counts, in [0, 1]."""
    va, vb = _topic_vector(a), _topic_vector(b)
    if len(va) > len(vb):
        va, vb = vb, va
    num = sum(v * vb.get(k, 0.0) for k, v in va.items())
    den = math.sqrt(sum(v * v for v in va.values()) * sum(v * v for v in vb.values()))
    return num / den if den else 0.0


def pair_features(al: Alignment, swaps: Sequence[Swap]) -> dict[str, float]:
    """Named features of an aligned pair (all floats, mostly in [0, 1]): the
    model's inputs (:data:`FEATURE_NAMES`) and three counts: ``changed_words``
    and the words of each text, ``words_source`` and ``words_suspect``."""
    src, sus = al.source, al.suspect
    src_sent, sus_sent = al.aligned_sentences()
    a_src, t_src = _word_share(src.words, src.sentences, src_sent)
    a_sus, t_sus = _word_share(sus.words, sus.sentences, sus_sent)
    cov_src = a_src / t_src if t_src else 0.0
    cov_sus = a_sus / t_sus if t_sus else 0.0
    cov_min_side = cov_src if t_src <= t_sus else cov_sus

    sim_num = sim_den = 0.0
    equal = subst_src = subst_sus = ins = dele = 0
    src_content_aligned = src_content_swapped = 0
    n_sub = n_short = n_one = changed_words = 0
    for p in al.pairs:
        w = sum(c.src_end - c.src_start + c.sus_end - c.sus_start for c in p.chunks)
        sim_num += p.similarity * w
        sim_den += w
        for c in p.chunks:
            n_content = sum(src.content[c.src_start : c.src_end])
            src_content_aligned += n_content
            if c.op == "equal":
                equal += c.src_end - c.src_start
                continue
            changed_words += sum(src.words[c.src_start : c.src_end]) + sum(sus.words[c.sus_start : c.sus_end])
            if c.op == "substitute":
                n_sub += 1
                subst_src += c.src_end - c.src_start
                subst_sus += c.sus_end - c.sus_start
                src_content_swapped += n_content
                if c.src_end - c.src_start <= 3 and c.sus_end - c.sus_start <= 4:
                    n_short += 1
                if c.src_end - c.src_start == 1 and c.sus_end - c.sus_start == 1:
                    n_one += 1
            elif c.op == "insert":
                ins += c.sus_end - c.sus_start
            else:
                dele += c.src_end - c.src_start
    changed = subst_src + subst_sus + ins + dele
    content_swaps = [s for s in swaps if s.content]
    n_cs = len(content_swaps)
    # Sentence order: share of consecutive pairs whose source order is kept.
    starts = [p.src[0] for p in al.pairs]
    kept = sum(1 for x, y in zip(starts, starts[1:]) if y > x)
    rewordings = [s for s in content_swaps if s.edit is None]
    n_rw = len(rewordings)
    return {
        "coverage_source": cov_src,
        "coverage_suspect": cov_sus,
        "coverage_min_side": cov_min_side,
        "similarity": sim_num / sim_den if sim_den else 0.0,
        "density": src_content_swapped / src_content_aligned if src_content_aligned else 0.0,
        "equal_share": 2 * equal / (2 * equal + changed) if (equal or changed) else 0.0,
        "substitute_share": (subst_src + subst_sus) / changed if changed else 0.0,
        "short_swap_share": n_short / n_sub if n_sub else 0.0,
        "length_ratio": (min(subst_src, subst_sus) / max(subst_src, subst_sus)) if n_sub else 0.0,
        "odd_share": sum(1 for s in content_swaps if s.oddness >= ODD_SWAP) / n_cs if n_cs else 0.0,
        "oddness_mean": sum(s.oddness for s in content_swaps) / n_cs if n_cs else 0.0,
        "direction_mean": sum(s.direction for s in content_swaps) / n_cs if n_cs else 0.0,
        "swaps_per_100_words": 100.0 * n_cs / a_sus if a_sus else 0.0,
        "order_kept": kept / (len(starts) - 1) if len(starts) > 1 else 1.0,
        "topic_similarity": topic_similarity(src, sus),
        "coverage_max_side": max(cov_src, cov_sus),
        "one_word_share": n_one / n_sub if n_sub else 0.0,
        "direction_abs": abs(sum(s.direction for s in content_swaps) / n_cs) if n_cs else 0.0,
        "log_pairs": math.log1p(len(al.pairs)),
        "edit_share": (n_cs - n_rw) / n_cs if n_cs else 0.0,
        "rewordings_per_100_words": 100.0 * n_rw / a_sus if a_sus else 0.0,
        "fluency_mean": sum(s.fluency for s in rewordings) / n_rw if n_rw else 0.0,
        "fluency_max": max((s.fluency for s in rewordings), default=0.0),
        "damage_share": sum(1 for s in rewordings if s.fluency >= FLUENCY_DAMAGE_NATS) / n_rw if n_rw else 0.0,
        "broken_term_share": sum(1 for s in rewordings if is_broken_term(s.original, s.replacement)) / n_rw
        if n_rw
        else 0.0,
        "odd_max": max((s.oddness for s in rewordings), default=0.0),
        "unattested_diff": unattested_share(sus, sorted(sus_sent)) - unattested_share(src, sorted(src_sent)),
        # not a model input (not in FEATURE_NAMES): words of either side in the aligned sentences' changed
        # chunks, for decide()'s rule that a pair differing only in punctuation and symbols is a copy
        "changed_words": float(changed_words),
        # not model inputs either: the words of each text, for decide()'s reading of a pair whose one
        # side is much longer (a spun copy of part of the other)
        "words_source": float(t_src),
        "words_suspect": float(t_sus),
    }
