"""The benchmark spinners (devtools/spinners.py): what they keep, what they change, how much.

Runs on a bare clone: the parts that need ../shared/data or the Debian
thesaurus packages skip with a reason when those are missing.
"""

from __future__ import annotations

import random
import re
import struct
from pathlib import Path

import pytest
from conftest import ROOT, seed

from devtools import spinners

SHARED_PPS = ROOT.parent / "shared" / "data" / "pps" / "pps_train.tsv"

TRICKY = (
    "Visit https://example.com/deep-learning now, said Dr. Smith's team. COVID-19 hit 3 large countries "
    "in $x^2$ and \\cite{foo}; it isn't two weeks old. The UNITED Nations met e-mail@example.org.\n"
    "  Tabs\tand  double spaces stay;   so do line breaks!"
)


@pytest.fixture(scope="module")
def wordnet():
    return spinners.WordNetSpinner()


@pytest.fixture(scope="module")
def article() -> str:
    return seed("002")


def _rebuild_source(spun: str, swaps: list[dict]) -> str:
    """Undo the swaps, right to left, using their offsets in the spun text."""
    out = spun
    for s in sorted(swaps, key=lambda s: s["start"], reverse=True):
        assert out[s["start"] : s["end"]] == s["replacement"]
        out = out[: s["start"]] + s["original"] + out[s["end"] :]
    return out


# --- tokens -----------------------------------------------------------------


def test_tokenize_protects_numbers_urls_latex_contractions():
    toks = {t.word: t for t in spinners.tokenize(TRICKY)}
    for word in ("example", "com", "learning", "COVID", "x", "cite", "foo", "isn't", "two", "UNITED", "mail", "org"):
        assert toks[word].protected, word
    assert toks["Smith"].tail == "'s" and not toks["Smith"].protected
    assert toks["countries"].content and toks["large"].content
    assert not toks["The"].content and not toks["The"].protected


# --- the WordNet spinner ----------------------------------------------------


@pytest.mark.parametrize("rate", [0.1, 0.3, 0.5])
def test_only_words_change_and_offsets_point_into_both_texts(wordnet, article, rate):
    spun, swaps = wordnet.spin(article, rate, random.Random(7))
    assert swaps and spun != article
    for s in swaps:
        assert spun[s["start"] : s["end"]] == s["replacement"]
        assert article[s["source_start"] : s["source_end"]] == s["original"]
    # undoing the swaps gives the source back byte for byte: punctuation,
    # whitespace, line breaks and every untouched word are intact
    assert _rebuild_source(spun, swaps) == article


def test_punctuation_whitespace_numbers_kept_on_tricky_text(wordnet):
    spun, swaps = wordnet.spin(TRICKY, 0.5, random.Random(3))
    assert _rebuild_source(spun, swaps) == TRICKY
    assert re.findall(r"\d+", spun) == re.findall(r"\d+", TRICKY)
    for kept in ("https://example.com/deep-learning", "COVID-19", "$x^2$", "\\cite{foo}", "isn't two", "UNITED"):
        assert kept in spun
    assert "\t" in spun and "   so" in spun and ".\n  T" in spun


def test_case_is_carried_over(wordnet, article):
    for seed_ in range(5):
        _, swaps = wordnet.spin(article, 0.5, random.Random(seed_))
        for s in swaps:
            if s["original"][:1].isupper():
                assert s["replacement"][:1].isupper(), s
            elif s["kind"] != "function":
                assert s["replacement"] == s["replacement"].lower(), s  # no names for common words


def test_match_case():
    mc = spinners._match_case
    assert mc("Cook", "prepare dinner") == "Prepare dinner"
    assert mc("DEEP", "profound") == "PROFOUND"
    assert mc("Support Vector Machine", "help vector device") == "Help Vector Device"
    assert mc("Secretary of State", "head of the department") == "Head of the Department"
    assert mc("such as", "including") == "including"


def test_realised_rate_close_to_target(wordnet, article):
    for rate in (0.05, 0.1, 0.2, 0.3, 0.5):
        res = wordnet.spin_detailed(article, rate, random.Random(11))
        assert res.n_content > 300
        assert abs(res.realised_rate - rate) <= 0.01, (rate, res.realised_rate)
        assert res.n_replaced == sum(s["content_words"] for s in res.swaps)


