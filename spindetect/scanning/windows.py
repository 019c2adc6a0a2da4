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
turns them into P(spun window).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from ..resources.phrases import ATTESTED_COUNT, PhraseCounts
from ..resources.synonyms import synonyms
from ..resources.wordnet_graph import get_graph
from ..resources.words import WordVectors, fast_zipf, web_bigrams, word_vectors
from .verdict import CHEAP_FEATURE_NAMES, CONTEXT_FEATURES, RESTORATION_FEATURES, WINDOW_FEATURE_NAMES

__all__ = [
    "best_restoration_features",
    "dropped_before_model",
    "Restoration",
    "WINDOW_FEATURE_NAMES",
    "window_features",
    "cheap_features",
    "restoration_features",
    "RESTORATION_FEATURES",
    "candidate_windows",
    "CONTEXT_FEATURES",
    "CHEAP_FEATURE_NAMES",
    "DocContext",
    "context_features",
    "context_features_many",
    "context_plan",
    "rank_in_context",
]

_DIGIT = re.compile(r"\d")

#: The smallest count in that file (6.4 M); absent bigrams are rarer.
WEB_MIN_LOG10 = math.log10(6_400_000)

#: Alternatives tried per word: lexicon swaps, then WordNet synonyms.
MAX_SWAP_ALTERNATIVES = 8


def word_stats(word: str, swaps: Mapping[str, Any], counts: PhraseCounts) -> tuple[float, float, float, float]:
    """(Zipf, spin prior, log1p of its clean-text count, how much more clean
    text uses its commonest alternative: log1p count difference, >= 0) of one
    word."""
    use = math.log1p(counts.count((word,)))
    gain = max((math.log1p(counts.count((a,))) - use for a in alternatives(word, swaps)), default=0.0)
    return fast_zipf(word), spin_prior(word, swaps), use, max(0.0, gain)


#: Tokens summed at a time when a document's context is built.
_SUM_BLOCK = 8192

#: Surroundings of a window: this many tokens on each side.
CONTEXT_RADIUS = 60

#: Weight of context fit against the plausibility of a restoration's story
#: when suggestions are ranked (support still comes first).
CONTEXT_RANK_WEIGHT = 4.0


class DocContext:
    """Running sums of a document's content-word vectors, for the centroid of
    any window's surroundings in constant time."""

    def __init__(self, doc: Any, vectors: WordVectors | None = None, words: Iterable[str] | None = None) -> None:
        """``words``: the only words whose occurrences :meth:`centroid` will
        be asked to exclude (all words if None)."""
        import numpy as np

        self.vectors = vectors if vectors is not None else word_vectors()
        idx = self.vectors.index
        ids = [idx.get(f, -1) if c else -1 for f, c in zip(doc.forms, doc.content)]
        self.n = len(ids)
        mat = np.zeros((self.n + 1, self.vectors.matrix.shape[1]), dtype=np.float32)
        known = np.asarray([i >= 0 for i in ids], dtype=np.int64)
        rows = np.asarray([max(i, 0) for i in ids], dtype=np.int64)
        # Running sums in float64, block by block (each block starts from the
        # previous total, so the sums are those of one cumsum), stored as
        # float32: a 5 MB text needs no float64 copy of all its vectors.
        total = np.zeros(mat.shape[1], dtype=np.float64)
        for a in range(0, self.n, _SUM_BLOCK):
            block = self.vectors.matrix[rows[a : a + _SUM_BLOCK]] * known[a : a + _SUM_BLOCK, None]
            block[0] += total
            np.cumsum(block, axis=0, out=block)
            mat[a + 1 : a + 1 + len(block)] = block
            total = block[-1].copy()
        self.sums = mat
        self.counts = np.concatenate([[0], np.cumsum(known)])
        self.positions: dict[str, list[int]] = {}
        wanted = None if words is None else frozenset(words)
        for i, (f, k) in enumerate(zip(doc.forms, ids)):
            if k >= 0 and (wanted is None or f in wanted):
                self.positions.setdefault(f, []).append(i)

    def centroid(self, lo: int, hi: int, exclude: tuple[str, ...] = ()) -> Any:
        """Unit centroid of the known words within CONTEXT_RADIUS tokens of
        ``[lo, hi)``, the window itself and other occurrences of the words in
        ``exclude`` left out (a spinner repeats its replacement through a
        text, which must not make the replacement fit); None if none are left."""

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
        if n <= 0:
            return None
        norm = math.sqrt(_dot64(v, v))
        return v / norm if norm > 1e-6 else None

    def fit(self, word: str, centroid: Any) -> float | None:
        i = self.vectors.index.get(word)
        return None if i is None or centroid is None else _dot64(self.vectors.matrix[i], centroid)


