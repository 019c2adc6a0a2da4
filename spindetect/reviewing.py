"""Scan and score documents as users have them: PDF, DOCX, HTML, JATS,
LaTeX or plain text files.

:func:`scan_document` reads a file (:func:`spindetect.read_document`),
scans its prose, and says what it skipped:

* references, code, tables, equations and page furniture are blanked
  before scanning (same offsets), so they neither add evidence nor words;
* quoted phrases and block quotations are blanked too, so a text *about*
  tortured phrases that quotes them is not called spun; the phrases found
  inside them are listed as ``quoted``.

Every span of the result points into :attr:`DocumentText.text`, the
extracted text its views show. :func:`score_documents` does the same for a
pair. Both results have ``to_html(path)`` and ``to_frame()``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .documents.model import DocumentText, blank
from .documents.reader import read_document
from .files import InputError
from .reporting.frames import phrases_frame, swaps_frame
from .reporting.html import pair_html, scan_html, write_html
from .scanning.report import ScanReport, SuspectPhrase
from .scanning.scanner import Scanner, default_scanner
from .scoring.detector import Detector, default_detector
from .scoring.report import STR_MAX_PAIRS, SpinReport
from .text import check_english as english
from .text import not_prose, prepare

__all__ = [
    "DocumentPair",
    "DocumentScan",
    "check_english",
    "scan_details",
    "scan_document",
    "score_documents",
    "screen_details",
]


def _document(source: Any) -> DocumentText:
    if isinstance(source, DocumentText):
        return source
    if isinstance(source, (str, os.PathLike)):
        return read_document(source)
    raise TypeError(
        f"expected a path or a DocumentText, not {type(source).__name__}: for a string of text, use "
        "spindetect.documents.document_from_text(text)"
    )


def _prose(doc: DocumentText, *, quoted: bool = False) -> str:
    prose = doc.prose(quoted=quoted)
    if not prose.strip() or not any(c.isalpha() for c in prose):
        raise InputError(
            f"{doc.name} has no prose left once references, code, tables, equations and quotations are set aside"
        )
    return prose


@dataclass(frozen=True)
class DocumentScan:
    """:func:`scan_document`'s result.

    Attributes:
        document: the document read, whose ``text`` every span points into.
        report: the scan of its prose (verdict, phrases, features).
        quoted: suspect phrases inside quotations: listed, not counted.
    """

    document: DocumentText
    report: ScanReport
    quoted: tuple[SuspectPhrase, ...] = ()

    @property
    def label(self) -> str:
        return self.report.label

    @property
    def probability(self) -> float:
        return self.report.probability

    @property
    def phrases(self) -> tuple[SuspectPhrase, ...]:
        return self.report.phrases

    def __repr__(self) -> str:
        return (
            f"DocumentScan({self.document.name!r}, label={self.label!r}, probability={self.probability:.3f}, "
            f"phrases={len(self.phrases)}, quoted={len(self.quoted)})"
        )

    def __str__(self) -> str:
        doc = self.document
        lines = [f"{doc.name}: read as {doc.format}" + (f", {doc.pages} pages" if doc.pages is not None else "")]
        summary = doc.skipped_summary()
        if summary:
            lines.append("  not scored: " + ", ".join(f"{k} ({n:,} characters)" for k, n in sorted(summary.items())))
        lines += [f"  note: {n}" for n in doc.notes]
        lines.append(str(self.report))
        if self.quoted:
            lines.append(f"  quoted, not counted ({len(self.quoted)}):")
            lines += [f"  [{p.text}]" + (f" -> {p.suggestion}" if p.suggestion else "") for p in self.quoted]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The report's dict, with ``document`` (file, format, regions,
        notes, the text spans point into) and ``quoted`` phrases."""
        out = self.report.to_dict()
        out["quoted"] = [p.to_dict() for p in self.quoted]
        out["document"] = self.document.to_dict()
        return out

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """One self-contained HTML page (see :mod:`spindetect.reporting.html`); written to ``path`` if given."""
        return write_html(scan_html(self.report, document=self.document, quoted=self.quoted), path)

    def to_frame(self) -> Any:
        """The phrases as a pandas DataFrame, quoted ones included (column ``quoted``)."""
        return phrases_frame(self.report.phrases, self.quoted)


