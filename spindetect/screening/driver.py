"""Screen collections for spun copies, on one machine or a Dask cluster.

:func:`screen` takes suspects and (optionally) sources, finds each suspect's
likely sources with a :class:`~spindetect.screening.index.SourceIndex`, scores the
best candidates with a :class:`~spindetect.scoring.detector.Detector` and returns a
:class:`ScreenResult`, one :class:`ScreenRow` per scored pair:

>>> from spindetect import screen
>>> sources = {"orig": "The cat sat on the mat, and then it went to sleep in the sun for an hour."}
>>> suspects = {"copy": "The kitty sat on the rug, and then it went to slumber in the sunlight for an hour."}
>>> result = screen(suspects, sources)
>>> row = result[0]
>>> row.suspect_id, row.source_id, row.similarity
('copy', 'orig', 1.0)

Without ``sources``, the suspects are screened against each other: every
pair where one text may be a copy of the other is scored once, and the row
names the spun copy as the suspect.

Collections are mappings of id to text, iterables of ``(id, text)`` pairs,
or paths read by :func:`read_collection` (a folder of ``.txt`` files, a
``.jsonl`` file or one ``.txt`` file). A bad document (empty, binary,
unreadable, duplicate id, an id no file can hold, or one on which the search
or the scoring fails in any way) never stops a run: it becomes an
``"error"`` row naming it, and the run goes on.

:class:`RowWriter` writes rows to JSON Lines or CSV as they come and
:func:`read_rows` reads them back to resume a run; any id round-trips. CSV
cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) are written with a ``'`` in
front, which :func:`read_rows` removes.

On Dask (``pip install 'spindetect[scale]'``), pass ``client=`` (a
``distributed.Client``, for instance on a ``LocalCluster``) or
``scheduler=`` (an address): the index is broadcast to the workers, the
suspects are split into chunks, and each chunk is searched and then scored
on the workers. The rows are the same as in a local run.
"""

from __future__ import annotations

import codecs
import csv
import functools
import html
import io
import json
import logging
import numbers
import os
import re
import stat
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..scoring.detector import Detector, DetectorConfig
from ..text import check_text
from .index import IndexConfig, SourceIndex

__all__ = [
    "DEFAULT_MIN_SIMILARITY",
    "ERROR",
    "NO_MATCH",
    "ROW_FIELDS",
    "ReadError",
    "RowWriter",
    "ScreenResult",
    "ScreenRow",
    "infer_format",
    "iter_screen",
    "read_collection",
    "read_rows",
    "screen",
]

logger = logging.getLogger("spindetect")

#: Label of a suspect for which no candidate source reached the similarity floor.
NO_MATCH = "no-match"
#: Label of a row reporting a bad document or a failed comparison.
ERROR = "error"

#: Skeleton similarity (see :mod:`spindetect.screening.index`) from which a candidate
#: pair is scored. Spun copies of whole documents score >= 0.5 at 50%
#: substitution in 99% of the retrieval benchmark's cases; the seed spun copy
#: against its truncated, reordered original scores 0.30; QuillBot
#: paraphrases 0.11-0.30 (median by mode); unrelated documents 0.016 at the
#: 90th percentile.
DEFAULT_MIN_SIMILARITY = 0.2

#: Suspects per task (one search plus the scoring of its pairs). A pair takes
#: 10-50 ms to score, so a chunk is a fraction of a second of work.
DEFAULT_CHUNK_SIZE = 16

#: Columns of an output row, in order.
ROW_FIELDS = ("suspect_id", "source_id", "label", "probability", "density", "similarity", "spun_id", "error")

_INSTALL_HINT = "screening on Dask needs dask.distributed: pip install 'spindetect[scale]'"


class ReadError(Exception):
    """A document that could not be read; screened as an error row."""


# -- rows and results -------------------------------------------------------------


