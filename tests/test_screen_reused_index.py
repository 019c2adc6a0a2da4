"""Issue 16: an index reused by ``screen`` (``index=path`` or a SourceIndex)
must be the index of the sources it is given: other ids are refused by
name, other texts under the same ids by the fingerprint stored at build
time; an index saved before that fingerprint existed still loads."""

from __future__ import annotations

import json
import logging

import pytest
from conftest import SCREEN_SOURCES, SCREEN_SUSPECTS

from spindetect import SourceIndex, screen
from spindetect.screening.building import build_index
from spindetect.screening.driver import iter_screen

SOURCES = SCREEN_SOURCES
SUSPECTS = SCREEN_SUSPECTS


def _rows(result):
    return [r.to_dict() for r in result]


@pytest.fixture(scope="module")
def reference():
    return _rows(screen(SUSPECTS, SOURCES))


def _saved(path, docs):
    index = SourceIndex()
    index.add_many(docs)
    index.save(path)
    return path


def test_the_fingerprint_depends_on_ids_and_texts_not_on_order_or_shards(tmp_path):
    one = SourceIndex()
    one.add_many(SOURCES)
    reordered = SourceIndex()
    for doc_id in reversed(list(SOURCES)):
        reordered.add(doc_id, SOURCES[doc_id])
    sharded = build_index(tmp_path / "sharded", SOURCES.items(), shard_size=1)
    assert one.sources_fingerprint is not None
    assert one.sources_fingerprint == reordered.sources_fingerprint == sharded.sources_fingerprint
    assert SourceIndex.load(_saved(tmp_path / "saved", SOURCES)).sources_fingerprint == one.sources_fingerprint
    edited = SourceIndex()
    edited.add_many({**SOURCES, "bank": SOURCES["bank"] + " Shares rose later."})
    renamed = SourceIndex()
    renamed.add_many({("orig2" if k == "orig" else k): v for k, v in SOURCES.items()})
    fingerprints = {one.sources_fingerprint, edited.sources_fingerprint, renamed.sources_fingerprint}
    assert len(fingerprints) == 3


def test_the_index_of_the_same_sources_is_reused_in_any_order(tmp_path, reference):
    path = _saved(tmp_path / "idx", SOURCES)
    assert _rows(screen(SUSPECTS, SOURCES, index=path)) == reference
    shuffled = {k: SOURCES[k] for k in ("wire", "orig", "bank")}
    assert _rows(screen(SUSPECTS, shuffled, index=path)) == reference
    assert _rows(screen(SUSPECTS, SOURCES, index=SourceIndex.load(path))) == reference


def test_an_index_lacking_sources_is_refused_naming_them(tmp_path):
    path = _saved(tmp_path / "idx", {"orig": SOURCES["orig"]})
    with pytest.raises(ValueError, match=r"is not the index of these sources: the sources hold 2 it lacks") as err:
        screen(SUSPECTS, SOURCES, index=path)
    assert "'bank'" in str(err.value) and "'wire'" in str(err.value) and str(path) in str(err.value)


def test_an_index_of_more_documents_than_the_sources_is_refused_naming_them(tmp_path):
    extra = {f"other{i}": f"Another story number {i} about the weather in the hills near town." for i in range(5)}
    path = _saved(tmp_path / "idx", {**SOURCES, **extra})
    with pytest.raises(
        ValueError, match=r"it holds 5 document\(s\) the sources lack \('other0', 'other1', 'other2', \.\.\.\)"
    ):
        screen(SUSPECTS, SOURCES, index=path)


def test_an_index_given_as_an_object_is_checked_too():
    index = SourceIndex()
    index.add_many({"orig": SOURCES["orig"], "gone": SOURCES["bank"]})
    with pytest.raises(ValueError, match=r"the index given is not the index.*\('gone'\).*\('bank', 'wire'\)"):
        screen(SUSPECTS, SOURCES, index=index)


def test_an_index_of_other_texts_under_the_same_ids_is_refused(tmp_path):
    path = _saved(tmp_path / "idx", SOURCES)
    edited = {**SOURCES, "wire": SOURCES["wire"].replace("May", "June")}
    with pytest.raises(ValueError, match=r"built from other texts under the same 3 ids"):
        screen(SUSPECTS, edited, index=path)


def test_an_index_saved_without_a_fingerprint_loads_and_its_ids_are_checked(tmp_path, reference, caplog):
    """An index saved before the fingerprint was stored (its header has no
    "sources"): its ids are still checked, its texts cannot be."""
    path = _saved(tmp_path / "idx", SOURCES)
    head = path / "header.json"
    header = json.loads(head.read_text(encoding="utf-8"))
    del header["sources"]
    head.write_text(json.dumps(header, indent=2), encoding="utf-8")
    assert SourceIndex.load(path).sources_fingerprint is None
    with caplog.at_level(logging.INFO, logger="spindetect"):
        assert _rows(screen(SUSPECTS, SOURCES, index=path)) == reference
    assert "saved without a fingerprint of its texts" in caplog.text
    with pytest.raises(ValueError, match=r"the sources hold 1 it lacks \('extra'\)"):
        screen(SUSPECTS, {**SOURCES, "extra": "A new story about the rain in Spain and the plain."}, index=path)
    # and the texts are not checked: an edited text goes unseen (what the fingerprint is for)
    edited = {**SOURCES, "wire": SOURCES["wire"].replace("May", "June")}
    assert len(screen(SUSPECTS, edited, index=path)) == len(reference)


def test_a_source_that_cannot_be_indexed_is_an_error_row_on_reuse_too(tmp_path):
    """A source with no letters passes validation but not fingerprinting: the
    index built lacks it, and a run reusing that index reports it as the
    building run did instead of refusing the index."""
    sources = {**SOURCES, "marks": "!!! ??? ..."}
    path = tmp_path / "idx"
    built = _rows(screen(SUSPECTS, sources, index=path))
    assert "marks" not in SourceIndex.load(path)
    assert any(r["source_id"] == "marks" and r["label"] == "error" for r in built)
    assert _rows(screen(SUSPECTS, sources, index=path)) == built


def test_on_dask_the_sources_are_checked_while_the_first_tasks_run(tmp_path, dask_client, reference):
    """Sources in a mapping with a reused index are read and checked once
    the first tasks are sent: a wrong index still gives no row, and the bad
    sources' rows still come first."""
    path = _saved(tmp_path / "idx", SOURCES)
    with pytest.raises(ValueError, match=r"the sources hold 1 it lacks \('late'\)"):
        next(
            iter_screen(
                SUSPECTS,
                {**SOURCES, "late": "A late story about the harbour and its boats."},
                index=path,
                client=dask_client,
            )
        )
    rows = list(iter_screen(SUSPECTS, {"empty": " ", **SOURCES}, index=path, client=dask_client, chunk_size=1))
    assert rows[0].source_id == "empty" and rows[0].label == "error"
    local = _rows(screen(SUSPECTS, {"empty": " ", **SOURCES}, index=path))
    assert _rows(screen(SUSPECTS, {"empty": " ", **SOURCES}, index=path, client=dask_client)) == local
    assert local[1:] == reference
