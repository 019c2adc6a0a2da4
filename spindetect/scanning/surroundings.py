"""A window's surroundings: how well its words fit the text around them.

A spinner's replacement often fits its surroundings worse than the word it
replaced ("misfortune" in a paper on training models, where "loss" fits).
:class:`DocContext` holds running sums of a document's content-word vectors
(``spindetect/data/vectors.npz``), so the centroid of any window's
surroundings takes constant time; :func:`context_features_many` computes the
context features of all of a text's candidate windows at once (the same
numbers as :func:`spindetect.scanning.windows.context_features`, one at a
time); :func:`rank_in_context` orders a window's candidate originals by how
well they fit.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from typing import Any

from ..resources.words import WordVectors, word_vectors

__all__ = [
    "CONTEXT_RADIUS",
    "MIN_CONTEXT_DIFFERENT",
    "MIN_CONTEXT_WORDS",
    "CONTEXT_RANK_WEIGHT",
    "DocContext",
    "context_features_many",
    "dot64",
    "rank_in_context",
    "repeated_sentence_tokens",
    "sentence_copies",
]

#: Tokens summed at a time when a document's context is built.
_SUM_BLOCK = 8192

#: Fewest known words (with vectors, the window's own words and their
#: repeats left out) that a window's surroundings need for its context
#: features; with fewer, the context is unknown (centroid None: context_known
#: = 0, a value the window model was trained on). A centroid of a handful of
#: vectors is noise: in "The quick brown fox jumps over the lazy dog." four
#: words made "dog" look out of place, and the window model flagged "lazy
#: dog" (P 0.92), which made the sentence spun. 21 is the 1st percentile of
#: the window model's training windows (92,054 windows of the 1,514
#: train-split arXiv carriers of >= 60 words that devtools/train_windows.py
#: reads; 0.1st percentile 16, median 43): fewer is a context the model
#: hardly saw. Measured (SPINDETECT_JUDGE=0): of 1,500 test-split texts
#: 21 changed, 2 labels (a clean text no longer spun, a spun one now
#: clean); of 600 short clean sentences from test-split texts (5-39 words)
#: 7.0% -> 5.8% labelled spun, of 300 short spun ones 37% -> 35%.
#:
#: A sentence that repeats an earlier one word for word is no context at all
#: (:class:`DocContext` reads its words as unknown): the pangram pasted 7
#: times gave each "lazy dog" 28 known words, the same four seven times, and
#: every copy but the last was flagged (P(spun) 1.00).
MIN_CONTEXT_WORDS = 21

#: Fewest *different* known words the surroundings need as well (the
#: window's own words left out): a word said again is no new context, so a
#: few words repeated (not word for word as whole sentences) do not make a
#: context either. 17: the 1st percentile of the training windows counted
#: this way (23,976 windows of 400 of the carriers above: 0.1st percentile
#: 11, 1st 16.75, 5th 21, median 35). Chosen against the rule on different
#: words alone (17, no count of occurrences) on dev-split clean texts and
#: their short prefixes (SPINDETECT_JUDGE=0, 6,300 texts): with both rules no
#: label changed against occurrences alone; with different words alone 12
#: did (clean prefixes under 50 words 6.5% -> 6.6% labelled spun).
MIN_CONTEXT_DIFFERENT = 17

#: Surroundings of a window: this many tokens on each side.
CONTEXT_RADIUS = 60

#: Weight of context fit against the plausibility of a restoration's story
#: when suggestions are ranked (support still comes first).
CONTEXT_RANK_WEIGHT = 4.0


class DocContext:
    """Running sums of a document's content-word vectors, for the centroid of
    any window's surroundings in constant time."""

    def __init__(
        self,
        doc: Any,
        vectors: WordVectors | None = None,
        words: Iterable[str] | None = None,
        *,
        min_words: int = MIN_CONTEXT_WORDS,
        min_different: int = MIN_CONTEXT_DIFFERENT,
    ) -> None:
        """``words``: the only words whose occurrences :meth:`centroid` will
        be asked to exclude (all words if None); ``min_words``, ``min_different``:
        the fewest known words, and different ones, a centroid is taken from
        (see :data:`MIN_CONTEXT_WORDS`, :data:`MIN_CONTEXT_DIFFERENT`).
        Sentences that repeat an earlier one word for word
        (:func:`repeated_sentence_tokens`) add
        nothing: their words are read as unknown."""
        import numpy as np

        self.min_words = max(1, int(min_words))
        self.min_different = max(1, int(min_different))

        self.vectors = vectors if vectors is not None else word_vectors()
        idx = self.vectors.index
        ids = [idx.get(f, -1) if c else -1 for f, c in zip(doc.forms, doc.content)]
        for t in repeated_sentence_tokens(doc):
            ids[t] = -1
        self.n = len(ids)
        id_array = np.asarray(ids, dtype=np.int64)
        known = id_array >= 0
        rows = id_array[known]
        # Running sums in float64 over the known words (a word without a
        # vector adds nothing: the sums are the same with it as a zero
        # vector), block by block (each block starts from the previous
        # total, so the sums are those of one cumsum), stored as float32: a
        # 5 MB text needs no float64 copy of all its vectors.
        known_sums = np.zeros((len(rows) + 1, self.vectors.matrix.shape[1]), dtype=np.float32)
        total = np.zeros(known_sums.shape[1], dtype=np.float64)
        for a in range(0, len(rows), _SUM_BLOCK):
            block = self.vectors.matrix[rows[a : a + _SUM_BLOCK]].astype(np.float64)
            block[0] += total
            np.cumsum(block, axis=0, out=block)
            known_sums[a + 1 : a + 1 + len(block)] = block
            total = block[-1].copy()
        #: the number of known words before each token (and at the end)
        self.counts = np.concatenate([[0], np.cumsum(known, dtype=np.int64)])
        #: the sum of the vectors of the known words before each token (and at the end)
        self.sums = known_sums[self.counts]
        #: each token's row in the vectors, -1 for a word without one
        self.ids = ids
        #: the words given, whose occurrences :meth:`centroid` may leave out (None: all)
        self.wanted = None if words is None else frozenset(words)
        self._forms = doc.forms
        self._positions: dict[str, list[int]] | None = None

    @property
    def positions(self) -> dict[str, list[int]]:
        """Where each word with a vector stands (token indices, ascending),
        only the ``words`` given if any; built on first use (the batch path,
        :func:`context_features_many`, counts words as it goes instead)."""
        if self._positions is None:
            positions: dict[str, list[int]] = {}
            wanted = self.wanted
            for i, (f, k) in enumerate(zip(self._forms, self.ids)):
                if k >= 0 and (wanted is None or f in wanted):
                    positions.setdefault(f, []).append(i)
            self._positions = positions
        return self._positions

    def centroid(self, lo: int, hi: int, exclude: tuple[str, ...] = ()) -> Any:
        """Unit centroid of the known words within CONTEXT_RADIUS tokens of
        ``[lo, hi)``, the window itself and other occurrences of the words in
        ``exclude`` left out (a spinner repeats its replacement through a
        text, which must not make the replacement fit); None if fewer than
        ``min_words`` words, or ``min_different`` different ones, are left (a
        handful of words, or a few words repeated, is no context)."""

        a, b = max(0, lo - CONTEXT_RADIUS), min(self.n, hi + CONTEXT_RADIUS)
        v = (self.sums[lo] - self.sums[a]) + (self.sums[b] - self.sums[hi])
        n = int(self.counts[lo] - self.counts[a] + self.counts[b] - self.counts[hi])
        for w in set(exclude):
            at = self.positions.get(w)
            if not at:
                continue
            k = bisect.bisect_left(at, a, 0, len(at))
            inside = bisect.bisect_left(at, lo, 0, len(at)) - k
            inside += bisect.bisect_left(at, b, 0, len(at)) - bisect.bisect_left(at, hi, 0, len(at))
            if inside:
                v = v - inside * self.vectors.matrix[self.vectors.index[w]]
                n -= inside
        if n < self.min_words or self.different(lo, hi, exclude) < self.min_different:
            return None
        norm = math.sqrt(dot64(v, v))
        return v / norm if norm > 1e-6 else None

    def different(self, lo: int, hi: int, exclude: Iterable[str] = ()) -> int:
        """How many different known words lie within CONTEXT_RADIUS tokens of
        ``[lo, hi)`` (the window itself, and the words in ``exclude``, left
        out); >= 0."""
        a, b = max(0, lo - CONTEXT_RADIUS), min(self.n, hi + CONTEXT_RADIUS)
        seen = set(self.ids[a:lo])
        seen.update(self.ids[hi:b])
        seen.discard(-1)
        index = self.vectors.index
        seen.difference_update(index[w] for w in exclude if w in index)
        return len(seen)

    def fit(self, word: str, centroid: Any) -> float | None:
        i = self.vectors.index.get(word)
        return None if i is None or centroid is None else dot64(self.vectors.matrix[i], centroid)