def _row_dict(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """A row's ``fields`` as a JSON-safe dict, floats rounded to 6 places."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(row, name)
        out[name] = round(value, 6) if isinstance(value, float) else value
    return out


def _field_readers(data: Mapping[str, Any]) -> tuple[Any, Any]:
    """``text(name)`` and ``number(name)`` of a row read back from JSON or
    CSV (strings there, "" for None)."""

    def text(name: str) -> str | None:
        v = data.get(name)
        return None if v in (None, "") else str(v)

    def number(name: str) -> float | None:
        v = data.get(name)
        return None if v in (None, "") else float(v)

    return text, number


@dataclass(frozen=True, slots=True)
class ScreenRow:
    """One screened pair, or one suspect without a match, or one bad document.

    Attributes:
        suspect_id: the suspect (None for a bad source document).
        source_id: its candidate source (None when there is none).
        label: the verdict on the pair ("spun", "paraphrase", "copy",
            "related", "unrelated"), :data:`NO_MATCH` or :data:`ERROR`.
        probability: P(spun) from :meth:`Detector.score`.
        density: share of the source's aligned content words replaced.
        similarity: skeleton similarity of the pair (see :mod:`spindetect.screening.index`).
        spun_id: the id of the spun copy when the label is "spun" (the
            suspect, or the source when the "source" is the spun one).
        error: what went wrong, for error rows.
    """

    suspect_id: str | None
    source_id: str | None
    label: str
    probability: float | None = None
    density: float | None = None
    similarity: float | None = None
    spun_id: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict with the keys of :data:`ROW_FIELDS`."""
        return _row_dict(self, ROW_FIELDS)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScreenRow:
        """Inverse of :meth:`to_dict`; also reads CSV rows (strings, "" for None)."""
        text, number = _field_readers(data)
        label = text("label")
        if label is None:
            raise ValueError(f"row has no label: {dict(data)!r}")
        return cls(
            suspect_id=text("suspect_id"),
            source_id=text("source_id"),
            label=label,
            probability=number("probability"),
            density=number("density"),
            similarity=number("similarity"),
            spun_id=text("spun_id"),
            error=text("error"),
        )

    def __str__(self) -> str:
        if self.label == ERROR:
            who = self.suspect_id if self.suspect_id is not None else self.source_id
            return f"{who}: error: {self.error}"
        if self.label == NO_MATCH:
            return f"{self.suspect_id}: no candidate source"
        spun = f", spun copy: {self.spun_id}" if self.spun_id else ""
        return (
            f"{self.suspect_id} <- {self.source_id}: {self.label} (P(spun)={self.probability:.2f}{spun}; "
            f"density {self.density:.2f}, similarity {self.similarity:.2f})"
        )


@dataclass(frozen=True)
class ScreenResult:
    """The rows of a screening run, in a fixed order, with counts.

    Behaves as a sequence of :class:`ScreenRow`.

    Attributes:
        rows: sources' error rows first, then by suspect (or pair) in
            collection order, candidates by rank.
        mode: "sources" (suspects against sources) or "within" (one
            collection against itself).
        suspects: documents screened as suspects (bad ones included).
        sources: documents indexed as sources (in "within" mode, the
            collection's good documents).
    """

    rows: tuple[ScreenRow, ...]
    mode: Literal["sources", "within"]
    suspects: int
    sources: int

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[ScreenRow]:
        return iter(self.rows)

    def __getitem__(self, i: int) -> ScreenRow:
        return self.rows[i]

    @property
    def spun(self) -> tuple[ScreenRow, ...]:
        """Rows labelled "spun", most probable first."""
        return tuple(sorted((r for r in self.rows if r.label == "spun"), key=lambda r: -(r.probability or 0.0)))

    @property
    def errors(self) -> tuple[ScreenRow, ...]:
        return tuple(r for r in self.rows if r.label == ERROR)

    def counts(self) -> dict[str, int]:
        """Rows per label."""
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.label] = out.get(r.label, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "suspects": self.suspects,
            "sources": self.sources,
            "counts": self.counts(),
            "rows": [r.to_dict() for r in self.rows],
        }

    def __repr__(self) -> str:
        return f"ScreenResult({self.mode}, {len(self.rows)} rows, {len(self.spun)} spun, {len(self.errors)} errors)"

    def __str__(self) -> str:
        against = f"against {self.sources} sources" if self.mode == "sources" else "against each other"
        counts = ", ".join(f"{n} {label}" for label, n in sorted(self.counts().items()))
        lines = [f"screened {self.suspects} suspects {against}: {counts or 'no rows'}"]
        for r in self.spun[:20]:
            lines.append(f"  {r}")
        if len(self.spun) > 20:
            lines.append(f"  ... {len(self.spun) - 20} more spun")
        for r in self.errors[:10]:
            lines.append(f"  {r}")
        if len(self.errors) > 10:
            lines.append(f"  ... {len(self.errors) - 10} more errors")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        def cell(v: Any) -> str:
            if v is None:
                return ""
            if isinstance(v, float):
                return f"{v:.3f}"
            return html.escape(str(v))

        shown = self.rows[:200]
        body = "".join("<tr>" + "".join(f"<td>{cell(getattr(r, f))}</td>" for f in ROW_FIELDS) + "</tr>" for r in shown)
        more = f"<p>... {len(self.rows) - len(shown)} more rows</p>" if len(self.rows) > len(shown) else ""
        head = "".join(f"<th>{f}</th>" for f in ROW_FIELDS)
        return (
            f"<div class='spindetect-screen'><p>{html.escape(str(self).splitlines()[0])}</p>"
            f"<table><tr>{head}</tr>{body}</table>{more}</div>"
        )


# -- reading collections -----------------------------------------------------------

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


def read_collection(
    path: str | os.PathLike[str], *, id_field: str = "id", text_field: str = "text"
) -> list[tuple[str, str | ReadError]]:
    """Read ``(id, text)`` pairs from a folder of ``.txt`` files (searched
    recursively; the id is the path inside the folder without ``.txt``), a
    JSON Lines file (one object per line with ``id_field`` and
    ``text_field``) or a single ``.txt`` file (the id is its name without
    ``.txt``).

    A file or line that cannot be read gives ``(id, ReadError(...))`` instead
    of stopping: :func:`screen` reports it as an error row. A missing path,
    an empty folder or an unknown file type raises :class:`ValueError`.
    """
    for name, value in (("id_field", id_field), ("text_field", text_field)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name} must be a non-empty str (a JSON field name), got {_short(value)}")
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*.txt") if f.is_file() or f.is_symlink())
        if not files:
            raise ValueError(f"{p} has no .txt files: pass a folder of .txt files or a .jsonl file")
        return [(f.relative_to(p).with_suffix("").as_posix(), _read_txt(f)) for f in files]
    if not p.exists():
        raise ValueError(f"{p} does not exist: pass a folder of .txt files or a .jsonl file")
    suffix = p.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return _read_jsonl(p, id_field, text_field)
    if suffix == ".txt":
        return [(p.stem, _read_txt(p))]
    raise ValueError(
        f"{p}: unknown collection type {suffix or '(no suffix)'!r}: pass a folder of .txt files, a .jsonl file or a .txt file"
    )


def _read_txt(path: Path) -> str | ReadError:
    from ..files import InputError, read_text  # the same decoding rules as `spindetect score`

    try:
        # a plain str: DecodedText does not survive pickling (Dask ships the texts to its workers)
        return str(read_text(str(path)))
    except InputError as exc:
        return ReadError(str(exc))


