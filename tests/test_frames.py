"""pandas views of results (the ``frames`` extra)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import SEEDS

import spindetect
from spindetect.reporting.frames import PHRASE_COLUMNS, SWAP_COLUMNS
from spindetect.screening.batch_scan import SCAN_ROW_FIELDS
from spindetect.screening.rows import ROW_FIELDS

pd = pytest.importorskip("pandas")

SPUN = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
ORIG = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")


def test_scan_report_frame_has_a_row_per_phrase():
    report = spindetect.scan(SPUN)
    frame = report.to_frame()
    assert list(frame.columns) == list(PHRASE_COLUMNS)
    assert len(frame) == len(report.phrases)
    assert list(frame["text"]) == [p.text for p in sorted(report.phrases, key=lambda p: p.span)]
    assert (SPUN[frame["start"][0] : frame["end"][0]]) == frame["text"][0]


def test_pair_report_frame_has_a_row_per_swap():
    report = spindetect.score(SPUN, ORIG)
    frame = report.to_frame()
    assert list(frame.columns) == list(SWAP_COLUMNS) and len(frame) == len(report.swaps)
    assert "Eastern Europe" in set(frame["original"])


def test_collection_frames():
    rows = spindetect.scan_collection({"a": SPUN, "b": ORIG})
    frame = rows.to_frame()
    assert list(frame.columns) == list(SCAN_ROW_FIELDS) and list(frame["id"]) == ["a", "b"]
    result = spindetect.screen({"copy": SPUN}, {"orig": ORIG})
    frame = result.to_frame()
    assert list(frame.columns) == list(ROW_FIELDS) and frame["label"][0] == "spun"


def test_document_scan_frame_lists_quoted_phrases():
    doc = spindetect.documents.document_from_text("Lists give 'counterfeit consciousness' as an example.\n\n" + SPUN)
    frame = spindetect.scan_document(doc).to_frame()
    assert frame["quoted"].any() and not frame["quoted"].all()


def test_without_pandas_the_error_is_one_line_naming_the_install():
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import spindetect\n"
        "try:\n"
        "    spindetect.scan('We train a profound learning model on huge information every day.').to_frame()\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout
    assert (
        out.strip()
        == "to_frame() needs pandas: pip install 'spindetect[frames]' (in a clone: pip install -e '.[frames]')"
    )
