"""Saving and loading a :class:`~spindetect.screening.index.SourceIndex`.

A saved index is a directory: ``header.json`` (format name and version,
the spindetect version, parameters, MinHash scheme, counts, and every other
file's size and SHA-256), ``ids.jsonl`` (one JSON string per line) and
NumPy arrays (``signatures.npy``, ``offsets.npy``, ``shingles.npy`` and,
from format version 2, the sorted LSH band table ``band_keys.npy`` and
``band_docs.npy``); no pickle. Version 1 indexes (no band table: it is
rebuilt on first use) are still read. The arrays can be read memory-mapped
(``mmap=True``): an index far larger than memory is then searched with only
the pages a query touches read from disk. Everything read is checked before it is used, and a file that is
not what the header says raises :class:`IndexFormatError` naming it and
saying what to do. Writing goes through a temporary directory next to the
target, so an interrupted save leaves the old index (or nothing).

:meth:`SourceIndex.save <spindetect.screening.index.SourceIndex.save>` calls
:func:`check_target` then :func:`write_state`; :meth:`SourceIndex.load
<spindetect.screening.index.SourceIndex.load>` calls :func:`check_files`,
checks the parameters, then :func:`read_contents`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from .._version import __version__
from ..resources.data import DataFormatError
from .messages import short

__all__ = [
    "FILES",
    "FILES_V1",
    "NPY_HEADER_BYTES",
    "finish_directory",
    "finish_npy",
    "start_npy",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "IndexFormatError",
    "READABLE_VERSIONS",
    "TEXT_NORMALIZATION",
    "SOURCES_SCHEME",
    "check_files",
    "document_hash",
    "sources_entry",
    "sources_fingerprint",
    "text_normalization",
    "check_target",
    "read_contents",
    "write_state",
]

#: Name and version written in every saved index's ``header.json``.
FORMAT_NAME = "spindetect-source-index"
FORMAT_VERSION = 2
#: Format versions this spindetect reads (1: no saved band table).
READABLE_VERSIONS = (1, 2)

#: How the indexed texts were read, written as ``"normalization"`` in
#: ``header.json``: 1, through :func:`spindetect.normalization.normalize`
#: (invisible characters removed, ligatures and full-width letters expanded,
#: look-alike letters read as Latin, HTML undone), as score and scan read
#: them. Headers without it were written before: their documents were
#: fingerprinted as typed. That changes no fingerprint of plain text, so
#: such an index still loads (the format version is unchanged), with a
#: warning that disguised documents in it are best indexed again. 2: also
#: combining accents sprinkled into English words read through (and
#: decomposed accents composed), since 2026-12-01; an index of 1 loads
#: with the same warning.
TEXT_NORMALIZATION = 2

#: How ``"sources"`` in ``header.json`` fingerprints the documents indexed:
#: the sum modulo 2**128 of :func:`document_hash` of each, so it does not
#: depend on their order and shards built apart add up. Written since
#: spindetect checks a reused index against its sources (by ids, and by
#: content with this); a header without it (older) loads, and only its ids
#: are checked. Hashing the 20,696 benchmark sources (16 MB) takes 0.04 s.
SOURCES_SCHEME = "sum of blake2b-128 of (id, text) mod 2**128"
_SOURCES_MOD = 1 << 128


def document_hash(doc_id: str, text: str) -> int:
    """A 128-bit hash of one document: its id's UTF-8 bytes (length first,
    so no id and text split the same bytes two ways) and its text's, as
    given (before normalisation). The terms of :data:`SOURCES_SCHEME`."""
    raw_id = doc_id.encode("utf-8", "surrogatepass")
    h = hashlib.blake2b(len(raw_id).to_bytes(8, "little"), digest_size=16)
    h.update(raw_id)
    h.update(text.encode("utf-8", "surrogatepass"))
    return int.from_bytes(h.digest(), "little")


def sources_entry(total: int) -> dict[str, str]:
    """The ``"sources"`` entry of a header for ``total``, the sum of the
    :func:`document_hash` of the documents indexed (any int; reduced)."""
    return {"scheme": SOURCES_SCHEME, "fingerprint": f"{total % _SOURCES_MOD:032x}"}


def sources_fingerprint(header: dict[str, Any]) -> int | None:
    """The sum stored by :func:`sources_entry` in ``header``, or None when
    the header has none (written before it was stored) or of another scheme."""
    entry = header.get("sources")
    if not isinstance(entry, dict) or entry.get("scheme") != SOURCES_SCHEME:
        return None
    try:
        return int(entry["fingerprint"], 16) % _SOURCES_MOD
    except (KeyError, TypeError, ValueError):
        return None


#: The files of a saved index of format version 1, the header first.
FILES_V1 = ("header.json", "ids.jsonl", "signatures.npy", "offsets.npy", "shingles.npy")
#: The files of a saved index (format version 2), the header first.
FILES = (*FILES_V1, "band_keys.npy", "band_docs.npy")

#: Bytes of the ``.npy`` header that :func:`start_npy` reserves, so an
#: array of unknown length can be appended to and its shape written last.
NPY_HEADER_BYTES = 128


def _files_of(header: dict[str, Any]) -> tuple[str, ...]:
    return FILES_V1 if header.get("version") == 1 else FILES


class IndexFormatError(DataFormatError):
    """A saved index that cannot be read; the message names the file."""


def check_target(path: str | os.PathLike[str], *, overwrite: bool) -> tuple[Path, bool]:
    """Where to save an index, and whether something is there already.

    An existing ``path`` is accepted only with ``overwrite=True``, and only
    if it is a saved index (it has this format's ``header.json``) or an
    empty directory. ``""``, ``"."`` and ``".."`` are refused (they name no
    directory of the index's own). Raises ValueError or FileExistsError."""
    raw = os.fspath(path)
    target = Path(path)
    if not str(raw).strip() or target.name in ("", ".", ".."):
        raise ValueError(
            f"path {raw!r} names no directory of the index's own: pass a new directory, e.g. 'sources.index'"
        )
    existing = target.exists() or target.is_symlink()
    if existing:
        if not overwrite:
            raise FileExistsError(f"{target} already exists: pass overwrite=True or choose another path")
        _check_replaceable(target)
    return target, existing


def write_state(path: Path, existing: bool, state: dict[str, Any]) -> None:
    """Write an index's state (``SourceIndex.__getstate__``: header, ids and
    arrays, the band table included) to ``path`` as checked by
    :func:`check_target`. Over an existing index only the index's own files
    are replaced, the header last; anything else in the directory is left
    alone."""
    parent = path if existing else path.parent
    parent.mkdir(parents=True, exist_ok=True)
    # Written next to (or, over an index, inside) the target: os.replace stays on one file system.
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=parent))
    try:
        with open(tmp / "ids.jsonl", "w", encoding="utf-8", newline="\n") as fh:
            for doc_id in state["ids"]:
                fh.write(json.dumps(doc_id, ensure_ascii=False) + "\n")
        for name in ("signatures", "offsets", "shingles", "band_keys", "band_docs"):
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(state[name]), allow_pickle=False)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finish_directory(tmp, path, existing, state["header"])


