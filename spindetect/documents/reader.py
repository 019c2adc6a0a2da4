"""Read a document of any supported format: :func:`read_document`.

The format is sniffed from the content first and the suffix second: a PDF
starts with ``%PDF-``, a DOCX is a ZIP holding ``word/document.xml``, JATS
is XML whose root is ``<article>``, HTML has an ``<html>``/``<body>`` tag or
a doctype, LaTeX a ``\\documentclass``, ``\\begin{document}`` or ``\\section``.
A file whose content is not what its suffix says is read as its content
says, with a note. Everything else is plain text (decoded by
:func:`spindetect.files.decode_bytes`).

The extracted text is then cleaned (:mod:`spindetect.documents.cleanup`)
and its structure found (:mod:`spindetect.documents.structure`); regions
known from the markup are kept.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from ..files import MAX_FILE_BYTES, InputError, decode_bytes, looks_binary
from ..text import check_text
from .cleanup import clean_text
from .latex import read_latex
from .markup import read_html, read_xml
from .model import DocumentText, Extraction, Region
from .office import read_docx
from .pdf import read_pdf
from .structure import find_regions, merge_regions

__all__ = ["DOCUMENT_SUFFIXES", "FORMATS", "MAX_DOCUMENT_BYTES", "document_from_text", "read_document", "sniff"]

#: Longest path taken for one (Linux's PATH_MAX): a longer str given as a path is text.
MAX_PATH_CHARS = 4096
#: Largest PDF or DOCX read, in bytes (text formats: ``MAX_FILE_BYTES``).
#: Scanned pages make PDFs large; 256 MiB holds a 1,000-page scan.
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
#: Formats :func:`read_document` reads.
FORMATS = ("pdf", "docx", "html", "jats", "xml", "latex", "text")
#: Suffixes read as documents in a folder collection (others are skipped and reported).
DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm", ".xhtml", ".xml", ".nxml", ".tex")
_SUFFIX_FORMAT = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "xml",
    ".nxml": "jats",
    ".tex": "latex",
    ".latex": "latex",
    ".txt": "text",
}
_HTML = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
_HTML_TAGS = re.compile(r"</(?:p|div|a|span|li|h[1-6])>", re.I)
_LATEX = re.compile(r"\\documentclass|\\begin\{document\}|\\(?:sub)*section\*?\{")
_XML = re.compile(r"^\s*<\?xml|^\s*<!DOCTYPE\s+article|^\s*<article[\s>]", re.I)


def sniff(data: bytes, suffix: str = "") -> str:
    """The format of a file's bytes (one of :data:`FORMATS`), content first.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"<!DOCTYPE html><p>Hi</p>", ".txt"), sniff(b"Plain words.", ".tex")
    ('pdf', 'html', 'text')
    """
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # read_docx says so if it is another kind of ZIP
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    if _XML.search(text) and not re.search(r"<!doctype html|<html[\s>]", text, re.I):
        return "jats" if re.search(r"<article[\s>]", text) else "xml"
    if _HTML.search(text) or len(_HTML_TAGS.findall(text)) >= 3:
        return "html"
    if _LATEX.search(text) or (suffix.lower() in (".tex", ".latex") and "\\" in text and "{" in text):
        return "latex"
    return "text"


def read_document(path: str | os.PathLike[str], *, name: str | None = None) -> DocumentText:
    """Read a PDF, DOCX, HTML, JATS/XML, LaTeX or plain-text file (``-``:
    standard input) as a :class:`DocumentText`: its text cleaned, with what
    is not prose and what is quoted marked.

    Raises :class:`~spindetect.files.InputError` with a one-line message for
    a file that cannot be read (missing, encrypted or image-only PDF, a ZIP
    that is not a Word document, binary data, empty); a missing optional
    reader names the ``pip install`` to run. A path that is not a str or
    an ``os.PathLike`` of str (bytes, an int file descriptor, None) raises
    TypeError; a str that names no file and holds a line break or is longer
    than a path can be is refused as text (use :func:`document_from_text`).
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)) or isinstance(os.fspath(path), bytes):
        raise TypeError(
            f"read_document takes a path (a str or pathlib.Path) or '-' for standard input, "
            f"not {type(path).__name__}: {path!r:.60}"
        )
    if not os.fspath(path):
        raise InputError("read_document: the path is empty: name a file, or '-' for standard input")
    shown = name or ("standard input" if str(path) == "-" else str(path))
    if str(path) == "-":
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        suffix = ""
    else:
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            text = os.fspath(path)
            if "\n" in text or len(text) > MAX_PATH_CHARS:  # no file of that name: text passed as a path
                raise InputError(
                    f"cannot read {text[:40]!r}... ({len(text):,} characters): it looks like text, not a path; "
                    "for a string of text, use spindetect.documents.document_from_text(text)"
                ) from None
            raise InputError(f"cannot read {shown}: {exc.strerror or exc}") from None
        suffix = Path(path).suffix.lower()
    return read_bytes(data, shown, suffix=suffix)


