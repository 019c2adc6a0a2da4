"""How often scan takes a line of clean prose for a table row or data and skips it.

``spindetect.text.not_prose`` finds table rows (names and numbers laid out in
columns) and data runs (40+ characters without a space: base64, long URLs);
``scan`` leaves them out of the words it judges. This counts, per
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
from spindetect.text import not_prose

ROOT = Path(__file__).resolve().parent.parent

#: Rows shown per domain.
SAMPLE = 8


def main() -> None:
    require_shared()
    rng = random.Random(0)
    out = [
        "# Clean text that scan skips as not prose",
        "",
        "`python -m benchmarks.table_lines`: spans of the shared clean text that `spindetect.text.not_prose`",
        "takes for table rows or data runs (scan skips them), against the text's non-empty lines.",
        "",
        "| domain | documents | lines | spans skipped (table rows or data runs) | per line |",
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
            rows += [text[a:b] for a, b in not_prose(text)]
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
