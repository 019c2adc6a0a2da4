"""scikit-learn building blocks: feature transformers and the classifier.

These fit in a :class:`sklearn.pipeline.Pipeline` like any other estimator::

    from sklearn.pipeline import make_pipeline
    pipe = make_pipeline(PairFeatures(), SpinClassifier())
    pipe.fit(pairs, labels)           # pairs: sequence of (a, b) texts
    pipe.predict_proba([(a, b)])

* :class:`PairFeatures` turns ``(a, b)`` text pairs into the alignment
  features of :mod:`spindetect.scoring.features` (one row per pair, columns
  :data:`~spindetect.scoring.features.FEATURE_NAMES`).
* :class:`TextFeatures` turns single texts into the source-free features
  behind :func:`spindetect.scan` (:data:`TEXT_FEATURE_NAMES`).
* :class:`SpinClassifier` is a standardised, multinomial logistic regression
  with temperature calibration, exportable to and loadable from plain JSON
  (:meth:`SpinClassifier.to_json` / :meth:`SpinClassifier.from_json`): no
  pickle, every coefficient readable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_array, check_is_fitted, check_X_y

from .resources.models import MODEL_FORMAT, MODEL_FORMAT_VERSION
from .scanning.features import TEXT_FEATURE_NAMES, text_features
from .scoring.features import FEATURE_NAMES

__all__ = ["MODEL_FORMAT", "TEXT_FEATURE_NAMES", "PairFeatures", "SpinClassifier", "TextFeatures", "text_features"]


def _texts(X: Any, who: str) -> Any:
    """``X`` as a sequence of texts; a bare text is refused (iterating it
    would make one text per character)."""
    if isinstance(X, (str, bytes, bytearray)):
        raise TypeError(
            f"{who} takes a list of texts, not one {type(X).__name__} ({X!r:.60}): pass [text] for a single text"
        )
    return X


class PairFeatures(TransformerMixin, BaseEstimator):
    """``(a, b)`` text pairs -> alignment features (see :mod:`spindetect.scoring.features`).

    ``detector`` is a :class:`spindetect.Detector` (default: the cached one).
    """

    def __init__(self, detector: Any = None) -> None:
        self.detector = detector

    def fit(self, X: Sequence[tuple[str, str]], y: Any = None) -> PairFeatures:
        self.n_features_in_ = len(FEATURE_NAMES)
        return self

    def transform(self, X: Sequence[tuple[str, str]]) -> np.ndarray:
        from .scoring.detector import default_detector

        if isinstance(X, (str, bytes, bytearray)) or (
            isinstance(X, tuple) and len(X) == 2 and all(isinstance(t, (str, bytes, bytearray)) for t in X)
        ):
            raise TypeError(
                f"PairFeatures.transform takes a list of (a, b) pairs of texts, not one {type(X).__name__} "
                f"({X!r:.60}): pass [(a, b)] for a single pair"
            )
        det = self.detector or default_detector()
        rows = []
        for i, pair in enumerate(X):
            if isinstance(pair, np.ndarray) and pair.shape == (2,):  # a row of an (n, 2) array: df[["a", "b"]].values
                pair = tuple(pair.tolist())
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                raise TypeError(f"PairFeatures takes (a, b) pairs of texts; item {i} is {type(pair).__name__}")
            rows.append(det.features(pair[0], pair[1]))
        return np.array([[r[k] for k in FEATURE_NAMES] for r in rows], dtype=float).reshape(-1, len(FEATURE_NAMES))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(FEATURE_NAMES, dtype=object)


class TextFeatures(TransformerMixin, BaseEstimator):
    """Single texts -> source-free features (:data:`TEXT_FEATURE_NAMES`), one
    row per text, from :meth:`spindetect.Scanner.features`: the featuriser
    ``scan`` itself uses.

    Parameters:
        scanner: the :class:`~spindetect.Scanner` to featurise with (default:
            a new default one).
        check_language: refuse texts that are not English, as ``scan`` does
            (default True); False featurises them anyway.
    """

    def __init__(self, scanner: Any = None, check_language: bool = True) -> None:
        self.scanner = scanner
        self.check_language = check_language

    def fit(self, X: Sequence[str], y: Any = None) -> TextFeatures:
        self.n_features_in_ = len(TEXT_FEATURE_NAMES)
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:
        from .scanning.scanner import Scanner

        X = _texts(X, "TextFeatures.transform")
        scanner = self.scanner or Scanner()
        rows = [scanner.features(t, check_language=self.check_language).features for t in X]
        return np.array([[r[k] for k in TEXT_FEATURE_NAMES] for r in rows], dtype=float).reshape(
            -1, len(TEXT_FEATURE_NAMES)
        )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(TEXT_FEATURE_NAMES, dtype=object)


class SpinClassifier(ClassifierMixin, BaseEstimator):
    """Standardised multinomial logistic regression, temperature-calibrated.

    ``fit(X, y, X_cal=None, y_cal=None, sample_weight=None)``: trains on (X, y); when a held-out
    calibration set is given, fits one temperature that minimises its log
    loss (so probabilities are calibrated on data the weights never saw).
    """

    def __init__(self, C: float = 1.0, class_weight: str | None = "balanced", max_iter: int = 5000) -> None:
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(self, X: Any, y: Any, X_cal: Any = None, y_cal: Any = None, sample_weight: Any = None) -> SpinClassifier:
        """Fit on (X, y), ``sample_weight`` (one non-negative number per row,
        or None) weighing rows in the logistic regression; the temperature is
        fitted on (X_cal, y_cal) unweighted."""
        # scikit-learn's own checks: 2-D, finite (NaN and inf refused by name), at least one row
        X, y = check_X_y(X, y, dtype=float)
        self.min_, self.max_ = X.min(axis=0), X.max(axis=0)
        self.mean_ = X.mean(axis=0)
        self.scale_ = X.std(axis=0)
        self.scale_[self.scale_ == 0] = 1.0
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        lr.fit((X - self.mean_) / self.scale_, y, sample_weight=sample_weight)
        self.classes_ = lr.classes_
        coef, intercept = lr.coef_, lr.intercept_
        if len(self.classes_) == 2:  # store both rows so one softmax serves all
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        self.coef_, self.intercept_ = coef, intercept
        self.temperature_ = 1.0
        self.n_features_in_ = X.shape[1]
        if X_cal is not None and y_cal is not None and len(y_cal):
            X_cal, y_cal = check_X_y(X_cal, y_cal, dtype=float)
            self.temperature_ = self._fit_temperature(X_cal, y_cal)
        return self

    def _logits(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "coef_")
        X = check_array(X, dtype=float)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features, but this SpinClassifier was fitted with {self.n_features_in_}"
            )
        # Inputs are clipped to the range seen in training: a linear model
        # must not extrapolate (a text 100 times longer than any in training).
        X = np.clip(X, self.min_, self.max_)
        return ((X - self.mean_) / self.scale_) @ self.coef_.T + self.intercept_

    def _fit_temperature(self, X: np.ndarray, y: np.ndarray) -> float:
        logits = self._logits(X)
        idx = np.searchsorted(self.classes_, y)
        best_t, best_loss = 1.0, math.inf
        for t in np.exp(np.linspace(math.log(0.2), math.log(5.0), 121)):
            z = logits / t
            z = z - z.max(axis=1, keepdims=True)
            logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
            loss = -logp[np.arange(len(y)), idx].mean()
            if loss < best_loss:
                best_t, best_loss = float(t), float(loss)
        return best_t

    def predict_proba(self, X: Any) -> np.ndarray:
        z = self._logits(X) / self.temperature_
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    # -- JSON ----------------------------------------------------------------
    def to_json(
        self, *, feature_names: Sequence[str], model_id: str, info: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A JSON-safe description: everything needed to predict, nothing to run."""
        check_is_fitted(self, "coef_")
        return {
            "format": MODEL_FORMAT,
            "format_version": MODEL_FORMAT_VERSION,
            "model_id": model_id,
            "kind": "standardised multinomial logistic regression + temperature",
            "feature_names": list(feature_names),
            "classes": [str(c) for c in self.classes_],
            "mean": self.mean_.tolist(),
            "feature_min": self.min_.tolist(),
            "feature_max": self.max_.tolist(),
            "scale": self.scale_.tolist(),
            "coef": self.coef_.tolist(),
            "intercept": self.intercept_.tolist(),
            "temperature": self.temperature_,
            "params": {"C": self.C, "class_weight": self.class_weight},
            "info": info or {},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, origin: str = "<model>") -> tuple[SpinClassifier, tuple[str, ...]]:
        """Rebuild a classifier from :meth:`to_json`; returns it and its feature names.

        The file is checked as :class:`spindetect.resources.models.LinearModel` checks it.
        """
        from .resources.models import LinearModel

        m = LinearModel(data, origin=origin)
        clf = cls(
            C=data.get("params", {}).get("C", 1.0), class_weight=data.get("params", {}).get("class_weight", "balanced")
        )
        clf.classes_ = np.array(m.classes)
        clf.mean_, clf.scale_, clf.coef_, clf.intercept_ = m.mean, m.scale, m.coef, m.intercept
        clf.min_, clf.max_ = m.feature_min, m.feature_max
        clf.temperature_ = m.temperature
        clf.n_features_in_ = len(m.feature_names)
        return clf, m.feature_names
