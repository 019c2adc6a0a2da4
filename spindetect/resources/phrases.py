"""Collocation counts: how often words, bigrams and trigrams occur in clean text.

A spinner's replacement usually turns a common collocation ("deep learning",
"data mining") into one that clean text never uses ("profound learning",
"information mining"). :class:`PhraseCounts` holds the counts of word
bigrams and trigrams (and of single words) in clean news, encyclopedia and
science text, and answers "how common is this phrase?". General-English word
frequencies come from wordfreq.

File format (``spindetect-phrases``, version 1): gzip-compressed UTF-8 text;
first line ``# spindetect-phrases 1``, further ``# key: value`` lines, then
``count<TAB>phrase`` with the phrase's lower-case tokens separated by single
spaces. Built by ``devtools/build_lexicon.py`` from the training split of the
shared data only (see ``spindetect/data/LEXICON_SOURCES.txt``).
"""

from __future__ import annotations

import functools
import gzip
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .data import DataFormatError, MissingDataError, check_format, data_path

__all__ = ["ATTESTED_COUNT", "FORMAT", "FORMAT_VERSION", "PhraseCounts", "default_phrases"]

FORMAT = "spindetect-phrases"
FORMAT_VERSION = 1

#: Clean-text count from which a phrase counts as attested: a real
#: collocation, which scan never flags.
ATTESTED_COUNT = 2


class PhraseCounts:
    """Counts of lower-case word n-grams (n = 1, 2, 3) in clean text.

    >>> pc = PhraseCounts({("deep", "learning"): 12})
    >>> pc.count(("deep", "learning")), pc.count(("profound", "learning"))
    (12, 0)
    """

    def __init__(self, counts: Mapping[tuple[str, ...], int], *, meta: Mapping[str, str] | None = None) -> None:
        self._counts = dict(counts)
        self.meta = dict(meta or {})

    def __len__(self) -> int:
        return len(self._counts)

    def __repr__(self) -> str:
        return f"PhraseCounts({len(self)} phrases, {self.meta.get('words', '?')} words of text)"

    def count(self, phrase: tuple[str, ...]) -> int:
        """How often the token tuple occurs (0 if unseen or pruned)."""
        return self._counts.get(phrase, 0)

    def lookup(self) -> Callable[[tuple[str, ...], int], int]:
        """A fast form of :meth:`count` for loops over many phrases:
        ``lookup()(phrase, 0)`` is ``count(phrase)`` (also in a subclass
        that overrides :meth:`count`)."""
        if type(self).count is not PhraseCounts.count:
            return lambda phrase, default=0: self.count(phrase)
        return self._counts.get

    def items(self) -> Iterable[tuple[tuple[str, ...], int]]:
        return self._counts.items()

    def dumps(self) -> bytes:
        head = [f"# {FORMAT} {FORMAT_VERSION}"] + [f"# {k}: {v}" for k, v in sorted(self.meta.items())]
        body = [f"{n}\t{' '.join(p)}" for p, n in sorted(self._counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        return gzip.compress(("\n".join(head + body) + "\n").encode("utf-8"), mtime=0)

    def save(self, path: str | os.PathLike[str]) -> None:
        Path(path).write_bytes(self.dumps())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> PhraseCounts:
        p = Path(path)
        try:
            text = gzip.decompress(p.read_bytes()).decode("utf-8")
        except OSError as exc:
            raise MissingDataError(
                f"{p}: cannot read phrase counts ({exc}); rebuild with `python -m devtools.build_lexicon`"
            ) from None
        lines = text.split("\n")
        head = lines[0].split()
        check_format(
            head[1] if len(head) > 1 and head[0] == "#" else lines[0][:40],
            int(head[2]) if len(head) > 2 and head[2].isdigit() else None,
            expected=FORMAT,
            version=FORMAT_VERSION,
            origin=f"{p}, line 1",
            kind="spindetect phrase-count",
            fix="rebuild it with `python -m devtools.build_lexicon`",
        )
        meta: dict[str, str] = {}
        counts: dict[tuple[str, ...], int] = {}
        for n, line in enumerate(lines[1:], start=2):
            if not line:
                continue
            if line.startswith("#"):
                k, _, v = line[1:].partition(":")
                meta[k.strip()] = v.strip()
                continue
            c, sep, phrase = line.partition("\t")
            if not sep or not c.isdigit():
                raise DataFormatError(f"{p}, line {n}: expected 'count<TAB>phrase', got {line[:60]!r}")
            counts[tuple(phrase.split(" "))] = int(c)
        return cls(counts, meta=meta)


@functools.lru_cache(maxsize=1)
def default_phrases() -> PhraseCounts:
    """The collocation counts shipped with spindetect (lazy, cached)."""
    path = data_path("phrases.tsv.gz")
    if not path.is_file():
        raise MissingDataError(
            f"phrase counts are missing ({path}): rebuild them with `python -m devtools.build_lexicon`"
        )
    return PhraseCounts.load(path)
