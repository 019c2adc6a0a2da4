"""How often `score` takes a changed phrase for a correction (an edit, not a
rewording), for spinner swaps and for human substitutions: the measurement
behind the edit kinds of ``spindetect.scoring.fluency.edit_kind``.

Run from the repository root (needs the corpus of
``python -m devtools.build_corpus`` and ``../shared/data``)::

    python -m devtools.edit_kinds            # dev split and even-id ETPC rows

* **Spinner swaps**: every content swap `score` finds (fast path, no judge)
  in the dev split's spun pairs of the trained families (the unseen family
  and source stay out: they are kept out of all tuning).
* **Human substitutions**: ETPC's annotated same-polarity substitutions put
  back in their MSRP sentence (``devtools.shared_data.etpc_substitution_pairs``),
  rows of *even* MSRP pair ids only (the odd ones are the test rows of
  ``benchmarks/oddness.py``).

Prints, for each side, how many content swaps there are and how many of
them each edit kind takes, with up to ``--examples`` spinner swaps per kind
(each one a spinner swap the rules would excuse: the cost of the rule).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
from collections import Counter
from typing import Any

from devtools.corpus import corpus_rows
from devtools.shared_data import etpc_substitution_pairs


def _swaps(item: tuple[str, str, str]) -> list[tuple[str, str, str | None]]:
    import spindetect

    _, a, b = item
    report = spindetect.Detector(judge=False).score(a, b)
    return [(s.original, s.replacement, s.edit) for s in report.swaps if s.content]


def _count(items: list[tuple[str, str, str]], processes: int) -> tuple[int, Counter[str], dict[str, list[str]]]:
    with mp.get_context("fork").Pool(processes) as pool:
        got = pool.map(_swaps, items, chunksize=8)
    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    total = 0
    for swaps in got:
        for original, replacement, edit in swaps:
            total += 1
            if edit is not None:
                kinds[edit] += 1
                examples.setdefault(edit, []).append(f"{original!r} -> {replacement!r}")
    return total, kinds, examples


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m devtools.edit_kinds", description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--examples", type=int, default=8, help="spinner swaps shown per edit kind")
    args = parser.parse_args(argv)
    os.environ["SPINDETECT_JUDGE"] = "0"
    spun = [(r["id"], r["a"], r["b"]) for r in corpus_rows() if r["split"] == "dev" and r["label"] == "spun"]
    human = [(r["id"], r["a"], r["b"]) for r in etpc_substitution_pairs() if r["mrpc_pair_id"] % 2 == 0]
    out: dict[str, Any] = {}
    for name, items in (("spinner swaps (dev split)", spun), ("ETPC human substitutions (even ids)", human)):
        total, kinds, examples = _count(items, args.processes)
        edits = sum(kinds.values())
        out[name] = {"pairs": len(items), "swaps": total, "edits": edits, "kinds": dict(kinds)}
        print(f"{name}: {len(items)} pairs, {total} content swaps, {edits} taken for edits ({edits / max(total, 1):.4f})")
        for kind, n in kinds.most_common():
            shown = "; ".join(examples[kind][: args.examples]) if name.startswith("spinner") else ""
            print(f"  {kind}: {n}" + (f"  e.g. {shown}" if shown else ""))
    return out


if __name__ == "__main__":
    main()
