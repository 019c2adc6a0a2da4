"""Bundled WordNet 3.0 for NLTK, loaded lazily and offline.

Provenance
----------
spindetect ships Princeton WordNet 3.0 inside the package, at
``spindetect/data/nltk_data/corpora/wordnet.zip``, in the layout NLTK's
:class:`~nltk.corpus.reader.wordnet.WordNetCorpusReader` reads.  The zip is
built offline by ``devtools/build_wordnet.py`` from the Debian packages
``wordnet-base`` and ``wordnet-sense-index`` (files under
``/usr/share/wordnet``); the database files are copied byte for byte and the
``lexnames`` table is generated from the lexnames(5WN) man page.  Package
versions, the build recipe and SHA-256 sums are recorded in
``corpora/WORDNET_SOURCE.txt``; the WordNet 3.0 licence (Princeton
University) is in ``corpora/WORDNET_LICENSE.txt`` and inside the zip as
``wordnet/LICENSE``.

Nothing here touches the network: ``nltk.download`` is never called, and no
other NLTK data needs to be installed.

Usage
-----
>>> from spindetect.resources.wordnet import get_wordnet
>>> wn = get_wordnet()  # first call: ~1.2 s for the indexes (+ ~1.2 s to import NLTK)
>>> wn.synsets("dog")[0].name()
'dog.n.01'

Importing this module loads nothing (not even NLTK); the reader is built on
the first :func:`get_wordnet` call and cached for the life of the process.

How NLTK is made to accept the bundled data
-------------------------------------------
NLTK (3.9+) only opens corpus files under a root listed in ``nltk.data.path``
(or ``$NLTK_DATA``), and refuses files or directories that are group- or
world-writable or owned by another non-root account.  :func:`get_wordnet`
therefore *appends* :func:`wordnet_path` to ``nltk.data.path`` (existing
entries, and their precedence, are left alone) and builds the reader straight
from the bundled zip, so a different ``wordnet`` elsewhere on the path is never
picked up by this reader.  A side effect is that ``nltk.corpus.wordnet`` also
finds the bundled copy when no other WordNet is installed.

Thread safety
-------------
Loading is serialised by a lock, so concurrent first calls build one reader.
The returned reader is NLTK's and shares seekable file handles between calls:
like ``nltk.corpus.wordnet`` itself it is not safe for concurrent lookups of
*uncached* synsets from several threads; serialise such use (or use processes).
"""

from __future__ import annotations

import functools
import importlib.resources
import logging
import os
import stat
import threading
import time
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from .data import MissingDataError

if TYPE_CHECKING:  # pragma: no cover - typing only; NLTK is imported lazily
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

__all__ = [
    "WORDNET_VERSION",
    "WordNetDataError",
    "get_wordnet",
    "load_wordnet",
    "wordnet_path",
    "wordnet_zip_path",
]

logger = logging.getLogger("spindetect")

#: Version of the bundled WordNet database.
WORDNET_VERSION = "3.0"

#: Location of the corpus inside :func:`wordnet_path`, as NLTK names it.
_ZIP_RELATIVE = ("corpora", "wordnet.zip")
_NLTK_ROOT_ENTRY = "wordnet/"

_REBUILD_HINT = (
    "Rebuild it from a source checkout with `python -m devtools.build_wordnet` "
    "(needs the Debian packages: apt-get install wordnet-base wordnet-sense-index), "
    "or reinstall spindetect from a wheel/sdist that includes it."
)

_LOAD_LOCK = threading.Lock()


class WordNetDataError(MissingDataError, LookupError):
    """The bundled WordNet cannot be loaded.  The message says how to fix it.

    Subclasses :class:`~spindetect.resources.data.MissingDataError` (a
    ``RuntimeError``) and :class:`LookupError` (what NLTK raises for missing
    corpora), so any of these ``except`` clauses catches it.
    """


def wordnet_path() -> Path:
    """Return the package's NLTK data directory (``spindetect/data/nltk_data``).

    This is the directory to put on ``nltk.data.path``; the corpus lives in
    ``corpora/wordnet.zip`` below it.  Nothing is checked or loaded.

    :raises WordNetDataError: if spindetect is installed in a way that does not
        expose its data as real files (e.g. imported from a zip archive).
    """
    traversable = importlib.resources.files("spindetect").joinpath("data", "nltk_data")
    if not isinstance(traversable, Path):
        raise WordNetDataError(
            f"spindetect's data is not on the file system ({traversable!r}); NLTK can only "
            "read corpora from real directories. Install spindetect as a normal "
            "(unzipped) package, e.g. `pip install spindetect`."
        )
    return traversable


def wordnet_zip_path() -> Path:
    """Return the path of the bundled ``corpora/wordnet.zip`` (may not exist)."""
    return wordnet_path().joinpath(*_ZIP_RELATIVE)


