"""Reading collections: the documents a screening or scanning run takes.

A collection is a mapping of id to text, an iterable of ``(id, text)``
pairs, or a path read by :func:`read_collection` (a folder of documents:
``.txt``, ``.pdf``, ``.docx``, ``.html``, ``.xml`` and ``.tex`` files, read by
:func:`spindetect.read_document`; a ``.jsonl`` file or one ``.txt`` file). :func:`normalise_collection`
turns any of these into a list of ``(id, text)``; :func:`validate_collection`
splits that into the good documents and the bad ones (empty, binary,
unreadable, duplicate id, an id no file can hold), each bad one with the
message of its error row. A document that cannot be read is a
:class:`ReadError` in place of its text, never an exception that stops the run.

>>> normalise_collection({"a": "First text."}, "suspects")
[('a', 'First text.')]
>>> good, bad = validate_collection([("a", "First text."), ("a", "Again."), ("b", "")], "document")
>>> [doc_id for _, doc_id, _ in good]
['a']
>>> [message.split(":")[0] for _, _, message in bad]
["duplicate document id 'a' (item #1; first at item #0)", "document 'b' is empty or whitespace only"]
"""

from __future__ import annotations

import codecs
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..documents.reader import DOCUMENT_SUFFIXES, read_document
from ..files import InputError, bomless_utf16
from ..text import check_text
from .language import LANGUAGE_SAMPLE_CHARS
from .language import check_language as refuse_if_not_english
from .messages import failure, json_type, short

__all__ = [
    "CollectionTypeError",
    "JSONL_SUFFIXES",
    "LANGUAGE_ROLES",
    "LANGUAGE_SAMPLE_CHARS",
    "LazyTexts",
    "PathCollection",
    "ReadError",
    "ReadItems",
    "collection_items",
    "folder_files",
    "ids_to_skip",
    "iter_validated",
    "normalise_collection",
    "path_id",
    "read_collection",
    "safe_id",
    "special_files",
    "validate_collection",
]

logger = logging.getLogger("spindetect")


class ReadError(Exception):
    """A document that could not be read; screened as an error row."""


class CollectionTypeError(ValueError):
    """A path :func:`read_collection` cannot read as a collection by its
    suffix (not a folder, ``.jsonl`` or ``.txt``): how it was called, not
    what the file holds."""


#: Suffixes of the files :func:`read_collection` reads as JSON Lines.
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")

#: Roles whose documents :func:`iter_validated` checks are English, by
#: default: suspects and, in a collection screened against itself,
#: documents. :func:`spindetect.screen` itself asks for no check here: it
#: checks each suspect where it is searched and each source where it is
#: scored (:mod:`spindetect.screening.language` says why and where).
LANGUAGE_ROLES = frozenset({"suspect", "document"})


def read_collection(
    path: str | os.PathLike[str], *, id_field: str = "id", text_field: str = "text"
) -> list[tuple[str, str | ReadError]]:
    """Read ``(id, text)`` pairs from a folder of documents (searched
    recursively, the suffix in any case: ``.txt`` and the other
    :data:`~spindetect.documents.DOCUMENT_SUFFIXES`; the id is the path inside
    the folder without ``.txt``, other suffixes kept, so ``a.txt`` and
    ``a.pdf`` stay two documents; other files are skipped, with one warning
    logged naming them and why; see :func:`path_id` for names that are not
    UTF-8). A document's text is its prose as
    :meth:`spindetect.documents.DocumentText.prose` gives it: cleaned, with
    references, code, tables, equations and quotations blanked. Or a
    JSON Lines file (one object per line with ``id_field`` and
    ``text_field``) or a single ``.txt`` file (the id is its name without
    ``.txt``).

    A file or line that cannot be read gives ``(id, ReadError(...))`` instead
    of stopping: :func:`spindetect.screen` reports it as an error row. A missing path
    or a folder without ``.txt`` files raises :class:`ValueError`; an unknown
    file type, :class:`CollectionTypeError` (a ValueError). All texts are
    held in memory: :class:`PathCollection` reads the same documents one at
    a time. The list remembers which file each document came from, so that
    a duplicate id's error names both files.
    """
    items = ReadItems()
    for doc_id, text, where in PathCollection(path, id_field=id_field, text_field=text_field).located():
        items.append((doc_id, text))
        items.where.append((doc_id, where))
    return items


