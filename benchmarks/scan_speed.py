"""Speed of ``scan`` on new text: this checkout against a baseline revision, same run.

Run from the repository root:

    python -m benchmarks.scan_speed                    # baseline: BASELINE_REV
    python -m benchmarks.scan_speed --baseline HEAD~3 --texts 600

What it measures (results in ``benchmarks/results/scan_speed.md``), on the
fast path (``SPINDETECT_JUDGE=0`` in the timed processes: the judge off):

* **MB/s on new text, one core, in a fresh process**, per second of CPU
  time (the machine is shared: other jobs stretch wall-clock time, not the
  process's CPU time; wall-clock MB/s are reported beside): test-split texts of
  ``benchmarks/corpus/pairs.jsonl`` (both sides, each text once), scanned
  once each (first pass: no cache holds them), after one train-split text
  scanned to load every resource (lexicon, counts, models, bigrams,
  WordNet, vectors). The texts are new to the process,
  as a user's are; a second pass over the same texts would flatter, since
  the scanner remembers window verdicts.
* **Baseline in the same run**: the baseline revision is exported with
  ``git archive`` into a temporary folder and timed the same way, in its
  own fresh process, alternating with this checkout ``--rounds`` times (the
  machine is shared and noisy: the ratio of medians is the number to read).
* **Where the time goes**: the top entries of a cProfile run (cumulative
  and own time) of each version on the first ``--profile-texts`` texts.
* **Same results**: P(spun), the text features and the phrases (with
  their suggestions and evidence) of both versions on the first ``--check``
  texts and the seeds must agree (numbers to relative 1e-9); the count of
  texts that differ is reported.

Not a timed test: numbers go to the results file, nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus" / "pairs.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "scan_speed.md"

#: Today's shipped scan before the fifth round of speed work of issue 14
#: (item 6); the fourth round started from 3cf8105, the third from 0b2291d,
#: the second from de99d69, the first from 784b44d.
BASELINE_REV = "7b6e050"

#: Texts timed (test split, in corpus order, each text once).
TEXTS = 800

#: Lines kept of each profile table.
PROFILE_LINES = 14

_WORKER = r"""
import cProfile, io, json, pstats, sys, time
sys.path.insert(0, sys.argv[1])
from spindetect.scanning.scanner import Scanner
texts = json.load(open(sys.argv[2], encoding="utf-8"))
mode = sys.argv[3]
scanner = Scanner()
scanner.scan(json.load(open(sys.argv[5], encoding="utf-8")))  # loads every resource


def scan(text):
    try:
        scanner.scan(text)
    except ValueError:  # not English: refused, as for a user
        pass


size = sum(len(t.encode("utf-8")) for t in texts)
if mode == "dump-rule-off":  # this checkout with the short-context rule of e521783 off
    from spindetect.scanning import surroundings
    surroundings.DocContext.__init__.__kwdefaults__["min_words"] = 1
    surroundings.DocContext.__init__.__kwdefaults__["min_different"] = 1
    mode = "dump"
if mode == "dump":  # what must not change: P(spun), the text features, the phrases
    out = []
    for t in texts:
        try:
            r = scanner.scan(t)
        except ValueError as exc:
            out.append({"error": str(exc)})
            continue
        out.append({"p": r.probability, "f": r.features, "phrases": [p.to_dict() for p in r.phrases]})
    print(json.dumps(out))
