"""Web pages (HTML) and articles in JATS XML, read with the standard library.

**HTML.** The main text, as a reader sees it: inside ``<article>`` or
``<main>`` when the page has one with text, else the body; never scripts,
styles, forms, navigation, headers, footers, asides, nor elements whose
class, id or role names page furniture (menus, bylines, share buttons,
comment widgets, cookie banners, related links, newsletters). Inline tags
inside a phrase leave no trace ("<em>profound</em> learning" is the phrase
"profound learning"); block tags end paragraphs. ``<pre>``/``<code>`` are
regions of kind "code", ``<table>`` "table", ``<math>`` "equation",
``<blockquote>`` "quotation" and ``<q>`` "mention".

**JATS** (PubMed Central, publishers' XML): title, abstract and body; the
reference list is a "references" region; tables, formulas, code and
quotations are regions as in HTML. Other XML: the text of every element.
XML declaring entities is refused (entity expansion is a known attack on
XML readers).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

from ..files import InputError
from .model import Extraction, TextBuilder

__all__ = ["read_html", "read_xml"]

_SKIP = frozenset(
    "script style noscript template svg head nav header footer aside form button select textarea iframe "
    "object embed canvas dialog menu".split()
)
_BLOCK = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr table blockquote pre figure "
    "figcaption title address hr caption details summary".split()
)
_REGION = {
    "pre": "code",
    "code": "code",
    "table": "table",
    "math": "equation",
    "blockquote": "quotation",
    "q": "mention",
}
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: class, id or role words that name page furniture
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|footer|masthead|byline|author|author-info|"
    r"entry-meta|post-meta|posted-on|share|sharing|"
    r"social|comments?|disqus|related|recommended|cookie|consent|banner|advert|ads?|promo|subscribe|newsletter|"
    r"widget|popup|modal|toolbar|pagination|tags|contentinfo|complementary)(?:$|[\s_-])",
    re.I,
)


class _Html(HTMLParser):
    def __init__(self, main_only: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.out = TextBuilder()
        self.main_only = main_only
        self.main_depth = 0  # open <article>/<main> elements
        self.skip: list[str] = []  # tags of the skipped element and its open same-name children
        self.pre = 0  # open <pre> elements: their whitespace is kept

    def _skipped(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _SKIP:
            return True
        words = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if any(k == "hidden" for k, _ in attrs) or "display:none" in "".join(
            (v or "").replace(" ", "") for k, v in attrs if k == "style"
        ):
            return True
        return bool(words) and _FURNITURE.search(words) is not None and tag not in ("body", "html", "article", "main")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[0] and tag not in _VOID:
                self.skip.append(tag)
            return
        if tag in _VOID:
            if tag == "br":
                self.out.write("\n")
            elif tag == "hr":
                self.out.paragraph()
            return
        if self._skipped(tag, attrs):
            self.skip.append(tag)
            return
        if tag in ("article", "main"):
            self.main_depth += 1
        if tag in _BLOCK:
            self.out.paragraph()
        elif tag in ("td", "th"):
            self.out.write("\t")
        if tag == "pre":
            self.pre += 1
        if tag in _REGION:
            if tag == "q":
                self.out.write("\u201c")
            self.out.open(_REGION[tag])

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[0]:
                self.skip.pop()
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _REGION:
            self.out.close(_REGION[tag])
            if tag == "q":
                self.out.write("\u201d")
        if tag in ("article", "main") and self.main_depth:
            self.main_depth -= 1
        if tag in _BLOCK:
            self.out.paragraph()

    def handle_data(self, data: str) -> None:
        if self.skip or (self.main_only and not self.main_depth):
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if self.out.tail(1) in ("\n", " ", "\t", "") and data.startswith(" "):
                data = data[1:]
        self.out.write(data)


_MAIN = re.compile(r"<(article|main)\b", re.I)


def read_html(text: str, name: str) -> Extraction:
    """The main text of a web page (see the module docstring)."""
    extraction = None
    if _MAIN.search(text):
        parser = _Html(main_only=True)
        parser.feed(text)
        parser.close()
        extraction = parser.out.extraction()
        if len(extraction.text.split()) < 20:  # an empty <main> around a page written elsewhere
            extraction = None
    if extraction is None:
        parser = _Html(main_only=False)
        parser.feed(text)
        parser.close()
        extraction = parser.out.extraction()
    if not extraction.text.strip():
        raise InputError(f"{name} has no text outside scripts, navigation and page furniture")
    return extraction


# -- XML -------------------------------------------------------------------------------------

_XML_REGION = {
    "ref-list": "references",
    "table-wrap": "table",
    "table": "table",
    "disp-formula": "equation",
    "inline-formula": "equation",
    "math": "equation",
    "tex-math": "equation",
    "code": "code",
    "preformat": "code",
    "disp-quote": "quotation",
}
_XML_BLOCK = frozenset("p title article-title sec abstract ref caption list-item td th tr label fig".split())
_XML_SKIP = frozenset("journal-meta contrib-group aff author-notes pub-date history permissions funding-group".split())


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_xml(text: str, name: str) -> tuple[Extraction, bool]:
    """The text of a JATS article (title, abstract, body; the reference list
    as a region), or of any other XML document; and whether it was JATS."""
    if "<!ENTITY" in text:
        raise InputError(f"{name}: its XML declares entities (a risk to read, and never needed by JATS): refused")
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise InputError(f"{name} is not well-formed XML ({exc})") from None
    out = TextBuilder()
    jats = _local(root.tag) == "article"
    if jats:
        meta = root.find(".//{*}article-meta")
        if meta is None:
            meta = root.find(".//article-meta")
        for part in (meta, *_children(root, "body"), *_children(root, "back")):
            if part is not None:
                _xml(part, out)
    else:
        _xml(root, out)
    extraction = out.extraction()
    if not extraction.text.strip():
        raise InputError(f"{name} has no text")
    return extraction, jats


def _children(root: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in root if _local(c.tag) == name]


def _xml(element: ET.Element, out: TextBuilder) -> None:
    tag = _local(element.tag)
    if tag in _XML_SKIP:
        return
    kind = _XML_REGION.get(tag)
    if tag in _XML_BLOCK:
        out.paragraph()
    if kind:
        if tag in ("inline-formula",):
            out.space()
        else:
            out.paragraph()
        out.open(kind)
    if element.text:
        out.write(" ".join(element.text.split()) if element.text.strip() else " " * (element.text[:1] == " "))
    for child in element:
        _xml(child, out)
        if child.tail:
            out.write(re.sub(r"\s+", " ", child.tail))
    if kind:
        out.close(kind)
        if tag != "inline-formula":
            out.paragraph()
    if tag in _XML_BLOCK:
        out.paragraph()
