"""Helper 28: messages that named the wrong problem. A JSONL id that is
there but empty was 'no 'id' field'; a text passed to scan_document as a path
was echoed as a path ('cannot read WASHINGTON --\\n...'); report.to_html to a
folder was a raw [Errno 21]."""

from __future__ import annotations

import json

import pytest
from conftest import SEEDS

import spindetect
from spindetect.files import InputError
from spindetect.reviewing import scan_document
from spindetect.screening.reading import read_collection

TEXT = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")


def test_empty_id_is_said_to_be_empty(tmp_path):
    rows = [{"id": "", "text": "A text."}, {"text": "b"}, {"id": None, "text": "c"}, {"id": "a", "text": "Words."}]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    errors = [str(text) for _, text in read_collection(path) if not isinstance(text, str)]
    assert "line 1: the 'id' field is empty" in errors[0]
    assert "line 2: no 'id' field" in errors[1]
    assert "line 3: the 'id' field is null" in errors[2]
    assert len(errors) == 3


@pytest.mark.parametrize("text", [TEXT, "x" * 5000])
def test_text_passed_as_a_path(text):
    with pytest.raises(InputError, match="looks like text, not a path") as info:
        scan_document(text)
    assert "document_from_text" in str(info.value) and "\n" not in str(info.value)


def test_missing_path_still_named(tmp_path):
    with pytest.raises(InputError, match="cannot read .*nofile.txt: No such file"):
        scan_document(tmp_path / "nofile.txt")


def test_to_html_into_a_folder(tmp_path):
    report = spindetect.scan("The profound learning model was trained on a big set of texts.")
    with pytest.raises(IsADirectoryError, match="is a folder") as info:
        report.to_html(tmp_path)
    assert "Errno" not in str(info.value)