class ReadItems(list):  # type: ignore[type-arg]
    """:func:`read_collection`'s list of ``(id, text or ReadError)``, with
    ``where``: ``(id, path or offset)`` of each, for messages."""

    def __init__(self) -> None:
        super().__init__()
        self.where: list[tuple[str, Any]] = []


class PathCollection:
    """A collection on disk (what :func:`read_collection` reads), read one
    document at a time: iterating gives ``(id, text or ReadError)`` in the
    order of :func:`read_collection`, reading each document as it is reached,
    so memory holds one text (and, for a folder, the list of its file paths).
    Iterable again (each pass reads the files again).

    :meth:`located` also gives where each document is (a byte offset in a
    JSON Lines file, a path in a folder), and :meth:`text_at` reads it back
    from there: :class:`LazyTexts` keeps those, not the texts.

    Raises, on construction, what :func:`read_collection` raises for the
    path: ValueError (missing, unreadable, an empty folder, a UTF-16 file)
    or :class:`CollectionTypeError` (an unknown suffix).
    """

    def __init__(self, path: str | os.PathLike[str], *, id_field: str = "id", text_field: str = "text") -> None:
        for name, value in (("id_field", id_field), ("text_field", text_field)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name} must be a non-empty str (a JSON field name), got {short(value)}")
        if isinstance(path, (bytes, bytearray)) or not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
        if not str(path).strip():
            raise ValueError("path is empty: pass a folder of documents or a .jsonl file")
        self.path = p = Path(path)
        self.id_field, self.text_field = id_field, text_field
        self.files: list[Path] = []
        if p.is_dir():
            self.kind = "folder"
            self.files, skipped = folder_files(p)
            special = special_files(skipped)
            if special:
                logger.warning(
                    "%s: skipped %d %s that %s not a regular file (a named pipe, socket or device: reading it "
                    "could wait forever): %s",
                    p,
                    len(special),
                    "entry" if len(special) == 1 else "entries",
                    "is" if len(special) == 1 else "are",
                    _some_names(p, special),
                )
                skipped = [f for f in skipped if f not in set(special)]
            if skipped:
                logger.warning(
                    "%s: skipped %d file%s that %s not a document spindetect reads (%s): %s",
                    p,
                    len(skipped),
                    "" if len(skipped) == 1 else "s",
                    "is" if len(skipped) == 1 else "are",
                    ", ".join(DOCUMENT_SUFFIXES),
                    _some_names(p, skipped),
                )
            if not self.files:
                other = f" (only {len(skipped)} other files)" if skipped else ""
                raise ValueError(
                    f"{p} has no .txt files or other documents{other}: pass a folder of documents or a .jsonl file"
                )
            return
        if not p.exists():
            raise ValueError(f"{p} does not exist: pass a folder of .txt files or a .jsonl file")
        suffix = p.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            self.kind = "jsonl"
            self._start = _jsonl_start(p)
        elif suffix == ".txt":
            self.kind = "txt"
            self.files = [p]
        else:
            raise CollectionTypeError(
                f"{p}: unknown collection type {suffix or '(no suffix)'!r}: pass a folder of .txt files, a .jsonl "
                "file or a .txt file"
            )

    def __repr__(self) -> str:
        return f"PathCollection({str(self.path)!r}, {self.kind})"

    def __iter__(self) -> Iterator[tuple[str, str | ReadError]]:
        for doc_id, text, _ in self.located():
            yield doc_id, text

    def __len__(self) -> int:
        """Documents (readable or not) in the collection: files, or non-blank lines (read, not parsed)."""
        if self.kind != "jsonl":
            return len(self.files)
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self._start)
                return sum(1 for raw in fh if raw.strip())
        except OSError as exc:
            raise ValueError(f"cannot read {self.path}: {exc.strerror or exc}") from None

    def located(self) -> Iterator[tuple[str, str | ReadError, Any]]:
        """``(id, text or ReadError, where)`` of each document, read one at a time."""
        if self.kind == "jsonl":
            yield from _iter_jsonl(self.path, self._start, self.id_field, self.text_field)
        elif self.kind == "txt":
            yield path_id(self.path.stem), _read_txt(self.path), self.path
        else:
            for f in self.files:
                yield _file_id(f.relative_to(self.path)), _read_txt(f), f

    def text_at(self, where: Any) -> str | ReadError:
        """The text of the document :meth:`located` found at ``where``, read again."""
        if self.kind != "jsonl":
            return _read_txt(where)
        try:
            with open(self.path, "rb") as fh:
                fh.seek(where)
                raw = fh.readline()
        except OSError as exc:
            return ReadError(f"cannot read {self.path} again: {exc.strerror or exc}")
        return _jsonl_line(raw, self.path, -1, self.id_field, self.text_field)[1]


