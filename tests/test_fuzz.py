"""Fuzzing every public entry point with the kinds of bad input users send.

Hypothesis draws from input classes (empty, bytes, None, numbers, HTML,
non-English, binary-looking text, repetition, invisible characters,
look-alike letters, broken encodings, lone surrogates, very long words) and
mixes them with prose. Every call must answer with a valid result or a
``TypeError``/``ValueError`` whose message names the problem; never another
exception, never a hang. Sizes are kept small so the module runs in about a
minute; the examples that once failed are pinned in the other test modules.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spindetect
from spindetect.cli import main as cli_main

PROSE = (
    "The Biden administration and NATO told Russia on Wednesday there will be no concessions. "
    "Officials said the talks in Geneva had failed, and the minister promised a new plan for grain exports."
)

#: Examples per property: enough to meet every input class several times
#: while the module stays well under a minute on a 2-core machine.
EXAMPLES = 200

_FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

_pieces = st.sampled_from(
    [
        "",
        " ",
        "\n\n",
        PROSE,
        "<html><body><p>" + PROSE + "</p><script>var x = '<!--';</script></body></html>",
        "<!-- unclosed comment " * 50,
        "&#" + "9" * 60 + ";",
        "&amp;&lt;&NotAnEntity;&#x110000;",
        "Die Regierung hat am Mittwoch mitgeteilt, dass es keine Zugeständnisse geben wird.",
        "美国和北约周三告诉俄罗斯，不会做出让步。",
        "Правительство сообщило, что переговоры провалились.",
        "pr\u043efound le\u0430rning",
        "pro\u200bfound\u00ad learn\u2060ing",
        "\ufb01ndings \ufb02ag \ufb03cient",
        "\x00\x01\x02\x1b[31m",
        "\ufffd\ufffd Moscow\u00e2\u20ac\u2122s",
        "\ud800 lone surrogate",
        "1234 5678 -- 3.14",
        "x" * 5000,
        "The minister said the agreement would hold. " * 200,
        "{energy|vitality|get up and go} decline | slide | fall",
        "\u202eevil\u202c \u2066isolate\u2069",
    ]
)

texts = st.one_of(
    st.lists(_pieces, min_size=1, max_size=4).map(" ".join),
    st.text(max_size=300),
    st.lists(st.one_of(_pieces, st.text(max_size=40)), min_size=1, max_size=5).map("".join),
)
not_text = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.binary(max_size=50), st.lists(st.text()))


def _answers_or_refuses(call, *args):
    try:
        return call(*args)
    except (TypeError, ValueError) as exc:
        assert str(exc).strip(), f"{type(exc).__name__} with an empty message"
        return None


@given(texts, texts)
@_FUZZ
def test_score_fuzz(a, b):
    report = _answers_or_refuses(spindetect.score, a, b)
    if report is not None:
        assert report.label in spindetect.LABELS
        assert 0.0 <= report.probability <= 1.0 and not math.isnan(report.probability)
        assert (report.spun_side is None) == (report.label != "spun")
        json.dumps(report.to_dict())
        str(report)
        for s in report.swaps:
            assert 0.0 <= s.oddness <= 1.0


@given(st.one_of(texts, not_text), st.one_of(texts, not_text))
@_FUZZ
def test_score_fuzz_types(a, b):
    _answers_or_refuses(spindetect.score, a, b)


@given(st.one_of(texts, not_text))
@_FUZZ
def test_scan_fuzz(text):
    report = _answers_or_refuses(spindetect.scan, text)
    if report is not None:
        assert report.label in ("spun", "clean")
        assert 0.0 <= report.probability <= 1.0
        json.dumps(report.to_dict())
        str(report)
        for p in report.phrases:
            a, b = p.span
            assert text[a:b] == p.text


@given(st.lists(st.tuples(st.text(min_size=1, max_size=20), st.one_of(texts, not_text)), max_size=4), texts)
@_FUZZ
def test_index_fuzz(docs, query):
    index = spindetect.SourceIndex()
    for doc_id, text in docs:
        _answers_or_refuses(index.add, doc_id, text)
    matches = _answers_or_refuses(index.find, query, 3)
    if matches is not None:
        assert all(0.0 <= m.similarity <= 1.0 for m in matches)


@given(
    st.lists(st.tuples(st.text(max_size=12), st.one_of(texts, not_text)), min_size=1, max_size=3),
    st.lists(st.tuples(st.text(max_size=12), st.one_of(texts, not_text)), max_size=3),
)
@_FUZZ
def test_screen_and_scan_collection_never_stop_on_a_bad_document(suspects, sources):
    # a bad document becomes an error row; the run itself never raises
    rows = spindetect.screen(suspects, sources or None)
    assert all(r.label in (*spindetect.LABELS, "error", "no-match") for r in rows)
    scanned = spindetect.scan_collection(suspects)
    assert len(scanned) == len(suspects)
    assert all(r.label in ("spun", "clean", "error") for r in scanned)


@given(st.binary(max_size=400) | texts.map(lambda t: t.encode("utf-8", "surrogatepass")))
@settings(max_examples=EXAMPLES // 2, deadline=None)
def test_cli_fuzz(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "in.txt"
    path.write_bytes(data)
    good = folder / "good.txt"
    good.write_text(PROSE, encoding="utf-8")
    for argv in (["scan", str(path)], ["score", str(path), str(good)], ["scan", str(path), "--json"]):
        try:
            code = cli_main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code
        assert code in (0, 1, 2), argv


@pytest.mark.parametrize(
    "bad", [b"", b"  \n\t ", b"\x00" * 10, bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64]
)
def test_cli_bad_files_exit_1_with_one_line(tmp_path, capsys, bad):
    path = tmp_path / "bad.txt"
    path.write_bytes(bad)
    assert cli_main(["scan", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) >= 1 and err[-1].startswith("spindetect: error:")
