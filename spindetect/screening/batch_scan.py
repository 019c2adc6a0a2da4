"""Scan whole collections without sources, here or on a Dask cluster.

:func:`scan_collection` runs :func:`spindetect.scan` on every text of a
collection and returns one :class:`ScanRow` per text, in collection order:

>>> from spindetect import scan_collection
>>> rows = scan_collection({"a": "We train a profound learning model on the data."})
>>> rows[0].id, rows[0].label, rows[0].top
('a', 'spun', 'profound learning -> deep learning')

Collections are what :func:`spindetect.screen` takes: mappings of id to
text, iterables of ``(id, text)`` pairs, or paths (a folder of ``.txt``
files, a ``.jsonl`` file, one ``.txt`` file). A bad document (empty,
binary, not English, duplicate id, or one on which the scanner fails in any
way) never stops a run: it becomes an ``"error"`` row naming the problem.

On Dask (``pip install 'spindetect[scale]'``, in a clone ``pip install -e '.[scale]'``), pass ``client=`` or
``scheduler=``: texts go to the workers in chunks, each worker keeps one
:class:`~spindetect.scanning.scanner.Scanner` (so its caches warm up across chunks), and
a custom lexicon travels in its text format (no pickle). The rows are those
of a local run. ``spindetect scan FOLDER|FILE.jsonl --out rows.jsonl`` is the
command line, resumable like ``spindetect screen``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..resources.lexicon import Lexicon
from .backends import DEFAULT_CHUNK_SIZE, DaskBackend
from .messages import failure, short
from .reading import collection_items, ids_to_skip, validate_collection
from .rows import ERROR, field_readers, row_to_dict

__all__ = ["SCAN_ROW_FIELDS", "ScanRow", "ScanRows", "iter_scan_collection", "scan_collection"]

#: Columns of an output row, in order.
SCAN_ROW_FIELDS = ("id", "label", "probability", "threshold", "phrases", "density", "words", "top", "error")

#: Suspect phrases named in a row's ``top``, strongest first.
TOP_PHRASES = 5


@dataclass(frozen=True, slots=True)
class ScanRow:
    """The source-free verdict on one text of a collection, or one bad document.

    Attributes:
        id: the document.
        label: "spun", "clean", or :data:`~spindetect.screening.rows.ERROR`.
        probability: P(spun) from :func:`spindetect.scan`.
        threshold: the P(spun) from which a text of its length is labelled
            spun (:attr:`spindetect.ScanReport.threshold`; None in rows written
            before it was recorded).
        phrases: how many suspect phrases it has.
        density: weighted suspect phrases per 100 words.
        words: word tokens in the text.
        top: the strongest suspect phrases with their likely originals,
            "phrase -> original; ..." (at most :data:`TOP_PHRASES` different ones).
        error: what went wrong, for error rows.
    """

    KIND = "scan"

    id: str
    label: str
    probability: float | None = None
    threshold: float | None = None
    phrases: int | None = None
    density: float | None = None
    words: int | None = None
    top: str | None = None
    error: str | None = None

    @classmethod
    def from_report(cls, doc_id: str, report: Any) -> ScanRow:
        top: dict[str, None] = {}
        for p in sorted(report.phrases, key=lambda p: (-p.weight, p.span)):
            if len(top) == TOP_PHRASES:
                break
            top.setdefault(str(p), None)
        return cls(
            id=doc_id,
            label=report.label,
            probability=report.probability,
            threshold=report.threshold,
            phrases=len(report.phrases),
            density=report.density,
            words=report.words,
            top="; ".join(top) or None,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict with the keys of :data:`SCAN_ROW_FIELDS`."""
        return row_to_dict(self, SCAN_ROW_FIELDS)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScanRow:
        """Inverse of :meth:`to_dict`; also reads CSV rows (strings, "" for None)."""
        text, number = field_readers(data)
        doc_id, label = text("id"), text("label")
        if doc_id is None or label is None:
            raise ValueError(f"row has no id or no label: {short(dict(data), 120)}")
        phrases, words = number("phrases"), number("words")
        return cls(
            id=doc_id,
            label=label,
            probability=number("probability"),
            threshold=number("threshold"),
            phrases=None if phrases is None else int(phrases),
            density=number("density"),
            words=None if words is None else int(words),
            top=text("top"),
            error=text("error"),
        )

    def __str__(self) -> str:
        if self.label == ERROR:
            return f"{self.id}: error: {self.error}"
        top = f": {self.top}" if self.top else ""
        bar = f", spun from {self.threshold:.2f}" if self.threshold is not None else ""
        return f"{self.id}: {self.label} (P(spun)={self.probability:.2f}{bar}; {self.phrases} suspect phrases{top})"


@functools.lru_cache(maxsize=4)
def _scanner(lexicon_text: str | None) -> Any:
    """One Scanner per process and lexicon (its caches persist across chunks)."""
    from ..scanning.scanner import Scanner

    if lexicon_text is None:
        return Scanner()
    return Scanner(lexicon=Lexicon.loads(lexicon_text, origin="the lexicon passed to scan_collection"))


def _scan_chunk(chunk: list[tuple[int, str, str]], lexicon_text: str | None) -> list[tuple[int, ScanRow]]:
    scanner = _scanner(lexicon_text)
    out = []
    for pos, doc_id, text in chunk:
        try:
            row = ScanRow.from_report(doc_id, scanner.scan(text))
        except (TypeError, ValueError) as exc:  # a text scan() refuses, with its reason
            row = ScanRow(doc_id, ERROR, error=str(exc))
        except Exception as exc:  # anything else: one bad document never stops a run
            row = ScanRow(doc_id, ERROR, error=failure(f"scanning {short(doc_id)}", exc))
        out.append((pos, row))
    return out


