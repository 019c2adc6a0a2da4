"""Options of a :class:`~spindetect.screening.index.SourceIndex`: :class:`IndexConfig`.

>>> IndexConfig().bands, IndexConfig(bands=64, rows=2).rows
(42, 2)
"""

from __future__ import annotations

import dataclasses
import numbers
from dataclasses import dataclass
from typing import Any

__all__ = ["CHUNK_SHINGLES", "IndexConfig", "MAX_NUM_PERM"]

#: Shingles in the smallest chunk (the default of
#: :attr:`IndexConfig.chunk_shingles <spindetect.screening.index.IndexConfig>`);
#: chunks double in size from there. 64 shingles are about 90 words of
#: running text (skeleton shingles per word: 0.7, median over the dev
#: texts). See ``benchmarks/retrieval_partial.py`` for the measurement behind
#: the default.
CHUNK_SHINGLES = 64


#: Largest ``num_perm``: 32 times the default, far past where more
#: permutations stop helping, and small enough that a tampered header cannot
#: make every query allocate gigabytes.
MAX_NUM_PERM = 4096


@dataclass(frozen=True)
class IndexConfig:
    """Options of a :class:`SourceIndex`; change them with :func:`dataclasses.replace`.

    Attributes:
        shingle_size: tokens per skeleton shingle (default 5). On the
            retrieval benchmark 4, 5 and 6 all find the source first in
            >= 99% of cases; 5 gives spun copies the highest similarity that
            still leaves unrelated documents below 0.07 (median best).
        num_perm: MinHash permutations (default 128; at most :data:`MAX_NUM_PERM`).
        bands, rows: LSH banding, ``bands * rows <= num_perm`` (default
            42 x 3, 126 of the 128 permutations). A document of Jaccard
            similarity ``J`` becomes a candidate with probability
            ``1 - (1 - J**rows)**bands``: 0.9999 at 0.6, 0.996 at 0.5, 0.96
            at 0.42 (a spun copy at 75% substitution keeps 0.68, median, and
            0.42 at the 1st percentile; at 50%: 0.76 and 0.53), 0.68 at 0.3,
            0.28 at 0.2 (:func:`spindetect.screen`'s floor); and for an
            unrelated document 9e-4 at 0.028 (the 99th percentile of random
            pairs), 3e-6 at 0.004 (the median). Until issue 16 the default
            was 64 x 2, which finds pairs at 0.2 more often (0.93) but makes
            7.5% of all unrelated documents at 0.035 candidates of each
            query: a query's cost grew with the collection (tens of
            thousands of candidates at 1,000,000 documents). Measured with
            ``benchmarks/retrieval_scale.py``. Pairs at 0.2-0.3 are mostly
            partial copies: those are found through chunks (``chunk_shingles``).
        seed: MinHash seed (default 1; 0 to 2**32 - 1, as NumPy takes it).
            Indexes with different seeds or sizes cannot be compared.
        rerank: LSH candidates re-ranked by exact Jaccard per query
            (default 100); when there are more, the ones with the highest
            MinHash estimate are kept (and as many found through chunks,
            those sharing the most bands).
        min_similarity: :meth:`SourceIndex.find` drops candidates below this
            similarity (default 0.1: above the 10th-best unrelated document
            for 99% of the benchmark's queries): Jaccard, or
            :attr:`Match.part_similarity` for a partial copy.
        chunk_shingles: shingles in the smallest chunk (default
            :data:`~spindetect.screening.chunks.CHUNK_SHINGLES`, 64, about 90
            words; 0: no chunks). A text of at least twice that many
            shingles is also cut into overlapping chunks of 1, 2, 4, ...
            times it, up to half its length
            (:func:`~spindetect.screening.chunks.windows`): a document's
            chunks are LSH entries pointing back to it, a suspect's chunks
            are looked up too. That finds a spun copy of part of a document
            and a document copied into part of a long suspect (Jaccard
            similarity 0.1-0.35 with the whole), for about 4 entries per
            ``chunk_shingles`` shingles of a long document (a 1,000-word
            text, 700 shingles: 25 entries of 8 bytes per band).
        lsh: where the LSH band tables live. "arrays" (default): sorted
            NumPy arrays of 32-bit band keys, 8 bytes per document and band
            (336 bytes per document at 42 bands), saved with the index; it
            returns the candidates ``datasketch.MinHashLSH`` returns (the
            tests check it), plus on average 0.01 unrelated ones per query
            at 1,000,000 documents (32-bit keys that collide).
            "datasketch": ``datasketch.MinHashLSH`` itself, whose Python
            dicts of sets take about 20 KB per document at 64 bands and
            several seconds per 20,000 documents to rebuild.
    """

    shingle_size: int = 5
    num_perm: int = 128
    bands: int = 42
    rows: int = 3
    seed: int = 1
    rerank: int = 100
    min_similarity: float = 0.1
    lsh: str = "arrays"
    chunk_shingles: int = CHUNK_SHINGLES

    def __post_init__(self) -> None:
        for name in ("shingle_size", "num_perm", "bands", "rows", "rerank"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if not isinstance(self.chunk_shingles, int) or isinstance(self.chunk_shingles, bool) or self.chunk_shingles < 0:
            raise ValueError(f"chunk_shingles must be an int >= 0 (0: no chunks), got {self.chunk_shingles!r}")
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
