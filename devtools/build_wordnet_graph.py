#!/usr/bin/env python3
"""Compile spindetect's WordNet graph (``spindetect/data/wordnet_graph.npz``) from NLTK.

The graph is what :mod:`spindetect.resources.wordnet_graph` loads at run time instead
of NLTK's reader: every synset, the lemma index, the morphy exception lists and
the relations spindetect uses, as flat NumPy arrays.  Everything is taken from
NLTK's ``WordNetCorpusReader`` over the bundled
``spindetect/data/nltk_data/corpora/wordnet.zip`` (via
:func:`spindetect.resources.wordnet.get_wordnet`), so lookups agree with NLTK by
construction; the tests check that they do.

Two NLTK internals are read directly because they *are* what
``wn.synsets``/``wn._morphy`` consult and no public API exposes them without
morphology: ``_lemma_pos_offset_map`` (lemma -> POS -> ordered offsets) and
``_exception_map`` (the ``*.exc`` files).  The script aborts if NLTK's
``POS_LIST`` or ``MORPHOLOGICAL_SUBSTITUTIONS`` differ from the copies in
:mod:`spindetect.resources.wordnet_graph` (NLTK changed behaviour: update both).

File layout (``.npz`` = zip of ``.npy``; all little-endian; no object arrays,
loadable with ``allow_pickle=False``)::

    header               uint8  UTF-8 JSON: format, format_version, wordnet_version,
                                nltk_version, source {path, sha256, size}, counts,
                                id ranges, relation definitions
    strings              uint8  UTF-8 strings joined by "\\n" (none contains "\\n"):
                                first the sorted lemma-index keys (lowercase, as in
                                the index files), then the other lemma names (sorted)
    synset_pos           uint8  ASCII 'n' 'v' 'a' 's' 'r', one per synset id
    synset_offset        int32  WordNet byte offset in data.<pos>
    synset_name_sense    uint16 name = f"{first lemma .lower()}.{pos}.{sense:02d}", NLTK's
                                rule (checked against Synset.name() for every synset)
    lemma_lengths        uint8  CSR over synsets (row lengths):
    lemma_string         int32    index into strings (Lemma.name(), NLTK order)
    lemma_count          int32    Lemma.count(), parallel to lemma_string
    index_lengths        uint8  CSR over (key, slot), slot in POS_SLOTS n v a r s:
    index_synset         int32    synset ids in index-file order ('s' = satellites)
    <rel>_lengths        uint*  CSR over synsets for rel in hypernym instance_hypernym
    <rel>_ids            int32    hyponym instance_hyponym related antonym; targets
                                  sorted by id
    exceptions           uint8  "\\n"-joined lines "<pos> <form> <base> ..." (n v a r)

CSR arrays are stored as row lengths (the smallest unsigned dtype that fits)
rather than cumulative pointers: they compress better and the loader rebuilds
the pointers with one ``cumsum``.

Output is deterministic: arrays in a fixed order, zip entries with a fixed
timestamp and mode, DEFLATE level 9 (byte-identical given the same NLTK,
wordnet.zip and zlib).

Usage::

    python -m devtools.build_wordnet_graph            # (re)build the graph
    python -m devtools.build_wordnet_graph --check    # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from spindetect.resources import wordnet_graph as wg
from spindetect.resources.wordnet import WORDNET_VERSION, get_wordnet, wordnet_path, wordnet_zip_path

REPO_ROOT = Path(__file__).resolve().parents[1]

if TYPE_CHECKING:  # pragma: no cover
    from nltk.corpus.reader.wordnet import Synset, WordNetCorpusReader

DEFAULT_OUTPUT = REPO_ROOT / "spindetect" / "data" / wg.GRAPH_FILENAME
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)


class BuildError(RuntimeError):
    """The graph cannot be built; the message says why."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_nltk_behaviour() -> str:
    """Abort if NLTK's morphy tables differ from spindetect.resources.wordnet_graph's copies."""
    import nltk
    from nltk.corpus.reader import wordnet as nltk_wn

    if tuple(nltk_wn.POS_LIST) != wg.POS_LIST:
        raise BuildError(f"NLTK {nltk.__version__} POS_LIST {nltk_wn.POS_LIST} != {wg.POS_LIST}")
    theirs = {
        pos: tuple(map(tuple, subs)) for pos, subs in nltk_wn.WordNetCorpusReader.MORPHOLOGICAL_SUBSTITUTIONS.items()
    }
    if theirs != dict(wg.MORPHOLOGICAL_SUBSTITUTIONS):
        raise BuildError(
            f"NLTK {nltk.__version__} MORPHOLOGICAL_SUBSTITUTIONS differ from "
            "spindetect.resources.wordnet_graph.MORPHOLOGICAL_SUBSTITUTIONS; update the module "
            "(and its _morphy reimplementation) to match NLTK first"
        )
    return str(nltk.__version__)