def _dot64(rows: Any, v: Any) -> Any:
    """Dot products of float32 vectors computed the same on every machine:
    the products in float64 (exact for float32 inputs), added by NumPy's
    own summation, whose order is fixed. A float32 ``@`` goes to BLAS, whose
    kernel (and so the order of the additions) depends on the CPU: scan's
    features differed in the 7th-9th digit between an AVX-512 and an AVX2
    machine. One vector gives a float, a matrix a list of floats."""
    import numpy as np

    prods = np.asarray(rows, dtype=np.float64) * np.asarray(v, dtype=np.float64)
    return float(prods.sum()) if prods.ndim == 1 else prods.sum(axis=1).tolist()


def alternatives(word: str, swaps: Mapping[str, Any]) -> list[str]:
    """Words a spinner may have replaced by ``word``: lexicon swaps, then WordNet synonyms."""
    alts = [a for a, _ in swaps[word].most_common(MAX_SWAP_ALTERNATIVES)] if word in swaps else []
    return alts + [a for a in synonyms(word) if a not in alts]


def context_plan(window: tuple[str, ...], swaps: Mapping[str, Any], vectors: WordVectors | None = None) -> Any:
    """What :func:`context_features` needs of a window, independent of where
    it stands: the vector rows of its known words, each followed by the rows
    of its known alternatives, and each word's slice of them. Compute it once
    per window and pass it for every occurrence."""
    import numpy as np

    vectors = vectors if vectors is not None else word_vectors()
    index = vectors.index
    rows: list[int] = []
    groups: list[tuple[int, int]] = []
    for w in window:
        if not w.isalpha() or w not in index:
            continue
        start = len(rows)
        rows.append(index[w])
        rows.extend(index[a] for a in alternatives(w, swaps) if a in index)
        groups.append((start, len(rows)))
    return np.asarray(rows, dtype=np.int64), tuple(groups)


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
    dots = _dot64(ctx.vectors.matrix[rows], c)
    fits = [dots[a] for a, _ in groups]
    gain = max((max(dots[a + 1 : b]) - dots[a] for a, b in groups if b > a + 1), default=0.0)
    return {
        "context_known": 1.0,
        "context_fit": min(fits),
        "context_gain": max(0.0, gain),
    }, c


def context_features_many(
    ctx: DocContext, occurrences: list[tuple[int, int, tuple[str, ...], Any]]
) -> list[tuple[dict[str, float], Any]]:
    """:func:`context_features` of many occurrences ``(lo, hi, window,
    plan)`` of one document at once, the same numbers: the centroids'
    running-sum differences, norms and dot products are taken for all of
    them in a few array operations (element by element, in the same
    precision and order as one at a time; the exclusion of a window's words
    from its surroundings is still done one occurrence at a time, in the
    same order)."""
    import numpy as np

    if not occurrences:
        return []
    sums, counts, radius, n = ctx.sums, ctx.counts, CONTEXT_RADIUS, ctx.n
    lo = np.fromiter((o[0] for o in occurrences), dtype=np.int64, count=len(occurrences))
    hi = np.fromiter((o[1] for o in occurrences), dtype=np.int64, count=len(occurrences))
    a, b = np.maximum(lo - radius, 0), np.minimum(hi + radius, n)
    vs = (sums[lo] - sums[a]) + (sums[b] - sums[hi])
    ns = (counts[lo] - counts[a] + counts[b] - counts[hi]).tolist()
    matrix, index, positions = ctx.vectors.matrix, ctx.vectors.index, ctx.positions
    alo, ahi, blo, bhi = a.tolist(), lo.tolist(), hi.tolist(), b.tolist()
    for i, (_, _, window, _) in enumerate(occurrences):
        for w in set(window):
            at = positions.get(w)
            if not at:
                continue
            k = bisect.bisect_left(at, alo[i], 0, len(at))
            inside = bisect.bisect_left(at, ahi[i], 0, len(at)) - k
            inside += bisect.bisect_left(at, bhi[i], 0, len(at)) - bisect.bisect_left(at, blo[i], 0, len(at))
            if inside:
                vs[i] = vs[i] - inside * matrix[index[w]]
                ns[i] -= inside
    v64 = vs.astype(np.float64)
    norms = np.sqrt((v64 * v64).sum(axis=1)).tolist()
    keep = [i for i in range(len(occurrences)) if ns[i] > 0 and norms[i] > 1e-6]
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
            out.append(({"context_known": 0.0, "context_fit": 0.0, "context_gain": 0.0}, c))
            continue
        dots = dots_of[i]
        fits = [dots[g0] for g0, _ in groups]
        gain = max((max(dots[g0 + 1 : g1]) - dots[g0] for g0, g1 in groups if g1 > g0 + 1), default=0.0)
        out.append(({"context_known": 1.0, "context_fit": min(fits), "context_gain": max(0.0, gain)}, c))
    return out