def finish_directory(tmp: Path, path: Path, existing: bool, header: dict[str, Any]) -> None:
    """Complete the index written in the temporary directory ``tmp`` (every
    file but the header): record each file's size and SHA-256 in
    ``header``, write it, and move the files to ``path`` (the header last
    over an existing index). ``tmp`` is removed if anything fails."""
    try:
        header["files"] = {
            name: {"bytes": (tmp / name).stat().st_size, "sha256": _sha256(tmp / name)} for name in FILES[1:]
        }
        with open(tmp / "header.json", "w", encoding="utf-8") as fh:
            json.dump(header, fh, indent=2)
            fh.write("\n")
        if existing:
            # The header last: until it is replaced, the old header's sizes and
            # SHA-256 refuse a half-replaced index on load.
            for name in (*FILES[1:], FILES[0]):
                os.replace(tmp / name, path / name)
            tmp.rmdir()
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def start_npy(path: Path) -> Any:
    """Open ``path`` for appending an array's raw bytes after a reserved
    header of :data:`NPY_HEADER_BYTES` (written by :func:`finish_npy` once
    the shape is known). Returns the open binary file."""
    fh = open(path, "wb")
    fh.write(b"\0" * NPY_HEADER_BYTES)
    return fh


def finish_npy(path: Path, dtype: np.dtype, shape: tuple[int, ...]) -> None:
    """Write the ``.npy`` (version 1.0) header of the array appended to
    ``path`` by :func:`start_npy`, padded to :data:`NPY_HEADER_BYTES`."""
    dtype = np.dtype(dtype)
    text = repr({"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": tuple(shape)})
    room = NPY_HEADER_BYTES - 10 - 1
    if len(text) > room:
        raise ValueError(f"shape {shape} does not fit a {NPY_HEADER_BYTES}-byte .npy header")
    body = (text + " " * (room - len(text)) + "\n").encode("latin1")
    expected = NPY_HEADER_BYTES + dtype.itemsize * math.prod(shape)
    size = path.stat().st_size
    if size != expected:
        raise ValueError(f"{path} holds {size:,} bytes, shape {shape} {dtype} needs {expected:,}")
    with open(path, "r+b") as fh:
        fh.write(b"\x93NUMPY\x01\x00" + len(body).to_bytes(2, "little") + body)


