"""Bad input from a fresh-user trial: each kind of finding as data, checked
through the public entry points (findings 2-7 of the trial; finding 1,
accents as disguise, is in tests/test_normalization_marks.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

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


# -- finding 3: a folder's duplicate ids name both files; special files are skipped aloud ------

DOC_X = "The committee reviewed the proposal carefully and decided that the new policy would help the region."
DOC_X_UPPER = "Several members argued that the budget was too small, but the chair said the plan could grow next year."
DOC_Y = "Bananas are rich in potassium and grow in warm countries on tall plants with broad green leaves."


@pytest.fixture
def twin_folder(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "x.txt").write_text(DOC_X, encoding="utf-8")
    (folder / "x.TXT").write_text(DOC_X_UPPER, encoding="utf-8")
    (folder / "y.txt").write_text(DOC_Y, encoding="utf-8")
    return folder


def _scan_errors(folder):
    return [r.error for r in spindetect.scan_collection(folder) if r.error]


def _scan_read_errors(folder):
    from spindetect.screening.reading import read_collection

    return [r.error for r in spindetect.scan_collection(read_collection(folder)) if r.error]


def _screen_errors(folder):
    return [r.error for r in spindetect.screen(folder, folder).rows if r.error]


def _cli_scan_errors(folder):
    proc = subprocess.run(
        [sys.executable, "-m", "spindetect", "scan", str(folder)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    return [row["error"] for row in map(json.loads, proc.stdout.splitlines()) if row["error"]]


#: (label, entry point giving the error messages of a folder's collection)
TWIN_ENTRY_POINTS = [
    ("scan_collection-path", _scan_errors),
    ("scan_collection-read_collection", _scan_read_errors),
    ("screen-path", _screen_errors),
    ("cli-scan", _cli_scan_errors),
]


@pytest.mark.parametrize("errors_of", [f for _, f in TWIN_ENTRY_POINTS], ids=[n for n, _ in TWIN_ENTRY_POINTS])
def test_a_duplicate_id_in_a_folder_names_both_files(twin_folder, errors_of):
    errors = [e for e in errors_of(twin_folder) if "duplicate" in e]
    assert errors, "the second x is reported"
    for error in errors:
        assert "x.txt" in error and "x.TXT" in error, error


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
@pytest.mark.parametrize("how", ["fifo", "link-to-fifo"])
def test_a_named_pipe_in_a_folder_is_skipped_aloud_and_never_opened(tmp_path, how):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "y.txt").write_text(DOC_Y, encoding="utf-8")
    pipe = tmp_path / "pipe" if how == "link-to-fifo" else folder / "fifo.txt"
    os.mkfifo(pipe)
    if how == "link-to-fifo":
        (folder / "fifo.txt").symlink_to(pipe)
    # a subprocess with a time limit: opening the pipe would wait forever
    proc = subprocess.run(
        [sys.executable, "-m", "spindetect", "scan", str(folder)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["y"]
    warning = next(line for line in proc.stderr.splitlines() if "fifo.txt" in line)
    assert "skipped" in warning and "named pipe" in warning


# -- finding 7: scan's summary adds up with duplicate ids, also when resumed ---------------------


def _summary_counts(stderr):
    import re

    m = re.search(r"scanned (\d+) texts(?: \((\d+) done before\))?: (?:(\d+) new rows?|nothing new)", stderr)
    assert m, stderr
    return int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)


@pytest.mark.parametrize("kept", [0, 1, 3], ids=["fresh", "killed-after-one-row", "complete"])
def test_scan_summary_adds_up_with_duplicate_ids(twin_folder, tmp_path, kept):
    out = tmp_path / "rows.jsonl"
    run = [sys.executable, "-m", "spindetect", "scan", str(twin_folder), "--out", str(out)]
    first = subprocess.run(run, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3
    if kept == 0:
        proc = first
    else:
        out.write_text("".join(line + "\n" for line in rows[:kept]), encoding="utf-8")  # a killed run's rows
        proc = subprocess.run(run, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    texts, done, new = _summary_counts(proc.stderr)
    assert (texts, done + new) == (3, 3), proc.stderr
    # and no row is lost on resume: the duplicate's error row is there once
    final = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["id"], r["error"] is None) for r in final) == [("x", False), ("x", True), ("y", True)]


# -- finding 5: messages that say what is wrong ------------------------------------------------

#: (label, bad call, exception type, words the message must hold)
UNCLEAR = [
    ("learn_lexicon-None", lambda: spindetect.learn_lexicon(None), TypeError, ["(source, spun) pairs", "not None"]),
    ("learn_lexicon-str", lambda: spindetect.learn_lexicon("a text"), TypeError, ["(source, spun) pairs", "str"]),
    ("learn_lexicon-dict", lambda: spindetect.learn_lexicon({"a": "b"}), TypeError, [".items()"]),
]


@pytest.mark.parametrize("call,kind,words", [(c, k, w) for _, c, k, w in UNCLEAR], ids=[n for n, _, _, _ in UNCLEAR])
def test_bad_arguments_are_named(call, kind, words):
    with pytest.raises(kind) as info:
        call()
    for word in words:
        assert word in str(info.value), str(info.value)


@pytest.mark.parametrize("name", ["report.pdf", "report.txt", "report.HTML.docx"])
def test_to_html_refuses_a_suffix_other_than_html(tmp_path, name):
    report = spindetect.score("The cat sat on the mat today.", "The cat sat on the mat today.")
    path = tmp_path / name
    with pytest.raises(ValueError, match=r"\.html") as info:
        report.to_html(path)
    assert path.suffix in str(info.value)
    assert not path.exists()


@pytest.mark.parametrize("name", ["report.html", "report.HTM"])
def test_to_html_writes_html_names(tmp_path, name):
    report = spindetect.score("The cat sat on the mat today.", "The cat sat on the mat today.")
    report.to_html(tmp_path / name)
    assert (tmp_path / name).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


#: (label, JSON Lines line, what the error row says)
BAD_LINES = [
    ("text-a-number", '{"id": "a", "text": 5}', "'text' must be a string, not a number (5)"),
    ("text-a-list", '{"id": "a", "text": ["x"]}', "'text' must be a string, not an array"),
    ("text-missing", '{"id": "a"}', "'text' is missing (the text, a string)"),
    ("line-an-array", "[1, 2]", "not an array"),
]


@pytest.mark.parametrize("line,said", [(li, s) for _, li, s in BAD_LINES], ids=[n for n, _, _ in BAD_LINES])
def test_a_bad_jsonl_line_says_what_it_needs(tmp_path, line, said):
    path = tmp_path / "docs.jsonl"
    path.write_text(
        line + "\n" + '{"id": "ok", "text": "A plain sentence about the weather today."}\n', encoding="utf-8"
    )
    errors = [r.error for r in spindetect.scan_collection(path) if r.error]
    assert len(errors) == 1 and said in errors[0], errors
    assert " is a " not in errors[0]


# -- finding 6: install hints name both forms (PyPI and a clone, as the README installs) --------

PACKAGE = Path(spindetect.__file__).parent

#: modules whose hints are another owner's to change (see the trial report): known failures
OTHERS_HINTS: set[str] = set()


def _hint_lines():
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            for extra in re.findall(r"pip install '?spindetect\[(\w+)\]", line):
                out.append((path.relative_to(PACKAGE).as_posix(), n, extra, " ".join(lines[n : n + 2])))
    return out


HINTS = _hint_lines()


@pytest.mark.parametrize(
    "module,extra,context",
    [
        pytest.param(m, e, c, marks=pytest.mark.xfail(strict=True, reason="another owner's file"))
        if m in OTHERS_HINTS
        else (m, e, c)
        for m, _, e, c in HINTS
    ],
    ids=[f"{m}:{n + 1}" for m, n, _, _ in HINTS],
)
def test_every_install_hint_also_gives_the_clone_form(module, extra, context):
    assert f"pip install -e '.[{extra}]'" in context, context


def test_install_hint_matches_the_readme():
    from spindetect.files import install_hint

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    for extra in ("frames", "scale", "pdf"):
        clone_form = f"pip install -e '.[{extra}]'"
        assert clone_form in readme and clone_form in install_hint(extra)
