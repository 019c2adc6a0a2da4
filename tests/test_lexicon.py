"""The lexicon: file format, errors naming file and line, matching, learning."""

from __future__ import annotations

import pytest
from conftest import seed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spindetect
from spindetect.resources.lexicon import Lexicon, LexiconEntry, default_lexicon, phrase_key
from spindetect.scoring.learn import learn_lexicon
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
        ("# spindetect-lexicon 9\n", r"line 1: spindetect lexicon format version 9"),
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
    lex = learn_lexicon([(seed("002"), seed("000"))], min_oddness=0.5)
    assert lex.suggestions("Jap Europe") == ("Eastern Europe",)
    assert all(e.source == "learned" and e.weight >= 0.5 for e in lex)
    with pytest.raises(TypeError, match="pairs"):
        learn_lexicon(["just one text"])


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


# -- what the file format can hold ------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"spun": "profound\tlearning"}, r"spun 'profound\\tlearning' contains a tab"),
        ({"original": "deep\nlearning"}, r"original 'deep\\nlearning' contains a line break"),
        ({"original": "deep\r\nlearning"}, r"original 'deep\\r\\nlearning' contains a line break"),
        ({"source": "pps\u2028"}, r"source 'pps\\u2028' contains a line break"),
        ({"evidence": "seen twice\u2029here"}, r"evidence 'seen twice\\u2029here' contains a line break"),
        ({"evidence": "a\x85b"}, r"evidence 'a\\x85b' contains a line break"),
        ({"spun": "profound\x0blearning"}, r"spun 'profound\\x0blearning' contains a line break"),
        ({"spun": "profound\x1clearning"}, r"spun 'profound\\x1clearning' contains a line break"),
        ({"spun": "profound learning "}, r"spun 'profound learning ' has leading or trailing whitespace"),
        ({"evidence": " PPS"}, r"evidence ' PPS' has leading or trailing whitespace"),
        ({"spun": "profound \ud800learning"}, r"spun 'profound \\ud800learning' contains a lone surrogate"),
        ({"original": "deep\udcfflearning"}, r"original 'deep\\udcfflearning' contains a lone surrogate"),
        ({"spun": "#profound learning"}, r"spun '#profound learning' starts with '#'"),
        ({"spun": "   "}, r"needs a non-empty spun, got '   '"),
        ({"original": ""}, r"needs a non-empty original, got ''"),
        ({"requires": ["deep learning|neural"]}, r"requires phrase 'deep learning\|neural' contains '\|'"),
        ({"requires": ["deep learning", ""]}, r"needs a non-empty requires phrase, got ''"),
        ({"excludes": [" bosom friend"]}, r"excludes phrase ' bosom friend' has leading or trailing whitespace"),
        ({"excludes": ["bosom\tfriend"]}, r"excludes phrase 'bosom\\tfriend' contains a tab"),
        ({"weight": "heavy"}, r"weight must be a number in \(0, 1\], got 'heavy'"),
        ({"weight": True}, r"weight must be a number in \(0, 1\], got True"),
        ({"weight": float("nan")}, r"weight must be in \(0, 1\], got nan"),
    ],
    ids=lambda v: repr(v) if isinstance(v, dict) else "",
)
def test_add_refuses_what_a_lexicon_file_cannot_hold(kwargs, match):
    args = {"spun": "profound learning", "original": "deep learning", **kwargs}
    lex = Lexicon(name="t")
    with pytest.raises(ValueError, match=match):
        lex.add(args.pop("spun"), args.pop("original"), **args)
    assert len(lex) == 0


def test_add_refuses_non_text_fields():
    lex = Lexicon(name="t")
    with pytest.raises(TypeError, match="evidence must be a str, not int: 5"):
        lex.add("profound learning", "deep learning", evidence=5)
    with pytest.raises(TypeError, match="requires phrase must be a str, not int: 3"):
        lex.add("profound learning", "deep learning", requires=["deep learning", 3])
    with pytest.raises(TypeError, match="requires must be a phrase or an iterable of phrases"):
        lex.add("profound learning", "deep learning", requires=7)
    with pytest.raises(TypeError, match="excludes must be a phrase or an iterable of phrases"):
        lex.add("profound learning", "deep learning", excludes=b"bosom")


