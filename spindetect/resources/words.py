"""What the floor knows about single words and word pairs, loaded lazily.

* word frequencies: wordfreq's Zipf scale (:func:`zipf`, :func:`fast_zipf`);
* small word vectors of the training split of the clean text
  (:func:`word_vectors`, ``spindetect/data/vectors.npz``);
* counts of the commonest English bigrams of the Google Books Ngram data
  shipped in ``symspellpy`` (:func:`web_bigrams`).
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
from pathlib import Path

from .data import MissingDataError, check_format, data_path
from .stopwords import stop_words

#: Header of ``vectors.npz`` (``devtools/build_vectors.py`` writes it).
VECTORS_FORMAT = "spindetect-vectors"
VECTORS_FORMAT_VERSION = 1

__all__ = [
    "stop_words",
    "WEB_BIGRAM_FILE",
    "WordVectors",
    "fast_zipf",
    "web_bigrams",
    "word_vectors",
    "zipf",
]


@functools.lru_cache(maxsize=200_000)
def zipf(phrase: str) -> float:
    """wordfreq's Zipf frequency of ``phrase`` in English (0 for unknown)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(phrase, "en"))


@functools.lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


@functools.lru_cache(maxsize=200_000)
def fast_zipf(word: str) -> float:
    """:func:`zipf` of a word, from wordfreq's table directly for plain
    lower-case ASCII words: the same value, without tokenising each word
    again. Loading the table takes about 0.3 s, so ``scan`` uses this and
    ``score`` (whose cold start counts) keeps :func:`zipf`."""
    if word.isalpha() and word.isascii() and word.islower():
        f = _frequencies().get(word, 0.0)
        return round(math.log10(f) + 9.0, 2) if f > 0 else 0.0
    return zipf(word)


#: The symspellpy data file: word bigram counts from Google Books Ngram.
WEB_BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"


class WordVectors:
    """Small word vectors (``spindetect/data/vectors.npz``, built by
    ``devtools/build_vectors.py`` from the training split of the clean text):
    words that keep company have close vectors."""

    def __init__(self, path: Path) -> None:
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as z:
                words, vectors, header = z["words"], z["vectors"], json.loads(str(z["header"]))
        except (OSError, KeyError, ValueError) as exc:
            raise MissingDataError(
                f"cannot read word vectors {path} ({exc}): rebuild them with `python -m devtools.build_vectors`"
            ) from None
        check_format(
            header.get("format"),
            header.get("format_version"),
            expected=VECTORS_FORMAT,
            version=VECTORS_FORMAT_VERSION,
            origin=str(path),
            kind="spindetect word-vector",
            fix="rebuild it with `python -m devtools.build_vectors`",
        )
        self.header = header
        self.index = {str(w): i for i, w in enumerate(words.tolist())}
        self.matrix = np.asarray(vectors, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.index)


@functools.lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """The shipped word vectors (lazy, cached)."""
    return WordVectors(data_path("vectors.npz"))


@functools.lru_cache(maxsize=1)
def web_bigrams() -> dict[tuple[str, str], float]:
    """log10 counts of the commonest English word bigrams (lower case), from
    the Google Books Ngram data in the ``symspellpy`` package (lazy, cached)."""
    try:
        path = Path(str(importlib.resources.files("symspellpy") / WEB_BIGRAM_FILE))
    except ModuleNotFoundError:
        raise RuntimeError(
            "scan needs the bigram counts of the 'symspellpy' package: `pip install symspellpy`"
        ) from None
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: reinstall symspellpy (`pip install --force-reinstall symspellpy`)")
    out: dict[tuple[str, str], float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                key = (parts[0].lower(), parts[1].lower())
                value = math.log10(int(parts[2]))
                if value > out.get(key, 0.0):
                    out[key] = value
    return out
