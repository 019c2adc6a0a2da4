"""The verdicts of ``scan``: the window model (and its cheap cascade) on
candidate windows, the text model and its length-dependent label threshold
(``spindetect/data/model_windows.json``, ``model_text.json``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..resources.models import LinearModel, feature_row, shipped_model

__all__ = [
    "BOUND_MARGIN",
    "CHEAP_FEATURE_NAMES",
    "CONTEXT_FEATURES",
    "RESTORATION_FEATURES",
    "RESTORATION_NAMES",
    "WINDOW_FEATURE_NAMES",
    "full_rows",
    "scan_label_threshold",
    "scan_probability",
    "text_model_id",
    "window_model_id",
    "window_prefilter",
    "window_probabilities",
    "window_upper_bounds",
]

#: The window model's features, in its column order (computed by
#: :mod:`spindetect.scanning.windows`, which re-exports these names).
WINDOW_FEATURE_NAMES: tuple[str, ...] = (
    "clean_log_count",  # ln(1 + the window's count in the shipped clean-text counts), >= 0
    "web_attested",  # 1 if its bigram is among the Google Books commonest bigrams, else 0
    "web_log_count",  # log10 of that count above the file's smallest (6.4 M) plus 1, 0 if absent
    "absence_surprise",  # summed Zipf of word pairs that are common yet never seen together, >= 0
    "min_zipf",  # Zipf frequency of its rarest word, about [0, 8]
    "max_spin_prior",  # highest share of a word's lexicon uses that are spinner replacements, [0, 1]
    "in_word_swaps",  # 1 if a word is a replacement in the lexicon's word swaps, else 0
    "best_support",  # support of the best restoration (clean counts, bigrams, known terms), >= 0
    "best_support_gain",  # best_support minus the window's own support
    "best_from_lexicon",  # 1 if the best restoration undoes a lexicon swap, else 0 (WordNet)
    "best_zipf_gain",  # Zipf gain of the restored word over the replaced one
    "trigram",  # 1 for a three-word window, 0 for two words
    "restored",  # 1 if some restoration is attested English, else 0
    "prior_without_restoration",  # max_spin_prior when nothing restores, else 0, [0, 1]
    "gain_from_lexicon",  # best_support_gain when the best restoration is a lexicon swap, else 0, >= 0
    "min_word_use",  # ln(1 + clean-text count) of its least used word, >= 0
    "synonym_use_gain",  # how much more clean text uses an alternative of one word, ln units, >= 0
    "context_known",  # 1 if its surroundings have known word vectors, else 0
    "context_fit",  # lowest cosine between a word and its surroundings' centroid, [-1, 1]
    "context_gain",  # best cosine gain from putting back an alternative, >= 0
)


#: Features that need the candidate restorations (the costly part). ``scan``
#: computes them only for windows that the cascade's first stage, a model on
#: :data:`CHEAP_FEATURE_NAMES`, lets through.
RESTORATION_FEATURES = frozenset(
    {
        "best_support",
        "best_support_gain",
        "best_from_lexicon",
        "best_zipf_gain",
        "restored",
        "prior_without_restoration",
        "gain_from_lexicon",
    }
)


#: Features that depend on where the window stands (its surroundings), not
#: only on its words; computed per occurrence.
CONTEXT_FEATURES = frozenset({"context_known", "context_fit", "context_gain"})


#: Features with neither restorations nor context: the cascade's first stage.
CHEAP_FEATURE_NAMES: tuple[str, ...] = tuple(
    n for n in WINDOW_FEATURE_NAMES if n not in CONTEXT_FEATURES and n not in RESTORATION_FEATURES
)


#: The restoration features in the window model's column order.
RESTORATION_NAMES = tuple(n for n in WINDOW_FEATURE_NAMES if n in RESTORATION_FEATURES)

#: Where each window-model column comes from: (part, index in that part);
#: parts 0, 1, 2 are the cheap, restoration and context rows.
_SOURCES = tuple(
    (0, CHEAP_FEATURE_NAMES.index(n))
    if n in CHEAP_FEATURE_NAMES
    else (1, RESTORATION_NAMES.index(n))
    if n in RESTORATION_FEATURES
    else (2, ("context_known", "context_fit", "context_gain").index(n))
    for n in WINDOW_FEATURE_NAMES
)


def full_rows(parts: Iterable[tuple[Sequence[float], Sequence[float], Sequence[float]]]) -> list[list[float]]:
    """Window-model rows (:data:`WINDOW_FEATURE_NAMES` order) from each
    occurrence's (cheap row, restoration row, context row)."""
    src = _SOURCES
    return [[p[part][i] for part, i in src] for p in parts]


