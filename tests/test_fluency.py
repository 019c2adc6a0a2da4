"""Swap fluency, corrections and the language-model judge stage of `score` (issue 13/14)."""

from __future__ import annotations

import pytest

import spindetect
from spindetect.resources.language_model import available_judge
from spindetect.resources.ngrams import available_ngrams
from spindetect.scoring.fluency import edit_kind, is_broken_term
from spindetect.scoring.judging import (
    JUDGE_FEATURE_NAMES,
    JUDGE_MAX_REWORDINGS,
    JUDGE_UNCERTAIN_BAND,
    judge_feature_values,
    needs_judge,
)
from spindetect.scoring.verdict import fast_p_spun

needs_ngrams = pytest.mark.skipif(available_ngrams() is None, reason="pocketsphinx's trigram model is not installed")
with_judge = pytest.mark.skipif(available_judge() is None, reason="the SmolLM2 judge is not installed")

SOURCE = (
    "The city council voted on Tuesday to extend the late-night bus service for another year. "
    "A final review is planned for next spring."
)


@pytest.mark.parametrize(
    ("original", "replacement", "kwargs", "kind"),
    [
        ("Tuesday", "Monday", {}, "date"),
        ("SCO Linux", "SCOLinux", {}, "spacing"),
        ("data base", "database", {}, "spacing"),
        ("e-mail", "email", {}, "spacing"),
        ("1.2", "1.4", {}, "number"),
        ("per cent", "%", {}, "number"),
        ("in the past", "last", {"right": "year"}, "date"),
        ("next week", "later this month", {}, "date"),
        ("summarise", "summarize", {}, "spelling"),
        ("centre", "center", {}, "spelling"),
        ("Scottish Parliament", "Scotttish Parliment", {}, "typo"),
        ("their", "thier", {}, "typo"),
        ("Mr", "Mr.", {}, "punctuation"),
        ("Smith", "Jones", {"capitalised": True}, "name"),
        ("programme", "program", {}, "spelling"),
        ("keen", "ken", {}, "typo"),  # one letter: a keyboard slip, even when it makes a real word
        ("tournaents", "tournaments", {}, "typo"),
        ("U.N.", "United Nations", {}, "abbreviation"),
        ("the Federal Bureau of Investigation", "FBI", {}, "abbreviation"),
        ("Davis", "the governor", {"described": True}, "reference"),
        # two letters apart, both real words: a spinner's morphological swap (devtools/edit_kinds.py)
        ("service", "serve", {}, None),
        ("solving", "resolving", {}, None),
        ("UN", "United States", {}, None),  # initials that do not match
        # rewordings, spun or not, are no corrections
        ("next", "subsequent", {"right": "spring"}, None),
        ("final review", "last evaluate", {}, None),
        ("deep", "profound", {}, None),
        ("large", "big", {}, None),
        ("New", "Virgin", {"capitalised": True, "related": True}, None),
    ],
)
def test_corrections_are_told_from_rewordings(original, replacement, kwargs, kind):
    assert edit_kind(original, replacement, **kwargs) == kind


@needs_ngrams
def test_broken_terms_need_an_established_term_replaced_word_by_word():
    assert is_broken_term("pattern recognition", "example acknowledgment")
    assert is_broken_term("raw data", "crude information")
    assert not is_broken_term("raw data", "raw information")  # one word kept: not word by word
    assert not is_broken_term("pattern recognition", "pattern matching")
    assert not is_broken_term("the data", "crude information")  # "the data" is no term


@needs_ngrams
def test_a_date_edit_is_a_correction_and_the_copy_is_not_spun():
    updated = SOURCE.replace("Tuesday", "Monday").replace("another year", "one more year")
    report = spindetect.Detector(judge=False).score(SOURCE, updated)
    assert report.label != "spun"
    content = [s for s in report.swaps if s.content]
    assert content and all(s.edit == "date" and s.oddness == 0.0 for s in content)