@functools.lru_cache(maxsize=1)
def get_wordnet() -> WordNetCorpusReader:
    """Return NLTK's WordNet 3.0 reader over the bundled data, built on first use.

    The first call imports NLTK (~1.2 s) and reads the indexes (~1.2 s); later
    calls return the same cached object.  Never downloads anything.

    :raises WordNetDataError: (a ``LookupError`` and ``RuntimeError``) if the
        bundled zip is missing or NLTK refuses to read it; the message says how
        to rebuild it or fix its permissions.
    """
    with _LOAD_LOCK:
        return _load_cached(wordnet_path())


@functools.lru_cache(maxsize=4)
def _load_cached(data_dir: Path) -> WordNetCorpusReader:
    """:func:`load_wordnet` memoised per data directory (called under the lock)."""
    return load_wordnet(data_dir)


def _check_private(data_dir: Path, zip_path: Path) -> None:
    """Fail early, and clearly, where NLTK would refuse the bundled files.

    NLTK (POSIX) only reads data whose directories and files are owned by the
    current user or root and are not group- or world-writable; a checkout or
    install made under ``umask 002`` trips this.
    """
    if os.name != "posix":
        return
    for path in (data_dir, zip_path.parent, zip_path):
        try:
            st = path.stat()
        except OSError:
            continue  # reported by the existence check or by NLTK
        if st.st_uid not in (os.geteuid(), 0) or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise WordNetDataError(
                f"NLTK refuses to read {path}: it is group/world-writable or owned by "
                f"another account (mode {stat.S_IMODE(st.st_mode):04o}, uid {st.st_uid}). "
                f"Make the bundled data private to its owner: chmod -R go-w {data_dir}"
            )


def load_wordnet(data_dir: Path | None = None) -> WordNetCorpusReader:
    """Build a new, uncached WordNet reader over ``data_dir``'s ``corpora/wordnet.zip``.

    Most callers want :func:`get_wordnet`.  ``data_dir`` defaults to
    :func:`wordnet_path`; it is appended to ``nltk.data.path`` if absent, which
    NLTK requires before it opens any file under it.

    :raises WordNetDataError: if the zip is missing or unreadable.
    """
    data_dir = Path(data_dir) if data_dir is not None else wordnet_path()
    zip_path = data_dir.joinpath(*_ZIP_RELATIVE)
    if not zip_path.is_file():
        raise WordNetDataError(f"Bundled WordNet {WORDNET_VERSION} not found at {zip_path}. {_REBUILD_HINT}")

    _check_private(data_dir, zip_path)

    started = time.perf_counter()
    import nltk.data
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class _BundledWordNetReader(WordNetCorpusReader):
        """WordNetCorpusReader that skips the WordNet-3.0-to-itself sense map.

        On construction NLTK maps sense keys from the ``wordnet`` corpus (3.0)
        to the loaded version by parsing ``index.sense`` twice; that is an
        identity map here, costs ~2 s and would look ``wordnet`` up on
        ``nltk.data.path`` (possibly finding another copy).  The map only
        serves Open Multilingual WordNet data, which is not bundled.  Other
        versions, and :meth:`split_synsets` / :meth:`merged_synsets`, still
        go through NLTK's code.
        """

        def map_wn(self, version: str = "wordnet") -> dict[str, str] | None:
            if version == "wordnet" and self.get_version() == WORDNET_VERSION:
                return None
            return super().map_wn(version)

    root_dir = str(data_dir)
    if root_dir not in nltk.data.path:
        nltk.data.path.append(root_dir)
        logger.debug("appended %s to nltk.data.path", root_dir)

    try:
        # Restricting the search to our directory: a `wordnet` elsewhere on
        # nltk.data.path must not shadow the bundled one.
        root = nltk.data.find("/".join(_ZIP_RELATIVE) + "/" + _NLTK_ROOT_ENTRY, paths=[root_dir])
        with warnings.catch_warnings():
            # "The multilingual functions are not available with this Wordnet
            # version": expected, Open Multilingual WordNet is not bundled.
            warnings.filterwarnings("ignore", message="The multilingual functions")
            reader = _BundledWordNetReader(root, None)
    except (LookupError, OSError, ValueError, zipfile.BadZipFile) as exc:
        # LookupError: NLTK did not find/accept it (e.g. refused a writable dir);
        # PermissionError/OSError: refused or unreadable; ValueError: NLTK's
        # zip-bomb guards; BadZipFile: truncated or not a zip.
        raise WordNetDataError(
            f"NLTK could not load the bundled WordNet from {zip_path}: "
            f"{type(exc).__name__}: {str(exc).strip()}\n"
            "Ignore any advice above to run nltk.download(): spindetect ships its own "
            "WordNet. If NLTK says a file or directory is writable by others, make it "
            f"private (chmod -R go-w {data_dir}). If the zip is damaged: {_REBUILD_HINT}"
        ) from exc

    version = reader.get_version()
    if version != WORDNET_VERSION:
        raise WordNetDataError(f"{zip_path} holds WordNet {version!r}, expected {WORDNET_VERSION}. {_REBUILD_HINT}")
    logger.info(
        "loaded bundled WordNet %s from %s in %.2f s",
        version,
        zip_path,
        time.perf_counter() - started,
    )
    return reader