elif mode == "layers":  # where the CPU time goes: the floor's text preparation, its first look-ups, scanning
    import spindetect.scanning.scanner as S
    from spindetect.scanning import features as F, window_stage as WS
    from spindetect.scanning.scanner import Scanner

    def timed(sc):
        acc = {"prepare": 0.0, "check_english": 0.0}
        orig = {k: getattr(S, k) for k in ("_prepare_prose", "check_english")}

        def wrap(key, name):
            def f(*a, **k):
                t = time.process_time()
                try:
                    return orig[name](*a, **k)
                finally:
                    acc[key] += time.process_time() - t
            return f

        S._prepare_prose, S.check_english = wrap("prepare", "_prepare_prose"), wrap("check_english", "check_english")
        c0 = time.process_time()
        for t in texts:
            try:
                sc.scan(t)
            except ValueError:
                pass
        total = time.process_time() - c0
        S._prepare_prose, S.check_english = orig["_prepare_prose"], orig["check_english"]
        return {"total": total, **acc}

    first = timed(scanner)
    # again with a new Scanner and the scanning wing's own caches emptied: the
    # floor's caches (tokens per chunk, WordNet synonyms, Zipf values) stay warm
    WS.wordnet_term.cache_clear()
    S._phrase_zipf.cache_clear()
    F._commoner_synonym_gap.cache_clear()
    again = timed(Scanner())
    print(json.dumps({"megabytes": size / 1e6, "first": first, "floor_warm": again}))
elif mode == "time":
    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        scan(t)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"megabytes": size / 1e6, "seconds": dt, "cpu_seconds": dc,
                      "mb_per_s": size / 1e6 / dc, "wall_mb_per_s": size / 1e6 / dt}))
else:
    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        scan(t)
    prof.disable()
    out = {}
    for key in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(int(sys.argv[4]))
        out[key] = buf.getvalue()
    print(json.dumps(out))
