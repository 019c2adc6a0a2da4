"""Issue 16: indexes built out of core, memory-mapped, saved band tables,
batched MinHash, near-duplicate sources reported as a group."""

from __future__ import annotations

import json
import logging
import random

import numpy as np
import pytest

from spindetect import SourceIndex
from spindetect.screening.building import build_index
from spindetect.screening.chunks import CHUNK_FILES
from spindetect.screening.index import DUPLICATE_SIMILARITY, IndexFormatError
from spindetect.screening.lsh import BandTable, MinHasher
from spindetect.screening.storage import FILES, FILES_V1, finish_npy, start_npy

WORDS = "cat dog mat sun hill river market bank share price storm rain city road car train ship port".split()
FUNC = "the a of in on and to that with for by from as at".split()


def _text(rng: random.Random, n: int = 60) -> str:
    out = []
    for i in range(n):
        out.append(rng.choice(FUNC) if i % 2 else rng.choice(WORDS))
        if i % 11 == 10:
            out[-1] += rng.choice(".,;")
    return " ".join(out) + "."


@pytest.fixture(scope="module")
def docs() -> list[tuple[str, str]]:
    rng = random.Random(5)
    return [(f"d{i}", _text(rng)) for i in range(120)]


def test_batched_signatures_equal_datasketch():
    rng = np.random.default_rng(3)
    hasher = MinHasher(128, 1)
    sets = [np.unique(rng.integers(0, 2**32, size=rng.integers(0, 400), dtype=np.uint32)) for _ in range(60)]
    sets.append(np.zeros(0, dtype=np.uint32))  # an empty set: all maximal values, as datasketch
    got = hasher.batch(sets)
    want = np.stack([hasher.minhash(s).hashvalues.astype(np.uint32) for s in sets])
    assert got.dtype == np.uint32 and np.array_equal(got, want)
    legacy = MinHasher(16, 2, "legacy")
    assert np.array_equal(legacy.batch(sets[:3]), np.stack([legacy.minhash(s).hashvalues for s in sets[:3]]))


def test_build_index_streams_shards_and_equals_an_index_built_in_memory(docs, tmp_path):
    errors: list[tuple[str, str]] = []
    items = [*docs[:50], ("bad", ""), ("d3", "a duplicate id in a later shard"), *docs[50:]]
    built = build_index(tmp_path / "streamed", iter(items), shard_size=7, skip_errors=True, errors=errors)
    assert sorted(e[0] for e in errors) == ["bad", "d3"]
    memory = SourceIndex()
    memory.add_many(docs)
    assert built.ids == memory.ids and len(built) == len(docs)
    assert isinstance(built._sig, np.memmap)
    for _, text in docs[::9]:
        assert built.find(text, k=5).to_dict() == memory.find(text, k=5).to_dict()
    # the directory is the one SourceIndex.save writes, checked the same way
    memory.save(tmp_path / "saved")
    assert (tmp_path / "streamed" / "ids.jsonl").read_bytes() == (tmp_path / "saved" / "ids.jsonl").read_bytes()
    for name in FILES[2:]:  # the arrays (their .npy headers are padded differently)
        assert np.array_equal(np.load(tmp_path / "streamed" / name), np.load(tmp_path / "saved" / name)), name
    again = SourceIndex.load(tmp_path / "streamed", verify=True)
    assert again.find(docs[0][1]).to_dict() == memory.find(docs[0][1]).to_dict()


def test_build_index_writes_the_chunk_table_and_finds_partial_copies(tmp_path):
    """An index built out of core finds a copy of part of a long document as
    one built in memory does (trial 32: build_index wrote no chunk table, so
    screen(..., index=path) answered no-match where screen() found it)."""
    rng = random.Random(11)
    docs = [(f"long{i}", _text(rng, 600)) for i in range(12)] + [(f"short{i}", _text(rng)) for i in range(30)]
    rng.shuffle(docs)
    built = build_index(tmp_path / "streamed", iter(docs), shard_size=5)
    memory = SourceIndex()
    memory.add_many(docs)
    memory.save(tmp_path / "saved")
    for name in CHUNK_FILES:
        assert np.array_equal(np.load(tmp_path / "streamed" / name), np.load(tmp_path / "saved" / name)), name
    assert len(built._chunks) == len(memory._chunks) > 0
    long_text = dict(docs)["long3"]
    part = " ".join(long_text.split()[200:330])  # about a fifth of it
    assert memory.find(part, k=3).ids[:1] == ("long3",)
    for index in (built, SourceIndex.load(tmp_path / "streamed", verify=True)):
        assert index.find(part, k=3).to_dict() == memory.find(part, k=3).to_dict()
    # only short documents: an empty chunk table, written and read back
    empty = build_index(tmp_path / "short", [d for d in docs if d[0].startswith("short")])
    assert len(empty._chunks) == 0 and len(SourceIndex.load(tmp_path / "short")) == 30


