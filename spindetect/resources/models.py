"""The verdicts: features in, label and P(spun) out, from trained models.

Three classifiers, all :class:`~spindetect.estimators.SpinClassifier`
(standardised multinomial logistic regression with a temperature fitted on
held-out data, inputs clipped to the training range), stored as plain JSON
in ``spindetect/data/``:

* ``model_pairs.json`` decides :func:`spindetect.score`: classes "spun",
  "paraphrase", "copy", "related", "unrelated" from the alignment features;
* ``model_text.json`` decides :func:`spindetect.scan`: "spun" or "clean" from
  the source-free features;
* ``model_windows.json`` judges the windows of a text that ``scan`` reports
  as unseen spun phrases, with a cheaper first-stage model (the cascade).

The first two are trained by ``scripts/train.py`` on the benchmark corpus
built by ``scripts/build_corpus.py``, the window model by
``scripts/train_windows.py``; their ``info`` blocks record what they were
trained on. This module is the one place where a decision is made."""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..scoring.swaps import Swap
from .lexicon import Lexicon

__all__ = [
    "LinearModel",
    "decide",
    "direction",
    "load_model",
    "pair_model_id",
    "scan_label_threshold",
    "scan_probability",
    "text_model_id",
    "window_model_id",
    "window_prefilter",
    "window_probabilities",
]

#: A lexicon entry listing a swap (or its reverse) counts this much towards
#: the orientation, against a mean Zipf drop that is typically 0.1-0.5.
LEXICON_DIRECTION_WEIGHT = 1.0


def direction(swaps: Sequence[Swap], lexicon: Lexicon | None = None) -> float:
    """> 0 when the suspect side looks spun, < 0 when the source side does.

    The mean Zipf drop of content swaps (spinners' replacements are rarer),
    plus the weight of lexicon entries that list a swap in this direction,
    minus those that list it the other way round."""
    values = [s.direction for s in swaps if s.content]
    score = sum(values) / len(values) if values else 0.0
    if lexicon is not None and values:
        votes = 0.0
        for s in swaps:
            if not s.content:
                continue
            o, r = s.original.lower(), s.replacement.lower()
            votes += max((e.weight for e in lexicon.lookup(s.replacement) if e.original.lower() == o), default=0.0)
            votes -= max((e.weight for e in lexicon.lookup(s.original) if e.original.lower() == r), default=0.0)
        score += LEXICON_DIRECTION_WEIGHT * votes / len(values)
    return score


MODEL_FORMAT = "spindetect-model"
MODEL_FORMAT_VERSION = 1


