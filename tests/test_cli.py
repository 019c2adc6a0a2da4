"""The command line, run as users run it: through a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import SEEDS

SPUN = str(next(SEEDS.glob("000_*.txt")))
ORIG = str(next(SEEDS.glob("002_*.txt")))


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "spindetect.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def test_score_text_output():
    proc = run("score", SPUN, ORIG)
    assert proc.returncode == 0, proc.stderr
    assert "spun" in proc.stdout.splitlines()[2]
    assert "Jap Europe" in proc.stdout


def test_score_json_and_stdin():
    with open(SPUN, "rb") as fh:
        proc = run("score", "-", ORIG, "--json", stdin=fh.read())
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["label"] == "spun" and data["spun_side"] == "a"
    assert any(s["original"] == "Eastern Europe" for s in data["swaps"])


def test_missing_file(tmp_path):
    proc = run("score", str(tmp_path / "nope.txt"), ORIG)
    assert proc.returncode == 1
    assert proc.stderr.startswith("spindetect: error: cannot read")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_empty_and_binary_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "img.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    for path, word in [(empty, "empty"), (binary, "binary")]:
        proc = run("score", str(path), ORIG)
        assert proc.returncode == 1, proc
        assert word in proc.stderr
        assert "Traceback" not in proc.stderr


def test_control_character_junk(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x01\x02\x03\x04\x05\x06\x07\x08" * 200)
    proc = run("score", str(junk), ORIG)
    assert proc.returncode == 1
    assert "binary" in proc.stderr and "Traceback" not in proc.stderr


def test_two_stdin_arguments():
    proc = run("score", "-", "-", stdin=b"text")
    assert proc.returncode == 2  # bad usage (c76d7ea)
    assert "only one argument" in proc.stderr


def test_usage_error_exit_code():
    proc = run("score", SPUN)
    assert proc.returncode == 2


# -- what a fresh user's bad-input trial found ------------------------------------------------


def jsonl(path, items) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        for doc_id, text in items:
            fh.write(json.dumps({"id": doc_id, "text": text}) + "\n")
    return str(path)


def one_error_line(proc) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_out_that_is_an_input_is_refused_whatever_the_flags(tmp_path):
    """`scan in.jsonl --out in.jsonl --overwrite` replaced the input with its rows."""
    text = open(ORIG, encoding="utf-8").read()[:1500]
    data = jsonl(tmp_path / "in.jsonl", [("a", text)])
    before = open(data, "rb").read()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(folder / "a.txt")
    cases = [
        ("scan", data, "--out", data, "--overwrite"),
        ("scan", data, "--out", data),
        ("screen", "--suspects", data, "--out", data, "--overwrite"),
        ("screen", "--suspects", str(folder), "--sources", data, "--out", str(tmp_path / "." / "in.jsonl")),
        ("screen", "--suspects", str(folder), "--out", str(folder / "a.txt"), "--overwrite"),
        ("screen", "--suspects", str(folder), "--out", str(tmp_path / "link.jsonl"), "--overwrite"),
        # not there yet, but the next run would read it as a document
        ("scan", str(folder), "--out", str(folder / "rows.txt")),
    ]
    for args in cases:
        proc = run(*args)
        assert proc.returncode == 2, (args, proc.stderr)  # bad usage, as argparse exits
        line = one_error_line(proc)
        assert line.startswith("spindetect: error: --out ") and "choose another --out" in line, line
    assert open(data, "rb").read() == before
    assert (folder / "a.txt").read_text(encoding="utf-8") == text
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_mistakes_in_how_a_command_is_called_exit_2(tmp_path):
    """These were exit 1, the code of unusable input files."""
    text_file = tmp_path / "one.txt"
    text_file.write_text("A text of its own, long enough to read.", encoding="utf-8")
    table = tmp_path / "in.csv"
    table.write_text("id,text\na,Some text.\n", encoding="utf-8")
    data = jsonl(tmp_path / "in.jsonl", [("a", "Some text.")])
    out = str(tmp_path / "x.jsonl")
    for args, message in [
        (("scan", str(text_file), "--out", out), "--out is for collections"),
        (("scan", str(table), "--out", out), "unknown collection type '.csv'"),
        (("screen", "--suspects", str(table), "--out", out), "unknown collection type '.csv'"),
        (("screen", "--suspects", data, "--id-field", ""), "argument --id-field: expected a JSON field name"),
        (("scan", data, "--text-field", "", "--out", out), "argument --text-field"),
        (("scan", data, "--json"), "--json is for one text"),
        (("scan", str(text_file), "--format", "csv"), "--format: for collections"),
        (("scan", str(text_file), "--id-field", "x", "--overwrite"), "--id-field, --overwrite: for collections"),
    ]:
        proc = run(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        (line,) = [x for x in proc.stderr.splitlines() if "error:" in x]
        assert message in line and "Traceback" not in proc.stderr, (args, line)
    # an input that cannot be used is still exit 1
    proc = run("scan", str(tmp_path / "missing.csv"), "--out", out)
    assert proc.returncode == 1 and "does not exist" in one_error_line(proc)
    assert not (tmp_path / "x.jsonl").exists()


def test_folders_read_txt_in_any_case_and_say_what_they_skip(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "UPPER.TXT").write_text(open(SPUN, encoding="utf-8").read(), encoding="utf-8")
    (folder / "lower.txt").write_text(open(ORIG, encoding="utf-8").read(), encoding="utf-8")
    (folder / "notes.md").write_text("Not a text to screen.", encoding="utf-8")
    (folder / "table.csv").write_text("a,b\n", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    proc = run("screen", "--suspects", str(folder), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["suspect_id"], r["source_id"], r["label"]) for r in rows] == [("UPPER", "lower", "spun")]
    (warning,) = [x for x in proc.stderr.splitlines() if "skipped" in x]
    assert "skipped 2 files that are not a document spindetect reads" in warning
    assert warning.endswith(": notes.md, table.csv")


def test_a_file_name_that_is_not_utf8_is_still_read_and_resumed(tmp_path):
    """Its id had a lone surrogate: an error row, and the text was never scanned."""
    folder = tmp_path / "docs"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as fh:
            fh.write(open(SPUN, "rb").read())
    except OSError:  # pragma: no cover - a file system that refuses such names
        pytest.skip("this file system refuses names that are not UTF-8")
    out = tmp_path / "rows.jsonl"
    proc = run("scan", str(folder), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["id"] == "caf\\xe9" and row["label"] == "spun" and row["error"] is None
    proc = run("scan", str(folder), "--out", str(out))  # resumed: the id round-trips
    assert proc.returncode == 0 and "(1 done before)" in proc.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_a_long_row_in_the_way_of_resuming_is_clipped_to_one_short_line(tmp_path):
    data = jsonl(tmp_path / "in.jsonl", [("a", "Some text to screen.")])
    for name, row in [
        ("no-label.jsonl", {"suspect_id": "a", "text": "x" * 5000}),
        ("bad-number.jsonl", {"suspect_id": "a", "label": "spun", "probability": "y" * 5000}),
    ]:
        out = tmp_path / name
        out.write_text(json.dumps(row) + "\n", encoding="utf-8")
        proc = run("screen", "--suspects", data, "--out", str(out))
        assert proc.returncode == 1
        line = one_error_line(proc)
        assert line.startswith(f"spindetect: error: cannot resume from {out}") and len(line) < 600, len(line)
        assert "line 1" in line


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_a_second_run_on_the_same_out_is_refused(tmp_path):
    """Two runs writing one --out at once wrote duplicate rows."""
    import fcntl

    data = jsonl(tmp_path / "in.jsonl", [("a", open(ORIG, encoding="utf-8").read()[:1500])])
    out = tmp_path / "rows.jsonl"
    with open(out, "a") as held:  # another run holds the lock
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        for args in (("scan", data), ("screen", "--suspects", data)):
            proc = run(*args, "--out", str(out))
            assert proc.returncode == 1
            assert one_error_line(proc) == f"spindetect: error: another spindetect run is writing {out}: " + (
                "wait for it to finish, or choose another --out"
            )
    assert out.read_text() == ""
    proc = run("scan", data, "--out", str(out), "--quiet")  # the other run is over
    assert proc.returncode == 0, proc.stderr
    assert len(out.read_text().splitlines()) == 1
    # a run that fails before writing leaves no empty file it created behind
    proc = run("scan", data, "--out", str(tmp_path / "new.jsonl"), "--lexicon", str(tmp_path / "nope.tsv"))
    assert proc.returncode == 1 and not (tmp_path / "new.jsonl").exists()


def test_self_screening_writes_a_row_for_every_document(tmp_path):
    """Without --sources, a document in no pair got no row ("nothing new")."""
    data = jsonl(tmp_path / "in.jsonl", [("a", open(ORIG, encoding="utf-8").read())])
    out = tmp_path / "rows.jsonl"
    proc = run("screen", "--suspects", data, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "1 no-match" in proc.stderr
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (row["suspect_id"], row["source_id"], row["label"]) == ("a", None, "no-match")
    proc = run("screen", "--suspects", data, "--out", str(out))
    assert proc.returncode == 0 and "(1 done before): nothing new" in proc.stderr


# -- documents and report pages (issue 15) -----------------------------------------------------


def _docx(path, text) -> str:
    from test_documents import make_docx

    make_docx(path, [("", p) for p in text.split("\n") if p.strip()])
    return str(path)


def test_scan_a_docx_to_an_html_page_and_json_with_the_file_name(tmp_path):
    doc = _docx(tmp_path / "spun.docx", open(SPUN, encoding="utf-8").read())
    page = tmp_path / "report.html"
    proc = run("scan", doc, "--html", str(page), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["label"] == "spun" and data["document"]["file"] == doc and data["document"]["format"] == "docx"
    text = data["document"]["text"]
    assert all(text[p["span"][0] : p["span"][1]] == p["text"] for p in data["phrases"])
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and all(p["text"] in html for p in data["phrases"])


def test_score_documents_names_them_and_writes_a_page(tmp_path):
    a = _docx(tmp_path / "a.docx", open(SPUN, encoding="utf-8").read())
    page = tmp_path / "pair.html"
    proc = run("score", a, ORIG, "--json", "--html", str(page), "--threshold", "0.6")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["documents"]["a"]["file"] == a and data["documents"]["b"]["file"] == ORIG
    assert data["label"] == "spun" and "Eastern Europe" in page.read_text(encoding="utf-8")


def test_score_checks_the_language_as_scan_does(tmp_path):
    german = tmp_path / "de.txt"
    german.write_text(
        "Die Regierung hat am Mittwoch neue Gesetze beschlossen, die den Handel mit Nachbarstaaten "
        "erleichtern sollen. Kritiker sagen, die Massnahmen kämen zu spät für viele kleine Betriebe.",
        encoding="utf-8",
    )
    for args in (("score", str(german), ORIG), ("scan", str(german))):
        proc = run(*args)
        assert proc.returncode == 1 and "does not look like English" in one_error_line(proc), args


def test_usage_errors_of_the_new_options_exit_2(tmp_path):
    data = jsonl(tmp_path / "in.jsonl", [("a", "Some text.")])
    for args, message in [
        (("scan", SPUN, "--html", str(tmp_path / "x.pdf")), "expected a .html file name"),
        (("scan", data, "--out", str(tmp_path / "rows.xlsx")), "unknown suffix '.xlsx'"),
        (("screen", "--suspects", data, "--out", str(tmp_path / "rows")), "unknown suffix '(no suffix)'"),
        (("score", SPUN, ORIG, "--threshold", "1"), "argument --threshold"),
    ]:
        proc = run(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert message in proc.stderr, (args, proc.stderr)


def test_quiet_when_piped_into_head():
    cmd = f"{sys.executable} -m spindetect scan {SPUN} --json | head -1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, timeout=300)
    assert proc.stdout.strip() == "{"
    assert proc.stderr == "" and proc.returncode == 0, proc.stderr


def test_a_folder_of_documents_goes_on_past_bad_files_and_writes_a_page(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    _docx(folder / "spun.docx", open(SPUN, encoding="utf-8").read())
    (folder / "orig.txt").write_text(open(ORIG, encoding="utf-8").read(), encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    import zipfile

    with zipfile.ZipFile(folder / "renamed.docx", "w") as z:
        z.writestr("a.txt", "zip")
    (folder / "image.png").write_bytes(b"\x89PNG")
    out, page = tmp_path / "rows.jsonl", tmp_path / "rows.html"
    proc = run("scan", str(folder), "--out", str(out), "--html", str(page))
    assert proc.returncode == 0, proc.stderr
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["spun.docx"]["label"] == "spun" and rows["orig"]["label"] in ("clean", "spun")
    assert "not a readable PDF" in rows["broken.pdf"]["error"]
    assert "not a Word document" in rows["renamed.docx"]["error"]
    assert "image.png" in proc.stderr and "not a document spindetect reads" in proc.stderr
    html = page.read_text(encoding="utf-8")
    assert html.index("spun.docx") < html.index("broken.pdf") and "href='#d0'" in html

    page2 = tmp_path / "screen.html"
    proc = run("screen", "--suspects", str(folder), "--out", str(tmp_path / "pairs.csv"), "--html", str(page2))
    assert proc.returncode == 0, proc.stderr
    assert "spindetect screening" in page2.read_text(encoding="utf-8")


def test_python_dash_m_spindetect():
    proc = subprocess.run([sys.executable, "-m", "spindetect", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("spindetect ")


def test_score_and_screen_take_a_lexicon(tmp_path):
    lexicon = tmp_path / "lex.tsv"
    proc = run("score", SPUN, ORIG, "--lexicon", str(lexicon))
    assert proc.returncode == 1 and one_error_line(proc).startswith("spindetect: error: --lexicon: ")


def test_scan_refuses_to_resume_rows_of_another_collection(tmp_path):
    """Resuming `scan COLLECTION --out` on other texts kept the old rows by id."""
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({"id": "t1", "text": open(SPUN, encoding="utf-8").read()}) + "\n", encoding="utf-8")
    second.write_text(json.dumps({"id": "t1", "text": "A plain sentence about the weather today."}) + "\n")
    out = tmp_path / "rows.jsonl"
    assert run("scan", str(first), "--out", str(out)).returncode == 0
    assert (tmp_path / "rows.jsonl.run.json").is_file()
    before = out.read_text(encoding="utf-8")
    proc = run("scan", str(second), "--out", str(out))
    assert proc.returncode != 0
    assert "collection was" in proc.stderr and "second.jsonl" in proc.stderr and "--overwrite" in proc.stderr
    assert out.read_text(encoding="utf-8") == before  # nothing lost, nothing mixed
    proc = run("scan", str(second), "--out", str(out), "--overwrite")
    assert proc.returncode == 0, proc.stderr
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["id"] == "t1" and row["label"] == "clean"
