"""Tests for the precompiled WordNet graph (spindetect.resources.wordnet_graph, devtools/build_wordnet_graph.py).

Most tests compare the graph with NLTK's reader over the same bundled
WordNet; they are marked ``slow`` (a few seconds together, NLTK's load
included) and run by default, in CI too.  Random samples are seeded.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import subprocess
import sys
import textwrap
import threading
import zipfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
import pytest

import spindetect
from spindetect.resources import wordnet_graph as wg
from spindetect.resources.wordnet import get_wordnet, wordnet_zip_path

if TYPE_CHECKING:
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_PARENT = Path(spindetect.__file__).resolve().parents[1]
BUILD_SCRIPT = REPO_ROOT / "devtools" / "build_wordnet_graph.py"
SEED = 20260522

#: Comparisons against NLTK's reader: a few seconds (NLTK's ~2.5 s load
#: included), run by default and in CI.
nltk_comparison = pytest.mark.slow

POS_CHOICES = (None, "n", "v", "a", "s", "r")

HAND_PICKED = [
    "running",
    "geese",
    "better",
    "best",
    "joining",
    "joined",
    "Secretary-General",
    "secretary general",
    "Secretary General",
    "military equipment",
    "prepare dinner",
    "United States",
    "united_states",
    "UNITED STATES",
    "Dog",
    "DOGS",
    "Paris",
    "New York",
    "Einstein",
    "went",
    "children",
    "mice",
    "abaci",
    "aardwolves",
    "churches",
    "boxes",
    "ladies",
    "happier",
    "biggest",
    "larger",
    "ran",
    "had",
    "was",
    "is",
    "are",
    "been",
    "fastest",
    "officials",
    "stated",
    "said",
    "failed",
    "talks",
    "xyzzyq",
    "qwertyuiop",
    "",
    " ",
    "  ",
    "_",
    ".",
    ",",
    "!",
    "?",
    "'s",
    "-",
    "--",
    "...",
    "0",
    "1",
    "42",
    "1990s",
    "3d",
    "9-11",
    "s",
    "es",
    "ing",
    "ed",
    "men",
    "ies",
    "café",
    "naïve",
    "Straße",
    "İstanbul",
    "a.m.",
    "p.m.",
    "U.S.",
    "e.g.",
    "rock 'n' roll",
    "jack-o'-lantern",
    "well-being",
    "twenty-one",
]


@pytest.fixture(scope="module")
def graph() -> wg.WordNetGraph:
    return wg.get_graph()


@pytest.fixture(scope="module")
def wn() -> WordNetCorpusReader:
    return get_wordnet()


def _names(graph: wg.WordNetGraph, ids: tuple[int, ...]) -> list[str]:
    return [graph.name(sid) for sid in ids]


def _nltk_names(wn: WordNetCorpusReader, phrase: str, pos: str | None) -> list[str]:
    return [s.name() for s in wn.synsets(phrase.replace(" ", "_"), pos)]


def _load_build_script() -> ModuleType:
    from devtools import build_wordnet_graph

    return build_wordnet_graph


needs_build_script = pytest.mark.skipif(
    not BUILD_SCRIPT.is_file(), reason="devtools/build_wordnet_graph.py not present (installed copy?)"
)


# --------------------------------------------------------------------------
# The file
# --------------------------------------------------------------------------


def test_header_matches_bundled_wordnet(graph: wg.WordNetGraph) -> None:
    header = graph.header
    assert header["format"] == wg.FORMAT_NAME
    assert header["format_version"] == wg.FORMAT_VERSION
    assert header["wordnet_version"] == graph.wordnet_version == "3.0"
    assert header["counts"]["synsets"] == len(graph) == 117659
    assert header["counts"]["lemma_keys"] == 147306
    # A stale graph (wordnet.zip rebuilt but not the graph) is caught here.
    zip_sha = hashlib.sha256(wordnet_zip_path().read_bytes()).hexdigest()
    assert header["source"]["sha256"] == zip_sha, "run `python -m devtools.build_wordnet_graph`"
    assert graph.signature == f"{wg.FORMAT_NAME}/{wg.FORMAT_VERSION} WordNet-3.0 sha256:{zip_sha[:12]}"
    assert wg.get_graph() is graph


def test_file_is_plain_numpy_and_small() -> None:
    path = wg.graph_path()
    size = path.stat().st_size
    assert size < 8 * 2**20, f"{path} is {size} bytes"
    with np.load(path, allow_pickle=False) as npz:
        for key in npz.files:
            arr = npz[key]
            assert arr.dtype.kind in "iu", (key, arr.dtype)
            assert not arr.dtype.hasobject


def test_cold_load_in_fresh_process(capsys: pytest.CaptureFixture[str]) -> None:
    """Load time is printed, not asserted; the loader must not import NLTK."""
    code = textwrap.dedent(
        """
        import json, sys, time
        import spindetect, numpy  # the package and numpy are paid for elsewhere
        before = set(sys.modules)
        t0 = time.perf_counter()
        from spindetect.resources.wordnet_graph import get_graph
        g = get_graph()
        t1 = time.perf_counter()
        g.synsets("dogs")
        t2 = time.perf_counter()
        n = 2000
        for _ in range(n):
            g.synsets("running")
        t3 = time.perf_counter()
        new = set(sys.modules) - before
        print(json.dumps({
            "load_s": t1 - t0, "first_call_s": t2 - t1, "call_us": (t3 - t2) / n * 1e6,
            "nltk": any(m == "nltk" or m.startswith("nltk.") for m in new),
        }))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=PACKAGE_PARENT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["nltk"] is False
    with capsys.disabled():
        print(
            f"\n[wordnet_graph] cold get_graph(): {result['load_s'] * 1000:.0f} ms "
            f"(numpy already imported); first synsets(): {result['first_call_s'] * 1e6:.0f} us; "
            f"synsets('running'): {result['call_us']:.1f} us/call"
        )


