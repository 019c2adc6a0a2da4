"""scan with phrases weighed in their sentence: lexicon hits confirmed in
context (trigram model on the fast path, the language-model judge when it
runs), short quotations listed apart, line-end hyphenation joined.

Tests marked ``judge`` run the judge and skip, with the install command,
when it is not installed; the others switch it off (``SPINDETECT_JUDGE=0``).
"""

from __future__ import annotations

import pytest

import spindetect
from spindetect import Scanner
from spindetect.resources.language_model import INSTALL_MODEL, JUDGE_ENV, available_judge, judge_enabled
from spindetect.resources.ngrams import available_ngrams
from spindetect.scanning.context import JudgeRun, context_judges

LITERAL = (
    "Neighbours said the trouble began at a toddler's 3rd birthday party in a back garden on Saturday "
    "afternoon. A short blast from a faulty gas canister startled the guests, and one child's hand was burned."
)
SPUN = "Recent advances in profound learning and counterfeit consciousness are reviewed."
QUOTING = (
    "Sleuths have catalogued tortured phrases, such as 'counterfeit consciousness' instead of "
    "'artificial intelligence' and 'bosom peril' instead of 'breast cancer'."
)
HYPHENATED = "The pro-\nposed counter-\nfeit consciousness model is prepared on huge in-\nformation from 40 hubs."

needs_ngrams = pytest.mark.skipif(available_ngrams() is None, reason="pip install pocketsphinx==5.1.1")


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setenv(JUDGE_ENV, "0")


@pytest.fixture
def judge(monkeypatch):
    monkeypatch.delenv(JUDGE_ENV, raising=False)
    if available_judge() is None:
        pytest.skip(f"the language-model judge is not installed: {INSTALL_MODEL}")


def test_the_environment_switches_the_judge_off(monkeypatch):
    for off in ("0", "false", "No", "off"):
        monkeypatch.setenv(JUDGE_ENV, off)
        assert not judge_enabled() and context_judges()[0] is None
    monkeypatch.setenv(JUDGE_ENV, "1")
    assert judge_enabled()


def test_a_judge_run_spends_its_budget():
    run = JudgeRun(object(), budget=2)
    assert run.take() is not None and run.take() is not None and run.take() is None
    assert JudgeRun(None).take() is None and JudgeRun(None).signature is None


@needs_ngrams
def test_literal_uses_of_lexicon_phrases_are_not_flagged_fast(fast):
    report = spindetect.scan(LITERAL)
    assert not {p.text for p in report.phrases} & {"3rd birthday party", "short blast"}
    assert report.signature.judge.startswith("pocketsphinx")


@needs_ngrams
def test_spun_lexicon_phrases_stand_in_context_fast(fast):
    report = spindetect.scan(SPUN)
    assert [p.text for p in report.phrases] == ["profound learning", "counterfeit consciousness"]
    lexicon = [p for p in report.phrases if p.kind == "lexicon"]
    assert lexicon and all("trigram model" in p.evidence[-1] for p in lexicon)


def test_quoted_phrases_are_listed_not_counted(fast):
    report = spindetect.scan(QUOTING)
    assert not report.phrases and report.features["lexicon_density"] == 0.0
    assert {p.text for p in report.quoted} == {"counterfeit consciousness", "bosom peril"}
    assert [q["text"] for q in report.to_dict()["quoted"]] == ["counterfeit consciousness", "bosom peril"]
    assert "quoted, not counted" in str(report)


def test_line_end_hyphenation_is_read_joined_and_spans_point_into_the_text(fast):
    report = spindetect.scan(HYPHENATED)
    texts = {p.text: p for p in report.phrases}
    assert "counter-\nfeit consciousness" in texts and "huge in-\nformation" in texts
    for p in report.phrases:
        assert HYPHENATED[p.span[0] : p.span[1]] == p.text
    assert report.document.text == HYPHENATED
    assert report.document.surface(0, 2) == "The pro-\nposed"


def test_tokens_outside_line_end_hyphens_are_unchanged(fast):
    from spindetect.text import prepare

    text = "A well-known method,\nwell-\nknown too. It works."
    doc, read = Scanner().find_phrases(text)[0], prepare(text)
    assert doc.forms[:4] == read.forms[:4] and doc.starts[:4] == read.starts[:4]
    k = doc.forms.index("well", 2)  # the compound keeps its hyphen, only the line break goes
    assert doc.surface(k, len(doc)) == "well-\nknown too. It works."


@pytest.mark.judge
def test_the_judge_confirms_and_ranks(judge):
    report = Scanner().scan(SPUN)
    assert [p.text for p in report.phrases] == ["profound learning", "counterfeit consciousness"]
    assert report.signature.judge.startswith("numpy/")
    lexicon = [p for p in report.phrases if p.kind == "lexicon"]
    assert lexicon and all("language model" in p.evidence[-1] for p in lexicon)


@pytest.mark.judge
def test_the_judge_keeps_literal_uses_unflagged(judge):
    report = Scanner().scan(LITERAL)
    assert not {p.text for p in report.phrases} & {"3rd birthday party", "short blast"}


@pytest.mark.judge
def test_the_judge_reports_a_near_miss_it_finds_far_less_likely(judge):
    # (in a sentence alone, its twelve words are too few to tell how
    # "help" fits: the window model then gives 0.48, not a near miss)
    text = (
        "In this paper we propose a deep neural network for assessing the signal to noise ratio in wireless sensor "
        "networks. The proposed model is trained on data gathered from 40 nodes, and its efficiency is contrasted "
        "with random forest and help vector machine classifiers."
    )
    report = Scanner().scan(text)
    near = [p for p in report.phrases if p.text == "help vector"]
    assert near and near[0].suggestion == "support vector"
    assert near[0].weight < Scanner().config.min_pattern_weight
    assert "language model" in near[0].evidence[-1]


def test_without_the_judge_near_misses_are_not_reported(fast):
    text = "Its efficiency is contrasted with random forest and help vector machine classifiers."
    assert all(
        p.weight >= Scanner().config.min_pattern_weight for p in Scanner().scan(text).phrases if p.kind == "pattern"
    )


@pytest.mark.parametrize(
    ("value", "on"), [("0", False), ("off", False), ("No", False), ("1", True), ("", True), ("on", True)]
)
def test_the_judge_switch_reads_the_usual_spellings(monkeypatch, value, on):
    monkeypatch.setenv(JUDGE_ENV, value)
    assert judge_enabled() is on


def test_an_unknown_judge_switch_value_keeps_it_on_and_says_so(monkeypatch, caplog):
    import logging

    monkeypatch.setenv(JUDGE_ENV, "garbage-value")
    with caplog.at_level(logging.WARNING, logger="spindetect"):
        assert judge_enabled()
    assert "not understood" in caplog.text
