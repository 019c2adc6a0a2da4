"""Whether a document screened is English: the check of ``score`` and
``scan`` (:func:`spindetect.text.check_english`), on a document's first
:data:`LANGUAGE_SAMPLE_CHARS` characters, with the document named.

Screening runs it where each suspect is searched (on a Dask worker, not in
the driver: tokenising 2,000 suspects there took 1.4 s of the driver's CPU
from the workers' cores) and where :func:`~spindetect.screening.reading.iter_validated`
is asked to."""

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