def sentence_copies(doc: Any) -> list[tuple[int, int, int]]:
    """The sentences of ``doc`` that repeat an earlier sentence of it word for
    word (same word forms: spacing and line breaks aside), in text order, as
    ``(start, end, start of the first sentence so worded)`` token indices;
    empty for a text without repeats."""
    first: dict[tuple[str, ...], int] = {}
    out = []
    forms = doc.forms
    for a, b in doc.sentences:
        at = first.setdefault(tuple(forms[a:b]), a)
        if at != a:
            out.append((a, b, at))
    return out


def repeated_sentence_tokens(doc: Any) -> frozenset[int]:
    """Indices of the tokens of ``doc`` in the sentences of :func:`sentence_copies`."""
    return frozenset(t for a, b, _ in sentence_copies(doc) for t in range(a, b))


def dot64(rows: Any, v: Any) -> Any:
    """Dot products of float32 vectors computed the same on every machine:
    the products in float64 (exact for float32 inputs), added by NumPy's
    own summation, whose order is fixed. A float32 ``@`` goes to BLAS, whose
    kernel (and so the order of the additions) depends on the CPU: scan's
    features differed in the 7th-9th digit between an AVX-512 and an AVX2
    machine. One vector gives a float, a matrix a list of floats."""
    import numpy as np

    prods = np.asarray(rows, dtype=np.float64) * np.asarray(v, dtype=np.float64)
    return float(prods.sum()) if prods.ndim == 1 else prods.sum(axis=1).tolist()