def scan_document(source: str | os.PathLike[str] | DocumentText, *, scanner: Scanner | None = None) -> DocumentScan:
    """Read (if given a path) and scan a document; see the module docstring.

    Raises :class:`~spindetect.files.InputError` for a file that cannot be
    read, ValueError for a text the scanner refuses (not English).
    """
    doc = _document(source)
    scanner = scanner or default_scanner()
    report = scanner.scan(_prose(doc))
    quoted: tuple[SuspectPhrase, ...] = ()
    if doc.quoted:
        spans = [(r.start, r.end) for r in doc.quoted]
        full = scanner.scan(_prose(doc, quoted=True))
        # scan lists the phrases inside short quotations apart (ScanReport.quoted)
        found = sorted((*full.phrases, *full.quoted), key=lambda p: p.span)
        quoted = tuple(p for p in found if any(a < p.span[1] and p.span[0] < b for a, b in spans))
    return DocumentScan(doc, report, quoted)


@dataclass(frozen=True)
class DocumentPair:
    """:func:`score_documents`'s result: the two documents and the pair report
    (spans in ``a.text`` and ``b.text``)."""

    a: DocumentText
    b: DocumentText
    report: SpinReport

    @property
    def label(self) -> str:
        return self.report.label

    @property
    def probability(self) -> float:
        return self.report.probability

    def __repr__(self) -> str:
        return (
            f"DocumentPair({self.a.name!r}, {self.b.name!r}, label={self.label!r}, probability={self.probability:.3f})"
        )

    def __str__(self) -> str:
        lines = []
        for side, doc in (("a", self.a), ("b", self.b)):
            summary = doc.skipped_summary()
            skipped = (
                (
                    "; not scored: "
                    + ", ".join(f"{k} ({n:,} chars)" for k, n in sorted(summary.items()))
                    + ", shown in {braces}"
                )
                if summary
                else ""
            )
            lines.append(f"{side}: {doc.name} ({doc.format}{skipped})")
            lines += [f"  note: {n}" for n in doc.notes]
        lines.append(_pair_view(self.report, {"a": self.a, "b": self.b}))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        out = self.report.to_dict()
        out["documents"] = {"a": self.a.to_dict(), "b": self.b.to_dict()}
        return out

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """One self-contained HTML page with every sentence pair; written to ``path`` if given."""
        return write_html(pair_html(self.report, names=(self.a.name, self.b.name), documents=(self.a, self.b)), path)

    def to_frame(self) -> Any:
        """The swaps as a pandas DataFrame."""
        return swaps_frame(self.report.swaps)