def check_files(path: Path, *, verify: bool) -> dict[str, Any]:
    """The header of the index saved in ``path``, after checking it (format,
    version, counts) and every file's size and, with ``verify=True``, its
    SHA-256. Raises :class:`IndexFormatError`."""
    if not path.is_dir():
        what = "does not exist" if not path.exists() else "is not a directory"
        raise IndexFormatError(f"{path} {what}: pass the directory written by SourceIndex.save()")
    head_path = path / "header.json"
    header = _read_header(head_path)
    files = header.get("files")
    if not isinstance(files, dict):
        raise IndexFormatError(f"{head_path}: no 'files' table; the index is incomplete, save it again")
    for name in _files_of(header)[1:]:
        fpath = path / name
        meta = files.get(name)
        if not isinstance(meta, dict):
            raise IndexFormatError(f"{head_path}: no entry for {name}; save the index again")
        if not fpath.is_file():
            raise IndexFormatError(f"{fpath} is missing: the index is incomplete, save it again")
        size = fpath.stat().st_size
        if size != meta.get("bytes"):
            raise IndexFormatError(
                f"{fpath} has {size:,} bytes, the header says {meta.get('bytes')!r}: "
                "the file is truncated or was changed; save the index again"
            )
        if verify and _sha256(fpath) != meta.get("sha256"):
            raise IndexFormatError(
                f"{fpath} does not match its SHA-256 in header.json: the file is corrupt; save the index again"
            )
    return header