@needs_ngrams
def test_spinner_swaps_lose_fluency_and_fluent_ones_do_not():
    spun = SOURCE.replace("final review", "last evaluate").replace("planned for next", "deliberate for subsequent")
    report = spindetect.Detector(judge=False).score(SOURCE, spun)
    by_original = {s.original.lower(): s for s in report.swaps if s.content}
    worst = max(s.fluency for s in by_original.values())
    assert worst >= 4.0, {k: s.fluency for k, s in by_original.items()}
    fluent = SOURCE.replace("planned", "scheduled")
    (swap,) = [s for s in spindetect.Detector(judge=False).score(SOURCE, fluent).swaps if s.content]
    assert swap.fluency < worst


def test_without_the_judge_no_swap_is_judged_and_the_signature_says_so():
    report = spindetect.Detector(judge=False).score(SOURCE, SOURCE.replace("final review", "last evaluate"))
    assert all(s.judged is None for s in report.swaps)
    assert report.signature["judge"] == "none"


def test_the_environment_switch_turns_the_judge_off(monkeypatch):
    monkeypatch.setenv("SPINDETECT_JUDGE", "0")
    assert spindetect.Detector().judge() is None
    monkeypatch.setenv("SPINDETECT_JUDGE", "1")
    assert spindetect.Detector(judge=False).judge() is None


def test_judge_option_is_checked():
    with pytest.raises(TypeError, match="judge"):
        spindetect.DetectorConfig(judge="yes")


@pytest.mark.judge
@with_judge
def test_the_judge_sees_a_light_spin_and_names_itself():
    spun = SOURCE.replace("final review", "last evaluate")
    report = spindetect.Detector(judge=True).score(SOURCE, spun)
    (swap,) = [s for s in report.swaps if s.content]
    assert swap.judged is not None and swap.judged > 0.0
    assert report.signature["judge"].startswith("numpy/") or report.signature["judge"].startswith("llama")
    assert {"fast_logit", "judged_max", "judged_mean"} <= set(report.features)
    # a fluent editor's change costs its sentence much less
    fluent = spindetect.Detector(judge=True).score(SOURCE, SOURCE.replace("planned", "scheduled"))
    (edit,) = [s for s in fluent.swaps if s.content]
    assert edit.judged is not None and edit.judged < swap.judged


@pytest.mark.judge
@with_judge
def test_heavily_reworded_pairs_stay_on_the_fast_path_when_it_is_sure(seeds):
    report = spindetect.Detector(judge=True).score(seeds["000"], seeds["002"])
    p_fast = fast_p_spun(spindetect.Detector(judge=False).features(seeds["000"], seeds["002"]))
    lo, hi = JUDGE_UNCERTAIN_BAND
    judged = [s for s in report.swaps if s.judged is not None]
    if lo <= p_fast < hi:
        assert report.signature["judge"] != "none"
        assert 1 <= len(judged) <= JUDGE_MAX_REWORDINGS
    else:
        assert report.signature["judge"] == "none"
        assert not judged


class _Swap:
    """The two fields needs_judge reads."""

    def __init__(self, content: bool = True, edit: str | None = None) -> None:
        self.content, self.edit = content, edit


def test_which_pairs_the_judge_sees():
    lo, hi = JUDGE_UNCERTAIN_BAND
    few = [_Swap() for _ in range(3)] + [_Swap(edit="date"), _Swap(content=False)]
    many = [_Swap() for _ in range(JUDGE_MAX_REWORDINGS + 1)]
    assert needs_judge(few) and needs_judge(few, p_fast=0.999)
    assert not needs_judge([_Swap(edit="number"), _Swap(content=False)])  # corrections only
    assert not needs_judge(many)  # no fast P(spun): over budget
    assert needs_judge(many, p_fast=(lo + hi) / 2)
    assert not needs_judge(many, p_fast=hi) and not needs_judge(many, p_fast=lo / 2)


