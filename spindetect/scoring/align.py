"""Alignment: pair sentences, then align tokens inside each pair into chunks.

Two stages, both near-linear in the size of the texts:

1. **Sentence pairing.** Each suspect sentence is matched to source sentences
   that share its informative tokens: content words and word bigrams, the
   parts a spinner leaves intact (names, numbers, rare words, function-word
   patterns). An inverted index proposes a few candidates per sentence;
   RapidFuzz's Indel similarity (LCS-based, bit-parallel) on token ids picks
   the best. Posting lists longer than :data:`MAX_POSTING` are skipped, and
   identical sentences are scored once, so a text that repeats one sentence
   ten thousand times costs little more than the sentence itself. Sentences
   may be reordered, dropped or added; a suspect sentence may cover up to
   :data:`MAX_GROUP` consecutive source sentences (merge), and consecutive
   suspect sentences may share one source sentence (split).
2. **Token chunks.** Inside each pair, RapidFuzz's Indel opcodes give the
   longest common subsequence; every gap between two runs of equal tokens
   becomes one chunk: ``substitute`` when both sides have tokens (a
   phrase-level swap such as "military equipment" -> "navy gear"), ``delete``
   or ``insert`` when only one side has.

The result, :class:`Alignment`, can be replayed (:meth:`Alignment.apply`) to
rebuild the suspect's tokens from the source's, and inverted to swap roles.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from rapidfuzz.distance import Indel

from ..text import Document

__all__ = [
    "MAX_GROUP",
    "MAX_POSTING",
    "PAIR_MIN_SIMILARITY",
    "Alignment",
    "Chunk",
    "SentencePair",
    "align",
    "balanced_matches",
    "token_chunks",
]

Op = Literal["equal", "substitute", "insert", "delete"]

#: Smallest Indel similarity (2 * LCS / total tokens) for two sentences to be
#: paired. Spun copies of news sentences at 50% substitution score 0.45-0.7;
#: sentences of different articles on the same story rarely pass 0.3 unless
#: they share a quote (seeds 002 vs 004), which *should* pair.
PAIR_MIN_SIMILARITY = 0.35

#: A source sentence already paired more closely elsewhere pairs again only
#: at this similarity or above (repeated sentences, quoted twice).
REUSE_MIN_SIMILARITY = 0.6

#: Merging a neighbouring sentence into a pair must raise its similarity by
#: at least this much (guards against absorbing unrelated neighbours).
MERGE_GAIN = 0.03

#: Most sentences on one side of a pair (merges and splits).
MAX_GROUP = 3

#: Candidate source sentences checked exactly per suspect sentence.
CANDIDATES = 6

#: Index keys found in more source sentences than this do not propose
#: candidates (they still count in the exact similarity). Bounds the work per
#: sentence whatever the input.
MAX_POSTING = 50


@dataclass(frozen=True, slots=True)
class Chunk:
    """One aligned stretch of tokens: ``source[src_start:src_end]`` became
    ``suspect[sus_start:sus_end]`` (token indices into each :class:`Document`).
    """

    op: Op
    src_start: int
    src_end: int
    sus_start: int
    sus_end: int

    def __post_init__(self) -> None:
        if not (0 <= self.src_start <= self.src_end and 0 <= self.sus_start <= self.sus_end):
            raise ValueError(f"chunk ranges must be non-negative and ordered: {self!r}")
        n_src, n_sus = self.src_end - self.src_start, self.sus_end - self.sus_start
        expected: Op
        if n_src and n_sus:
            expected = "equal" if self.op == "equal" else "substitute"
            if self.op == "equal" and n_src != n_sus:
                raise ValueError(f"an equal chunk must have the same length on both sides: {self!r}")
        elif n_src:
            expected = "delete"
        elif n_sus:
            expected = "insert"
        else:
            raise ValueError(f"a chunk must cover at least one token: {self!r}")
        if self.op != expected:
            raise ValueError(f"chunk op {self.op!r} does not fit its ranges (expected {expected!r}): {self!r}")

    def inverted(self) -> Chunk:
        """The same chunk seen from the other text."""
        op: Op = {"insert": "delete", "delete": "insert"}.get(self.op, self.op)  # type: ignore[assignment]
        return Chunk(op, self.sus_start, self.sus_end, self.src_start, self.src_end)


@dataclass(frozen=True, slots=True)
class SentencePair:
    """Source sentences ``src`` paired with suspect sentences ``sus``.

    ``src`` and ``sus`` are half-open sentence-index ranges; ``similarity`` is
    RapidFuzz's normalised Indel similarity of their token sequences; ``chunks``
    cover both token ranges completely, in order.
    """

    src: tuple[int, int]
    sus: tuple[int, int]
    similarity: float
    chunks: tuple[Chunk, ...]

    def inverted(self) -> SentencePair:
        return SentencePair(self.sus, self.src, self.similarity, tuple(c.inverted() for c in self.chunks))


@dataclass(frozen=True, eq=False)
class Alignment:
    """Sentence pairs and token chunks between ``source`` and ``suspect``."""

    source: Document
    suspect: Document
    pairs: tuple[SentencePair, ...]

    def __repr__(self) -> str:
        return (
            f"Alignment({len(self.pairs)} pairs, source {len(self.source.sentences)} sentences, "
            f"suspect {len(self.suspect.sentences)} sentences)"
        )

    def inverted(self) -> Alignment:
        """The alignment with source and suspect swapped."""
        pairs = sorted((p.inverted() for p in self.pairs), key=lambda p: p.sus)
        return Alignment(self.suspect, self.source, tuple(pairs))

    def chunks(self) -> Iterator[Chunk]:
        for pair in self.pairs:
            yield from pair.chunks

    def aligned_sentences(self) -> tuple[set[int], set[int]]:
        """Indices of source and suspect sentences that are in some pair."""
        src: set[int] = set()
        sus: set[int] = set()
        for p in self.pairs:
            src.update(range(*p.src))
            sus.update(range(*p.sus))
        return src, sus

    def apply(self) -> list[str]:
        """Rebuild the suspect's token forms from the source and the chunks.

        Equal chunks take their tokens from the source, every other chunk and
        every unpaired suspect sentence from the suspect; the result equals
        ``suspect.forms`` when the alignment is sound (a property the tests
        check on random inputs).
        """
        src, sus = self.source.forms, self.suspect.forms
        out: list[str] = []
        by_start = {p.sus[0]: p for p in self.pairs}
        i, n = 0, len(self.suspect.sentences)
        while i < n:
            pair = by_start.get(i)
            if pair is None:
                a, b = self.suspect.sentences[i]
                out.extend(sus[a:b])
                i += 1
                continue
            for c in pair.chunks:
                if c.op == "equal":
                    out.extend(src[c.src_start : c.src_end])
                else:
                    out.extend(sus[c.sus_start : c.sus_end])
            i = pair.sus[1]
        return out


def _tokens(doc: Document, rng: tuple[int, int]) -> tuple[int, int]:
    """Token range of sentence range ``rng``."""
    return doc.sentences[rng[0]][0], doc.sentences[rng[1] - 1][1]


def token_chunks(
    src_ids: Sequence[int],
    sus_ids: Sequence[int],
    src_offset: int = 0,
    sus_offset: int = 0,
    strong: Container[int] | None = None,
) -> tuple[Chunk, ...]:
    """Chunks between two token-id sequences: LCS, gaps grouped into phrases.

    With ``strong`` (the ids of content words), where several longest common
    subsequences differ only in which function words or punctuation they
    match, the one whose gaps are most alike in length on both sides is
    taken (:func:`balanced_matches`): "evaluate several fairness metrics on a
    large dataset" / "assess a few decency measurements on an enormous
    dataset" pairs "on" with "on", not "a" with "a" (which made "large" ->
    "few decency measurements on an enormous").

    >>> [c.op for c in token_chunks([1, 2, 3, 4], [1, 9, 9, 4])]
    ['equal', 'substitute', 'equal']
    """
    chunks: list[Chunk] = []
    gap: list[int] | None = None  # [src_start, src_end, sus_start, sus_end]
    opcodes = Indel.opcodes(src_ids, sus_ids)
    if strong is not None:
        opcodes = balanced_matches(src_ids, sus_ids, opcodes, strong)
    for op in opcodes:
        if op.tag == "equal":
            if gap is not None:
                chunks.append(_gap_chunk(*gap))
                gap = None
            chunks.append(
                Chunk(
                    "equal",
                    op.src_start + src_offset,
                    op.src_end + src_offset,
                    op.dest_start + sus_offset,
                    op.dest_end + sus_offset,
                )
            )
        elif gap is None:
            gap = [
                op.src_start + src_offset,
                op.src_end + src_offset,
                op.dest_start + sus_offset,
                op.dest_end + sus_offset,
            ]
        else:
            gap[1] = op.src_end + src_offset
            gap[3] = op.dest_end + sus_offset
    if gap is not None:
        chunks.append(_gap_chunk(*gap))
    return tuple(chunks)


class _Op(NamedTuple):
    """An opcode as RapidFuzz gives it (the fields token_chunks reads)."""

    tag: str
    src_start: int
    src_end: int
    dest_start: int
    dest_end: int


#: Longest stretch (tokens, each side) between two content-word anchors that
#: :func:`balanced_matches` re-aligns; longer ones keep RapidFuzz's matches
#: (the search is quadratic in the matches inside a stretch).
BALANCE_MAX_TOKENS = 40


def balanced_matches(
    src_ids: Sequence[int], sus_ids: Sequence[int], opcodes: Iterable[Any], strong: Container[int]
) -> list[Any]:
    """``opcodes`` with the function-word matches between content-word
    anchors re-chosen: among the alignments with the most matches in each
    stretch, the one with the least total length difference between the two
    sides of its gaps (ties: RapidFuzz's own where it is one of them, else
    the earliest). Equal runs holding a content word stay as they are."""
    ops = list(opcodes)
    out: list[Any] = []
    i = 0
    while i < len(ops):
        op = ops[i]
        if op.tag == "equal" and any(src_ids[t] in strong for t in range(op.src_start, op.src_end)):
            out.append(op)
            i += 1
            continue
        j = i
        while j < len(ops) and not (
            ops[j].tag == "equal" and any(src_ids[t] in strong for t in range(ops[j].src_start, ops[j].src_end))
        ):
            j += 1
        stretch = ops[i:j]
        a, b = stretch[0].src_start, stretch[-1].src_end
        c, d = stretch[0].dest_start, stretch[-1].dest_end
        if any(o.tag == "equal" for o in stretch) and b - a <= BALANCE_MAX_TOKENS and d - c <= BALANCE_MAX_TOKENS:
            out.extend(_rebalanced(src_ids, sus_ids, a, b, c, d, stretch))
        else:
            out.extend(stretch)
        i = j
    return out


def _matched(stretch: Sequence[Any]) -> list[tuple[int, int]]:
    return [
        (o.src_start + k, o.dest_start + k) for o in stretch if o.tag == "equal" for k in range(o.src_end - o.src_start)
    ]


def _rebalanced(
    src_ids: Sequence[int], sus_ids: Sequence[int], a: int, b: int, c: int, d: int, stretch: Sequence[Any]
) -> list[Any]:
    """The opcodes of ``src_ids[a:b]`` / ``sus_ids[c:d]`` re-aligned (see
    :func:`balanced_matches`); ``stretch`` when nothing better is found."""
    points = [(x, y) for x in range(a, b) for y in range(c, d) if src_ids[x] == sus_ids[y]]
    if len(points) > BALANCE_MAX_TOKENS * 2:
        return list(stretch)
    # best[k] = (matches, -imbalance) of the best chain ending with points[k]
    best: list[tuple[int, int]] = []
    back: list[int] = []
    for k, (x, y) in enumerate(points):
        score, prev = (1, -abs((x - a) - (y - c))), -1
        for m in range(k):
            px, py = points[m]
            if px < x and py < y:
                cand = (best[m][0] + 1, best[m][1] - abs((x - px) - (y - py)))
                if cand > score:
                    score, prev = cand, m
        best.append(score)
        back.append(prev)
    if not points:
        return list(stretch)
    ends = [(best[k][0], best[k][1] - abs((b - x) - (d - y)), -k) for k, (x, y) in enumerate(points)]
    top = max(ends)
    old = _matched(stretch)
    if len(old) > top[0] or (len(old) == top[0] and _imbalance(old, a, b, c, d) <= -top[1]):
        return list(stretch)
    chain, k = [], -top[2]
    while k >= 0:
        chain.append(points[k])
        k = back[k]
    chain.reverse()
    ops: list[Any] = []
    px, py = a, c
    for x, y in chain:
        if x > px or y > py:
            ops.append(_Op("replace", px, x, py, y))
        ops.append(_Op("equal", x, x + 1, y, y + 1))
        px, py = x + 1, y + 1
    if b > px or d > py:
        ops.append(_Op("replace", px, b, py, d))
    return ops


def _imbalance(matches: Sequence[tuple[int, int]], a: int, b: int, c: int, d: int) -> int:
    """Total length difference between the sides of the gaps around ``matches``."""
    cost, px, py = 0, a, c
    for x, y in matches:
        cost += abs((x - px) - (y - py))
        px, py = x + 1, y + 1
    return cost + abs((b - px) - (d - py))


def _gap_chunk(a: int, b: int, c: int, d: int) -> Chunk:
    op: Op = "substitute" if (b > a and d > c) else ("delete" if b > a else "insert")
    return Chunk(op, a, b, c, d)


class _Side:
    """Sentences of one document as token-id tuples, deduplicated."""

    def __init__(self, doc: Document, vocab: dict[str, int]) -> None:
        ids = [vocab.setdefault(f, len(vocab)) for f in doc.forms]
        self.doc = doc
        self.ids = ids
        self.sent_key: list[int] = []  # sentence -> unique id
        self.unique: list[tuple[int, ...]] = []
        self.unique_content: list[int] = []  # how many content tokens
        seen: dict[tuple[int, ...], int] = {}
        self.by_tokens = seen  # token-id tuple -> unique id
        for a, b in doc.sentences:
            key = tuple(ids[a:b])
            uid = seen.get(key)
            if uid is None:
                uid = seen[key] = len(self.unique)
                self.unique.append(key)
                self.unique_content.append(sum(doc.content[a:b]))
            self.sent_key.append(uid)

    def range_ids(self, rng: tuple[int, int]) -> list[int]:
        a, b = _tokens(self.doc, rng)
        return self.ids[a:b]


def _keys(doc: Document, ids: list[int], a: int, b: int) -> set[object]:
    keys: set[object] = set()
    words, content = doc.words, doc.content
    prev = -1
    for t in range(a, b):
        if not words[t]:
            prev = -1
            continue
        if content[t]:
            keys.add(ids[t])
        if prev >= 0:
            keys.add((prev, ids[t]))
        prev = ids[t]
    return keys


def align(source: Document, suspect: Document) -> Alignment:
    """Align ``suspect`` to ``source``: sentence pairs with token chunks."""
    vocab: dict[str, int] = {}
    src = _Side(source, vocab)
    sus = _Side(suspect, vocab)

    # Inverted index over unique source sentences.
    first_sent: dict[int, int] = {}
    for s, uid in enumerate(src.sent_key):
        first_sent.setdefault(uid, s)
    postings: dict[object, list[int]] = defaultdict(list)
    for uid in range(len(src.unique)):
        a, b = source.sentences[first_sent[uid]]
        for key in _keys(source, src.ids, a, b):
            postings[key].append(uid)
    n_src = len(src.unique)
    weights = {k: math.log(1.0 + n_src / len(v)) for k, v in postings.items() if len(v) <= MAX_POSTING}

    sim_cache: dict[tuple[object, object], float] = {}

    def sim_ranges(sus_rng: tuple[int, int], src_rng: tuple[int, int]) -> float:
        k = (_range_key(sus, sus_rng), _range_key(src, src_rng))
        v = sim_cache.get(k)
        if v is None:
            v = sim_cache[k] = Indel.normalized_similarity(src.range_ids(src_rng), sus.range_ids(sus_rng))
        return v

    # Best source sentence per unique suspect sentence.
    best_for_unique: list[tuple[int, float] | None] = []
    first_sus: dict[int, int] = {}
    for s, uid in enumerate(sus.sent_key):
        first_sus.setdefault(uid, s)
    for uid in range(len(sus.unique)):
        same = src.by_tokens.get(sus.unique[uid])
        if same is not None:
            # The very sentence occurs in the source: no search needed, and it
            # pairs even when it has no index keys ('The " the.').
            best_for_unique.append((same, 1.0))
            continue
        s = first_sus[uid]
        a, b = suspect.sentences[s]
        scores: dict[int, float] = defaultdict(float)
        for key in _keys(suspect, sus.ids, a, b):
            w = weights.get(key)
            if w is not None:
                for cand in postings[key]:
                    scores[cand] += w
        best: tuple[int, float] | None = None
        for cand in heapq.nlargest(CANDIDATES, scores, key=scores.__getitem__):
            j = first_sent[cand]
            sim = sim_ranges((s, s + 1), (j, j + 1))
            if best is None or sim > best[1]:
                best = (cand, sim)
        best_for_unique.append(best if best is not None and best[1] >= PAIR_MIN_SIMILARITY * 0.5 else None)

    n_sus_sent = len(suspect.sentences)
    n_src_sent = len(source.sentences)
    # Where a sentence occurs several times in the source, successive suspect
    # sentences that match it take successive occurrences.
    occurrences: dict[int, list[int]] = defaultdict(list)
    for j, uid in enumerate(src.sent_key):
        occurrences[uid].append(j)
    used: dict[int, int] = defaultdict(int)

    # Start from 1-1 links, then grow each into a group.
    groups: list[tuple[tuple[int, int], tuple[int, int], float]] = []
    i = 0
    while i < n_sus_sent:
        link = best_for_unique[sus.sent_key[i]]
        if link is None:
            i += 1
            continue
        src_uid, sim = link
        places = occurrences[src_uid]
        j = places[used[src_uid] % len(places)]
        used[src_uid] += 1
        sus_rng, src_rng = (i, i + 1), (j, j + 1)
        # Merge: the suspect sentence covers neighbouring source sentences.
        improved = True
        while improved and src_rng[1] - src_rng[0] < MAX_GROUP:
            improved = False
            for cand in ((src_rng[0] - 1, src_rng[1]), (src_rng[0], src_rng[1] + 1)):
                if cand[0] < 0 or cand[1] > n_src_sent:
                    continue
                s2 = sim_ranges(sus_rng, cand)
                if s2 >= sim + MERGE_GAIN:
                    src_rng, sim, improved = cand, s2, True
                    break
        # Split: following suspect sentences continue the same source range.
        while sus_rng[1] < n_sus_sent and sus_rng[1] - sus_rng[0] < MAX_GROUP:
            nxt = (sus_rng[0], sus_rng[1] + 1)
            nlink = best_for_unique[sus.sent_key[sus_rng[1]]]
            if nlink is not None and not any(src_rng[0] <= j2 < src_rng[1] for j2 in occurrences[nlink[0]][:MAX_GROUP]):
                break  # the next sentence has a source sentence of its own
            s2 = sim_ranges(nxt, src_rng)
            if s2 >= sim + MERGE_GAIN:
                sus_rng, sim = nxt, s2
            else:
                break
        if sim >= PAIR_MIN_SIMILARITY:
            groups.append((src_rng, sus_rng, sim))
        i = sus_rng[1]

    # A source sentence used by several pairs keeps the best one; the others
    # stay only if they are close copies (a repeated sentence), not a weak
    # second match of a sentence that already has its partner.
    best_use: dict[int, float] = {}
    for src_rng, _, sim in groups:
        for j in range(*src_rng):
            best_use[j] = max(best_use.get(j, 0.0), sim)
    groups = [g for g in groups if g[2] >= REUSE_MIN_SIMILARITY or all(best_use[j] <= g[2] for j in range(*g[0]))]

    pairs: list[SentencePair] = []
    chunk_cache: dict[tuple[object, object], tuple[Chunk, ...]] = {}
    strong = {i for side in (src, sus) for i, c in zip(side.ids, side.doc.content) if c}
    for src_rng, sus_rng, sim in groups:
        ta, tb = _tokens(source, src_rng)
        ua, ub = _tokens(suspect, sus_rng)
        key = (_range_key(src, src_rng), _range_key(sus, sus_rng))
        base = chunk_cache.get(key)
        if base is None:
            base = chunk_cache[key] = token_chunks(src.ids[ta:tb], sus.ids[ua:ub], strong=strong)
        chunks = tuple(Chunk(c.op, c.src_start + ta, c.src_end + ta, c.sus_start + ua, c.sus_end + ua) for c in base)
        pairs.append(SentencePair(src_rng, sus_rng, sim, chunks))
    return Alignment(source, suspect, tuple(pairs))


def _range_key(side: _Side, rng: tuple[int, int]) -> object:
    if rng[1] - rng[0] == 1:
        return side.sent_key[rng[0]]
    return tuple(side.sent_key[rng[0] : rng[1]])
