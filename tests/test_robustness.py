"""Calm on every input: hangs, look-alike text, encodings, symmetry, state.

Each test stands for a kind of failure found by a bad-input trial of the
public entry points (issue "Green on every machine, calm on every input,
nothing lost"); each failed before its fix.
"""

from __future__ import annotations

import codecs
import logging
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spindetect
from spindetect.files import decode_bytes, read_text
from spindetect.text import INVISIBLE, LOOK_ALIKE, normalize, normalize_with_offsets, prepare

GOOD = "The Biden administration and NATO told Russia on Wednesday there will be no concessions."

# -- hangs and blow-ups in the text layer ------------------------------------------

#: Generous bound, in CPU seconds of this process, for inputs that took
#: 27-83 s when HTML stripping was quadratic; linear stripping takes
#: milliseconds. CPU time, not wall clock: on a loaded machine (load 4-5 on 2
#: cores) the punctuation run below took 14.2 s of wall clock.
LINEAR_SECONDS = 10


@pytest.mark.parametrize(
    "tail",
    ["<!-- x " * 40_000, "<script> x " * 30_000, "<style>" * 30_000, "<!--" + "x" * 280_000],
    ids=["unclosed-comments", "unclosed-scripts", "unclosed-styles", "one-long-comment"],
)
def test_html_stripping_is_linear(tail):
    text = "<p>The minister said the agreement would hold for another year.</p>" + tail
    start = time.process_time()
    norm = normalize(text)
    assert time.process_time() - start < LINEAR_SECONDS
    assert "minister said" in norm and "<!--" not in norm and "script" not in norm.lower()


@pytest.mark.parametrize("mark", ["=", "<", ">", "*", ")", '"', "&"])
def test_long_runs_of_punctuation_are_linear(seeds, mark):
    # spaCy's affix splitting is quadratic in a chunk's length: 20,000 "="
    # took 79 s in score, 100,000 "<" over ten minutes in scan
    text = seeds["002"] + "\n" + mark * 50_000 + "\n" + seeds["002"]
    # models loaded first: the bound is on the input's cost, not a cold start
    # (on a loaded machine loading alone took most of it)
    spindetect.score(seeds["002"], seeds["002"])
    spindetect.scan(seeds["002"])
    start = time.process_time()
    assert spindetect.score(text, seeds["002"]).label == "copy"
    spindetect.scan(text)
    assert time.process_time() - start < LINEAR_SECONDS


@pytest.mark.parametrize("case", ["upper", "title", "lower"])
def test_a_copy_in_other_case_is_a_copy(seeds, case):
    text = seeds["002"] + " We cannot accept this. We'll see. He can't promise. The U.S. and the U.K. agreed at 5 p.m."
    other = getattr(text, case)()
    for a, b in ((other, text), (text, other)):
        report = spindetect.score(a, b)
        assert report.label == "copy", report
        assert report.swaps == ()


def test_huge_character_reference_is_text_not_a_crash():
    text = "The value was &#" + "9" * 5000 + "; and &#x" + "f" * 5000 + "; today."
    assert normalize(text).startswith("The value was &#999")
    assert spindetect.scan(text + " " + GOOD).label in ("spun", "clean")


# -- text that looks the same is the same ---------------------------------------------

_CYRILLIC = dict(zip("aeopcxyiAEOPCHKMTBX", "аеорсхуіАЕОРСНКМТВХ"))


def _disguised(text: str, kind: str, rng: random.Random) -> str:
    out = []
    for c in text:
        if kind == "look-alike" and c in _CYRILLIC and rng.random() < 0.3:
            c = _CYRILLIC[c]
        out.append(c)
        # control characters sparse: above 5% of the text is taken for binary data
        if c.isalpha() and rng.random() < (0.02 if kind == "control" else 0.08):
            out.append({"zero-width": "\u200b", "soft-hyphen": "\u00ad", "control": "\x01"}.get(kind, ""))
    text = "".join(out)
    if kind == "ligature":
        text = text.replace("ffi", "\ufb03").replace("fi", "\ufb01").replace("fl", "\ufb02")
    return text


