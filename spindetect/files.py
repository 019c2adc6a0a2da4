"""Reading text files: bytes in, text out, with one set of decoding rules.

The command line, collection readers and screening all read files through
:func:`read_text`, so a file means the same text wherever it is read.

Decoding (:func:`decode_bytes`):

* a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
* UTF-16 without a byte-order mark, of mostly Latin text (see
  :func:`bomless_utf16`), is read as UTF-16 LE or BE, and logged;
* otherwise UTF-8. Bytes that are not valid UTF-8 are replaced with U+FFFD
  and *counted*: the count is logged (``logging.getLogger("spindetect")``)
  and returned, never silently dropped;
* a file with invalid bytes and not one valid multi-byte UTF-8 sequence is
  a legacy single-byte file (Windows-1252, a superset of Latin-1 for
  printable text): the BBC corpus's ``sport/199.txt`` is one. A UTF-8 file
  with one stray byte stays UTF-8 ("Moscow’s" is never read as
  "Moscowâ€™s").
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import sys
from typing import Any

__all__ = [
    "MAX_FILE_BYTES",
    "DecodedText",
    "InputError",
    "bomless_utf16",
    "check_path",
    "decode_bytes",
    "install_hint",
    "looks_binary",
    "read_text",
]

logger = logging.getLogger("spindetect")

#: Largest file read, in bytes (the library's own limit is in characters).
MAX_FILE_BYTES = 64 * 1024 * 1024

#: Byte-order marks, longest first (the UTF-32 LE mark starts with UTF-16 LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: A well-formed UTF-8 sequence of two to four bytes (RFC 3629 table 3-7,
#: without overlong forms), or an encoded surrogate: evidence that a file is UTF-8.
_UTF8_MULTIBYTE = re.compile(
    # An encoded UTF-16 surrogate (ED A0-BF xx: CESU-8 or WTF-8, written by
    # Java and Windows tools) is not valid UTF-8 but is UTF-8-shaped: such a
    # file is UTF-8 with 3 bad bytes (replaced and counted), not Windows-1252
    # ("\xed\xa0\x80" read as "í\xa0€" with no warning).
    rb"\xed[\xa0-\xbf][\x80-\xbf]|"
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


#: Bytes read to tell text from binary data.
SNIFF_BYTES = 65536

#: BOM-less UTF-16: at least this share of the characters' high bytes are
#: NUL (the character is in U+0000-U+00FF: ASCII and Latin-1)... English and
#: French text in UTF-16 give 1.0, Russian 0.24 (not read: no BOM, not
#: mostly Latin).
_UTF16_MIN_LATIN_SHARE = 0.5
#: ... and at most this share of their low bytes (a character U+xx00: rare in
#: text, 0.0 in the texts above). Of 2,938 binary files with NUL bytes (this
#: machine's /usr/bin, shared libraries, .pyc, .png, .npz, fonts), the 298
#: with high-byte NULs >= 0.5 had low-byte NULs >= 0.36.
_UTF16_MAX_NUL_CHAR_SHARE = 0.01
#: ... and at most this share of the decoded characters are control
#: characters other than line breaks and tabs (0 in text; a table of 16-bit
#: numbers below 256 passes the two rules above and is a quarter controls).
_UTF16_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def bomless_utf16(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` if ``data`` (without a byte-order
    mark) is UTF-16 of mostly Latin text, else None: in its first
    :data:`SNIFF_BYTES`, the high byte of at least half of the characters is
    NUL and the low byte of almost none, and it decodes without an error to
    text with almost no control characters.

    >>> bomless_utf16("Plain text".encode("utf-16-le")), bomless_utf16(b"\\x00\\x01\\x00\\x00" * 4)
    ('utf-16-le', None)
    """
    head = bytes(data[: SNIFF_BYTES - SNIFF_BYTES % 2])
    head = head[: len(head) - len(head) % 2]
    chars = len(head) // 2
    if chars == 0 or b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0) / chars, head[1::2].count(0) / chars
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high >= _UTF16_MIN_LATIN_SHARE and low <= _UTF16_MAX_NUL_CHAR_SHARE:
            try:
                text = head.decode(encoding)
            except UnicodeDecodeError:
                return None
            controls = len(_CONTROL.findall(text))
            return encoding if controls <= _UTF16_MAX_CONTROL_SHARE * len(text) else None
    return None


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` is binary, not text: NUL bytes in its first
    :data:`SNIFF_BYTES`, and it is not UTF-16 (with a byte-order mark, or
    without one by :func:`bomless_utf16`)."""
    if b"\x00" not in data[:SNIFF_BYTES] or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return bomless_utf16(data) is None


def check_path(path: Any, what: str = "path") -> str:
    """``path`` as a str, checked: a str or ``os.PathLike`` of str, not empty.

    Raises:
        TypeError: not a str or path (None, bytes, an int, a bool...).
        ValueError: empty (``Path("")`` is the current folder: never meant).
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)) or isinstance(os.fspath(path), bytes):
        raise TypeError(f"{what} must be a str or pathlib.Path, not {type(path).__name__}: {path!r:.60}")
    text = os.fspath(path)
    if not text:
        raise ValueError(f"{what} is empty: name a file or folder")
    return text


def install_hint(extra: str) -> str:
    """The command that installs an optional extra, in both forms: from
    PyPI, and from a clone as the README installs it.

    >>> install_hint("frames")
    "pip install 'spindetect[frames]' (in a clone: pip install -e '.[frames]')"
    """
    return f"pip install 'spindetect[{extra}]' (in a clone: pip install -e '.[{extra}]')"


class InputError(Exception):
    """Input that cannot be used; its message is one line, shown as it is."""


class DecodedText(str):
    """A ``str`` decoded from bytes, with how it was decoded.

    Attributes:
        encoding: the codec used (``"utf-8"``, ``"utf-16-le"``, ``"cp1252"``, ...).
        replaced: how many undecodable bytes became U+FFFD (0 for a clean file).
    """

    encoding: str
    replaced: int

    def __new__(cls, text: str, encoding: str, replaced: int) -> DecodedText:
        self = super().__new__(cls, text)
        self.encoding = encoding
        self.replaced = replaced
        return self

    def __reduce__(self) -> tuple[Any, tuple[str, str, int]]:
        # pickled (Dask, multiprocessing) with its attributes, not as a bare str call
        return (DecodedText, (str(self), self.encoding, self.replaced))


def _count_replacements(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with U+FFFD for bad bytes; the number of bytes replaced."""
    replaced = 0

    def handler(exc: UnicodeError) -> tuple[str, int]:
        nonlocal replaced
        assert isinstance(exc, UnicodeDecodeError)
        replaced += exc.end - exc.start
        return "\ufffd", exc.end

    name = f"spindetect-count-{id(handler)}"
    codecs.register_error(name, handler)
    return data.decode(encoding, errors=name), replaced


def decode_bytes(data: bytes, *, name: str = "input") -> DecodedText:
    """Decode a file's bytes to text by the rules in the module docstring.

    Returns a :class:`DecodedText` (a ``str``) with ``encoding`` and
    ``replaced`` (bytes replaced by U+FFFD). Replacements are logged as a
    warning naming ``name``.

    >>> decode_bytes("Moscow’s".encode("utf-8") + b" \\x97 talks")
    'Moscow’s \\ufffd talks'
    >>> decode_bytes(b"caf\\xe9").encoding
    'cp1252'
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"{name}: decode_bytes takes bytes, not {type(data).__name__}")
    data = bytes(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, replaced = _count_replacements(data[len(bom) :], encoding)
            break
    else:
        bomless = bomless_utf16(data) if b"\x00" in data[:SNIFF_BYTES] else None
        if bomless is not None:
            text, replaced = _count_replacements(data, bomless)
            encoding = bomless
            logger.warning("%s: no byte-order mark, but UTF-16 by its NUL bytes: read as %s", name, bomless.upper())
            return _decoded(text, encoding, replaced, name)
        try:
            text, encoding, replaced = data.decode("utf-8"), "utf-8", 0
        except UnicodeDecodeError:
            if _UTF8_MULTIBYTE.search(data):
                text, replaced = _count_replacements(data, "utf-8")
                encoding = "utf-8"
            else:
                text, replaced = _count_replacements(data, "cp1252")
                encoding = "cp1252"
                # said, not silent: a wrong guess shows as odd letters ("ÿþ€")
                logger.warning("%s: not UTF-8 and no UTF-8 sequence in it: read as Windows-1252", name)
    return _decoded(text, encoding, replaced, name)


def _decoded(text: str, encoding: str, replaced: int, name: str) -> DecodedText:
    """The result of :func:`decode_bytes`, its replacements logged."""
    if replaced:
        logger.warning(
            "%s: %d byte%s not valid %s, replaced with U+FFFD",
            name,
            replaced,
            " was" if replaced == 1 else "s were",
            encoding,
        )
    return DecodedText(text, encoding, replaced)


def read_text(path: str, *, stdin_used: list[bool] | None = None) -> DecodedText:
    """Read a text file, or standard input for ``-``, decoded by :func:`decode_bytes`.

    Raises :class:`InputError` with a one-line message for unreadable,
    binary (NUL bytes), over-large (> ``MAX_FILE_BYTES``) or empty input.
    ``stdin_used`` (a one-item list) lets a caller refuse ``-`` twice.
    """
    if path == "-":
        if stdin_used is not None:
            if stdin_used[0]:
                raise InputError("only one argument can be '-' (standard input)")
            stdin_used[0] = True
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        name = "standard input"
    else:
        name = path
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: split it first")
    if looks_binary(data):  # NUL bytes are normal in UTF-16
        raise InputError(f"{name} looks binary (it contains NUL bytes): pass a text file")
    text = decode_bytes(data, name=name)
    if not text.strip():
        raise InputError(f"{name} is empty")
    return text
