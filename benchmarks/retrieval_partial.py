"""Partial-copy retrieval benchmark: find the source of a spun copy of *part*
of a long document, and the sources copied into part of a long suspect.

Run from the repository root (needs ``../shared/data``; a few minutes):

    python -m benchmarks.retrieval_partial [--baseline DIR] [--split dev|test]

``--baseline DIR`` runs the same measurement, in a subprocess, with the
spindetect found in ``DIR`` (e.g. ``git archive <commit> | tar -x -C DIR``),
so before and after come from the same run (the machine is shared: compare
the ratios). Writes ``benchmarks/results/retrieval-partial-<split>.json``
and ``.md`` (``--quick``: fewer cases, nothing written).

What is built (deterministic; documents of the chosen split only, by
``devtools.shared_data.split_of(split_key(id))``):

* **Collection**: every clean document of ``devtools.shared_data.clean_documents``
  (BBC articles whole, Wikipedia paragraphs, arXiv abstracts), BASIL articles
  whole, and Wikipedia articles (first 12 paragraphs joined, >= 800 words),
  minus the filler documents below.
* **part-of-source**: for each long document (>= 700 words, not a
  paragraph), a contiguous run of sentences covering 20-60% of it, spun by
  the WordNet spinner of ``devtools/spinners.py`` at 10%, 30% or 50%.
* **source-in-suspect**: 1-3 short documents (120-350 words), each spun,
  between two BBC articles that are not in the collection (fillers).
* **unrelated**: filler articles themselves as suspects: no source.

A case counts as found when ``SourceIndex.find(suspect, k=3,
min_similarity=0.2)`` (what :func:`spindetect.screen` asks with its
defaults) returns a source, or a document of the collection that is part of
a source or holds it (word 3-shingle containment >= 0.5 either way: a
Wikipedia paragraph of a joined article, a second BBC version of a story).
An unrelated suspect is a false match when it finds anything else.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
#: screen's defaults: candidates scored per suspect, and its similarity floor.
TOP, FLOOR = 3, 0.2


def _words(text: str) -> int:
    return len(text.split())


def _flat(x: Any) -> list[str]:
    return [x] if isinstance(x, str) else [s for y in x for s in _flat(y)]


def collection(split: str) -> dict[str, str]:
    from devtools import shared_data as sd

    docs = {d: t for d, _, t, s in sd.clean_documents() if s == split}
    arts = collections.defaultdict(list)
    for _doc_id, title, text in sd.wikipedia():
        arts[title].append(text)
    for title, paras in arts.items():
        text = "\n\n".join(paras[:12])
        if _words(text) >= 800 and sd.split_of("wiki/" + title) == split:
            docs[f"wikiart/{title}"] = text
    for path, art in sd.basil_articles():
        doc_id = f"basil/{path.parent.name}/{path.stem}"
        text = " ".join(_flat(art.get("body-paragraphs", [])))
        if _words(text) >= 100 and sd.split_of(doc_id) == split:
            docs[doc_id] = text
    return docs


def _sentence_part(text: str, share: float, rng: random.Random) -> str:
    from spindetect.text import prepare

    doc = prepare(text)
    spans = [(doc.starts[a], doc.ends[b - 1]) for a, b in doc.sentences]
    for _ in range(50):
        i = j = rng.randrange(len(spans))
        while j < len(spans) and spans[j][1] - spans[i][0] < share * len(text):
            j += 1
        if j < len(spans):
            return text[spans[i][0] : spans[j][1]]
    return text[: spans[min(len(spans) - 1, int(len(spans) * share))][1]]


def build_cases(split: str, quick: bool) -> dict[str, Any]:
    from devtools.spinners import WordNetSpinner

    rng = random.Random(16)
    docs = collection(split)
    spinner = WordNetSpinner()
    long_ids = sorted(d for d, t in docs.items() if _words(t) >= 700 and not d.startswith("wiki/"))
    short_ids = sorted(
        d for d, t in docs.items() if 120 <= _words(t) <= 350 and d.startswith(("bbc/", "wiki/", "arxiv/"))
    )
    if quick:
        long_ids = long_ids[:15]
    cases = []
    for d in long_ids:
        share, rate = rng.choice([0.2, 0.3, 0.4, 0.5, 0.6]), rng.choice([0.1, 0.3, 0.5])
        spun, _ = spinner.spin(_sentence_part(docs[d], share, rng), rate, rng)
        cases.append({"kind": "part-of-source", "sources": [d], "share": share, "rate": rate, "suspect": spun})
    pool = sorted(d for d in docs if d.startswith("bbc/") and _words(docs[d]) >= 300 and d not in long_ids)
    pool = [d for d in pool if d not in set(short_ids)]
    rng.shuffle(pool)
    fillers = pool[:60]
    rng.shuffle(short_ids)
    k = 0
    for _ in range(10 if quick else 40):
        n = rng.choice([1, 2, 3])
        srcs, k = short_ids[k : k + n], k + n
        rate = rng.choice([0.1, 0.3, 0.5])
        pieces = [spinner.spin(docs[s], rate, rng)[0] for s in srcs]
        a, b = (docs[f] for f in rng.sample(fillers, 2))
        cases.append(
            {"kind": "source-in-suspect", "sources": srcs, "rate": rate, "suspect": "\n\n".join([a, *pieces, b])}
        )
    for f in fillers[: 10 if quick else 40]:
        cases.append({"kind": "unrelated", "sources": [], "rate": 0.0, "suspect": docs[f]})
    for f in fillers:
        del docs[f]
    _accept(cases, docs)
    return {"split": split, "docs": docs, "cases": cases}


def _shingles(text: str) -> set[int]:
    w = re.findall(r"\w+", text.lower())
    return {zlib.crc32(" ".join(w[i : i + 3]).encode()) for i in range(len(w) - 2)}


def _accept(cases: list[dict[str, Any]], docs: dict[str, str]) -> None:
    """Each case's acceptable answers: its sources and the documents that
    are part of one or hold one (word 3-shingle containment >= 0.5)."""
    sets = {d: _shingles(t) for d, t in docs.items()}
    inverted: dict[int, list[str]] = collections.defaultdict(list)
    for d, s in sets.items():
        for h in s:
            inverted[h].append(d)
    for case in cases:
        ok = set(case["sources"])
        targets = [sets[s] for s in case["sources"]]
        if not case["sources"]:  # an unrelated suspect: its own near duplicates are no false match
            targets = [_shingles(case["suspect"])]
        for t in targets:
            shared = collections.Counter(d for h in t for d in inverted.get(h, ()))
            ok |= {d for d, n in shared.items() if n >= 0.5 * min(len(t), len(sets[d]))}
        case["accept"] = sorted(ok)


def measure(cases_path: str) -> dict[str, Any]:
    """Index the collection and search every case, with the spindetect on
    ``sys.path``: the numbers of one side."""
    import numpy as np

    import spindetect
    from spindetect.screening.index import SourceIndex

    data = json.loads(Path(cases_path).read_text(encoding="utf-8"))
    index = SourceIndex()
    t0 = time.perf_counter()
    index.add_many(data["docs"].items())
    index.find("Build the tables now, and the chunk table if there is one.")
    t_index = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        index.save(Path(tmp) / "index")
        size = sum(p.stat().st_size for p in (Path(tmp) / "index").iterdir())
    found: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    checked, times = [], []
    for case in data["cases"]:
        t0 = time.perf_counter()
        matches = index.find(case["suspect"], k=TOP, min_similarity=FLOOR)
        times.append(time.perf_counter() - t0)
        checked.append(matches.checked)
        accept = set(case["accept"])
        if case["kind"] == "unrelated":
            found["unrelated: false match"][0] += any(m.id not in accept for m in matches)
            found["unrelated: false match"][1] += 1
            continue
        for src in case["sources"]:
            hit = src in matches.ids or any(m.id in accept and m.id not in case["sources"] for m in matches)
            for key in (case["kind"], f"{case['kind']} {case.get('share', len(case['sources']))}"):
                found[key][0] += hit
                found[key][1] += 1
    return {
        "spindetect": spindetect.__version__,
        "path": str(Path(spindetect.__file__).parent),
        "documents": len(index),
        "index_seconds": t_index,
        "index_bytes_per_document": size / len(index),
        "query_seconds_mean": float(np.mean(times)),
        "checked_median": float(np.median(checked)),
        "checked_max": int(max(checked)),
        "found": {k: v for k, v in sorted(found.items())},
    }


def _side(cases_path: str, pythonpath: str | None) -> dict[str, Any]:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", cases_path]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def markdown(res: dict[str, Any]) -> str:
    sides = res["sides"]
    names = list(sides)
    lines = [
        f"# Partial-copy retrieval ({res['split']} split)",
        "",
        f"Command: `{res['command']}`. Collection: {sides[names[-1]]['documents']:,} documents. "
        f"Found: `SourceIndex.find(suspect, k={TOP}, min_similarity={FLOOR})` returns a source "
        "(or a document that is part of one or holds one); unrelated: filler articles not in the collection.",
        "",
        "| cases | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for key in sides[names[-1]]["found"]:
        cells = [f"{s['found'][key][0]}/{s['found'][key][1]}" if key in s["found"] else "-" for s in sides.values()]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    lines += ["", "| measure | " + " | ".join(names) + (" | ratio |" if len(names) == 2 else " |")]
    lines.append("|---|" + "---|" * (len(names) + (len(names) == 2)))
    for key in ("index_seconds", "index_bytes_per_document", "query_seconds_mean", "checked_median", "checked_max"):
        vals = [s[key] for s in sides.values()]
        ratio = (
            f" | {vals[1] / vals[0]:.2f} |" if len(vals) == 2 and vals[0] else (" | - |" if len(vals) == 2 else " |")
        )
        lines.append(f"| {key} | " + " | ".join(f"{v:,.4g}" for v in vals) + ratio)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "train"), default="dev")
    parser.add_argument("--baseline", help="a spindetect checkout to measure first, as 'before'")
    parser.add_argument("--quick", action="store_true", help="fewer cases, results not written")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    sys.path.insert(0, str(ROOT))
    data = build_cases(args.split, args.quick)
    with tempfile.TemporaryDirectory() as tmp:
        cases_path = str(Path(tmp) / "cases.json")
        Path(cases_path).write_text(json.dumps(data), encoding="utf-8")
        sides = {}
        if args.baseline:
            sides["before"] = _side(cases_path, str(Path(args.baseline).resolve()))
        sides["after" if args.baseline else "spindetect"] = _side(cases_path, str(ROOT))
    command = "python -m benchmarks.retrieval_partial " + " ".join(argv if argv is not None else sys.argv[1:])
    res = {"split": args.split, "command": command.strip(), "sides": sides}
    md = markdown(res)
    print(md)
    if not args.quick:
        out = RESULTS / f"retrieval-partial-{args.split}.json"
        out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
        out.with_suffix(".md").write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
