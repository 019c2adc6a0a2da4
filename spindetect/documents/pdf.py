"""PDF text with pypdf (BSD-3-Clause, pure Python; ``pip install 'spindetect[pdf]'``, in a clone ``pip install -e '.[pdf]'``).

Each page's text layer is read in order; a page without one (a scan) is
noted, and a file with none at all is refused with what to do (OCR).
Encrypted files are opened when they open with an empty password (many
"protected" PDFs only forbid printing), else refused. Reading stops after
:data:`MAX_EXTRACT_SECONDS`, noting the pages not read: a 300-page file
gives a result, never a hang. Lines that repeat at the top or bottom of
most pages (running heads, page numbers) are page furniture.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
from collections import Counter
from collections.abc import Iterator

from ..files import InputError, install_hint
from .model import Extraction, Region

__all__ = ["MAX_EXTRACT_SECONDS", "read_pdf"]

#: Longest time spent extracting one PDF's text; pages after it are noted as
#: not read. pypdf reads about 25 pages a second of a text PDF on one core
#: (benchmarks/documents.py), so this is about 1,500 pages.
MAX_EXTRACT_SECONDS = 60.0
#: A page with fewer letters than this has no text layer to speak of.
MIN_PAGE_LETTERS = 20

_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every oddity of a file as a warning; its notes are ours to give."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _pypdf():  # type: ignore[no-untyped-def]
    try:
        import pypdf
    except ImportError:
        raise InputError(f"reading PDF needs pypdf: {install_hint('pdf')}") from None
    return pypdf


def read_pdf(data: bytes, name: str, *, max_seconds: float = MAX_EXTRACT_SECONDS) -> Extraction:
    """The text of a PDF's pages; see the module docstring. Raises
    :class:`~spindetect.files.InputError` (one line) for an encrypted,
    corrupt or image-only file."""
    pypdf = _pypdf()
    with _quiet_pypdf():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception:  # noqa: BLE001 - an unsupported cipher (pypdf needs `cryptography` for AES)
                    opened = 0
                if not opened:
                    raise InputError(
                        f"{name} is encrypted (password protected): save an unprotected copy and scan that"
                    )
            pages = reader.pages
            n = len(pages)
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
            raise InputError(f"{name} is not a readable PDF ({type(exc).__name__}: {_short(exc)})") from None
        texts: list[str] = []
        notes: list[str] = []
        empty: list[int] = []
        failed: list[int] = []
        started = time.monotonic()
        for k in range(n):
            if k and time.monotonic() - started > max_seconds:
                notes.append(f"pages {k + 1}-{n} of {n} not read: text extraction stopped after {max_seconds:.0f} s")
                break
            try:
                page_text = pages[k].extract_text() or ""
            except Exception:  # noqa: BLE001 - one damaged page never stops the file
                page_text = ""
                failed.append(k + 1)
            if len(_LETTER.findall(page_text)) < MIN_PAGE_LETTERS:
                empty.append(k + 1)
            texts.append(page_text)
    if failed:
        notes.append(f"{_pages(failed)} could not be read (damaged)")
    if texts and len(empty) == len(texts):
        raise InputError(
            f"{name} has no text layer on any of its {n} page{'s' if n != 1 else ''} (a scanned document?): "
            "run OCR first (e.g. ocrmypdf) and scan the result"
        )
    if not texts:
        raise InputError(f"{name} has no pages")
    if empty:
        notes.append(f"{_pages(empty)} without a text layer (images only?): not read")
    return _join_pages(texts, notes)


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10])) + (", ..." if len(numbers) > 10 else "")
    return f"page{'s' if len(numbers) > 1 else ''} {shown}"


def _short(exc: Exception, limit: int = 100) -> str:
    s = " ".join(str(exc).split()) or "no message"
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _edge_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits masked) at the top or bottom of at least half of the
    pages, on three pages or more: running heads and page numbers."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edges = {_DIGITS.sub("#", line.strip()) for line in lines[:2] + lines[-2:] if line.strip()}
        seen.update(edges)
    return {line for line, c in seen.items() if c >= max(3, len(pages) / 2)}


def _join_pages(texts: list[str], notes: list[str]) -> Extraction:
    pages = [t.splitlines() for t in texts]
    furniture = _edge_lines(pages)
    out: list[str] = []
    regions: list[Region] = []
    length = 0
    for lines in pages:
        if not lines:
            continue
        if out:
            # a page ending mid-sentence goes on on the next page
            prev = out[-1].rstrip()
            sep = "\n" if prev and prev[-1] not in ".!?:" else "\n\n"
            out.append(sep)
            length += len(sep)
        edge = set(range(2)) | set(range(len(lines) - 2, len(lines)))
        for k, line in enumerate(lines):
            stripped = line.strip()
            masked = _DIGITS.sub("#", stripped)
            if k in edge and stripped and (masked in furniture or masked == "#"):
                regions.append(Region("page furniture", length, length + len(line)))
            out.append(line)
            length += len(line)
            if k < len(lines) - 1:
                out.append("\n")
                length += 1
    return Extraction("".join(out), regions, pages=len(texts), notes=notes, wrapped=True)
