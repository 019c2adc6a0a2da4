"""Learning lexicon entries from aligned (source, spun) pairs: the step
above the lexicon, which is plain data (:mod:`spindetect.resources.lexicon`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from ..resources.lexicon import Lexicon
from ..text import prepare
from .align import align
from .swaps import find_swaps

__all__ = ["learn_lexicon"]


def learn_lexicon(
    pairs: Iterable[tuple[str, str]],
    *,
    min_count: int = 1,
    min_oddness: float = 0.0,
    name: str = "learned",
) -> Lexicon:
    """Learn a :class:`~spindetect.Lexicon` from ``(source, spun)`` text pairs.

    Each pair is aligned as :func:`spindetect.score` aligns it (the first
    text is taken as the source); every content swap seen at least
    ``min_count`` times with mean oddness at least ``min_oddness`` becomes an
    entry whose weight is that mean oddness.

    Raises:
        TypeError: ``pairs`` is not an iterable of pairs (None, a str, a
            mapping...), an item is not a pair of texts, or ``name`` is not a str.
        ValueError: a text is unusable (see :func:`spindetect.text.check_text`),
            ``min_count`` < 1, ``min_oddness`` outside [0, 1] (or NaN), or
            ``name`` cannot be written in a lexicon file (a line break...).
    """
    if pairs is None or isinstance(pairs, (str, bytes, bytearray, Mapping)) or not isinstance(pairs, Iterable):
        got = "None" if pairs is None else f"{type(pairs).__name__} {pairs!r:.60}"
        hint = "; for a mapping of source to spun text, pass its .items()" if isinstance(pairs, Mapping) else ""
        raise TypeError(
            f"learn_lexicon() needs (source, spun) pairs of texts, e.g. [(source_text, spun_text), ...], not {got}{hint}"
        )
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count must be a whole number >= 1, got {min_count!r}")
    if isinstance(min_oddness, bool) or not isinstance(min_oddness, (int, float)) or not 0.0 <= min_oddness <= 1.0:
        raise ValueError(f"min_oddness must be a number in [0, 1], got {min_oddness!r}")
    Lexicon(name=name)  # refuses a name a lexicon file cannot hold, before any work
    counts: Counter[tuple[str, str]] = Counter()
    odd_sum: dict[tuple[str, str], float] = defaultdict(float)
    n_pairs = 0
    for item in pairs:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise TypeError(f"learn_lexicon() takes (source, spun) pairs of texts, got {item!r:.80}")
        source, spun = item
        al = align(prepare(source, name="source"), prepare(spun, name="spun"))
        n_pairs += 1
        for s in find_swaps(al):
            if not s.content or s.original.lower() == s.replacement.lower():
                continue
            # one space for any run of whitespace (a swap may span a line
            # break): matching ignores it, and a lexicon line cannot hold it
            k = (" ".join(s.replacement.split()), " ".join(s.original.split()))
            counts[k] += 1
            odd_sum[k] += s.oddness
    lex = Lexicon(name=name, meta={"learned_from_pairs": str(n_pairs)})
    for (spun_phrase, original), n in sorted(counts.items()):
        mean = odd_sum[(spun_phrase, original)] / n
        if n >= min_count and mean >= min_oddness and mean > 0:
            lex.add(
                spun_phrase,
                original,
                weight=min(1.0, mean),
                source="learned",
                evidence=f"seen {n}x in {n_pairs} aligned pairs",
            )
    return lex
