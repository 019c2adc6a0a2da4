"""Screening a collection against itself, and documents that are not
English: what a bad-input trial found.

* `screen --suspects X --sources X` matched every document with itself
  ("copy", similarity 1.0).
* In "within" mode, of two identical documents only one had a row of its own.
* Spanish, French and Russian documents got verdicts ("copy", "unrelated" at
  similarity 1.0) where `score` and `scan` refuse them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS
from conftest import run_cli as run

from spindetect import screen
from spindetect.screening.reading import iter_validated, validate_collection
from spindetect.screening.rows import ERROR, NO_MATCH
from spindetect.screening.runs import same_collection


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


ES = (
    "El gobierno anunció el miércoles que las negociaciones sobre el acuerdo comercial habían fracasado después "
    "de tres semanas de conversaciones. Los representantes de ambos países dijeron que volverían a reunirse el "
    "próximo mes para intentar resolver las diferencias que quedan sobre los aranceles agrícolas. "
) * 3
FR = (
    "Le gouvernement a annoncé mercredi que les négociations sur l'accord commercial avaient échoué après trois "
    "semaines de discussions. Les représentants des deux pays ont déclaré qu'ils se réuniraient de nouveau le "
    "mois prochain pour tenter de résoudre les différends qui subsistent sur les droits de douane agricoles. "
) * 3
RU = (
    "Правительство сообщило в среду, что переговоры о торговом соглашении провалились после трех недель "
    "обсуждений. Представители обеих стран заявили, что встретятся снова в следующем месяце. "
) * 3


def jsonl(path: Path, items: list[tuple[str, str]]) -> str:
    path.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in items), "utf-8")
    return str(path)


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- 6. documents that are not English --------------------------------------------------------


def test_screen_gives_a_document_that_is_not_english_an_error_row_naming_it():
    docs = {"en": seed("002"), "es": ES, "es2": ES.replace("gobierno", "ejecutivo"), "fr": FR, "ru": RU}
    within = screen(docs)
    errors = {r.suspect_id: r.error for r in within if r.label == ERROR}
    assert set(errors) == {"es", "es2", "fr", "ru"}, within.rows
    assert errors["es"].startswith("document 'es' does not look like English (")
    assert errors["ru"].startswith("document 'ru' does not look like English (only 0% of its letters are Latin")
    assert all("English-only" in e for e in errors.values())
    # no verdict on any of them, from either side
    verdicts = [r for r in within if r.label not in (ERROR, NO_MATCH)]
    assert not {d for r in verdicts for d in (r.suspect_id, r.source_id)} & set(errors), verdicts
    assert [(r.suspect_id, r.label) for r in within if r.label == NO_MATCH] == [("en", NO_MATCH)]
    # suspects against sources: each non-English suspect is one error row, the English one is scored
    sources = {"s-en": seed("002"), "s-es": ES, "s-fr": FR}
    result = screen(docs, sources)
    errors = {r.suspect_id: r.error for r in result if r.label == ERROR}
    assert set(errors) == {"es", "es2", "fr", "ru"} and errors["fr"].startswith("suspect 'fr' does not look like")
    assert [(r.suspect_id, r.source_id, r.label) for r in result if r.label != ERROR] == [("en", "s-en", "copy")]


def test_the_language_check_is_the_one_score_and_scan_make():
    items = [("en", seed("000"), None), ("es", ES, None), ("short", "Hola, buenos días.", None)]
    problems = {doc_id: p for _, doc_id, _, p, _ in iter_validated(items, "suspect")}
    assert problems["en"] is None and problems["short"] is None  # too short to tell: as in score
    assert problems["es"].startswith("suspect 'es' does not look like English")
    # sources are not checked when read (see LANGUAGE_ROLES); nor by validate_collection unless asked
    assert all(p is None for *_, p, _ in iter_validated(items, "source"))
    assert all(p is None for *_, p, _ in iter_validated(items, "suspect", check_language=False))
    assert len(validate_collection(items, "document")[0]) == 3
    good, bad = validate_collection(items, "document", check_language=True)
    assert [d for _, d, _ in good] == ["en", "short"] and [d for _, d, _ in bad] == ["es"]


def test_cli_screen_writes_error_rows_for_documents_that_are_not_english_and_resumes(tmp_path):
    data = jsonl(tmp_path / "in.jsonl", [("en", seed("002")), ("es", ES), ("ru", RU), ("ru2", RU)])
    out = tmp_path / "rows.jsonl"
    proc = run("screen", "--suspects", data, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = rows_of(out)
    assert {r["suspect_id"]: r["label"] for r in rows} == {"en": NO_MATCH, "es": ERROR, "ru": ERROR, "ru2": ERROR}
    assert all("does not look like English" in r["error"] for r in rows if r["label"] == ERROR)
    assert "3 error rows (see their error column)" in proc.stderr
    proc = run("screen", "--suspects", data, "--out", str(out))
    assert proc.returncode == 0 and "nothing new" in proc.stderr and len(rows_of(out)) == 4


# -- 4. a collection screened against itself as its own sources -------------------------------


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "orig.txt").write_text(seed("002"), encoding="utf-8")
    (docs / "spun.txt").write_text(seed("000"), encoding="utf-8")
    (docs / "other.txt").write_text(seed("004"), encoding="utf-8")
    return docs


def _pairs(rows: list[dict]) -> list[tuple]:
    return sorted((r["suspect_id"], r["source_id"], r["label"]) for r in rows)


def test_cli_same_collection_as_suspects_and_sources_never_matches_a_document_with_itself(tmp_path, folder):
    proc = run("screen", "--suspects", str(folder), "--out", str(tmp_path / "within.jsonl"))
    assert proc.returncode == 0, proc.stderr
    expected = _pairs(rows_of(tmp_path / "within.jsonl"))
    assert expected == [("other", None, NO_MATCH), ("spun", "orig", "spun")]
    shutil.copytree(folder, tmp_path / "copy")
    (tmp_path / "link").symlink_to(folder)
    data = jsonl(tmp_path / "in.jsonl", [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir())])
    for k, (suspects, sources) in enumerate(
        [
            (str(folder), str(folder)),
            (str(folder), str(folder) + "/"),
            (str(folder), str(tmp_path / "link")),
            (str(folder), str(tmp_path / "copy")),  # the same documents under the same ids
            (data, data),
        ]
    ):
        out = tmp_path / f"rows{k}.jsonl"
        proc = run("screen", "--suspects", suspects, "--sources", sources, "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        rows = rows_of(out)
        assert not [r for r in rows if r["suspect_id"] == r["source_id"]], rows
        assert _pairs(rows) == expected, (suspects, sources)
        (warning,) = [x for x in proc.stderr.splitlines() if "warning:" in x]
        assert f"--sources {sources} is the --suspects collection" in warning
        assert "a document is never matched with itself" in warning
        proc = run("screen", "--suspects", suspects, "--sources", sources, "--out", str(out))  # resumes
        assert proc.returncode == 0 and "nothing new" in proc.stderr, proc.stderr


def test_other_collections_are_still_screened_as_sources(tmp_path, folder):
    other = tmp_path / "sources"
    other.mkdir()
    (other / "orig.txt").write_text(seed("002"), encoding="utf-8")
    assert not same_collection(folder, other) and not same_collection(folder, tmp_path / "missing")
    assert same_collection(folder, folder / ".." / "docs")
    out = tmp_path / "rows.jsonl"
    proc = run("screen", "--suspects", str(folder), "--sources", str(other), "--out", str(out))
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    assert ("spun", "orig", "spun") in _pairs(rows_of(out))


def test_same_collection_compares_paths_then_content(tmp_path, folder):
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    assert same_collection(folder, copy) and same_collection(str(folder), str(copy))
    text = (copy / "orig.txt").read_text(encoding="utf-8")
    (copy / "orig.txt").write_text(text.replace("a", "e", 1), encoding="utf-8")  # same size, one letter
    assert not same_collection(folder, copy)
    (copy / "orig.txt").write_text(text, encoding="utf-8")
    (copy / "more.txt").write_text("Another document.", encoding="utf-8")
    assert not same_collection(folder, copy)
    a = jsonl(tmp_path / "a.jsonl", [("x", "Some text.")])
    b = jsonl(tmp_path / "b.jsonl", [("x", "Some text.")])
    c = jsonl(tmp_path / "c.jsonl", [("y", "Some text.")])
    assert same_collection(a, b) and not same_collection(a, c) and not same_collection(a, folder)


def test_help_says_the_same_collection_is_screened_against_itself():
    text = " ".join(run("screen", "--help").stdout.split())
    assert "so are they when --sources is the same collection" in text
    assert "a document is never matched with itself" in text


# -- library level ----------------------------------------------------------------------------


def test_screen_never_matches_a_document_with_itself_in_the_library():
    docs = {"orig": seed("002"), "spun": seed("000"), "other": seed("004")}
    for result in (screen(docs, docs), screen(docs, dict(docs)), screen(docs, {"orig": seed("002")})):
        assert not [r for r in result if r.suspect_id == r.source_id], result.rows


def test_both_of_two_identical_documents_have_a_row_of_their_own():
    result = screen({"a": seed("002"), "b": seed("002"), "c": seed("004")})
    assert {r.suspect_id for r in result} == {"a", "b", "c"}, result.rows
    copies = sorted((r.suspect_id, r.source_id) for r in result if r.label == "copy")
    assert copies == [("a", "b"), ("b", "a")]


def test_a_source_that_is_not_english_is_never_scored():
    from spindetect.scoring.detector import Detector, DetectorConfig
    from spindetect.screening.backends import score_chunk

    pairs = [((1, 0, k), "sus", seed("002"), "es", ES, 0.5) for k in range(2)]
    pairs.append(((1, 0, 2), "sus", seed("002"), "spun", seed("000"), 0.5))
    rows = [r for _, r in score_chunk(pairs, (Detector, DetectorConfig()), False)]
    assert [r.label for r in rows[:2]] == [ERROR, ERROR] and rows[2].label == "spun"
    assert all("source 'es' does not look like English" in r.error for r in rows[:2])
