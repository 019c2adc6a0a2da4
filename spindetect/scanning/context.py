"""Phrases weighed in their sentence: is a wording less likely there than its
candidate original?

A lexicon entry says "spinners write 'short blast' for 'explosion'"; it does
not say that every "short blast" is spun. In its sentence, a spun phrase is
far less likely than the original it replaced ("profound learning" in "recent
advances in ... are reviewed"), a literal use is about as likely or more
("a toddler's 3rd birthday party"). :func:`slot_logprobs` scores a phrase and
its candidate originals in the phrase's sentence, with the language-model
judge (:func:`spindetect.resources.language_model.available_judge`) when it
runs here, else with the trigram model
(:func:`spindetect.resources.ngrams.available_ngrams`):
log P(candidate + rest of the sentence | sentence before it), nats.

The judge is called only for the few phrases already found (lexicon hits,
windows the window model reports), never for every window; it is switched
off by the environment variable ``SPINDETECT_JUDGE=0`` (the test suite's
fast path), and then the trigram model decides.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from ..documents.structure import find_mentions
from ..resources.language_model import CausalLM, available_judge, judge_enabled
from ..resources.ngrams import RIGHT_WORDS, NGramLM, available_ngrams

__all__ = [
    "MIN_JUDGE_MARGIN",
    "MIN_NGRAM_MARGIN",
    "NGRAM_OOV_NATS",
    "SlotScores",
    "WORD_NATS",
    "MAX_JUDGE_CALLS",
    "MIN_NEAR_MISS_MARGIN",
    "NEAR_PATTERN_WEIGHT",
    "Confirmation",
    "JudgeRun",
    "confirm_hit",
    "confirmed",
    "extra_words",
    "judge_restorations",
    "split_quoted",
    "context_judges",
    "margin",
    "phrase_in_sentence",
    "ranked",
    "slot_logprobs",
    "weigh_phrase",
]

#: A lexicon hit is evidence when its best candidate original is at least
#: this many nats more likely in the sentence (candidate + rest of the
#: sentence, given the words before it) than the phrase as written, net of
#: :data:`WORD_NATS` per extra word, by the trigram model - and, when the
#: judge runs, by the judge too (:data:`MIN_JUDGE_MARGIN`). Measured by
#: ``python -m benchmarks.lexicon --confirm --limit 80``
#: (``benchmarks/results/lexicon-confirm.md``): of shipped PPS tortured
#: phrases put in place of their original in test-split clean sentences,
#: 85.9% stand by the trigram model (390 placements), 95.0% by the judge
#: (80), 86.3% by both (the same 80); of the 8 literal uses at hand (the 6
#: PPS phrases the whole clean corpus uses, case 13's two), 5 stand by the
#: trigram model, 3 by the judge, 2 by both. The margins were chosen by eye
#: on these distributions so that case 13's two literal uses are dropped
#: (trigram -0.8 and -0.9 nats) and case 07's weakest real hit stands
#: ("huge information": trigram 3.4, judge 5.1).
MIN_NGRAM_MARGIN = 1.0
#: The judge's margin (see :data:`MIN_NGRAM_MARGIN`).
MIN_JUDGE_MARGIN = 3.0
#: Log-probability (nats) charged to a word outside the trigram model's
#: vocabulary (6.1% of the words of 300 dev-split clean sentences), about
#: the unigram log-probability of the model's rare words ("aardvark" -15.9,
#: "toddler" -12.4), so that a phrase with an unknown word is neither free
#: nor impossible. Ordinals are spelled out first ("3rd" -> "third": the
#: model writes numbers as words).
NGRAM_OOV_NATS = -14.0
#: What one more word costs a wording, in nats: the mean log-probability per
#: word of clean sentences, -6.6 under the judge (40 dev-split sentences)
#: and -6.4 under the trigram model (300). A phrase longer than its
#: candidate original ("short blast" for "explosion") pays this for each
#: extra word even when fluent, so the margin is taken net of it.
WORD_NATS = 6.5

#: Judge calls per scanned text at most (lexicon hits in text order, then
#: the window model's phrases); past it the trigram model alone weighs the
#: lexicon hits and the fast ranking stands. One call takes 0.3-0.7 s on a
#: shared 2-core machine (benchmarks/results/judge.md), so a text costs at
#: most a few seconds more; a spun news article of 1,300 words had 90
#: lexicon hits.
MAX_JUDGE_CALLS = 8

#: With the judge, a window the window model gives P(spun) from this (below
#: ``min_pattern_weight``) is reported when the judge finds an attested
#: restoration :data:`MIN_NEAR_MISS_MARGIN` nats likelier in its sentence
#: ("help vector machine": P 0.72; "support vector" 13.8 nats likelier).
NEAR_PATTERN_WEIGHT = 0.5
#: See :data:`NEAR_PATTERN_WEIGHT`.
MIN_NEAR_MISS_MARGIN = 8.0

_WORD = re.compile(r"[a-z][a-z']*|\d+(?:st|nd|rd|th)?")


class SlotScores(NamedTuple):
    """log P (nats) of each wording of one slot of a sentence.

    Attributes:
        logprobs: (n,) the phrase as written first, then each candidate.
        engine: "judge" or "ngram".
    """

    logprobs: np.ndarray
    engine: str


class JudgeRun:
    """The judge's calls left for one text, and which models weighed its
    phrases (signature by engine: ``ran``)."""

    def __init__(self, judge: CausalLM | None, budget: int = MAX_JUDGE_CALLS) -> None:
        self._judge = judge
        self.left = budget
        self.ran: dict[str, str] = {}

    @property
    def has_judge(self) -> bool:
        """Whether the judge runs for this text (calls left or not)."""
        return self._judge is not None

    def take(self) -> CausalLM | None:
        """The judge for one more call, or None (none here, or the budget is spent)."""
        if self._judge is None or self.left <= 0:
            return None
        self.left -= 1
        return self._judge

    @property
    def signature(self) -> str | None:
        """The judge's signature if it ran, else the trigram model's if it did, else None."""
        return self.ran.get("judge", self.ran.get("ngram"))


@functools.lru_cache(maxsize=1)
def _judge() -> CausalLM | None:
    return available_judge()


@functools.lru_cache(maxsize=1)
def _ngrams() -> NGramLM | None:
    return available_ngrams()


def context_judges() -> tuple[CausalLM | None, NGramLM | None]:
    """(judge, trigram model) that scan weighs phrases with now: the judge is
    None when it is switched off (``SPINDETECT_JUDGE``: :func:`spindetect.resources.language_model.judge_enabled`) or not installed."""
    return (_judge() if judge_enabled() else None), _ngrams()


#: Ordinals as the trigram model's vocabulary writes them (it has no digits).
_ORDINALS = dict(
    zip(
        "1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th 11th 12th 13th 14th 15th 16th 17th 18th 19th 20th".split(),
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
    )
)


def _ngram_words(text: str) -> list[str]:
    return [_ORDINALS.get(w, w) for w in _WORD.findall(text.lower().replace("\u2019", "'"))]


def _ngram_scores(lm: NGramLM, left: str, wordings: Sequence[str], right: str) -> np.ndarray:
    """The trigram model's :meth:`~spindetect.resources.ngrams.NGramLM.phrase_logprob`
    (the wording and the ``RIGHT_WORDS`` after it, each given the 2 before),
    with :data:`NGRAM_OOV_NATS` for each word outside its vocabulary; one
    look-up per word (``phrase_logprob`` also works out each n-gram's order)."""
    left_w = ["<s>", *_ngram_words(left)][-2:]
    right_w = [*_ngram_words(right), "</s>"][:RIGHT_WORDS]
    out = np.empty(len(wordings))
    for i, wording in enumerate(wordings):
        words = [*left_w, *_ngram_words(wording), *right_w]
        total = 0.0
        for k in range(len(left_w), len(words)):
            lp = lm.logprob(words[k], words[max(0, k - 2) : k])
            total += NGRAM_OOV_NATS if lp == -math.inf else lp
        out[i] = total
    return out


def slot_logprobs(
    sentence: str,
    start: int,
    end: int,
    candidates: Sequence[str],
    *,
    judge: CausalLM | None,
    ngrams: NGramLM | None,
) -> SlotScores | None:
    """log P of ``sentence[start:end]`` and of each candidate in its place,
    with the rest of the sentence, given the sentence before it.

    Args:
        sentence: the sentence (clean text: no line-end hyphens).
        start, end: the phrase's character span in it.
        candidates: other wordings of the phrase (candidate originals).
        judge, ngrams: the models (:func:`context_judges`); the judge is used
            when given, else the trigram model.

    Returns:
        :class:`SlotScores`, or None when neither model is available.
    """
    left, right = sentence[:start], sentence[end:]
    wordings = [sentence[start:end], *candidates]
    if judge is not None:
        return SlotScores(judge.compare(left, wordings, right), "judge")
    if ngrams is not None:
        return SlotScores(_ngram_scores(ngrams, left, wordings, right), "ngram")
    return None


def margin(scores: SlotScores, extra_words: Sequence[int] | None = None) -> float:
    """How many nats the best candidate is more likely than the phrase as
    written; with ``extra_words`` (per candidate, how many words the phrase
    has more than it), net of :data:`WORD_NATS` per extra word."""
    lp = scores.logprobs
    if len(lp) < 2:
        return -math.inf
    gain = lp[1:] - lp[0]
    if extra_words is not None:
        gain = gain - WORD_NATS * np.maximum(np.asarray(extra_words, dtype=float), 0.0)
    return float(np.max(gain))


def confirmed(scores: SlotScores | None, phrase: str = "", candidates: Sequence[str] = ()) -> bool:
    """Whether a lexicon hit ``phrase`` stands in its sentence: a candidate
    original is :data:`MIN_JUDGE_MARGIN` (judge) or :data:`MIN_NGRAM_MARGIN`
    (trigram) nats more likely, net of :data:`WORD_NATS` per word the phrase
    has more than it. No scores (no model): it stands."""
    if scores is None:
        return True
    need = MIN_JUDGE_MARGIN if scores.engine == "judge" else MIN_NGRAM_MARGIN
    return margin(scores, extra_words(phrase, candidates)) >= need


def extra_words(phrase: str, candidates: Sequence[str]) -> list[int]:
    """How many words ``phrase`` has more than each candidate."""
    n = len(phrase.split())
    return [n - len(c.split()) for c in candidates]


def ranked(candidates: Sequence[Any], scores: SlotScores) -> list[Any]:
    """``candidates`` in order of their log P in the sentence, likeliest first
    (stable: ties keep the given order)."""
    lp = scores.logprobs[1:]
    order = sorted(range(len(candidates)), key=lambda i: -lp[i])
    return [candidates[i] for i in order]


def phrase_in_sentence(doc: Any, lo: int, hi: int) -> tuple[str, int, int]:
    """The sentence of a :class:`~spindetect.text.Document` holding tokens
    ``[lo, hi)``, and the tokens' character span in it."""
    k = bisect.bisect_right(doc.sentences, (lo, math.inf)) - 1
    a, b = doc.sentences[k] if k >= 0 else (lo, hi)
    b = max(b, hi)
    s0 = doc.starts[a]
    return doc.text[s0 : doc.ends[b - 1]], doc.starts[lo] - s0, doc.ends[hi - 1] - s0


def weigh_phrase(
    doc: Any, lo: int, hi: int, candidates: Sequence[str], *, judge: CausalLM | None, ngrams: NGramLM | None
) -> SlotScores | None:
    """:func:`slot_logprobs` of tokens ``[lo, hi)`` of ``doc`` and of each
    candidate in their place, in their sentence (a candidate takes a capital
    first letter where the phrase has one)."""
    if not candidates:
        return None
    sentence, x, y = phrase_in_sentence(doc, lo, hi)
    upper = sentence[x : x + 1].isupper()
    cands = [c[:1].upper() + c[1:] if upper else c for c in candidates]
    return slot_logprobs(sentence, x, y, cands, judge=judge, ngrams=ngrams)


class Confirmation(NamedTuple):
    """:func:`confirm_hit`'s answer.

    Attributes:
        stands: whether the hit is evidence.
        suggestions: its candidate originals, the judge's likeliest first
            when the judge ran (else as given).
        evidence: sentences saying what the models found.
        ran: signature of each model that weighed it, by engine.
    """

    stands: bool
    suggestions: tuple[str, ...]
    evidence: tuple[str, ...]
    ran: dict[str, str]


def confirm_hit(
    doc: Any, lo: int, hi: int, suggestions: Sequence[str], *, judge: JudgeRun | None, ngrams: NGramLM | None
) -> Confirmation:
    """Whether a lexicon hit on tokens ``[lo, hi)`` of ``doc`` (clean text:
    line-end hyphens joined) is evidence in its sentence: the trigram model,
    then (if it agrees) the judge, must find a candidate original clearly
    likelier (:data:`MIN_NGRAM_MARGIN`, :data:`MIN_JUDGE_MARGIN`; the cheap
    model first, so a literal use costs no judge call; ``judge`` hands out
    the judge while its budget lasts). Without either model, or without
    candidates, the hit stands."""
    suggestions = tuple(suggestions)
    written = doc.surface(lo, hi)
    extra = extra_words(written, suggestions)
    evidence, ran = [], {}
    for engine in ("ngram", "judge"):
        model = ngrams if engine == "ngram" else (judge.take() if judge is not None and suggestions else None)
        if model is None:
            continue
        scores = weigh_phrase(
            doc,
            lo,
            hi,
            suggestions,
            judge=model if engine == "judge" else None,
            ngrams=model if engine == "ngram" else None,
        )
        if scores is None:
            continue
        ran[engine] = model.signature
        gained = margin(scores, extra)
        name = "language model" if engine == "judge" else "trigram model"
        if not confirmed(scores, written, suggestions):
            return Confirmation(False, suggestions, (), ran)
        if engine == "judge":
            suggestions = tuple(ranked(suggestions, scores))
        evidence.append(f"in this sentence the original is likelier by {gained:.1f} nats, net of length ({name})")
    return Confirmation(True, suggestions, tuple(evidence), ran)


def judge_restorations(
    doc: Any, lo: int, hi: int, head: Sequence[Any], run: JudgeRun, *, near: bool = False
) -> tuple[list[Any], tuple[str, ...]] | None:
    """The judge's order of a window-model phrase's attested restorations
    ``head`` (tuples whose first item is the restored words) in the phrase's
    sentence, and what it found; None when the judge does not run, its budget
    is spent, or there is nothing to choose (one candidate, unless ``near``).
    For a near miss (``near``) also None unless the best restoration is
    :data:`MIN_NEAR_MISS_MARGIN` nats likelier than the phrase."""
    if not head or (len(head) < 2 and not near):
        return None
    judge = run.take()
    if judge is None:
        return None
    wordings = [" ".join(c[0]) for c in head]
    scores = weigh_phrase(doc, lo, hi, wordings, judge=judge, ngrams=None)
    if scores is None:
        return None
    run.ran["judge"] = judge.signature
    gain = margin(scores, extra_words(doc.surface(lo, hi), wordings))
    if near and gain < MIN_NEAR_MISS_MARGIN:
        return None
    best = ranked(head, scores)
    return best, (f"the language model finds '{' '.join(best[0][0])}' likelier here by {gain:.1f} nats",)


def split_quoted(doc: Any, found: Sequence[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(phrases used, phrases inside a short quotation): a phrase inside a
    mention ('counterfeit consciousness', by the documents package's rule,
    :func:`spindetect.documents.structure.find_mentions`) is talked about,
    not used, so it does not count towards the verdict."""
    found = tuple(found)
    if not found or not any(q in doc.text for q in "'\"\u2018\u201c\u00ab`"):
        return found, ()
    text, lines = doc.text, set()
    for p in found:  # the rule reads quotes within a line: read only the lines with phrases
        lines.add((text.rfind("\n", 0, p.span[0]) + 1, (text.find("\n", p.span[1]) + 1 or len(text) + 1) - 1))
    mentions = [(a + r.start, a + r.end) for a, b in sorted(lines) for r in find_mentions(text[a:b])]
    inside = [any(a <= p.span[0] and p.span[1] <= b for a, b in mentions) for p in found]
    return tuple(p for p, q in zip(found, inside) if not q), tuple(p for p, q in zip(found, inside) if q)
