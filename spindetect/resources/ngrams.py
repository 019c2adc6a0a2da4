"""A word trigram model of US English: is a phrase usual English, in its context?

The model is CMU's generic US-English trigram model shipped in the
``pocketsphinx`` 5.1.1 wheel (``pocketsphinx/model/en-us/en-us.lm.bin``,
BSD-style licence): lower-case words, 72,547 unigrams, 2,051,547 bigrams,
1,669,625 trigrams, Katz back-off. It is read with pocketsphinx's own
``NGramModel`` (loads in ~0.03 s, memory-mapped); nothing is downloaded.

* :meth:`NGramLM.logprob` - log P(word | up to 2 previous words), nats;
* :meth:`NGramLM.order` - the longest n-gram ending at the word that the model
  stores (3, 2, 1; 0 for a word outside the vocabulary): below the history's
  length, the model backed off, i.e. never saw that word sequence;
* :meth:`NGramLM.phrase_logprob` / :meth:`NGramLM.compare` - a phrase and the
  2 words after it, in their left/right context, for one or several
  candidate phrases.

How back-off is detected: pocketsphinx returns only the probability, not how
many words of history it used. For an n-gram the model does not store,
log P(w | h) = log bo(h) + log P(w | shorter h) exactly (integer log units,
+-1 for rounding), and the sentence-start token ``<s>`` is never stored after
any word, so log P(<s> | h) - log P(<s> | shorter h) *is* log bo(h). A stored
n-gram differs from that back-off value by more than the rounding.

Words are lower-cased; history is given in reading order (oldest first).
pocketsphinx's own ``prob([w, h1, h2])`` wants the word, then the history
most recent first, in log base 1.0001; it is called with at most 3 words
(its wrapper allocates too little memory for longer lists).
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import math
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .data import MissingDataError, warn_missing_once

__all__ = ["INSTALL_NGRAMS", "NGRAM_MODEL", "NGramLM", "PhraseScore", "available_ngrams", "default_ngram_path"]

logger = logging.getLogger("spindetect")

#: The model file inside the pocketsphinx package, and how to install it.
NGRAM_MODEL = ("model", "en-us", "en-us.lm.bin")
INSTALL_NGRAMS = "pip install pocketsphinx==5.1.1"
#: pocketsphinx's log base is 1.0001: one unit is ln(1.0001) nats.
NATS_PER_UNIT = math.log(1.0001)
#: What pocketsphinx returns for a word outside the vocabulary.
OOV_SCORE = -536870912
#: Integer log units by which a backed-off score may differ from
#: back-off weight + lower-order score: rounding in the integer log
#: arithmetic, seen as +-1 on 14 unattested bigrams (2026-11-30).
BACKOFF_ROUNDING = 1
#: Words after the phrase that are scored with it (a trigram model's
#: history reaches 2 words past the phrase's last word).
RIGHT_WORDS = 2
#: Sentence start, usable as a history word.
SENTENCE_START = "<s>"

_MODELS: dict[str, Any] = {}
_LOCK = threading.Lock()


class PhraseScore(NamedTuple):
    """A phrase scored in its context.

    Attributes:
        logprob: sum of log P(word | 2 previous words) in nats over the
            phrase's words and the ``RIGHT_WORDS`` after it that are in the
            vocabulary (out-of-vocabulary words add nothing: compare
            candidates with the same ``n_oov``, or penalise it yourself).
        n_scored: how many words were scored.
        n_oov: how many of the words to score are outside the vocabulary.
        orders: for each word to score, the longest n-gram ending at it that
            the model stores (0 out of vocabulary, 1 unigram only, 2, 3).
    """

    logprob: float
    n_scored: int
    n_oov: int
    orders: tuple[int, ...]


def default_ngram_path() -> Path | None:
    """The model file in the installed pocketsphinx, or None."""
    try:
        spec = importlib.util.find_spec("pocketsphinx")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*NGRAM_MODEL)
    return path if path.is_file() else None


def _words(words: str | Sequence[str]) -> list[str]:
    if isinstance(words, str):
        words = words.split()
    elif not isinstance(words, Sequence):
        raise TypeError(f"words must be a str or a sequence of str, not {type(words).__name__}")
    out = []
    for w in words:
        if not isinstance(w, str):
            raise TypeError(f"words must be str, not {type(w).__name__}: {w!r:.60}")
        if w:
            out.append(w if w in ("<s>", "</s>") else w.lower())
    return out


class NGramLM:
    """CMU's US-English trigram model, loaded on first use.

    Args:
        path: an ARPA or pocketsphinx binary model; default the one in the
            installed pocketsphinx.

    Raises:
        MissingDataError: (on first use) pocketsphinx or the file is missing;
            :func:`available_ngrams` checks first and returns None instead.

    Pickles as its path; each process loads the model once (module cache).
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        resolved = default_ngram_path() if path is None else Path(path)
        self.path = os.fspath(resolved) if resolved is not None else os.fspath(Path(*NGRAM_MODEL))

    def __reduce__(self):
        return (NGramLM, (self.path,))

    def __repr__(self) -> str:
        return f"NGramLM({self.path!r})"

    @property
    def model(self):
        """The loaded ``pocketsphinx.NGramModel``."""
        model = _MODELS.get(self.path)
        if model is not None:
            return model
        fixes = _missing(self.path)
        if fixes:
            raise MissingDataError("the n-gram model cannot be loaded: missing " + "; ".join(fixes))
        with _LOCK:
            if self.path not in _MODELS:
                import pocketsphinx

                _MODELS[self.path] = pocketsphinx.NGramModel.readfile(self.path)
            return _MODELS[self.path]

    @property
    def signature(self) -> str:
        """``pocketsphinx-<version>/<file name>``."""
        from importlib.metadata import version

        return f"pocketsphinx-{version('pocketsphinx')}/{Path(self.path).name}"

    # -- single look-ups ------------------------------------------------------

    def _score(self, word: str, history: Sequence[str]) -> int:
        """Raw score, log base 1.0001; history in reading order, at most 2 used."""
        return self.model.prob([word, *reversed(history[-2:])])

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(word) and self._score(word.lower(), ()) != OOV_SCORE

    def logprob(self, word: str, history: str | Sequence[str] = ()) -> float:
        """log P(word | history) in nats; ``-inf`` for a word outside the vocabulary.

        Args:
            word: one word (lower-cased here).
            history: the words before it in reading order (a str is split on
                white space); only the last 2 are used; unknown history words
                make the model back off. ``"<s>"`` marks a sentence start.

        Raises:
            TypeError: word is not a str.

        Example (needs pocketsphinx)::

            >>> lm = NGramLM()                                         # doctest: +SKIP
            >>> lm.logprob("learning", "deep") > lm.logprob("learning", "profound")  # doctest: +SKIP
            True
        """
        if not isinstance(word, str):
            raise TypeError(f"word must be a str, not {type(word).__name__}: {word!r:.60}")
        score = self._score(word.lower(), _words(history))
        return -math.inf if score == OOV_SCORE else score * NATS_PER_UNIT

    def order(self, word: str, history: str | Sequence[str] = ()) -> int:
        """The longest n-gram ending at ``word`` (within the last 2 history
        words) that the model stores: 3, 2, 1, or 0 for an unknown word.

        ``order("learning", "deep") == 2`` means the bigram "deep learning" was
        seen in the model's training text; 1 means the model backed off to the
        unigram.
        """
        word = word.lower() if word not in ("<s>", "</s>") else word
        hist = _words(history)[-2:]
        if self._score(word, ()) == OOV_SCORE:
            return 0
        while hist:
            full = self._score(word, hist)
            shorter = self._score(word, hist[1:])
            backoff = self._score(SENTENCE_START, hist) - self._score(SENTENCE_START, hist[1:])
            if abs(full - shorter - backoff) > BACKOFF_ROUNDING:
                return len(hist) + 1
            hist = hist[1:]
        return 1

    def attested(self, ngram: str | Sequence[str]) -> bool:
        """Whether the model stores this exact 1-, 2- or 3-word sequence.

        >>> NGramLM().attested("deep learning")    # doctest: +SKIP
        True
        """
        words = _words(ngram)
        if not 1 <= len(words) <= 3:
            raise ValueError(f"an n-gram has 1 to 3 words, got {len(words)}: {ngram!r:.60}")
        return self.order(words[-1], words[:-1]) == len(words)

    # -- phrases --------------------------------------------------------------

    def phrase_logprob(
        self, left: str | Sequence[str], phrase: str | Sequence[str], right: str | Sequence[str] = ()
    ) -> PhraseScore:
        """Score ``phrase`` and the ``RIGHT_WORDS`` words after it, each given
        the 2 words before it (taken from ``left`` for the first ones).

        Args:
            left, phrase, right: words (a str is split on white space, then
                lower-cased); put ``"<s>"`` first in ``left`` at a sentence
                start. Punctuation tokens are words to the model if in its
                vocabulary (most are not: strip them).

        Returns:
            a :class:`PhraseScore` (nats).
        """
        left_w, phrase_w, right_w = _words(left), _words(phrase), _words(right)
        context = left_w[-2:] + phrase_w + right_w[:RIGHT_WORDS]
        first = len(left_w[-2:])
        total, n_scored, n_oov, orders = 0, 0, 0, []
        for i in range(first, len(context)):
            history = context[max(0, i - 2) : i]
            score = self._score(context[i], history)
            if score == OOV_SCORE:
                n_oov += 1
                orders.append(0)
                continue
            total += score
            n_scored += 1
            orders.append(self.order(context[i], history))
        return PhraseScore(total * NATS_PER_UNIT, n_scored, n_oov, tuple(orders))

    def compare(
        self, left: str | Sequence[str], candidates: Sequence[str | Sequence[str]], right: str | Sequence[str] = ()
    ) -> np.ndarray:
        """:meth:`phrase_logprob` of each candidate phrase in one context,
        as an array (len(candidates),) of nats; a candidate with a word
        outside the vocabulary gets ``-inf`` (it cannot be compared).

        Raises:
            TypeError: candidates is a bare str.
        """
        if isinstance(candidates, str):
            raise TypeError(f"candidates must be a sequence of phrases (e.g. a list), not the str {candidates!r:.60}")
        out = np.empty(len(candidates))
        for i, phrase in enumerate(candidates):
            score = self.phrase_logprob(left, phrase, right)
            out[i] = score.logprob if not score.n_oov else -math.inf
        return out


def _missing(path: str | os.PathLike | None) -> list[str]:
    if importlib.util.find_spec("pocketsphinx") is None:
        return [f"the Python package pocketsphinx: {INSTALL_NGRAMS}"]
    if path is None:
        path = default_ngram_path()
    if path is None or not Path(path).is_file():
        where = "" if path is None else f" ({os.fspath(path)} does not exist)"
        return [f"the n-gram model file{where}: {INSTALL_NGRAMS}"]
    return []


def available_ngrams(path: str | os.PathLike | None = None) -> NGramLM | None:
    """The trigram model, or None if it cannot be loaded here; logs once per
    process (logger ``spindetect``, WARNING) what is missing and the command
    that adds it. The default model's answer is kept for the process (what
    is installed does not change under it; score asks once per swap, and
    finding the file each time took half of score's time on the seed pair)."""
    return _default_ngrams() if path is None else _ngrams_at(path)


def _ngrams_at(path: str | os.PathLike | None) -> NGramLM | None:
    fixes = _missing(path)
    if fixes:
        warn_missing_once("n-gram model", fixes)
        return None
    return NGramLM(path)


@functools.lru_cache(maxsize=1)
def _default_ngrams() -> NGramLM | None:
    return _ngrams_at(None)
