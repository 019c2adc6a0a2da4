"""How far can source-free restoration go? Coverage of the PPS dev slice.

    python -m benchmarks.scan_ceiling        # needs ../shared/data; ~1 minute

For the tortured phrases of the PPS dev slice (``devtools/shared_data.py``:
``pps_dev``; never the held-out part) whose expected phrase has as many
tokens, with the lexicon built as ``python -m benchmarks.lexicon --dev`` builds it,
this counts:

* **attested**: the expected phrase is known as English to scan: seen >= 2
  times in the shipped clean counts, an original in the lexicon, every word
  bigram of it among symspellpy's Google Books bigrams, or a WordNet
  multi-word lemma;
* **swap covered**: every changed word pair (tortured word -> expected word)
  is a word swap of the lexicon or a WordNet synonym pair (what scan can put
  back), and, for comparison, with the two thesauri of the corpus spinners
  (LibreOffice mythes, Moby via AikSaurus; skipped when not installed).

A phrase can be restored only when both hold, so these shares bound
restoration accuracy for same-length phrases. Results in
``benchmarks/results/scan-ceiling.md``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from devtools.build_lexicon import pps_lexicon, seed_pair_lexicon
from devtools.shared_data import clean_expected, pps_dev, pps_held_out, pps_rows, require_shared
from devtools.spinners import ThesaurusMissingError, load_moby, load_mythes
from spindetect.resources.lexicon import phrase_key
from spindetect.resources.phrases import default_phrases
from spindetect.resources.wordnet_graph import get_graph
from spindetect.resources.words import web_bigrams

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def wordnet_pair(a: str, b: str) -> bool:
    g = get_graph()
    return b in {n.lower() for n in g.lemma_names(a)} or a in {n.lower() for n in g.lemma_names(b)}


def thesauri() -> dict[str, dict[str, set[str]]]:
    out = {}
    for loader in (load_mythes, load_moby):
        try:
            th = loader()
        except ThesaurusMissingError:
            continue
        table: dict[str, set[str]] = {}
        for head, meanings in th.entries.items():
            for _, groups in meanings:
                for _, terms in groups:
                    table.setdefault(head, set()).update(t.lower() for t in terms if " " not in t)
        out[th.name] = table
    return out


def main() -> None:
    require_shared()
    rows = pps_rows()
    lex = pps_lexicon([r for r in rows if not pps_held_out(r) and not pps_dev(r)], name="pps-dev")[0]
    lex = lex.merge(seed_pair_lexicon(), name="pps-dev+seed")
    swaps, originals, counts, web, g = lex.word_swaps(), lex.originals(), default_phrases(), web_bigrams(), get_graph()
    extra = thesauri()
    st: Counter[str] = Counter()
    for r in rows:
        if not pps_dev(r):
            continue
        t, e = phrase_key(r["tortured_phrase"]), phrase_key(clean_expected(r["expected_phrase"]))
        st["dev rows"] += 1
        if len(t) != len(e) or t == e:
            continue
        st["same length"] += 1
        attested = (
            counts.count(e) >= 2
            or e in originals
            or all(b in web for b in zip(e, e[1:]))
            or (len(e) > 1 and "_".join(e) in g)
        )
        pairs = [(a, b) for a, b in zip(t, e) if a != b]
        ours = all((a in swaps and b in swaps[a]) or wordnet_pair(a, b) for a, b in pairs)
        st["attested"] += attested
        st["swap covered"] += ours
        st["both"] += attested and ours
        for name, table in extra.items():
            st[f"swap covered with {name}"] += all(
                (a in swaps and b in swaps[a]) or wordnet_pair(a, b) or b in table.get(a, ()) or a in table.get(b, ())
                for a, b in pairs
            )
    n = st["same length"]
    lines = [
        "# How far can source-free restoration go?",
        "",
        "`python -m benchmarks.scan_ceiling`: PPS dev slice, rows whose tortured and expected phrases have as many tokens.",
        "",
        "| measure | rows | share |",
        "|---|---|---|",
    ]
    for k in ("dev rows", "same length"):
        lines.append(f"| {k} | {st[k]} | |")
    for k, v in st.items():
        if k not in ("dev rows", "same length"):
            lines.append(f"| {k} | {v} | {v / n:.3f} |")
    md = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scan-ceiling.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
