"""Issue 16: screen streams its suspects (a chunk at a time), reads folder
and JSON Lines sources back from disk when a pair is scored, and a resumed
``--out`` refuses rows of other inputs."""

from __future__ import annotations

import json

import pytest
from conftest import SCREEN_SOURCES, SCREEN_SUSPECTS, process_cluster

from spindetect.cli import main
from spindetect.screening.driver import iter_screen, screen
from spindetect.screening.reading import LazyTexts, PathCollection, read_collection
from spindetect.screening.rows import ERROR, read_rows
from spindetect.screening.runs import ResumeMismatch, check_record, record_path, resume_plan, run_record

SOURCES = SCREEN_SOURCES
SPUN = {
    **SCREEN_SUSPECTS,
    "other": "Rain is expected across the north of the country tomorrow, with snow on the higher hills.",
}


def suspect_items(n: int) -> list[tuple[str, object]]:
    """``n`` suspects cycling through the spun copies, plus bad ones: an
    empty text, a duplicate id, bytes, a non-pair."""
    texts = list(SPUN.values())
    items: list[tuple[str, object]] = [(f"s{i}", texts[i % len(texts)]) for i in range(n)]
    items[3:3] = [("empty", "   "), ("s0", texts[0]), ("raw", b"bytes")]
    return items


def _jsonl(path, items):
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in items), encoding="utf-8")
    return path


def _folder(path, mapping):
    path.mkdir()
    for k, v in mapping.items():
        (path / f"{k}.txt").write_text(v, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def in_memory():
    items = suspect_items(12)
    return items, screen(items, SOURCES)  # a list: held in memory


def test_suspects_are_read_a_chunk_at_a_time(in_memory):
    items, reference = in_memory
    read = []

    def one_pass():
        for item in items:
            read.append(item[0])
            yield item

    stream = iter_screen(one_pass(), SOURCES, chunk_size=2)
    first = next(stream)
    # the first rows come before the collection is read: at most a chunk (and the next one's first item) in
    assert first.suspect_id is not None and len(read) <= 4 < len(items)
    rest = [first, *stream]
    # the same rows as a run on the collection in memory (order aside: chunks)
    key = lambda r: json.dumps(r.to_dict(), sort_keys=True)  # noqa: E731
    assert sorted(map(key, rest)) == sorted(map(key, reference))
    assert screen(iter(items), SOURCES, chunk_size=2) == screen(items, SOURCES)
    assert any(r.label == "spun" and r.source_id == "orig" for r in reference)
    assert {r.suspect_id for r in reference if r.label == ERROR} == {"empty", "s0", "raw"}


def test_streamed_paths_give_the_rows_of_the_collection_in_memory(tmp_path, in_memory):
    items, reference = in_memory
    sus = _jsonl(tmp_path / "suspects.jsonl", [kv for kv in items if isinstance(kv[1], str)])
    src_folder = _folder(tmp_path / "sources", SOURCES)
    src_jsonl = _jsonl(tmp_path / "sources.jsonl", SOURCES.items())
    for sources in (src_folder, src_jsonl, PathCollection(src_folder)):
        got = screen(sus, sources, chunk_size=3)
        assert [r.to_dict() for r in got if r.label != ERROR] == [r.to_dict() for r in reference if r.label != ERROR]
        assert got.suspects == reference.suspects - 1 and got.sources == 3
    # a collection against itself, from a file: the same rows as from memory
    everything = _jsonl(tmp_path / "all.jsonl", [*SOURCES.items(), *SPUN.items()])
    assert screen(everything, chunk_size=2) == screen(read_collection(everything))


def test_folder_sources_are_read_when_a_pair_is_scored(tmp_path):
    folder = _folder(tmp_path / "sources", SOURCES)
    collection = PathCollection(folder)
    texts = LazyTexts(collection)
    for doc_id, _, where in collection.located():
        texts.add(doc_id, where)
    (folder / "bank.txt").write_text("Changed on disk.", encoding="utf-8")
    assert texts.get("bank") == "Changed on disk." and texts.get("nope") is None and len(texts) == 3

    def suspects():  # read after the sources are indexed: the source file goes away in between
        (folder / "orig.txt").unlink()
        yield "copy", SPUN["copy"]

    rows = list(iter_screen(suspects(), folder))
    (row,) = [r for r in rows if r.source_id == "orig"]
    assert row.label == ERROR and "could not be read again" in row.error and "orig.txt" in row.error


def test_bad_collections_are_refused_with_their_names(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        PathCollection(tmp_path / "missing.jsonl")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="has no .txt files"):
        PathCollection(tmp_path / "empty")
    (tmp_path / "x.bin").write_bytes(b"\0\1")
    with pytest.raises(ValueError, match="unknown collection type"):
        PathCollection(tmp_path / "x.bin")
    with pytest.raises(TypeError, match="path must be a str"):
        PathCollection(b"bytes.jsonl")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="path must be a str"):
        PathCollection(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="path is empty"):
        PathCollection("")  # not the current folder
    utf16 = tmp_path / "u.jsonl"
    utf16.write_text('{"id": "a", "text": "b"}', encoding="utf-16")
    with pytest.raises(ValueError, match="UTF-16"):
        screen(SPUN, utf16)
    with pytest.raises(TypeError, match="not a collection"):
        screen(b"suspects", SOURCES)
    with pytest.raises(TypeError, match="must be a mapping"):
        screen(None, SOURCES)


