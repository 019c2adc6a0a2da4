"""Screen collections for spun copies, on one machine or a Dask cluster.

:func:`screen` takes suspects and (optionally) sources, finds each suspect's
likely sources with a :class:`~spindetect.screening.index.SourceIndex`, scores the
best candidates with a :class:`~spindetect.scoring.detector.Detector` and returns a
:class:`~spindetect.screening.rows.ScreenResult`, one
:class:`~spindetect.screening.rows.ScreenRow` per scored pair:

>>> from spindetect import screen
>>> sources = {"orig": "The cat sat on the mat, and then it went to sleep in the sun for an hour."}
>>> suspects = {"copy": "The kitty sat on the rug, and then it went to slumber in the sunlight for an hour."}
>>> result = screen(suspects, sources)
>>> row = result[0]
>>> row.suspect_id, row.source_id, row.similarity
('copy', 'orig', 1.0)

Without ``sources``, the suspects are screened against each other: every
pair where one text may be a copy of the other is scored once, and the row
names the spun copy as the suspect; a pair with no spun copy (two copies of
one text) has a row for each of its documents, naming the other. In both modes a suspect without a
candidate gets a ``"no-match"`` row.

Suspect ids and source ids are separate namespaces: suspect ``"x"`` is
compared with the text of source ``"x"``, never with itself; a source with
the suspect's id and the same text is the suspect's own document, never a
candidate of it (a source with another id and the same text is a verbatim
copy, and scored). Sources that are the suspects (the same object, or a
path of the same collection) are screened as a collection against itself.

Collections are mappings of id to text, iterables of ``(id, text)`` pairs,
or paths read by :func:`~spindetect.screening.reading.read_collection` (a
folder of ``.txt`` files, a ``.jsonl`` file or one ``.txt`` file). A bad
document (empty, binary, unreadable, duplicate id, an id no file can hold,
or one on which the search or the scoring fails in any way) never stops a
run: it becomes an ``"error"`` row naming it, and the run goes on. Rows are
written and read back (to resume) by :mod:`spindetect.screening.rows`.

Suspects are read a chunk at a time (a path, an iterable or a mapping),
so a run holds one chunk of suspect texts at a time (a few in flight on
Dask), and rows come out chunk by chunk. Source texts read from a path are
not held: where each one is is kept, and the text read back when a pair is
scored (:class:`~spindetect.screening.reading.LazyTexts`).

On Dask (``pip install 'spindetect[scale]'``, in a clone ``pip install -e '.[scale]'``), pass ``client=`` (a
``distributed.Client``, for instance on a ``LocalCluster``) or
``scheduler=`` (an address): the index is broadcast to the workers, and
so are the source texts (read from a path every worker sees: where each
one is; held in a mapping: the texts, as one packed blob, up to
:data:`~spindetect.screening.backends.MAX_SHARED_TEXT_BYTES`), so each
chunk of suspects is searched and scored in one task. Otherwise (a path
the workers do not see, a bigger mapping) a chunk is searched on a
worker, paired with its candidates' texts here and scored on a worker
(see :mod:`spindetect.screening.backends`). The rows are the same as in a
local run.
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..scoring.detector import Detector, DetectorConfig
from .backends import (
    DEFAULT_CHUNK_SIZE,
    Backend,
    DaskBackend,
    DetectorSpec,
    Found,
    LocalBackend,
    Pair,
    dask_chunk_size,
    found_pairs,
    guided_chunk_size,
    with_duplicates,
)
from .building import build_index
from .index import IndexConfig, SourceIndex
from .messages import check_fraction, short
from .reading import LazyTexts, PathCollection, collection_items, ids_to_skip, iter_validated
from .rows import ERROR, NO_MATCH, ScreenResult, ScreenRow
from .storage import document_hash

logger = logging.getLogger("spindetect")

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_MIN_SIMILARITY",
    "ScreenResult",
    "ScreenRow",
    "iter_screen",
    "screen",
]

#: Skeleton similarity (see :mod:`spindetect.screening.shingles`) from which a candidate
#: pair is scored. Spun copies of whole documents score >= 0.5 at 50%
#: substitution in 99% of the retrieval benchmark's cases; the seed spun copy
#: against its truncated, reordered original scores 0.30; QuillBot
#: paraphrases 0.11-0.30 (median by mode); unrelated documents 0.016 at the
#: 90th percentile. The index finds a pair as a candidate with a probability
#: that falls below 0.5 (:class:`~spindetect.screening.index.IndexConfig`,
#: 42 x 3 bands): 0.68 at 0.3, 0.28 at 0.2. Whole spun copies (0.42 and up
#: at 75% substitution) are found; to look for partial copies and
#: paraphrases near the floor, pass ``index_config=IndexConfig(bands=64,
#: rows=2)`` (0.93 at 0.2; a query then costs more as the collection grows).
DEFAULT_MIN_SIMILARITY = 0.2


# -- the driver -----------------------------------------------------------------------


def iter_screen(
    suspects: Any,
    sources: Any = None,
    *,
    index: SourceIndex | str | os.PathLike[str] | None = None,
    top: int = 3,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    detector: Detector | DetectorConfig | None = None,
    index_config: IndexConfig | None = None,
    skip: Iterable[str] = (),
    skip_pairs: Iterable[tuple[str, str]] = (),
    client: Any = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: bool = False,
) -> Iterator[ScreenRow]:
    """:func:`screen`, one row at a time as the work completes (chunks may
    finish out of order on Dask). Used by ``spindetect screen`` to write rows
    as they come and to resume. See :func:`screen` for the arguments."""
    for _, row in _run(**locals()):
        yield row


def _iter_dir(path: Path) -> Any:
    """A directory's entries, or one item for a file (a file is no index directory)."""
    return path.iterdir() if path.is_dir() else iter((path,))


