"""screen(): suspects against sources, a collection against itself, bad
documents, readers and writers, the CLI (subprocess), resuming, and Dask."""

from __future__ import annotations

import csv
import json
import random
import re
import subprocess
import sys

import pytest
from conftest import SEEDS, process_cluster, seed

import spindetect
from spindetect.screening.driver import iter_screen, screen
from spindetect.screening.reading import ReadError, read_collection
from spindetect.screening.rows import ERROR, NO_MATCH, ROW_FIELDS, RowWriter, ScreenResult, ScreenRow, read_rows

SPUN = next(SEEDS.glob("000_*.txt")).stem
ORIG = next(SEEDS.glob("002_*.txt")).stem
REWRITE = next(SEEDS.glob("001_*.txt")).stem
RELATED = next(SEEDS.glob("004_*.txt")).stem


def filler(n: int, rng_seed: int = 5) -> dict[str, str]:
    """Unrelated documents: disjoint groups of shuffled sentences of the
    rewrite and the related article, so they share vocabulary with the seeds
    but are no one's copy."""
    rng = random.Random(rng_seed)
    pool = [s for s in re.split(r"(?<=[.!?])\s+", seed("001") + "\n" + seed("004")) if len(s.split()) > 5]
    rng.shuffle(pool)
    size = len(pool) // n
    return {f"filler{i}": " ".join(pool[i * size : (i + 1) * size]) for i in range(n)}


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    return {ORIG: seed("002"), **filler(12)}


@pytest.fixture(scope="module")
def suspects() -> dict[str, str]:
    return {SPUN: seed("000"), REWRITE: seed("001"), RELATED: seed("004")}


@pytest.fixture(scope="module")
def local_result(suspects, sources) -> ScreenResult:
    return screen(suspects, sources)


@pytest.fixture(scope="module")
def collection(suspects, sources) -> dict[str, str]:
    """One collection: the original, its spun copy, a lightly edited second
    copy of the spun text, the rewrite, the related article, filler."""
    second = seed("000").replace("Wednesday", "Thursday").replace("Ukraine", "Kyiv")
    return {**sources, SPUN: seed("000"), "spun-again": second, REWRITE: seed("001"), RELATED: seed("004")}


@pytest.fixture(scope="module")
def within_result(collection) -> ScreenResult:
    return screen(collection)


# -- suspects against sources ---------------------------------------------------------


def test_spun_suspect_finds_its_source(local_result):
    assert local_result.mode == "sources" and local_result.suspects == 3 and local_result.sources == 13
    by_suspect = {r.suspect_id: r for r in local_result if r.source_id == ORIG}
    row = by_suspect[SPUN]
    assert row.label == "spun" and row.spun_id == SPUN
    assert row.probability > 0.5 and 0.1 < row.density < 0.6 and row.similarity > 0.25
    # every suspect has at least one row, so a resumed run can skip it
    assert {r.suspect_id for r in local_result} == {SPUN, REWRITE, RELATED}
    assert all(r.label != "spun" for r in local_result if r.suspect_id != SPUN)
    assert local_result.spun == (row,)


def test_rows_are_frozen_and_json_safe(local_result):
    row = local_result.spun[0]
    with pytest.raises(AttributeError):
        row.label = "copy"
    data = json.loads(json.dumps(local_result.to_dict()))
    assert data["counts"]["spun"] == 1 and list(data["rows"][0]) == [*ROW_FIELDS, "source_duplicates"]
    assert ScreenRow.from_dict(row.to_dict()) == ScreenRow.from_dict(json.loads(json.dumps(row.to_dict())))
    assert SPUN in str(local_result) and "spun" in repr(local_result)
    assert "<table>" in local_result._repr_html_()
    assert str(row).startswith(f"{SPUN} <- {ORIG}: spun")


def test_exported_from_the_package():
    assert spindetect.screen is screen
    assert {"SourceIndex", "screen", "ScreenRow", "ScreenResult"} <= set(spindetect.__all__)


def test_a_prebuilt_index_gives_the_same_rows(suspects, sources, local_result):
    index = spindetect.SourceIndex()
    index.add_many(sources)
    assert screen(suspects, sources, index=index) == local_result
    with pytest.raises(ValueError, match="index= needs sources="):
        screen(suspects, index=index)


def test_no_match_rows_and_the_similarity_floor(suspects, sources):
    result = screen(suspects, sources, min_similarity=0.99)
    assert {r.label for r in result} == {NO_MATCH}
    assert [r.suspect_id for r in result] == list(suspects)


