"""Accuracy of the shipped classifiers on the corpus's test split, with baselines.

    python -m devtools.build_corpus   # once (needs ../shared/data and Debian thesauri)
    python -m devtools.train          # the shipped models (features are cached)
    python -m benchmarks.accuracy     # this report, ~3 minutes

Two tasks:

* **pairs** (``score``): positives are spun copies (spinner x rate x domain),
  negatives are copies, near-copies, human paraphrases (MSRP), neural
  paraphrases (QuillBot), independent reports of the same story (BASIL),
  other articles of the same BBC category, other paragraphs of the same
  article, the fluent rewrite seed. "Predicted spun" means the shipped label
  is "spun" (P(spun) >= 0.5).
* **single texts** (``scan``): the spun side of each spun pair against clean
  texts (sources and both sides of negative pairs); headline on texts of at
  least 150 words. "Predicted spun" means scan's label is "spun": P(spun) at
  or above the threshold for the text's length
  (``spindetect.scanning.verdict.scan_label_threshold``, chosen on the dev split); a
  table by length band compares it with P(spun) >= 0.5.

Each spinner x rate cell is scored against all test negatives (precision,
recall, F1, ROC-AUC); each negative group by its false-positive rate.
Leave-one-spinner-out retrains the pair model without one spinner (same
features and settings as devtools/train.py) and tests on that spinner only.
Baselines, in the same run: difflib ratio and TF-IDF cosine thresholds (each
threshold chosen on the dev split for F1) and a source-free bag-of-words
logistic regression.

Writes benchmarks/results/accuracy.json and benchmarks/results/accuracy.md.
"""

from __future__ import annotations

import difflib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

import spindetect
from devtools.corpus import (
    MIN_TEXT_WORDS,
    SOURCE_SIDE_KEY,
    UNSEEN_SPLIT,
    corpus_rows,
    fit_model,
    matrix,
    pair_features,
    scan_words,
    scores_for,
    single_texts,
    text_features_for,
)
from spindetect.resources.models import load_model
from spindetect.scanning.features import TEXT_FEATURE_NAMES
from spindetect.scanning.verdict import scan_label_threshold
from spindetect.scoring.features import FEATURE_NAMES
from spindetect.scoring.verdict import decide

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DATA = ROOT / "spindetect" / "data"
LABELS = list(spindetect.LABELS)
HEADLINE_WORDS = 150


def prf(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "n_pos": int(y.sum()),
        "n_neg": int((y == 0).sum()),
    }


def auc(y: np.ndarray, s: np.ndarray) -> float | None:
    from sklearn.metrics import roc_auc_score

    if len(set(y.tolist())) < 2:
        return None
    return float(roc_auc_score(y, s))


def roc_points(y: np.ndarray, s: np.ndarray, n: int = 200) -> dict[str, list[float]]:
    """ROC curve, thinned to at most ``n`` points, for plotting."""
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, s)
    keep = np.unique(np.linspace(0, len(fpr) - 1, min(n, len(fpr))).astype(int))
    return {"fpr": [round(float(x), 5) for x in fpr[keep]], "tpr": [round(float(x), 5) for x in tpr[keep]]}


def ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if m.any():
            total += m.mean() * abs(p[m].mean() - y[m].mean())
    return float(total)


