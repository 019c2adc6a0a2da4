"""SourceIndex: fingerprints, finding sources, saving and loading, bad input."""

from __future__ import annotations

import copy
import json
import random
import re

import numpy as np
import pytest
from conftest import seed
from hypothesis import given, settings
from hypothesis import strategies as st

from spindetect.screening.index import IndexConfig, Matches, SourceIndex
from spindetect.screening.shingles import FUNCTION_WORDS, fingerprint, skeleton
from spindetect.screening.storage import FORMAT_VERSION, TEXT_NORMALIZATION, IndexFormatError

SPUN, ORIGINAL, REWRITE, RELATED = "000", "002", "001", "004"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 4]


def distractors(n: int = 40, rng_seed: int = 3) -> dict[str, str]:
    """Documents on the same story that are not the source of 000: shuffled
    samples of the rewrite (001) and the independent article (004), and
    random word soup."""
    rng = random.Random(rng_seed)
    pool = _sentences(seed(REWRITE)) + _sentences(seed(RELATED))
    words = sorted(set(re.findall(r"[A-Za-z]+", seed(RELATED))))
    out = {}
    for i in range(n):
        if i % 2:
            out[f"mix{i}"] = " ".join(rng.sample(pool, 8))
        else:
            out[f"soup{i}"] = " ".join(rng.choice(words) for _ in range(120)) + "."
    return out


@pytest.fixture(scope="module")
def seed_index() -> SourceIndex:
    index = SourceIndex()
    index.add(ORIGINAL, seed(ORIGINAL))
    index.add(REWRITE, seed(REWRITE))
    index.add(RELATED, seed(RELATED))
    for doc_id, text in distractors().items():
        index.add(doc_id, text)
    return index


# -- fingerprints -----------------------------------------------------------------


def test_skeleton_keeps_immutables_and_collapses_runs():
    assert skeleton("The Secretary-General said on 27 January that NATO would not move.") == [
        "the", "_", "on", "27", "_", "that", "_", "would", "not", "_", ".",
    ]  # fmt: skip


def test_synonym_swaps_and_phrase_swaps_leave_the_fingerprint_alone():
    a = "Lorne Cook reported that the military equipment had been sent to Eastern Europe in 2021."
    b = "Lorne Prepare dinner reported that the navy gear had been dispatched to Jap Europe in 2021."
    assert np.array_equal(fingerprint(a), fingerprint(b))
    assert not np.array_equal(fingerprint(a), fingerprint(a.replace("2021", "2020")))


def test_fingerprint_of_short_and_empty_skeletons():
    assert len(fingerprint("Hello world")) == 1  # one shingle: the whole skeleton
    assert len(fingerprint("")) == 0
    fp = fingerprint("A cat and a dog and a bird sat on the mat in the sun.")
    assert fp.dtype == np.uint32 and list(fp) == sorted(set(fp))


content_words = st.sampled_from(
    ["cat", "market", "Moscow", "equipment", "offer", "quickly", "blue", "Secretary-General"]
)
function_words = st.sampled_from(
    sorted(FUNCTION_WORDS - {"s", "t", "d", "m", "ll", "re", "ve"}) + [".", ",", "12", "2021"]
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), function_words, content_words), min_size=1, max_size=60),
    st.randoms(use_true_random=False),
)
def test_replacing_content_words_never_changes_the_fingerprint(tokens, rnd):
    """Property: a context-blind spinner that swaps any content word for any
    other (one word or two) leaves the skeleton, hence the fingerprint, as it was."""
    original = " ".join(fw if is_fw else cw for is_fw, fw, cw in tokens)
    spun = " ".join(
        fw if is_fw else rnd.choice(["gear", "Jap Europe", "navy", "Prepare dinner", "swiftly"])
        for is_fw, fw, cw in tokens
    )
    assert np.array_equal(fingerprint(original), fingerprint(spun))


# -- finding ----------------------------------------------------------------------


def test_spun_copy_finds_its_source_among_distractors(seed_index):
    matches = seed_index.find(seed(SPUN), k=5)
    assert isinstance(matches, Matches)
    assert matches[0].id == ORIGINAL
    assert matches[0].similarity > 0.25
    assert matches[0].shared > 50
    sims = [m.similarity for m in matches]
    assert sims == sorted(sims, reverse=True)
    assert all(m.similarity < matches[0].similarity / 2 for m in matches[1:])


