"""Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE and the others) are a
disguise: they reorder what a reader sees, so that a text shows one thing
and is stored as another. The trial found them removed but never reported;
now they are reported as the invisible characters and look-alike letters
are, and the text is read without them."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import SEEDS

import spindetect
from spindetect.normalization import BIDI_CONTROL, INVISIBLE, normalize_with_offsets
from spindetect.text import prepare

SPUN = next(SEEDS.glob("000_*.txt"))

#: Every bidi control (Unicode's Bidi_Control property).
CONTROLS = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
CONTROLS += ["\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
@pytest.mark.parametrize("where", ["between words", "inside a word"])
def test_each_bidi_control_is_removed_and_reported(char, where):
    text = (
        f"The report was {char}profound{char} in its findings."
        if where == "between words"
        else (f"The report was pro{char}found in its findings.")
    )
    n = normalize_with_offsets(text)
    assert n.text.replace("  ", " ") == "The report was profound in its findings."
    assert n.disguise and {kind for _, kind in n.disguise} == {BIDI_CONTROL}
    assert [text[o] for o, _ in n.disguise] == [char] * text.count(char)  # offsets into the text given


def test_an_override_shows_a_reversed_word_and_is_read_as_stored():
    # shown as "backward"; stored, and read, as "drawkcab"
    text = "Read it \u202edrawkcab\u202c today."
    n = normalize_with_offsets(text)
    assert n.text == "Read it drawkcab today."
    assert n.disguise == ((8, BIDI_CONTROL), (17, BIDI_CONTROL))
    doc = prepare(text)
    assert "drawkcab" in doc.forms and doc.disguise_counts() == {BIDI_CONTROL: 2}
    # tokens still point into the text given
    k = doc.forms.index("drawkcab")
    assert text[doc.starts[k] : doc.ends[k]] == "drawkcab"


def test_right_to_left_text_keeps_its_marks_unreported_but_not_overrides():
    """A right-to-left mark or an isolate around a Hebrew or Arabic name is
    how such text is written, no disguise; an override reverses letters in
    any text."""
    assert normalize_with_offsets("The minister \u200f\u05e9\u05dc\u05d5\u05dd\u200f said no.").disguise == ()
    assert normalize_with_offsets("He wrote \u2067\u0645\u0631\u062d\u0628\u0627\u2069 twice.").disguise == ()
    n = normalize_with_offsets("The minister \u202e\u05e9\u05dc\u05d5\u05dd\u202c said no.")
    assert [kind for _, kind in n.disguise] == [BIDI_CONTROL]
    # without right-to-left letters a mark is a disguise too
    assert [k for _, k in normalize_with_offsets("The minister \u200fsaid\u200f no.").disguise] == [BIDI_CONTROL] * 2


def test_other_invisible_characters_are_reported_as_before():
    assert normalize_with_offsets("pro\u200bfound").disguise == ((3, INVISIBLE),)
    assert normalize_with_offsets("pro \u200bfound").disguise == ()


def _with_controls(text: str) -> str:
    """Every seventh word wrapped in a left-to-right isolate: shown as before."""
    words = text.split(" ")
    return " ".join(f"\u2066{w}\u2069" if i % 7 == 3 else w for i, w in enumerate(words))


def test_score_and_scan_read_through_bidi_controls_and_report_them(seeds):
    original = seeds["002"]
    disguised = _with_controls(original)
    report = spindetect.score(original, disguised)
    assert report.label == "copy" and report.swaps == ()
    assert report.disguise == {"b": {BIDI_CONTROL: 2 * len(original.split(" ")[3::7])}}
    assert "bidi control" in str(report)
    spun = SPUN.read_text(encoding="utf-8")
    clean, dressed = spindetect.scan(spun), spindetect.scan(_with_controls(spun))
    # the same phrases, their spans in the text given (controls included)
    assert [p.text.translate({0x2066: None, 0x2069: None}) for p in dressed.phrases] == [p.text for p in clean.phrases]
    assert dressed.label == clean.label and dressed.probability == pytest.approx(clean.probability)
    assert dressed.disguise.get(BIDI_CONTROL, 0) > 100 and not clean.disguise
    assert "bidi controls" in str(dressed)


def test_cli_scan_names_the_bidi_controls(tmp_path):
    path = tmp_path / "dressed.txt"
    path.write_text(_with_controls(SPUN.read_text(encoding="utf-8")), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "spindetect", "scan", str(path)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    (line,) = [x for x in proc.stdout.splitlines() if "disguised characters" in x]
    assert line.strip().startswith("disguised characters: ") and line.endswith(" bidi controls"), line
