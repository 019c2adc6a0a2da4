"""Speed of reading documents: text extraction per page, scan per document.

Run from the repository root (needs the dev extra: pypdf, reportlab):

    python -m benchmarks.documents            # prints a table
    python -m benchmarks.documents --json benchmarks/results/documents.json

Makes PDFs in a temporary folder with reportlab from the seed texts
(``data/seeds``: the spun seed 000 and its original 002, repeated in
turn until the page count is reached; Helvetica 11 pt, A4, wrapped lines, so
every line ends in a hard break as in real PDFs) and a DOCX of the same
text, then measures, after one warm-up run, the median of 3:

* extraction: :func:`spindetect.read_document` (pypdf text layer, clean-up,
  structure), per page;
* scan: :func:`spindetect.scan_document` on the document already read;
* the same for a 300-page PDF, once (the "never a hang" check).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"


def paragraphs() -> list[str]:
    out = []
    for prefix in ("000", "002"):
        text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
        out += [p for p in text.split("\n") if p.strip()]
    return out


def make_pdf(path: Path, pages: int) -> int:
    """A PDF of ``pages`` pages of seed prose; the number of words written."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    paras = paragraphs()
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    page, y, k, words = 1, height - 72, 0, 0
    while True:
        para = paras[k % len(paras)]
        k += 1
        for line in simpleSplit(para, "Helvetica", 11, width - 144) + [""]:
            if y < 72:
                if page == pages:
                    c.save()
                    return words
                c.showPage()
                page, y = page + 1, height - 72
            c.setFont("Helvetica", 11)
            c.drawString(72, y, line)
            words += len(line.split())
            y -= 15


def make_docx(path: Path, text: str) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in text.split("\n"))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')


def timed(fn, repeat: int = 3) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    fn()  # warm-up
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args(argv)

    import spindetect

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        words = make_pdf(pdf, args.pages)
        t_read, doc = timed(lambda: spindetect.read_document(pdf))
        t_scan, result = timed(lambda: spindetect.scan_document(doc))
        rows.append(
            {
                "document": f"PDF, {args.pages} pages",
                "words": words,
                "chars": len(doc.text),
                "extract_s_per_page": t_read / args.pages,
                "extract_s": t_read,
                "scan_s": t_scan,
                "label": result.label,
            }
        )
        docx = Path(tmp) / "doc.docx"
        make_docx(docx, doc.text)
        t_read, ddoc = timed(lambda: spindetect.read_document(docx))
        t_scan, dres = timed(lambda: spindetect.scan_document(ddoc))
        rows.append(
            {
                "document": "DOCX, same text",
                "words": len(ddoc.text.split()),
                "chars": len(ddoc.text),
                "extract_s_per_page": None,
                "extract_s": t_read,
                "scan_s": t_scan,
                "label": dres.label,
            }
        )
        big = Path(tmp) / "big.pdf"
        words = make_pdf(big, 300)
        t = time.perf_counter()
        bdoc = spindetect.read_document(big)
        t_read = time.perf_counter() - t
        t = time.perf_counter()
        bres = spindetect.scan_document(bdoc)
        t_scan = time.perf_counter() - t
        rows.append(
            {
                "document": "PDF, 300 pages (once)",
                "words": words,
                "chars": len(bdoc.text),
                "extract_s_per_page": t_read / 300,
                "extract_s": t_read,
                "scan_s": t_scan,
                "label": bres.label,
                "notes": list(bdoc.notes),
            }
        )
    print(f"{'document':<24} {'words':>7} {'extract/page':>13} {'extract':>9} {'scan':>8}  label")
    for r in rows:
        per_page = f"{r['extract_s_per_page'] * 1000:.1f} ms" if r["extract_s_per_page"] is not None else "-"
        print(
            f"{r['document']:<24} {r['words']:>7,} {per_page:>13} {r['extract_s']:>8.2f}s {r['scan_s']:>7.2f}s  {r['label']}"
        )
    if args.json:
        info = {"python": sys.version.split()[0], "machine": platform.machine(), "rows": rows}
        Path(args.json).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
