"""Train the shipped classifiers from the benchmark corpus.

    python scripts/build_corpus.py     # once: builds benchmarks/corpus/pairs.jsonl
    python scripts/train.py            # ~5 minutes on 2 cores

Writes ``spindetect/data/model_pairs.json`` (verdict of ``score``),
``spindetect/data/model_text.json`` (verdict of ``scan``) and
``tests/cases/model_fixtures.json`` (features and probabilities the test
suite checks the shipped models against).

Training uses the corpus's *train* split; the temperature of each model is
fitted on the *dev* split; the *test* split is left to
``benchmarks/accuracy.py``. Features are cached in
``benchmarks/corpus/features-*.jsonl`` (keyed by corpus hash, spindetect
version and lexicon) and shared with the benchmark.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus"
DATA = ROOT / "spindetect" / "data"
FIXTURES = ROOT / "tests" / "cases" / "model_fixtures.json"

#: Regularisation of both models (inverse strength). Chosen by dev-split log
#: loss among 0.1, 1, 10 (printed by this script).
C_GRID = (0.1, 1.0, 10.0)

#: Single texts shorter than this are not used for the text model.
MIN_TEXT_WORDS = 40

#: Length bands of scan's label thresholds (words, lower bounds), fixed in
#: advance: the clean-text false-positive rate at P(spun) >= 0.5 falls with
#: length (see spindetect.resources.models.scan_label_threshold).
LABEL_BANDS = (0, 100, 150, 300)
#: In each band, the label threshold lets at most this share of the dev
#: split's clean texts be labelled spun (and is never below 0.5).
LABEL_TARGET_FPR = 0.05
#: A band needs this many clean dev texts for its threshold.
MIN_BAND_TEXTS = 100


def corpus_rows() -> list[dict[str, Any]]:
    path = CORPUS / "pairs.jsonl"
    if not path.is_file():
        sys.exit(f"{path} not found: build the corpus first with `python scripts/build_corpus.py`")
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _signature(kind: str) -> str:
    import spindetect
    from spindetect.scoring.features import FEATURE_NAMES, TEXT_FEATURE_NAMES

    corpus_sha = hashlib.sha256((CORPUS / "pairs.jsonl").read_bytes()).hexdigest()[:12]
    names = FEATURE_NAMES if kind == "pairs" else TEXT_FEATURE_NAMES
    from spindetect import scan
    from spindetect.resources import models as model

    phrases_sha = hashlib.sha256((DATA / "phrases.tsv.gz").read_bytes()).hexdigest()[:12]
    vectors_sha = hashlib.sha256((DATA / "vectors.npz").read_bytes()).hexdigest()[:12]
    scan_module = sys.modules[scan.__module__]
    key = "|".join(
        [
            corpus_sha,
            spindetect.__version__,
            spindetect.default_lexicon().signature,
            phrases_sha,
            vectors_sha,
            model.window_model_id(),
            f"{scan_module.MIN_PATTERN_WEIGHT},{scan_module.MIN_LEXICON_WEIGHT}",
            ",".join(names),
        ]
    )
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def _pair_worker(item: tuple[str, str, str]) -> tuple[str, dict[str, float] | str]:
    from spindetect.scoring.detector import _default_detector

    pid, a, b = item
    try:
        return pid, _default_detector().features(a, b)
    except (TypeError, ValueError) as exc:
        return pid, f"error: {exc}"


def _text_worker(item: tuple[str, str]) -> tuple[str, dict[str, float] | str]:
    from spindetect.scanning.scanner import _default_scanner
    from spindetect.scoring.features import text_features

    tid, text = item
    try:
        sc = _default_scanner()
        doc, phrases = sc.find_phrases(text)
        return tid, text_features(doc, phrases, sc.phrases)
    except (TypeError, ValueError) as exc:
        return tid, f"error: {exc}"


def _cached(kind: str, items: list[tuple], worker: Any, processes: int) -> dict[str, Any]:
    path = CORPUS / f"features-{kind}-{_signature(kind)}.jsonl"
    done: dict[str, Any] = {}
    if path.is_file():
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                done[row["id"]] = row["features"]
    todo = [it for it in items if it[0] not in done]
    if todo:
        t0 = time.perf_counter()
        with open(path, "a", encoding="utf-8") as out, mp.get_context("fork").Pool(processes) as pool:
            for k, (iid, feats) in enumerate(pool.imap_unordered(worker, todo, chunksize=8), 1):
                done[iid] = feats
                out.write(json.dumps({"id": iid, "features": feats}) + "\n")
                if k % 500 == 0:
                    print(f"  {kind}: {k}/{len(todo)} in {time.perf_counter() - t0:.0f} s", flush=True)
    return done


def pair_features(rows: list[dict[str, Any]], processes: int = 2) -> dict[str, Any]:
    """Features of every corpus pair (cached)."""
    return _cached("pairs", [(r["id"], r["a"], r["b"]) for r in rows], _pair_worker, processes)


def single_texts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The single-text task: spun texts and clean texts from the corpus pairs.

    Spun: the spun side of each spun pair. Clean: the source of each spun
    pair and both sides of every negative pair except copies (duplicates of
    a source). Each text keeps its pair's split, group, spinner, rate, domain.
    """
    out: dict[str, dict[str, Any]] = {}

    def put(text: str, row: dict[str, Any], label: str, role: str) -> None:
        words = len(text.split())
        if words < MIN_TEXT_WORDS:
            return
        tid = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        if tid in out:
            return
        out[tid] = {
            "id": tid,
            "text": text,
            "label": label,
            "split": row["split"],
            "group": row["group"] if label == "spun" else f"clean:{row['group']}:{role}",
            "spinner": row.get("spinner") if label == "spun" else None,
            "rate": (row.get("rate") or {}).get("target") if label == "spun" else None,
            "domain": row["domain"],
            "words": words,
        }

    for r in rows:
        if r["label"] == "spun":
            spun, src = (r["b"], r["a"]) if r.get("spun_side", "b") == "b" else (r["a"], r["b"])
            put(spun, r, "spun", "spun")
            put(src, r, "clean", "source")
        elif r["label"] != "copy":
            put(r["a"], r, "clean", "a")
            put(r["b"], r, "clean", "b")
    return list(out.values())


