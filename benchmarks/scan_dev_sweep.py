"""Sweep scan's reporting thresholds on the PPS *dev* slice (never the held-out part).

    python -m benchmarks.scan_dev_sweep      # needs ../shared/data; ~3 minutes

For each setting, runs ``python -m benchmarks.lexicon --dev`` in a fresh
process with the setting patched in, and prints recall, precision, F0.5 and
restoration on the dev slice and false alarms in dev-split clean text. The
setting is ``MIN_PATTERN_WEIGHT`` of ``spindetect.scanning.scanner`` (the
window model's P(spun) from which a window is reported); the shipped value is
the one with the best F0.5. (Patched as a module constant until ``Scanner``
takes it as an option.)

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
import os, runpy, sys
from spindetect.scanning import scanner
cfg = dict(kv.split("=") for kv in os.environ.get("SWEEP", "").split() if kv)
if "MIN_PATTERN_WEIGHT" in cfg:
    scanner.MIN_PATTERN_WEIGHT = float(cfg["MIN_PATTERN_WEIGHT"])
sys.argv = ["benchmarks.lexicon", "--dev"]
runpy.run_module("benchmarks.lexicon", run_name="__main__", alter_sys=True)
"""

SETTINGS = tuple(f"MIN_PATTERN_WEIGHT={t}" for t in (0.6, 0.7, 0.8, 0.85, 0.9, 0.95))


def main() -> None:
    print("| setting | recall | precision | F0.5 | restoration top-1 | clean flags / 1,000 words (enc / news / sci) |")
    print("|---|---|---|---|---|---|")
    for setting in SETTINGS:
        env = dict(os.environ, SWEEP=setting)
        subprocess.run([sys.executable, "-c", RUNNER], cwd=ROOT, env=env, check=True, capture_output=True)
        res = json.loads((ROOT / "benchmarks" / "results" / "lexicon-dev.json").read_text())
        u, c = res["unseen_tortured"], res["clean_text"]
        flags = " / ".join(f"{c[d]['flags_per_1000_words']:.2f}" for d in ("encyclopedia", "news", "science"))
        r, p = u["recall"], u["precision"]
        f05 = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        print(f"| {setting} | {r:.3f} | {p:.3f} | {f05:.3f} | {u['restoration_top1_all']:.3f} | {flags} |")


if __name__ == "__main__":
    main()