def _read_jsonl(path: Path, id_field: str, text_field: str) -> list[tuple[str, str | ReadError]]:
    """One ``(id, text)`` per line. The file is read as bytes and split at
    ``b"\\n"`` only, and each line is decoded on its own: a line that is not
    UTF-8 (JSON Lines are UTF-8 by definition) becomes one error row naming
    its line and byte, and every other line is kept. Such a line is refused
    rather than decoded with U+FFFD because its id could be the damaged part:
    a silently changed id would not match on resume or in the results."""
    out: list[tuple[str, str | ReadError]] = []
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        head = fh.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # also the UTF-32 marks
            raise ValueError(f"{path} is UTF-16 or UTF-32: JSON Lines must be UTF-8; convert the file first")
        fh.seek(len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0)
        for lineno, raw in enumerate(fh, 1):  # binary files split at b"\n" only
            where = f"{path.name}:{lineno}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = raw[exc.start : exc.start + 4]
                out.append(
                    (
                        where,
                        ReadError(
                            f"{path}, line {lineno}: not UTF-8 (byte {exc.start + 1} of the line, {bad!r}...): "
                            "JSON Lines must be UTF-8; fix this line"
                        ),
                    )
                )
                continue
            if not line.strip():
                continue
            out.append(_jsonl_item(line, path, lineno, where, id_field, text_field))
    return out


