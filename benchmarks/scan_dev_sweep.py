"""Sweep scan's pattern settings on the PPS *dev* slice (never the held-out part).

    python benchmarks/scan_dev_sweep.py      # needs ../shared/data; ~2 minutes

For each setting, runs ``benchmarks/lexicon.py --dev`` in a fresh process
with the setting patched in, and prints recall, precision and restoration on
the dev slice and false alarms in dev-split clean text. Settings:

* ``MIN_PATTERN_WEIGHT`` and ``SPIN_PRIOR_LAMBDA`` of ``spindetect.scan``;
* ``wordnet_mwe``: multi-word WordNet lemmas count as attested restorations.

A tool for choosing settings; it changes nothing in the package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUNNER = r"""
import functools, importlib, os, runpy, sys
S = importlib.import_module("spindetect.scan")
cfg = dict(kv.split("=") for kv in os.environ.get("SWEEP", "").split() if kv)
if "MIN_PATTERN_WEIGHT" in cfg:
    S.MIN_PATTERN_WEIGHT = float(cfg["MIN_PATTERN_WEIGHT"])
if "SPIN_PRIOR_LAMBDA" in cfg:
    S.SPIN_PRIOR_LAMBDA = float(cfg["SPIN_PRIOR_LAMBDA"])
if cfg.get("wordnet_mwe") == "1":
    from spindetect.wordnet_graph import get_graph
    base = S._restorations
    @functools.lru_cache(maxsize=None)
    def mwe(cand):
        return len(cand) > 1 and "_".join(cand) in get_graph()
    def patched(window, swaps, counts, originals):
        out = [(c, 3.0 if (s == 0 and mwe(c)) else s) for c, s in base(window, swaps, counts, originals)]
        return sorted(out, key=lambda kv: (-kv[1], kv[0]))
    S._restorations = patched
sys.argv = ["lexicon.py", "--dev"]
runpy.run_path(sys.argv_path, run_name="__main__")
"""

SETTINGS = (
    "",
    "wordnet_mwe=1",
    "MIN_PATTERN_WEIGHT=0.55",
    "wordnet_mwe=1 MIN_PATTERN_WEIGHT=0.55",
    "SPIN_PRIOR_LAMBDA=0.5",
    "SPIN_PRIOR_LAMBDA=2",
)


def main() -> None:
    print("| setting | recall | precision | restoration top-1 | clean flags / 1,000 words (enc / news / sci) |")
    print("|---|---|---|---|---|")
    for setting in SETTINGS:
        env = dict(os.environ, SWEEP=setting)
        code = RUNNER.replace("sys.argv_path", repr(str(ROOT / "benchmarks" / "lexicon.py")))
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True)
        res = json.loads((ROOT / "benchmarks" / "results" / "lexicon-dev.json").read_text())
        u, c = res["unseen_tortured"], res["clean_text"]
        flags = " / ".join(f"{c[d]['flags_per_1000_words']:.2f}" for d in ("encyclopedia", "news", "science"))
        print(
            f"| {setting or '(shipped)'} | {u['recall']:.3f} | {u['precision']:.3f} | {u['restoration_top1_all']:.3f} | {flags} |"
        )


if __name__ == "__main__":
    main()
