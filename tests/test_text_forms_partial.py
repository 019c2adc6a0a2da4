"""A spun copy of part of a long source is spinning.

Trial finding: with ``orig`` a long source (several seed texts joined, over
5,000 characters) and ``spun_excerpt`` a spun version of its first ~1,500
characters, ``score(orig, spun_excerpt)`` said "related" or "paraphrase": the
pair model, trained on whole texts, read the low coverage of the long source
as texts that share little. ``verdict.shorter_side_view`` reads a pair whose
one text has at most ``PART_MAX_LENGTH_SHARE`` of the other's words as the
shorter text sees it; texts that merely share a quote or a sentence keep
their label.
"""

from __future__ import annotations

import json
import random

import pytest
from conftest import ROOT, seed

import spindetect
from spindetect.scoring.verdict import PART_MAX_LENGTH_SHARE, shorter_side_view
from spindetect.text import prepare

SOURCES = {
    "002+004": ("002", "004"),
    "004+002": ("004", "002"),
    "002+004+001": ("002", "004", "001"),
    "002+001": ("002", "001"),
}
SIZES = (600, 1000, 1500, 2000, 3000, 4000)


def _joined(names: tuple[str, ...]) -> str:
    return "\n\n".join(seed(n) for n in names)


def _excerpt(text: str, chars: int) -> str:
    """The start of ``text`` up to the first sentence end at or after ``chars``."""
    doc = prepare(text)
    return text[: next(doc.ends[b - 1] for _, b in doc.sentences if doc.ends[b - 1] >= chars)]


def _assert_spun_part(report):
    f = report.features
    assert (report.label, report.spun_side) == ("spun", "b"), (report.label, report.probability)
    # the evidence says the suspect covers only part of the source
    assert f["coverage_source"] < 0.5 < f["coverage_suspect"]
    assert f["words_source"] >= 2 * f["words_suspect"]


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_spun_excerpt_of_a_long_source_is_spun(source):
    # The real spun seed 000 (a content farm's copy of the AP story), its
    # first 600 to 4,000 characters against a long source that holds the AP
    # text 002 among other articles on the story (11,000-21,000 characters).
    # Before: 1,000-2,000 characters were "paraphrase" against 002+004+001,
    # 1,500 against each source.
    long_source = _joined(SOURCES[source])
    assert len(long_source) > 5_000
    for size in SIZES:
        _assert_spun_part(spindetect.score(long_source, _excerpt(seed("000"), size)))


def test_spinner_excerpt_of_a_long_source_is_spun():
    # The trial's case: a spinner's copy of the first ~1,500 characters of a
    # long source (the benchmark's WordNet spinner, three rates, three seeds).
    spinners = pytest.importorskip("devtools.spinners")
    spinner = spinners.WordNetSpinner()
    long_source = _joined(("002", "004", "001"))
    for size in (800, 1500, 2500):
        excerpt = _excerpt(long_source, size)
        for rate in (0.2, 0.3, 0.5):
            for k in range(3):
                spun, _ = spinner.spin(excerpt, rate, random.Random(k))
                _assert_spun_part(spindetect.score(long_source, spun))


def _sentences(text: str) -> list[str]:
    doc = prepare(text)
    return [doc.sentence_text(i) for i in range(len(doc.sentences))]


@pytest.mark.parametrize("size", (1000, 1500, 3000))
def test_other_excerpts_of_a_long_source_keep_their_label(size):
    long_source = _joined(("002", "004"))
    # a fluent rewrite of part of the story, the start of the AP text itself,
    # an independent article on the story, the spun text against a source it
    # was not spun from
    assert spindetect.score(long_source, _excerpt(seed("001"), size)).label == "paraphrase"
    assert spindetect.score(long_source, _excerpt(seed("002"), size)).label == "copy"
    assert spindetect.score(_joined(("002", "001")), _excerpt(seed("004"), size)).label == "related"
    assert spindetect.score(seed("004"), _excerpt(seed("000"), size)).label == "related"


def _shared_case_texts() -> str:
    """The one-text cases of tests/cases/shared (medical, science, news
    snippets on other subjects), one after the other."""
    cases = sorted((ROOT / "tests" / "cases" / "shared").glob("*.json"))
    return "\n\n".join(t for c in cases if (t := json.loads(c.read_text(encoding="utf-8")).get("text")))


def test_a_text_quoting_one_sentence_of_a_long_source_is_not_spun():
    # A text of its own that quotes one sentence of the AP text: the start of
    # the independent 004 story, and snippets on other subjects; against the
    # AP text alone and within a long source (002 + the rewrite 001).
    quotes = [s for s in _sentences(seed("002")) if len(s.split()) >= 12]
    hosts = {"004": _sentences(seed("004"))[:12], "other subjects": _sentences(_shared_case_texts())}
    for i in (0, 4, 8, 12):
        for name, host in hosts.items():
            with_quote = " ".join(host[:6] + [quotes[i]] + host[6:])
            for source in (seed("002"), _joined(("002", "001"))):
                label = spindetect.score(source, with_quote).label
                if name == "004":
                    assert label == "related", (i, name, label)
                else:
                    # Never spun, paraphrase or copy. Related or unrelated is
                    # the pair model's call for a text on other subjects that
                    # shares one whole sentence (coverage of the host 0.08-0.09):
                    # the corpus has no quoting negative to teach that line;
                    # the model retrained after ab8e4ac calls the AP lead
                    # (i=0) related, the earlier one unrelated.
                    assert label in ("related", "unrelated"), (i, name, label)


def test_shorter_side_view():
    base = {
        "coverage_source": 0.1,
        "coverage_suspect": 0.95,
        "coverage_min_side": 0.95,
        "coverage_max_side": 0.95,
        "words_source": 1000.0,
        "words_suspect": 200.0,
    }
    view = shorter_side_view(base)
    assert view["coverage_source"] == view["coverage_max_side"] == 0.95
    assert view["coverage_suspect"] == 0.95 and base["coverage_source"] == 0.1  # a new mapping
    swapped = {**base, "coverage_source": 0.95, "coverage_suspect": 0.1, "words_source": 200.0, "words_suspect": 1000.0}
    assert shorter_side_view(swapped)["coverage_suspect"] == 0.95
    # texts of about one length, or features without the word counts: as they are
    same_length = {**base, "words_suspect": 1000.0 * PART_MAX_LENGTH_SHARE + 1}
    assert shorter_side_view(same_length) is same_length
    old = {k: v for k, v in base.items() if not k.startswith("words_")}
    assert shorter_side_view(old) is old