def test_build_index_raises_on_the_first_bad_document_and_leaves_nothing(docs, tmp_path):
    with pytest.raises(ValueError, match="duplicate document id 'd1'"):
        build_index(tmp_path / "idx", [*docs[:5], ("d1", "again")], shard_size=2)
    assert not (tmp_path / "idx").exists() and not list(tmp_path.iterdir())
    with pytest.raises(ValueError, match="shard_size must be a positive int"):
        build_index(tmp_path / "idx", docs, shard_size=0)


def test_memory_mapped_index_finds_the_same_and_takes_new_documents(docs, tmp_path):
    index = SourceIndex()
    index.add_many(docs)
    path = index.save(tmp_path / "idx")
    mapped = SourceIndex.load(path, mmap=True)
    assert isinstance(mapped._shingles, np.memmap) and mapped.path == path.resolve()
    for _, text in docs[::13]:
        assert mapped.find(text).to_dict() == index.find(text).to_dict()
    mapped.add("new", docs[4][1] + " And one more sentence at the end.")
    assert mapped.find(docs[4][1], k=2).ids == ("d4", "new")


def test_version_1_indexes_still_load_and_unknown_versions_name_the_rebuild(docs, tmp_path, caplog):
    index = SourceIndex()
    index.add_many(docs)
    path = index.save(tmp_path / "idx")
    header = json.loads((path / "header.json").read_text())
    for name in set(FILES) - set(FILES_V1):
        (path / name).unlink()
        del header["files"][name]
    for name in CHUNK_FILES:  # nor chunks, which came later
        (path / name).unlink()
    del header["chunks"]
    header["version"] = 1
    (path / "header.json").write_text(json.dumps(header))
    with caplog.at_level(logging.WARNING, logger="spindetect"):
        old = SourceIndex.load(path)
    assert "without a chunk table" in caplog.text and "build it again" in caplog.text  # no chunks saved then
    assert old.find(docs[7][1]).to_dict() == index.find(docs[7][1]).to_dict()
    header["version"] = 3
    (path / "header.json").write_text(json.dumps(header))
    with pytest.raises(IndexFormatError, match=r"reads versions 1, 2; rebuild the index.*build_index"):
        SourceIndex.load(path)


def test_a_tampered_band_table_is_refused(docs, tmp_path):
    index = SourceIndex()
    index.add_many(docs)
    path = index.save(tmp_path / "idx")
    np.save(path / "band_docs.npy", np.full((42, len(docs)), len(docs) + 5, dtype=np.int32))
    header = json.loads((path / "header.json").read_text())
    header["files"]["band_docs.npy"]["bytes"] = (path / "band_docs.npy").stat().st_size
    (path / "header.json").write_text(json.dumps(header))
    with pytest.raises(IndexFormatError, match="band_docs.npy: positions out of range"):
        SourceIndex.load(path, verify=False)


def test_band_table_finds_what_it_holds():
    rng = np.random.default_rng(1)
    sig = rng.integers(0, 2**32, size=(500, 128), dtype=np.uint32)
    table = BandTable.build(sig, 42, 3)
    assert table.keys.shape == (42, 500) and (np.diff(table.keys.astype(np.int64), axis=1) >= 0).all()
    from spindetect.screening.lsh import band_keys32

    for pos in (0, 17, 499):
        assert pos in table.query(band_keys32(sig[pos : pos + 1], 42, 3)[0])


def test_finish_npy_writes_a_header_numpy_reads(tmp_path):
    path = tmp_path / "a.npy"
    fh = start_npy(path)
    fh.write(np.arange(10, dtype=np.uint32).tobytes())
    fh.close()
    finish_npy(path, np.uint32, (10,))
    assert np.load(path).tolist() == list(range(10))
    with pytest.raises(ValueError, match="needs"):
        finish_npy(path, np.uint32, (11,))


def test_near_duplicate_sources_are_reported_as_a_group(docs):
    """The same wire story published twice: both are equally good sources,
    the match says so instead of silently picking one."""
    story = docs[0][1]
    index = SourceIndex()
    index.add_many(docs[1:])
    index.add("wire", story)
    index.add("republished", "LONDON (City Wire) - " + story)
    index.add("again", story)
    spun = story.replace("cat", "kitty").replace("river", "stream")
    m = index.find(spun, k=5)
    top = m[0]
    assert top.id == "wire" and set(top.duplicates) == {"republished", "again"}
    assert top.to_dict()["duplicates"] == list(top.duplicates)
    assert "near duplicates" in str(top)
    assert {x.id for x in m[:3]} == {"wire", "republished", "again"}
    assert all("wire" in x.duplicates for x in m[1:3])
    # unrelated documents have no duplicates
    lone = index.find(docs[5][1], k=1)[0]
    assert lone.id == "d5" and lone.duplicates == ()
    assert 0.5 < DUPLICATE_SIMILARITY < 1