def test_deterministic_for_a_seed(wordnet, article):
    a = wordnet.spin(article, 0.3, random.Random(42))
    b = wordnet.spin(article, 0.3, random.Random(42))
    c = wordnet.spin(article, 0.3, random.Random(43))
    assert a == b
    assert a[0] != c[0]


def test_wordnet_spinner_is_context_blind(wordnet):
    # any sense, any part of speech, multi-word lemmas with spaces
    options = {r for _, rs in wordnet.lexicon.entry("cook") for r in rs}
    assert {"fix", "prepare", "falsify"} <= options
    options = {r for _, rs in wordnet.lexicon.entry("said") for r in rs}
    assert {"stated", "told"} <= options  # re-inflected through verb.exc
    assert not any("_" in r for _, rs in wordnet.lexicon.entry("military") for r in rs)
    assert "armed forces" in {r for _, rs in wordnet.lexicon.entry("military") for r in rs}


def test_phrases_before_words(wordnet):
    text = "Troops gathered in Eastern Europe near the United States embassy."
    seen = set()
    for k in range(30):
        _, swaps = wordnet.spin(text, 0.5, random.Random(k))
        seen.update(s["original"] for s in swaps if s["kind"] == "phrase")
    assert "United States" in seen
    assert "States" not in {s["original"] for k in range(30) for s in wordnet.spin(text, 0.5, random.Random(k))[1]}


def test_bad_arguments(wordnet):
    with pytest.raises(ValueError, match="rate"):
        wordnet.spin("text", 1.5, random.Random(0))
    with pytest.raises(TypeError, match="str"):
        wordnet.spin(b"bytes", 0.1, random.Random(0))
    assert wordnet.spin("", 0.3, random.Random(0)) == ("", [])


# --- morphology ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "suffix", "pos", "expected"),
    [
        ("prepare dinner", "ed", "v", "prepared dinner"),
        ("tell", "ed", "v", "told"),
        ("run", "ing", "v", "running"),
        ("make", "ing", "v", "making"),
        ("set", "ed", "v", "set"),
        ("have", "s", "v", "has"),
        ("secretary of state", "s", "n", "secretaries of state"),
        ("navy gear", "s", "n", "navy gears"),
        ("child", "s", "n", "children"),
        ("fit in", "s", None, "fits in"),
        ("toward", "s", None, None),  # not a noun or verb: no "tos"
    ],
)
def test_inflect(wordnet, phrase, suffix, pos, expected):
    assert wordnet.lexicon.morphology.inflect(phrase, suffix, pos) == expected


def test_analyses(wordnet):
    m = wordnet.lexicon.morphology
    assert ("say", "ed") in m.analyses("said")
    assert ("demand", "s") in m.analyses("demands")
    assert ("stop", "ed") in m.analyses("stopped")
    assert ("good", "cmp") in m.analyses("better")
    assert ("toward", "s") not in m.analyses("towards")


# --- tortured phrases -------------------------------------------------------

ROWS = [
    {
        "tortured_phrase": "profound learning",
        "expected_phrase": "deep learning (DL)",
        "n_papers": "900",
        "query_kind": "simple",
    },
    {
        "tortured_phrase": "neural organization",
        "expected_phrase": "neural network",
        "n_papers": "50",
        "query_kind": "simple",
    },
    {"tortured_phrase": "bosom", "expected_phrase": "breast", "n_papers": "10", "query_kind": "and_context"},
    {"tortured_phrase": "x", "expected_phrase": "???", "n_papers": "1", "query_kind": "simple"},
    {"tortured_phrase": "huge information", "expected_phrase": "big data", "n_papers": "5", "query_kind": "proximity"},
]


def test_tortured_phrases_first_with_plural_and_case(wordnet):
    spinner = spinners.TorturedPhraseSpinner(ROWS, wordnet=wordnet)
    text = "Deep learning and neural networks are used."
    spun, swaps = spinner.spin(text, 0.8, random.Random(0))  # 4 of 5 content words: both phrases
    assert spun.startswith("Profound learning and neural organizations are")
    assert [s["lexicon"] for s in swaps if s["kind"] == "phrase"] == ["pps", "pps"]
    assert _rebuild_source(spun, swaps) == text
    # the rest of the rate is filled from WordNet
    res = spinner.spin_detailed("Deep learning models are trained on large datasets of images.", 0.5, random.Random(0))
    assert {s["lexicon"] for s in res.swaps if s["kind"] != "function"} == {"pps", "wordnet"}


