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

The first two are trained by ``devtools/train.py`` on the benchmark corpus
built by ``devtools/build_corpus.py``, the window model by
``devtools/train_windows.py``; their ``info`` blocks record what they were
trained on. This module is the one place where a decision is made."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .data import DataFormatError, MissingDataError, check_format, data_path

__all__ = ["MODEL_FORMAT", "MODEL_FORMAT_VERSION", "LinearModel", "feature_row", "load_model", "shipped_model"]

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

        check_format(
            data.get("format"),
            data.get("format_version"),
            expected=MODEL_FORMAT,
            version=MODEL_FORMAT_VERSION,
            origin=origin,
            kind="spindetect model",
            fix="retrain it with `python -m devtools.train`",
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
            raise DataFormatError(f"{origin}: malformed model file ({exc!r})") from None
        n, k = len(self.feature_names), len(self.classes)
        if (
            self.coef.shape != (k, n)
            or self.mean.shape != (n,)
            or self.scale.shape != (n,)
            or self.intercept.shape != (k,)
            or self.feature_min.shape != (n,)
            or self.feature_max.shape != (n,)
        ):
            raise DataFormatError(f"{origin}: model arrays do not fit {n} features and {k} classes")
        if not (
            np.isfinite(self.coef).all()
            and np.isfinite(self.mean).all()
            and (self.scale > 0).all()
            and self.temperature > 0
        ):
            raise DataFormatError(f"{origin}: model holds non-finite or non-positive values")
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
        raise MissingDataError(f"model file {p} is missing: rebuild it with `python -m devtools.train`") from None
    except (OSError, ValueError) as exc:
        raise MissingDataError(f"cannot read model file {p}: {exc}") from None
    if not isinstance(data, dict):
        raise DataFormatError(f"{p}: not a spindetect model file (top level is {type(data).__name__})")
    return LinearModel(data, origin=str(p))


@functools.lru_cache(maxsize=4)
def shipped_model(name: str) -> LinearModel:
    """A model file shipped in ``spindetect/data`` (lazy, cached per process)."""
    return load_model(data_path(name))


def feature_row(features: Mapping[str, float], names: Sequence[str]) -> list[list[float]]:
    """``features`` as a one-row matrix in the order of ``names``."""
    try:
        return [[float(features[n]) for n in names]]
    except KeyError as exc:
        raise ValueError(f"features lack {exc.args[0]!r}, which the model needs") from None
