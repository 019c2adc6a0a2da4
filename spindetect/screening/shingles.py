"""The immutable skeleton of a text, and its shingles: what an index keys on.

A spinner replaces 10-50% of a text's content words, so an index of words or
word n-grams loses its grip exactly where it is needed. What a spinner leaves
intact are the *immutables* (the DSpin paper's term): function words,
numbers and punctuation, in their order. An index fingerprint therefore
rests on the text's *skeleton*: every function word, number and punctuation
mark is kept, every run of other words becomes one ``_``:

>>> " ".join(skeleton("The proposals include talks on 2 missile sites in Eastern Europe."))
'the _ on 2 _ in _ .'

The skeleton is read from the text as :func:`spindetect.score` and
:func:`spindetect.scan` read it (:func:`spindetect.normalization.normalize`):
invisible characters removed, ligatures and full-width letters expanded,
look-alike letters of other scripts inside Latin words read as Latin, HTML
tags and entities undone. A copy disguised with those tricks keeps its
source's skeleton; plain text (ASCII without markup) is unchanged by it:

>>> skeleton("The\u200b \u0441\u0430t s\u0430t \uff4f\uff4e the m\u0430t.") == skeleton("The cat sat on the mat.")
True

Runs are collapsed, so swapping one word for a two-word phrase ("Cook" ->
"Prepare dinner") changes nothing. The skeleton is cut into overlapping
n-grams (shingles, 5 tokens by default) and each shingle hashed to 32 bits
(:func:`fingerprint`); two texts' similarity is the Jaccard similarity of
their shingle sets.

Measured while designing it, on the haystack of ``benchmarks/retrieval.py``
(20,900 documents before near duplicates were dropped; 300 spun copies by a
context-blind WordNet spinner): a spun copy keeps
a skeleton Jaccard similarity of 0.82 (median; 0.54 at the 1st percentile)
with its source at 50% substitution, while the best-matching unrelated
document has 0.07 (median). Keeping capitalised names too was tried and
dropped: WordNet spinners replace names ("Moscow" -> "Capital of the Russian
Federation"), and the spun copies' similarity at 50% fell to 0.61.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from ..normalization import normalize

__all__ = [
    "FMIX64_C1",
    "FMIX64_C2",
    "FUNCTION_WORDS",
    "MIX_MULT",
    "fingerprint",
    "fmix64",
    "shingle_sequence",
    "skeleton",
]

#: Closed-class English words a synonym spinner leaves alone: articles,
#: pronouns, prepositions, conjunctions, auxiliaries and modals, plus the
#: pieces contractions split into ("don't" -> "don", "t"). Adverbs and
#: quantifiers that thesauri do list ("however", "several", "often") are left
#: out on purpose: they are not immutable.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    myself yourself himself herself itself ourselves themselves
    who whom whose which what when where why how whether
    and or but nor if because although though while unless until since than as so
    of in on at by for with from to into onto upon about over under between through during before after
    against among without within along across behind beyond toward towards via per off out up down
    is am are was were be been being have has had having do does did
    will would can could shall should may might must not no there here then
    s t d ll re ve m don doesn didn isn aren wasn weren won wouldn couldn shouldn hasn haven hadn
    """.split()
)

#: Punctuation kept in the skeleton: spinners keep sentence structure.
_PUNCT = ".!?;:,"

#: Tokens: letter runs, numbers (with inner . or ,), kept punctuation.
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|[.!?;:,]")

_MASK = "_"


def _h32(symbol: str) -> int:
    return zlib.crc32(symbol.encode("utf-8"))


_KNOWN: dict[str, int] = {w: _h32(w) for w in (*FUNCTION_WORDS, *_PUNCT)}
_MASK_HASH = _h32(_MASK)

# 64-bit arithmetic constants for hashes of hash sequences (shingles here, LSH
# bands in :mod:`spindetect.screening.lsh`): an odd multiplier for the
# polynomial combination and the two of the MurmurHash3 fmix64 finaliser.
MIX_MULT = np.uint64(0x9E3779B97F4A7C15)
FMIX64_C1 = np.uint64(0xFF51AFD7ED558CCD)
FMIX64_C2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_LOW32 = np.uint64(0xFFFFFFFF)


def fmix64(acc: np.ndarray) -> np.ndarray:
    """MurmurHash3's fmix64 finaliser of the uint64 array ``acc``, in place
    (wrapping on overflow); returns ``acc``."""
    with np.errstate(over="ignore"):
        acc ^= acc >> _S33
        acc *= FMIX64_C1
        acc ^= acc >> _S33
        acc *= FMIX64_C2
        acc ^= acc >> _S33
    return acc


def skeleton(text: str) -> list[str]:
    """The immutable skeleton of ``text``: function words, numbers and
    punctuation in order, every run of other words as one ``_``.

    >>> skeleton("Officials said on Monday that 3 talks had failed.")
    ['_', 'on', '_', 'that', '3', '_', 'had', '_', '.']
    """
    out: list[str] = []
    for tok in _TOKEN.findall(normalize(text).lower()):
        if tok in _KNOWN:
            out.append(tok)
        elif tok[0].isdigit():
            out.append(tok)
        elif not out or out[-1] != _MASK:
            out.append(_MASK)
    return out


def _skeleton_hashes(text: str) -> np.ndarray:
    known = _KNOWN
    mask = _MASK_HASH
    hashes: list[int] = []
    append = hashes.append
    prev_mask = False
    for tok in _TOKEN.findall(normalize(text).lower()):
        h = known.get(tok)
        if h is None:
            if tok[0].isdigit():
                h = _h32(tok)
            else:
                if not prev_mask:
                    append(mask)
                    prev_mask = True
                continue
        append(h)
        prev_mask = False
    return np.fromiter(hashes, dtype=np.uint64, count=len(hashes))


def shingle_sequence(text: str, shingle_size: int = 5) -> np.ndarray:
    """The 32-bit hashes of the skeleton's ``shingle_size``-grams in text
    order, repeats kept: one per skeleton position (``len(skeleton) -
    shingle_size + 1`` of them; one for a shorter, non-empty skeleton). A
    stretch of it is the fingerprint of a stretch of the text
    (:mod:`spindetect.screening.chunks` cuts it into chunks).

    >>> seq = shingle_sequence("The cat sat on the mat, and then it slept. The dog sat on the mat.")
    >>> len(seq), len(fingerprint("The cat sat on the mat, and then it slept. The dog sat on the mat."))
    (13, 12)
    """
    h = _skeleton_hashes(text)
    n = len(h)
    if n == 0:
        return np.zeros(0, dtype=np.uint32)
    k = min(shingle_size, n)
    m = n - k + 1
    acc = h[:m].copy()
    with np.errstate(over="ignore"):
        for j in range(1, k):
            acc *= MIX_MULT
            acc += h[j : j + m]
    fmix64(acc)
    return (acc & _LOW32).astype(np.uint32)


def fingerprint(text: str, shingle_size: int = 5) -> np.ndarray:
    """Sorted, unique 32-bit hashes of the skeleton's ``shingle_size``-grams
    (the set of :func:`shingle_sequence`).

    A skeleton shorter than ``shingle_size`` gives one shingle (the whole
    skeleton); an empty one gives an empty array.

    >>> a = fingerprint("The cat sat on the mat, and then it slept.")
    >>> b = fingerprint("The kitty sat on the rug, and then it slumbered.")
    >>> bool((a == b).all())
    True
    """
    return np.unique(shingle_sequence(text, shingle_size))