class LazyTexts:
    """Texts by id, read from a :class:`PathCollection` when asked: holds
    where each document is (an offset or a path, about 100 bytes a
    document), not its text. Filled with :meth:`add` as the collection is
    read; :meth:`get` gives a :class:`ReadError` if the file can no longer
    be read."""

    def __init__(self, collection: PathCollection) -> None:
        self.collection = collection
        self._where: dict[str, Any] = {}

    def add(self, doc_id: str, where: Any) -> None:
        self._where[doc_id] = where

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def get(self, doc_id: str, default: Any = None) -> str | ReadError | Any:
        """The text of ``doc_id`` read from disk; ``default`` for an id not added."""
        where = self._where.get(doc_id, _MISSING)
        return default if where is _MISSING else self.collection.text_at(where)

    def __getitem__(self, doc_id: str) -> str | ReadError:
        where = self._where[doc_id]
        return self.collection.text_at(where)

    def items(self) -> Iterator[tuple[str, str | ReadError]]:
        for doc_id, where in self._where.items():
            yield doc_id, self.collection.text_at(where)


_MISSING = object()


def folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The files :func:`read_collection` reads from ``folder`` (searched
    recursively; the suffixes of :data:`~spindetect.documents.DOCUMENT_SUFFIXES`
    in any case, ``.TXT`` too; sorted), and the other files it skips."""
    files: list[Path] = []
    skipped: list[Path] = []
    for f in folder.rglob("*"):
        if f.is_dir():
            continue
        # a named pipe, socket or device is never opened (reading a pipe
        # blocks until something writes to it): skipped, see special_files();
        # a broken link is kept, to be reported as unreadable
        regular = f.is_file() or (f.is_symlink() and not f.exists())
        if regular and f.suffix.lower() in DOCUMENT_SUFFIXES:
            files.append(f)
        else:
            skipped.append(f)
    return sorted(files), sorted(skipped)


def special_files(paths: list[Path]) -> list[Path]:
    """The paths of ``paths`` that are neither regular files nor broken
    links: named pipes (FIFOs), sockets, devices (a stat, never an open)."""
    return [f for f in paths if not f.is_file() and f.exists()]


def _some_names(folder: Path, paths: list[Path], shown: int = 3) -> str:
    names = ", ".join(path_id(f.relative_to(folder).as_posix()) for f in paths[:shown])
    return names + (", ..." if len(paths) > shown else "")


def path_id(name: str) -> str:
    """A file name as a document id every row can hold: the bytes of a name
    that is not UTF-8 (which Python reads as lone surrogates) as ``\\xNN``
    escapes, so ``caf\\xe9`` stands for the file ``caf<0xE9>.txt`` and its
    text is still read. Other names are unchanged."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def _file_id(relative: Path) -> str:
    """A document's id: its path in the folder, without ``.txt`` (other suffixes kept)."""
    return path_id((relative.with_suffix("") if relative.suffix.lower() == ".txt" else relative).as_posix())


def _read_txt(path: Path) -> str | ReadError:
    try:  # read as `spindetect scan FILE` reads it
        # a plain str (Dask ships the texts to its workers)
        return str(read_document(str(path)).prose())
    except InputError as exc:
        return ReadError(str(exc))
    except Exception as exc:  # one bad document never stops a run
        return ReadError(failure(f"reading {short(str(path))}", exc))