def read_bytes(data: bytes, name: str, *, suffix: str = "") -> DocumentText:
    """:func:`read_document` for bytes already read (``suffix``: the file's, as a hint)."""
    fmt = sniff(data, suffix)
    notes: list[str] = []
    expected = _SUFFIX_FORMAT.get(suffix)
    if expected and expected != fmt and not (expected == "xml" and fmt == "jats") and not (expected == "text"):
        notes.append(f"{name} is not {expected.upper()} inside, whatever its suffix: read as {fmt}")
    limit = MAX_DOCUMENT_BYTES if fmt in ("pdf", "docx") else MAX_FILE_BYTES
    if len(data) > limit:
        raise InputError(f"{name} is larger than {limit // (1024 * 1024)} MiB: split it first")
    if fmt == "pdf":
        extraction = read_pdf(data, name)
    elif fmt == "docx":
        extraction = read_docx(data, name)
    else:
        if looks_binary(data):
            raise InputError(
                f"{name} looks binary (it contains NUL bytes): pass a text, PDF, DOCX, HTML, XML or LaTeX file"
            )
        text = str(decode_bytes(data, name=name))
        if not text.strip():
            raise InputError(f"{name} is empty")
        if fmt == "html":
            extraction = read_html(text, name)
        elif fmt in ("jats", "xml"):
            extraction, jats = read_xml(text, name)
            fmt = "jats" if jats else "xml"
        elif fmt == "latex":
            extraction = read_latex(text, name)
        else:
            extraction = Extraction(text)
    extraction.notes[:0] = notes
    return _finish(extraction, name, fmt)


def document_from_text(text: str, *, name: str = "text") -> DocumentText:
    """A string read as a plain-text document: clean-up and structure as for a ``.txt`` file."""
    if not isinstance(text, str):
        raise TypeError(f"{name} must be str, not {type(text).__name__}: read files with read_document(path)")
    return _finish(Extraction(text), name, "text")


def _finish(extraction: Extraction, name: str, fmt: str) -> DocumentText:
    raw = extraction.text
    try:
        check_text(raw, name=name)
    except (TypeError, ValueError) as exc:
        raise InputError(str(exc)) from None
    cleaned = clean_text(raw, join_lines=extraction.wrapped)
    text = cleaned.text
    regions = [Region(r.kind, cleaned.clean_offset(r.start), cleaned.clean_offset(r.end)) for r in extraction.regions]
    # plain text and PDF: find references by their heading; markup says where they are
    marked = {r.kind for r in extraction.regions}
    regions += find_regions(text, references="references" not in marked, layout=fmt in ("text", "pdf"))
    if not text.strip():
        raise InputError(f"{name} has no text")
    return DocumentText(
        text=text,
        name=name,
        format=fmt,
        regions=merge_regions(regions),
        pages=extraction.pages,
        notes=tuple(extraction.notes),
        cleanup=cleaned.counts,
        extracted=raw,
        cleaned=cleaned if cleaned.offsets is not None else None,
    )
