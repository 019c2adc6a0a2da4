"""Context-blind article spinners: the positives of the benchmark corpus.

Three spinners with one interface, ``spin(text, rate, rng) -> (spun, swaps)``:

* :class:`WordNetSpinner` swaps words and WordNet multi-word lemmas for a
  lemma of *any* synset of the word, any part of speech, the way a cheap
  spinner uses a synonym list: it picks wrong senses ("firm" -> "house"),
  multi-word lemmas ("cook" -> "prepare dinner") and proper-noun lemmas for
  capitalised words.  Senses are drawn with weight 1/(rank+1) within each part
  of speech, so frequent senses come up more often but not always.
* :class:`TorturedPhraseSpinner` applies the Problematic Paper Screener's
  tortured-phrase dictionary in reverse (expected -> tortured: "deep learning"
  -> "profound learning") and fills the rest of the rate with WordNet swaps,
  as paper-mill text mixes both.  It takes the expected phrases it may use, so
  a benchmark can keep part of the dictionary out of the lexicon
  (:func:`pps_split`).
* :class:`ThesaurusSpinner` uses a thesaurus that is not our WordNet:
  LibreOffice's English thesaurus (Debian ``mythes-en-us``; derived from
  WordNet but with its own similar/generic/related terms, which a WordNet
  synset spinner never produces: "crisis" -> "situation") or the Moby-derived
  AikSaurus data (Debian ``libaiksaurus-1.2-data``; an independent thesaurus
  of loose word clusters: "policy" -> "polity", "study" -> "etude").  Both
  formats are parsed here.

What every spinner does, as real ones do:

* tokens are runs of letters; hyphens and apostrophes split them, so parts
  of compounds are swapped on their own ("Secretary-General" ->
  "Secretary-Basic"); a possessive "'s" stays attached to the new word;
* multi-word entries of the lexicon are matched greedily (longest first)
  before single words, on words separated by whitespace or a hyphen;
* inflection is crude: a word is looked up as it is and through suffix
  stripping (-s, -es, -ies, -ed, -ing, WordNet's exception lists); a
  replacement gets the same suffix back by spelling rules (verbs on their
  first word, nouns on their last); comparatives are left alone;
* case is carried over (UPPER, Title, first letter); a lemma with capitals is
  only used for a capitalised word;
* everything that is not a replaced word is kept byte for byte: punctuation,
  whitespace, numbers, words next to digits ("COVID-19"), URLs, e-mail
  addresses, LaTeX (``$...$``, ``\\cite{...}``), contractions;
* a few function words and phrases are swapped as well, with probability
  proportional to the rate ("but" -> "however", "during" -> "at some point
  of", "only" -> "handiest"): the well-known marks of SpinBot-style tools,
  also seen in the seed spun article.  They do not count towards the rate.

``rate`` is the share of content words (alphabetic tokens that are not
stopwords and not protected) to replace; a phrase swap counts each content
word it covers.  The spinner hits ``round(rate * n)`` exactly when the text
has enough replaceable words, and otherwise replaces all it can;
:meth:`Spinner.spin_detailed` reports the realised rate.

Every swap is a dict: ``original``, ``replacement``, ``start``/``end`` (span
of the replacement in the spun text), ``source_start``/``source_end`` (span of
the original in the source text), ``kind`` ("word", "phrase", "function"),
``lexicon`` (which dictionary gave it) and ``content_words``.

This is a development tool, not library code: it lives in the ``devtools``
package and is imported by ``devtools.build_corpus``, ``benchmarks.scan_ceiling``
and ``tests/test_spinners.py``.  The spinners modelled on free web tools
(``phrase_thesaurus``, ``pps_words``, ``light``; issue 13) build on this
module in ``devtools/real_spinners.py``.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import math
import re
import struct
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "MOBY_PACKAGE",
    "MYTHES_PACKAGE",
    "STOPWORDS",
    "Lexicon",
    "SpinResult",
    "Spinner",
    "Thesaurus",
    "ThesaurusMissingError",
    "ThesaurusSpinner",
    "TorturedPhraseSpinner",
    "WordNetSpinner",
    "clean_expected_phrase",
    "load_moby",
    "load_mythes",
    "load_pps_rows",
    "pps_split",
    "tokenize",
]

# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

#: NLTK's English stopword list (179 words); these are never counted in the
#: rate and never swapped through the synonym lexicons.
STOPWORDS = frozenset(
    """i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
    yourselves he him his himself she she's her hers herself it it's its itself they them their
    theirs themselves what which who whom this that that'll these those am is are was were be been
    being have has had having do does did doing a an the and but if or because as until while of at
    by for with about against between into through during before after above below to from up down
    in out on off over under again further then once here there when where why how all any both
    each few more most other some such no nor not only own same so than too very s t can will just
    don don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't
    doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't
    needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn
    wouldn't""".split()
)

