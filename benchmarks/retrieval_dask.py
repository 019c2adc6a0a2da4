"""Where the time of a Dask screening run goes, on 1 and 2 workers (issue 16).

Run from the repository root (needs ``../shared/data``)::

    python -m benchmarks.retrieval_dask [--per-rate 80 400]

For each size (``--per-rate`` N: 5N spun suspects, WordNet spinner, N at
each of 5, 10, 20, 30 and 50%), :func:`spindetect.screen` of the suspects
against the ~20,700 real documents of ``benchmarks/retrieval.py``, with
the index saved and passed as a path (so it travels to the workers as that
path and each worker maps the files). For 1 and 2 worker processes (one
thread each) on a ``LocalCluster`` with the sources in a dict (the texts
go to every worker once, as one blob, and each chunk of suspects is
searched and scored in one task), the same with the driver in the loop
(``two_step``: each chunk searched on a worker, paired with its
candidates' texts by the driver, scored on a worker: how it ran before
the texts were sent), with the sources in a ``.jsonl`` file (where each
text is goes to every worker; one task per chunk), then through the
scheduler's address (``scheduler=``, dict, one task per chunk),
it measures:

* **start**: the cluster starting; **warm**: importing spindetect and
  loading the detector's resources on every worker (``client.run``, in
  parallel; once per worker process, kept for its life);
* **first run**: the first screening, where each worker also receives and
  maps the index (cold caches);
* **runs**: more screenings (``--repeats``), timed, alternating between
  the 1-worker and the 2-worker cluster (both up) so that each pair of
  runs sees about the same load; the best is reported, and the speed-up
  of each pair;
* from Dask's task stream of the best run: seconds of work per task kind,
  the workers' busy share (work / (workers x wall)), where the rest went
  (idle before the first task, between tasks, after the last), and the
  driver's own CPU seconds;
* the load average (1 min) before each run, and how many cores other jobs
  kept busy meanwhile (``/proc/stat`` minus this process and its workers);
* once, on 2 workers: the seconds to send the index (as arrays, as its
  path) and the source texts (as a dict, as one packed blob) to both.

Writes ``benchmarks/results/retrieval-dask.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.retrieval import (
    DATA,
    RESULTS,
    ROOT,
    _machine_busy_seconds,
    _process_cpu_seconds,
    _warm_worker,
    load_haystack,
    make_queries,
    worker_cluster,
)


def _load1() -> float:
    return os.getloadavg()[0]


def _screen_timed(
    client: Any, scheduler: str | None, suspects: dict[str, str], sources: Any, index: Any
) -> dict[str, Any]:
    from spindetect import screen

    busy0, ours0 = _machine_busy_seconds(), _process_cpu_seconds()
    workers0 = sum(client.run(_process_cpu_seconds).values())
    load = _load1()
    epoch0 = time.time()
    t0 = time.perf_counter()
    if scheduler is None:
        result = screen(suspects, sources, index=index, client=client)
    else:
        result = screen(suspects, sources, index=index, scheduler=scheduler)
    wall = time.perf_counter() - t0
    busy1, ours1 = _machine_busy_seconds(), _process_cpu_seconds()
    workers1 = sum(client.run(_process_cpu_seconds).values())
    other = None
    if busy0 is not None and busy1 is not None:
        other = round(max(0.0, (busy1 - busy0) - (ours1 - ours0) - (workers1 - workers0)) / wall, 2)
    return {
        "seconds": round(wall, 2),
        "driver_cpu_seconds": round(ours1 - ours0, 2),
        "workers_cpu_seconds": round(workers1 - workers0, 2),
        "other_jobs_cores": other,
        "load1": round(load, 2),
        "epoch": (epoch0, epoch0 + wall),
        "rows": [r.to_dict() for r in result],
    }


def _task_work(stream: list[dict[str, Any]]) -> dict[str, float]:
    from dask.utils import key_split

    work: dict[str, float] = {}
    for t in stream:
        name = key_split(t["key"])
        for s in t.get("startstops", ()):
            if s["action"] == "compute":
                work[name] = work.get(name, 0.0) + s["stop"] - s["start"]
    return {k: round(v, 2) for k, v in sorted(work.items())}


def _timeline(stream: list[dict[str, Any]], start: float, end: float, workers: int) -> dict[str, Any]:
    """Where each worker's time went in one run, from Dask's task stream
    (seconds summed over the workers): computing, receiving data, idle before
    its first task (start-up: connecting, scattering the index, the first
    chunk being read and sent), idle between tasks (waiting for the driver or
    the scheduler: a find result read, its pairs built, the scoring task
    sent) and idle after its last task (the other worker finishing)."""
    spans: dict[str, list[tuple[float, float]]] = {}
    other = 0.0
    for t in stream:
        for s in t.get("startstops", ()):
            if s["action"] == "compute":
                spans.setdefault(t["worker"], []).append((s["start"], s["stop"]))
            else:
                other += s["stop"] - s["start"]
    lead = gaps = tail = compute = 0.0
    tasks = 0
    for ivs in spans.values():
        ivs.sort()
        tasks += len(ivs)
        lead += max(0.0, ivs[0][0] - start)
        tail += max(0.0, end - ivs[-1][1])
        compute += sum(b - a for a, b in ivs)
        gaps += sum(max(0.0, b[0] - a[1]) for a, b in zip(ivs, ivs[1:]))
    idle_workers = workers - len(spans)
    return {
        "tasks": tasks,
        "compute": round(compute, 2),
        "transfer_and_other": round(other, 2),
        "idle_before_first": round(lead + idle_workers * (end - start), 2),
        "idle_between": round(gaps, 2),
        "idle_after_last": round(tail, 2),
        "mean_task_seconds": round(compute / tasks, 3) if tasks else None,
    }


def run(
    via_address: bool,
    suspects: dict[str, str],
    sources: Any,
    index_path: str,
    local_rows: list[Any],
    repeats: int,
    two_step: bool = False,
) -> list[dict[str, Any]]:
    """One configuration on 1 and on 2 workers (two clusters up together,
    their timed runs alternating, 1 then 2, so that each pair of runs sees
    about the same load from other jobs); ``two_step``: the driver builds
    each suspect's pairs with the source texts and sends them to scoring
    tasks (``DaskBackend.share`` answers no), as it did for texts in a dict
    before they were sent to the workers."""

    from spindetect.screening.backends import DaskBackend

    share = DaskBackend.share
    if two_step:
        DaskBackend.share = lambda self, texts: False  # type: ignore[method-assign]
    try:
        out = _run(via_address, suspects, sources, index_path, local_rows, repeats)
    finally:
        DaskBackend.share = share  # type: ignore[method-assign]
    for r in out:
        r["via"] = ("scheduler address" if via_address else "LocalCluster client") + (
            ", pairs built by the driver" if two_step else ""
        )
    return out


def _run(
    via_address: bool,
    suspects: dict[str, str],
    sources: Any,
    index_path: str,
    local_rows: list[Any],
    repeats: int,
) -> list[dict[str, Any]]:
    from distributed import Client, get_task_stream

    sides: list[dict[str, Any]] = []
    try:
        for workers in (1, 2):
            side: dict[str, Any] = {"workers": workers, "load1_at_start": round(_load1(), 2)}
            sides.append(side)
            t0 = time.perf_counter()
            side["cluster"] = cluster = worker_cluster(workers)
            side["client"] = client = Client(cluster)
            side["start_seconds"] = round(time.perf_counter() - t0, 2)
            t0 = time.perf_counter()
            client.run(_warm_worker)
            side["warm_seconds"] = round(time.perf_counter() - t0, 2)
            side["scheduler"] = cluster.scheduler_address if via_address else None
            side["first_run"] = _screen_timed(client, side["scheduler"], suspects, sources, index_path)
            side["runs"] = []
        for _ in range(repeats):
            for side in sides:
                with get_task_stream(side["client"]) as ts:
                    r = _screen_timed(side["client"], side["scheduler"], suspects, sources, index_path)
                r["work"] = _task_work(ts.data)
                r["timeline"] = _timeline(ts.data, *r.pop("epoch"), side["workers"])
                side["runs"].append(r)
        return [_summary(side, local_rows) for side in sides]
    finally:
        for side in sides:
            if "client" in side:
                side.pop("client").close()
            if "cluster" in side:
                side.pop("cluster").close()


def _summary(side: dict[str, Any], local_rows: list[Any]) -> dict[str, Any]:
    """One side of :func:`_run` (a number of workers) as reported."""
    first, runs, workers = side["first_run"], side["runs"], side["workers"]
    best = min(runs, key=lambda r: r["seconds"])
    work = sum(best["work"].values())
    differing = [_differing(r["rows"], local_rows) for r in [first, *runs]]
    for r in [first, *runs]:
        del r["rows"]
        r.pop("epoch", None)
    return {
        "workers": workers,
        "load1_at_start": side["load1_at_start"],
        "start_seconds": side["start_seconds"],
        "warm_seconds": side["warm_seconds"],
        "first_run": first,
        "runs": runs,
        "best_seconds": best["seconds"],
        "busy_share": round(work / (workers * best["seconds"]), 2) if best["seconds"] else None,
        "same_rows_as_local": not any(d["count"] for d in differing),
        "rows_differing_from_local": [d["count"] for d in differing],
        "first_difference": next((d["first"] for d in differing if d["count"]), None),
    }


def _differing(rows: list[dict[str, Any]], local: list[dict[str, Any]]) -> dict[str, Any]:
    """How many rows differ from the local run's (by position; a missing row counts), and the first pair."""
    count = abs(len(rows) - len(local)) + sum(a != b for a, b in zip(rows, local))
    first = next(([a, b] for a, b in zip(rows, local) if a != b), None)
    return {"count": count, "first": first}


