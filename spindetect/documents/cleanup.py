"""Clean-up of extracted text that keeps offsets.

Text taken out of a PDF (or pasted from one) breaks words at line ends
("neu-\\nral"), breaks lines inside sentences, and writes ligatures ("ﬂ")
and invisible characters into words. :func:`clean_text` undoes these and
returns, with the clean text, where each of its characters came from in the
text it was given, so a span found in the clean text can be traced back.

* **Line-end hyphenation** is joined when the joined word is an English word
  (``wordfreq``, Zipf >= :data:`JOINED_MIN_ZIPF`: "neu-\\nral" -> "neural",
  "counter-\\nfeit" -> "counterfeit"); the hyphen is kept, and only the line
  break removed, when the word before it is itself hyphenated
  ("state-of-\\nthe-art"), when the next part starts with a capital
  ("Anglo-\\nSaxon"), or when both parts are words and the joined form is not
  ("self-\\nattention"). A soft hyphen (U+00AD) at a line end always joins.
* **Ligatures** (U+FB00-FB06: "ﬁ", "ﬂ", "ﬃ" ...) are written out.
* **Invisible characters** (zero-width space and joiners, word joiner,
  byte-order mark, soft hyphen) are removed.
* **Hard line breaks** inside paragraphs (``join_lines=True``, for PDF text,
  whose every line ends in a break) become spaces; a line that ends a
  sentence well short of the paragraph's line length, a short line without
  final punctuation (a heading) and a line before a list item keep theirs.

>>> c = clean_text("a profound neu-\\nral net and classi\\ufb01ers")
>>> c.text
'a profound neural net and classifiers'
>>> c.text[11:17], c.original(13), c.original(14), c.counts
('neural', 13, 16, {'hyphenation joined': 1, 'ligatures expanded': 1})
"""

from __future__ import annotations

import bisect
import functools
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

__all__ = ["JOINED_MIN_ZIPF", "Cleaned", "apply_edits", "clean_text", "hyphenation_edits"]

#: A joined line-end hyphenation is taken for one word from this Zipf
#: frequency (wordfreq, English). 2.0 is about once in 10 million words:
#: "backwoods" 2.7, "electrophoresis" 2.6, "preprocessing" 2.05 pass; the
#: web-token noise of "wellknown" (1.6) and "stateof" (1.4) does not.
JOINED_MIN_ZIPF = 2.0
#: Both halves of a hyphenated compound are words from this Zipf frequency
#: ("self" and "attention"): the hyphen is real when the joined form is not a word.
PART_MIN_ZIPF = 3.0

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_LIGATURE = re.compile("[\ufb00-\ufb06]")
#: A word, a hyphen (or soft hyphen) at the end of a line, the next line's word.
_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)([-\u00ad\u2010])[ \t]*\r?\n[ \t]*(?=([^\W\d_]+))")
_SOFT_HYPHEN = re.compile("\u00ad")
#: A hyphen at a line end, found before the costlier word-by-word search.
_LINE_END_HYPHEN = re.compile("[-\u00ad\u2010][ \t]*\r?\n")
_BULLET = re.compile(r"\s*(?:[-*\u2022\u25cf\u25aa]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")


@dataclass(frozen=True)
class Cleaned:
    """The result of :func:`clean_text`.

    Attributes:
        text: the clean text.
        offsets: for each character of ``text``, the offset in the given text
            of the character it came from, plus a last entry (the given
            text's length); None when nothing moved.
        counts: how many of each clean-up were made (only those made).
    """

    text: str
    offsets: tuple[int, ...] | None
    counts: dict[str, int] = field(default_factory=dict)

    def original(self, i: int) -> int:
        """Offset in the given text of character ``i`` of ``text``."""
        return i if self.offsets is None else self.offsets[i]

    def original_span(self, span: tuple[int, int]) -> tuple[int, int]:
        """The span of the given text that ``text[span[0]:span[1]]`` came from."""
        a, b = span
        if self.offsets is None:
            return a, b
        if b <= a:
            return self.offsets[a], self.offsets[a]
        return self.offsets[a], self.offsets[b - 1] + 1

    def clean_offset(self, j: int) -> int:
        """The first offset of ``text`` whose character came from offset ``j``
        of the given text or later (maps spans of the given text forwards)."""
        if self.offsets is None:
            return j
        return bisect.bisect_left(self.offsets, j, 0, len(self.offsets) - 1)


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, tuple[int, ...] | None]:
    """``text`` with each ``(start, end, replacement)`` applied, and the
    offset map (see :class:`Cleaned`). Edits are applied in order of start
    (the longest first); one overlapping an earlier one is dropped. Replacement characters map
    to the edit's start.

    >>> apply_edits("ab-\\ncd", [(2, 4, "")])
    ('abcd', (0, 1, 4, 5, 6))
    """
    if not edits:
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for a, b, rep in sorted(edits, key=lambda e: (e[0], -e[1])):
        if a < pos:
            continue
        pieces.append(text[pos:a])
        offsets.extend(range(pos, a))
        pieces.append(rep)
        offsets.extend([a] * len(rep))
        pos = b
    pieces.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    return "".join(pieces), tuple(offsets)


