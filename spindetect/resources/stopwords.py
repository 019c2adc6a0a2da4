"""spaCy's English stop words: a floor module with no other spindetect
import, so that the text layer's line layout (:mod:`spindetect.text_layout`)
can read them without adding a level to the import chain
(:mod:`spindetect.resources.words` re-exports :func:`stop_words`)."""

from __future__ import annotations

import functools

__all__ = ["stop_words"]


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, lower case."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS) | {"'s", "n't", "'re", "'ll", "'ve", "'d", "'m"}
