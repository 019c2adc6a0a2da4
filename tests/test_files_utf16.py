"""UTF-16 without a byte-order mark (fresh-user trial, bad input finding 4):
it was called binary for its NUL bytes. Mostly Latin UTF-16 is read (and
logged); binary data stays refused."""

from __future__ import annotations

import logging
import struct
import sys

import pytest

from spindetect.files import InputError, decode_bytes, looks_binary, read_text

TEXT = (
    "The committee reviewed the proposal carefully and decided that the new policy would improve public "
    "transport. Le caf\u00e9 de Z\u00fcrich \u00e9tait ferm\u00e9, na\u00efvement.\n"
)

#: (label, bytes of text without a byte-order mark, its encoding)
BOMLESS = [
    ("utf-16-le", TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be", TEXT.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-le-long", (TEXT * 2000).encode("utf-16-le"), "utf-16-le"),
]


@pytest.mark.parametrize("data,encoding", [(d, e) for _, d, e in BOMLESS], ids=[n for n, _, _ in BOMLESS])
def test_bomless_utf16_is_read_and_logged(tmp_path, caplog, data, encoding):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    with caplog.at_level(logging.WARNING, logger="spindetect"):
        text = read_text(str(path))
    assert text.startswith(TEXT) and text.encoding == encoding
    assert any("byte-order mark" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records)
    assert decode_bytes(data) == text


def _binary_samples():
    with open(sys.executable, "rb") as fh:
        executable = fh.read(65536)
    return [
        ("python-executable", executable),
        ("int16-table", struct.pack("<256h", *range(256))),
        ("int32-table", struct.pack("<64i", *range(64))),
        ("nul-padded-header", b"HDR\x01" + b"\x00" * 60 + b"payload"),
        ("utf-16-of-control-bytes", bytes(range(0, 32)) * 4),
    ]


BINARY = _binary_samples()


@pytest.mark.parametrize("data", [d for _, d in BINARY], ids=[n for n, _ in BINARY])
def test_binary_data_is_still_refused(tmp_path, data):
    assert looks_binary(data)
    path = tmp_path / "data.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="looks binary"):
        read_text(str(path))


def test_documents_read_bomless_utf16(tmp_path):
    import spindetect

    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))
    assert spindetect.read_document(path).text.startswith("The committee")