def _by_group(items: list[dict[str, Any]], y: np.ndarray, cls: int, key: Any) -> dict[str, np.ndarray]:
    """Indices of the items of class ``cls``, grouped by ``key(item)``."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        if y[i] == cls:
            groups[key(it)].append(i)
    return {g: np.array(groups[g]) for g in sorted(groups)}


def _with(base: np.ndarray, idx: np.ndarray) -> np.ndarray:
    m = base.copy()
    m[idx] = True
    return m


def cell_table(
    items: list[dict[str, Any]], y: np.ndarray, pred: np.ndarray, score: np.ndarray, key: Any
) -> dict[str, Any]:
    """Each positive cell (by ``key``) against all negatives."""
    out = {}
    for k, idx in _by_group(items, y, 1, key).items():
        m = _with(y == 0, idx)
        out[k] = {**prf(y[m], pred[m]), "roc_auc": auc(y[m], score[m])}
    return out


def negative_groups(
    items: list[dict[str, Any]], y: np.ndarray, pred: np.ndarray, score: np.ndarray, key: Any
) -> dict[str, Any]:
    """Each negative group: false-positive rate, and ROC-AUC against all positives."""
    out = {}
    for g, idx in _by_group(items, y, 0, key).items():
        m = _with(y == 1, idx)
        out[g] = {
            "n": len(idx),
            "false_positive_rate": float(pred[idx].mean()),
            "roc_auc_vs_all_spun": auc(y[m], score[m]),
        }
    return out


def domain_table(items: list[dict[str, Any]], y: np.ndarray, pred: np.ndarray, score: np.ndarray) -> dict[str, Any]:
    out = {}
    for d in sorted({it["domain"] for it in items}):
        m = np.array([it["domain"] == d for it in items])
        res = prf(y[m], pred[m])
        res["roc_auc"] = auc(y[m], score[m])
        out[d] = res
    return out


def threshold_baseline(
    name: str, dev_s: np.ndarray, dev_y: np.ndarray, test_s: np.ndarray, test_y: np.ndarray
) -> dict[str, Any]:
    best_t, best_f = 0.5, -1.0
    for t in np.unique(np.round(dev_s, 4)):
        f = prf(dev_y, (dev_s >= t).astype(int))["f1"]
        if f > best_f:
            best_t, best_f = float(t), f
    res = prf(test_y, (test_s >= best_t).astype(int))
    res.update({"threshold": best_t, "roc_auc": auc(test_y, test_s), "baseline": name})
    return res


def held_out_spinners(items: list[dict[str, Any]]) -> list[str]:
    """The synthetic spinners with test pairs (the real seed pair and the
    unseen family, which no model trains on, excluded)."""
    return sorted(
        {
            str(r["spinner"])
            for r in items
            if r["label"] == "spun" and r["spinner"] not in (None, "seed_real") and r["split"] == "test"
        }
    )


def leave_one_out(
    held: str,
    train: list[dict[str, Any]],
    dev: list[dict[str, Any]],
    test: list[dict[str, Any]],
    feats: dict[str, Any],
    names: tuple[str, ...],
) -> tuple[list[dict[str, Any]], np.ndarray, np.ndarray, list[dict[str, Any]]]:
    """Fit without spinner ``held`` (train; temperature on dev), score the test
    items of that spinner and all test negatives. Returns (test items, P(spun),
    labels, train items used)."""
    tr = [r for r in train if r["spinner"] != held]
    dv = [r for r in dev if r["spinner"] != held]
    X_tr, tr = matrix(tr, feats, names)
    X_dv, dv = matrix(dv, feats, names)
    clf, _, _ = fit_model(X_tr, np.array([r["label"] for r in tr]), X_dv, np.array([r["label"] for r in dv]))
    te = [r for r in test if r["spinner"] == held or r["label"] != "spun"]
    X_te, te = matrix(te, feats, names)
    ps = clf.predict_proba(X_te)[:, [str(c) for c in clf.classes_].index("spun")]
    return te, ps, np.array([int(r["label"] == "spun") for r in te]), tr


def spun_cell(r: dict[str, Any]) -> str:
    """The group a spun pair is reported in: spinner family @ rate, or, for
    light spin, how many terms were broken in what size of text."""
    meta = r.get("meta") or {}
    if meta.get("light_terms") is not None:
        return f"{r['spinner']}: {meta['light_terms']} term(s) / {meta.get('unit', '?')}"
    return f"{r['spinner']} @ {(r.get('rate') or {}).get('target')}"


def side_table(items: list[dict[str, Any]], feats: dict[str, Any], pred: np.ndarray, key: Any) -> dict[str, Any]:
    """Per spun group: how often score() names the right side as spun, over
    all its pairs (orientation) and over those it labels spun."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(items):
        if r["label"] == "spun" and r.get("spun_side") in ("a", "b"):
            groups[key(r)].append(i)
    out = {}
    for g in sorted(groups):
        right = np.array(
            [feats[items[i]["id"]].get(SOURCE_SIDE_KEY) not in (None, items[i]["spun_side"]) for i in groups[g]]
        )
        labelled = np.array([bool(pred[i]) for i in groups[g]])
        out[g] = {
            "n": len(right),
            "side_right": float(right.mean()),
            "side_right_when_spun": float(right[labelled].mean()) if labelled.any() else None,
        }
    return out


