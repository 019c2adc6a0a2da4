"""Findings of the fresh-user trial of 2026-12-02 (helper 32), as tests.
(The partial-copy search of an index built by ``build_index`` is tested in
test_index_scale and test_screen_partial.)"""

from __future__ import annotations

import json

from conftest import SEEDS
from conftest import run_cli as run

from spindetect.cli import main
from spindetect.outputs import INTERRUPTED_EXIT
from spindetect.screening import batch_scan

SPUN = (SEEDS / "000_e122420be1e099a9.txt").read_text(encoding="utf-8")
ORIGINAL = (SEEDS / "002_e1c3735a55012610.txt").read_text(encoding="utf-8")
OTHER = (SEEDS / "004_7aa6f8a1cfc9cd93.txt").read_text(encoding="utf-8")


def test_screen_page_names_the_spun_copy_as_the_row_does(tmp_path):
    """The detail of a pair on the --html page named the source as the spun
    copy (the report is score(source, suspect); the names went in the other order)."""
    collection = tmp_path / "texts.jsonl"
    lines = [{"id": "spundoc", "text": SPUN}, {"id": "orig", "text": ORIGINAL}]
    collection.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    proc = run("screen", "--suspects", str(collection), "--out", "rows.jsonl", "--html", "page.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(x) for x in (tmp_path / "rows.jsonl").read_text(encoding="utf-8").splitlines()]
    spun_rows = [r for r in rows if r["label"] == "spun"]
    assert spun_rows and all(r["spun_id"] == "spundoc" for r in spun_rows), rows
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "spun copy: <b>spundoc</b>" in page
    assert "spun copy: <b>orig</b>" not in page


def test_rerunning_a_run_whose_rows_are_all_errors_still_exits_1(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x9f\x92\x96" * 50)
    for _ in range(2):  # the run, then its rerun (nothing new: both rows resumed)
        proc = run("scan", str(folder), "--out", "rows.jsonl", cwd=tmp_path)
        assert proc.returncode == 1 and "every row is an error row" in proc.stderr, proc.stderr


def test_ctrl_c_says_one_line_keeps_the_rows_and_the_run_resumes(tmp_path, monkeypatch, capsys):
    """Ctrl-C printed a 40-frame traceback; now one line and exit 130."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in (("a", ORIGINAL), ("b", OTHER), ("c", SPUN)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    real = batch_scan.iter_scan_collection

    def cut_after_one_row(*args, **kwargs):
        for row in real(*args, **kwargs):
            yield row
            raise KeyboardInterrupt

    monkeypatch.setenv("SPINDETECT_JUDGE", "0")
    monkeypatch.setattr(batch_scan, "iter_scan_collection", cut_after_one_row)
    assert main(["scan", str(folder), "--out", str(out), "--quiet"]) == INTERRUPTED_EXIT
    err = capsys.readouterr().err
    assert "interrupted" in err and "run the same command again to resume" in err and "Traceback" not in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    monkeypatch.setattr(batch_scan, "iter_scan_collection", real)
    assert main(["scan", str(folder), "--out", str(out), "--quiet"]) == 0
    ids = sorted(json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines())
    assert ids == ["a", "b", "c"]