def _jsonl_start(path: Path) -> int:
    """Where the lines of a JSON Lines file start (after a UTF-8 BOM). Raises
    ValueError for a file that cannot be opened or is UTF-16/32."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    # also the UTF-32 marks; and UTF-16 without a mark, told by its NUL bytes
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or bomless_utf16(head):
        raise ValueError(f"{path} is UTF-16 or UTF-32: JSON Lines must be UTF-8; convert the file first")
    return len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0


def _iter_jsonl(path: Path, start: int, id_field: str, text_field: str) -> Iterator[tuple[str, str | ReadError, int]]:
    """``(id, text, byte offset of the line)`` per line. The file is read as bytes and split at
    ``b"\\n"`` only, and each line is decoded on its own: a line that is not
    UTF-8 (JSON Lines are UTF-8 by definition) becomes one error row naming
    its line and byte, and every other line is kept. Such a line is refused
    rather than decoded with U+FFFD because its id could be the damaged part:
    a silently changed id would not match on resume or in the results."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        fh.seek(start)
        offset = start
        for lineno, raw in enumerate(fh, 1):  # binary files split at b"\n" only
            here, offset = offset, offset + len(raw)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield (*_jsonl_line(raw, path, lineno, id_field, text_field), here)
                continue
            if line.strip():
                yield (*_jsonl_item(line, path, lineno, f"{path_id(path.name)}:{lineno}", id_field, text_field), here)


def _jsonl_line(raw: bytes, path: Path, lineno: int, id_field: str, text_field: str) -> tuple[str, str | ReadError]:
    """One line of a JSON Lines file as ``(id, text or ReadError)``."""
    where = f"{path_id(path.name)}:{lineno}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 4]
        return where, ReadError(
            f"{path}, line {lineno}: not UTF-8 (byte {exc.start + 1} of the line, {bad!r}...): "
            "JSON Lines must be UTF-8; fix this line"
        )
    return _jsonl_item(line, path, lineno, where, id_field, text_field)


