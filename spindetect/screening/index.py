"""Find the source of a suspect among many documents: :class:`SourceIndex`.

Documents are indexed by their immutable skeleton
(:mod:`spindetect.screening.shingles`): function words, numbers and
punctuation in order, the rest masked, cut into shingles. Candidates come
from MinHash signatures and banded LSH (:mod:`spindetect.screening.lsh`),
and are re-ranked by the exact Jaccard similarity of the stored shingle
sets. An index is saved to a directory and loaded back by
:mod:`spindetect.screening.storage` (JSON header, NumPy arrays, JSONL ids; no
pickle).

>>> index = SourceIndex()
>>> index.add("a", "The cat sat on the mat, and then it went to sleep in the sun for an hour.")
>>> index.add("b", "Markets fell by 3% on Monday as investors sold shares in the banks.")
>>> matches = index.find("The kitty sat on the rug, and then it went to slumber in the sunlight for an hour.")
>>> matches[0].id, matches[0].similarity
('a', 1.0)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .._version import __version__
from ..files import check_path
from ..resources.data import warn_once
from ..text import check_text
from .chunks import (
    NO_CHUNKS_WARNING,
    PART_MIN_CHUNK_BANDS,
    chunk_sets,
    local_shared,
    part_similarity,
    place_chunks,
    read_chunks,
    stage_chunks,
)
from .config import MAX_NUM_PERM, IndexConfig
from .lsh import DEFAULT_SCHEME, SCHEMES, ArrayLSH, BandTable, ChunkTable, DatasketchLSH, MinHasher, band_keys32
from .matches import Match, Matches
from .messages import check_fraction, short
from .shingles import shingle_sequence
from .storage import (
    FORMAT_NAME,
    FORMAT_VERSION,
    TEXT_NORMALIZATION,
    IndexFormatError,
    check_files,
    check_target,
    document_hash,
    read_contents,
    sources_entry,
    sources_fingerprint,
    text_normalization,
    write_state,
)

__all__ = [
    "DUPLICATE_SIMILARITY",
    "IndexConfig",
    "IndexFormatError",
    "MAX_NUM_PERM",
    "Match",
    "Matches",
    "SourceIndex",
]

logger = logging.getLogger("spindetect")

#: Skeleton Jaccard similarity from which two indexed documents are near
#: duplicates of each other (:attr:`Match.duplicates`). On the generated
#: haystack of ``benchmarks/retrieval_scale.py`` the same story published
#: again with a dateline and a footer keeps 0.84 with the first (median;
#: 0.60 at the 5th percentile: short stories, long footers), a story
#: rewritten by another outlet 0.44 (0.70 at the 95th percentile). A spun
#: copy at 5-10% substitution keeps 0.85-1.0 with its source: indexed
#: together, they are near duplicates too (by skeleton they are).
DUPLICATE_SIMILARITY = 0.8

#: Documents whose MinHash signatures :meth:`SourceIndex.add_many` computes
#: together (one NumPy pass instead of one ``datasketch.MinHash`` each).
ADD_BATCH = 256

# -- the index -------------------------------------------------------------------


class SourceIndex:
    """Documents indexed by their immutable skeleton, for :meth:`find`.

    Add documents with :meth:`add` or :meth:`add_many`, find the likely
    sources of a suspect with :meth:`find`, :meth:`save` to a directory and
    :meth:`load` it back (JSON header, NumPy arrays, JSONL ids; no pickle).

    The index keeps fingerprints only, not the texts: to score a match, keep
    the texts elsewhere (as :func:`spindetect.screen` does).
    """

    def __init__(self, config: IndexConfig | None = None, **overrides: Any) -> None:
        if config is None:
            config = IndexConfig()
        elif not isinstance(config, IndexConfig):
            raise TypeError(f"config must be an IndexConfig, not {type(config).__name__}")
        self.config = dataclasses.replace(config, **overrides) if overrides else config
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        # Consolidated arrays plus rows added since (see _consolidate).
        self._sig = np.zeros((0, self.config.num_perm), dtype=np.uint32)
        self._offsets = np.zeros(1, dtype=np.int64)
        self._shingles = np.zeros(0, dtype=np.uint32)
        self._pending_sig: list[np.ndarray] = []
        self._pending_sh: list[np.ndarray] = []
        self._lock = threading.RLock()
        self._digest: tuple[int, str] | None = None
        # Sum of storage.document_hash of the documents (None: unknown, see sources_fingerprint).
        self._sources_sum: int | None = 0
        #: The directory this index was loaded from (None if built here).
        self.path: Path | None = None
        self._loaded_count = -1  # documents read from self.path
        #: How the texts were read (storage.TEXT_NORMALIZATION; lower for an
        #: index saved before, whose documents were fingerprinted as typed).
        self._normalization = TEXT_NORMALIZATION
        self._start_lsh(DEFAULT_SCHEME)

    def _start_lsh(self, scheme: str) -> None:
        """A MinHasher of ``scheme`` and empty LSH tables (built on first use)."""
        c = self.config
        self._hasher = MinHasher(c.num_perm, c.seed, scheme)
        self._lsh: ArrayLSH | DatasketchLSH = (
            ArrayLSH(c.bands, c.rows) if c.lsh == "arrays" else DatasketchLSH(self._hasher, c.bands, c.rows)
        )
        self._chunks = ChunkTable(c.bands)

    # -- basics ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._pos

    def __repr__(self) -> str:
        c = self.config
        return (
            f"SourceIndex({len(self):,} documents, shingle_size={c.shingle_size}, "
            f"num_perm={c.num_perm}, lsh={c.bands}x{c.rows})"
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """Document ids, in the order they were added."""
        return tuple(self._ids)

    # -- adding ------------------------------------------------------------
    def _minhash(self, shingles: np.ndarray) -> Any:
        """The query signature: a ``datasketch.MinHash`` for the datasketch
        tables, else the bare signature (the same values)."""
        if isinstance(self._lsh, DatasketchLSH):
            return self._hasher.minhash(shingles)
        return self._hasher.signature(shingles)

    def add(self, doc_id: str, text: str) -> None:
        """Index ``text`` under ``doc_id`` (a new, non-empty str).

        Raises :class:`ValueError` for a duplicate id or an empty text, and
        :class:`TypeError` for an id or text that is not a str.
        """
        shingles = self._prepare(doc_id, text)
        self._store([(doc_id, shingles)], [document_hash(doc_id, text)])

    def _prepare(self, doc_id: Any, text: Any) -> tuple[np.ndarray, list[np.ndarray]]:
        """The shingles of a new document and those of its chunks, after checking it."""
        self._check_id(doc_id)
        check_text(text, name=f"document {doc_id!r}")
        return self._sequence_of(text)[1:]

    def _sequence_of(self, text: str) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """The shingle sequence of ``text``, its set and its chunks' sets."""
        seq = shingle_sequence(text, self.config.shingle_size)
        return seq, np.unique(seq), chunk_sets(seq, self.config.chunk_shingles)

    def _store(self, batch: list[tuple[str, tuple[np.ndarray, list[np.ndarray]]]], hashes: list[int]) -> None:
        """Add prepared documents, their signatures (and their chunks')
        computed together, and their :func:`~spindetect.screening.storage.document_hash` es
        to the sources fingerprint. Raises ValueError (adding none) if an id
        is already in the index."""
        sets = [sh for _, (sh, _) in batch]
        owners = [i for i, (_, (_, chunks)) in enumerate(batch) for _ in chunks]
        sigs = self._hasher.batch(sets + [c for _, (_, chunks) in batch for c in chunks])
        c = self.config
        chunk_keys = band_keys32(sigs[len(batch) :], c.bands, c.rows) if owners else None
        with self._lock:
            for doc_id, _ in batch:
                if doc_id in self._pos:  # re-checked under the lock
                    raise ValueError(self._duplicate_message(doc_id))
            if chunk_keys is not None:
                self._chunks.add(chunk_keys, np.asarray(owners, dtype=np.int64) + len(self._ids))
            for (doc_id, (shingles, _)), sig in zip(batch, sigs):
                self._pos[doc_id] = len(self._ids)
                self._ids.append(doc_id)
                self._pending_sig.append(sig)
                self._pending_sh.append(shingles)
            if self._sources_sum is not None:
                self._sources_sum += sum(hashes)
            if len(self._pending_sig) >= 50_000:
                self._consolidate()

    def add_many(
        self,
        items: Mapping[str, str] | Iterable[tuple[str, str]],
        *,
        skip_errors: bool = False,
        progress: bool = False,
    ) -> list[tuple[str, str]]:
        """Add many ``(id, text)`` pairs (or a mapping of id to text).

        With ``skip_errors=True`` a bad document (duplicate id, empty or
        non-text content, or any exception while indexing it) is skipped and
        reported in the returned list of ``(id, message)``; otherwise the
        first one raises (the documents before it are added). Signatures are
        computed :data:`ADD_BATCH` documents at a time.
        """
        pairs = items.items() if isinstance(items, Mapping) else items
        total = len(pairs) if hasattr(pairs, "__len__") else None
        errors: list[tuple[str, str]] = []
        batch: list[tuple[str, tuple[np.ndarray, list[np.ndarray]]]] = []
        hashes: list[int] = []
        in_batch: set[str] = set()
        from tqdm import tqdm

        def flush() -> None:
            if batch:
                self._store(batch, hashes)
                bar.update(len(batch))
                batch.clear()
                hashes.clear()
                in_batch.clear()

        with tqdm(total=total, desc="indexing", unit="doc", disable=not progress, leave=False) as bar:
            for item in pairs:
                try:
                    doc_id, text = item
                except (TypeError, ValueError):
                    flush()
                    raise TypeError(f"items must be (id, text) pairs, got {short(item)}") from None
                try:
                    if isinstance(doc_id, str) and doc_id in in_batch:
                        raise ValueError(
                            f"duplicate document id {doc_id!r}: it is already in the index; ids must be unique"
                        )
                    batch.append((doc_id, self._prepare(doc_id, text)))
                    hashes.append(document_hash(doc_id, text))
                    in_batch.add(doc_id)
                except (TypeError, ValueError) as exc:
                    if not skip_errors:
                        flush()
                        raise
                    errors.append((str(doc_id), str(exc)))
                except Exception as exc:  # RecursionError, MemoryError, ...: one document never stops a run
                    if not skip_errors:
                        flush()
                        raise
                    logger.warning("indexing %s failed: %s: %s", short(doc_id), type(exc).__name__, exc)
                    errors.append((str(doc_id), f"indexing failed: {type(exc).__name__}: {exc}"))
                if len(batch) >= ADD_BATCH:
                    flush()
            flush()
        with self._lock:  # a batch's chunks sorted in now, not compared one by one by every query
            self._chunks.merge()
        return errors

    def _check_id(self, doc_id: Any) -> None:
        if not isinstance(doc_id, str):
            raise TypeError(
                f"document id must be a str, not {type(doc_id).__name__} ({short(doc_id)}): convert it, e.g. str(id)"
            )
        if not doc_id:
            raise ValueError("document id is empty: give every document a non-empty id")
        try:
            doc_id.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(
                f"document id {short(doc_id)} has a lone surrogate: it is not valid Unicode and cannot be saved; "
                "fix the id (e.g. decode its bytes with errors='replace')"
            ) from None
        if doc_id in self._pos:
            raise ValueError(self._duplicate_message(doc_id))

    def _duplicate_message(self, doc_id: str) -> str:
        return (
            f"duplicate document id {doc_id!r}: it is already in the index "
            f"(document #{self._pos[doc_id]}); ids must be unique"
        )

    def _consolidate(self) -> None:
        with self._lock:
            if not self._pending_sig:
                return
            sizes = np.fromiter((len(a) for a in self._pending_sh), dtype=np.int64, count=len(self._pending_sh))
            new_offsets = self._offsets[-1] + np.cumsum(sizes)
            self._offsets = np.concatenate([self._offsets, new_offsets])
            self._shingles = np.concatenate([self._shingles, *self._pending_sh])
            self._sig = np.concatenate([self._sig, np.stack(self._pending_sig)])
            self._pending_sig = []
            self._pending_sh = []

    def _doc_shingles(self, pos: int) -> np.ndarray:
        n = len(self._offsets) - 1
        if pos < n:
            return self._shingles[self._offsets[pos] : self._offsets[pos + 1]]
        return self._pending_sh[pos - n]

    def _signatures(self) -> np.ndarray:
        self._consolidate()
        return self._sig

    def _candidates(self, query: Any) -> np.ndarray:
        """Positions of the documents sharing an LSH band with ``query`` (a
        MinHash), sorted (with the "arrays" tables: documents added since the
        table was built come last)."""
        with self._lock:
            lookup = self._lsh.refresh(len(self._ids), self._signatures)
        return lookup(query)

    # -- finding -----------------------------------------------------------
    def find(self, suspect: str, k: int = 5, *, min_similarity: float | None = None) -> Matches:
        """The ``k`` indexed documents most likely to be the source of ``suspect``.

        Candidates come from LSH over MinHash signatures (of the whole
        texts and of their chunks, see :attr:`IndexConfig.chunk_shingles`)
        and are ranked by the exact similarity of skeleton shingles: the
        larger of Jaccard similarity and, for a partial copy (one text
        found mostly in the other), :attr:`Match.part_similarity`. Those
        below ``min_similarity`` (default :attr:`IndexConfig.min_similarity`)
        are dropped, so fewer than ``k`` may come back.
        """
        if hasattr(suspect, "text") and not isinstance(suspect, str):
            suspect = suspect.text  # a prepared Document
        check_text(suspect, name="suspect")
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be a positive int, got {k!r}")
        floor = (
            self.config.min_similarity if min_similarity is None else check_fraction(min_similarity, "min_similarity")
        )
        return self._find_fingerprint(*self._sequence_of(suspect), k, floor)

    def _find_fingerprint(
        self, seq: np.ndarray, shingles: np.ndarray, pieces: list[np.ndarray], k: int, floor: float
    ) -> Matches:
        if not len(self._ids) or not len(shingles):
            return Matches((), len(shingles), 0)
        query = self._minhash(shingles)
        cands = self._candidates(query)
        if len(cands) > self.config.rerank:
            sig = self._signatures()
            est = (sig[cands] == query.hashvalues.astype(np.uint32)).sum(axis=1)
            keep = np.argsort(-est, kind="stable")[: self.config.rerank]
            cands = np.sort(cands[keep])
        extra, (met_docs, met_bands) = self._part_candidates(query, pieces, cands)
        cands = np.union1d(cands, extra)
        if not len(cands):
            return Matches((), len(shingles), 0)
        # Exact intersections for all candidates at once.
        parts = [self._doc_shingles(int(p)) for p in cands]
        sizes = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
        flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)
        owner = np.repeat(np.arange(len(parts)), sizes)
        hit = np.isin(flat, shingles, assume_unique=False)
        inter = np.bincount(owner[hit], minlength=len(parts))
        union = sizes + len(shingles) - inter
        jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        # a suspect smaller than a document is part of it only if it met one of its chunks (one stretch)
        at = np.minimum(np.searchsorted(met_docs, cands), max(len(met_docs) - 1, 0))
        met = np.where(met_docs[at] == cands, met_bands[at], 0) if len(met_docs) else np.zeros(len(cands), np.int64)
        local = np.where((sizes <= len(shingles)) | (met >= PART_MIN_CHUNK_BANDS), local_shared(seq, parts, inter), 0)
        part = part_similarity(local, len(shingles), sizes)
        rank = np.maximum(jac, part)
        order = np.lexsort((cands, -rank))
        out: list[Match] = []
        for i in order:
            if rank[i] < floor or len(out) >= k:
                break
            out.append(
                Match(
                    id=self._ids[int(cands[i])],
                    similarity=float(jac[i]),
                    containment=float(inter[i] / len(shingles)),
                    shared=int(inter[i]),
                    duplicates=self._duplicates(int(i), cands, jac, parts, floor),
                    covered=float(inter[i] / max(int(sizes[i]), 1)),
                    part_similarity=float(part[i]),
                )
            )
        return Matches(tuple(out), len(shingles), len(cands))

    def _part_candidates(
        self, query: Any, pieces: list[np.ndarray], found: np.ndarray
    ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """Positions of the documents, other than ``found``, of which the
        suspect (signature ``query``) may copy a part or that a part of it
        (``pieces``: its chunks' shingle sets) may copy: documents with a
        chunk sharing a band with the suspect or one of its chunks, and
        documents sharing a band with one of its chunks. At most
        :attr:`IndexConfig.rerank`, those sharing the most bands first.
        Also, for the documents having a chunk that shares a band with the
        suspect, the most bands one chunk shares (the evidence that the
        suspect copies one stretch of the document), sorted by position."""
        c = self.config
        none = np.zeros(0, dtype=np.int64)
        if not len(self._chunks) and not pieces:
            return none, (none, none)
        sigs = np.concatenate([query.hashvalues.astype(np.uint32)[None, :], self._hasher.batch(pieces)])
        qkeys = band_keys32(sigs, c.bands, c.rows)
        with self._lock:
            whole = self._chunks.query(qkeys[:1]) if len(self._chunks) else none
            hits = [self._chunks.owner(self._chunks.query(qkeys[1:]))] if len(self._chunks) and pieces else []
            ids, shared = np.unique(whole, return_counts=True)
            owners = self._chunks.owner(ids)
        hits.append(owners)
        # per document, the most bands one of its chunks shares with the whole suspect
        met_docs = np.unique(owners)
        met = np.zeros(len(met_docs), dtype=np.int64)
        np.maximum.at(met, np.searchsorted(met_docs, owners), shared)
        if pieces:
            self._candidates(query)  # brings the document tables up to date
            if isinstance(self._lsh, ArrayLSH):
                hits.append(self._lsh.query_many(qkeys[1:]))
            else:  # the same, counted band by band as the arrays count it
                sig = self._signatures()
                for piece, keys in zip(sigs[1:], qkeys[1:]):
                    pos = self._lsh.query_many(piece[None, :])
                    hits.append(np.repeat(pos, (band_keys32(sig[pos], c.bands, c.rows) == keys).sum(axis=1)))
        pos, count = np.unique(np.concatenate(hits), return_counts=True) if hits else (none, none)
        new = ~np.isin(pos, found)
        pos, count = pos[new], count[new]
        if len(pos) > c.rerank:
            pos = np.sort(pos[np.argsort(-count, kind="stable")[: c.rerank]])
        return pos, (met_docs, met)

    def _duplicates(
        self, i: int, cands: np.ndarray, jac: np.ndarray, parts: list[np.ndarray], floor: float
    ) -> tuple[str, ...]:
        """Ids of the candidates that are near duplicates of candidate ``i``.
        Jaccard distance is a metric, so a document within
        ``1 - DUPLICATE_SIMILARITY`` of candidate ``i`` has a similarity to
        the suspect within that much of ``i``'s: only those are compared."""
        slack = 1.0 - DUPLICATE_SIMILARITY + 1e-9
        near = np.flatnonzero((np.abs(jac - jac[i]) <= slack) & (jac >= min(floor, jac[i])))
        mine = parts[i]
        out = []
        for j in near:
            if j == i:
                continue
            other = parts[int(j)]
            shared = len(np.intersect1d(mine, other, assume_unique=True))
            union = len(mine) + len(other) - shared
            if union and shared / union >= DUPLICATE_SIMILARITY:
                out.append(int(cands[j]))
        return tuple(self._ids[p] for p in sorted(out))

    # -- state, for saving and for shipping to other processes ---------------
    def _header(self) -> dict[str, Any]:
        header = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "spindetect": __version__,
            "params": self.config.to_dict(),
            "minhash_scheme": self._hasher.scheme,
            "normalization": self._normalization,
            "counts": {"documents": len(self._ids), "shingles": int(self._offsets[-1])},
        }
        if self._sources_sum is not None:
            header["sources"] = sources_entry(self._sources_sum)
        return header

    @property
    def sources_fingerprint(self) -> int | None:
        """What the indexed documents were, as one number: the sum modulo
        2**128 of :func:`~spindetect.screening.storage.document_hash` of each
        ``(id, text)`` (see :data:`~spindetect.screening.storage.SOURCES_SCHEME`;
        saved in ``header.json``). :func:`spindetect.screen` compares it with
        the sources it is given. None when unknown: an index saved by a
        spindetect before it was stored (and documents added to it since)."""
        total = self._sources_sum
        return None if total is None else total % (1 << 128)

    def digest(self) -> str:
        """A hash of the index's content (parameters, ids, signatures,
        shingles): equal digests, equal indexes. Dask workers use it to keep
        one rebuilt copy of an index across screening runs."""
        with self._lock:
            self._consolidate()
            if self._digest is None or self._digest[0] != len(self._ids):
                h = hashlib.blake2b(digest_size=16)
                h.update(json.dumps([self.config.to_dict(), self._hasher.scheme], sort_keys=True).encode())
                h.update("\n".join(self._ids).encode("utf-8", "surrogatepass"))
                with self._lock:
                    table = self._chunks.merge()
                for arr in (self._sig, self._offsets, self._shingles, table.keys, table.docs, self._chunks.owners):
                    h.update(np.ascontiguousarray(arr).data)
                self._digest = (len(self._ids), h.hexdigest())
            return self._digest[1]

    def known_digest(self) -> str | None:
        """:meth:`digest` if it is already known for the current content
        (always, for an index received by a Dask worker), else None: never
        computes it."""
        known = self._digest
        return known[1] if known is not None and known[0] == len(self._ids) else None

    def __getstate__(self) -> dict[str, Any]:
        """Plain arrays and JSON-safe values, so an index can be shipped to
        Dask workers. An index loaded from disk, with nothing added since,
        travels as its path (and content digest): each worker maps the same
        files (the machine's page cache holds them once), which needs the
        path to be readable where the workers run."""
        if self.path is not None and self._loaded_count == len(self._ids):
            return {"path": str(self.path), "count": len(self._ids), "digest": self.digest()}
        return self._full_state()

    def contents(self) -> dict[str, Any]:
        """The index's header (as saved: format, parameters, counts), ids and
        per-document arrays (``signatures``, ``offsets``, ``shingles``), not
        copied, and the chunks' band keys and documents (``chunk_entries``:
        :meth:`~spindetect.screening.lsh.ChunkTable.entries`): what
        :func:`~spindetect.screening.building.build_index` appends to disk
        shard by shard. Read-only by contract."""
        self._consolidate()
        with self._lock:
            entries = self._chunks.entries()
        return {
            "header": self._header(),
            "ids": self._ids,
            "signatures": self._sig,
            "offsets": self._offsets,
            "shingles": self._shingles,
            "chunk_entries": entries,
        }

    def _full_state(self) -> dict[str, Any]:
        """Header, ids and every array: what :meth:`save` writes."""
        self._consolidate()
        keys, docs = self._band_table()
        with self._lock:
            chunks = self._chunks.merge()
        return {
            "header": self._header(),
            "ids": list(self._ids),
            "signatures": self._sig,
            "offsets": self._offsets,
            "shingles": self._shingles,
            "band_keys": keys,
            "band_docs": docs,
            "chunk_keys": chunks.keys,
            "chunk_ids": chunks.docs,
            "chunk_owners": self._chunks.owners,
            "digest": self.digest(),
        }

    def _band_table(self) -> tuple[np.ndarray, np.ndarray]:
        """The sorted LSH band table of every document (built if needed),
        as saved; empty arrays with ``lsh="datasketch"``."""
        if not isinstance(self._lsh, ArrayLSH):
            return np.zeros((0, 0), dtype=np.uint32), np.zeros((0, 0), dtype=np.int32)
        with self._lock:
            table = self._lsh.table
            if table is None or table.count != len(self._ids):
                table = BandTable.build(self._signatures(), self.config.bands, self.config.rows)
                self._lsh.adopt(table)
            return table.keys, table.docs

    def __setstate__(self, state: dict[str, Any]) -> None:
        if "path" in state:  # shipped by path: map the saved files
            loaded = type(self).load(state["path"], verify=False, mmap=True)
            if len(loaded) != state["count"]:
                raise IndexFormatError(
                    f"{state['path']} holds {len(loaded):,} documents, the index sent had {state['count']:,}: "
                    "it was replaced meanwhile; load it again"
                )
            self.__dict__.update(loaded.__dict__)
            return
        header = state["header"]
        self.__init__(IndexConfig(**header["params"]))  # type: ignore[misc]
        self._start_lsh(header["minhash_scheme"])
        self._normalization = header.get("normalization", 0)
        self._sources_sum = sources_fingerprint(header)
        self._ids = list(state["ids"])
        self._pos = {d: i for i, d in enumerate(self._ids)}
        self._sig = state["signatures"]
        self._offsets = state["offsets"]
        self._shingles = state["shingles"]
        keys, docs = state.get("band_keys"), state.get("band_docs")
        if (
            keys is not None
            and docs is not None
            and isinstance(self._lsh, ArrayLSH)
            and keys.shape[1:] == (len(self._ids),)
        ):
            self._lsh.adopt(BandTable(keys, docs))
        if state.get("chunk_keys") is not None:
            table = BandTable(state["chunk_keys"], state["chunk_ids"])
            self._chunks = ChunkTable(self.config.bands, table, state["chunk_owners"])
        if state.get("digest"):
            self._digest = (len(self._ids), state["digest"])

    # -- saving and loading --------------------------------------------------
    def save(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write the index to directory ``path``: ``header.json`` (format,
        version, parameters, counts, file sizes and SHA-256), ``ids.jsonl``
        and three ``.npy`` arrays. Returns the path.

        An existing ``path`` is replaced only with ``overwrite=True``, and
        only if it is a saved index (it has this format's ``header.json``)
        or an empty directory; then only the index's own files are replaced,
        anything else in the directory is left alone. ``""``, ``"."`` and
        ``".."`` are refused (they name no directory of the index's own).
        """
        target, existing = check_target(path, overwrite=overwrite)
        state = self._full_state()
        (target if existing else target.parent).mkdir(parents=True, exist_ok=True)
        tmp, state["header"]["chunks"] = stage_chunks(
            target if existing else target.parent, state["chunk_keys"], state["chunk_ids"], state["chunk_owners"]
        )
        try:
            write_state(target, existing, state)
            place_chunks(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return target

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, verify: bool = True, mmap: bool = False) -> SourceIndex:
        """Read an index written by :meth:`save` or
        :func:`~spindetect.screening.building.build_index`.

        Checks the header (format, version, parameters), every file's size
        and, with ``verify=True``, its SHA-256; raises
        :class:`IndexFormatError` naming the file and the problem.

        With ``mmap=True`` the arrays stay on disk, memory-mapped read-only:
        loading takes the time to read the ids, and a query reads only the
        pages it touches (an index larger than memory can be searched).
        Documents added afterwards are kept in memory as usual.

        An index of format version 1 (no saved band table) loads and
        builds its table on the first query; save it again to store it.

        An index saved before texts were normalised (no ``normalization``
        in its header, see :data:`~spindetect.screening.storage.TEXT_NORMALIZATION`)
        loads with a warning: its plain texts are indexed as now, but a
        document disguised with look-alike letters or invisible characters
        was indexed as typed; rebuild the index to find copies of those.
        """
        path = Path(check_path(path, "index path"))
        header = check_files(path, verify=verify)
        head_path = path / "header.json"
        try:
            config = IndexConfig(**header["params"])
        except (TypeError, ValueError) as exc:
            raise IndexFormatError(f"{head_path}: bad params ({exc})") from None
        scheme = header.get("minhash_scheme")
        if scheme not in SCHEMES:
            raise IndexFormatError(
                f"{head_path}: MinHash scheme {scheme!r} is not supported by the installed datasketch: "
                "pip install -U 'datasketch>=2'"
            )
        normalization = text_normalization(header, head_path)
        state = read_contents(path, header, config, mmap=mmap)
        chunks = read_chunks(path, header, config.bands, len(state["ids"]), verify=verify, mmap=mmap)
        if chunks is not None:
            state["chunk_keys"], state["chunk_ids"], state["chunk_owners"] = chunks
        elif config.chunk_shingles:
            warn_once(NO_CHUNKS_WARNING.format(path=path))
        index = cls.__new__(cls)
        index.__setstate__({"header": header, **state})
        index.path = path.resolve()
        index._loaded_count = len(index)
        # The content is what the header's SHA-256 of each file says it is.
        files = json.dumps(header.get("files", {}), sort_keys=True).encode()
        index._digest = (len(index), hashlib.blake2b(files, digest_size=16).hexdigest())
        if normalization != TEXT_NORMALIZATION:
            logger.warning(
                "%s was saved by an older spindetect (%s), which indexed texts %s: documents holding "
                "look-alike letters, invisible characters, ligatures, full-width letters, HTML or accents "
                "sprinkled into words are best indexed again (plain texts are indexed the same)",
                path,
                header.get("spindetect", "unknown version"),
                "as typed" if normalization == 0 else "without reading through sprinkled accents",
            )
        return index
