"""Documents as users have them: readers, clean-up with offsets, structure, bad files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from conftest import SEEDS

import spindetect
from spindetect.documents import DocumentText, clean_text, document_from_text, read_document, sniff
from spindetect.files import InputError

CASES = Path(__file__).parent / "cases" / "shared"


def case(prefix: str) -> dict:
    return json.loads(next(CASES.glob(f"{prefix}-*.json")).read_text(encoding="utf-8"))


# -- fixtures made here ------------------------------------------------------------------------


def make_pdf(path: Path, paragraphs: list[str], *, lines: list[str] | None = None, pages: int = 1) -> Path:
    """A PDF of ``paragraphs`` wrapped to the page (reportlab), or of exact ``lines``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for page in range(pages):
        y = height - 72
        if lines is not None:
            todo = [lines]
        else:
            todo = [simpleSplit(p, "Helvetica", 11, width - 144) + [""] for p in paragraphs]
        for block in todo:
            for line in block:
                if y < 72:
                    c.showPage()
                    y = height - 72
                c.setFont("Helvetica", 11)
                c.drawString(72, y, line)
                y -= 15
        if page < pages - 1:
            c.showPage()
    c.save()
    return path


def make_docx(path: Path, paragraphs: list[tuple[str, str]]) -> Path:
    """A minimal DOCX by hand: ``(style, text)`` paragraphs; style "" for body text."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        "<w:p>"
        + (f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else "")
        + "".join(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>' for part in text.split("|"))
        + "</w:p>"
        for style, text in paragraphs
    )
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr("word/document.xml", document)
    return path


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


# -- clean-up keeps offsets --------------------------------------------------------------------


def test_pdf_hyphenation_and_ligatures_case_is_found_through_the_document_path():
    """Shared case 07 read as a document: the hyphenated and ligature-broken
    tortured phrases are whole again (the test of `scan(text)` itself is in
    test_shared_cases.py)."""
    c = case("07")
    result = spindetect.scan_document(document_from_text(c["text"]))
    assert result.label == "spun"
    flagged = {p.text.lower() for p in result.phrases}
    found = [p for p in c["expected"]["must_flag"] if any(p in f or f in p for f in flagged)]
    # "help vector machine" is not in the lexicon ("help vector device" is): not a reading problem
    assert set(c["expected"]["must_flag"]) - set(found) <= {"help vector machine"}
    for p in result.phrases:  # every span points into the text the report shows
        assert result.document.text[p.span[0] : p.span[1]] == p.text


def test_hyphens_joined_or_kept():
    text = "a neu-\nral net, the state-of-\nthe-art model, self-\nattention, Anglo-\nSaxon, counter-\nfeit, soft\u00ad\nware"
    c = clean_text(text)
    assert c.text == ("a neural net, the state-of-the-art model, self-attention, Anglo-Saxon, counterfeit, software")
    for i, ch in enumerate(c.text):  # every character came from one of the same
        assert text[c.original(i)] == ch


def test_ligatures_and_invisible_characters_map_back():
    text = "the \ufb02ag to clamor pro\u200bportion and e\ufb03ciency"
    c = clean_text(text)
    assert c.text == "the flag to clamor proportion and efficiency"
    a = c.text.index("flag")
    assert c.original_span((a, a + 4)) == (4, 7)


def test_hard_line_breaks_in_pdf_text_are_joined_but_headings_kept():
    text = "1 Introduction\nWe propose a profound learning model for the\nassessment of remote sensor organizations in the\nfield. It works.\nNext paragraph starts here and runs on for a while."
    c = clean_text(text, join_lines=True)
    assert "for the assessment of remote sensor organizations in the field." in c.text
    assert c.text.startswith("1 Introduction\n")
    assert len(c.text) == len(text)  # same-length edits


# -- structure ---------------------------------------------------------------------------------


def test_commentary_quoting_tortured_phrases_is_not_called_spun():
    """Shared case 09 as a document: quoted phrases are listed, not counted."""
    result = spindetect.scan_document(document_from_text(case("09")["text"]))
    assert result.label == "clean", result
    assert {p.text for p in result.quoted} >= {"counterfeit consciousness", "bosom peril"}
    assert not result.phrases


def test_references_are_skipped_and_said_so(seed_texts):
    text = seed_texts["000"] + "\n\nReferences\n[1] J. Smith. Profound learning for huge information. 2020.\n"
    doc = document_from_text(text)
    (refs,) = [r for r in doc.skipped if r.kind == "references"]
    assert doc.text[refs.start :].startswith("References")
    result = spindetect.scan_document(doc)
    assert not any(p.span[0] >= refs.start for p in result.phrases)
    assert "not scored:" in str(result) and "references (71 characters)" in str(result)


# -- readers -----------------------------------------------------------------------------------


def test_sniffing_goes_by_content_before_suffix(tmp_path):
    assert sniff(b"%PDF-1.4\n...") == "pdf"
    assert sniff(b"<?xml version='1.0'?><article><front/></article>") == "jats"
    assert sniff(b"\\documentclass{article}\\begin{document}x\\end{document}", ".txt") == "latex"
    path = tmp_path / "page.txt"
    path.write_text("<!DOCTYPE html><html><body><p>The <em>profound</em> learning model.</p></body></html>")
    doc = read_document(path)
    assert doc.format == "html" and "profound learning" in doc.text


def test_html_main_text_without_furniture_or_markup_in_phrases(tmp_path):
    page = """<!DOCTYPE html><html><head><title>t</title><script>var profound = 'learning';</script></head>
    <body><nav>Home | Profound learning news</nav><div class="byline">By A. Writer</div>
    <article><h1>A study</h1><p>We train a <em>profound</em> <b>learning</b> model on huge information
    collected from many hubs, and the counterfeit consciousness community took note of it quickly.</p>
    <pre>x = profound_learning(y)</pre><blockquote>A quoted block of someone else's words.</blockquote></article>
    <div id="comments">Great post! profound learning rocks</div><footer>(c) 2026</footer></body></html>"""
    path = tmp_path / "a.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert "By A. Writer" not in doc.text and "Great post" not in doc.text and "Home |" not in doc.text
    assert "var profound" not in doc.text and "(c) 2026" not in doc.text
    assert "a profound learning model" in doc.text
    kinds = {r.kind for r in doc.regions}
    assert {"code", "quotation"} <= kinds
    result = spindetect.scan_document(doc)
    assert all("<" not in p.text and ">" not in p.text for p in result.phrases)
    assert any(p.text == "profound learning" for p in result.phrases)


def test_latex_commands_around_words_leave_the_phrase(tmp_path):
    src = r"""\documentclass{article}\title{On \emph{profound learning}}