# --------------------------------------------------------------------------
# Agreement with NLTK
# --------------------------------------------------------------------------


@nltk_comparison
def test_random_lemmas_agree_with_nltk(graph: wg.WordNetGraph, wn: WordNetCorpusReader) -> None:
    rng = random.Random(SEED)
    sample = rng.sample(sorted(wn.all_lemma_names()), 3000)
    checked = 0
    mismatches = []
    for key in sample:
        queries = [
            (key, None),
            (key, rng.choice(POS_CHOICES[1:])),
            (key.replace("_", " ").title(), None),  # capitalised, spaces
        ]
        for phrase, pos in queries:
            mine = _names(graph, graph.synsets(phrase, pos))
            theirs = _nltk_names(wn, phrase, pos)
            checked += 1
            if mine != theirs:
                mismatches.append((phrase, pos, mine, theirs))
        assert key in graph
    assert not mismatches[:10], f"{len(mismatches)}/{checked} differ"


@nltk_comparison
def test_inflected_and_odd_forms_agree_with_nltk(graph: wg.WordNetGraph, wn: WordNetCorpusReader) -> None:
    rng = random.Random(SEED + 1)
    keys = rng.sample(sorted(wn.all_lemma_names()), 400)
    generated = [key + suffix for key in keys for suffix in ("s", "es", "ed", "ing", "er", "est", "ies", "men")]
    exception_forms = [
        form
        for pos in wg.POS_LIST
        for form in rng.sample(sorted(wn._exception_map[pos]), min(75, len(wn._exception_map[pos])))
    ]
    checked = 0
    mismatches = []
    for phrase in HAND_PICKED + generated + exception_forms:
        for pos in POS_CHOICES:
            mine = _names(graph, graph.synsets(phrase, pos))
            theirs = _nltk_names(wn, phrase, pos)
            checked += 1
            if mine != theirs:
                mismatches.append((phrase, pos, mine, theirs))
        # morphy: the form as given, per POS and for pos=None
        for pos in ("n", "v", "a", "s", "r"):
            assert graph.morphy(phrase, pos) == tuple(wn._morphy(phrase, pos)), (phrase, pos)
        first = wn.morphy(phrase)
        assert (graph.morphy(phrase) or (None,))[0] == first, phrase
    assert not mismatches[:10], f"{len(mismatches)}/{checked} differ"


