"""Find the source of a suspect among many documents: :class:`SourceIndex`.

A spinner replaces 10-50% of a text's content words, so an index of words or
word n-grams loses its grip exactly where it is needed. What a spinner leaves
intact are the *immutables* (the DSpin paper's term): function words,
numbers and punctuation, in their order. An index fingerprint therefore
rests on the text's *skeleton*: every function word, number and punctuation
mark is kept, every run of other words becomes one ``_``:

>>> " ".join(skeleton("The proposals include talks on 2 missile sites in Eastern Europe."))
'the _ on 2 _ in _ .'

Runs are collapsed, so swapping one word for a two-word phrase ("Cook" ->
"Prepare dinner") changes nothing. The skeleton is cut into overlapping
n-grams (shingles, 5 tokens by default); two texts' similarity is the Jaccard
similarity of their shingle sets.

Measured while designing it, on the haystack of ``benchmarks/retrieval.py``
(20,900 documents before near duplicates were dropped; 300 spun copies by a
context-blind WordNet spinner): a spun copy keeps
a skeleton Jaccard similarity of 0.82 (median; 0.54 at the 1st percentile)
with its source at 50% substitution, while the best-matching unrelated
document has 0.07 (median). Keeping capitalised names too was tried and
dropped: WordNet spinners replace names ("Moscow" -> "Capital of the Russian
Federation"), and the spun copies' similarity at 50% fell to 0.61.

Candidates come from MinHash signatures (``datasketch.MinHash``, fixed seed)
and banded LSH, and are re-ranked by the exact Jaccard similarity of the
stored shingle sets. The LSH band tables are sorted NumPy arrays by default
(the candidates ``datasketch.MinHashLSH`` would give, in 0.8 KB per document
instead of about 20 KB, rebuilt from the signatures in a fraction of a
second); ``IndexConfig(lsh="datasketch")`` uses ``datasketch.MinHashLSH``
itself.

>>> index = SourceIndex()
>>> index.add("a", "The cat sat on the mat, and then it went to sleep in the sun for an hour.")
>>> index.add("b", "Markets fell by 3% on Monday as investors sold shares in the banks.")
>>> matches = index.find("The kitty sat on the rug, and then it went to slumber in the sunlight for an hour.")
>>> matches[0].id, matches[0].similarity
('a', 1.0)
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import inspect
import json
import logging
import math
import numbers
import os
import re
import shutil
import tempfile
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .._version import __version__
from ..text import check_text

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "FUNCTION_WORDS",
    "IndexConfig",
    "IndexFormatError",
    "MAX_NUM_PERM",
    "Match",
    "Matches",
    "SourceIndex",
    "fingerprint",
    "skeleton",
]

logger = logging.getLogger("spindetect")

#: Name and version written in every saved index's ``header.json``.
FORMAT_NAME = "spindetect-source-index"
FORMAT_VERSION = 1

#: Closed-class English words a synonym spinner leaves alone: articles,
#: pronouns, prepositions, conjunctions, auxiliaries and modals, plus the
#: pieces contractions split into ("don't" -> "don", "t"). Adverbs and
#: quantifiers that thesauri do list ("however", "several", "often") are left
#: out on purpose: they are not immutable.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    myself yourself himself herself itself ourselves themselves
    who whom whose which what when where why how whether
    and or but nor if because although though while unless until since than as so
    of in on at by for with from to into onto upon about over under between through during before after
    against among without within along across behind beyond toward towards via per off out up down
    is am are was were be been being have has had having do does did
    will would can could shall should may might must not no there here then
    s t d ll re ve m don doesn didn isn aren wasn weren won wouldn couldn shouldn hasn haven hadn
    """.split()
)

#: Punctuation kept in the skeleton: spinners keep sentence structure.
_PUNCT = ".!?;:,"

#: Tokens: letter runs, numbers (with inner . or ,), kept punctuation.
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|[.!?;:,]")

_MASK = "_"


def _h32(symbol: str) -> int:
    return zlib.crc32(symbol.encode("utf-8"))


_KNOWN: dict[str, int] = {w: _h32(w) for w in (*FUNCTION_WORDS, *_PUNCT)}
_MASK_HASH = _h32(_MASK)

