"""The data files spindetect ships: where they are, how their headers are
checked, and the one family of errors for a file that is missing or wrong.

Every shipped file (``spindetect/data/``) is found with :func:`data_path` and
every versioned header is checked with :func:`check_format`, as wordfreq's
``util.py`` does for its data. The errors subclass the types each reader
raised before (``ValueError`` for a malformed file, ``RuntimeError`` for a
missing or unreadable one), so existing ``except`` clauses keep working::

    DataFileError                      any data-file problem
    ├── DataFormatError(ValueError)    malformed, another format or version
    └── MissingDataError(RuntimeError) missing or unreadable
"""

from __future__ import annotations

import importlib.resources
import logging
from pathlib import Path

__all__ = [
    "DataFileError",
    "DataFormatError",
    "MissingDataError",
    "check_format",
    "data_path",
    "warn_missing_once",
    "warn_once",
]


class DataFileError(Exception):
    """A data file (shipped, or passed by the user) that cannot be used; the
    message names the file and says how to fix it."""


class DataFormatError(DataFileError, ValueError):
    """A data file that is malformed, or of another format or version."""


class MissingDataError(DataFileError, RuntimeError):
    """A data file that is missing or cannot be read."""


def data_path(*parts: str) -> Path:
    """The path of a file shipped in ``spindetect/data`` (it may not exist).

    Raises:
        MissingDataError: spindetect is installed so that its data are not
            files (imported from a zip archive).

    >>> data_path("lexicon.tsv").name
    'lexicon.tsv'
    """
    traversable = importlib.resources.files("spindetect").joinpath("data", *parts)
    if isinstance(traversable, Path):
        return traversable
    path = Path(str(traversable))
    if not str(traversable).startswith("/"):
        raise MissingDataError(
            f"spindetect's data is not on the file system ({traversable!r}): install spindetect as a normal "
            "(unzipped) package, e.g. `pip install spindetect`"
        )
    return path


def check_format(
    found: object, found_version: object, *, expected: str, version: int, origin: str, kind: str, fix: str
) -> None:
    """Refuse a file whose header names another format or version.

    Args:
        found, found_version: the format name and version the file declares.
        expected, version: what this spindetect reads.
        origin: the file, for the message.
        kind: what the file is, for the message ("spindetect model").
        fix: what to do, for the message ("rebuild it with `python -m devtools.train`").

    Raises:
        DataFormatError: naming the file, what it is and what was expected.

    >>> model = dict(expected="spindetect-model", version=1, kind="spindetect model", fix="retrain it")
    >>> check_format("spindetect-model", 1, origin="m.json", **model)
    >>> check_format("pickle", 1, origin="m.json", **model)
    Traceback (most recent call last):
    ...
    spindetect.resources.data.DataFormatError: m.json: not a spindetect model file (format 'pickle'): retrain it
    """
    if found != expected:
        raise DataFormatError(f"{origin}: not a {kind} file (format {found!r}): {fix}")
    if found_version != version:
        raise DataFormatError(
            f"{origin}: {kind} format version {found_version!r}, this spindetect reads version {version}: {fix}"
        )


_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    """Log ``message`` once per process (logger ``spindetect``, WARNING)."""
    if message not in _WARNED:
        _WARNED.add(message)
        logging.getLogger("spindetect").warning(message)


def warn_missing_once(what: str, fixes: list[str]) -> None:
    """Log once per process that an optional resource is unavailable:
    "<what> unavailable, missing <fix>; <fix>"."""
    warn_once(f"{what} unavailable, missing " + "; ".join(fixes))