def _first_search(index: Any) -> float:
    """On a worker: seconds to make the received index searchable (map
    the files or rebuild nothing) and search once."""
    from spindetect.screening.backends import find_chunk_on_worker

    t0 = time.perf_counter()
    find_chunk_on_worker(index, [(0, "q", "The talks had failed, and a new round would begin in May.")], 3, 0.2, False)
    return time.perf_counter() - t0


def _first_text(texts: Any, doc_id: str) -> float:
    """On a worker: seconds to read one text of the received ``texts``
    (a :class:`SharedTexts` decodes its blob then)."""
    t0 = time.perf_counter()
    texts.get(doc_id)
    return time.perf_counter() - t0


def shipping(index_path: str, sources: dict[str, str]) -> dict[str, Any]:
    """Seconds to send the index to 2 workers and search once on each: as
    arrays (an index built in memory) and as its path (a loaded index);
    and to send the source texts to 2 workers and read one on each: as
    the dict itself and as one packed blob (:class:`SharedTexts`, as
    ``screen`` sends them; packing timed with it)."""
    from distributed import Client

    from spindetect import SourceIndex
    from spindetect.screening.backends import SharedTexts

    out: dict[str, Any] = {}
    in_memory = SourceIndex.load(index_path)
    in_memory.path = None  # travels as arrays, as an index built in memory does
    first_id = next(iter(sources))
    items = (
        ("index as arrays", lambda: in_memory, _first_search, ()),
        ("index as its path", lambda: SourceIndex.load(index_path, mmap=True), _first_search, ()),
        ("texts as a dict", lambda: sources, _first_text, (first_id,)),
        ("texts packed", lambda: SharedTexts.pack(sources), _first_text, (first_id,)),
    )
    for name, make, first_use, args in items:  # a new cluster each: no worker keeps what it got before
        with worker_cluster(2) as cluster, Client(cluster) as client:
            client.run(_warm_worker)
            workers = list(client.scheduler_info()["workers"])
            t0 = time.perf_counter()
            (fut,) = client.scatter([make()], broadcast=True, hash=False)
            t_scatter = time.perf_counter() - t0
            t0 = time.perf_counter()
            first = client.gather([client.submit(first_use, fut, *args, workers=[w], pure=False) for w in workers])
            out[name] = {
                "scatter_seconds": round(t_scatter, 2),
                "first_use_wall_seconds": round(time.perf_counter() - t0, 2),
                "first_use_on_worker_seconds": [round(x, 3) for x in first],
                "load1": round(_load1(), 2),
            }
            del fut
    return out


