"""Spinners modelled on free web tools: phrase thesaurus, PPS word swaps, light spin.

Three more positives for the benchmark corpus (issue 13), on top of
:mod:`devtools.spinners` and with the same interface
``spin(text, rate, rng) -> (spun, swaps)`` and the same swap dicts:

* :class:`PhraseThesaurusSpinner` (``phrase_thesaurus``) does what SpinBot-like
  free tools do: a thesaurus with multi-word entries (WordNet multi-word
  lemmas, AikSaurus/Moby and LibreOffice mythes headwords), a small table of
  their well-known phrase rewrites ("a member of" -> "an individual from",
  "however" -> "be that as it may"), a *uniformly* random sense (each
  thesaurus counts one third, its senses share that uniformly: no frequency
  weighting), capitalised words and names swapped like any other word
  ("New York" -> "Virgin York"), no agreement fixes (a word that is not a
  headword is looked up by its base form and replaced by the bare synonym:
  "planned" -> "deliberate"), and multi-word terms broken word by word
  ("domestic dog" -> "residential puppy") as often as swapped whole.
* :class:`PpsWordSpinner` (``pps_words``) uses the *word* swaps implied by the
  Problematic Paper Screener dictionary: where a tortured phrase and its
  expected phrase have the same number of words they are aligned word by word
  ("big data" / "huge information" gives data -> information), which is the
  thesaurus behind SpinBot-family output.  :func:`pps_word_map` builds the
  map from PPS rows; the corpus builds one from the lexicon part of
  ``pps_split`` and one from the held-out part (only swaps the lexicon part
  does not imply).  Those words cover about a quarter of the content words of
  news text, so the rest of the rate is filled from the mythes thesaurus, the
  way :class:`~devtools.spinners.TorturedPhraseSpinner` fills with WordNet.
* :class:`LightSpinner` (``light``) breaks exactly one or two *terms* and
  leaves every other byte alone.  A term is a multi-word expression found in
  the text: a WordNet multi-word lemma, a PPS expected phrase, or a frequent
  noun compound (:func:`noun_compounds`).  Each content word of the term gets a
  context-blind one-word synonym from WordNet or mythes ("pattern
  recognition" -> "example acknowledgment", "raw data" -> "crude
  information").

Development tool, not library code; imported by ``devtools.build_corpus`` and
``tests/test_spinners.py``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from devtools import spinners as sp
from devtools.spinners import STOPWORDS, Entry, Lexicon, Morphology, Spinner, SpinResult, Thesaurus, Token, tokenize

__all__ = [
    "SPINBOT_FUNCTION_SWAPS",
    "SPINBOT_PHRASES",
    "LightSpinner",
    "PhraseThesaurusSpinner",
    "PpsWordSpinner",
    "UniformSenseLexicon",
    "noun_compounds",
    "pps_word_map",
]

# ---------------------------------------------------------------------------
# phrase_thesaurus
# ---------------------------------------------------------------------------

#: Multi-word rewrites with a content word, in the style of SpinBot's
#: well-known output (hand-written from examples seen in spun web pages and
#: the literature on spinning; not taken from any tool's data).
SPINBOT_PHRASES: dict[str, tuple[str, ...]] = {
    "a member of": ("an individual from", "a part of"),
    "members of": ("individuals from", "parts of"),
    "a number of": ("various", "a few"),
    "a lot of": ("a great deal of", "a ton of", "a considerable amount of"),
    "according to": ("as indicated by", "as per", "as stated by"),
    "the majority of": ("the greater part of", "most of"),
    "take place": ("occur", "happen"),
    "took place": ("occurred", "happened"),
    "for example": ("for instance", "for example"),
    "in addition": ("also", "moreover"),
    "as a result": ("therefore", "subsequently"),
    "in the past": ("previously", "before"),
    "on the other hand": ("then again", "on the other hand"),
    "in terms of": ("as far as", "with regards to"),
    "the first time": ("the first run through", "the first occasion"),
    "at the moment": ("right now", "at this moment"),
    "in recent years": ("as of late", "lately"),
    "more than": ("in excess of", "over"),
    "in the world": ("on the planet", "on the planet"),
    "a great deal": ("a ton", "a lot"),
    "first of all": ("most importantly", "as a matter of first importance"),
    "in fact": ("in reality", "truth be told"),
    "set up": ("set up", "arrangement"),
    "is able to": ("can", "is capable of"),
    "are able to": ("can", "are capable of"),
    "in order to": ("so as to", "to"),
    "make sure": ("ensure", "ensure that"),
    "as well as": ("just as", "alongside"),
    "a wide range of": ("a wide scope of", "a wide assortment of"),
    "considered": ("thought about", "viewed as"),
}

#: Function-word rewrites without a content word (they do not count in the
#: rate), SpinBot's signature ones on top of :data:`devtools.spinners.FUNCTION_SWAPS`.
SPINBOT_FUNCTION_SWAPS: dict[str, tuple[str, ...]] = {
    **sp.FUNCTION_SWAPS,
    "however": ("be that as it may", "nonetheless", "in any case"),
    "because": ("since", "in light of the fact that", "due to the fact that"),
    "so that": ("with the goal that", "so"),
    "even though": ("despite the fact that", "in spite of the fact that"),
    "as soon as": ("when", "when"),
    "as long as": ("insofar as", "inasmuch as"),
    "while": ("while", "whilst", "though"),
    "also": ("likewise", "additionally", "too"),
    "although": ("in spite of the fact that", "despite the fact that", "however"),
    "if": ("in the event that", "if"),
    "before": ("previously", "before"),
}

#: Longest key of :data:`SPINBOT_FUNCTION_SWAPS`, in words.
_MAX_FUNCTION_WORDS = max(len(k.split()) for k in SPINBOT_FUNCTION_SWAPS)

#: Marks an entry that is spun word by word at choice time.
_WORD_BY_WORD = "\x00"


class UniformSenseLexicon(Lexicon):
    """Single words through three thesauri, a sense drawn uniformly.

    Each thesaurus that knows the word counts one third (or a half, ...) and
    shares that evenly over its senses (WordNet synsets, mythes meanings with
    their plain and similar terms, AikSaurus clusters).  No re-inflection: a
    word that is no headword is looked up by its base form ("planned" ->
    "plan") and gets the bare synonym back, as SpinBot-like tools do.
    """

    name = "phrase_thesaurus"

    def __init__(self, wordnet: Any, mythes: Thesaurus, moby: Thesaurus, morphology: Morphology | None = None) -> None:
        super().__init__(morphology)
        self.wn, self.mythes, self.moby = wordnet, mythes, moby

    def senses(self, key: str) -> list[tuple[str, ...]]:
        """The senses of ``key`` per thesaurus, as lists of replacement tuples (no weights)."""
        per_source: list[list[tuple[str, ...]]] = []
        lemma = key.replace(" ", "_")
        wn_senses = []
        for synset in self.wn.synsets(lemma):
            if lemma not in {n.lower() for n in synset.lemma_names()}:
                continue
            names = tuple(
                n.replace("_", " ")
                for n in synset.lemma_names()
                if n.lower() != lemma and sp._valid_replacement(n.replace("_", " "))
            )
            if names:
                wn_senses.append(names)
        per_source.append(wn_senses)
        my = []
        for _pos, groups in self.mythes.entries.get(key, ()):
            terms = tuple(
                t
                for w, ts in groups
                if w >= 1.0
                for t in ts
                if sp._norm(t) != sp._norm(key) and sp._valid_replacement(t)
            )
            if terms:
                my.append(terms)
        per_source.append(my)
        mo = []
        for _pos, groups in self.moby.entries.get(key, ()):
            for _w, ts in groups:
                terms = tuple(t for t in ts if sp._norm(t) != sp._norm(key) and sp._valid_replacement(t))
                if terms:
                    mo.append(terms)
        per_source.append(mo)
        return per_source

    def weighted(self, key: str) -> Entry:
        sources = [s for s in self.senses(key) if s]
        return tuple((1.0 / len(sources) / len(s), tuple(dict.fromkeys(rs))) for s in sources for rs in s)

    def _build_entry(self, key: str) -> Entry:
        analyses = [(key, None)] if (" " in key or "-" in key) else self.morphology.analyses(key)
        for base, suffix in analyses:
            if suffix == "cmp":
                continue
            entry = self.weighted(base)
            if entry:
                return entry
        return ()


class TermLexicon(Lexicon):
    """Multi-word headwords: swapped whole (uniform sense) or word by word, even odds."""

    name = "phrase_thesaurus_term"

    def __init__(self, words: UniformSenseLexicon, keys: Iterable[str], table: Mapping[str, Sequence[str]]) -> None:
        super().__init__(words.morphology)
        self.words = words
        self.table = dict(table)
        self._index_phrases(sorted(set(keys) | set(self.table)))

    def _build_entry(self, key: str) -> Entry:
        if not ("-" in key or " " in key):
            return ()
        if key in self.table:
            return ((1.0, tuple(r for r in self.table[key] if r != key)),)
        whole = self.words.weighted(key)
        words = re.split(r"[ \-]", key)
        breakable = any(
            w not in STOPWORDS and len(w) > 1 and Spinner._usable(self.words.entry(w), False) for w in words
        )
        out = [(0.5 * w, rs) for w, rs in whole] if breakable else list(whole)
        if breakable:
            out.append((0.5 if whole else 1.0, (_WORD_BY_WORD + key,)))
        return tuple(out)


class PhraseThesaurusSpinner(Spinner):
    """SpinBot-like phrase thesaurus spinner: see the module docstring.

    :param wordnet: a :class:`devtools.spinners.WordNetLexicon` (its WordNet reader is used).
    :param mythes: parsed mythes thesaurus (default: Debian's).
    :param moby: parsed AikSaurus thesaurus (default: Debian's).
    """

    name = "phrase_thesaurus"

    def __init__(
        self,
        *,
        wordnet: sp.WordNetLexicon | None = None,
        mythes: Thesaurus | None = None,
        moby: Thesaurus | None = None,
        function_words: bool = True,
    ) -> None:
        super().__init__(function_words=function_words)
        wordnet = wordnet or sp.WordNetLexicon()
        mythes = mythes if mythes is not None else sp.load_mythes()
        moby = moby if moby is not None else sp.load_moby()
        self.words = UniformSenseLexicon(wordnet.wn, mythes, moby, wordnet.morphology)
        keys = set(wordnet._phrases)
        keys |= {k for k in mythes.entries if " " in k or "-" in k}
        keys |= {k for k in moby.entries if " " in k or "-" in k}
        self.terms = TermLexicon(self.words, keys, SPINBOT_PHRASES)

    def lexicons(self) -> list[Lexicon]:
        return [self.terms, self.words]

    def _choose(self, entry: Entry, rng) -> str:  # type: ignore[override]
        choice = Spinner._choose(entry, rng)
        if choice.startswith(_WORD_BY_WORD):
            return self._word_by_word(choice[1:], rng)
        return choice

    def _word_by_word(self, key: str, rng) -> str:
        parts = re.split(r"([ \-])", key)
        for i in range(0, len(parts), 2):
            w = parts[i]
            if w in STOPWORDS or len(w) < 2:
                continue
            entry = Spinner._usable(self.words.entry(w), False)
            if entry:
                parts[i] = Spinner._choose(entry, rng)
        return "".join(parts)

    def spin_detailed(self, text: str, rate: float, rng) -> SpinResult:
        res = super().spin_detailed(text, rate, rng)
        # A term broken word by word may keep a word it had no synonym for:
        # count the content words that really changed.
        n = 0
        for s in res.swaps:
            if s["kind"] == "function":
                continue
            before = re.findall(r"[^\W\d_]+", s["original"])
            after = re.findall(r"[^\W\d_]+", s["replacement"])
            if s["kind"] == "phrase" and len(before) == len(after):
                s["content_words"] = sum(
                    1
                    for x, y in zip(before, after)
                    if x.lower() != y.lower() and x.lower() not in STOPWORDS and len(x) > 1
                )
            n += s["content_words"]
        return SpinResult(res.text, res.swaps, res.target_rate, res.n_content, n)

    def _function_edits(self, text: str, tokens: Sequence[Token], taken: list[bool], rate: float, rng):
        """Like the base class, over :data:`SPINBOT_FUNCTION_SWAPS` (keys of up to four words)."""
        p = sp.FUNCTION_SWAP_SHARE * min(rate, 0.5)
        edits = []
        i, n = 0, len(tokens)
        while i < n:
            if taken[i] or tokens[i].protected:
                i += 1
                continue
            key, span = None, i
            for length in range(min(_MAX_FUNCTION_WORDS, n - i), 0, -1):
                last = i + length - 1
                if any(taken[k] or tokens[k].protected for k in range(i, last + 1)):
                    continue
                if any(self._joinable(text, tokens, k) != " " for k in range(i, last)):
                    continue
                cand = " ".join(t.lower for t in tokens[i : last + 1])
                if cand in SPINBOT_FUNCTION_SWAPS:
                    key, span = cand, last
                    break
            if key is not None and rng.random() < p:
                options = SPINBOT_FUNCTION_SWAPS[key]
                original = text[tokens[i].start : tokens[span].end]
                replacement = sp._match_case(original, options[rng.randrange(len(options))])
                if replacement.lower() != original.lower():
                    edits.append((tokens[i].start, tokens[span].end, replacement, "function", "function", 0))
                    for k in range(i, span + 1):
                        taken[k] = True
            i = span + 1
        return edits


# ---------------------------------------------------------------------------
# pps_words
# ---------------------------------------------------------------------------


def pps_word_map(
    rows: Iterable[Mapping[str, Any]],
    kinds: Iterable[str] = sp.PPS_KINDS_DEFAULT,
    exclude: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, Counter[str]]:
    """Word swaps implied by PPS rows: expected word -> Counter of tortured words.

    Only rows whose cleaned expected phrase and tortured phrase have the same
    number of words are used; they are aligned word by word and every
    position where the words differ (both alphabetic, the expected word not a
    stopword) gives a swap, counted once per row.  ``exclude`` drops swaps
    already in another map (the held-out part keeps only what the lexicon
    part does not imply).

    >>> rows = [{"tortured_phrase": "huge information", "expected_phrase": "big data", "query_kind": "simple"}]
    >>> {k: sorted(v) for k, v in pps_word_map(rows).items()}
    {'big': ['huge'], 'data': ['information']}
    """
    kinds = set(kinds)
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row.get("query_kind", "simple") not in kinds:
            continue
        expected = sp.clean_expected_phrase(str(row["expected_phrase"]))
        tortured = re.sub(r"\s+", " ", str(row["tortured_phrase"])).strip().lower()
        if expected is None:
            continue
        ew, tw = expected.lower().split(), tortured.split()
        if len(ew) != len(tw):
            continue
        for x, y in zip(ew, tw):
            if x == y or not (x.isalpha() and y.isalpha()) or x in STOPWORDS or len(x) < 2:
                continue
            if exclude is not None and y in set(exclude.get(x, ())):
                continue
            out[x][y] += 1
    return dict(out)


class PpsWordSpinner(Spinner):
    """PPS-implied word swaps first, then a fill thesaurus for the rest of the rate.

    :param word_map: from :func:`pps_word_map`.
    :param fill: the lexicon that fills the rest of the rate (the corpus uses mythes).
    :param part: a label for the swaps' ``lexicon`` field ('pps_words' or 'pps_words_held_out').
    """

    name = "pps_words"

    def __init__(
        self,
        word_map: Mapping[str, Mapping[str, int]],
        *,
        fill: Lexicon | None = None,
        morphology: Morphology | None = None,
        part: str = "pps_words",
        function_words: bool = True,
    ) -> None:
        super().__init__(function_words=function_words)
        entries = {
            k: [(None, ((1.0, tuple(t for t, _ in sorted(v.items(), key=lambda kv: (-kv[1], kv[0])))),))]
            for k, v in sorted(word_map.items())
            if v
        }
        self.lexicon = sp.ThesaurusLexicon(Thesaurus(part, entries), morphology or (fill.morphology if fill else None))
        self.fill = fill

    def lexicons(self) -> list[Lexicon]:
        return [self.lexicon] + ([self.fill] if self.fill is not None else [])


# ---------------------------------------------------------------------------
# light
# ---------------------------------------------------------------------------


def noun_compounds(texts: Iterable[str], morphology: Morphology, min_docs: int = 4) -> set[str]:
    """Two-word lowercase compounds seen in at least ``min_docs`` texts.

    Both words are content words, the second is a WordNet noun and the first
    a WordNet noun or adjective, separated by one space ("raw data",
    "interest rates").  A cheap stand-in for a noun-phrase chunker.
    """
    df: Counter[str] = Counter()
    for text in texts:
        toks = tokenize(text)
        seen = set()
        for a, b in zip(toks, toks[1:]):
            if not (a.content and b.content and a.word.islower() and b.word.islower() and not a.tail):
                continue
            if text[a.end : b.start] != " ":
                continue
            seen.add(f"{a.word} {b.word}")
        df.update(seen)
    out = set()
    for key, n in df.items():
        if n < min_docs:
            continue
        first, second = key.split(" ")
        if morphology._is(first, "na") and any(
            morphology._is(base, "n") for base, suffix in morphology.analyses(second) if suffix in (None, "s")
        ):
            out.add(key)
    return out


class LightSpinner:
    """Break exactly ``terms`` multi-word terms of a text, word by word; nothing else changes.

    :param lexicons: the word lexicons synonyms come from (one drawn uniformly
        per word among those that have a one-word synonym for it).
    :param term_sources: name -> set of lowercase multi-word keys
        ('wordnet', 'pps', 'compound').
    """

    name = "light"

    def __init__(self, lexicons: Sequence[Lexicon], term_sources: Mapping[str, Iterable[str]]) -> None:
        self.lexicons = list(lexicons)
        self.term_sources = {name: frozenset(keys) for name, keys in term_sources.items()}
        self._firsts = {k.split(" ")[0] for keys in self.term_sources.values() for k in keys}
        self.max_words = max((len(k.split(" ")) for keys in self.term_sources.values() for k in keys), default=1)
        self.max_words = min(self.max_words, 4)

    def _options(self, word: str) -> list[Entry]:
        out = []
        for lex in self.lexicons:
            entry = Spinner._usable(lex.entry(word), False)
            entry = tuple((w, tuple(r for r in rs if " " not in r and "-" not in r)) for w, rs in entry)
            entry = tuple((w, rs) for w, rs in entry if rs)
            if entry:
                out.append(entry)
        return out

    def terms(self, text: str) -> list[tuple[int, int, str]]:
        """Candidate terms as (first token, last token, source), longest match at each start, overlapping."""
        toks = tokenize(text)
        out = []
        for i, t in enumerate(toks):
            if t.protected or t.lower not in self._firsts:
                continue
            for last in range(min(len(toks) - 1, i + self.max_words - 1), i, -1):
                span = toks[i : last + 1]
                if any(x.protected for x in span) or any(x.tail for x in span[:-1]):
                    continue
                if any(text[span[k].end : span[k + 1].start] != " " for k in range(len(span) - 1)):
                    continue
                key = " ".join(x.lower for x in span)
                source = next((name for name, keys in self.term_sources.items() if key in keys), None)
                if source is None:
                    continue
                content = [x for x in span if x.content]
                if content and all(self._options(x.lower) for x in content):
                    out.append((i, last, source))
                    break
        return out

    def spin_terms(self, text: str, n_terms: int, rng) -> tuple[SpinResult, list[str]] | None:
        """Break ``n_terms`` non-overlapping terms; None if the text has fewer.

        Returns the result and the sources of the broken terms.
        """
        toks = tokenize(text)
        cands = self.terms(text)
        rng.shuffle(cands)
        chosen: list[tuple[int, int, str]] = []
        used: set[int] = set()
        for first, last, source in cands:
            if used & set(range(first - 1, last + 2)):
                continue  # not overlapping, not touching: two broken terms stay two
            chosen.append((first, last, source))
            used |= set(range(first, last + 1))
            if len(chosen) == n_terms:
                break
        if len(chosen) < n_terms:
            return None
        chosen.sort()
        out, swaps, pos, shift, replaced = [], [], 0, 0, 0
        for first, last, source in chosen:
            span = toks[first : last + 1]
            words = []
            for x in span:
                if x.content:
                    opts = self._options(x.lower)
                    new = sp._match_case(x.word, Spinner._choose(opts[rng.randrange(len(opts))], rng))
                    words.append(new)
                    replaced += 1
                else:
                    words.append(x.word)
            start, end = span[0].start, span[-1].end
            replacement = words[0] + "".join(
                text[span[k].end : span[k + 1].start] + words[k + 1] for k in range(len(span) - 1)
            )
            out.append(text[pos:start])
            out.append(replacement)
            swaps.append(
                {
                    "original": text[start:end],
                    "replacement": replacement,
                    "start": start + shift,
                    "end": start + shift + len(replacement),
                    "source_start": start,
                    "source_end": end,
                    "kind": "term",
                    "lexicon": f"light:{source}",
                    "content_words": sum(1 for x in span if x.content),
                }
            )
            shift += len(replacement) - (end - start)
            pos = end
        out.append(text[pos:])
        n_content = sum(t.content for t in toks)
        return SpinResult("".join(out), swaps, 0.0, n_content, replaced), [c[2] for c in chosen]

    def spin(self, text: str, rate: float, rng, *, terms: int | None = None) -> tuple[str, list[dict[str, Any]]]:
        """Spinner interface: ``rate`` is ignored; 1 or 2 terms (drawn) unless ``terms`` says."""
        n = terms if terms is not None else rng.choice((1, 2))
        res = self.spin_terms(text, n, rng)
        if res is None:
            return text, []
        return res[0].text, res[0].swaps
