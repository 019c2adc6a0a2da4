"""Scanning collections without sources: spindetect.scan_collection and `spindetect scan COLLECTION`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import spindetect
from spindetect import ScanRow, scan_collection
from spindetect.resources.lexicon import Lexicon
from spindetect.screening.batch_scan import SCAN_ROW_FIELDS, iter_scan_collection
from spindetect.screening.rows import ERROR, RowWriter, read_rows

GERMAN = "Der schnelle braune Fuchs springt über den faulen Hund, und das ist ein Test der deutschen Sprache."


@pytest.fixture(scope="module")
def collection(seeds):
    items = [(name, seeds[name]) for name in sorted(seeds)]
    items.insert(1, ("empty", "   "))
    items.append(("german", GERMAN))
    items.append(("none", None))
    items.append(("000", "a duplicate id"))
    return items


@pytest.fixture(scope="module")
def rows(collection):
    return scan_collection(collection, chunk_size=2)


def test_one_row_per_text_in_order_as_scan_says(rows, collection, seeds):
    assert [r.id for r in rows] == [doc_id for doc_id, _ in collection]
    for row in rows:
        if row.id in seeds and row.label != ERROR:
            report = spindetect.scan(seeds[row.id])
            assert (row.label, row.probability, row.threshold, row.phrases, row.words) == (
                report.label,
                report.probability,
                report.threshold,
                len(report.phrases),
                report.words,
            )
    by_id = {}
    for r in rows:
        by_id.setdefault(r.id, r)
    assert by_id["000"].label == "spun" and "Jap Europe -> Eastern Europe" in by_id["000"].top
    # each phrase named once in top, however often it occurs
    assert by_id["000"].top.count("Jap Europe") == 1
    assert {r.label for r in rows if r.id in ("001", "002", "004")} == {"clean"}


def test_bad_documents_become_error_rows(rows):
    errors = {r.id: r.error for r in rows if r.label == ERROR}
    assert set(errors) == {"empty", "german", "none", "000"}
    assert "empty or whitespace" in errors["empty"]
    assert "English" in errors["german"]
    assert "must be str" in errors["none"]
    assert "duplicate" in errors["000"]


def test_skip_and_streaming(collection, rows):
    streamed = list(iter_scan_collection(collection, skip={"001", "german"}))
    assert {r.id for r in streamed} == {r.id for r in rows} - {"001", "german"}


def test_a_custom_lexicon_is_used_and_round_trips(seeds):
    lex = Lexicon(name="demo")
    lex.add("profound learning", "deep learning", weight=0.95)
    assert Lexicon.loads(lex.dumps()).signature == lex.signature
    text = "We train a profound learning model on the data, and the profound learning model learns the task."
    (row,) = scan_collection({"t": text}, lexicon=lex)
    assert row.top == "profound learning -> deep learning"
    with pytest.raises(TypeError, match="Lexicon"):
        scan_collection({"t": text}, lexicon="not a lexicon")


def test_bad_arguments_say_what_is_wrong():
    with pytest.raises(ValueError, match="chunk_size"):
        scan_collection({"a": "text"}, chunk_size=0)
    with pytest.raises(ValueError, match="not both"):
        scan_collection({"a": "text"}, client=object(), scheduler="tcp://x:1")
    with pytest.raises(TypeError, match="mapping"):
        scan_collection(42)


def test_rows_round_trip_through_jsonl_and_csv(tmp_path, rows):
    for name in ("rows.jsonl", "rows.csv"):
        path = tmp_path / name
        with RowWriter(path, fields=SCAN_ROW_FIELDS) as w:
            for r in rows:
                w.write(r)
        back = read_rows(path, row_type=ScanRow)
        assert [(b.id, b.label, b.phrases, b.words, b.top, b.error) for b in back] == [
            (r.id, r.label, r.phrases, r.words, r.top, r.error) for r in rows
        ]
        assert all(b.probability == pytest.approx(r.probability, abs=1e-6) for b, r in zip(back, rows) if r.probability)
    with pytest.raises(ValueError, match="not a scan row"):
        (tmp_path / "junk.jsonl").write_text('{"x": 1}\n')
        read_rows(tmp_path / "junk.jsonl", row_type=ScanRow)
    # a CSV with other columns (an older spindetect, or screen's rows) is not appended to
    old = tmp_path / "old.csv"
    old.write_text("id,label,probability\n000,spun,0.9")  # and an unfinished last line: left as it is
    with pytest.raises(ValueError, match="has the columns id,label,probability.*new file"):
        RowWriter(old, fields=SCAN_ROW_FIELDS).__enter__()
    assert old.read_text() == "id,label,probability\n000,spun,0.9"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "spindetect.cli", *args], capture_output=True, text=True, input=stdin, timeout=600
    )


def test_cli_scans_a_folder_writes_rows_and_resumes(tmp_path, seeds):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("000", "002"):
        (folder / f"{name}.txt").write_text(seeds[name], encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    proc = _run("scan", str(folder), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    got = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert got["000"]["label"] == "spun" and got["002"]["label"] == "clean" and got["empty"]["label"] == ERROR
    assert "scanned 3 texts" in proc.stderr and "1 could not be scanned" in proc.stderr
    (folder / "004.txt").write_text(seeds["004"], encoding="utf-8")
    proc = _run("scan", str(folder), "--out", str(out))
    assert proc.returncode == 0 and "(3 done before)" in proc.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()].count("004") == 1
    assert len(out.read_text().splitlines()) == 4
    # JSON Lines input, CSV output
    jl = tmp_path / "docs.jsonl"
    jl.write_text(json.dumps({"id": "x", "text": seeds["002"]}) + "\n", encoding="utf-8")
    csv_out = tmp_path / "rows.csv"
    assert _run("scan", str(jl), "--out", str(csv_out), "--quiet").returncode == 0
    assert csv_out.read_text().splitlines()[0] == ",".join(SCAN_ROW_FIELDS)
    # a CSV of other columns is refused, not appended to
    other = tmp_path / "other.csv"
    other.write_text("id,label,probability\nx,clean,0.1\n")
    proc = _run("scan", str(jl), "--out", str(other))
    assert proc.returncode == 1 and "write to a new file" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_one_text_and_its_mistakes(tmp_path, seeds):
    path = tmp_path / "one.txt"
    path.write_text(seeds["000"], encoding="utf-8")
    lex = tmp_path / "mine.tsv"
    Lexicon(name="empty").save(lex)
    proc = _run("scan", str(path), "--lexicon", str(lex), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["label"] in ("spun", "clean")
    # how the command was called: usage errors, exit 2 (as argparse's own)
    proc = _run("scan", str(path), "--out", str(tmp_path / "x.jsonl"))
    assert proc.returncode == 2 and "--out is for collections" in proc.stderr
    proc = _run("scan", str(tmp_path), "--json")
    assert proc.returncode == 2 and "--json is for one text" in proc.stderr
    (tmp_path / "bad.tsv").write_text("not a lexicon\n")
    proc = _run("scan", str(path), "--lexicon", str(tmp_path / "bad.tsv"))
    assert proc.returncode == 1 and "--lexicon:" in proc.stderr and "line 1" in proc.stderr


def test_dask_gives_the_same_rows(collection, rows, dask_client):
    assert scan_collection(collection, client=dask_client, chunk_size=1) == rows


def test_html_repetition_and_binary_junk_in_a_collection():
    texts = {
        "html": "<html><body><p>We train a profound learning model on the data.</p></body></html>",
        "repeated": "The minister said the talks would continue next week. " * 10_000,
        "junk": "\x00\x01\x02\xff" * 100,
    }
    rows = {r.id: r for r in scan_collection(texts)}
    assert rows["html"].label == "spun" and rows["html"].top == "profound learning -> deep learning"
    assert rows["repeated"].label == "clean" and rows["repeated"].words == 90_000
    assert rows["junk"].label == ERROR and "binary" in rows["junk"].error


def test_a_duplicate_ids_error_row_comes_after_the_scanned_rows(seeds):
    """Its error row once came first: a run killed before the first
    occurrence was scanned, then resumed, skipped that document for good."""
    items = [("a", seeds["002"]), ("a", "A second text under the same id."), ("b", seeds["004"])]
    rows = list(iter_scan_collection(items))
    assert [r.id for r in rows] == ["a", "b", "a"]
    assert rows[0].label != ERROR and rows[2].label == ERROR and "duplicate" in rows[2].error
    assert [r.id for r in scan_collection(items)] == ["a", "a", "b"]  # collection order