def test_find_respects_k_and_min_similarity(seed_index):
    one = seed_index.find(seed(SPUN), k=1, min_similarity=0.0)
    assert len(one) == 1 and one[0].id == ORIGINAL
    assert not seed_index.find(seed(SPUN), min_similarity=0.99)
    exact = seed_index.find(seed(ORIGINAL))
    assert exact[0].id == ORIGINAL and exact[0].similarity == 1.0 and exact[0].containment == 1.0


def test_find_on_an_empty_index_and_bad_queries():
    index = SourceIndex()
    assert len(index.find("Anything at all, really.")) == 0
    with pytest.raises(ValueError, match="suspect is empty"):
        index.find("   ")
    with pytest.raises(TypeError, match="suspect must be str"):
        index.find(b"bytes")
    with pytest.raises(ValueError, match="k must be a positive int"):
        index.find("Some text here.", k=0)


def test_documents_added_after_a_find_are_found(seed_index):
    index = copy.deepcopy(seed_index)
    index.find("Warm the LSH tables up first.")
    index.add("late", "In 1999 the mayor of the city said that the bridge would be closed for a year.")
    assert (
        index.find("In 1999 the boss of the town stated that the span would be shut for a twelvemonth.")[0].id == "late"
    )


def test_views_of_matches(seed_index):
    matches = seed_index.find(seed(SPUN))
    assert ORIGINAL in str(matches) and ORIGINAL in repr(matches)
    assert "<table" in matches._repr_html_()
    data = json.loads(json.dumps(matches.to_dict()))
    assert data["matches"][0]["id"] == ORIGINAL
    assert str(matches[0]).startswith(ORIGINAL)
    assert matches.ids[0] == ORIGINAL
    assert "no candidate" in str(SourceIndex().find("Nothing indexed here."))
    assert "SourceIndex(" in repr(seed_index) and len(seed_index) == 43 and ORIGINAL in seed_index


# -- bad input --------------------------------------------------------------------


def test_duplicate_id_is_an_error_naming_it():
    index = SourceIndex()
    index.add("doc-1", "The first text is here, and it is fine.")
    with pytest.raises(ValueError, match=r"duplicate document id 'doc-1'.*document #0"):
        index.add("doc-1", "Another text with the same id.")
    assert len(index) == 1


@pytest.mark.parametrize(
    ("doc_id", "text", "error", "message"),
    [
        ("empty", "", ValueError, "document 'empty' is empty"),
        ("blank", " \n\t ", ValueError, "document 'blank' is empty"),
        ("digits", "123 456", ValueError, "document 'digits' has no letters"),
        ("bytes", b"some bytes", TypeError, "document 'bytes' must be str, not bytes"),
        ("none", None, TypeError, "document 'none' must be str, not NoneType"),
        (7, "Text with a numeric id.", TypeError, "document id must be a str, not int"),
        ("", "Text with an empty id.", ValueError, "document id is empty"),
    ],
    ids=["empty", "blank", "digits", "bytes", "none", "int-id", "empty-id"],
)
def test_bad_documents_are_errors_naming_them(doc_id, text, error, message):
    with pytest.raises(error, match=re.escape(message)):
        SourceIndex().add(doc_id, text)