def test_tortured_phrase_allowed_expected_and_kinds(wordnet):
    spinner = spinners.TorturedPhraseSpinner(ROWS, allowed_expected=["Neural network"], wordnet=wordnet)
    assert set(spinner.lexicon.table) == {"neural network"}
    spinner = spinners.TorturedPhraseSpinner(ROWS, wordnet=wordnet)
    assert set(spinner.lexicon.table) == {"deep learning", "neural network", "breast"}  # no proximity, no '???'
    assert spinner.matches("Deep learning on breast images with a neural network.") == 3


def test_clean_expected_phrase():
    c = spinners.clean_expected_phrase
    assert c("deep learning (DL)") == "deep learning"
    assert c("rythm pattern (?)") == "rythm pattern"
    assert c("machine learning\xa0(in this context)") == "machine learning"
    assert c("into (reaction) mixture") is None
    assert c("economic development/profit growth") is None
    assert c("???") is None
    assert c("K-nearest neighbors") == "K-nearest neighbors"


def test_pps_split_by_expected_phrase_is_stable():
    rows = [{"expected_phrase": f"phrase {i}"} for i in range(2000)]
    rows += [{"expected_phrase": "Deep learning (DL)"}, {"expected_phrase": "deep learning"}]
    lexicon, held_out = spinners.pps_split(rows, held_out_share=0.3, seed=0)
    assert len(lexicon) + len(held_out) == len(rows)
    assert 0.27 < len(held_out) / len(rows) < 0.33
    parts = {r["expected_phrase"]: ("h" if r in held_out else "l") for r in rows[-2:]}
    assert len(set(parts.values())) == 1  # one expected phrase, one part
    again = spinners.pps_split(list(reversed(rows)), held_out_share=0.3, seed=0)[1]
    assert {r["expected_phrase"] for r in again} == {r["expected_phrase"] for r in held_out}
    other = spinners.pps_split(rows, held_out_share=0.3, seed=1)[1]
    assert {r["expected_phrase"] for r in other} != {r["expected_phrase"] for r in held_out}


@pytest.mark.skipif(not SHARED_PPS.is_file(), reason="needs ../shared/data/pps/pps_train.tsv beside the repository")
def test_real_pps_dictionary(wordnet):
    rows = spinners.load_pps_rows(SHARED_PPS)
    lexicon, held_out = spinners.pps_split(rows)
    assert 0.2 < len(held_out) / len(rows) < 0.4
    spinner = spinners.TorturedPhraseSpinner(rows, wordnet=wordnet)
    spun, swaps = spinner.spin("We train a deep learning model with big data.", 0.3, random.Random(0))
    assert any(s["lexicon"] == "pps" for s in swaps), spun


# --- non-WordNet thesauri ---------------------------------------------------

MYTHES_SAMPLE = """UTF-8
policy|2
(noun)|argumentation (generic term)|line (generic term)
(noun)|insurance policy|insurance|contract (generic term)
demand|2
(noun)|requirement|request (generic term)|supply (antonym)
(verb)|call for|require|ask (generic term)
tony blair|1
(noun)|Blair|Tony Blair|statesman (generic term)
"""


def _write_moby(directory: Path, words: list[str], meanings: list[list[int]]) -> None:
    word_meanings: list[list[int]] = [[] for _ in words]
    for m, ids in enumerate(meanings):
        for w in ids[2:]:
            word_meanings[w].append(m)
    with (directory / "words.dat").open("wb") as fh:
        for w, ms in zip(words, word_meanings):
            fh.write(w.replace(" ", ":").encode("latin-1") + b"\0")
            fh.write(b"".join(struct.pack(">H", m) for m in ms) + b"\xff\xff")
    with (directory / "meanings.dat").open("wb") as fh:
        for ids in meanings:
            fh.write(b"".join(struct.pack(">H", i) for i in ids) + b"\xff\xff")


