"""Structure found in plain text: what is not prose, and what is quoted.

Readers of marked-up formats (HTML, DOCX, JATS, LaTeX) know where the
references, code, tables, equations and block quotations are from the
markup. Plain text and PDF text have only their layout; :func:`find_regions`
reads it:

* **references**: from a heading line "References", "Bibliography",
  "Works Cited", "Literature Cited" or "Reference List" (numbered or not)
  to the next "Appendix"/"Supplementary"/"Acknowledg(e)ments" heading or
  the end. A heading in the first fifth of a document longer than 2,000
  characters is a table of contents line, not the section.
* **code**: fenced blocks (```), and runs of two or more lines dense in
  code punctuation (see :data:`CODE_MIN_SYMBOL_SHARE`).
* **equations**: lines with a relation sign and at most two words.
* **mentions**: a quoted phrase of at most :data:`MENTION_MAX_WORDS` words
  ('counterfeit consciousness', "bosom peril", ``profound learning''): a
  phrase talked about, not used. Longer quotations (speech in news) are
  prose and are scored.
"""

from __future__ import annotations

import re

from .model import Region

__all__ = ["CODE_MIN_SYMBOL_SHARE", "MENTION_MAX_WORDS", "find_mentions", "find_regions", "merge_regions"]

#: A quoted phrase of at most this many words is a mention. Tortured-phrase
#: lists quote 2-4 word phrases; a quoted sentence of speech has 8 or more.
MENTION_MAX_WORDS = 6
#: A line is code when at least this share of its non-space characters are
#: code punctuation ({}[]();=<>_#*/\\|&); prose has about 2% (commas and
#: full stops are not counted), code 15-40%.
CODE_MIN_SYMBOL_SHARE = 0.15

_REFS_HEAD = re.compile(
    r"^[ \t]*(?:[0-9IVX]+\.?[ \t]+)?(?:references|bibliography|works cited|literature cited|reference list|"
    r"references and notes|cited literature)[ \t]*:?[ \t]*$",
    re.I | re.M,
)
_AFTER_REFS = re.compile(r"^[ \t]*(?:[A-Z0-9]+\.?[ \t]+)?(?:appendix|appendices|supplementary|acknowledg)", re.I | re.M)
_FENCE = re.compile(r"^```[^\n]*\n.*?^```[ \t]*$", re.M | re.S)
_LINE = re.compile(r"[^\n]+")
_CODE_CHARS = frozenset("{}[]();=<>_#*/\\|&$")
_WORD = re.compile(r"[^\W\d_]{3,}")
_RELATION = re.compile(r"[=<>\u2264\u2265\u2248\u2211\u222b\u221a\u2202\u2208]")
_QUOTES = re.compile(
    r"(?<![\w'\u2019])'(?=\w)([^'\n]{1,120}?)(?<=[\w.,!?)])'(?![\w])"
    r"|\u2018([^\u2018\u2019\n]{1,120}?)\u2019(?![\w])"
    r'|(?<![\w])"(?=\S)([^"\n]{1,120}?)(?<=\S)"'
    r"|\u201c([^\u201c\u201d\n]{1,120}?)\u201d"
    r"|\u00ab([^\u00ab\u00bb\n]{1,120}?)\u00bb"
    r"|``([^`'\n]{1,120}?)''"
)


def find_regions(text: str, *, references: bool = True, layout: bool = True) -> list[Region]:
    """Regions of plain text: references, code, equations, mentions (see the
    module docstring), by kind. ``layout=False`` (marked-up formats, whose
    markup says where code and equations are) finds references and mentions only.

    >>> text = "Spinners write 'counterfeit consciousness' for AI.\\nReferences\\n[1] A. Author. A paper. 2020."
    >>> [(r.kind, text[r.start:r.end]) for r in find_regions(text)]
    [('references', 'References\\n[1] A. Author. A paper. 2020.'), ('mention', 'counterfeit consciousness')]
    """
    out: list[Region] = []
    if references:
        for m in _REFS_HEAD.finditer(text):
            if len(text) > 2000 and m.start() < len(text) / 5:
                continue
            end = _AFTER_REFS.search(text, m.end())
            out.append(Region("references", m.start(), end.start() if end else len(text)))
            break
    if not layout:
        return out + find_mentions(text)
    for m in _FENCE.finditer(text):
        out.append(Region("code", m.start(), m.end()))
    run: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        line = m.group()
        chars = [c for c in line if not c.isspace()]
        if not chars:
            continue
        symbols = sum(c in _CODE_CHARS for c in chars) / len(chars)
        words = len(_WORD.findall(line))
        if symbols >= CODE_MIN_SYMBOL_SHARE and len(chars) >= 4:
            run.append(m.span())
            continue
        if len(run) >= 2:
            out.append(Region("code", run[0][0], run[-1][1]))
        run = []
        if _RELATION.search(line) and words <= 2 and len(line.split()) >= 3:
            out.append(Region("equation", m.start(), m.end()))
    if len(run) >= 2:
        out.append(Region("code", run[0][0], run[-1][1]))
    return out + find_mentions(text)


def find_mentions(text: str) -> list[Region]:
    """Short quoted phrases (mentions, see the module docstring), in text order.
    ``scan`` reads them too: a phrase found inside one is listed as quoted and
    does not count towards the verdict.

    >>> [(r.start, r.end) for r in find_mentions("Spinners write 'bosom peril' for it.")]
    [(16, 27)]
    """
    out = []
    for m in _QUOTES.finditer(text):
        k = next(i for i in range(1, 7) if m.group(i) is not None)
        inner = m.group(k)
        if 0 < len(inner.split()) <= MENTION_MAX_WORDS and _WORD.search(inner):
            out.append(Region("mention", m.start(k), m.end(k)))
    return out


def merge_regions(regions: list[Region]) -> tuple[Region, ...]:
    """Regions in order, without overlaps: a region inside an earlier, larger
    one is dropped; a partial overlap is cut at the earlier one's end."""
    out: list[Region] = []
    for r in sorted(regions, key=lambda r: (r.start, -r.end)):
        if r.end <= r.start:
            continue
        if out and r.start < out[-1].end:
            if r.end <= out[-1].end:
                continue
            r = Region(r.kind, out[-1].end, r.end)
        out.append(r)
    return tuple(out)