def test_add_many_skips_and_reports_bad_documents():
    index = SourceIndex()
    errors = index.add_many(
        [("a", "A good text, it is."), ("b", ""), ("a", "Again a, a duplicate."), ("c", "Another good one.")],
        skip_errors=True,
    )
    assert index.ids == ("a", "c")
    assert [e[0] for e in errors] == ["b", "a"]
    assert "duplicate" in errors[1][1]
    with pytest.raises(ValueError, match="'b' is empty"):
        SourceIndex().add_many({"a": "Fine text here.", "b": ""})
    with pytest.raises(TypeError, match="must be \\(id, text\\) pairs"):
        SourceIndex().add_many(["not a pair"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"shingle_size": 0}, "shingle_size must be a positive int"),
        ({"bands": 100, "rows": 2}, "exceeds num_perm=128"),
        ({"bands": 1, "rows": 2}, "bands must be at least 2"),
        ({"min_similarity": 1.5}, "min_similarity must be a number from 0 to 1"),
        ({"min_similarity": float("nan")}, "min_similarity must be a number from 0 to 1"),
        ({"min_similarity": "0.5"}, "min_similarity must be a number from 0 to 1"),
        ({"seed": -1}, "seed must be an int from 0 to 2\\*\\*32 - 1"),
        ({"seed": 2**32}, "seed must be an int from 0 to 2\\*\\*32 - 1"),
        ({"num_perm": 10**9}, "num_perm must be at most MAX_NUM_PERM"),
    ],
)
def test_bad_config(overrides, message):
    with pytest.raises(ValueError, match=message):
        IndexConfig(**overrides)
    with pytest.raises(TypeError, match="config must be an IndexConfig"):
        SourceIndex(config={"shingle_size": 4})


# -- saving and loading ------------------------------------------------------------


@pytest.fixture
def saved(seed_index, tmp_path):
    return seed_index.save(tmp_path / "idx")


def test_save_load_round_trip_gives_equal_results(seed_index, saved):
    assert sorted(p.name for p in saved.iterdir()) == sorted(
        ["header.json", "ids.jsonl", "signatures.npy", "offsets.npy", "shingles.npy", "band_keys.npy", "band_docs.npy"]
        + ["chunk_keys.npy", "chunk_ids.npy", "chunk_owners.npy"]
    )
    header = json.loads((saved / "header.json").read_text())
    assert header["format"] == "spindetect-source-index" and header["version"] == FORMAT_VERSION
    assert header["counts"]["documents"] == len(seed_index)
    loaded = SourceIndex.load(saved)
    assert loaded.ids == seed_index.ids and loaded.config == seed_index.config
    for text in (seed(SPUN), seed(REWRITE), "The talks in Geneva on Monday were about the crisis in Ukraine."):
        assert loaded.find(text, k=10).to_dict() == seed_index.find(text, k=10).to_dict()
    loaded.add("new", "A new document added after loading, in 2024.")
    assert loaded.find("A fresh text added after loading, in 2024.")[0].id == "new"


def test_copy_ships_the_index_as_arrays(seed_index):
    """Dask sends an index through __getstate__/__setstate__ (plain arrays)."""
    state = seed_index.__getstate__()
    assert set(state) == {"header", "ids", "signatures", "offsets", "shingles", "band_keys", "band_docs", "digest"} | {
        "chunk_keys",
        "chunk_ids",
        "chunk_owners",
    }
    clone = copy.deepcopy(seed_index)
    assert clone.find(seed(SPUN)).to_dict() == seed_index.find(seed(SPUN)).to_dict()


def test_save_does_not_overwrite_unless_asked(seed_index, saved):
    with pytest.raises(FileExistsError, match="overwrite=True"):
        seed_index.save(saved)
    seed_index.save(saved, overwrite=True)
    assert SourceIndex.load(saved).ids == seed_index.ids


def _rewrite_header(path, **changes):
    header = json.loads((path / "header.json").read_text())
    header.update(changes)
    (path / "header.json").write_text(json.dumps(header))