@pytest.mark.parametrize("kind", ["look-alike", "zero-width", "soft-hyphen", "control", "ligature"])
def test_verbatim_copy_in_disguise_is_a_copy(seeds, kind):
    original = seeds["002"]
    copy = _disguised(original, kind, random.Random(7))
    assert copy != original
    for report in (spindetect.score(original, copy), spindetect.score(copy, original)):
        assert report.label == "copy", (kind, report)
        assert report.swaps == ()
    # the disguise is evidence, on the side that has it
    report = spindetect.score(original, copy)
    if kind == "look-alike":
        assert report.disguise["b"][LOOK_ALIKE] > 50
    elif kind != "ligature":  # ligatures are a normal PDF artefact, not a disguise
        assert report.disguise["b"][INVISIBLE] > 50
    else:
        assert report.disguise == {}
    assert "a" not in report.disguise
    assert report.to_dict()["disguise"] == report.disguise


@pytest.mark.parametrize(
    "phrase",
    ["pr\u043efound learning", "pro\u200bfound learning", "profound lea\u00adrning", "pro\u0001found learning"],
    ids=["cyrillic-o", "zero-width", "soft-hyphen", "control"],
)
def test_scan_sees_through_disguised_tortured_phrases(phrase):
    text = f"Recent advances in {phrase} are reviewed in this survey of the field."
    report = spindetect.scan(text)
    found = [p for p in report.phrases if p.suggestion == "deep learning"]
    assert found, report
    # the span points into the text as given, disguise included
    assert found[0].text == phrase
    assert text[found[0].span[0] : found[0].span[1]] == phrase
    assert sum(report.disguise.values()) == 1


def test_tokens_of_disguised_text_point_into_the_original():
    text = "The \ufb01rm\u200b's Secre\u00adtary-General s\u0430id \u201cno\u201d."
    doc = prepare(text)
    assert doc.forms[:3] == ("the", "firm", "'s")
    assert [doc.text[a:b] for a, b in zip(doc.starts, doc.ends)][1] == "\ufb01rm"
    assert "said" in doc.forms
    kinds = dict(doc.disguise_counts())
    assert kinds == {LOOK_ALIKE: 1, INVISIBLE: 1}  # the soft hyphen inside "Secretary", the Cyrillic a


def test_other_scripts_are_left_alone():
    # Russian prose, Greek letters in science, accents: nothing to undo
    for text in (
        "Правительство сообщило в среду, что переговоры провалились.",
        "The \u03b1-helix binds \u03b2-catenin at 5 \u03bcm.",
        "The caf\u00e9 in Z\u00fcrich serves cr\u00e8me br\u00fbl\u00e9e.",
    ):
        n = normalize_with_offsets(text)
        assert n.text == text and n.disguise == ()


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_normalized_characters_come_from_their_offsets(text):
    n = normalize_with_offsets(text)
    if n.offsets is None:
        return
    for i, c in enumerate(n.text):
        o = n.offsets[i]
        # every character comes from an original character at or after the previous one's
        assert 0 <= o < len(text)
        if c.isascii() and c.isalnum() and text[o].isascii():
            assert text[o] == c


# -- encodings ----------------------------------------------------------------------------


def test_one_stray_byte_keeps_a_utf8_file_utf8(tmp_path, caplog):
    path = tmp_path / "story.txt"
    path.write_bytes("Moscow\u2019s envoy said the talks \u2014 held in Geneva ".encode() + b"\x97 failed.\x97")
    with caplog.at_level(logging.WARNING, logger="spindetect"):
        text = read_text(str(path))
    assert "Moscow\u2019s" in text and "\u00e2\u20ac" not in text  # no mojibake
    assert text.encoding == "utf-8" and text.replaced == 2
    assert "2 bytes were not valid utf-8" in caplog.text
    # and it is a copy of itself, not spun
    clean = text.replace("\ufffd", "")
    assert spindetect.score(clean, text).label == "copy"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("caf\u00e9 na\u00efve".encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF8 + "caf\u00e9".encode(), "utf-8"),
        (codecs.BOM_UTF16_LE + "caf\u00e9".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "caf\u00e9".encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + "caf\u00e9".encode("utf-32-le"), "utf-32-le"),
    ],
    ids=["cp1252", "utf8-bom", "utf16le", "utf16be", "utf32le"],
)
def test_decoding_by_bom_and_legacy_files(data, encoding):
    text = decode_bytes(data)
    assert text.encoding == encoding and text.replaced == 0
    assert text.startswith("caf\u00e9")


