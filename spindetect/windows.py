"""Window features: is this two- or three-word phrase a spinner's work?

:func:`spindetect.scan` looks at every short content-word window of a text
("profound learning", "flag to clamor") and asks whether a spinner made it.
No source is at hand, so the evidence is statistical:

* **Attestation.** Does clean English use the phrase? Counted in the shipped
  collocation counts (:mod:`spindetect.phrases`, 0.9 M words of news,
  encyclopedia and science text) and in the 242,342 commonest English word
  bigrams of the Google Books Ngram corpus that the ``symspellpy`` package
  ships (its ``frequency_bigramdictionary_en_243_342.txt``).
* **Surprise of absence.** A missing bigram of two common words ("profound
  learning": Zipf 4.2 and 5.0) says much more than one of two rare words
  ("multi-microphone speech"): the expected count of an unremarkable pairing
  of common words is high enough to be in the list.
* **Restoration.** Putting back a word that spinners are known to replace
  (the word swaps of the :class:`~spindetect.lexicon.Lexicon`) or a WordNet
  synonym gives a phrase that clean English does use ("deep learning").
* **Spinner-typical words**: how often the lexicon has a word as a
  replacement against how common it is.

:func:`window_features` turns one window into the numbers of
:data:`WINDOW_FEATURE_NAMES`; a linear model trained by
``scripts/train_windows.py`` (``spindetect/data/model_windows.json``)
turns them into P(spun window).
"""

from __future__ import annotations

import functools
import importlib.resources
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .oddness import zipf
from .phrases import PhraseCounts

__all__ = [
    "WINDOW_FEATURE_NAMES",
    "web_bigrams",
    "window_features",
]

#: The symspellpy data file: word bigram counts from Google Books Ngram.
WEB_BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
#: The smallest count in that file (6.4 M); absent bigrams are rarer.
WEB_MIN_LOG10 = math.log10(6_400_000)

#: Clean-text count from which a phrase counts as attested.
ATTESTED_COUNT = 2

#: Alternatives tried per word: lexicon swaps, then WordNet synonyms.
MAX_SWAP_ALTERNATIVES = 8
MAX_SYNONYMS = 12

WINDOW_FEATURE_NAMES: tuple[str, ...] = (
    "clean_log_count",
    "web_attested",
    "web_log_count",
    "absence_surprise",
    "min_zipf",
    "max_spin_prior",
    "in_word_swaps",
    "best_support",
    "best_support_gain",
    "best_from_lexicon",
    "best_zipf_gain",
    "trigram",
    "restored",
    "prior_without_restoration",
    "gain_from_lexicon",
    "min_word_use",
    "synonym_use_gain",
)