def test_skip_resumes_without_the_done_suspects(suspects, sources, local_result):
    rest = screen(suspects, sources, skip=[SPUN])
    assert SPUN not in {r.suspect_id for r in rest}
    assert rest.rows == tuple(r for r in local_result if r.suspect_id != SPUN)


# -- one collection against itself --------------------------------------------------------


def test_within_finds_each_pair_once_oriented_to_the_spun_copy(within_result, collection):
    assert within_result.mode == "within"
    # each pair once, oriented to the spun copy; a pair with no spun copy once from each side
    pairs = [(r.suspect_id, r.source_id) for r in within_result if r.label != ERROR]
    assert len(pairs) == len(set(pairs))
    for r in within_result:
        if r.source_id is not None and r.label != ERROR:
            assert ((r.source_id, r.suspect_id) in pairs) == (r.spun_id is None), r
    spun = {(r.suspect_id, r.source_id) for r in within_result.spun}
    assert (SPUN, ORIG) in spun
    assert ("spun-again", ORIG) in spun
    for r in within_result.spun:
        assert r.spun_id == r.suspect_id
    # the two versions of the spun text are paired too: a copy, a row from each side
    twins = [r for r in within_result if {r.suspect_id, r.source_id} == {SPUN, "spun-again"}]
    assert len(twins) == 2 and twins[0].label == twins[1].label == "copy" and twins[0].similarity > 0.9
    assert not {r.suspect_id for r in within_result.spun} & set(filler(12))


def test_within_skip_pairs(collection, within_result):
    done = [(r.suspect_id, r.source_id) for r in within_result if r.source_id is not None][:1]
    rest = screen(collection, skip_pairs=done)
    assert len(rest) == len(within_result) - 1


def test_every_document_gets_a_row_in_both_modes(collection, within_result):
    """Screening a collection against itself wrote no row for a document in
    no pair (`screen({"x": text})` was empty), while sources mode gives such
    a suspect a no-match row."""
    (row,) = screen({"x": seed("002")})
    assert (row.suspect_id, row.source_id, row.label) == ("x", None, NO_MATCH)
    in_rows = {r.suspect_id for r in within_result} | {r.source_id for r in within_result}
    assert in_rows - {None} == set(collection)
    alone = [r.suspect_id for r in within_result if r.label == NO_MATCH]
    assert alone and all(r.source_id is None for r in within_result if r.label == NO_MATCH)
    paired = {d for r in within_result if r.source_id is not None for d in (r.suspect_id, r.source_id)}
    assert not paired & set(alone)
    # resuming: a document with its no-match row is skipped, pairs stay as they were
    rest = screen(collection, skip=alone)
    assert rest.rows == tuple(r for r in within_result if r.label != NO_MATCH)
    # a document whose only pairs were scored before is not "no match"
    pairs = [(r.suspect_id, r.source_id) for r in within_result if r.source_id is not None]
    rest = screen(collection, skip_pairs=pairs)
    assert {r.suspect_id for r in rest} == set(alone)


def test_a_suspect_is_never_compared_with_itself_when_a_source_has_its_id():
    """`screen({"x": spun}, {"x": original})` scored the suspect against its
    own text ("copy", P 0.001): suspect and source ids are separate namespaces."""
    spun, original = seed("000"), seed("002")
    (same,) = screen({"x": spun}, {"x": original})
    (renamed,) = screen({"x": spun}, {"y": original})
    assert (same.suspect_id, same.source_id) == ("x", "x")
    assert same.label == renamed.label == "spun"
    assert same.probability == renamed.probability and same.density == renamed.density
    # skip_pairs are (suspect, source) in sources mode: ("y", "x") is not ("x", "y")
    result = screen({"x": spun, "y": original}, {"x": original, "y": spun}, skip_pairs=[("y", "x")])
    assert {(r.suspect_id, r.source_id) for r in result} == {("x", "x"), ("x", "y"), ("y", "y")}
    assert {(r.suspect_id, r.source_id): r.label for r in result}[("x", "y")] == "copy"


def test_a_disguised_copy_is_screened_as_a_copy(sources):
    """Look-alike letters, zero-width characters and full-width letters hid
    a verbatim copy from the index (score and scan saw through them)."""
    original = seed("002")
    disguised = {
        "cyrillic": original.translate(
            str.maketrans(dict(zip("aeopcxy", "\u0430\u0435\u043e\u0440\u0441\u0445\u0443")))
        ),
        "zero-width": original.replace(" ", " \u200b").replace("o", "o\u200d"),
        "full-width": "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in original),
    }
    result = screen(disguised, sources)
    for doc_id in disguised:
        (row,) = [r for r in result if r.suspect_id == doc_id and r.source_id == ORIG]
        assert row.similarity > 0.99 and row.label == "copy", row