def test_utf16_file_is_read_not_called_binary(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))
    assert read_text(str(path)) == GOOD


@pytest.mark.parametrize("call", ["score-a", "score-b", "scan"])
def test_lone_surrogates_are_refused_by_name(call):
    bad = "The firm said \ud800 the talks failed."
    with pytest.raises(ValueError, match="lone surrogate"):
        if call == "score-a":
            spindetect.score(bad, GOOD)
        elif call == "score-b":
            spindetect.score(GOOD, bad)
        else:
            spindetect.scan(bad)


# -- symmetry and state -----------------------------------------------------------------------

_WORDS = (
    "the minister said talks would resume next week after officials in the capital agreed to a new "
    "plan for grain exports while farmers protested rising fuel prices and the central bank kept rates"
).split()


def _random_text(rng: random.Random, n_sentences: int) -> str:
    return " ".join(
        " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 20))).capitalize() + "." for _ in range(n_sentences)
    )


@given(st.integers(0, 10_000), st.booleans())
@settings(max_examples=25, deadline=None)
def test_score_is_symmetric(seed, related):
    rng = random.Random(seed)
    a = _random_text(rng, rng.randint(1, 12))
    if related:  # a partial copy with some words swapped
        b = " ".join(w if rng.random() < 0.8 else rng.choice(_WORDS) for w in a.split())
    else:
        b = _random_text(rng, rng.randint(1, 12))
    ab, ba = spindetect.score(a, b), spindetect.score(b, a)
    assert ab.label == ba.label
    assert ab.probability == pytest.approx(ba.probability, rel=1e-9, abs=1e-12)
    mirror = {"a": "b", "b": "a", None: None}
    assert ba.spun_side == mirror[ab.spun_side]
    if a != b:  # two identical texts have no source side to mirror (seed=1067 draws no swap)
        assert ba.source_side == mirror[ab.source_side]


def test_long_unrelated_texts_score_the_same_both_ways(seeds):
    # two ~2,000-word texts on different subjects (the seeds against shuffled filler)
    rng = random.Random(3)
    a = (seeds["004"] + "\n") * 2
    b = _random_text(rng, 150)
    assert spindetect.score(a, b).label == spindetect.score(b, a).label


def test_scanner_keeps_phrases_when_its_memory_is_emptied_mid_text(seeds):
    expected = [(p.span, p.suggestion) for p in spindetect.Scanner().scan(seeds["000"]).phrases]
    assert expected
    scanner = spindetect.Scanner(window_cache_size=5)
    for _ in range(2):  # the second pass runs with a memory emptied many times
        assert [(p.span, p.suggestion) for p in scanner.scan(seeds["000"]).phrases] == expected


# -- English prose with tables ---------------------------------------------------------------

WIRE_TABLE = """WASHINGTON, March 3 - The Agricultural Stabilization and Conservation Service (ASCS) has
established these unit values for commodities offered from Commodity Credit Corporation (CCC)
inventory in exchange for PIK certificates, in dlrs per bushel:
                       Int'l    Gulf    Kansas City  Chicago
  Wheat  HRW           3.24     3.19    2.98         ---
         SRW           3.01     2.96    ---          2.87
  Corn   No. 2 yellow  2.11     2.08    1.93         1.97
  Sorghum              1.97 cwt 3.52    3.34         ---
  Lbbk   Amrlo   Dllas Okc Wchta Tpka Salina Pndlt Prtld
  Mnnpls   Dlth   Gfls Bsmrk Mtch Mxn Sfls Pueblo Yuma Blthe
  Oats                 1.45     1.40    ---          1.38
 Reuter
"""


