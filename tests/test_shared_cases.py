"""Real-world cases with the answer a careful expert gives, as data.

``tests/cases/shared/*.json`` are copies of the project's shared cases
(their README says what each field means). ``tests/cases/variants/*.json``
are other inputs of the same kinds, written for this project in the same
format (``variant_of`` names the shared case): a fix of a kind must hold on
them too. Each case stands for a *kind* of failure. A case the library still gets wrong is a strict xfail naming the
issue that covers its kind, so a fix is noticed (the xfail then fails).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import spindetect
from spindetect.text import normalize

#: The cases are answered as a user with the judge installed meets them.
pytestmark = pytest.mark.judge

CASES_DIRS = (Path(__file__).parent / "cases" / "shared", Path(__file__).parent / "cases" / "variants")
CASES = sorted(
    (json.loads(p.read_text(encoding="utf-8")) for d in CASES_DIRS for p in d.glob("*.json")), key=lambda c: c["id"]
)

#: Cases still answered wrongly, by id, with the kind of failure and the
#: issue that covers it (checked on 2026-11-30).
KNOWN_FAILURES = {
    "01": "medical tortured phrases outside the PPS list are not found (issue 14: language-model judge)",
    # variants, checked on 2026-12-01
    "v17-04": "a fact update of a word ('yellow' -> 'amber' warning) and a time ('midnight' -> '6am') is read as "
    "rewording: paraphrase, not copy (issue 13)",
    "v18-06": "phrase-level spin that keeps the terms plausible ('preparation information', 'by and large precision') "
    "lowers similarity like a paraphrase: fast path P 0.00, the judge stage (judged mean drop 12 nats) 0.37 (issue 13)",
}


def _key(phrase: str) -> str:
    """A phrase as compared: normalised, hyphenation at line ends joined, one space, lower case."""
    return " ".join(normalize(phrase).replace("-\n", "").split()).lower()


def _problems(case: dict) -> list[str]:
    """What the library answers differently from the expert, as readable lines."""
    expected = case["expected"]
    problems = []
    if case["kind"] == "pair":
        report = spindetect.score(case["a"], case["b"])
        if report.label != expected["label"]:
            problems.append(f"label {report.label!r} (P {report.probability:.2f}), expected {expected['label']!r}")
        if expected.get("spun_side") and report.spun_side != expected["spun_side"]:
            problems.append(f"spun side {report.spun_side!r}, expected {expected['spun_side']!r}")
        return problems
    report = spindetect.scan(case["text"])
    if report.label != expected["label"]:
        problems.append(f"label {report.label!r} (P {report.probability:.2f}), expected {expected['label']!r}")
    flagged = {_key(p.text): p for p in report.phrases}

    def found(phrase: str):
        k = _key(phrase)
        return next((p for f, p in flagged.items() if k in f or f in k), None)

    for phrase in expected.get("must_flag", []):
        if found(phrase) is None:
            problems.append(f"{phrase!r} not flagged")
    for phrase in expected.get("must_not_flag", []):
        if found(phrase) is not None:
            problems.append(f"{phrase!r} flagged")
    for phrase, original in expected.get("suggestions", {}).items():
        hit = found(phrase)
        if hit is not None and _key(original) not in {_key(s) for s in hit.suggestions}:
            problems.append(f"{phrase!r}: suggestions {list(hit.suggestions)}, expected {original!r}")
    return problems


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[c["id"]]))
        if c["id"] in KNOWN_FAILURES
        else c
        for c in CASES
    ],
    ids=[c["id"] for c in CASES],
)
def test_shared_case(case):
    problems = _problems(case)
    assert not problems, f"case {case['id']} ({case['note'][:80]}...): " + "; ".join(problems)


def test_every_case_is_read():
    assert len(CASES) >= 9 + 17 and all(c["kind"] in ("pair", "single") for c in CASES)
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert set(KNOWN_FAILURES) <= {c["id"] for c in CASES}
