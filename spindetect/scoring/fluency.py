"""How much a swap damages its sentence, and which swaps are plain edits.

A spinner picks each replacement without reading the sentence, so its
phrases fit their neighbours badly ("a last evaluate is deliberate for
subsequent spring"); an editor's or translator's rewording fits them
("a final review is planned for next spring" -> "a last review is scheduled
for next spring"). :func:`swap_fluency` measures that fit as the drop, from
source to suspect, of the *association* of the changed words and the two
words after them with their left context under a general English trigram
model (:mod:`spindetect.resources.ngrams`): the sum over those words of
``log P(w | two previous words) - log P(w)``, in nats. The association, not
the raw log-probability, so that rarer or longer wording is not by itself
taken for damage (rarity is :func:`~spindetect.scoring.oddness.direction_score`'s
job).

:func:`edit_kind` recognises the changes that are corrections, not
rewording: numbers, dates and weekdays, British/American spelling, typos,
and one name for another. Updated wire copies are full of them; they are
never evidence of spinning.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING


if TYPE_CHECKING:  # types only
    from ..text import Document

__all__ = [
    "FLUENCY_CLIP_NATS",
    "FLUENCY_DAMAGE_NATS",
    "TERM_ASSOCIATION_NATS",
    "edit_kind",
    "is_broken_term",
    "swap_fluency",
    "unattested_share",
]

#: Words after the changed ones whose fit counts too: a replacement also
#: changes how the rest of the sentence reads ("is deliberate for").
FOLLOWING_WORDS = 2

#: Per-swap drops are clipped to +-this many nats before averaging, so one
#: out-of-vocabulary neighbour cannot dominate a pair's mean.
FLUENCY_CLIP_NATS = 15.0

#: A swap whose fluency drop reaches this many nats counts as damaging in
#: the ``fluency_damage_share`` pair feature. On the spun and human cases of
#: ``tests/cases/shared`` (12, 16, 18) spinner swaps such as "final review ->
#: last evaluate" lose 7-12 nats and fluent rewordings ("large -> big",
#: "began -> started") -2 to +2.5; 4 nats sits between them.
FLUENCY_DAMAGE_NATS = 4.0

#: A bigram whose association (log P(b | a) - log P(b)) exceeds this is an
#: established term for :func:`is_broken_term` ("pattern recognition" 6.1,
#: "raw data" 5.7, "final review" 2.5; an ordinary pairing such as "the
#: data" about 0.5).
TERM_ASSOCIATION_NATS = 2.0


def _sentence_words(doc: Document, token: int) -> list[int]:
    """Indices of the word tokens of the sentence holding ``token``."""
    for a, b in doc.sentences:
        if a <= token < b or (a == b == token):
            return [i for i in range(a, b) if doc.words[i]]
    return [token] if 0 <= token < len(doc.words) and doc.words[token] else []


def _context_fit(doc: Document, first: int, end: int) -> float:
    """Association of tokens ``first:end`` and the next words with their left context, nats."""
    lm = default_ngrams()
    if lm is None:
        return 0.0
    anchor = first if first < len(doc.forms) else max(0, len(doc.forms) - 1)
    words = _sentence_words(doc, anchor)
    history = ["<s>"]
    total = 0.0
    after = 0
    for i in words:
        w = doc.forms[i]
        if i >= first:
            if i >= end:
                if after >= FOLLOWING_WORDS:
                    break
                after += 1
            total += association(lm, w, history[-2:])
        history.append(w)
    return total


def swap_fluency(source: Document, suspect: Document, source_tokens: tuple[int, int], suspect_tokens: tuple[int, int]) -> float:
    """Drop in context fit from the source's wording to the suspect's, nats.

    Positive when the suspect's phrase fits its sentence worse than the
    source's did (the spinner's direction); clipped to
    +-:data:`FLUENCY_CLIP_NATS`. 0.0 when the trigram model is not installed.
    """
    drop = _context_fit(source, *source_tokens) - _context_fit(suspect, *suspect_tokens)
    return max(-FLUENCY_CLIP_NATS, min(FLUENCY_CLIP_NATS, drop))


def unattested_share(doc: Document, sentences: Sequence[int]) -> float:
    """Share of the word bigrams of the given sentences the trigram model
    has never seen (it backs off to the unigram), in [0, 1]; bigrams with an
    unknown word are left out. Source-free evidence about one side."""
    lm = default_ngrams()
    if lm is None:
        return 0.0
    seen = unseen = 0
    for k in sentences:
        a, b = doc.sentences[k]
        words = [doc.forms[i] for i in range(a, b) if doc.words[i]]
        for x, y in zip(words, words[1:]):
            s = lm.bigram_association(x, y)
            if s is None:
                continue
            if s > 0.0:
                seen += 1
            else:
                unseen += 1
    return unseen / (seen + unseen) if seen + unseen else 0.0


@functools.lru_cache(maxsize=100_000)
def is_broken_term(original: str, replacement: str) -> bool:
    """Whether a multi-word term was replaced word by word.

    True when both phrases have the same number (>= 2) of words, every word
    changed, every adjacent pair of the original is an established term in
    the trigram model (association > :data:`TERM_ASSOCIATION_NATS`) and no
    adjacent pair of the replacement is attested at all ("pattern recognition"
    -> "example acknowledgment", "raw data" -> "crude information").
    """
    lm = default_ngrams()
    if lm is None:
        return False
    o = _plain_words(original)
    r = _plain_words(replacement)
    if len(o) < 2 or len(o) != len(r) or any(x == y for x, y in zip(o, r)):
        return False
    for x, y in zip(o, o[1:]):
        s = lm.bigram_association(x, y)
        if s is None or s <= TERM_ASSOCIATION_NATS:
            return False
    for x, y in zip(r, r[1:]):
        s = lm.bigram_association(x, y)
        if s is None or s > 0.0:
            return False
    return True


# -- temporary trigram access (to be replaced by spindetect.resources.ngrams) --
import math as _math

_LOG_BASE = _math.log(1.0001)
_OOV = -536870912


class _Trigrams:
    def __init__(self, model):
        self.model = model
        self._cache: dict[tuple[str, ...], float | None] = {}

    def logprob(self, words: tuple[str, ...]) -> float | None:
        v = self._cache.get(words, 0.0)
        if v == 0.0:
            r = self.model.prob(list(words))
            v = None if r <= _OOV else r * _LOG_BASE
            self._cache[words] = v
        return v

    def bigram_association(self, a: str, b: str) -> float | None:
        full, uni = self.logprob((b, a)), self.logprob((b,))
        return None if full is None or uni is None else full - uni


@functools.lru_cache(maxsize=1)
def default_ngrams():
    try:
        import os

        import pocketsphinx
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(pocketsphinx.__file__), "model", "en-us", "en-us.lm.bin")
    return _Trigrams(pocketsphinx.NGramModel.readfile(path))


def association(lm, word: str, history: list[str]) -> float:
    full = lm.logprob((word, *reversed(history)))
    uni = lm.logprob((word,))
    return 0.0 if full is None or uni is None else full - uni


_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019.,][^\W_]+)*")


def _plain_words(phrase: str) -> list[str]:
    return _WORD_RE.findall(phrase.lower().replace("-", " "))


_NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million
    billion trillion dozen half quarter first second third fourth fifth sixth seventh eighth ninth tenth eleventh
    twelfth percent per cent""".split()
)
_DATE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    january february march april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec today yesterday tomorrow tonight morning afternoon evening night week weekend
    month year decade am pm a.m p.m gmt bst est edt utc""".split()
)

# British -> American spelling rules, applied to both words before comparing
# (a spelling correction is not a rewording).
_SPELLING_RULES = (
    (re.compile(r"isation"), "ization"),
    (re.compile(r"is(e|ed|es|ing|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"our(s|ed|ing|ite|ites|ful|less|able)?$"), r"or\1"),
    (re.compile(r"([^aeiou])re(s|d)?$"), r"\1er\2"),
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"ence(s)?$"), r"ense\1"),
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe"), "e"),
)


@functools.lru_cache(maxsize=100_000)
def _american(word: str) -> str:
    for pattern, repl in _SPELLING_RULES:
        word = pattern.sub(repl, word)
    return word


def _numeric(word: str) -> bool:
    return any(c.isdigit() for c in word) or word in _NUMBER_WORDS or word in _DATE_WORDS


#: Two single words this similar (normalised Levenshtein similarity, 0-1)
#: are a typo and its correction ("goverment" -> "government" 0.91,
#: "recieve" -> "receive" 0.71), not a synonym swap ("form" -> "shape" 0.0,
#: "said" -> "stated" 0.5).
TYPO_SIMILARITY = 0.7


@functools.lru_cache(maxsize=100_000)
def edit_kind(original: str, replacement: str, *, capitalised: bool = False, related: bool = False) -> str | None:
    """The kind of correction ``original -> replacement`` is, or None for a rewording.

    Returns "number" (only numbers and number words change), "date"
    (weekdays, months, dates, times), "spelling" (British/American variants),
    "typo" (one word corrected: normalised Levenshtein similarity >=
    :data:`TYPO_SIMILARITY`, at least 4 letters), "name" (one capitalised
    word inside a sentence for another that WordNet does not relate to it:
    ``capitalised`` says both are capitalised mid-sentence, ``related`` that
    WordNet relates them), or None.
    """
    from rapidfuzz.distance import Levenshtein

    o, r = _plain_words(original), _plain_words(replacement)
    if not o or not r:
        return None
    if all(_numeric(w) for w in o) and all(_numeric(w) for w in r):
        date = any(w in _DATE_WORDS for w in o + r)
        return "date" if date else "number"
    if len(o) != len(r):
        return None
    changed = [(x, y) for x, y in zip(o, r) if x != y]
    if not changed:
        return None
    if all(_american(x) == _american(y) for x, y in changed):
        return "spelling"
    if len(changed) == 1:
        x, y = changed[0]
        if min(len(x), len(y)) >= 4 and x[0] == y[0] and Levenshtein.normalized_similarity(x, y) >= TYPO_SIMILARITY:
            return "typo"
        if capitalised and len(o) == 1 and not related:
            return "name"
    return None
