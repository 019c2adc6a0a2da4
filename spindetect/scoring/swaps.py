"""Swaps: the substitutions of an alignment, with spans and oddness.

Every ``substitute`` chunk of an :class:`~spindetect.scoring.align.Alignment` becomes
one :class:`Swap`. A chunk that changes part of a capitalised name or a
hyphenated compound is widened to the whole expression on both sides, so the
swap reads "Secretary-General -> Secretary-Basic" and "Eastern Europe -> Jap
Europe" rather than "General -> Basic" and "Eastern -> Jap".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .fluency import FLUENCY_DAMAGE_NATS, edit_kind, is_broken_term, swap_fluency
from .oddness import direction_score, relation, swap_oddness

if TYPE_CHECKING:  # types only
    from ..resources.lexicon import Lexicon
    from ..text import Document
    from .align import Alignment, Chunk

__all__ = ["Swap", "find_swaps"]

#: Widen a swap over at most this many unchanged tokens on each side.
MAX_WIDEN = 3


@dataclass(frozen=True, slots=True)
class Swap:
    """One phrase swap: ``original`` in the source became ``replacement``.

    Attributes:
        original, replacement: the phrases, widened to the whole name or
            compound they break (see ``source_span``/``suspect_span``).
        source_span, suspect_span: character offsets of those phrases in the
            source and suspect texts as given.
        source_tokens, suspect_tokens: token ranges of the changed tokens only.
        pair: index of the sentence pair in ``SpinReport.sentence_pairs``.
        relation: WordNet relation of the changed words ("synonym",
            "hypernym", "hyponym", "similar", "none", "same").
        synset: the WordNet synset behind the relation, if any.
        oddness: how much the swap looks like a spinner's, in [0, 1].
        reasons: one sentence per piece of evidence behind ``oddness``.
        direction: Zipf drop from original to replacement; positive when the
            replacement is the rarer phrase.
        content: whether the swap changes a content word (not only function
            words or punctuation).
        fluency: how much worse the suspect's wording fits its sentence than
            the source's, in nats under a general English trigram model
            (:func:`~spindetect.scoring.fluency.swap_fluency`); positive is the
            spinner's direction, 0.0 for function-word swaps.
        edit: the kind of correction this swap is ("punctuation",
            "contraction", "spacing", "number", "date", "spelling", "typo",
            "name", "reference", "detail"; :func:`~spindetect.scoring.fluency.edit_kind`),
            or None for a rewording. Corrections are never odd.
        judged: how many nats less likely the suspect's wording is in its
            sentence than the source's, by the language model
            (:func:`~spindetect.scoring.judging.judge_swaps`); None when the
            judge did not see this swap (it sees pairs with few rewordings).
    """

    original: str
    replacement: str
    source_span: tuple[int, int]
    suspect_span: tuple[int, int]
    source_tokens: tuple[int, int]
    suspect_tokens: tuple[int, int]
    pair: int
    relation: str
    synset: str | None
    oddness: float
    reasons: tuple[str, ...]
    direction: float
    content: bool
    fluency: float = 0.0
    edit: str | None = None
    judged: float | None = None

    def __str__(self) -> str:
        return f"{self.original} -> {self.replacement}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "replacement": self.replacement,
            "source_span": list(self.source_span),
            "suspect_span": list(self.suspect_span),
            "source_tokens": list(self.source_tokens),
            "suspect_tokens": list(self.suspect_tokens),
            "pair": self.pair,
            "relation": self.relation,
            "synset": self.synset,
            "oddness": round(self.oddness, 4),
            "reasons": list(self.reasons),
            "direction": round(self.direction, 4),
            "content": self.content,
            "fluency": round(self.fluency, 4),
            "edit": self.edit,
            "judged": None if self.judged is None else round(self.judged, 4),
        }


def _related_words(original: str, replacement: str) -> bool:
    """WordNet relates the phrases, or one of their words to the word in
    the same place ("Supreme Court" -> "Ultimate Tribunal")."""
    if relation(original, replacement).relation != "none":
        return True
    o, r = original.split(), replacement.split()
    return len(o) == len(r) > 1 and any(x != y and relation(x, y).relation != "none" for x, y in zip(o, r))


def _attached(doc: Document, left: int, right: int) -> bool:
    """Tokens ``left`` and ``right`` (adjacent) are written without a space."""
    return doc.ends[left] == doc.starts[right]


def _capital(doc: Document, t: int) -> bool:
    """Token ``t`` is capitalised as a name is; False where the text is
    written in capitals (:meth:`Document.capitalised` is None there: a spun
    copy in capitals is not a row of name corrections)."""
    return doc.capitalised(t) is True


def _surname_slot(doc: Document, t: int, first: int) -> bool:
    """Whether token ``t`` is capitalised and follows a capitalised word that
    is no function word: the second part of a person's name or of a title
    and name ("Douglas Hogg", "President Smith"), where replacing it is a
    name correction. "Eastern" in "Eastern Europe" or "New" in "New York"
    open their name: replacing them is no correction."""
    p = t - 1
    if p < first or not (doc.words[t] and _capital(doc, t)) or not doc.words[p] or not _capital(doc, p):
        return False
    from ..resources.words import stop_words

    return doc.forms[p] not in stop_words() and doc.ends[p] < doc.starts[t]


def _lone_name(doc: Document, a: int, b: int, first: int, end: int) -> bool:
    """Whether tokens [a, b) are one capitalised word inside a sentence with
    no capitalised word beside it: a whole one-word name ("in Geneva and"),
    whose replacement by another name ("in Paris and") is a fact changed,
    not a name broken ("New" in "New York" has a capitalised neighbour)."""
    if b - a != 1 or not doc.words[a] or not _capital(doc, a) or a <= first:
        return False
    if doc.forms[a - 1] in _SENTENCE_OPENERS or (
        doc.words[a - 1] and _capital(doc, a - 1) and not _opener(doc, a - 1, first)
    ):
        return False
    return not (b < end and doc.words[b] and _capital(doc, b))


#: A whole name of at most this many words may be replaced by another name
#: ("John Smith" -> "Mary Jones"); longer capitalised runs are titles and
#: headings, where a spinner's word-by-word swaps are the likelier story.
MAX_NAME_WORDS = 3


@functools.lru_cache(maxsize=50_000)
def _name_like(word: str) -> bool:
    """Whether WordNet knows ``word`` as a name (a capitalised lemma:
    "Smith", "Mary", "Paris"), not at all ("Kowalski"), or only as a common
    word its tagged corpus never met ("Anna", a coin), rather than as a
    common word in use ("Emergency", "Danger": tagged 11 and 33 times) or
    as an inflection of a common word ("Pimples")."""
    from ..resources.wordnet_graph import get_graph

    graph = get_graph()
    low = word.lower()
    seen = 0
    known = exact = False
    for sid in graph.synsets(word):
        known = True
        for lemma, count in zip(graph.lemmas(sid), graph.lemma_counts(sid)):
            if lemma.lower() == low:
                if lemma[:1].isupper():
                    return True
                exact = True
                seen += count
    # an inflected common word ("Pimples", "Reefs": WordNet knows only
    # "pimple", "reef") is no name: a spinner's plural for "Wales", "Islands"
    return seen == 0 and (exact or not known)


def _opener(doc: Document, t: int, first: int) -> bool:
    """Whether token ``t`` opens the sentence and is no name: capitalised as
    any first word is ("In Geneva", "Yesterday John Smith"), so no part of
    the name after it."""
    from ..resources.words import stop_words

    return t == first and (doc.forms[t] in stop_words() or not _name_like(doc.forms[t]))


def _name_words(doc: Document, a: int, b: int) -> bool:
    """Tokens [a, b) are 1 to :data:`MAX_NAME_WORDS` capitalised words that
    WordNet knows as names or not at all (:func:`_name_like`)."""
    return 1 <= b - a <= MAX_NAME_WORDS and all(
        doc.words[t] and _capital(doc, t) and _name_like(doc.forms[t]) for t in range(a, b)
    )


def _whole_name(doc: Document, a: int, b: int, first: int, end: int) -> bool:
    """Whether tokens [a, b) are a whole name of 2 to :data:`MAX_NAME_WORDS`
    capitalised words, each one WordNet knows as a name or not at all, with
    no capitalised word beside them: replaced by another such name ("John
    Smith" -> "Mary Jones"), it is a fact changed. A name broken word by word
    keeps a word ("New York" -> "Virgin York") or is made of common words
    ("Emergency Department" -> "Danger Diversify"): no correction."""
    if b - a < 2 or not _name_words(doc, a, b):
        return False
    if a > first and doc.words[a - 1] and _capital(doc, a - 1) and not _opener(doc, a - 1, first):
        return False
    return not (b < end and doc.words[b] and _capital(doc, b))


#: A description standing for a name: "the" and at most this many more words
#: ("the governor", "the Australian director").
MAX_DESCRIPTION_WORDS = 3


def _description(doc: Document, a: int, b: int) -> bool:
    """Tokens [a, b) are "the" and 1 to :data:`MAX_DESCRIPTION_WORDS` more
    words, the last one not capitalised (a noun phrase, not a name)."""
    return 2 <= b - a <= 1 + MAX_DESCRIPTION_WORDS and doc.forms[a].lower() == "the" and not _capital(doc, b - 1)


def _described(al: Alignment, chunk: Chunk) -> bool:
    """One side a name, the other a description of its bearer ("Davis" ->
    "the governor", "Islamic Jihad" -> "the group"): a writer's reference,
    which a thesaurus cannot make (a name has no synonyms, and no entry
    adds "the")."""
    src, sus = al.source, al.suspect
    a, b, c, d = chunk.src_start, chunk.src_end, chunk.sus_start, chunk.sus_end
    return (_name_words(src, a, b) and _description(sus, c, d)) or (_name_words(sus, c, d) and _description(src, a, b))


def _has_digit(doc: Document, t: int) -> bool:
    return any(c.isdigit() for c in doc.forms[t])


def _specific(doc: Document, t: int, first: int) -> bool:
    """Token ``t`` holds a digit or is capitalised where a sentence does not
    make it so (not first, not after a sentence opener)."""
    if _has_digit(doc, t):
        return True
    return doc.words[t] and _capital(doc, t) and t > first and doc.forms[t - 1] not in _SENTENCE_OPENERS


def _plain(doc: Document, a: int, b: int) -> bool:
    """Tokens [a, b) hold no capitalised word (nor one of unknown case, in
    text written in capitals) and no digit anywhere."""
    return not any(doc.capitalised(t) is not False or _has_digit(doc, t) for t in range(a, b) if doc.forms[t])


def _detail(al: Alignment, chunk: Chunk, lo: tuple[int, int]) -> bool:
    """One side brings a name or number in where the other has no
    capitalised word or number at all (``edit_kind``'s "detail")."""
    src, sus = al.source, al.suspect
    a, b, c, d = chunk.src_start, chunk.src_end, chunk.sus_start, chunk.sus_end
    new_in_suspect = any(_specific(sus, t, lo[1]) for t in range(c, d)) and _plain(src, a, b)
    new_in_source = any(_specific(src, t, lo[0]) for t in range(a, b)) and _plain(sus, c, d)
    return new_in_suspect or new_in_source


def _joinable(doc: Document, t: int) -> bool:
    """Token ``t`` can be part of a compound: a word or a hyphen."""
    return doc.words[t] or doc.forms[t] in ("-", "/")


def _widen(al: Alignment, chunk: Chunk, lo: tuple[int, int], hi: tuple[int, int]) -> tuple[int, int, int, int, bool]:
    """Widen a chunk over equal neighbours that belong to the same name or
    compound. ``lo``/``hi`` bound the pair's token ranges (source, suspect).
    Returns the widened token ranges and whether a name was broken."""
    src, sus = al.source, al.suspect
    a, b, c, d = chunk.src_start, chunk.src_end, chunk.sus_start, chunk.sus_end

    def same(i: int, j: int) -> bool:
        return src.forms[i] == sus.forms[j]

    # Hyphen compounds ("Secretary-General"): widen over words and hyphens
    # written without spaces.
    compound = False
    for _ in range(MAX_WIDEN):
        if a > lo[0] and c > lo[1] and same(a - 1, c - 1) and _joinable(src, a - 1) and _attached(src, a - 1, a):
            a, c, compound = a - 1, c - 1, True
        else:
            break
    for _ in range(MAX_WIDEN):
        if b < hi[0] and d < hi[1] and same(b, d) and _joinable(src, b) and _attached(src, b - 1, b):
            b, d, compound = b + 1, d + 1, True
        else:
            break
    if compound:
        return a, b, c, d, True
    if not any(src.words[t] and _capital(src, t) for t in range(a, b)):
        return a, b, c, d, False
    # Names ("Eastern Europe", "Foreign Ministry", "Lorne Cook"): widen to the
    # right by one capitalised word unchanged on both sides; if there is
    # none, take one capitalised word on the left.
    in_name = False
    if b < hi[0] and d < hi[1] and src.words[b] and _capital(src, b) and same(b, d):
        b, d, in_name = b + 1, d + 1, True
    if not in_name and a > lo[0] and c > lo[1] and src.words[a - 1] and _capital(src, a - 1) and same(a - 1, c - 1):
        # ...but a capitalised word that opens the sentence is no name part.
        if a - 1 > lo[0] and src.forms[a - 2] not in _SENTENCE_OPENERS:
            a, c, in_name = a - 1, c - 1, True
    if not in_name and a > lo[0]:
        # A capitalised word alone inside a sentence: a one-word name or title.
        in_name = src.forms[a - 1] not in _SENTENCE_OPENERS and not src.forms[a - 1].isdigit()
    return a, b, c, d, in_name


_SENTENCE_OPENERS = frozenset({".", "!", "?", '"', "'", ":", "--", "-", "(", ";"})


def _lexicon_weight(lexicon: Lexicon | None, original: str, replacement: str) -> float:
    if lexicon is None:
        return 0.0
    o = original.lower()
    return max((e.weight for e in lexicon.lookup(replacement) if e.original.lower() == o), default=0.0)


def find_swaps(al: Alignment, lexicon: Lexicon | None = None, *, oddness: bool = True) -> tuple[Swap, ...]:
    """The swaps of an alignment, in suspect order, each with its oddness.

    With a ``lexicon``, a swap it lists is odd by the entry's weight. With
    ``oddness=False`` the oddness is left at 0 (no reasons): enough to tell
    which side is spun, at a fraction of the cost."""
    src, sus = al.source, al.suspect
    out: list[Swap] = []
    for p_index, pair in enumerate(al.pairs):
        lo = (pair.chunks[0].src_start, pair.chunks[0].sus_start)
        hi = (pair.chunks[-1].src_end, pair.chunks[-1].sus_end)
        for chunk in pair.chunks:
            if chunk.op != "substitute":
                continue
            a, b, c, d, in_name = _widen(al, chunk, lo, hi)
            original = src.surface(a, b)
            replacement = sus.surface(c, d)
            core_o = src.surface(chunk.src_start, chunk.src_end)
            core_r = sus.surface(chunk.sus_start, chunk.sus_end)
            content = any(src.content[chunk.src_start : chunk.src_end]) or any(
                sus.content[chunk.sus_start : chunk.sus_end]
            )
            fluency, edit = 0.0, None
            if content:
                capitalised = (
                    (
                        (_surname_slot(src, chunk.src_start, lo[0]) and _capital(sus, chunk.sus_start))
                        or (
                            _lone_name(src, chunk.src_start, chunk.src_end, lo[0], hi[0])
                            and _lone_name(sus, chunk.sus_start, chunk.sus_end, lo[1], hi[1])
                        )
                    )
                    and _name_like(core_o)
                    and _name_like(core_r)
                )
                whole_name = _whole_name(src, chunk.src_start, chunk.src_end, lo[0], hi[0]) and _whole_name(
                    sus, chunk.sus_start, chunk.sus_end, lo[1], hi[1]
                )
                related = (capitalised or whole_name) and _related_words(core_o, core_r)
                after = src.forms[chunk.src_end] if chunk.src_end < len(src.forms) else ""
                edit = edit_kind(
                    core_o,
                    core_r,
                    capitalised=capitalised,
                    whole_name=whole_name,
                    related=related,
                    right=after,
                    detail=_detail(al, chunk, lo),
                    described=_described(al, chunk),
                )
                if edit is None:
                    fluency = swap_fluency(src, sus, (chunk.src_start, chunk.src_end), (chunk.sus_start, chunk.sus_end))
            if content and oddness and edit is not None:
                odd, ev, reasons = (
                    0.0,
                    relation(core_o, core_r),
                    (f"{'an' if edit[0] in 'aeiou' else 'a'} {edit} correction, not a rewording",),
                )
            elif content and oddness:
                left = src.forms[chunk.src_start - 1] if chunk.src_start > lo[0] else None
                right = src.forms[chunk.src_end] if chunk.src_end < hi[0] else None
                lw = max(_lexicon_weight(lexicon, original, replacement), _lexicon_weight(lexicon, core_o, core_r))
                odd, ev, reasons = swap_oddness(
                    core_o, core_r, in_name=in_name, left=left, right=right, lexicon_weight=lw
                )
                odd, reasons = _with_fluency(odd, reasons, fluency, original, replacement)
            else:
                odd, ev, reasons = 0.0, None, ()
            out.append(
                Swap(
                    original=original,
                    replacement=replacement,
                    source_span=src.span(a, b),
                    suspect_span=sus.span(c, d),
                    source_tokens=(chunk.src_start, chunk.src_end),
                    suspect_tokens=(chunk.sus_start, chunk.sus_end),
                    pair=p_index,
                    relation=ev.relation if ev else "none",
                    synset=ev.synset if ev else None,
                    oddness=odd,
                    reasons=reasons,
                    direction=direction_score(core_o, core_r) if content else 0.0,
                    content=content,
                    fluency=fluency,
                    edit=edit,
                )
            )
    return tuple(out)


#: Oddness a fluency drop of at least FLUENCY_DAMAGE_NATS adds:
#: (drop - FLUENCY_FREE_NATS) / FLUENCY_SCALE_NATS, at most FLUENCY_MAX_WEIGHT.
#: Fluent rewordings move the trigram fit by -2 to +2.5 nats (cases 12, 16,
#: 18 of tests/cases/shared), spinner swaps 4-15: a drop of 4 adds 0.3,
#: 9 or more the maximum 0.8.
FLUENCY_FREE_NATS = 1.0
FLUENCY_SCALE_NATS = 10.0
FLUENCY_MAX_WEIGHT = 0.8
#: Oddness of a multi-word term broken word by word (fluency.is_broken_term).
BROKEN_TERM_WEIGHT = 0.6


def _with_fluency(
    odd: float, reasons: tuple[str, ...], fluency: float, original: str, replacement: str
) -> tuple[float, tuple[str, ...]]:
    marks: list[tuple[float, str]] = []
    if fluency >= FLUENCY_DAMAGE_NATS:
        w = min(FLUENCY_MAX_WEIGHT, (fluency - FLUENCY_FREE_NATS) / FLUENCY_SCALE_NATS)
        marks.append((w, f"fits its sentence worse than the original ({fluency:.1f} nats, trigram model)"))
    if is_broken_term(original, replacement):
        marks.append((BROKEN_TERM_WEIGHT, f"breaks the established term {original!r} word by word"))
    for w, reason in marks:
        odd = 1.0 - (1.0 - odd) * (1.0 - w)
        reasons = (*reasons, reason)
    return odd, reasons
