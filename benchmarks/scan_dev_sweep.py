"""Sweep scan's reporting thresholds on the PPS *dev* slice (never the held-out part).

    python -m benchmarks.scan_dev_sweep      # needs ../shared/data; ~3 minutes

For each setting, runs ``python -m benchmarks.lexicon --dev
--min-pattern-weight T`` in a fresh process, and prints recall, precision,
F0.5 and restoration on the dev slice and false alarms in dev-split clean
text. The setting is ``ScannerConfig.min_pattern_weight`` (the window
model's P(spun) from which a window is reported); the shipped default is the
one with the best F0.5.

A tool for choosing settings; it changes nothing in the package.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Values of ScannerConfig.min_pattern_weight tried.
SETTINGS = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def main() -> None:
    print("| setting | recall | precision | F0.5 | restoration top-1 | clean flags / 1,000 words (enc / news / sci) |")
    print("|---|---|---|---|---|---|")
    for setting in SETTINGS:
        subprocess.run(
            [sys.executable, "-m", "benchmarks.lexicon", "--dev", "--min-pattern-weight", str(setting)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        res = json.loads((ROOT / "benchmarks" / "results" / "lexicon-dev.json").read_text())
        u, c = res["unseen_tortured"], res["clean_text"]
        flags = " / ".join(f"{c[d]['flags_per_1000_words']:.2f}" for d in ("encyclopedia", "news", "science"))
        r, p = u["recall"], u["precision"]
        f05 = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        print(
            f"| min_pattern_weight={setting} | {r:.3f} | {p:.3f} | {f05:.3f} | {u['restoration_top1_all']:.3f} | {flags} |"
        )


if __name__ == "__main__":
    main()
