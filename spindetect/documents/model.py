"""What a document reader returns: :class:`DocumentText` and its :class:`Region` s."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cleanup import Cleaned

__all__ = ["NOT_PROSE", "QUOTED", "DocumentText", "Extraction", "Region", "TextBuilder", "blank"]

#: Kinds of region that are not the author's prose and are not scored.
NOT_PROSE = ("references", "code", "table", "equation", "page furniture")
#: Kinds of region that are someone else's words, quoted: flagged phrases
#: inside them are listed as quoted and do not count towards the verdict.
#: "mention" is a short quoted phrase ('counterfeit consciousness'), a
#: phrase talked about rather than used; "quotation" a block quotation.
QUOTED = ("mention", "quotation")


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of a document's text that is not scored as prose.

    Attributes:
        kind: one of :data:`NOT_PROSE` or :data:`QUOTED`.
        start, end: character offsets in :attr:`DocumentText.text`.
    """

    kind: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "span": [self.start, self.end]}


@dataclass
class Extraction:
    """What a format's reader takes out of a file, before clean-up.

    Attributes:
        text: the text, paragraphs separated by blank lines.
        regions: regions known from the markup, offsets into ``text``.
        pages: pages read (PDF).
        notes: one line per thing the reader skipped or doubted.
        wrapped: whether every line of ``text`` ends in a hard break (PDF):
            clean-up then joins lines inside paragraphs.
    """

    text: str
    regions: list[Region] = field(default_factory=list)
    pages: int | None = None
    notes: list[str] = field(default_factory=list)
    wrapped: bool = False


class TextBuilder:
    """Text written piece by piece by a reader of marked-up text, with the
    regions the markup names (``open``/``close`` around a table, code, ...)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.regions: list[Region] = []
        self._open: list[tuple[str, int]] = []

    def write(self, s: str) -> None:
        if s:
            self.pieces.append(s)
            self.length += len(s)

    def tail(self, n: int = 2) -> str:
        return "".join(self.pieces[-4:])[-n:]

    def space(self) -> None:
        """A space, unless the text ends in whitespace."""
        if self.length and not self.tail(1).isspace():
            self.write(" ")

    def paragraph(self) -> None:
        """End the paragraph: a blank line, unless there is one."""
        if self.length:
            end = self.tail(2)
            self.write("\n\n" if not end.endswith("\n") else ("" if end == "\n\n" else "\n"))

    def line(self) -> None:
        if self.length and not self.tail(1) == "\n":
            self.write("\n")

    def open(self, kind: str) -> None:
        self._open.append((kind, self.length))

    def close(self, kind: str) -> None:
        for k in range(len(self._open) - 1, -1, -1):
            if self._open[k][0] == kind:
                _, start = self._open.pop(k)
                if self.length > start:
                    self.regions.append(Region(kind, start, self.length))
                return

    def extraction(self, **kwargs: Any) -> Extraction:
        while self._open:
            self.close(self._open[-1][0])
        return Extraction("".join(self.pieces), self.regions, **kwargs)


def blank(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    """``text`` with each span replaced by spaces (line breaks kept), so
    offsets do not move.

    >>> blank("keep [drop\\nthis] keep", [(5, 16)])
    'keep      \\n      keep'
    """
    if not spans:
        return text
    pieces, pos = [], 0
    for a, b in sorted(spans):
        a = max(a, pos)
        if b <= a:
            continue
        pieces.append(text[pos:a])
        pieces.append("".join("\n" if c == "\n" else " " for c in text[a:b]))
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


@dataclass(frozen=True)
class DocumentText:
    """A document's text as read from its file, cleaned, with its structure.

    Reports made from it (:func:`spindetect.scan_document`) point into
    :attr:`text`: the text shown in their HTML view and given in their JSON.

    Attributes:
        text: the extracted text after clean-up (see
            :mod:`spindetect.documents.cleanup`).
        name: the file it was read from ("text" for a string).
        format: "pdf", "docx", "html", "jats", "xml", "latex" or "text".
        regions: the parts of ``text`` not scored as prose (references,
            code, tables, equations, page furniture) and quoted parts, in order.
        pages: pages read (PDF), else None.
        notes: what the reader had to say, one line each (pages without a
            text layer, pages not read, a file whose content is not what its
            suffix says, LaTeX it could not parse).
        cleanup: how many of each clean-up were made (hyphenation joined,
            ligatures expanded, line breaks joined, ...).
        extracted: the text as the reader extracted it, before clean-up (for
            a plain-text file, the file's text).
        cleaned: the offset map from ``text`` back to ``extracted``.
    """

    text: str
    name: str
    format: str
    regions: tuple[Region, ...] = ()
    pages: int | None = None
    notes: tuple[str, ...] = ()
    cleanup: dict[str, int] = field(default_factory=dict)
    extracted: str = field(default="", repr=False)
    cleaned: Cleaned | None = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        pages = f", {self.pages} pages" if self.pages is not None else ""
        return (
            f"DocumentText({self.name!r}, {self.format}{pages}, {len(self.text):,} chars, "
            f"{len(self.skipped)} skipped, {len(self.quoted)} quoted)"
        )

    @property
    def skipped(self) -> tuple[Region, ...]:
        """Regions that are not prose (:data:`NOT_PROSE`)."""
        return tuple(r for r in self.regions if r.kind in NOT_PROSE)

    @property
    def quoted(self) -> tuple[Region, ...]:
        """Quoted regions (:data:`QUOTED`)."""
        return tuple(r for r in self.regions if r.kind in QUOTED)

    def prose(self, *, quoted: bool = False) -> str:
        """``text`` with every region blanked (same length, same offsets);
        with ``quoted=True`` the quoted regions are kept."""
        kinds = NOT_PROSE if quoted else NOT_PROSE + QUOTED
        return blank(self.text, [(r.start, r.end) for r in self.regions if r.kind in kinds])

    def region_at(self, span: tuple[int, int]) -> Region | None:
        """The region a span of ``text`` lies in, if any."""
        a, b = span
        return next((r for r in self.regions if r.start <= a and b <= r.end), None)

    def extracted_span(self, span: tuple[int, int]) -> tuple[int, int]:
        """The span of :attr:`extracted` that ``text[span]`` came from."""
        return span if self.cleaned is None else self.cleaned.original_span(span)

    def skipped_summary(self) -> dict[str, int]:
        """Characters skipped per kind of region (quoted ones included)."""
        out: dict[str, int] = {}
        for r in self.regions:
            out[r.kind] = out.get(r.kind, 0) + (r.end - r.start)
        return out

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """JSON-safe: name, format, pages, notes, clean-ups, regions and
        (``with_text``) the text that spans point into."""
        out: dict[str, Any] = {
            "file": self.name,
            "format": self.format,
            "pages": self.pages,
            "notes": list(self.notes),
            "cleanup": dict(self.cleanup),
            "regions": [r.to_dict() for r in self.regions],
            "skipped_chars": self.skipped_summary(),
        }
        if with_text:
            out["text"] = self.text
        return out
