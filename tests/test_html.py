"""Report pages, tested by parsing them: every flagged phrase is there, nothing
is fetched from outside the file, and the structure is well formed."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from conftest import SEEDS

import spindetect
from spindetect.documents import document_from_text

SPUN = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
ORIG = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
VOID = {"meta", "br", "hr", "img", "link", "input"}


class Page(HTMLParser):
    """Checks nesting and collects marks, links, ids and tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: dict[str, int] = {}
        self.marks: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.urls: list[str] = []
        self._mark: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.problems.append(f"duplicate id {a['id']}")
            self.ids.add(a["id"])
        for key in ("href", "src", "action", "data"):
            if key in a:
                (self.links if key == "href" else self.urls).append(a[key])
        if tag == "mark":
            self._mark = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag == "mark" and self._mark is not None:
            self.marks.append("".join(self._mark))
            self._mark = None

    def handle_data(self, data):
        self.text.append(data)
        if self._mark is not None:
            self._mark.append(data)


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    assert page.startswith("<!DOCTYPE html>")
    assert not p.problems, p.problems[:5]
    assert not p.stack, p.stack
    assert p.tags.get("html") == p.tags.get("head") == p.tags.get("body") == p.tags.get("title") == 1
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags and "iframe" not in p.tags
    assert not p.urls
    assert all(h.startswith("#") for h in p.links), [h for h in p.links if not h.startswith("#")]
    assert all(h[1:] in p.ids for h in p.links), "a link to a missing anchor"
    assert not re.search(r"url\(|@import|https?://", page)  # nothing fetched, not even from the style
    assert "text-align:left" in page and "@media print" in page
    return p


def test_scan_report_page_has_every_phrase_and_its_evidence(tmp_path):
    report = spindetect.scan(SPUN)
    path = tmp_path / "scan.html"
    page = report.to_html(path)
    assert path.read_text(encoding="utf-8") == page
    p = parse(page)
    assert report.phrases
    for ph in report.phrases:
        assert ph.text in p.marks
        if ph.suggestion:
            assert html.escape(ph.suggestion) in page
        assert html.escape(ph.evidence[0], quote=True) in page
    assert "Legend" in page and report.label in page


def test_document_scan_page_shows_skipped_and_quoted_parts():
    text = (
        "Sleuths list tortured phrases such as 'counterfeit consciousness' and 'bosom peril'.\n\n"
        + SPUN
        + "\n\nReferences\n[1] A. Author. Profound learning. 2020.\n"
    )
    result = spindetect.scan_document(document_from_text(text, name="essay.txt"))
    p = parse(result.to_html())
    page = result.to_html()
    for ph in result.phrases + result.quoted:
        assert ph.text in p.marks
    assert {q.text for q in result.quoted} >= {"counterfeit consciousness", "bosom peril"}
    assert "[references: not scored]" in page and "essay.txt" in page
    assert "inside a quotation: listed, not counted" in page


def test_pair_page_has_all_sentence_pairs_and_swaps():
    report = spindetect.score(SPUN, ORIG)
    page = report.to_html()
    p = parse(page)
    assert page.count("<td class='k'>") == len(report.sentence_pairs)
    marks = set(p.marks)
    for s in report.swaps:
        if s.suspect_span[1] > s.suspect_span[0]:
            assert report.alignment.suspect.text[s.suspect_span[0] : s.suspect_span[1]] in marks
    assert f"Swaps ({len(report.swaps)})" in page


def test_collection_pages_sort_by_probability_and_link_to_details():
    docs = {
        "spun": SPUN,
        "orig": ORIG,
        "other": "The weather was mild on Sunday and the market was quiet all day long.",
    }
    rows = spindetect.scan_collection(docs)
    assert isinstance(rows, tuple) and isinstance(rows, spindetect.ScanRows)
    details = {"spun": spindetect.scan(SPUN)}
    page = rows.to_html(details=details)
    p = parse(page)
    first = re.findall(r"<tr><td>(?:<a href='#[^']+'>)?([^<]+)", page)
    probs = {r.id: r.probability for r in rows}
    assert first == sorted(first, key=lambda i: -(probs[i] or 0))
    assert "#d0" in p.links and details["spun"].phrases[0].text in p.marks

    result = spindetect.screen({"copy": SPUN}, {"orig": ORIG})
    pair = spindetect.score(ORIG, SPUN)
    page = result.to_html(details={("copy", "orig"): pair})
    p = parse(page)
    assert "copy" in page and "#d0" in p.links
    assert page.count("<td class='k'>") == len(pair.sentence_pairs)


@pytest.mark.parametrize("nasty", ["<script>alert(1)</script>", "</mark></td></tr></table>", "&amp; <b>x</b>"])
def test_text_is_escaped(nasty):
    text = f"We train a profound learning model {nasty} on huge information from the hubs every day."
    report = spindetect.scan(text)
    p = parse(report.to_html())
    assert "profound learning" in p.marks or "huge information" in p.marks


@pytest.mark.parametrize("bad", [True, 1, 3.5, b"page.html"])
def test_to_html_refuses_a_path_that_is_not_a_path(bad):
    # True and ints were taken as file descriptors: stdout was written, then closed
    report = spindetect.score("Officials said the talks failed.", "Officers stated the talks failed.")
    with pytest.raises(TypeError, match="path must be"):
        report.to_html(bad)
    with pytest.raises(ValueError, match="empty"):
        report.to_html("")