"""


def corpus_texts(n: int, split: str = "test") -> list[str]:
    """The first ``n`` distinct ``split`` texts of the corpus (both sides)."""
    seen: dict[str, None] = {}
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("split") != split:
                continue
            for side in ("a", "b"):
                seen.setdefault(row[side], None)
            if len(seen) >= n:
                break
    return list(seen)[:n]


def export(rev: str, into: Path) -> Path:
    """The package of revision ``rev`` (git archive), unpacked under ``into``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "spindetect"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    target = into / rev.replace("/", "_")
    target.mkdir(parents=True)
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def run(code_root: Path, texts_file: Path, mode: str, lines: int = PROFILE_LINES) -> dict:
    warm = texts_file.parent / "warm_up.json"
    proc = subprocess.run(
        [sys.executable, "-c", _WORKER, str(code_root), str(texts_file), mode, str(lines), str(warm)],
        cwd=code_root,
        capture_output=True,
        text=True,
        # the fast path: the language-model judge off (SPINDETECT_JUDGE=0), or
        # an installed judge would be timed as well
        env={**os.environ, "SPINDETECT_JUDGE": "0"},
    )
    if proc.returncode:
        raise RuntimeError(f"scan_speed worker failed in {code_root}:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def same_results(before: list[dict], after: list[dict], rel: float = 1e-9) -> tuple[int, float]:
    """Texts whose P(spun), text features or phrases differ beyond ``rel``,
    and the largest relative difference of a number."""
    bad, worst = 0, 0.0
    for x, y in zip(before, after, strict=True):
        if "error" in x or "error" in y:
            bad += x != y
            continue
        pairs = [(x["p"], y["p"])] + [(x["f"][k], y["f"].get(k, float("nan"))) for k in x["f"]]
        diffs = [abs(u - v) / max(abs(u), abs(v), 1e-300) if u != v else 0.0 for u, v in pairs]
        worst = max(worst, *diffs)
        bad += any(not d <= rel for d in diffs) or x["phrases"] != y["phrases"] or x["f"].keys() != y["f"].keys()
    return bad, worst


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default=BASELINE_REV, help="git revision to compare with")
    ap.add_argument("--texts", type=int, default=TEXTS)
    ap.add_argument("--rounds", type=int, default=3, help="alternating timed runs of each version")
    ap.add_argument("--profile-texts", type=int, default=200)
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--check", type=int, default=300, help="texts (plus the seeds) whose results must not change")
    ap.add_argument(
        "--rule-off",
        action="store_true",
        help="also compare the baseline with this checkout with the short-context rule (surroundings.MIN_CONTEXT_WORDS, "
        "e521783) off: the speed work alone must change nothing",
    )
    args = ap.parse_args(argv)
    texts = corpus_texts(args.texts)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        texts_file = tmpdir / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        # one train-split text, scanned first, loads every resource (lexicon,
        # counts, models, bigrams, WordNet, vectors): loading is not scanning
        (tmpdir / "warm_up.json").write_text(json.dumps(corpus_texts(1, "train")[0]), encoding="utf-8")
        profile_file = tmpdir / "profile_texts.json"
        profile_file.write_text(json.dumps(texts[: args.profile_texts]), encoding="utf-8")
        versions = {f"baseline {args.baseline}": export(args.baseline, tmpdir), "this checkout": ROOT}
        timings: dict[str, list[dict]] = {name: [] for name in versions}
        for _ in range(args.rounds):
            for name, root in versions.items():
                timings[name].append(run(root, texts_file, "time"))
                print(f"{name}: {timings[name][-1]['mb_per_s']:.3f} MB/s (CPU time)", flush=True)
        profiles = {name: run(root, profile_file, "profile") for name, root in versions.items()}
        layers = run(ROOT, texts_file, "layers")
        check_file = tmpdir / "check_texts.json"
        seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "seeds").glob("*.txt"))]
        check_file.write_text(json.dumps(texts[: args.check] + seeds), encoding="utf-8")
        dumps = [run(root, check_file, "dump") for root in versions.values()]
        rule_off = run(ROOT, check_file, "dump-rule-off") if args.rule_off else None
    bad, worst = same_results(*dumps)
    res = {
        "texts": len(texts),
        "megabytes": timings["this checkout"][0]["megabytes"],
        "mb_per_s": {name: statistics.median(t["mb_per_s"] for t in ts) for name, ts in timings.items()},
        "wall_mb_per_s": {name: statistics.median(t["wall_mb_per_s"] for t in ts) for name, ts in timings.items()},
        "runs": {name: [round(t["mb_per_s"], 4) for t in ts] for name, ts in timings.items()},
        "profiles": profiles,
        "layers": layers,
        "machine": f"{platform.machine()}, Python {platform.python_version()}, {platform.system()}, "
        f"{os.cpu_count()} cores",
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "check": {"texts": len(dumps[0]), "changed": bad, "largest_relative_difference": worst},
    }
    if rule_off is not None:
        off_bad, off_worst = same_results(dumps[0], rule_off)
        res["check_rule_off"] = {"changed": off_bad, "largest_relative_difference": off_worst}
    base, here = (res["mb_per_s"][name] for name in versions)
    res["speedup"] = here / base
    # each round times the two versions one after the other: the ratio within
    # a round is less moved by the load drifting over the run than the ratio
    # of the medians
    res["paired_speedups"] = [h / b for b, h in zip(*(res["runs"][name] for name in versions))]
    args.out.write_text(report(res, args), encoding="utf-8")
    print(f"baseline {base:.3f} MB/s, this checkout {here:.3f} MB/s: {res['speedup']:.2f}x -> {args.out}")
    return res


