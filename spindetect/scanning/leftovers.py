"""Spinner leftovers: traces a spinning tool leaves when it works carelessly.

Editors of article directories list them as the red flags of spun
submissions (EzineArticles, "Red flags of spun content", 2011):

* **unresolved spintax**: the tool's template language, ``{energy|vitality|get
  up and go}``, or its alternatives left side by side, ``decline | slide |
  decrease | fall``, instead of one of them chosen;
* **article slips**: a word replaced after "a"/"an" without the article
  following it ("an apple" -> "a apple", "a big" -> "a enormous");
* **numbers spun to words** and glued to a percent sign ("83%" -> "eighty
  three%").

:func:`find_leftovers` finds them in a :class:`~spindetect.text.Document`;
:func:`with_leftovers` says how they change the text's P(spun) (see the
constants for the measured basis).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

__all__ = [
    "ARTICLE_SLIPS_LOG_ODDS",
    "ARTICLE_SLIP_WEIGHT",
    "MIN_ARTICLE_SLIPS",
    "NUMBER_PERCENT_LOG_ODDS",
    "SPINTAX_PROBABILITY",
    "Leftover",
    "find_leftovers",
    "leftover_log_odds",
    "leftover_weight",
    "with_leftovers",
]


class Leftover(NamedTuple):
    """One spinner leftover found in a text."""

    #: "spintax", "article" or "number_percent"
    kind: str
    #: character span in the document's ``text``
    span: tuple[int, int]
    #: token range in the document
    tokens: tuple[int, int]
    #: why it is a leftover, one sentence
    reason: str
    #: what the spinner's input probably said, if known ("an apple")
    suggestion: str | None = None


# -- how much they count ------------------------------------------------------

#: Unresolved spintax is near-certain evidence of a spinning tool: only a
#: spinner's template language writes synonyms as alternatives to choose
#: from. A text with it gets P(spun) at least this, above every label
#: threshold (at most 0.9), whatever the text model says. None of the
#: 30,450 texts of benchmarks/corpus/pairs.jsonl (v2) has one (its spinners
#: do not write spintax; the count is of false alarms).
SPINTAX_PROBABILITY = 0.99

#: A spelled-out number glued to a percent sign ("eighty three%") is a
#: number-to-words spinner's mark: writers use "83%" or "eighty-three
#: percent", never the mix. None of the corpus's 30,450 texts has one. Strong,
#: but a single stylistic oddity: odds factor e^3 (20:1).
NUMBER_PERCENT_LOG_ODDS = 3.0

#: An article that does not fit the next word ("a apple", "an big") is
#: weak evidence alone: careful clean text has such typos too. Measured on
#: benchmarks/corpus/pairs.jsonl (corpus v2, sha256 489f3507; all splits,
#: each text once; a slip counted before a plain lower-case content word
#: only): 0.36% of the 21,869 texts that are not spun have one slip and none
#: has two; of the 8,581 spun sides, 24% have one and 6.1% two or more
#: (v1, 17,194 texts: 0.46% and 0; 21% and 3.8%). So one slip counts for
#: nothing (a typo) and MIN_ARTICLE_SLIPS or more multiply the odds by
#: e^ARTICLE_SLIPS_LOG_ODDS (20:1), once per text: far below the measured
#: ratio, since the corpus's spinners never fix an article and some real
#: tools do.
MIN_ARTICLE_SLIPS = 2
ARTICLE_SLIPS_LOG_ODDS = 3.0

#: Weight of one article slip as a suspect phrase: alone, as likely a typo
#: as a spinner's.
ARTICLE_SLIP_WEIGHT = 0.5


def leftover_log_odds(leftovers: Sequence[Leftover]) -> float:
    """How much the leftovers other than spintax add to the log-odds that
    the text is spun: :data:`NUMBER_PERCENT_LOG_ODDS` once for numbers glued
    to "%", and :data:`ARTICLE_SLIPS_LOG_ODDS` once for
    :data:`MIN_ARTICLE_SLIPS` or more article slips; 0 for none."""
    kinds = [lo.kind for lo in leftovers]
    out = 0.0
    if "number_percent" in kinds:
        out += NUMBER_PERCENT_LOG_ODDS
    if kinds.count("article") >= MIN_ARTICLE_SLIPS:
        out += ARTICLE_SLIPS_LOG_ODDS
    return out


def with_leftovers(probability: float, leftovers: Sequence[Leftover]) -> float:
    """The text model's P(spun) with the leftovers' evidence: their log-odds
    (:func:`leftover_log_odds`) added, and at least
    :data:`SPINTAX_PROBABILITY` with unresolved spintax. Unchanged without
    leftovers.

    >>> with_leftovers(0.2, []) == 0.2
    True
    """
    log_odds = leftover_log_odds(leftovers)
    if log_odds:
        p = min(max(probability, 1e-12), 1.0 - 1e-12)
        probability = 1.0 / (1.0 + math.exp(-(math.log(p / (1.0 - p)) + log_odds)))
    if any(lo.kind == "spintax" for lo in leftovers):
        probability = max(probability, SPINTAX_PROBABILITY)
    return probability


def leftover_weight(kind: str) -> float:
    """A leftover's weight as a suspect phrase, in (0, 1]:
    :data:`SPINTAX_PROBABILITY` for spintax, :data:`ARTICLE_SLIP_WEIGHT`
    for an article slip, and for a number before "%" the probability its
    odds factor gives from even odds."""
    if kind == "article":
        return ARTICLE_SLIP_WEIGHT
    if kind == "spintax":
        return SPINTAX_PROBABILITY
    return 1.0 / (1.0 + math.exp(-NUMBER_PERCENT_LOG_ODDS))


def find_leftovers(
    doc: Any, skipped: Sequence[tuple[int, int]] = (), swaps: Mapping[str, Any] | None = None
) -> list[Leftover]:
    """Spinner leftovers in a :class:`~spindetect.text.Document`, in text
    order. ``skipped``: character spans that are not prose (table rows);
    ``swaps``: the lexicon's word swaps (replacement -> originals counted),
    which relate alternatives as a spinner's thesaurus does."""
    found = _spintax(doc, skipped, swaps or {}) + _number_percent(doc) + _article_slips(doc)
    found.sort(key=lambda lo: lo.span)
    out: list[Leftover] = []
    for lo in found:
        if out and lo.span[0] < out[-1].span[1]:
            continue
        out.append(lo)
    return out


