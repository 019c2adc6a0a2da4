"""The window stage of ``scan``: which windows are judged, what their words
could have been, and their features for many windows at once.

:mod:`spindetect.scanning.windows` defines each window feature one window at
a time (what training calls). ``scan`` needs the same numbers for thousands
of windows per text, most of them new, so this module also computes them in
batches: what belongs to one word (Zipf value, spin prior, clean-text use,
alternatives, vector rows) is computed once per word and kept in a
:class:`WordTable`; a window's cheap features are read off its words'
entries and its bigrams' look-ups (:func:`cheap_rows`), and only its best
restoration is sought (:func:`best_restoration_features`). The numbers are
those of the one-window functions (``tests/test_scan_speed.py`` checks
them against each other).

Restorations: putting back a word that spinners are known to replace (the
word swaps of the :class:`~spindetect.resources.lexicon.Lexicon`) or a
WordNet synonym ("profound learning" -> "deep learning"), with the support
clean English gives the result (:func:`support`) and the plausibility of
the spinner's story (:func:`restorations`).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from typing import Any, NamedTuple

from ..resources.phrases import ATTESTED_COUNT, PhraseCounts
from ..resources.synonyms import synonyms
from ..resources.wordnet_graph import get_graph
from ..resources.words import WordVectors, fast_zipf, web_bigrams, word_vectors
from .verdict import CHEAP_FEATURE_NAMES, RESTORATION_NAMES, full_rows

__all__ = [
    "KNOWN_TERM_SUPPORT",
    "MAX_SWAP_ALTERNATIVES",
    "RESTORATION_NAMES",
    "WEB_MIN_LOG10",
    "Restoration",
    "WordStory",
    "WordTable",
    "alternatives",
    "best_restoration_features",
    "candidate_windows",
    "cheap_rows",
    "context_plan",
    "dropped_before_model",
    "full_rows",
    "original_parts",
    "restoration_numbers",
    "restorations",
    "spin_prior",
    "support",
    "supports",
    "swap_support_bound",
    "web_attestation",
    "window_stories",
    "word_stats",
    "word_story",
    "wordnet_term",
]

_DIGIT = re.compile(r"\d")
#: The smallest count in that file (6.4 M); absent bigrams are rarer.
WEB_MIN_LOG10 = math.log10(6_400_000)

#: Alternatives tried per word: lexicon swaps, then WordNet synonyms.
MAX_SWAP_ALTERNATIVES = 8

# -- which windows are judged --------------------------------------------------


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


def dropped_before_model(window: tuple[str, ...], counts: PhraseCounts, originals: frozenset[tuple[str, ...]]) -> bool:
    """Whether ``scan`` drops a window before any model sees it: a real
    collocation (seen :data:`~spindetect.resources.phrases.ATTESTED_COUNT`
    times in clean text) or a known original of the lexicon. Serving and
    training both ask this function (training keeps such windows or not by
    its ``include_dropped`` argument)."""
    return counts.count(window) >= ATTESTED_COUNT or window in originals


# -- words --------------------------------------------------------------------


def alternatives(word: str, swaps: Mapping[str, Any]) -> list[str]:
    """Words a spinner may have replaced by ``word``: lexicon swaps, then WordNet synonyms."""
    alts = [a for a, _ in swaps[word].most_common(MAX_SWAP_ALTERNATIVES)] if word in swaps else []
    return alts + [a for a in synonyms(word) if a not in alts]


def spin_prior(word: str, swaps: Mapping[str, Any], lam: float = 1.0) -> float:
    """How typical of spinners a word is: how often the lexicon has it as a
    replacement, against how common it is in clean English (wordfreq)."""
    t = sum(swaps[word].values()) if word in swaps else 0
    per_million = max(10.0 ** (fast_zipf(word) - 3.0), 0.01)
    return t / (t + lam * per_million)


def word_stats(
    word: str, swaps: Mapping[str, Any], counts: PhraseCounts, alts: Sequence[str] | None = None
) -> tuple[float, float, float, float]:
    """(Zipf, spin prior, log1p of its clean-text count, how much more clean
    text uses its commonest alternative: log1p count difference, >= 0) of one
    word; ``alts`` is its :func:`alternatives`, if known."""
    count = counts.lookup()
    use = math.log1p(count((word,), 0))
    alts = alternatives(word, swaps) if alts is None else alts
    # the largest log1p(count) - use is that of the largest count (log1p and
    # the subtraction are monotone), looked up in one C loop
    most = max(map(count, zip(alts), repeat(0)), default=None)
    gain = math.log1p(most) - use if most is not None else 0.0
    return fast_zipf(word), spin_prior(word, swaps), use, max(0.0, gain)


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


# -- restorations ------------------------------------------------------------


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
        w = web_attestation(cand, web)
        if w:
            s = max(s, 1.0 + w - WEB_MIN_LOG10)
        if cand in originals:
            s += 3.0
        elif s == 0.0:
            # part of a known original ("neural network" in "convolutional
            # neural network") or a WordNet multi-word term: a real term that
            # our counts are too small to hold
            if parts is None:
                parts = original_parts(originals)
            if cand in parts or wordnet_term(cand):
                s = KNOWN_TERM_SUPPORT
        out.append(s)
    return out


def web_attestation(cand: tuple[str, ...], web: Any) -> float:
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
def original_parts(originals: frozenset[tuple[str, ...]]) -> frozenset[tuple[str, ...]]:
    """Every run of two or three words inside a known original phrase."""
    return frozenset(o[i : i + n] for o in originals for n in (2, 3) for i in range(len(o) - n + 1) if len(o) > n)


@functools.lru_cache(maxsize=100_000)
def wordnet_term(cand: tuple[str, ...]) -> bool:
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


class WordStory(NamedTuple):
    """What :func:`window_stories` needs of one word (fixed for one lexicon): the
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