def _file_pos(pos: str) -> str:
    return "a" if pos == "s" else pos


def _no_newline(strings: Sequence[str], what: str) -> None:
    for s in strings:
        if "\n" in s or s == "":
            raise BuildError(f"{what} {s!r} is empty or contains a newline; cannot store it")


def _csr(rows: Sequence[Sequence[int]], prefix: str, ids_name: str | None = None) -> dict[str, np.ndarray]:
    """CSR stored as row lengths (smallest unsigned dtype) + flat int32 ids.

    Row lengths compress far better than cumulative index pointers and the
    loader rebuilds the pointers with one ``cumsum``.
    """
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    dtype = "<u1" if lengths.max(initial=0) <= 0xFF else "<u2" if lengths.max() <= 0xFFFF else "<u4"
    flat = np.fromiter((x for r in rows for x in r), dtype="<i4", count=int(lengths.sum()))
    return {f"{prefix}_lengths": lengths.astype(dtype), ids_name or f"{prefix}_ids": flat}


def _utf8(strings: Sequence[str]) -> np.ndarray:
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8).copy()


def build_arrays(wn: WordNetCorpusReader, source_zip: Path, *, log: Any = print) -> dict[str, np.ndarray]:
    """Compile the graph arrays (header first) from NLTK's reader ``wn``."""
    nltk_version = _check_nltk_behaviour()
    if wn.get_version() != WORDNET_VERSION:
        raise BuildError(f"NLTK reader holds WordNet {wn.get_version()}, expected {WORDNET_VERSION}")

    # ---- synsets: ids in file order n, v, a(+s), r ----
    started = time.perf_counter()
    synsets: list[Synset] = []
    id_ranges: dict[str, list[int]] = {}
    for pos in wg.POS_LIST:
        first = len(synsets)
        synsets.extend(wn.all_synsets(pos))  # 'a' yields head adjectives and satellites
        id_ranges[pos] = [first, len(synsets)]
    sid_of: dict[tuple[str, int], int] = {}
    for sid, ss in enumerate(synsets):
        key = (_file_pos(ss.pos()), ss.offset())
        if key in sid_of:
            raise BuildError(f"duplicate synset {key}")
        sid_of[key] = sid
    n = len(synsets)
    log(f"  {n} synsets read ({time.perf_counter() - started:.1f} s)")

    def ids(objs: Any) -> list[int]:
        return sorted({sid_of[(_file_pos(s.pos()), s.offset())] for s in objs})

    # ---- lemma index: exactly NLTK's _lemma_pos_offset_map ----
    index_map = wn._lemma_pos_offset_map
    keys = sorted(k for k, v in index_map.items() if v)
    _no_newline(keys, "lemma key")
    index_rows: list[list[int]] = []
    for key in keys:
        entry = index_map[key]
        if ("a" in entry) != ("s" in entry) or any(not entry[p] for p in wg.POS_LIST if p in entry):
            raise BuildError(f"unexpected lemma index entry {key!r}: {entry}")
        if set(entry) - set(wg.POS_SLOTS):
            raise BuildError(f"unknown POS in lemma index entry {key!r}: {sorted(entry)}")
        for slot in wg.POS_SLOTS:
            index_rows.append([sid_of[(_file_pos(slot), off)] for off in entry.get(slot, ())])

    # ---- strings ----
    lemma_rows = [[lemma.name() for lemma in ss.lemmas()] for ss in synsets]
    key_set = set(keys)
    extra = sorted({name for row in lemma_rows for name in row} - key_set)
    _no_newline(extra, "lemma name")
    strings = keys + extra
    str_id = {s: i for i, s in enumerate(strings)}

    # ---- names: NLTK names a synset f"{first lemma, lowercased}.{pos}.{sense:02d}" ----
    name_sense = np.zeros(n, dtype="<u2")
    for sid, ss in enumerate(synsets):
        name = ss.name()
        head, pos, number = name.rsplit(".", 2)
        sense = int(number)
        if (
            pos != ss.pos()
            or head != lemma_rows[sid][0].lower()
            or not 0 < sense <= 0xFFFF
            or f"{head}.{pos}.{sense:02d}" != name
        ):
            raise BuildError(f"cannot encode synset name {name!r}")
        name_sense[sid] = sense

    # ---- lemma counts (binary search in cntlist.rev per lemma; the slow part) ----
    started = time.perf_counter()
    counts = [lemma.count() for ss in synsets for lemma in ss.lemmas()]
    log(f"  {len(counts)} lemma counts read ({time.perf_counter() - started:.1f} s)")

    # ---- relations ----
    started = time.perf_counter()
    rel_rows: dict[str, list[list[int]]] = {rel: [] for rel in wg.RELATIONS}
    self_related = 0
    for sid, ss in enumerate(synsets):
        rel_rows["hypernym"].append(ids(ss.hypernyms()))
        rel_rows["instance_hypernym"].append(ids(ss.instance_hypernyms()))
        rel_rows["hyponym"].append(ids(ss.hyponyms()))
        rel_rows["instance_hyponym"].append(ids(ss.instance_hyponyms()))
        related = [*ss.similar_tos(), *ss.also_sees(), *ss.verb_groups()]
        antonyms = []
        for lemma in ss.lemmas():
            for other in (
                *lemma.derivationally_related_forms(),
                *lemma.pertainyms(),
                *lemma.also_sees(),
                *lemma.verb_groups(),
            ):
                related.append(other.synset())
            antonyms.extend(a.synset() for a in lemma.antonyms())
        related_ids = ids(related)
        if sid in related_ids:
            related_ids.remove(sid)
            self_related += 1
        rel_rows["related"].append(related_ids)
        rel_rows["antonym"].append(ids(antonyms))
    log(f"  relations read ({time.perf_counter() - started:.1f} s); {self_related} self-links dropped from related")

    # ---- morphy exception lists: exactly NLTK's _exception_map ----
    exc_map = wn._exception_map
    if exc_map.get("s") is not exc_map.get("a"):
        raise BuildError("NLTK no longer shares the adjective exception list with satellites")
    exc_lines = []
    for pos in wg.POS_LIST:
        for form, bases in exc_map[pos].items():
            terms = [form, *bases]
            if any(not t or any(c.isspace() for c in t) for t in terms):
                raise BuildError(f"unexpected exception entry {pos} {terms}")
            exc_lines.append(" ".join([pos, *terms]))

    arrays: dict[str, np.ndarray] = {
        "strings": _utf8(strings),
        "synset_pos": np.frombuffer("".join(ss.pos() for ss in synsets).encode("ascii"), dtype=np.uint8).copy(),
        "synset_offset": np.array([ss.offset() for ss in synsets], dtype="<i4"),
        "synset_name_sense": name_sense,
        **_csr([[str_id[s] for s in row] for row in lemma_rows], "lemma", "lemma_string"),
        "lemma_count": np.array(counts, dtype="<i4"),
        **_csr(index_rows, "index", "index_synset"),
    }
    for rel in wg.RELATIONS:
        arrays.update(_csr(rel_rows[rel], rel))
    arrays["exceptions"] = _utf8(exc_lines)

    # A machine-independent name for the source (no absolute paths: deterministic output).
    package_root = wordnet_path().parents[1]
    zip_rel = source_zip.relative_to(package_root) if source_zip.is_relative_to(package_root) else source_zip.name
    header = {
        "format": wg.FORMAT_NAME,
        "format_version": wg.FORMAT_VERSION,
        "wordnet_version": wn.get_version(),
        "nltk_version": nltk_version,
        "source": {
            "path": f"spindetect/{Path(zip_rel).as_posix()}",
            "sha256": sha256_file(source_zip),
            "size": source_zip.stat().st_size,
        },
        # the old path is kept in this written provenance: rebuilds stay byte-identical to the shipped file
        "built_by": "scripts/build_wordnet_graph.py",
        "counts": {
            "synsets": n,
            "synsets_by_pos": {p: int(np.sum(arrays["synset_pos"] == ord(p))) for p in wg.POS_SLOTS},
            "lemma_keys": len(keys),
            "strings": len(strings),
            "synset_lemmas": len(counts),
            "index_entries": int(sum(len(r) for r in index_rows)),
            "exceptions": {p: len(exc_map[p]) for p in wg.POS_LIST},
            **{f"{rel}_edges": int(arrays[f"{rel}_ids"].size) for rel in wg.RELATIONS},
        },
        "synset_id_ranges": id_ranges,
        "pos_slots": "".join(wg.POS_SLOTS),
        "relations": {
            "hypernym": "Synset.hypernyms()",
            "instance_hypernym": "Synset.instance_hypernyms()",
            "hyponym": "Synset.hyponyms()",
            "instance_hyponym": "Synset.instance_hyponyms()",
            "related": "similar_tos + also_sees + verb_groups of the synset, and synsets of "
            "derivationally_related_forms + pertainyms + also_sees + verb_groups of its lemmas, "
            "minus the synset itself",
            "antonym": "synsets of antonyms of its lemmas",
        },
    }
    header_bytes = json.dumps(header, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode("utf-8")
    return {"header": np.frombuffer(header_bytes, dtype=np.uint8).copy(), **arrays}


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Serialise ``arrays`` as a deterministic ``.npz`` (what ``np.load`` reads)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            if arr.dtype.hasobject:
                raise BuildError(f"array {name!r} is an object array")
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=9)
    return out.getvalue()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.build_wordnet_graph",
        description="Compile spindetect's WordNet graph (wordnet_graph.npz) from NLTK's reader "
        "over the bundled WordNet 3.0 zip.",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"file to write (default {DEFAULT_OUTPUT.relative_to(REPO_ROOT)})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if --output differs from a fresh build",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    source_zip = wordnet_zip_path()
    started = time.perf_counter()
    try:
        wn = get_wordnet()
        print(f"building from {source_zip} with NLTK", flush=True)
        data = npz_bytes(build_arrays(wn, source_zip))
    except (BuildError, RuntimeError) as exc:
        print(f"build_wordnet_graph: error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    if args.check:
        current = args.output.read_bytes() if args.output.is_file() else None
        if current != data:
            print(
                f"build_wordnet_graph: {args.output} is missing or stale; "
                "run `python -m devtools.build_wordnet_graph` to rebuild",
                file=sys.stderr,
            )
            return 1
        print(f"build_wordnet_graph: {args.output} is up to date ({elapsed:.1f} s)")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(args.output.name + ".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o644)
    os.replace(tmp, args.output)
    print(
        f"wrote {args.output}: {len(data):,} bytes ({len(data) / 2**20:.2f} MiB), "
        f"sha256 {hashlib.sha256(data).hexdigest()} ({elapsed:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