# -- spintax -------------------------------------------------------------------

#: One alternative: one to five words of letters (hyphens and apostrophes inside).
_ALT = r"[A-Za-z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*){0,4}"
#: ``{a|b|c}``, not ``{{...}}`` (templates), ``\{`` (LaTeX), ``${`` (shell).
_BRACED = re.compile(rf"(?<![{{\\$])\{{ ?({_ALT}(?: ?\| ?{_ALT})+) ?\}}(?!\}})")
_BRACES = re.compile(r"\{[^{}\n]*\}")
#: Spintax one level deep, ``{{free|complimentary}|no-cost}``: an inner
#: ``{a|b}`` inside braces that hold a bar of their own (a ``{{ a|b }}``
#: template holds none outside the inner braces).
_NESTED = re.compile(rf"\{{([^{{}}\n]*)\{{ ?({_ALT}(?: ?\| ?{_ALT})+) ?\}}([^{{}}\n]*)\}}")
#: ``a | b | c`` between words: at least three alternatives.
_BARE = re.compile(rf"(?<![|\w])({_ALT}(?: \| {_ALT}){{2,}})(?![\w|])")


def _spintax(doc: Any, skipped: Sequence[tuple[int, int]], swaps: Mapping[str, Any]) -> list[Leftover]:
    text = doc.text
    if "|" not in text:
        return []
    out = []
    for m in _NESTED.finditer(text):
        before, inner, after = m.groups()
        if "|" not in before + after:
            continue
        alts = [a.strip() for a in f"{inner}|{before}|{after}".split("|") if a.strip()]
        if _are_alternatives(alts, swaps):
            out.append(_leftover(doc, "spintax", m.span(), _SPINTAX_REASON, alts[0]))
    for m in _BRACED.finditer(text):
        alts = [a.strip() for a in m.group(1).split("|")]
        if _are_alternatives(alts, swaps):
            out.append(_leftover(doc, "spintax", m.span(), _SPINTAX_REASON, alts[0]))
    for line in re.finditer(r"[^\n]+", text):
        row = line.group()
        # a table row or a menu, not prose: the line starts or ends with a
        # bar, or has bars outside this run of alternatives
        if row.lstrip().startswith("|") or row.rstrip().endswith("|"):
            continue
        for m in _BARE.finditer(row):
            if _BRACES.sub("", row).count("|") != m.group(1).count("|"):
                continue
            span, alts = _trim_bare(line.start(), m)
            if _are_alternatives(alts, swaps):
                out.append(_leftover(doc, "spintax", span, _SPINTAX_REASON, alts[0]))
    return [lo for lo in out if not any(a < lo.span[1] and lo.span[0] < b for a, b in skipped)]


