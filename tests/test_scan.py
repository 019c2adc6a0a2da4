"""Source-free scan(): seeds, suggestions, views, bad input, CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SEEDS

import spindetect


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("000", "spun"),
        ("001", "clean"),
        ("002", "clean"),
        ("004", "clean"),
    ],
    ids=["000-spun", "001-rewrite", "002-original", "004-independent"],
)
def test_seed_scan_labels(seeds, name, label):
    assert spindetect.scan(seeds[name]).label == label


def test_verdict_does_not_grow_with_repetition(seeds):
    # A clean article repeated ten times is still clean: the text model uses
    # densities, not length, and clips its inputs to the training range.
    one = spindetect.scan(seeds["004"])
    ten = spindetect.scan((seeds["004"] + "\n") * 10)
    assert ten.label == one.label == "clean"
    assert ten.probability == pytest.approx(one.probability, abs=0.05)


def test_spun_seed_scores_above_its_original(seeds):
    # Whatever the threshold, the spun copy must look more spun than the texts it was made from.
    p = {k: spindetect.scan(seeds[k]).probability for k in ("000", "001", "002", "004")}
    assert p["000"] > max(p["001"], p["002"], p["004"]) + 0.2, p


def test_suggestions_restore_the_original(seeds):
    report = spindetect.scan(seeds["000"])
    got = {p.text: p.suggestion for p in report.phrases}
    assert got["Jap Europe"] == "Eastern Europe"
    text = "Recent work on counterfeit consciousness relies on profound learning for picture acknowledgment."
    found = {p.text: p.suggestion for p in spindetect.scan(text).phrases}
    assert found["counterfeit consciousness"] == "artificial intelligence"
    assert found["profound learning"] == "deep learning"


def test_unseen_phrase_found_by_pattern():
    # "profound architectures" is no lexicon entry, but the lexicon says
    # spinners write "profound" for "deep", and clean text has "deep architectures".
    from spindetect.resources.lexicon import Lexicon
    from spindetect.resources.phrases import PhraseCounts

    lex = Lexicon(name="t")
    for noun in ("learning", "network", "model", "features"):
        lex.add(f"profound {noun}", f"deep {noun}", weight=0.95)
    counts = PhraseCounts({("deep", "architectures"): 12})
    # The window model also weighs how the words fit their surroundings, so
    # the phrase stands in a sentence about its topic.
    text = (
        "We build profound architectures for image recognition with convolutional neural networks "
        "trained on large labelled datasets."
    )
    report = spindetect.Scanner(lexicon=lex, phrases=counts).scan(text)
    (p,) = report.phrases
    assert (p.text, p.kind, p.suggestion) == ("profound architectures", "pattern", "deep architectures")
    assert any("deep architectures" in e for e in p.evidence)
    # An attested phrase is never flagged by pattern.
    counts2 = PhraseCounts({("deep", "architectures"): 12, ("profound", "architectures"): 5})
    assert not spindetect.Scanner(lexicon=lex, phrases=counts2).scan("We build profound architectures.").phrases


def test_pattern_suggestions_keep_the_case_of_the_text():
    from spindetect.resources.lexicon import Lexicon
    from spindetect.resources.phrases import PhraseCounts

    lex = Lexicon(name="t")
    for noun in ("learning", "network", "model", "features"):
        lex.add(f"profound {noun}", f"deep {noun}", weight=0.95)
    counts = PhraseCounts({("deep", "architectures"): 12})
    scanner = spindetect.Scanner(lexicon=lex, phrases=counts)
    tail = " for image recognition with convolutional neural networks trained on large labelled datasets."
    for phrase, expected in (
        ("Profound architectures", "Deep architectures"),
        ("profound Architectures", "deep Architectures"),
        ("PROFOUND architectures", "DEEP architectures"),
    ):
        (p,) = scanner.scan(f"We build {phrase}{tail}").phrases
        assert (p.text, p.suggestion) == (phrase, expected)
        # every suggestion keeps the words it does not change as the text has them
        for sug in p.suggestions:
            assert sug.split()[1] == phrase.split()[1]


def test_phrase_spans_and_views(seeds):
    report = spindetect.scan(seeds["000"])
    for p in report.phrases:
        assert seeds["000"][p.span[0] : p.span[1]] == p.text
        assert 0.0 < p.weight <= 1.0 and p.evidence
    data = json.loads(json.dumps(report.to_dict()))
    assert data["label"] == "spun" and data["phrases"]
    assert str(report).startswith("spun")
    assert "<mark" in report._repr_html_()
    assert 0.0 <= report.probability <= 1.0


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (None, TypeError),
        (b"bytes", TypeError),
        ("", ValueError),
        ("   ", ValueError),
        ("\x00\x01\x02" * 50, ValueError),
    ],
    ids=["none", "bytes", "empty", "whitespace", "binary"],
)
def test_bad_input(value, error):
    with pytest.raises(error):
        spindetect.scan(value)


def test_repetitive_and_non_english_text():
    report = spindetect.scan("Profound learning is everywhere. " * 10_000)
    assert report.label == "spun" and len(report.phrases) == 10_000
    with pytest.raises(ValueError, match="does not look like English"):
        spindetect.scan("Die Regierung hat am Mittwoch nichts gesagt, wie die Zeitung berichtet.")
    with pytest.raises(ValueError, match="does not look like English"):
        spindetect.scan("Le gouvernement n'a rien dit mercredi, selon le journal local de la ville.")
    # A list of names is English with few function words, and is scanned.
    names = "Alumni include John Adams, John Quincy Adams, Rutherford Hayes, Theodore Roosevelt, Franklin Roosevelt, John Kennedy, George Bush, Barack Obama."
    assert spindetect.scan(names).label in ("spun", "clean")
    with pytest.raises(ValueError, match="does not look like English"):
        spindetect.scan("美国和北约周三告诉俄罗斯，不会在莫斯科的主要要求上做出让步。" * 3)


def test_cli_scan():
    spun = str(next(SEEDS.glob("000_*.txt")))
    proc = subprocess.run(
        [sys.executable, "-m", "spindetect.cli", "scan", spun, "--json"], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["label"] == "spun"
    proc = subprocess.run(
        [sys.executable, "-m", "spindetect.cli", "scan", "-"], input="", capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 1 and "empty" in proc.stderr