def word_story(w: str, swaps: Mapping[str, Any]) -> WordStory | None:
    if not w.isalpha():
        return None
    total = sum(swaps[w].values()) if w in swaps else 0
    # (most_common(4) is most_common(8)[:4]: both are a stable sort's head)
    alts = tuple(
        (a, n, math.log((n + 0.5) / (total + 1.0)))
        for a, n in (swaps[w].most_common(MAX_SWAP_ALTERNATIVES) if w in swaps else ())
    )
    alts4 = alts[:4]
    keep = math.log(max(0.05, 1.0 - spin_prior(w, swaps)))
    return WordStory(keep, w in swaps, alts, alts4, synonyms(w), math.log((0 + 0.5) / (total + 1.0)))


def _word_stories(window: tuple[str, ...], swaps: Mapping[str, Any], cache: dict[str, Any] | None) -> list[Any]:
    """:func:`word_story` of each word of ``window``, read from and kept in ``cache`` when given."""
    parts = []
    for w in window:
        st = cache.get(w, False) if cache is not None else False
        if st is False:
            st = word_story(w, swaps)
            if cache is not None:
                cache[w] = st
        parts.append(st)
    return parts


def window_stories(
    window: tuple[str, ...], swaps: Mapping[str, Any], cache: dict[str, Any] | None = None
) -> dict[tuple[str, ...], tuple[float, int]]:
    """Each candidate original of a window with the plausibility and swap
    count of its most plausible story (see :func:`restorations`). ``cache``
    keeps each word's part (valid for one lexicon)."""
    parts = _word_stories(window, swaps, cache)
    keep = [st.keep if st is not None else 0.0 for st in parts]
    # a candidate reached several ways keeps its most plausible story: the
    # first way found sets its place, the largest (plausibility, count) wins
    best: dict[tuple[str, ...], tuple[float, int]] = {}
    get = best.get
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
                cand, value = (*head, alt, *tail), (sum(terms), n)
                old = get(cand)
                if old is None or value > old:
                    best[cand] = value
        if st.synonyms:  # (one plausibility for all of them)
            terms = keep.copy()
            terms[k] = st.synonym_term
            value = (sum(terms), 0)
            for alt in st.synonyms:
                cand = (*head, alt, *tail)
                old = get(cand)
                if old is None or value > old:
                    best[cand] = value
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
                cand, value = tuple(cand), (sum(terms), min(n1, n2))
                old = get(cand)
                if old is None or value > old:
                    best[cand] = value
    return best


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
    best = window_stories(window, swaps)
    sups = supports(best, counts, originals)
    ranked = sorted(
        (Restoration(cand, sup, n, plaus) for (cand, (plaus, n)), sup in zip(best.items(), sups)),
        key=lambda c: (-c[1], -c[3], c[0]),
    )
    return ranked