def text_features_for(texts: list[dict[str, Any]], processes: int = 2) -> dict[str, Any]:
    return _cached("texts", [(t["id"], t["text"]) for t in texts], _text_worker, processes)


def matrix(
    items: list[dict[str, Any]], feats: dict[str, Any], names: tuple[str, ...]
) -> tuple[Any, list[dict[str, Any]]]:
    import numpy as np

    kept = [it for it in items if isinstance(feats.get(it["id"]), dict)]
    X = np.array([[feats[it["id"]][n] for n in names] for it in kept], dtype=float)
    return X, kept


def fit_model(X_tr: Any, y_tr: Any, X_dev: Any, y_dev: Any) -> tuple[Any, float, dict[str, float]]:
    import numpy as np

    from spindetect.estimators import SpinClassifier

    losses = {}
    best = None
    for C in C_GRID:
        clf = SpinClassifier(C=C).fit(X_tr, y_tr, X_dev, y_dev)
        p = clf.predict_proba(X_dev)
        idx = np.searchsorted(clf.classes_, y_dev)
        loss = float(-np.log(np.clip(p[np.arange(len(y_dev)), idx], 1e-12, 1)).mean())
        losses[str(C)] = loss
        if best is None or loss < best[1]:
            best = (clf, loss, C)
    assert best is not None
    return best[0], best[2], losses


def train_and_save(
    kind: str, items: list[dict[str, Any]], feats: dict[str, Any], names: tuple[str, ...], corpus_sha: str, **extra: Any
) -> tuple[Any, str]:
    """Fit one model on the train split (temperature on dev), write
    ``spindetect/data/model_<kind>.json``; return it and its id."""
    import numpy as np

    import spindetect

    X_tr, tr = matrix([it for it in items if it["split"] == "train"], feats, names)
    X_dev, dev = matrix([it for it in items if it["split"] == "dev"], feats, names)
    y_tr = np.array([it["label"] for it in tr])
    y_dev = np.array([it["label"] for it in dev])
    clf, C, losses = fit_model(X_tr, y_tr, X_dev, y_dev)
    print(f"{kind} model: C={C}, dev log loss by C {losses}, temperature {clf.temperature_:.2f}")
    info = {
        "trained_by": "scripts/train.py",
        "spindetect_version": spindetect.__version__,
        "lexicon": spindetect.default_lexicon().signature,
        "corpus_sha256": corpus_sha,
        "train": dict(Counter(y_tr.tolist())),
        "dev": dict(Counter(y_dev.tolist())),
        "dev_log_loss_by_C": losses,
        **extra,
    }
    model_id = f"{kind}-lr-{corpus_sha[:8]}"
    path = DATA / f"model_{kind}.json"
    path.write_text(json.dumps(clf.to_json(feature_names=names, model_id=model_id, info=info), indent=1) + "\n")
    return clf, model_id


def scan_words(features: dict[str, float]) -> int:
    """A text's words as scan counts them (``ScanReport.words``), from its
    text features: what scan's label threshold is looked up by."""
    import math

    return round(math.exp(features["log_words"]))


