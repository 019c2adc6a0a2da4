"""Feature ablation on the *dev* split: leave-one-spinner-out F1 per feature set.

    python -m benchmarks.ablation      # needs the corpus and its cached features

Trains the pair model (devtools/train.py settings, C=10) on the train split
without one spinner and scores that spinner's dev pairs against all dev
negatives, for the full feature set and with features left out. Used to
choose features without looking at the test split; prints a table.
"""

from __future__ import annotations

import numpy as np

from devtools.corpus import corpus_rows, matrix, pair_features
from spindetect.estimators import SpinClassifier
from spindetect.scoring.features import FEATURE_NAMES

SPINNERS = ("thesaurus_moby", "thesaurus_mythes", "tortured_phrase", "wordnet")


def loso_dev_f1(rows: list, feats: dict, names: tuple[str, ...], drop: tuple[str, ...]) -> dict[str, float]:
    keep = [i for i, n in enumerate(names) if n not in drop]
    out = {}
    for held in SPINNERS:
        tr = [r for r in rows if r["split"] == "train" and r["spinner"] != held]
        X_tr, tr = matrix(tr, feats, names)
        clf = SpinClassifier(C=10.0).fit(X_tr[:, keep], np.array([r["label"] for r in tr]))
        dv = [r for r in rows if r["split"] == "dev" and (r["spinner"] == held or r["label"] != "spun")]
        X_dv, dv = matrix(dv, feats, names)
        p = clf.predict_proba(X_dv[:, keep])[:, list(clf.classes_).index("spun")] >= 0.5
        y = np.array([r["label"] == "spun" for r in dv])
        tp, fp, fn = int((p & y).sum()), int((p & ~y).sum()), int((~p & y).sum())
        out[held] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def main() -> None:
    rows = corpus_rows()
    feats = pair_features(rows)
    candidates = [()] + [(n,) for n in FEATURE_NAMES]
    print("| left out | " + " | ".join(SPINNERS) + " | mean |")
    print("|---" * (len(SPINNERS) + 2) + "|")
    for drop in candidates:
        res = loso_dev_f1(rows, feats, FEATURE_NAMES, drop)
        print(
            f"| {', '.join(drop) or '(none)'} | "
            + " | ".join(f"{res[s]:.3f}" for s in SPINNERS)
            + f" | {np.mean(list(res.values())):.4f} |"
        )


if __name__ == "__main__":
    main()
