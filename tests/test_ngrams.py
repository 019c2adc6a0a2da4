"""The trigram model: units, history order, back-off detection, phrases in
context, and the missing-model path."""

from __future__ import annotations

import logging
import math
import pickle

import numpy as np
import pytest

from spindetect.resources.data import MissingDataError
from spindetect.resources.ngrams import (
    INSTALL_NGRAMS,
    NATS_PER_UNIT,
    OOV_SCORE,
    NGramLM,
    PhraseScore,
    available_ngrams,
)


@pytest.fixture(scope="module")
def lm() -> NGramLM:
    model = available_ngrams()
    if model is None:
        pytest.skip(f"the n-gram model is not installed: {INSTALL_NGRAMS}")
    return model


def test_a_missing_model_gives_none_and_one_log_line(tmp_path, caplog):
    missing = tmp_path / "absent.lm.bin"
    with caplog.at_level(logging.WARNING, logger="spindetect"):
        assert available_ngrams(missing) is None
        assert available_ngrams(missing) is None
    lines = [r for r in caplog.records if "n-gram model unavailable" in r.getMessage()]
    assert len(lines) == 1, caplog.text
    assert INSTALL_NGRAMS in lines[0].getMessage()
    with pytest.raises(MissingDataError, match="pocketsphinx"):
        NGramLM(missing).logprob("word")


def test_log_probs_are_nats_of_pocketsphinx_scores(lm):
    raw = lm.model.prob(["learning", "deep"])  # word, then history most recent first
    assert lm.logprob("learning", ["deep"]) == pytest.approx(raw * math.log(1.0001))
    assert lm.logprob("learning", "deep") == pytest.approx(raw * NATS_PER_UNIT)
    assert -20 < lm.logprob("learning", "deep") < 0


def test_history_is_in_reading_order(lm):
    assert lm.logprob("europe", ["trade", "eastern"]) == pytest.approx(
        lm.model.prob(["europe", "eastern", "trade"]) * NATS_PER_UNIT
    )
    # only the last two history words count, however many are given
    assert lm.logprob("the", "a b c d part of") == lm.logprob("the", "part of")


def test_case_and_unknown_words(lm):
    assert lm.logprob("Learning", "DEEP") == lm.logprob("learning", "deep")
    assert lm.logprob("xyzzyq") == -math.inf and "xyzzyq" not in lm and "deep" in lm
    assert lm.model.prob(["xyzzyq"]) == OOV_SCORE
    # an unknown history word makes the model back off to what it knows
    assert lm.logprob("learning", "xyzzyq") == lm.logprob("learning")


@pytest.mark.parametrize(
    "ngram, stored",
    [
        ("deep learning", True),
        ("eastern europe", True),
        ("part of the", True),
        ("computer vision", True),
        ("profound learning", False),
        ("jap europe", False),
        ("learning", True),
        ("xyzzyq", False),
    ],
)
def test_attested_ngrams(lm, ngram, stored):
    assert lm.attested(ngram) is stored


def test_order_says_how_far_the_model_backed_off(lm):
    assert lm.order("the", "part of") == 3
    assert lm.order("learning", "profound") == 1
    assert lm.order("learning", "<s> deep") == 2  # "deep learning" yes, "<s> deep learning" no
    assert lm.order("xyzzyq", "deep") == 0


def test_backoff_detection_agrees_with_the_backoff_identity(lm):
    """Where order() says "backed off", P(w | h) = bo(h) * P(w) within rounding;
    where it says "stored", not."""
    for word in ("europe", "learning", "vision", "the", "banana"):
        for hist in ("eastern", "deep", "computer", "jap", "profound"):
            full, uni = lm.model.prob([word, hist]), lm.model.prob([word])
            backoff = lm.model.prob(["<s>", hist]) - lm.model.prob(["<s>"])
            assert (abs(full - uni - backoff) > 1) == (lm.order(word, hist) == 2), (hist, word)


def test_phrases_in_context(lm):
    fluent = lm.phrase_logprob("<s>", "deep learning", "has transformed computer vision")
    spun = lm.phrase_logprob("<s>", "profound learning", "has transformed computer vision")
    assert isinstance(fluent, PhraseScore)
    assert fluent.n_scored == spun.n_scored == 4 and fluent.n_oov == 0  # 2 phrase words + 2 after
    assert fluent.logprob - spun.logprob > 3
    assert spun.orders[1] == 1 and fluent.orders[1] == 2
    scores = lm.compare("trade between", ["eastern", "jap", "western", "xyzzyq"], "europe and asia")
    assert scores.shape == (4,) and scores[3] == -math.inf
    assert scores[0] - scores[1] > 5 and scores[2] - scores[1] > 5
    # the phrase's score is its words' log-probs in context, summed
    expected = sum(lm.logprob(w, h) for w, h in [("eastern", "trade between"), ("europe", "between eastern")])
    expected += lm.logprob("and", "eastern europe")
    assert lm.phrase_logprob(["trade", "between"], ["eastern"], ["europe", "and", "asia"]).logprob == pytest.approx(
        expected
    )


def test_bad_input(lm):
    with pytest.raises(TypeError, match="candidates"):
        lm.compare("left", "one phrase", "right")
    with pytest.raises(ValueError, match="1 to 3 words"):
        lm.attested("a b c d")
    with pytest.raises(TypeError, match="str"):
        lm.logprob(3)


def test_a_handle_pickles_as_its_path(lm):
    again = pickle.loads(pickle.dumps(lm))
    assert again.path == lm.path and again.model is lm.model
    assert np.isfinite(again.logprob("the"))
