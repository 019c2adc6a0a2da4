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
the candidates ``datasketch.MinHashLSH`` would give, in 0.8 KB per document
instead of about 20 KB, rebuilt from the signatures in a fraction of a
second), or in ``datasketch.MinHashLSH`` itself (:class:`DatasketchLSH`).
Both are rebuilt from the signatures, never saved.

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
    "DEFAULT_SCHEME",
    "DatasketchLSH",
    "Lookup",
    "MinHasher",
    "SCHEMES",
    "band_keys",
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


class MinHasher:
    """``datasketch.MinHash`` of shingle sets (the shingles are hashes
    already, used as they are), the permutations computed once."""

    def __init__(self, num_perm: int, seed: int, scheme: str = DEFAULT_SCHEME) -> None:
        self.num_perm = num_perm
        self.seed = seed
        self.scheme = scheme
        self._perms: Any = None

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


class BandTable:
    """Every (band key, document) pair of the first ``count`` documents,
    sorted by key: a query's candidates are the documents sharing one of its
    band keys, found by binary search."""

    __slots__ = ("count", "docs", "keys")

    def __init__(self, sig: np.ndarray, bands: int, rows: int) -> None:
        flat = band_keys(sig, bands, rows).ravel()
        order = np.argsort(flat, kind="stable")
        self.keys = flat[order]
        self.docs = (order // bands).astype(np.int64 if len(sig) >= 2**31 else np.int32)
        self.count = len(sig)

    def query(self, qkeys: np.ndarray) -> np.ndarray:
        """Sorted positions of the documents having one of the band keys ``qkeys``."""
        lo = np.searchsorted(self.keys, qkeys, "left")
        hi = np.searchsorted(self.keys, qkeys, "right")
        lengths = hi - lo
        total = int(lengths.sum())
        if not total:
            return np.zeros(0, dtype=np.int64)
        starts = np.repeat(lo - np.cumsum(lengths) + lengths, lengths)
        return np.unique(self.docs[starts + np.arange(total)]).astype(np.int64)


class ArrayLSH:
    """Band tables as one sorted array (:class:`BandTable`), plus the band
    keys of documents added since it was built, compared one by one until
    they are many."""

    def __init__(self, bands: int, rows: int) -> None:
        self.bands = bands
        self.rows = rows
        self._table: BandTable | None = None
        self._recent: np.ndarray | None = None  # band keys of documents added since

    def refresh(self, n: int, signatures: Callable[[], np.ndarray]) -> Lookup:
        """Bring the tables up to the first ``n`` documents (``signatures()``
        gives theirs); returns the lookup of a query MinHash. Call under the
        index's lock; the lookup needs none."""
        table = self._table
        # Rebuild the sorted table when the documents added since it was
        # built are many; until then they are compared one by one.
        if table is None or n - table.count > max(1024, table.count // 8):
            table = self._table = BandTable(signatures(), self.bands, self.rows)
            self._recent = None
        if table.count < n and (self._recent is None or len(self._recent) != n - table.count):
            self._recent = band_keys(signatures()[table.count : n], self.bands, self.rows)
        recent = self._recent if table.count < n else None
        bands, rows = self.bands, self.rows

        def lookup(query: Any) -> np.ndarray:
            qkeys = band_keys(query.hashvalues.astype(np.uint32)[None, :], bands, rows)[0]
            cands = table.query(qkeys)
            if recent is not None:
                extra = np.flatnonzero((recent == qkeys).any(axis=1)) + table.count
                cands = np.concatenate([cands, extra])
            return cands

        return lookup


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