def read_contents(path: Path, header: dict[str, Any], config: Any, *, mmap: bool = False) -> dict[str, Any]:
    """The ids and arrays of the index saved in ``path`` (whose header
    :func:`check_files` returned), after checking that they agree with each
    other, with the header and with ``config`` (its ``num_perm`` and
    ``bands``): a dict of ``ids``, ``signatures``, ``offsets``,
    ``shingles``, ``band_keys`` and ``band_docs`` (None for a version 1
    index). With ``mmap=True`` the arrays are read-only memory maps.
    Raises :class:`IndexFormatError`."""
    ids = _read_ids(path / "ids.jsonl")
    names = ["signatures", "offsets", "shingles"]
    if header.get("version") != 1:
        names += ["band_keys", "band_docs"]
    arrays: dict[str, Any] = {name: _read_array(path / f"{name}.npy", mmap) for name in names}
    n = header["counts"]["documents"]
    num_perm = config.num_perm
    sig, off, sh = arrays["signatures"], arrays["offsets"], arrays["shingles"]
    checks = [
        (len(ids) == n, "ids.jsonl", f"{len(ids):,} ids, the header says {n:,} documents"),
        (
            sig.dtype == np.uint32 and sig.shape == (n, num_perm),
            "signatures.npy",
            f"shape {sig.shape} {sig.dtype}, expected ({n}, {num_perm}) uint32",
        ),
        (
            off.dtype == np.int64 and off.shape == (n + 1,),
            "offsets.npy",
            f"shape {off.shape} {off.dtype}, expected ({n + 1},) int64",
        ),
        (
            sh.dtype == np.uint32 and sh.ndim == 1,
            "shingles.npy",
            f"{sh.dtype} with {sh.ndim} dimensions, expected uint32 1-D",
        ),
    ]
    if "band_keys" in arrays:
        keys, docs = arrays["band_keys"], arrays["band_docs"]
        shape = (config.bands, n) if config.lsh == "arrays" else (0, 0)
        checks += [
            (
                keys.dtype == np.uint32 and keys.shape == shape,
                "band_keys.npy",
                f"shape {keys.shape} {keys.dtype}, expected {shape} uint32",
            ),
            (
                docs.dtype in (np.int32, np.int64) and docs.shape == shape,
                "band_docs.npy",
                f"shape {docs.shape} {docs.dtype}, expected {shape} int32 or int64",
            ),
        ]
    shingles = header["counts"].get("shingles", len(sh))
    checks.append((shingles == len(sh), "shingles.npy", f"{len(sh):,} shingles, the header says {shingles:,}"))
    for ok, name, problem in checks:
        if not ok:
            raise IndexFormatError(f"{path / name}: {problem}; save the index again")
    if off[0] != 0 or off[-1] != len(sh) or (len(off) > 1 and bool((np.diff(off) < 0).any())):
        raise IndexFormatError(f"{path / 'offsets.npy'}: offsets do not partition shingles.npy; save the index again")
    docs = arrays.get("band_docs")
    if docs is not None and docs.size and (int(docs.min()) < 0 or int(docs.max()) >= n):
        raise IndexFormatError(f"{path / 'band_docs.npy'}: positions out of range; save the index again")
    arrays["ids"] = ids
    arrays.setdefault("band_keys", None)
    arrays.setdefault("band_docs", None)
    return arrays


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _check_replaceable(path: Path) -> None:
    """Raise FileExistsError unless ``path`` is a saved index or an empty
    directory: :meth:`SourceIndex.save` never deletes what it did not write."""
    if not path.is_dir():
        raise FileExistsError(
            f"{path} exists and is not a directory: refusing to replace it with an index; choose another path"
        )
    if not any(path.iterdir()):
        return
    head = path / FILES[0]
    try:
        header = json.loads(head.read_text(encoding="utf-8")) if head.is_file() else None
    except (OSError, UnicodeDecodeError, RecursionError, ValueError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise FileExistsError(
            f"{path} exists and is not a saved SourceIndex (no readable {FILES[0]} of format {FORMAT_NAME!r}): "
            "refusing to overwrite a folder the index did not write; choose another path"
        )


def _read_header(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise IndexFormatError(f"{path} is missing: {path.parent} is not a saved SourceIndex")
    try:
        header = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexFormatError(f"{path}: not a readable JSON header ({exc})") from None
    except RecursionError:
        raise IndexFormatError(
            f"{path}: JSON nested too deeply, not a SourceIndex header; save the index again"
        ) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        got = header.get("format") if isinstance(header, dict) else type(header).__name__
        raise IndexFormatError(f"{path}: format is {got!r}, expected {FORMAT_NAME!r}; this is not a SourceIndex")
    if header.get("version") not in READABLE_VERSIONS:
        raise IndexFormatError(
            f"{path}: format version {header.get('version')!r}, this spindetect ({__version__}) reads versions "
            f"{', '.join(map(str, READABLE_VERSIONS))}; rebuild the index with this version "
            "(SourceIndex.save, or spindetect.screening.building.build_index)"
        )
    counts = header.get("counts")
    if not isinstance(counts, dict) or not isinstance(header.get("params"), dict):
        raise IndexFormatError(f"{path}: header has no counts or params table; save the index again")
    for field in ("documents", "shingles"):
        value = counts.get(field)
        if field in counts or field == "documents":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise IndexFormatError(
                    f"{path}: counts.{field} must be a count (an int >= 0), got {short(value)}; save the index again"
                )
    return header


def text_normalization(header: dict[str, Any], path: Path) -> int:
    """How the texts of the index whose ``header`` is read from ``path``
    were normalised (see :data:`TEXT_NORMALIZATION`; 0: as typed, before
    it was recorded). Raises :class:`IndexFormatError` for a value that is
    not a count."""
    value = header.get("normalization", 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise IndexFormatError(f"{path}: normalization must be an int >= 0, got {short(value)}; save the index again")
    return value


def _read_ids(path: Path) -> list[str]:
    """The ids of ``ids.jsonl``, one JSON string a line, each checked; a
    line that is not one raises :class:`IndexFormatError` naming it. The
    whole file is parsed at once first (0.005-0.012 s for the benchmark's
    20,696 ids, against 0.037-0.042 s a line at a time: a screening run
    reusing an index, and each Dask worker it is sent to, loads them), and
    read again line by line only to find what is wrong."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        if lines and not lines[-1]:
            lines.pop()
        ids = json.loads("[" + ",".join(lines) + "]")
        if len(ids) == len(lines) and all(type(d) is str and d for d in ids) and len(set(ids)) == len(ids):
            return ids
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError: found again below
        pass
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexFormatError(f"{path}: cannot read ids ({exc})") from None
    return _read_ids_by_line(path)


def _read_ids_by_line(path: Path) -> list[str]:
    ids: list[str] = []
    seen: set[str] = set()
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                try:
                    doc_id = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise IndexFormatError(f"{path}, line {lineno}: not JSON ({exc.msg})") from None
                except RecursionError:
                    raise IndexFormatError(f"{path}, line {lineno}: JSON nested too deeply, not an id") from None
                if not isinstance(doc_id, str) or not doc_id:
                    raise IndexFormatError(
                        f"{path}, line {lineno}: id must be a non-empty JSON string, got {short(doc_id)}"
                    )
                if doc_id in seen:
                    raise IndexFormatError(f"{path}, line {lineno}: duplicate id {doc_id!r}")
                seen.add(doc_id)
                ids.append(doc_id)
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexFormatError(f"{path}: cannot read ids ({exc})") from None
    return ids


def _read_array(path: Path, mmap: bool = False) -> np.ndarray:
    """A ``.npy`` array, after checking that its header's shape and dtype
    match the bytes in the file: a tampered header claiming 1e10 items is
    refused before anything is allocated."""
    try:
        with open(path, "rb") as fh:
            version = np.lib.format.read_magic(fh)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(fh)
            else:
                raise ValueError(f".npy format version {version} (SourceIndex.save writes 1.0)")
            data_bytes = os.fstat(fh.fileno()).st_size - fh.tell()
        if dtype.hasobject:
            raise ValueError(f"dtype {dtype} holds Python objects")
        expected = dtype.itemsize * math.prod(shape)
        if expected != data_bytes:
            raise ValueError(
                f"the header claims shape {shape} {dtype} ({expected:,} bytes), the file has {data_bytes:,}"
            )
        return np.load(path, allow_pickle=False, mmap_mode="r" if mmap else None)
    except (OSError, ValueError, EOFError) as exc:
        raise IndexFormatError(f"{path}: not a readable NumPy array ({exc}); save the index again") from None