def markdown(res: dict[str, Any]) -> str:
    lines = [
        "# Screening on Dask: where the time goes (issue 16)",
        "",
        f"Command: `{res['command']}`. Machine: {res['machine']['cpus']} CPUs shared with other jobs, "
        f"Python {res['machine']['python']}, commit {res['machine']['commit']}. Load average (1 min) printed "
        "beside each figure; 'other jobs' cores' is what the rest of the machine kept busy during the run "
        "(/proc/stat minus this process and its workers). Judge stage of `score`: "
        f"{res.get('judge', 'as installed')}.",
    ]
    for size in res["sizes"]:
        lines += _size_markdown(res, size)
    ship = res.get("shipping")
    if ship:
        lines += [
            "",
            "Sending to 2 workers (`client.scatter(broadcast=True)`, timed with making what is sent), then "
            "using it once on each: the index (a search; before issue 16 every `screen` call sent it as "
            "arrays) and the source texts (reading one; a `SharedTexts` decodes its blob then):",
            "",
            "| what travels, as | scatter s | first use, wall s | first use on each worker s | load (1 min) |",
            "|---|---|---|---|---|",
        ]
        for name, r in ship.items():
            lines.append(
                f"| {name} | {r['scatter_seconds']} | {r['first_use_wall_seconds']} | "
                f"{', '.join(map(str, r['first_use_on_worker_seconds']))} | {r['load1']} |"
            )
    return "\n".join(lines) + "\n"


