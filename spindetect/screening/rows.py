"""Rows: the output of screening and scanning runs, written as they come.

:class:`ScreenRow` is one screened pair (or a suspect without a match, or
a bad document); :class:`ScreenResult` the rows of a whole run.
:class:`RowWriter` writes rows to JSON Lines or CSV as they come and
:func:`read_rows` reads them back to resume a run; any id round-trips. CSV
cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) are written with a ``'`` in
front, which :func:`read_rows` removes.

Other row types (:class:`~spindetect.screening.batch_scan.ScanRow`) are
written and read by the same functions: a row type has ``to_dict`` (built
with :func:`row_to_dict`), a ``from_dict`` classmethod (reading its fields
with :func:`field_readers`) and, optionally, a ``KIND`` named in messages.

>>> row = ScreenRow("copy", "orig", "spun", probability=0.9731234567, density=0.4, similarity=1.0, spun_id="copy")
>>> row.to_dict()["probability"]
0.973123
>>> ScreenRow.from_dict({"suspect_id": "copy", "source_id": "", "label": "no-match"})
ScreenRow(suspect_id='copy', source_id=None, label='no-match', probability=None, density=None, similarity=None, spun_id=None, error=None, source_duplicates=())
"""

from __future__ import annotations

import csv
import html
import io
import json
import logging
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .messages import clip, json_type, short

__all__ = [
    "ERROR",
    "NO_MATCH",
    "ROW_FIELDS",
    "RowWriter",
    "ScreenResult",
    "ScreenRow",
    "field_readers",
    "infer_format",
    "is_regular",
    "read_rows",
    "row_to_dict",
]

logger = logging.getLogger("spindetect")

#: Label of a suspect for which no candidate source reached the similarity floor.
NO_MATCH = "no-match"
#: Label of a row reporting a bad document or a failed comparison.
ERROR = "error"

#: Columns of an output row, in order.
ROW_FIELDS = ("suspect_id", "source_id", "label", "probability", "density", "similarity", "spun_id", "error")


# -- rows and results -------------------------------------------------------------