def text_model_id() -> str:
    return shipped_model("model_text.json").model_id


def window_model_id() -> str:
    return shipped_model("model_windows.json").model_id


def _window_model() -> LinearModel:
    clf = shipped_model("model_windows.json")
    if clf.feature_names != WINDOW_FEATURE_NAMES:
        raise RuntimeError(
            "model_windows.json does not fit this spindetect's window features: "
            "retrain it with `python -m devtools.train_windows`"
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
    cascade = LinearModel(clf.data["cascade"], origin="model_windows.json (cascade)") if "cascade" in clf.data else None
    if (
        cascade is None
        or cascade.feature_names != CHEAP_FEATURE_NAMES
        or "threshold" not in cascade.data.get("info", {})
    ):
        raise RuntimeError(
            "model_windows.json has no usable cascade model: retrain it with `python -m devtools.train_windows`"
        )
    return cascade


#: Margin of :func:`window_upper_bounds` against the floor it is compared
#: with: the bound and the model's own P(spun) are computed by different
#: float operations (rounding differences are about 1e-16).
BOUND_MARGIN = 1e-9


def window_upper_bounds(rows: Sequence[Sequence[float]], swap_support: Sequence[float] | None = None) -> Any:
    """An upper bound of :func:`window_probabilities` for each row whose
    restoration features (:data:`RESTORATION_FEATURES`) are not known yet
    (whatever those columns hold is ignored), so that ``scan`` computes
    them only for windows that could reach its floor.

    The model is linear in its clipped inputs, so the largest P(spun) over
    the values an unknown feature can take is at one end of its range: the
    training range (inputs are clipped to it), narrowed by what the known
    features imply and by how the restoration features hang together
    (:func:`~spindetect.scanning.window_stage.restoration_numbers`). The
    best restoration's support ``s`` and the window's own support ``own``
    (at least its clean count from ATTESTED_COUNT or its web attestation,
    at most that plus 3, a known original) settle most of them: either
    nothing restores (``s <= own``: ``restored`` 0, the gains <= 0,
    ``prior_without_restoration`` = ``max_spin_prior``, ``gain_from_lexicon``
    0), or something does (``s > own``: ``restored`` 1, the gains >= 0,
    ``prior_without_restoration`` 0); the bound is the larger of the two
    cases. A window with no word in the lexicon's word swaps
    (``in_word_swaps`` 0) restores from WordNet only (``best_from_lexicon``
    and ``gain_from_lexicon`` 0). ``swap_support``, if given, bounds for
    each row the support of a restoration that undoes lexicon swaps
    (:func:`~spindetect.scanning.window_stage.swap_support_bound`), so
    ``gain_from_lexicon`` <= ``swap_support`` minus ``own``. A model of more
    than two classes gets no bound (1.0)."""
    import numpy as np

    clf = _window_model()
    X = np.asarray(rows, dtype=float).reshape(-1, len(WINDOW_FEATURE_NAMES))
    if len(clf.classes) != 2:
        return np.ones(len(X))
    b = _bound_parts(clf)
    col, term, end = b["col"], b["term"], b["end"]
    z = ((np.clip(X[:, b["known"]], b["known_min"], b["known_max"]) - b["known_mean"]) * b["known_w"]).sum(axis=1)
    # the window's own support (see window_stage.bounded): at least its
    # clean-text count (log1p, from ATTESTED_COUNT) or web attestation
    # (web_log_count is 1 + its log10 count over the file's floor)
    clean, web = X[:, col["clean_log_count"]], X[:, col["web_log_count"]]
    own_lo = np.maximum(
        np.where(clean >= b["attested_log"], clean, 0.0), np.where(X[:, col["web_attested"]] > 0, web, 0.0)
    )
    own_hi = own_lo + 3.0
    swapped = X[:, col["in_word_swaps"]] > 0.0
    if swap_support is None:
        lexicon_gain: Any = np.where(swapped, np.inf, 0.0)
    else:
        bound = np.asarray(swap_support, dtype=float).reshape(-1)
        lexicon_gain = np.where(swapped, np.maximum(bound - own_lo, 0.0), 0.0)
    nothing_restores = (
        term("best_support", end("best_support", 0.0, own_hi))
        + term("best_support_gain", end("best_support_gain", -own_hi, 0.0))
        + term("prior_without_restoration", np.maximum(X[:, col["max_spin_prior"]], 0.0))
        + b["nothing_restores"]
    )
    something_restores = term("best_support", end("best_support", own_lo, np.inf)) + b["something_restores"]
    if b["lexicon_gain_up"]:
        something_restores = something_restores + term("gain_from_lexicon", lexicon_gain)
    else:
        something_restores = something_restores + b["no_lexicon_gain"]
    shared = np.where(swapped, b["lexicon_swap"], b["no_lexicon_swap"])
    z = (z + b["intercept"] + shared + np.maximum(nothing_restores, something_restores)) / clf.temperature
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))


