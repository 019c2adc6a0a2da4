"""Bad input at the collection entry points (screen, scan_collection, the
CLI, SourceIndex): nothing hangs, nothing blows up, nothing is lost."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import SEEDS, seed

import spindetect
from spindetect import ScanRow, scan_collection
from spindetect.cli import main
from spindetect.screening.batch_scan import SCAN_ROW_FIELDS
from spindetect.screening.driver import iter_screen, screen
from spindetect.screening.index import SourceIndex
from spindetect.screening.reading import ReadError, read_collection
from spindetect.screening.rows import ERROR, RowWriter, ScreenRow, read_rows
from spindetect.screening.storage import IndexFormatError

SPUN = next(SEEDS.glob("000_*.txt")).stem
ORIG = next(SEEDS.glob("002_*.txt")).stem
RELATED = next(SEEDS.glob("004_*.txt")).stem

#: Long enough for the CLI to start and screen a few documents; a hang fails the test instead of the suite.
TIMEOUT = 120


def run(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "spindetect.cli", *args],
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT,
        **kwargs,
    )


def write_jsonl(path: Path, items) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for doc_id, text in items:
            fh.write(json.dumps({"id": doc_id, "text": text}) + "\n")
    return path


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    """The spun seed's source, two near copies of it (so the spun seed has
    three candidate rows), and unrelated text."""
    s2 = seed("002")
    return {
        ORIG: s2,
        "orig-thursday": s2.replace("Wednesday", "Thursday"),
        "orig-cut": s2[: len(s2) * 3 // 4],
        "other": seed("001"),
    }


@pytest.fixture(scope="module")
def suspects() -> dict[str, str]:
    return {SPUN: seed("000"), RELATED: seed("004")}


# -- 1. hangs and blow-ups --------------------------------------------------------------


@pytest.fixture
def small_collection(tmp_path) -> Path:
    return write_jsonl(tmp_path / "docs.jsonl", [("a", seed("002")[:2000])])


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_out_to_a_pipe_or_device_is_written_not_read(small_collection):
    """`--out /dev/stdout` read its own standard output (a pipe) to resume: it hung."""
    proc = run("scan", str(small_collection), "--out", "/dev/stdout", "--quiet")
    assert proc.returncode == 0, proc.stderr
    (row,) = map(json.loads, proc.stdout.splitlines())
    assert row["id"] == "a"
    # --overwrite never removes a device
    proc = run("scan", str(small_collection), "--out", "/dev/null", "--overwrite", "--quiet")
    assert proc.returncode == 0 and os.path.exists("/dev/null")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_stops_the_run_with_one_line(small_collection):
    """`--out /dev/full` read /dev/full (endless zeros) into memory to resume."""

    def limit_memory() -> None:  # before the fix this test would eat the machine's memory
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    proc = run("scan", str(small_collection), "--out", "/dev/full", preexec_fn=limit_memory)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip() == "spindetect: error: cannot write rows to /dev/full: No space left on device"
    with open("/dev/full", "w") as full:
        proc = run("scan", str(small_collection), "--quiet", stdout=full)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "spindetect: error: cannot write rows to standard output: No space left on device"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["scan", "{c}", "--workers", "0"], "--workers"),
        (["scan", "{c}", "--workers", "-1"], "--workers"),
        (["screen", "--suspects", "{c}", "--top", "0"], "--top"),
        (["screen", "--suspects", "{c}", "--min-similarity", "nan"], "--min-similarity"),
        (["screen", "--suspects", "{c}", "--min-similarity", "5"], "--min-similarity"),
        (["screen", "--suspects", "{c}", "--workers", "x"], "--workers"),
    ],
)
def test_bad_options_are_usage_errors_naming_the_option(small_collection, args, option, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([a.format(c=small_collection) for a in args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    (line,) = [x for x in err.splitlines() if "error:" in x]
    assert f"argument {option}:" in line and "Traceback" not in err


def test_deeply_nested_jsonl_line_is_one_error_row(tmp_path):
    jl = tmp_path / "docs.jsonl"
    jl.write_text(
        json.dumps({"id": "a", "text": "First text."}) + "\n" + "[" * 100_000 + "\n"
        '{"id": "b", "text": ' + "[" * 100_000 + "\n" + json.dumps({"id": "c", "text": "Last text."}) + "\n",
        encoding="utf-8",
    )
    items = read_collection(jl)
    assert [i for i, _ in items] == ["a", "docs.jsonl:2", "docs.jsonl:3", "c"]
    for _, err in items[1:3]:
        assert isinstance(err, ReadError) and "nested too deeply" in str(err)
    assert "line 3" in str(items[2][1])


def test_deeply_nested_index_header_is_refused(tmp_path):
    index = SourceIndex()
    index.add("a", "The cat sat on the mat, and then it went to sleep.")
    path = index.save(tmp_path / "idx")
    (path / "header.json").write_text("[" * 100_000)
    with pytest.raises(IndexFormatError, match=r"header\.json: JSON nested too deeply"):
        SourceIndex.load(path)


# -- 2. data loss -------------------------------------------------------------------------


@pytest.fixture
def tiny_index() -> SourceIndex:
    index = SourceIndex()
    index.add("a", "The cat sat on the mat, and then it went to sleep.")
    return index


@pytest.mark.parametrize("where", ["", ".", "..", "sub/..", "./"])
def test_save_refuses_paths_that_name_no_folder_of_its_own(tiny_index, tmp_path, monkeypatch, where):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "keep.txt").write_text("mine")
    (tmp_path / "keep.txt").write_text("mine")
    monkeypatch.chdir(tmp_path / "sub")
    with pytest.raises(ValueError, match="names no directory of the index's own"):
        tiny_index.save(where, overwrite=True)
    assert (tmp_path / "keep.txt").read_text() == "mine" and (tmp_path / "sub" / "keep.txt").read_text() == "mine"


def test_save_overwrites_only_an_index_and_only_its_files(tiny_index, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not a saved SourceIndex"):
        tiny_index.save(folder, overwrite=True)
    assert (folder / "notes.txt").read_text() == "mine"
    afile = tmp_path / "file.txt"
    afile.write_text("mine")
    with pytest.raises(FileExistsError, match="is not a directory"):
        tiny_index.save(afile, overwrite=True)
    assert afile.read_text() == "mine"
    # an index folder with a file of the user's: the index is replaced, the file kept
    path = tiny_index.save(tmp_path / "idx")
    (path / "README").write_text("built from the March crawl")
    bigger = SourceIndex()
    bigger.add_many({"a": "The cat sat on the mat.", "b": "Markets fell by 3% on Monday."})
    bigger.save(path, overwrite=True)
    assert SourceIndex.load(path).ids == ("a", "b")
    assert (path / "README").read_text() == "built from the March crawl"
    assert sorted(p.name for p in path.iterdir()) == sorted(
        ["README", "header.json", "ids.jsonl", "signatures.npy", "offsets.npy", "shingles.npy"]
        + ["band_keys.npy", "band_docs.npy"]
        + ["chunk_ids.npy", "chunk_keys.npy", "chunk_owners.npy"]
    )
    # an empty folder is fine
    (tmp_path / "empty").mkdir()
    tiny_index.save(tmp_path / "empty", overwrite=True)
    assert SourceIndex.load(tmp_path / "empty").ids == ("a",)


def _screen_cli(sus: Path, src: Path, out: Path) -> None:
    assert main(["screen", "--suspects", str(sus), "--sources", str(src), "--out", str(out), "--quiet"]) == 0


def _keys(path: Path) -> list[tuple]:
    return sorted((r.suspect_id or "", r.source_id or "", r.label) for r in read_rows(path))


@pytest.fixture(scope="module")
def screen_files(tmp_path_factory, suspects, sources):
    d = tmp_path_factory.mktemp("screen")
    sus = write_jsonl(d / "suspects.jsonl", [*suspects.items(), ("empty", "  ")])
    src = write_jsonl(d / "sources.jsonl", sources.items())
    reference = d / "reference.jsonl"
    _screen_cli(sus, src, reference)
    return sus, src, reference


def test_resume_after_a_cut_anywhere_loses_and_repeats_no_row(screen_files, tmp_path):
    """An interrupted run, cut after every complete row and in the middle of
    every row, then resumed: the rows are those of an uninterrupted run.
    (Resume was by suspect: a cut between two rows of one suspect lost the rest.)"""
    sus, src, reference = screen_files
    data = reference.read_bytes()
    want = _keys(reference)
    assert sum(1 for k in want if k[0] == SPUN) == 3  # one suspect, three rows
    ends = [i + 1 for i, b in enumerate(data) if b == ord("\n")]
    cuts = sorted({0, *ends[:-1], *(e - 5 for e in ends)})
    for cut in cuts:
        out = tmp_path / f"cut{cut}.jsonl"
        out.write_bytes(data[:cut])
        _screen_cli(sus, src, out)
        assert _keys(out) == want, f"cut at byte {cut}"


def test_resume_after_kill_9_loses_and_repeats_no_row(screen_files, tmp_path):
    """A real `kill -9` of the command while it writes rows, then a resume."""
    sus, src, reference = screen_files
    out = tmp_path / "rows.jsonl"
    args = [sys.executable, "-m", "spindetect.cli", "screen", "--suspects", str(sus), "--sources", str(src)]
    proc = subprocess.Popen([*args, "--out", str(out), "--quiet"], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 2:
                break
            time.sleep(0.001)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
    _screen_cli(sus, src, out)
    assert _keys(out) == _keys(reference)


ODD_IDS = [
    "crlf\r\nid",
    "cr\rid",
    "u2028\u2028id",
    "u2029\u2029id",
    "nel\x85id",
    "nul\x00id",
    "=HYPERLINK(1)",
    "+1",
    "-1",
    "@SUM(1)",
    "\tlead-tab",
    "'=quoted",
    "x" * 140_000,
]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_any_id_round_trips_and_resumes_once(tmp_path, fmt, caplog):
    text = seed("002")[:1500]
    jl = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": doc_id, "text": text}) for doc_id in ODD_IDS]
    lines.append('{"id": "lone\\ud800surrogate", "text": "A text with a bad id."}')
    jl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / f"rows.{fmt}"
    assert main(["scan", str(jl), "--out", str(out), "--quiet"]) == 0
    rows = read_rows(out, row_type=ScanRow)
    bad = rows[-1]  # bad documents come last (a resumed run must not skip a good one behind an error row)
    assert [r.id for r in rows[:-1]] == ODD_IDS
    assert bad.label == ERROR and bad.id == "lone\\ud800surrogate" and "lone surrogate" in bad.error
    # resuming finds every id done: nothing scanned twice, no error row repeated
    before = out.read_bytes()
    assert main(["scan", str(jl), "--out", str(out), "--quiet"]) == 0
    assert out.read_bytes() == before
    if fmt == "csv":
        limit = csv.field_size_limit(2**31 - 1)  # the long id
        try:
            with open(out, newline="", encoding="utf-8") as fh:
                cells = [r[0] for r in csv.reader(fh)][1:-1]
        finally:
            csv.field_size_limit(limit)
        assert cells[6:12] == ["'=HYPERLINK(1)", "'+1", "'-1", "'@SUM(1)", "'\tlead-tab", "''=quoted"]


def test_csv_cells_are_escaped_against_formulas_and_read_back(tmp_path):
    path = tmp_path / "rows.csv"
    rows = [
        ScreenRow("=1+1", "@cmd", "spun", 0.9, 0.3, 0.7, "=1+1"),
        ScreenRow("-2", None, ERROR, error="+bad"),
        ScreenRow("'-x", "plain", "related", 0.1, 0.1, 0.3),
    ]
    with RowWriter(path) as w:
        for r in rows:
            w.write(r)
    with open(path, newline="", encoding="utf-8") as fh:
        raw = list(csv.reader(fh))[1:]
    assert [r[0] for r in raw] == ["'=1+1", "'-2", "''-x"]
    assert raw[0][1] == "'@cmd" and raw[1][-1] == "'+bad" and raw[2][1] == "plain"
    assert read_rows(path) == rows


def test_a_bad_byte_costs_one_line_and_names_it(tmp_path):
    """The text-mode reader blamed line 80 for a bad byte on line 121 and
    dropped every line after the last good buffer."""
    jl = tmp_path / "docs.jsonl"
    with open(jl, "wb") as fh:
        for n in range(1, 131):
            line = json.dumps({"id": f"d{n}", "text": f"Document number {n} of the test collection."}).encode()
            if n == 121:
                line = line.replace(b"number", b"numb\xffer")
            fh.write(line + b"\n")
    items = read_collection(jl)
    assert len(items) == 130
    bad = [(i, t) for i, t in items if isinstance(t, ReadError)]
    assert [i for i, _ in bad] == ["docs.jsonl:121"]
    assert "line 121: not UTF-8" in str(bad[0][1])
    assert [i for i, t in items if not isinstance(t, ReadError)] == [f"d{n}" for n in range(1, 131) if n != 121]


def test_folder_texts_are_plain_str(tmp_path):
    """Texts read from files travel to Dask workers: a str subclass that does
    not unpickle broke `--workers N` on folders."""
    import pickle

    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    ((_, text),) = read_collection(tmp_path)
    assert type(text) is str and pickle.loads(pickle.dumps(text)) == text


# -- 3. one bad document never stops a run ----------------------------------------------------

FAILURES = [RuntimeError("broken"), RecursionError("too deep"), MemoryError(), KeyError("deep inside")]


@pytest.fixture(scope="module")
def scan_texts() -> dict[str, str]:
    return {"ok": seed("002")[:1500], "bad": seed("001")[:1500], "also-ok": seed("004")[:1500]}


def _failing_scan(monkeypatch, exc: BaseException) -> None:
    from spindetect.scanning.scanner import Scanner

    real = Scanner.scan

    def scan(self, text, *args, **kwargs):
        if text.startswith(seed("001")[:100]):
            raise exc
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Scanner, "scan", scan)


@pytest.mark.parametrize("exc", FAILURES, ids=lambda e: type(e).__name__)
def test_any_exception_scanning_one_document_is_its_error_row(monkeypatch, scan_texts, exc):
    _failing_scan(monkeypatch, exc)
    rows = scan_collection(scan_texts)
    assert [r.id for r in rows] == ["ok", "bad", "also-ok"]
    assert rows[0].label != ERROR and rows[2].label != ERROR
    assert rows[1].label == ERROR and type(exc).__name__ in rows[1].error


def _failing_pair_and_search(monkeypatch) -> None:
    from spindetect.scoring.detector import Detector

    real_score, real_find = Detector.score_documents, SourceIndex.find

    def score_documents(self, a, b):
        if b.text.startswith("Some text"):
            raise RecursionError("maximum recursion depth exceeded")
        return real_score(self, a, b)

    def find(self, suspect, *args, **kwargs):
        if "Jap Europe" in suspect:
            raise KeyError("deep inside")
        return real_find(self, suspect, *args, **kwargs)

    monkeypatch.setattr(Detector, "score_documents", score_documents)
    monkeypatch.setattr(SourceIndex, "find", find)


def _check_failures(rows) -> None:
    errors = {(r.suspect_id, r.source_id): r.error for r in rows if r.label == ERROR}
    assert "KeyError" in errors[(SPUN, None)]
    assert "scoring failed: RecursionError" in errors[("twin", "twin-source")]
    assert any(r.label != ERROR for r in rows if r.suspect_id == RELATED)


@pytest.fixture(scope="module")
def failing_inputs(suspects):
    twin = "Some text about the weather, which was cold and wet on Monday in the north of the country."
    return {**suspects, "twin": twin}, {"twin-source": twin, ORIG: seed("002"), "other": seed("001")}


def test_any_exception_screening_one_document_is_its_error_row(monkeypatch, failing_inputs):
    _failing_pair_and_search(monkeypatch)
    sus, src = failing_inputs
    _check_failures(screen(sus, src).rows)
    # a source that cannot be indexed is an error row too
    from spindetect.screening import index as index_module

    real = index_module.shingle_sequence

    def shingle_sequence(text, *args):
        if text.startswith("Some text"):
            raise MemoryError()
        return real(text, *args)

    monkeypatch.setattr(index_module, "shingle_sequence", shingle_sequence)
    rows = screen({RELATED: seed("004")}, src).rows
    assert any(r.source_id == "twin-source" and "MemoryError" in r.error for r in rows if r.label == ERROR)


def test_any_exception_on_one_document_is_its_error_row_on_dask(monkeypatch, dask_client, failing_inputs, scan_texts):
    _failing_pair_and_search(monkeypatch)
    sus, src = failing_inputs
    _check_failures(list(iter_screen(sus, src, client=dask_client, chunk_size=1)))
    _failing_scan(monkeypatch, RuntimeError("broken"))
    rows = {r.id: r for r in scan_collection(scan_texts, client=dask_client, chunk_size=1)}
    assert rows["bad"].label == ERROR and "RuntimeError: broken" in rows["bad"].error
    assert rows["ok"].label != ERROR and rows["also-ok"].label != ERROR


# -- 4. validated inputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"top": 0}, "top must be a positive int"),
        ({"min_similarity": float("nan")}, "min_similarity must be a number from 0 to 1"),
        ({"min_similarity": 5}, "min_similarity must be a number from 0 to 1"),
        ({"min_similarity": "0.5"}, "min_similarity must be a number from 0 to 1"),
        ({"min_similarity": None}, "min_similarity must be a number from 0 to 1"),
    ],
)
def test_screen_parameters_are_checked_by_name(kwargs, message):
    with pytest.raises(ValueError, match=message):
        screen({"a": "Some text."}, **kwargs)


def test_bytes_are_not_a_collection():
    for call, name in [(screen, "suspects"), (scan_collection, "texts")]:
        with pytest.raises(TypeError, match=rf"{name} is bytes, not a collection: decode"):
            call(b"The quick brown fox.")
    with pytest.raises(TypeError, match="sources is bytearray"):
        screen({"a": "Some text."}, bytearray(b"x"))


def _tamper(path: Path, **params) -> None:
    header = json.loads((path / "header.json").read_text())
    for key, value in params.items():
        if key in ("counts", "files"):
            header[key] = value
        elif key == "params":
            header["params"] = value
        else:
            header["params"][key] = value
    (path / "header.json").write_text(json.dumps(header))


def _refresh_file_entry(path: Path, name: str) -> None:
    import hashlib

    header = json.loads((path / "header.json").read_text())
    data = (path / name).read_bytes()
    header["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (path / "header.json").write_text(json.dumps(header))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"shingle_size": "5"}, "shingle_size must be a positive int"),
        ({"shingle_size": 0}, "shingle_size must be a positive int"),
        ({"seed": 1.5}, "seed must be an int"),
        ({"seed": -1}, "seed must be an int from 0"),
        ({"bands": 2.5}, "bands must be a positive int"),
        ({"bands": True}, "bands must be a positive int"),
        ({"num_perm": 10**9}, "num_perm must be at most"),
        ({"min_similarity": "high"}, "min_similarity must be a number"),
        ({"surprise": 1}, "surprise"),
        ({"params": ["not", "a", "table"]}, "no counts or params table"),
        ({"counts": {"documents": True}}, "counts.documents must be a count"),
        ({"counts": {"documents": -1}}, "counts.documents must be a count"),
        ({"counts": {"documents": 43, "shingles": "many"}}, "counts.shingles must be a count"),
        ({"counts": {"documents": 43, "shingles": 7}}, r"shingles\.npy: .* shingles, the header says 7"),
    ],
)
def test_tampered_index_header_is_refused_naming_the_field(seed_index_path, change, message):
    _tamper(seed_index_path, **change)
    with pytest.raises(IndexFormatError, match=message) as info:
        SourceIndex.load(seed_index_path)
    assert "header.json" in str(info.value) or ".npy" in str(info.value)


@pytest.fixture
def seed_index_path(tmp_path) -> Path:
    index = SourceIndex()
    for n in range(43):
        index.add(f"d{n}", f"Document {n} says that the talks on {n} sites in Europe went on for {n} hours.")
    return index.save(tmp_path / "idx")


def test_npy_claiming_1e10_items_is_refused_before_allocating(seed_index_path):
    path = seed_index_path / "shingles.npy"
    data = path.read_bytes()
    header_end = data.index(b"\n") + 1
    header = data[:header_end].decode("latin1")
    n = np.load(path).shape[0]
    fake = header.replace(f"({n},)", "(10000000000,)")
    fake = fake[:-1].rstrip().ljust(len(header) - 1) + "\n"  # the same header length (spaces pad it)
    path.write_bytes(fake.encode("latin1") + data[header_end:])
    _refresh_file_entry(seed_index_path, "shingles.npy")
    with pytest.raises(IndexFormatError, match=r"shingles\.npy: .*claims shape \(10000000000,\)"):
        SourceIndex.load(seed_index_path)


def test_arrays_of_mismatched_lengths_are_refused(seed_index_path):
    np.save(seed_index_path / "offsets.npy", np.zeros(5, dtype=np.int64), allow_pickle=False)
    _refresh_file_entry(seed_index_path, "offsets.npy")
    with pytest.raises(IndexFormatError, match=r"offsets\.npy: shape \(5,\) int64, expected \(44,\)"):
        SourceIndex.load(seed_index_path)


def test_lone_surrogate_ids_are_refused_by_the_index():
    with pytest.raises(ValueError, match="lone surrogate"):
        SourceIndex().add("bad\ud800", "Some text.")


def test_scan_row_csv_round_trip_of_formula_fields(tmp_path):
    path = tmp_path / "rows.csv"
    row = ScanRow("=id", "spun", 0.9, 0.5, 1, 2.0, 100, "-phrase -> original", None)
    with RowWriter(path, fields=SCAN_ROW_FIELDS) as w:
        w.write(row)
    assert read_rows(path, row_type=ScanRow) == [row]
    assert spindetect.ScanRow is ScanRow


def test_skip_and_field_names_are_checked_by_name(tmp_path):
    with pytest.raises(TypeError, match="skip must be a collection of ids"):
        scan_collection({"a": "Some text."}, skip="a")
    with pytest.raises(TypeError, match="skip must be a collection of ids"):
        screen({"a": "Some text."}, skip="a")
    with pytest.raises(TypeError, match="skip_pairs must be \\(id, id\\) pairs"):
        screen({"a": "Some text."}, skip_pairs=["ab"])
    jl = write_jsonl(tmp_path / "docs.jsonl", [("a", "Some text.")])
    with pytest.raises(ValueError, match="id_field must be a non-empty str"):
        read_collection(jl, id_field=["id"])
