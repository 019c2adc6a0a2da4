"""MinHash signatures and banded LSH: the candidate sources of a suspect.

A document's shingle set (:func:`~spindetect.screening.shingles.fingerprint`)
gets a MinHash signature (:class:`MinHasher`, ``datasketch.MinHash`` with a
fixed seed): ``num_perm`` values, each equal between two documents with a
probability equal to their Jaccard similarity ``s``. The signature is cut
into ``bands`` bands of ``rows`` values; two documents sharing all the
values of at least one band are candidates of each other, which happens
with probability ``1 - (1 - s**rows)**bands`` (see
:class:`~spindetect.screening.index.IndexConfig` for what the defaults give).

The band tables live in sorted NumPy arrays by default (:class:`ArrayLSH`:
the candidates ``datasketch.MinHashLSH`` would give, plus one unrelated
document per 2**32 and band (32-bit keys), in 8 bytes per document and band
instead of about 300; saved with the index and read back memory-mapped), or
in ``datasketch.MinHashLSH`` itself (:class:`DatasketchLSH`, rebuilt from
the signatures on first use, never saved).

>>> hasher = MinHasher(num_perm=8, seed=1)
>>> sig = hasher.minhash(np.array([1, 2, 3], dtype=np.uint32)).hashvalues.astype(np.uint32)
>>> lsh = ArrayLSH(bands=4, rows=2)
>>> lookup = lsh.refresh(1, lambda: sig[None, :])
>>> lookup(hasher.minhash(np.array([1, 2, 3], dtype=np.uint32))).tolist()
[0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .shingles import FMIX64_C2, MIX_MULT, fmix64

__all__ = [
    "ArrayLSH",
    "BandTable",
    "ChunkTable",
    "DEFAULT_SCHEME",
    "DatasketchLSH",
    "Lookup",
    "MinHasher",
    "SCHEMES",
    "Signature",
    "band_keys",
    "band_keys32",
]

#: MinHash permutation scheme of new indexes (datasketch >= 2.0 names its schemes).
DEFAULT_SCHEME = "affine32"
#: Schemes a saved index may have been built with: "legacy" is what datasketch
#: before 2.0 computed (and 2.0 still computes, under that name).
SCHEMES = ("affine32", "legacy")

_EMPTY = np.zeros(0, dtype=np.uint32)

#: Looks up the candidates of a query MinHash: positions of documents, sorted.
Lookup = Callable[[Any], np.ndarray]


def _identity(x: Any) -> Any:
    return x


#: MurmurHash3's 32-bit finaliser, which datasketch's "affine32" scheme
#: applies to every input hash before its permutations (checked against
#: datasketch by the tests, and at run time by :meth:`MinHasher.batch`).
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))

#: Shingles hashed at once by :meth:`MinHasher.batch`: its scratch array
#: (``num_perm`` * 4 bytes per shingle, 4 MB at 128 permutations) stays in
#: cache. Measured on 3,000 benchmark documents: 11 us per document at 8,192
#: shingles, 15 at 16,384, 60 at 131,072 (datasketch, one document at a
#: time: 70-100).
_BATCH_SHINGLES = 1 << 13


class Signature:
    """A MinHash signature without the ``datasketch.MinHash`` around it:
    what the array LSH tables and the re-ranking read (``hashvalues``)."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = hashvalues


