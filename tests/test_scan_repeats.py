"""Short and repeated clean texts: a text repeated is no more evidence than the text once.

"The quick brown fox jumps over the lazy dog." pasted 7 or more times came
out spun with P(spun) 1.00: every "lazy dog" but the last was flagged. Two
causes, both fixed:

* a window's surroundings were "known" from 21 known words *counted by
  occurrence*; seven copies of the sentence gave each "lazy dog" 28 of them,
  the same four words (quick, brown, fox, jumps) seven times, a centroid as
  noisy as the one sentence's. The rule now counts different words
  (:data:`~spindetect.scanning.surroundings.MIN_CONTEXT_WORDS`), so
  repetition cannot make a window's context known;
* each copy's phrases counted again in the text's evidence, and the label
  threshold fell as the pasted text grew. A sentence that repeats an earlier
  one word for word is now read once (:mod:`spindetect.scanning.features`),
  and with the judge, repeats no longer spend the judge's calls per text
  that the first copy's phrases needed.

The clean texts below were written for this test (a pangram, short replies,
plain news, encyclopedia and science sentences and paragraphs, a list of
headlines); nothing was tuned on them. Scan labels about one clean text in
twenty spun by design (scanner.py), so one may fail: it is then listed in
:data:`KNOWN_FALSE_ALARMS` as a strict xfail, not removed.
"""

from __future__ import annotations

import pytest
from conftest import FEATURE_ATOL, FEATURE_RTOL, PROBABILITY_ATOL, seed

import spindetect
from spindetect.resources.language_model import INSTALL_MODEL, available_judge
from spindetect.scanning.features import evidence_words
from spindetect.scanning.surroundings import (
    MIN_CONTEXT_DIFFERENT,
    MIN_CONTEXT_WORDS,
    DocContext,
    repeated_sentence_tokens,
)
from spindetect.text import prepare

PANGRAM = "The quick brown fox jumps over the lazy dog."

#: (kind, text): clean texts that scan must not label spun, once or repeated.
CLEAN_TEXTS = [
    ("pangram", PANGRAM),
    ("reply", "He said yes."),
    ("reply", "Thank you very much for your help."),
    ("sentence", "The meeting has been moved to Thursday afternoon."),
    ("sentence", "She has lived in the same house for thirty years."),
    ("news", "The government said on Monday that it would raise the minimum wage next year."),
    ("news", "Police arrested two men after a car crashed into a shop in the town centre late on Friday night."),
    (
        "news",
        "The central bank left interest rates unchanged on Wednesday, saying inflation had eased but remained "
        "above its target. Most economists had expected the decision.",
    ),
    (
        "news",
        "Heavy rain caused flooding across the north of the country, closing roads and schools. Emergency "
        "services rescued dozens of people from their homes, and the weather service warned that more rain "
        "was expected over the weekend.",
    ),
    (
        "encyclopedia",
        "Paris is the capital and largest city of France. It is situated on the river Seine, in the north of "
        "the country.",
    ),
    (
        "encyclopedia",
        "The cell is the basic structural and functional unit of all known living organisms. Cells were "
        "discovered by Robert Hooke in 1665.",
    ),
    (
        "encyclopedia",
        "The Amazon River in South America is the largest river by discharge volume of water in the world. "
        "It flows through Brazil, Peru and Colombia before it reaches the Atlantic Ocean.",
    ),
    (
        "science",
        "We propose a new method for image classification based on deep neural networks. Experiments on "
        "standard benchmarks show that it improves accuracy while reducing training time.",
    ),
    (
        "science",
        "In this paper we study the stability of numerical solutions of partial differential equations. "
        "We prove that the scheme converges and give error bounds.",
    ),
    (
        "science",
        "Climate change is expected to increase the frequency of extreme weather events. We analyse fifty "
        "years of temperature records from weather stations across Europe and find a clear warming trend.",
    ),
    (
        "headlines",
        "Stocks fall as oil prices rise\nLocal team wins the championship\nNew bridge opens to traffic\n"
        "School budget approved by council\nStorm expected to hit the coast tonight",
    ),
]

#: CLEAN_TEXTS that scan labels spun today (kind, first words): strict xfails.
#: Both are labelled spun with no suspect phrase, from word choice alone
#: (a 24-word text with one word that has a much commoner synonym:
#: top_decile_synonym_gap 2.7), P(spun) 0.85 and 0.90 against 0.82.
KNOWN_FALSE_ALARMS = {
    ("news", "The central bank left interest"),
    ("science", "In this paper we study the sta"),
}


def _ids(case: tuple[str, str]) -> str:
    return f"{case[0]}:{case[1][:30]}"


def _clean_cases():
    for case in CLEAN_TEXTS:
        known = (case[0], case[1][:30]) in KNOWN_FALSE_ALARMS
        marks = [pytest.mark.xfail(strict=True, reason="a false alarm scan makes today")] if known else []
        yield pytest.param(case, marks=marks, id=_ids(case))


@pytest.fixture(scope="module")
def scanner():
    return spindetect.Scanner()


@pytest.mark.parametrize("case", list(_clean_cases()))
def test_clean_short_text_is_not_spun(scanner, case):
    report = scanner.scan(case[1])
    assert report.label == "clean", (report.probability, report.threshold, [p.text for p in report.phrases])