def test_english_prose_with_tables_is_scanned_and_the_tables_skipped():
    report = spindetect.scan(WIRE_TABLE)
    assert report.label == "clean"
    rows = [WIRE_TABLE[a:b].split()[0] for a, b in report.skipped]
    assert rows == ["Int'l", "Wheat", "SRW", "Corn", "Sorghum", "Lbbk", "Mnnpls", "Oats"]
    assert not any(a < p.span[1] and p.span[0] < b for p in report.phrases for a, b in report.skipped)
    assert "skipped 8 table or data lines" in str(report)
    assert report.document.text == WIRE_TABLE


def test_decoded_text_pickles_with_its_attributes():
    import pickle

    text = decode_bytes(b"caf\xe9 au lait")
    again = pickle.loads(pickle.dumps(text))
    assert again == text and again.encoding == "cp1252" and again.replaced == 0


# -- scikit-learn parts, detector options, lexicon files ---------------------------------------


def test_classifier_refuses_nan_inf_wrong_width_and_no_rows():
    import numpy as np

    from spindetect.estimators import SpinClassifier

    X = np.random.default_rng(0).random((8, 4))
    y = np.array(["spun", "copy"] * 4)
    clf = SpinClassifier().fit(X, y)
    with pytest.raises(ValueError, match="NaN"):
        clf.predict(np.full_like(X, np.nan))
    with pytest.raises(ValueError, match="3 features, but this SpinClassifier was fitted with 4"):
        clf.predict(X[:, :3])
    with pytest.raises(ValueError, match="0 sample"):
        clf.predict(np.zeros((0, 4)))
    with pytest.raises(ValueError, match="infinity"):
        SpinClassifier().fit(np.full_like(X, np.inf), y)


def test_detector_options_and_documents_are_checked_by_name():
    with pytest.raises(TypeError, match="spun_threshold must be a number"):
        spindetect.Detector(spun_threshold="0.5")
    with pytest.raises(TypeError, match="doc_a must be a Document"):
        spindetect.Detector().score_documents("a text", "another")


def test_a_lexicon_file_cut_short_is_refused():
    lex = spindetect.Lexicon(name="t")
    lex.add("profound learning", "deep learning", weight=0.9, requires=["neural network"])
    lex.add("counterfeit consciousness", "artificial intelligence", weight=0.95)
    text = lex.dumps()
    assert len(spindetect.Lexicon.loads(text)) == 2
    for cut in (text[:-3], text[: text.rindex("\n", 0, -1) + 1]):
        with pytest.raises(ValueError, match="cut short"):
            spindetect.Lexicon.loads(cut)
    # a hand-written file without the entries line loads as before
    hand = "\n".join(line for line in text.splitlines() if not line.startswith("# entries"))
    assert len(spindetect.Lexicon.loads(hand)) == 2


def test_data_file_errors_are_one_family_that_old_except_clauses_still_catch(tmp_path):
    from spindetect.resources.data import DataFileError, DataFormatError, MissingDataError
    from spindetect.resources.models import load_model
    from spindetect.resources.wordnet import WordNetDataError
    from spindetect.resources.wordnet_graph import WordNetGraphError
    from spindetect.screening.storage import IndexFormatError

    bad = tmp_path / "model.json"
    bad.write_text('{"format": "pickle"}')
    with pytest.raises(DataFormatError) as err:
        load_model(bad)
    assert isinstance(err.value, ValueError)  # what it raised before
    with pytest.raises(MissingDataError) as missing:
        load_model(tmp_path / "absent.json")
    assert isinstance(missing.value, RuntimeError)
    with pytest.raises(DataFormatError):
        spindetect.Lexicon.loads("not a lexicon\n")
    for family in (WordNetDataError, WordNetGraphError, IndexFormatError):
        assert issubclass(family, DataFileError)
    assert issubclass(WordNetDataError, LookupError) and issubclass(IndexFormatError, ValueError)


