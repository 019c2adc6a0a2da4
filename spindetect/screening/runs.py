"""Resuming a run of rows: what the rows were produced from, and what is left.

``spindetect screen --out rows.jsonl`` resumes when run again: the rows
already in ``rows.jsonl`` say which suspects and pairs are done. That is only
right if they were produced from the same collections with the same
settings; rows of another collection would be kept by id and the new
collection's documents with those ids never screened. So the run writes a
*record* beside its rows (``rows.jsonl.run.json``: the command, a fingerprint
of each input's content, and the settings that change rows), and a resume
whose record differs is refused with a :class:`ResumeMismatch` naming what
changed (``--overwrite`` starts over instead):

>>> old = run_record("screen", {"--suspects": "a" * 32}, {"top": 3})
>>> new = run_record("screen", {"--suspects": "b" * 32}, {"top": 5})
>>> differences(old, new)
['--suspects is not the same collection (content aaaaaaaaaaaa..., now bbbbbbbbbbbb...)', 'top was 3, now 5']

:func:`resume_plan` reads the rows already written into what
:func:`~spindetect.screening.driver.iter_screen` skips.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .reading import folder_files
from .rows import ERROR

__all__ = [
    "RECORD_FORMAT",
    "RECORD_SUFFIX",
    "ResumeMismatch",
    "ResumePlan",
    "check_record",
    "differences",
    "fingerprint",
    "read_record",
    "record_path",
    "resume_plan",
    "run_record",
    "same_collection",
    "write_record",
]

logger = logging.getLogger("spindetect")

#: Name of a run's record: the rows' file name plus this suffix.
RECORD_SUFFIX = ".run.json"
#: Format tag of a record, checked on reading.
RECORD_FORMAT = "spindetect-run/1"
#: Bytes read at a time while fingerprinting.
_BLOCK = 1 << 20


class ResumeMismatch(ValueError):
    """Rows in ``--out`` were produced from other inputs or settings than
    this run's, or their record cannot be read: resuming would keep rows
    that do not belong to this run."""


def fingerprint(path: str | os.PathLike[str]) -> str:
    """A 32-hex-digit BLAKE2b digest of a collection's content: the bytes of
    a file, or of a folder the relative path and bytes of every document
    :func:`~spindetect.screening.reading.read_collection` reads (other files
    are left out). Reads every byte once (about 1 GB/s); the same content
    under another path or date has the same fingerprint.

    Raises ValueError naming the path if it does not exist or cannot be read."""
    p = Path(path)
    h = hashlib.blake2b(digest_size=16)
    try:
        if p.is_dir():
            files, _ = folder_files(p)
            for f in files:
                h.update(os.fsencode(f.relative_to(p).as_posix()) + b"\0")
                _hash_file(h, f)
                h.update(b"\0")
        else:
            _hash_file(h, p)
    except OSError as exc:
        raise ValueError(f"cannot read {p} to fingerprint it: {exc.strerror or exc}") from None
    return h.hexdigest()


def same_collection(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether the paths ``a`` and ``b`` hold the same collection: the same
    file or folder (another spelling of the path, a link to it), or files or
    folders of the same content (same :func:`fingerprint`: the same
    documents under the same ids, as a copied folder). ``spindetect screen
    --suspects X --sources X`` screens X against itself then, as without
    ``--sources``, so that no document is matched with itself. A missing
    or unreadable path is the same as nothing."""
    pa, pb = Path(a), Path(b)
    try:
        if os.path.samefile(pa, pb):
            return True
        if pa.is_dir() != pb.is_dir():
            return False
        if _shape(pa) != _shape(pb):  # told apart without reading them (the usual case)
            return False
        return fingerprint(pa) == fingerprint(pb)
    except (OSError, ValueError):
        return False


def _shape(path: Path) -> Any:
    """What two copies of one collection share and other collections
    seldom do: a file's suffix and size; a folder's documents' relative
    paths and sizes."""
    if not path.is_dir():
        return path.suffix.lower(), path.stat().st_size
    return [(f.relative_to(path).as_posix(), f.stat().st_size) for f in folder_files(path)[0]]


def _hash_file(h: Any, path: Path) -> None:
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            h.update(block)


def run_record(command: str, inputs: Mapping[str, str | None], settings: Mapping[str, Any]) -> dict[str, Any]:
    """A record of a run: ``command`` ("screen"), ``inputs`` (option name to
    the :func:`fingerprint` of its collection, None when not given) and the
    ``settings`` that change rows (JSON values)."""
    from .._version import __version__

    return {
        "format": RECORD_FORMAT,
        "command": command,
        "inputs": dict(inputs),
        "settings": dict(settings),
        "spindetect": __version__,
    }