def row_to_dict(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """A row's ``fields`` (attributes) as a JSON-safe dict, floats rounded
    to 6 places: the ``to_dict`` of every row type."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(row, name)
        out[name] = round(value, 6) if isinstance(value, float) else value
    return out


def field_readers(
    data: Mapping[str, Any],
) -> tuple[Callable[[str], str | None], Callable[[str], float | None]]:
    """``text(name)`` and ``number(name)``: the field ``name`` of a row read
    back from JSON or CSV (where every value is a string and None is ""), as
    a str or a float, None when missing or empty. Used by ``from_dict``."""

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
        similarity: skeleton similarity of the pair (see :mod:`spindetect.screening.shingles`).
        spun_id: the id of the spun copy when the label is "spun" (the
            suspect, or the source when the "source" is the spun one).
        error: what went wrong, for error rows.
        source_duplicates: other sources that are near duplicates of
            ``source_id`` (:attr:`spindetect.screening.index.Match.duplicates`:
            the same story published twice), equally likely the original;
            empty when there are none. In ``to_dict()`` and JSON Lines rows
            as a list; not a CSV column (CSV rows keep :data:`ROW_FIELDS`, so
            a run written before resumes).
    """

    suspect_id: str | None
    source_id: str | None
    label: str
    probability: float | None = None
    density: float | None = None
    similarity: float | None = None
    spun_id: str | None = None
    error: str | None = None
    source_duplicates: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict with the keys of :data:`ROW_FIELDS`, then ``source_duplicates`` (a list)."""
        out = row_to_dict(self, ROW_FIELDS)
        out["source_duplicates"] = list(self.source_duplicates)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScreenRow:
        """Inverse of :meth:`to_dict`; also reads CSV rows (strings, "" for None)."""
        text, number = field_readers(data)
        label = text("label")
        if label is None:
            raise ValueError(f"row has no label: {short(dict(data), 120)}")
        return cls(
            suspect_id=text("suspect_id"),
            source_id=text("source_id"),
            label=label,
            probability=number("probability"),
            density=number("density"),
            similarity=number("similarity"),
            spun_id=text("spun_id"),
            error=text("error"),
            source_duplicates=_id_list(data.get("source_duplicates")),
        )

    def __str__(self) -> str:
        if self.label == ERROR:
            who = self.suspect_id if self.suspect_id is not None else self.source_id
            return f"{who}: error: {self.error}"
        if self.label == NO_MATCH:
            return f"{self.suspect_id}: no candidate source"
        spun = f", spun copy: {self.spun_id}" if self.spun_id else ""
        dup = f"; near duplicates of the source: {', '.join(self.source_duplicates)}" if self.source_duplicates else ""
        return (
            f"{self.suspect_id} <- {self.source_id}: {self.label} (P(spun)={self.probability:.2f}{spun}; "
            f"density {self.density:.2f}, similarity {self.similarity:.2f}{dup})"
        )


def _id_list(value: Any) -> tuple[str, ...]:
    """``source_duplicates`` read back: a list of ids (JSON Lines), a JSON
    list in a string, or nothing."""
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return ()


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

    def to_html(self, path: Any = None, *, details: Any = None) -> str:
        """One self-contained HTML page: rows sorted by P(spun), linking to
        the pair reports in ``details`` (``{(suspect_id, source_id): SpinReport}``)
        shown below them; written to ``path`` if given."""
        from ..reporting.html import collection_html, write_html

        return write_html(collection_html(self.rows, kind="screen", details=details), path)

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame, columns :data:`ROW_FIELDS`."""
        from ..reporting.frames import rows_frame

        return rows_frame(self.rows, ROW_FIELDS)


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


def is_regular(path: str | os.PathLike[str]) -> bool:
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
                        raise ValueError(
                            f"{p}, line {reader.line_num}: not a {kind} row ({clip(str(exc), 200)})"
                        ) from None
                    if rec is None:
                        break
                    try:
                        rows.append(row_type.from_dict({k: _csv_value(v) for k, v in rec.items()}))
                    except ValueError as exc:
                        raise ValueError(f"{p}, line {reader.line_num}: {clip(str(exc), 200)}") from None
            finally:
                csv.field_size_limit(limit)
        return rows
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError(f"expected a JSON object, got {json_type(rec)}")
            rows.append(row_type.from_dict(rec))
        except (ValueError, RecursionError) as exc:
            raise ValueError(
                f"{p}, line {n}: not a {kind} row ({clip(str(exc), 200)}); choose another --out or --format"
            ) from None
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
        if self.path == "-" or self.fmt != "csv" or not is_regular(p) or not p.stat().st_size:
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
            regular = is_regular(p)
            if regular and p.stat().st_size:
                _drop_partial_row(p, self.fmt)
            new = not regular or p.stat().st_size == 0
            try:
                self._fh = open(p, "a", encoding="utf-8", newline="")
            except OSError as exc:  # a folder, no permission: named as a failed write is
                raise OSError(f"cannot write rows to {self.path}: {exc.strerror or exc}") from exc
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
        """One write and one flush; OSError naming the file on failure. A
        closed pipe (:class:`BrokenPipeError`: standard output piped into
        ``head``, which stopped reading) is raised as it is: the reader is
        done, which is no failure of the run."""
        try:
            self._fh.write(line)
            self._fh.flush()
        except BrokenPipeError:
            raise
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


def _drop_partial_row(path: Path, fmt: str) -> None:
    """Cut a last row left unfinished by an interrupted run (see :func:`_complete_length`)."""
    with open(path, "rb+") as fh:
        data = fh.read()
        keep = _complete_length(data, fmt)
        if keep == len(data):
            return
        fh.truncate(keep)
    logger.warning("%s: removed a last row cut short by an interrupted run", path)