class MinHasher:
    """``datasketch.MinHash`` of shingle sets (the shingles are hashes
    already, used as they are), the permutations computed once.

    :meth:`batch` computes the same signatures for many sets at once with
    NumPy (the "affine32" scheme; about 10 times faster than one
    ``MinHash`` per document)."""

    def __init__(self, num_perm: int, seed: int, scheme: str = DEFAULT_SCHEME) -> None:
        self.num_perm = num_perm
        self.seed = seed
        self.scheme = scheme
        self._perms: Any = None
        self._checked: bool | None = None

    def minhash(self, shingles: np.ndarray) -> Any:
        """The ``datasketch.MinHash`` of ``shingles`` (uint32 hashes)."""
        from datasketch import MinHash

        kwargs: dict[str, Any] = {
            "num_perm": self.num_perm,
            "seed": self.seed,
            "hashfunc": _identity,
            "scheme": self.scheme,
        }
        if self._perms is not None:
            kwargs["permutations"] = self._perms
        m = MinHash(**kwargs)
        if self._perms is None:
            self._perms = m.permutations
        if len(shingles):
            m.update_batch(shingles)
        return m

    def signature(self, shingles: np.ndarray) -> Signature:
        """The signature of one shingle set (as :meth:`minhash`'s ``hashvalues``, uint32)."""
        return Signature(self.batch([shingles])[0])

    def batch(self, sets: list[np.ndarray]) -> np.ndarray:
        """``(len(sets), num_perm)`` uint32 signatures of the shingle sets
        ``sets``: row ``i`` equals ``minhash(sets[i]).hashvalues``."""
        if self.scheme != DEFAULT_SCHEME or not self._fast():
            out = np.zeros((len(sets), self.num_perm), dtype=np.uint32)
            for i, s in enumerate(sets):
                out[i] = self.minhash(s).hashvalues
            return out
        return self._batch(sets)

    def _batch(self, sets: list[np.ndarray]) -> np.ndarray:
        a, b = self._perms
        out = np.full((len(sets), self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        start = 0
        while start < len(sets):
            stop, total = start, 0
            while stop < len(sets) and (stop == start or total + len(sets[stop]) <= _BATCH_SHINGLES):
                total += len(sets[stop])
                stop += 1
            part = sets[start:stop]
            sizes = np.fromiter((len(s) for s in part), dtype=np.int64, count=len(part))
            nonempty = np.flatnonzero(sizes)
            if len(nonempty):
                hv = np.concatenate([part[i] for i in nonempty]).astype(np.uint32)
                s1, m1, s2, m2, s3 = _FMIX32
                with np.errstate(over="ignore"):
                    hv = hv ^ (hv >> s1)
                    hv = hv * m1
                    hv = hv ^ (hv >> s2)
                    hv = hv * m2
                    hv = hv ^ (hv >> s3)
                    # permutations x shingles: reduceat runs along contiguous rows
                    phv = a[:, None] * hv[None, :] + b[:, None]
                starts = np.concatenate([[0], np.cumsum(sizes[nonempty])[:-1]])
                out[start + nonempty] = np.minimum.reduceat(phv, starts, axis=1).T
            start = stop
        return out

    def _fast(self) -> bool:
        """Whether :meth:`_batch` gives datasketch's values, checked once on
        a probe: if a new datasketch release computes otherwise, datasketch
        itself is used (slower, the same values as before)."""
        if self._checked is None:
            probe = np.array([0, 1, 2, 0xDEADBEEF, 0xFFFFFFFF], dtype=np.uint32)
            expected = self.minhash(probe).hashvalues
            self._checked = bool(np.array_equal(self._batch([probe])[0], expected))
        return self._checked


def band_keys(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """``(n, bands)`` uint64 band keys of ``n`` signatures. Band ``j`` covers
    signature values ``[j * rows, (j + 1) * rows)``, as
    ``datasketch.MinHashLSH`` cuts them; its key is a 64-bit mix of those
    values and ``j``, so two documents share a key when they share the band
    (and by accident with probability 2**-64)."""
    n = sig.shape[0]
    vals = sig[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        acc = np.arange(1, bands + 1, dtype=np.uint64) * FMIX64_C2
        acc = np.broadcast_to(acc, (n, bands)).copy()
        for t in range(rows):
            acc *= MIX_MULT
            acc += vals[:, :, t]
    return fmix64(acc)


#: Documents whose band keys are computed at once when a table is built:
#: bounds the memory of building it to about 100 MB at 42 bands.
_BUILD_BLOCK = 1 << 18


def band_keys32(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """The low 32 bits of :func:`band_keys`, as ``(n, bands)`` uint32: what a
    :class:`BandTable` stores. Two documents that share no band still share
    a 32-bit key of band ``j`` with probability 2**-32, so at 1,000,000
    documents and 42 bands a query gains 0.01 unrelated candidates on average
    (each costs one MinHash comparison), for 4 bytes per document and band
    saved."""
    return (band_keys(sig, bands, rows) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


class BandTable:
    """Every document's key in each band, sorted band by band: a query's
    candidates are the documents sharing one of its band keys, found by
    binary search in each band.

    ``keys`` and ``docs`` are ``(bands, count)`` arrays (uint32 keys, int32
    positions; 8 bytes per document and band). They can be saved and read
    back memory-mapped (:mod:`spindetect.screening.storage`), so a loaded
    index needs neither the time to sort them nor the memory to hold them."""

    __slots__ = ("count", "docs", "keys")

    def __init__(self, keys: np.ndarray, docs: np.ndarray) -> None:
        self.keys = keys
        self.docs = docs
        self.count = int(keys.shape[1])

    @classmethod
    def build(cls, sig: np.ndarray, bands: int, rows: int) -> BandTable:
        """The table of the signatures ``sig`` (``(n, num_perm)``; may be a
        memory map: read in blocks)."""
        n = len(sig)
        keys = np.empty((bands, n), dtype=np.uint32)
        for start in range(0, n, _BUILD_BLOCK):
            block = np.asarray(sig[start : start + _BUILD_BLOCK])
            keys[:, start : start + len(block)] = band_keys32(block, bands, rows).T
        dtype = np.int64 if n >= 2**31 else np.int32
        docs = np.empty((bands, n), dtype=dtype)
        for j in range(bands):
            order = np.argsort(keys[j], kind="stable")
            keys[j] = keys[j][order]
            docs[j] = order
        return cls(keys, docs)

    @classmethod
    def from_rows(cls, rows: np.ndarray) -> BandTable:
        """The table of entries whose band keys are ``rows`` (``(n, bands)``
        uint32, entry ``i`` in row ``i``, as :meth:`ChunkTable.entries`
        gives them; may be a memory map: one band is read at a time)."""
        n, bands = rows.shape
        keys = np.empty((bands, n), dtype=np.uint32)
        docs = np.empty((bands, n), dtype=np.int64 if n >= 2**31 else np.int32)
        for j in range(bands):
            column = np.ascontiguousarray(rows[:, j])
            order = np.argsort(column, kind="stable")
            keys[j] = column[order]
            docs[j] = order
        return cls(keys, docs)

    def query(self, qkeys: np.ndarray) -> np.ndarray:
        """Sorted positions of the documents having one of the band keys
        ``qkeys`` (uint32, one per band)."""
        return np.unique(self.query_many(np.asarray(qkeys, dtype=np.uint32)[None, :]))

    def query_many(self, qkeys: np.ndarray) -> np.ndarray:
        """Positions of the entries sharing a band key with one of the
        queries ``qkeys`` (``(queries, bands)`` uint32), once per shared
        (query, band): repeats count the evidence. Unsorted int64."""
        bands = qkeys.shape[1]
        lo = np.empty((bands, len(qkeys)), dtype=np.int64)
        width = np.empty_like(lo)
        for j in range(bands):  # two binary searches per band; the rest once, over all bands
            row = self.keys[j]
            lo[j] = row.searchsorted(qkeys[:, j], "left")
            width[j] = row.searchsorted(qkeys[:, j], "right") - lo[j]
        lo += np.arange(bands, dtype=np.int64)[:, None] * self.count  # into the flattened (bands, count) docs
        hit = width > 0
        if not hit.any():
            return np.zeros(0, dtype=np.int64)
        lo, width = lo[hit], width[hit]  # band by band, as before
        # every index from lo to hi - 1 of each hit, in one array
        starts = np.repeat(lo - np.concatenate([[0], np.cumsum(width)[:-1]]), width)
        return np.asarray(self.docs).reshape(-1)[starts + np.arange(int(width.sum()))].astype(np.int64)


class ArrayLSH:
    """Band tables as sorted arrays (:class:`BandTable`), plus the band
    keys of documents added since it was built, compared one by one until
    they are many."""

    def __init__(self, bands: int, rows: int) -> None:
        self.bands = bands
        self.rows = rows
        self._table: BandTable | None = None
        self._recent: np.ndarray | None = None  # band keys of documents added since

    @property
    def table(self) -> BandTable | None:
        """The sorted table, once built or adopted (see :meth:`adopt`)."""
        return self._table

    def adopt(self, table: BandTable) -> None:
        """Use ``table`` (read from a saved index) instead of building one."""
        self._table = table
        self._recent = None

    def refresh(self, n: int, signatures: Callable[[], np.ndarray]) -> Lookup:
        """Bring the tables up to the first ``n`` documents (``signatures()``
        gives theirs); returns the lookup of a query MinHash. Call under the
        index's lock; the lookup needs none."""
        table = self._table
        # Rebuild the sorted table when the documents added since it was
        # built are many; until then they are compared one by one.
        if table is None or n - table.count > max(1024, table.count // 8):
            table = self._table = BandTable.build(signatures(), self.bands, self.rows)
            self._recent = None
        if table.count < n and (self._recent is None or len(self._recent) != n - table.count):
            self._recent = band_keys32(np.asarray(signatures()[table.count : n]), self.bands, self.rows)
        recent = self._recent if table.count < n else None
        bands, rows = self.bands, self.rows

        def lookup(query: Any) -> np.ndarray:
            qkeys = band_keys32(query.hashvalues.astype(np.uint32)[None, :], bands, rows)[0]
            cands = table.query(qkeys)
            if recent is not None:
                extra = np.flatnonzero((recent == qkeys).any(axis=1)) + table.count
                cands = np.concatenate([cands, extra])
            return cands

        return lookup

    def query_many(self, qkeys: np.ndarray) -> np.ndarray:
        """Positions of the documents sharing a band key with one of the
        queries ``qkeys`` (``(queries, bands)`` band keys, :func:`band_keys32`),
        once per shared (query, band), as :meth:`BandTable.query_many`.
        Call :meth:`refresh` first."""
        table = self._table
        if table is None:
            return np.zeros(0, dtype=np.int64)
        found = [table.query_many(qkeys)]
        recent = self._recent
        if recent is not None and len(recent):
            same = sum((recent == q).sum(axis=1) for q in qkeys)  # one query at a time: bounded memory
            found.append(np.repeat(np.arange(table.count, table.count + len(recent)), same))
        return np.concatenate(found)


class DatasketchLSH:
    """Band tables in ``datasketch.MinHashLSH``, extended with the documents
    added since they were built."""

    def __init__(self, hasher: MinHasher, bands: int, rows: int) -> None:
        self.hasher = hasher
        self.bands = bands
        self.rows = rows
        self._lsh: Any = None
        self._count = 0

    def refresh(self, n: int, signatures: Callable[[], np.ndarray]) -> Lookup:
        """As :meth:`ArrayLSH.refresh`."""
        if self._lsh is None:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(num_perm=self.hasher.num_perm, params=(self.bands, self.rows))
            self._count = 0
        if self._count < n:
            sig = signatures()
            # One MinHash carries each stored signature in turn: the LSH
            # reads its hash values when inserting and keeps only the key.
            carrier = self.hasher.minhash(_EMPTY)
            dtype = carrier.hashvalues.dtype
            insert = self._lsh.insert
            for pos in range(self._count, n):
                carrier.hashvalues = sig[pos].astype(dtype)
                insert(pos, carrier, check_duplication=False)
            self._count = n
        lsh = self._lsh

        def lookup(query: Any) -> np.ndarray:
            cands = np.fromiter(lsh.query(query), dtype=np.int64)
            cands.sort()
            return cands

        return lookup

    def query_many(self, sigs: np.ndarray) -> np.ndarray:
        """Positions of the documents sharing a band with one of the
        signatures ``sigs`` (``(queries, num_perm)`` uint32), once per
        query. Call :meth:`refresh` first."""
        carrier = self.hasher.minhash(_EMPTY)
        found = []
        for sig in sigs:
            carrier.hashvalues = sig.astype(carrier.hashvalues.dtype)
            found.append(np.fromiter(self._lsh.query(carrier), dtype=np.int64))
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


#: Chunks added since the table was sorted that a query compares one by one
#: (chunks x bands booleans per query piece); more are sorted in first.
_ASIDE_QUERIED = 4096


class ChunkTable:
    """The LSH entries of documents' chunks. Bands are looked up
    independently, so each band is one sorted array of keys and one of chunk
    numbers (``table``: a :class:`BandTable` whose ``docs`` are chunk
    numbers; 8 bytes per chunk and band, as the documents' table), and
    ``owners`` gives each chunk's document position (8 bytes per chunk).
    Chunks added since the table was sorted are kept aside and merged when
    they are many."""

    def __init__(self, bands: int, table: BandTable | None = None, owners: np.ndarray | None = None) -> None:
        self.bands = bands
        self.table = (
            table if table is not None else BandTable(np.zeros((bands, 0), np.uint32), np.zeros((bands, 0), np.int32))
        )
        self.owners = owners if owners is not None else np.zeros(0, dtype=np.int64)
        self._new_keys: list[np.ndarray] = []
        self._new_owners: list[np.ndarray] = []
        self._new = 0

    def __len__(self) -> int:
        return self.table.count + self._new

    def add(self, keys: np.ndarray, owners: np.ndarray) -> None:
        """Add chunks: their band keys ``(chunks, bands)`` uint32 and their
        documents' positions ``(chunks,)``."""
        if len(owners):
            self._new_keys.append(keys)
            self._new_owners.append(np.asarray(owners, dtype=np.int64))
            self._new += len(owners)
            if self._new > max(1024, self.table.count // 8):
                self.merge()

    def merge(self) -> BandTable:
        """Sort the chunks added since into the table; returns it."""
        if self._new:
            old_keys, old_ids = np.asarray(self.table.keys), np.asarray(self.table.docs)
            new_keys = np.concatenate(self._new_keys).T
            count = old_keys.shape[1] + new_keys.shape[1]
            new_ids = np.arange(old_keys.shape[1], count)
            dtype = np.int64 if count >= 2**31 else np.int32
            keys = np.empty((self.bands, count), dtype=np.uint32)
            ids = np.empty((self.bands, count), dtype=dtype)
            for j in range(self.bands):
                k = np.concatenate([old_keys[j], new_keys[j]])
                order = np.argsort(k, kind="stable")
                keys[j] = k[order]
                ids[j] = np.concatenate([old_ids[j], new_ids])[order]
            self.owners = np.concatenate([np.asarray(self.owners), *self._new_owners])
            self.table = BandTable(keys, ids)
            self._new_keys, self._new_owners, self._new = [], [], 0
        return self.table

    def query(self, qkeys: np.ndarray) -> np.ndarray:
        """Numbers of the chunks sharing a band key with one of the queries
        ``qkeys`` (``(queries, bands)``), once per shared (query, band), as
        :meth:`BandTable.query_many`; their documents are ``owners[...]``
        (after :meth:`merge`, which this calls when many were added since)."""
        if self._new > _ASIDE_QUERIED:
            self.merge()
        found = [self.table.query_many(qkeys)]
        if self._new:
            keys = np.concatenate(self._new_keys)
            same = sum((keys == q).sum(axis=1) for q in qkeys)  # one query at a time: bounded memory
            found.append(np.repeat(np.arange(self.table.count, len(self)), same))
        return np.concatenate(found)

    def owner(self, chunks: np.ndarray) -> np.ndarray:
        """The document positions of chunk numbers ``chunks``."""
        if self._new:
            return np.concatenate([np.asarray(self.owners), *self._new_owners])[chunks]
        return np.asarray(self.owners)[chunks]

    def entries(self) -> tuple[np.ndarray, np.ndarray]:
        """Every chunk's band keys ``(chunks, bands)`` uint32 and document
        position ``(chunks,)``, in chunk order: what :meth:`add` took (to
        append shards of chunks to disk and sort them there)."""
        table = self.merge()
        keys = np.empty((table.count, self.bands), dtype=np.uint32)
        for j in range(self.bands):
            keys[np.asarray(table.docs[j]), j] = table.keys[j]
        return keys, np.asarray(self.owners, dtype=np.int64)
