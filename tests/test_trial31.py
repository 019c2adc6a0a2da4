"""Findings of the fresh-user trial of 2026-12-01 (helper 31), as tests."""

from __future__ import annotations

import pytest
from conftest import SEEDS
from conftest import run_cli as run

import spindetect
from spindetect.cli import max_local_workers


def test_html_page_does_not_replace_a_file_spindetect_did_not_write(tmp_path):
    mine = tmp_path / "notes.html"
    mine.write_text("my own notes\n", encoding="utf-8")
    report = spindetect.scan("The minister said the agreement would hold for another year.")
    with pytest.raises(FileExistsError, match="not a page spindetect wrote"):
        report.to_html(mine)
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    page = tmp_path / "page.html"
    report.to_html(page)
    report.to_html(page)  # its own page is replaced
    assert "spindetect" in page.read_text(encoding="utf-8")
    empty = tmp_path / "empty.html"
    empty.write_text("", encoding="utf-8")
    report.to_html(empty)
    assert empty.stat().st_size > 0


def test_cli_html_refuses_a_foreign_file_before_the_run(tmp_path):
    mine = tmp_path / "exists.html"
    mine.write_text("existing\n", encoding="utf-8")
    proc = run(
        "score",
        str(SEEDS / "002_e1c3735a55012610.txt"),
        str(SEEDS / "000_e122420be1e099a9.txt"),
        "--html",
        str(mine),
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "not a page spindetect wrote" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""  # refused before scoring
    assert mine.read_text(encoding="utf-8") == "existing\n"


def test_cli_refuses_more_local_workers_than_the_machine_holds(tmp_path):
    (tmp_path / "a.txt").write_text((SEEDS / "002_e1c3735a55012610.txt").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run(
        "scan",
        str(tmp_path),
        "--workers",
        str(max_local_workers() + 1),
        "--out",
        str(tmp_path / "o.jsonl"),
        cwd=tmp_path,
    )
    assert proc.returncode != 0
    assert "--workers" in proc.stderr and "--scheduler" in proc.stderr and "Traceback" not in proc.stderr


def test_a_collection_run_with_only_error_rows_exits_1(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    (folder / "b.txt").write_text("", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    proc = run("scan", str(folder), "--out", str(out), "--quiet", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "every row is an error row" in proc.stderr and "Traceback" not in proc.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2  # the rows are still written
    # one good text among them: a run that did its work, exit 0
    (folder / "c.txt").write_text((SEEDS / "002_e1c3735a55012610.txt").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run("scan", str(folder), "--out", str(tmp_path / "rows2.jsonl"), "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # a resume whose only new row is an error row, after good rows: not a failed run
    (folder / "d.txt").write_text("", encoding="utf-8")
    proc = run("scan", str(folder), "--out", str(tmp_path / "rows2.jsonl"), "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len((tmp_path / "rows2.jsonl").read_text(encoding="utf-8").splitlines()) == 4
