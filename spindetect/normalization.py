"""Normalisation: the text tokens are read from, and where each character came from.

Folds typography to ASCII (curly quotes, dashes, odd spaces), blanks HTML
comments, scripts and tags and decodes entities, removes invisible
characters (bidi controls, which reorder what is shown, among them),
expands ligatures and compatibility letters, and reads look-alike letters
of other scripts inside Latin words as Latin; what disguises a word is
reported (:attr:`Normalized.disguise`). An offset
map (:class:`Normalized`) says where each normalised character came from,
so every token still points into the text the user gave.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "BIDI_CONTROL",
    "COMBINING_MARK",
    "INVISIBLE",
    "LOOK_ALIKE",
    "Normalized",
    "normalize",
    "normalize_with_offsets",
]


# One-to-one character folds (same length, so offsets never move).
_FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys(
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c",
        " ",
    ),
    "\u2026": ".",  # ellipsis: one character, one period
    "\r": "\n",
    "\x85": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
}


_FOLD_TABLE = str.maketrans(_FOLD)


#: Characters that are neither seen nor needed in prose, removed by
#: :func:`normalize`: format characters (Unicode category Cf: zero-width
#: space and joiners, word joiner, soft hyphen, byte-order mark, bidi marks
#: and isolates, invisible operators, tags), control characters (Cc) other
#: than line breaks, and the other Default_Ignorable_Code_Points of Unicode
#: (combining grapheme joiner, Hangul fillers, variation selectors). Inside
#: a word they hide it from exact matching, the trick by which copies are
#: slipped past plagiarism checkers; "pro\u200bfound" is "profound".
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U000e0000-\U000e0fff\U0001d173-\U0001d17a]"
)


_HTML_HINT = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*\b[^<>]*|/[a-zA-Z][a-zA-Z0-9]*\s*)>")


#: Where a comment or a raw-text element (whose content is never prose) opens.
_HTML_RAW_OPEN = re.compile(r"<!--|<(script|style|noscript|template)\b[^>]*>", re.I)


_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


_HTML_BLOCK_TAG = re.compile(
    r"</?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|"
    r"blockquote|pre|title|nav|aside|main)\b",
    re.I,
)


#: Character references. Digits are bounded (no code point needs more than 7
#: decimal or 6 hex digits, 8 allow leading zeros): an unbounded run such as
#: "&#" + "9" * 5000 + ";" is left as text instead of reaching int() and
#: Python's limit on integer-string conversion.
_HTML_ENTITY = re.compile(r"&(#\d{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z][a-zA-Z0-9]{0,31});")


#: Characters normalize() may change after the same-length folds: anything
#: outside printable ASCII and the line break.
_UNUSUAL = re.compile(r"[^\n\x20-\x7e]")


_LETTER_RUN = re.compile(r"[^\W\d_]+")


#: Stands in for the characters of an HTML entity beyond the one it
#: decodes to, so that the first steps keep the text's length; removed with
#: the offsets kept (like an invisible character, but no disguise: "AT&amp;T"
#: reads "AT&T", not "AT& T"). A private-use code point: no text means it.
_FILLER = "\ue000"


def _pad(match_text: str, replacement: str) -> str:
    """``replacement`` padded with :data:`_FILLER` to the length of ``match_text``."""
    if len(replacement) > len(match_text):  # pragma: no cover - entities only shrink
        replacement = replacement[: len(match_text)]
    return replacement + _FILLER * (len(match_text) - len(replacement))


def _blank(s: str) -> str:
    """Spaces for ``s``, keeping its line breaks."""
    return "".join("\n" if c == "\n" else " " for c in s)


def _drop_raw_html(text: str) -> str:
    """Blank comments and script/style/noscript/template elements, in one
    left-to-right pass (linear: an unclosed comment or element runs to the
    end of the text, as in a browser, and is not searched again)."""
    out: list[str] = []
    pos = 0
    lower: str | None = None
    while True:
        m = _HTML_RAW_OPEN.search(text, pos)
        if m is None:
            break
        if m.group(1) is None:  # a comment
            close = text.find("-->", m.end())
            end = len(text) if close < 0 else close + 3
        else:
            if lower is None:
                lower = text.lower()
            close = lower.find("</" + m.group(1).lower(), m.end())
            if close < 0:
                end = len(text)
            else:
                gt = text.find(">", close)
                end = len(text) if gt < 0 else gt + 1
        out.append(text[pos : m.start()])
        out.append(_blank(text[m.start() : end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _strip_html(text: str) -> str:
    def tag(m: re.Match[str]) -> str:
        # Block-level tags end a line so that sentences do not run together.
        s = m.group(0)
        if _HTML_BLOCK_TAG.match(s):
            return "\n" + " " * (len(s) - 1)
        return " " * len(s)

    text = _drop_raw_html(text)
    return _HTML_TAG.sub(tag, text)


def _unescape(m: re.Match[str]) -> str:
    s = m.group(0)
    char = html.unescape(s)
    return s if char == s else _pad(s, char.translate(_FOLD_TABLE))


@functools.lru_cache(maxsize=1)
def _look_alikes() -> dict[str, str]:
    """Non-Latin letters and the Latin letter they look like, from the
    Unicode confusables data (UTS #39) shipped in ``confusable-homoglyphs``:
    Cyrillic "о" -> "o", Greek "Α" -> "A". A capital keeps its case
    (confusables.txt maps Greek "Ι" to "l")."""
    import json
    from importlib import resources

    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    out: dict[str, str] = {}
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii() or not char.isalpha():
            continue
        latin = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalpha()]
        if not latin:
            continue
        target = latin[0]
        if char.isupper() and target.islower():
            target = "I" if target == "l" else target.upper()
        out[char] = target
    return out


#: Kinds of character that :func:`normalize` undoes and that disguise a
#: word (clean prose does not need them): reported as evidence.
LOOK_ALIKE = "look-alike letter"


INVISIBLE = "invisible character"


COMBINING_MARK = "combining mark"


BIDI_CONTROL = "bidi control"


#: The bidirectional formatting characters (Unicode's Bidi_Control
#: property): the Arabic letter mark, the left-to-right and right-to-left
#: marks, embeddings and their pop (U+202A-U+202C), overrides (U+202D
#: LEFT-TO-RIGHT OVERRIDE, U+202E RIGHT-TO-LEFT OVERRIDE) and isolates
#: (U+2066-U+2069). Invisible themselves, they change the order in which
#: the characters around them are shown: "\u202edrawkcab\u202c" shows as
#: "backward", so a reader sees one text and a program reads another (the
#: "Trojan Source" trick). :func:`normalize` removes them like the other
#: invisible characters and reports each one as :data:`BIDI_CONTROL`.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: The overrides: they force an order on letters, so they can reverse the
#: letters of a word in any text. The other bidi controls have a use in a
#: text that has right-to-left letters (Hebrew, Arabic: a mark or an isolate
#: keeps a quoted name or a number in place), so there they are removed
#: without being reported.
_BIDI_OVERRIDES = frozenset("\u202d\u202e")


def _has_right_to_left(text: str) -> bool:
    """Whether ``text`` has a right-to-left letter (bidi class R or AL: Hebrew, Arabic, Syriac, Thaana, ...)."""
    # letters only: the right-to-left mark is of class R itself, the Arabic letter mark AL
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in set(text) if not c.isascii() and c.isalpha())


@dataclass(frozen=True)
class Normalized:
    """The result of :func:`normalize_with_offsets`.

    Attributes:
        text: the normalised text.
        offsets: for each character of ``text``, the offset of the character
            of the original it came from, plus one last entry (the original's
            length); None when ``text`` has the original's length and every
            character stands for the one at the same offset.
        disguise: ``(offset in the original, kind)`` of each look-alike
            letter inside a Latin word, each invisible character inside a
            word, each accent that disguises an English word and each bidi
            control that can reorder what is shown (kinds
            :data:`LOOK_ALIKE`, :data:`INVISIBLE`, :data:`COMBINING_MARK`,
            :data:`BIDI_CONTROL`; see ``_BIDI_CONTROLS``).
    """

    text: str
    offsets: tuple[int, ...] | None
    disguise: tuple[tuple[int, str], ...] = ()

    def original(self, i: int) -> int:
        """Offset in the original text of character ``i`` of ``text`` (``len(text)`` maps to the end)."""
        return i if self.offsets is None else self.offsets[i]


def normalize_with_offsets(text: str) -> Normalized:
    """Normalise ``text`` for matching and keep where each character came from.

    Steps: typography folds to ASCII (curly quotes, dashes, odd spaces);
    HTML comments, scripts and tags blanked and entities decoded; invisible
    characters removed (see ``_INVISIBLE``; bidi controls, which reorder
    what is shown, among them: each is reported, see ``_BIDI_CONTROLS``, and
    the text is read in the order it is stored); compatibility characters
    replaced by their NFKC form (ligatures "ﬁ" -> "fi", full-width and
    mathematical letters); look-alike letters from other scripts (Cyrillic
    "о" in "prоfound") replaced by the Latin letter inside Latin words, and in
    words made only of Cyrillic look-alikes ("а", "сор") in a mostly Latin
    text (Greek letters standing alone, "α-helix", are science, not disguise);
    accents composed (NFC: a decomposed "cafe\u0301" reads as "café") and
    accents that disguise a word removed (see :func:`_accents`: "pro\u0301posal"
    and "próposal" read as "proposal", "café", "naïve", "Zürich", "déjà"
    keep theirs). Every step is linear in the length of the text.

    >>> n = normalize_with_offsets("pro\u200bfound \ufb01ndings")
    >>> n.text, n.original(3), n.original(9)
    ('profound findings', 4, 10)
    >>> n.disguise
    ((3, 'invisible character'),)
    >>> n = normalize_with_offsets("a \u202ekrow\u202c day")
    >>> n.text, n.disguise
    ('a krow day', ((2, 'bidi control'), (7, 'bidi control')))
    """
    out = text.translate(_FOLD_TABLE)
    if "<" in out and _HTML_HINT.search(out):
        out = _strip_html(out)
    if "&" in out:
        out = _HTML_ENTITY.sub(_unescape, out)
    if not _UNUSUAL.search(out):
        return Normalized(out, None)
    pieces: list[str] = []
    offsets: list[int] = []
    deleted: list[int] = []  # original offsets of removed characters
    pos = 0
    for m in _UNUSUAL.finditer(out):
        i = m.start()
        if i > pos:
            pieces.append(out[pos:i])
            offsets.extend(range(pos, i))
        c = m.group()
        pos = i + 1
        if c == _FILLER:
            continue
        if _INVISIBLE.match(c):
            deleted.append(i)
            continue
        k = unicodedata.normalize("NFKC", c)
        if k != c and k and (len(k) == 1 or c.isalpha()) and k.isprintable():
            k = k.translate(_FOLD_TABLE)
        else:
            k = c
        pieces.append(k)
        offsets.extend([i] * len(k))
    if pos < len(out):
        pieces.append(out[pos:])
        offsets.extend(range(pos, len(out)))
    norm = "".join(pieces)
    disguise: list[tuple[int, str]] = []
    if deleted:
        # a bidi control reorders what is shown, wherever it is (see _BIDI_CONTROLS)
        bidi = [d for d in deleted if out[d] in _BIDI_CONTROLS]
        if bidi:
            rtl = _has_right_to_left(out)
            disguise.extend((d, BIDI_CONTROL) for d in bidi if not rtl or out[d] in _BIDI_OVERRIDES)
            deleted = [d for d in deleted if out[d] not in _BIDI_CONTROLS]
        # an invisible character between two word characters hides a word
        where = {o: n for n, o in enumerate(offsets)} if deleted else {}
        for d in deleted:
            before = next((where[o] for o in range(d - 1, max(d - 8, -1), -1) if o in where), None)
            after = next((where[o] for o in range(d + 1, min(d + 8, len(out))) if o in where), None)
            if before is not None and after is not None and norm[before].isalnum() and norm[after].isalnum():
                disguise.append((d, INVISIBLE))
    if not norm.isascii():
        norm, offsets, marks = _undo_marks(norm, offsets)
        disguise.extend((o, COMBINING_MARK) for o in marks)
        norm, found = _undo_look_alikes(norm)
        disguise.extend((offsets[i], LOOK_ALIKE) for i in found)
    offsets.append(len(text))
    # (offsets ends with len(text): the identity map is range(len(text) + 1), compared in C)
    identity = len(norm) == len(text) and offsets == list(range(len(text) + 1))
    return Normalized(norm, None if identity else tuple(offsets), tuple(sorted(disguise)))


#: Latin-script languages whose word lists wordfreq ships: an accented word
#: any of them knows ("plán" in Czech, "phố" in Vietnamese) is a real word,
#: not a disguised English one. Loading all of them takes about 3 s, once per
#: process, and only when a text has an accented word that is English
#: without its accents and not an English word with them.
_LATIN_LANGUAGES = (
    "fr", "de", "es", "pt", "it", "nl", "ca", "ro", "pl", "cs", "sk", "sl", "sh", "hu", "tr",
    "vi", "sv", "da", "nb", "fi", "is", "lt", "lv", "id", "ms", "fil",
)  # fmt: skip


#: A base letter may carry at most this many marks that do not compose with
#: it under NFC: Latin orthographies compose theirs (Vietnamese "ệ", two
#: marks, is one code point) or leave one (Yoruba "ẹ̀", Lithuanian "i̇"); a
#: stack of more is noise on a letter ("Zalgo" text), never spelling.
_MAX_LOOSE_MARKS = 1


#: A word: letters and the marks on them.
_WORD_WITH_MARKS = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")


def _is_mark(c: str) -> bool:
    return unicodedata.category(c) in ("Mn", "Me")


#: A text is English when at least this share of its words, accents
#: removed, are common English words (wordfreq Zipf >= 4, ten per million).
#: Measured over wordfreq's 20,000 commonest alphabetic words of each
#: language, weighted by frequency: English 0.94; French 0.47, Catalan 0.45,
#: Spanish 0.42, German 0.24, Vietnamese 0.25, 12 more Latin-script
#: languages 0.10-0.39. 0.7 sits between the two.
_ENGLISH_TEXT_SHARE = 0.7
_COMMON_ENGLISH = 1e-5  # frequency of Zipf 4


@functools.lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


@functools.lru_cache(maxsize=50_000)
def _bare(word: str) -> str:
    """``word`` in lower case without its marks ("Zürich" -> "zurich")."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not _is_mark(c)).lower()


#: wordfreq's word lists read by :func:`_a_word_somewhere`: the "small"
#: ones (words down to Zipf 3). Loading all 26 "best" lists, as one word
#: that no language knows makes it do, took 578 MB of memory and 2.0 s per
#: process; the small ones 118 MB and 0.3 s, with the same answers for
#: "région", "phố", "déjà", "José", "Zürich" (known) and "próposal",
#: "stráße" (unknown). A retrieval index of 20,696 documents grew by 751 MB
#: instead of 110 when one document made it load the "best" lists.
_FOREIGN_WORDLIST = "small"


@functools.lru_cache(maxsize=20_000)
def _a_word_somewhere(word: str) -> bool:
    """Whether wordfreq knows ``word`` (lower case, NFC) in one of
    :data:`_LATIN_LANGUAGES` (:data:`_FOREIGN_WORDLIST`)."""
    from wordfreq import zipf_frequency

    return any(zipf_frequency(word, lang, wordlist=_FOREIGN_WORDLIST) > 0 for lang in _LATIN_LANGUAGES)


#: Words read to tell whether a text is English (the language of a text
#: shows in its first few hundred words).
_ENGLISH_SAMPLE_WORDS = 2000


def _english_text(text: str) -> bool:
    """Whether at least :data:`_ENGLISH_TEXT_SHARE` of the first
    :data:`_ENGLISH_SAMPLE_WORDS` words of ``text`` are common English words
    once their accents are removed."""
    freq = _english_frequencies()
    words = [_bare(m.group()) for _, m in zip(range(_ENGLISH_SAMPLE_WORDS), _WORD_WITH_MARKS.finditer(text))]
    common = sum(freq.get(w, 0.0) >= _COMMON_ENGLISH for w in words)
    return common >= _ENGLISH_TEXT_SHARE * len(words)


_REAL, _DISGUISE, _DISGUISE_IN_ENGLISH = 0, 1, 2


@functools.lru_cache(maxsize=50_000)
def _accents(run: str) -> int:
    """What the accents of the word ``run`` (letters and marks) are:

    * ``_DISGUISE``: a letter carries a stack of marks that do not compose
      with it (more than :data:`_MAX_LOOSE_MARKS`): never spelling;
    * ``_DISGUISE_IN_ENGLISH``: the word is English without its accents and
      not with them (wordfreq knows "proposal", not "próposal"; it knows
      "café", "naïve", "Zürich", "déjà", "José" as English): a disguise in an
      English text (see :data:`_ENGLISH_TEXT_SHARE`), and in another text if
      no Latin-script language knows the accented word either (a French or
      Vietnamese text keeps "région" and "phố": "pho" is English too);
    * ``_REAL`` otherwise.
    """
    nfc = unicodedata.normalize("NFC", run)
    loose = 0
    for c in nfc:
        loose = loose + 1 if _is_mark(c) else 0
        if loose > _MAX_LOOSE_MARKS:
            return _DISGUISE
    freq = _english_frequencies()
    bare, written = _bare(run), nfc.lower()
    if not bare.isascii() or bare not in freq or written in freq:
        return _REAL
    return _DISGUISE_IN_ENGLISH


def _undo_marks(text: str, offsets: list[int]) -> tuple[str, list[int], list[int]]:
    """Accents composed (NFC) in each word, and removed from the words they
    disguise (see :func:`_accents`); ``offsets`` follow. Returns the text,
    its offsets and the original offsets of the removed marks (one per
    mark: a composed "ó" is reported at its own offset)."""
    if not any(_is_mark(c) or (not c.isascii() and unicodedata.decomposition(c)) for c in set(text)):
        return text, offsets, []
    pieces: list[str] = []
    new_offsets: list[int] = []
    removed: list[int] = []
    english_text: bool | None = None
    pos = 0
    for word in _WORD_WITH_MARKS.finditer(text):
        run = word.group()
        if run.isascii():
            continue
        verdict = _accents(run)
        if verdict == _DISGUISE_IN_ENGLISH:
            if english_text is None:
                english_text = _english_text(text)
            strip = english_text or not _a_word_somewhere(unicodedata.normalize("NFC", run).lower())
        else:
            strip = verdict == _DISGUISE
        if not strip and unicodedata.is_normalized("NFC", run):
            continue
        i, j = word.span()
        pieces.append(text[pos:i])
        new_offsets.extend(offsets[pos:i])
        # clusters: a character and the marks that follow it
        k = i
        while k < j:
            m = k + 1
            while m < j and _is_mark(text[m]):
                m += 1
            cluster = text[k:m]
            if strip:
                parts = unicodedata.normalize("NFD", cluster)
                base = "".join(c for c in parts if not _is_mark(c))
                if base != cluster:
                    # a composed letter ("ó") is a mark at its own offset, a loose mark at its own
                    own = len(unicodedata.normalize("NFD", text[k])) > 1
                    removed.extend(offsets[k + t] for t in range(m - k) if t or own)
                pieces.append(base)
                new_offsets.extend([offsets[k]] * len(base))
            else:
                composed = unicodedata.normalize("NFC", cluster)
                pieces.append(composed)
                # the composed letter is the first character; marks left over keep their own offsets
                new_offsets.extend([offsets[k]] + [offsets[m - len(composed) + t] for t in range(1, len(composed))])
            k = m
        pos = j
    if not pieces:
        return text, offsets, []
    pieces.append(text[pos:])
    new_offsets.extend(offsets[pos:])
    return "".join(pieces), new_offsets, sorted(set(removed))


def _undo_look_alikes(text: str) -> tuple[str, list[int]]:
    """Latin letters for look-alike letters of other scripts (see
    :func:`normalize_with_offsets`); the positions changed."""
    table = _look_alikes()
    if not any(c in table for c in set(text)):
        return text, []
    letters = _LETTER_RUN.findall(text)
    n_letters = sum(map(len, letters)) or 1
    mostly_latin = sum(c.isascii() for w in letters for c in w) / n_letters > 0.5
    chars = list(text)
    changed: list[int] = []
    for m in _LETTER_RUN.finditer(text):
        run = m.group()
        if run.isascii():
            continue
        mixed = any(c.isascii() for c in run)
        fake = not mixed and mostly_latin and all(c in table and "CYRILLIC" in unicodedata.name(c, "") for c in run)
        if not (mixed or fake):
            continue
        for j, c in enumerate(run):
            latin = table.get(c)
            if latin is not None:
                chars[m.start() + j] = latin
                changed.append(m.start() + j)
    return "".join(chars), changed


def normalize(text: str) -> str:
    """Fold typography to ASCII, strip HTML, remove invisible characters and
    undo ligatures and look-alike letters (see :func:`normalize_with_offsets`,
    which also says where each character came from).

    >>> normalize("\u201cSecretary\u2011General\u201d\u00a0said")
    '"Secretary-General" said'
    >>> normalize("<p>Hi &amp; bye</p>")
    '\\n  Hi & bye\\n   '
    >>> normalize("pr\u043efound \ufb02ag")
    'profound flag'
    """
    return normalize_with_offsets(text).text
