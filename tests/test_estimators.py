"""The scikit-learn estimators refuse misuse with errors that say what to do."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from spindetect.estimators import PairFeatures, SpinClassifier, TextFeatures
from spindetect.scanning.features import TEXT_FEATURE_NAMES
from spindetect.scoring.features import FEATURE_NAMES

TEXT = "We train a profound learning model on the data."


@pytest.mark.parametrize("bare", ["x", TEXT, TEXT.encode()], ids=["letter", "text", "bytes"])
def test_text_features_refuse_a_bare_text(bare):
    # Iterating a str would scan each character as a text of its own.
    with pytest.raises(TypeError, match=r"takes a list of texts, not one (str|bytes) .*pass \[text\]"):
        TextFeatures().transform(bare)
    with pytest.raises(TypeError, match=r"pass \[text\]"):
        TextFeatures().fit_transform(bare)


def test_text_features_take_any_sequence_of_texts():
    for texts in ([TEXT], (TEXT, "Officials said the talks failed.")):
        assert TextFeatures().transform(texts).shape == (len(texts), len(TEXT_FEATURE_NAMES))


@pytest.mark.parametrize(
    "bare", [(TEXT, "Officials said the talks failed."), TEXT, TEXT.encode()], ids=["pair", "text", "bytes"]
)
def test_pair_features_refuse_a_bare_pair_or_text(bare):
    with pytest.raises(TypeError, match=r"takes a list of \(a, b\) pairs of texts, not one .*pass \[\(a, b\)\]"):
        PairFeatures().transform(bare)


def test_pair_features_take_a_list_with_one_pair():
    X = PairFeatures().transform([(TEXT, TEXT)])
    assert X.shape == (1, len(FEATURE_NAMES))
    with pytest.raises(TypeError, match="pairs of texts; item 0 is str"):
        PairFeatures().transform([TEXT, TEXT])


@pytest.mark.parametrize("method", ["predict", "predict_proba"])
def test_unfitted_classifier_raises_not_fitted_error(method):
    with pytest.raises(NotFittedError, match="not fitted yet"):
        getattr(SpinClassifier(), method)(np.zeros((1, len(FEATURE_NAMES))))


def test_unfitted_classifier_cannot_be_exported():
    with pytest.raises(NotFittedError, match="not fitted yet"):
        SpinClassifier().to_json(feature_names=FEATURE_NAMES, model_id="t")


def test_fitted_classifier_predicts():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [0.1, 0.9], [0.9, 0.2]])
    clf = SpinClassifier().fit(X, ["clean", "spun", "clean", "spun"])
    assert list(clf.predict(X)) == ["clean", "spun", "clean", "spun"]
    assert np.allclose(clf.predict_proba(X).sum(axis=1), 1)


def test_a_weight_of_two_is_a_row_given_twice():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = np.where(X[:, 0] + 0.5 * rng.normal(size=60) > 0, "spun", "other")
    w = np.where(np.arange(60) < 20, 2.0, 1.0)
    twice = np.r_[np.arange(60), np.arange(20)]
    weighted = SpinClassifier(C=1.0).fit(X, y, sample_weight=w)
    repeated = SpinClassifier(C=1.0).fit(X[twice], y[twice])
    # the same objective; standardisation differs a little (the repeated rows move mean and spread),
    # so compare what both predict, not their coefficients
    np.testing.assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X), atol=0.05)
    with pytest.raises(ValueError):
        SpinClassifier().fit(X, y, sample_weight=np.ones(3))