def rank_in_context(
    cands: list[Restoration], window: tuple[str, ...], ctx: DocContext, centroid: Any
) -> list[Restoration]:
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


def support(cand: tuple[str, ...], counts: PhraseCounts, originals: frozenset[tuple[str, ...]]) -> float:
    """How well clean English attests a phrase (0 = not at all): the larger
    of its clean-text count (log1p, from ATTESTED_COUNT) and its web
    attestation (the smallest log10 count of its word bigrams, above the
    bigram file's floor), plus 3 for a known original; a part of a known
    original or a WordNet multi-word term that neither attests gets
    KNOWN_TERM_SUPPORT."""
    return supports((cand,), counts, originals)[0]


def supports(
    cands: Iterable[tuple[str, ...]], counts: PhraseCounts, originals: frozenset[tuple[str, ...]]
) -> list[float]:
    """:func:`support` of many phrases (one pass, less overhead per phrase)."""
    count = counts.count
    web = web_bigrams().get
    parts = None
    out = []
    for cand in cands:
        n = count(cand)
        s = math.log1p(n) if n >= ATTESTED_COUNT else 0.0
        w = _web(cand, web)
        if w:
            s = max(s, 1.0 + w - WEB_MIN_LOG10)
        if cand in originals:
            s += 3.0
        elif s == 0.0:
            # part of a known original ("neural network" in "convolutional
            # neural network") or a WordNet multi-word term: a real term that
            # our counts are too small to hold
            if parts is None:
                parts = _original_parts(originals)
            if cand in parts or _wordnet_term(cand):
                s = KNOWN_TERM_SUPPORT
        out.append(s)
    return out


def _web(cand: tuple[str, ...], web: Any) -> float:
    """Web attestation of a phrase: the smallest log10 count of its word
    bigrams (0 if one is missing); ``web`` is ``web_bigrams().get``."""
    if len(cand) < 2:
        return 0.0
    value = web((cand[0], cand[1]), 0.0)
    for i in range(2, len(cand)):
        if not value:
            break
        value = min(value, web((cand[i - 1], cand[i]), 0.0))
    return value


#: Support of a phrase known only as part of a lexicon original or as a
#: WordNet multi-word lemma.
KNOWN_TERM_SUPPORT = 1.0


@functools.lru_cache(maxsize=4)
def _original_parts(originals: frozenset[tuple[str, ...]]) -> frozenset[tuple[str, ...]]:
    """Every run of two or three words inside a known original phrase."""
    return frozenset(o[i : i + n] for o in originals for n in (2, 3) for i in range(len(o) - n + 1) if len(o) > n)


@functools.lru_cache(maxsize=100_000)
def _wordnet_term(cand: tuple[str, ...]) -> bool:
    """Is the phrase a WordNet multi-word term (with morphology)? Cached
    (the shipped WordNet is fixed); the exact pre-check of
    :meth:`~spindetect.resources.wordnet_graph.WordNetGraph.may_be_multiword` spares
    the look-up for most."""
    if not all(map(str.isalpha, cand)):
        return False
    g = get_graph()
    return g.may_be_multiword(cand) and "_".join(cand) in g


class Restoration(NamedTuple):
    """A candidate original of a window (what the spinner may have replaced)."""

    #: the restored words, lower case
    words: tuple[str, ...]
    #: evidence that clean English uses it (see :func:`support`), >= 0
    support: float
    #: lexicon count of the rarest swap it undoes (0 for a WordNet synonym)
    swap_count: int
    #: log-probability of the spinner's story that leads to the window, <= 0
    plausibility: float


class _WordStory(NamedTuple):
    """What :func:`_stories` needs of one word (fixed for one lexicon): the
    log-probability that a spinner left it in place; whether the lexicon has
    it as a replacement; (original, count, log-probability of that swap) for
    its commonest MAX_SWAP_ALTERNATIVES and four swaps; its WordNet synonyms
    and the log-probability of a synonym swap (count 0)."""

    keep: float
    in_swaps: bool
    swap_alts: tuple[tuple[str, int, float], ...]
    swap_alts4: tuple[tuple[str, int, float], ...]
    synonyms: tuple[str, ...]
    synonym_term: float