def test_judge_feature_values():
    f = judge_feature_values(0.5, [4.0, -1.0, 10.0, 0.0])
    assert set(f) == set(JUDGE_FEATURE_NAMES)
    assert f["fast_logit"] == pytest.approx(0.0, abs=1e-9)
    assert f["judged_max"] == pytest.approx(10.0)
    assert f["judged_mean"] == pytest.approx(13.0 / 4)
    assert f["judged_median"] == pytest.approx(2.0)
    assert f["judged_fluent_share"] == pytest.approx(0.5)  # -1.0 and 0.0 read at least as well
    assert judge_feature_values(1.0, [3.0])["fast_logit"] == pytest.approx(12.0)  # clipped
    empty = judge_feature_values(0.2, [])
    assert empty["judged_max"] == 0.0 and empty["judged_fluent_share"] == 0.0


NEWS = "The talks were held on Tuesday in {place}, and {agency} reported that the delegates agreed on a new budget."


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [("place", "Geneva", "Paris"), ("place", "Geneva", "Vienna"), ("agency", "Reuters", "Bloomberg")],
)
def test_one_whole_name_for_another_is_a_fact_changed_not_spinning(field, old, new):
    # a one-word name with no capitalised neighbour, replaced by another
    # unrelated name: a corrected or updated fact (trial finding: spun 0.98)
    values = {"place": "Geneva", "agency": "Reuters"}
    a = NEWS.format(**values)
    b = NEWS.format(**{**values, field: new})
    report = spindetect.Detector(judge=False).score(a, b)
    assert report.label != "spun", report
    assert [s.edit for s in report.swaps if s.content] == ["name"]


PERSON = "{name} told reporters on Monday that the delegates had agreed on a new budget for the region."


@pytest.mark.parametrize(
    ("sentence", "old", "new"),
    [
        (PERSON, "John Smith", "Mary Jones"),  # a whole two-word name for another (trial finding: spun)
        ("Yesterday " + PERSON[0].lower() + PERSON[1:], "John Smith", "Anna Kowalski"),  # after a sentence opener
        (PERSON, "Angela Merkel", "Olaf Scholz"),
        ("In {name} the talks went on for a second week, officials said.", "Geneva", "Vienna"),  # opener "In"
    ],
)
def test_a_whole_name_for_another_after_any_opener_is_a_fact_changed(sentence, old, new):
    a, b = sentence.format(name=old), sentence.format(name=new)
    report = spindetect.Detector(judge=False).score(a, b)
    assert report.label != "spun", report
    assert [s.edit for s in report.swaps if s.content] == ["name"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("New York", "Virgin York"),
        ("Emergency Department", "Danger Diversify"),  # common words, capitalised: no name
        ("Supreme Court", "Ultimate Tribunal"),  # each word for its synonym
    ],
)
def test_a_name_broken_word_by_word_is_still_spinning(old, new):
    a = f"Patients waited for hours at the {old} on Monday, staff at the hospital said."
    report = spindetect.Detector(judge=False).score(a, a.replace(old, new))
    assert report.label == "spun" and all(s.edit is None for s in report.swaps if s.content)


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        # a reference resolved or made again: words that only refer, for what they refer to (ETPC kinds)
        (
            "He said the company would cut 200 jobs next year.",
            "Mr. Weill said the company would cut 200 jobs next year.",
            "reference",
        ),
        (
            "It will ship in May, the firm said on Tuesday.",
            "The Z200 will ship in May, the firm said on Tuesday.",
            "reference",
        ),
        (
            "Analysts said its shares fell sharply in early trade.",
            "Analysts said the operating system maker's shares fell sharply in early trade.",
            "reference",
        ),
        # a name or number brought in where the original had none, or dropped
        (
            "Police said her husband had called them at midnight.",
            "Police said Michael Schiavo had called them at midnight.",
            "detail",
        ),
        (
            "The army flew in a transport plane with supplies.",
            "The army flew in a C-17 transporter with supplies.",
            "detail",
        ),
        (
            "Officials said Michael Schiavo had called them at midnight.",
            "Officials said her husband had called them at midnight.",
            "detail",
        ),
        # a name for a description of its bearer, or back (ETPC: "Davis" -> "the governor")
        (
            "Officials said Davis called the proposed settlement too expensive.",
            "Officials said the governor called the proposed settlement too expensive.",
            "reference",
        ),
        (
            "Reporters said Islamic Jihad disowned the bombing on Sunday.",
            "Reporters said the group disowned the bombing on Sunday.",
            "reference",
        ),
        # an initialism for its name
        (
            "The U.N. office reported that cases of diarrhea have tripled.",
            "The United Nations office reported that cases of diarrhea have tripled.",
            "abbreviation",
        ),
    ],
)
def test_a_reference_or_detail_changed_is_an_edit_not_spinning(a, b, kind):
    report = spindetect.Detector(judge=False).score(a, b)
    assert [s.edit for s in report.swaps if s.content] == [kind]
    assert report.label != "spun", report


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a spinner's swaps: thesaurus entries, capitals kept where the original had them
        (
            "Using deep learning, the team found new drugs.",
            "Victimisation profound learning, the team found new drugs.",
        ),
        ("The World Bank cut its forecast for the region.", "The Global Bank cut its forecast for the region."),
        ("They considered the plan for a week.", "They thought about the plan for a week."),
        (
            "We apply pattern recognition to raw data from the sensors.",
            "We apply example acknowledgment to crude information from the sensors.",
        ),
        # spinner swaps the correction rules once excused (python -m devtools.edit_kinds)
        ("The firm will service the old machines.", "The firm will serve the old machines."),  # not a typo
        ("He met voters across Wales last week.", "He met voters across Pimples last week."),  # not a name
        ("The Faroe Islands voted on the plan.", "The Faroe Reefs voted on the plan."),
    ],
)
def test_spinner_swaps_are_neither_references_nor_details(a, b):
    report = spindetect.Detector(judge=False).score(a, b)
    assert [s for s in report.swaps if s.content] and all(s.edit is None for s in report.swaps if s.content)


