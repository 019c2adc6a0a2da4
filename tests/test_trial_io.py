"""Bad input around what the commands write and read: an --html page that is
an input, a full standard output, Lexicon.save over a file that is no
lexicon, and a DOCX of millions of paragraphs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import SEEDS

from spindetect.documents import office, read_document
from spindetect.files import InputError
from spindetect.resources.lexicon import Lexicon

SPUN = str(next(SEEDS.glob("000_*.txt")))
ORIG = str(next(SEEDS.glob("002_*.txt")))


def run(*args: str, cwd: Path | None = None, stdout: int | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "spindetect.cli", *args],
        cwd=cwd,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    out = "" if proc.stdout is None else proc.stdout.decode()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, proc.stderr.decode())


# -- 1. --html is never an input ---------------------------------------------------------


@pytest.fixture
def inputs(tmp_path):
    text = Path(SPUN).read_text(encoding="utf-8")
    (tmp_path / "p2.html").write_text(text, encoding="utf-8")
    (tmp_path / "p3.html").write_text(text, encoding="utf-8")
    (tmp_path / "orig.txt").write_text(Path(ORIG).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "hdir").mkdir()
    (tmp_path / "hdir" / "x.html").write_text(text, encoding="utf-8")
    (tmp_path / "hdir" / "y.txt").write_text(text, encoding="utf-8")
    os.symlink("p2.html", tmp_path / "link.html")
    os.link(tmp_path / "p3.html", tmp_path / "hard.html")
    return tmp_path, text


@pytest.mark.parametrize(
    "args, named",
    [
        (["scan", "p2.html", "--html", "p2.html"], "p2.html"),
        (["scan", "p2.html", "--html", "./link.html"], "./link.html"),
        (["score", "p3.html", "orig.txt", "--html", "p3.html"], "p3.html"),
        (["score", "orig.txt", "p3.html", "--html", "hard.html"], "hard.html"),
        (["scan", "hdir", "--out", "h.jsonl", "--html", "hdir/x.html"], "hdir/x.html"),
        (["scan", "hdir", "--out", "h.jsonl", "--html", "hdir/new.html"], "hdir/new.html"),  # read next run
        (["screen", "--suspects", "hdir", "--out", "s.jsonl", "--html", "./hdir/x.html"], "./hdir/x.html"),
        (["scan", "hdir", "--out", "r.html", "--format", "jsonl", "--html", "./r.html"], "./r.html"),  # the rows
    ],
)
def test_html_that_is_an_input_is_refused(inputs, args, named):
    folder, text = inputs
    proc = run(*args, cwd=folder)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and f"--html {named}" in lines[0] and "Traceback" not in proc.stderr
    for name in ("p2.html", "p3.html", "hdir/x.html"):
        assert (folder / name).read_text(encoding="utf-8") == text  # nothing overwritten
    assert not (folder / "hdir" / "new.html").exists() and not (folder / "h.jsonl").exists()


def test_html_elsewhere_is_still_written(inputs):
    folder, _ = inputs
    proc = run("scan", "p2.html", "--html", "report.html", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert (folder / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# -- 2. a full standard output -----------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize(
    "args", [["scan", SPUN], ["score", SPUN, ORIG], ["scan", SPUN, "--json"], ["score", SPUN, ORIG, "--json"]]
)
def test_full_standard_output_is_one_line_not_a_traceback(args):
    with open("/dev/full", "wb") as full:
        proc = run(*args, stdout=full.fileno())
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[-1] == "spindetect: error: cannot write the report to standard output: No space left on device"
    assert len([line for line in lines if "error" in line]) == 1


def test_closed_pipe_stays_quiet():
    cmd = [sys.executable, "-m", "spindetect.cli", "scan", SPUN]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0 and "Traceback" not in err and "error" not in err


# -- 3. Lexicon.save ----------------------------------------------------------------------


def test_lexicon_save_never_replaces_a_file_that_is_no_lexicon(tmp_path):
    article = tmp_path / "orig.txt"
    article.write_text("An article of the user's.\n", encoding="utf-8")
    lex = Lexicon.loads("# spindetect-lexicon 1\n# name: demo\nprofound learning\tdeep learning\t1.0\tuser\n")
    with pytest.raises(FileExistsError, match="orig.txt.*overwrite=True"):
        lex.save(article)
    assert article.read_text(encoding="utf-8") == "An article of the user's.\n"
    empty = tmp_path / "empty.tsv"
    empty.write_bytes(b"")
    with pytest.raises(FileExistsError):
        lex.save(empty)
    lex.save(article, overwrite=True)  # said so: replaced
    assert Lexicon.load(article).signature == lex.signature
    # a saved lexicon is replaced as before, also one with a byte order mark
    saved = tmp_path / "lex.tsv"
    Lexicon(name="old").save(saved)
    lex.save(saved)
    assert Lexicon.load(saved).signature == lex.signature
    saved.write_bytes(b"\xef\xbb\xbf" + saved.read_bytes())
    Lexicon(name="old").save(saved)
    assert len(Lexicon.load(saved)) == 0


def test_lexicon_save_into_a_missing_folder_names_it(tmp_path):
    missing = tmp_path / "no" / "such"
    with pytest.raises(FileNotFoundError, match=f"folder {missing} does not exist"):
        Lexicon(name="x").save(missing / "lex.tsv")
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(FileNotFoundError, match=f"folder {afile} is not a folder"):
        Lexicon(name="x").save(afile / "lex.tsv")


# -- 4. a DOCX of millions of paragraphs --------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path: Path, body: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {_W}><w:body>{body}</w:body></w:document>')
    return path


def test_docx_of_two_million_short_paragraphs_is_refused_early(tmp_path):
    path = _docx(tmp_path / "many.docx", "<w:p><w:r><w:t>ab cd</w:t></w:r></w:p>" * 2_000_000)
    assert path.stat().st_size < 400_000
    start = time.process_time()  # CPU time: other jobs on a shared machine took the wall clock to 11.6 s
    with pytest.raises(InputError, match=r"many\.docx has more than 200,000 paragraphs"):
        read_document(path)
    assert (
        time.process_time() - start < 8
    )  # 12 s and 1 GB when the whole text was built first; 3-9 s parsing up to the limit; ms counting tags


def test_docx_over_max_chars_is_refused_as_the_count_passes_it(tmp_path, monkeypatch):
    import spindetect.text

    assert getattr(office, "MAX_TEXT_CHARS", None) == spindetect.text.MAX_CHARS  # the library's text limit
    monkeypatch.setattr(office, "MAX_TEXT_CHARS", 1000)
    body = "".join(f"<w:p><w:r><w:t>paragraph {k} of words and words.</w:t></w:r></w:p>" for k in range(500))
    path = _docx(tmp_path / "long.docx", body)
    seen: list[int] = []
    real = getattr(office, "_block_child", None)
    monkeypatch.setattr(office, "_block_child", lambda el, out: (seen.append(out.length), real(el, out)), raising=False)
    with pytest.raises(InputError, match=r"long\.docx has more than 1,000 characters"):
        read_document(path)
    assert len(seen) < 40  # stopped at the limit, not after reading all 500 paragraphs


def test_docx_under_the_limits_reads_as_before(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "MAX_PARAGRAPHS", 3, raising=False)
    body = (
        "<w:p><w:r><w:t>First paragraph.</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>Last one.</w:t></w:r></w:p>"
    )
    doc = read_document(_docx(tmp_path / "ok.docx", body))
    assert "First paragraph." in doc.text and "cell" in doc.text and "Last one." in doc.text
    monkeypatch.setattr(office, "MAX_PARAGRAPHS", 2)
    with pytest.raises(InputError, match="more than 2 paragraphs"):
        read_document(_docx(tmp_path / "ok.docx", body))
    # a prefix other than Word's w: is not counted in the bytes, but as the paragraphs are parsed
    other = tmp_path / "x.docx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><x:document {_W.replace("xmlns:w", "xmlns:x")}><x:body>'
            + body.replace("<w:", "<x:").replace("</w:", "</x:")
            + "</x:body></x:document>",
        )
    with pytest.raises(InputError, match="more than 2 paragraphs"):
        read_document(other)