def _jsonl_item(
    line: str, path: Path, lineno: int, where: str, id_field: str, text_field: str
) -> tuple[str, str | ReadError]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return where, ReadError(f"{path}, line {lineno}: not JSON ({exc.msg})")
    except RecursionError:
        return where, ReadError(
            f"{path}, line {lineno}: JSON nested too deeply to read; expected {{'id': ..., 'text': ...}}"
        )
    if not isinstance(obj, dict):
        return where, ReadError(f"{path}, line {lineno}: expected a JSON object, got {type(obj).__name__}")
    doc_id = obj.get(id_field)
    if isinstance(doc_id, (int, float)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id:
        return where, ReadError(f"{path}, line {lineno}: no {id_field!r} field (a non-empty string or number)")
    text = obj.get(text_field)
    if not isinstance(text, str):
        got = "missing" if text is None else f"a {type(text).__name__}"
        return doc_id, ReadError(f"{path}, line {lineno}: {text_field!r} is {got}, expected a string")
    return doc_id, text


def _collection(items: Any, name: str) -> list[tuple[str, str | ReadError]]:
    """Normalise a collection argument to a list of (id, text or error)."""
    if isinstance(items, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"{name} is {type(items).__name__}, not a collection: decode a path with .decode(), or pass a mapping of "
            "id to text (decode each text first, e.g. data.decode('utf-8'))"
        )
    if isinstance(items, (str, os.PathLike)):
        if isinstance(items, str) and not os.path.exists(items):
            raise TypeError(
                f"{name} is a str that is not an existing path ({items[:40]!r}...): pass a mapping of id to text, "
                "(id, text) pairs, or the path of a folder or .jsonl file"
            )
        return read_collection(items)
    if isinstance(items, Mapping):
        pairs: Iterable[Any] = items.items()
    elif isinstance(items, Iterable):
        pairs = items
    else:
        raise TypeError(
            f"{name} must be a mapping of id to text, (id, text) pairs or a path, not {type(items).__name__}"
        )
    out: list[tuple[str, str | ReadError]] = []
    for n, item in enumerate(pairs):
        if isinstance(item, tuple) and len(item) == 2:
            doc_id, text = item
        else:
            out.append((f"#{n}", ReadError(f"{name} item #{n} is not an (id, text) pair: {_short(item)}")))
            continue
        if not isinstance(doc_id, str) or not doc_id:
            out.append(
                (
                    f"#{n}",
                    ReadError(
                        f"{name} item #{n}: id must be a non-empty str, got {_short(doc_id)}; convert it, e.g. str(id)"
                    ),
                )
            )
            continue
        out.append((doc_id, text))
    return out


def ids_to_skip(skip: Any, name: str) -> set[str]:
    """``skip`` (ids already done) as a set; a lone str would be a set of letters."""
    if isinstance(skip, (str, bytes)) or not isinstance(skip, Iterable):
        raise TypeError(f"{name} must be a collection of ids (e.g. a set of str), not {type(skip).__name__}")
    return set(skip)


def check_fraction(value: Any, name: str) -> float:
    """``value`` as a float in [0, 1], else ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be a number from 0 to 1, got {_short(value)}")
    return float(value)


def _short(value: Any, limit: int = 60) -> str:
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 3] + "..."


def _validate(items: list[tuple[str, Any]], role: str) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Split into good ``(position, id, text)`` and bad ``(position, id, message)``."""
    good: list[tuple[int, str, str]] = []
    bad: list[tuple[int, str, str]] = []
    first: dict[str, int] = {}
    for pos, (doc_id, text) in enumerate(items):
        problem = _id_problem(doc_id, role)
        if problem is not None:
            bad.append((pos, safe_id(doc_id), problem))
            continue
        if isinstance(text, BaseException):
            bad.append((pos, doc_id, str(text)))
            continue
        if doc_id in first:
            bad.append(
                (
                    pos,
                    doc_id,
                    f"duplicate {role} id {doc_id!r} (item #{pos}; first at item #{first[doc_id]}): skipped, ids must be unique",
                )
            )
            continue
        first[doc_id] = pos
        try:
            check_text(text, name=f"{role} {doc_id!r}")
        except (TypeError, ValueError) as exc:
            bad.append((pos, doc_id, str(exc)))
            continue
        except Exception as exc:  # one bad document never stops a run
            bad.append((pos, doc_id, _failure(f"checking {role} {_short(doc_id)}", exc)))
            continue
        good.append((pos, doc_id, text))
    return good, bad


def safe_id(doc_id: str) -> str:
    """``doc_id`` as it can be written to a UTF-8 file: lone surrogates
    (which no UTF-8 file can hold) as ``\\udXXX`` escapes. The id of the
    error row reporting such a document."""
    try:
        doc_id.encode("utf-8")
        return doc_id
    except UnicodeEncodeError:
        return doc_id.encode("utf-8", "backslashreplace").decode("utf-8")


def _id_problem(doc_id: str, role: str) -> str | None:
    """Why an id cannot be written to a row (and so resumed), or None.

    Every other id round-trips through JSONL and CSV rows: line breaks of
    any kind, NUL, very long ids (see :func:`read_rows`)."""
    if safe_id(doc_id) != doc_id:
        return (
            f"{role} id {_short(doc_id)} has a lone surrogate: it is not valid Unicode and cannot be written to "
            "a UTF-8 file; fix the id (e.g. decode its bytes with errors='replace')"
        )
    return None


def _clip(text: str, limit: int = 500) -> str:
    """``text`` cut to ``limit`` characters (an exception's message can hold a whole document)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _failure(what: str, exc: BaseException) -> str:
    """The error-row message of an unexpected exception, logged with its traceback."""
    logger.warning("%s failed: %s: %s", what, type(exc).__name__, _clip(str(exc)))
    logger.debug("%s failed", what, exc_info=exc)
    return f"{what} failed: {type(exc).__name__}: {_clip(str(exc)) or '(no message)'}"


# -- the work, in chunks (run here or on Dask workers) -----------------------------


@functools.lru_cache(maxsize=4)
def _detector(config: DetectorConfig) -> Detector:
    return Detector(config)


#: Indexes received by this (worker) process, by digest: a worker keeps the
#: copy whose LSH tables it has built (seconds for 20,000 documents) across
#: tasks and screening runs, instead of rebuilding them for every new copy.
_RECEIVED: dict[str, SourceIndex] = {}
_RECEIVED_MAX = 2
_RECEIVED_LOCK = threading.Lock()


def _shared(index: SourceIndex) -> SourceIndex:
    if index._digest is None or index._digest[0] != len(index):
        return index
    digest = index._digest[1]
    with _RECEIVED_LOCK:
        kept = _RECEIVED.get(digest)
        if kept is None:
            while len(_RECEIVED) >= _RECEIVED_MAX:
                _RECEIVED.pop(next(iter(_RECEIVED)))
            kept = _RECEIVED[digest] = index
        return kept


def _find_chunk(
    index: SourceIndex, items: list[tuple[int, str, str]], top: int, floor: float, within: bool
) -> list[tuple[int, tuple[tuple[str, float], ...]]]:
    """Candidate sources ``(id, similarity)`` for each ``(position, id, text)``;
    for a document whose search failed, the error message instead."""
    out: list[tuple[int, Any]] = []
    for pos, doc_id, text in items:
        k = top + 1 if within else top
        try:
            matches = index.find(text, k=k, min_similarity=floor)
        except Exception as exc:  # one bad document never stops a run
            out.append((pos, _failure(f"searching for the sources of {_short(doc_id)}", exc)))
            continue
        cands = tuple((m.id, m.similarity) for m in matches if not (within and m.id == doc_id))[:top]
        out.append((pos, cands))
    return out


def _find_chunk_on_worker(
    index: SourceIndex, items: list[tuple[int, str, str]], top: int, floor: float, within: bool
) -> list[tuple[int, tuple[tuple[str, float], ...]]]:
    return _find_chunk(_shared(index), items, top, floor, within)


_Pair = tuple[tuple[int, ...], str, str, str, str, float]


def _score_chunk(pairs: list[_Pair], config: DetectorConfig, within: bool) -> list[tuple[tuple[int, ...], ScreenRow]]:
    """Score ``(key, id_a, text_a, id_b, text_b, similarity)`` pairs.

    Sources mode: a is the suspect, b the source. Within mode: a comes first
    in the collection; the row's suspect is the spun side, else b.
    """
    det = _detector(config)
    docs: dict[str, Any] = {}

    def prepared(doc_id: str, text: str) -> Any:
        doc = docs.get(doc_id)
        if doc is None:
            doc = docs[doc_id] = det.prepare(text, name=doc_id)
        return doc

    out = []
    for key, id_a, text_a, id_b, text_b, sim in pairs:
        try:
            report = det.score_documents(prepared(id_a, text_a), prepared(id_b, text_b))
        except Exception as exc:  # one bad pair never stops a run, whatever it raises
            logger.warning("scoring %r against %r failed: %s: %s", id_a, id_b, type(exc).__name__, _clip(str(exc)))
            logger.debug("scoring %r against %r failed", id_a, id_b, exc_info=exc)
            out.append(
                (
                    key,
                    ScreenRow(
                        id_a if not within else id_b,
                        id_b if not within else id_a,
                        ERROR,
                        similarity=sim,
                        error=f"scoring failed: {type(exc).__name__}: {exc}",
                    ),
                )
            )
            continue
        spun_side = report.spun_side
        if within:
            suspect, source = (id_a, id_b) if spun_side == "a" else (id_b, id_a)
        else:
            suspect, source = id_a, id_b
        spun_id = None if spun_side is None else (id_a if spun_side == "a" else id_b)
        out.append(
            (
                key,
                ScreenRow(
                    suspect, source, report.label, float(report.probability), float(report.density), float(sim), spun_id
                ),
            )
        )
    return out


# -- the driver -----------------------------------------------------------------------


def iter_screen(
    suspects: Any,
    sources: Any = None,
    *,
    index: SourceIndex | None = None,
    top: int = 3,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    detector: Detector | DetectorConfig | None = None,
    index_config: IndexConfig | None = None,
    skip: Iterable[str] = (),
    skip_pairs: Iterable[tuple[str, str]] = (),
    client: Any = None,
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool = False,
) -> Iterator[ScreenRow]:
    """:func:`screen`, one row at a time as the work completes (chunks may
    finish out of order on Dask). Used by ``spindetect screen`` to write rows
    as they come and to resume. See :func:`screen` for the arguments."""
    for _, row in _run(**locals()):
        yield row


def screen(
    suspects: Any,
    sources: Any = None,
    *,
    index: SourceIndex | None = None,
    top: int = 3,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    detector: Detector | DetectorConfig | None = None,
    index_config: IndexConfig | None = None,
    skip: Iterable[str] = (),
    skip_pairs: Iterable[tuple[str, str]] = (),
    client: Any = None,
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool = False,
) -> ScreenResult:
    """Find spun copies: each suspect against the sources, or, without
    ``sources``, a collection against itself.

    Args:
        suspects, sources: mappings of id to text, iterables of
            ``(id, text)`` pairs, or paths (see :func:`read_collection`).
        index: a :class:`SourceIndex` of ``sources`` built before (the texts
            are still needed, to score pairs); built here when None.
        top: candidates scored per suspect (default 3); only those with a
            skeleton similarity of at least ``min_similarity`` are scored.
        min_similarity: similarity floor for scoring (default
            :data:`DEFAULT_MIN_SIMILARITY`).
        detector: the :class:`Detector` (or its config) that scores pairs.
        index_config: options of the index built here.
        skip: suspect ids already screened (resuming a run): no rows for them.
        skip_pairs: pairs already scored, as ``(suspect id, source id)`` (in
            "within" mode, either order): no rows for them. With ``skip``, this
            resumes by row: a suspect whose rows were only partly written is
            searched again and only its missing pairs are scored.
        client: a ``distributed.Client`` to run on; or
        scheduler: a Dask scheduler address to connect to (closed after).
        chunk_size: suspects per task.
        progress: show progress bars (tqdm, on standard error).

    Returns a :class:`ScreenResult`: one row per scored pair (label,
    P(spun), density, similarity, which side is spun), a :data:`NO_MATCH`
    row per suspect without a candidate (sources mode), and an
    :data:`ERROR` row per bad document.

    Raises ValueError or TypeError naming the argument for a bad ``top``,
    ``min_similarity``, ``chunk_size``, ``skip`` or collection (bytes, for
    instance: decode them first).
    """
    args = dict(locals())
    stats: dict[str, Any] = {}
    keyed = list(_run(**args, _stats=stats))
    keyed.sort(key=lambda kr: kr[0])
    return ScreenResult(
        rows=tuple(r for _, r in keyed), mode=stats["mode"], suspects=stats["suspects"], sources=stats["sources"]
    )


def _run(
    suspects: Any,
    sources: Any,
    *,
    index: SourceIndex | None,
    top: int,
    min_similarity: float,
    detector: Detector | DetectorConfig | None,
    index_config: IndexConfig | None,
    skip: Iterable[str],
    skip_pairs: Iterable[tuple[str, str]],
    client: Any,
    scheduler: str | None,
    chunk_size: int,
    progress: bool,
    _stats: dict[str, Any] | None = None,
) -> Iterator[tuple[tuple[int, ...], ScreenRow]]:
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ValueError(f"top must be a positive int, got {top!r}")
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int, got {chunk_size!r}")
    check_fraction(min_similarity, "min_similarity")
    if client is not None and scheduler is not None:
        raise ValueError("pass client= or scheduler=, not both")
    if isinstance(detector, Detector):
        det_config = detector.config
    elif isinstance(detector, DetectorConfig):
        det_config = detector
    elif detector is None:
        det_config = DetectorConfig()
    else:
        raise TypeError(f"detector must be a Detector or DetectorConfig, not {type(detector).__name__}")
    if index is not None and not isinstance(index, SourceIndex):
        raise TypeError(f"index must be a SourceIndex, not {type(index).__name__}")
    within = sources is None
    if within and index is not None:
        raise ValueError(
            "index= needs sources=: pass the texts of the indexed documents, they are needed to score pairs"
        )
    skip = ids_to_skip(skip, "skip")
    if isinstance(skip_pairs, (str, bytes)) or not isinstance(skip_pairs, Iterable):
        raise TypeError(f"skip_pairs must be (id, id) pairs, not {type(skip_pairs).__name__}")
    done_pairs = set()
    for pair in skip_pairs:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"skip_pairs must be (id, id) pairs, got {_short(pair)}")
        done_pairs.add(frozenset(pair))

    sus_items = _collection(suspects, "suspects")
    sus_good, sus_bad = _validate(sus_items, "suspect" if not within else "document")
    stats = _stats if _stats is not None else {}
    stats["mode"] = "within" if within else "sources"
    stats["suspects"] = len(sus_items)

    # Bad documents are reported first.
    if within:
        for pos, doc_id, msg in sus_bad:
            if doc_id not in skip:
                yield (0, pos), ScreenRow(doc_id, None, ERROR, error=msg)
        src_good = sus_good
        texts = {doc_id: text for _, doc_id, text in sus_good}
    else:
        src_items = _collection(sources, "sources")
        src_good, src_bad = _validate(src_items, "source")
        for pos, doc_id, msg in src_bad:
            if doc_id not in skip:
                yield (0, pos), ScreenRow(None, doc_id, ERROR, error=msg)
        for pos, doc_id, msg in sus_bad:
            if doc_id not in skip:
                yield (1, pos, -1), ScreenRow(doc_id, None, ERROR, error=msg)
        texts = {doc_id: text for _, doc_id, text in src_good}
    stats["sources"] = len(src_good)

    if index is None:
        index = SourceIndex(index_config or IndexConfig())
        errors = index.add_many(((d, t) for _, d, t in src_good), skip_errors=True, progress=progress)
        for doc_id, msg in errors:  # pragma: no cover - _validate catches these first
            yield (0, -1), ScreenRow(None if not within else doc_id, doc_id if not within else None, ERROR, error=msg)

    todo = [item for item in sus_good if item[1] not in skip]
    chunks = [todo[i : i + chunk_size] for i in range(0, len(todo), chunk_size)]
    floor = float(min_similarity)
    if client is None and scheduler is None:
        backend: _Backend = _Local(index)
    else:
        backend = _Dask(index, client, scheduler)
    try:
        if within:
            yield from _run_within(
                backend, chunks, texts, top, floor, det_config, done_pairs, chunk_size, progress, len(todo)
            )
        else:
            yield from _run_sources(backend, chunks, texts, top, floor, det_config, done_pairs, progress, len(todo))
    finally:
        backend.close()


def _run_sources(backend, chunks, texts, top, floor, config, done_pairs, progress, total):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    sus_text = {pos: (doc_id, text) for chunk in chunks for pos, doc_id, text in chunk}
    with tqdm(total=total, desc="screening", unit="doc", disable=not progress, file=sys.stderr) as bar:

        def on_found(found: list[tuple[int, tuple[tuple[str, float], ...]]]) -> tuple[list[Any], list[_Pair]]:
            rows: list[Any] = []
            pairs: list[_Pair] = []
            for pos, cands in found:
                sid, stext = sus_text[pos]
                if isinstance(cands, str):  # the search failed
                    rows.append(((1, pos, 0), ScreenRow(sid, None, ERROR, error=cands)))
                    continue
                if not cands:
                    rows.append(((1, pos, 0), ScreenRow(sid, None, NO_MATCH)))
                for rank, (src_id, sim) in enumerate(cands):
                    if frozenset((sid, src_id)) in done_pairs:
                        continue  # scored by the run being resumed
                    src_text = texts.get(src_id)
                    if src_text is None:
                        rows.append(
                            (
                                (1, pos, rank),
                                ScreenRow(
                                    sid,
                                    src_id,
                                    ERROR,
                                    similarity=sim,
                                    error=f"source {src_id!r} is in the index but its text is not in sources",
                                ),
                            )
                        )
                    else:
                        pairs.append(((1, pos, rank), sid, stext, src_id, src_text, sim))
            return rows, pairs

        for n_docs, keyed in backend.run(chunks, top, floor, False, on_found, config):
            yield from keyed
            bar.update(n_docs)


def _run_within(backend, chunks, texts, top, floor, config, done_pairs, chunk_size, progress, total):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    id_at = {pos: doc_id for chunk in chunks for pos, doc_id, _ in chunk}
    order = {doc_id: pos for pos, doc_id in id_at.items()}
    order.update({doc_id: -1 for doc_id in texts if doc_id not in order})  # skipped (already screened)
    pairs: dict[tuple[str, str], float] = {}
    with tqdm(total=total, desc="finding pairs", unit="doc", disable=not progress, file=sys.stderr) as bar:
        for n_docs, found in backend.find_all(chunks, top, floor):
            for pos, cands in found:
                me = id_at[pos]
                if isinstance(cands, str):  # the search failed
                    yield (0, pos), ScreenRow(me, None, ERROR, error=cands)
                    continue
                for other, sim in cands:
                    a, b = sorted((me, other), key=lambda d: (order.get(d, -1), d))
                    if frozenset((a, b)) not in done_pairs:
                        pairs[(a, b)] = sim
            bar.update(n_docs)
    # Each unordered pair once, the one first in the collection as "a".
    work: list[_Pair] = [
        ((1, order[a], order[b]), a, texts[a], b, texts[b], sim)
        for (a, b), sim in sorted(pairs.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]], kv[0]))
    ]
    batches = [work[i : i + chunk_size] for i in range(0, len(work), chunk_size)]
    with tqdm(total=len(work), desc="scoring pairs", unit="pair", disable=not progress, file=sys.stderr) as bar:
        for n_pairs, keyed in backend.score_all(batches, config):
            yield from keyed
            bar.update(n_pairs)


class _Backend:
    """Where chunks run: here (:class:`_Local`) or on Dask (:class:`_Dask`)."""

    def run(self, chunks, top, floor, within, on_found, config):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def find_all(self, chunks, top, floor):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def score_all(self, batches, config):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def close(self) -> None:
        pass


class _Local(_Backend):
    def __init__(self, index: SourceIndex) -> None:
        self.index = index

    def run(self, chunks, top, floor, within, on_found, config):  # type: ignore[no-untyped-def]
        for chunk in chunks:
            rows, pairs = on_found(_find_chunk(self.index, chunk, top, floor, within))
            yield len(chunk), rows + _score_chunk(pairs, config, within)

    def find_all(self, chunks, top, floor):  # type: ignore[no-untyped-def]
        for chunk in chunks:
            yield len(chunk), _find_chunk(self.index, chunk, top, floor, True)

    def score_all(self, batches, config):  # type: ignore[no-untyped-def]
        for batch in batches:
            yield len(batch), _score_chunk(batch, config, True)


class _Dask(_Backend):
    """Runs chunks on a Dask cluster, a bounded number in flight.

    The index goes to every worker once (``scatter(broadcast=True)``; it
    travels as plain arrays, see :meth:`SourceIndex.__getstate__`, and each
    worker rebuilds its LSH tables on first use). Search tasks get the
    suspects' texts; scoring tasks get the texts of their pairs only.
    """

    def __init__(self, index: SourceIndex | None, client: Any, scheduler: str | None) -> None:
        try:
            import distributed
        except ImportError as exc:
            raise ImportError(_INSTALL_HINT) from exc
        self._as_completed = distributed.as_completed
        self._own = client is None
        if client is None:
            try:
                client = distributed.Client(scheduler)
            except (OSError, ValueError) as exc:
                raise OSError(f"cannot connect to the Dask scheduler at {scheduler!r}: {exc}") from exc
        self.client = client
        workers = client.scheduler_info().get("workers", {})
        threads = sum(w.get("nthreads", 1) for w in workers.values()) or 1
        #: Tasks in flight: enough to keep every thread busy, few enough to
        #: keep the driver's memory flat on big collections.
        self.window = max(4, 3 * threads)
        self.index_future = client.scatter(index, broadcast=True, hash=False) if index is not None else None

    def close(self) -> None:
        if self._own:
            self.client.close()

    def run(self, chunks, top, floor, within, on_found, config):  # type: ignore[no-untyped-def]
        c = self.client
        it = iter(chunks)
        ac = self._as_completed()
        tags: dict[str, Any] = {}

        def submit_find() -> None:
            chunk = next(it, None)
            if chunk is not None:
                fut = c.submit(_find_chunk_on_worker, self.index_future, chunk, top, floor, within, pure=False)
                tags[fut.key] = ("find", len(chunk), None)
                ac.add(fut)

        for _ in range(self.window):
            submit_find()
        for fut in ac:
            kind, n, rows = tags.pop(fut.key)
            result = fut.result()
            if kind == "find":
                rows, pairs = on_found(result)
                if pairs:
                    fut2 = c.submit(_score_chunk, pairs, config, within, pure=False)
                    tags[fut2.key] = ("score", n, rows)
                    ac.add(fut2)
                    continue
                yield n, rows
            else:
                yield n, rows + result
            submit_find()

    def _map(self, batches: Iterable[list[Any]], submit_one: Any) -> Iterator[tuple[int, Any]]:
        """``(len(batch), result)`` in completion order, ``window`` in flight."""
        it = iter(batches)
        ac = self._as_completed()
        sizes: dict[str, int] = {}

        def submit() -> None:
            batch = next(it, None)
            if batch is not None:
                fut = submit_one(batch)
                sizes[fut.key] = len(batch)
                ac.add(fut)

        for _ in range(self.window):
            submit()
        for fut in ac:
            n = sizes.pop(fut.key)
            result = fut.result()
            yield n, result
            submit()

    def find_all(self, chunks, top, floor):  # type: ignore[no-untyped-def]
        c, index = self.client, self.index_future
        return self._map(
            chunks, lambda chunk: c.submit(_find_chunk_on_worker, index, chunk, top, floor, True, pure=False)
        )

    def score_all(self, batches, config):  # type: ignore[no-untyped-def]
        c = self.client
        return self._map(batches, lambda batch: c.submit(_score_chunk, batch, config, True, pure=False))


# -- writing and resuming -----------------------------------------------------------------

#: CSV cells a spreadsheet would run as a formula start with one of these
#: (OWASP, "CSV Injection"). Such cells are written with a ``'`` in front,
#: as are cells that already start with ``'`` before one of them, so that
#: :func:`read_rows` strips exactly one ``'`` and every value round-trips.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED_FORMULA = re.compile(r"'+[=+\-@\t\r]")

#: csv's field size limit while reading rows back: the default (131,072
#: characters) refuses long ids. 2**31 - 1 is the largest a C long holds on
#: every platform (sys.maxsize overflows on Windows); the file is in memory
#: anyway.
_CSV_FIELD_LIMIT = 2**31 - 1
_CSV_LOCK = threading.Lock()


def _csv_cell(value: Any) -> Any:
    """A row value as written to CSV: None as "", formulas escaped."""
    if value is None:
        return ""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def _csv_value(cell: Any) -> Any:
    """Inverse of :func:`_csv_cell` for a cell read back."""
    if isinstance(cell, str) and _ESCAPED_FORMULA.match(cell):
        return cell[1:]
    return cell


def _is_regular(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file (following symlinks). Only those
    are read back to resume: reading a terminal, pipe or FIFO blocks, and
    /dev/zero or /dev/full never ends."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _complete_length(data: bytes, fmt: str) -> int:
    """Bytes of ``data`` up to the end of its last complete row. In CSV a
    line break inside a quoted cell (an id with a line break) is not the end
    of a row: a row ends at a line break preceded by an even number of ``"``."""
    pos = data.rfind(b"\n")
    if fmt != "csv":
        return pos + 1
    before = data.count(b'"', 0, pos) if pos >= 0 else 0
    while pos >= 0 and before % 2:
        prev = data.rfind(b"\n", 0, pos)
        before -= data.count(b'"', prev + 1, pos)
        pos = prev
    return pos + 1


def infer_format(path: str | os.PathLike[str]) -> Literal["jsonl", "csv"]:
    """ "csv" for a ``.csv`` path, else "jsonl"."""
    return "csv" if str(path).lower().endswith(".csv") else "jsonl"


def read_rows(
    path: str | os.PathLike[str], fmt: Literal["jsonl", "csv"] | None = None, *, row_type: Any = None
) -> list[Any]:
    """Rows already written to ``path`` (to resume a run), as ``row_type``
    (default :class:`ScreenRow`; anything with ``from_dict``). A last row
    cut short by an interrupted run is ignored; any other unreadable line
    raises :class:`ValueError` naming the file and line.

    Every id written by :class:`RowWriter` reads back as it was: JSON Lines
    are split at ``"\\n"`` only (not at U+2028 or other line breaks), CSV
    cells may hold line breaks and any length, and the ``'`` put in front of
    a CSV cell starting like a formula is removed."""
    row_type = row_type or ScreenRow
    kind = getattr(row_type, "KIND", "screen")
    p = Path(path)
    fmt = fmt or infer_format(p)
    data = p.read_bytes()
    complete = data[: _complete_length(data, fmt)]
    try:
        text = complete.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = complete.count(b"\n", 0, exc.start) + 1
        raise ValueError(f"{p}, line {line}: not UTF-8 text; choose another --out or --format") from None
    rows: list[Any] = []
    if fmt == "csv":
        with _CSV_LOCK:
            limit = csv.field_size_limit(_CSV_FIELD_LIMIT)
            try:
                reader = csv.DictReader(io.StringIO(text, newline=""))
                if text and (reader.fieldnames is None or "label" not in reader.fieldnames):
                    raise ValueError(
                        f"{p}: not a spindetect {kind} CSV (no 'label' column); choose another --out or --format"
                    )
                while True:
                    try:
                        rec = next(reader, None)
                    except csv.Error as exc:
                        raise ValueError(f"{p}, line {reader.line_num}: not a {kind} row ({exc})") from None
                    if rec is None:
                        break
                    try:
                        rows.append(row_type.from_dict({k: _csv_value(v) for k, v in rec.items()}))
                    except ValueError as exc:
                        raise ValueError(f"{p}, line {reader.line_num}: {exc}") from None
            finally:
                csv.field_size_limit(limit)
        return rows
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError(f"expected a JSON object, got {type(rec).__name__}")
            rows.append(row_type.from_dict(rec))
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"{p}, line {n}: not a {kind} row ({exc}); choose another --out or --format") from None
    return rows