class LinearModel:
    """A stored classifier, ready to predict with NumPy alone (no scikit-learn
    import, so ``import spindetect`` and the first call stay fast).

    Softmax of ``((x - mean) / scale) @ coef.T + intercept``, divided by the
    temperature; :class:`spindetect.estimators.SpinClassifier` writes it.
    """

    def __init__(self, data: Mapping[str, Any], *, origin: str = "<model>") -> None:
        import numpy as np

        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"{origin}: not a spindetect model file (format {data.get('format')!r})")
        if data.get("format_version") != MODEL_FORMAT_VERSION:
            raise ValueError(
                f"{origin}: model format version {data.get('format_version')!r}, this spindetect reads {MODEL_FORMAT_VERSION}"
            )
        try:
            self.classes = tuple(str(c) for c in data["classes"])
            self.mean = np.array(data["mean"], dtype=float)
            self.scale = np.array(data["scale"], dtype=float)
            self.coef = np.array(data["coef"], dtype=float)
            self.intercept = np.array(data["intercept"], dtype=float)
            self.temperature = float(data["temperature"])
            self.feature_names = tuple(str(n) for n in data["feature_names"])
            # The training range; inputs are clipped to it (older files: no clipping).
            n_feat = len(self.feature_names)
            self.feature_min = np.array(data.get("feature_min", [-np.inf] * n_feat), dtype=float)
            self.feature_max = np.array(data.get("feature_max", [np.inf] * n_feat), dtype=float)
            self.model_id = str(data["model_id"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{origin}: malformed model file ({exc!r})") from None
        n, k = len(self.feature_names), len(self.classes)
        if (
            self.coef.shape != (k, n)
            or self.mean.shape != (n,)
            or self.scale.shape != (n,)
            or self.intercept.shape != (k,)
            or self.feature_min.shape != (n,)
            or self.feature_max.shape != (n,)
        ):
            raise ValueError(f"{origin}: model arrays do not fit {n} features and {k} classes")
        if not (
            np.isfinite(self.coef).all()
            and np.isfinite(self.mean).all()
            and (self.scale > 0).all()
            and self.temperature > 0
        ):
            raise ValueError(f"{origin}: model holds non-finite or non-positive values")
        self.data = dict(data)

    def predict_proba(self, rows: Sequence[Sequence[float]]) -> Any:
        import numpy as np

        X = np.clip(np.asarray(rows, dtype=float), self.feature_min, self.feature_max)
        z = ((X - self.mean) / self.scale) @ self.coef.T + self.intercept
        z = z / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def p_spun(self, rows: Sequence[Sequence[float]]) -> Any:
        """The "spun" column of :meth:`predict_proba`."""
        return self.predict_proba(rows)[:, list(self.classes).index("spun")]


def load_model(path: str | Path) -> LinearModel:
    """Load a model JSON file; errors name the file and the problem."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuntimeError(f"model file {p} is missing: rebuild it with `python scripts/train.py`") from None
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"cannot read model file {p}: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{p}: not a spindetect model file (top level is {type(data).__name__})")
    return LinearModel(data, origin=str(p))


@functools.lru_cache(maxsize=4)
def _shipped(name: str) -> LinearModel:
    return load_model(Path(str(importlib.resources.files("spindetect") / "data" / name)))


def pair_model_id() -> str:
    return _shipped("model_pairs.json").model_id


def text_model_id() -> str:
    return _shipped("model_text.json").model_id


def _row(features: Mapping[str, float], names: Sequence[str]) -> list[list[float]]:
    try:
        return [[float(features[n]) for n in names]]
    except KeyError as exc:
        raise ValueError(f"features lack {exc.args[0]!r}, which the model needs") from None


def decide(features: Mapping[str, float], *, spun_threshold: float = 0.5) -> tuple[str, float]:
    """Label and P(spun) of a pair from its features (shipped pair model).

    The label is "spun" when P(spun) >= ``spun_threshold``, otherwise the
    likeliest of the other classes.
    """
    clf = _shipped("model_pairs.json")
    probs = clf.predict_proba(_row(features, clf.feature_names))[0]
    classes = list(clf.classes)
    p_spun = float(probs[classes.index("spun")])
    if features.get("equal_share", 0.0) == 1.0 and features.get("coverage_min_side", 0.0) == 1.0:
        # The shorter text aligns completely, every aligned token equal: a
        # verbatim copy (of all or part of the other) by definition, whatever
        # the model says about texts this short, long or repetitive.
        return "copy", min(p_spun, 0.5 * spun_threshold)
    if p_spun >= spun_threshold:
        return "spun", p_spun
    others = [(float(p), c) for p, c in zip(probs, classes) if c != "spun"]
    return max(others)[1], p_spun


def window_model_id() -> str:
    return _shipped("model_windows.json").model_id


def _window_model() -> LinearModel:
    from ..scanning.windows import WINDOW_FEATURE_NAMES

    clf = _shipped("model_windows.json")
    if clf.feature_names != WINDOW_FEATURE_NAMES:
        raise RuntimeError(
            "model_windows.json does not fit this spindetect's window features: "
            "retrain it with `python scripts/train_windows.py`"
        )
    return clf


def window_probabilities(rows: Sequence[Sequence[float]]) -> Any:
    """P(spun) of windows from their :data:`spindetect.scanning.windows.WINDOW_FEATURE_NAMES` rows."""
    return _window_model().p_spun(rows)


def window_prefilter(rows: Sequence[Sequence[float]]) -> Any:
    """Which windows go on to the full window model: the cascade's cheap model
    (trained on the features that need no restorations, stored in
    ``model_windows.json``) gives them P(spun) at or above its threshold.
    ``rows`` hold the cheap features in the cascade's order."""
    import numpy as np

    clf = _window_model()
    cascade = _cascade(clf)
    X = np.asarray(rows, dtype=float).reshape(-1, len(cascade.feature_names))
    return cascade.p_spun(X) >= float(cascade.data["info"]["threshold"])


@functools.lru_cache(maxsize=4)
def _cascade(clf: LinearModel) -> LinearModel:
    from ..scanning.windows import CHEAP_FEATURE_NAMES as cheap_names

    cascade = LinearModel(clf.data["cascade"], origin="model_windows.json (cascade)") if "cascade" in clf.data else None
    if cascade is None or cascade.feature_names != cheap_names or "threshold" not in cascade.data.get("info", {}):
        raise RuntimeError(
            "model_windows.json has no usable cascade model: retrain it with `python scripts/train_windows.py`"
        )
    return cascade


def scan_probability(features: Mapping[str, float]) -> float:
    """P(spun) of a single text from its source-free features."""
    clf = _shipped("model_text.json")
    return float(clf.p_spun(_row(features, clf.feature_names))[0])


def scan_label_threshold(words: int) -> float:
    """The P(spun) from which :func:`spindetect.scan` labels a text of
    ``words`` words "spun".

    Word-choice statistics of a short text are noisy, so clean short texts
    reach P(spun) >= 0.5 far more often than long ones (20% of clean texts
    under 100 words against 7% from 300 words, test split). The shipped text
    model therefore carries one threshold per length band, chosen by
    ``scripts/train.py`` on the *dev* split so that at most
    ``target_false_positive_rate`` of the clean texts of each band reach it,
    and never below 0.5. A model file without them uses 0.5."""
    return _label_thresholds(_shipped("model_text.json"))(words)


@functools.lru_cache(maxsize=4)
def _label_thresholds(clf: LinearModel) -> Any:
    import bisect

    spec = clf.data.get("label_thresholds")
    if spec is None:
        return lambda words: 0.5
    try:
        bands = [int(b) for b in spec["min_words"]]
        values = [float(t) for t in spec["threshold"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"model_text.json: malformed label_thresholds ({exc!r})") from None
    if not bands or len(bands) != len(values) or bands[0] != 0 or bands != sorted(set(bands)):
        raise ValueError("model_text.json: label_thresholds need ascending min_words from 0, one threshold each")
    if not all(0.5 <= t < 1.0 for t in values):
        raise ValueError("model_text.json: label thresholds must lie in [0.5, 1)")

    def threshold(words: int) -> float:
        return values[bisect.bisect_right(bands, max(int(words), 0)) - 1]

    return threshold
