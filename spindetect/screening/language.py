"""Whether a document screened is English: the check of ``score`` and
``scan`` (:func:`spindetect.text.check_english`), on a document's first
:data:`LANGUAGE_SAMPLE_CHARS` characters, with the document named.

The detector's lexicon, word statistics and models are English-only, so a
verdict on a French or Russian pair is a guess (two Spanish texts were
reported "copy", a French and a Spanish one "unrelated" at similarity 1.0:
their skeletons are all non-function words). :func:`spindetect.screen` checks
each suspect (each document, screening a collection against itself) where it
is searched (:func:`~spindetect.screening.backends.find_chunk`, on a Dask
worker, not in the driver: tokenising 2,000 suspects there took 1.4 s of the
driver's CPU from the workers' cores) and each source where it is scored;
sources are not checked when indexed, which would cost about 2 ms a
document, twice what indexing one costs.
:func:`~spindetect.screening.reading.iter_validated` checks when asked to."""

from __future__ import annotations

from ..text import Document, check_english, prepare

__all__ = ["LANGUAGE_SAMPLE_CHARS", "check_language"]

#: Characters of a document read to tell its language: as many as
#: :func:`spindetect.text.check_english` samples of the normalised text, so a
#: long document is not tokenised whole for it.
LANGUAGE_SAMPLE_CHARS = 100_000


def check_language(text: str, label: str) -> Document | None:
    """Raise ValueError starting with ``label`` if ``text`` (checked by
    :func:`~spindetect.text.check_text`) is not English; a text without a
    word to tell its language from passes (scoring it says what is wrong).
    Returns the document it prepared when that is all of ``text`` (so the
    caller need not prepare it again), else None."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    try:
        doc = prepare(sample, name=label)
    except ValueError:
        return None
    check_english(doc, label=label)
    return doc if len(sample) == len(text) else None