def _word_story(w: str, swaps: Mapping[str, Any]) -> _WordStory | None:
    if not w.isalpha():
        return None
    total = sum(swaps[w].values()) if w in swaps else 0
    common = swaps[w].most_common if w in swaps else lambda k: ()
    alts, alts4 = (
        tuple((a, n, math.log((n + 0.5) / (total + 1.0))) for a, n in common(k)) for k in (MAX_SWAP_ALTERNATIVES, 4)
    )
    keep = math.log(max(0.05, 1.0 - spin_prior(w, swaps)))
    return _WordStory(keep, w in swaps, alts, alts4, synonyms(w), math.log((0 + 0.5) / (total + 1.0)))


def _stories(
    window: tuple[str, ...], swaps: Mapping[str, Any], cache: dict[str, Any] | None = None
) -> dict[tuple[str, ...], tuple[float, int]]:
    """Each candidate original of a window with the plausibility and swap
    count of its most plausible story (see :func:`restorations`). ``cache``
    keeps each word's part (valid for one lexicon)."""
    parts = []
    for w in window:
        st = cache.get(w, False) if cache is not None else False
        if st is False:
            st = _word_story(w, swaps)
            if cache is not None:
                cache[w] = st
        parts.append(st)
    keep = [st.keep if st is not None else 0.0 for st in parts]
    found: list[tuple[tuple[str, ...], float, int]] = []
    spots = []
    for k, st in enumerate(parts):
        if st is None:
            continue
        head, tail = window[:k], window[k + 1 :]
        if st.in_swaps:
            spots.append(k)
            for alt, n, term in st.swap_alts:
                terms = keep.copy()
                terms[k] = term
                found.append(((*head, alt, *tail), sum(terms), n))
        for alt in st.synonyms:
            terms = keep.copy()
            terms[k] = st.synonym_term
            found.append(((*head, alt, *tail), sum(terms), 0))
    # two words replaced: the two most spinner-typical ones
    spots = sorted(spots, key=lambda k: keep[k])[:2]
    if len(spots) == 2:
        k1, k2 = sorted(spots)
        for alt1, n1, term1 in parts[k1].swap_alts4:
            for alt2, n2, term2 in parts[k2].swap_alts4:
                cand = list(window)
                cand[k1], cand[k2] = alt1, alt2
                terms = keep.copy()
                terms[k1], terms[k2] = term1, term2
                found.append((tuple(cand), sum(terms), min(n1, n2)))
    # a candidate reached several ways keeps its most plausible story
    best: dict[tuple[str, ...], tuple[float, int]] = {}
    for cand, plaus, n in found:
        old = best.get(cand)
        if old is None or (plaus, n) > old:
            best[cand] = (plaus, n)
    return best


def best_restoration_features(
    window: tuple[str, ...],
    swaps: Mapping[str, Any],
    counts: PhraseCounts,
    originals: frozenset[tuple[str, ...]],
    prior: float,
    cache: dict[str, Any] | None = None,
) -> dict[str, float]:
    """``restoration_features(...)[0]``, the same numbers, without ranking
    every candidate: only the best restoration enters the features, so
    candidates are taken best first from a heap on an optimistic key, and the
    costly WordNet-term check (:func:`_wordnet_term`, which can only lift a
    support of 0 to :data:`KNOWN_TERM_SUPPORT`) runs only for a candidate
    that could still be the best. ``scan`` ranks all restorations
    (:func:`restorations`) only for the windows it reports. ``cache`` keeps
    each word's alternatives and their log-probabilities (valid for one
    lexicon)."""
    import heapq

    stories = _stories(window, swaps, cache)
    count, web = counts.count, web_bigrams().get
    parts = _original_parts(originals)
    # the first, exact test of WordNetGraph.may_be_multiword, inline: a
    # phrase whose head (the words before its last) begins no multi-word
    # term is no WordNet term, and most candidates are such
    heads = get_graph().multiword_heads()

    def bounded_support(cand: tuple[str, ...]) -> tuple[float, bool]:
        """:func:`support` of ``cand``; False if it awaits the WordNet check (0 or the larger given)."""
        c = count(cand)
        sup = math.log1p(c) if c >= ATTESTED_COUNT else 0.0
        w = _web(cand, web)
        if w:
            sup = max(sup, 1.0 + w - WEB_MIN_LOG10)
        if cand in originals:
            return sup + 3.0, True
        if sup == 0.0:
            if cand in parts:
                return KNOWN_TERM_SUPPORT, True
            if (cand[0] if len(cand) == 2 else "_".join(cand[:-1])) in heads:
                return KNOWN_TERM_SUPPORT, False
        return sup, True

    heap = []
    for cand, (plaus, n) in stories.items():
        sup, settled = bounded_support(cand)
        heap.append((-sup, -plaus, cand, settled, n))
    heapq.heapify(heap)
    best = (window, 0.0, 0)
    while heap:
        neg_sup, neg_plaus, cand, settled, n = heapq.heappop(heap)
        if settled:
            best = (cand, -neg_sup, n)
            break
        # checked now that it could be the best: queued again at its support
        heapq.heappush(heap, (-KNOWN_TERM_SUPPORT if _wordnet_term(cand) else -0.0, neg_plaus, cand, True, n))
    own, settled = bounded_support(window)
    if not settled and not _wordnet_term(window):
        own = 0.0
    return _restoration_numbers(window, best, own, prior)