@functools.lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(unicodedata.normalize("NFKC", word).lower(), "en")


def _hyphen_edit(text: str, m: re.Match[str]) -> tuple[int, int, str]:
    left, hyphen, right = m.group(1), m.group(2), m.group(3)
    cut = (m.start(2), m.end())  # the hyphen, the line break and the spaces around it
    if hyphen == "\u00ad":
        return cut[0], cut[1], ""
    before = text[m.start(1) - 1] if m.start(1) > 0 else ""
    keep = (
        before in "-\u2010"  # "state-of-\nthe-art": a compound goes on
        or right[0].isupper()  # "Anglo-\nSaxon"
        or (
            _zipf(left + right) < JOINED_MIN_ZIPF
            and len(left) > 1
            and _zipf(left) >= PART_MIN_ZIPF
            and _zipf(right) >= PART_MIN_ZIPF
        )
    )
    return (m.end(2), cut[1], "") if keep else (cut[0], cut[1], "")


def hyphenation_edits(text: str) -> list[tuple[int, int, str, bool]]:
    """The edits that undo line-end hyphenation (see the module docstring):
    ``(start, end, replacement, joined)`` per hyphen at a line end, for
    :func:`apply_edits` (drop the flag); ``joined`` is False where the hyphen
    is kept and only the line break removed ("state-of-\\nthe-art").
    ``scan`` uses them too, so a phrase broken at a line end is found and its
    span still points into the text given.

    >>> hyphenation_edits("a neu-\\nral net")
    [(5, 7, '', True)]
    """
    if "\n" not in text or not _LINE_END_HYPHEN.search(text):
        return []
    out = []
    for m in _HYPHEN_BREAK.finditer(text):
        a, b, rep = _hyphen_edit(text, m)
        out.append((a, b, rep, a == m.start(2)))
    return out


def _line_break_edits(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Spaces for line breaks inside paragraphs (see the module docstring)."""
    edits: list[tuple[int, int, str]] = []
    for para in re.finditer(r"[^\n](?:.|\n(?![ \t]*\n))*", text):
        lines = para.group().split("\n")
        if len(lines) < 2:
            continue
        lengths = [len(line.strip()) for line in lines if line.strip()]
        typical = statistics.median(lengths) if lengths else 0
        pos = para.start()
        for k, line in enumerate(lines[:-1]):
            pos += len(line)
            stripped, nxt = line.strip(), lines[k + 1]
            ends_sentence = stripped[-1:] in ".!?:" or stripped.endswith(('."', ".'", ".)"))
            short = len(stripped) < 0.8 * typical
            heading = stripped and len(stripped) < 0.5 * typical and stripped[-1:] not in ",;-"
            if stripped and not (ends_sentence and short) and not heading and not _BULLET.match(nxt):
                edits.append((pos, pos + 1, " "))
            pos += 1
    if not taken:
        return edits
    starts = [a for a, _ in taken]
    out = []
    for e in edits:
        k = bisect.bisect_right(starts, e[0]) - 1
        if k >= 0 and taken[k][0] <= e[0] < taken[k][1]:
            continue
        out.append(e)
    return out


def clean_text(text: str, *, join_lines: bool = False) -> Cleaned:
    """Join line-end hyphenation, write out ligatures, remove invisible
    characters and (with ``join_lines``) join hard line breaks inside
    paragraphs; keep where each character came from (see the module docstring)."""
    edits: list[tuple[int, int, str]] = []
    counts: dict[str, int] = {}

    def add(kind: str, edit: tuple[int, int, str]) -> None:
        edits.append(edit)
        counts[kind] = counts.get(kind, 0) + 1

    for a, b, rep, joined in hyphenation_edits(text):
        add("hyphenation joined" if joined else "hyphenated line ends kept", (a, b, rep))
    for m in _LIGATURE.finditer(text):
        add("ligatures expanded", (m.start(), m.end(), unicodedata.normalize("NFKC", m.group())))
    for m in _INVISIBLE.finditer(text):
        add("invisible characters removed", (m.start(), m.end(), ""))
    joined = {e[0] for e in edits}
    for m in _SOFT_HYPHEN.finditer(text):
        if m.start() not in joined:
            add("invisible characters removed", (m.start(), m.end(), ""))
    if join_lines and "\n" in text:
        taken = sorted((a, b) for a, b, _ in edits if b > a)
        breaks = _line_break_edits(text, taken)
        if breaks:
            counts["line breaks joined"] = len(breaks)
            edits.extend(breaks)
    out, offsets = apply_edits(text, edits)
    return Cleaned(out, offsets, counts)
