"""The fast paths of the fifth round of scan speed work (issue 14) give the
same answers as the plain ones they replace."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from spindetect.normalization import normalize_with_offsets
from spindetect.scanning.features import text_features
from spindetect.text import not_prose, prepare, table_lines

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


@pytest.fixture(scope="module")
def seed_docs():
    return [prepare(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def test_text_features_read_capitals_inline_as_capitalised_does(seed_docs):
    # a stretch in capitals past the last token changes no token's case, but
    # sends text_features through Document.capitalised
    for doc in seed_docs:
        assert not doc.capitals
        plain = dataclasses.replace(doc, capitals=((len(doc), len(doc)),))
        assert text_features(doc, ()) == text_features(plain, ())


def test_table_lines_kept_answers_are_not_shared():
    text = "Prices rose in the week, the ministry said:\n  Wheat   3.24   3.19\n  Corn    2.11   2.08\n"
    first = table_lines(text)
    first.append((0, 0))
    assert table_lines(text) == [(44, 65), (66, 87)]
    assert not_prose(text) == [(44, 65), (66, 87)]


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii text",
        "caf\u00e9 na\u00efve",
        "\u201cquoted\u201d \u2014 dash",
        "pro\u200bfound",
        "\ufb01ne",
        "a\r\nb",
    ],
)
def test_normalize_offsets_none_exactly_for_the_identity_map(text):
    n = normalize_with_offsets(text)
    if n.offsets is None:
        assert len(n.text) == len(text)
    else:
        assert list(n.offsets) != list(range(len(text) + 1)) or len(n.text) != len(text)