def screen(
    suspects: Any,
    sources: Any = None,
    *,
    index: SourceIndex | str | os.PathLike[str] | None = None,
    top: int = 3,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    detector: Detector | DetectorConfig | None = None,
    index_config: IndexConfig | None = None,
    skip: Iterable[str] = (),
    skip_pairs: Iterable[tuple[str, str]] = (),
    client: Any = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: bool = False,
) -> ScreenResult:
    """Find spun copies: each suspect against the sources, or, without
    ``sources``, a collection against itself.

    Args:
        suspects, sources: mappings of id to text, iterables of
            ``(id, text)`` pairs, or paths (see :func:`read_collection`) or
            :class:`~spindetect.screening.reading.PathCollection` s. What is
            held in memory: suspects are read a chunk at a time
            (``chunk_size``), so a path or an iterable of suspects is never
            held whole (the rows are produced chunk by chunk too; only the
            ids seen, to find duplicates, are kept). Sources (and, without
            ``sources``, the suspects) are read once to index them and then
            their texts are needed again to score pairs: from a path, only
            where each text is kept (a line's byte offset, a file's path)
            and the text is read back when a pair is scored; a mapping is
            used as it is (already in memory; not copied); any other
            iterable is held in a dict.
        index: a :class:`SourceIndex` of ``sources`` built before (the texts
            are still needed, to score pairs); built here when None. Or the
            directory of a saved index: loaded (memory-mapped) if it is
            there, so a resumed run reuses it instead of indexing again;
            else built there from ``sources`` out of core
            (:func:`~spindetect.screening.building.build_index`) and kept.
            An index reused (given, or loaded) must be the index of
            ``sources``: the same ids (a source it lacks because it cannot
            be fingerprinted is an error row, as when it was built) and,
            for an index that stores the fingerprint of its ids and texts
            (:attr:`SourceIndex.sources_fingerprint`; built by this
            version), the same texts; else ValueError, naming a few ids
            that differ. Delete it (or pass a new path) when the sources
            change.
        top: candidates scored per suspect (default 3); only those with a
            skeleton similarity of at least ``min_similarity`` are scored.
        min_similarity: similarity floor for scoring (default
            :data:`DEFAULT_MIN_SIMILARITY`).
        detector: the :class:`Detector` (or its config) that scores pairs.
        index_config: options of the index built here.
        skip: suspect ids already screened (resuming a run): no rows for them.
        skip_pairs: pairs already scored, as ``(suspect id, source id)`` (in
            "within" mode, either order): no rows for them. With ``skip``, this
            resumes by row: a suspect whose rows were only partly written is
            searched again and only its missing pairs are scored.
        client: a ``distributed.Client`` to run on; or
        scheduler: a Dask scheduler address to connect to (closed after).
        chunk_size: suspects per task (default: :data:`DEFAULT_CHUNK_SIZE`
            here; on Dask, big tasks first and smaller ones as fewer
            suspects are left, from 16 to 256, see
            :func:`~spindetect.screening.backends.guided_chunk_size`; for
            suspects of unknown number, and in "within" mode, a fixed size,
            :func:`~spindetect.screening.backends.dask_chunk_size`).
        progress: show progress bars (tqdm, on standard error).

    Returns a :class:`ScreenResult`: one row per scored pair (label,
    P(spun), density, similarity, which side is spun; in "within" mode, a
    pair with no spun side has a row from each side, so both documents are
    suspects), a :data:`NO_MATCH`
    row per suspect without a candidate (in "within" mode: per document in
    no pair, found from neither side), and an :data:`ERROR` row per bad
    document. So every suspect has at least one row, which a resumed run
    (``skip``) relies on.

    Raises ValueError or TypeError naming the argument for a bad ``top``,
    ``min_similarity``, ``chunk_size``, ``skip`` or collection (bytes, for
    instance: decode them first), and ValueError for an ``index`` that is
    not the index of ``sources`` (see ``index``).
    """
    args = dict(locals())
    stats: dict[str, Any] = {}
    keyed = list(_run(**args, _stats=stats))
    keyed.sort(key=lambda kr: kr[0])
    return ScreenResult(
        rows=tuple(r for _, r in keyed), mode=stats["mode"], suspects=stats["suspects"], sources=stats["sources"]
    )