def test_load_errors_name_the_file(saved, tmp_path):
    with pytest.raises(IndexFormatError, match="nowhere does not exist"):
        SourceIndex.load(tmp_path / "nowhere")
    # truncated array
    data = (saved / "signatures.npy").read_bytes()
    (saved / "signatures.npy").write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexFormatError, match=r"signatures\.npy has .* bytes, the header says"):
        SourceIndex.load(saved)
    (saved / "signatures.npy").write_bytes(data)
    # a flipped byte, same size
    sh = bytearray((saved / "shingles.npy").read_bytes())
    sh[-3] ^= 0xFF
    (saved / "shingles.npy").write_bytes(bytes(sh))
    with pytest.raises(IndexFormatError, match=r"shingles\.npy does not match its SHA-256"):
        SourceIndex.load(saved)
    sh[-3] ^= 0xFF
    (saved / "shingles.npy").write_bytes(bytes(sh))
    SourceIndex.load(saved)  # repaired
    # missing file
    (saved / "offsets.npy").rename(saved / "offsets.bak")
    with pytest.raises(IndexFormatError, match=r"offsets\.npy is missing"):
        SourceIndex.load(saved)
    (saved / "offsets.bak").rename(saved / "offsets.npy")
    # wrong version, wrong format, broken JSON
    _rewrite_header(saved, version=99)
    with pytest.raises(IndexFormatError, match=r"header\.json: format version 99"):
        SourceIndex.load(saved)
    _rewrite_header(saved, version=FORMAT_VERSION, format="something-else")
    with pytest.raises(IndexFormatError, match=r"header\.json: format is 'something-else'"):
        SourceIndex.load(saved)
    (saved / "header.json").write_text("{not json")
    with pytest.raises(IndexFormatError, match=r"header\.json: not a readable JSON header"):
        SourceIndex.load(saved)
    (saved / "header.json").unlink()
    with pytest.raises(IndexFormatError, match=r"header\.json is missing"):
        SourceIndex.load(saved)


def test_truncated_array_with_a_matching_header_is_still_caught(seed_index, tmp_path):
    """Someone cut the file and 'fixed' the header: NumPy cannot read it."""
    import hashlib

    path = seed_index.save(tmp_path / "idx")
    target = path / "shingles.npy"
    data = target.read_bytes()[:200]
    target.write_bytes(data)
    header = json.loads((path / "header.json").read_text())
    header["files"]["shingles.npy"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (path / "header.json").write_text(json.dumps(header))
    with pytest.raises(IndexFormatError, match=r"shingles\.npy: not a readable NumPy array"):
        SourceIndex.load(path)


def test_inconsistent_ids_file_is_caught(seed_index, tmp_path):
    import hashlib

    path = seed_index.save(tmp_path / "idx")
    ids = path / "ids.jsonl"
    lines = ids.read_text().splitlines()
    for content, message in [
        ("\n".join(lines[:-1]) + "\n", r"ids\.jsonl: 42 ids, the header says 43"),
        ("\n".join([lines[0], lines[0], *lines[2:]]) + "\n", r"ids\.jsonl, line 2: duplicate id"),
        ("\n".join(["{oops", *lines[1:]]) + "\n", r"ids\.jsonl, line 1: not JSON"),
        # the whole file parses as one list, but not one id a line
        ("\n".join(['"x", "y"', *lines[2:]]) + "\n", r"ids\.jsonl, line 1: not JSON"),
        ("\n".join([*lines[:2], "5", *lines[3:]]) + "\n", r"ids\.jsonl, line 3: id must be a non-empty JSON string"),
    ]:
        ids.write_text(content)
        header = json.loads((path / "header.json").read_text())
        header["files"]["ids.jsonl"] = {
            "bytes": ids.stat().st_size,
            "sha256": hashlib.sha256(ids.read_bytes()).hexdigest(),
        }
        (path / "header.json").write_text(json.dumps(header))
        with pytest.raises(IndexFormatError, match=message):
            SourceIndex.load(path)


# -- LSH band tables ------------------------------------------------------------------


def test_array_band_tables_give_the_candidates_of_datasketch():
    """The default LSH ("arrays") returns what datasketch.MinHashLSH returns,
    also for documents added after the tables were built."""
    rng = random.Random(11)
    pool = _sentences(seed(REWRITE)) + _sentences(seed(RELATED)) + _sentences(seed(ORIGINAL))
    docs = [(f"d{i}", " ".join(rng.sample(pool, rng.randint(2, 6)))) for i in range(300)]
    arrays, reference = SourceIndex(), SourceIndex(lsh="datasketch")
    for i, (doc_id, text) in enumerate(docs):
        arrays.add(doc_id, text)
        reference.add(doc_id, text)
        if i in (50, 120, 121, 299):  # tables built, then documents added since
            arrays.find("Build the tables now.")
    queries = [seed(SPUN), seed(REWRITE)] + [" ".join(rng.sample(pool, 4)) for _ in range(40)]
    for q in queries:
        m = reference._minhash(fingerprint(q))  # a datasketch.MinHash: both tables read it
        assert np.array_equal(arrays._candidates(m), reference._candidates(m))
        assert arrays.find(q, k=10).to_dict() == reference.find(q, k=10).to_dict()
    with pytest.raises(ValueError, match="lsh must be 'arrays' or 'datasketch'"):
        IndexConfig(lsh="redis")


# -- disguised copies: the index reads texts as score and scan do -----------------------

#: SHA-256 of fingerprint(seed) (uint32 bytes) as computed before texts were
#: normalised: plain text must keep bit-identical fingerprints, so indexes
#: saved before stay valid for it.
SEED_FINGERPRINTS = {
    "000": "2340c3aebe1a97a7d1bc7177c8ebab42dcae21ae7bf9c58ee15e796276a553e9",
    "001": "a7607eda6daeef25966380cfeacafcf938d766e78b4eeb8cf59102e14eb37339",
    "002": "8622c36e1803b86779aeff302a588f83d2ab0619feab8b7b44b411fd33433756",
    "004": "aec8c38c7563b473da92f8eba2462a76fb4e9a26e44dc12244507c81c769607f",
}

CYRILLIC = str.maketrans(dict(zip("aeopcxy", "\u0430\u0435\u043e\u0440\u0441\u0445\u0443", strict=True)))


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in text)