def unseen_task(rows: list[dict[str, Any]], feats: dict[str, Any], clf: Any) -> dict[str, Any]:
    """The shipped model on the rows kept out of all training and tuning
    (split ``unseen``: one spinner family and one data source, every built
    split): recall and side by group, false-positive rate by negative group."""
    items = [r for r in rows if r["split"] == UNSEEN_SPLIT]
    if not items:
        return {}
    X, items = matrix(items, feats, FEATURE_NAMES)
    labels = [decide(feats[r["id"]])[0] for r in items]
    pred = np.array([int(lab == "spun") for lab in labels])
    y = np.array([int(r["label"] == "spun") for r in items])
    spun_groups: dict[str, list[int]] = defaultdict(list)
    neg_groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(items):
        (spun_groups if y[i] else neg_groups)[f"{spun_cell(r) if y[i] else r['group']} / {r['domain']}"].append(i)
    return {
        "pairs": len(items),
        "recall": {g: {"n": len(ix), "recall": float(pred[ix].mean())} for g, ix in sorted(spun_groups.items())},
        "false_positive_rate": {
            g: {"n": len(ix), "false_positive_rate": float(pred[ix].mean())} for g, ix in sorted(neg_groups.items())
        },
        "side": side_table(items, feats, pred, lambda r: f"{spun_cell(r)} / {r['domain']}"),
        "overall": prf(y, pred),
    }


#: Spun pairs from this rate on are left out of :func:`user_task` (cost).
USER_TASK_MAX_RATE = 0.1


def _rate(r: dict[str, Any]) -> float:
    return (r.get("rate") or {}).get("target") or 0.0


def user_task(rows: list[dict[str, Any]], feats: dict[str, Any]) -> dict[str, Any]:
    """Test pairs through `score` itself, as a user with the judge installed
    meets it (the judge stage for pairs with 1-20 rewordings or an unsure
    fast path, the fast path for the rest): every negative pair, light spin
    and 5% spin (spun pairs at higher rates are left out: the fast path
    settles nearly all of them and the language model reads ~100 tokens/s
    here); the same for the test-built rows of the unseen family and source,
    reported apart. F1 over the seen test pairs, false-positive rate per
    negative group, recall and side per spun group, and beside each the fast
    path's share on the same pairs."""
    from spindetect.resources.language_model import available_judge

    if available_judge() is None:
        return {}

    def built_split(r: dict[str, Any]) -> str:
        return r.get("built_split", "") if r["split"] == UNSEEN_SPLIT else r["split"]

    test = [
        r
        for r in rows
        if built_split(r) == "test"
        and isinstance(feats.get(r["id"]), dict)
        and not (r["label"] == "spun" and _rate(r) >= USER_TASK_MAX_RATE)
    ]
    verdicts = scores_for(test)
    test = [r for r in test if isinstance(verdicts.get(r["id"]), dict)]
    y = np.array([r["label"] == "spun" for r in test])
    pred = np.array([verdicts[r["id"]]["label"] == "spun" for r in test])
    fast = np.array([decide(feats[r["id"]])[0] == "spun" for r in test])
    seen = np.array([r["split"] != UNSEEN_SPLIT for r in test])
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(test):
        g = spun_cell(r) if y[i] else r["group"]
        groups[g if seen[i] else f"unseen: {g} / {r['domain']}"].append(i)
    out: dict[str, Any] = {
        "overall": prf(y[seen].astype(int), pred[seen].astype(int)),
        "overall_fast": prf(y[seen].astype(int), fast[seen].astype(int)),
        "pairs": int(seen.sum()),
        "unseen_pairs": int((~seen).sum()),
        "groups": {},
    }
    out["judged"] = int(sum(verdicts[r["id"]]["judged"] for r in test))
    for g, ix in sorted(groups.items()):
        rs = [test[i] for i in ix]
        row: dict[str, Any] = {
            "n": len(ix),
            "spun_group": bool(y[ix[0]]),
            "spun_rate": float(pred[ix].mean()),
            "fast_spun_rate": float(fast[ix].mean()),
            "judged": int(sum(verdicts[r["id"]]["judged"] for r in rs)),
        }
        if y[ix[0]]:
            right = [verdicts[r["id"]][SOURCE_SIDE_KEY] != r["spun_side"] for r in rs if r.get("spun_side")]
            row["side_right"] = float(np.mean(right)) if right else None
            fast_right = [
                feats[r["id"]].get(SOURCE_SIDE_KEY) not in (None, r["spun_side"]) for r in rs if r.get("spun_side")
            ]
            row["fast_side_right"] = float(np.mean(fast_right)) if fast_right else None
        out["groups"][g] = row
    return out