def test_a_data_blob_in_clean_prose_is_skipped_not_called_spun(seeds):
    import base64

    blob = base64.b64encode(random.Random(5).randbytes(150_000)).decode()
    text = seeds["002"] + "\n" + blob + "\n" + seeds["002"]
    report = spindetect.scan(text)
    plain = spindetect.scan(seeds["002"] + "\n" + seeds["002"])
    assert report.label == plain.label == "clean"
    assert report.probability == pytest.approx(plain.probability, abs=1e-6)
    assert any(text[a:b] == blob for a, b in report.skipped)


def test_a_data_run_inside_a_prose_line_is_skipped(seeds):
    import base64

    paragraphs = [p for p in seeds["004"].split("\n\n") if len(p.split()) > 40]
    text = paragraphs[0] + " " + paragraphs[1]
    cut = text.find(". ", len(text) // 2) + 2
    blob = base64.b64encode(random.Random(0).randbytes(600)).decode()
    with_blob = text[:cut] + " " + blob + " " + text[cut:]
    report = spindetect.scan(with_blob)
    assert [with_blob[a:b] for a, b in report.skipped] == [blob]
    assert report.words == spindetect.scan(text).words


def test_learn_lexicon_and_lexicon_names_are_checked():
    pairs = [("The firm said so today.", "The agency stated so today.")]
    for bad in ({"name": "a\nb"}, {"min_count": 0}, {"min_count": True}, {"min_oddness": float("nan")}):
        with pytest.raises(ValueError):
            spindetect.learn_lexicon(pairs, **bad)
    with pytest.raises(TypeError, match="name must be a str"):
        spindetect.learn_lexicon(pairs, name=5)
    with pytest.raises(ValueError, match="one line"):
        spindetect.Lexicon(name="two\nlines")


def test_small_api_gaps(tmp_path):
    import subprocess
    import sys

    import numpy as np

    from spindetect.estimators import PairFeatures

    pairs = np.array([["The firm said so today.", "The agency stated so today."]], dtype=object)
    assert PairFeatures().fit_transform(pairs).shape[0] == 1  # df[["a", "b"]].values
    index = spindetect.SourceIndex()
    index.add("x", GOOD)
    with pytest.raises(ValueError, match="min_similarity"):
        index.find(GOOD, min_similarity=float("nan"))
    done = subprocess.run([sys.executable, "-m", "spindetect", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("spindetect ")


def test_an_encoded_surrogate_keeps_a_file_utf8_and_is_counted(caplog):
    # CESU-8/WTF-8 bytes of a lone surrogate in an otherwise ASCII file: not
    # Windows-1252 mojibake with no warning, but UTF-8 with 3 bytes replaced
    data = "Officials said the talks failed \ud83d here.".encode("utf-8", "surrogatepass")
    with caplog.at_level("WARNING", logger="spindetect"):
        text = decode_bytes(data, name="wtf8.txt")
    assert text.encoding == "utf-8" and text.replaced == 3
    # Python's UTF-8 decoder replaces each byte of a surrogate sequence
    assert text == "Officials said the talks failed \ufffd\ufffd\ufffd here."
    assert "wtf8.txt" in caplog.text and "3 bytes" in caplog.text


def test_the_windows_1252_fallback_is_said(caplog):
    # mostly ASCII with bytes that are no UTF-8: read as Windows-1252, and said
    with caplog.at_level("WARNING", logger="spindetect"):
        text = decode_bytes(b"The report was reviewed.\xff\xfe\x80 More text here.", name="legacy.txt")
    assert text.encoding == "cp1252"
    assert "legacy.txt" in caplog.text and "Windows-1252" in caplog.text


@pytest.mark.parametrize("bad", [None, 3, b"path"])
def test_loaders_name_a_path_that_is_not_a_path(bad):
    for load in (spindetect.Lexicon.load, spindetect.SourceIndex.load):
        with pytest.raises(TypeError, match="path must be a str"):
            load(bad)
    with pytest.raises(ValueError, match="empty"):
        spindetect.Lexicon.load("")