@functools.lru_cache(maxsize=4)
def _bound_parts(clf: LinearModel) -> dict[str, Any]:
    """What :func:`window_upper_bounds` needs of the window model, once: the
    weights of P(spun)'s log-odds per raw feature, the known columns, and
    the terms of the restoration features that do not depend on the row.
    ``term(name, x)`` is a feature's contribution at ``x`` (clipped to its
    training range); ``end(name, lo, hi)`` the end of ``[lo, hi]`` where
    that contribution is largest (the model is linear in each feature)."""
    import math

    import numpy as np

    from ..resources.phrases import ATTESTED_COUNT

    s = list(clf.classes).index("spun")
    w = (clf.coef[s] - clf.coef[1 - s]) / clf.scale
    col = {n: i for i, n in enumerate(WINDOW_FEATURE_NAMES)}
    fmin, fmax, mean = clf.feature_min, clf.feature_max, clf.mean
    known = np.asarray([n not in RESTORATION_FEATURES for n in WINDOW_FEATURE_NAMES])

    def term(name: str, x: Any) -> Any:
        j = col[name]
        return w[j] * (np.clip(x, fmin[j], fmax[j]) - mean[j])

    def end(name: str, lo: Any, hi: Any) -> Any:
        return hi if w[col[name]] > 0 else lo

    def best(name: str, lo: float, hi: float) -> float:
        return float(term(name, end(name, lo, hi)))

    return {
        "col": col,
        "term": term,
        "end": end,
        "known": known,
        "known_w": w[known],
        "known_min": fmin[known],
        "known_max": fmax[known],
        "known_mean": mean[known],
        "intercept": clf.intercept[s] - clf.intercept[1 - s],
        "attested_log": math.log1p(ATTESTED_COUNT),
        # nothing restores: restored 0, gain_from_lexicon 0
        "nothing_restores": best("restored", 0.0, 0.0) + best("gain_from_lexicon", 0.0, 0.0),
        # something restores: restored 1, prior_without_restoration 0, the support gain >= 0
        "something_restores": best("restored", 1.0, 1.0)
        + best("prior_without_restoration", 0.0, 0.0)
        + best("best_support_gain", 0.0, math.inf),
        "lexicon_gain_up": bool(w[col["gain_from_lexicon"]] > 0),
        "no_lexicon_gain": best("gain_from_lexicon", 0.0, 0.0),
        # best_from_lexicon (0, or 1 with a word in the swaps) and any Zipf gain
        "lexicon_swap": best("best_from_lexicon", 0.0, 1.0)
        + best("best_zipf_gain", fmin[col["best_zipf_gain"]], fmax[col["best_zipf_gain"]]),
        "no_lexicon_swap": best("best_from_lexicon", 0.0, 0.0)
        + best("best_zipf_gain", fmin[col["best_zipf_gain"]], fmax[col["best_zipf_gain"]]),
    }


def scan_probability(features: Mapping[str, float]) -> float:
    """P(spun) of a single text from its source-free features."""
    clf = shipped_model("model_text.json")
    return float(clf.p_spun(feature_row(features, clf.feature_names))[0])


def scan_label_threshold(words: int) -> float:
    """The P(spun) from which :func:`spindetect.scan` labels a text of
    ``words`` words "spun".

    Word-choice statistics of a short text are noisy, so clean short texts
    reach P(spun) >= 0.5 far more often than long ones (20% of clean texts
    under 100 words against 7% from 300 words, test split). The shipped text
    model therefore carries one threshold per length band, chosen by
    ``devtools/train.py`` on the *dev* split so that at most
    ``target_false_positive_rate`` of the clean texts of each band reach it,
    and never below 0.5. A model file without them uses 0.5."""
    return _label_thresholds(shipped_model("model_text.json"))(words)


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