def pair_task(rows: list[dict[str, Any]]) -> dict[str, Any]:
    feats = pair_features(rows)
    clf = load_model(ROOT / "spindetect" / "data" / "model_pairs.json")
    if clf.feature_names != tuple(FEATURE_NAMES):
        sys.exit(
            "the shipped pair model's features differ from spindetect.scoring.features: run `python -m devtools.train`"
        )
    test = [r for r in rows if r["split"] == "test"]
    X, test = matrix(test, feats, FEATURE_NAMES)
    proba = clf.predict_proba(X)
    classes = list(clf.classes)
    p_spun = proba[:, classes.index("spun")]
    # Labels exactly as score() gives them (spindetect.scoring.verdict.decide, which
    # also applies the verbatim-copy rule).
    labels = [decide(feats[r["id"]])[0] for r in test]
    y = np.array([int(r["label"] == "spun") for r in test])
    pred = np.array([int(lab == "spun") for lab in labels])
    confusion = {t: dict(Counter(lab for lab, r in zip(labels, test) if r["label"] == t)) for t in LABELS}
    spinner_rate = cell_table(test, y, pred, p_spun, spun_cell)
    side = side_table(test, feats, pred, spun_cell)
    spinner = cell_table(test, y, pred, p_spun, lambda r: str(r["spinner"]))
    rate = cell_table(test, y, pred, p_spun, lambda r: str((r.get("rate") or {}).get("target")))
    spinner_domain = cell_table(test, y, pred, p_spun, lambda r: f"{r['spinner']} / {r['domain']}")
    negatives = negative_groups(test, y, pred, p_spun, lambda r: r["group"])
    overall = prf(y, pred)
    overall["roc_auc"] = auc(y, p_spun)
    overall["brier"] = float(((p_spun - y) ** 2).mean())
    overall["ece"] = ece(y, p_spun)
    rate10 = np.array([r["label"] != "spun" or ((r.get("rate") or {}).get("target") or 1) >= 0.1 for r in test])
    overall_10 = prf(y[rate10], pred[rate10])
    rate05 = [i for i, r in enumerate(test) if r["label"] == "spun" and (r.get("rate") or {}).get("target") == 0.05]
    recall_05 = float(pred[rate05].mean()) if rate05 else None

    # -- leave one spinner out --------------------------------------------------
    train = [r for r in rows if r["split"] == "train"]
    dev = [r for r in rows if r["split"] == "dev"]
    loso = {}
    for held in held_out_spinners(rows):
        te, ps, yy, _ = leave_one_out(held, train, dev, test, feats, FEATURE_NAMES)
        res = prf(yy, (ps >= 0.5).astype(int))
        res["roc_auc"] = auc(yy, ps)
        res["by_rate"] = {
            str(rt): float(
                (
                    ps[
                        [
                            i
                            for i, r in enumerate(te)
                            if r["label"] == "spun" and (r.get("rate") or {}).get("target") == rt
                        ]
                    ]
                    >= 0.5
                ).mean()
            )
            for rt in sorted({(r.get("rate") or {}).get("target") for r in te if r["label"] == "spun"}, key=str)
        }
        res["by_group"] = {
            g: float((ps[[i for i, r in enumerate(te) if r["label"] == "spun" and spun_cell(r) == g]] >= 0.5).mean())
            for g in sorted({spun_cell(r) for r in te if r["label"] == "spun"})
        }
        res["negative_fpr"] = {
            g: float((ps[[i for i, r in enumerate(te) if r["group"] == g]] >= 0.5).mean())
            for g in sorted({r["group"] for r in te if r["label"] != "spun"})
        }
        loso[held] = res

    # -- baselines ------------------------------------------------------------
    from sklearn.feature_extraction.text import TfidfVectorizer

    dev_rows = [r for r in dev if isinstance(feats.get(r["id"]), dict)]
    y_dev = np.array([int(r["label"] == "spun") for r in dev_rows])

    def difflib_ratio(r: dict[str, Any]) -> float:
        return difflib.SequenceMatcher(None, r["a"].lower().split(), r["b"].lower().split(), autojunk=False).ratio()

    t0 = time.perf_counter()
    d_dev = np.array([difflib_ratio(r) for r in dev_rows])
    d_test = np.array([difflib_ratio(r) for r in test])
    vec = TfidfVectorizer(sublinear_tf=True).fit([r["a"] for r in train] + [r["b"] for r in train])

    def cosines(rs: list[dict[str, Any]]) -> np.ndarray:
        A = vec.transform([r["a"] for r in rs])
        B = vec.transform([r["b"] for r in rs])
        return np.asarray(A.multiply(B).sum(axis=1)).ravel()

    baselines = {
        "difflib ratio": threshold_baseline("difflib ratio", d_dev, y_dev, d_test, y),
        "tf-idf cosine": threshold_baseline("tf-idf cosine", cosines(dev_rows), y_dev, cosines(test), y),
    }
    for name, s_test, t in (
        ("difflib ratio", d_test, baselines["difflib ratio"]["threshold"]),
        ("tf-idf cosine", cosines(test), baselines["tf-idf cosine"]["threshold"]),
    ):
        p_b = (s_test >= t).astype(int)
        baselines[name]["negative_group_fpr"] = {
            g: float(p_b[[i for i, r in enumerate(test) if r["group"] == g]].mean())
            for g in sorted({r["group"] for r in test if r["label"] != "spun"})
        }
    baseline_seconds = time.perf_counter() - t0
    roc = {
        "spindetect": roc_points(y, p_spun),
        "difflib ratio": roc_points(y, d_test),
        "tf-idf cosine": roc_points(y, cosines(test)),
    }

    return {
        "roc": roc,
        "model": clf.model_id,
        "test_pairs": len(test),
        "overall": overall,
        "rates_ge_10pct": overall_10,
        "recall_at_5pct": recall_05,
        "confusion": confusion,
        "by_spinner": spinner,
        "by_rate": rate,
        "by_spinner_rate": spinner_rate,
        "by_spinner_domain": spinner_domain,
        "by_domain": domain_table(test, y, pred, p_spun),
        "negative_groups": negatives,
        "leave_one_spinner_out": loso,
        "side": side,
        "unseen": unseen_task(rows, feats, clf),
        "as_used": user_task(rows, feats),
        "baselines": baselines,
        "baseline_seconds": baseline_seconds,
    }