_SPINTAX_REASON = "unresolved spintax: the spinner left its alternatives side by side instead of choosing one"


def _trim_bare(base: int, m: re.Match[str]) -> tuple[tuple[int, int], list[str]]:
    """The span and alternatives of a bare run: the first alternative is its
    last word before the first bar, the last its first word after the last
    bar (the rest is the sentence around it: "unsafe decline | slide | fall
    in your blood sugar")."""
    run = m.group(1)
    parts = [p.strip() for p in run.split("|")]
    first, last = parts[0].split()[-1], parts[-1].split()[0]
    start = run.rindex(first, 0, run.index("|"))
    end = run.index(last, run.rindex("|")) + len(last)
    return (base + m.start(1) + start, base + m.start(1) + end), [first, *parts[1:-1], last]


def _are_alternatives(alts: Sequence[str], swaps: Mapping[str, Any]) -> bool:
    """Do these look like a spinner's alternatives: at least two different
    ones, and two of them related: WordNet synonyms (one sense shared, or one
    a lemma of the other's senses), or related by the lexicon's word swaps
    (one replaces the other, or both replace the same word: "great" and
    "wonderful" both replace "quality"). A spinner's alternatives are
    synonyms by construction; options in a command's usage ({json|csv}),
    menus and lists are not."""
    keys = [a.lower().replace(" ", "_") for a in alts]
    if len(set(keys)) < 2 or any(len(k) < 2 for k in keys):
        return False
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if a != b and (_swapped(a, b, swaps) or _related(a, b)):
                return True
    return False


def _swapped(a: str, b: str, swaps: Mapping[str, Any]) -> bool:
    oa, ob = swaps.get(a, ()), swaps.get(b, ())
    return b in oa or a in ob or bool(set(oa) & set(ob))


@functools.lru_cache(maxsize=10_000)
def _related(a: str, b: str) -> bool:
    from ..resources.wordnet_graph import get_graph

    g = get_graph()
    sa, sb = set(g.synsets(a)), set(g.synsets(b))
    if sa & sb:
        return True
    names_a = {n.lower().replace("-", "_") for n in g.lemma_names(a)}
    names_b = {n.lower().replace("-", "_") for n in g.lemma_names(b)}
    return b.replace("-", "_") in names_a or a.replace("-", "_") in names_b


# -- numbers glued to a percent sign ----------------------------------------------

_NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
)
_NUMBER_PERCENT = re.compile(rf"(?i)\b(?:{_NUMBER_WORDS})(?:[ -](?:and )?(?:{_NUMBER_WORDS}))* ?%")


def _number_percent(doc: Any) -> list[Leftover]:
    text = doc.text
    if "%" not in text:
        return []
    return [
        _leftover(
            doc,
            "number_percent",
            m.span(),
            "a spelled-out number glued to a percent sign: a number-to-words spinner's mark",
            None,
        )
        for m in _NUMBER_PERCENT.finditer(text)
    ]


