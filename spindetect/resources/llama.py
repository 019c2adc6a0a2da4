"""A llama-architecture causal language model run with numpy, read from GGUF.

The engine behind :mod:`spindetect.resources.language_model`. It reads a GGUF
file with the ``gguf`` package (llama.cpp's pure-Python reader and
dequantiser), keeps every weight in float32, builds the file's byte-level BPE
tokenizer with ``tokenizers``, and runs the forward pass as matrix products
over whole sequences (prefill), optionally after a cached shared prefix.

The architecture is LLaMA's (Touvron et al. 2023, "LLaMA: Open and Efficient
Foundation Language Models", arXiv:2302.13971), as llama.cpp runs it for
``general.architecture = llama``; SmolLM2-135M (Allal et al. 2025,
arXiv:2502.02737) is one:

* token embedding, then ``block_count`` blocks of
  ``x += Attention(RMSNorm(x))`` and ``x += SwiGLU(RMSNorm(x))``;
* RMSNorm (Zhang & Sennrich 2019): ``x / sqrt(mean(x**2) + eps) * weight``;
* rotary position embeddings (RoPE, Su et al. 2021, arXiv:2104.09864) on
  queries and keys, base ``llama.rope.freq_base`` (100,000 for SmolLM2),
  rotating adjacent pairs of dimensions: llama.cpp's converter permutes the
  Hugging Face query/key rows so that this "normal" rotation equals
  Hugging Face's rotate-half;
* grouped-query attention (Ainslie et al. 2023, arXiv:2305.13245): 9 query
  heads share 3 key/value heads (head size 64), causal, scaled by 1/sqrt(64);
* SwiGLU feed-forward (Shazeer 2020, arXiv:2002.05202):
  ``down(silu(gate(x)) * up(x))``;
* a final RMSNorm, and the output projection tied to the token embedding
  (the file has no ``output.weight``).

Shapes below: ``B`` sequences in a batch, ``T`` new tokens, ``P`` cached
prefix tokens, ``D`` model width (576), ``V`` vocabulary (49,152).
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

import numpy as np

__all__ = ["KVCache", "LlamaModel", "build_tokenizer", "log_softmax_at"]

#: Queries per block when attention and the output projection are computed
#: blockwise, so that memory stays ~(BLOCK x T) rather than (T x T) per head.
BLOCK = 256
#: BLAS threads for the forward pass. One: on the 2-core shared machine this
#: was built on (load average 3-5), 2 OpenBLAS threads ran a 128-token prefill
#: at 26 tokens/s and 1 thread at 202 (busy-waiting threads lose their
#: cores); these matrices are small (576 wide), one core keeps up. None
#: leaves the BLAS library's own setting.
BLAS_THREADS: int | None = 1

_controller = None


@contextlib.contextmanager
def _blas_threads(n: int | None):
    """Limit BLAS threads for the duration (process-wide, as BLAS settings are)."""
    global _controller
    if n is None:
        yield
        return
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # scikit-learn's dependency; without it, leave BLAS alone
        yield
        return
    if _controller is None:
        _controller = ThreadpoolController()
    with _controller.limit(limits=n, user_api="blas"):
        yield


@dataclasses.dataclass(frozen=True)
class KVCache:
    """Keys and values of a prefix, one sequence, every layer.

    Attributes:
        keys, values: per layer, float32 arrays of shape (n_kv_heads, P, head_dim),
            keys already rotated for their positions.
        last_hidden: (D,) the final hidden state (after the output norm) of the
            prefix's last token: its logits predict the first new token.
    """

    keys: tuple[np.ndarray, ...]
    values: tuple[np.ndarray, ...]
    last_hidden: np.ndarray

    @property
    def length(self) -> int:
        """P, the number of cached tokens."""
        return int(self.keys[0].shape[1])


def _field(reader, key: str, default=None):
    field = reader.fields.get(key)
    if field is None:
        if default is None:
            raise KeyError(key)
        return default
    return field.contents()


class LlamaModel:
    """Weights (float32) and the numpy forward pass of a llama GGUF model.

    Args:
        path: a GGUF file with ``general.architecture = llama``.
        blas_threads: BLAS threads while a forward pass runs (see
            ``BLAS_THREADS``); None leaves the BLAS setting alone.

    Raises:
        ValueError: the file is not a llama model, or has tensors this reader
            does not expect.
        OSError: the file cannot be read.
    """

    def __init__(self, path: str | Path, *, blas_threads: int | None = BLAS_THREADS):
        from gguf import GGUFReader, quants

        self.blas_threads = blas_threads
        reader = GGUFReader(str(path))
        arch = _field(reader, "general.architecture")
        if arch != "llama":
            raise ValueError(f"{path}: general.architecture is {arch!r}, this engine runs 'llama' only")
        self.n_layers = int(_field(reader, "llama.block_count"))
        self.d_model = int(_field(reader, "llama.embedding_length"))
        self.n_heads = int(_field(reader, "llama.attention.head_count"))
        self.n_kv_heads = int(_field(reader, "llama.attention.head_count_kv", self.n_heads))
        self.head_dim = self.d_model // self.n_heads
        self.rope_base = float(_field(reader, "llama.rope.freq_base", 10000.0))
        self.eps = float(_field(reader, "llama.attention.layer_norm_rms_epsilon"))
        self.context_length = int(_field(reader, "llama.context_length"))
        self.bos_id = int(_field(reader, "tokenizer.ggml.bos_token_id"))
        self.tokenizer = build_tokenizer(reader)

        tensors = {
            t.name: quants.dequantize(t.data, t.tensor_type).astype(np.float32, copy=False) for t in reader.tensors
        }
        self.embedding = tensors.pop("token_embd.weight")  # (V, D), also the output projection
        self.vocab_size = self.embedding.shape[0]
        self.output_norm = tensors.pop("output_norm.weight")
        if "output.weight" in tensors:  # untied models: not SmolLM2
            self.output = tensors.pop("output.weight")
        else:
            self.output = self.embedding
        self.layers = []
        for i in range(self.n_layers):
            t = {k.removeprefix(f"blk.{i}."): tensors.pop(k) for k in [k for k in tensors if k.startswith(f"blk.{i}.")]}
            self.layers.append(
                dict(
                    attn_norm=t["attn_norm.weight"],
                    # (out, in) as stored, used as x @ w.T (BLAS reads it transposed, no copy);
                    # fused: one matrix product for q|k|v and one for gate|up
                    qkv=np.concatenate([t["attn_q.weight"], t["attn_k.weight"], t["attn_v.weight"]]),
                    out=t["attn_output.weight"],
                    ffn_norm=t["ffn_norm.weight"],
                    gate_up=np.concatenate([t["ffn_gate.weight"], t["ffn_up.weight"]]),
                    down=t["ffn_down.weight"],
                )
            )
        if tensors:
            raise ValueError(f"{path}: unexpected tensors {sorted(tensors)[:5]!r}")
        half = self.head_dim // 2
        self._inv_freq = (self.rope_base ** (-np.arange(half, dtype=np.float64) * 2 / self.head_dim)).astype(np.float64)

    # -- pieces ---------------------------------------------------------------

    def _rms_norm(self, x: np.ndarray, weight: np.ndarray) -> np.ndarray:
        var = np.mean(np.square(x), axis=-1, keepdims=True)
        return (x / np.sqrt(var + self.eps)) * weight

    def _rope(self, x: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Rotate adjacent pairs of x (..., T, head_dim) by their positions (T,)."""
        angles = positions[:, None].astype(np.float64) * self._inv_freq[None, :]  # (T, half)
        cos = np.cos(angles).astype(np.float32)
        sin = np.sin(angles).astype(np.float32)
        even, odd = x[..., 0::2], x[..., 1::2]
        out = np.empty_like(x)
        out[..., 0::2] = even * cos - odd * sin
        out[..., 1::2] = even * sin + odd * cos
        return out

    def _attention(self, q, k_prefix, v_prefix, k, v) -> np.ndarray:
        """Causal grouped-query attention.

        q: (B, H_kv, G, T, hd); k, v: (B, H_kv, T, hd) of the new tokens;
        k_prefix, v_prefix: (H_kv, P, hd) shared by every sequence, or None.
        Returns (B, H_kv, G, T, hd).
        """
        b, hkv, g, t, hd = q.shape
        scale = np.float32(1.0 / np.sqrt(hd))
        out = np.empty_like(q)
        keys = k[:, :, None]  # (B, H_kv, 1, T, hd)
        vals = v[:, :, None]
        for lo in range(0, t, BLOCK):
            hi = min(t, lo + BLOCK)
            qb = q[..., lo:hi, :] * scale  # (B, H_kv, G, Tb, hd)
            own = qb @ np.swapaxes(keys[..., :hi, :], -1, -2)  # (B, H_kv, G, Tb, hi)
            mask = np.arange(hi)[None, :] > np.arange(lo, hi)[:, None]
            own = np.where(mask, np.float32(-np.inf), own)
            if k_prefix is not None and k_prefix.shape[1]:
                pre = qb @ np.swapaxes(k_prefix, -1, -2)[None, :, None]  # (B, H_kv, G, Tb, P)
                scores = np.concatenate([pre, own], axis=-1)
            else:
                scores = own
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            p = 0 if k_prefix is None else k_prefix.shape[1]
            res = scores[..., p:] @ vals[..., :hi, :]
            if p:
                res += scores[..., :p] @ v_prefix[None, :, None]
            out[..., lo:hi, :] = res
        return out

    # -- forward --------------------------------------------------------------

    def forward(self, ids: np.ndarray, prefix: KVCache | None = None) -> tuple[np.ndarray, KVCache | None]:
        """Run new tokens through the model after an optional cached prefix.

        Args:
            ids: (B, T) token ids; B sequences of T new tokens each, all
                continuing the same ``prefix``. Shorter sequences may be padded
                at the end with any id: with causal attention, padding only
                changes the outputs at the padded positions.
            prefix: the cache of a shared left context (batch of one), or None.

        Returns:
            ``(hidden, cache)``: ``hidden`` (B, T, D), the final normalised
            hidden states (``hidden @ output.T`` are the logits); ``cache`` the
            KV cache of prefix + ids when B == 1, else None.

        Raises:
            ValueError: ids is not 2-D, or prefix + T exceeds the model's context.
        """
        ids = np.asarray(ids)
        if ids.ndim != 2 or not ids.shape[1]:
            raise ValueError(f"ids must be a non-empty (batch, tokens) array, got shape {ids.shape!r}")
        b, t = ids.shape
        p = prefix.length if prefix is not None else 0
        if p + t > self.context_length:
            raise ValueError(f"{p + t} tokens exceed the model's context of {self.context_length}: score shorter text")
        with _blas_threads(self.blas_threads):
            return self._forward(ids, prefix, p)

    def _forward(self, ids: np.ndarray, prefix: KVCache | None, p: int) -> tuple[np.ndarray, KVCache | None]:
        b, t = ids.shape
        hkv, hd, g = self.n_kv_heads, self.head_dim, self.n_heads // self.n_kv_heads
        positions = np.arange(p, p + t)
        d = self.d_model
        # (B*T, D): every projection is one matrix product over all tokens of all sequences
        x = self.embedding[ids.reshape(-1)]
        new_keys, new_values = [], []
        for i, layer in enumerate(self.layers):
            h = self._rms_norm(x, layer["attn_norm"])
            qkv = h @ layer["qkv"].T  # (B*T, D + 2 * hkv * hd)
            q = qkv[:, :d].reshape(b, t, hkv, g, hd).transpose(0, 2, 3, 1, 4)
            k = qkv[:, d : d + hkv * hd].reshape(b, t, hkv, hd).transpose(0, 2, 1, 3)
            v = np.ascontiguousarray(qkv[:, d + hkv * hd :].reshape(b, t, hkv, hd).transpose(0, 2, 1, 3))
            q = self._rope(q, positions)
            k = self._rope(k, positions)
            kp = prefix.keys[i] if prefix is not None else None
            vp = prefix.values[i] if prefix is not None else None
            att = self._attention(q, kp, vp, k, v)  # (B, H_kv, G, T, hd)
            x = x + att.transpose(0, 3, 1, 2, 4).reshape(b * t, d) @ layer["out"].T
            h = self._rms_norm(x, layer["ffn_norm"])
            gu = h @ layer["gate_up"].T
            gate, up = gu[:, : gu.shape[1] // 2], gu[:, gu.shape[1] // 2 :]
            silu = gate * (0.5 + 0.5 * np.tanh(0.5 * gate))  # x * sigmoid(x), no overflow
            x = x + (silu * up) @ layer["down"].T
            if b == 1:
                new_keys.append(k[0] if kp is None else np.concatenate([kp, k[0]], axis=1))
                new_values.append(v[0] if vp is None else np.concatenate([vp, v[0]], axis=1))
        x = x.reshape(b, t, d)
        hidden = self._rms_norm(x, self.output_norm)
        cache = KVCache(tuple(new_keys), tuple(new_values), hidden[0, -1]) if b == 1 else None
        return hidden, cache

    def logprobs_of(self, hidden: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """log P(target | position) in nats for hidden states (N, D) and targets (N,)."""
        with _blas_threads(self.blas_threads):
            return log_softmax_at(hidden, self.output, targets)


def log_softmax_at(hidden: np.ndarray, output: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """``log_softmax(hidden @ output.T)[n, targets[n]]`` in nats, float64, (N,).

    Computed in blocks of rows so that the (N, V) logits never exist at once.
    """
    hidden = np.asarray(hidden, dtype=np.float32).reshape(-1, output.shape[1])
    targets = np.asarray(targets).reshape(-1)
    out = np.empty(len(targets), dtype=np.float64)
    for lo in range(0, len(targets), BLOCK):
        logits = hidden[lo : lo + BLOCK] @ output.T  # (n, V)
        top = logits.max(axis=1, keepdims=True)
        lse = np.log(np.exp(logits - top).sum(axis=1, dtype=np.float64)) + top[:, 0]
        out[lo : lo + BLOCK] = logits[np.arange(len(logits)), targets[lo : lo + BLOCK]] - lse
    return out


def build_tokenizer(reader):
    """A ``tokenizers.Tokenizer`` from the byte-level BPE vocabulary and merges
    in a GGUF file (``tokenizer.ggml.model = gpt2``).

    The pre-tokenizer follows the file's ``tokenizer.ggml.pre``: "smollm"
    splits every digit apart before GPT-2's byte-level split, as llama.cpp
    does. Special tokens are not matched in text (a text containing
    ``<|endoftext|>`` is scored as those characters); prepend BOS by id.

    Raises:
        ValueError: the file's tokenizer is not byte-level BPE.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    kind = _field(reader, "tokenizer.ggml.model")
    if kind != "gpt2":
        raise ValueError(f"tokenizer.ggml.model is {kind!r}: only byte-level BPE ('gpt2') is supported")
    tokens = _field(reader, "tokenizer.ggml.tokens")
    merges = [tuple(m.split(" ", 1)) for m in _field(reader, "tokenizer.ggml.merges")]
    vocab = {tok: i for i, tok in enumerate(tokens)}
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=merges, fuse_unk=False))
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    pre = _field(reader, "tokenizer.ggml.pre", "default")
    if pre == "smollm":
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True), byte_level])
    else:
        tokenizer.pre_tokenizer = byte_level
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer
