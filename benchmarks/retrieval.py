"""Source retrieval benchmark: find the source of a spun copy in a haystack.

Run from the repository root (needs ``../shared/data``; about 4 minutes on
two cores):

    python -m benchmarks.retrieval

It writes ``benchmarks/results/retrieval.json`` and
``benchmarks/results/retrieval.md`` and prints the table.
``--quick`` runs a small version (fewer queries, no Dask) to check the script.

What is built (all deterministic):

* **Haystack**, >= 20,000 documents from ``../shared/data``: BBC News
  articles (2,225) and BASIL articles (300, NYT/Fox/HuffPost) cut at paragraph
  boundaries into pieces of about 150 words; Wikipedia paragraphs (2,067);
  arXiv abstracts; QuillBot originals *and* their paraphrases (fluent
  rewrites of other haystack documents: hard distractors); MSRP news
  sentences in pairs (the two sides of an MSRP paraphrase pair land in
  different documents). Exact duplicates, near duplicates (word 3-shingle
  Jaccard >= 0.8 with an earlier document, e.g. two BBC versions of one
  story) and documents under 25 words are dropped.
* **Queries**: 400 source documents (BBC, BASIL, Wikipedia, arXiv, QuillBot
  originals; >= 50 words) drawn at random, each spun at 5%, 10%, 20%, 30% and
  50% of its content words by :class:`Spinner`, a context-blind WordNet
  synonym spinner (any sense, any part of speech, multi-word lemmas, names
  included: "Moscow" -> "Capital of the Russian Federation"). A second
  variant ("+function words") also swaps function words the way SpinBot-style
  tools do ("will" -> "might", "but" -> "however"), at the same rate.

Methods, side by side in the same run, each in its own process pinned to one
core (peak memory is that process's peak RSS; "index memory" is the growth
of its RSS from after loading the texts to after building the index):

* ``spindetect``: :class:`spindetect.SourceIndex` (immutable-skeleton
  shingles, datasketch MinHash, LSH band tables in sorted arrays, exact
  re-ranking), ``find(q, k=5)``.
* ``spindetect (datasketch LSH)``: the same with ``lsh="datasketch"``, the
  band tables in ``datasketch.MinHashLSH`` (same candidates, more memory).
* ``tfidf``: brute-force TF-IDF cosine (scikit-learn, sublinear tf, l2),
  every query against every document.
* ``minhash-words``: datasketch MinHash (128 permutations) + LSH (64 bands x
  2 rows, spindetect's banding before issue 16; it uses 42 x 3 since) on
  plain lower-cased word 3-shingles, re-ranked by
  exact Jaccard: the usual near-duplicate detector.

Recall@k: the source is among the first k results. Indexing speed counts
everything up to the first query (fingerprints, MinHash, LSH tables).

Dask: :func:`spindetect.screen` of 400 spun suspects (80 per rate) against
the whole haystack, on a ``LocalCluster`` with 1 and then 2 worker processes
(one thread each), after a warm-up run that broadcasts the index and lets
each worker rebuild its LSH tables (reported as "setup"). Each is timed 5
times (the machine is shared: the best run is the least disturbed one); rows
are compared with a local run.

Goals (issue 5): recall@1 >= 0.99 at <= 30% substitution and >= 0.95 at
50%; >= 2,000 documents/s indexed and >= 200 queries/s on one core; 2 Dask
workers >= 1.7x one.
"""

from __future__ import annotations

import argparse
import ast
import gc
import hashlib
import json
import multiprocessing
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from devtools import shared_data as sd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results"

#: Longest haystack document, in words: longer articles are cut at paragraph
#: boundaries into pieces of about this size.
PIECE_WORDS = 150
#: Shortest haystack document kept, in words.
MIN_WORDS = 25
#: MSRP sentences are grouped by this many into one document.
MSRP_GROUP = 2
#: Word 3-shingle Jaccard from which a document is a near duplicate of an
#: earlier one and dropped.
NEAR_DUPLICATE = 0.8
#: Substitution rates (share of content words replaced).
RATES = (0.05, 0.1, 0.2, 0.3, 0.5)
#: Kinds of haystack documents that queries are made from.
QUERY_KINDS = ("bbc", "basil", "wiki", "arxiv", "quillbot-original")
GOALS = {"recall@1_low": 0.99, "recall@1_50": 0.95, "docs_per_s": 2000, "queries_per_s": 200, "dask_speedup": 1.7}


# -- the haystack ---------------------------------------------------------------------


def _pieces(paragraphs: list[str], target: int = PIECE_WORDS) -> list[str]:
    """Consecutive paragraphs joined into pieces of about ``target`` words."""
    out: list[str] = []
    cur: list[str] = []
    n = 0
    for p in paragraphs:
        p = p.strip()
        if not p:
            continue
        w = len(p.split())
        if cur and n + w > target * 1.3:
            out.append("\n\n".join(cur))
            cur, n = [], 0
        cur.append(p)
        n += w
        if n >= target:
            out.append("\n\n".join(cur))
            cur, n = [], 0
    if cur:
        if out and n < target / 3:
            out[-1] += "\n\n" + "\n\n".join(cur)
        else:
            out.append("\n\n".join(cur))
    return out


def _raw_documents(data: Path) -> list[tuple[str, str, str]]:
    """(id, text, kind) of every candidate document, from the readers of ``devtools/shared_data.py``."""
    docs: list[tuple[str, str, str]] = []
    for doc_id, _, text in sd.bbc_files(data):  # every file: duplicates are dropped in load_haystack
        for i, piece in enumerate(_pieces(re.split(r"\n\s*\n", text))):
            docs.append((f"{doc_id}#{i}", piece, "bbc"))
    for path, obj in sd.basil_articles(data):
        body = obj["body-paragraphs"]
        if isinstance(body, str):
            body = ast.literal_eval(body)
        for i, piece in enumerate(_pieces([" ".join(p) for p in body])):
            docs.append((f"basil/{path.stem}#{i}", piece, "basil"))
    for row in sd.wikipedia_rows(data):
        docs.append((f"wiki/{row['title']}#{row['para_idx']}", row["text"], "wiki"))
    for row in sd.arxiv_rows(data):
        docs.append((f"arxiv/{row['query']}/{row['']}", row["abstract"], "arxiv"))
    for n, row in enumerate(sd.quillbot_rows(data)):
        docs.append((f"quillbot/original/{n}", row["original"], "quillbot-original"))
        docs.append((f"quillbot/paraphrased/{n}", row["paraphrased"], "quillbot-paraphrased"))
    sents: list[str] = []
    seen: set[str] = set()
    for name in sd.MSRP_FILES:
        rows = [r for r in sd.msrp_rows(name, data) if "".join(r).strip()]  # blank lines skipped
        for col in (3, 4):
            for r in rows:
                if len(r) == 5 and r[col] not in seen:
                    seen.add(r[col])
                    sents.append(r[col])
    for i in range(0, len(sents), MSRP_GROUP):
        docs.append((f"msrp/{i // MSRP_GROUP}", " ".join(sents[i : i + MSRP_GROUP]), "msrp"))
    return docs


def _word_shingles(text: str, n: int = 3) -> list[int]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < n:
        return [zlib.crc32(" ".join(words).encode())]
    return sorted({zlib.crc32(" ".join(words[i : i + n]).encode()) for i in range(len(words) - n + 1)})


def load_haystack(data: Path = DATA) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """(id, text, kind) for every haystack document, and what was dropped."""
    from datasketch import MinHash, MinHashLSH

    raw = _raw_documents(data)
    dropped = {"short": 0, "exact duplicate": 0, "near duplicate": 0}
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=64)
    sets: dict[str, set[int]] = {}
    template = MinHash(num_perm=64, seed=7)
    for doc_id, text, kind in raw:
        if len(text.split()) < MIN_WORDS:
            dropped["short"] += 1
            continue
        key = hashlib.sha1(" ".join(text.split()).encode()).hexdigest()
        if key in seen:
            dropped["exact duplicate"] += 1
            continue
        shingles = _word_shingles(text)
        m = MinHash(num_perm=64, seed=7, hashfunc=lambda x: x, permutations=template.permutations, scheme="affine32")
        m.update_batch(shingles)
        s = set(shingles)
        if any(len(s & sets[o]) / len(s | sets[o]) >= NEAR_DUPLICATE for o in lsh.query(m)):
            dropped["near duplicate"] += 1
            continue
        seen.add(key)
        sets[doc_id] = s
        lsh.insert(doc_id, m)
        out.append((doc_id, text, kind))
    return out, dropped


# -- the spinner ----------------------------------------------------------------------

#: Function-word swaps of SpinBot-style tools (seen in the seed spun article:
#: "there will be" -> "there might be"), used by the "+function words" variant.
FUNCTION_SWAPS = {
    "will": "might",
    "would": "may",
    "but": "however",
    "during": "at some point of",
    "because": "due to the fact that",
    "about": "approximately",
    "while": "even as",
    "after": "following",
    "before": "previous to",
    "also": "additionally",
    "only": "handiest",
    "can": "may",
    "should": "ought to",
    "although": "even though",
}


class Spinner:
    """A context-blind WordNet synonym spinner, like the cheap article spinners.

    Replaces ``rate`` of a text's content words (spaCy's tokens that are
    alphabetic and not stop words) that have a WordNet synonym by a synonym
    drawn at random from *all* their synsets, every part of speech: wrong
    senses, tense and number slips, multi-word replacements and names happen
    as they do in the wild ("Cook" -> "Prepare dinner"). The case of the
    first letter (or of the whole word) is kept. With ``function_words``, each
    occurrence of a word in :data:`FUNCTION_SWAPS` is also swapped with
    probability ``rate``. Deterministic for a given ``seed``.
    """

    def __init__(self) -> None:
        from spindetect.resources.wordnet_graph import get_graph

        self._graph = get_graph()
        self._cache: dict[str, tuple[str, ...]] = {}

    def synonyms(self, form: str) -> tuple[str, ...]:
        out = self._cache.get(form)
        if out is None:
            g = self._graph
            names: dict[str, None] = {}
            for sid in g.synsets(form):
                for name in g.lemmas(sid):
                    name = name.replace("_", " ")
                    if name.lower() != form:
                        names[name] = None
            out = self._cache[form] = tuple(names)
        return out

    def spin(self, text: str, rate: float, seed: int, *, function_words: bool = False) -> tuple[str, int, int]:
        """(spun text, content words replaced, content words)."""
        from spindetect.text import prepare

        doc = prepare(text)
        rng = random.Random(seed)
        content = [i for i, c in enumerate(doc.content) if c and doc.forms[i].isalpha()]
        cands = [i for i in content if self.synonyms(doc.forms[i])]
        n = min(len(cands), round(rate * len(content)))
        chosen = {i: rng.choice(self.synonyms(doc.forms[i])) for i in sorted(rng.sample(cands, n))}
        if function_words:
            for i, form in enumerate(doc.forms):
                if form in FUNCTION_SWAPS and rng.random() < rate:
                    chosen[i] = FUNCTION_SWAPS[form]
        out, pos = [], 0
        for i in sorted(chosen):
            a, b = doc.starts[i], doc.ends[i]
            word, rep = doc.text[a:b], chosen[i]
            if word.isupper() and len(word) > 1:
                rep = rep.upper()
            elif word[0].isupper():
                rep = rep[0].upper() + rep[1:]
            out.append(doc.text[pos:a])
            out.append(rep)
            pos = b
        out.append(doc.text[pos:])
        return "".join(out), n, len(content)


