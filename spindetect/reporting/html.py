"""Report files: one self-contained HTML page per result, made to be read and printed.

Every page is one file: styles inline, no script, no font, image or link
outside the file, so it opens offline and can be mailed or archived as it
is. Nothing needs hovering: each flagged phrase is highlighted and numbered
in the text, and the numbered notes under it give the likely original and
why the phrase is odd; the print style keeps highlights as underlines and
borders when colours are not printed. A legend says what each colour means.

Results are read through their public attributes only (duck typing), so
this module sits under the result classes: ``ScanReport.to_html``,
``SpinReport.to_html``, ``ScreenResult.to_html`` and the rows of
``scan_collection`` call it.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..files import check_path

__all__ = ["HTML_SUFFIXES", "MAX_SKIPPED_SHOWN", "collection_html", "pair_html", "scan_html", "write_html"]

#: Characters of a skipped region (references, code, a table) shown in the
#: text before it is cut short; the rest is counted, not shown.
MAX_SKIPPED_SHOWN = 300

_CSS = """
body{font:16px/1.55 Georgia,'Times New Roman',serif;color:#111;max-width:60em;margin:2em auto;padding:0 1em;text-align:left}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #bbb}
.verdict{border:2px solid #444;padding:.6em 1em;margin:1em 0}
.verdict .label{font-size:1.3em;font-weight:bold}
.spun{color:#a40000}.clean,.paraphrase,.copy,.related,.unrelated{color:#1a5e1a}.error{color:#7a4b00}
.meta{color:#444;font-size:.9em}
.legend span.key{display:inline-block;margin-right:1.2em}
mark{padding:0 .1em;color:#000;border-bottom:2px solid #b35900}
mark.lexicon,mark.swap-strong{background:#ffb347}
mark.pattern,mark.swap-weak{background:#ffe08a;border-bottom-style:dashed}
mark.quoted{background:#cfe3ff;border-bottom:2px dotted #1f4e99}
.skipped{color:#666;background:#f0f0f0;border-left:4px solid #aaa;padding:0 .3em;font-size:.9em}
.skipped-tag{font-family:sans-serif;font-size:.75em;color:#444;text-transform:uppercase;letter-spacing:.05em}
sup.n{font-family:sans-serif;font-size:.7em;font-weight:bold;color:#7a3300}
.text{white-space:pre-wrap;word-wrap:break-word}
ol.notes li{margin:.4em 0}.notes .why{color:#333;font-size:.92em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eee;font-family:sans-serif;font-size:.85em}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.pairs td{width:47%}.pairs td.k{width:6%;color:#666}
a{color:#1f4e99}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:#000;text-decoration:none}
mark{background:none!important;border:1px solid #000;border-bottom-width:2px}
mark.pattern{border-style:dashed}mark.quoted{border-style:dotted}
.skipped{background:none;border-left:2px solid #000}tr,li{page-break-inside:avoid}h2{page-break-after:avoid}}
"""


def _e(s: Any) -> str:
    return html.escape(str(s), quote=True)


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n{GENERATOR_TAG}\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


#: What marks a page as written by spindetect: :func:`write_html` replaces
#: an existing file only if it holds this within its first
#: :data:`GENERATOR_WINDOW` characters (an empty file is replaced too).
GENERATOR_TAG = "<meta name='generator' content='spindetect'>"
GENERATOR_WINDOW = 1024

#: File name suffixes an HTML page is written under (any case).
HTML_SUFFIXES = (".html", ".htm")


def write_html(page: str, path: str | os.PathLike[str] | None) -> str:
    """Write ``page`` to ``path`` (UTF-8) if one is given; return it.

    Raises:
        TypeError: ``path`` is not a str or path (``open`` would take an int,
            or True, as a file descriptor, and close it after writing).
        ValueError: ``path`` is empty (:func:`spindetect.files.check_path`),
            or has a suffix other than :data:`HTML_SUFFIXES` ("report.pdf"
            would be an HTML page no PDF reader opens); a name without a
            suffix (``/dev/stdout``) is written.
        IsADirectoryError: ``path`` is a folder (the message names it).
        FileExistsError: ``path`` is a file that holds something other than
            a page spindetect wrote (no :data:`GENERATOR_TAG` near its
            start): it is not replaced.
    """
    if path is not None:
        name = check_path(path, "path")
        suffix = os.path.splitext(name)[1]
        if suffix and suffix.lower() not in HTML_SUFFIXES:
            raise ValueError(
                f"path {name!r} ends in {suffix!r}: the page is HTML; name it .html or .htm, e.g. {os.path.splitext(name)[0] + '.html'!r}"
            )
        if os.path.isdir(name):
            raise IsADirectoryError(
                f"cannot write the page to {name}: it is a folder; name a file, such as "
                f"{os.path.join(name, 'report.html')!r}"
            )
        check_replaceable_page(name)
        with open(name, "w", encoding="utf-8") as fh:
            fh.write(page)
    return page


def check_replaceable_page(name: str) -> None:
    """Raise FileExistsError if ``name`` is a non-empty file that spindetect did not write."""
    if not os.path.isfile(name) or os.path.getsize(name) == 0:
        return
    with open(name, encoding="utf-8", errors="replace") as fh:
        head = fh.read(GENERATOR_WINDOW)
    if GENERATOR_TAG not in head:
        raise FileExistsError(
            f"{name} exists and is not a page spindetect wrote: not replaced; delete it or name another file"
        )


def _legend(items: Iterable[tuple[str, str]]) -> str:
    keys = "".join(f"<span class='key'>{sample} {_e(text)}</span>" for sample, text in items)
    return f"<p class='legend'><b>Legend:</b> {keys}</p>"


def _signature(report: Any) -> str:
    sig = getattr(report, "signature", None)
    return f"<p class='meta'>Made by {_e(sig)}</p>" if sig is not None else ""


# -- one text ---------------------------------------------------------------------------------


def scan_html(report: Any, *, document: Any = None, quoted: Sequence[Any] = (), title: str | None = None) -> str:
    """The page of a :class:`~spindetect.ScanReport`: verdict, the whole
    text with the flagged phrases numbered, and the notes. ``document`` (a
    :class:`~spindetect.documents.DocumentText`) adds the file, what was
    skipped and why, with the skipped parts greyed in the text; ``quoted``
    are phrases found inside quotations (listed, not counted)."""
    text = document.text if document is not None else report.document.text
    name = getattr(document, "name", None)
    label = report.label
    head = f"<h1>spindetect scan{': ' + _e(name) if name else ''}</h1>"
    verdict = (
        f"<div class='verdict'><span class='label {_e(label)}'>{_e(label)}</span> &nbsp; "
        f"P(spun) = {report.probability:.2f} (labelled spun from {report.threshold:.2f} at this length); "
        f"{len(report.phrases)} suspect phrase{'s' if len(report.phrases) != 1 else ''} in {report.words:,} words, "
        f"weighted density {report.density:.2f} per 100 words.</div>"
    )
    facts = []
    if document is not None:
        pages = f", {document.pages} pages" if document.pages is not None else ""
        facts.append(f"Read as {_e(document.format)}{pages}; {len(text):,} characters of text after clean-up.")
        if document.cleanup:
            facts.append("Clean-up: " + _e(", ".join(f"{n} {k}" for k, n in sorted(document.cleanup.items()))) + ".")
        summary = document.skipped_summary()
        if summary:
            facts.append(
                "Not scored as prose: "
                + _e(", ".join(f"{k} ({n:,} characters)" for k, n in sorted(summary.items())))
                + " (grey in the text; quoted phrases in blue)."
            )
        facts += [_e(n) for n in document.notes]
    skipped_lines = getattr(report, "skipped", ())
    if skipped_lines:
        facts.append(f"{len(skipped_lines)} table or data lines were left out by the scanner.")
    if getattr(report, "disguise", None):
        facts.append("Disguised characters: " + _e(", ".join(f"{n} {k}" for k, n in sorted(report.disguise.items()))))
    meta = "".join(f"<p class='meta'>{f}</p>" for f in facts)
    legend = _legend(
        [
            ("<mark class='lexicon'>phrase</mark>", "known tortured phrase (lexicon)"),
            ("<mark class='pattern'>phrase</mark>", "inferred odd phrase (pattern)"),
            ("<mark class='quoted'>phrase</mark>", "inside a quotation: listed, not counted"),
            ("<span class='skipped'>text</span>", "not scored (references, code, tables, equations, page furniture)"),
        ]
    )
    marks = [(p.span[0], p.span[1], p.kind, p) for p in report.phrases]
    marks += [(p.span[0], p.span[1], "quoted", p) for p in quoted]
    regions = [(r.start, r.end, r.kind) for r in getattr(document, "skipped", ())]
    if document is None:  # the scanner's own table and data lines
        regions = [(a, b, "table or data") for a, b in skipped_lines]
    body_text, notes = _marked_text(text, marks, regions)
    note_items = "".join(_phrase_note(k, p, kind) for k, (p, kind) in enumerate(notes, 1))
    notes_html = (
        f"<h2>Flagged phrases ({len(notes)})</h2><ol class='notes'>{note_items}</ol>"
        if notes
        else "<h2>Flagged phrases</h2><p>None.</p>"
    )
    body = (
        head
        + verdict
        + meta
        + legend
        + notes_html
        + "<h2>Text</h2>"
        + f"<div class='text'>{body_text}</div>"
        + _signature(report)
    )
    return _page(title or f"spindetect: {name or 'scan'} ({label})", body)


def _phrase_note(k: int, p: Any, kind: str) -> str:
    sug = f" &rarr; <b>{_e(p.suggestion)}</b>" if p.suggestion else ""
    others = [s for s in p.suggestions if s != p.suggestion]
    more = f" (also: {_e(', '.join(others))})" if others else ""
    what = "quoted, not counted" if kind == "quoted" else f"{p.kind}, weight {p.weight:.2f}"
    why = "; ".join(p.evidence)
    return (
        f"<li id='n{k}'><a href='#m{k}'>&uarr;</a> <mark class='{_e(kind)}'>{_e(p.text)}</mark>{sug}{more} "
        f"<span class='meta'>[{_e(what)}; characters {p.span[0]}-{p.span[1]}]</span>"
        f"<br><span class='why'>{_e(why)}</span></li>"
    )


def _marked_text(
    text: str, marks: list[tuple[int, int, str, Any]], regions: list[tuple[int, int, str]]
) -> tuple[str, list[tuple[Any, str]]]:
    """Escaped ``text`` with numbered ``<mark>`` s and greyed regions; the marks in order with their class."""
    events = sorted([(a, b, kind, obj) for a, b, kind, obj in marks if 0 <= a < b <= len(text)], key=lambda m: m[:2])
    regions = sorted(regions)
    out: list[str] = []
    notes: list[tuple[Any, str]] = []
    pos = 0
    ri = 0
    for a, b, kind, obj in events:
        if a < pos:
            continue
        while ri < len(regions) and regions[ri][0] < a:
            ra, rb, rkind = regions[ri]
            ri += 1
            if ra < pos or rb > a:
                continue
            out.append(html.escape(text[pos:ra]))
            out.append(_skipped(text[ra:rb], rkind))
            pos = rb
        out.append(html.escape(text[pos:a]))
        notes.append((obj, kind))
        k = len(notes)
        out.append(
            f"<mark class='{_e(kind)}' id='m{k}'>{html.escape(text[a:b])}</mark><sup class='n'><a href='#n{k}'>{k}</a></sup>"
        )
        pos = b
    for ra, rb, rkind in regions[ri:]:
        if ra < pos:
            continue
        out.append(html.escape(text[pos:ra]))
        out.append(_skipped(text[ra:rb], rkind))
        pos = rb
    out.append(html.escape(text[pos:]))
    return "".join(out), notes


def _skipped(chunk: str, kind: str) -> str:
    shown = chunk if len(chunk) <= MAX_SKIPPED_SHOWN else chunk[:MAX_SKIPPED_SHOWN]
    rest = len(chunk) - len(shown)
    tail = f" &hellip; ({rest:,} more characters not shown)" if rest else ""
    return (
        f"<span class='skipped'><span class='skipped-tag'>[{_e(kind)}: not scored]</span> "
        f"{html.escape(shown)}{tail}</span>"
    )


# -- a pair ----------------------------------------------------------------------------------


def pair_html(
    report: Any, *, names: tuple[str, str] = ("a", "b"), documents: Sequence[Any] = (), title: str | None = None
) -> str:
    """The page of a :class:`~spindetect.SpinReport`: verdict, every
    sentence pair side by side with the swaps numbered, then the numbered
    notes (original -> replacement, oddness, why)."""
    return _page(
        title or f"spindetect score: {names[0]} / {names[1]} ({report.label})", _pair_body(report, names, documents, 1)
    )


def _pair_body(report: Any, names: tuple[str, str], documents: Sequence[Any], level: int, anchor: str = "") -> str:
    src_side = report.source_side
    sus_side = "b" if src_side == "a" else "a"
    name_of = {"a": names[0], "b": names[1]}
    spun = f"; spun copy: <b>{_e(name_of[report.spun_side])}</b> ({report.spun_side})" if report.spun_side else ""
    h = f"h{level}"
    out = [
        f"<{h} id='{_e(anchor)}'>spindetect score: {_e(names[0])} (a) / {_e(names[1])} (b)</{h}>"
        if anchor
        else f"<{h}>spindetect score: {_e(names[0])} (a) / {_e(names[1])} (b)</{h}>",
        f"<div class='verdict'><span class='label {_e(report.label)}'>{_e(report.label)}</span> &nbsp; "
        f"P(spun) = {report.probability:.2f}{spun}. Density {report.density:.2f} (share of the source's aligned "
        f"content words replaced), coverage {report.coverage:.2f}; {len(report.swaps)} swaps in "
        f"{len(report.sentence_pairs)} sentence pairs.</div>",
    ]
    for doc in documents:
        if doc is None:
            continue
        summary = doc.skipped_summary()
        skipped = (
            ("; not scored: " + ", ".join(f"{k} ({n:,} characters)" for k, n in sorted(summary.items())))
            if summary
            else ""
        )
        out.append(f"<p class='meta'>{_e(doc.name)}: read as {_e(doc.format)}{_e(skipped)}</p>")
        out += [f"<p class='meta'>{_e(n)}</p>" for n in doc.notes]
    for side, counts in sorted(getattr(report, "disguise", {}).items()):
        out.append(f"<p class='meta'>Disguised characters in {side}: {_e(counts)}</p>")
    out.append(
        _legend(
            [
                ("<mark class='swap-strong'>word</mark>", "odd swap (oddness >= 0.5)"),
                ("<mark class='swap-weak'>word</mark>", "other changed words"),
            ]
            + (
                [("<span class='skipped'>text</span>", "not scored (quoted, code, ...), shown as written")]
                if any(doc is not None and doc.regions for doc in documents)
                else []
            )
        )
    )
    src, sus = report.alignment.source, report.alignment.suspect
    # the documents' own text (same length and offsets as the scored text, whose
    # regions are blanked): what is not scored is shown greyed, not as blanks
    by_side = dict(zip("ab", documents))
    src_text, src_regions = _shown(src.text, by_side.get(src_side))
    sus_text, sus_regions = _shown(sus.text, by_side.get(sus_side))
    by_pair: dict[int, list[Any]] = {}
    for s in report.swaps:
        by_pair.setdefault(s.pair, []).append(s)
    rows = []
    notes: list[Any] = []
    prefix = anchor or "p"
    for k, p in enumerate(report.sentence_pairs):
        swaps = sorted(by_pair.get(k, []), key=lambda s: s.suspect_span)
        first = len(notes) + 1
        notes += swaps
        src_cell = _sentence(
            src_text, _sent_span(src, p.src), [(s.source_span, s) for s in swaps], first, prefix, "s", src_regions
        )
        sus_cell = _sentence(
            sus_text, _sent_span(sus, p.sus), [(s.suspect_span, s) for s in swaps], first, prefix, "u", sus_regions
        )
        rows.append(
            f"<tr><td class='k'>{k}<br><span class='meta'>{p.similarity:.2f}</span></td><td>{src_cell}</td><td>{sus_cell}</td></tr>"
        )
    out.append(f"<h{level + 1}>Sentence pairs ({len(rows)})</h{level + 1}>")
    out.append(
        "<table class='pairs'><tr><th>pair, similarity</th>"
        f"<th>source: {_e(name_of[src_side])} ({src_side})</th><th>suspect: {_e(name_of[sus_side])} ({sus_side})</th></tr>"
        + "".join(rows)
        + "</table>"
    )
    out.append(f"<h{level + 1}>Swaps ({len(notes)})</h{level + 1}>")
    if notes:
        items = "".join(
            f"<li id='{prefix}n{k}'><b>{_e(s.original)}</b> &rarr; <b>{_e(s.replacement)}</b> "
            f"<span class='meta'>[oddness {s.oddness:.2f}; {_e(s.relation)}; pair {s.pair}]</span>"
            + (f"<br><span class='why'>{_e('; '.join(s.reasons))}</span>" if s.reasons else "")
            + "</li>"
            for k, s in enumerate(notes, 1)
        )
        out.append(f"<ol class='notes'>{items}</ol>")
    else:
        out.append("<p>None.</p>")
    out.append(_signature(report))
    return "\n".join(out)


def _sent_span(doc: Any, rng: tuple[int, int]) -> tuple[int, int]:
    a = doc.sentences[rng[0]][0]
    b = doc.sentences[rng[1] - 1][1]
    return doc.span(a, b)


def _shown(scored: str, document: Any) -> tuple[str, list[tuple[int, int, str]]]:
    """The text to show for a side and its regions not scored: the
    document's text when it has the scored text's offsets, else the scored text."""
    if document is None or len(document.text) != len(scored):
        return scored, []
    return document.text, [(r.start, r.end, r.kind) for r in document.regions]


def _sentence(
    text: str,
    span: tuple[int, int],
    marks: list[tuple[tuple[int, int], Any]],
    first: int,
    prefix: str,
    side: str,
    regions: Sequence[tuple[int, int, str]] = (),
) -> str:
    a, b = span
    out, pos = [], a
    inside = sorted((max(ra, a), min(rb, b), kind) for ra, rb, kind in regions if ra < b and a < rb)

    def plain(upto: int) -> None:
        nonlocal pos
        for ra, rb, kind in inside:
            if ra >= pos and rb <= upto:
                out.append(html.escape(text[pos:ra]))
                out.append(f"<span class='skipped' title='{_e(kind)}: not scored'>{html.escape(text[ra:rb])}</span>")
                pos = rb
        out.append(html.escape(text[pos:upto]))
        pos = upto

    for k, ((m0, m1), swap) in enumerate(marks, first):
        if m0 < pos or m1 > b or m1 <= m0:
            continue
        plain(m0)
        cls = "swap-strong" if swap.oddness >= 0.5 else "swap-weak"
        out.append(
            f"<mark class='{cls}'>{html.escape(text[m0:m1])}</mark><sup class='n'><a href='#{prefix}n{k}'>{k}</a></sup>"
        )
        pos = m1
    plain(b)
    return "".join(out)


# -- collections -----------------------------------------------------------------------------


def collection_html(
    rows: Sequence[Any],
    *,
    kind: str,
    details: Mapping[Any, Any] | None = None,
    summary: str = "",
    title: str | None = None,
) -> str:
    """The page of a screening run (``kind="screen"``, rows of
    :class:`~spindetect.ScreenRow`) or a scanned collection (``kind="scan"``,
    rows of :class:`~spindetect.ScanRow`): rows sorted by P(spun), errors
    last, each row linking to its detail when ``details`` has one (keyed by
    ``(suspect_id, source_id)`` or by id; values are reports, for a
    screening run of ``score(source, suspect)``: side a is the source)."""
    details = dict(details or {})
    ordered = sorted(rows, key=lambda r: (r.probability is None, -(r.probability or 0.0)))
    if kind == "screen":
        head = ["suspect", "source", "label", "P(spun)", "density", "similarity", "spun copy", "error"]
    else:
        head = ["id", "label", "P(spun)", "spun from", "phrases", "words", "strongest phrases", "error"]
    body = []
    anchors: dict[Any, str] = {}
    for n, key in enumerate(details):
        anchors[key] = f"d{n}"
    for r in ordered:
        if kind == "screen":
            key = (r.suspect_id, r.source_id)
            cells = [r.suspect_id, r.source_id, r.label, r.probability, r.density, r.similarity, r.spun_id, r.error]
        else:
            key = r.id
            cells = [r.id, r.label, r.probability, r.threshold, r.phrases, r.words, r.top, r.error]
        tds = []
        for i, v in enumerate(cells):
            if v is None:
                tds.append("<td></td>")
            elif isinstance(v, float):
                tds.append(f"<td class='num'>{v:.3f}</td>")
            elif i == 0 and key in anchors:
                tds.append(f"<td><a href='#{anchors[key]}'>{_e(v)}</a></td>")
            elif head[i] == "label":
                tds.append(f"<td class='{_e(v)}'>{_e(v)}</td>")
            else:
                tds.append(f"<td>{_e(v)}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.label] = counts.get(r.label, 0) + 1
    what = "screening" if kind == "screen" else "collection scan"
    out = [
        f"<h1>spindetect {what}</h1>",
        f"<div class='verdict'>{len(rows)} rows: "
        + _e(", ".join(f"{n} {label}" for label, n in sorted(counts.items())) or "none")
        + (f". {_e(summary)}" if summary else "")
        + "</div>",
        "<p class='meta'>Rows sorted by P(spun), highest first; rows without one (no match, errors) last. "
        + (f"The first column links to the detail of {len(details)} rows, below the table." if details else "")
        + "</p>",
        "<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>" + "".join(body) + "</table>",
    ]
    for key, rep in details.items():
        out.append("<hr>")
        if kind == "screen":
            # keyed (suspect, source); the report is score(source, suspect) (reviewing.screen_details)
            out.append(_pair_body(rep, (str(key[1]), str(key[0])), (), 2, anchor=anchors[key]))
        else:
            out.append(f"<h2 id='{anchors[key]}'>{_e(key)}</h2>")
            out.append(_scan_detail(rep, anchors[key]))
    return _page(title or f"spindetect {what}", "\n".join(out))


def _scan_detail(report: Any, anchor: str) -> str:
    items = "".join(
        f"<li><mark class='{_e(p.kind)}'>{_e(p.text)}</mark>"
        + (f" &rarr; <b>{_e(p.suggestion)}</b>" if p.suggestion else "")
        + f" <span class='meta'>[{_e(p.kind)}, weight {p.weight:.2f}]</span><br><span class='why'>{_e('; '.join(p.evidence))}</span></li>"
        for p in report.phrases
    )
    return (
        f"<p><span class='label {_e(report.label)}'>{_e(report.label)}</span>, P(spun) = {report.probability:.2f}; "
        f"{len(report.phrases)} suspect phrases in {report.words:,} words.</p>"
        + (f"<ol class='notes'>{items}</ol>" if items else "")
    )