#: Cardinal number words: protected like digits.
NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million
    billion trillion dozen""".split()
)

#: Function words and phrases that SpinBot-style tools swap context-blind,
#: taken from their well-known output and from the seed spun article
#: (``data/seeds/000``: "will" -> "might", "but" -> "however", "some of" ->
#: "a few of", "without" -> "with out", "in which" -> "during which").
FUNCTION_SWAPS: dict[str, tuple[str, ...]] = {
    "about": ("approximately", "round", "regarding"),
    "again": ("once more", "once again"),
    "against": ("towards", "in opposition to"),
    "also": ("additionally", "moreover", "furthermore"),
    "among": ("amongst", "among the various"),
    "because": ("due to the fact that", "considering that", "as"),
    "because of": ("due to", "as a result of", "thanks to"),
    "before": ("earlier than", "prior to"),
    "but": ("however", "but"),
    "could": ("might", "may want to"),
    "during": ("at some point of", "throughout", "in the course of"),
    "each": ("every", "each and every"),
    "however": ("but", "nonetheless", "however"),
    "in which": ("during which", "wherein", "in which"),
    "most": ("maximum", "most"),
    "more": ("greater", "extra"),
    "near": ("close to", "near to"),
    "only": ("handiest", "simplest", "best"),
    "other": ("different", "other"),
    "should": ("need to", "ought to"),
    "some of": ("a few of", "a number of", "some of"),
    "such as": ("including", "which include", "consisting of"),
    "through": ("via", "thru", "through"),
    "until": ("till", "until"),
    "very": ("very", "extremely", "tremendously"),
    "while": ("even as", "whilst", "at the same time as"),
    "will": ("might", "will", "can"),
    "within": ("inside", "within"),
    "without": ("with out", "without"),
    "would": ("could", "might"),
}

#: Probability of a function-word swap at a given rate is
#: ``FUNCTION_SWAP_SHARE * min(rate, 0.5)``: at rate 0.5 about one function
#: word in four from the table is swapped, about the density of such swaps in
#: the seed spun article (which replaces roughly 40% of content words).
FUNCTION_SWAP_SHARE = 0.5

#: Longest phrase (in tokens) any lexicon tries to match.
MAX_PHRASE_TOKENS = 6

_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
#: Spans never touched: URLs, e-mail addresses, @handles, #tags, LaTeX math and commands.
_PROTECT_RE = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[@#]\w+"
    r"|\$\$.*?\$\$|\$[^$]*\$"
    r"|\\[A-Za-z]+\*?(?:\[[^\]]*\])?(?:\{[^{}]*\})*",
    re.S,
)
_SPACE_RE = re.compile(r"\s+")
_POSSESSIVE = ("'s", "\u2019s")


@dataclass(frozen=True)
class Token:
    """A word of the source text: ``text[start:end] == word``.

    ``tail`` is a possessive "'s" right after the word (kept in place);
    ``protected`` words are never swapped (contractions, words touching digits,
    LaTeX, URLs, mixed case like "iPhone"); ``content`` words count in the rate.
    """

    start: int
    end: int
    word: str
    tail: str
    protected: bool
    content: bool

    @property
    def lower(self) -> str:
        return self.word.lower()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens with offsets; see :class:`Token`."""
    protected_spans = [(m.start(), m.end()) for m in _PROTECT_RE.finditer(text)]
    starts = [s for s, _ in protected_spans]
    tokens: list[Token] = []
    for m in _WORD_RE.finditer(text):
        raw, start = m.group(), m.start()
        word, tail = raw, ""
        if "'" in raw or "\u2019" in raw:
            if raw.endswith(_POSSESSIVE) and "'" not in raw[:-2] and "\u2019" not in raw[:-2]:
                word, tail = raw[:-2], raw[-2:]
        end = start + len(word)
        protected = word != raw and not tail  # contraction ("isn't", "o'clock")
        protected = protected or "'" in word or "\u2019" in word
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and protected_spans[i][0] <= start < protected_spans[i][1]:
            protected = True
        before = text[max(0, start - 2) : start]
        after = text[m.end() : m.end() + 2]
        if before[-1:].isdigit() or before[-1:] in ("$", "\\", "@", "#", "_", "/"):
            protected = True
        if after[:1].isdigit() or after[:1] in ("_", "/") or (after[:1] == "-" and after[1:2].isdigit()):
            protected = True
        if before[-1:] == "-" and before[:1].isdigit():
            protected = True
        if not (word.islower() or word.istitle()) or not word.isascii():
            protected = True  # mixed case ("iPhone") or an acronym ("NATO", "AP")
        if word.lower() in NUMBER_WORDS:
            protected = True  # numbers are never touched, spelled out or not
        content = not protected and len(word) > 1 and word.lower() not in STOPWORDS
        tokens.append(Token(start, end, word, tail, protected, content))
    return tokens