def label_thresholds(clf: Any, items: list[dict[str, Any]], feats: dict[str, Any]) -> dict[str, Any]:
    """scan's label threshold per length band, from the *dev* split: the
    lowest P(spun) that at most LABEL_TARGET_FPR of the band's clean texts
    reach, and at least 0.5. Words are counted as scan counts them (the
    ``log_words`` feature)."""
    import math

    import numpy as np

    from spindetect.scoring.features import TEXT_FEATURE_NAMES

    X, dev = matrix([it for it in items if it["split"] == "dev"], feats, TEXT_FEATURE_NAMES)
    p = clf.predict_proba(X)[:, list(clf.classes_).index("spun")]
    words = np.array([scan_words(feats[it["id"]]) for it in dev])
    spun = np.array([it["label"] == "spun" for it in dev])
    band = np.searchsorted(np.array(LABEL_BANDS), words, side="right") - 1
    out: dict[str, Any] = {
        "min_words": list(LABEL_BANDS),
        "threshold": [],
        "target_false_positive_rate": LABEL_TARGET_FPR,
        "chosen_on": "dev split of the corpus single texts (scripts/train.py: label_thresholds)",
        "dev_clean_texts": [],
        "dev_false_positive_rate": [],
        "dev_recall": [],
    }
    for k in range(len(LABEL_BANDS)):
        clean = np.sort(p[(band == k) & ~spun])[::-1]
        if len(clean) < MIN_BAND_TEXTS:
            sys.exit(f"length band {LABEL_BANDS[k]}+ has {len(clean)} clean dev texts, fewer than {MIN_BAND_TEXTS}")
        allowed = int(math.floor(LABEL_TARGET_FPR * len(clean)))
        t = max(0.5, float(np.nextafter(clean[allowed], 1.0)))
        out["threshold"].append(t)
        out["dev_clean_texts"].append(int(len(clean)))
        out["dev_false_positive_rate"].append(float((clean >= t).mean()))
        out["dev_recall"].append(float((p[(band == k) & spun] >= t).mean()))
    return out


def main() -> None:

    import spindetect
    from spindetect.scoring.features import FEATURE_NAMES, TEXT_FEATURE_NAMES

    parser = argparse.ArgumentParser(description="train the shipped classifiers")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    rows = corpus_rows()
    corpus_sha = hashlib.sha256((CORPUS / "pairs.jsonl").read_bytes()).hexdigest()
    t0 = time.perf_counter()
    feats = pair_features(rows, args.processes)
    print(f"pair features: {len(feats)} in {time.perf_counter() - t0:.0f} s")
    errors = [r["id"] for r in rows if not isinstance(feats.get(r["id"]), dict)]
    if errors:
        print(f"  {len(errors)} pairs could not be scored (skipped): {errors[:5]}")

    clf, model_id = train_and_save("pairs", rows, feats, FEATURE_NAMES, corpus_sha)
    texts = single_texts(rows)
    t0 = time.perf_counter()
    tfeats = text_features_for(texts, args.processes)
    print(f"text features: {len(tfeats)} in {time.perf_counter() - t0:.0f} s")
    tclf, tmodel_id = train_and_save("text", texts, tfeats, TEXT_FEATURE_NAMES, corpus_sha, min_words=MIN_TEXT_WORDS)
    thresholds = label_thresholds(tclf, texts, tfeats)
    path = DATA / "model_text.json"
    data = json.loads(path.read_text())
    data["label_thresholds"] = thresholds
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(
        "scan label thresholds by length band:",
        ", ".join(f"{b}+ words: {t:.3f}" for b, t in zip(thresholds["min_words"], thresholds["threshold"])),
    )

    # -- fixtures: what the shipped models must reproduce ----------------------
    import importlib

    importlib.invalidate_caches()
    from spindetect.resources import models as model_module

    model_module._shipped.cache_clear()
    seeds = ROOT / "data" / "seeds"
    seed = {p.name[:3]: p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")}
    det = spindetect.Detector()
    fixtures: dict[str, Any] = {"pair_model": model_id, "text_model": tmodel_id, "pairs": [], "texts": []}
    for a, b in [("000", "002"), ("002", "000"), ("001", "002"), ("004", "002"), ("002", "002")]:
        f = det.features(seed[a], seed[b])
        probs = clf.predict_proba([[f[n] for n in FEATURE_NAMES]])[0]
        fixtures["pairs"].append(
            {"a": a, "b": b, "features": f, "probabilities": dict(zip(clf.classes_.tolist(), probs.tolist()))}
        )
    for name in sorted(seed):
        r = spindetect.scan(seed[name])
        probs = tclf.predict_proba([[r.features[n] for n in TEXT_FEATURE_NAMES]])[0]
        fixtures["texts"].append(
            {"seed": name, "features": r.features, "probabilities": dict(zip(tclf.classes_.tolist(), probs.tolist()))}
        )
    FIXTURES.write_text(json.dumps(fixtures, indent=1) + "\n")
    print(f"wrote {DATA / 'model_pairs.json'}, {DATA / 'model_text.json'}, {FIXTURES}")


if __name__ == "__main__":
    main()
