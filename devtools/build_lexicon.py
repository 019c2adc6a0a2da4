"""Build the default lexicon and collocation counts shipped in spindetect/data.

    python -m devtools.build_lexicon            # needs ../shared/data

Writes:
* ``spindetect/data/lexicon.tsv``: odd swaps from the Problematic Paper
  Screener dictionary (CC BY 4.0) and swaps learned from the real spun seed
  pair (000 vs 002);
* ``spindetect/data/phrases.tsv.gz``: word bigram/trigram counts of the
  *training split* of the shared clean text (BBC news, Wikipedia paragraphs,
  arXiv abstracts), so that benchmarks measured on the test split use text
  the counts never saw;
* ``spindetect/data/LEXICON_SOURCES.txt``: sources, licences, counts.

The functions are reused by ``benchmarks/lexicon.py`` to build a lexicon from
only part of the PPS dictionary and measure on the rest.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from devtools.shared_data import (
    ROOT,
    clean_documents,
    clean_expected,
    pps_rows,
)
from spindetect import learn_lexicon
from spindetect.resources.lexicon import UNKNOWN_ORIGINAL, Lexicon
from spindetect.resources.phrases import PhraseCounts
from spindetect.text import Document, prepare

DATA = ROOT / "spindetect" / "data"

#: Weight of a PPS entry: multi-word tortured phrases are specific; a single
#: word ("bosom" for "breast") is tortured only in context, so it needs the
#: PPS context query or gets a low weight.
PPS_PHRASE_WEIGHT = 0.95
PPS_WORD_WEIGHT_WITH_CONTEXT = 0.8
PPS_WORD_WEIGHT = 0.5
#: Proximity queries ("a b"~10) are matched as the exact phrase only.
PPS_PROXIMITY_WEIGHT = 0.8

#: Swaps learned from the seed pair become entries at this mean oddness or more.
LEARN_MIN_ODDNESS = 0.3

#: n-grams kept in the counts file: seen at least this often.
MIN_PHRASE_COUNT = 2


def _condition(query: str, operator: str) -> str:
    """The phrase after ``AND``/``NOT`` in a PPS query, unquoted ("" if none)."""
    tail = query.split(f" {operator} ", 1)[1] if f" {operator} " in query else ""
    return tail.strip().strip('"').strip()


def pps_entry(row: dict[str, str]) -> tuple[str, str, float, str, tuple[str, ...], tuple[str, ...]] | None:
    """(spun, original, weight, evidence, requires, excludes) of a PPS row, or
    None for query kinds we cannot express (OR alternatives, other)."""
    tortured = " ".join(row["tortured_phrase"].split())
    expected = clean_expected(row["expected_phrase"])
    kind = row["query_kind"]
    if not expected:
        expected = UNKNOWN_ORIGINAL  # PPS lists the phrase with "???": tortured, original unknown
    if not tortured or tortured.lower() == expected.lower():
        return None
    multi = len(tortured.split()) > 1
    query = row["pps_query"].replace('""', '"')
    evidence = f"PPS {kind}, {row['n_papers']} papers"
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    if kind == "simple":
        weight = PPS_PHRASE_WEIGHT if multi else PPS_WORD_WEIGHT
    elif kind in ("and_context", "not_exclusion"):
        cond = _condition(query, "AND" if kind == "and_context" else "NOT")
        if not cond:
            return None
        if kind == "and_context":
            requires = (cond,)
            weight = PPS_PHRASE_WEIGHT if multi else PPS_WORD_WEIGHT_WITH_CONTEXT
        else:
            excludes = (cond,)
            weight = PPS_PHRASE_WEIGHT if multi else PPS_WORD_WEIGHT
    elif kind == "proximity":
        weight = PPS_PROXIMITY_WEIGHT
        evidence += f", matched as the exact phrase (query {query.strip()!r})"
    else:
        return None
    return tortured, expected, weight, evidence, requires, excludes


def pps_lexicon(rows: Iterable[dict[str, str]], *, name: str = "pps") -> tuple[Lexicon, Counter[str]]:
    """A lexicon from PPS rows, and counts of rows used and skipped by kind."""
    lex = Lexicon(name=name)
    stats: Counter[str] = Counter()
    for row in rows:
        e = pps_entry(row)
        if e is None:
            stats[f"skipped {row['query_kind']}"] += 1
            continue
        spun, original, weight, evidence, requires, excludes = e
        try:
            lex.add(
                spun, original, weight=weight, source="pps", evidence=evidence, requires=requires, excludes=excludes
            )
        except ValueError:
            stats["skipped invalid"] += 1
            continue
        stats[f"used {row['query_kind']}"] += 1
    return lex, stats


def seed_pair_lexicon() -> Lexicon:
    seeds = ROOT / "data" / "seeds"
    source = next(seeds.glob("002_*.txt")).read_text(encoding="utf-8")
    spun = next(seeds.glob("000_*.txt")).read_text(encoding="utf-8")
    return learn_lexicon([(source, spun)], min_oddness=LEARN_MIN_ODDNESS, name="learned-seed")


def doc_ngrams(doc: Document) -> Counter[tuple[str, ...]]:
    """Word counts, and bigram and trigram counts of word tokens within
    sentences, of one document (what :func:`count_phrases` adds up)."""
    counts: Counter[tuple[str, ...]] = Counter()
    forms, words = doc.forms, doc.words
    for a, b in doc.sentences:
        for i in range(a, b):
            if not words[i]:
                continue
            counts[(forms[i],)] += 1
            if i + 1 < b and words[i + 1]:
                counts[(forms[i], forms[i + 1])] += 1
                if i + 2 < b and words[i + 2]:
                    counts[(forms[i], forms[i + 1], forms[i + 2])] += 1
    return counts


def count_phrases(texts: Iterable[str]) -> PhraseCounts:
    """Word counts, and bigram and trigram counts of word tokens within sentences."""
    counts: Counter[tuple[str, ...]] = Counter()
    n_docs = n_words = 0
    for text in texts:
        doc = prepare(text)
        n_docs += 1
        n_words += sum(doc.words[i] for a, b in doc.sentences for i in range(a, b))
        counts.update(doc_ngrams(doc))
    kept = {p: n for p, n in counts.items() if n >= MIN_PHRASE_COUNT}
    return PhraseCounts(
        kept, meta={"documents": str(n_docs), "words": str(n_words), "min_count": str(MIN_PHRASE_COUNT)}
    )


def training_texts() -> Iterable[str]:
    for _, _, text, split in clean_documents():
        if split == "train":
            yield text


def main() -> None:
    rows = pps_rows()
    pps, stats = pps_lexicon(rows, name="pps")
    learned = seed_pair_lexicon()
    lex = pps.merge(learned, name="default")
    lex.meta = {
        "sources": "Problematic Paper Screener tortured-phrase dictionary (CC BY 4.0); swaps learned from seed pair 000/002",
        # the old path is kept in this written provenance: rebuilds stay byte-identical to the shipped file
        "built_by": "scripts/build_lexicon.py",
    }
    lex.save(DATA / "lexicon.tsv")
    phrases = count_phrases(training_texts())
    phrases.meta["sources"] = "train split of BBC News, Wikipedia (SQuAD dev) paragraphs, arXiv abstracts"
    phrases.meta["built_by"] = "scripts/build_lexicon.py"
    phrases.save(DATA / "phrases.tsv.gz")
    sha = {p: hashlib.sha256((DATA / p).read_bytes()).hexdigest() for p in ("lexicon.tsv", "phrases.tsv.gz")}
    note = f"""Sources of spindetect/data/lexicon.tsv and spindetect/data/phrases.tsv.gz
