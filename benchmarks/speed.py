"""Speed of score(): seed pair, a 10x longer pair, cold start, difflib baseline.

Run from the repository root:

    python -m benchmarks.speed            # prints a table
    python -m benchmarks.speed --json benchmarks/results/speed.json

Measures (one process, one core):
* cold: a fresh interpreter running ``import spindetect`` and the first
  ``score`` on the seed pair (median of 3 runs);
* warm: median time of ``score`` on the seed pair (000 vs 002) and on pairs
  10x and 25x longer (each text repeated with its lines shuffled, so the pair
  stays a spun copy; 25x is over 50,000 words), after one warm-up call;
* baseline: a plain ``difflib.SequenceMatcher(autojunk=False)`` over the
  same texts' whitespace tokens, measured in the same run, and the ratio.

* judge: the same seed pair and a light-spin pair (one term of one seed
  paragraph broken, so the judge stage runs) through ``Detector(judge=False)``
  and ``Detector(judge=True)``, warm, when the judge is installed.

Targets from the issues: seed pair <= 20 ms warm without the judge, <= 1 s
with it (issue 14); cold <= 2 s. The load average (1 min) is printed beside
the figures: the machines are shared.
"""

from __future__ import annotations

import argparse
import difflib
import json
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def longer(text: str, times: int, rng: random.Random) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    out = []
    for _ in range(times):
        rng.shuffle(lines)
        out.extend(lines)
    return "\n".join(out)


def median_time(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cold_start() -> float:
    code = (
        "import time; t0 = time.perf_counter(); import spindetect, pathlib; "
        "s = pathlib.Path('data/seeds'); a = next(s.glob('000_*')).read_text(); b = next(s.glob('002_*')).read_text(); "
        "spindetect.score(a, b); print(time.perf_counter() - t0)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


def difflib_baseline(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    import spindetect

    rng = random.Random(0)
    a, b = seed("000"), seed("002")
    a10, b10 = longer(a, 10, rng), longer(b, 10, rng)
    a25, b25 = longer(a, 25, rng), longer(b, 25, rng)
    rows = []
    for name, x, y, rep in [
        ("seed pair", a, b, args.repeat),
        ("10x pair", a10, b10, max(3, args.repeat // 5)),
        ("25x pair", a25, b25, 1),
    ]:
        t_score = median_time(lambda x=x, y=y: spindetect.score(x, y), rep)
        t_diff = median_time(lambda x=x, y=y: difflib_baseline(x, y), rep)
        words = len(x.split()) + len(y.split())
        rows.append(
            {
                "pair": name,
                "words": words,
                "score_ms": t_score * 1000,
                "difflib_ms": t_diff * 1000,
                "ratio": t_score / t_diff,
            }
        )
    judge_rows = []
    from spindetect.resources.language_model import available_judge

    if available_judge() is not None:
        from spindetect.scoring import judging

        para = max((p for p in b.split("\n\n") if len(p.split()) > 60), key=len)
        swaps = (("government", "authority"), ("minister", "priest"), ("said", "stated"))
        light = next((para.replace(f" {w} ", f" {x} ", 1) for w, x in swaps if f" {w} " in para), para)
        for name, x, y in (("seed pair", a, b), ("light-spin paragraph", para, light)):
            for judge in (False, True):
                det = spindetect.Detector(judge=judge)

                def fresh(x: str = x, y: str = y, det: Any = det) -> Any:
                    # the judge keeps recent sentences' log-probabilities:
                    # forget them, so each timed call reads its sentences anew
                    judging._SENTENCES.clear()
                    return det.score(x, y)

                t = median_time(fresh, max(3, args.repeat // 3))
                judged = det.score(x, y).signature["judge"] != "none"
                judge_rows.append({"pair": name, "judge": judge, "judged": judged, "score_ms": t * 1000})
    cold = cold_start()
    import os

    print(f"spindetect {spindetect.__version__}, Python {platform.python_version()}, {platform.machine()}")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
    print(f"{'pair':10} {'words':>7} {'score ms':>9} {'difflib ms':>11} {'ratio':>6}")
    for r in rows:
        print(f"{r['pair']:10} {r['words']:7d} {r['score_ms']:9.1f} {r['difflib_ms']:11.1f} {r['ratio']:6.2f}")
    print(f"cold start (import + first score on the seed pair): {cold:.2f} s")
    for r in judge_rows:
        print(
            f"{r['pair']:22} Detector(judge={r['judge']!s:5}): {r['score_ms']:8.1f} ms (judge stage ran: {r['judged']})"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "version": spindetect.__version__,
                    "python": platform.python_version(),
                    "rows": rows,
                    "judge_rows": judge_rows,
                    "load_1min": os.getloadavg()[0],
                    "cold_start_s": cold,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
