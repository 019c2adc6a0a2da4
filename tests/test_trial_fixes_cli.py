"""How --out, --html and --format are refused: the trial found CSV written
into a .jsonl file (`--out x.jsonl --format csv`), and an --out that is an
input refused with exit 1 where the same mistake with --html is exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS
from conftest import run_cli as run

from spindetect.resources.lexicon import Lexicon

ORIG = next(SEEDS.glob("002_*.txt"))
SPUN = next(SEEDS.glob("000_*.txt"))


def error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    (line,) = [x for x in proc.stderr.splitlines() if "error:" in x]
    return line


@pytest.fixture
def work(tmp_path):
    text = ORIG.read_text(encoding="utf-8")[:2000]
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(text, encoding="utf-8")
    Lexicon.loads("# spindetect-lexicon 1\n# name: mine\nprofound learning\tdeep learning\t1.0\tuser\n").save(
        tmp_path / "lex.tsv"
    )
    return tmp_path


def _untouched(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (folder / "in.jsonl", folder / "lex.tsv", folder / "docs" / "a.txt")}


# -- 1. --format against the --out suffix -----------------------------------------------------


@pytest.mark.parametrize(
    "args, words",
    [
        (["scan", "in.jsonl", "--out", "x.jsonl", "--format", "csv"], "--format csv contradicts --out x.jsonl"),
        (["scan", "in.jsonl", "--out", "x.ndjson", "--format", "csv"], "--format csv contradicts --out x.ndjson"),
        (["scan", "docs", "--out", "x.JSON", "--format", "csv"], "--format csv contradicts --out x.JSON"),
        (["screen", "--suspects", "in.jsonl", "--out", "x.csv", "--format", "jsonl"], "--format jsonl contradicts"),
        (["screen", "--suspects", "docs", "--out", "x.jsonl", "--format", "csv"], "write to x.csv"),
    ],
)
def test_a_format_that_contradicts_the_out_suffix_is_refused(work, args, words):
    proc = run(*args, cwd=work)
    assert proc.returncode == 2, proc.stderr
    line = error_line(proc)
    assert words in line and "drop --format" in line, line
    assert not [p.name for p in work.iterdir() if p.name.startswith("x.")]  # nothing written


@pytest.mark.parametrize(
    "args, fmt",
    [
        (["scan", "in.jsonl", "--out", "x.jsonl", "--format", "jsonl"], "jsonl"),  # agreeing: fine
        (["scan", "in.jsonl", "--out", "x.csv", "--format", "csv"], "csv"),
        (["scan", "in.jsonl", "--out", "rows.txt", "--format", "csv"], "csv"),  # no row suffix: --format decides
        (["scan", "in.jsonl", "--out", "rows.out", "--format", "jsonl"], "jsonl"),
        (["scan", "in.jsonl", "--out", "x.csv"], "csv"),  # no --format: the suffix decides
    ],
)
def test_format_and_suffix_that_agree_or_cannot_clash_write_rows(work, args, fmt):
    proc = run(*args, "--quiet", cwd=work)
    assert proc.returncode == 0, proc.stderr
    first = (work / args[args.index("--out") + 1]).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("id,label,") if fmt == "csv" else json.loads(first)["id"] == "a"


def test_format_decides_for_standard_output(work):
    proc = run("scan", "in.jsonl", "--format", "csv", "--quiet", cwd=work)
    assert proc.returncode == 0 and proc.stdout.startswith("id,label,"), proc.stderr


def test_help_says_how_format_and_the_out_suffix_go_together(work):
    for command in ("scan", "screen"):
        text = " ".join(run(command, "--help", cwd=work).stdout.split())
        assert "a --format that contradicts it is refused" in text
        assert "--format decides for other names and for standard output" in text


# -- 2. every refusal of how --out or --html is called: exit 2 ---------------------------------


@pytest.mark.parametrize(
    "args, starts",
    [
        # --out is a file the run reads
        (["scan", "in.jsonl", "--out", "in.jsonl"], "spindetect: error: --out in.jsonl is the scanned file"),
        (["scan", "in.jsonl", "--out", "./in.jsonl", "--overwrite"], "spindetect: error: --out ./in.jsonl"),
        (["screen", "--suspects", "in.jsonl", "--out", "in.jsonl"], "spindetect: error: --out in.jsonl is the --"),
        (["screen", "--suspects", "docs", "--sources", "in.jsonl", "--out", "in.jsonl"], "spindetect: error: --out"),
        (["screen", "--suspects", "docs", "--out", "docs/a.txt"], "spindetect: error: --out docs/a.txt is a file"),
        (["scan", "docs", "--out", "docs/new.txt"], "spindetect: error: --out docs/new.txt is a file of"),
        # ... the --lexicon (was written over: rows in the lexicon file)
        (
            ["scan", "in.jsonl", "--out", "lex.tsv", "--format", "jsonl", "--lexicon", "lex.tsv", "--overwrite"],
            "spindetect: error: --out lex.tsv is the --lexicon file lex.tsv",
        ),
        (
            ["screen", "--suspects", "in.jsonl", "--out", "lex.tsv", "--format", "csv", "--lexicon", "lex.tsv"],
            "spindetect: error: --out lex.tsv is the --lexicon file",
        ),
        # --html is a file the run reads
        (["scan", "docs", "--out", "r.jsonl", "--html", "docs/a.html"], "spindetect: error: --html docs/a.html"),
        (["score", str(SPUN), "x.html", "--html", "x.html"], "spindetect: error: --html x.html"),
        (["scan", "in.jsonl", "--out", "r.htm", "--format", "jsonl", "--html", "r.htm"], "spindetect: error: --html"),
        # suffixes and formats
        (["scan", "in.jsonl", "--out", "rows.out"], "spindetect scan: error: --out rows.out: unknown suffix"),
        (["scan", "in.jsonl", "--out", "r.jsonl", "--html", "r.pdf"], "spindetect scan: error: argument --html"),
        (["scan", "in.jsonl", "--out", "r.jsonl", "--format", "csv"], "spindetect scan: error: --format csv"),
    ],
)
def test_refusals_of_out_and_html_all_exit_2(work, args, starts):
    (work / "x.html").write_text(SPUN.read_text(encoding="utf-8"), encoding="utf-8")
    before = _untouched(work)
    proc = run(*args, cwd=work)
    assert proc.returncode == 2, (args, proc.stderr)
    line = error_line(proc)
    assert line.startswith(starts), line
    assert _untouched(work) == before
    assert sorted(p.name for p in (work / "docs").iterdir()) == ["a.txt"]


def test_an_out_that_is_no_input_is_still_written_and_unusable_input_still_exits_1(work):
    proc = run("scan", "in.jsonl", "--out", "rows.jsonl", "--lexicon", "lex.tsv", "--quiet", cwd=work)
    assert proc.returncode == 0, proc.stderr
    proc = run("scan", "missing.jsonl", "--out", "rows2.jsonl", cwd=work)
    assert proc.returncode == 1 and "does not exist" in error_line(proc)
    (work / "bad.tsv").write_text("not a lexicon\n", encoding="utf-8")
    proc = run("scan", "in.jsonl", "--out", "rows3.jsonl", "--lexicon", "bad.tsv", cwd=work)
    assert proc.returncode == 1 and "--lexicon" in error_line(proc)


# -- rows piped into a reader that stops (head) -------------------------------------------------


@pytest.mark.parametrize("command", [["scan", "docs", "--format", "csv"], ["screen", "--suspects", "docs"]])
def test_rows_to_a_closed_pipe_end_quietly(work, command):
    """`spindetect scan FOLDER --format csv | head -1` said "error: cannot
    write rows to standard output: Broken pipe" and exited 1; a report to a
    closed pipe already ended quietly."""
    (work / "docs" / "b.txt").write_text(SPUN.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "SPINDETECT_JUDGE": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "spindetect", *command],
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    proc.stdout.close()  # the reader is gone before the first row
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0, err
    assert "Traceback" not in err and "error" not in err, err


@pytest.mark.parametrize(
    "args, line",
    [
        (["scan", "in.jsonl", "--out", "adir", "--format", "jsonl"], "cannot write rows to adir: Is a directory"),
        (["screen", "--suspects", "in.jsonl", "--out", "adir", "--format", "csv"], "cannot write rows to adir: "),
        (["scan", "in.jsonl", "--out", "r.jsonl", "--html", "adir.html"], "cannot write --html adir.html: "),
        (["scan", "in.jsonl", "--out", "missing/r.jsonl"], "cannot write rows to missing/r.jsonl: No such file"),
    ],
)
def test_an_out_or_html_that_cannot_be_written_is_one_line_exit_1(work, args, line):
    """Not how the command was called but what the file system says: exit 1,
    the same for --out and --html (--out a folder said "[Errno 21] Is a
    directory: 'adir'")."""
    (work / "adir").mkdir()
    (work / "adir.html").mkdir()
    proc = run(*args, cwd=work)
    assert proc.returncode == 1, proc.stderr
    assert error_line(proc).startswith(f"spindetect: error: {line}"), proc.stderr
