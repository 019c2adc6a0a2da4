"""Build a saved :class:`~spindetect.screening.index.SourceIndex` on disk, out of core.

:func:`build_index` reads ``(id, text)`` pairs from any iterable (a
generator, a JSONL file read line by line) and writes the index directory
as it goes: documents are fingerprinted in shards of ``shard_size``, each
shard's arrays appended to the ``.npy`` files on disk and dropped from
memory. What stays in memory is one shard, the set of ids seen (to refuse
duplicates) and the offsets (8 bytes per document); the band tables (of the
documents and of their chunks, for partial copies: see
:mod:`~spindetect.screening.chunks`) are sorted band by band at the end,
from the memory-mapped rows. The result is the directory
:meth:`SourceIndex.save` writes (format version 2, checked the same way on
load), and the index is returned loaded from it, memory-mapped.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "sources.index"
>>> docs = (("a", "The cat sat on the mat, and then it went to sleep in the sun for an hour."),
...         ("b", "Markets fell by 3% on Monday as investors sold shares in the banks."))
>>> index = build_index(folder, docs)
>>> index.find("The kitty sat on the rug, and then it went to slumber in the sunlight for an hour.")[0].id
'a'
>>> SourceIndex.load(folder, mmap=True).ids
('a', 'b')
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .chunks import place_chunks, stage_chunks
from .index import IndexConfig, SourceIndex
from .lsh import BandTable
from .messages import short
from .storage import check_target, finish_directory, finish_npy, sources_entry, start_npy

__all__ = ["DEFAULT_SHARD_SIZE", "build_index"]

#: Documents handed to :meth:`SourceIndex.add_many` at once.
_PENDING = 1024

logger = logging.getLogger("spindetect")

#: Documents fingerprinted before their arrays go to disk: about 100 MB of
#: shingles and signatures at the benchmark's 150-word documents.
DEFAULT_SHARD_SIZE = 100_000


def build_index(
    path: str | os.PathLike[str],
    items: Mapping[str, str] | Iterable[tuple[str, str]],
    config: IndexConfig | None = None,
    *,
    overwrite: bool = False,
    skip_errors: bool = False,
    shard_size: int = DEFAULT_SHARD_SIZE,
    errors: list[tuple[str, str]] | None = None,
    progress: bool = False,
) -> SourceIndex:
    """Index ``items`` (``(id, text)`` pairs or a mapping) into directory
    ``path`` without holding them, and return the index, memory-mapped.

    ``overwrite`` is as in :meth:`SourceIndex.save`; nothing at ``path``
    changes until the whole index is written. With ``skip_errors=True`` a bad
    document is skipped and ``(id, message)`` appended to ``errors`` (a
    list you pass); otherwise the first one raises, as in
    :meth:`SourceIndex.add_many`.
    """
    if not isinstance(shard_size, int) or isinstance(shard_size, bool) or shard_size < 1:
        raise ValueError(f"shard_size must be a positive int, got {shard_size!r}")
    config = config or IndexConfig()
    if not isinstance(config, IndexConfig):
        raise TypeError(f"config must be an IndexConfig, not {type(config).__name__}")
    target, existing = check_target(path, overwrite=overwrite)
    pairs = items.items() if isinstance(items, Mapping) else items
    parent = target if existing else target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    chunks_tmp = None
    try:
        header = _write_shards(tmp, pairs, config, skip_errors, shard_size, errors, progress)
        # the chunk table as SourceIndex.save writes it: staged beside the index, placed after it
        rows = np.load(tmp / _CHUNK_ROWS, mmap_mode="r")
        table = BandTable.from_rows(rows)
        owners = np.load(tmp / _CHUNK_OWNERS)
        del rows
        chunks_tmp, header["chunks"] = stage_chunks(parent, table.keys, table.docs, owners)
        del table, owners
        for name in (_CHUNK_ROWS, _CHUNK_OWNERS):
            (tmp / name).unlink()
        finish_directory(tmp, target, existing, header)
        place_chunks(chunks_tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if chunks_tmp is not None:
            shutil.rmtree(chunks_tmp, ignore_errors=True)
        raise
    return SourceIndex.load(target, verify=False, mmap=True)


#: Working files of :func:`_write_shards`: each chunk's band keys, a row per
#: chunk, and its document's position, appended shard by shard.
_CHUNK_ROWS = "chunk_rows.npy"
_CHUNK_OWNERS = "chunk_rows_owners.npy"


def _write_shards(
    tmp: Path,
    pairs: Iterable[Any],
    config: IndexConfig,
    skip_errors: bool,
    shard_size: int,
    errors: list[tuple[str, str]] | None,
    progress: bool,
) -> dict[str, Any]:
    from tqdm import tqdm

    seen: set[str] = set()
    offsets: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
    n_docs = n_shingles = sources_sum = 0
    header: dict[str, Any] = {}
    files = {name: start_npy(tmp / f"{name}.npy") for name in ("signatures", "shingles")}
    files["chunk_rows"] = start_npy(tmp / _CHUNK_ROWS)
    files["chunk_owners"] = start_npy(tmp / _CHUNK_OWNERS)
    n_chunks = 0
    ids_fh = open(tmp / "ids.jsonl", "w", encoding="utf-8", newline="\n")
    try:
        shard = SourceIndex(config)
        pending: list[tuple[Any, Any]] = []
        with tqdm(desc="indexing", unit="doc", disable=not progress, leave=False) as bar:

            def flush() -> None:
                nonlocal shard, n_docs, n_shingles, n_chunks, sources_sum, header
                if not len(shard):
                    return
                state = shard.contents()
                header = state["header"]
                sources_sum += shard.sources_fingerprint or 0  # a new SourceIndex: always known
                for doc_id in state["ids"]:
                    ids_fh.write(json.dumps(doc_id, ensure_ascii=False) + "\n")
                files["signatures"].write(np.ascontiguousarray(state["signatures"]).tobytes())
                files["shingles"].write(np.ascontiguousarray(state["shingles"]).tobytes())
                offsets.append(state["offsets"][1:] + n_shingles)
                chunk_keys, chunk_owners = state["chunk_entries"]
                files["chunk_rows"].write(np.ascontiguousarray(chunk_keys, dtype=np.uint32).tobytes())
                files["chunk_owners"].write((np.asarray(chunk_owners, dtype=np.int64) + n_docs).tobytes())
                n_chunks += len(chunk_owners)
                n_docs += len(state["ids"])
                n_shingles += int(state["offsets"][-1])
                shard = SourceIndex(config)

            def add_pending() -> None:
                # add_many computes the signatures of a batch at once
                try:
                    failed = shard.add_many(pending, skip_errors=skip_errors)
                except BaseException:
                    flush()
                    raise
                for doc_id, message in failed:
                    seen.discard(doc_id)  # not indexed: the id is free again
                    if errors is not None:
                        errors.append((doc_id, message))
                bar.update(len(pending))
                pending.clear()
                if len(shard) >= shard_size:
                    flush()

            for item in pairs:
                try:
                    doc_id, text = item
                except (TypeError, ValueError):
                    raise TypeError(f"items must be (id, text) pairs, got {short(item)}") from None
                if isinstance(doc_id, str):
                    if doc_id in seen:
                        message = f"duplicate document id {doc_id!r}: it is already in the index; ids must be unique"
                        if not skip_errors:
                            add_pending()
                            raise ValueError(message)
                        if errors is not None:
                            errors.append((doc_id, message))
                        continue
                    seen.add(doc_id)
                pending.append((doc_id, text))
                if len(pending) >= _PENDING or len(shard) + len(pending) >= shard_size:
                    add_pending()
            add_pending()
            flush()
    finally:
        for fh in files.values():
            fh.close()
        ids_fh.close()
    if not header:
        header = SourceIndex(config).contents()["header"]
    finish_npy(tmp / "signatures.npy", np.uint32, (n_docs, config.num_perm))
    finish_npy(tmp / "shingles.npy", np.uint32, (n_shingles,))
    finish_npy(tmp / _CHUNK_ROWS, np.uint32, (n_chunks, config.bands))
    finish_npy(tmp / _CHUNK_OWNERS, np.int64, (n_chunks,))
    np.save(tmp / "offsets.npy", np.concatenate(offsets), allow_pickle=False)
    if config.lsh == "arrays":
        sig = np.load(tmp / "signatures.npy", mmap_mode="r")
        table = BandTable.build(sig, config.bands, config.rows)
        keys, docs = table.keys, table.docs
        del sig
    else:
        keys, docs = np.zeros((0, 0), dtype=np.uint32), np.zeros((0, 0), dtype=np.int32)
    np.save(tmp / "band_keys.npy", keys, allow_pickle=False)
    np.save(tmp / "band_docs.npy", docs, allow_pickle=False)
    header["counts"] = {"documents": n_docs, "shingles": n_shingles}
    header["sources"] = sources_entry(sources_sum)
    return header
