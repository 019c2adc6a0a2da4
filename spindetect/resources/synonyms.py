"""One-word WordNet synonyms, commonest first (from the compiled WordNet graph)."""

from __future__ import annotations

import functools

from .wordnet_graph import get_graph
from .words import fast_zipf

__all__ = ["MAX_SYNONYMS", "synonyms"]


MAX_SYNONYMS = 12


@functools.lru_cache(maxsize=100_000)
def synonyms(word: str) -> tuple[str, ...]:
    """One-word WordNet synonyms of ``word``, commonest first, in the word's
    own inflection for plain plurals ("networks" -> "webs")."""
    if not word.isalpha() or len(word) < 3:
        return ()
    g = get_graph()
    bases = g.morphy(word, "n") if word.endswith("s") else ()
    plural = bool(bases) and bases[0] != word and word == bases[0] + "s"
    names: dict[str, None] = {}
    for name in g.lemma_names(word):
        if "_" in name or "-" in name or not name.isalpha():
            continue
        name = name.lower()
        if plural:
            name += "s"
        if name != word and name not in names:
            names[name] = None
    return tuple(sorted(names, key=lambda w: -fast_zipf(w))[:MAX_SYNONYMS])
