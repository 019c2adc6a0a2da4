"""Hard-wrapped prose is read as running text at any width; line structure
(lists, verse, headings, tables, blank-line paragraphs) is kept.

Trial finding: the spun seed hard-wrapped at 22 columns (``textwrap.fill``)
made every line a sentence, and ``score(original, spun)`` said "related"
where the unwrapped text is "spun".
"""

from __future__ import annotations

import re
import textwrap

import pytest
from conftest import seed

import spindetect
from spindetect.text import normalize, prepare, wrap_width

WIDTHS = range(15, 81)


def _layouts(text: str, width: int) -> dict[str, tuple[str, str]]:
    """(unwrapped, wrapped) versions of ``text``: paragraphs on lines of their
    own, paragraphs between blank lines, and the whole text as one paragraph."""
    paras = [p for p in text.split("\n") if p.strip()]
    flat = " ".join(text.split())
    return {
        "lines": ("\n".join(paras), "\n".join(textwrap.fill(p, width) for p in paras)),
        "blank-lines": ("\n\n".join(paras), "\n\n".join(textwrap.fill(p, width) for p in paras)),
        "one-paragraph": (flat, textwrap.fill(flat, width)),
        "capitals": (flat.upper(), textwrap.fill(flat, width).upper()),
    }


def _sentences(text: str) -> list[str]:
    doc = prepare(text)
    return ["".join(doc.sentence_text(i).split()) for i in range(len(doc.sentences))]


_ENDS_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


@pytest.mark.parametrize("name", ["000", "001", "002", "004"])
def test_wrapped_prose_keeps_its_sentences_at_every_width(name):
    # Every sentence of running prose (it and the one before it end a
    # sentence: no heading, byline or widget line next to it) is a sentence
    # of the wrapped text too, whatever the width and layout. (Short lines
    # that end nothing, next to one another, may join when wrapped: the
    # wrapped text cannot show where such a line ended.)
    text = seed(name)
    for width in WIDTHS:
        for layout, (unwrapped, wrapped) in _layouts(text, width).items():
            ref = _sentences(unwrapped)
            got = set(_sentences(wrapped))
            prose = [s for prev, s in zip(ref, ref[1:]) if _ENDS_SENTENCE.search(prev) and _ENDS_SENTENCE.search(s)]
            lost = [s[:60] for s in prose if s not in got]
            assert not lost, (width, layout, lost)


@pytest.mark.parametrize(("suspect", "label"), [("000", "spun"), ("001", "paraphrase"), ("004", "related")])
def test_score_label_does_not_depend_on_the_wrap_width(suspect, label):
    # The seeds against the AP original 002: the label of each wrapped
    # version, at every width from 15 to 80 columns and in each layout, is
    # the label of the unwrapped text (before the fix: "related" for the spun
    # seed at 15-25 columns).
    source, text = seed("002"), seed(suspect)
    assert spindetect.score(source, text).label == label
    wrong = []
    for width in WIDTHS:
        layouts = _layouts(text, width)
        layouts["textwrap.fill"] = (text, textwrap.fill(text, width))
        for layout, (_, wrapped) in layouts.items():
            if layout == "capitals":
                continue  # tests/test_text_forms_caps.py
            got = spindetect.score(source, wrapped).label
            if got != label:
                wrong.append((width, layout, got))
    assert not wrong


@pytest.mark.parametrize("width", [15, 22, 40, 72])
def test_both_sides_wrapped(width):
    report = spindetect.score(textwrap.fill(seed("002"), width), textwrap.fill(seed("000"), width))
    assert (report.label, report.spun_side) == ("spun", "b")


def test_wrapped_copy_is_a_copy():
    text = seed("002")
    for width in (15, 22, 30, 60):
        assert spindetect.score(text, textwrap.fill(text, width)).label == "copy"


