"""Text layer: normalisation keeps offsets, tokens point into the original."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spindetect.text import MAX_SENTENCE_TOKENS, check_text, normalize, normalize_with_offsets, prepare


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u201cquoted\u201d", '"quoted"'),
        ("it\u2019s", "it's"),
        ("a\u2014b\u2013c", "a-b-c"),
        ("non\u00a0breaking", "non breaking"),
        ("zero\u200bwidth", "zerowidth"),
        ("Secretary\u2011General", "Secretary-General"),
        ("caf\u00e9", "caf\u00e9"),
    ],
    ids=["curly-double", "curly-single", "dashes", "nbsp", "zero-width", "nb-hyphen", "accents-kept"],
)
def test_normalize_folds(raw, expected):
    assert normalize(raw) == expected


def test_normalize_strips_html_keeping_offsets():
    raw = "<html><head><script>var x = 1;</script></head><body><p>Hello &amp; welcome.</p></body></html>"
    n = normalize_with_offsets(raw)
    out = n.text
    assert "script" not in out and "var x" not in out
    assert "Hello & welcome." in out  # the entity read as its character, no gap
    at = out.index("welcome")
    assert raw[n.original(at) : n.original(at) + 7] == "welcome"  # offsets still point into the raw text


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_normalize_keeps_offsets(text):
    n = normalize_with_offsets(text)
    assert n.text == normalize(text)
    if n.offsets is None:
        assert len(n.text) == len(text)
    else:
        # one entry per character plus the end, in order, inside the original
        assert len(n.offsets) == len(n.text) + 1 and n.offsets[-1] == len(text)
        assert all(0 <= a <= b for a, b in zip(n.offsets, n.offsets[1:]))


def test_tokens_point_into_original():
    text = "\u201cThere is no change,\u201d Blinken said.\nNATO\u2019s Secretary\u2011General agreed."
    doc = prepare(text)
    for start, end, form in zip(doc.starts, doc.ends, doc.forms):
        assert normalize(text[start:end]).lower() == form
    assert [doc.sentence_text(i) for i in range(len(doc.sentences))] == [
        "\u201cThere is no change,\u201d Blinken said.",
        "NATO\u2019s Secretary\u2011General agreed.",
    ]


def test_lines_end_sentences_but_wrapped_lines_do_not():
    text = (
        "US offers no concessions\n20220127\nWASHINGTON -- The talks failed.\n"
        "We study the problem of learning representations with deep\nnetworks and show that it works."
    )
    doc = prepare(text)
    sents = [doc.sentence_text(i) for i in range(len(doc.sentences))]
    assert sents[:3] == ["US offers no concessions", "20220127", "WASHINGTON -- The talks failed."]
    assert sents[3].startswith("We study") and sents[3].endswith("it works.")


def test_long_sentences_are_windowed():
    doc = prepare(" ".join(["word"] * 1000))
    assert all(b - a <= MAX_SENTENCE_TOKENS for a, b in doc.sentences)
    assert doc.sentences[0][0] == 0 and doc.sentences[-1][1] == len(doc)


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (None, TypeError, "must be str, not NoneType"),
        (b"bytes", TypeError, "decode it first"),
        (42, TypeError, "must be str, not int"),
        (["a"], TypeError, "must be str, not list"),
        ("", ValueError, "empty"),
        ("  \n\t ", ValueError, "empty"),
        ("\x00\x01\x02\x03 binary \x04\x05", ValueError, "binary"),
        ("12345 67890 !!!", ValueError, "no letters"),
    ],
    ids=["none", "bytes", "int", "list", "empty", "whitespace", "binary", "no-letters"],
)
def test_check_text_rejects(value, error, match):
    with pytest.raises(error, match=match):
        check_text(value)


def test_chunk_cache_gives_spacy_tokens(seeds):
    # Tokenising whitespace chunks one by one (cached) must give exactly the
    # tokens spaCy gives for the whole text.

    from spindetect.text import normalize

    tokenizer = _spacy_tokenizer()
    for text in seeds.values():
        norm = normalize(text)
        expected = [(t.idx, t.lower_) for t in tokenizer(norm) if not t.is_space]
        doc = prepare(text)
        assert list(zip(doc.starts, doc.forms)) == expected


def test_plain_word_fast_path_matches_spacy():
    # _chunk_tokens skips spaCy for plain ASCII words; check that spaCy would
    # have made the same single token (special cases like "cannot" excepted).
    from wordfreq import top_n_list

    from spindetect.text import _chunk_cache, _chunk_tokens

    tokenizer = _spacy_tokenizer()
    words = {v for w in top_n_list("en", 5000) for v in (w, w.capitalize(), w.upper()) if v.isascii() and v.isalpha()}
    words |= {"cannot", "Cannot", "gonna", "wanna", "gimme", "lemme", "dont", "cant", "aint", "whats"}
    for w in sorted(words):
        _chunk_cache.pop(w, None)
        mine = [(a, b, f) for a, b, f, _, _ in _chunk_tokens(w)]
        assert mine == [(t.idx, t.idx + len(t), t.lower_) for t in tokenizer(w)], w


@functools.lru_cache(maxsize=1)
def _spacy_tokenizer():
    # spaCy's English tokenizer as spindetect configures it (its special
    # cases also in upper and title case)
    from spindetect.text import _tokenizer

    return _tokenizer()


def _spacy_chunk(chunk: str) -> list[tuple[int, int, str]]:
    from spindetect.text import _chunk_cache, _chunk_tokens

    _chunk_cache.pop(chunk, None)
    mine = [(a, b, f) for a, b, f, _, _ in _chunk_tokens(chunk)]
    tokenizer = _spacy_tokenizer()
    assert mine == [(t.idx, t.idx + len(t), t.lower_) for t in tokenizer(chunk)], chunk
    return mine


def test_word_with_marks_fast_path_matches_spacy():
    # "(word", "word,", "word." skip spaCy too; spaCy's own exceptions
    # (abbreviations, initials, mixed-case endings before a full stop) must
    # come out as spaCy makes them.
    from spindetect.text import _special_cases

    chunks = ["word,", "(word", '"Word.', "IoT.", "A.", "USA.", "Mr.", "etc.", "cannot,", "(cannot)", "U.S.", "Inc.,"]
    chunks += sorted(_special_cases())[:400]
    for chunk in chunks:
        _spacy_chunk(chunk)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["", "(", '"']),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8),
    st.sampled_from(["", ",", ".", ":", ";", ")", "!", "?", '"']),
)
def test_fast_path_property(prefix, word, suffix):
    _spacy_chunk(prefix + word + suffix)


def _plain_table_lines(text: str) -> list[tuple[int, int]]:
    """table_lines() by its definition, every line counted token by token."""
    import re

    from spindetect.resources.words import stop_words
    from spindetect.text import TABLE_MAX_STOPWORD_SHARE, TABLE_MIN_NUMBER_SHARE

    gap = re.compile(r"(?<=[^\s.!?:;,])(?: {2,}|\t)(?=\S)")
    out = []
    for m in re.finditer(r"[^\n]+", text):
        tokens = m.group().split()
        if len(tokens) < 3:
            continue
        numbers = sum(re.search(r"^-{1,3}$|\d", t) is not None for t in tokens) / len(tokens)
        if numbers < TABLE_MIN_NUMBER_SHARE and len(gap.findall(m.group())) < 2:
            continue
        stop = sum(t.lower().strip(".,;:()\"'") in stop_words() for t in tokens) / len(tokens)
        if stop < TABLE_MAX_STOPWORD_SHARE:
            out.append(m.span())
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [" ", "  ", "\t", "-", "--", "----", "3.24", "1990s", "x-y", "Wheat", "the", "of", ".", "\u00a0"]
            ),
            max_size=12,
        ).map("".join),
        max_size=6,
    ).map("\n".join)
)
def test_table_lines_follow_their_definition(text):
    from spindetect.text import table_lines

    assert table_lines(text) == _plain_table_lines(text)