# -- resuming --out ------------------------------------------------------------------


def _cli(*args):
    return main(["screen", *map(str, args), "--quiet"])


def test_resuming_on_other_inputs_is_refused(tmp_path, capsys):
    """A found bug: resuming `--out` on another collection kept its rows by id."""
    sus_a = _jsonl(tmp_path / "a.jsonl", [("copy", SPUN["copy"]), ("other", SPUN["other"])])
    sus_b = _jsonl(tmp_path / "b.jsonl", [("copy", SPUN["other"]), ("other", SPUN["copy"])])  # same ids
    src = _jsonl(tmp_path / "src.jsonl", SOURCES.items())
    out = tmp_path / "rows.jsonl"
    assert _cli("--suspects", sus_a, "--sources", src, "--out", out) == 0
    rows_a = out.read_bytes()
    assert json.loads(record_path(out).read_text())["inputs"]["--suspects"]
    capsys.readouterr()
    # other suspects, the same ids: refused, nothing written
    assert _cli("--suspects", sus_b, "--sources", src, "--out", out) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"spindetect: error: cannot resume from {out}") and "--suspects is not the same" in err
    assert "--overwrite" in err and out.read_bytes() == rows_a
    # another setting that changes rows
    assert _cli("--suspects", sus_a, "--sources", src, "--out", out, "--top", "1") == 1
    assert "top was 3, now 1" in capsys.readouterr().err
    # the same inputs resume (nothing left to do)
    assert _cli("--suspects", sus_a, "--sources", src, "--out", out) == 0 and out.read_bytes() == rows_a
    # --overwrite starts over on the new collection
    assert _cli("--suspects", sus_b, "--sources", src, "--out", out, "--overwrite") == 0
    spun = {(r.suspect_id, r.source_id) for r in read_rows(out) if r.label == "spun"}
    assert spun == {("other", "orig")}
    assert json.loads(record_path(out).read_text())["inputs"] != {}


def test_a_bad_record_is_refused_and_rows_without_one_resume(tmp_path, capsys):
    sus = _jsonl(tmp_path / "a.jsonl", [("copy", SPUN["copy"])])
    src = _folder(tmp_path / "src", SOURCES)
    out = tmp_path / "rows.csv"
    assert _cli("--suspects", sus, "--sources", src, "--out", out) == 0
    record_path(out).write_text("not json")
    assert _cli("--suspects", sus, "--sources", src, "--out", out) == 1
    assert "is not a spindetect run record" in capsys.readouterr().err
    record_path(out).unlink()  # rows of an older spindetect: resumed with a warning
    before = out.read_bytes()
    assert _cli("--suspects", sus, "--sources", src, "--out", out) == 0
    assert "has no record" in capsys.readouterr().err and out.read_bytes() == before
    assert record_path(out).is_file()
    # a changed source file is another collection
    (src / "bank.txt").write_text("Something else entirely, about the weather.", encoding="utf-8")
    assert _cli("--suspects", sus, "--sources", src, "--out", out) == 1
    assert "--sources is not the same collection" in capsys.readouterr().err


def test_records_and_resume_plans():
    rec = run_record("screen", {"--suspects": "ab" * 16, "--sources": None}, {"top": 3})
    assert check_record("unused", rec, has_rows=False)
    other = run_record("scan", {"--suspects": "ab" * 16, "--sources": "cd" * 16}, {"top": 3})
    from spindetect.screening.runs import differences

    assert differences(rec, rec) == []
    assert differences(rec, other) == [
        "rows of 'spindetect screen', this is 'spindetect scan'",
        "--sources was not given, now given",
    ]
    assert issubclass(ResumeMismatch, ValueError)
    from spindetect.screening.rows import ScreenRow

    rows = [
        ScreenRow("a", "x", "spun", 0.9, 0.3, 0.5),
        ScreenRow("a", "y", "related", 0.1, 0.0, 0.3),
        ScreenRow("b", None, "no-match"),
        ScreenRow(None, "bad", ERROR, error="empty"),
    ]
    plan = resume_plan(rows, top=2, sources=True)
    assert plan.skip == {"a", "b"} and plan.skip_pairs == {("a", "x"), ("a", "y")}
    assert plan.errors == {(None, "bad", "empty")} and len(plan) == 4
    assert resume_plan(rows, top=3, sources=True).skip == {"b"}


@pytest.mark.slow
def test_streamed_suspects_on_dask_give_the_local_rows(tmp_path, in_memory, monkeypatch):
    """On Dask, suspects from a one-pass iterable and sources from a folder:
    the rows of the local run on the collections in memory; each chunk
    searched and scored in one task, or (source texts the workers cannot
    get) searched, paired here and scored."""
    from spindetect.screening.backends import DaskBackend

    items, reference = in_memory
    folder = _folder(tmp_path / "sources", SOURCES)
    with process_cluster() as (cluster, client):
        assert screen(iter(items), folder, client=client) == reference
        assert screen(iter(items), SOURCES, client=client, chunk_size=2) == reference
        assert screen(iter(items), SOURCES, scheduler=cluster.scheduler_address) == reference
        monkeypatch.setattr(DaskBackend, "share", lambda self, texts: False)
        assert screen(iter(items), folder, client=client, chunk_size=3) == reference
