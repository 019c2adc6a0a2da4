"""The odd-swap lexicon: spun phrases, the originals they replace, evidence.

A :class:`Lexicon` maps *spun* phrases ("profound learning", "Jap Europe")
to the phrases they most likely replaced ("deep learning", "Eastern
Europe"), with a weight (how sure we are that the phrase is a spinner's work
wherever it occurs), provenance and evidence per entry. It is what lets
:func:`spindetect.scan` flag spun text with no source at hand and suggest the
original wording, and it feeds swap oddness in :func:`spindetect.score`.

File format (``spindetect-lexicon``, version 1): UTF-8 text, one entry per
line, tab-separated, with a header::

    # spindetect-lexicon 1
    # name: default
    # (more "# key: value" lines and comments)
    spun<TAB>original<TAB>weight<TAB>source<TAB>evidence<TAB>requires<TAB>excludes

``weight`` is a number in (0, 1]; ``source`` a provenance tag (``pps``,
``learned``, ``user``, ...); ``evidence`` free text; ``requires`` and
``excludes`` are ``|``-separated phrases: the entry fires only if every
``requires`` phrase also occurs in the text and no ``excludes`` phrase does
(the Problematic Paper Screener's ``"profound learning" AND "deep
learning"`` and ``NOT`` queries). The last two columns may be empty or
absent. Matching is case-insensitive on spaCy tokens, after the same
normalisation as everything else (:mod:`spindetect.text`).

A field cannot hold a tab, a line break (anything :meth:`str.splitlines`
ends a line at: LF, CR, VT, FF, U+001C-U+001E, U+0085, U+2028, U+2029),
leading or trailing whitespace, or a lone surrogate; a ``requires`` or
``excludes`` phrase cannot hold ``|``; a spun phrase cannot start with
``#`` (a comment line). :class:`LexiconEntry` refuses such values, so
whatever :meth:`Lexicon.add` accepts, :meth:`Lexicon.save` then
:meth:`Lexicon.load` gives back unchanged. A file may start with a UTF-8
byte order mark.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import check_path
from ..text import Document, word_forms
from .data import DataFormatError, MissingDataError, check_format, data_path

__all__ = ["FORMAT", "FORMAT_VERSION", "UNKNOWN_ORIGINAL", "Lexicon", "LexiconEntry", "LexiconMatch", "default_lexicon"]

FORMAT = "spindetect-lexicon"
FORMAT_VERSION = 1
_HEADER = f"# {FORMAT} {FORMAT_VERSION}"

#: ``original`` of an entry whose spun phrase is known but its original is
#: not (PPS lists such phrases with "???"); it gives no suggestion.
UNKNOWN_ORIGINAL = "?"

#: Longest phrase (in tokens) a lexicon entry may have.
MAX_PHRASE_TOKENS = 8

#: Where :meth:`str.splitlines` (the loader) ends a line.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_UNWRITABLE = re.compile("[\t" + _LINE_BREAKS + "\ud800-\udfff]")


def _check_header_text(what: str, value: object) -> None:
    """Refuse a lexicon name or metadata that its header line cannot hold."""
    if not isinstance(value, str):
        raise TypeError(f"lexicon {what} must be a str, not {type(value).__name__}: {value!r}")
    bad = _UNWRITABLE.search(value.replace("\t", " "))
    if bad is not None or not value.strip() or value != value.strip():
        raise ValueError(
            f"lexicon {what} {value!r} cannot be written in a lexicon file's header: it must be one line, "
            "non-empty, without a lone surrogate or leading/trailing spaces"
        )


def _check_field(entry: str, field: str, value: object, *, required: bool) -> None:
    """Refuse a field value the file format cannot hold (see the module docstring)."""
    if not isinstance(value, str):
        raise TypeError(f"lexicon entry {field} must be a str, not {type(value).__name__}: {value!r}{entry}")
    if required and not value.strip():
        raise ValueError(f"lexicon entry needs a non-empty {field}, got {value!r}{entry}")
    bad = _UNWRITABLE.search(value)
    if bad is not None:
        c = bad.group()
        if c == "\t":
            why = "a tab, which separates the columns of a lexicon file"
        elif c in _LINE_BREAKS:
            why = f"a line break ({c!r}), and a lexicon file holds one entry per line"
        else:
            why = f"a lone surrogate ({c!r}), which UTF-8 cannot encode (was the text decoded right?)"
        raise ValueError(f"lexicon entry {field} {value!r} contains {why}: remove it{entry}")
    if value != value.strip():
        raise ValueError(
            f"lexicon entry {field} {value!r} has leading or trailing whitespace, which a lexicon file "
            f"does not keep: strip it{entry}"
        )


def _phrases(field: str, value: object) -> tuple[str, ...]:
    """``requires`` / ``excludes`` as a tuple: one str is one phrase (not its letters)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (bytes, bytearray)) or not isinstance(value, Iterable):
        raise TypeError(
            f"lexicon entry {field} must be a phrase or an iterable of phrases (str), "
            f"not {type(value).__name__}: {value!r}"
        )
    return tuple(value)


