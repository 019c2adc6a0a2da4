"""The language model's word on a pair's swaps: the second stage of `score`.

The fast path (alignment features, trigram fluency, the pair model) settles
heavily reworded pairs on its own: dozens of swaps leave no doubt. A pair
with only a few rewordings is where it can err both ways: one broken term
("pattern recognition" -> "example acknowledgment") in an otherwise
identical abstract, or one editor's fluent change ("large" -> "big"). For
those pairs, :func:`judge_swaps` asks a causal language model
(:mod:`spindetect.resources.language_model`, SmolLM2-135M) how much less
likely each suspect wording is than the source's in its own sentence: the
log-probability, in nats, of the changed words and of the words after them
up to the next change or the end of the sentence. A spinner's phrase costs
its sentence 4-30 nats; a fluent rewording about as much as it gains
elsewhere (``/work/shared/RESOURCES.md`` measured 4-31 nats for spun
variants and 0.3-6.6 for human swaps; ``benchmarks/accuracy.py`` reports
the pair results with and without the judge).

The judged drops and the fast path's P(spun) go into a small second
model (``model_judge.json``, trained by ``devtools/train.py`` on the dev
split's few-rewording pairs), whose P(spun) replaces the fast path's.
"""

from __future__ import annotations

import dataclasses
import math
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only
    from ..resources.language_model import CausalLM, TokenLogprobs
    from .align import Alignment
    from .swaps import Swap

__all__ = [
    "JUDGE_FEATURE_NAMES",
    "JUDGE_MAX_REWORDINGS",
    "JUDGE_REASON_NATS",
    "JUDGE_UNCERTAIN_BAND",
    "judge_feature_values",
    "judge_features",
    "judge_swaps",
    "judged_direction",
    "many_rewordings",
    "needs_judge",
]

#: The judge's budget per pair: at most this many content rewordings are
#: judged. Pairs with 1-20 rewordings are always judged: light spin breaks
#: 1-2 terms and corrections change a few words, but a short fluent rewrite
#: (a translation round trip, a human paraphrase of a paragraph: case 12 of
#: tests/cases/shared has 11 rewordings) is where the fast path's alignment
#: features look most like spinning, and the judge tells them apart there
#: (case 12: mean judged drop 1.7 nats; the spun cases 16 and 18: 7.2 and
#: 12.7). A pair with more rewordings has the rewordings of its first
#: sentence pairs judged, up to this many. The bound is the judge's cost:
#: one forward pass per side of each sentence pair holding a rewording,
#: about 0.2-0.5 s each on a loaded 2-core machine.
JUDGE_MAX_REWORDINGS = 20

#: A pair with more than :data:`JUDGE_MAX_REWORDINGS` rewordings goes to the
#: judge only when the fast path's P(spun) lies in this band [low, high). On
#: the dev split of corpus v2 (python -m devtools.build_corpus; all pairs,
#: any number of rewordings), the fast path puts 19 of 1,498 negatives
#: (human and QuillBot paraphrases, typo fixes, copy-edits) at or above 0.1,
#: 5 of the 6 at or above 0.5 below 0.9, none at 0.98; and 153 of 984 spun
#: pairs below 0.98, 97 of them in [0.9, 0.98). Above 0.9 the judge would
#: mostly re-read clearly spun long pairs (the seed pair: fast P(spun) 0.98,
#: 76 swaps) at about 0.2-0.5 s per sentence. (The shipped judge stage was
#: trained with the upper edge at 0.98: it saw such pairs too.)
JUDGE_UNCERTAIN_BAND = (0.1, 0.9)

#: A judged drop of at least this many nats is named in the swap's reasons.
#: Between the human swaps' 0.3-6.6 and the spun variants' 4-31 nats
#: measured for ``RESOURCES.md``.
JUDGE_REASON_NATS = 6.0

#: Drops are clipped to +-this before they become features.
JUDGE_CLIP_NATS = 30.0