def _size_markdown(res: dict[str, Any], size: dict[str, Any]) -> list[str]:
    lines = [
        "",
        f"## {size['suspects']:,} suspects",
        "",
        f"{size['suspects']:,} spun suspects against {res['sources']:,} sources (index saved, passed as a path). "
        f"Local run, no Dask: {size['local_seconds']} s (load {size['local_load1']}).",
        "",
        "| via | workers | start s | warm s | first run s | runs s | best s | load (1 min) per run | other jobs' cores per run | work per task kind (s, best run) | workers busy | driver CPU s | workers CPU s | rows differing from local, per run |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in size["runs"]:
        best = min(r["runs"], key=lambda x: x["seconds"])
        lines.append(
            f"| {r['via']} | {r['workers']} | {r['start_seconds']} | {r['warm_seconds']} | {r['first_run']['seconds']} | "
            + ", ".join(str(x["seconds"]) for x in r["runs"])
            + f" | {r['best_seconds']} | "
            + ", ".join(str(x["load1"]) for x in r["runs"])
            + " | "
            + ", ".join(str(x["other_jobs_cores"]) for x in r["runs"])
            + f" | {', '.join(f'{k} {v}' for k, v in best['work'].items())} | {r['busy_share']} | "
            f"{best['driver_cpu_seconds']} | {best['workers_cpu_seconds']} | "
            f"{', '.join(map(str, r.get('rows_differing_from_local', ())))} |"
        )
    lines += [
        "",
        "Where the workers' time went in the best run (seconds, summed over the workers; from the task stream):",
        "",
        "| via | workers | tasks | mean task s | computing | receiving/other | idle before first task | idle between tasks | idle after last task |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in size["runs"]:
        t = min(r["runs"], key=lambda x: x["seconds"])["timeline"]
        lines.append(
            f"| {r['via']} | {r['workers']} | {t['tasks']} | {t['mean_task_seconds']} | {t['compute']} | "
            f"{t['transfer_and_other']} | {t['idle_before_first']} | {t['idle_between']} | {t['idle_after_last']} |"
        )
    lines += [
        "",
        "Speed-up, 2 workers vs 1 (same size; the timed runs alternate, 1 worker then 2): best run against "
        "best run, and each pair of runs (1 worker / 2 workers, in order), with the load and the cores other "
        "jobs kept busy in each pair's runs:",
    ]
    for via, sp in size["speedup"].items():
        one, two = (next(r for r in size["runs"] if r["via"] == via and r["workers"] == w) for w in (1, 2))
        pairs = "; ".join(
            f"{ratio}x (load {a['load1']}/{b['load1']}, others {a['other_jobs_cores']}/{b['other_jobs_cores']})"
            for ratio, a, b in zip(sp["paired"], one["runs"], two["runs"])
        )
        lines.append(f"* {via}: best {sp['best']}x; pairs: {pairs}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.retrieval_dask", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--per-rate", type=int, nargs="+", default=[80], help="suspects per rate, one size or more (default 80)"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "retrieval-dask.json")
    args = parser.parse_args(argv)
    if not (args.data / "news_bbc").is_dir():
        print(f"retrieval_dask: {args.data} not found: this benchmark needs ../shared/data", file=sys.stderr)
        return 2
    from spindetect import screen
    from spindetect.screening.building import build_index

    haystack, _ = load_haystack(args.data)
    sources = {d: t for d, t, _ in haystack}
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    command = "python -m benchmarks.retrieval_dask" + (
        f" --per-rate {' '.join(map(str, args.per_rate))}" if args.per_rate != [80] else ""
    )
    if args.repeats != parser.get_default("repeats"):
        command += f" --repeats {args.repeats}"
    if not commit:  # not a git checkout (a git archive snapshot): say so rather than print nothing
        commit = "unknown (not a git checkout)"
    if os.environ.get("SPINDETECT_JUDGE") is not None:
        command = f"SPINDETECT_JUDGE={os.environ['SPINDETECT_JUDGE']} {command}"
    res: dict[str, Any] = {
        "command": command,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "commit": commit},
        "judge": "off (SPINDETECT_JUDGE=0)"
        if os.environ.get("SPINDETECT_JUDGE", "").strip() in ("0", "false", "no", "off")
        else "as installed",
        "sources": len(sources),
        "sizes": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        index_path = str(Path(tmp) / "sources.index")
        build_index(index_path, sources.items())
        jsonl = str(Path(tmp) / "sources.jsonl")
        with open(jsonl, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"id": d, "text": t}) + "\n" for d, t in sources.items())
        _warm_worker()
        print("shipping the index and the texts ...", file=sys.stderr)
        res["shipping"] = shipping(index_path, sources)
        for per_rate in args.per_rate:
            queries, _ = make_queries(haystack, per_rate)
            suspects = {f"q{n}": q["text"] for n, q in enumerate(queries) if q["variant"] == "wordnet"}
            screen(dict(list(suspects.items())[:4]), sources, index=index_path)
            size: dict[str, Any] = {"per_rate": per_rate, "suspects": len(suspects), "runs": [], "speedup": {}}
            size["local_load1"] = round(_load1(), 2)
            t0 = time.perf_counter()
            local = [r.to_dict() for r in screen(suspects, sources, index=index_path)]
            size["local_seconds"] = round(time.perf_counter() - t0, 2)
            configs = ((False, sources, False), (False, sources, True), (False, jsonl, False), (True, sources, False))
            for via_address, srcs, two_step in configs:
                print(
                    f"{len(suspects)} suspects, 1 and 2 workers, {'address' if via_address else 'client'}"
                    f"{', .jsonl' if srcs is jsonl else ''}{', two steps' if two_step else ''} "
                    f"(load {_load1():.2f}) ...",
                    file=sys.stderr,
                )
                pair = run(via_address, suspects, srcs, index_path, local, args.repeats, two_step)
                for r in pair:
                    if srcs is jsonl:
                        r["via"] = r["via"].replace("client", "client, sources from a .jsonl file", 1)
                    size["runs"].append(r)
                one, two = pair
                size["speedup"][one["via"]] = {
                    "best": round(one["best_seconds"] / two["best_seconds"], 2),
                    "paired": [round(a["seconds"] / b["seconds"], 2) for a, b in zip(one["runs"], two["runs"])],
                }
            res["sizes"].append(size)
    md = markdown(res)
    print(md)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