def _run(
    suspects: Any,
    sources: Any,
    *,
    index: SourceIndex | str | os.PathLike[str] | None,
    top: int,
    min_similarity: float,
    detector: Detector | DetectorConfig | None,
    index_config: IndexConfig | None,
    skip: Iterable[str],
    skip_pairs: Iterable[tuple[str, str]],
    client: Any,
    scheduler: str | None,
    chunk_size: int | None,
    progress: bool,
    _stats: dict[str, Any] | None = None,
) -> Iterator[tuple[tuple[int, ...], ScreenRow]]:
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ValueError(f"top must be a positive int, got {top!r}")
    if chunk_size is not None and (not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1):
        raise ValueError(f"chunk_size must be a positive int, got {chunk_size!r}")
    check_fraction(min_similarity, "min_similarity")
    if client is not None and scheduler is not None:
        raise ValueError("pass client= or scheduler=, not both")
    if isinstance(detector, Detector):
        det_config = detector.config
    elif isinstance(detector, DetectorConfig):
        det_config = detector
    elif detector is None:
        det_config = DetectorConfig()
    else:
        raise TypeError(f"detector must be a Detector or DetectorConfig, not {type(detector).__name__}")
    spec: DetectorSpec = (Detector, det_config)  # built once per process by the scoring tasks
    index_path: Path | None = None
    if isinstance(index, (str, os.PathLike)):
        index_path, index = Path(index), None
        if not str(index_path).strip():
            raise ValueError("index is an empty path: pass the directory of a saved index, or a SourceIndex")
        if index_path.exists() and not (index_path / "header.json").is_file() and any(_iter_dir(index_path)):
            raise ValueError(
                f"index={str(index_path)!r} exists and is not a saved index: pass the directory of one, "
                "or a new path to build it there"
            )
    if index is not None and not isinstance(index, SourceIndex):
        raise TypeError(f"index must be a SourceIndex or the path of a saved index, not {type(index).__name__}")
    if sources is not None and _same_collection(suspects, sources):
        logger.warning("sources are the suspects: screening them against each other, as without sources")
        sources = None
    within = sources is None
    if within and (index is not None or index_path is not None):
        raise ValueError(
            "index= needs sources=: pass the texts of the indexed documents, they are needed to score pairs"
        )
    skip = ids_to_skip(skip, "skip")
    if isinstance(skip_pairs, (str, bytes)) or not isinstance(skip_pairs, Iterable):
        raise TypeError(f"skip_pairs must be (id, id) pairs, not {type(skip_pairs).__name__}")
    # Sources mode: (suspect id, source id), in that order (suspect "a" against
    # source "b" is not suspect "b" against source "a"). Within mode: either order.
    done_pairs: set[Any] = set()
    for pair in skip_pairs:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"skip_pairs must be (id, id) pairs, got {short(pair)}")
        done_pairs.add(frozenset(pair) if within else tuple(pair))

    # Suspects are read as the run goes, a chunk at a time; the documents
    # indexed (sources, or the suspects themselves in "within" mode) are read
    # once to index them, keeping their texts only if they came as a one-pass
    # iterable (a path: where each one is; a mapping: the mapping itself).
    suspects = _open(suspects)
    sus_items = collection_items(suspects, "suspects")  # checked now, read later
    docs = _Indexed(suspects if within else _open(sources), keep_order=within)
    docs.items = sus_items if within else collection_items(docs.collection, "sources")
    stats = _stats if _stats is not None else {}
    stats["mode"] = "within" if within else "sources"
    # how many suspects (for the progress bar and the chunk sizes on Dask; a JSON Lines file is read for it)
    count = _count(suspects) if progress or client is not None or scheduler is not None else None

    reused: str | None = None  # how to name an index built before, checked against the sources
    if index is None and index_path is not None and (index_path / "header.json").is_file():
        index = SourceIndex.load(index_path, mmap=True)  # a resumed run reuses the saved index
        reused = f"index={str(index_path)!r}"
    elif index is None and index_path is not None:
        build_errors: list[tuple[str, str]] = []
        index = build_index(
            index_path,
            docs.good_items(),
            index_config,
            overwrite=index_path.is_dir(),  # an empty directory (a non-empty one was refused above)
            skip_errors=True,
            errors=build_errors,
            progress=progress,
        )
        docs.fingerprint_errors = build_errors
    elif index is None:
        index = SourceIndex(index_config or IndexConfig())
        docs.fingerprint_errors = index.add_many(docs.good_items(), skip_errors=True, progress=progress)
    else:
        reused = "the index given"

    def sources_read() -> list[tuple[tuple[int, ...], ScreenRow]]:
        """The sources read (if a reused index left them unread) and checked
        against it; the rows of the bad ones."""
        if reused is not None:
            docs.read_all(hashing=True)
            docs.fingerprint_errors = _check_reused(index, docs, reused)
        stats["sources"] = docs.good
        if within:
            stats["suspects"] = docs.count
        return list(_source_errors(docs, within, skip))

    # Bad documents are reported first. Sources in a mapping with an index
    # built before are read (and checked) once the first tasks are sent, so
    # the workers start while the driver does that (about 0.25 s for 20,696
    # sources, on every worker's clock): their rows are the first that come.
    deferred = reused is not None and not within and docs.texts is docs.collection
    if not deferred:
        yield from sources_read()
    texts = docs.texts

    floor = float(min_similarity)
    sizes = None  # suspects per task: chunk_size, or guided by what is left (Dask, a known count)
    if client is None and scheduler is None:
        backend: Backend = LocalBackend(index)
        chunk_size = chunk_size or DEFAULT_CHUNK_SIZE
    else:
        backend = DaskBackend(index, client, scheduler)
        if chunk_size is None and count is not None and not within:
            threads = backend.threads
            sizes = lambda sent: guided_chunk_size(count - sent, threads)  # noqa: E731
        chunk_size = chunk_size or dask_chunk_size(count, backend.threads)
    try:
        if within:
            todo = [(pos, doc_id) for pos, doc_id in docs.order if doc_id not in skip]
            yield from _run_within(backend, todo, texts, top, floor, spec, done_pairs, chunk_size, progress, len(todo))
        else:
            pending: list[tuple[tuple[int, ...], ScreenRow]] = []  # rows of bad suspects, as they are read
            chunks = _suspect_chunks(sus_items, skip, sizes or (lambda _: chunk_size), pending, stats)
            first = sources_read if deferred else None
            yield from _run_sources(
                backend, chunks, pending, texts, top, floor, spec, done_pairs, progress, count, first
            )
    finally:
        backend.close()


