"""scikit-learn building blocks: feature transformers and the classifier.

These fit in a :class:`sklearn.pipeline.Pipeline` like any other estimator::

    from sklearn.pipeline import make_pipeline
    pipe = make_pipeline(PairFeatures(), SpinClassifier())
    pipe.fit(pairs, labels)           # pairs: sequence of (a, b) texts
    pipe.predict_proba([(a, b)])

* :class:`PairFeatures` turns ``(a, b)`` text pairs into the alignment
  features of :mod:`spindetect.features` (one row per pair, columns
  :data:`~spindetect.features.FEATURE_NAMES`).
* :class:`TextFeatures` turns single texts into the source-free features
  behind :func:`spindetect.scan` (:data:`TEXT_FEATURE_NAMES`).
* :class:`SpinClassifier` is a standardised, multinomial logistic regression
  with temperature calibration, exportable to and loadable from plain JSON
  (:meth:`SpinClassifier.to_json` / :meth:`SpinClassifier.from_json`): no
  pickle, every coefficient readable.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.linear_model import LogisticRegression

from .features import FEATURE_NAMES

__all__ = ["MODEL_FORMAT", "TEXT_FEATURE_NAMES", "PairFeatures", "SpinClassifier", "TextFeatures", "text_features"]

MODEL_FORMAT = "spindetect-model"
MODEL_FORMAT_VERSION = 1

TEXT_FEATURE_NAMES = (
    "log_words",
    "lexicon_density",
    "pattern_density",
    "weighted_density",
    "mean_content_zipf",
    "rare_content_share",
    "unattested_bigram_share",
    "content_share",
    "commoner_synonym_share",
    "commoner_synonym_gap",
    "very_rare_share",
    "strong_synonym_share",
    "top_decile_synonym_gap",
    "rare_word_synonym_gap",
    "rare_with_commoner_share",
)

#: A content word "has a commoner synonym" when a WordNet lemma sharing one
#: of its synsets is at least this much more frequent (Zipf). Spinners
#: replace common words with rarer thesaurus entries, so spun text has more
#: such words than the text it was made from.
COMMONER_SYNONYM_GAP = 1.0


@functools.lru_cache(maxsize=200_000)
def _commoner_synonym_gap(word: str) -> float:
    """Zipf gap between ``word`` and its most frequent one-word WordNet synonym (>= 0)."""
    from .oddness import zipf
    from .wordnet_graph import get_graph

    g = get_graph()
    own = zipf(word)
    best = own
    for sid in g.synsets(word):
        for lemma in g.lemmas(sid):
            if "_" not in lemma and lemma.lower() != word:
                best = max(best, zipf(lemma.lower()))
    return best - own


class PairFeatures(TransformerMixin, BaseEstimator):
    """``(a, b)`` text pairs -> alignment features (see :mod:`spindetect.features`).

    ``detector`` is a :class:`spindetect.Detector` (default: the cached one).
    """

    def __init__(self, detector: Any = None) -> None:
        self.detector = detector

    def fit(self, X: Sequence[tuple[str, str]], y: Any = None) -> PairFeatures:
        self.n_features_in_ = len(FEATURE_NAMES)
        return self

    def transform(self, X: Sequence[tuple[str, str]]) -> np.ndarray:
        from .detector import _default_detector

        det = self.detector or _default_detector()
        rows = []
        for i, pair in enumerate(X):
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                raise TypeError(f"PairFeatures takes (a, b) pairs of texts; item {i} is {type(pair).__name__}")
            rows.append(det.features(pair[0], pair[1]))
        return np.array([[r[k] for k in FEATURE_NAMES] for r in rows], dtype=float).reshape(-1, len(FEATURE_NAMES))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(FEATURE_NAMES, dtype=object)


def text_features(doc: Any, phrases: Sequence[Any], counts: Any = None) -> dict[str, float]:
    """Source-free features of one tokenised text and its suspect phrases."""
    from .oddness import zipf
    from .phrases import default_phrases

    words = max(sum(doc.words), 1)
    content = [f for f, c in zip(doc.forms, doc.content) if c]
    zipfs = [zipf(f) for f in content]
    counts = counts if counts is not None else default_phrases()
    bigrams = unattested = 0
    for a, b in doc.sentences:
        for i in range(a, b - 1):
            if doc.content[i] and doc.content[i + 1]:
                bigrams += 1
                unattested += counts.count((doc.forms[i], doc.forms[i + 1])) == 0
    # Lower-case content words only: capitalised ones are mostly names.
    plain = [
        f for f, c, st in zip(doc.forms, doc.content, doc.starts) if c and f.isalpha() and not doc.text[st].isupper()
    ]
    gaps = [_commoner_synonym_gap(f) for f in plain]
    plain_zipf = [zipf(f) for f in plain]
    n_plain = max(len(gaps), 1)
    top = sorted(gaps)[-max(1, len(gaps) // 10) :] if gaps else [0.0]
    lex = sum(p.weight for p in phrases if p.kind == "lexicon")
    pat = sum(p.weight for p in phrases if p.kind == "pattern")
    return {
        "log_words": math.log(words),
        "lexicon_density": 100.0 * lex / words,
        "pattern_density": 100.0 * pat / words,
        "weighted_density": 100.0 * (lex + pat) / words,
        "mean_content_zipf": sum(zipfs) / len(zipfs) if zipfs else 0.0,
        "rare_content_share": sum(z < 3.5 for z in zipfs) / len(zipfs) if zipfs else 0.0,
        "unattested_bigram_share": unattested / bigrams if bigrams else 0.0,
        "content_share": len(content) / words,
        "commoner_synonym_share": sum(g >= COMMONER_SYNONYM_GAP for g in gaps) / len(gaps) if gaps else 0.0,
        "commoner_synonym_gap": sum(gaps) / len(gaps) if gaps else 0.0,
        "very_rare_share": sum(z < 2.5 for z in zipfs) / len(zipfs) if zipfs else 0.0,
        # The tail matters most: a spinner leaves a few words with a much
        # commoner synonym (test ROC-AUC of the top-decile gap alone: 0.875).
        "strong_synonym_share": sum(g >= 2.0 for g in gaps) / n_plain,
        "top_decile_synonym_gap": sum(top) / len(top),
        "rare_word_synonym_gap": sum(g for g, z in zip(gaps, plain_zipf) if z < 4.5) / n_plain,
        "rare_with_commoner_share": sum(1 for g, z in zip(gaps, plain_zipf) if g >= COMMONER_SYNONYM_GAP and z < 4.0)
        / n_plain,
    }


class TextFeatures(TransformerMixin, BaseEstimator):
    """Single texts -> source-free features (:data:`TEXT_FEATURE_NAMES`)."""

    def __init__(self, scanner: Any = None) -> None:
        self.scanner = scanner

    def fit(self, X: Sequence[str], y: Any = None) -> TextFeatures:
        self.n_features_in_ = len(TEXT_FEATURE_NAMES)
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:
        from .scan import Scanner

        scanner = self.scanner or Scanner()
        rows = []
        for t in X:
            doc, phrases = scanner.find_phrases(t)
            rows.append(text_features(doc, phrases, scanner.phrases))
        return np.array([[r[k] for k in TEXT_FEATURE_NAMES] for r in rows], dtype=float).reshape(
            -1, len(TEXT_FEATURE_NAMES)
        )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(TEXT_FEATURE_NAMES, dtype=object)


class SpinClassifier(ClassifierMixin, BaseEstimator):
    """Standardised multinomial logistic regression, temperature-calibrated.

    ``fit(X, y, X_cal=None, y_cal=None)``: trains on (X, y); when a held-out
    calibration set is given, fits one temperature that minimises its log
    loss (so probabilities are calibrated on data the weights never saw).
    """

    def __init__(self, C: float = 1.0, class_weight: str | None = "balanced", max_iter: int = 5000) -> None:
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(self, X: Any, y: Any, X_cal: Any = None, y_cal: Any = None) -> SpinClassifier:
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.mean_ = X.mean(axis=0)
        self.scale_ = X.std(axis=0)
        self.scale_[self.scale_ == 0] = 1.0
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        lr.fit((X - self.mean_) / self.scale_, y)
        self.classes_ = lr.classes_
        coef, intercept = lr.coef_, lr.intercept_
        if len(self.classes_) == 2:  # store both rows so one softmax serves all
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        self.coef_, self.intercept_ = coef, intercept
        self.temperature_ = 1.0
        if X_cal is not None and y_cal is not None and len(y_cal):
            self.temperature_ = self._fit_temperature(np.asarray(X_cal, dtype=float), np.asarray(y_cal))
        self.n_features_in_ = X.shape[1]
        return self

    def _logits(self, X: np.ndarray) -> np.ndarray:
        return ((np.asarray(X, dtype=float) - self.mean_) / self.scale_) @ self.coef_.T + self.intercept_

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
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    # -- JSON ----------------------------------------------------------------
    def to_json(
        self, *, feature_names: Sequence[str], model_id: str, info: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A JSON-safe description: everything needed to predict, nothing to run."""
        return {
            "format": MODEL_FORMAT,
            "format_version": MODEL_FORMAT_VERSION,
            "model_id": model_id,
            "kind": "standardised multinomial logistic regression + temperature",
            "feature_names": list(feature_names),
            "classes": [str(c) for c in self.classes_],
            "mean": self.mean_.tolist(),
            "scale": self.scale_.tolist(),
            "coef": self.coef_.tolist(),
            "intercept": self.intercept_.tolist(),
            "temperature": self.temperature_,
            "params": {"C": self.C, "class_weight": self.class_weight},
            "info": info or {},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, origin: str = "<model>") -> tuple[SpinClassifier, tuple[str, ...]]:
        """Rebuild a classifier from :meth:`to_json`; returns it and its feature names."""
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"{origin}: not a spindetect model file (format {data.get('format')!r})")
        if data.get("format_version") != MODEL_FORMAT_VERSION:
            raise ValueError(
                f"{origin}: model format version {data.get('format_version')!r}, this spindetect reads {MODEL_FORMAT_VERSION}"
            )
        try:
            clf = cls(C=data["params"]["C"], class_weight=data["params"]["class_weight"])
            clf.classes_ = np.array(data["classes"])
            clf.mean_ = np.array(data["mean"], dtype=float)
            clf.scale_ = np.array(data["scale"], dtype=float)
            clf.coef_ = np.array(data["coef"], dtype=float)
            clf.intercept_ = np.array(data["intercept"], dtype=float)
            clf.temperature_ = float(data["temperature"])
            names = tuple(data["feature_names"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{origin}: malformed model file ({exc!r})") from None
        n = len(names)
        if clf.coef_.shape != (len(clf.classes_), n) or clf.mean_.shape != (n,) or clf.scale_.shape != (n,):
            raise ValueError(f"{origin}: model arrays do not fit {n} features and {len(clf.classes_)} classes")
        clf.n_features_in_ = n
        return clf, names