# -- bad documents ------------------------------------------------------------------------


def test_bad_documents_are_reported_and_skipped(sources):
    suspects = [
        (SPUN, seed("000")),
        ("empty", ""),
        ("binary", "\x00\x01\x02" * 50),
        ("none", None),
        (SPUN, "A duplicate id, with a text of its own."),
        ("unreadable", ReadError("folder/unreadable.txt is not UTF-8 text")),
        (42, "A numeric id."),
        "not a pair",
    ]
    bad_sources = {**sources, "empty-source": "   "}
    result = screen(suspects, bad_sources)
    errors = {(r.suspect_id, r.source_id): r.error for r in result.errors}
    assert errors[("empty", None)] == "suspect 'empty' is empty or whitespace only: nothing to compare"
    assert "suspect 'binary' looks like binary data" in errors[("binary", None)]
    assert "suspect 'none' must be str, not NoneType" in errors[("none", None)]
    assert "duplicate suspect id" in errors[(SPUN, None)] and "item #4" in errors[(SPUN, None)]
    assert errors[("unreadable", None)] == "folder/unreadable.txt is not UTF-8 text"
    assert "id must be a non-empty str, got 42" in errors[("#6", None)]
    assert "not an (id, text) pair" in errors[("#7", None)]
    assert "source 'empty-source' is empty" in errors[(None, "empty-source")]
    # ... and the good suspect was still screened
    assert [(r.suspect_id, r.source_id) for r in result.spun] == [(SPUN, ORIG)]
    assert result.rows[0].source_id == "empty-source"  # sources' errors come first


def test_bad_arguments():
    with pytest.raises(TypeError, match="not an existing path"):
        screen("The quick brown fox is not a collection.")
    # a missing path given as a str is a missing path, as for a Path
    with pytest.raises(ValueError, match="/nonexistent.jsonl does not exist"):
        screen("/nonexistent.jsonl")
    with pytest.raises(ValueError, match="sources.jsonl does not exist"):
        screen({"a": "text"}, "sources.jsonl")
    with pytest.raises(TypeError, match="not an existing path"):
        screen("The cost was 3/4 of the budget.")
    with pytest.raises(TypeError, match="must be a mapping of id to text"):
        screen(42)
    with pytest.raises(ValueError, match="top must be a positive int"):
        screen({}, top=0)
    with pytest.raises(ValueError, match="pass client= or scheduler=, not both"):
        screen({}, client=object(), scheduler="tcp://localhost:1")


def test_dask_missing_says_what_to_install(monkeypatch, suspects, sources):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r"pip install 'spindetect\[scale\]'"):
        screen(suspects, sources, scheduler="tcp://127.0.0.1:8786")


# -- readers and writers -----------------------------------------------------------------