def test_plain_text_keeps_its_fingerprint():
    import hashlib

    for name, digest in SEED_FINGERPRINTS.items():
        assert hashlib.sha256(fingerprint(seed(name)).tobytes()).hexdigest() == digest, name


@pytest.mark.parametrize(
    "disguise",
    [
        lambda t: t.translate(CYRILLIC),  # look-alike letters
        lambda t: t.replace("e", "e\u200b").replace(" the ", " t\u2060he "),  # zero-width characters
        _full_width,  # full-width letters
        lambda t: t.replace("off", "o\ufb00").replace("fi", "\ufb01"),  # ligatures ("off" is a function word)
    ],
    ids=["look-alike", "zero-width", "full-width", "ligatures"],
)
def test_a_disguised_verbatim_copy_is_found(seed_index, disguise):
    """A copy with Cyrillic look-alikes for a, e, o, p, c, x, y gave `find(...) == []`."""
    copy_ = disguise(seed(ORIGINAL))
    assert copy_ != seed(ORIGINAL)
    best = seed_index.find(copy_)[0]
    assert best.id == ORIGINAL and best.similarity == 1.0
    assert skeleton(copy_) == skeleton(seed(ORIGINAL))


def test_saved_header_records_the_normalisation_and_old_indexes_still_load(saved, seed_index, caplog):
    header = json.loads((saved / "header.json").read_text())
    assert header["normalization"] == TEXT_NORMALIZATION
    with caplog.at_level("WARNING", logger="spindetect"):
        SourceIndex.load(saved)
    assert not caplog.records
    # an index saved before texts were normalised: loads, valid for plain texts, with a warning
    del header["normalization"]
    (saved / "header.json").write_text(json.dumps(header))
    with caplog.at_level("WARNING", logger="spindetect"):
        old = SourceIndex.load(saved)
    (record,) = caplog.records
    assert "indexed texts as typed" in record.getMessage() and "indexed again" in record.getMessage()
    assert old.find(seed(SPUN)).to_dict() == seed_index.find(seed(SPUN)).to_dict()
    # one saved before accents sprinkled into words were read through: the same
    header["normalization"] = 1
    (saved / "header.json").write_text(json.dumps(header))
    caplog.clear()
    with caplog.at_level("WARNING", logger="spindetect"):
        SourceIndex.load(saved)
    (record,) = caplog.records
    assert "without reading through sprinkled accents" in record.getMessage()
    # saved again, it still says how its texts were read
    old.save(saved, overwrite=True)
    assert "normalization" in json.loads((saved / "header.json").read_text())
    assert json.loads((saved / "header.json").read_text())["normalization"] == 0
    _rewrite_header(saved, normalization="yes")
    with pytest.raises(IndexFormatError, match="normalization must be an int"):
        SourceIndex.load(saved, verify=False)
