"""Build scan's word vectors: which words keep company with which.

    python -m devtools.build_vectors          # needs ../shared/data; ~1 minute

A spinner swaps words without reading the text, so its replacements rarely
fit their surroundings ("cruel" in an abstract about statistics, where the
original "mean" fits). To measure fit, spindetect ships small word vectors
learned from the *training split* of the shared clean text (news,
encyclopedia, science): positive pointwise mutual information of content
words within +-8 tokens, reduced to 64 dimensions by truncated SVD
(Levy & Goldberg 2014; Bullinaria & Levy 2007), rows normalised.

Writes ``spindetect/data/vectors.npz`` (no pickles: a fixed-width string
array of words, a float16 matrix, and a JSON header with the corpus size and
settings) and ``spindetect/data/VECTORS_SOURCES.txt`` (provenance, sha256).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from devtools.shared_data import clean_documents, require_shared
from spindetect.text import prepare

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "spindetect" / "data" / "vectors.npz"
MIN_COUNT = 5
WINDOW = 8
DIMENSIONS = 64
FORMAT = "spindetect-vectors"
FORMAT_VERSION = 1


def main() -> None:
    from scipy.sparse import coo_matrix
    from sklearn.utils.extmath import randomized_svd

    require_shared()
    t0 = time.perf_counter()
    docs = []
    for _, _, text, split in clean_documents():
        if split != "train":
            continue
        doc = prepare(text)
        docs.append([f for f, c in zip(doc.forms, doc.content) if c and f.isalpha()])
    freq = Counter(w for d in docs for w in d)
    vocab = sorted(w for w, n in freq.items() if n >= MIN_COUNT)
    index = {w: i for i, w in enumerate(vocab)}
    pairs: Counter[tuple[int, int]] = Counter()
    for d in docs:
        ids = [index.get(w, -1) for w in d]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for b in ids[i + 1 : i + 1 + WINDOW]:
                if b >= 0 and b != a:
                    pairs[(a, b)] += 1
                    pairs[(b, a)] += 1
    rows = np.fromiter((k[0] for k in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((k[1] for k in pairs), dtype=np.int64, count=len(pairs))
    vals = np.fromiter(pairs.values(), dtype=np.float64, count=len(pairs))
    n = len(vocab)
    total = vals.sum()
    row_sum = np.bincount(rows, weights=vals, minlength=n)
    # context distribution smoothed with exponent 0.75 (Levy et al. 2015)
    ctx = row_sum**0.75
    ctx = ctx / ctx.sum()
    pmi = np.log(vals * 1.0 / total) - np.log(row_sum[rows] / total) - np.log(ctx[cols])
    keep = pmi > 0
    m = coo_matrix((pmi[keep], (rows[keep], cols[keep])), shape=(n, n)).tocsr()
    u, s, _ = randomized_svd(m, n_components=DIMENSIONS, n_iter=5, random_state=0)
    vec = u * np.sqrt(s)
    vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        # the old path is kept in this written provenance: rebuilds stay byte-identical to the shipped file
        "built_by": "scripts/build_vectors.py",
        "sources": "train split of BBC News, Wikipedia (SQuAD dev) paragraphs, arXiv abstracts",
        "documents": len(docs),
        "content_words": int(sum(freq.values())),
        "vocabulary": n,
        "min_count": MIN_COUNT,
        "window": WINDOW,
        "dimensions": DIMENSIONS,
        "method": "PPMI (context smoothing 0.75) + randomized truncated SVD, U*sqrt(S), rows normalised",
    }
    words = np.array(vocab, dtype=f"U{max(len(w) for w in vocab)}")
    with open(OUT, "wb") as fh:
        np.savez_compressed(
            fh, words=words, vectors=vec.astype(np.float16), header=np.array(json.dumps(header, sort_keys=True))
        )
    sha = hashlib.sha256(OUT.read_bytes()).hexdigest()
    (OUT.parent / "VECTORS_SOURCES.txt").write_text(
        f"""Sources of spindetect/data/vectors.npz
Built by scripts/build_vectors.py from the project's shared data; rebuild with
`python scripts/build_vectors.py` (needs ../shared/data).

- training split (scripts/shared_data.py: split_of) of: BBC News articles
  (Greene & Cunningham 2006; rights BBC), Wikipedia paragraphs from SQuAD v1.1
  dev (CC BY-SA 4.0), arXiv abstracts (metadata CC0). Only word vectors are
  stored, no text.
- {header["documents"]} documents, {header["content_words"]} content words; {n} words with >= {MIN_COUNT}
  occurrences get a {DIMENSIONS}-dimensional vector.
- method: {header["method"]}; context window +-{WINDOW} content words.

sha256
- vectors.npz {sha}
""",
        encoding="utf-8",
    )
    print(f"{n} words x {DIMENSIONS} from {len(docs)} documents in {time.perf_counter() - t0:.0f} s; sha256 {sha}")


if __name__ == "__main__":
    main()
