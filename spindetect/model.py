"""The verdicts: features in, label and P(spun) out, from trained models.

Two classifiers, both :class:`~spindetect.estimators.SpinClassifier`
(standardised multinomial logistic regression with a temperature fitted on
held-out data), stored as plain JSON in ``spindetect/data/``:

* ``model_pairs.json`` decides :func:`spindetect.score`: classes "spun",
  "paraphrase", "copy", "related", "unrelated" from the alignment features;
* ``model_text.json`` decides :func:`spindetect.scan`: "spun" or "clean" from
  the source-free features.

Both are trained by ``scripts/train.py`` on the benchmark corpus built by
``scripts/build_corpus.py``; their ``info`` block records the corpus, the
splits and the held-out scores. This module is the one place where a
decision is made.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .lexicon import Lexicon
from .swaps import Swap

__all__ = ["decide", "direction", "load_model", "pair_model_id", "scan_probability", "text_model_id"]

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


def load_model(path: str | Path) -> tuple[Any, tuple[str, ...], dict[str, Any]]:
    """Load a model JSON file: (classifier, feature names, raw data)."""
    from .estimators import SpinClassifier

    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuntimeError(f"model file {p} is missing: rebuild it with `python scripts/train.py`") from None
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"cannot read model file {p}: {exc}") from None
    clf, names = SpinClassifier.from_json(data, origin=str(p))
    return clf, names, data


@functools.lru_cache(maxsize=4)
def _shipped(name: str) -> tuple[Any, tuple[str, ...], dict[str, Any]]:
    return load_model(Path(str(importlib.resources.files("spindetect") / "data" / name)))


def pair_model_id() -> str:
    return str(_shipped("model_pairs.json")[2]["model_id"])


def text_model_id() -> str:
    return str(_shipped("model_text.json")[2]["model_id"])


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
    clf, names, _ = _shipped("model_pairs.json")
    probs = clf.predict_proba(_row(features, names))[0]
    classes = [str(c) for c in clf.classes_]
    p_spun = float(probs[classes.index("spun")])
    if features.get("equal_share", 0.0) == 1.0 and features.get("coverage_source", 0.0) == 1.0 == features.get(
        "coverage_suspect", 0.0
    ):
        # Every token of both texts aligned as equal: a copy by definition,
        # whatever the model says about texts this short or odd.
        return "copy", min(p_spun, 0.5 * spun_threshold)
    if p_spun >= spun_threshold:
        return "spun", p_spun
    others = [(float(p), c) for p, c in zip(probs, classes) if c != "spun"]
    return max(others)[1], p_spun


def scan_probability(features: Mapping[str, float]) -> float:
    """P(spun) of a single text from its source-free features."""
    clf, names, _ = _shipped("model_text.json")
    probs = clf.predict_proba(_row(features, names))[0]
    classes = [str(c) for c in clf.classes_]
    return float(probs[classes.index("spun")])