def restoration_numbers(
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


# -- many windows at once ----------------------------------------------------

#: The order :func:`cheap_rows` writes a row in (the cascade's columns).
_CHEAP_ORDER = (
    "clean_log_count",
    "web_attested",
    "web_log_count",
    "absence_surprise",
    "min_zipf",
    "max_spin_prior",
    "in_word_swaps",
    "trigram",
    "min_word_use",
    "synonym_use_gain",
)
if CHEAP_FEATURE_NAMES != _CHEAP_ORDER:  # pragma: no cover - a change of verdict.py must be mirrored here
    raise RuntimeError(f"batch.cheap_rows writes {_CHEAP_ORDER}, the cascade reads {CHEAP_FEATURE_NAMES}")

_UNSEEN = object()


class WordTable:
    """What the window stage needs of each word, computed once per word for
    one lexicon's word swaps and one set of counts (a :class:`Scanner` keeps
    one across texts; :meth:`clear` empties it).

    ``stats[word]``: None for a word that is not all letters, else
    (:func:`~spindetect.scanning.windows.word_stats`..., whether the word
    swaps have it); ``stories[word]``: its
    :func:`~spindetect.scanning.windows.word_story`; ``rows[word]``: the
    vector rows of the word and its known alternatives (None if it has no
    vector or is not all letters)."""

    def __init__(self, swaps: Mapping[str, Any], counts: PhraseCounts) -> None:
        self.swaps = swaps
        self.counts = counts
        self.stats: dict[str, tuple[float, float, float, float, bool] | None] = {}
        self.stories: dict[str, Any] = {}
        self.rows: dict[str, tuple[int, ...] | None] = {}
        self.alternatives: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.stats) + len(self.stories) + len(self.rows)

    def clear(self) -> None:
        self.stats.clear()
        self.stories.clear()
        self.rows.clear()
        self.alternatives.clear()

    def alternatives_of(self, w: str) -> tuple[str, ...]:
        """:func:`alternatives` of ``w``, as a tuple (kept for every word met:
        a tuple of strings is no work for the garbage collector, a list is)."""
        alts = self.alternatives.get(w)
        if alts is None:
            alts = self.alternatives[w] = tuple(alternatives(w, self.swaps))
        return alts

    def word(self, w: str) -> tuple[float, float, float, float, bool] | None:
        st = None
        if w.isalpha():
            st = (*word_stats(w, self.swaps, self.counts, self.alternatives_of(w)), w in self.swaps)
        self.stats[w] = st
        return st

    def plan(self, window: tuple[str, ...]) -> Any:
        """:func:`~spindetect.scanning.windows.context_plan` of ``window``."""
        import numpy as np

        rows: list[int] = []
        groups: list[tuple[int, int]] = []
        table = self.rows
        for w in window:
            r = table.get(w, _UNSEEN)
            if r is _UNSEEN:
                index = word_vectors().index
                r = None
                if w.isalpha() and w in index:
                    r = (index[w], *(index[a] for a in self.alternatives_of(w) if a in index))
                table[w] = r
            if r is None:
                continue
            groups.append((len(rows), len(rows) + len(r)))
            rows.extend(r)
        return np.asarray(rows, dtype=np.int64), tuple(groups)