def length_bands(clf: Any, y: np.ndarray, p: np.ndarray, pred: np.ndarray, words: np.ndarray) -> dict[str, Any]:
    """False-positive rate and recall of scan's label per length band of the
    text model's label thresholds, against P(spun) >= 0.5."""
    bands = list(clf.data.get("label_thresholds", {}).get("min_words", [0]))
    out = {}
    for k, lo in enumerate(bands):
        hi = bands[k + 1] if k + 1 < len(bands) else None
        m = (words >= lo) & (words < hi if hi is not None else True)
        clean, spun = m & (y == 0), m & (y == 1)
        out[f"{lo}-{hi - 1}" if hi else f"{lo}+"] = {
            "threshold": scan_label_threshold(lo),
            "clean": int(clean.sum()),
            "spun": int(spun.sum()),
            "fpr_at_0.5": float((p[clean] >= 0.5).mean()) if clean.any() else None,
            "fpr": float(pred[clean].mean()) if clean.any() else None,
            "recall_at_0.5": float((p[spun] >= 0.5).mean()) if spun.any() else None,
            "recall": float(pred[spun].mean()) if spun.any() else None,
        }
    return out


def text_task(rows: list[dict[str, Any]]) -> dict[str, Any]:
    texts = single_texts(rows)
    tfeats = text_features_for(texts)
    clf = load_model(ROOT / "spindetect" / "data" / "model_text.json")
    if clf.feature_names != tuple(TEXT_FEATURE_NAMES):
        sys.exit(
            "the shipped text model's features differ from spindetect.scanning.features: run `python -m devtools.train`"
        )
    test = [t for t in texts if t["split"] == "test"]
    X, test = matrix(test, tfeats, TEXT_FEATURE_NAMES)
    p = clf.p_spun(X)
    y = np.array([int(t["label"] == "spun") for t in test])
    words = np.array([scan_words(tfeats[t["id"]]) for t in test])
    threshold = np.array([scan_label_threshold(w) for w in words])
    pred = (p >= threshold).astype(int)
    by_length = length_bands(clf, y, p, pred, words)
    long = np.array([t["words"] >= HEADLINE_WORDS for t in test])
    overall = prf(y, pred)
    overall["roc_auc"] = auc(y, p)
    headline = prf(y[long], pred[long])
    headline["roc_auc"] = auc(y[long], p[long])
    headline["ece"] = ece(y[long], p[long])
    headline["at_0.5"] = prf(y[long], (p[long] >= 0.5).astype(int))
    lt = [t for t, keep in zip(test, long) if keep]
    by_spinner_rate = cell_table(lt, y[long], pred[long], p[long], lambda t: f"{t['spinner']} @ {t['rate']}")
    by_domain = domain_table(lt, y[long], pred[long], p[long])
    negatives = negative_groups(lt, y[long], pred[long], p[long], lambda t: t["group"].split(":")[1])

    # Baseline: bag-of-words logistic regression on the text alone.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    train = [t for t in texts if t["split"] == "train"]
    vec = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 1))
    Xtr = vec.fit_transform([t["text"] for t in train])
    bow = LogisticRegression(max_iter=3000, C=10.0).fit(Xtr, [int(t["label"] == "spun") for t in train])
    pb = bow.predict_proba(vec.transform([t["text"] for t in lt]))[:, 1]
    bow_res = prf(y[long], (pb >= 0.5).astype(int))
    bow_res["roc_auc"] = auc(y[long], pb)
    bow_cells = cell_table(lt, y[long], (pb >= 0.5).astype(int), pb, lambda t: str(t["spinner"]))

    # Leave one spinner out, for the text model and the bag-of-words baseline.
    dev_t = [t for t in texts if t["split"] == "dev"]
    loso = {}
    for held in held_out_spinners(texts):
        te, ps, yy, tr = leave_one_out(held, train, dev_t, lt, tfeats, TEXT_FEATURE_NAMES)
        v2 = TfidfVectorizer(sublinear_tf=True, min_df=2)
        b2 = LogisticRegression(max_iter=3000, C=10.0).fit(
            v2.fit_transform([t["text"] for t in tr]), [int(t["label"] == "spun") for t in tr]
        )
        pb2 = b2.predict_proba(v2.transform([t["text"] for t in te]))[:, 1]
        loso[held] = {"roc_auc": auc(yy, ps), "bag_of_words_roc_auc": auc(yy, pb2), "n_pos": int(yy.sum())}
    return {
        "roc": {"spindetect": roc_points(y[long], p[long]), "bag of words": roc_points(y[long], pb)},
        "leave_one_spinner_out": loso,
        "model": clf.model_id,
        "test_texts": len(test),
        "min_words_trained": MIN_TEXT_WORDS,
        "overall": overall,
        "headline_ge_150_words": headline,
        "by_spinner_rate": by_spinner_rate,
        "by_domain": by_domain,
        "negative_groups": negatives,
        "by_length": by_length,
        "baseline_bag_of_words": {"overall": bow_res, "by_spinner": bow_cells},
    }