def test_mythes_format_and_spinner(tmp_path):
    path = tmp_path / "th.dat"
    path.write_text(MYTHES_SAMPLE, encoding="utf-8")
    th = spinners.load_mythes(path)
    assert set(th.entries) == {"policy", "demand", "tony blair"}
    groups = dict((w, rs) for pos, gs in th.entries["demand"] for w, rs in gs if pos == "v")
    assert groups[1.0] == ("call for", "require")
    assert not any("supply" in rs for _, gs in th.entries["demand"] for _, rs in gs)  # antonyms dropped
    assert th.entries["tony blair"][0][1] == ((1.0, ("Blair", "Tony Blair")),)  # names only for a name
    spinner = spinners.ThesaurusSpinner(th)
    assert spinner.name == "thesaurus_mythes"
    text = "Tony Blair demands a new policy."
    outputs = {spinner.spin(text, 1.0, random.Random(k))[0] for k in range(40)}
    assert "Blair calls for a new insurance." in outputs or any(o.startswith("Blair ") for o in outputs)
    assert any("calls for" in o or "requires" in o or "requirements" in o for o in outputs)


def test_moby_format_and_spinner(tmp_path):
    words = ["ask", "call for", "demand", "insist", "policy", "polity", "require"]
    meanings = [[2, 0, 0, 1, 2, 3, 6], [2, 3, 0, 2, 3, 6], [4, 5, 4, 5]]
    _write_moby(tmp_path, words, meanings)
    th = spinners.load_moby(tmp_path)
    assert th.name == "moby" and "call for" in th.entries
    strong, *clusters = th.entries["demand"][0][1]
    assert strong[1] == ("ask", "insist", "require")  # share both clusters with "demand"
    spinner = spinners.ThesaurusSpinner(th)
    spun, swaps = spinner.spin("They demanded a policy.", 1.0, random.Random(1))
    assert {s["original"] for s in swaps} == {"demanded", "policy"}
    assert spun.endswith("polity.") and spun.split()[1] in {"asked", "insisted", "required", "called"}


def test_missing_thesaurus_names_the_package(tmp_path):
    with pytest.raises(spinners.ThesaurusMissingError, match="apt-get install -y mythes-en-us"):
        spinners.load_mythes(tmp_path / "th_en_US_v2.dat")
    with pytest.raises(spinners.ThesaurusMissingError, match="libaiksaurus-1.2-data"):
        spinners.load_moby(tmp_path)
    with pytest.raises(ValueError, match="unknown thesaurus"):
        spinners.ThesaurusSpinner("roget")


@pytest.mark.skipif(
    not spinners.MYTHES_PATH.is_file(), reason="needs Debian's mythes-en-us (apt-get install -y mythes-en-us)"
)
def test_real_mythes_spinner(article):
    spinner = spinners.ThesaurusSpinner("mythes")
    res = spinner.spin_detailed(article, 0.3, random.Random(5))
    assert abs(res.realised_rate - 0.3) <= 0.01
    assert _rebuild_source(res.text, res.swaps) == article


@pytest.mark.skipif(not (spinners.MOBY_DIR / "words.dat").is_file(), reason="needs Debian's libaiksaurus-1.2-data")
def test_real_moby_spinner(article):
    spinner = spinners.ThesaurusSpinner("moby")
    res = spinner.spin_detailed(article, 0.2, random.Random(5))
    assert abs(res.realised_rate - 0.2) <= 0.02
    assert _rebuild_source(res.text, res.swaps) == article


# --- issue 13: spinners like free web tools (devtools/real_spinners.py) ------

from devtools import copy_edits, real_spinners  # noqa: E402


def _thesaurus(name, table):
    """A one-sense-per-list in-memory thesaurus: word -> list of senses (tuples of terms)."""
    return spinners.Thesaurus(
        name, {k: [(None, tuple((1.0, tuple(s)) for s in senses))] for k, senses in table.items()}
    )


@pytest.fixture(scope="module")
def phrase_spinner(wordnet):
    moby = _thesaurus(
        "moby",
        {
            "new": [("virgin",), ("fresh",)],
            "emergency": [("danger",)],
            "department": [("diversify",)],
            "abundant": [("bottomless",), ("ample",), ("rich",)],
        },
    )
    mythes = _thesaurus("mythes", {"planned": [("deliberate",)], "review": [("evaluate",)]})
    return real_spinners.PhraseThesaurusSpinner(wordnet=wordnet.lexicon, mythes=mythes, moby=moby)


