"""How often does ``scan`` say "spun" with no suspect phrase to show for it?

    python -m benchmarks.scan_unexplained [--split dev] [--texts 1200]

A verdict should come with its evidence. ``scan``'s P(spun) comes from the
text model, which reads word-choice statistics of the whole text as well as
the flagged phrases, so a text can be labelled spun with no phrase flagged:
the report then cannot say which words are spun. This counts it, on the
corpus single texts (``devtools.corpus.single_texts``) of one split, whole
and cut to their first sentence (most first sentences are under
``devtools.corpus.MIN_TEXT_WORDS`` = 40 words, shorter than any text the text
model was trained on), with the fast path (``SPINDETECT_JUDGE=0``). Texts
are drawn at random (seed 1). Writes
``benchmarks/results/scan-unexplained-<split>.md``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--texts", type=int, default=1200)
    args = parser.parse_args(argv)
    os.environ["SPINDETECT_JUDGE"] = "0"
    sys.path.insert(0, str(ROOT))
    import spindetect
    from devtools.corpus import MIN_TEXT_WORDS, corpus_rows, single_texts

    texts = [t for t in single_texts(corpus_rows()) if t["split"] == args.split]
    random.Random(1).shuffle(texts)
    counts: Counter[tuple[str, ...]] = Counter()
    for t in texts[: args.texts]:
        for form, text in (("whole text", t["text"]), ("first sentence", first_sentence(t["text"]))):
            try:
                report = spindetect.scan(text)
            except ValueError:  # too short, not English: no verdict
                continue
            band = f"< {MIN_TEXT_WORDS} words" if len(text.split()) < MIN_TEXT_WORDS else f">= {MIN_TEXT_WORDS} words"
            key = (t["label"], form, band)
            counts[(*key, "n")] += 1
            if report.label == "spun":
                counts[(*key, "spun")] += 1
                counts[(*key, "unexplained")] += not report.phrases
    lines = [
        f"# scan: spun verdicts with no suspect phrase ({args.split} split)",
        "",
        f"`python -m benchmarks.scan_unexplained --split {args.split} --texts {args.texts}` "
        f"(spindetect {spindetect.__version__}, fast path).",
        "",
        "| texts | form | length | n | labelled spun | of those, no phrase flagged |",
        "|---|---|---|---|---|---|",
    ]
    for key in sorted({k[:3] for k in counts}):
        n, spun, bare = (counts[(*key, x)] for x in ("n", "spun", "unexplained"))
        lines.append(f"| {key[0]} | {key[1]} | {key[2]} | {n} | {spun} ({spun / n:.3f}) | {bare} |")
    md = "\n".join(lines) + "\n"
    print(md)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"scan-unexplained-{args.split}.md").write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
