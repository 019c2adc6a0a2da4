"""The lexicon: file format, errors naming file and line, matching, learning."""

from __future__ import annotations

import pytest
from conftest import seed

import spindetect
from spindetect.lexicon import Lexicon, LexiconEntry, default_lexicon, phrase_key
from spindetect.text import prepare

GOOD = """# spindetect-lexicon 1
# name: demo
profound learning\tdeep learning\t0.95\tpps\tPPS simple, 10 papers\tdeep learning\t
Jap Europe\tEastern Europe\t0.8\tlearned
bosom\tbreast\t0.5\tpps\t\t\tbosom friend
"""


def test_load_round_trip(tmp_path):
    lex = Lexicon.loads(GOOD, origin="demo.tsv")
    assert lex.name == "demo" and len(lex) == 3
    path = tmp_path / "lex.tsv"
    lex.save(path)
    again = Lexicon.load(path)
    assert sorted(e.line() for e in again) == sorted(e.line() for e in lex)
    assert again.signature == lex.signature


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("spun\toriginal\t0.5\tuser\n", r"line 1: not a spindetect lexicon"),
        ("# spindetect-lexicon 9\n", r"line 1: lexicon format version 9"),
        ("# spindetect-lexicon 1\nonly\ttwo\n", r"line 2: expected 4 to 7 tab-separated columns"),
        ("# spindetect-lexicon 1\na\tb\theavy\tuser\n", r"line 2: weight 'heavy' is not a number"),
        ("# spindetect-lexicon 1\n\n# c\na\tb\t1.5\tuser\n", r"line 4: lexicon entry weight must be in \(0, 1\]"),
        ("# spindetect-lexicon 1\n\tb\t0.5\tuser\n", r"line 2: lexicon entry needs a non-empty spun"),
    ],
    ids=["no-header", "bad-version", "columns", "weight-text", "weight-range", "empty-phrase"],
)
def test_malformed_files_name_file_line_problem(tmp_path, text, match):
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"bad\.tsv, {match}"):
        Lexicon.load(path)


def test_loads_rejects_non_text():
    for value in (None, 5, ["# spindetect-lexicon 1"], b"# spindetect-lexicon 1"):
        with pytest.raises(TypeError, match="lexicon text must be str"):
            Lexicon.loads(value)


def test_unreadable_and_binary_files(tmp_path):
    with pytest.raises(OSError, match="cannot read lexicon"):
        Lexicon.load(tmp_path / "missing.tsv")
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(ValueError, match="not UTF-8"):
        Lexicon.load(binary)


def test_matching_respects_context_conditions():
    lex = Lexicon.loads(GOOD)
    doc = prepare("Profound learning beats everything. Jap Europe. A bosom friend.")
    assert [m.entry.spun for m in lex.find(doc)] == ["Jap Europe"]  # no "deep learning", "bosom friend" excluded
    doc2 = prepare("Profound learning, also called deep learning, and the bosom.")
    assert [m.entry.spun for m in lex.find(doc2)] == ["profound learning", "bosom"]


def test_add_merge_and_lookup():
    a = Lexicon(name="a")
    a.add("navy gear", "military equipment", weight=0.6)
    b = Lexicon(name="b")
    b.add("Navy Gear", "military equipment", weight=0.9, source="learned")
    merged = a.merge(b)
    (entry,) = merged.lookup("navy gear")
    assert entry.weight == 0.9 and entry.source == "user+learned"
    assert merged.suggestions("NAVY GEAR") == ("military equipment",)
    with pytest.raises(TypeError, match="merge a Lexicon"):
        a.merge({"navy gear": "military equipment"})
    with pytest.raises(ValueError, match="weight"):
        a.add("x", "y", weight=0)


def test_word_swaps_from_phrases():
    lex = Lexicon.loads(GOOD)
    swaps = lex.word_swaps()
    assert swaps["profound"]["deep"] == 1
    assert swaps["jap"]["eastern"] == 1
    assert "learning" not in swaps


def test_learn_from_aligned_pairs():
    lex = Lexicon.learn([(seed("002"), seed("000"))], min_oddness=0.5)
    assert lex.suggestions("Jap Europe") == ("Eastern Europe",)
    assert all(e.source == "learned" and e.weight >= 0.5 for e in lex)
    with pytest.raises(TypeError, match="pairs"):
        Lexicon.learn(["just one text"])


def test_default_lexicon_has_pps_and_credits_it():
    lex = default_lexicon()
    assert len(lex) > 5000
    assert "deep learning" in lex.suggestions("profound learning")
    assert lex.suggestions("counterfeit consciousness") == ("artificial intelligence",)
    from importlib.resources import files

    note = (files("spindetect") / "data" / "LEXICON_SOURCES.txt").read_text()
    assert "CC BY 4.0" in note and "Cabanac" in note


def test_phrase_key_uses_document_tokens():
    assert phrase_key("Secretary-General") == ("secretary", "-", "general")
    with pytest.raises(ValueError, match="longer than"):
        LexiconEntry(" ".join(["w"] * 20), "x", 0.5)


def test_score_uses_lexicon_from_config():
    lex = Lexicon(name="tiny")
    lex.add("agency", "firm", weight=1.0)
    det = spindetect.Detector(lexicon=lex)
    report = det.score("The U.S. held firm on the talks today.", "The U.S. held agency on the talks today.")
    (swap,) = [s for s in report.swaps if s.original == "firm"] or [s for s in report.swaps if s.replacement == "firm"]
    assert "a known spinner swap (in the lexicon)" in swap.reasons
    assert report.signature.lexicon.startswith("tiny:")
    with pytest.raises(TypeError, match="Lexicon"):
        spindetect.Detector(lexicon={"a": "b"})