def cheap_rows(windows: Iterable[tuple[str, ...]], table: WordTable) -> list[list[float]]:
    """:func:`~spindetect.scanning.windows.cheap_features` of each window, as
    rows in :data:`~spindetect.scanning.verdict.CHEAP_FEATURE_NAMES` order."""
    stats, word = table.stats, table.word
    count = table.counts.lookup()
    web = web_bigrams().get
    log1p = math.log1p
    out = []
    for window in windows:
        mz = mp = mu = mg = None
        ins = False
        for w in window:
            st = stats.get(w, _UNSEEN)
            if st is _UNSEEN:
                st = word(w)
            if st is None:
                continue
            if mz is None:
                mz, mp, mu, mg, ins = st
            else:
                z, p, u, g, s = st
                # min()/max() of two floats, written out
                mz = z if z < mz else mz
                mp = p if p > mp else mp
                mu = u if u < mu else mu
                mg = g if g > mg else mg
                ins = ins or s
        n = len(window)
        surprise = 0.0
        if n == 2:
            att = web(window, 0.0)
            if not att:
                x = fast_zipf(window[0]) + fast_zipf(window[1]) - 6.0
                surprise = x if x > surprise else surprise
        elif n == 3:
            a, b = web(window[:2], 0.0), web(window[1:], 0.0)
            att = b if b < a else a
            if not a:
                x = fast_zipf(window[0]) + fast_zipf(window[1]) - 6.0
                surprise = x if x > surprise else surprise
            if not b:
                x = fast_zipf(window[1]) + fast_zipf(window[2]) - 6.0
                surprise = x if x > surprise else surprise
        else:  # any other length (scan's windows have two or three words)
            atts = [web(pair, 0.0) for pair in zip(window, window[1:])]
            att = min(atts) if atts else 0.0
            for (u, v), x in zip(zip(window, window[1:]), atts):
                if not x:
                    surprise = max(surprise, fast_zipf(u) + fast_zipf(v) - 6.0)
        out.append(
            [
                log1p(count(window, 0)),
                1.0 if att else 0.0,
                (att - WEB_MIN_LOG10 + 1.0) if att else 0.0,
                surprise if surprise > 0.0 else 0.0,
                mz if mz is not None else 0.0,
                mp if mp is not None else 0.0,
                1.0 if ins else 0.0,
                1.0 if n == 3 else 0.0,
                mu if mu is not None else 0.0,
                mg if mg is not None else 0.0,
            ]
        )
    return out


def best_restoration_features(
    window: tuple[str, ...],
    swaps: Mapping[str, Any],
    counts: PhraseCounts,
    originals: frozenset[tuple[str, ...]],
    prior: float,
    cache: dict[str, Any] | None = None,
) -> dict[str, float]:
    """``restoration_features(...)[0]`` of :mod:`~spindetect.scanning.windows`,
    the same numbers, without ranking every candidate: only the best
    restoration enters the features. The best is the candidate with the
    highest support, then plausibility, then the first in tuple order; the
    costly WordNet-term check (:func:`wordnet_term`, which can only lift a
    support of 0 to :data:`KNOWN_TERM_SUPPORT`) runs only for a candidate
    that could still be the best. ``scan`` ranks all restorations
    (:func:`restorations`) only for the windows it reports. ``cache`` keeps
    each word's alternatives and their log-probabilities (valid for one
    lexicon)."""
    stories = window_stories(window, swaps, cache)
    count = counts.lookup()
    web = web_bigrams().get
    in_parts = original_parts(originals)
    # the first, exact test of WordNetGraph.may_be_multiword, inline: a
    # phrase whose head (the words before its last) begins no multi-word
    # term is no WordNet term, and most candidates are such
    heads = get_graph().multiword_heads()
    log1p = math.log1p

    def bounded(cand: tuple[str, ...]) -> tuple[float, bool]:
        """support of ``cand``; False if it awaits the WordNet check (then KNOWN_TERM_SUPPORT or 0)."""
        c = count(cand, 0)
        sup = log1p(c) if c >= ATTESTED_COUNT else 0.0
        w = web(cand, 0.0) if len(cand) == 2 else web_attestation(cand, web)
        if w:
            sup = max(sup, 1.0 + w - WEB_MIN_LOG10)
        if cand in originals:
            return sup + 3.0, True
        if sup == 0.0:
            if cand in in_parts:
                return KNOWN_TERM_SUPPORT, True
            if (cand[0] if len(cand) == 2 else "_".join(cand[:-1])) in heads:
                return KNOWN_TERM_SUPPORT, False
        return sup, True

    # the best settled candidate by (support, plausibility, -words: the
    # first in tuple order), and the keys (-support, -plausibility, words,
    # -swap count) of the candidates that may be WordNet terms (optimistic)
    best_sup = best_plaus = 0.0
    best_cand: tuple[str, ...] | None = None
    best_n = 0
    pending = []
    pair = len(window) == 2
    for cand, (plaus, n) in stories.items():
        # bounded(cand), inline (the loop runs for every candidate)
        c = count(cand, 0)
        sup = log1p(c) if c >= ATTESTED_COUNT else 0.0
        w = web(cand, 0.0) if pair else web_attestation(cand, web)
        if w:
            x = 1.0 + w - WEB_MIN_LOG10
            sup = x if x > sup else sup  # max(sup, x): equal values are the same float
        if cand in originals:
            sup += 3.0
        elif sup == 0.0:
            if cand in in_parts:
                sup = KNOWN_TERM_SUPPORT
            elif (cand[0] if pair else "_".join(cand[:-1])) in heads:
                pending.append((-KNOWN_TERM_SUPPORT, -plaus, cand, -n))
                continue
        # (the key comparison, written out: most candidates lose on support)
        if (
            best_cand is None
            or sup > best_sup
            or (sup == best_sup and (plaus > best_plaus or (plaus == best_plaus and cand < best_cand)))
        ):
            best_sup, best_plaus, best_cand, best_n = sup, plaus, cand, n
    best_key = None if best_cand is None else (-best_sup, -best_plaus, best_cand, -best_n)
    # a WordNet term has KNOWN_TERM_SUPPORT at most: no better than a
    # higher support (the loop below would stop at once)
    if pending and (best_cand is None or not best_sup > KNOWN_TERM_SUPPORT):
        for key in sorted(pending):
            if best_key is not None and not key < best_key:
                break  # (the rest are no better, even as terms)
            if not wordnet_term(key[2]):
                key = (-0.0, key[1], key[2], key[3])
                if best_key is not None and not key < best_key:
                    continue
            best_key = key
    best = (window, 0.0, 0) if best_key is None else (best_key[2], -best_key[0], -best_key[3])
    own, settled = bounded(window)
    if not settled and not wordnet_term(window):
        own = 0.0
    return restoration_numbers(window, best, own, prior)