@functools.lru_cache(maxsize=1)
def web_bigrams() -> dict[tuple[str, str], float]:
    """log10 counts of the commonest English word bigrams (lower case), from
    the Google Books Ngram data in the ``symspellpy`` package (lazy, cached)."""
    try:
        path = Path(str(importlib.resources.files("symspellpy") / WEB_BIGRAM_FILE))
    except ModuleNotFoundError:
        raise RuntimeError(
            "scan needs the bigram counts of the 'symspellpy' package: `pip install symspellpy`"
        ) from None
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: reinstall symspellpy (`pip install --force-reinstall symspellpy`)")
    out: dict[tuple[str, str], float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                key = (parts[0].lower(), parts[1].lower())
                value = math.log10(int(parts[2]))
                if value > out.get(key, 0.0):
                    out[key] = value
    return out


def _web(cand: tuple[str, ...]) -> float:
    """Web attestation of a phrase: the smallest log10 count of its word
    bigrams, skipping none (0 if any is missing)."""
    web = web_bigrams()
    values = [web.get(b, 0.0) for b in zip(cand, cand[1:])]
    return min(values) if values else 0.0


@functools.lru_cache(maxsize=100_000)
def synonyms(word: str) -> tuple[str, ...]:
    """One-word WordNet synonyms of ``word``, commonest first, in the word's
    own inflection for plain plurals ("networks" -> "webs")."""
    from .wordnet_graph import get_graph

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
    return tuple(sorted(names, key=lambda w: -zipf(w))[:MAX_SYNONYMS])


def support(cand: tuple[str, ...], counts: PhraseCounts, originals: frozenset[tuple[str, ...]]) -> float:
    """How well clean English attests a phrase (0 = not at all)."""
    n = counts.count(cand)
    s = math.log1p(n) if n >= ATTESTED_COUNT else 0.0
    w = _web(cand)
    if w:
        s = max(s, 1.0 + w - WEB_MIN_LOG10)
    if cand in originals:
        s += 3.0
    return s


def restorations(
    window: tuple[str, ...],
    swaps: Mapping[str, Any],
    counts: PhraseCounts,
    originals: frozenset[tuple[str, ...]],
) -> list[tuple[tuple[str, ...], float, int]]:
    """Candidate originals of a window, best first: (phrase, support, lexicon
    swap count). One word replaced by a lexicon swap or WordNet synonym, or
    two words by lexicon swaps."""
    options: dict[tuple[str, ...], tuple[float, int]] = {}

    def put(cand: tuple[str, ...], n: int) -> None:
        key = (support(cand, counts, originals), n)
        if key > options.get(cand, (-1.0, -1)):
            options[cand] = key

    spots = []
    for k, w in enumerate(window):
        if not w.isalpha():
            continue
        if w in swaps:
            spots.append(k)
            for alt, n in swaps[w].most_common(MAX_SWAP_ALTERNATIVES):
                put(window[:k] + (alt,) + window[k + 1 :], n)
        for alt in synonyms(w):
            put(window[:k] + (alt,) + window[k + 1 :], 0)
    if len(spots) >= 2:
        k1, k2 = spots[0], spots[1]
        for alt1, n1 in swaps[window[k1]].most_common(4):
            for alt2, n2 in swaps[window[k2]].most_common(4):
                cand = list(window)
                cand[k1], cand[k2] = alt1, alt2
                put(tuple(cand), min(n1, n2))
    ranked = sorted(options.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    return [(cand, sup, n) for cand, (sup, n) in ranked]


def spin_prior(word: str, swaps: Mapping[str, Any], lam: float = 1.0) -> float:
    """How typical of spinners a word is: how often the lexicon has it as a
    replacement, against how common it is in clean English (wordfreq)."""
    t = sum(swaps[word].values()) if word in swaps else 0
    per_million = max(10.0 ** (zipf(word) - 3.0), 0.01)
    return t / (t + lam * per_million)


def window_features(
    window: tuple[str, ...],
    swaps: Mapping[str, Any],
    counts: PhraseCounts,
    originals: frozenset[tuple[str, ...]],
) -> tuple[list[float], list[tuple[tuple[str, ...], float, int]]]:
    """The numbers of :data:`WINDOW_FEATURE_NAMES` for one window of
    lower-case tokens, and its candidate restorations (best first)."""
    words = [w for w in window if w.isalpha()]
    zs = [zipf(w) for w in words] or [0.0]
    web = web_bigrams()
    bigram_logs = [web.get(b, 0.0) for b in zip(window, window[1:])]
    web_att = min(bigram_logs) if bigram_logs else 0.0
    # Absence surprise: for each missing bigram of two words, how common the
    # two words are (sum of Zipf values, 0 when present).
    surprise = 0.0
    for (a, b), v in zip(zip(window, window[1:]), bigram_logs):
        if not v:
            surprise = max(surprise, zipf(a) + zipf(b) - 6.0)
    cands = restorations(window, swaps, counts, originals)
    own = support(window, counts, originals)
    best, best_sup, best_n = cands[0] if cands else (window, 0.0, 0)
    changed = [(w, r) for w, r in zip(window, best) if w != r]
    zipf_gain = max((zipf(r) - zipf(w) for w, r in changed), default=0.0)
    feats = [
        math.log1p(counts.count(window)),
        1.0 if web_att else 0.0,
        (web_att - WEB_MIN_LOG10 + 1.0) if web_att else 0.0,
        max(0.0, surprise),
        min(zs),
        max((spin_prior(w, swaps) for w in words), default=0.0),
        1.0 if any(w in swaps for w in words) else 0.0,
        best_sup,
        best_sup - own,
        1.0 if best_n > 0 else 0.0,
        zipf_gain,
        1.0 if len(window) == 3 else 0.0,
    ]
    prior = feats[5]
    restored = 1.0 if best_sup > own else 0.0
    feats += [restored, prior * (1.0 - restored), max(0.0, best_sup - own) * (1.0 if best_n > 0 else 0.0)]
    # How much clean text uses the window's words, and how much more it uses
    # an alternative of one of them (spinners pick words the domain avoids).
    use = {w: math.log1p(counts.count((w,))) for w in words}
    gain = 0.0
    for w in words:
        alts = [a for a, _ in swaps[w].most_common(MAX_SWAP_ALTERNATIVES)] if w in swaps else []
        for a in alts + list(synonyms(w)):
            gain = max(gain, math.log1p(counts.count((a,))) - use[w])
    feats += [min(use.values(), default=0.0), gain]
    return feats, cands


def candidate_windows(doc: Any, a: int, b: int) -> list[tuple[int, int]]:
    """Token ranges of the windows judged in sentence ``[a, b)`` of a
    :class:`~spindetect.text.Document`: two or three words, both ends content
    words (at most one function word inside: "signal to noise"), no digits."""
    forms, content, words = doc.forms, doc.content, doc.words
    out = []
    for lo in range(a, b - 1):
        if not content[lo] or not forms[lo].isalpha() and "-" not in forms[lo]:
            continue
        for hi in (lo + 2, lo + 3):
            if hi > b or not content[hi - 1] or not all(words[lo:hi]):
                continue
            if any(any(c.isdigit() for c in f) for f in forms[lo:hi]):
                continue
            out.append((lo, hi))
    return out