def _source_errors(docs: _Indexed, within: bool, skip: set[str]) -> Iterator[tuple[tuple[int, ...], ScreenRow]]:
    """The error rows of the bad documents indexed (their reading, then their fingerprinting failed)."""
    for pos, doc_id, msg in docs.bad:
        if within and doc_id not in skip:
            yield (0, pos), ScreenRow(doc_id, None, ERROR, error=msg)
        elif not within:
            yield (0, pos), ScreenRow(None, doc_id, ERROR, error=msg)
    for doc_id, msg in docs.fingerprint_errors:  # what validation cannot see: fingerprinting failed
        yield (0, -1), ScreenRow(None if not within else doc_id, doc_id if not within else None, ERROR, error=msg)


def _same_collection(suspects: Any, sources: Any) -> bool:
    """Whether ``sources`` are the ``suspects`` themselves: the same object,
    or paths (or :class:`PathCollection` s) of the same file or folder. (A
    copy is screened as sources, its documents never matched with
    themselves: see :func:`~spindetect.screening.backends.found_pairs`.)"""
    if sources is suspects:
        return True
    paths = [c.path if isinstance(c, PathCollection) else c for c in (suspects, sources)]
    try:
        return all(isinstance(p, (str, os.PathLike)) for p in paths) and os.path.samefile(*paths)
    except (OSError, ValueError):
        return False