@nltk_comparison
def test_relations_agree_with_nltk(graph: wg.WordNetGraph, wn: WordNetCorpusReader) -> None:
    rng = random.Random(SEED + 2)
    ids = rng.sample(range(len(graph)), 500)
    # make sure some instance and satellite synsets are included
    ids += [graph.synset_id(n) for n in ("einstein.n.01", "paris.n.01", "quick.s.01", "good.a.01", "run.v.01")]

    def names(synsets: object) -> set[str]:
        return {s.name() for s in synsets}  # type: ignore[attr-defined]

    for sid in ids:
        ss = wn.synset(graph.name(sid))
        assert (graph.pos(sid), graph.offset(sid)) == (ss.pos(), ss.offset())
        assert graph.lemmas(sid) == tuple(ss.lemma_names())
        assert graph.lemma_counts(sid) == tuple(lemma.count() for lemma in ss.lemmas())
        for mine, theirs in [
            (graph.hypernyms(sid, instances=False), ss.hypernyms()),
            (graph.instance_hypernyms(sid), ss.instance_hypernyms()),
            (graph.hypernyms(sid), ss.hypernyms() + ss.instance_hypernyms()),
            (graph.hyponyms(sid, instances=False), ss.hyponyms()),
            (graph.instance_hyponyms(sid), ss.instance_hyponyms()),
            (graph.hyponyms(sid), ss.hyponyms() + ss.instance_hyponyms()),
        ]:
            assert len(mine) == len(set(mine))
            assert set(_names(graph, mine)) == names(theirs), graph.name(sid)
        related = set(ss.similar_tos() + ss.also_sees() + ss.verb_groups())
        antonyms = set()
        for lemma in ss.lemmas():
            for other in (
                lemma.derivationally_related_forms() + lemma.pertainyms() + lemma.also_sees() + lemma.verb_groups()
            ):
                related.add(other.synset())
            antonyms.update(a.synset() for a in lemma.antonyms())
        related.discard(ss)
        assert set(_names(graph, graph.related(sid))) == names(related), graph.name(sid)
        assert set(_names(graph, graph.antonyms(sid))) == names(antonyms), graph.name(sid)
        for rel in (graph.hypernyms, graph.hyponyms, graph.related, graph.antonyms):
            part = rel(sid)
            assert all(isinstance(x, int) for x in part)


@nltk_comparison
def test_lemma_names_agree_with_nltk(graph: wg.WordNetGraph, wn: WordNetCorpusReader) -> None:
    for phrase in ("car", "quick", "run", "United States", "geese", "xyzzyq"):
        expected: dict[str, None] = {}
        for ss in wn.synsets(phrase.replace(" ", "_")):
            for name in ss.lemma_names():
                expected.setdefault(name, None)
        assert graph.lemma_names(phrase) == tuple(expected)


@nltk_comparison
def test_check_exceptions_false_agrees_with_nltk(graph: wg.WordNetGraph, wn: WordNetCorpusReader) -> None:
    for phrase in ("geese", "better", "went", "running", "mice", "dogs"):
        for pos in POS_CHOICES:
            mine = _names(graph, graph.synsets(phrase, pos, check_exceptions=False))
            theirs = [s.name() for s in wn.synsets(phrase, pos, check_exceptions=False)]
            assert mine == theirs, (phrase, pos)


# --------------------------------------------------------------------------
# Behaviour worth pinning down
# --------------------------------------------------------------------------


def test_every_name_round_trips(graph: wg.WordNetGraph) -> None:
    for sid in range(len(graph)):
        assert graph.synset_id(graph.name(sid)) == sid
    with pytest.raises(KeyError):
        graph.synset_id("dog.n.99")
    with pytest.raises(KeyError):
        graph.synset_id("nonsense")
    with pytest.raises(KeyError):
        graph.synset_id("dog.x.01")


def test_nltk_quirks_reproduced(graph: wg.WordNetGraph) -> None:
    # duplicates kept, exactly like NLTK: 'better' -> good (exception list) lists good.s.11 twice
    better = _names(graph, graph.synsets("better"))
    assert better.count("good.s.11") == 2
    # 'a' includes satellites, 's' only satellites, None collapses n, v, a, r
    quick_a = _names(graph, graph.synsets("quick", "a"))
    quick_s = _names(graph, graph.synsets("quick", "s"))
    assert quick_s and all(".s." in n for n in quick_s)
    assert set(quick_s) <= set(quick_a)
    rank = {"n": 0, "v": 1, "a": 2, "s": 2, "r": 3}
    fast = [rank[graph.pos(s)] for s in graph.synsets("fast")]
    assert fast == sorted(fast) and set(fast) == {0, 1, 2, 3}
    # lowercasing in synsets, none in morphy
    assert graph.synsets("DOGS") == graph.synsets("dogs")
    assert graph.morphy("Dogs", "n") == ()
    assert graph.morphy("dogs", "n") == ("dog",)
    assert graph.morphy("geese") == ("goose",)
    assert graph.synsets("") == ()
    assert graph.synsets("geese", "") == ()  # NLTK iterates pos: nothing to try