#: The second stage's inputs, in order.
JUDGE_FEATURE_NAMES = (
    "fast_logit",  # log-odds of the fast path's P(spun), clipped to [-12, 12]
    "judged_max",  # largest judged drop of a rewording, nats, [-30, 30]
    "judged_mean",  # mean judged drop of the rewordings, nats, [-30, 30]
    "judged_median",  # median judged drop, nats, [-30, 30]
    # share of judged rewordings the language model finds at least as likely
    # as the source's (drop <= 0), [0, 1]: a spinner's swaps almost never
    # read better than the original; a human's or a translation's often do
    "judged_fluent_share",
)


def _rewordings(swaps: Sequence[Swap]) -> int:
    """How many of ``swaps`` are content rewordings (not corrections)."""
    return sum(1 for s in swaps if s.content and s.edit is None)


def needs_judge(swaps: Sequence[Swap], p_fast: float | None = None) -> bool:
    """Whether the pair is one the judge should see: 1 to
    :data:`JUDGE_MAX_REWORDINGS` content rewordings, or more when the fast
    path's P(spun) ``p_fast`` is in :data:`JUDGE_UNCERTAIN_BAND`."""
    n = _rewordings(swaps)
    if n == 0:
        return False
    if n <= JUDGE_MAX_REWORDINGS:
        return True
    return p_fast is not None and JUDGE_UNCERTAIN_BAND[0] <= p_fast < JUDGE_UNCERTAIN_BAND[1]


def many_rewordings(swaps: Sequence[Swap]) -> bool:
    """More content rewordings than the judge's budget per pair."""
    return _rewordings(swaps) > JUDGE_MAX_REWORDINGS


#: Sentences whose token log-probabilities are kept per process (a pair is
#: judged again, the other way round, when the judge turns its orientation).
SENTENCE_CACHE_SIZE = 256
_SENTENCES: OrderedDict[tuple[str, str], TokenLogprobs] = OrderedDict()


def _token_logprobs(judge: CausalLM, text: str) -> TokenLogprobs:
    key = (judge.signature, text)
    hit = _SENTENCES.get(key)
    if hit is not None:
        _SENTENCES.move_to_end(key)
        return hit
    result = judge.token_logprobs(text)
    _SENTENCES[key] = result
    while len(_SENTENCES) > SENTENCE_CACHE_SIZE:
        _SENTENCES.popitem(last=False)
    return result


def _sentence_span(doc, first_sentence: int, end_sentence: int) -> tuple[int, int]:
    a = doc.sentences[first_sentence][0]
    b = doc.sentences[end_sentence - 1][1]
    return doc.starts[a], doc.ends[b - 1]


def _in_capitals(doc, first_sentence: int, end_sentence: int) -> bool:
    """Whether a token of the sentences is in a stretch written in capitals
    (:attr:`spindetect.text.Document.capitals`)."""
    a = doc.sentences[first_sentence][0]
    b = doc.sentences[end_sentence - 1][1]
    return any(lo < b and a < hi for lo, hi in doc.capitals)