def _open(items: Any) -> Any:
    """A path to an existing collection as a :class:`PathCollection` (read
    one document at a time); anything else unchanged."""
    if isinstance(items, (str, os.PathLike)) and os.path.exists(items):
        return PathCollection(items)
    return items


def _count(items: Any) -> int | None:
    """How many documents ``items`` holds, if that is known without reading them
    (a one-pass iterable: None)."""
    if isinstance(items, (PathCollection, Mapping, list, tuple)):
        return len(items)
    return None


class _Indexed:
    """The documents indexed, read once (validated): their bad ones, and
    their texts by id for scoring. A :class:`PathCollection` keeps where each
    text is (:class:`LazyTexts`), a mapping is used as it is (not copied),
    any other iterable is held in a dict. ``keep_order``: also the ``(position,
    id)`` of the good documents, in order ("within" mode searches them)."""

    def __init__(self, collection: Any, *, keep_order: bool) -> None:
        self.collection = collection
        self.items: Iterator[tuple[str, Any, Any]] = iter(())
        self.keep_order = keep_order
        self.bad: list[tuple[int, str, str]] = []
        self.order: list[tuple[int, str]] = []
        self.fingerprint_errors: list[tuple[str, str]] = []
        self.count = self.good = 0
        #: With ``hashing``: the good documents' ids, and the sum of their
        #: :func:`~spindetect.screening.storage.document_hash` (an index's
        #: ``sources_fingerprint``, for these documents).
        self.hashing = False
        self.good_ids: list[str] = []
        self.hash_sum = 0
        self.texts: Any
        if isinstance(collection, PathCollection):
            self.texts = LazyTexts(collection)
        elif isinstance(collection, Mapping):
            self.texts = collection
        else:
            self.texts = {}

    def good_items(self) -> Iterator[tuple[str, str]]:
        """``(id, text)`` of each good document, read once, in order."""
        lazy, held = isinstance(self.texts, LazyTexts), isinstance(self.texts, dict)
        role = "document" if self.keep_order else "source"
        # the language of each document is checked on the workers, where it is searched (find_chunk)
        for pos, doc_id, text, problem, where in iter_validated(self.items, role, check_language=False):
            self.count += 1
            if problem is not None:
                self.bad.append((pos, doc_id, problem))
                continue
            self.good += 1
            if self.keep_order:
                self.order.append((pos, doc_id))
            if self.hashing:
                self.good_ids.append(doc_id)
                self.hash_sum += document_hash(doc_id, text)
            if lazy:
                self.texts.add(doc_id, where)
            elif held:
                self.texts[doc_id] = text
            yield doc_id, text  # type: ignore[misc]

    def read_all(self, *, hashing: bool = False) -> None:
        self.hashing = hashing
        for _ in self.good_items():
            pass


