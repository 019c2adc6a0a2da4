"""The command line, run as users run it: through a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

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
    assert proc.returncode == 1
    assert "only one argument" in proc.stderr


def test_usage_error_exit_code():
    proc = run("score", SPUN)
    assert proc.returncode == 2
