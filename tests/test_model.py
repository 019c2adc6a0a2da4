"""The shipped classifiers: reproduce training-time predictions, load safely,
and work as scikit-learn estimators."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import seed
from sklearn.pipeline import make_pipeline

import spindetect
from spindetect import model
from spindetect.estimators import PairFeatures, SpinClassifier, TextFeatures
from spindetect.features import FEATURE_NAMES, TEXT_FEATURE_NAMES

FIXTURES = json.loads((Path(__file__).parent / "cases" / "model_fixtures.json").read_text())
DATA = Path(spindetect.__file__).parent / "data"


@pytest.mark.parametrize("case", FIXTURES["pairs"], ids=[f"{c['a']}-{c['b']}" for c in FIXTURES["pairs"]])
def test_pair_model_reproduces_training_predictions(case):
    clf = model.load_model(DATA / "model_pairs.json")
    names = clf.feature_names
    assert clf.model_id == FIXTURES["pair_model"]
    probs = clf.predict_proba([[case["features"][n] for n in names]])[0]
    expected = [case["probabilities"][c] for c in clf.classes]
    np.testing.assert_allclose(probs, expected, rtol=0, atol=1e-9)
    # ...and from the texts, through the whole pipeline.
    feats = spindetect.Detector().features(seed(case["a"]), seed(case["b"]))
    for n in names:
        assert feats[n] == pytest.approx(case["features"][n], abs=1e-9), n
    _, p_spun = model.decide(feats)
    assert p_spun == pytest.approx(case["probabilities"]["spun"], abs=1e-9)


@pytest.mark.parametrize("case", FIXTURES["texts"], ids=[c["seed"] for c in FIXTURES["texts"]])
def test_text_model_reproduces_training_predictions(case):
    report = spindetect.scan(seed(case["seed"]))
    assert report.signature["model"] == FIXTURES["text_model"]
    for n in TEXT_FEATURE_NAMES:
        assert report.features[n] == pytest.approx(case["features"][n], abs=1e-9), n
    assert report.probability == pytest.approx(case["probabilities"]["spun"], abs=1e-9)


def test_model_files_are_plain_json_with_provenance():
    for name in ("model_pairs.json", "model_text.json"):
        data = json.loads((DATA / name).read_text())
        assert data["format"] == "spindetect-model" and data["format_version"] == 1
        assert data["info"]["corpus_sha256"] and data["info"]["trained_by"] == "scripts/train.py"
        assert np.isfinite(np.array(data["coef"])).all()
    assert model.load_model(DATA / "model_pairs.json").feature_names == FEATURE_NAMES
    assert model.load_model(DATA / "model_text.json").feature_names == TEXT_FEATURE_NAMES


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: d.update(format="pickle"), "not a spindetect model"),
        (lambda d: d.update(format_version=99), "format version 99"),
        (lambda d: d.update(coef=d["coef"][:1]), "do not fit"),
        (lambda d: d.pop("mean"), "malformed"),
        (lambda d: d.update(temperature=0), "non-positive"),
    ],
    ids=["format", "version", "shape", "missing", "temperature"],
)
def test_corrupt_model_files_are_refused(tmp_path, mutate, match):
    data = json.loads((DATA / "model_pairs.json").read_text())
    mutate(data)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=match):
        model.load_model(path)
    path.write_text("{not json")
    with pytest.raises(RuntimeError, match="cannot read model file"):
        model.load_model(path)
    with pytest.raises(RuntimeError, match="missing"):
        model.load_model(tmp_path / "nope.json")


def test_scan_label_thresholds_are_those_of_the_model_file():
    spec = json.loads((DATA / "model_text.json").read_text())["label_thresholds"]
    bands, values = spec["min_words"], spec["threshold"]
    assert bands[0] == 0 and bands == sorted(bands) and all(0.5 <= t < 1 for t in values)
    # chosen on dev for the target rate (the record of scripts/train.py)
    assert all(r <= spec["target_false_positive_rate"] for r in spec["dev_false_positive_rate"])
    for k, lo in enumerate(bands):
        assert model.scan_label_threshold(lo) == values[k]
        if k:
            assert model.scan_label_threshold(lo - 1) == values[k - 1]
    assert model.scan_label_threshold(10**9) == values[-1]
    assert model.scan_label_threshold(0) == model.scan_label_threshold(-5) == values[0]


@pytest.mark.parametrize("name", ["000", "001", "002", "004"])
def test_scan_label_follows_the_threshold_for_the_text_length(name):
    for text in (seed(name), " ".join(seed(name).split()[:60])):
        report = spindetect.scan(text)
        assert report.threshold == model.scan_label_threshold(report.words)
        assert report.label == ("spun" if report.probability >= report.threshold else "clean")
        assert report.to_dict()["threshold"] == pytest.approx(report.threshold, abs=1e-6)


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ({"min_words": [0, 100]}, "malformed"),
        ({"min_words": [10], "threshold": [0.6]}, "from 0"),
        ({"min_words": [0, 100], "threshold": [0.6]}, "one threshold each"),
        ({"min_words": [0, 100], "threshold": [0.6, 0.3]}, r"\[0.5, 1\)"),
    ],
)
def test_malformed_label_thresholds_are_refused(spec, match):
    data = json.loads((DATA / "model_text.json").read_text())
    data["label_thresholds"] = spec
    with pytest.raises(ValueError, match=match):
        model._label_thresholds(model.LinearModel(data))(50)
    data.pop("label_thresholds")
    assert model._label_thresholds(model.LinearModel(data))(50) == 0.5


def test_estimators_in_a_pipeline():
    a, b = seed("002"), seed("000")
    pairs = [(a, b), (b, a), (a, a), (seed("004"), a), (seed("001"), a), (b, b)]
    y = ["spun", "spun", "copy", "related", "paraphrase", "copy"]
    pipe = make_pipeline(PairFeatures(), SpinClassifier(C=1.0))
    pipe.fit(pairs, y)
    proba = pipe.predict_proba(pairs)
    assert proba.shape == (6, 4) and np.allclose(proba.sum(axis=1), 1)
    assert list(pipe.predict(pairs[:2])) == ["spun", "spun"]
    assert list(pipe[0].get_feature_names_out()) == list(FEATURE_NAMES)
    clf = pipe[-1]
    again, names = SpinClassifier.from_json(
        json.loads(json.dumps(clf.to_json(feature_names=FEATURE_NAMES, model_id="t")))
    )
    X = PairFeatures().fit_transform(pairs)
    np.testing.assert_allclose(again.predict_proba(X), clf.predict_proba(X))
    T = TextFeatures().fit_transform([a, b])
    assert T.shape == (2, len(TEXT_FEATURE_NAMES))
    with pytest.raises(TypeError, match="pairs of texts"):
        PairFeatures().fit_transform(["one text"])
