"""Readers for the project's shared data folder (``../shared/data``).

Used by the build scripts and benchmarks, never by the library. The document
readers (:func:`bbc`, :func:`wikipedia`, :func:`arxiv`) yield
``(doc_id, label, text)`` with a stable id, so that :func:`split_of` puts a
document (and everything derived from it) in the same split everywhere:
collocation counts, the benchmark corpus, the classifier's training data.

Below them are the low-level readers that every script shares, each yielding
a source's records as they are in the files (every BBC file, duplicates
included; Wikipedia and QuillBot JSON rows; arXiv CSV rows; BASIL articles;
MSRP rows): ``devtools/build_corpus.py`` and ``benchmarks/retrieval.py`` build
their own views on them. Every reader takes an optional ``base`` folder
(default: :func:`require_shared`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SPINDETECT_SHARED_DATA", ROOT.parent / "shared" / "data"))

csv.field_size_limit(sys.maxsize)


def require_shared() -> Path:
    """The shared data folder, or exit with a clear message."""
    if not (SHARED / "README.md").is_file():
        sys.exit(
            f"shared data not found at {SHARED}: this script needs the project's ../shared/data "
            "(set SPINDETECT_SHARED_DATA to its path)"
        )
    return SHARED


def split_of(doc_id: str) -> str:
    """Deterministic 60/20/20 train/dev/test split of a document id."""
    h = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if h < 60 else ("dev" if h < 80 else "test")


def _base(base: Path | str | None) -> Path:
    return require_shared() if base is None else Path(base)


def bbc_files(base: Path | str | None = None) -> Iterator[tuple[str, str, str]]:
    """(doc_id, category, text) of every BBC News file in sorted path order,
    exact duplicates included, text decoded as UTF-8 (else Latin-1:
    ``sport/199.txt``) and otherwise untouched."""
    for path in sorted((_base(base) / "news_bbc" / "bbc").glob("*/*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        yield f"bbc/{path.parent.name}/{path.stem}", path.parent.name, text


def bbc(base: Path | str | None = None) -> Iterator[tuple[str, str, str]]:
    """(doc_id, category, text) of BBC News articles, exact duplicates skipped."""
    seen: set[str] = set()
    for doc_id, category, text in bbc_files(base):
        key = hashlib.sha1(text.encode()).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        yield doc_id, category, text


def wikipedia_rows(base: Path | str | None = None) -> Iterator[dict[str, Any]]:
    """The rows of ``wikipedia_squad/paragraphs.jsonl`` (``title``,
    ``para_idx``, ``source_file``, ``text``, ...), in file order."""
    with open(_base(base) / "wikipedia_squad" / "paragraphs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def wikipedia(base: Path | str | None = None) -> Iterator[tuple[str, str, str]]:
    """(doc_id, article, text) of Wikipedia paragraphs; split by article."""
    for row in wikipedia_rows(base):
        yield f"wiki/{row['title']}/{row['para_idx']}", row["title"], row["text"]


def arxiv_rows(base: Path | str | None = None) -> Iterator[dict[str, str]]:
    """The rows of the arXiv abstracts CSV (``""`` is the row number,
    ``query`` the field, ``abstract`` the raw abstract), in file order."""
    with open(_base(base) / "science_arxiv" / "arxiv_test_thealphacubicle.csv", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def arxiv(base: Path | str | None = None) -> Iterator[tuple[str, str, str]]:
    """(doc_id, field, text) of arXiv abstracts, hard line breaks joined."""
    for row in arxiv_rows(base):
        text = re.sub(r"\s*\n\s*", " ", row["abstract"]).strip()
        if text:
            yield f"arxiv/{row['']}", row["query"], text


def quillbot_rows(base: Path | str | None = None) -> Iterator[dict[str, Any]]:
    """The rows of ``quillbot/quillbot_train.jsonl`` (``original``,
    ``paraphrased``, ``mode``, ``course``, ``question_id``, ...), in file order."""
    with open(_base(base) / "quillbot" / "quillbot_train.jsonl", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def basil_articles(base: Path | str | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(path, parsed JSON) of every BASIL article, in sorted path order."""
    for path in sorted((_base(base) / "same_story_basil" / "articles").glob("*/*.json")):
        yield path, json.loads(path.read_text(encoding="utf-8"))


#: The MSRP files, in the order the scripts read them.
MSRP_FILES = ("msr_paraphrase_train.txt", "msr_paraphrase_test.txt")


