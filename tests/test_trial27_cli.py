"""Helper 28's fixes to the command line: an --out spelled as a --lexicon
that does not exist yet (the lock created the file, the lexicon load then read
it empty: exit 1, 'not a spindetect lexicon file'), and `score - -` (bad usage,
exit 2, was exit 1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "SPINDETECT_JUDGE": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "spindetect", *args], cwd=cwd, input=stdin, capture_output=True, timeout=300, env=env
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.mark.parametrize("command", [["screen", "--suspects", str(SEEDS)], ["scan", str(SEEDS)]])
def test_out_is_a_lexicon_not_there_yet(tmp_path, command):
    proc = run(*command, "--out", "x6.jsonl", "--lexicon", "x6.jsonl", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "--out x6.jsonl is the --lexicon file" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x6.jsonl").exists()


def test_two_stdin_arguments_is_bad_usage(tmp_path):
    proc = run("score", "-", "-", cwd=tmp_path, stdin=b"Some text.")
    assert proc.returncode == 2, proc.stderr
    assert "only one argument can be '-'" in proc.stderr


def test_scan_of_a_text_not_english_names_the_file(tmp_path):
    (tmp_path / "ru.txt").write_text("Президент России заявил в среду, что страна продолжит операцию. " * 3, "utf-8")
    proc = run("scan", "ru.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "error: ru.txt: text does not look like English" in proc.stderr
