"""How often scan takes a line of clean prose for a table row or data and skips it.

``spindetect.text.table_lines`` finds rows of names and numbers laid out in
columns, and lines that are mostly data (base64, long URLs); ``scan`` leaves
them out of the words it judges. This counts, per
domain of the shared clean text (BBC news, Wikipedia, arXiv abstracts; all
splits, since nothing was tuned on them; arXiv abstracts with their hard
line breaks), the non-empty lines taken as table
rows, and prints a sample of them to read. Needs ``../shared/data``.

    python -m benchmarks.table_lines

Writes ``benchmarks/results/table-lines.md``.
"""

from __future__ import annotations

import random
from pathlib import Path

from devtools.shared_data import arxiv_rows, bbc, require_shared, wikipedia
from spindetect.text import table_lines

ROOT = Path(__file__).resolve().parent.parent

#: Rows shown per domain.
SAMPLE = 8


def main() -> None:
    require_shared()
    rng = random.Random(0)
    out = [
        "# Lines of clean text taken as table rows or data",
        "",
        "`python -m benchmarks.table_lines`: non-empty lines of the shared clean text that",
        "`spindetect.text.table_lines` takes for table rows or data (scan skips them).",
        "",
        "| domain | documents | lines | table or data lines | share |",
        "|---|---|---|---|---|",
    ]
    samples = []

    def arxiv_raw():  # abstracts as pasted, hard line breaks kept
        for row in arxiv_rows():
            yield row[""], row["query"], row["abstract"]

    for name, reader in (("news (BBC)", bbc), ("encyclopedia (Wikipedia)", wikipedia), ("science (arXiv)", arxiv_raw)):
        docs = lines = 0
        rows: list[str] = []
        for _, _, text in reader():
            docs += 1
            lines += sum(1 for line in text.split("\n") if line.strip())
            rows += [text[a:b] for a, b in table_lines(text)]
        out.append(f"| {name} | {docs:,} | {lines:,} | {len(rows):,} | {len(rows) / max(lines, 1):.2%} |")
        samples.append((name, rng.sample(rows, min(SAMPLE, len(rows)))))
    out.append("")
    for name, rows in samples:
        out.append(f"Sample, {name}:")
        out.extend(f"- `{r.strip()[:100]}`" for r in rows)
        out.append("")
    text = "\n".join(out)
    print(text)
    (ROOT / "benchmarks" / "results" / "table-lines.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