def _same_evidence(once, repeated) -> None:
    """``repeated`` (a scan of a text pasted several times) weighs what
    ``once`` (the text's scan) does: features, P(spun), threshold, label."""
    assert repeated.label == once.label
    assert repeated.threshold == once.threshold
    assert repeated.probability == pytest.approx(once.probability, abs=PROBABILITY_ATOL)
    for name, value in once.features.items():
        assert repeated.features[name] == pytest.approx(value, rel=FEATURE_RTOL, abs=FEATURE_ATOL), name


@pytest.mark.parametrize("copies", [2, 7, 12])
@pytest.mark.parametrize("case", CLEAN_TEXTS, ids=_ids)
def test_a_text_repeated_weighs_as_the_text_once(scanner, case, copies):
    once = scanner.scan(case[1])
    for sep in ("\n", "\n\n") if "\n" in case[1] else (" ", "\n"):
        _same_evidence(once, scanner.scan(sep.join([case[1]] * copies)))


def test_the_pangram_repeated_flags_nothing(scanner):
    for copies in (7, 10, 50):
        for sep in (" ", "\n"):
            report = scanner.scan(sep.join([PANGRAM] * copies))
            assert report.label == "clean"
            assert not report.phrases, [(p.text, p.span) for p in report.phrases]


def test_ten_thousand_repeats_read_as_one(scanner):
    once = scanner.scan(PANGRAM)
    many = scanner.scan(" ".join([PANGRAM] * 10_000))
    assert many.words == 10_000 * once.words
    _same_evidence(once, many)


def test_a_spun_text_repeated_stays_spun_with_the_same_phrases(scanner):
    text = "Recent advances in profound learning and counterfeit consciousness are reviewed."
    once = scanner.scan(text)
    assert once.label == "spun"
    many = scanner.scan("\n".join([text] * 7))
    _same_evidence(once, many)
    # every copy's phrases are still listed (the evidence counts them once)
    assert [p.text for p in many.phrases] == [p.text for p in once.phrases] * 7


def test_a_spun_article_repeated_keeps_its_first_copy_phrases(scanner):
    text = seed("000")
    once = scanner.scan(text)
    many = scanner.scan("\n".join([text] * 3))
    _same_evidence(once, many)
    first = [(p.text, p.span, p.kind) for p in many.phrases if p.span[1] <= len(text)]
    assert first == [(p.text, p.span, p.kind) for p in once.phrases]


@pytest.mark.judge
def test_with_the_judge_repeats_do_not_spend_the_first_copy_judge_calls(scanner):
    if available_judge() is None:
        pytest.skip(f"the language-model judge is not installed: {INSTALL_MODEL}")
    # the judge has a few calls per text (context.MAX_JUDGE_CALLS); handed
    # out strongest phrase first over all copies, they went to the second
    # copy's near misses and the first copy lost phrases (P(spun) 0.80 -> 0.75)
    test_a_spun_article_repeated_keeps_its_first_copy_phrases(scanner)


def test_repeated_sentences_are_found_word_for_word():
    doc = prepare("It rained. The game went on. It rained. It rained a lot. The game went on.")
    repeated = repeated_sentence_tokens(doc)
    kept = [" ".join(doc.forms[a:b]) for a, b in doc.sentences if a not in repeated]
    assert kept == ["it rained .", "the game went on .", "it rained a lot ."]
    assert evidence_words(doc) == sum(doc.words) - 6
    assert not repeated_sentence_tokens(prepare(PANGRAM))
    assert evidence_words(prepare(PANGRAM)) == sum(prepare(PANGRAM).words)


def test_repeated_sentences_add_no_context():
    once, seven = prepare(PANGRAM), prepare(" ".join([PANGRAM] * 7))
    ctx = DocContext(seven)
    # the known words of the first copy only (the copies are read as unknown)
    assert ctx.counts[-1] == DocContext(once).counts[-1] < MIN_CONTEXT_WORDS
    for lo in [i for i, f in enumerate(seven.forms) if f == "lazy"]:
        assert ctx.centroid(lo, lo + 2, exclude=("lazy", "dog")) is None


def test_a_few_words_said_again_and_again_are_no_context():
    # no sentence repeats another word for word, yet only five different words
    words = ["quick", "brown", "fox", "cat", "garden"]
    sentences = [" ".join(words[k:] + words[:k]).capitalize() + "." for k in range(5)] * 2
    sentences = [s.replace(".", f" {n}.") for n, s in enumerate(sentences)]
    doc = prepare(" ".join(sentences) + " The lazy dog sleeps.")
    ctx = DocContext(doc)
    lo = doc.forms.index("lazy")
    assert ctx.counts[lo] >= MIN_CONTEXT_WORDS
    assert ctx.different(lo, lo + 2, ("lazy", "dog")) <= len(words) + 1 < MIN_CONTEXT_DIFFERENT
    assert ctx.centroid(lo, lo + 2, exclude=("lazy", "dog")) is None
    assert DocContext(doc, min_different=1).centroid(lo, lo + 2, exclude=("lazy", "dog")) is not None