Built by scripts/build_lexicon.py from the project's shared data; rebuild with
`python scripts/build_lexicon.py` (needs ../shared/data).

lexicon.tsv ({len(lex)} entries)
- {len(pps)} entries from the Problematic Paper Screener (PPS) tortured-phrase
  dictionary by Guillaume Cabanac, Cyril Labbé and Alexander Magazinov
  (https://dbrech.irit.fr/pls/apex/f?p=9999), licence CC BY 4.0: the tortured
  phrase is the spun form, the expected phrase (bracketed notes removed) the
  original. AND-context queries become `requires`, NOT queries `excludes`,
  proximity queries are matched as the exact phrase. Rows used/skipped:
  {dict(sorted(stats.items()))}
- {len(learned)} entries learned by aligning the seed articles 000 (spun) and
  002 (AP original): swaps with mean oddness >= {LEARN_MIN_ODDNESS}.

phrases.tsv.gz ({len(phrases)} words, bigrams and trigrams seen >= {MIN_PHRASE_COUNT} times)
- training split (scripts/shared_data.py: split_of) of: BBC News articles
  (Greene & Cunningham 2006; rights BBC), Wikipedia paragraphs from SQuAD v1.1
  dev (CC BY-SA 4.0), arXiv abstracts (metadata CC0). Only counts of word
  n-grams are stored, no text. {phrases.meta["documents"]} documents, {phrases.meta["words"]} words.

sha256
- lexicon.tsv {sha["lexicon.tsv"]}
- phrases.tsv.gz {sha["phrases.tsv.gz"]}
"""
    (DATA / "LEXICON_SOURCES.txt").write_text(note, encoding="utf-8")
    print(note)


if __name__ == "__main__":
    main()