# 64-bit arithmetic constants for shingle hashes: an odd multiplier for the
# polynomial combination and the MurmurHash3 fmix64 finaliser.
_MULT = np.uint64(0x9E3779B97F4A7C15)
_FMIX1 = np.uint64(0xFF51AFD7ED558CCD)
_FMIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_LOW32 = np.uint64(0xFFFFFFFF)


def skeleton(text: str) -> list[str]:
    """The immutable skeleton of ``text``: function words, numbers and
    punctuation in order, every run of other words as one ``_``.

    >>> skeleton("Officials said on Monday that 3 talks had failed.")
    ['_', 'on', '_', 'that', '3', '_', 'had', '_', '.']
    """
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        if tok in _KNOWN:
            out.append(tok)
        elif tok[0].isdigit():
            out.append(tok)
        elif not out or out[-1] != _MASK:
            out.append(_MASK)
    return out


def _skeleton_hashes(text: str) -> np.ndarray:
    known = _KNOWN
    mask = _MASK_HASH
    hashes: list[int] = []
    append = hashes.append
    prev_mask = False
    for tok in _TOKEN.findall(text.lower()):
        h = known.get(tok)
        if h is None:
            if tok[0].isdigit():
                h = _h32(tok)
            else:
                if not prev_mask:
                    append(mask)
                    prev_mask = True
                continue
        append(h)
        prev_mask = False
    return np.fromiter(hashes, dtype=np.uint64, count=len(hashes))


def fingerprint(text: str, shingle_size: int = 5) -> np.ndarray:
    """Sorted, unique 32-bit hashes of the skeleton's ``shingle_size``-grams.

    A skeleton shorter than ``shingle_size`` gives one shingle (the whole
    skeleton); an empty one gives an empty array.

    >>> a = fingerprint("The cat sat on the mat, and then it slept.")
    >>> b = fingerprint("The kitty sat on the rug, and then it slumbered.")
    >>> bool((a == b).all())
    True
    """
    h = _skeleton_hashes(text)
    n = len(h)
    if n == 0:
        return np.zeros(0, dtype=np.uint32)
    k = min(shingle_size, n)
    m = n - k + 1
    acc = h[:m].copy()
    with np.errstate(over="ignore"):
        for j in range(1, k):
            acc *= _MULT
            acc += h[j : j + m]
        acc ^= acc >> _S33
        acc *= _FMIX1
        acc ^= acc >> _S33
        acc *= _FMIX2
        acc ^= acc >> _S33
    return np.unique((acc & _LOW32).astype(np.uint32))


# -- datasketch ----------------------------------------------------------------


def _identity(x: Any) -> Any:
    return x


@functools.lru_cache(maxsize=1)
def _has_schemes() -> bool:
    """datasketch >= 2.0 names its permutation schemes (we use "affine32");
    older versions only have what 2.0 calls "legacy"."""
    from datasketch import MinHash

    return "scheme" in inspect.signature(MinHash.__init__).parameters


#: Largest ``num_perm``: 32 times the default, far past where more
#: permutations stop helping, and small enough that a tampered header cannot
#: make every query allocate gigabytes.
MAX_NUM_PERM = 4096


class IndexFormatError(ValueError):
    """A saved index that cannot be read; the message names the file."""