def report(res: dict, args: argparse.Namespace) -> str:
    lines = [
        "# scan speed on new text",
        "",
        f"`python -m benchmarks.scan_speed --baseline {args.baseline} --texts {args.texts} --rounds {args.rounds}"
        + (" --rule-off" if args.rule_off else "")
        + "`",
        "",
        f"{res['texts']} test-split texts of benchmarks/corpus/pairs.jsonl ({res['megabytes']:.2f} MB), each "
        "scanned once in a fresh process (first pass, after one train-split text that loads the resources); one core; "
        f"{res['machine']}. The machine is shared: read the ratio.",
        "",
        "MB/s are per second of the process's CPU time (one core; other jobs on the machine take",
        "wall-clock time, not CPU time); wall-clock MB/s beside them. Load average (1, 5, 15 min) "
        + "before the run {:.2f}, {:.2f}, {:.2f}; after {:.2f}, {:.2f}, {:.2f}.".format(
            *res["load_average"]["before"], *res["load_average"]["after"]
        ),
        "",
        "| version | MB/s, CPU time (median) | runs | MB/s, wall clock (median) |",
        "|---|---|---|---|",
    ]
    for name, mbs in res["mb_per_s"].items():
        runs = ", ".join(f"{r:.3f}" for r in res["runs"][name])
        lines.append(f"| {name} | {mbs:.3f} | {runs} | {res['wall_mb_per_s'][name]:.3f} |")
    c = res["check"]
    lines += [
        "",
        f"Speed-up: **{res['speedup']:.2f}x** (ratio of the medians); within each round (the two versions "
        "timed one after the other, less moved by the load drifting over the run): "
        + ", ".join(f"{r:.3f}" for r in res["paired_speedups"])
        + f", median {statistics.median(res['paired_speedups']):.3f}x.",
        "",
        f"Same results: of {c['texts']} texts (the first {args.check} timed ones and the seeds), {c['changed']} "
        "changed P(spun), a text feature (beyond relative 1e-9) or a phrase between the two versions; "
        f"largest relative difference of a number {c['largest_relative_difference']:.1e}.",
        "",
    ]
    if "check_rule_off" in res:
        o = res["check_rule_off"]
        lines += [
            "With the short-context rule of e521783 off (``DocContext(min_words=1)``, the rule before it: what "
            f"changes above is that fix, not the speed work): {o['changed']} changed, largest relative difference "
            f"{o['largest_relative_difference']:.1e}.",
            "",
        ]
    lay = res["layers"]
    f, w = lay["first"], lay["floor_warm"]
    mb = lay["megabytes"]
    scanning = w["total"] - w["prepare"] - w["check_english"]
    floor_first = f["total"] - w["total"]
    floor = f["total"] - scanning
    rows = [
        (
            "text preparation with the floor's caches warm (spindetect/text.py, text_layout.py: table/data lines, "
            "spaCy tokens, punkt sentences; line-end hyphens)",
            w["prepare"],
        ),
        ("language check (text.check_english)", w["check_english"]),
        (
            "first look-ups in the floor: WordNet synonyms, Zipf values, tokens of new chunks (the first pass "
            "minus a pass with those caches warm)",
            floor_first,
        ),
        (
            "the scanning wing: windows, restorations, context, window and text models, text features, lexicon, "
            "leftovers (its own caches cold)",
            scanning,
        ),
    ]
    lines += [
        "## Where the time goes (this checkout, the same texts, one more fresh process)",
        "",
        f"First pass: {f['total']:.2f} s CPU ({mb / f['total']:.3f} MB/s).",
        "",
        "| part | CPU s | share |",
        "|---|---|---|",
        *(f"| {name} | {sec:.2f} | {sec / f['total']:.0%} |" for name, sec in rows),
        "",
        f"The floor's part alone (all but the last row, {floor:.2f} s) would run at {mb / floor:.2f} MB/s, and "
        f"text preparation on new text ({f['prepare']:.2f} s in the first pass) at {mb / f['prepare']:.2f} MB/s: "
        "1 MB/s for all of scan needs the floor faster (tokeniser, sentence splitter, WordNet synonyms), "
        "not only the window stage.",
        "",
    ]
    for name, prof in res["profiles"].items():
        lines += [f"## Profile, {name} ({args.profile_texts} texts)", ""]
        for key in ("cumulative", "tottime"):
            body = prof[key].strip().splitlines()
            start = next((i for i, ln in enumerate(body) if ln.strip().startswith("ncalls")), 0)
            lines += [f"By {key} time:", "", "```", *body[max(0, start - 4) :], "```", ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