def _jsonl_item(
    line: str, path: Path, lineno: int, where: str, id_field: str, text_field: str
) -> tuple[str, str | ReadError]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return where, ReadError(f"{path}, line {lineno}: not JSON ({exc.msg})")
    except RecursionError:
        return where, ReadError(
            f"{path}, line {lineno}: JSON nested too deeply to read; expected {{'id': ..., 'text': ...}}"
        )
    if not isinstance(obj, dict):
        return where, ReadError(
            f"{path}, line {lineno}: expected a JSON object ({{{id_field!r}: ..., {text_field!r}: ...}}), "
            f"not {json_type(obj)}"
        )
    doc_id = obj.get(id_field)
    if isinstance(doc_id, (int, float)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id:
        if id_field not in obj:
            problem = f"no {id_field!r} field"
        elif isinstance(doc_id, str):
            problem = f"the {id_field!r} field is empty"
        else:
            problem = f"the {id_field!r} field is {json_type(doc_id)}"
        return where, ReadError(f"{path}, line {lineno}: {problem} (an id: a non-empty string or number)")
    text = obj.get(text_field)
    if not isinstance(text, str):
        if text_field not in obj:
            return doc_id, ReadError(f"{path}, line {lineno}: {text_field!r} is missing (the text, a string)")
        return doc_id, ReadError(f"{path}, line {lineno}: {text_field!r} must be a string, not {json_type(text)}")
    return doc_id, text


def normalise_collection(items: Any, name: str) -> list[tuple[str, str | ReadError]]:
    """A collection argument (a mapping, ``(id, text)`` pairs or a path) as
    a list of ``(id, text or ReadError)``; ``name`` is the argument's name in
    messages. An item that is not an ``(id, text)`` pair, or whose id is not
    a non-empty str, becomes ``("#n", ReadError)``. Raises :class:`TypeError`
    for bytes, a str that is no existing path and looks like a text, or
    anything not iterable, and ValueError for a missing path (an
    ``os.PathLike``, or a one-line str that ends in a data file's suffix or
    has a ``/`` and no white space). :func:`collection_items` gives the
    same items one at a time."""
    return [(doc_id, text) for doc_id, text, _ in collection_items(items, name)]


#: File name suffixes that make a str a path, not a text, in messages: the
#: collections and documents read here, and data files passed by mistake.
_PATH_SUFFIXES = (*JSONL_SUFFIXES, *DOCUMENT_SUFFIXES, ".csv", ".tsv", ".gz")


def _looks_like_a_path(s: str) -> bool:
    """A one-line str that ends in a data file's suffix, or has a folder
    separator and no white space: read as a path (ValueError "does not
    exist" when missing, as for an ``os.PathLike``), not as a text passed by
    mistake (TypeError)."""
    if "\n" in s or len(s) >= 4096:
        return False
    return s.lower().endswith(_PATH_SUFFIXES) or ((os.sep in s or "/" in s) and not any(c.isspace() for c in s))


def collection_items(items: Any, name: str) -> Iterator[tuple[str, str | ReadError, Any]]:
    """:func:`normalise_collection`'s items one at a time, each with where it
    is (see :meth:`PathCollection.located`; None for a collection in memory):
    a path or :class:`PathCollection` is read as it is iterated. The
    argument is checked at once (the errors of :func:`normalise_collection`)."""
    if isinstance(items, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"{name} is {type(items).__name__}, not a collection: decode a path with .decode(), or pass a mapping of "
            "id to text (decode each text first, e.g. data.decode('utf-8'))"
        )
    if isinstance(items, (str, os.PathLike)):
        if isinstance(items, str) and not os.path.exists(items) and not _looks_like_a_path(items):
            raise TypeError(
                f"{name} is a str that is not an existing path ({items[:40]!r}...): pass a mapping of id to text, "
                "(id, text) pairs, or the path of a folder or .jsonl file"
            )
        items = PathCollection(items)
    if isinstance(items, PathCollection):
        return items.located()
    if isinstance(items, ReadItems) and len(items.where) == len(items):
        return _checked_pairs(items, name, items.where)
    if isinstance(items, Mapping):
        pairs: Iterable[Any] = items.items()
    elif isinstance(items, Iterable):
        pairs = items
    else:
        raise TypeError(
            f"{name} must be a mapping of id to text, (id, text) pairs or a path, not {type(items).__name__}"
        )
    return _checked_pairs(pairs, name)


def _checked_pairs(
    pairs: Iterable[Any], name: str, where: Sequence[tuple[str, Any]] = ()
) -> Iterator[tuple[str, str | ReadError, Any]]:
    for n, item in enumerate(pairs):
        if isinstance(item, tuple) and len(item) == 2:
            doc_id, text = item
        else:
            yield f"#{n}", ReadError(f"{name} item #{n} is not an (id, text) pair: {short(item)}"), None
            continue
        if not isinstance(doc_id, str) or not doc_id:
            yield (
                f"#{n}",
                ReadError(
                    f"{name} item #{n}: id must be a non-empty str, got {short(doc_id)}; convert it, e.g. str(id)"
                ),
                None,
            )
            continue
        # where the item was read from, if it is still the item read there
        yield doc_id, text, where[n][1] if n < len(where) and where[n][0] == doc_id else None


def ids_to_skip(skip: Any, name: str) -> set[str]:
    """``skip`` (ids already done, when resuming a run) as a set; raises
    :class:`TypeError` naming ``name`` for a lone str (a set of letters) or
    anything not iterable."""
    if isinstance(skip, (str, bytes)) or not isinstance(skip, Iterable):
        raise TypeError(f"{name} must be a collection of ids (e.g. a set of str), not {type(skip).__name__}")
    return set(skip)


def validate_collection(
    items: Iterable[tuple[Any, ...]], role: str, *, check_language: bool = False
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Split :func:`normalise_collection`'s items (or :func:`collection_items`'s,
    whose files a duplicate id's message names) into good ``(position, id,
    text)`` and bad ``(position, id, message)``: a bad id, a :class:`ReadError`,
    a duplicate id (the first one is kept) or a text :func:`~spindetect.text.check_text`
    refuses. ``role`` names the documents in messages ("suspect", "source",
    "document"). Any exception while checking one document is its message.
    With ``check_language``, a text that is not English is bad too (see
    :func:`iter_validated`; not by default: :func:`spindetect.scan_collection`
    leaves that to the scanner, which checks it). :func:`iter_validated`
    checks them one at a time."""
    good: list[tuple[int, str, str]] = []
    bad: list[tuple[int, str, str]] = []
    located = ((item[0], item[1], item[2] if len(item) > 2 else None) for item in items)
    for pos, doc_id, text, problem, _ in iter_validated(located, role, check_language=check_language):
        if problem is None:
            good.append((pos, doc_id, text))  # type: ignore[arg-type]
        else:
            bad.append((pos, doc_id, problem))
    return good, bad


def iter_validated(
    items: Iterable[tuple[str, Any, Any]], role: str, *, check_language: bool | None = None
) -> Iterator[tuple[int, str, str | None, str | None, Any]]:
    """:func:`validate_collection` one item at a time: for each ``(id, text,
    where)`` of :func:`collection_items`, ``(position, id, text, None, where)``
    if it is good, else ``(position, id, None, message, where)``. Holds the
    ids seen (to find duplicates), not the texts.

    ``check_language``: also refuse a text that is not English
    (:func:`spindetect.text.check_english`, the check of ``score`` and
    ``scan``, on its first :data:`LANGUAGE_SAMPLE_CHARS` characters; the
    message names the role and id: "suspect 'x' does not look like
    English ..."). None (the default): for the roles of
    :data:`LANGUAGE_ROLES`."""
    if check_language is None:
        check_language = role in LANGUAGE_ROLES
    first: dict[str, tuple[int, Any]] = {}
    for pos, (doc_id, text, where) in enumerate(items):
        problem = _id_problem(doc_id, role)
        if problem is not None:
            yield pos, safe_id(doc_id), None, problem, where
            continue
        if isinstance(text, BaseException):
            yield pos, doc_id, None, str(text), where
            continue
        if doc_id in first:
            first_pos, first_where = first[doc_id]
            yield (
                pos,
                doc_id,
                None,
                f"duplicate {role} id {doc_id!r} (item #{pos}{_file_of(where)}; first at item #{first_pos}"
                f"{_file_of(first_where)}): skipped, ids must be unique"
                + (": rename one file" if isinstance(where, Path) else ""),
                where,
            )
            continue
        first[doc_id] = (pos, where)
        try:
            check_text(text, name=f"{role} {doc_id!r}")
            if check_language:
                refuse_if_not_english(text, f"{role} {short(doc_id)}")
        except (TypeError, ValueError) as exc:
            yield pos, doc_id, None, str(exc), where
            continue
        except Exception as exc:  # one bad document never stops a run
            yield pos, doc_id, None, failure(f"checking {role} {short(doc_id)}", exc), where
            continue
        yield pos, doc_id, text, None, where


def _file_of(where: Any) -> str:
    """ ", file PATH" for a document read from a file (``where`` a path), else ""."""
    return f", file {safe_id(str(where))}" if isinstance(where, Path) else ""


def safe_id(doc_id: str) -> str:
    """``doc_id`` as it can be written to a UTF-8 file: lone surrogates
    (which no UTF-8 file can hold) as ``\\udXXX`` escapes. The id of the
    error row reporting such a document."""
    try:
        doc_id.encode("utf-8")
        return doc_id
    except UnicodeEncodeError:
        return doc_id.encode("utf-8", "backslashreplace").decode("utf-8")


def _id_problem(doc_id: str, role: str) -> str | None:
    """Why an id cannot be written to a row (and so resumed), or None.

    Every other id round-trips through JSONL and CSV rows: line breaks of
    any kind, NUL, very long ids (see :func:`spindetect.screening.rows.read_rows`)."""
    if safe_id(doc_id) != doc_id:
        return (
            f"{role} id {short(doc_id)} has a lone surrogate: it is not valid Unicode and cannot be written to "
            "a UTF-8 file; fix the id (e.g. decode its bytes with errors='replace')"
        )
    return None