def record_path(out: str | os.PathLike[str]) -> Path:
    """Where the record of the rows in ``out`` is kept: ``out`` + :data:`RECORD_SUFFIX`."""
    return Path(str(out) + RECORD_SUFFIX)


def read_record(out: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The record of the rows in ``out``; None if there is none (rows
    written before records were kept). Raises :class:`ResumeMismatch` for a
    record that is not one (not JSON, another format)."""
    path = record_path(out)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ResumeMismatch(f"cannot read {path}, the record of {out}: {exc.strerror or exc}") from None
    try:
        rec = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        rec = None
    if not isinstance(rec, dict) or rec.get("format") != RECORD_FORMAT:
        raise ResumeMismatch(
            f"{path}, the record of what {out} was produced from, is not a spindetect run record "
            f"({RECORD_FORMAT}): pass --overwrite to start over, or choose another --out"
        )
    return rec


def write_record(out: str | os.PathLike[str], record: Mapping[str, Any]) -> None:
    """Write ``record`` beside ``out`` (a temporary file renamed over the
    old record, so a reader sees the old or the new one). OSError naming it."""
    path = record_path(out)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise OSError(f"cannot write {path}, the record of {out}: {exc.strerror or exc}") from None


def differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What differs between two records, one phrase each (empty: the same
    run). The spindetect version is not compared."""
    out: list[str] = []
    if old.get("command") != new.get("command"):
        out.append(f"rows of 'spindetect {old.get('command')}', this is 'spindetect {new.get('command')}'")
    old_in, new_in = old.get("inputs") or {}, new.get("inputs") or {}
    for name in sorted(set(old_in) | set(new_in)):
        a, b = old_in.get(name), new_in.get(name)
        if a == b:
            continue
        if a is None or b is None:
            out.append(
                f"{name} was {'not given' if a is None else 'given'}, now {'not given' if b is None else 'given'}"
            )
        else:
            out.append(f"{name} is not the same collection (content {str(a)[:12]}..., now {str(b)[:12]}...)")
    old_set, new_set = old.get("settings") or {}, new.get("settings") or {}
    for name in sorted(set(old_set) | set(new_set)):
        if old_set.get(name) != new_set.get(name):
            out.append(f"{name} was {old_set.get(name)!r}, now {new_set.get(name)!r}")
    return out


def check_record(out: str | os.PathLike[str], record: Mapping[str, Any], *, has_rows: bool) -> bool:
    """Check that the rows in ``out`` (``has_rows``: it holds any) may be
    resumed by the run of ``record``. Returns False when they carry no record
    (written before records were kept: they cannot be checked; a warning
    is logged), else True. Raises :class:`ResumeMismatch` naming every
    difference."""
    if not has_rows:
        return True
    old = read_record(out)
    if old is None:
        logger.warning(
            "%s has no record of what its rows were produced from (%s): resuming without checking that they "
            "are rows of these inputs",
            out,
            record_path(out).name,
        )
        return False
    diff = differences(old, record)
    if diff:
        raise ResumeMismatch(
            f"cannot resume from {out}: its rows were produced from other inputs ({'; '.join(diff)}); "
            "pass --overwrite to start over, or choose another --out"
        )
    return True


@dataclass
class ResumePlan:
    """What the rows already written leave to do (see :func:`resume_plan`)."""

    #: Suspects done as a whole: no match, a bad document, or all their pairs.
    skip: set[str] = field(default_factory=set)
    #: Pairs already scored, as ``(suspect id, source id)``.
    skip_pairs: set[tuple[str, str]] = field(default_factory=set)
    #: Error rows already written, as ``(suspect id, source id, message)``: not written again.
    errors: set[tuple[str | None, str | None, str | None]] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.skip) + len(self.skip_pairs)


def resume_plan(rows: Iterable[Any], *, top: int, sources: bool) -> ResumePlan:
    """Resume by row: the :class:`~spindetect.screening.rows.ScreenRow` s of
    an interrupted run say which pairs are done, and which suspects are done
    as a whole (no match, a bad document, or, with ``sources``, ``top``
    pairs). A suspect interrupted between two of its rows is searched again
    and only its missing pairs are scored."""
    plan = ResumePlan()
    pairs_of: dict[str, int] = {}
    for row in rows:
        if row.label == ERROR:
            plan.errors.add((row.suspect_id, row.source_id, row.error))
        if row.suspect_id is None:
            continue  # a bad source document
        if row.source_id is None:
            plan.skip.add(row.suspect_id)
        else:
            plan.skip_pairs.add((row.suspect_id, row.source_id))
            pairs_of[row.suspect_id] = pairs_of.get(row.suspect_id, 0) + 1
    if sources:
        plan.skip.update(sid for sid, n in pairs_of.items() if n >= top)
    return plan