@dataclass(frozen=True)
class IndexConfig:
    """Options of a :class:`SourceIndex`; change them with :func:`dataclasses.replace`.

    Attributes:
        shingle_size: tokens per skeleton shingle (default 5). On the
            retrieval benchmark 4, 5 and 6 all find the source first in
            >= 99% of cases; 5 gives spun copies the highest similarity that
            still leaves unrelated documents below 0.07 (median best).
        num_perm: MinHash permutations (default 128; at most :data:`MAX_NUM_PERM`).
        bands, rows: LSH banding, ``bands * rows <= num_perm`` (default 42 x 3).
            A document becomes a candidate with probability
            ``1 - (1 - J**rows)**bands``: 0.996 at Jaccard 0.5, 0.9999 at 0.7,
            0.2% at 0.035 (a typical unrelated document).
        seed: MinHash seed (default 1; 0 to 2**32 - 1, as NumPy takes it).
            Indexes with different seeds or sizes cannot be compared.
        rerank: LSH candidates re-ranked by exact Jaccard per query
            (default 100); when there are more, the ones with the highest
            MinHash estimate are kept.
        min_similarity: :meth:`SourceIndex.find` drops candidates below this
            Jaccard similarity (default 0.1: above the 10th-best unrelated
            document for 99% of the benchmark's queries).
        lsh: where the LSH band tables live. "arrays" (default): one sorted
            NumPy array of band keys, 12 bytes per document and band (0.8 KB
            per document at 64 bands), rebuilt from the signatures in a
            fraction of a second; it returns the candidates
            ``datasketch.MinHashLSH`` returns (the tests check it).
            "datasketch": ``datasketch.MinHashLSH`` itself, whose Python
            dicts of sets take about 20 KB per document at 64 bands and
            several seconds per 20,000 documents to rebuild.
    """

    shingle_size: int = 5
    num_perm: int = 128
    bands: int = 64
    rows: int = 2
    seed: int = 1
    rerank: int = 100
    min_similarity: float = 0.1
    lsh: str = "arrays"

    def __post_init__(self) -> None:
        for name in ("shingle_size", "num_perm", "bands", "rows", "rerank"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if self.bands < 2:
            raise ValueError(f"bands must be at least 2, got {self.bands!r}")
        if self.bands * self.rows > self.num_perm:
            raise ValueError(
                f"bands * rows = {self.bands} * {self.rows} exceeds num_perm={self.num_perm}: "
                "lower bands or rows, or raise num_perm"
            )
        if self.num_perm > MAX_NUM_PERM:
            raise ValueError(f"num_perm must be at most MAX_NUM_PERM={MAX_NUM_PERM}, got {self.num_perm!r}")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or not 0 <= self.seed < 2**32:
            raise ValueError(f"seed must be an int from 0 to 2**32 - 1 (a NumPy random seed), got {self.seed!r}")
        if (
            not isinstance(self.min_similarity, numbers.Real)
            or isinstance(self.min_similarity, bool)
            or not 0.0 <= self.min_similarity <= 1.0
        ):
            raise ValueError(f"min_similarity must be a number from 0 to 1, got {self.min_similarity!r}")
        if self.lsh not in ("arrays", "datasketch"):
            raise ValueError(f"lsh must be 'arrays' or 'datasketch', got {self.lsh!r}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# -- LSH band tables as arrays ----------------------------------------------------


def _band_keys(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """``(n, bands)`` uint64 band keys. Band ``j`` covers signature values
    ``[j * rows, (j + 1) * rows)``, as ``datasketch.MinHashLSH`` cuts them; its
    key is a 64-bit mix of those values and ``j``, so two documents share a
    key when they share the band (and by accident with probability 2**-64)."""
    n = sig.shape[0]
    vals = sig[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        acc = np.arange(1, bands + 1, dtype=np.uint64) * _FMIX2
        acc = np.broadcast_to(acc, (n, bands)).copy()
        for t in range(rows):
            acc *= _MULT
            acc += vals[:, :, t]
        acc ^= acc >> _S33
        acc *= _FMIX1
        acc ^= acc >> _S33
        acc *= _FMIX2
        acc ^= acc >> _S33
    return acc


class _BandTable:
    """Every (band key, document) pair of the first ``count`` documents,
    sorted by key: a query's candidates are the documents sharing one of its
    band keys, found by binary search."""

    __slots__ = ("count", "docs", "keys")

    def __init__(self, sig: np.ndarray, bands: int, rows: int) -> None:
        flat = _band_keys(sig, bands, rows).ravel()
        order = np.argsort(flat, kind="stable")
        self.keys = flat[order]
        self.docs = (order // bands).astype(np.int64 if len(sig) >= 2**31 else np.int32)
        self.count = len(sig)

    def query(self, qkeys: np.ndarray) -> np.ndarray:
        lo = np.searchsorted(self.keys, qkeys, "left")
        hi = np.searchsorted(self.keys, qkeys, "right")
        lengths = hi - lo
        total = int(lengths.sum())
        if not total:
            return np.zeros(0, dtype=np.int64)
        starts = np.repeat(lo - np.cumsum(lengths) + lengths, lengths)
        return np.unique(self.docs[starts + np.arange(total)]).astype(np.int64)


# -- results -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """One candidate source for a suspect.

    Attributes:
        id: the document's id in the index.
        similarity: Jaccard similarity of the two texts' skeleton shingles.
        containment: share of the suspect's shingles found in this document
            (high when the suspect copies part of a longer document).
        shared: number of shingles in common.
    """

    id: str
    similarity: float
    containment: float
    shared: int

    def __str__(self) -> str:
        return f"{self.id}  similarity {self.similarity:.3f}  containment {self.containment:.3f}  shared {self.shared}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "similarity": round(self.similarity, 6),
            "containment": round(self.containment, 6),
            "shared": self.shared,
        }


@dataclass(frozen=True, slots=True)
class Matches:
    """Ranked candidate sources for one suspect, most similar first.

    Behaves as a sequence of :class:`Match`.

    Attributes:
        matches: the candidates, highest similarity first.
        suspect_shingles: size of the suspect's shingle set.
        checked: LSH candidates whose exact similarity was computed.
    """

    matches: tuple[Match, ...]
    suspect_shingles: int
    checked: int

    def __len__(self) -> int:
        return len(self.matches)

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    def __getitem__(self, i: int) -> Match:
        return self.matches[i]

    def __bool__(self) -> bool:
        return bool(self.matches)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.matches)

    def __repr__(self) -> str:
        top = f", top={self.matches[0].id!r} ({self.matches[0].similarity:.3f})" if self.matches else ""
        return f"Matches({len(self.matches)} of {self.checked} checked{top})"

    def __str__(self) -> str:
        if not self.matches:
            return f"no candidate source ({self.checked} checked, {self.suspect_shingles} suspect shingles)"
        lines = [f"{len(self.matches)} candidate sources ({self.checked} checked):"]
        lines += [f"{k}. {m}" for k, m in enumerate(self.matches, 1)]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "matches": [m.to_dict() for m in self.matches],
            "suspect_shingles": self.suspect_shingles,
            "checked": self.checked,
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{k}</td><td>{html.escape(m.id)}</td><td>{m.similarity:.3f}</td>"
            f"<td>{m.containment:.3f}</td><td>{m.shared}</td></tr>"
            for k, m in enumerate(self.matches, 1)
        )
        return (
            "<table class='spindetect-matches'><tr><th>rank</th><th>id</th><th>similarity</th>"
            f"<th>containment</th><th>shared</th></tr>{rows}</table>"
            f"<p style='color:#888'>{self.checked} candidates checked</p>"
        )


# -- the index -------------------------------------------------------------------

_FILES = ("header.json", "ids.jsonl", "signatures.npy", "offsets.npy", "shingles.npy")


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
        self._scheme = "affine32" if _has_schemes() else "legacy"
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        # Consolidated arrays plus rows added since (see _consolidate).
        self._sig = np.zeros((0, self.config.num_perm), dtype=np.uint32)
        self._offsets = np.zeros(1, dtype=np.int64)
        self._shingles = np.zeros(0, dtype=np.uint32)
        self._pending_sig: list[np.ndarray] = []
        self._pending_sh: list[np.ndarray] = []
        self._lsh: Any = None  # datasketch.MinHashLSH, with lsh="datasketch"
        self._lsh_count = 0
        self._table: _BandTable | None = None  # with lsh="arrays"
        self._recent: np.ndarray | None = None  # band keys of documents added since
        self._lock = threading.RLock()
        self._perms: Any = None
        self._digest: tuple[int, str] | None = None

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
        from datasketch import MinHash

        c = self.config
        kwargs: dict[str, Any] = {"num_perm": c.num_perm, "seed": c.seed, "hashfunc": _identity}
        if _has_schemes():
            kwargs["scheme"] = self._scheme
        if self._perms is not None:
            kwargs["permutations"] = self._perms
        m = MinHash(**kwargs)
        if self._perms is None:
            self._perms = m.permutations
        if len(shingles):
            m.update_batch(shingles)
        return m

    def add(self, doc_id: str, text: str) -> None:
        """Index ``text`` under ``doc_id`` (a new, non-empty str).

        Raises :class:`ValueError` for a duplicate id or an empty text, and
        :class:`TypeError` for an id or text that is not a str.
        """
        self._check_id(doc_id)
        check_text(text, name=f"document {doc_id!r}")
        shingles = fingerprint(text, self.config.shingle_size)
        sig = self._minhash(shingles).hashvalues.astype(np.uint32)
        with self._lock:
            if doc_id in self._pos:  # re-checked under the lock
                raise ValueError(self._duplicate_message(doc_id))
            pos = len(self._ids)
            self._ids.append(doc_id)
            self._pos[doc_id] = pos
            self._pending_sig.append(sig)
            self._pending_sh.append(shingles)
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
        first one raises.
        """
        pairs = items.items() if isinstance(items, Mapping) else items
        total = len(pairs) if hasattr(pairs, "__len__") else None
        errors: list[tuple[str, str]] = []
        from tqdm import tqdm

        with tqdm(total=total, desc="indexing", unit="doc", disable=not progress, leave=False) as bar:
            for item in pairs:
                try:
                    doc_id, text = item
                except (TypeError, ValueError):
                    raise TypeError(f"items must be (id, text) pairs, got {_short(item)}") from None
                try:
                    self.add(doc_id, text)
                except (TypeError, ValueError) as exc:
                    if not skip_errors:
                        raise
                    errors.append((str(doc_id), str(exc)))
                except Exception as exc:  # RecursionError, MemoryError, ...: one document never stops a run
                    if not skip_errors:
                        raise
                    logger.warning("indexing %s failed: %s: %s", _short(doc_id), type(exc).__name__, exc)
                    errors.append((str(doc_id), f"indexing failed: {type(exc).__name__}: {exc}"))
                bar.update(1)
        return errors

    def _check_id(self, doc_id: Any) -> None:
        if not isinstance(doc_id, str):
            raise TypeError(
                f"document id must be a str, not {type(doc_id).__name__} ({_short(doc_id)}): convert it, e.g. str(id)"
            )
        if not doc_id:
            raise ValueError("document id is empty: give every document a non-empty id")
        try:
            doc_id.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(
                f"document id {_short(doc_id)} has a lone surrogate: it is not valid Unicode and cannot be saved; "
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

    def _ensure_lsh(self) -> Any:
        """The LSH tables, built from the signatures on first use and
        extended with documents added since."""
        with self._lock:
            if self._lsh is None:
                from datasketch import MinHashLSH

                c = self.config
                self._lsh = MinHashLSH(num_perm=c.num_perm, params=(c.bands, c.rows))
                self._lsh_count = 0
            if self._lsh_count < len(self._ids):
                sig = self._signatures()
                # One MinHash carries each stored signature in turn: the LSH
                # reads its hash values when inserting and keeps only the key.
                carrier = self._minhash(_EMPTY)
                dtype = carrier.hashvalues.dtype
                insert = self._lsh.insert
                for pos in range(self._lsh_count, len(self._ids)):
                    carrier.hashvalues = sig[pos].astype(dtype)
                    insert(pos, carrier, check_duplication=False)
                self._lsh_count = len(self._ids)
            return self._lsh

    def _candidates(self, query: Any) -> np.ndarray:
        """Positions of the documents sharing an LSH band with ``query`` (a
        MinHash), sorted."""
        c = self.config
        if c.lsh == "datasketch":
            cands = np.fromiter(self._ensure_lsh().query(query), dtype=np.int64)
            cands.sort()
            return cands
        with self._lock:
            n = len(self._ids)
            table = self._table
            # Rebuild the sorted table when the documents added since it was
            # built are many; until then they are compared one by one.
            if table is None or n - table.count > max(1024, table.count // 8):
                table = self._table = _BandTable(self._signatures(), c.bands, c.rows)
                self._recent = None
            if table.count < n and (self._recent is None or len(self._recent) != n - table.count):
                self._recent = _band_keys(self._signatures()[table.count : n], c.bands, c.rows)
            recent = self._recent if table.count < n else None
        qkeys = _band_keys(query.hashvalues.astype(np.uint32)[None, :], c.bands, c.rows)[0]
        cands = table.query(qkeys)
        if recent is not None:
            extra = np.flatnonzero((recent == qkeys).any(axis=1)) + table.count
            cands = np.concatenate([cands, extra])
        return cands

    # -- finding -----------------------------------------------------------
    def find(self, suspect: str, k: int = 5, *, min_similarity: float | None = None) -> Matches:
        """The ``k`` indexed documents most likely to be the source of ``suspect``.

        Candidates come from LSH over MinHash signatures and are ranked by
        the exact Jaccard similarity of skeleton shingles; those below
        ``min_similarity`` (default :attr:`IndexConfig.min_similarity`) are
        dropped, so fewer than ``k`` may come back.
        """
        if hasattr(suspect, "text") and not isinstance(suspect, str):
            suspect = suspect.text  # a prepared Document
        check_text(suspect, name="suspect")
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be a positive int, got {k!r}")
        floor = self.config.min_similarity if min_similarity is None else float(min_similarity)
        return self._find_fingerprint(fingerprint(suspect, self.config.shingle_size), k, floor)

    def _find_fingerprint(self, shingles: np.ndarray, k: int, floor: float) -> Matches:
        if not len(self._ids) or not len(shingles):
            return Matches((), len(shingles), 0)
        query = self._minhash(shingles)
        cands = self._candidates(query)
        if not len(cands):
            return Matches((), len(shingles), 0)
        if len(cands) > self.config.rerank:
            sig = self._signatures()
            est = (sig[cands] == query.hashvalues.astype(np.uint32)).sum(axis=1)
            keep = np.argsort(-est, kind="stable")[: self.config.rerank]
            cands = np.sort(cands[keep])
        # Exact intersections for all candidates at once.
        parts = [self._doc_shingles(int(p)) for p in cands]
        sizes = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
        flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)
        owner = np.repeat(np.arange(len(parts)), sizes)
        hit = np.isin(flat, shingles, assume_unique=False)
        inter = np.bincount(owner[hit], minlength=len(parts))
        union = sizes + len(shingles) - inter
        jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        order = np.lexsort((cands, -jac))
        out: list[Match] = []
        for i in order:
            if jac[i] < floor or len(out) >= k:
                break
            out.append(
                Match(
                    id=self._ids[int(cands[i])],
                    similarity=float(jac[i]),
                    containment=float(inter[i] / len(shingles)),
                    shared=int(inter[i]),
                )
            )
        return Matches(tuple(out), len(shingles), len(cands))

    # -- state, for saving and for shipping to other processes ---------------
    def _header(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "spindetect": __version__,
            "params": self.config.to_dict(),
            "minhash_scheme": self._scheme,
            "counts": {"documents": len(self._ids), "shingles": int(self._offsets[-1])},
        }

    def digest(self) -> str:
        """A hash of the index's content (parameters, ids, signatures,
        shingles): equal digests, equal indexes. Dask workers use it to keep
        one rebuilt copy of an index across screening runs."""
        with self._lock:
            self._consolidate()
            if self._digest is None or self._digest[0] != len(self._ids):
                h = hashlib.blake2b(digest_size=16)
                h.update(json.dumps([self.config.to_dict(), self._scheme], sort_keys=True).encode())
                h.update("\n".join(self._ids).encode("utf-8", "surrogatepass"))
                for arr in (self._sig, self._offsets, self._shingles):
                    h.update(np.ascontiguousarray(arr).data)
                self._digest = (len(self._ids), h.hexdigest())
            return self._digest[1]

    def __getstate__(self) -> dict[str, Any]:
        """Plain arrays and JSON-safe values (the LSH tables are rebuilt on
        first use), so an index can be shipped to Dask workers."""
        self._consolidate()
        return {
            "header": self._header(),
            "ids": list(self._ids),
            "signatures": self._sig,
            "offsets": self._offsets,
            "shingles": self._shingles,
            "digest": self.digest(),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        header = state["header"]
        self.__init__(IndexConfig(**header["params"]))  # type: ignore[misc]
        self._scheme = header["minhash_scheme"]
        self._ids = list(state["ids"])
        self._pos = {d: i for i, d in enumerate(self._ids)}
        self._sig = state["signatures"]
        self._offsets = state["offsets"]
        self._shingles = state["shingles"]
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
        raw = os.fspath(path)
        path = Path(path)
        if not str(raw).strip() or path.name in ("", ".", ".."):
            raise ValueError(
                f"path {raw!r} names no directory of the index's own: pass a new directory, e.g. 'sources.index'"
            )
        existing = path.exists() or path.is_symlink()
        if existing:
            if not overwrite:
                raise FileExistsError(f"{path} already exists: pass overwrite=True or choose another path")
            _check_replaceable(path)
        state = self.__getstate__()
        header = state["header"]
        parent = path if existing else path.parent
        parent.mkdir(parents=True, exist_ok=True)
        # Written next to (or, over an index, inside) the target: os.replace stays on one file system.
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=parent))
        try:
            with open(tmp / "ids.jsonl", "w", encoding="utf-8", newline="\n") as fh:
                for doc_id in state["ids"]:
                    fh.write(json.dumps(doc_id, ensure_ascii=False) + "\n")
            for name in ("signatures", "offsets", "shingles"):
                np.save(tmp / f"{name}.npy", np.ascontiguousarray(state[name]), allow_pickle=False)
            header["files"] = {
                name: {"bytes": (tmp / name).stat().st_size, "sha256": _sha256(tmp / name)} for name in _FILES[1:]
            }
            with open(tmp / "header.json", "w", encoding="utf-8") as fh:
                json.dump(header, fh, indent=2)
                fh.write("\n")
            if existing:
                # The header last: until it is replaced, the old header's sizes and
                # SHA-256 refuse a half-replaced index on load.
                for name in (*_FILES[1:], _FILES[0]):
                    os.replace(tmp / name, path / name)
                tmp.rmdir()
            else:
                os.replace(tmp, path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return path

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, verify: bool = True) -> SourceIndex:
        """Read an index written by :meth:`save`.

        Checks the header (format, version, parameters), every file's size
        and, with ``verify=True``, its SHA-256; raises
        :class:`IndexFormatError` naming the file and the problem.
        """
        path = Path(path)
        if not path.is_dir():
            what = "does not exist" if not path.exists() else "is not a directory"
            raise IndexFormatError(f"{path} {what}: pass the directory written by SourceIndex.save()")
        head_path = path / "header.json"
        header = _read_header(head_path)
        files = header.get("files")
        if not isinstance(files, dict):
            raise IndexFormatError(f"{head_path}: no 'files' table; the index is incomplete, save it again")
        for name in _FILES[1:]:
            fpath = path / name
            meta = files.get(name)
            if not isinstance(meta, dict):
                raise IndexFormatError(f"{head_path}: no entry for {name}; save the index again")
            if not fpath.is_file():
                raise IndexFormatError(f"{fpath} is missing: the index is incomplete, save it again")
            size = fpath.stat().st_size
            if size != meta.get("bytes"):
                raise IndexFormatError(
                    f"{fpath} has {size:,} bytes, the header says {meta.get('bytes')!r}: "
                    "the file is truncated or was changed; save the index again"
                )
            if verify and _sha256(fpath) != meta.get("sha256"):
                raise IndexFormatError(
                    f"{fpath} does not match its SHA-256 in header.json: the file is corrupt; save the index again"
                )
        try:
            config = IndexConfig(**header["params"])
        except (TypeError, ValueError) as exc:
            raise IndexFormatError(f"{head_path}: bad params ({exc})") from None
        scheme = header.get("minhash_scheme")
        if scheme not in ("affine32", "legacy") or (scheme != "legacy" and not _has_schemes()):
            raise IndexFormatError(
                f"{head_path}: MinHash scheme {scheme!r} is not supported by the installed datasketch: "
                "pip install -U 'datasketch>=2'"
            )
        ids = _read_ids(path / "ids.jsonl")
        arrays = {name: _read_array(path / f"{name}.npy") for name in ("signatures", "offsets", "shingles")}
        n = header["counts"]["documents"]
        sig, off, sh = arrays["signatures"], arrays["offsets"], arrays["shingles"]
        checks = [
            (len(ids) == n, "ids.jsonl", f"{len(ids):,} ids, the header says {n:,} documents"),
            (
                sig.dtype == np.uint32 and sig.shape == (n, config.num_perm),
                "signatures.npy",
                f"shape {sig.shape} {sig.dtype}, expected ({n}, {config.num_perm}) uint32",
            ),
            (
                off.dtype == np.int64 and off.shape == (n + 1,),
                "offsets.npy",
                f"shape {off.shape} {off.dtype}, expected ({n + 1},) int64",
            ),
            (
                sh.dtype == np.uint32 and sh.ndim == 1,
                "shingles.npy",
                f"{sh.dtype} with {sh.ndim} dimensions, expected uint32 1-D",
            ),
        ]
        shingles = header["counts"].get("shingles", len(sh))
        checks.append((shingles == len(sh), "shingles.npy", f"{len(sh):,} shingles, the header says {shingles:,}"))
        for ok, name, problem in checks:
            if not ok:
                raise IndexFormatError(f"{path / name}: {problem}; save the index again")
        if off[0] != 0 or off[-1] != len(sh) or (len(off) > 1 and bool((np.diff(off) < 0).any())):
            raise IndexFormatError(
                f"{path / 'offsets.npy'}: offsets do not partition shingles.npy; save the index again"
            )
        index = cls.__new__(cls)
        index.__setstate__({"header": header, "ids": ids, "signatures": sig, "offsets": off, "shingles": sh})
        return index


_EMPTY = np.zeros(0, dtype=np.uint32)


def _short(value: Any, limit: int = 60) -> str:
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 3] + "..."


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _check_replaceable(path: Path) -> None:
    """Raise FileExistsError unless ``path`` is a saved index or an empty
    directory: :meth:`SourceIndex.save` never deletes what it did not write."""
    if not path.is_dir():
        raise FileExistsError(
            f"{path} exists and is not a directory: refusing to replace it with an index; choose another path"
        )
    if not any(path.iterdir()):
        return
    head = path / _FILES[0]
    try:
        header = json.loads(head.read_text(encoding="utf-8")) if head.is_file() else None
    except (OSError, UnicodeDecodeError, RecursionError, ValueError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise FileExistsError(
            f"{path} exists and is not a saved SourceIndex (no readable {_FILES[0]} of format {FORMAT_NAME!r}): "
            "refusing to overwrite a folder the index did not write; choose another path"
        )


def _read_header(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise IndexFormatError(f"{path} is missing: {path.parent} is not a saved SourceIndex")
    try:
        header = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexFormatError(f"{path}: not a readable JSON header ({exc})") from None
    except RecursionError:
        raise IndexFormatError(
            f"{path}: JSON nested too deeply, not a SourceIndex header; save the index again"
        ) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        got = header.get("format") if isinstance(header, dict) else type(header).__name__
        raise IndexFormatError(f"{path}: format is {got!r}, expected {FORMAT_NAME!r}; this is not a SourceIndex")
    if header.get("version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"{path}: format version {header.get('version')!r}, this spindetect ({__version__}) reads version "
            f"{FORMAT_VERSION}; rebuild the index with this version"
        )
    counts = header.get("counts")
    if not isinstance(counts, dict) or not isinstance(header.get("params"), dict):
        raise IndexFormatError(f"{path}: header has no counts or params table; save the index again")
    for field in ("documents", "shingles"):
        value = counts.get(field)
        if field in counts or field == "documents":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise IndexFormatError(
                    f"{path}: counts.{field} must be a count (an int >= 0), got {_short(value)}; save the index again"
                )
    return header


def _read_ids(path: Path) -> list[str]:
    ids: list[str] = []
    seen: set[str] = set()
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                try:
                    doc_id = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise IndexFormatError(f"{path}, line {lineno}: not JSON ({exc.msg})") from None
                except RecursionError:
                    raise IndexFormatError(f"{path}, line {lineno}: JSON nested too deeply, not an id") from None
                if not isinstance(doc_id, str) or not doc_id:
                    raise IndexFormatError(
                        f"{path}, line {lineno}: id must be a non-empty JSON string, got {_short(doc_id)}"
                    )
                if doc_id in seen:
                    raise IndexFormatError(f"{path}, line {lineno}: duplicate id {doc_id!r}")
                seen.add(doc_id)
                ids.append(doc_id)
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexFormatError(f"{path}: cannot read ids ({exc})") from None
    return ids


def _read_array(path: Path) -> np.ndarray:
    """A ``.npy`` array, after checking that its header's shape and dtype
    match the bytes in the file: a tampered header claiming 1e10 items is
    refused before anything is allocated."""
    try:
        with open(path, "rb") as fh:
            version = np.lib.format.read_magic(fh)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(fh)
            else:
                raise ValueError(f".npy format version {version} (SourceIndex.save writes 1.0)")
            data_bytes = os.fstat(fh.fileno()).st_size - fh.tell()
        if dtype.hasobject:
            raise ValueError(f"dtype {dtype} holds Python objects")
        expected = dtype.itemsize * math.prod(shape)
        if expected != data_bytes:
            raise ValueError(
                f"the header claims shape {shape} {dtype} ({expected:,} bytes), the file has {data_bytes:,}"
            )
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise IndexFormatError(f"{path}: not a readable NumPy array ({exc}); save the index again") from None