def fmt(x: Any, nd: int = 3) -> str:
    return "-" if x is None else (f"{x:.{nd}f}" if isinstance(x, float) else str(x))


def markdown(res: dict[str, Any]) -> str:
    P, T = res["pairs"], res["texts"]
    o = P["overall"]
    L = [
        "# Accuracy benchmark",
        "",
        f"`python -m benchmarks.accuracy` (spindetect {res['version']}, {res['date']}; pair model `{P['model']}`, text model `{T['model']}`). Test split only.",
        "",
        "## Pairs (`score`)",
        "",
        f"All test pairs ({P['test_pairs']}): precision {fmt(o['precision'])}, recall {fmt(o['recall'])}, F1 {fmt(o['f1'])}, ROC-AUC {fmt(o['roc_auc'])}, Brier {fmt(o['brier'])}, ECE {fmt(o['ece'])}.",
        f"Rates >= 10%: F1 {fmt(P['rates_ge_10pct']['f1'])}. Recall at 5%: {fmt(P['recall_at_5pct'])}.",
        "",
        "| spinner @ rate | precision | recall | F1 | ROC-AUC | positives |",
        "|---|---|---|---|---|---|",
    ]
    for k, v in P["by_spinner_rate"].items():
        L.append(
            f"| {k} | {fmt(v['precision'])} | {fmt(v['recall'])} | {fmt(v['f1'])} | {fmt(v['roc_auc'])} | {v['n_pos']} |"
        )
    L += [
        "",
        "Which side is the spun copy (all spun pairs of the group, and those labelled spun):",
        "",
        "| spun group | pairs | side right | side right when labelled spun |",
        "|---|---|---|---|",
    ]
    for k, v in P["side"].items():
        L.append(f"| {k} | {v['n']} | {fmt(v['side_right'])} | {fmt(v['side_right_when_spun'])} |")
    L += ["", "| spinner / domain | precision | recall | F1 | ROC-AUC | positives |", "|---|---|---|---|---|---|"]
    for k, v in P["by_spinner_domain"].items():
        L.append(
            f"| {k} | {fmt(v['precision'])} | {fmt(v['recall'])} | {fmt(v['f1'])} | {fmt(v['roc_auc'])} | {v['n_pos']} |"
        )
    L += [
        "",
        "| negative group | pairs | false-positive rate | ROC-AUC vs all spun | difflib FPR | tf-idf FPR |",
        "|---|---|---|---|---|---|",
    ]
    for g, v in P["negative_groups"].items():
        L.append(
            f"| {g} | {v['n']} | {fmt(v['false_positive_rate'])} | {fmt(v['roc_auc_vs_all_spun'])} | "
            f"{fmt(P['baselines']['difflib ratio']['negative_group_fpr'].get(g))} | {fmt(P['baselines']['tf-idf cosine']['negative_group_fpr'].get(g))} |"
        )
    L += [
        "",
        "Leave one spinner out (train without it, test on it against all negatives):",
        "",
        "| held-out spinner | precision | recall | F1 | ROC-AUC | recall by group |",
        "|---|---|---|---|---|---|",
    ]
    for k, v in P["leave_one_spinner_out"].items():
        L.append(
            f"| {k} | {fmt(v['precision'])} | {fmt(v['recall'])} | {fmt(v['f1'])} | {fmt(v['roc_auc'])} | {', '.join(f'{g}: {x:.2f}' for g, x in v['by_group'].items())} |"
        )
    worst = {k: max(v["negative_fpr"].items(), key=lambda kv: kv[1]) for k, v in P["leave_one_spinner_out"].items()}
    L += [
        "",
        "Worst negative group in each leave-one-out model: "
        + "; ".join(f"{k}: {g} {x:.3f}" for k, (g, x) in worst.items())
        + ".",
    ]
    A = P.get("as_used") or {}
    if A:
        o2, o3 = A["overall"], A.get("overall_fast") or {}
        L += [
            "",
            f"### As a user meets it: test pairs through `score` with the judge installed ({A['pairs']} pairs: all negatives, light and 5% spin; {A.get('unseen_pairs', 0)} more from the unseen family and source, apart; {A['judged']} judged in all)",
            "",
            f"With the judge: precision {fmt(o2['precision'])}, recall {fmt(o2['recall'])}, F1 {fmt(o2['f1'])}. "
            f"Fast path alone on the same pairs: precision {fmt(o3.get('precision'))}, recall {fmt(o3.get('recall'))}, F1 {fmt(o3.get('f1'))}.",
            "",
            "| group | pairs | judged | labelled spun, with judge (recall or false-positive rate) | fast path alone | side right, with judge | fast path alone |",
            "|---|---|---|---|---|---|---|",
        ]
        for g, v in A["groups"].items():
            L.append(
                f"| {g} | {v['n']} | {v['judged']} | {fmt(v['spun_rate'])} | {fmt(v.get('fast_spun_rate'))} "
                f"| {fmt(v.get('side_right'))} | {fmt(v.get('fast_side_right'))} |"
            )
    U = P.get("unseen") or {}
    if U:
        L += [
            "",
            f"### Unseen: kept out of all training and tuning ({U['pairs']} pairs, every built split)",
            "",
            f"Overall: precision {fmt(U['overall']['precision'])}, recall {fmt(U['overall']['recall'])}, F1 {fmt(U['overall']['f1'])}.",
            "",
            "| spun group / domain | pairs | recall | side right |",
            "|---|---|---|---|",
        ]
        for g, v in U["recall"].items():
            L.append(f"| {g} | {v['n']} | {fmt(v['recall'])} | {fmt(U['side'].get(g, {}).get('side_right'))} |")
        L += ["", "| negative group / domain | pairs | false-positive rate |", "|---|---|---|"]
        for g, v in U["false_positive_rate"].items():
            L.append(f"| {g} | {v['n']} | {fmt(v['false_positive_rate'])} |")
    L += [
        "",
        "Baselines (thresholds chosen on dev for F1):",
        "",
        "| baseline | precision | recall | F1 | ROC-AUC |",
        "|---|---|---|---|---|",
    ]
    L.append(f"| spindetect | {fmt(o['precision'])} | {fmt(o['recall'])} | {fmt(o['f1'])} | {fmt(o['roc_auc'])} |")
    for k, v in P["baselines"].items():
        L.append(f"| {k} | {fmt(v['precision'])} | {fmt(v['recall'])} | {fmt(v['f1'])} | {fmt(v['roc_auc'])} |")
    L += [
        "",
        "Label confusion (rows: true label, columns: predicted):",
        "",
        "| true \\ predicted | " + " | ".join(LABELS) + " |",
        "|---" * (len(LABELS) + 1) + "|",
    ]
    for t in LABELS:
        L.append(f"| {t} | " + " | ".join(str(P["confusion"].get(t, {}).get(p, 0)) for p in LABELS) + " |")
    h = T["headline_ge_150_words"]
    b = T["baseline_bag_of_words"]["overall"]
    L += [
        "",
        "## Single texts (`scan`, no source)",
        "",
        f"Texts of >= 150 words: ROC-AUC {fmt(h['roc_auc'])}, precision {fmt(h['precision'])}, recall {fmt(h['recall'])}, F1 {fmt(h['f1'])}, ECE {fmt(h['ece'])} "
        f"(bag-of-words baseline: ROC-AUC {fmt(b['roc_auc'])}, F1 {fmt(b['f1'])}). "
        + (
            f"At P(spun) >= 0.5 instead of the label threshold: precision {fmt(h['at_0.5']['precision'])}, "
            f"recall {fmt(h['at_0.5']['recall'])}, F1 {fmt(h['at_0.5']['f1'])}."
            if "at_0.5" in h
            else ""
        ),
        "",
        "| spinner @ rate | precision | recall | F1 | ROC-AUC | positives |",
        "|---|---|---|---|---|---|",
    ]
    for k, v in T["by_spinner_rate"].items():
        L.append(
            f"| {k} | {fmt(v['precision'])} | {fmt(v['recall'])} | {fmt(v['f1'])} | {fmt(v['roc_auc'])} | {v['n_pos']} |"
        )
    L += [
        "",
        "Leave one spinner out (texts >= 150 words):",
        "",
        "| held-out spinner | ROC-AUC | bag-of-words ROC-AUC |",
        "|---|---|---|",
    ]
    for k, v in T["leave_one_spinner_out"].items():
        L.append(f"| {k} | {fmt(v['roc_auc'])} | {fmt(v['bag_of_words_roc_auc'])} |")
    L += [
        "",
        "By length (all test texts; words as scan counts them): scan's label against P(spun) >= 0.5.",
        "",
        "| words | label threshold | clean texts | false-positive rate (at 0.5) | spun texts | recall (at 0.5) |",
        "|---|---|---|---|---|---|",
    ]
    for band, v in T.get("by_length", {}).items():
        L.append(
            f"| {band} | {fmt(v['threshold'])} | {v['clean']} | {fmt(v['fpr'])} ({fmt(v['fpr_at_0.5'])}) | "
            f"{v['spun']} | {fmt(v['recall'])} ({fmt(v['recall_at_0.5'])}) |"
        )
    L += ["", "Texts of >= 150 words:", "", "| clean group | texts | false-positive rate |", "|---|---|---|"]
    for g, v in T["negative_groups"].items():
        L.append(f"| {g} | {v['n']} | {fmt(v['false_positive_rate'])} |")
    L += ["", "| domain | precision | recall | F1 | ROC-AUC |", "|---|---|---|---|---|"]
    for d, v in T["by_domain"].items():
        L.append(f"| {d} | {fmt(v['precision'])} | {fmt(v['recall'])} | {fmt(v['f1'])} | {fmt(v['roc_auc'])} |")
    return "\n".join(L) + "\n"


def main() -> None:
    rows = corpus_rows()
    t0 = time.perf_counter()
    res = {
        "version": spindetect.__version__,
        "date": time.strftime("%Y-%m-%d"),
        "pairs": pair_task(rows),
        "texts": text_task(rows),
    }
    res["roc"] = {"pairs": res["pairs"].pop("roc"), "texts": res["texts"].pop("roc")}
    res["seconds"] = time.perf_counter() - t0
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "accuracy.json").write_text(json.dumps(res, indent=1, default=float))
    md = markdown(res)
    (RESULTS / "accuracy.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