def swap_support_bound(
    window: tuple[str, ...],
    swaps: Mapping[str, Any],
    counts: PhraseCounts,
    originals: frozenset[tuple[str, ...]],
    cache: dict[str, Any] | None = None,
) -> float:
    """An upper bound of the support (:func:`support`) of every restoration
    of ``window`` that undoes lexicon swaps (one word, or the two most
    spinner-typical words by their four commonest swaps each:
    :func:`window_stories`), 0.0 if it
    has none: a WordNet term (:func:`wordnet_term`) is not looked up, its
    support is taken as KNOWN_TERM_SUPPORT. The window model's
    ``gain_from_lexicon`` cannot exceed it minus the window's own support,
    which bounds a window's P(spun) far more tightly than the feature's
    training range (:func:`~spindetect.scanning.verdict.window_upper_bounds`).
    ``cache`` keeps each word's part, as for :func:`window_stories`."""
    parts = _word_stories(window, swaps, cache)
    spots = [k for k, st in enumerate(parts) if st is not None and st.in_swaps]
    if not spots:
        return 0.0
    cands = []
    for k in spots:
        cands.extend([(*window[:k], alt, *window[k + 1 :]) for alt, _, _ in parts[k].swap_alts])
    # two words replaced: the two most spinner-typical ones (as window_stories picks them)
    if len(spots) >= 2:
        k1, k2 = sorted(sorted(spots, key=lambda k: parts[k].keep)[:2])
        for alt1, _, _ in parts[k1].swap_alts4:
            for alt2, _, _ in parts[k2].swap_alts4:
                cand = list(window)
                cand[k1], cand[k2] = alt1, alt2
                cands.append(tuple(cand))
    count = counts.lookup()
    web = web_bigrams().get
    in_parts = original_parts(originals)
    heads = get_graph().multiword_heads()
    pair = len(window) == 2
    best = 0.0
    for cand in cands:
        c = count(cand, 0)
        sup = math.log1p(c) if c >= ATTESTED_COUNT else 0.0
        w = web(cand, 0.0) if pair else web_attestation(cand, web)
        if w:
            sup = max(sup, 1.0 + w - WEB_MIN_LOG10)
        if cand in originals:
            sup += 3.0
        elif sup == 0.0 and (cand in in_parts or (cand[0] if len(cand) == 2 else "_".join(cand[:-1])) in heads):
            sup = KNOWN_TERM_SUPPORT
        best = sup if sup > best else best
    return best