class RowWriter:
    """Appends rows to a JSONL or CSV file (header written once), one write
    and flush per row, so an interrupted run loses nothing already written.
    A last row cut short by an interrupted run is removed first.

    ``path`` "-" writes to standard output. Only a regular file is read (for
    its header, or a cut last row): a terminal, pipe or device is written to
    only. ``fields`` are the CSV columns: :data:`ROW_FIELDS` for screen rows.

    CSV cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return get a ``'`` in front, so a spreadsheet shows them as text instead
    of running them as formulas (OWASP, "CSV Injection"); :func:`read_rows`
    removes it. Lone surrogates (not valid Unicode) are written as
    ``\\udXXX`` escapes instead of failing. A failed write (disk full, ...)
    raises :class:`OSError` naming the file.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        fmt: Literal["jsonl", "csv"] | None = None,
        *,
        fields: tuple[str, ...] = ROW_FIELDS,
    ) -> None:
        self.path = str(path)
        self.fields = fields
        self.fmt = fmt or infer_format(self.path)
        if self.fmt not in ("jsonl", "csv"):
            raise ValueError(f"format must be 'jsonl' or 'csv', got {self.fmt!r}")
        self._fh: Any = None
        self.count = 0

    def check(self) -> None:
        """Raise ValueError if the rows cannot be appended to the file: a CSV
        file whose header is not this writer's ``fields`` (an older
        spindetect's, or another command's rows). Run by ``__enter__``
        before the file is touched."""
        p = Path(self.path)
        if self.path == "-" or self.fmt != "csv" or not _is_regular(p) or not p.stat().st_size:
            return
        with open(p, encoding="utf-8", errors="replace", newline="") as fh:
            header = next(csv.reader(io.StringIO(fh.readline(1 << 16), newline="")), [])
        if tuple(header) != tuple(self.fields):
            raise ValueError(
                f"{p} has the columns {','.join(header)}, but these rows have {','.join(self.fields)} "
                "(written by another spindetect version or command?): write to a new file"
            )

    def __enter__(self) -> RowWriter:
        self.check()
        if self.path == "-":
            self._fh = sys.stdout
            new = True
        else:
            p = Path(self.path)
            regular = _is_regular(p)
            if regular and p.stat().st_size:
                _drop_partial_row(p, self.fmt)
            new = not regular or p.stat().st_size == 0
            self._fh = open(p, "a", encoding="utf-8", newline="")
        if self.fmt == "csv" and new:
            self._put(self._csv_line(self.fields))
        return self

    @staticmethod
    def _csv_line(cells: Iterable[Any]) -> str:
        cells = list(cells)
        # csv quotes a cell holding "\n" (the line terminator) but not one holding
        # a lone "\r", which readers take for a line break: quote every cell then.
        bare_cr = any(isinstance(c, str) and "\r" in c for c in cells)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL if bare_cr else csv.QUOTE_MINIMAL).writerow(cells)
        return buf.getvalue()

    def _put(self, line: str) -> None:
        """One write and one flush; OSError naming the file on failure."""
        try:
            self._fh.write(line)
            self._fh.flush()
        except OSError as exc:
            where = "standard output" if self.path == "-" else self.path
            raise OSError(f"cannot write rows to {where}: {exc.strerror or exc}") from exc

    def write(self, row: Any) -> None:
        """Append one row (a :class:`ScreenRow`, or any row whose ``to_dict``
        has this writer's ``fields``)."""
        rec = row.to_dict()
        if self.fmt == "csv":
            line = self._csv_line(_csv_cell(rec.get(name)) for name in self.fields)
        else:
            line = json.dumps(rec, ensure_ascii=False) + "\n"
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: no UTF-8 file can hold them
            line = line.encode("utf-8", "backslashreplace").decode("utf-8")
        self._put(line)
        self.count += 1

    def __exit__(self, *exc: Any) -> None:
        if self._fh is not None and self._fh is not sys.stdout:
            fh, self._fh = self._fh, None
            try:
                fh.close()
            except OSError as err:
                if exc[0] is None:
                    raise OSError(f"cannot write rows to {self.path}: {err.strerror or err}") from err
                # already failing (e.g. the disk is full): the first error is the one to report


def _drop_partial_row(path: Path, fmt: str = "jsonl") -> None:
    """Cut a last row left unfinished by an interrupted run (see :func:`_complete_length`)."""
    with open(path, "rb+") as fh:
        data = fh.read()
        keep = _complete_length(data, fmt)
        if keep == len(data):
            return
        fh.truncate(keep)
    logger.warning("%s: removed a last row cut short by an interrupted run", path)
