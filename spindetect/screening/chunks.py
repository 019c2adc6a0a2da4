"""Chunks: finding spun copies of part of a document, and documents that are
part of a longer suspect.

Banded LSH finds a pair when the two shingle sets' Jaccard similarity is
high (:class:`~spindetect.screening.index.IndexConfig`), but a spun copy of
40% of a source shares at most 40% of the source's shingles: its Jaccard
similarity with the whole source is 0.2-0.35, where 42 x 3 bands find it
about half the time. So a long text is also cut into overlapping *chunks*
of its shingle sequence (:func:`~spindetect.screening.shingles.shingle_sequence`),
at several sizes (:func:`windows`): every chunk has a MinHash signature
like a document, and its band keys are one more LSH entry pointing back to
the document (:class:`~spindetect.screening.lsh.ChunkTable`). A suspect that is part of a document
then meets a chunk of about its own size, with a Jaccard similarity of
0.5-0.8; a document that is part of a long suspect meets one of the
suspect's chunks the same way.

>>> windows(300, 64)
[(0, 64), (32, 96), (64, 128), (96, 160), (128, 192), (160, 224), (192, 256), (224, 288), (236, 300), (0, 128), (64, 192), (128, 256), (172, 300)]
>>> windows(100, 64)
[]
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from .messages import short
from .storage import IndexFormatError

__all__ = [
    "CHUNK_FILES",
    "CHUNK_FORMAT",
    "NO_CHUNKS_WARNING",
    "PART_MAX_SIZE_RATIO",
    "PART_MIN_CONTAINMENT",
    "PART_MIN_CHUNK_BANDS",
    "PART_MIN_SHINGLES",
    "chunk_sets",
    "local_shared",
    "part_similarity",
    "place_chunks",
    "read_chunks",
    "stage_chunks",
    "windows",
]

#: Share of the smaller text's shingles that must be found in the larger
#: one for a pair to count as a partial copy (:func:`part_similarity`).
#: Measured on the dev texts of ``benchmarks/retrieval_partial.py``: a spun
#: copy (10-50% substitution) of part of a source keeps 0.74 of its shingles
#: in the source at the 1st percentile (0.91 median); the best-sharing
#: unrelated document of the whole collection shares 0.29 (median) and 0.52
#: (90th percentile) with a suspect, among documents of at least 40 shingles.
PART_MIN_CONTAINMENT = 0.6

#: Fewest shingles of the smaller text for a partial copy to count: below
#: about 40 words a passage shares most of its skeleton shingles with many
#: unrelated documents ("_ of the _ ," and the like).
PART_MIN_SHINGLES = 32


#: Stretch of a suspect, in multiples of a document's shingles (plus
#: :data:`PART_WINDOW_SLACK`), within which a document copied into part of
#: it must be found (:func:`local_shared`). A spun copy's skeleton is about
#: as long as its source's (a spinner keeps function words and collapses
#: runs of replaced words: 0.9-1.1 times on the dev cases), so 1.5 leaves room.
PART_WINDOW = 1.5
PART_WINDOW_SLACK = 16


#: LSH bands a suspect smaller than a document must share with one of the
#: document's chunks to count as a copy of part of it: the evidence that it
#: matches one stretch of the document (whose shingle order the index does
#: not keep), not sentences scattered over it. A chunk of Jaccard similarity
#: ``J`` shares ``bands * J**rows`` bands on average: 5.3 of 42 at 0.5, 0.2
#: at 0.17 (a 64-shingle chunk holding one 30-shingle sentence of a
#: 150-shingle suspect). 2 finds a chunk at 0.45 nine times in ten, and a
#: part usually holds several.
PART_MIN_CHUNK_BANDS = 4


def windows(n: int, smallest: int) -> list[tuple[int, int]]:
    """The chunks ``(start, stop)`` of a shingle sequence of length ``n``:
    sizes ``smallest``, ``2 * smallest``, ... up to half of ``n``, each size
    overlapping by half (stride ``size // 2``) and the last chunk of a size
    ending at ``n``. None for a sequence shorter than ``2 * smallest`` or
    with ``smallest=0`` (chunks off): its whole set is its only entry.

    A part of ``s`` shingles of a text then holds a whole chunk of a size
    from ``s / 3`` to ``2 * s / 3`` (when ``s >= 1.5 * smallest``): Jaccard
    similarity 0.33-0.67 with it before spinning.
    """
    out: list[tuple[int, int]] = []
    if smallest <= 0:
        return out
    size = smallest
    while 2 * size <= n:
        step = max(1, size // 2)
        last = 0
        for start in range(0, n - size + 1, step):
            out.append((start, start + size))
            last = start + size
        if last < n:
            out.append((n - size, n))
        size *= 2
    return out


def chunk_sets(seq: np.ndarray, smallest: int) -> list[np.ndarray]:
    """The sorted, unique shingle sets of the :func:`windows` of ``seq``."""
    return [np.unique(seq[a:b]) for a, b in windows(len(seq), smallest)]


def local_shared(seq: np.ndarray, docs: list[np.ndarray], shared: np.ndarray) -> np.ndarray:
    """``shared`` (each document's shingles found in the suspect), where a
    document is smaller than the suspect (shingle sequence ``seq``) counted
    only within the stretch of the suspect that holds most of them: at most
    :data:`PART_WINDOW` times the document's size, plus
    :data:`PART_WINDOW_SLACK` positions. A document copied into part of
    the suspect is found in one stretch; one whose sentences are scattered
    over the suspect (texts on the same story that share some sentences) is
    not a copied part. A shingle that occurs ``r`` times in the suspect
    counts ``1 / r`` at each place, so a stretch counts at most its distinct
    shingles. Where the document is not smaller, ``shared`` as is (floats)."""
    out = np.array(shared, dtype=np.float64)
    n = len(seq)
    weight = None
    for i, doc in enumerate(docs):
        width = int(PART_WINDOW * len(doc)) + PART_WINDOW_SLACK
        if width >= n or not out[i]:
            continue
        if weight is None:  # a shingle seen r times in the suspect counts 1/r at each place
            _, inverse, counts = np.unique(seq, return_inverse=True, return_counts=True)
            weight = 1.0 / counts[inverse]
        cum = np.concatenate([[0.0], np.cumsum(np.where(np.isin(seq, doc), weight, 0.0))])
        out[i] = min(out[i], float((cum[width:] - cum[:-width]).max()))
    return out


#: Largest size of the smaller text, as a share of the larger, for a pair
#: to count as a partial copy (:func:`part_similarity`). The parts the
#: chunks are built to find are 20-60% of a source (a part of ``s``
#: shingles holds a whole chunk of ``s / 3`` to ``2 s / 3``), a source
#: inside a longer suspect less; two texts of about one size are compared
#: by Jaccard similarity alone. Without this cap, at 1,000,000 documents
#: (``benchmarks/retrieval_scale.py``) a near-duplicate of the source a
#: little smaller than it (a sentence dropped) outranked the source itself
#: by its part similarity: strict recall@1 at <= 30% substitution 1.000
#: before chunks, 0.983 with them.
PART_MAX_SIZE_RATIO = 0.75


def part_similarity(shared: np.ndarray, a: np.ndarray | int, b: np.ndarray) -> np.ndarray:
    """How similar the smaller of two texts is to the part of the larger it
    was copied from: ``c / (2 - c)`` with ``c`` the share of the smaller
    text's ``min(a, b)`` shingles found in the other (``shared``). That is
    the Jaccard similarity the smaller text would have with a text of its
    own size sharing those shingles, never below plain Jaccard similarity.
    0 where the pair is no partial copy: ``c`` below
    :data:`PART_MIN_CONTAINMENT`, the smaller text under
    :data:`PART_MIN_SHINGLES` shingles, or more than
    :data:`PART_MAX_SIZE_RATIO` of the larger. Element-wise over arrays, in [0, 1].

    >>> part_similarity(np.array([90, 90, 20]), 100, np.array([1000, 100, 1000])).round(3).tolist()
    [0.818, 0.0, 0.0]
    """
    small, large = np.minimum(a, b), np.maximum(a, b)
    c = shared / np.maximum(small, 1)
    ok = (c >= PART_MIN_CONTAINMENT) & (small >= PART_MIN_SHINGLES) & (small <= PART_MAX_SIZE_RATIO * large)
    return np.where(ok, c / (2.0 - np.minimum(c, 1.0)), 0.0)


# -- saved with an index -----------------------------------------------------------

#: Version of the chunk table saved with an index: ``"chunks"`` in its
#: ``header.json`` (``version``, ``count``, and the size and SHA-256 of
#: :data:`CHUNK_FILES`). An index saved without it (before chunks) loads
#: without chunk entries: it finds partial copies as before them.
#: :meth:`SourceIndex.save <spindetect.screening.index.SourceIndex.save>` and
#: :func:`~spindetect.screening.building.build_index` both write it.
CHUNK_FORMAT = 1
#: The files of the chunk table in a saved index: sorted band keys and the
#: chunk numbers, ``(bands, chunks)`` each, and each chunk's document position.
CHUNK_FILES = ("chunk_keys.npy", "chunk_ids.npy", "chunk_owners.npy")
#: Logged once when an index without a chunk table is loaded (``path``).
NO_CHUNKS_WARNING = (
    "{path} was saved without a chunk table (by an older spindetect): spun copies of part of a long document "
    "are found less often; build it again (build_index, or SourceIndex.add_many then save) to find them"
)


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def stage_chunks(parent: Path, keys: np.ndarray, ids: np.ndarray, owners: np.ndarray) -> tuple[Path, dict[str, Any]]:
    """Write a chunk table (``keys``, ``ids``, ``owners``: :class:`~spindetect.screening.lsh.ChunkTable`)
    to a new temporary directory in ``parent``; returns
    it and the ``"chunks"`` entry of the index's header describing the files."""
    tmp = Path(tempfile.mkdtemp(prefix=".chunks.", dir=parent))
    try:
        for name, arr in zip(CHUNK_FILES, (keys, ids, owners)):
            np.save(tmp / name, np.ascontiguousarray(arr), allow_pickle=False)
        files = {name: {"bytes": (tmp / name).stat().st_size, "sha256": _sha256(tmp / name)} for name in CHUNK_FILES}
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp, {"version": CHUNK_FORMAT, "count": int(keys.shape[1]), "files": files}


def place_chunks(tmp: Path, target: Path) -> None:
    """Move the files :func:`stage_chunks` wrote into the saved index ``target``."""
    for name in CHUNK_FILES:
        os.replace(tmp / name, target / name)
    tmp.rmdir()


def read_chunks(
    path: Path, header: dict[str, Any], bands: int, documents: int, *, verify: bool, mmap: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The chunk table saved in the index directory ``path`` (whose header
    is ``header``), ``(keys, ids, owners)``, checked against it; None for an
    index saved without one.
    Raises :class:`~spindetect.screening.storage.IndexFormatError` naming the
    file and what to do."""
    entry = header.get("chunks")
    if entry is None:
        return None
    head = path / "header.json"
    if not isinstance(entry, dict) or entry.get("version") != CHUNK_FORMAT:
        got = entry.get("version") if isinstance(entry, dict) else short(entry)
        raise IndexFormatError(
            f"{head}: chunk table version {got!r}, this spindetect reads version {CHUNK_FORMAT}; "
            "rebuild the index with this version (SourceIndex.add_many, then save)"
        )
    files = entry.get("files")
    count = entry.get("count")
    arrays = []
    for name in CHUNK_FILES:
        fpath = path / name
        meta = files.get(name) if isinstance(files, dict) else None
        if not isinstance(meta, dict) or not fpath.is_file():
            raise IndexFormatError(f"{fpath} is missing or not in {head}: the index is incomplete, save it again")
        if fpath.stat().st_size != meta.get("bytes") or (verify and _sha256(fpath) != meta.get("sha256")):
            raise IndexFormatError(f"{fpath} is not the file {head} describes (size or SHA-256): save the index again")
        try:
            arrays.append(np.load(fpath, allow_pickle=False, mmap_mode="r" if mmap else None))
        except (OSError, ValueError) as exc:
            raise IndexFormatError(f"{fpath}: not a readable NumPy array ({exc}); save the index again") from None
    keys, ids, owners = arrays
    shape = (bands, count)

    def bad(arr: np.ndarray, shape: tuple[int, ...], below: int) -> bool:
        wrong = arr.shape != shape or arr.dtype not in (np.int32, np.int64)
        return wrong or bool(arr.size and (int(arr.min()) < 0 or int(arr.max()) >= below))

    if keys.shape != shape or keys.dtype != np.uint32 or bad(ids, shape, count) or bad(owners, (count,), documents):
        raise IndexFormatError(
            f"{path}: chunk table {keys.shape} {keys.dtype}, {ids.shape} {ids.dtype}, {owners.shape} {owners.dtype}; "
            f"expected {shape} uint32, {shape} and ({count},) int32 or int64 (chunk numbers below {count:,}, "
            f"document positions below {documents:,}); save the index again"
        )
    return keys, ids, owners
