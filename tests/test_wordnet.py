"""Tests for the bundled WordNet 3.0 (spindetect.resources.wordnet, devtools/build_wordnet.py)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

import spindetect
from spindetect.resources import wordnet as sw

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_PARENT = Path(spindetect.__file__).resolve().parents[1]
CORPORA = sw.wordnet_path() / "corpora"
BUILD_SCRIPT = REPO_ROOT / "devtools" / "build_wordnet.py"


needs_build_script = pytest.mark.skipif(
    not BUILD_SCRIPT.is_file(),
    reason="devtools/build_wordnet.py not present (installed copy?)",
)


def _load_build_script() -> ModuleType:
    from devtools import build_wordnet

    return build_wordnet


# --------------------------------------------------------------------------
# Loading and lookups
# --------------------------------------------------------------------------


def test_loads_and_is_cached() -> None:
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    wn = sw.get_wordnet()
    assert isinstance(wn, WordNetCorpusReader)
    assert sw.get_wordnet() is wn


def test_version() -> None:
    assert sw.WORDNET_VERSION == "3.0"
    assert sw.get_wordnet().get_version() == "3.0"


def test_synsets_dog() -> None:
    wn = sw.get_wordnet()
    synsets = wn.synsets("dog")
    assert synsets
    dog = wn.synset("dog.n.01")
    assert dog in synsets
    assert dog.offset() == 2084071  # the Princeton WordNet 3.0 offset
    assert dog.lexname() == "noun.animal"  # exercises the generated lexnames
    assert "canine.n.02" in {s.name() for s in dog.hypernyms()}


def test_morphy_and_lemmas() -> None:
    wn = sw.get_wordnet()
    assert wn.morphy("running", "v") == "run"
    assert wn.morphy("geese", "n") == "goose"  # noun.exc
    assert wn.morphy("went", "v") == "go"  # verb.exc
    assert "run" in {lemma.name() for lemma in wn.lemmas("run", pos="v")}
    lemma = wn.lemma_from_key("dog%1:05:00::")  # index.sense
    assert lemma.synset().name() == "dog.n.01"
    assert lemma.count() > 0  # cntlist.rev
    # Verb frames come from data.verb plus NLTK's built-in frame strings.
    assert wn.synset("run.v.01").lemmas()[0].frame_strings()


def test_multilingual_not_bundled_but_harmless() -> None:
    assert sw.get_wordnet().langs() == ["eng"]


def test_nltk_data_path_is_appended_not_replaced() -> None:
    import nltk

    sw.get_wordnet()
    paths = list(nltk.data.path)
    assert str(sw.wordnet_path()) in paths
    assert paths.count(str(sw.wordnet_path())) == 1
    sw.load_wordnet()  # loading again must not add it twice
    assert list(nltk.data.path) == paths


def test_missing_zip_says_how_to_rebuild(tmp_path: Path) -> None:
    with pytest.raises(sw.WordNetDataError) as info:
        sw.load_wordnet(tmp_path)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, RuntimeError)
    message = str(info.value)
    assert "python -m devtools.build_wordnet" in message
    assert "wordnet-base" in message


def test_corrupt_zip_says_how_to_rebuild(tmp_path: Path) -> None:
    corpora = tmp_path / "corpora"
    corpora.mkdir()
    (corpora / "wordnet.zip").write_bytes(b"this is not a zip file")
    with pytest.raises(sw.WordNetDataError, match="devtools.build_wordnet"):
        sw.load_wordnet(tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="NLTK checks modes on POSIX only")
def test_group_writable_data_is_explained(tmp_path: Path) -> None:
    corpora = tmp_path / "corpora"
    corpora.mkdir()
    target = corpora / "wordnet.zip"
    target.write_bytes(sw.wordnet_zip_path().read_bytes())
    target.chmod(0o664)
    with pytest.raises(sw.WordNetDataError, match="chmod -R go-w"):
        sw.load_wordnet(tmp_path)


# --------------------------------------------------------------------------
# Shipped files
# --------------------------------------------------------------------------


def test_licence_and_provenance_files() -> None:
    licence = (CORPORA / "WORDNET_LICENSE.txt").read_text(encoding="utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in licence
    with zipfile.ZipFile(sw.wordnet_zip_path()) as archive:
        assert archive.read("wordnet/LICENSE").decode("utf-8") == licence
    assert sw.get_wordnet().license() == licence

    source = (CORPORA / "WORDNET_SOURCE.txt").read_text(encoding="utf-8")
    for package in ("wordnet-base", "wordnet-sense-index"):
        assert package in source
    recorded = re.search(r"wordnet\.zip sha256: ([0-9a-f]{64})", source)
    assert recorded, "WORDNET_SOURCE.txt must record the zip's sha256"
    actual = hashlib.sha256(sw.wordnet_zip_path().read_bytes()).hexdigest()
    assert recorded.group(1) == actual, "rebuild with `python -m devtools.build_wordnet`"


def test_zip_has_every_file_nltk_reads() -> None:
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    with zipfile.ZipFile(sw.wordnet_zip_path()) as archive:
        names = set(archive.namelist())
        infos = archive.infolist()
    needed = {f"wordnet/{name}" for name in WordNetCorpusReader._FILES}
    needed |= {"wordnet/LICENSE", "wordnet/README", "wordnet/citation.bib"}
    assert needed <= names
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert sw.wordnet_zip_path().stat().st_size < 15 * 2**20


@needs_build_script
@pytest.mark.skipif(
    not Path("/usr/share/wordnet/index.sense").is_file(),
    reason="Debian packages wordnet-base and wordnet-sense-index not installed",
)
def test_committed_zip_matches_a_fresh_build() -> None:
    """The zip's contents equal what the builder makes from the Debian files.

    Compares uncompressed members (robust to zlib versions); the byte-exact
    check is `python -m devtools.build_wordnet --check`.
    """
    builder = _load_build_script()
    members, _ = builder.collect_members(
        builder.DEFAULT_SOURCE, builder.DEFAULT_LEXNAMES_MAN, builder.DEFAULT_COPYRIGHT
    )
    with zipfile.ZipFile(sw.wordnet_zip_path()) as archive:
        shipped = {
            info.filename.removeprefix("wordnet/"): archive.read(info)
            for info in archive.infolist()
            if not info.is_dir()
        }
    assert sorted(shipped) == sorted(members)
    for name, data in members.items():
        assert shipped[name] == data, f"wordnet/{name} differs from a fresh build"


@needs_build_script
def test_builder_lexnames_table() -> None:
    builder = _load_build_script()
    man = builder.DEFAULT_LEXNAMES_MAN
    if man.is_file():
        names, _ = builder.load_lexnames(man)
    else:
        names, _ = builder.load_lexnames(None)
    assert len(names) == 45
    text = builder.render_lexnames(names).decode("ascii")
    assert text.splitlines()[0] == "00\tadj.all\t3"
    assert text.splitlines()[18] == "18\tnoun.person\t1"
    assert text.splitlines()[44] == "44\tadj.ppl\t3"


@needs_build_script
def test_builder_error_names_the_packages(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "devtools.build_wordnet",
            "--source",
            str(tmp_path / "none"),
            "--output-dir",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 2
    assert "apt-get install wordnet-base wordnet-sense-index" in result.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------
# Isolation: no other NLTK data, no network, no download, lazy import
# --------------------------------------------------------------------------

_ISOLATED_SCRIPT = textwrap.dedent(
    """
    import json, socket, sys, threading

    def _no_network(*args, **kwargs):
        raise AssertionError("network access attempted")
    socket.socket.connect = _no_network
    socket.create_connection = _no_network

    import spindetect.resources.wordnet as sw
    lazy = "nltk" not in sys.modules

    import nltk
    def _no_download(*args, **kwargs):
        raise AssertionError("nltk.download called")
    nltk.download = _no_download
    import nltk.downloader
    nltk.downloader.download = _no_download
    nltk.downloader.Downloader.download = _no_download

    results = []
    threads = [threading.Thread(target=lambda: results.append(sw.get_wordnet()))
               for _ in range(4)]
    for t in threads: t.start()
    for t in threads: t.join()
    wn = results[0]
    print(json.dumps({
        "lazy": lazy,
        "same": all(r is wn for r in results) and len(results) == 4,
        "version": wn.get_version(),
        "dog": [s.name() for s in wn.synsets("dog")],
        "morphy": wn.morphy("running", "v"),
        "nltk_data_env": nltk.data.path[0],
    }))
    """
)


def test_works_without_any_other_nltk_data(tmp_path: Path) -> None:
    empty_nltk = tmp_path / "nltk_data_empty"
    empty_home = tmp_path / "home"
    empty_nltk.mkdir()
    empty_home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NLTK_", "PYTHON"))}
    env.update(
        NLTK_DATA=str(empty_nltk),
        HOME=str(empty_home),
        PYTHONPATH=str(PACKAGE_PARENT),
        PYTHONWARNINGS="error",  # e.g. NLTK's "multilingual functions" warning
    )
    result = subprocess.run(
        [sys.executable, "-c", _ISOLATED_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["lazy"], "importing spindetect.resources.wordnet must not import NLTK"
    assert data["same"], "concurrent first calls must share one reader"
    assert data["version"] == "3.0"
    assert "dog.n.01" in data["dog"]
    assert data["morphy"] == "run"
    assert data["nltk_data_env"] == str(empty_nltk)
    assert list(empty_nltk.iterdir()) == [] and list(empty_home.iterdir()) == []
