"""The shipped classifiers: reproduce training-time predictions, load safely,
and work as scikit-learn estimators."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import BOUNDARY_MARGIN, FEATURE_ATOL, FEATURE_RTOL, PROBABILITY_ATOL, seed
from sklearn.pipeline import make_pipeline

import spindetect
from spindetect.estimators import PairFeatures, SpinClassifier, TextFeatures
from spindetect.resources import models
from spindetect.scanning import verdict as model
from spindetect.scanning.features import TEXT_FEATURE_NAMES
from spindetect.scoring.features import FEATURE_NAMES
from spindetect.scoring.verdict import decide

FIXTURES = json.loads((Path(__file__).parent / "cases" / "model_fixtures.json").read_text())
DATA = Path(spindetect.__file__).parent / "data"
scan_module = importlib.import_module("spindetect.scanning.scanner")


def _close(expected: float):
    """A feature recorded on another machine (see FEATURE_RTOL in conftest.py:
    scan's float32 vector dots round differently by CPU)."""
    return pytest.approx(expected, rel=FEATURE_RTOL, abs=FEATURE_ATOL)


@pytest.mark.parametrize("case", FIXTURES["pairs"], ids=[f"{c['a']}-{c['b']}" for c in FIXTURES["pairs"]])
def test_pair_model_reproduces_training_predictions(case):
    clf = models.load_model(DATA / "model_pairs.json")
    names = clf.feature_names
    assert clf.model_id == FIXTURES["pair_model"]
    probs = clf.predict_proba([[case["features"][n] for n in names]])[0]
    expected = [case["probabilities"][c] for c in clf.classes]
    np.testing.assert_allclose(probs, expected, rtol=0, atol=PROBABILITY_ATOL)
    # ...and from the texts, through the whole pipeline.
    feats = spindetect.Detector().features(seed(case["a"]), seed(case["b"]))
    for n in names:
        assert feats[n] == _close(case["features"][n]), n
    label, p_spun = decide(feats)
    assert p_spun == pytest.approx(case["probabilities"]["spun"], abs=PROBABILITY_ATOL)
    # the label is exact: the recorded case is nowhere near a decision boundary
    assert label == decide(case["features"])[0]
    assert abs(case["probabilities"]["spun"] - 0.5) > BOUNDARY_MARGIN
    others = sorted((p for c, p in case["probabilities"].items() if c != "spun"), reverse=True)
    assert others[0] - others[1] > BOUNDARY_MARGIN


@pytest.mark.parametrize("case", FIXTURES["texts"], ids=[c["seed"] for c in FIXTURES["texts"]])
def test_text_model_reproduces_training_predictions(case, monkeypatch):
    window_ps: list[float] = []
    window_probabilities = model.window_probabilities

    def recording(rows):
        ps = window_probabilities(rows)
        window_ps.extend(float(p) for p in ps)
        return ps

    monkeypatch.setattr(scan_module, "window_probabilities", recording)  # the name scan calls
    report = spindetect.scan(seed(case["seed"]))
    assert report.signature["model"] == FIXTURES["text_model"]
    for n in TEXT_FEATURE_NAMES:
        assert report.features[n] == _close(case["features"][n]), n
    p_spun = case["probabilities"]["spun"]
    assert report.probability == pytest.approx(p_spun, abs=PROBABILITY_ATOL)
    # The label is exact, and no recorded value sits near a threshold where
    # the noise of FEATURE_RTOL could flip it: not P(spun) near the label
    # threshold, not a window's P(spun) (which moves by ~2e-7 between CPUs)
    # near MIN_PATTERN_WEIGHT, where a phrase would appear or vanish. (The
    # cascade's prefilter reads no vector features, so it sees only float64
    # noise, ~1e-16; its closest window is 1.8e-5 from its threshold, on 004.)
    assert report.label == ("spun" if p_spun >= report.threshold else "clean")
    assert abs(p_spun - report.threshold) > BOUNDARY_MARGIN
    assert window_ps
    assert not [p for p in window_ps if abs(p - scan_module.MIN_PATTERN_WEIGHT) <= BOUNDARY_MARGIN]


_OTHER_KERNEL_SCRIPT = """
import json, sys
from threadpoolctl import threadpool_info
import spindetect
sys.path.insert(0, sys.argv[1])
from conftest import seed
blas = [(i.get("internal_api"), i.get("architecture")) for i in threadpool_info() if i.get("user_api") == "blas"]
out = {"blas": blas}
for name in sys.argv[2:]:
    r = spindetect.scan(seed(name))
    out[name] = {"features": dict(r.features), "probability": r.probability, "label": r.label, "threshold": r.threshold}
print(json.dumps(out))
"""


@pytest.mark.slow
@pytest.mark.parametrize("coretype", ["Haswell", "Prescott"])
def test_text_fixtures_hold_under_other_blas_kernels(coretype):
    # OpenBLAS built with DYNAMIC_ARCH (NumPy's wheels) takes its kernels from
    # OPENBLAS_CORETYPE: the AVX2 and SSE kernels sum float32 dots in another
    # order than the AVX-512 one the fixtures were written with. Elsewhere
    # the variable is ignored and this repeats the test above.
    pytest.importorskip("threadpoolctl")
    cases = {c["seed"]: c for c in FIXTURES["texts"]}
    env = {**os.environ, "OPENBLAS_CORETYPE": coretype, "PYTHONPATH": str(Path(spindetect.__file__).parent.parent)}
    proc = subprocess.run(
        [sys.executable, "-c", _OTHER_KERNEL_SCRIPT, str(Path(__file__).parent), *cases],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.splitlines()[-1])
    for name, case in cases.items():
        got = out[name]
        for n in TEXT_FEATURE_NAMES:
            assert got["features"][n] == _close(case["features"][n]), (out["blas"], name, n)
        p_spun = case["probabilities"]["spun"]
        assert got["probability"] == pytest.approx(p_spun, abs=PROBABILITY_ATOL)
        assert got["label"] == ("spun" if p_spun >= got["threshold"] else "clean")


def test_model_files_are_plain_json_with_provenance():
    for name in ("model_pairs.json", "model_text.json"):
        data = json.loads((DATA / name).read_text())
        assert data["format"] == "spindetect-model" and data["format_version"] == 1
        assert data["info"]["corpus_sha256"] and data["info"]["trained_by"] == "scripts/train.py"
        assert np.isfinite(np.array(data["coef"])).all()
    assert models.load_model(DATA / "model_pairs.json").feature_names == FEATURE_NAMES
    assert models.load_model(DATA / "model_text.json").feature_names == TEXT_FEATURE_NAMES


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
        models.load_model(path)
    path.write_text("{not json")
    with pytest.raises(RuntimeError, match="cannot read model file"):
        models.load_model(path)
    with pytest.raises(RuntimeError, match="missing"):
        models.load_model(tmp_path / "nope.json")


def test_scan_label_thresholds_are_those_of_the_model_file():
    spec = json.loads((DATA / "model_text.json").read_text())["label_thresholds"]
    bands, values = spec["min_words"], spec["threshold"]
    assert bands[0] == 0 and bands == sorted(bands) and all(0.5 <= t < 1 for t in values)
    # chosen on dev for the target rate (the record of devtools/train.py)
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
        model._label_thresholds(models.LinearModel(data))(50)
    data.pop("label_thresholds")
    assert model._label_thresholds(models.LinearModel(data))(50) == 0.5


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