def test_read_collection_folder_jsonl_and_txt(tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("First document.", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Second document.", encoding="utf-8")
    (folder / "sub" / "c.txt").write_bytes(b"\x00\x01binary")  # no byte-order mark: NUL bytes say binary
    (folder / "ignored.md").write_text("Not a .txt file.")
    items = read_collection(folder)
    assert [i for i, _ in items] == ["a", "sub/b", "sub/c"]
    assert items[0][1] == "First document."
    assert isinstance(items[2][1], ReadError) and "sub/c.txt looks binary" in str(items[2][1])

    jl = tmp_path / "docs.jsonl"
    jl.write_text(
        "\n".join(
            [
                json.dumps({"id": "x", "text": "Text x."}),
                json.dumps({"id": 7, "text": "Numeric ids become strings."}),
                "{broken",
                json.dumps({"id": "y"}),
                json.dumps(["a", "list"]),
                "",
                json.dumps({"text": "No id."}),
                json.dumps({"doc": "z", "body": "Other field names."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    items = read_collection(jl)
    assert [i for i, _ in items] == ["x", "7", "docs.jsonl:3", "y", "docs.jsonl:5", "docs.jsonl:7", "docs.jsonl:8"]
    errors = [str(t) for _, t in items if isinstance(t, ReadError)]
    assert "line 3: not JSON" in errors[0] and "line 4: 'text' is missing" in errors[1]
    assert "expected a JSON object" in errors[2] and "line 7: no 'id' field" in errors[3]
    assert read_collection(jl, id_field="doc", text_field="body")[-1] == ("z", "Other field names.")

    assert read_collection(folder / "a.txt") == [("a", "First document.")]
    with pytest.raises(ValueError, match="does not exist"):
        read_collection(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="has no .txt files"):
        read_collection(tmp_path / "empty")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(ValueError, match="unknown collection type '.pdf'"):
        read_collection(tmp_path / "x.pdf")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_writer_appends_and_drops_a_cut_last_line(tmp_path, fmt):
    path = tmp_path / f"rows.{fmt}"
    rows = [
        ScreenRow("s1", "o1", "spun", 0.9, 0.3, 0.7, "s1"),
        ScreenRow("s2", None, NO_MATCH),
        ScreenRow("s3", None, ERROR, error='bad "quoted", text'),
    ]
    with RowWriter(path) as w:
        for r in rows[:2]:
            w.write(r)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"suspect_id": "s3", "lab' if fmt == "jsonl" else "s3,,err")  # interrupted mid-line
    assert read_rows(path) == rows[:2]
    with RowWriter(path) as w:
        w.write(rows[2])
    assert read_rows(path) == rows
    if fmt == "csv":
        with open(path, newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == list(ROW_FIELDS)
    else:
        path.write_text("not json\n")
        with pytest.raises(ValueError, match="line 1: not a screen row"):
            read_rows(path)


# -- the command line ----------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spindetect.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def folders(tmp_path, sources):
    src = tmp_path / "sources"
    sus = tmp_path / "suspects"
    src.mkdir()
    sus.mkdir()
    for doc_id, text in sources.items():
        (src / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    for name in ("000", "001", "004"):
        path = next(SEEDS.glob(f"{name}_*.txt"))
        (sus / path.name).write_bytes(path.read_bytes())
    (sus / "empty.txt").write_text("")
    return src, sus


def test_cli_folders_to_jsonl_and_resume(folders, tmp_path):
    src, sus = folders
    out = tmp_path / "results.jsonl"
    proc = run("screen", "--sources", str(src), "--suspects", str(sus), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # rows go to --out, the summary to standard error, no progress bar off a TTY
    assert "screened 4 suspects" in proc.stderr and "1 spun" in proc.stderr and "\r" not in proc.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["suspect_id"] for r in rows} == {SPUN, REWRITE, RELATED, "empty"}
    spun = [r for r in rows if r["label"] == "spun"]
    assert [(r["suspect_id"], r["source_id"]) for r in spun] == [(SPUN, ORIG)]
    assert any(r["label"] == "error" and "empty.txt is empty" in r["error"] for r in rows)

    # Resume after an interruption: keep the first two rows and half a line.
    lines = out.read_text().splitlines(keepends=True)
    out.write_text("".join(lines[:2]) + lines[2][:10])
    proc = run("screen", "--sources", str(src), "--suspects", str(sus), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "done before" in proc.stderr
    resumed = [json.loads(line) for line in out.read_text().splitlines()]
    key = lambda r: (r["suspect_id"], str(r["source_id"]), r["label"])  # noqa: E731
    assert sorted(map(key, resumed)) == sorted(map(key, rows))
    # A finished run has nothing left to do.
    proc = run("screen", "--sources", str(src), "--suspects", str(sus), "--out", str(out), "--quiet")
    assert proc.returncode == 0 and proc.stderr == ""
    assert len(out.read_text().splitlines()) == len(rows)


def test_cli_jsonl_within_to_csv(tmp_path, collection, within_result):
    jl = tmp_path / "collection.jsonl"
    with open(jl, "w", encoding="utf-8") as fh:
        for doc_id, text in collection.items():
            fh.write(json.dumps({"id": doc_id, "text": text}) + "\n")
        fh.write("{not json\n")
    out = tmp_path / "pairs.out"
    proc = run("screen", "--suspects", str(jl), "--out", str(out), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    spun = {(r["suspect_id"], r["source_id"]) for r in rows if r["label"] == "spun"}
    assert spun == {(r.suspect_id, r.source_id) for r in within_result.spun}
    assert {(SPUN, ORIG), ("spun-again", ORIG)} <= spun
    assert any(r["label"] == "error" and f"line {len(collection) + 1}: not JSON" in r["error"] for r in rows)
    # Resume: nothing is scored twice.
    proc = run("screen", "--suspects", str(jl), "--out", str(out), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    with open(out, newline="", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(rows)


def test_cli_errors(tmp_path, folders):
    src, sus = folders
    proc = run("screen", "--sources", str(tmp_path / "nope"), "--suspects", str(sus))
    assert proc.returncode == 1
    assert proc.stderr.startswith("spindetect: error: --sources:") and "does not exist" in proc.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text("this is not a row\n")
    proc = run("screen", "--sources", str(src), "--suspects", str(sus), "--out", str(bad))
    assert proc.returncode == 1 and "cannot resume from" in proc.stderr and "line 1" in proc.stderr
    proc = run("screen", "--suspects", str(sus), "--format", "xml")
    assert proc.returncode == 2


# -- Dask -------------------------------------------------------------------------------------


def test_dask_gives_the_same_rows(dask_client, suspects, sources, local_result, collection, within_result):
    assert screen(suspects, sources, client=dask_client, chunk_size=1) == local_result
    assert screen(collection, client=dask_client, chunk_size=2) == within_result
    # a scheduler address: connect, run, disconnect
    address = dask_client.scheduler.address
    assert screen(suspects, sources, scheduler=address) == local_result
    rows = list(iter_screen(suspects, sources, client=dask_client))
    assert sorted(rows, key=str) == sorted(local_result.rows, key=str)


@pytest.mark.slow
def test_dask_worker_processes_give_the_same_rows(suspects, sources, local_result):
    """Worker processes get the index as arrays and rebuild it."""
    with process_cluster() as (_, client):
        assert screen(suspects, sources, client=client, chunk_size=1) == local_result


def test_a_failing_pair_is_reported_whatever_it_raises_but_a_broken_installation_stops(monkeypatch, suspects, sources):
    from spindetect.scoring.detector import Detector
    from spindetect.screening import backends

    real = Detector.score_documents

    def flaky(self, a, b):
        if "Jap Europe" in a.text:
            raise ValueError("cannot align this pair")
        return real(self, a, b)

    monkeypatch.setattr(Detector, "score_documents", flaky)
    result = screen(suspects, sources)
    (row,) = result.errors
    assert (row.suspect_id, row.source_id) == (SPUN, ORIG)
    assert row.error == "scoring failed: ValueError: cannot align this pair" and row.similarity > 0.25

    # Any exception on one pair is that pair's error row (it used to stop the run) ...
    def broken(self, a, b):
        raise RuntimeError("cannot score this pair")

    monkeypatch.setattr(Detector, "score_documents", broken)
    result = screen(suspects, sources)
    assert result.errors and all(
        r.error == "scoring failed: RuntimeError: cannot score this pair" for r in result.errors
    )
    assert {r.suspect_id for r in result} == set(suspects)

    # ... but a detector that cannot be built (missing model file) stops it.
    def no_detector(*spec):
        raise RuntimeError("model file is missing")

    monkeypatch.setattr(backends, "_detector", no_detector)
    with pytest.raises(RuntimeError, match="model file is missing"):
        screen(suspects, sources)


@pytest.mark.slow
def test_cli_on_a_local_dask_cluster(folders, tmp_path):
    pytest.importorskip("distributed")
    src, sus = folders
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert run("screen", "--sources", str(src), "--suspects", str(sus), "--out", str(local)).returncode == 0
    proc = run("screen", "--sources", str(src), "--suspects", str(sus), "--out", str(dask), "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    key = lambda line: json.loads(line)["suspect_id"]  # noqa: E731
    assert sorted(dask.read_text().splitlines(), key=key) == sorted(local.read_text().splitlines(), key=key)


def test_screen_index_path_that_is_no_index_is_refused_by_name(tmp_path):
    # it said "pass overwrite=True", a parameter screen does not have
    suspects = {"s": "The minister said on Tuesday that the talks had failed again."}
    sources = {"o": "The minister stated on Tuesday that the talks had failed again."}
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not an index", encoding="utf-8")
    full = tmp_path / "full"
    full.mkdir()
    (full / "other.txt").write_text("x", encoding="utf-8")
    for path in (a_file, full):
        with pytest.raises(ValueError, match="is not a saved index"):
            spindetect.screen(suspects, sources, index=str(path))
    empty = tmp_path / "empty"
    empty.mkdir()  # an empty directory is where the index is built
    first = spindetect.screen(suspects, sources, index=str(empty))
    again = spindetect.screen(suspects, sources, index=str(empty))  # reused
    assert [r.label for r in first.rows] == [r.label for r in again.rows] and (empty / "header.json").is_file()