\begin{document}\maketitle
\section{Introduction}
We use \emph{profound learning} and \textbf{huge information} for the task~\cite{x}, as in ``related work''.
The loss is $L = \sum_i x_i$ and
\begin{equation} y = f(x) \end{equation}
\begin{verbatim}
profound_learning()
\end{verbatim}
\begin{thebibliography}{9}\bibitem{x} A. Author, Counterfeit consciousness, 2020.\end{thebibliography}
\end{document}"""
    path = tmp_path / "paper.tex"
    path.write_text(src, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "latex"
    assert "We use profound learning and huge information for the task" in doc.text
    assert "\\" not in doc.prose()
    kinds = {r.kind for r in doc.regions}
    assert {"equation", "code", "references", "mention"} <= kinds


def test_latex_that_would_not_compile_is_read_with_a_note(tmp_path):
    path = tmp_path / "broken.tex"
    path.write_text(
        "\\section{Intro\nWe use \\emph{profound learning $x and \\begin{itemize} more words here.", "utf-8"
    )
    doc = read_document(path)
    assert "profound learning" in doc.text and doc.notes


def test_jats_body_and_reference_list(tmp_path):
    xml = """<?xml version="1.0"?><article><front><article-meta><title-group><article-title>Profound
    learning for hubs</article-title></title-group><abstract><p>We study profound learning.</p></abstract>
    </article-meta></front><body><sec><title>Methods</title><p>A counterfeit consciousness model was trained.</p>
    <table-wrap><table><tr><td>1</td><td>2</td></tr></table></table-wrap></sec></body>
    <back><ref-list><ref>A. Author. Huge information. 2020.</ref></ref-list></back></article>"""
    path = tmp_path / "a.xml"
    path.write_text(xml, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "jats"
    assert "A counterfeit consciousness model was trained." in doc.text
    assert {r.kind for r in doc.regions} >= {"references", "table"}
    assert "Huge information" not in doc.prose()


def test_docx_paragraphs_runs_and_styles(tmp_path):
    path = make_docx(
        tmp_path / "a.docx",
        [("Title", "A study"), ("", "We train a |profound| learning model."), ("Quote", "Someone else's words.")],
    )
    doc = read_document(path)
    assert doc.format == "docx" and "We train a profound learning model." in doc.text
    assert any(r.kind == "quotation" for r in doc.regions)


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_pdf_and_a_docx_of_a_seed_give_the_plain_texts_verdict(tmp_path, seed_texts, kind):
    for key in ("000", "002"):
        text = seed_texts[key]
        paragraphs = [p for p in text.split("\n") if p.strip()]
        if kind == "pdf":
            path = make_pdf(tmp_path / f"{key}.pdf", paragraphs)
        else:
            path = make_docx(tmp_path / f"{key}.docx", [("", p) for p in paragraphs])
        plain = spindetect.scan_document(document_from_text(text))
        got = spindetect.scan_document(path)
        assert got.label == plain.label == spindetect.scan(text).label, (key, kind, got, plain)
        assert abs(got.probability - plain.probability) < 0.1
        for p in got.phrases:
            assert got.document.text[p.span[0] : p.span[1]] == p.text
    pair = spindetect.score_documents(tmp_path / f"000.{kind}", tmp_path / f"002.{kind}")
    plain_pair = spindetect.score(seed_texts["000"], seed_texts["002"])
    assert pair.label == plain_pair.label and pair.report.spun_side == plain_pair.spun_side


def test_pdf_hyphenated_across_lines(tmp_path):
    lines = [
        "In this paper we propose a profound neu-",
        "ral organization for the flag to clamor pro-",
        "portion of remote sensor organizations. The counter-",
        "feit consciousness model is trained on huge in-",
        "formation gathered from many hubs in the field.",
    ]
    doc = read_document(make_pdf(tmp_path / "h.pdf", [], lines=lines))
    assert "profound neural organization" in doc.text and "counterfeit consciousness" in doc.text
    result = spindetect.scan_document(doc)
    assert {"profound neural organization", "counterfeit consciousness", "huge information"} <= {
        p.text for p in result.phrases
    }


# -- bad input: one line, never a hang ----------------------------------------------------------


def test_bad_files_give_one_line_errors(tmp_path):
    renamed = tmp_path / "renamed.docx"
    with zipfile.ZipFile(renamed, "w") as z:
        z.writestr("notes.txt", "just a zip")
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF garbage \x00\x01")
    scanned = make_pdf(tmp_path / "scanned.pdf", [], lines=[""])
    encrypted = tmp_path / "encrypted.pdf"
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "plain.pdf", ["Some words in a PDF file."])))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    with open(encrypted, "wb") as fh:
        writer.write(fh)
    for path, words in [
        (renamed, "not a Word document"),
        (corrupt, "not a readable PDF"),
        (scanned, "no text layer"),
        (encrypted, "encrypted"),
    ]:
        with pytest.raises(InputError) as err:
            read_document(path)
        message = str(err.value)
        assert words in message and "\n" not in message, message


def test_html_with_scripts_only_is_refused_and_scripts_never_read(tmp_path):
    path = tmp_path / "s.html"
    path.write_text("<html><body><script>document.write('profound learning')</script></body></html>")
    with pytest.raises(InputError, match="no text"):
        read_document(path)


def test_pdf_reading_stops_on_time_and_says_so(tmp_path):
    from spindetect.documents.pdf import read_pdf

    path = make_pdf(tmp_path / "long.pdf", ["A page of prose about the weather in the hills."], pages=30)
    extraction = read_pdf(path.read_bytes(), "long.pdf", max_seconds=0.0)
    assert any("not read" in n for n in extraction.notes)


def test_document_to_dict_is_json_and_names_the_file(tmp_path):
    path = make_docx(tmp_path / "a.docx", [("", "We train a profound learning model on huge information.")])
    data = spindetect.scan_document(path).to_dict()
    json.dumps(data)
    assert data["document"]["file"] == str(path) and data["document"]["format"] == "docx"


def test_document_text_repr_and_types():
    doc = document_from_text("Plain words in a row.")
    assert isinstance(doc, DocumentText) and "text" in repr(doc)
    with pytest.raises(TypeError):
        spindetect.scan_document(io.BytesIO(b"x"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "src",
    [
        "\\cite{" * 20000 + " words",
        "\\[ x " * 5000,
        "\\begin{equation} " * 20000,
        "\\verb|" * 20000,
        "{" * 50000 + "text",
        "$" + "a " * 100000,
        "\\section{" * 20000,
    ],
    ids=["cite", "display-math", "environment", "verb", "braces", "dollar", "section"],
)
def test_latex_that_never_closes_is_read_in_one_pass(tmp_path, src):
    import time

    path = tmp_path / "bad.tex"
    path.write_text("\\documentclass{article}\\begin{document}Some words first. " + src, encoding="utf-8")
    started = time.process_time()  # CPU time: the bound must hold on a loaded machine
    try:
        read_document(path)
    except InputError:
        pass  # nothing readable is a fine answer; a hang is not
    assert time.process_time() - started < 5


@pytest.mark.slow
def test_a_300_page_pdf_is_read(tmp_path):
    path = make_pdf(tmp_path / "long.pdf", [" ".join(["The weather in the hills was mild all week."] * 12)], pages=300)
    doc = read_document(path)
    assert doc.pages == 300 and len(doc.text) > 300 * 400


def test_running_heads_and_page_numbers_are_page_furniture(tmp_path):
    body = [
        "Journal of Remote Sensing, vol. 3",
        "We propose a method for the assessment of wireless networks in the field.",
        "The method is trained on data gathered from forty nodes over a year.",
        "12",
    ]
    doc = read_document(make_pdf(tmp_path / "f.pdf", [], lines=body, pages=4))
    furniture = [doc.text[r.start : r.end] for r in doc.regions if r.kind == "page furniture"]
    assert any("Journal of Remote Sensing" in f for f in furniture) and any(f.strip() == "12" for f in furniture)
    assert "Journal of Remote Sensing" not in doc.prose()


def test_a_missing_pdf_reader_names_the_install(tmp_path, monkeypatch):
    import sys

    path = make_pdf(tmp_path / "a.pdf", ["Some words in a PDF file."])
    monkeypatch.setitem(sys.modules, "pypdf", None)
    with pytest.raises(
        InputError,
        match=r"^reading PDF needs pypdf: pip install 'spindetect\[pdf\]' \(in a clone: pip install -e '\.\[pdf\]'\)$",
    ):
        read_document(path)


def test_a_content_farm_page_without_article_tags(tmp_path):
    page = """<html><body><div id="top-menu"><a href="/">Home</a> <a href="/tech">Tech</a></div>
    <div class="entry-meta">Posted on March 3 by <span class="author">admin</span></div>
    <div class="entry-content"><p>Scientists have used profound learning to study huge information from
    remote sensor organizations, and the counterfeit consciousness tools were quick.</p>
    <p>The team says the irregular backwoods classifier did well on the hubs.</p></div>
    <div class="share-buttons">Share on social media</div>
    <div class="comments-area"><p>Nice article, profound learning is the future!</p></div>
    <aside>Related: ten tips</aside></body></html>"""
    path = tmp_path / "farm.htm"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.text.startswith("Scientists have used profound learning")
    for furniture in ("Home", "Posted on", "admin", "Share on", "Nice article", "ten tips"):
        assert furniture not in doc.text, furniture


LANGUAGE_SAMPLES = {
    "german": "Die Regierung hat am Mittwoch neue Gesetze beschlossen, die den Handel mit den Nachbarstaaten "
    "erleichtern sollen. Kritiker sagen, die Massnahmen kämen zu spät für viele kleine Betriebe im Land.",
    "russian": "Правительство в среду приняло новые законы, которые должны облегчить торговлю с соседними странами.",
    "names": "Smith, Jones, Brown, Taylor, Wilson, Davies, Evans, Thomas, Johnson, Roberts, Walker, Wright.",
    "short": "Guten Tag.",
}


@pytest.mark.parametrize("key", ["german", "russian", "names", "short", "seed"])
def test_scores_language_check_answers_as_scans(key, seed_texts):
    from spindetect.reviewing import check_english

    text = seed_texts["000"] if key == "seed" else LANGUAGE_SAMPLES[key]
    doc = document_from_text(text)
    try:
        spindetect.default_scanner().features(doc.prose(), check_language=True)
        scanner_says = None
    except ValueError as exc:
        scanner_says = str(exc)
    try:
        check_english(doc)
        ours = None
    except ValueError as exc:
        ours = str(exc)
    assert (ours is None) == (scanner_says is None), (ours, scanner_says)


@pytest.mark.parametrize("bad", [None, 0, 42, True, b"doc.pdf", 3.5, ["a.txt"]])
def test_read_document_refuses_what_is_not_a_path_by_name(bad):
    # an int was taken for a file descriptor (0 read standard input) and bytes
    # failed inside pathlib (fresh-user trial)
    from spindetect import read_document

    with pytest.raises(TypeError, match="read_document takes a path"):
        read_document(bad)