def restorations(
    window: tuple[str, ...],
    swaps: Mapping[str, Any],
    counts: PhraseCounts,
    originals: frozenset[tuple[str, ...]],
) -> list[Restoration]:
    """Candidate originals of a window, best first (:class:`Restoration`). One
    word replaced by a lexicon swap or WordNet synonym, or two words by
    lexicon swaps.

    Attested candidates come first, by support. Among equally attested ones
    (often all unattested: technical terms clean text lacks) the most
    plausible story of what the spinner did wins: each replaced word scores
    the share of the lexicon's swaps of that word that lead to the candidate's
    word, each word left in place the chance that it is not a spinner's
    ("misfortune work" -> "loss function" beats "misfortune function")."""
    best = _stories(window, swaps)
    sups = supports(best, counts, originals)
    ranked = sorted(
        (Restoration(cand, sup, n, plaus) for (cand, (plaus, n)), sup in zip(best.items(), sups)),
        key=lambda c: (-c[1], -c[3], c[0]),
    )
    return ranked


def spin_prior(word: str, swaps: Mapping[str, Any], lam: float = 1.0) -> float:
    """How typical of spinners a word is: how often the lexicon has it as a
    replacement, against how common it is in clean English (wordfreq)."""
    t = sum(swaps[word].values()) if word in swaps else 0
    per_million = max(10.0 ** (fast_zipf(word) - 3.0), 0.01)
    return t / (t + lam * per_million)


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
    # the window's is the smallest (what _web gives: 0 as soon as one is absent)
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
    return _restoration_numbers(window, best, own, prior), cands


def _restoration_numbers(
    window: tuple[str, ...], best_restoration: tuple[tuple[str, ...], float, int], own: float, prior: float
) -> dict[str, float]:
    """The features of :data:`RESTORATION_FEATURES` from the best restoration
    (words, support, swap count) and the window's own support."""
    best, best_sup, best_n = best_restoration
    zipf_gain = max((fast_zipf(r) - fast_zipf(w) for w, r in zip(window, best) if w != r), default=0.0)
    restored = 1.0 if best_sup > own else 0.0
    return {
        "best_support": best_sup,
        "best_support_gain": best_sup - own,
        "best_from_lexicon": 1.0 if best_n > 0 else 0.0,
        "best_zipf_gain": zipf_gain,
        "restored": restored,
        "prior_without_restoration": prior * (1.0 - restored),
        "gain_from_lexicon": max(0.0, best_sup - own) * (1.0 if best_n > 0 else 0.0),
    }


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


def dropped_before_model(window: tuple[str, ...], counts: PhraseCounts, originals: frozenset[tuple[str, ...]]) -> bool:
    """Whether ``scan`` drops a window before any model sees it: a real
    collocation (seen :data:`~spindetect.resources.phrases.ATTESTED_COUNT`
    times in clean text) or a known original of the lexicon. Serving and
    training both ask this function (training keeps such windows or not by
    its ``include_dropped`` argument)."""
    return counts.count(window) >= ATTESTED_COUNT or window in originals


def candidate_windows(doc: Any, a: int, b: int) -> list[tuple[int, int]]:
    """Token ranges of the windows judged in sentence ``[a, b)`` of a
    :class:`~spindetect.text.Document`: two or three words, both ends content
    words (at most one function word inside: "signal to noise"), no digits."""
    forms, content, words = doc.forms, doc.content, doc.words
    # a token may be inside a window: a word without digits
    ok = [words[i] and (forms[i].isalpha() or not _DIGIT.search(forms[i])) for i in range(a, b)]
    out = []
    for lo in range(a, b - 1):
        if not content[lo] or not ok[lo - a] or (not forms[lo].isalpha() and "-" not in forms[lo]):
            continue
        for hi in (lo + 2, lo + 3):
            if hi > b or not content[hi - 1] or not all(ok[lo - a : hi - a]):
                continue
            out.append((lo, hi))
    return out