def _match_case(original: str, replacement: str) -> str:
    """Carry the case of ``original`` over to ``replacement`` (UPPER, Title Case phrase, first letter)."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = [w for w in re.split(r"[ \-]", original) if w.lower() not in STOPWORDS]
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(
            w if i and w.lower() in STOPWORDS else w[:1].upper() + w[1:] for i, w in enumerate(replacement.split(" "))
        )
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# ---------------------------------------------------------------------------
# Crude morphology, shared by all lexicons
# ---------------------------------------------------------------------------

_VOWELS = "aeiou"
#: Last words that make a phrase a phrasal verb ("fit in", "call for").
_PARTICLES = frozenset(
    "in on up out off down over away back for with to into about around through along apart aside forth".split()
)
#: Short consonant-vowel-consonant words double their last letter (stop -> stopping).
_CVC_RE = re.compile(r"^[^aeiou]*[aeiou][bdgklmnprt]$")


def _wordnet_morphology_data() -> tuple[dict[str, dict[str, tuple[str, ...]]], dict[str, str]]:
    """WordNet's irregular forms and its lemmas' parts of speech, from the bundled zip.

    Returns ``(exceptions, parts)``: ``exceptions[pos][form]`` = base forms
    (``noun.exc``, ``verb.exc``, ``adj.exc``); ``parts[lemma]`` = the POS
    letters WordNet has it in ('nv' for "demand").  Read without NLTK; both
    empty if the zip is missing (morphology then runs unchecked).
    """
    exceptions: dict[str, dict[str, tuple[str, ...]]] = {"n": {}, "v": {}, "a": {}}
    parts: dict[str, str] = {}
    try:
        from spindetect.resources.wordnet import wordnet_zip_path

        with zipfile.ZipFile(wordnet_zip_path()) as zf:
            for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj")):
                for line in zf.read(f"wordnet/{name}.exc").decode("utf-8").splitlines():
                    form, *bases = line.split()
                    if bases:
                        exceptions[pos][form] = tuple(bases)
            for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
                for line in zf.read(f"wordnet/index.{name}").decode("utf-8").splitlines():
                    if line and not line.startswith(" "):
                        lemma = line.split(" ", 1)[0].replace("_", " ")
                        parts[lemma] = parts.get(lemma, "") + pos
    except (ImportError, OSError, KeyError, zipfile.BadZipFile):
        pass
    return exceptions, parts


#: Verbs whose past tense is the base form (not in WordNet's exception list,
#: which only lists forms that differ).
_SAME_PAST = frozenset(
    "bet bid broadcast burst cast cost cut fit forecast hit hurt let put quit read rid set shed shut split "
    "spread thrust upset".split()
)
#: Irregular third persons.
_THIRD_PERSON = {"have": "has", "be": "is", "do": "does", "go": "goes"}


class Morphology:
    """Suffix analysis and re-inflection, as crude as a cheap spinner's.

    With WordNet's lemma list (``parts``), an -s analysis needs a base that
    is a noun or verb and -ed/-ing one that is a verb, and a replacement is
    only inflected if the word taking the suffix is of that kind: this keeps
    out forms no spinner dictionary holds ("towards" -> "toward" -> "tos").
    """

    def __init__(
        self,
        exceptions: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
        parts: Mapping[str, str] | None = None,
    ) -> None:
        if exceptions is None or parts is None:
            wn_exceptions, wn_parts = _wordnet_morphology_data()
            exceptions = wn_exceptions if exceptions is None else exceptions
            parts = wn_parts if parts is None else parts
        self.exceptions = dict(exceptions)
        self.parts = dict(parts)
        # base -> irregular forms, in file order (first one wins: crude on purpose)
        self._plural: dict[str, str] = {}
        self._past: dict[str, str] = {}
        self._gerund: dict[str, str] = {}
        for form, bases in self.exceptions.get("n", {}).items():
            for base in bases:
                self._plural.setdefault(base, form)
        for form, bases in self.exceptions.get("v", {}).items():
            for base in bases:
                if form.endswith("ing"):
                    self._gerund.setdefault(base, form)
                elif not form.endswith("s") or base.endswith("s"):
                    self._past.setdefault(base, form)

    def _is(self, word: str, pos: str) -> bool:
        """Whether WordNet has ``word`` in one of the parts of speech ``pos`` (True if unknown)."""
        if not self.parts:
            return True
        return any(p in pos for p in self.parts.get(word, ""))

    def analyses(self, word: str) -> list[tuple[str, str | None]]:
        """Candidate (base, suffix) pairs for a lowercase word; suffix None = as is.

        Suffixes: 's' (plural or 3rd person), 'ed', 'ing'; 'cmp' marks an
        adjective comparative/superlative (callers skip those).
        """
        out: list[tuple[str, str | None]] = [(word, None)]

        def add(base: str, suffix: str, checked: bool = True) -> None:
            if len(base) < 2 or (base, suffix) in out:
                return
            if checked and not self._is(base, "nv" if suffix == "s" else "v"):
                return
            out.append((base, suffix))

        for pos, suffix in (("n", "s"), ("v", "ed")):
            for base in self.exceptions.get(pos, {}).get(word, ()):
                add(base, "ing" if word.endswith("ing") else suffix, checked=False)
        for base in self.exceptions.get("a", {}).get(word, ()):
            add(base, "cmp", checked=False)
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            if word.endswith("ies"):
                add(word[:-3] + "y", "s")
            if word.endswith("es"):
                add(word[:-2], "s")
            add(word[:-1], "s")
        if len(word) > 4 and word.endswith("ed"):
            if word.endswith("ied"):
                add(word[:-3] + "y", "ed")
            add(word[:-2], "ed")
            add(word[:-1], "ed")
            if word[-3] == word[-4]:
                add(word[:-3], "ed")
        if len(word) > 5 and word.endswith("ing"):
            stem = word[:-3]
            add(stem, "ing")
            add(stem + "e", "ing")
            if stem[-1] == stem[-2]:
                add(stem[:-1], "ing")
            if stem.endswith("y"):
                add(stem[:-1] + "ie", "ing")
        return out

    @staticmethod
    def _add_s(word: str) -> str:
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return word + "es"
        if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
            return word[:-1] + "ies"
        return word + "s"

    def _past_form(self, word: str) -> str:
        if word in self._past:
            return self._past[word]
        if word in _SAME_PAST:
            return word
        if word.endswith("e"):
            return word + "d"
        if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
            return word[:-1] + "ied"
        if len(word) <= 4 and _CVC_RE.match(word):
            return word + word[-1] + "ed"
        return word + "ed"

    def _ing_form(self, word: str) -> str:
        if word in self._gerund:
            return self._gerund[word]
        if word.endswith("ie"):
            return word[:-2] + "ying"
        if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) and len(word) > 2:
            return word[:-1] + "ing"
        if len(word) <= 4 and _CVC_RE.match(word):
            return word + word[-1] + "ing"
        return word + "ing"

    def inflect(self, phrase: str, suffix: str | None, pos: str | None) -> str | None:
        """Give ``phrase`` the ``suffix`` back, on one word only; None if that word can't take it.

        Verbs take it on their first word ("prepare dinner" -> "prepared
        dinner"); nouns on their last word, or on the word before "of"
        ("secretary of state" -> "secretaries of state").  With ``pos`` None
        (a thesaurus without parts of speech) -ed and -ing, and -s on a phrase
        ending in a particle ("fit in" -> "fits in"), count as verbal.  The
        word must be a WordNet verb (or noun, for a nominal -s).
        """
        if suffix is None:
            return phrase
        if suffix not in ("s", "ed", "ing"):
            raise ValueError(f"unknown suffix {suffix!r}")
        words = phrase.split(" ")
        verb_like = pos == "v" or (
            pos is None and (suffix in ("ed", "ing") or (len(words) > 1 and words[-1] in _PARTICLES))
        )
        if verb_like:
            i = 0
        elif "of" in words[1:]:
            i = words.index("of", 1) - 1
        else:
            i = len(words) - 1
        w = words[i]
        if not self._is(w.lower(), "v" if verb_like else "n"):
            return None
        if suffix == "s":
            if verb_like:
                words[i] = _THIRD_PERSON.get(w) or self._add_s(w)
            else:
                words[i] = self._plural.get(w) or self._add_s(w)
        elif suffix == "ed":
            words[i] = self._past_form(w)
        else:
            words[i] = self._ing_form(w)
        return " ".join(words)


# ---------------------------------------------------------------------------
# Lexicons: key -> weighted groups of replacements
# ---------------------------------------------------------------------------

#: An entry: groups of interchangeable replacements, each with a weight; a
#: spinner picks a group by weight, then a replacement uniformly.
Entry = tuple[tuple[float, tuple[str, ...]], ...]


def _norm(s: str) -> str:
    return re.sub(r"[\s_\-']", "", s.lower())


def _valid_replacement(s: str) -> bool:
    return bool(s) and len(s.split()) <= 4 and all(c.isalpha() or c in " -'." for c in s) and s[0].isalpha()


class Lexicon:
    """Base of the three dictionaries: phrase index plus cached entries.

    Subclasses implement :meth:`_lookup` (``(base, suffix) -> Entry``) and
    fill ``self._phrases`` (lowercase multi-word keys, words joined by a
    space or a hyphen as written) and ``self._phrase_firsts``.
    """

    name = "lexicon"

    def __init__(self, morphology: Morphology | None = None) -> None:
        self.morphology = morphology or Morphology()
        self._phrases: set[str] = set()
        self._phrase_firsts: set[str] = set()
        self.max_phrase_tokens = 1
        self._cache: dict[str, Entry] = {}

    def _index_phrases(self, keys: Iterable[str]) -> None:
        for key in keys:
            n = len(re.split(r"[ \-]", key))
            if n < 2:
                continue
            self._phrases.add(key)
            self._phrase_firsts.add(re.split(r"[ \-]", key, maxsplit=1)[0])
            self.max_phrase_tokens = min(MAX_PHRASE_TOKENS, max(self.max_phrase_tokens, n))

    def starts_phrase(self, first: str) -> bool:
        return first in self._phrase_firsts

    def is_phrase(self, key: str) -> bool:
        return key in self._phrases

    def entry(self, key: str) -> Entry:
        """Replacements for a lowercase word or phrase key (empty if none), cached."""
        hit = self._cache.get(key)
        if hit is None:
            hit = self._build_entry(key)
            self._cache[key] = hit
        return hit

    def _build_entry(self, key: str) -> Entry:
        groups: list[tuple[float, tuple[str, ...]]] = []
        if " " in key or "-" in key:
            analyses: list[tuple[str, str | None]] = [(key, None)]
            head, _, last = key.rpartition(" ")
            if head and last.endswith("s") and len(last) > 3:
                for base, suffix in self.morphology.analyses(last):
                    if suffix == "s":
                        analyses.append((f"{head} {base}", "s"))
        else:
            analyses = self.morphology.analyses(key)
        for base, suffix in analyses:
            if suffix == "cmp":
                continue
            groups.extend(self._lookup(key, base, suffix))
        return tuple(groups)

    def _lookup(self, key: str, base: str, suffix: str | None) -> list[tuple[float, tuple[str, ...]]]:
        raise NotImplementedError


class WordNetLexicon(Lexicon):
    """Synset lemmas of WordNet 3.0 (bundled with spindetect, read through NLTK)."""

    name = "wordnet"

    #: NLTK's part-of-speech letters, in the order ``wn.synsets`` tries them.
    POS = ("n", "v", "a", "r")

    def __init__(self, morphology: Morphology | None = None) -> None:
        super().__init__(morphology)
        from spindetect.resources.wordnet import get_wordnet

        self.wn = get_wordnet()
        keys = []
        for pos in self.POS:
            for lemma in self.wn.all_lemma_names(pos):
                if "_" in lemma:
                    keys.append(lemma.replace("_", " "))
        self._index_phrases(sorted(set(keys)))

    def _lookup(self, key: str, base: str, suffix: str | None) -> list[tuple[float, tuple[str, ...]]]:
        lemma_key = base.replace(" ", "_")
        out: list[tuple[float, tuple[str, ...]]] = []
        for pos in self.POS:
            if suffix in ("ed", "ing") and pos != "v":
                continue
            if suffix == "s" and pos not in ("n", "v"):
                continue
            # only senses that list this exact lemma (no second round of morphology)
            synsets = [s for s in self.wn.synsets(lemma_key, pos) if lemma_key in {n.lower() for n in s.lemma_names()}]
            for rank, synset in enumerate(synsets):
                repls = []
                for name in synset.lemma_names():
                    phrase = name.replace("_", " ")
                    if _norm(phrase) in (_norm(base), _norm(key)) or not _valid_replacement(phrase):
                        continue
                    inflected = self.morphology.inflect(phrase, suffix, "v" if pos == "v" else "n")
                    if inflected is not None:
                        repls.append(inflected)
                if repls:
                    out.append((1.0 / (rank + 1), tuple(dict.fromkeys(repls))))
        return out


# ---------------------------------------------------------------------------
# Non-WordNet thesauri
# ---------------------------------------------------------------------------

#: Debian packages holding the thesauri, named in the error when a file is missing.
MYTHES_PACKAGE = "mythes-en-us"
MOBY_PACKAGE = "libaiksaurus-1.2-data"
MYTHES_PATH = Path("/usr/share/mythes/th_en_US_v2.dat")
MOBY_DIR = Path("/usr/share/aiksaurus")


class ThesaurusMissingError(FileNotFoundError):
    """A thesaurus file is not installed; the message names the apt package."""


@dataclass
class Thesaurus:
    """A parsed thesaurus: lowercase headword -> meanings.

    Each meaning is ``(pos, ((weight, terms), ...))`` with ``pos`` one of
    'n', 'v', 'a', 'r' or None (unknown), and terms in the thesaurus' case.
    """

    name: str
    entries: dict[str, list[tuple[str | None, tuple[tuple[float, tuple[str, ...]], ...]]]] = field(repr=False)
    source: str = ""

    def __len__(self) -> int:
        return len(self.entries)


_MYTHES_POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
#: Weight of a mythes term by its mark: plain synonyms and similar terms are
#: what the LibreOffice dialog lists first; generic (hypernym) and related
#: terms come after.  Antonyms are left out (weight 0).  At 0.5 for generic
#: terms, spot-reading 10 spun texts showed many hypernym swaps no spinner
#: makes ("July" -> "Gregorian calendar month", "scientists" -> "someones");
#: at 0.15 they are rare.
_MYTHES_KIND_WEIGHT = {"": 1.0, "similar term": 1.0, "generic term": 0.15, "related term": 0.15, "antonym": 0.0}
_MYTHES_MARK_RE = re.compile(r"^(.*?) \((similar term|generic term|related term|antonym)\)$")


def load_mythes(path: Path | str | None = None) -> Thesaurus:
    """Parse LibreOffice's MyThes thesaurus (``th_en_US_v2.dat``).

    Format: an encoding line, then entries ``headword|n`` followed by ``n``
    lines ``(pos)|term|term (similar term)|...``.

    :raises ThesaurusMissingError: if the file is missing (install ``mythes-en-us``).
    """
    path = Path(path) if path is not None else MYTHES_PATH
    if not path.is_file():
        raise ThesaurusMissingError(
            f"LibreOffice's English thesaurus is not at {path}. Install it with "
            f"`apt-get install -y {MYTHES_PACKAGE}` (Debian/Ubuntu), or pass its path."
        )
    entries: dict[str, list] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        encoding_line = fh.readline()
        if "|" in encoding_line:
            raise ValueError(f"{path} does not start with an encoding line; not a MyThes .dat file?")
        line = fh.readline()
        while line:
            head, _, count = line.rstrip("\n").rpartition("|")
            if not count.isdigit():
                raise ValueError(f"{path}: expected 'word|count', got {line.strip()!r}")
            meanings = []
            for _ in range(int(count)):
                pos_field, *terms = fh.readline().rstrip("\n").split("|")
                pos = _MYTHES_POS.get(pos_field.strip("()").split()[0] if pos_field.strip("()") else "")
                by_kind: dict[str, list[str]] = {}
                for term in terms:
                    m = _MYTHES_MARK_RE.match(term)
                    text, kind = (m.group(1), m.group(2)) if m else (term, "")
                    by_kind.setdefault(kind, []).append(text.strip())
                # a proper-noun sense ("Blair|Tony Blair|statesman (generic term)") keeps only
                # its names: "Tony Blair" -> "Blair", never -> "statesman"
                proper = any(t[:1].isupper() for t in by_kind.get("", [])[:1])
                groups = tuple(
                    (_MYTHES_KIND_WEIGHT[kind], tuple(dict.fromkeys(ts)))
                    for kind, ts in by_kind.items()
                    if _MYTHES_KIND_WEIGHT[kind] > 0 and (kind == "" or not proper)
                )
                meanings.append((pos, groups))
            entries.setdefault(head.lower(), []).extend(meanings)
            line = fh.readline()
    return Thesaurus("mythes", entries, source=str(path))


#: A Moby/AikSaurus word's closest synonyms are those sharing at least this
#: many of its meaning clusters; as a group they weigh this much against one
#: cluster's 1/(number of clusters).  Clusters hold ~23 loosely related words,
#: so a uniform pick from them is wilder than real spinner output; looking at
#: 40 common words, words sharing 2+ clusters are mostly real synonyms, and
#: at weight 4 spot-read spun texts still had too many wild picks ("power" ->
#: "nabob"), hence 6.
_MOBY_STRONG_SHARED = 2
_MOBY_STRONG_WEIGHT = 6.0


def load_moby(directory: Path | str | None = None) -> Thesaurus:
    """Parse the AikSaurus thesaurus (Moby-derived): ``words.dat`` and ``meanings.dat``.

    ``words.dat``: records ``word NUL id16* FFFF`` (ids: big-endian meaning
    numbers; ':' stands for a space).  ``meanings.dat``: records ``id16* FFFF``
    of word numbers, the first two being the cluster's title words.

    :raises ThesaurusMissingError: if the files are missing (install ``libaiksaurus-1.2-data``).
    """
    directory = Path(directory) if directory is not None else MOBY_DIR
    words_path, meanings_path = directory / "words.dat", directory / "meanings.dat"
    if not (words_path.is_file() and meanings_path.is_file()):
        raise ThesaurusMissingError(
            f"The AikSaurus (Moby) thesaurus is not in {directory}. Install it with "
            f"`apt-get install -y {MOBY_PACKAGE}` (Debian/Ubuntu), or pass its directory."
        )
    raw_words, raw_meanings = words_path.read_bytes(), meanings_path.read_bytes()

    def ids(buf: bytes, i: int) -> tuple[list[int], int]:
        out = []
        while True:
            (v,) = struct.unpack_from(">H", buf, i)
            i += 2
            if v == 0xFFFF:
                return out, i
            out.append(v)

    words: list[str] = []
    word_meanings: list[list[int]] = []
    i = 0
    while i < len(raw_words):
        j = raw_words.index(b"\0", i)
        words.append(raw_words[i:j].decode("latin-1").replace(":", " "))
        ms, i = ids(raw_words, j + 1)
        word_meanings.append(ms)
    meanings: list[list[int]] = []
    i = 0
    while i < len(raw_meanings):
        ms, i = ids(raw_meanings, i)
        meanings.append(ms)
    entries: dict[str, list] = {}
    for w, (word, ms) in enumerate(zip(words, word_meanings)):
        shared: dict[int, int] = {}
        clusters = []
        for m in ms:
            members = [x for x in dict.fromkeys(meanings[m][2:]) if x != w]
            clusters.append(tuple(words[x] for x in members))
            for x in members:
                shared[x] = shared.get(x, 0) + 1
        strong = tuple(words[x] for x, n in shared.items() if n >= _MOBY_STRONG_SHARED)
        groups = []
        if strong:
            groups.append((_MOBY_STRONG_WEIGHT, strong))
        groups.extend((1.0 / len(clusters), c) for c in clusters if c)
        if groups:
            entries.setdefault(word.lower(), []).append((None, tuple(groups)))
    return Thesaurus("moby", entries, source=str(directory))


class ThesaurusLexicon(Lexicon):
    """A :class:`Thesaurus` as a lexicon; meanings weighted 1/(rank+1)."""

    def __init__(self, thesaurus: Thesaurus, morphology: Morphology | None = None) -> None:
        super().__init__(morphology)
        self.thesaurus = thesaurus
        self.name = thesaurus.name
        self._index_phrases(k for k in thesaurus.entries if " " in k or "-" in k)

    def _lookup(self, key: str, base: str, suffix: str | None) -> list[tuple[float, tuple[str, ...]]]:
        out: list[tuple[float, tuple[str, ...]]] = []
        for rank, (pos, groups) in enumerate(self.thesaurus.entries.get(base, ())):
            if suffix in ("ed", "ing") and pos not in ("v", None):
                continue
            if suffix == "s" and pos not in ("n", "v", None):
                continue
            for weight, terms in groups:
                inflected = (
                    self.morphology.inflect(t, suffix, pos)
                    for t in terms
                    if _norm(t) not in (_norm(base), _norm(key)) and _valid_replacement(t)
                )
                repls = [r for r in inflected if r is not None]
                if repls:
                    out.append((weight / (rank + 1), tuple(dict.fromkeys(repls))))
        return out


# ---------------------------------------------------------------------------
# Tortured phrases (Problematic Paper Screener)
# ---------------------------------------------------------------------------

_PPS_TSV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pps" / "pps_train.tsv"
_TRAILING_NOTE_RE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")


def clean_expected_phrase(phrase: str) -> str | None:
    """The matchable form of a PPS expected phrase, or None if it has none.

    Trailing notes in brackets go ("deep learning (DL)" -> "deep learning",
    "rythm pattern (?)" -> "rythm pattern"); phrases with brackets inside,
    alternatives ('/'), quotes, URLs or unknowns ("???") are dropped, since
    they do not say what text the tortured phrase replaced.
    """
    s = phrase.replace("\xa0", " ").strip()
    while True:
        t = _TRAILING_NOTE_RE.sub("", s)
        if t == s:
            break
        s = t
    s = _SPACE_RE.sub(" ", s).strip()
    if not s or re.search(r"[()\[\]/\"\\?|:;]|http", s) or "\u2018" in s:
        return None
    if not re.fullmatch(r"[A-Za-z][A-Za-z' \-]*[A-Za-z]", s) or len(s.split()) > MAX_PHRASE_TOKENS:
        return None
    return s


def _expected_key(phrase: str) -> str:
    cleaned = clean_expected_phrase(phrase)
    return (cleaned if cleaned is not None else _SPACE_RE.sub(" ", phrase.strip())).lower()


def load_pps_rows(path: Path | str | None = None) -> list[dict[str, str]]:
    """Read ``pps_train.tsv`` (tab-separated, with a header) as a list of dicts.

    :raises FileNotFoundError: with the expected location if it is missing.
    """
    path = Path(path) if path is not None else _PPS_TSV
    if not path.is_file():
        raise FileNotFoundError(
            f"The PPS tortured-phrase dictionary is not at {path}; it lives in the shared data folder "
            "(../shared/data/pps/pps_train.tsv beside the repository)."
        )
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def pps_split(
    rows: Sequence[Mapping[str, Any]], held_out_share: float = 0.3, seed: int = 0
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """Split PPS rows by expected phrase into (lexicon part, held-out part).

    A row goes to the held-out part when the SHA-256 of ``"{seed}:{key}"``,
    read as a number in [0, 1), is below ``held_out_share``; the key is the
    cleaned, lowercased expected phrase, so every row of one expected phrase
    lands in the same part, and the assignment of a phrase never depends on
    the other rows (stable across runs, machines and dictionary updates).
    Order within each part follows ``rows``.

    >>> rows = [{"expected_phrase": "deep learning (DL)"}, {"expected_phrase": "Deep learning"}]
    >>> lexicon, held_out = pps_split(rows)
    >>> len(lexicon) + len(held_out), len(lexicon) in (0, 2)
    (2, True)
    """
    if not 0.0 <= held_out_share <= 1.0:
        raise ValueError(f"held_out_share must be in [0, 1], not {held_out_share!r}")
    lexicon: list[Mapping[str, Any]] = []
    held_out: list[Mapping[str, Any]] = []
    for row in rows:
        key = _expected_key(str(row["expected_phrase"]))
        digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
        u = int.from_bytes(digest[:8], "big") / 2**64
        (held_out if u < held_out_share else lexicon).append(row)
    return lexicon, held_out


#: PPS query kinds whose rows are plain expected -> tortured mappings.
#: 'and_context' rows ("surface region" AND "surface area") map just as well:
#: the condition only says the paper also kept the original phrase somewhere.
PPS_KINDS_DEFAULT = ("simple", "and_context")


class TorturedPhraseLexicon(Lexicon):
    """Expected phrase -> tortured phrases, weighted by log(1 + number of papers)."""

    name = "pps"

    def __init__(
        self,
        rows: Iterable[Mapping[str, Any]],
        allowed_expected: Iterable[str] | None = None,
        kinds: Iterable[str] = PPS_KINDS_DEFAULT,
        morphology: Morphology | None = None,
    ) -> None:
        super().__init__(morphology)
        kinds = set(kinds)
        allowed = None if allowed_expected is None else {_expected_key(p) for p in allowed_expected}
        table: dict[str, dict[str, float]] = {}
        for row in rows:
            if row.get("query_kind", "simple") not in kinds:
                continue
            expected = clean_expected_phrase(str(row["expected_phrase"]))
            tortured = _SPACE_RE.sub(" ", str(row["tortured_phrase"])).strip()
            if expected is None or not _valid_replacement(tortured) or _norm(tortured) == _norm(expected):
                continue
            key = expected.lower()
            if allowed is not None and key not in allowed:
                continue
            try:
                n_papers = float(row.get("n_papers") or 1)
            except ValueError:
                n_papers = 1.0
            weights = table.setdefault(key, {})
            weights[tortured] = max(weights.get(tortured, 0.0), 1.0 + math.log1p(max(n_papers, 0.0)))
        self.table = {k: tuple((w, (t,)) for t, w in v.items()) for k, v in sorted(table.items())}
        self._index_phrases(self.table)
        self._words = {k for k in self.table if " " not in k and "-" not in k}

    def __len__(self) -> int:
        return len(self.table)

    def _lookup(self, key: str, base: str, suffix: str | None) -> list[tuple[float, tuple[str, ...]]]:
        if suffix not in (None, "s"):
            return []
        out = []
        for w, ts in self.table.get(base, ()):
            repls = tuple(r for r in (self.morphology.inflect(t, suffix, "n") for t in ts) if r is not None)
            if repls:
                out.append((w, repls))
        return out


# ---------------------------------------------------------------------------
# The spinning engine
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SpinResult:
    """A spun text with its swaps and the rate actually reached."""

    text: str
    swaps: list[dict[str, Any]]
    target_rate: float
    n_content: int
    n_replaced: int

    @property
    def realised_rate(self) -> float:
        return self.n_replaced / self.n_content if self.n_content else 0.0


@dataclass
class _Candidate:
    first: int  # token index
    last: int  # token index, inclusive
    entry: Entry
    lexicon: str
    content_words: int


class Spinner:
    """Base class: segment, choose swaps to hit the rate, rebuild the text.

    Subclasses set :attr:`name` and :meth:`lexicons` (in priority order: the
    budget is spent on the first lexicon's matches before the next one's).
    """

    name = "spinner"

    def __init__(self, *, function_words: bool = True) -> None:
        self.function_words = function_words

    def lexicons(self) -> list[Lexicon]:
        raise NotImplementedError

    def spin(self, text: str, rate: float, rng) -> tuple[str, list[dict[str, Any]]]:
        """Spin ``text`` replacing about ``rate`` of its content words; returns (spun text, swaps)."""
        result = self.spin_detailed(text, rate, rng)
        return result.text, result.swaps

    # -- helpers -------------------------------------------------------------

    @staticmethod
    def _joinable(text: str, tokens: Sequence[Token], i: int) -> str | None:
        """The separator between tokens i and i+1 if they can be one phrase (' ' or '-')."""
        a, b = tokens[i], tokens[i + 1]
        if a.tail:
            return None
        gap = text[a.end : b.start]
        if gap == "-":
            return "-"
        if gap and gap.isspace():
            return " "
        return None

    def _segment(self, text: str, tokens: Sequence[Token], taken: list[bool], lexicon: Lexicon) -> list[_Candidate]:
        """Greedy longest-match segmentation of the free tokens into lexicon candidates.

        Multi-word entries are tried first at every position (longest first,
        hyphens and spaces interchangeable, a plural last word allowed); a
        candidate keeps only the replacements usable for the word's case.
        """
        out: list[_Candidate] = []
        n = len(tokens)
        i = 0
        while i < n:
            tok = tokens[i]
            if taken[i] or tok.protected:
                i += 1
                continue
            capitalised = tok.word[:1].isupper()
            matched = False
            if lexicon.max_phrase_tokens > 1 and lexicon.starts_phrase(tok.lower):
                parts = [tok.lower]
                j = i
                while j + 1 < n and j - i + 1 < lexicon.max_phrase_tokens:
                    if taken[j + 1] or tokens[j + 1].protected:
                        break
                    sep = self._joinable(text, tokens, j)
                    if sep is None:
                        break
                    parts += [sep, tokens[j + 1].lower]
                    j += 1
                for last in range(j, i, -1):
                    content = sum(1 for t in tokens[i : last + 1] if t.content)
                    if not content:
                        continue
                    key = "".join(parts[: 2 * (last - i) + 1])
                    for form in dict.fromkeys((key, key.replace("-", " "))):
                        if lexicon.is_phrase(form) or lexicon.is_phrase(self._singular_key(form, lexicon)):
                            entry = self._usable(lexicon.entry(form), capitalised)
                            if entry:
                                out.append(_Candidate(i, last, entry, lexicon.name, content))
                                matched = True
                                break
                    if matched:
                        i = last + 1
                        break
            if matched:
                continue
            if tok.content:
                entry = self._usable(lexicon.entry(tok.lower), capitalised)
                if entry:
                    out.append(_Candidate(i, i, entry, lexicon.name, 1))
            i += 1
        return out

    @staticmethod
    def _singular_key(key: str, lexicon: Lexicon) -> str:
        """``key`` with its last word made singular, if that is a phrase of the lexicon."""
        head, _, last = key.rpartition(" ")
        if head:
            for base, suffix in lexicon.morphology.analyses(last):
                if suffix == "s" and lexicon.is_phrase(f"{head} {base}"):
                    return f"{head} {base}"
        return key

    @staticmethod
    def _usable(entry: Entry, capitalised: bool) -> Entry:
        """Drop replacements with capitals (names, acronyms) unless the original is capitalised."""
        if capitalised:
            return entry
        groups = ((w, tuple(r for r in rs if r == r.lower())) for w, rs in entry)
        return tuple((w, rs) for w, rs in groups if rs and w > 0)

    @staticmethod
    def _choose(entry: Entry, rng) -> str:
        """A group by weight, then a replacement uniformly: context-blind."""
        total = sum(w for w, _ in entry)
        x = rng.random() * total
        chosen = entry[-1][1]
        for w, rs in entry:
            x -= w
            if x < 0:
                chosen = rs
                break
        return chosen[rng.randrange(len(chosen))]

    def spin_detailed(self, text: str, rate: float, rng) -> SpinResult:
        """Like :meth:`spin`, returning a :class:`SpinResult` with the realised rate."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be in [0, 1], not {rate!r}")
        tokens = tokenize(text)
        n_content = sum(t.content for t in tokens)
        target = round(rate * n_content)
        taken = [False] * len(tokens)
        chosen: list[_Candidate] = []
        count = 0
        for lexicon in self.lexicons():
            if count >= target:
                break
            candidates = self._segment(text, tokens, taken, lexicon)
            rng.shuffle(candidates)
            for cand in candidates:
                if count >= target:
                    break
                if abs(count + cand.content_words - target) >= abs(count - target):
                    continue  # a phrase that would overshoot more than it helps
                chosen.append(cand)
                count += cand.content_words
                for k in range(cand.first, cand.last + 1):
                    taken[k] = True
        chosen.sort(key=lambda c: c.first)

        edits: list[tuple[int, int, str, str, str, int]] = []  # start, end, replacement, kind, lexicon, content
        for cand in chosen:
            span = tokens[cand.first : cand.last + 1]
            replacement = _match_case(" ".join(t.word for t in span), self._choose(cand.entry, rng))
            new_words = replacement.split(" ")
            if len(new_words) == len(span) > 1:
                # same number of words: keep the original separators (line breaks, hyphens)
                seps = [text[span[k].end : span[k + 1].start] for k in range(len(span) - 1)]
                replacement = new_words[0] + "".join(s + w for s, w in zip(seps, new_words[1:]))
            kind = "phrase" if len(span) > 1 else "word"
            edits.append((span[0].start, span[-1].end, replacement, kind, cand.lexicon, cand.content_words))
        replaced = sum(e[5] for e in edits)

        if self.function_words and rate > 0:
            edits.extend(self._function_edits(text, tokens, taken, rate, rng))
            edits.sort()

        out: list[str] = []
        swaps: list[dict[str, Any]] = []
        pos = 0
        shift = 0
        for start, end, replacement, kind, lexicon_name, content in edits:
            out.append(text[pos:start])
            out.append(replacement)
            new_start = start + shift
            swaps.append(
                {
                    "original": text[start:end],
                    "replacement": replacement,
                    "start": new_start,
                    "end": new_start + len(replacement),
                    "source_start": start,
                    "source_end": end,
                    "kind": kind,
                    "lexicon": lexicon_name,
                    "content_words": content,
                }
            )
            shift += len(replacement) - (end - start)
            pos = end
        out.append(text[pos:])
        return SpinResult("".join(out), swaps, rate, n_content, replaced)

    def _function_edits(self, text: str, tokens: Sequence[Token], taken: list[bool], rate: float, rng):
        p = FUNCTION_SWAP_SHARE * min(rate, 0.5)
        edits = []
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            if taken[i] or tok.protected:
                i += 1
                continue
            key = tok.lower
            span = i
            if (
                i + 1 < n
                and not taken[i + 1]
                and not tokens[i + 1].protected
                and self._joinable(text, tokens, i) == " "
            ):
                two = f"{key} {tokens[i + 1].lower}"
                if two in FUNCTION_SWAPS:
                    key, span = two, i + 1
            options = FUNCTION_SWAPS.get(key)
            if options and rng.random() < p:
                original = text[tok.start : tokens[span].end]
                replacement = _match_case(original, options[rng.randrange(len(options))])
                if replacement.lower() != original.lower():
                    edits.append((tok.start, tokens[span].end, replacement, "function", "function", 0))
                    for k in range(i, span + 1):
                        taken[k] = True
            i = span + 1
        return edits