def test_contains_ancestors_and_errors(graph: wg.WordNetGraph) -> None:
    assert "dogs" in graph and "Dog" in graph and "United States" in graph
    assert "xyzzyq" not in graph and "" not in graph and 3 not in graph  # type: ignore[operator]
    dog = graph.synset_id("dog.n.01")
    assert set(_names(graph, graph.hypernyms(dog))) == {"canine.n.02", "domestic_animal.n.01"}
    assert list(graph.hyponyms(dog)) == sorted(graph.hyponyms(dog))  # sorted by id
    ancestors = {graph.name(s) for s in graph.ancestors(dog)}
    assert {"canine.n.02", "carnivore.n.01", "domestic_animal.n.01", "animal.n.01"} == ancestors
    assert graph.ancestors(dog, depth=0) == frozenset()
    restrain = graph.synset_id("restrain.v.01")
    assert restrain not in graph.ancestors(restrain, depth=50)
    entity = graph.synset_id("entity.n.01")
    assert graph.hypernyms(entity) == () and graph.ancestors(entity) == frozenset()
    einstein = graph.synset_id("einstein.n.01")
    assert graph.instance_hypernyms(einstein) and graph.hypernyms(einstein) == graph.instance_hypernyms(einstein)
    good = graph.synset_id("good.a.01")
    assert "bad.a.01" in _names(graph, graph.antonyms(good))
    with pytest.raises(ValueError, match="part of speech"):
        graph.synsets("dog", "x")
    with pytest.raises(ValueError):
        graph.morphy("dog", "noun")
    with pytest.raises(IndexError):
        graph.name(len(graph))
    with pytest.raises(IndexError):
        graph.hypernyms(-1)
    with pytest.raises(ValueError):
        graph.ancestors(dog, depth=-1)
    with pytest.raises(TypeError):
        graph.synsets(None)  # type: ignore[arg-type]


def test_concurrent_reads(graph: wg.WordNetGraph) -> None:
    words = HAND_PICKED * 5
    expected = [graph.synsets(w) for w in words]
    results: list[list[tuple[int, ...]]] = []
    lock = threading.Lock()

    def work() -> None:
        mine = [graph.synsets(w) for w in words]
        for w in words:
            for sid in graph.synsets(w):
                graph.ancestors(sid)
                graph.lemmas(sid)
        with lock:
            results.append(mine)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and all(r == expected for r in results)


# --------------------------------------------------------------------------
# Loading errors
# --------------------------------------------------------------------------


def _rewrite(tmp_path: Path, edit: dict[str, np.ndarray | None]) -> Path:
    with np.load(wg.graph_path(), allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    for key, value in edit.items():
        if value is None:
            del arrays[key]
        else:
            arrays[key] = value
    out = tmp_path / "graph.npz"
    np.savez(out, **arrays)  # type: ignore[arg-type]
    return out


def _header_with(**changes: object) -> np.ndarray:
    header = wg.get_graph().header
    header.update(changes)
    return np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.npz", "not found"),
        (lambda p: (p / "junk.npz").write_bytes(b"not a zip") and p / "junk.npz", "corrupt"),
        (lambda p: _rewrite(p, {"header": _header_with(format_version=999)}), "format version 999"),
        (lambda p: _rewrite(p, {"header": _header_with(format="other")}), "not a spindetect WordNet graph"),
        (lambda p: _rewrite(p, {"related_ids": None}), "corrupt"),
        (lambda p: _rewrite(p, {"hypernym_ids": np.array([10**9], dtype=np.int32)}), "corrupt"),
        (lambda p: _rewrite(p, {"strings": np.frombuffer(b"\xff\xfe", dtype=np.uint8)}), "corrupt"),
    ],
    ids=["missing", "not-a-zip", "format-version", "format-name", "missing-array", "bad-ids", "bad-utf8"],
)
def test_bad_files_raise_clear_errors(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(RuntimeError, match=message) as excinfo:
        wg.load_graph(path)
    assert isinstance(excinfo.value, wg.WordNetGraphError)
    assert str(path) in str(excinfo.value)
    assert "python -m devtools.build_wordnet_graph" in str(excinfo.value)


def test_saved_copy_loads(tmp_path: Path) -> None:
    copy = _rewrite(tmp_path, {})
    g = wg.load_graph(copy)
    assert g.path == copy and g.synsets("dogs") == wg.get_graph().synsets("dogs")


# --------------------------------------------------------------------------
# The build script (a full build takes ~30 s: not run here)
# --------------------------------------------------------------------------


@needs_build_script
def test_build_script_checks_nltk_tables_and_writes_deterministic_npz() -> None:
    build = _load_build_script()
    assert build._check_nltk_behaviour()  # NLTK's morphy tables == ours
    arrays = {
        "header": np.frombuffer(b'{"format":"x"}', dtype=np.uint8),
        "ids": np.arange(1000, dtype="<i4"),
    }
    first = build.npz_bytes(arrays)
    assert first == build.npz_bytes(arrays)
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    with np.load(io.BytesIO(first), allow_pickle=False) as npz:
        assert np.array_equal(npz["ids"], arrays["ids"])
    with pytest.raises(build.BuildError):
        build.npz_bytes({"bad": np.array([object()], dtype=object)})