def test_phrase_thesaurus_swaps_capitalised_words_and_names(phrase_spinner):
    text = "They flew to New York and went to the Emergency Department."
    seen = {}
    for k in range(60):
        spun, swaps = phrase_spinner.spin(text, 1.0, random.Random(k))
        assert _rebuild_source(spun, swaps) == text
        for s in swaps:
            seen.setdefault(s["original"], set()).add(s["replacement"])
    # the name is broken word by word, capitals kept: "New York" -> "Virgin York"
    assert any(r.endswith(" York") and r != "New York" for r in seen.get("New York", ()))
    assert "Virgin York" in seen["New York"] or "Fresh York" in seen["New York"]
    # capitalised common words are not protected
    assert "Danger" in seen.get("Emergency", set()) | {r.split()[0] for r in seen.get("Emergency Department", ())}


def test_phrase_thesaurus_multiword_entries_and_no_agreement(phrase_spinner):
    entry = phrase_spinner.terms.entry("a member of")
    assert {r for _, rs in entry for r in rs} == set(real_spinners.SPINBOT_PHRASES["a member of"])
    spun = {phrase_spinner.spin("She was a member of the board.", 1.0, random.Random(k))[0] for k in range(20)}
    assert any("an individual from" in s or "a part of" in s for s in spun)
    # no agreement fixes: a form that is a headword gets the bare synonym, and a
    # form that is not is looked up by its base and gets the bare synonym too
    planned = {r for _, rs in phrase_spinner.words.entry("planned") for r in rs}
    assert "deliberate" in planned and "deliberated" not in planned
    reviews = {r for _, rs in phrase_spinner.words.entry("reviews") for r in rs}
    assert "evaluate" in reviews and "evaluates" not in reviews


def test_phrase_thesaurus_senses_are_uniform(phrase_spinner):
    # three moby senses of "abundant", nothing in mythes; WordNet's synsets share the other half
    entry = phrase_spinner.words.weighted("abundant")
    moby = [w for w, rs in entry if rs in (("bottomless",), ("ample",), ("rich",))]
    assert len(moby) == 3 and max(moby) == pytest.approx(min(moby))
    assert sum(w for w, _ in entry) == pytest.approx(1.0)


def test_phrase_thesaurus_breaks_terms_word_by_word(phrase_spinner):
    assert any(rs[0].startswith("\x00") for _, rs in phrase_spinner.terms.entry("domestic dog"))
    out = phrase_spinner._word_by_word("domestic dog", random.Random(3))
    # each word swapped on its own ("domestic" may become "domestic help"), never the whole lemma
    assert out.split()[-1] != "dog" and out != "domestic dog" and not out.startswith("domestic dog")
    outs = {phrase_spinner._word_by_word("domestic dog", random.Random(k)) for k in range(20)}
    assert any(not o.startswith("domestic") for o in outs)
    # the realised count follows the words that really changed
    res = phrase_spinner.spin_detailed("The domestic dog barked at New York taxis.", 1.0, random.Random(4))
    assert res.n_replaced == sum(s["content_words"] for s in res.swaps)
    assert res.n_replaced <= res.n_content


def test_pps_word_map_and_spinner():
    rows = [
        {"tortured_phrase": "profound learning", "expected_phrase": "deep learning (DL)", "query_kind": "simple"},
        {"tortured_phrase": "huge information", "expected_phrase": "big data", "query_kind": "simple"},
        {"tortured_phrase": "colossal information", "expected_phrase": "big data", "query_kind": "simple"},
        {"tortured_phrase": "bosom malignant growth", "expected_phrase": "breast cancer", "query_kind": "simple"},
        {"tortured_phrase": "x", "expected_phrase": "big data", "query_kind": "proximity"},
    ]
    m = real_spinners.pps_word_map(rows)
    assert m == {"deep": {"profound": 1}, "big": {"huge": 1, "colossal": 1}, "data": {"information": 2}}
    held = real_spinners.pps_word_map(
        [{"tortured_phrase": "enormous information", "expected_phrase": "big data"}], exclude=m
    )
    assert held == {"big": {"enormous": 1}}  # data -> information is already implied by the lexicon part
    spinner = real_spinners.PpsWordSpinner(m, morphology=spinners.Morphology({}, {}), function_words=False)
    spun, swaps = spinner.spin("News outlets collect big data on readers.", 1.0, random.Random(0))
    assert {s["original"] for s in swaps} == {"big", "data"}
    assert "information" in spun and ("huge" in spun or "colossal" in spun)


@pytest.fixture(scope="module")
def light(wordnet):
    return real_spinners.LightSpinner(
        [wordnet.lexicon], {"compound": {"raw data", "pattern recognition", "interest rates"}, "wordnet": set()}
    )