def _marked_line(text: str, span: tuple[int, int], swaps: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> str:
    """``text[span]`` on one line: ``[...]`` around each swap, ``{...}``
    around each stretch not scored (quoted, code, ...: shown as written)."""
    a, b = span
    events = sorted(
        [(s, e, "[", "]") for s, e in swaps if a <= s < e <= b]
        + [(max(s, a), min(e, b), "{", "}") for s, e in quoted if s < b and a < e]
    )
    out, pos = [], a
    for s, e, left, right in events:
        if s < pos:
            continue
        out += [text[pos:s], left, text[s:e], right]
        pos = e
    out.append(text[pos:b])
    return " ".join("".join(out).split())


def _pair_view(report: SpinReport, docs: dict[str, DocumentText]) -> str:
    """``str(report)`` with each side's text as the user gave it: the
    stretches blanked before scoring (quoted phrases, code, ...) are shown
    in ``{...}``, not as blanks."""
    head = str(report).split("\n\n", 1)[0]
    src_side = report.source_side
    sus_side = "b" if src_side == "a" else "a"
    sides = ((src_side, "SRC", report.alignment.source), (sus_side, "SUS", report.alignment.suspect))
    lines = [head]
    for k, p in enumerate(report.sentence_pairs[:STR_MAX_PAIRS]):
        swaps = [sw for sw in report.swaps if sw.pair == k]
        lines += [
            "",
            f"pair {k}: {src_side}{list(range(*p.src))} ~ {sus_side}{list(range(*p.sus))}, similarity {p.similarity:.2f}",
        ]
        for side, tag, prepared in sides:
            doc = docs[side]
            rng = p.src if tag == "SRC" else p.sus
            span = prepared.span(prepared.sentences[rng[0]][0], prepared.sentences[rng[1] - 1][1])
            marks = [sw.source_span if tag == "SRC" else sw.suspect_span for sw in swaps]
            # the document's text has the scored text's length and offsets (regions blanked in place)
            text = doc.text if len(doc.text) == len(prepared.text) else prepared.text
            quoted = [(r.start, r.end) for r in doc.regions] if text is doc.text else []
            lines.append(f"{tag} ({side}): " + _marked_line(text, span, marks, quoted))
    rest = len(report.sentence_pairs) - STR_MAX_PAIRS
    if rest > 0:
        lines.append(f"... {rest} more sentence pairs")
    return "\n".join(lines)


def check_english(doc: DocumentText) -> None:
    """Raise ValueError naming the document if its prose (references, code,
    tables and the like left out) is not English: the check `scan` makes,
    :func:`spindetect.text.check_english`, without loading the scanner's
    models (they took 1.6 s on a cold start)."""
    text = _prose(doc)
    prepared = prepare(blank(text, not_prose(text)) if not_prose(text) else text, name=doc.name)
    english(prepared, label=f"{doc.name}: text")


def score_documents(
    a: str | os.PathLike[str] | DocumentText,
    b: str | os.PathLike[str] | DocumentText,
    *,
    detector: Detector | None = None,
    check_language: bool = False,
) -> DocumentPair:
    """Read (if given paths) and score two documents, each without what is not its prose.

    With ``check_language``, a document that is not English raises
    ValueError (as :func:`spindetect.scan` does).
    """
    da, db = _document(a), _document(b)
    if check_language:
        check_english(da)
        check_english(db)
    report = (detector or default_detector()).score(_prose(da), _prose(db))
    return DocumentPair(da, db, report)


def _top(rows: Sequence[Any], top: int) -> list[Any]:
    """The rows shown in detail: spun first, then by P(spun)."""
    scored = [r for r in rows if r.probability is not None]
    return sorted(scored, key=lambda r: (r.label != "spun", -r.probability))[:top]


def scan_details(
    rows: Sequence[Any], texts: Iterable[tuple[str, Any]], *, scanner: Scanner | None = None, top: int = 25
) -> dict[str, ScanReport]:
    """Scan reports of the ``top`` rows of a collection scan (spun first,
    then by P(spun)), for ``ScanRows.to_html(details=...)``; ``texts`` are
    the collection's ``(id, text)`` pairs."""
    scanner = scanner or default_scanner()
    by_id = {doc_id: text for doc_id, text in texts if isinstance(text, str)}
    out: dict[str, ScanReport] = {}
    for row in _top(rows, top):
        if row.id in by_id:
            try:
                out[row.id] = scanner.scan(by_id[row.id])
            except (TypeError, ValueError):
                continue
    return out


def screen_details(
    rows: Sequence[Any],
    suspects: Iterable[tuple[str, Any]],
    sources: Iterable[tuple[str, Any]] | None = None,
    *,
    detector: Detector | None = None,
    top: int = 25,
) -> dict[tuple[str, str], SpinReport]:
    """Pair reports (source, suspect) of the ``top`` rows of a screening run
    (spun first, then by P(spun)), for ``ScreenResult.to_html(details=...)``."""
    detector = detector or default_detector()
    sus = {i: t for i, t in suspects if isinstance(t, str)}
    src = sus if sources is None else {i: t for i, t in sources if isinstance(t, str)}
    out: dict[tuple[str, str], SpinReport] = {}
    for row in _top([r for r in rows if r.source_id is not None], top):
        a, b = sus.get(row.suspect_id), src.get(row.source_id)
        if a is not None and b is not None:
            try:
                out[(row.suspect_id, row.source_id)] = detector.score(b, a)
            except (TypeError, ValueError):
                continue
    return out