#: How many ids an error about a reused index names (of each kind).
_NAMED_IDS = 3
#: Sources missing from a reused index that are fingerprinted again to see
#: whether they failed when it was built (then they are error rows, as in
#: the run that built it); past this many, the index is refused unseen.
_RECHECKED_IDS = 100


def _check_reused(index: SourceIndex, docs: _Indexed, what: str) -> list[tuple[str, str]]:
    """Check that ``index`` is the index of the sources read (with hashing)
    in ``docs``: the same ids and, if the index knows its
    :attr:`~SourceIndex.sources_fingerprint`, the same texts. Returns the
    ``(id, message)`` of sources it lacks because they cannot be
    fingerprinted (as when it was built). Raises ValueError naming ``what``
    and a few of the ids that differ, or saying the texts differ."""

    def named(ids: list[str]) -> str:
        return ", ".join(repr(d) for d in ids[:_NAMED_IDS]) + (", ..." if len(ids) > _NAMED_IDS else "")

    in_sources = set(docs.good_ids)
    lacking = [d for d in index.ids if d not in in_sources]
    extra = [d for d in docs.good_ids if d not in index]
    failed: list[tuple[str, str]] = []
    if extra and len(extra) <= _RECHECKED_IDS:
        failed = SourceIndex(index.config).add_many(((d, docs.texts.get(d)) for d in extra), skip_errors=True)
        unindexable = {d for d, _ in failed}
        extra = [d for d in extra if d not in unindexable]
    if lacking or extra:
        parts = []
        if lacking:
            parts.append(f"it holds {len(lacking):,} document(s) the sources lack ({named(lacking)})")
        if extra:
            parts.append(f"the sources hold {len(extra):,} it lacks ({named(extra)})")
        raise ValueError(
            f"{what} is not the index of these sources: {' and '.join(parts)}. Pass the sources it was built "
            "from, or a new index path (or delete it) to index these sources"
        )
    stored = index.sources_fingerprint
    if stored is None:
        logger.info(
            "%s was saved without a fingerprint of its texts (by an older spindetect): only its ids were checked "
            "against the sources; build it again to have its texts checked too",
            what,
        )
        return failed
    texts = (docs.texts.get(d) for d, _ in failed)
    total = docs.hash_sum - sum(document_hash(d, t) for (d, _), t in zip(failed, texts) if isinstance(t, str))
    if total % (1 << 128) != stored:
        raise ValueError(
            f"{what} was built from other texts under the same {len(index):,} ids (the fingerprint of ids and "
            "texts stored with it differs from these sources'): a source changed since. Delete it, or pass a "
            "new index path, to index these sources again"
        )
    return failed


def _suspect_chunks(items, skip, size_of, pending, stats):  # type: ignore[no-untyped-def]
    """Chunks of good suspects ``(position, id, text)`` not in ``skip``, read
    as they are asked for, of ``size_of(suspects read so far)`` each; the
    error rows of bad suspects go to ``pending``; ``stats["suspects"]``
    counts the suspects read."""
    chunk: list[tuple[int, str, str]] = []
    stats["suspects"] = 0
    size = size_of(0)
    for pos, doc_id, text, problem, _ in iter_validated(items, "suspect", check_language=False):  # see find_chunk
        stats["suspects"] += 1
        if doc_id in skip:
            continue
        if problem is not None:
            pending.append(((1, pos, -1), ScreenRow(doc_id, None, ERROR, error=problem)))
            continue
        chunk.append((pos, doc_id, text))
        if len(chunk) >= size:
            yield chunk
            chunk = []
            size = size_of(stats["suspects"])
    if chunk:
        yield chunk


def _run_sources(backend, chunks, pending, texts, top, floor, spec, done_pairs, progress, total, first=None):  # type: ignore[no-untyped-def]
    """Rows of the chunks of suspects; ``first()``, if given, once the first
    tasks are sent (on Dask): rows that come first."""
    from tqdm import tqdm

    with tqdm(total=total, desc="screening", unit="doc", disable=not progress, file=sys.stderr) as bar:
        if backend.share(texts):  # each chunk searched and scored in one task
            done_by: dict[str, set[str]] = {}
            for sid, src in done_pairs:
                done_by.setdefault(sid, set()).add(src)

            def done_of(chunk: list[tuple[int, str, str]]) -> frozenset[tuple[str, str]]:
                return frozenset((sid, src) for _, sid, _ in chunk for src in done_by.get(sid, ()))

            steps = backend.screen(chunks, top, floor, texts, spec, done_of, first)
        else:  # searched on the workers, pairs built here with the source texts, scored on the workers
            steps = _two_steps(backend, chunks, texts, top, floor, spec, done_pairs)
            if first is not None:
                steps = itertools.chain([(0, first())], steps)
        for n_docs, keyed in steps:
            yield from keyed
            yield from pending
            pending.clear()
            bar.update(n_docs)
        yield from pending
        pending.clear()