def _format_weight(weight: float) -> str:
    """Four significant digits when they give the weight back exactly, else all of them."""
    short = f"{weight:.4g}"
    return short if float(short) == weight else repr(float(weight))


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One odd swap: ``original`` is likely to have been spun into ``spun``."""

    spun: str
    original: str
    weight: float
    source: str = "user"
    evidence: str = ""
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # requires/excludes: a single str is one phrase, not a string of letters
        for name in ("requires", "excludes"):
            object.__setattr__(self, name, _phrases(name, getattr(self, name)))
        for name in ("spun", "original", "source"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"lexicon entry needs a non-empty {name}, got {value!r}")
        of = f" (entry for {self.spun!r})"
        _check_field("", "spun", self.spun, required=True)
        if self.spun.startswith("#"):
            raise ValueError(
                f"lexicon entry spun {self.spun!r} starts with '#', which makes its line a comment in a "
                "lexicon file: drop the '#'"
            )
        _check_field(of, "original", self.original, required=True)
        _check_field(of, "source", self.source, required=True)
        _check_field(of, "evidence", self.evidence, required=False)
        for name in ("requires", "excludes"):
            for phrase in getattr(self, name):
                _check_field(of, f"{name} phrase", phrase, required=True)
                if "|" in phrase:
                    raise ValueError(
                        f"lexicon entry {name} phrase {phrase!r} contains '|', which separates {name} phrases "
                        f"in a lexicon file: pass the phrases separately{of}"
                    )
                if not phrase_key(phrase):
                    raise ValueError(f"lexicon entry {name} phrase {phrase!r} has no tokens{of}")
        if (
            isinstance(self.weight, bool)
            or not isinstance(self.weight, (int, float))
            or not 0.0 < float(self.weight) <= 1.0
        ):
            raise ValueError(f"lexicon entry weight must be in (0, 1], got {self.weight!r} for {self.spun!r}")
        if len(phrase_key(self.spun)) > MAX_PHRASE_TOKENS:
            raise ValueError(f"lexicon entry spun {self.spun!r} is longer than {MAX_PHRASE_TOKENS} tokens")
        if not phrase_key(self.spun):
            raise ValueError(f"lexicon entry spun {self.spun!r} has no tokens (nothing a text could match)")
        if phrase_key(self.spun) == phrase_key(self.original):
            raise ValueError(
                f"lexicon entry spun {self.spun!r} is the same phrase as its original {self.original!r}: "
                "an entry is a swap of one phrase for another"
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "spun": self.spun,
            "original": self.original,
            "weight": self.weight,
            "source": self.source,
            "evidence": self.evidence,
            "requires": list(self.requires),
            "excludes": list(self.excludes),
        }

    def line(self) -> str:
        return "\t".join(
            [
                self.spun,
                self.original,
                _format_weight(self.weight),
                self.source,
                self.evidence,
                "|".join(self.requires),
                "|".join(self.excludes),
            ]
        )


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """An occurrence of a lexicon entry in a document (token range)."""

    start: int
    end: int
    entry: LexiconEntry


@functools.lru_cache(maxsize=100_000)
def phrase_key(phrase: str) -> tuple[str, ...]:
    """The token forms a phrase is matched by (same tokenizer as documents).

    >>> phrase_key("Secretary-General")
    ('secretary', '-', 'general')
    >>> phrase_key("  Profound  LEARNING ")
    ('profound', 'learning')
    """
    return word_forms(phrase)


def _contains(text_lower: str, phrase: str) -> bool:
    """Whether the phrase occurs in the (normalised, lower-case) text."""
    pattern = r"\s*".join(re.escape(t) for t in phrase_key(phrase))
    return re.search(r"(?<!\w)" + pattern + r"(?!\w)", text_lower) is not None


class Lexicon:
    """A table of odd swaps, with fast phrase matching.

    >>> lex = Lexicon(name="demo")
    >>> lex.add("profound learning", "deep learning", weight=0.95, source="pps")
    >>> lex.add("counterfeit consciousness", "artificial intelligence", weight=0.95, source="pps")
    >>> [e.original for e in lex.lookup("Profound Learning")]
    ['deep learning']
    >>> len(lex)
    2
    """

    def __init__(
        self, entries: Iterable[LexiconEntry] = (), *, name: str = "custom", meta: dict[str, str] | None = None
    ) -> None:
        _check_header_text("name", name)
        for key, value in (meta or {}).items():
            _check_header_text("meta key", key)
            if ":" in key:
                raise ValueError(f"lexicon meta key {key!r} contains ':', which ends a key in a lexicon file")
            _check_header_text(f"meta value of {key!r}", value)
        self.name = name
        self.meta: dict[str, str] = dict(meta or {})
        self._entries: dict[tuple[tuple[str, ...], str], LexiconEntry] = {}
        self._index: dict[str, dict[tuple[str, ...], list[LexiconEntry]]] | None = None
        # per first token, the phrase lengths :meth:`find` tries (longest first)
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._word_swaps: dict[str, Counter[str]] | None = None
        self._originals: frozenset[tuple[str, ...]] | None = None
        self._signature: str | None = None
        for e in entries:
            self._put(e)

    # -- building ---------------------------------------------------------
    def _put(self, entry: LexiconEntry) -> None:
        key = (phrase_key(entry.spun), entry.original.lower())
        old = self._entries.get(key)
        if old is not None:
            # Same swap seen again: keep the stronger weight, pool evidence.
            evidence = (
                old.evidence
                if entry.evidence in old.evidence
                else "; ".join(x for x in (old.evidence, entry.evidence) if x)
            )
            sources = old.source if entry.source in old.source.split("+") else f"{old.source}+{entry.source}"
            entry = LexiconEntry(
                old.spun,
                old.original,
                max(old.weight, entry.weight),
                sources,
                evidence,
                tuple(dict.fromkeys(old.requires + entry.requires)),
                tuple(dict.fromkeys(old.excludes + entry.excludes)),
            )
        self._entries[key] = entry
        self._index = None
        self._lengths = {}
        self._word_swaps = None
        self._originals = None
        self._signature = None

    def add(
        self,
        spun: str,
        original: str,
        *,
        weight: float = 0.9,
        source: str = "user",
        evidence: str = "",
        requires: Iterable[str] = (),
        excludes: Iterable[str] = (),
    ) -> None:
        """Add one entry (merged with an existing entry for the same swap).

        ``requires`` and ``excludes`` are phrases: an iterable of them, or
        one phrase as a plain str (``requires="deep learning"``). Values a
        lexicon file cannot hold (tabs, line breaks, leading or trailing
        whitespace, lone surrogates, ``|`` in a phrase, a spun phrase
        starting with ``#``; see the module docstring) raise ValueError
        naming the field, so a saved lexicon loads back unchanged.
        """
        try:
            if isinstance(weight, bool):
                raise TypeError
            w = float(weight)
        except (TypeError, ValueError):
            raise ValueError(f"lexicon entry weight must be a number in (0, 1], got {weight!r} for {spun!r}") from None
        self._put(
            LexiconEntry(
                spun,
                original,
                w,
                source,
                evidence,
                _phrases("requires", requires),
                _phrases("excludes", excludes),
            )
        )

    def merge(self, other: Lexicon, *, name: str | None = None) -> Lexicon:
        """A new lexicon with the entries of both (``self`` first)."""
        if not isinstance(other, Lexicon):
            raise TypeError(f"can only merge a Lexicon, not {type(other).__name__}")
        return Lexicon([*self, *other], name=name or f"{self.name}+{other.name}", meta=self.meta)

    # -- reading and writing ------------------------------------------------
    @classmethod
    def loads(cls, text: str, *, origin: str = "<string>") -> Lexicon:
        """Parse the text format; errors name ``origin``, the line and the problem."""
        if isinstance(text, (bytes, bytearray)):
            raise TypeError(f"{origin}: lexicon text must be str, not {type(text).__name__}: decode it first")
        if not isinstance(text, str):
            raise TypeError(f"{origin}: lexicon text must be str, not {type(text).__name__}")
        lines = text.removeprefix("\ufeff").splitlines()  # a byte order mark some editors write
        head = lines[0].split() if lines else []
        check_format(
            head[1] if len(head) > 1 and head[0] == "#" else (lines[0][:40] if lines else ""),
            int(head[2]) if len(head) > 2 and head[2].isdigit() else (head[2] if len(head) > 2 else None),
            expected=FORMAT,
            version=FORMAT_VERSION,
            origin=f"{origin}, line 1",
            kind="spindetect lexicon",
            fix=f"a lexicon file starts with {_HEADER!r}",
        )
        meta: dict[str, str] = {}
        entries: list[LexiconEntry] = []
        for n, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            if line.startswith("#"):
                if ":" in line:
                    k, _, v = line[1:].partition(":")
                    meta[k.strip()] = v.strip()
                continue
            cols = line.split("\t")
            if len(cols) < 4 or len(cols) > 7:
                raise DataFormatError(
                    f"{origin}, line {n}: expected 4 to 7 tab-separated columns (spun, original, weight, source, ...), found {len(cols)}"
                )
            cols += [""] * (7 - len(cols))
            try:
                weight = float(cols[2])
            except ValueError:
                raise DataFormatError(f"{origin}, line {n}: weight {cols[2]!r} is not a number") from None
            try:
                entries.append(
                    LexiconEntry(
                        cols[0].strip(),
                        cols[1].strip(),
                        weight,
                        cols[3].strip(),
                        cols[4].strip(),
                        tuple(p.strip() for p in cols[5].split("|") if p.strip()),
                        tuple(p.strip() for p in cols[6].split("|") if p.strip()),
                    )
                )
            except ValueError as exc:
                raise DataFormatError(f"{origin}, line {n}: {exc}") from None
        meta.pop("columns", None)  # written by dumps() for readers, not metadata
        declared = meta.pop("entries", None)  # written by dumps(): a guard against files cut short
        if declared is not None:
            if not text.endswith("\n"):
                raise DataFormatError(
                    f"{origin}: the last line has no line break: the file was cut short (it was saved with one)"
                )
            if not declared.isdigit() or int(declared) != len(entries):
                raise DataFormatError(
                    f"{origin}: the header says {declared} entries, the file holds {len(entries)}: it was cut "
                    "short or edited; fix it or delete the '# entries:' line to load it as it is"
                )
        return cls(entries, name=meta.pop("name", Path(origin).stem), meta=meta)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Lexicon:
        """Read a lexicon file (see the module docstring for the format).

        Raises TypeError or ValueError for a ``path`` that is no path or
        empty, OSError when it cannot be read, DataFormatError when it is
        not a lexicon."""
        p = Path(check_path(path, "lexicon path"))
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise OSError(f"cannot read lexicon {p}: {exc.strerror or exc}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataFormatError(f"{p}: lexicon is not UTF-8 ({exc.reason} at byte {exc.start})") from None
        return cls.loads(text, origin=str(p))

    def dumps(self) -> str:
        head = [_HEADER, f"# name: {self.name}"]
        head += [f"# {k}: {v}" for k, v in sorted(self.meta.items()) if k not in ("name", "entries")]
        head.append(f"# entries: {len(self)}")
        head.append("# columns: spun\toriginal\tweight\tsource\tevidence\trequires\texcludes")
        body = sorted((e.line() for e in self), key=str.lower)
        return "\n".join(head + body) + "\n"

    def save(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        """Write the lexicon to ``path`` (read back by :meth:`load`).

        A saved lexicon there (its first line is the header this writes) is
        replaced; any other existing file is refused with FileExistsError
        unless ``overwrite=True``, so an article or a table is never lost
        by a slip of the path. A folder that does not exist is a
        FileNotFoundError naming it; ``path`` a folder, IsADirectoryError."""
        p = Path(check_path(path, "lexicon path"))
        folder = p.parent
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise FileNotFoundError(f"cannot save lexicon {p}: the folder {folder} {what}")
        if p.is_dir():
            raise IsADirectoryError(
                f"cannot save lexicon {p}: it is a folder; name a file, such as {p / 'lexicon.tsv'}"
            )
        if not overwrite and (p.exists() or p.is_symlink()) and not _is_saved_lexicon(p):
            raise FileExistsError(
                f"cannot save lexicon {p}: the file exists and is not a saved lexicon (its first line is not "
                f"{_HEADER!r}); pass overwrite=True to replace it"
            )
        p.write_text(self.dumps(), encoding="utf-8")

    # -- looking up -------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LexiconEntry]:
        return iter(self._entries.values())

    def __contains__(self, spun: object) -> bool:
        return isinstance(spun, str) and bool(self.lookup(spun))

    def __repr__(self) -> str:
        return f"Lexicon(name={self.name!r}, {len(self)} entries, signature={self.signature!r})"

    @property
    def signature(self) -> str:
        """Name plus a short hash of the content, for result signatures."""
        if self._signature is None:
            digest = hashlib.sha1("\n".join(sorted(e.line() for e in self)).encode()).hexdigest()[:10]
            self._signature = digest
        return f"{self.name}:{self._signature}"

    def _build_index(self) -> dict[str, dict[tuple[str, ...], list[LexiconEntry]]]:
        index: dict[str, dict[tuple[str, ...], list[LexiconEntry]]] = defaultdict(dict)
        for e in self._entries.values():
            key = phrase_key(e.spun)
            index[key[0]].setdefault(key, []).append(e)
        for by_key in index.values():
            for lst in by_key.values():
                lst.sort(key=lambda e: -e.weight)
        self._lengths = {
            first: tuple(sorted({len(k) for k in by_key if len(k) <= MAX_PHRASE_TOKENS}, reverse=True))
            for first, by_key in index.items()
        }
        self._index = dict(index)
        return self._index

    def lookup(self, spun: str) -> tuple[LexiconEntry, ...]:
        """Entries for a spun phrase, strongest first.

        Raises:
            TypeError: ``spun`` is not a str.
        """
        if not isinstance(spun, str):
            raise TypeError(f"Lexicon.lookup takes a phrase (str), not {type(spun).__name__}: {spun!r:.60}")
        index = self._index if self._index is not None else self._build_index()
        key = phrase_key(spun)
        if not key:
            return ()
        return tuple(index.get(key[0], {}).get(key, ()))

    def suggestions(self, spun: str) -> tuple[str, ...]:
        """Likely originals of a spun phrase, strongest first."""
        return tuple(dict.fromkeys(e.original for e in self.lookup(spun) if e.original != UNKNOWN_ORIGINAL))

    def word_swaps(self) -> dict[str, Counter[str]]:
        """Word-level swaps implied by the entries: spun word -> Counter of
        the original words it replaced, from entries whose spun and original
        phrases have the same number of tokens ("profound learning" ->
        "deep learning" gives profound -> deep). Cached until the lexicon
        changes."""
        if self._word_swaps is None:
            table: dict[str, Counter[str]] = defaultdict(Counter)
            for e in self._entries.values():
                if e.original == UNKNOWN_ORIGINAL:
                    continue
                sk, ok = phrase_key(e.spun), phrase_key(e.original)
                if len(sk) != len(ok):
                    continue
                diffs = [(a, b) for a, b in zip(sk, ok) if a != b]
                if len(diffs) > 2:
                    continue
                for a, b in diffs:
                    if any(c.isalpha() for c in a) and any(c.isalpha() for c in b):
                        table[a][b] += 1
            self._word_swaps = dict(table)
        return self._word_swaps

    def originals(self) -> frozenset[tuple[str, ...]]:
        """Token keys of every known original phrase (cached)."""
        if self._originals is None:
            self._originals = frozenset(
                phrase_key(e.original) for e in self._entries.values() if e.original != UNKNOWN_ORIGINAL
            )
        return self._originals

    def find(self, doc: Document) -> list[LexiconMatch]:
        """Occurrences of entries in a document, longest match first at each
        position, non-overlapping, with context conditions checked.

        Raises:
            TypeError: ``doc`` is not a prepared document (a str: prepare it
                with :func:`spindetect.text.prepare`, or scan it).
        """
        if not hasattr(doc, "forms"):
            raise TypeError(
                f"Lexicon.find takes a document made by spindetect.text.prepare(text), not {type(doc).__name__}: "
                "for the phrases of a text, use spindetect.scan(text).phrases"
            )
        index = self._index if self._index is not None else self._build_index()
        lengths = self._lengths
        forms = doc.forms
        n = len(forms)
        out: list[LexiconMatch] = []
        lower: str | None = None
        present: dict[str, bool] = {}  # context phrase -> occurs in the text

        def occurs(phrase: str) -> bool:
            nonlocal lower
            hit = present.get(phrase)
            if hit is None:
                if lower is None:
                    lower = doc.norm.lower()
                hit = present[phrase] = _contains(lower, phrase)
            return hit

        i = 0
        while i < n:
            by_key = index.get(forms[i])
            if by_key is None:
                i += 1
                continue
            hit = None
            for length in lengths[forms[i]]:  # the lengths its entries have, longest first
                if length > n - i:
                    continue
                entries = by_key.get(forms[i : i + length])
                if entries:
                    hit = (length, entries)
                    break
            if hit is None:
                i += 1
                continue
            length, entries = hit
            for e in entries:
                if (e.requires or e.excludes) and (
                    not all(occurs(p) for p in e.requires) or any(occurs(p) for p in e.excludes)
                ):
                    continue
                out.append(LexiconMatch(i, i + length, e))
                break
            i += length
        return out


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with spindetect (``spindetect/data/lexicon.tsv``).

    Built by ``devtools/build_lexicon.py``; sources and licences in
    ``spindetect/data/LEXICON_SOURCES.txt``.
    """
    path = data_path("lexicon.tsv")
    if not path.is_file():
        raise MissingDataError(
            f"the default lexicon is missing ({path}): rebuild it with `python -m devtools.build_lexicon`"
        )
    return Lexicon.load(path)


def _is_saved_lexicon(path: Path) -> bool:
    """Whether ``path`` is a regular file whose first line is a lexicon
    header (``# spindetect-lexicon N``, any format version)."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as fh:
            first = fh.readline(256)
    except OSError:
        return False
    head = first.removeprefix(b"\xef\xbb\xbf").split()
    return head[:2] == [b"#", FORMAT.encode()]