LIGHT_TEXT = (
    "The lab released raw data on Monday. Its pattern recognition software, which cost $2m, "
    "was tested by 14 teams, and the results were good."
)


@pytest.mark.parametrize("n_terms", [1, 2])
def test_light_spin_breaks_exactly_n_terms_and_nothing_else(light, n_terms):
    for k in range(10):
        got = light.spin_terms(LIGHT_TEXT, n_terms, random.Random(k))
        assert got is not None
        res, sources = got
        assert len(res.swaps) == n_terms == len(sources)
        assert {s["original"] for s in res.swaps} <= {"raw data", "pattern recognition"}
        # every word of each term changed, word count kept, the rest byte-identical
        for s in res.swaps:
            assert len(s["replacement"].split()) == len(s["original"].split())
            assert all(x != y for x, y in zip(s["original"].split(), s["replacement"].split()))
        assert _rebuild_source(res.text, res.swaps) == LIGHT_TEXT
        before = LIGHT_TEXT.split()
        after = res.text.split()
        assert len(before) == len(after) and sum(x != y for x, y in zip(before, after)) == 2 * n_terms


def test_light_spin_needs_enough_terms(light):
    assert light.spin_terms("Only raw data here, nothing else.", 2, random.Random(0)) is None
    assert light.spin_terms("No terms in this sentence.", 1, random.Random(0)) is None
    assert light.spin("No terms in this sentence.", 0.1, random.Random(0)) == ("No terms in this sentence.", [])


def test_noun_compounds_need_several_documents(wordnet):
    texts = ["Interest rates rose and interest rates fell."] * 3 + ["The interest rates were high.", "Blue sky."]
    got = real_spinners.noun_compounds(texts, wordnet.lexicon.morphology, min_docs=4)
    assert "interest rates" in got and "blue sky" not in got and "rates rose" not in got


# --- issue 13: copy-like negatives (devtools/copy_edits.py) -------------------

NEWS = (
    'Prime Minister Tony Blair met Mr Brown on Tuesday in London. "We are not going to change course," '
    "Mr Blair said. He said the government had also received 1,250 letters, up 12 per cent on last year, "
    "and that the centre of the plan would cost \u00a330m. It's the third such meeting in 2004. "
    "Officials did not comment on the colour of the new logo. The talks will continue next week. "
    "Aides said that they were very happy with the outcome."
)
WORD_RE = re.compile(r"[\w\u00a3$%,.'\u2019]+")


def _changed_words(a: str, b: str) -> tuple[list[str], list[str]]:
    import difflib

    wa, wb = a.split(), b.split()
    out_a, out_b = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op != "equal":
            out_a += wa[i1:i2]
            out_b += wb[j1:j2]
    return out_a, out_b


def test_fact_update_changes_only_dates_numbers_names():
    allowed_words = (
        set(copy_edits.WEEKDAYS)
        | set(copy_edits.MONTHS)
        | {w for p in list(copy_edits.TIME_PHRASES) + list(copy_edits.TIME_PHRASES.values()) for w in p.split()}
    )
    kinds = set()
    for k in range(40):
        res = copy_edits.fact_update(NEWS, random.Random(k))
        assert res is not None and res.a == NEWS and res.b != NEWS
        kinds |= {e["kind"] for e in res.edits}
        wa, wb = _changed_words(res.a, res.b)
        for w in wa + wb:
            core = w.strip('.,"\u00a3$%')
            assert core.replace(",", "").replace(".", "").isdigit() or core in allowed_words or core[:1].isupper(), (
                w,
                res.edits,
            )
        # names are corrected everywhere they occur
        for e in res.edits:
            if e["kind"] == "name":
                assert not re.search(r"\b" + e["original"] + r"\b", res.b)
    assert {"weekday", "number", "year", "name", "time"} <= kinds


def test_typo_fix_fixes_only_typos():
    for k in range(20):
        res = copy_edits.typo_fix(NEWS, random.Random(k))
        assert res.b == NEWS and res.a != NEWS
        wa, wb = _changed_words(res.a, res.b)
        assert len(wa) == len(wb) == len(res.edits)
        for typo, fixed in zip(wa, wb):
            assert typo.lower() != fixed.lower() and abs(len(typo) - len(fixed)) <= 2