def _two_steps(backend, chunks, texts, top, floor, spec, done_pairs):  # type: ignore[no-untyped-def]
    sus_text: dict[int, tuple[str, str]] = {}  # the suspects of the chunks in flight
    duplicates: dict[tuple[int, ...], tuple[str, ...]] = {}  # row key -> near duplicates of its source

    def registered() -> Iterator[list[tuple[int, str, str]]]:
        for chunk in chunks:
            for pos, doc_id, text in chunk:
                sus_text[pos] = (doc_id, text)
            yield chunk

    def on_found(found: list[Found]) -> tuple[list[Any], list[Pair]]:
        mine = {pos: sus_text.pop(pos) for pos, _ in found}
        rows, pairs, dups = found_pairs(found, mine, texts, done_pairs, top)
        duplicates.update(dups)
        return rows, pairs

    for n_docs, keyed in backend.run(registered(), top, floor, False, on_found, spec):
        yield n_docs, with_duplicates(keyed, {k: duplicates.pop(k) for k, _ in keyed if k in duplicates})


def _run_within(backend, todo, texts, top, floor, spec, done_pairs, chunk_size, progress, total):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    order = {doc_id: pos for pos, doc_id in todo}
    order.update({doc_id: -1 for doc_id in texts if doc_id not in order})  # skipped (already screened)
    id_at = {pos: doc_id for pos, doc_id in todo}
    pairs: dict[tuple[str, str], float] = {}
    # Documents in some candidate pair (found from either side, or scored by
    # the run being resumed), and those whose own search found nothing.
    paired: set[str] = {doc_id for pair in done_pairs for doc_id in pair}
    alone: list[int] = []

    def chunks() -> Iterator[list[tuple[int, str, str]]]:  # texts read as each chunk is sent
        for i in range(0, len(todo), chunk_size):
            yield [(pos, doc_id, texts[doc_id]) for pos, doc_id in todo[i : i + chunk_size]]

    with tqdm(total=total, desc="finding pairs", unit="doc", disable=not progress, file=sys.stderr) as bar:
        for n_docs, found in backend.find_all(chunks(), top, floor):
            for pos, cands in found:
                me = id_at[pos]
                if isinstance(cands, str):  # the search failed
                    yield (0, pos), ScreenRow(me, None, ERROR, error=cands)
                    continue
                if not cands:
                    alone.append(pos)
                for other, sim, _ in cands:
                    paired.update((me, other))
                    a, b = sorted((me, other), key=lambda d: (order.get(d, -1), d))
                    if frozenset((a, b)) not in done_pairs:
                        pairs[(a, b)] = sim
            bar.update(n_docs)
    # A document in no pair at all gets its no-match row, as a suspect
    # without a candidate does in sources mode (and a resumed run skips it).
    for pos in sorted(alone):
        me = id_at[pos]
        if me not in paired:
            yield (1, pos, -2), ScreenRow(me, None, NO_MATCH)
    # Each unordered pair once, the one first in the collection as "a".
    work = sorted(pairs.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]], kv[0]))

    def batches() -> Iterator[list[Pair]]:  # texts read as each batch is sent
        for i in range(0, len(work), chunk_size):
            yield [((1, order[a], order[b]), a, texts[a], b, texts[b], sim) for (a, b), sim in work[i : i + chunk_size]]

    with tqdm(total=len(work), desc="scoring pairs", unit="pair", disable=not progress, file=sys.stderr) as bar:
        for n_pairs, keyed in backend.score_all(batches(), spec):
            yield from keyed
            bar.update(n_pairs)
