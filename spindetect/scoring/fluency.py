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

from ..resources.ngrams import available_ngrams

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


@functools.lru_cache(maxsize=500_000)
def _association(word: str, h1: str, h2: str) -> float:
    """log P(word | h1 h2) - log P(word) in nats (h1 the older history word,
    "" for none); 0.0 when the word is outside the model's vocabulary."""
    lm = available_ngrams()
    if lm is None:
        return 0.0
    full = lm.logprob(word, [h for h in (h1, h2) if h])
    if full == float("-inf"):
        return 0.0
    return full - lm.logprob(word)


@functools.lru_cache(maxsize=500_000)
def _bigram(a: str, b: str) -> tuple[bool, float] | None:
    """(stored in the model, association in nats) of the bigram "a b"; None
    when a word is outside the vocabulary or the model is missing."""
    lm = available_ngrams()
    if lm is None or a not in lm or b not in lm:
        return None
    return lm.order(b, [a]) >= 2, lm.logprob(b, [a]) - lm.logprob(b)


def _sentence_words(doc: Document, token: int) -> list[int]:
    """Indices of the word tokens of the sentence holding ``token``."""
    for a, b in doc.sentences:
        if a <= token < b or (a == b == token):
            return [i for i in range(a, b) if doc.words[i]]
    return [token] if 0 <= token < len(doc.words) and doc.words[token] else []


def _context_fit(doc: Document, first: int, end: int) -> float:
    """Association of tokens ``first:end`` and the next words with their left context, nats."""
    if available_ngrams() is None:
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
            total += _association(w, *(["", *history][-2:]))
        history.append(w)
    return total


def swap_fluency(
    source: Document, suspect: Document, source_tokens: tuple[int, int], suspect_tokens: tuple[int, int]
) -> float:
    """Drop in context fit from the source's wording to the suspect's, nats.

    Positive when the suspect's phrase fits its sentence worse than the
    source's did (the spinner's direction); clipped to
    +-:data:`FLUENCY_CLIP_NATS`. 0.0 when the trigram model is not installed.
    """
    drop = _context_fit(source, *source_tokens) - _context_fit(suspect, *suspect_tokens)
    return max(-FLUENCY_CLIP_NATS, min(FLUENCY_CLIP_NATS, drop))


def unattested_share(doc: Document, sentences: Sequence[int]) -> float:
    """Share of the word bigrams of the given sentences the trigram model
    does not store (it backs off to the unigram), in [0, 1]; bigrams with an
    unknown word are left out. Source-free evidence about one side."""
    if available_ngrams() is None:
        return 0.0
    seen = unseen = 0
    for k in sentences:
        a, b = doc.sentences[k]
        words = [doc.forms[i] for i in range(a, b) if doc.words[i]]
        for x, y in zip(words, words[1:]):
            s = _bigram(x, y)
            if s is None:
                continue
            if s[0]:
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
    if available_ngrams() is None:
        return False
    o = _plain_words(original)
    r = _plain_words(replacement)
    if len(o) < 2 or len(o) != len(r) or any(x == y for x, y in zip(o, r)):
        return False
    for x, y in zip(o, o[1:]):
        s = _bigram(x, y)
        if s is None or not s[0] or s[1] <= TERM_ASSOCIATION_NATS:
            return False
    for x, y in zip(r, r[1:]):
        s = _bigram(x, y)
        if s is None or s[0]:
            return False
    return True


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
    (re.compile(r"amme(s)?$"), r"am\1"),
    (re.compile(r"ence(s)?$"), r"ense\1"),
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe"), "e"),
)


@functools.lru_cache(maxsize=100_000)
def _american(word: str) -> str:
    for pattern, repl in _SPELLING_RULES:
        word = pattern.sub(repl, word)
    return word


#: Words that place an event in time; with numbers and dates they make up
#: the time references a news update corrects ("next week" -> "later this
#: month", "last year" -> "in the past year"). A spinner's "next spring" ->
#: "subsequent spring" is not one: "subsequent" is not in the list.
_TIME_MODIFIERS = frozenset("next last past previous earlier later this coming following recent ago early late".split())
#: Spellings of a percentage ("20%", "20 per cent", "20 percent").
_PERCENT_WORDS = frozenset({"per", "cent", "percent", "pct"})


def _numeric(word: str) -> bool:
    return any(c.isdigit() for c in word) or word in _NUMBER_WORDS or word in _DATE_WORDS or word in _PERCENT_WORDS


def _time_words(words: Sequence[str]) -> bool:
    from ..resources.words import stop_words

    return all(_numeric(w) or w in _TIME_MODIFIERS or w in stop_words() for w in words)


