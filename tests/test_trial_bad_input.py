"""Bad input from a fresh-user trial: each kind of finding as data, checked
through the public entry points (findings 2-7 of the trial; finding 1,
accents as disguise, is in tests/test_normalization_marks.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import spindetect

# -- finding 2: quoted text not scored is shown, never blanked ---------------------------------

#: (label, a, b, the quoted words both sides must show)
QUOTED_PAIRS = [
    (
        "short-mention",
        'The committee said we must take "care" if the plan is to work. The members agreed that the budget '
        "was too small for the whole region and that more money would be needed next year.",
        'The panel said we must take "care" if the scheme is to function. The members concurred that the budget '
        "was too little for the entire region and that more cash would be required next year.",
        "care",
    ),
    (
        "two-word-mention",
        'Authors who write "counterfeit consciousness" instead of artificial intelligence spin their text. '
        "The editors agreed that such papers should be checked before they are published in the journal.",
        'Writers who put "counterfeit consciousness" in place of artificial intelligence spin their text. '
        "The editors concurred that such papers should be examined before they are printed in the journal.",
        "counterfeit consciousness",
    ),
]


@pytest.fixture
def pair_files(tmp_path, request):
    _, a, b, words = request.param
    (tmp_path / "a.txt").write_text(a, encoding="utf-8")
    (tmp_path / "b.txt").write_text(b, encoding="utf-8")
    return tmp_path / "a.txt", tmp_path / "b.txt", words


@pytest.mark.parametrize("pair_files", QUOTED_PAIRS, ids=[c[0] for c in QUOTED_PAIRS], indirect=True)
def test_pair_report_shows_quoted_words_not_scored(pair_files):
    a, b, words = pair_files
    pair = spindetect.score_documents(a, b)
    assert pair.a.quoted and pair.b.quoted, "the case must have a quoted region not scored"
    text = str(pair)
    sentence_lines = [line for line in text.splitlines() if line.startswith(("SRC", "SUS"))]
    # both sides show the quoted words, marked as not scored
    assert all("{" + words + "}" in line for line in sentence_lines[:2]), text
    assert "not scored" in text
    page = pair.to_html()
    assert page.count(f"title='mention: not scored'>{words}</span>") == 2, "both sides show the words greyed"


@pytest.mark.parametrize("pair_files", QUOTED_PAIRS[:1], ids=[QUOTED_PAIRS[0][0]], indirect=True)
def test_cli_score_shows_quoted_words(pair_files):
    a, b, words = pair_files
    out = subprocess.run(
        [sys.executable, "-m", "spindetect", "score", str(a), str(b)], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert f'take "{{{words}}}" if' in out.stdout, out.stdout