def msrp_rows(name: str, base: Path | str | None = None) -> list[list[str]]:
    """The rows of one MSRP file (tab-separated, no quoting, UTF-8 with BOM,
    no header): quality, id 1, id 2, sentence 1, sentence 2."""
    with open(_base(base) / "paraphrase_msrp" / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def title_key(title: str) -> str:
    """Normalised title: BBC near-duplicates share it, so they split together."""
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def split_key(doc_id: str, text: str = "") -> str:
    """The key that decides a document's split: the article for Wikipedia
    paragraphs, the normalised title for BBC articles (near-duplicates share
    it), the id otherwise. ``devtools/build_corpus.py`` uses the same keys."""
    if doc_id.startswith("wiki/"):
        return doc_id.rsplit("/", 1)[0]
    if doc_id.startswith("bbc/"):
        return "bbc:" + title_key(text.strip().partition("\n")[0])
    return doc_id


def clean_documents() -> Iterator[tuple[str, str, str, str]]:
    """(doc_id, domain, text, split) of all clean text: news, encyclopedia, science."""
    for doc_id, _, text in bbc():
        yield doc_id, "news", text, split_of(split_key(doc_id, text))
    for doc_id, _, text in wikipedia():
        yield doc_id, "encyclopedia", text, split_of(split_key(doc_id))
    for doc_id, _, text in arxiv():
        yield doc_id, "science", text, split_of(split_key(doc_id))


def pps_rows() -> list[dict[str, str]]:
    """Rows of the Problematic Paper Screener dictionary (CC BY 4.0)."""
    with open(require_shared() / "pps" / "pps_train.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def clean_expected(phrase: str) -> str:
    """An expected phrase without bracketed notes and question marks.

    >>> clean_expected("business intelligence (BI)")
    'business intelligence'
    >>> clean_expected("Crow search algorithm ?")
    'Crow search algorithm'
    """
    phrase = re.sub(r"\s*\([^)]*\)", "", phrase)
    phrase = phrase.replace("?", "")
    return " ".join(phrase.split())


def pps_bucket(row: dict[str, str]) -> int:
    """A PPS row's bucket in 0..999, from its expected phrase: the held-out
    part, the dev slice and the folds of ``devtools.train_windows`` cut it."""
    key = clean_expected(row["expected_phrase"]).lower()
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 1000


def pps_held_out(row: dict[str, str], share: float = 0.3) -> bool:
    """Whether a PPS row is in the held-out part (split by expected phrase,
    so every tortured variant of one expected phrase is on the same side)."""
    return pps_bucket(row) < share * 1000


def pps_dev(row: dict[str, str]) -> bool:
    """Whether a PPS row is in the development slice: 10% of all rows, taken
    from the lexicon part (never from the held-out part), for tuning scan
    without looking at the held-out phrases."""
    return 300 <= pps_bucket(row) < 400


def msrp_sentences(base: Path | str | None = None) -> dict[int, tuple[str, str]]:
    """(sentence 1, sentence 2) of each MSRP pair by pair number, the
    numbering ETPC's ``mrpc_pair_id`` uses (train file, then test)."""
    out = {}
    for cols in (c for name in MSRP_FILES for c in msrp_rows(name, base)):
        if len(cols) < 5 or not cols[0].isdigit():
            continue
        out[len(out) + 1] = (cols[3], cols[4])
    return out


def etpc_substitution_pairs(base: Path | str | None = None) -> list[dict[str, Any]]:
    """Human word and phrase substitutions, one per pair, in their sentence:
    each same-polarity substitution ETPC annotates in an MSRP pair
    (``legit_substitutions_etpc``) put back into sentence 1 of that pair
    (first occurrence of the annotated phrase; rows whose phrase is not
    found, or that change nothing, are left out). Each row: ``id``,
    ``mrpc_pair_id``, ``a`` (the sentence), ``b`` (the sentence with the
    human's substitution), ``original``, ``replacement``."""
    path = _base(base) / "legit_substitutions_etpc" / "etpc_same_polarity_substitutions.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    sents = msrp_sentences(base)
    out = []
    for k, r in enumerate(rows):
        s1, s2 = r["s1_text"].strip(), r["s2_text"].strip()
        pair_id = int(r["mrpc_pair_id"])
        sent = sents.get(pair_id, ("", ""))[0]
        at = sent.find(s1) if s1 else -1
        if at < 0 or not s2 or s1 == s2:
            continue
        out.append(
            {
                "id": f"etpc-{k}",
                "mrpc_pair_id": pair_id,
                "a": sent,
                "b": sent[:at] + s2 + sent[at + len(s1) :],
                "original": s1,
                "replacement": s2,
            }
        )
    return out