#: A word corrected by at most this many single-letter edits (insertions,
#: deletions, substitutions, swaps of neighbours: optimal string alignment)
#: is a typo fix when the words have at least TYPO_MIN_LETTERS letters
#: ("thier" -> "their" 1, "Parliment" -> "Parliament" 1, "cll" -> "call" 1,
#: "form" -> "from" 1); thesaurus swaps differ by far more ("form" -> "shape" 4).
TYPO_MAX_EDITS = 2
TYPO_MIN_LETTERS = 3
#: ... and when at most this share of the longer word's letters is edited
#: ("tournaents" -> "tournaments" 0.09; "said" -> "sad", 1 of 4 = 0.25, is
#: still a typo by this rule: a one-letter change is never a thesaurus swap).
TYPO_MAX_SHARE = 0.34


def _word_edit(x: str, y: str) -> str | None:
    """The kind of correction one changed word is, or None."""
    from rapidfuzz.distance import OSA

    if _numeric(x) and _numeric(y):
        return "date" if x in _DATE_WORDS or y in _DATE_WORDS else "number"
    if _american(x) == _american(y):
        return "spelling"
    if min(len(x), len(y)) >= TYPO_MIN_LETTERS:
        d = OSA.distance(x, y)
        if d <= TYPO_MAX_EDITS and d / max(len(x), len(y)) <= TYPO_MAX_SHARE:
            if d == 1 or not (_known_word(x) and _known_word(y)):
                return "typo"
    return None


def _known_word(word: str) -> bool:
    """Whether wordfreq knows ``word`` (Zipf > 0). A typo fix two letters
    apart mends a word that is none ("thier", "tournaemnts"); two real words
    two letters apart are a spinner's morphological swap ("service" ->
    "serve", "solving" -> "resolving", "entitled" -> "titled": 440 of the
    20,424 content swaps in the dev split's spun pairs were taken for typo
    fixes before this check, 163 after; ``python -m devtools.edit_kinds``).
    One letter apart stays a typo either way ("keen" -> "ken", "spent" ->
    "sent": keyboard slips that make real words; the dev split's typo-fix
    copies have them), so a spinner's one-letter swaps ("civil" -> "civic")
    are still excused."""
    from ..resources.words import fast_zipf

    return fast_zipf(word) > 0.0


#: Contractions and their expansions ("won't" -> "will not"); "'s" and
#: "'d" are ambiguous ("is"/"has", "would"/"had") and map to both.
_CONTRACTIONS = {
    "won't": ("will", "not"),
    "can't": ("cannot",),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
}
_SUFFIXES = {
    "n't": ("not",),
    "'re": ("are",),
    "'ll": ("will",),
    "'ve": ("have",),
    "'m": ("am",),
    "'s": ("is",),
    "'d": ("would",),
}
_SAME_AS = {"has": "is", "had": "would", "can": "can", "cannot": "cannot"}


def _expanded(words: Sequence[str]) -> tuple[str, ...]:
    """Words with contractions spelt out and "can not" as "cannot", for
    comparing a contraction with its expansion."""
    out: list[str] = []
    for w in words:
        w = w.replace("\u2019", "'")
        if w in _CONTRACTIONS:
            out.extend(_CONTRACTIONS[w])
            continue
        for suffix, full in _SUFFIXES.items():
            if w.endswith(suffix) and len(w) > len(suffix):
                out.append(w[: -len(suffix)])
                out.extend(full)
                break
        else:
            out.append(_SAME_AS.get(w, w))
    text = " ".join(out).replace("can not", "cannot")
    return tuple(text.split())


#: Words an initialism skips ("FBI": Federal Bureau *of* Investigation).
_INITIALISM_SKIPS = frozenset({"of", "the", "and", "for", "on", "in", "&"})


def _initialism(short: str, long: str) -> bool:
    """Whether ``short`` is one initialism (2-6 capital letters, dots
    allowed: "U.N.", "FBI") of ``long``'s capitalised words ("United
    Nations", "the Federal Bureau of Investigation"): a writer's expansion
    or abbreviation of a name, which a spinner's thesaurus never makes (it
    has no entry for "U.N.")."""
    letters = short.replace(".", "")
    if " " in short.strip() or not 2 <= len(letters) <= 6 or not (letters.isalpha() and letters.isupper()):
        return False
    words = [w for w in _WORD_RE.findall(long) if w.lower() not in _INITIALISM_SKIPS]
    return len(words) == len(letters) and all(w[0] == c for w, c in zip(words, letters))  # c is a capital


#: Which kind names a correction that mixes kinds (a date with a number is a date).
_EDIT_PRIORITY = ("date", "number", "spelling", "typo")

