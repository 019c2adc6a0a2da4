"""End-to-end verdicts on the seed articles (expected outputs as data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import seed

import spindetect

CASES = Path(__file__).parent / "cases"
PAIR_CASES = json.loads((CASES / "pairs.json").read_text())
SWAP_CASES = json.loads((CASES / "swaps.json").read_text())


@pytest.mark.parametrize("case", PAIR_CASES, ids=[c["id"] for c in PAIR_CASES])
def test_pair_verdict(case):
    report = spindetect.score(seed(case["a"]), seed(case["b"]))
    assert report.label == case["label"], f"{case['comment']}: {report!r}"
    assert report.spun_side == case["spun_side"]
    assert 0.0 <= report.probability <= 1.0
    if case["label"] == "spun":
        assert report.probability >= 0.5
    else:
        assert report.probability < 0.5


@pytest.mark.parametrize("case", SWAP_CASES, ids=[c["id"] for c in SWAP_CASES])
def test_seed_swaps_found(spun_report, case):
    found = [(s.original, s.replacement) for s in spun_report.swaps]
    assert (case["original"], case["replacement"]) in found, case["comment"]


def test_swaps_point_into_both_texts(seeds, spun_report):
    # 000 is the spun side, so 002 is the source.
    assert spun_report.source_side == "b"
    source, suspect = seeds["002"], seeds["000"]
    assert spun_report.swaps
    for s in spun_report.swaps:
        assert source[s.source_span[0] : s.source_span[1]] == s.original
        assert suspect[s.suspect_span[0] : s.suspect_span[1]] == s.replacement
        assert 0.0 <= s.oddness <= 1.0
        assert s.original != s.replacement


def test_broken_names_are_odd_and_say_why(spun_report):
    by_pair = {(s.original, s.replacement): s for s in spun_report.swaps}
    for key in [("Eastern Europe", "Jap Europe"), ("Secretary-General", "Secretary-Basic")]:
        swap = by_pair[key]
        assert swap.oddness >= 0.5, swap
        assert any("name" in r for r in swap.reasons), swap.reasons


def test_byline_name_broken(seeds):
    # The byline: "Lorne Cook" became "Lorne Prepare dinner". 002 is truncated
    # before the byline, so compare the last lines of 000 with the AP byline.
    source = "Isachenkov reported from Moscow. Yuras Karmanau in Kyiv, Ukraine, Lorne Cook in Brussels and Lori Hinnant and Sylvie Corbet in Paris contributed."
    spun = seeds["000"].strip().splitlines()[-2]
    report = spindetect.score(source, spun)
    # One swap is too little evidence to say which side is spun, so accept
    # either orientation; the swap itself must be the whole broken name.
    swaps = {frozenset((s.original, s.replacement)) for s in report.swaps}
    assert frozenset(("Lorne Cook", "Lorne Prepare dinner")) in swaps


def test_density_and_coverage(spun_report):
    # 002 is truncated, so only part of 000 aligns; all of 002 does.
    assert 0.4 < spun_report.coverage < 0.9
    assert spun_report.features["coverage_source"] > 0.9
    assert 0.15 < spun_report.density < 0.5


def test_sentence_pairs_follow_reordering(spun_report):
    # 002 has the AP sentences in another order: the pairs must cross.
    starts = [p.src[0] for p in spun_report.sentence_pairs]
    assert starts != sorted(starts)
    assert len(spun_report.sentence_pairs) >= 25


def test_report_views(spun_report):
    data = spun_report.to_dict()
    text = json.dumps(data)  # JSON-safe
    assert json.loads(text)["label"] == "spun"
    assert data["signature"]["version"] == spindetect.__version__
    assert len(data["swaps"]) == len(spun_report.swaps)
    s = str(spun_report)
    assert s.startswith("spun")
    assert "[Jap Europe]" in s or "Jap Europe" in s
    assert "SRC" in s and "SUS" in s
    h = spun_report._repr_html_()
    assert "<mark" in h and "Jap" in h
    assert "<script" not in h
    assert repr(spun_report).startswith("SpinReport(label='spun'")


def test_report_is_frozen(spun_report):
    with pytest.raises(AttributeError):
        spun_report.label = "copy"


def test_html_escapes_text():
    a = "The <b>firm</b> & the officials said the talks were over today."
    b = "The <b>agency</b> & the officers stated the talks were over today."
    h = spindetect.score(a, b)._repr_html_()
    assert "<b>firm" not in h


def test_detector_reuse_and_config():
    det = spindetect.Detector(spun_threshold=0.9)
    assert det.config.spun_threshold == 0.9
    with pytest.raises(ValueError, match="spun_threshold"):
        spindetect.Detector(spun_threshold=2)
    with pytest.raises(TypeError, match="DetectorConfig"):
        spindetect.Detector(config="fast")
    r1 = det.score(seed("000"), seed("002"))
    r2 = det.score(seed("000"), seed("002"))
    assert r1.to_dict() == r2.to_dict()


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace(" \u2014 ", " \ufffd ").replace(".", ".\ufffd"),  # stray bytes read as U+FFFD
        lambda t: t.replace(" \u2014 ", " - "),  # dashes
        lambda t: t.replace("\u2019", "'").replace(",", " ,"),  # quotes, spacing
        lambda t: t.replace(" \u2014 ", " (").replace(" failed", ") failed"),  # brackets for dashes
    ],
)
def test_a_pair_that_differs_only_in_punctuation_or_symbols_is_a_copy(edit):
    text = "Moscow\u2019s envoy said the talks \u2014 held in Geneva \u2014 failed, and a new round would start in May."
    report = spindetect.score(text, edit(text))
    assert report.label == "copy", report


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        (
            "El gato está sentado en la alfombra y mira por la ventana mientras cae la lluvia sobre la ciudad.",
            "mira",
            "observa",
        ),
        (
            "Le chat est assis sur le tapis et regarde par la fenêtre pendant que la pluie tombe sur la ville.",
            "regarde",
            "observe",
        ),
        (
            "Die Katze sitzt auf dem Teppich und schaut schnell aus dem Fenster, während der Regen auf die Stadt fällt.",
            "schnell",
            "rasch",
        ),
        (
            "Кошка сидит на ковре и смотрит в окно, пока на город падает дождь, и никто её не зовёт домой.",
            "смотрит",
            "глядит",
        ),
    ],
)
def test_score_refuses_text_that_is_not_english_as_scan_and_the_cli_do(text, old, new):
    # trial finding: score gave verdicts (spun 0.67-0.998, once the untouched side named spun)
    with pytest.raises(ValueError, match="does not look like English"):
        spindetect.score(text, text.replace(old, new))


@pytest.mark.parametrize("gap", ["-\n", "-\r\n", "- ", "-\n  "])
def test_a_hyphenated_compound_broken_at_a_line_end_is_a_copy(gap):
    # trial finding: 'Secretary-General' -> 'Secretary-\nGeneral' was spun 0.98 ("breaks a name")
    text = (
        "Shortly after Blinken spoke, NATO Secretary-General Jens Stoltenberg said in Brussels "
        "that the alliance had sent a separate response to Russia."
    )
    report = spindetect.score(text, text.replace("Secretary-General", "Secretary" + gap + "General"))
    assert report.label == "copy", report


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.replace("&", "&amp;").replace('"', "&quot;"),  # scraped HTML text next to plain text
        lambda t: t.replace("the", "&#116;he"),
        lambda t: t.replace("'", "&#x27;"),
    ],
)
def test_html_entities_are_read_as_the_characters_they_stand_for(encode):
    # trial finding: 'AT&T' -> 'AT&amp;T' was a swap and the copy spun 0.76 (entities were decoded padded
    # with spaces, which cut 'AT&T' in two)
    text = 'Analysts at AT&T and Johnson & Johnson "welcomed" the news on Monday, saying the firm\'s deal would help.'
    report = spindetect.score(text, encode(text))
    assert report.label == "copy", report
    assert not [s for s in report.swaps if s.content and s.edit is None]


def test_a_spun_excerpt_of_a_long_source_says_what_part_it_covers():
    long = "\n\n".join(seed(k) for k in ("002", "004", "001"))
    report = spindetect.score(long, seed("000")[:1500])
    side, share = report.part_covered()
    assert report.label == "spun" and report.spun_side == "b" and side == "b"
    assert 0.0 < share < 0.5
    assert f"the shorter text (b) is read against the {share:.0%} of the other" in str(report)
    whole = spindetect.score(seed("002"), seed("000"))
    assert whole.part_covered() is None and "shorter text" not in str(whole)