# Line structure: examples of text whose line breaks mean something.
LINE_STRUCTURE = {
    "list": "Shopping list\nGreen apples for the pie\nFresh bread from the baker\nMilk and eggs\nA bag of flour",
    "steps": "How to apply\nFill in the form on our website\nAttach a copy of your passport\nPay the fee of the office\n"
    "Wait for the letter from us",
    "verse": "Whose woods these are I think I know.\nHis house is in the village though;\nHe will not see me stopping "
    "here\nTo watch his woods fill up with snow.\n\nMy little horse must think it queer\nTo stop without a farmhouse "
    "near\nBetween the woods and frozen lake\nThe darkest evening of the year.",
    "sonnet": "Shall I compare thee to a summer's day?\nThou art more lovely and more temperate:\nRough winds do shake "
    "the darling buds of May,\nAnd summer's lease hath all too short a date;\nSometime too hot the eye of heaven "
    "shines,\nAnd often is his gold complexion dimm'd;\nAnd every fair from fair sometime declines,\nBy chance or "
    "nature's changing course untrimm'd;",
    "headings": "Introduction\nThe committee met on Monday to discuss the budget for the next year.\nBackground\n"
    "The budget was cut by ten per cent last year after the crisis.\nFindings\nMost departments kept their spending "
    "within the limits set.",
    "signature": "Best regards,\nJohn Smith\nSenior Analyst at the Bank\nAcme Corp\nLondon",
    "credits": "Directed by Jane Doe\nWritten by John Roe and Mary Major\nProduced by the Film Company of London\n"
    "Music by the Orchestra of the North",
    "results": "Results of the vote in the county\nSmith for the Labour party 4,321\nJones for the Conservatives "
    "3,210\nBrown for the Liberal Democrats 1,002",
    "agenda": "Agenda for the meeting\nWelcome by the chair of the board\nMinutes of the last meeting\nReport of the "
    "treasurer on the accounts\nAny other business",
    "contents": "Chapter 1 The beginning of the story\nChapter 2 A journey to the north\nChapter 3 The return of "
    "the king\nChapter 4 The end of the road",
    "lyrics": "I walk along the empty street\nAnd think of all the friends I meet\nThe city lights are shining bright\n"
    "I will be home with you tonight",
}


@pytest.mark.parametrize("name", sorted(LINE_STRUCTURE))
def test_line_structure_is_not_read_as_wrapped(name):
    text = LINE_STRUCTURE[name]
    assert wrap_width(normalize(text)) == 0
    # each line that ends without a comma or semicolon (a ragged wrap) ends its sentence
    doc = prepare(text)
    ends = {doc.ends[b - 1] for a, b in doc.sentences}
    pos = 0
    for line in text.split("\n"):
        if line.strip() and line.rstrip()[-1] not in ",;":
            assert pos + len(line.rstrip()) in ends, line
        pos += len(line) + 1


def test_wrapped_prose_keeps_list_items_tables_and_headings_apart():
    text = (
        "Prices\n\n"
        "Wheat and corn prices rose in the\n"
        "week to Friday, the ministry said in\n"
        "its weekly report on the markets:\n"
        "- wheat rose by three per cent and\n"
        "  corn by two per cent in the week\n"
        "  Wheat     3.24     3.19\n"
        "  Corn      2.11     2.08\n"
        "Traders expected the prices to fall\n"
        "again when the harvest comes in."
    )
    assert wrap_width(normalize(text)) == 36
    sentences = [" ".join(s.split()) for s in _sentences_text(text)]
    assert sentences == [
        "Prices",
        "Wheat and corn prices rose in the week to Friday, the ministry said in its weekly report on the markets:",
        "- wheat rose by three per cent and corn by two per cent in the week",
        "Wheat 3.24 3.19",
        "Corn 2.11 2.08",
        "Traders expected the prices to fall again when the harvest comes in.",
    ]


def _sentences_text(text: str) -> list[str]:
    doc = prepare(text)
    return [doc.sentence_text(i) for i in range(len(doc.sentences))]


def test_no_break_spaces_hold_words_together():
    # "Prime\u00a0Minister" is one word to a wrapping program: the first
    # line was full although "Prime" alone would have fitted on it.
    text = "The talks were held by\nPrime\u00a0Minister Sullivan, the\nministry said on Monday in a\nstatement."
    assert _sentences_text(text) == [text]
    assert len(_sentences_text(text.replace("\u00a0", " "))) > 1