#: Words that only point at something named elsewhere: a writer replaces
#: them with what they refer to ("He" -> "Mr. Weill", "It" -> "The Z200") or
#: back; a spinner's thesaurus has no entry that does (``python -m
#: devtools.edit_kinds``: none of the 20,424 content swaps in corpus v2's
#: dev spun pairs is taken for a reference; 90 of the 541 content swaps of
#: ETPC's human substitutions with even MSRP ids are).
REFERRING_WORDS = frozenset(
    """he she it they we i you him her them us me his its their our my your hers theirs ours mine yours
    this that these those who whom which""".split()
)


@functools.lru_cache(maxsize=100_000)
def edit_kind(
    original: str,
    replacement: str,
    *,
    capitalised: bool = False,
    whole_name: bool = False,
    related: bool = False,
    right: str = "",
    detail: bool = False,
    described: bool = False,
) -> str | None:
    """The kind of correction ``original -> replacement`` is, or None for a rewording.

    Returns "punctuation" (the same words, only quotes, accents or full
    stops differ: "Mr Clark" -> "Mr. Clark"), "contraction" ("will not" ->
    "won't", "cannot" -> "can't"), "spacing" (the same letters, only spaces
    or hyphens differ: "data base" -> "database"), "date" or "number" (only
    numbers, number words, percent signs, dates and time references
    change: "Tuesday" -> "Monday", "1.2 million" -> "1.4 million", "per
    cent" -> "%", "last year" -> "in the past year" before an unchanged
    ``right`` word such as "year"), "spelling" (British/American variants),
    "typo" (each changed word corrected by at most :data:`TYPO_MAX_EDITS`
    letters; at two, one of the two words unknown to wordfreq), "name" (one capitalised word for another that WordNet does not
    relate to it, in the second slot of a name: ``capitalised`` says the
    original follows a capitalised given name or title and both words are
    capitalised, ``related`` that WordNet relates them; or a whole name of
    as many words for another, ``whole_name``: "John Smith" -> "Mary
    Jones"), "reference" (words that only refer, "he", "it", "its", for
    what they refer to, or back: "He" -> "Mr. Weill"; or a name for a
    description of its bearer starting with "the", ``described``: "Davis"
    -> "the governor"), "abbreviation" (an initialism for the name it
    stands for, or back: "U.N." -> "United Nations"), "detail" (a name or
    number where the original has no capitalised word or number, or back:
    "her husband" -> "Michael Schiavo", "transport plane" -> "C-17
    transporter"; ``detail`` says so, from the tokens' places in their
    sentences), or None. A spinner swaps words for thesaurus entries: it
    neither resolves references nor brings in names and numbers
    (``python -m devtools.edit_kinds``: of the 20,424 content swaps in
    corpus v2's dev spun pairs, 31 are taken for a detail and none for a
    reference, the details where a WordNet spinner put a person's full name
    for a first name, "John said" -> "John Stainer told"; of the 541 content
    swaps of ETPC's human substitutions with even MSRP ids, 141 are one or
    the other). All kinds together take 368 of those spinner swaps (1.8%)
    and 173 of the ETPC swaps (32%). Word by word when both sides have as many words; a correction
    may mix kinds ("Scotttish Parliment" -> "Scottish Parliament").
    """
    o, r = _plain_words(original), _plain_words(replacement)
    if o == r:
        # the same words: only punctuation or spacing differ, or only how
        # the tokens were cut ("Secretary-" + "General" across a line break
        # against "Secretary" "-" "General"), which is no rewording either
        return "punctuation"
    if _expanded(o) == _expanded(r):
        return "contraction"
    if "".join(o) == "".join(r):
        # the same letters, only spaces or hyphens differ: "data base" ->
        # "database", "e-mail" -> "email", "SCO Linux" -> "SCOLinux"
        return "spacing"
    if (not o or all(_numeric(w) for w in o)) and (not r or all(_numeric(w) for w in r)):
        return "date" if any(w in _DATE_WORDS for w in o + r) else "number"
    if _time_words(o) and _time_words(r) and (right in _DATE_WORDS or any(w in _DATE_WORDS for w in o + r)):
        if any(w in _TIME_MODIFIERS or w in _DATE_WORDS for w in o + r):
            return "date"
    if len(o) == len(r):
        kinds = {_word_edit(x, y) for x, y in zip(o, r) if x != y}
        if None not in kinds:
            return next(k for k in _EDIT_PRIORITY if k in kinds)
    if o and r and (set(o) <= REFERRING_WORDS) != (set(r) <= REFERRING_WORDS):
        return "reference"
    if described:
        return "reference"
    if _initialism(original, replacement) or _initialism(replacement, original):
        return "abbreviation"
    if detail:
        return "detail"
    if len(o) != len(r):
        return None
    if not related and ((capitalised and len(o) == 1) or whole_name):
        return "name"
    return None
