"""check_sides: score beside scan, per side, and why they differ (issue 13)."""

from __future__ import annotations

import json

import pytest

import spindetect

SOURCE = (
    "Deep learning is a subset of machine learning. Artificial intelligence systems learn patterns from "
    "large data sets, and pattern recognition is one of their oldest tasks."
)
SPUN = (
    "Profound learning is a subset of machine learning. Counterfeit consciousness systems learn patterns from "
    "large data sets, and example acknowledgment is one of their oldest tasks."
)


def test_spun_copy_of_a_clean_source_agrees():
    check = spindetect.check_sides(SOURCE, SPUN)
    assert check.report.label == "spun" and check.report.spun_side == "b"
    assert check.scans["b"].label == "spun" and check.scans["a"].label == "clean"
    assert check.agree
    assert len(check.notes) == 2 and all("agree" in n for n in check.notes)
    assert json.loads(json.dumps(check.to_dict()))["agree"] is True


def test_two_copies_of_one_spun_text_differ_and_say_why():
    # b edits one fluent word of a text that is itself spun: scan finds both
    # spun on their own, score finds no spinning *between* them, and the note
    # says the flagged phrases are shared by both texts.
    other = SPUN.replace("oldest", "earliest")
    check = spindetect.check_sides(SPUN, other)
    assert check.scans["a"].label == "spun" and check.scans["b"].label == "spun"
    for side in ("a", "b"):
        if check.report.spun_side != side:
            assert not check.agree
            note = next(n for n in check.notes if n.startswith(f"{side}:"))
            assert "in " in note and "too" in note
            assert {"profound learning", "counterfeit consciousness"} & {t.casefold() for t in check.shared[side]}
    assert str(check).startswith("score: ")


@pytest.mark.parametrize("bad", [None, b"bytes", 3])
def test_bad_input_is_named(bad):
    with pytest.raises(TypeError):
        spindetect.check_sides(bad, SOURCE)
    with pytest.raises(TypeError):
        spindetect.check_sides(SOURCE, bad)


def test_a_side_that_is_not_english_is_named():
    french = "Le ministre a déclaré mardi que les négociations avaient échoué et que le budget serait revu."
    with pytest.raises(ValueError, match=r"^b\b.*English"):
        spindetect.check_sides(SOURCE, french)