@pytest.mark.judge
@pytest.mark.parametrize(
    ("a", "b", "spun"),
    [
        ("He said yes.", "He stated yes.", False),  # one fluent synonym: an editor's choice as often as a spinner's
        (
            "The minister said on Tuesday that the talks had failed.",
            "The minister stated on Tuesday that the talks had failed.",
            False,
        ),
        (
            "We apply pattern recognition to raw data from the sensors.",
            "We apply example acknowledgment to raw data from the sensors.",
            True,
        ),  # a broken term
    ],
)
def test_one_fluent_synonym_is_no_evidence_but_one_broken_term_is(a, b, spun):
    report = spindetect.Detector(judge=True).score(a, b)
    assert (report.label == "spun") is spun, report


@pytest.mark.judge
@pytest.mark.parametrize("layout", ["both in capitals", "spun copy in capitals", "source in capitals"])
def test_the_judge_reads_text_in_capitals_as_text(layout):
    """The language model read "WALL STREET" -> "PARTITION ROAD" as 3.5 nats
    (24.5 in lower case), so the one-rewording rule called a light spin in
    capitals a paraphrase, and case alone would be a drop between sides."""
    source = (
        "The company reported strong quarterly earnings and its shares rose sharply on Wall Street after the "
        "announcement. Analysts had expected weaker results because of rising costs."
    )
    spun = source.replace("Wall Street", "Partition Road")
    a, b = {
        "both in capitals": (source.upper(), spun.upper()),
        "spun copy in capitals": (source, spun.upper()),
        "source in capitals": (source.upper(), spun),
    }[layout]
    report = spindetect.Detector(judge=True).score(a, b)
    assert report.label == "spun" and report.spun_side == "b", report
    (swap,) = [s for s in report.swaps if s.content]
    assert swap.judged is not None and swap.judged > 10.0
    copy = spindetect.Detector(judge=True).score(source, source.upper())
    assert copy.label == "copy", copy
