"""Word documents (.docx) read with the standard library: a DOCX is a ZIP
of XML parts, and the text is in ``word/document.xml``.

Paragraphs are read in order with their runs, tabs and line breaks;
deleted text of tracked changes and field codes are left out. Tables are
regions of kind "table", equations (Office Math) "equation", paragraphs
styled as quotes "quotation", as code "code", and the bibliography style
"references". No dependency: python-docx would add lxml for the same reading.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from ..files import InputError
from .model import Extraction, TextBuilder

__all__ = ["MAX_PARAGRAPHS", "MAX_PART_BYTES", "MAX_TEXT_CHARS", "read_docx"]

#: Largest ``word/document.xml`` read, uncompressed (a ZIP bomb stops here).
MAX_PART_BYTES = 256 * 1024 * 1024
#: Most paragraphs (``w:p``, table cells' too, empty ones too) read from a
#: DOCX: the time goes per paragraph, whatever its length. 2 million short
#: ones (a 220 KB file, 14 M characters) took 12 s and 1 GB to read whole,
#: the same 14 M characters in 20,000 paragraphs 0.2 s; a book of 1,000
#: pages has some 30,000. Paragraph tags written with Word's prefix ``w:`` are
#: counted before parsing (milliseconds); others as they are parsed.
MAX_PARAGRAPHS = 200_000
#: Most characters of text read: :data:`spindetect.text.MAX_CHARS`, which
#: the text would be refused at once read (a test keeps the two equal;
#: importing :mod:`spindetect.text` here would lengthen the import chain).
MAX_TEXT_CHARS = 20_000_000
#: Bytes of XML given to the parser at a time (the text is counted between).
_CHUNK = 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_STYLE_KINDS = (("quote", "quotation"), ("code", "code"), ("preformatted", "code"), ("bibliograph", "references"))


def read_docx(data: bytes, name: str) -> Extraction:
    """The text of a DOCX file (see the module docstring). Raises
    :class:`~spindetect.files.InputError` for a ZIP that is not a Word
    document, a damaged file or one too large to read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            raise InputError(
                f"{name} is a ZIP archive but not a Word document (no word/document.xml): "
                "pass a .docx saved by a word processor"
            ) from None
        if info.file_size > MAX_PART_BYTES:
            raise InputError(f"{name}: its text part is {info.file_size:,} bytes unpacked, too large to read")
        xml = archive.read(info)
    except InputError:
        raise
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise InputError(f"{name} is not a readable DOCX file ({exc})") from None
    if b"<!ENTITY" in xml[:4096]:
        raise InputError(f"{name}: its XML declares entities, which a Word document never does: refused")
    out = TextBuilder()
    try:
        found = _read_body(xml, name, out)
    except ET.ParseError as exc:
        raise InputError(f"{name}: word/document.xml is not well-formed XML ({exc})") from None
    if not found:
        raise InputError(f"{name}: word/document.xml has no body")
    extraction = out.extraction()
    if not extraction.text.strip():
        raise InputError(f"{name} has no text")
    return extraction


def _read_body(xml: bytes, name: str, out: TextBuilder) -> bool:
    """Read the body's blocks into ``out`` as the XML is parsed, each block
    dropped once read, and stop with an :class:`InputError` as soon as the
    text passes ``MAX_TEXT_CHARS`` or the paragraphs ``MAX_PARAGRAPHS`` (not once
    the whole text is built). Whether the document has a body."""
    # Word writes the prefix w: counting its paragraph tags in the bytes takes
    # milliseconds, parsing 200,000 paragraphs to find out 3-4 s of CPU
    if sum(xml.count(tag) for tag in (b"<w:p>", b"<w:p ", b"<w:p/>")) > MAX_PARAGRAPHS:
        _too_many_paragraphs(name)
    parser = ET.XMLPullParser(("start", "end"))
    path: list[ET.Element] = []  # the open elements, the root first
    body: ET.Element | None = None
    paragraphs = 0
    for start in range(0, len(xml), _CHUNK):
        parser.feed(xml[start : start + _CHUNK])
        for event, element in parser.read_events():
            if event == "start":
                if body is None and len(path) == 1 and element.tag == f"{_W}body":
                    body = element
                path.append(element)
                continue
            path.pop()
            if element.tag == f"{_W}p":
                paragraphs += 1
                if paragraphs > MAX_PARAGRAPHS:
                    _too_many_paragraphs(name)
            if body is not None and path and path[-1] is body:
                _block_child(element, out)
                if out.length > MAX_TEXT_CHARS:
                    raise InputError(
                        f"{name} has more than {MAX_TEXT_CHARS:,} characters of text (MAX_CHARS): "
                        "split it into documents first"
                    )
        if body is not None:
            del body[:]  # the blocks read (and one still open, which the parser still builds): memory freed
    parser.close()
    return body is not None


def _too_many_paragraphs(name: str) -> None:
    raise InputError(
        f"{name} has more than {MAX_PARAGRAPHS:,} paragraphs, more than a DOCX is read with "
        "(MAX_PARAGRAPHS): split it into documents first"
    )


def _block(element: ET.Element, out: TextBuilder) -> None:
    for child in element:
        _block_child(child, out)


def _block_child(child: ET.Element, out: TextBuilder) -> None:
    tag = child.tag
    if tag == f"{_W}p":
        _paragraph(child, out)
    elif tag == f"{_W}tbl":
        out.paragraph()
        out.open("table")
        for row in child.iter(f"{_W}tr"):
            for cell in row.iter(f"{_W}tc"):
                for p in cell.iter(f"{_W}p"):
                    _runs(p, out)
                    out.space()
                out.write("\t")
            out.line()
        out.close("table")
        out.paragraph()
    elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
        _block(child, out)


def _paragraph(p: ET.Element, out: TextBuilder) -> None:
    style_el = p.find(f"{_W}pPr/{_W}pStyle")
    style = (style_el.get(f"{_W}val") or "").lower() if style_el is not None else ""
    kind = next((k for key, k in _STYLE_KINDS if key in style), None)
    if kind:
        out.open(kind)
    _runs(p, out)
    if kind:
        out.close(kind)
    out.paragraph()


def _runs(element: ET.Element, out: TextBuilder) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{_W}r":
            for part in child:
                ptag = part.tag
                if ptag == f"{_W}t":
                    out.write(part.text or "")
                elif ptag == f"{_W}tab":
                    out.write("\t")
                elif ptag in (f"{_W}br", f"{_W}cr"):
                    out.write("\n")
                elif ptag == f"{_W}noBreakHyphen":
                    out.write("-")
        elif tag in (f"{_M}oMath", f"{_M}oMathPara"):
            out.space()
            out.open("equation")
            out.write("".join(t.text or "" for t in child.iter(f"{_M}t")))
            out.close("equation")
            out.space()
        elif tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr"):
            continue  # deleted text of tracked changes; properties
        else:  # hyperlinks, insertions, smart tags, fields: their runs
            _runs(child, out)
