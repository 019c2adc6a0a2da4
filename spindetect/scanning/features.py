"""Source-free features of one text: the numbers the text model decides from.

:func:`text_features` reads a tokenised text and the suspect phrases found
in it and returns a flat, named dict of floats (:data:`TEXT_FEATURE_NAMES`
gives each one's meaning, unit and range).

A sentence that repeats one before it word for word is read once: its
words, word pairs and suspect phrases are left out of every feature
(:func:`~spindetect.scanning.surroundings.repeated_sentence_tokens`). A text repeated is no more evidence than
the text once (a clean sentence pasted seven times used to weigh seven
times its one odd window), and a page's boilerplate ("Read more.") counts
once.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

from ..resources.phrases import default_phrases
from ..resources.synonyms import synonyms
from ..resources.words import fast_zipf
from .surroundings import repeated_sentence_tokens

__all__ = ["COMMONER_SYNONYM_GAP", "TEXT_FEATURE_NAMES", "evidence_words", "text_features"]


#: The text model's features. Text length ("log_words", still reported) is
#: left out: in the training corpus longer texts were more often spun, so the
#: model learned length as evidence, and a clean article repeated ten times
#: came out spun.
TEXT_FEATURE_NAMES = (
    "lexicon_density",  # weight of lexicon phrases per 100 words, >= 0
    "pattern_density",  # weight of window-model phrases per 100 words, >= 0
    "weighted_density",  # both together per 100 words, >= 0
    "mean_content_zipf",  # mean Zipf frequency of content words, about [0, 8]
    "rare_content_share",  # content words under Zipf 3.5, [0, 1]
    "unattested_bigram_share",  # adjacent content-word pairs never seen in clean text, [0, 1]
    "content_share",  # content words of all words, [0, 1]
    "commoner_synonym_share",  # plain content words with a synonym >= COMMONER_SYNONYM_GAP Zipf commoner, [0, 1]
    "commoner_synonym_gap",  # mean Zipf gap to the commonest synonym, >= 0
    "very_rare_share",  # content words under Zipf 2.5, [0, 1]
    "strong_synonym_share",  # plain content words with a synonym >= 2 Zipf commoner, [0, 1]
    "top_decile_synonym_gap",  # mean synonym gap of the top tenth of words, >= 0
    "rare_word_synonym_gap",  # synonym gap summed over words under Zipf 4.5, per plain word, >= 0
    "rare_with_commoner_share",  # plain words under Zipf 4 with a commoner synonym, [0, 1]
)

#: A content word "has a commoner synonym" when a WordNet lemma sharing one
#: of its synsets is at least this much more frequent (Zipf). Spinners
#: replace common words with rarer thesaurus entries, so spun text has more
#: such words than the text it was made from.
COMMONER_SYNONYM_GAP = 1.0


@functools.lru_cache(maxsize=200_000)
def _commoner_synonym_gap(word: str) -> float:
    """Zipf gap between ``word`` and its most frequent one-word WordNet
    synonym (>= 0; plurals compared with plurals)."""
    own = fast_zipf(word)
    # (synonyms() are sorted by fast_zipf, commonest first: the first is the most frequent)
    best = synonyms(word)
    return max(0.0, (fast_zipf(best[0]) if best else own) - own)


def evidence_words(doc: Any, repeated: frozenset[int] | None = None) -> int:
    """Word tokens of ``doc`` outside repeated sentences
    (:func:`~spindetect.scanning.surroundings.repeated_sentence_tokens`), >= 1: the length the text's evidence
    is weighed over, and what ``scan``'s label threshold is looked up by. ``repeated``: those
    sentences' tokens, if the caller has them."""
    if repeated is None:
        repeated = repeated_sentence_tokens(doc)
    if not repeated:
        return max(sum(doc.words), 1)
    return max(sum(w for i, w in enumerate(doc.words) if i not in repeated), 1)


def text_features(doc: Any, phrases: Sequence[Any], counts: Any = None) -> dict[str, float]:
    """Source-free features of one tokenised text and its suspect phrases
    (:class:`~spindetect.scanning.report.SuspectPhrase`-like: ``tokens``,
    ``kind``, ``weight``), by :data:`TEXT_FEATURE_NAMES` plus ``log_words``
    (ln of :func:`evidence_words`); sentences that repeat an earlier one are
    left out (see the module docstring)."""
    zipf = fast_zipf
    repeated = repeated_sentence_tokens(doc)
    words = evidence_words(doc, repeated)
    is_content, forms = doc.content, doc.forms
    kept = range(len(forms)) if not repeated else [i for i in range(len(forms)) if i not in repeated]
    content = [forms[i] for i in kept if is_content[i]]
    zipfs = list(map(zipf, content))
    counts = counts if counts is not None else default_phrases()
    bigrams = unattested = 0
    count = counts.lookup()
    for a, b in doc.sentences:
        if a in repeated:
            continue
        for i in range(a, b - 1):
            if is_content[i] and is_content[i + 1]:
                bigrams += 1
                unattested += count((forms[i], forms[i + 1]), 0) == 0
    # Lower-case content words only: capitalised ones are mostly names (in text
    # written in capitals a word's case is unknown: it counts as lower case).
    if doc.capitals:
        plain = [forms[i] for i in kept if is_content[i] and forms[i].isalpha() and doc.capitalised(i) is not True]
    else:  # (Document.capitalised without a stretch in capitals, inline: one call less per word)
        text, starts = doc.text, doc.starts
        plain = [forms[i] for i in kept if is_content[i] and forms[i].isalpha() and not text[starts[i]].isupper()]
    gaps = list(map(_commoner_synonym_gap, plain))
    plain_zipf = list(map(zipf, plain))
    n_plain = max(len(gaps), 1)
    top = sorted(gaps)[-max(1, len(gaps) // 10) :] if gaps else [0.0]
    counted = [p for p in phrases if p.tokens[0] not in repeated]
    lex = sum(p.weight for p in counted if p.kind == "lexicon")
    pat = sum(p.weight for p in counted if p.kind == "pattern")
    return {
        "log_words": math.log(words),
        "lexicon_density": 100.0 * lex / words,
        "pattern_density": 100.0 * pat / words,
        "weighted_density": 100.0 * (lex + pat) / words,
        "mean_content_zipf": sum(zipfs) / len(zipfs) if zipfs else 0.0,
        "rare_content_share": sum(z < 3.5 for z in zipfs) / len(zipfs) if zipfs else 0.0,
        "unattested_bigram_share": unattested / bigrams if bigrams else 0.0,
        "content_share": len(content) / words,
        "commoner_synonym_share": sum(g >= COMMONER_SYNONYM_GAP for g in gaps) / len(gaps) if gaps else 0.0,
        "commoner_synonym_gap": sum(gaps) / len(gaps) if gaps else 0.0,
        "very_rare_share": sum(z < 2.5 for z in zipfs) / len(zipfs) if zipfs else 0.0,
        # The tail matters most: a spinner leaves a few words with a much
        # commoner synonym (test ROC-AUC of the top-decile gap alone: 0.875).
        "strong_synonym_share": sum(g >= 2.0 for g in gaps) / n_plain,
        "top_decile_synonym_gap": sum(top) / len(top),
        "rare_word_synonym_gap": sum(g for g, z in zip(gaps, plain_zipf) if z < 4.5) / n_plain,
        "rare_with_commoner_share": sum(1 for g, z in zip(gaps, plain_zipf) if g >= COMMONER_SYNONYM_GAP and z < 4.0)
        / n_plain,
    }
