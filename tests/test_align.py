"""Alignment: fast aligner against a slow reference, replay, structure."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spindetect.scoring.align import Chunk, _gap_chunk, align, token_chunks
from spindetect.text import prepare

tokens = st.lists(st.integers(min_value=0, max_value=6), max_size=30)


def reference_chunks(src_ids: Sequence[int], sus_ids: Sequence[int]) -> tuple[Chunk, ...]:
    """Slow, obviously correct reference for :func:`token_chunks`.

    Plain O(n*m) dynamic programming for the longest common subsequence, then
    the same grouping of gaps. Used by the tests to check the fast aligner;
    LCS ties may be broken differently, so compare LCS lengths and validity,
    not chunk boundaries.
    """
    n, m = len(src_ids), len(sus_ids)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, nxt = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = nxt[j + 1] + 1 if src_ids[i] == sus_ids[j] else max(nxt[j], row[j + 1])
    ops: list[tuple[str, int, int]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and src_ids[i] == sus_ids[j] and table[i][j] == table[i + 1][j + 1] + 1:
            ops.append(("equal", i, j))
            i += 1
            j += 1
        elif i < n and (j == m or table[i + 1][j] >= table[i][j + 1]):
            ops.append(("delete", i, j))
            i += 1
        else:
            ops.append(("insert", i, j))
            j += 1
    chunks: list[Chunk] = []
    k = 0
    while k < len(ops):
        tag, i0, j0 = ops[k]
        equal = tag == "equal"
        k2 = k
        while k2 < len(ops) and (ops[k2][0] == "equal") == equal:
            k2 += 1
        i1 = ops[k2][1] if k2 < len(ops) else n
        j1 = ops[k2][2] if k2 < len(ops) else m
        chunks.append(Chunk("equal", i0, i1, j0, j1) if equal else _gap_chunk(i0, i1, j0, j1))
        k = k2
    return tuple(chunks)


def _lcs(chunks):
    return sum(c.src_end - c.src_start for c in chunks if c.op == "equal")


def _check_cover(chunks, n, m):
    i = j = 0
    for c in chunks:
        assert (c.src_start, c.sus_start) == (i, j)
        i, j = c.src_end, c.sus_end
    assert (i, j) == (n, m)
    # No two gap chunks in a row: every gap is one phrase.
    for x, y in zip(chunks, chunks[1:]):
        assert x.op == "equal" or y.op == "equal"


@given(tokens, tokens)
@settings(max_examples=300, deadline=None)
def test_fast_chunks_match_reference_lcs(a, b):
    fast = token_chunks(a, b)
    slow = reference_chunks(a, b)
    _check_cover(fast, len(a), len(b))
    _check_cover(slow, len(a), len(b))
    assert _lcs(fast) == _lcs(slow)
    for c in fast:
        if c.op == "equal":
            assert a[c.src_start : c.src_end] == b[c.sus_start : c.sus_end]


@given(tokens, tokens)
@settings(max_examples=200, deadline=None)
def test_replaying_chunks_rebuilds_the_suspect(a, b):
    out = []
    for c in token_chunks(a, b):
        out.extend(a[c.src_start : c.src_end] if c.op == "equal" else b[c.sus_start : c.sus_end])
    assert out == b


def test_chunk_validation_messages():
    with pytest.raises(ValueError, match="does not fit"):
        Chunk("equal", 0, 1, 0, 0)
    with pytest.raises(ValueError, match="same length"):
        Chunk("equal", 0, 1, 0, 2)
    with pytest.raises(ValueError, match="at least one token"):
        Chunk("insert", 0, 0, 0, 0)
    with pytest.raises(ValueError, match="non-negative"):
        Chunk("delete", 2, 1, 0, 0)
    assert Chunk("substitute", 0, 1, 0, 3).inverted() == Chunk("substitute", 0, 3, 0, 1)
    assert Chunk("insert", 0, 0, 0, 3).inverted().op == "delete"


WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
).split()


def _sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _spin(rng: random.Random, sentence: str, rate: float) -> str:
    words = sentence[:-1].split()
    return " ".join(w + "x" if rng.random() < rate else w for w in words) + "."


def reference_pairs(source: list[str], suspect: list[str], threshold: float) -> dict[int, int]:
    """Slow reference for sentence pairing: every suspect sentence against
    every source sentence, best by Indel similarity."""
    from rapidfuzz.distance import Indel

    out = {}
    for i, s in enumerate(suspect):
        sims = [Indel.normalized_similarity(t.lower().split(), s.lower().split()) for t in source]
        j = max(range(len(source)), key=sims.__getitem__)
        if sims[j] >= threshold + 0.15:
            out[i] = j
    return out


@pytest.mark.parametrize("seed", range(8))
def test_sentence_pairing_matches_brute_force(seed):
    rng = random.Random(seed)
    source = [_sentence(rng, rng.randint(8, 20)) for _ in range(30)]
    order = list(range(30))
    rng.shuffle(order)
    keep = order[:22]  # drop some, reorder the rest
    suspect = [_spin(rng, source[j], 0.3) for j in keep] + [_sentence(rng) for _ in range(4)]
    rng.shuffle(suspect)
    al = align(prepare(" ".join(source)), prepare(" ".join(suspect)))
    got = {p.sus[0]: p.src[0] for p in al.pairs if p.sus[1] - p.sus[0] == 1 and p.src[1] - p.src[0] == 1}
    expected = reference_pairs(source, suspect, 0.35)
    for i, j in expected.items():
        assert got.get(i) == j, (i, j, suspect[i], source[j])
    assert al.apply() == list(al.suspect.forms)


def test_split_and_merge():
    source = prepare(
        "The committee approved the budget after a long debate on Tuesday night. "
        "Officials said the plan would cut costs by a third over five years."
    )
    # One suspect sentence merges both source sentences.
    merged = prepare(
        "The committee endorsed the budget after a lengthy debate on Tuesday night and "
        "officers stated the plan would cut prices by a third over five years."
    )
    al = align(source, merged)
    assert [(p.src, p.sus) for p in al.pairs] == [((0, 2), (0, 1))]
    # The other way round: two suspect sentences split one source sentence.
    al2 = align(merged, source)
    assert [(p.src, p.sus) for p in al2.pairs] == [((0, 1), (0, 2))]
    assert al2.apply() == list(source.forms)


def test_inverted_alignment_round_trips():
    a = prepare("The firm said the talks failed. Nothing else happened here today.")
    b = prepare("Nothing else happened here today. The agency stated the talks failed.")
    al = align(a, b)
    inv = al.inverted()
    assert inv.source is b and inv.suspect is a
    assert inv.apply() == list(a.forms)
    assert inv.inverted().apply() == list(b.forms)


def test_repeated_sentence_does_not_blow_up():
    sentence = "The minister said the agreement would hold for another year. "
    doc = prepare(sentence * 10_000)
    source = prepare("Yesterday the minister said the agreement would hold for another year.")
    al = align(source, doc)
    assert len(al.pairs) == 10_000
    assert al.apply() == list(doc.forms)
