"""One-word WordNet synonyms, commonest first (from the compiled WordNet graph)."""

from __future__ import annotations

import functools

from .wordnet_graph import get_graph
from .words import fast_zipf

__all__ = ["MAX_SYNONYMS", "synonyms"]


MAX_SYNONYMS = 12


@functools.cache
def _one_word_names(sid: int) -> dict[str, float]:
    """The lemma names of synset ``sid`` that are one plain word, lower case,
    each once in the synset's order (first occurrence), with its
    :func:`~spindetect.resources.words.fast_zipf`. Kept per synset (WordNet
    3.0 has 117,659): the synsets of new words are mostly synsets seen
    before. (A dict of strings and floats is no work for the garbage
    collector, and a word's names are gathered with ``dict.update``, in C.)"""
    out: dict[str, float] = {}
    for name in get_graph().lemmas(sid):
        if "_" not in name and "-" not in name and name.isalpha():
            name = name.lower()
            if name not in out:
                out[name] = fast_zipf(name)
    return out


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
    # (dict.update keeps a name where it was first put, and its value is the
    # same Zipf value each time)
    names: dict[str, float] = {}
    for sid in g.synsets(word):
        names.update(_one_word_names(sid))
    if plural:
        names = {name + "s": 0.0 for name in names}
        for name in names:
            names[name] = fast_zipf(name)
    names.pop(word, None)
    # commonest first; a stable sort, reversed, keeps ties in their order
    return tuple(sorted(names, key=names.__getitem__, reverse=True)[:MAX_SYNONYMS])