def iter_scan_collection(
    texts: Any,
    *,
    lexicon: Lexicon | None = None,
    skip: Iterable[str] | Mapping[str, int] = (),
    client: Any = None,
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool = False,
) -> Iterator[ScanRow]:
    """:func:`scan_collection`, one row at a time as the work completes
    (chunks may finish out of order on Dask). Used by ``spindetect scan`` to
    write rows as they come and to resume. See :func:`scan_collection`."""
    for _, row in _run(texts, lexicon, skip, client, scheduler, chunk_size, progress):
        yield row


def scan_collection(
    texts: Any,
    *,
    lexicon: Lexicon | None = None,
    skip: Iterable[str] | Mapping[str, int] = (),
    client: Any = None,
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool = False,
) -> ScanRows:
    """Scan every text of a collection for spinning, no sources needed.

    Args:
        texts: a mapping of id to text, ``(id, text)`` pairs, or a path (see
            :func:`~spindetect.screening.reading.read_collection`).
        lexicon: the :class:`~spindetect.resources.lexicon.Lexicon` to scan with
            (default: the shipped one).
        skip: ids already scanned (resuming a run): no rows for them. Or a
            mapping of id to how many of its rows are written (e.g. a
            ``collections.Counter`` of the written rows' ids): a duplicate
            id has its document's row and, after every document's row, an
            error row, so a run killed between the two resumes with the
            error row only.
        client: a ``distributed.Client`` to run on; or
        scheduler: a Dask scheduler address to connect to (closed after).
        chunk_size: texts per task.
        progress: show a progress bar (tqdm, on standard error).

    Returns one :class:`ScanRow` per text, in collection order: bad
    documents as :data:`~spindetect.screening.rows.ERROR` rows (a tuple, with
    ``to_html`` and ``to_frame``: :class:`ScanRows`).
    """
    keyed = sorted(_run(texts, lexicon, skip, client, scheduler, chunk_size, progress), key=lambda kr: kr[0])
    return ScanRows(row for _, row in keyed)


def _run(
    texts: Any,
    lexicon: Lexicon | None,
    skip: Iterable[str],
    client: Any,
    scheduler: str | None,
    chunk_size: int,
    progress: bool,
) -> Iterator[tuple[int, ScanRow]]:
    from tqdm import tqdm

    if lexicon is not None and not isinstance(lexicon, Lexicon):
        raise TypeError(f"lexicon must be a Lexicon, not {type(lexicon).__name__}")
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int, got {chunk_size!r}")
    if client is not None and scheduler is not None:
        raise ValueError("pass client= or scheduler=, not both")
    done = _rows_done(skip)
    good, bad = validate_collection(collection_items(texts, "texts"), "document")
    # Bad items' rows come after every good row: a resumed run skips the ids
    # already in --out, so an error row for a duplicate id written before its
    # first occurrence's row would make a killed run's resume skip that
    # document for good (found by a trial: the real text was never scanned).
    # rows are written in this order, so a resumed run skips the first rows of each id
    todo = [item for item in good if not _done(done, item[1])]
    bad_rows = [(pos, ScanRow(doc_id, ERROR, error=msg)) for pos, doc_id, msg in bad if not _done(done, doc_id)]
    chunks = [todo[i : i + chunk_size] for i in range(0, len(todo), chunk_size)]
    lexicon_text = lexicon.dumps() if lexicon is not None else None
    with tqdm(total=len(todo), desc="scanning", unit="doc", disable=not progress, file=sys.stderr) as bar:
        if client is None and scheduler is None:
            for chunk in chunks:
                yield from _scan_chunk(chunk, lexicon_text)
                bar.update(len(chunk))
            yield from bad_rows
            return
        backend = DaskBackend(None, client, scheduler)
        try:
            for n, rows in backend.map(_scan_chunk, chunks, lexicon_text):
                yield from rows
                bar.update(n)
        finally:
            backend.close()
        yield from bad_rows


def _rows_done(skip: Any) -> dict[str, float]:
    """``skip`` as id -> rows already written (an id of a plain collection: all of its rows)."""
    if isinstance(skip, Mapping):
        for n in skip.values():
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise TypeError(f"skip maps ids to the number of their rows written (an int >= 0), got {short(n)}")
        return {doc_id: float(n) for doc_id, n in skip.items()}
    return dict.fromkeys(ids_to_skip(skip, "skip"), float("inf"))


def _done(done: dict[str, float], doc_id: str) -> bool:
    """Whether the next row of ``doc_id`` was written before (counted off)."""
    if done.get(doc_id, 0) <= 0:
        return False
    done[doc_id] -= 1
    return True


class ScanRows(tuple):  # type: ignore[type-arg]
    """The rows of :func:`scan_collection`: a tuple of :class:`ScanRow` with views."""

    __slots__ = ()

    def to_html(self, path: Any = None, *, details: Any = None) -> str:
        """One self-contained HTML page: rows sorted by P(spun), linking to
        the scan reports in ``details`` (``{id: ScanReport}``) shown below
        them; written to ``path`` if given."""
        from ..reporting.html import collection_html, write_html

        return write_html(collection_html(self, kind="scan", details=details), path)

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame, columns :data:`SCAN_ROW_FIELDS`."""
        from ..reporting.frames import rows_frame

        return rows_frame(self, SCAN_ROW_FIELDS)