def _lower_case(text: str) -> str:
    """``text`` in lower case with its first letter capitalised, character for
    character (a character whose lower case is longer, "İ", stays as it is),
    so every offset into ``text`` still holds."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for i, c in enumerate(low):
        if c.isalpha():
            return low[:i] + c.upper() + low[i + 1 :] if len(c.upper()) == 1 else low
    return low


def judge_swaps(al: Alignment, swaps: Sequence[Swap], judge: CausalLM) -> tuple[Swap, ...]:
    """``swaps`` with ``judged`` set on each content rewording: how many nats
    less likely the suspect's wording is in its sentence than the source's.

    One forward pass per side of each sentence pair that holds a rewording;
    the scored stretch runs from the changed tokens to the next changed
    token of the pair (or the pair's end), on both sides. Sentence pairs are
    judged in document order while the judged rewordings stay within
    :data:`JUDGE_MAX_REWORDINGS` (the first one always); later rewordings
    keep ``judged=None``.
    """
    src, sus = al.source, al.suspect
    by_pair: dict[int, list[int]] = {}
    for i, s in enumerate(swaps):
        if s.content and s.edit is None:
            by_pair.setdefault(s.pair, []).append(i)
    budget: dict[int, list[int]] = {}
    used = 0
    for p_index in sorted(by_pair):
        used += len(by_pair[p_index])
        if budget and used > JUDGE_MAX_REWORDINGS:
            break
        budget[p_index] = by_pair[p_index]
    by_pair = budget
    out = list(swaps)
    for p_index, indices in by_pair.items():
        pair = al.pairs[p_index]
        s0, s1 = _sentence_span(src, *pair.src)
        u0, u1 = _sentence_span(sus, *pair.sus)
        src_text, sus_text = src.text[s0:s1], sus.text[u0:u1]
        if _in_capitals(src, *pair.src) or _in_capitals(sus, *pair.sus):
            # The language model reads a sentence in capitals as a string of
            # rare tokens: "WALL STREET" -> "PARTITION ROAD" cost 3.5 nats
            # where the same swap in lower case costs 24.5. Both sides are
            # read in lower case then, so case is never a drop either.
            src_text, sus_text = _lower_case(src_text), _lower_case(sus_text)
        src_lp = _token_logprobs(judge, src_text)
        sus_lp = _token_logprobs(judge, sus_text)
        changes = [c for c in pair.chunks if c.op != "equal"]
        for i in indices:
            s = swaps[i]
            later = [c for c in changes if c.src_start >= s.source_tokens[1] and c.sus_start >= s.suspect_tokens[1]]
            src_stop = src.starts[later[0].src_start] if later and later[0].src_start < len(src.starts) else s1
            sus_stop = sus.starts[later[0].sus_start] if later and later[0].sus_start < len(sus.starts) else u1
            a = src.starts[s.source_tokens[0]] - s0
            b = sus.starts[s.suspect_tokens[0]] - u0
            drop = src_lp.span(a, max(a + 1, src_stop - s0)) - sus_lp.span(b, max(b + 1, sus_stop - u0))
            drop = max(-JUDGE_CLIP_NATS, min(JUDGE_CLIP_NATS, drop))
            reasons = s.reasons
            if drop >= JUDGE_REASON_NATS:
                reasons = (*reasons, f"the language model finds it {drop:.1f} nats less likely here than the original")
            out[i] = dataclasses.replace(s, judged=drop, reasons=reasons)
    return tuple(out)


def judged_direction(swaps: Sequence[Swap]) -> float:
    """Sum of the judged drops, nats: > 0 when the suspect's wordings are
    the less likely ones (the suspect looks spun), < 0 for the source."""
    return sum(s.judged for s in swaps if s.judged is not None)


def judge_features(p_fast: float, swaps: Sequence[Swap]) -> dict[str, float]:
    """The second stage's inputs (:data:`JUDGE_FEATURE_NAMES`) from the fast
    path's P(spun) and the judged swaps, and ``rewordings``: how many content
    rewordings the pair has, judged or not (a count, not a model input; see
    :func:`~spindetect.scoring.verdict.decide`)."""
    values = judge_feature_values(p_fast, [s.judged for s in swaps if s.judged is not None])
    values["rewordings"] = float(_rewordings(swaps))
    return values


def judge_feature_values(p_fast: float, drops: Sequence[float]) -> dict[str, float]:
    """:func:`judge_features` from P(spun) in [0, 1] and the judged drops
    (nats, each already clipped to +-:data:`JUDGE_CLIP_NATS`)."""
    p = min(max(p_fast, 1e-6), 1 - 1e-6)
    ordered = sorted(drops)
    n = len(ordered)
    median = 0.0 if not n else (ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2)
    return {
        "fast_logit": max(-12.0, min(12.0, math.log(p / (1 - p)))),
        "judged_max": ordered[-1] if n else 0.0,
        "judged_mean": sum(ordered) / n if n else 0.0,
        "judged_median": median,
        "judged_fluent_share": sum(1 for d in ordered if d <= 0.0) / n if n else 0.0,
    }
