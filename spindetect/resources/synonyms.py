"""One-word WordNet synonyms, commonest first (from the compiled WordNet graph)."""

from __future__ import annotations

import functools

from .wordnet_graph import get_graph
from .words import fast_zipf

__all__ = ["MAX_SYNONYMS", "synonyms"]


MAX_SYNONYMS = 12


@functools.cache
def _one_word_names(sid: int) -> tuple[str, ...]:
    """The lemma names of synset ``sid`` that are one plain word, lower case,
    in the synset's order (repeats kept). Kept per synset (WordNet 3.0 has
    117,659): the synsets of new words are mostly synsets seen before."""
    return tuple(
        name.lower() for name in get_graph().lemmas(sid) if "_" not in name and "-" not in name and name.isalpha()
    )


@functools.lru_cache(maxsize=100_000)
def synonyms(word: str) -> tuple[str, ...]:
    """One-word WordNet synonyms of ``word``, commonest first, in the word's
    own inflection for plain plurals ("networks" -> "webs")."""
    if not word.isalpha() or len(word) < 3:
        return ()
    g = get_graph()
    bases = g.morphy(word, "n") if word.endswith("s") else ()
    plural = bool(bases) and bases[0] != word and word == bases[0] + "s"
    # the first occurrence of each lower-case name over the synsets' lemmas in
    # order: the order of the graph's lemma_names(word), filtered and lowered
    names: dict[str, None] = {}
    for sid in g.synsets(word):
        for name in _one_word_names(sid):
            if plural:
                name += "s"
            if name != word and name not in names:
                names[name] = None
    # commonest first; a stable sort, reversed, keeps ties in their order
    return tuple(sorted(names, key=fast_zipf, reverse=True)[:MAX_SYNONYMS])