def test_spelling_variant_changes_only_spelling():
    res = copy_edits.spelling_variant(NEWS, random.Random(0), to="us")
    assert res.a == NEWS
    assert "center" in res.b and "color" in res.b and "centre" not in res.b and "colour" not in res.b
    wa, wb = _changed_words(res.a, res.b)
    assert [copy_edits.UK_TO_US[w] for w in wa] == wb
    back = copy_edits.spelling_variant(res.b, random.Random(0), to="uk")
    assert back.b == NEWS
    res = copy_edits.spelling_variant(
        "They organized the organization's analyses; the rise was otherwise small.", None, to="uk"
    )
    assert res.b == "They organised the organisation's analyses; the rise was otherwise small."
    assert copy_edits.spelling_variant("Labour's programme.", None, to="us").b == "Labour's program."
    assert copy_edits.spelling_variant("Nothing to localise here", None, to="uk") is None


def test_quote_style_changes_only_quote_marks():
    strip = re.compile("[\"'\u201c\u201d\u2018\u2019]")
    modes = set()
    for k in range(20):
        res = copy_edits.quote_style(NEWS, random.Random(k))
        modes.add(res.edits[0]["mode"])
        assert res.a == NEWS and res.b != NEWS and len(res.b) == len(NEWS)
        assert strip.sub("", res.a) == strip.sub("", res.b)
    assert modes == {"straight_to_curly", "double_to_single"}
    res = copy_edits.quote_style("He said \u201cno\u201d and it\u2019s done.", random.Random(1))
    assert res.b in ('He said "no" and it\'s done.', "He said \u201cno\u201d and it\u2019s done.") or res.a != res.b
    curly = copy_edits._curly('"We\'re here," she said.')
    assert "".join(c for _, _, c, _ in curly) == "\u201c\u2019\u201d"


def test_sentence_add_drop_changes_whole_sentences_only():
    sents = [NEWS[s:e] for s, e in copy_edits.sentence_bounds(NEWS)]
    assert len(sents) == 7 and sents[2].startswith("He said")  # "Mr Blair" does not end a sentence
    for k in range(20):
        res = copy_edits.sentence_add_drop(NEWS, random.Random(k))
        assert res.b == NEWS
        short = [res.a[s:e] for s, e in copy_edits.sentence_bounds(res.a)]
        assert len(short) == len(sents) - len(res.edits) and set(short) < set(sents)
        assert [s for s in sents if s in short] == short  # order kept
    assert copy_edits.sentence_add_drop("One. Two. Three.", random.Random(0)) is None


def test_wire_update_adds_a_line_and_updates_little():
    for k in range(20):
        res = copy_edits.wire_update(NEWS, random.Random(k), domain="news")
        line = [e for e in res.edits if e["kind"] == "update_line"][0]["replacement"]
        assert line in res.b and line not in res.a
        body = res.b.replace(line, "").strip()
        kinds = [e["kind"] for e in res.edits]
        assert kinds.count("update_line") == 1 and 2 <= len(kinds) <= 3
        # at most one sentence differs in presence, and at most one number/date changes
        sa = {res.a[s:e] for s, e in copy_edits.sentence_bounds(res.a)}
        sb = {body[s:e] for s, e in copy_edits.sentence_bounds(body)}
        assert len(sa ^ sb) <= 3


def test_copy_edit_is_a_light_fluent_touch():
    vocabulary = {w.lower() for pair in copy_edits._CONTRACTIONS.items() for p in pair for w in p.split()}
    vocabulary |= {"that", "mr", "per", "cent", "percent", "said", "also", "three", "million", "brown", "blair"}
    vocabulary |= {"has", "have", "had", "will", "would", "can", "could", "is", "are", "was", "were"}
    kinds = set()
    for k in range(60):
        res = copy_edits.copy_edit(NEWS, random.Random(k))
        assert res.a == NEWS and res.b != NEWS
        kinds |= {e["kind"] for e in res.edits}
        wa, wb = _changed_words(res.a, res.b)
        assert len(wa) + len(wb) <= 4 * len(res.edits)
        # no word outside the copy-editor's vocabulary is introduced
        for w in wb:
            core = w.strip('.,"').lower()
            assert core in vocabulary or core[:1].isdigit() or core.startswith("\u00a3"), (w, res.edits)
    assert {"contraction", "expansion", "that_deleted", "number_format", "adverb_dropped", "word_order"} <= kinds