# -- article slips ---------------------------------------------------------------

#: Words after which "a" is a letter or a name, not an article ("vitamin a").
_NOT_ARTICLE_BEFORE = frozenset(
    "vitamin type class grade plan hepatitis section part appendix group category level division tier "
    "exhibit item option figure table row column block building gate platform series model size channel "
    "point league serie phase stage step unit wing zone track floor route road letter variant version".split()
)

#: Words with a vowel letter first that start with a consonant sound.
_CONSONANT_SOUND = re.compile(
    r"^(?:one(?:$|-)|once$|ouija|eu|ewe|uni(?:c|f|on|q|s|t|v|l|ver)|unanim|use|usu|usa|usi|uti|ute|ura|ure|uri|"
    r"uro|ubiq|uku|uvu|ufo|ugand|uk)"
)
#: Words with a vowel letter first whose sound is a vowel for sure.
_VOWEL_SOUND = re.compile(r"^(?:[aio]|e(?!u|we)|u(?:n(?!i|anim)|p|g|lt|mb|mp|tt|dd|sh|tter|lc|lter))")
#: Words with an "h" first that start with a vowel sound.
_SILENT_H = re.compile(r"^(?:hour|honest|honor|honour|heir)")
#: Words whose first sound differs by speaker or dialect ("a/an historic", "herb").
_EITHER = re.compile(r"^(?:herb|histor|hotel|homage|humbl|onerous$)")


def _sound(word: str) -> str | None:
    """The first sound of a lower-case word: "vowel", "consonant" or None if unsure."""
    if _EITHER.match(word):
        return None
    if word[0] in "aeiou":
        if _CONSONANT_SOUND.match(word):
            return "consonant"
        return "vowel" if _VOWEL_SOUND.match(word) else None
    if word[0] == "h" and _SILENT_H.match(word):
        return "vowel"
    return "consonant"


def _article_slips(doc: Any) -> list[Leftover]:
    forms, text, starts, ends = doc.forms, doc.text, doc.starts, doc.ends
    out = []
    for a, b in doc.sentences:
        for i in range(a, b - 1):
            art = forms[i]
            if art not in ("a", "an"):
                continue
            token = text[starts[i] : ends[i]]
            if token not in ("a", "an") and not (i == a and token in ("A", "An")):
                continue  # "Plan A", "AN": a name or an initialism
            if i > a and forms[i - 1] in _NOT_ARTICLE_BEFORE:
                continue
            if not doc.content[i + 1]:
                continue  # "a and b", "a on-screen": spinners swap content words
            nxt = text[starts[i + 1] : ends[i + 1]]
            if ends[i] + 1 != starts[i + 1] or text[ends[i]] != " ":
                continue
            # a plain lower-case word (no acronyms, figures or letter names)
            word = nxt.split("-")[0]
            if len(word) < 2 or not word.isascii() or not word.isalpha() or not word.islower():
                continue
            if not any(c in "aeiouy" for c in word):
                continue  # read letter by letter ("an sms", "a pdf")
            sound = _sound(word)
            if sound is None or (sound == "vowel") == (art == "an"):
                continue
            right = "an" if sound == "vowel" else "a"
            if token[0].isupper():
                right = right.capitalize()
            out.append(
                _leftover(
                    doc,
                    "article",
                    (starts[i], ends[i + 1]),
                    f"article slip: '{token} {nxt}' (a word swapped after the article without fixing it)",
                    f"{right} {nxt}",
                )
            )
    return out


def _leftover(doc: Any, kind: str, span: tuple[int, int], reason: str, suggestion: str | None) -> Leftover:
    starts, ends = doc.starts, doc.ends
    lo = bisect.bisect_right(ends, span[0])
    hi = max(lo + 1, bisect.bisect_left(starts, span[1]))
    return Leftover(kind, span, (lo, hi), reason, suggestion)