def test_requires_as_a_plain_string_is_one_phrase():
    # Not split into letters: requires="deep learning" is the phrase "deep learning".
    lex = Lexicon(name="t")
    lex.add("profound learning", "deep learning", requires="deep learning", excludes="bosom friend")
    (entry,) = lex
    assert entry.requires == ("deep learning",) and entry.excludes == ("bosom friend",)
    assert LexiconEntry("bosom", "breast", 0.5, excludes="bosom friend").excludes == ("bosom friend",)
    assert not lex.find(prepare("Profound learning beats everything."))
    assert [m.entry.spun for m in lex.find(prepare("Profound learning, or deep learning."))] == ["profound learning"]
    assert not lex.find(prepare("Profound learning, or deep learning, said my bosom friend."))
    assert Lexicon.loads(lex.dumps()).lookup("profound learning") == (entry,)


def test_lexicon_file_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "bom.tsv"
    path.write_text(GOOD, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    lex = Lexicon.load(path)
    assert lex.name == "demo" and len(lex) == 3
    assert set(lex) == set(Lexicon.loads(GOOD)) == set(Lexicon.loads("\ufeff" + GOOD))


def test_saving_a_loaded_lexicon_writes_the_same_file(tmp_path):
    lex = Lexicon.loads(GOOD)
    again = Lexicon.loads(lex.dumps())
    assert again.dumps() == lex.dumps() and again.meta == lex.meta
    assert "columns" not in again.meta  # the column line is no metadata


def test_learned_swaps_spanning_a_line_break_are_one_line():
    source = "The army bought new military\nequipment for the troops in the north. The order was large."
    spun = "The army bought new navy\ngear for the troops in the north. The order was large."
    lex = learn_lexicon([(source, spun)])
    assert lex.suggestions("navy gear") == ("military equipment",)
    assert {e.spun for e in Lexicon.loads(lex.dumps())} == {e.spun for e in lex}


def test_learned_weights_survive_save_and_load(tmp_path):
    lex = learn_lexicon([(seed("002"), seed("000"))], min_oddness=0.5)
    path = tmp_path / "learned.tsv"
    lex.save(path)
    again = Lexicon.load(path)
    assert set(again) == set(lex) and again.signature == lex.signature
    # weights that four digits hold are written as before (the shipped file is unchanged)
    lines = [line for line in Lexicon.loads(GOOD + "a\tb\t1.0\tuser\n").dumps().splitlines() if line[0] != "#"]
    assert sorted(line.split("\t")[2] for line in lines) == ["0.5", "0.8", "0.95", "1"]


_TRICKY = list("\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029|#\ufeff\xa0 -?.'\ud800\udfff\x00é")
_CHAR = st.one_of(st.sampled_from(_TRICKY), st.characters())
_FIELD = st.one_of(
    st.sampled_from(["profound learning", "deep learning", "Jap Europe", "pps", "seen 3x", "?", ""]),
    st.text(_CHAR, max_size=12),
    st.lists(st.sampled_from(["profound", "learning", " ", "\t", "\u2028", "#", "|", "x", "\ud800"]), max_size=5).map(
        "".join
    ),
)


@given(
    spun=_FIELD,
    original=_FIELD,
    source=_FIELD,
    evidence=_FIELD,
    requires=st.one_of(_FIELD, st.lists(_FIELD, max_size=3)),
    excludes=st.one_of(_FIELD, st.lists(_FIELD, max_size=3)),
    weight=st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.9, 1.0, 1, 1 / 3, 5e-324])),
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_whatever_add_accepts_saves_and_loads_unchanged(
    tmp_path, spun, original, source, evidence, requires, excludes, weight
):
    lex = Lexicon(name="round-trip", meta={"built_by": "a test"})
    try:
        lex.add(spun, original, weight=weight, source=source, evidence=evidence, requires=requires, excludes=excludes)
    except ValueError as exc:
        fields = ("spun", "original", "source", "evidence", "requires", "excludes", "weight")
        assert any(f in str(exc) for f in fields), exc
        return
    path = tmp_path / "round-trip.tsv"
    lex.save(path)
    again = Lexicon.load(path)
    assert list(again) == list(lex)
    assert (again.name, again.meta, again.signature) == (lex.name, lex.meta, lex.signature)
    assert again.dumps() == lex.dumps()


@pytest.mark.parametrize("bad", ["We train a profound learning model.", None, 3, b"bytes"])
def test_find_names_what_it_takes_when_given_something_else(bad):
    # trial finding: Lexicon.find("str") failed deep inside ('str' object has no attribute 'forms')
    with pytest.raises(TypeError, match=r"Lexicon\.find takes a document made by spindetect\.text\.prepare"):
        spindetect.default_lexicon().find(bad)