def rank_in_context(cands: list[Any], window: tuple[str, ...], ctx: DocContext, centroid: Any) -> list[Any]:
    """Restorations re-ranked for one occurrence: support first, then the
    plausibility of the spinner's story plus how well the restored words fit
    the surroundings ("misfortune" -> "loss" in a paper on training models)."""
    if centroid is None or len(cands) < 2:
        return cands

    def fit_gain(cand: tuple[str, ...]) -> float:
        g = 0.0
        for w, r in zip(window, cand):
            if w != r:
                fw, fr = ctx.fit(w, centroid), ctx.fit(r, centroid)
                g += (fr if fr is not None else 0.0) - (fw if fw is not None else 0.0)
        return g

    return sorted(cands, key=lambda c: (-c[1], -(c[3] + CONTEXT_RANK_WEIGHT * fit_gain(c[0])), c[0]))


def context_features_many(
    ctx: DocContext, occurrences: Sequence[tuple[int, int, tuple[str, ...], Any]]
) -> list[tuple[list[float], Any]]:
    """:func:`~spindetect.scanning.windows.context_features` of many
    occurrences ``(lo, hi, window, plan)`` of one document at once, the same
    numbers as (context_known, context_fit, context_gain) rows, and each
    centroid: the centroids' running-sum differences, norms and dot products
    are taken for all of them in a few array operations (element by element,
    in the same precision and order as one at a time; the exclusion of a
    window's words from its surroundings is still done one occurrence at a
    time, in the same order, from a count of the words around each
    occurrence kept as it slides along the text)."""
    import numpy as np

    if not occurrences:
        return []
    sums, counts, radius, n = ctx.sums, ctx.counts, CONTEXT_RADIUS, ctx.n
    lo = np.fromiter((o[0] for o in occurrences), dtype=np.int64, count=len(occurrences))
    hi = np.fromiter((o[1] for o in occurrences), dtype=np.int64, count=len(occurrences))
    a, b = np.maximum(lo - radius, 0), np.minimum(hi + radius, n)
    vs = (sums[lo] - sums[a]) + (sums[b] - sums[hi])
    ns = (counts[lo] - counts[a] + counts[b] - counts[hi]).tolist()
    matrix, index, ids, wanted = ctx.vectors.matrix, ctx.vectors.index, ctx.ids, ctx.wanted
    alo, bhi = a.tolist(), b.tolist()
    # How often each known word occurs in [a, b) of the occurrence at hand,
    # slid along the text (occurrences come in text order: a and b only
    # move on; else the count starts afresh). A window's own tokens are its
    # words or unknown, so the different known words around it are those of
    # [a, b) but the window's words (DocContext.different), and a word of
    # the window occurs around it as often as in [a, b) less in the window.
    count: dict[int, int] = {}
    known = at_a = at_b = 0
    different = []
    drop_at: list[int] = []
    drop_row: list[int] = []
    drop_n: list[int] = []
    for i, (lo_i, hi_i, window, _) in enumerate(occurrences):
        a_i, b_i = alo[i], bhi[i]
        if a_i < at_a or b_i < at_b or a_i > at_b:
            count.clear()
            known, at_a, at_b = 0, a_i, a_i
        for k in ids[at_b:b_i]:
            if k >= 0:
                c = count.get(k, 0)
                known += not c
                count[k] = c + 1
        for k in ids[at_a:a_i]:
            if k >= 0:
                c = count[k] - 1
                if c:
                    count[k] = c
                else:
                    del count[k]
                    known -= 1
        at_a, at_b = a_i, b_i
        words = {w: index.get(w) for w in window}
        own = set(words.values())
        if all(k < 0 or k in own for k in ids[lo_i:hi_i]):
            different.append(known - sum(1 for k in own if k is not None and k in count))
        else:  # (a window that is not the words of its tokens)
            different.append(ctx.different(lo_i, hi_i, window))
        for w in set(window):
            k = words[w]
            if k is None or (wanted is not None and w not in wanted):
                continue
            inside = count.get(k, 0)
            if inside:
                inside -= ids[lo_i:hi_i].count(k)
            if inside:
                drop_at.append(i)
                drop_row.append(k)
                drop_n.append(inside)
                ns[i] -= inside
    if drop_at:
        # vs[i] = vs[i] - inside * matrix[k] for each (i, k, inside) in turn, in
        # one unbuffered call (in float32 and in the same order, as one at a
        # time: the row operations were half of this function's time)
        np.subtract.at(vs, drop_at, np.asarray(drop_n, dtype=np.float32)[:, None] * matrix[drop_row])
    v64 = vs.astype(np.float64)
    norms = np.sqrt((v64 * v64).sum(axis=1)).tolist()
    min_words, min_different = ctx.min_words, ctx.min_different
    keep = [
        i
        for i, (count_i, norm, diff) in enumerate(zip(ns, norms, different))
        if count_i >= min_words and norm > 1e-6 and diff >= min_different
    ]
    cents: list[Any] = [None] * len(occurrences)
    if keep:
        unit = vs[keep] / np.asarray([norms[i] for i in keep], dtype=np.float32)[:, None]
        for j, i in enumerate(keep):
            cents[i] = unit[j]
    # every occurrence's plan rows against its centroid, in one product
    which, rows = [], []
    for i, (_, _, _, (plan_rows, groups)) in enumerate(occurrences):
        if cents[i] is not None and groups:
            which.append(i)
            rows.append(plan_rows)
    dots_of: dict[int, list[float]] = {}
    if which:
        sizes = [len(r) for r in rows]
        all_rows = np.concatenate(rows)
        owner = np.repeat(np.arange(len(which)), sizes)
        cmat = np.stack([cents[i] for i in which]).astype(np.float64)
        flat = (matrix[all_rows].astype(np.float64) * cmat[owner]).sum(axis=1).tolist()
        pos = 0
        for i, size in zip(which, sizes):
            dots_of[i] = flat[pos : pos + size]
            pos += size
    out = []
    for i, (_, _, _, (_, groups)) in enumerate(occurrences):
        c = cents[i]
        if c is None or not groups:
            out.append(([0.0, 0.0, 0.0], c))
            continue
        dots = dots_of[i]
        # the lowest fit of a word, and the best gain of an alternative over its word
        fit = dots[groups[0][0]]
        gain = 0.0
        gained = False
        for g0, g1 in groups:
            own = dots[g0]
            if own < fit:
                fit = own
            if g1 > g0 + 1:
                x = max(dots[g0 + 1 : g1]) - own
                if not gained or x > gain:
                    gain, gained = x, True
        out.append(([1.0, fit, max(0.0, gain)], c))
    return out
