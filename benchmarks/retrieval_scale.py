"""Source retrieval at scale: 10,000 to 1,000,000 documents (issue 16).

Run from the repository root (needs ``../shared/data``)::

    python -m benchmarks.retrieval_scale --docs 1e4 1e5        # a few minutes
    nice python -m benchmarks.retrieval_scale --docs 1e4 1e5 1e6  # about half an hour more

It writes ``benchmarks/results/retrieval-scale.json`` and ``.md`` and prints
the tables.

* **Haystack** of ``N`` documents: half real (the ~20,700 documents of
  ``benchmarks/retrieval.py``, shuffled; all of them from 41,400 documents
  on), the rest generated from them (``benchmarks/retrieval_haystack.py``
  says how, and why they are not easier than real ones: real sentence
  skeletons, shared boilerplate, republished stories, stories rewritten by
  other outlets, near duplicates). Generated on the fly, never held.
* **Queries**: 300 real source documents (news, encyclopedia, science,
  QuillBot originals; >= 50 words), drawn from the real documents present at
  every size, so the same queries are asked at every size. Each is spun by
  ``devtools.spinners``: :class:`WordNetSpinner` at 5, 10, 20, 30, 50 and
  75% of content words; :class:`TorturedPhraseSpinner` (phrase-level:
  "deep learning" -> "profound learning", WordNet for the rest) at 30 and
  75%; :class:`ThesaurusSpinner` (LibreOffice's thesaurus, when installed)
  at 50%. SpinBot-style function-word swaps are on (the spinners' default).
* **Index**: :func:`spindetect.screening.building.build_index` streams the
  documents into a saved index (shards on disk), in a fresh one-thread
  process pinned to the CPU least busy when it starts; documents/s counts
  everything but generating the texts (fingerprints, MinHash, writing
  shards, sorting the band table, SHA-256 of the files), per CPU-second of
  the process (one core's work, whatever else runs on the machine) and per
  wall-clock second. Peak memory is that process's peak RSS (the generator's
  real-text pool included).
* **Queries** run in two more fresh processes pinned to one core: the index
  loaded into memory, and loaded memory-mapped (``mmap=True``). Load time
  without the SHA-256 check (its time is shown apart); queries/s counts
  ``index.find(text, k=5)`` (fingerprint, MinHash, LSH, exact re-ranking).
* **Recall**: strict (the top result is the source) and by near-duplicate
  group (the top result is the source or lists it in
  :attr:`~spindetect.screening.index.Match.duplicates`: a republished copy
  of the source is as good an answer).
* **Growth**: each figure's exponent ``b`` in ``figure ~ N**b`` from a
  least-squares fit on the log-log points (``b < 1``: sublinear).

Goals (issue 16): recall@1 >= 0.99 at <= 30% substitution and >= 0.95 at
50-75%, at 1,000,000 documents; >= 5,000 documents/s indexed and >= 500
queries/s on one core; the 1,000,000-document index <= 2 GB in memory; query
time sublinear in ``N``.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.retrieval import DATA, QUERY_KINDS, RESULTS, ROOT, load_haystack

#: The real documents queries are drawn from: present at every size >= 10,000.
QUERY_POOL = 5_000
SOURCES = 300
SEED = 16
WORDNET_RATES = (0.05, 0.1, 0.2, 0.3, 0.5, 0.75)
TORTURED_RATES = (0.3, 0.75)
THESAURUS_RATES = (0.5,)
GOALS = {"recall@1_low": 0.99, "recall@1_high": 0.95, "docs_per_s": 5000, "queries_per_s": 500, "memory_gb": 2.0}


def _load_avg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _rss_mb(field: str = "VmRSS") -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _cpu_busy() -> dict[int, float]:
    """Busy jiffies of each CPU (Linux /proc/stat)."""
    out: dict[int, float] = {}
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("cpu") and line[3:4].isdigit():
                f = [int(x) for x in line.split()[1:]]
                out[int(line.split()[0][3:])] = sum(f[:8]) - f[3] - f[4]
    except (OSError, ValueError):
        pass
    return out


def _pin() -> None:
    """One thread, on the CPU least busy over the last half second (the
    machine is shared: a fixed CPU may be the one another job keeps busy)."""
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[k] = "1"
    if hasattr(os, "sched_setaffinity"):
        a = _cpu_busy()
        time.sleep(0.5)
        b = _cpu_busy()
        allowed = os.sched_getaffinity(0)
        cpu = min(allowed, key=lambda c: (b.get(c, 0) - a.get(c, 0), c))
        os.sched_setaffinity(0, {cpu})


def make_queries(real: list[tuple[str, str, str]], n_sources: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from devtools import spinners

    rng = random.Random(SEED)
    eligible = [d for d in real[:QUERY_POOL] if d[2] in QUERY_KINDS and len(d[1].split()) >= 50]
    chosen = rng.sample(eligible, n_sources)
    wordnet = spinners.WordNetSpinner()
    plan: list[tuple[str, Any, tuple[float, ...]]] = [
        ("wordnet", wordnet, WORDNET_RATES),
        ("tortured-phrase", spinners.TorturedPhraseSpinner(wordnet=wordnet), TORTURED_RATES),
    ]
    try:
        plan.append(("thesaurus", spinners.ThesaurusSpinner("mythes"), THESAURUS_RATES))
    except spinners.ThesaurusMissingError as exc:
        print(f"no thesaurus spinner: {exc}", file=sys.stderr)
    queries: list[dict[str, Any]] = []
    realised: dict[str, list[float]] = {}
    for name, spinner, rates in plan:
        for rate in rates:
            for j, (doc_id, text, kind) in enumerate(chosen):
                res = spinner.spin_detailed(text, rate, random.Random(j * 1000 + int(rate * 100)))
                key = f"{name}@{rate:g}"
                queries.append({"variant": key, "rate": rate, "source": doc_id, "kind": kind, "text": res.text})
                realised.setdefault(key, []).append(res.realised_rate)
    kinds: dict[str, int] = {}
    for _, _, k in chosen:
        kinds[k] = kinds.get(k, 0) + 1
    return queries, {
        "sources": n_sources,
        "source_kinds": kinds,
        "realised_rate_mean": {k: round(sum(v) / len(v), 3) for k, v in realised.items()},
    }


# -- the measured processes ----------------------------------------------------------------


def _build(workdir: str, n: int, conn: Any) -> None:
    try:
        _pin()
        from benchmarks.retrieval_haystack import Haystack
        from spindetect.screening.building import build_index

        real = [tuple(d) for d in json.loads((Path(workdir) / "real.json").read_text(encoding="utf-8"))]
        hay = Haystack(real, SEED)
        n_real = hay.real_count(n)
        kinds: dict[str, int] = {"real": n_real}
        gen_seconds = gen_cpu = 0.0

        def documents():  # type: ignore[no-untyped-def]
            nonlocal gen_seconds, gen_cpu
            for doc_id, text, _ in real[:n_real]:
                yield doc_id, text
            t, c = time.perf_counter(), time.process_time()
            for i in range(n - n_real):
                kind, text = hay.generated(i, n_real)
                kinds[kind] = kinds.get(kind, 0) + 1
                gen_seconds += time.perf_counter() - t
                gen_cpu += time.process_time() - c
                yield f"gen/{i}", text
                t, c = time.perf_counter(), time.process_time()

        path = Path(workdir) / f"index-{n}"
        if path.exists():
            shutil.rmtree(path)
        load0 = _load_avg()
        t0, c0 = time.perf_counter(), time.process_time()
        index = build_index(path, documents())
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        files = {p.name: p.stat().st_size for p in path.iterdir()}
        conn.send(
            {
                "documents": len(index),
                "kinds": kinds,
                "seconds": round(total, 1),
                "generation_seconds": round(gen_seconds, 1),
                "docs_per_s": round(len(index) / (total - gen_seconds), 1),
                "cpu_seconds": round(cpu - gen_cpu, 1),
                "docs_per_cpu_s": round(len(index) / (cpu - gen_cpu), 1),
                "cpu": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
                "peak_rss_mb": round(_rss_mb("VmHWM"), 1),
                "disk_mb": round(sum(files.values()) / 2**20, 1),
                "files_mb": {k: round(v / 2**20, 1) for k, v in sorted(files.items())},
                "shingles_per_doc": round(
                    json.loads((path / "header.json").read_text())["counts"]["shingles"] / max(len(index), 1), 1
                ),
                "load_avg_before": load0,
                "load_avg_after": _load_avg(),
            }
        )
    except BaseException as exc:
        conn.send({"error": f"{type(exc).__name__}: {exc}"})
        raise


def _query(workdir: str, n: int, mmap: bool, conn: Any) -> None:
    try:
        _pin()
        import gc

        from spindetect import SourceIndex

        queries = json.loads((Path(workdir) / "queries.json").read_text(encoding="utf-8"))
        path = Path(workdir) / f"index-{n}"
        gc.collect()
        rss0 = _rss_mb()
        load0 = _load_avg()
        t0 = time.perf_counter()
        index = SourceIndex.load(path, verify=False, mmap=mmap)
        t_load = time.perf_counter() - t0
        rss_loaded = _rss_mb()
        index.find(queries[0]["text"])  # builds nothing with a saved band table; warms the hasher
        hits: dict[str, list[tuple[bool, bool, bool, bool]]] = {}
        checked = 0
        t0, c0 = time.perf_counter(), time.process_time()
        for q in queries:
            m = index.find(q["text"], k=5)
            src = q["source"]
            ids = m.ids
            top1 = bool(ids) and ids[0] == src
            group1 = bool(ids) and (top1 or src in m[0].duplicates)
            in5 = src in ids
            group5 = in5 or any(src in x.duplicates for x in m)
            hits.setdefault(q["variant"], []).append((top1, in5, group1, group5))
            checked += m.checked
        t_query, c_query = time.perf_counter() - t0, time.process_time() - c0
        rss_after = _rss_mb()
        t0 = time.perf_counter()
        SourceIndex.load(path, verify=True, mmap=True)
        t_verify = time.perf_counter() - t0
        recall = {
            key: {
                "recall@1": round(sum(h[0] for h in v) / len(v), 4),
                "recall@5": round(sum(h[1] for h in v) / len(v), 4),
                "group_recall@1": round(sum(h[2] for h in v) / len(v), 4),
                "group_recall@5": round(sum(h[3] for h in v) / len(v), 4),
                "n": len(v),
            }
            for key, v in hits.items()
        }
        conn.send(
            {
                "mmap": mmap,
                "load_seconds": round(t_load, 2),
                "verify_load_seconds": round(t_verify, 2),
                "rss_before_load_mb": round(rss0, 1),
                "rss_after_load_mb": round(rss_loaded, 1),
                "index_memory_mb": round(rss_loaded - rss0, 1),
                "rss_after_queries_mb": round(rss_after, 1),
                # RssFile: pages of the mapped files (the page cache, shared and
                # reclaimable); RssAnon: memory of the process's own
                "rss_anon_after_queries_mb": round(_rss_mb("RssAnon"), 1),
                "rss_file_after_queries_mb": round(_rss_mb("RssFile"), 1),
                "peak_rss_mb": round(_rss_mb("VmHWM"), 1),
                "queries": len(queries),
                "queries_per_s": round(len(queries) / t_query, 1),
                "queries_per_cpu_s": round(len(queries) / c_query, 1),
                "ms_per_query": round(1000 * t_query / len(queries), 3),
                "mean_checked": round(checked / len(queries), 1),
                "recall": recall,
                "load_avg_before": load0,
                "load_avg_after": _load_avg(),
            }
        )
    except BaseException as exc:
        conn.send({"error": f"{type(exc).__name__}: {exc}"})
        raise


def _run(target: Any, *args: Any) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(*args, child))
    proc.start()
    child.close()
    out = parent.recv()
    proc.join()
    if "error" in out:
        raise RuntimeError(out["error"])
    return out


# -- report ----------------------------------------------------------------------------------


def exponent(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log(y) on log(x)."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return round(sum((p[0] - mx) * (p[1] - my) for p in pts) / den, 3) if den else None


def markdown(res: dict[str, Any]) -> str:
    runs = res["runs"]
    sizes = [r["documents"] for r in runs]
    head = " | ".join(f"{n:,}" for n in sizes)
    lines = [
        "# Source retrieval at scale (issue 16)",
        "",
        f"Command: `{res['command']}`. Machine: {res['machine']['cpus']} CPUs (shared with other jobs), "
        f"Python {res['machine']['python']}, commit {res['machine']['commit']}. Every figure is from one "
        "process of one thread, pinned to the CPU least busy when it starts; the machine is shared, so rates "
        "are given per CPU-second of that process (what one core does) and per wall-clock second (what it did "
        "beside the other jobs); the load average (1, 5, 15 min) is printed beside each run.",
        "",
        f"Queries: {res['queries']['total']:,} ({res['queries']['sources']} real sources x "
        f"{len(res['queries']['realised_rate_mean'])} spinner variants; realised substitution rate: "
        + ", ".join(f"{k} {v:.3f}" for k, v in res["queries"]["realised_rate_mean"].items())
        + ").",
        "",
        "## Recall of the source (strict recall@1 / recall@5; group recall@1: the source or its near duplicate first)",
        "",
        f"| variant | {head} |",
        "|---|" + "---|" * len(sizes),
    ]
    for variant in runs[0]["memory"]["recall"]:
        cells = []
        for r in runs:
            v = r["memory"]["recall"][variant]
            cells.append(f"{v['recall@1']:.3f} / {v['recall@5']:.3f} (group {v['group_recall@1']:.3f})")
        lines.append(f"| {variant} | " + " | ".join(cells) + " |")
    g = res["growth"]

    def row(name: str, values: list[Any], key: str | None = None) -> str:
        b = g.get(key) if key else None
        return f"| {name} | " + " | ".join(str(v) for v in values) + f" | {'' if b is None else b} |"

    lines += [
        "",
        "## Speed, memory, disk (exponent b: figure ~ N**b, least squares on log-log)",
        "",
        f"| figure | {head} | b |",
        "|---|" + "---|" * (len(sizes) + 1),
        row("documents indexed / s, wall clock", [f"{r['build']['docs_per_s']:,.0f}" for r in runs], "docs_per_s"),
        row(
            "documents indexed / CPU-second (one thread)",
            [f"{r['build']['docs_per_cpu_s']:,.0f}" for r in runs],
            "docs_per_cpu_s",
        ),
        row(
            "indexing time s",
            [round(r["build"]["seconds"] - r["build"]["generation_seconds"], 1) for r in runs],
            "index_seconds",
        ),
        row("peak RSS while indexing MB", [r["build"]["peak_rss_mb"] for r in runs], "build_peak_rss_mb"),
        row("index on disk MB", [r["build"]["disk_mb"] for r in runs], "disk_mb"),
        row(
            "queries / s, in memory, wall clock",
            [f"{r['memory']['queries_per_s']:,.0f}" for r in runs],
            "queries_per_s",
        ),
        row(
            "queries / CPU-second, in memory",
            [f"{r['memory']['queries_per_cpu_s']:,.0f}" for r in runs],
            "queries_per_cpu_s",
        ),
        row("ms per query, in memory", [r["memory"]["ms_per_query"] for r in runs], "ms_per_query"),
        row("candidates checked per query", [r["memory"]["mean_checked"] for r in runs], "mean_checked"),
        row("queries / s, memory-mapped", [f"{r['mmap']['queries_per_s']:,.0f}" for r in runs], "mmap_queries_per_s"),
        row(
            "index in memory MB (RSS growth on load)", [r["memory"]["index_memory_mb"] for r in runs], "index_memory_mb"
        ),
        row("peak RSS, in memory, MB", [r["memory"]["peak_rss_mb"] for r in runs], "query_peak_rss_mb"),
        row("RSS after queries, memory-mapped, MB", [r["mmap"]["rss_after_queries_mb"] for r in runs], "mmap_rss_mb"),
        row(
            "of which the process's own (RssAnon), memory-mapped, MB",
            [r["mmap"].get("rss_anon_after_queries_mb") for r in runs],
            "mmap_rss_anon_mb",
        ),
        row(
            "of which mapped index files (RssFile: page cache, shared, reclaimable) MB",
            [r["mmap"].get("rss_file_after_queries_mb") for r in runs],
            None,
        ),
        row("load time s, in memory", [r["memory"]["load_seconds"] for r in runs], "load_seconds"),
        row("load time s, memory-mapped", [r["mmap"]["load_seconds"] for r in runs], "mmap_load_seconds"),
        row("load time s, memory-mapped + SHA-256 check", [r["mmap"]["verify_load_seconds"] for r in runs], None),
        row("load average at indexing", [r["build"]["load_avg_before"] for r in runs], None),
        row("load average at querying", [r["memory"]["load_avg_before"] for r in runs], None),
        "",
        "Haystack composition: "
        + "; ".join(
            f"{r['documents']:,}: " + ", ".join(f"{k} {v:,}" for k, v in r["build"]["kinds"].items()) for r in runs
        )
        + ".",
        "",
        "## Goals (at the largest size)",
        "",
    ]
    lines += [f"* {x['goal']}: {x['value']} — **{'met' if x['met'] else 'MISSED'}**" for x in res["goals"]]
    return "\n".join(lines) + "\n"


def goals(res: dict[str, Any]) -> list[dict[str, Any]]:
    last = res["runs"][-1]
    rec = last["memory"]["recall"]
    low = min(v["recall@1"] for k, v in rec.items() if v and float(k.split("@")[1]) <= 0.3)
    high = min(v["recall@1"] for k, v in rec.items() if float(k.split("@")[1]) >= 0.5)
    n = f"{last['documents']:,} documents"
    out = [
        ("recall@1 >= 0.99 at <= 30% substitution (worst variant), " + n, low, low >= GOALS["recall@1_low"]),
        ("recall@1 >= 0.95 at 50-75% (worst variant), " + n, high, high >= GOALS["recall@1_high"]),
        (
            ">= 5,000 documents/s indexed, one core (per CPU-second; wall clock in brackets), " + n,
            f"{last['build']['docs_per_cpu_s']:,.0f} ({last['build']['docs_per_s']:,.0f})",
            last["build"]["docs_per_cpu_s"] >= GOALS["docs_per_s"],
        ),
        (
            ">= 500 queries/s, one core, in memory (per CPU-second; wall clock in brackets), " + n,
            f"{last['memory']['queries_per_cpu_s']:,.0f} ({last['memory']['queries_per_s']:,.0f})",
            last["memory"]["queries_per_cpu_s"] >= GOALS["queries_per_s"],
        ),
        (
            "index <= 2 GB in memory (RSS growth on load), " + n,
            f"{last['memory']['index_memory_mb']:,.0f} MB",
            last["memory"]["index_memory_mb"] <= GOALS["memory_gb"] * 1024,
        ),
    ]
    b = res["growth"].get("ms_per_query")
    if b is not None:
        out.append(("query time sublinear in N (exponent < 1)", b, b < 1))
    return [{"goal": g, "value": v, "met": bool(m)} for g, v, m in out]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.retrieval_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=float, nargs="+", default=[1e4, 1e5], help="haystack sizes (default 1e4 1e5)")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default ../shared/data)")
    parser.add_argument(
        "--sources", type=int, default=SOURCES, help=f"real documents spun into queries (default {SOURCES})"
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path("/tmp/spindetect-retrieval-scale"), help="where indexes are built"
    )
    parser.add_argument("--keep", action="store_true", help="keep the indexes built (default: removed after)")
    parser.add_argument("--out", type=Path, default=RESULTS / "retrieval-scale.json")
    args = parser.parse_args(argv)
    if not (args.data / "news_bbc").is_dir():
        print(
            f"retrieval_scale: {args.data} not found: this benchmark needs ../shared/data. Nothing was run.",
            file=sys.stderr,
        )
        return 2
    sizes = sorted({int(d) for d in args.docs})
    if sizes[0] < 2 * QUERY_POOL:
        print(
            f"--docs must be >= {2 * QUERY_POOL:,}: the query sources are among the first {QUERY_POOL:,} real documents",
            file=sys.stderr,
        )
        return 2
    t_start = time.perf_counter()
    print("loading the real documents ...", file=sys.stderr)
    real, _ = load_haystack(args.data)
    random.Random(SEED).shuffle(real)
    print("spinning queries ...", file=sys.stderr)
    queries, qinfo = make_queries(real, args.sources)
    args.workdir.mkdir(parents=True, exist_ok=True)
    (args.workdir / "real.json").write_text(json.dumps(real), encoding="utf-8")
    (args.workdir / "queries.json").write_text(json.dumps(queries), encoding="utf-8")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    res: dict[str, Any] = {
        "command": "python -m benchmarks.retrieval_scale --docs " + " ".join(f"{n:g}" for n in args.docs),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "commit": commit},
        "queries": {**qinfo, "total": len(queries)},
        "runs": [],
    }
    for n in sizes:
        print(f"{n:,} documents: building (load {_load_avg()}) ...", file=sys.stderr)
        build = _run(_build, str(args.workdir), n)
        print(f"  {build['docs_per_s']:,.0f} docs/s, {build['disk_mb']:,.0f} MB; querying ...", file=sys.stderr)
        memory = _run(_query, str(args.workdir), n, False)
        mapped = _run(_query, str(args.workdir), n, True)
        print(f"  {memory['queries_per_s']:,.0f} queries/s (mmap {mapped['queries_per_s']:,.0f})", file=sys.stderr)
        res["runs"].append({"documents": n, "build": build, "memory": memory, "mmap": mapped})
        if not args.keep:
            shutil.rmtree(args.workdir / f"index-{n}", ignore_errors=True)
    xs = [r["documents"] for r in res["runs"]]
    pick = {
        "docs_per_s": lambda r: r["build"]["docs_per_s"],
        "docs_per_cpu_s": lambda r: r["build"]["docs_per_cpu_s"],
        "queries_per_cpu_s": lambda r: r["memory"]["queries_per_cpu_s"],
        "index_seconds": lambda r: r["build"]["seconds"] - r["build"]["generation_seconds"],
        "build_peak_rss_mb": lambda r: r["build"]["peak_rss_mb"],
        "disk_mb": lambda r: r["build"]["disk_mb"],
        "queries_per_s": lambda r: r["memory"]["queries_per_s"],
        "ms_per_query": lambda r: r["memory"]["ms_per_query"],
        "mean_checked": lambda r: r["memory"]["mean_checked"],
        "mmap_queries_per_s": lambda r: r["mmap"]["queries_per_s"],
        "index_memory_mb": lambda r: r["memory"]["index_memory_mb"],
        "query_peak_rss_mb": lambda r: r["memory"]["peak_rss_mb"],
        "mmap_rss_mb": lambda r: r["mmap"]["rss_after_queries_mb"],
        "mmap_rss_anon_mb": lambda r: r["mmap"].get("rss_anon_after_queries_mb") or 0,
        "load_seconds": lambda r: r["memory"]["load_seconds"],
        "mmap_load_seconds": lambda r: r["mmap"]["load_seconds"],
    }
    res["growth"] = {k: exponent(xs, [f(r) for r in res["runs"]]) for k, f in pick.items()}
    res["goals"] = goals(res)
    res["seconds"] = round(time.perf_counter() - t_start, 1)
    md = markdown(res)
    print(md)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(md, encoding="utf-8")
    print(f"wrote {args.out} and {args.out.with_suffix('.md')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