def make_queries(
    haystack: list[tuple[str, str, str]], n_sources: int, seed: int = 2024
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rng = random.Random(seed)
    eligible = [d for d in haystack if d[2] in QUERY_KINDS and len(d[1].split()) >= 50]
    chosen = rng.sample(eligible, n_sources)
    spinner = Spinner()
    queries: list[dict[str, Any]] = []
    realised: dict[str, list[float]] = {}
    variants = [("wordnet", r) for r in RATES] + [("wordnet+function", r) for r in (0.3, 0.5)]
    for variant, rate in variants:
        for j, (doc_id, text, kind) in enumerate(chosen):
            spun, n, total = spinner.spin(
                text, rate, seed=j * 1000 + int(rate * 100), function_words=variant != "wordnet"
            )
            queries.append({"variant": variant, "rate": rate, "source": doc_id, "kind": kind, "text": spun})
            realised.setdefault(f"{variant}@{rate}", []).append(n / max(total, 1))
    kinds: dict[str, int] = {}
    for _, _, k in chosen:
        kinds[k] = kinds.get(k, 0) + 1
    info = {
        "sources": n_sources,
        "source_kinds": kinds,
        "realised_rate_mean": {k: round(sum(v) / len(v), 4) for k, v in realised.items()},
    }
    return queries, info


# -- the methods ----------------------------------------------------------------------


class SpindetectMethod:
    name = "spindetect"

    def __init__(self) -> None:
        from spindetect import SourceIndex

        self.index = SourceIndex()

    def build(self, docs: list[tuple[str, str]]) -> None:
        self.index.add_many(docs)
        self.index.find("Warm the LSH tables up: they are built on the first query.")

    def query(self, text: str, k: int) -> list[str]:
        return list(self.index.find(text, k=k).ids)


class SpindetectDatasketchMethod(SpindetectMethod):
    """The same index with datasketch.MinHashLSH holding the band tables."""

    name = "spindetect (datasketch LSH)"

    def __init__(self) -> None:
        from spindetect import SourceIndex

        self.index = SourceIndex(lsh="datasketch")


class TfidfMethod:
    name = "tfidf"

    def build(self, docs: list[tuple[str, str]]) -> None:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.ids = [d for d, _ in docs]
        self.vec = TfidfVectorizer(sublinear_tf=True, dtype=np.float32)
        self.matrix = self.vec.fit_transform([t for _, t in docs]).T.tocsr()

    def query(self, text: str, k: int) -> list[str]:
        import numpy as np

        q = self.vec.transform([text])
        scores = (q @ self.matrix).toarray().ravel()
        top = np.argpartition(-scores, k)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return [self.ids[i] for i in top if scores[i] > 0]


class WordMinHashMethod:
    name = "minhash-words"

    def build(self, docs: list[tuple[str, str]]) -> None:
        from datasketch import MinHash, MinHashLSH

        self.ids = [d for d, _ in docs]
        self.template = MinHash(num_perm=128, seed=1)
        self.lsh = MinHashLSH(num_perm=128, params=(64, 2))
        self.sets: list[frozenset[int]] = []
        for pos, (_, text) in enumerate(docs):
            shingles = _word_shingles(text)
            self.sets.append(frozenset(shingles))
            self.lsh.insert(pos, self._minhash(shingles), check_duplication=False)

    def _minhash(self, shingles: list[int]) -> Any:
        from datasketch import MinHash

        m = MinHash(
            num_perm=128, seed=1, hashfunc=lambda x: x, permutations=self.template.permutations, scheme="affine32"
        )
        m.update_batch(shingles)
        return m

    def query(self, text: str, k: int) -> list[str]:
        shingles = _word_shingles(text)
        q = frozenset(shingles)
        scored = []
        for pos in self.lsh.query(self._minhash(shingles)):
            s = self.sets[pos]
            inter = len(q & s)
            scored.append((-inter / (len(q) + len(s) - inter), pos))
        scored.sort()
        return [self.ids[pos] for _, pos in scored[:k]]


METHODS = {m.name: m for m in (SpindetectMethod, SpindetectDatasketchMethod, TfidfMethod, WordMinHashMethod)}


def _rss_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_now_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _rss_peak_mb()


def _measure(name: str, workdir: str, conn: Any) -> None:
    """In a fresh process pinned to one core: build, query, report."""
    try:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        with open(Path(workdir) / "haystack.json", encoding="utf-8") as fh:
            docs = [tuple(d) for d in json.load(fh)]
        with open(Path(workdir) / "queries.json", encoding="utf-8") as fh:
            queries = json.load(fh)
        method = METHODS[name]()
        gc.collect()
        rss_loaded = _rss_now_mb()
        t0 = time.perf_counter()
        method.build(docs)
        t_index = time.perf_counter() - t0
        gc.collect()
        rss_built = _rss_now_mb()
        hits: dict[str, list[tuple[bool, bool]]] = {}
        t0 = time.perf_counter()
        for q in queries:
            got = method.query(q["text"], 5)
            hits.setdefault(f"{q['variant']}@{q['rate']}", []).append((got[:1] == [q["source"]], q["source"] in got))
        t_query = time.perf_counter() - t0
        recall = {
            key: {"recall@1": sum(a for a, _ in v) / len(v), "recall@5": sum(b for _, b in v) / len(v), "n": len(v)}
            for key, v in hits.items()
        }
        conn.send(
            {
                "method": name,
                "documents": len(docs),
                "index_seconds": round(t_index, 3),
                "docs_per_s": round(len(docs) / t_index, 1),
                "queries": len(queries),
                "query_seconds": round(t_query, 3),
                "queries_per_s": round(len(queries) / t_query, 1),
                "rss_after_loading_mb": round(rss_loaded, 1),
                "peak_rss_mb": round(_rss_peak_mb(), 1),
                "index_memory_mb": round(rss_built - rss_loaded, 1),
                "recall": recall,
            }
        )
    except BaseException as exc:  # report, do not hang the parent
        conn.send({"method": name, "error": f"{type(exc).__name__}: {exc}"})
        raise


def run_method(name: str, workdir: str) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    env_threads = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    for k in env_threads:
        os.environ[k] = "1"
    try:
        proc = ctx.Process(target=_measure, args=(name, workdir, child))
        proc.start()
        child.close()
        result = parent.recv()
        proc.join()
    finally:
        for k, v in env_threads.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return result


# -- Dask -----------------------------------------------------------------------------


def worker_cluster(workers: int) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` worker processes, one
    thread each, quiet (the set-up every Dask benchmark here uses)."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        worker_dashboard_address=None,
        silence_logs=40,
    )


def _warm_worker() -> bool:
    """Import and load what scoring needs, on a worker."""
    import spindetect

    seeds = sorted((ROOT / "data" / "seeds").glob("*.txt"))
    spindetect.score(seeds[0].read_text(encoding="utf-8"), seeds[2].read_text(encoding="utf-8"))
    return True


def _machine_busy_seconds() -> float | None:
    """CPU-seconds the whole machine has spent busy (Linux /proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _process_cpu_seconds() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def run_dask(
    haystack: list[tuple[str, str, str]], queries: list[dict[str, Any]], per_rate: int, repeats: int = 5
) -> dict[str, Any]:
    from distributed import Client

    from spindetect import SourceIndex, screen

    sources = {d: t for d, t, _ in haystack}
    picked: dict[str, str] = {}
    truth: dict[str, str] = {}
    counts: dict[float, int] = {}
    for n, q in enumerate(queries):
        if q["variant"] != "wordnet" or counts.get(q["rate"], 0) >= per_rate:
            continue
        counts[q["rate"]] = counts.get(q["rate"], 0) + 1
        picked[f"q{n}"] = q["text"]
        truth[f"q{n}"] = q["source"]
    warm = dict(list(picked.items())[:8])
    index = SourceIndex()
    index.add_many(sources.items())
    _warm_worker()
    screen(warm, sources, index=index)  # warms the local LSH and detector
    t0 = time.perf_counter()
    local = screen(picked, sources, index=index)
    t_local = time.perf_counter() - t0
    found = sum(1 for r in local if r.source_id == truth.get(r.suspect_id) and r.label == "spun")
    out: dict[str, Any] = {
        "suspects": len(picked),
        "sources": len(sources),
        "local_seconds": round(t_local, 2),
        "local_spun_with_true_source": found,
        "runs": [],
        "note": "The machine has 2 cores, shared by the workers with the driver and the scheduler, and with "
        "whatever else runs on it: the table shows how many cores other jobs kept busy during each run "
        "(from /proc/stat, minus this process and its workers).",
    }
    for workers in (1, 2):
        with worker_cluster(workers) as cluster, Client(cluster) as client:
            client.run(_warm_worker)
            t0 = time.perf_counter()
            screen(warm, sources, index=index, client=client, chunk_size=1)
            t_setup = time.perf_counter() - t0
            times, others, same = [], [], True
            for _ in range(repeats):
                busy0, ours0 = _machine_busy_seconds(), _process_cpu_seconds()
                workers0 = sum(client.run(_process_cpu_seconds).values())
                t0 = time.perf_counter()
                result = screen(picked, sources, index=index, client=client)
                wall = time.perf_counter() - t0
                busy1, ours1 = _machine_busy_seconds(), _process_cpu_seconds()
                workers1 = sum(client.run(_process_cpu_seconds).values())
                times.append(round(wall, 2))
                if busy0 is not None and busy1 is not None:
                    # CPU used meanwhile by everything but this driver and its workers.
                    other = (busy1 - busy0) - (ours1 - ours0) - (workers1 - workers0)
                    others.append(round(max(0.0, other) / wall, 2))
                same = same and result == local
        out["runs"].append(
            {
                "workers": workers,
                "setup_seconds": round(t_setup, 2),
                "seconds": times,
                "best_seconds": min(times),
                "suspects_per_s": round(len(picked) / min(times), 2),
                "same_rows_as_local": same,
                "other_jobs_cores": others,
            }
        )
    one, two = out["runs"][0]["best_seconds"], out["runs"][1]["best_seconds"]
    out["speedup_2_vs_1"] = round(one / two, 2)
    out["speedup_2_vs_1_median"] = round(
        sorted(out["runs"][0]["seconds"])[repeats // 2] / sorted(out["runs"][1]["seconds"])[repeats // 2], 2
    )
    return out


# -- report ---------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def markdown(res: dict[str, Any]) -> str:
    methods = res["methods"]
    keys = [f"wordnet@{r}" for r in RATES] + [f"wordnet+function@{r}" for r in (0.3, 0.5)]
    lines = [
        "# Source retrieval benchmark",
        "",
        f"Haystack: {res['haystack']['documents']:,} documents ({', '.join(f'{k} {v:,}' for k, v in res['haystack']['kinds'].items())}); "
        f"dropped: {', '.join(f'{k} {v:,}' for k, v in res['haystack']['dropped'].items())}.",
        f"Queries: {res['queries']['sources']} source documents, each spun at every rate "
        f"({', '.join(f'{k} {v}' for k, v in res['queries']['source_kinds'].items())}). "
        f"Realised substitution rate (mean): "
        + ", ".join(f"{k} {v:.3f}" for k, v in res["queries"]["realised_rate_mean"].items())
        + ".",
        f"Machine: {res['machine']['cpus']} CPUs, {res['machine']['python']}, commit {res['machine']['commit']}. "
        f"Command: `{res['command']}`.",
        "",
        "## Recall of the source (recall@1 / recall@5)",
        "",
        "| substitution | " + " | ".join(m["method"] for m in methods) + " |",
        "|---|" + "---|" * len(methods),
    ]
    for key in keys:
        variant, rate = key.split("@")
        label = f"{float(rate):.0%}" + (" + function words" if variant != "wordnet" else "")
        cells = []
        for m in methods:
            r = m["recall"].get(key)
            cells.append(f"{_fmt(r['recall@1'])} / {_fmt(r['recall@5'])}" if r else "-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Speed and memory (one process pinned to one core)",
        "",
        "| method | documents indexed / s | queries / s | peak RSS (MB) | index memory (MB) |",
        "|---|---|---|---|---|",
    ]
    for m in methods:
        lines.append(
            f"| {m['method']} | {m['docs_per_s']:,.0f} | {m['queries_per_s']:,.0f} | {m['peak_rss_mb']:,.0f} | {m['index_memory_mb']:,.0f} |"
        )
    dask = res.get("dask")
    if dask:
        lines += [
            "",
            f"## Screening on Dask ({dask['suspects']} spun suspects against {dask['sources']:,} sources)",
            "",
            f"Local run, no Dask: {dask['local_seconds']} s; {dask['local_spun_with_true_source']} of "
            f"{dask['suspects']} suspects labelled spun with their true source.",
            "",
            "| workers | setup (broadcast index, rebuild LSH) s | screening s (runs) | best s | suspects / s (best) "
            "| cores busy with other jobs meanwhile (runs) | same rows as local |",
            "|---|---|---|---|---|---|---|",
        ]
        for run in dask["runs"]:
            lines.append(
                f"| {run['workers']} | {run['setup_seconds']} | {', '.join(map(str, run['seconds']))} | {run['best_seconds']} "
                f"| {run['suspects_per_s']} | {', '.join(map(str, run['other_jobs_cores'])) or '?'} "
                f"| {run['same_rows_as_local']} |"
            )
        lines += [
            "",
            f"Speed-up, 2 workers vs 1: {dask['speedup_2_vs_1']}x on the best of {len(dask['runs'][0]['seconds'])} runs "
            f"({dask['speedup_2_vs_1_median']}x on the medians). {dask['note']}",
        ]
    lines += ["", "## Goals", ""]
    lines += [f"* {g['goal']}: {g['value']} — **{'met' if g['met'] else 'MISSED'}**" for g in res["goals"]]
    return "\n".join(lines) + "\n"


def goals(res: dict[str, Any]) -> list[dict[str, Any]]:
    sd = next(m for m in res["methods"] if m["method"] == "spindetect")
    low = min(sd["recall"][f"wordnet@{r}"]["recall@1"] for r in RATES if r <= 0.3)
    at50 = sd["recall"]["wordnet@0.5"]["recall@1"]
    out = [
        {
            "goal": "recall@1 >= 0.99 at <= 30% substitution (worst rate)",
            "value": round(low, 4),
            "met": low >= GOALS["recall@1_low"],
        },
        {"goal": "recall@1 >= 0.95 at 50%", "value": round(at50, 4), "met": at50 >= GOALS["recall@1_50"]},
        {
            "goal": ">= 2,000 documents/s indexed, one core",
            "value": sd["docs_per_s"],
            "met": sd["docs_per_s"] >= GOALS["docs_per_s"],
        },
        {
            "goal": ">= 200 queries/s, one core",
            "value": sd["queries_per_s"],
            "met": sd["queries_per_s"] >= GOALS["queries_per_s"],
        },
    ]
    if res.get("dask"):
        s = res["dask"]["speedup_2_vs_1"]
        out.append({"goal": "2 Dask workers >= 1.7x one", "value": s, "met": s >= GOALS["dask_speedup"]})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.retrieval", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default ../shared/data)")
    parser.add_argument("--sources", type=int, default=400, help="source documents spun into queries (default 400)")
    parser.add_argument("--dask-per-rate", type=int, default=80, help="Dask suspects per rate (default 80)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    parser.add_argument("--quick", action="store_true", help="60 sources, no Dask, results not written")
    parser.add_argument("--out", type=Path, default=RESULTS / "retrieval.json")
    args = parser.parse_args(argv)
    if not (args.data / "news_bbc").is_dir():
        print(
            f"retrieval benchmark: {args.data} not found (or has no news_bbc/): this benchmark needs the "
            "shared data folder beside the repository (../shared/data). Nothing was run.",
            file=sys.stderr,
        )
        return 2
    if args.quick:
        args.sources, args.no_dask = 60, True
    t_start = time.perf_counter()
    print("building the haystack ...", file=sys.stderr)
    haystack, dropped = load_haystack(args.data)
    kinds: dict[str, int] = {}
    for _, _, k in haystack:
        kinds[k] = kinds.get(k, 0) + 1
    print(f"{len(haystack):,} documents; spinning queries ...", file=sys.stderr)
    queries, qinfo = make_queries(haystack, args.sources)
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = "?"
    res: dict[str, Any] = {
        "command": "python -m benchmarks.retrieval"
        + (" --quick" if args.quick else " --no-dask" if args.no_dask else ""),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "commit": commit,
        },
        "haystack": {"documents": len(haystack), "kinds": kinds, "dropped": dropped},
        "queries": {
            **qinfo,
            "total": len(queries),
            "variants": sorted({f"{q['variant']}@{q['rate']}" for q in queries}),
        },
        "methods": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        with open(Path(tmp) / "haystack.json", "w", encoding="utf-8") as fh:
            json.dump([[d, t] for d, t, _ in haystack], fh)
        with open(Path(tmp) / "queries.json", "w", encoding="utf-8") as fh:
            json.dump(queries, fh)
        for name in METHODS:
            print(f"method {name} ...", file=sys.stderr)
            out = run_method(name, tmp)
            if "error" in out:
                print(f"method {name} failed: {out['error']}", file=sys.stderr)
                return 1
            res["methods"].append(out)
    if not args.no_dask:
        print("Dask: 1 and 2 workers ...", file=sys.stderr)
        res["dask"] = run_dask(haystack, queries, args.dask_per_rate)
    res["goals"] = goals(res)
    res["seconds"] = round(time.perf_counter() - t_start, 1)
    md = markdown(res)
    print(md)
    if not args.quick:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
        args.out.with_suffix(".md").write_text(md, encoding="utf-8")
        print(f"wrote {args.out} and {args.out.with_suffix('.md')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
