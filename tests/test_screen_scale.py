"""Issue 16: screening with a saved index (built once, reused on resume),
source texts read from disk when needed, an index shipped by path."""

from __future__ import annotations

import json
import pickle

import pytest
from conftest import SCREEN_SOURCES, SCREEN_SUSPECTS, process_cluster

import spindetect.screening.driver as driver
from spindetect import SourceIndex, screen
from spindetect.screening.texts import JsonlTexts

SOURCES = SCREEN_SOURCES
SUSPECTS = SCREEN_SUSPECTS


def _jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _rows(result):
    return [r.to_dict() for r in result]


@pytest.fixture(scope="module")
def reference():
    return _rows(screen(SUSPECTS, SOURCES))


def test_a_saved_index_is_built_once_and_reused(tmp_path, monkeypatch, reference):
    calls = []
    real_build = driver.build_index

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real_build(*args, **kwargs)

    monkeypatch.setattr(driver, "build_index", spy)
    path = tmp_path / "sources.index"
    assert _rows(screen(SUSPECTS, SOURCES, index=path)) == reference
    assert calls == [path] and (path / "header.json").is_file()
    header = (path / "header.json").read_bytes()
    # a resumed run: the index is loaded, not built again
    assert _rows(screen(SUSPECTS, SOURCES, index=str(path))) == reference
    assert calls == [path] and (path / "header.json").read_bytes() == header


def test_jsonl_sources_are_read_from_disk_when_a_pair_is_scored(tmp_path, reference):
    src = _jsonl(
        tmp_path / "sources.jsonl",
        [{"id": k, "text": v} for k, v in SOURCES.items()] + [{"id": "x"}, {"text": "no id"}],
    )
    with (tmp_path / "sources.jsonl").open("ab") as fh:
        fh.write(b'{"id": "bad", "text": "caf\xe9"}\n')
    texts = JsonlTexts(src)
    assert len(texts) == 3 and texts.get("wire") == SOURCES["wire"] and "x" not in texts
    assert [(line, doc_id) for line, doc_id, _ in texts.problems] == [(4, "x"), (5, None), (6, None)]
    result = screen(SUSPECTS, src, index=tmp_path / "idx")
    errors = [r for r in result if r.label == "error"]
    assert len(errors) == 3 and any("not UTF-8" in r.error for r in errors)
    assert [r.to_dict() for r in result if r.label != "error"] == reference
    assert result.sources == 3


def test_index_argument_errors():
    with pytest.raises(TypeError, match="SourceIndex or the path of a saved index"):
        screen(SUSPECTS, SOURCES, index=3)
    with pytest.raises(ValueError, match="index= needs sources="):
        screen(SUSPECTS, index="somewhere")


def test_a_loaded_index_travels_by_path(tmp_path):
    index = SourceIndex()
    index.add_many(SOURCES)
    path = index.save(tmp_path / "idx")
    loaded = SourceIndex.load(path, mmap=True)
    state = loaded.__getstate__()
    assert set(state) == {"path", "count", "digest"}
    clone = pickle.loads(pickle.dumps(loaded))
    assert clone.digest() == loaded.digest() and clone.ids == loaded.ids
    assert clone.find(SUSPECTS["copy"]).to_dict() == index.find(SUSPECTS["copy"]).to_dict()
    # once documents are added it travels as arrays again
    loaded.add("new", "Another text about the weather in the hills, and the rain that came in the night.")
    assert "signatures" in loaded.__getstate__()


def test_rows_name_the_near_duplicates_of_their_source(tmp_path):
    """The same wire story published twice: the row says the two sources are
    equals instead of silently picking one."""
    sources = {**SOURCES, "wire-again": "PARIS (City Wire) - " + SOURCES["wire"]}
    result = screen({"wirecopy": SUSPECTS["wirecopy"]}, sources, top=1)
    (row,) = result
    assert row.source_id == "wire" and row.source_duplicates == ("wire-again",)
    assert row.to_dict()["source_duplicates"] == ["wire-again"]
    assert "near duplicates of the source: wire-again" in str(row)
    from spindetect.screening.rows import RowWriter, ScreenRow, read_rows

    with RowWriter(tmp_path / "rows.jsonl") as w:
        w.write(row)
    back = ScreenRow.from_dict(row.to_dict())
    assert back.source_duplicates == ("wire-again",) and back.to_dict() == row.to_dict()
    assert read_rows(tmp_path / "rows.jsonl")[0].to_dict() == row.to_dict()
    # no near duplicate: an empty tuple
    (alone,) = screen({"copy": SUSPECTS["copy"]}, sources, top=1)
    assert alone.source_duplicates == () and alone.to_dict()["source_duplicates"] == []


@pytest.mark.slow
def test_dask_workers_map_a_saved_index_by_its_path(tmp_path, reference):
    """Worker processes receive the loaded index as its path and map the files."""
    path = tmp_path / "idx"
    screen(SUSPECTS, SOURCES, index=path)  # builds it
    with process_cluster() as (cluster, client):
        assert _rows(screen(SUSPECTS, SOURCES, index=path, client=client, chunk_size=1)) == reference
        assert _rows(screen(SUSPECTS, SOURCES, index=path, scheduler=cluster.scheduler_address)) == reference