class WordNetSpinner(Spinner):
    """Context-blind WordNet synonym spinner (any synset, any part of speech)."""

    name = "wordnet"

    def __init__(self, *, function_words: bool = True, lexicon: WordNetLexicon | None = None) -> None:
        super().__init__(function_words=function_words)
        self.lexicon = lexicon or WordNetLexicon()

    def lexicons(self) -> list[Lexicon]:
        return [self.lexicon]


class TorturedPhraseSpinner(Spinner):
    """Tortured phrases from the PPS dictionary first, WordNet swaps for the rest of the rate.

    :param rows: PPS rows (dicts with ``tortured_phrase``, ``expected_phrase``,
        ``n_papers``, ``query_kind``); default: ``../shared/data/pps/pps_train.tsv``.
    :param allowed_expected: expected phrases this spinner may use (e.g. the
        held-out part of :func:`pps_split`); None = all.
    :param kinds: PPS query kinds to use (default 'simple' and 'and_context').
    :param wordnet: the fallback WordNet spinner (shared to save loading time).
    """

    name = "tortured_phrase"

    def __init__(
        self,
        rows: Iterable[Mapping[str, Any]] | None = None,
        *,
        allowed_expected: Iterable[str] | None = None,
        kinds: Iterable[str] = PPS_KINDS_DEFAULT,
        wordnet: WordNetSpinner | None = None,
        function_words: bool = True,
    ) -> None:
        super().__init__(function_words=function_words)
        self.wordnet = wordnet or WordNetSpinner()
        rows = load_pps_rows() if rows is None else rows
        self.lexicon = TorturedPhraseLexicon(rows, allowed_expected, kinds, self.wordnet.lexicon.morphology)

    def lexicons(self) -> list[Lexicon]:
        return [self.lexicon, self.wordnet.lexicon]

    def matches(self, text: str) -> int:
        """Number of places in ``text`` where a tortured phrase could be put."""
        tokens = tokenize(text)
        return len(self._segment(text, tokens, [False] * len(tokens), self.lexicon))


class ThesaurusSpinner(Spinner):
    """Spinner over a non-WordNet thesaurus: 'mythes' (LibreOffice) or 'moby' (AikSaurus).

    :param source: 'mythes' or 'moby', or a :class:`Thesaurus` already loaded.
    :param path: file (mythes) or directory (moby) to read instead of the
        Debian location.
    :raises ThesaurusMissingError: naming the apt package when the data is missing.
    """

    def __init__(
        self,
        source: str | Thesaurus = "mythes",
        *,
        path: Path | str | None = None,
        function_words: bool = True,
        morphology: Morphology | None = None,
    ) -> None:
        super().__init__(function_words=function_words)
        if isinstance(source, Thesaurus):
            thesaurus = source
        elif source == "mythes":
            thesaurus = load_mythes(path)
        elif source == "moby":
            thesaurus = load_moby(path)
        else:
            raise ValueError(f"unknown thesaurus {source!r}; use 'mythes' or 'moby' or pass a Thesaurus")
        self.lexicon = ThesaurusLexicon(thesaurus, morphology)
        self.name = f"thesaurus_{thesaurus.name}"

    def lexicons(self) -> list[Lexicon]:
        return [self.lexicon]
