"""Where the work of a screening run happens: worker tasks and backends.

The work comes in chunks of suspects: :func:`find_chunk` searches a
:class:`~spindetect.screening.index.SourceIndex` for each suspect's
candidate sources, :func:`score_chunk` scores candidate pairs with the
detector it is given (a :data:`DetectorSpec`: the driver passes
:class:`~spindetect.scoring.detector.Detector` and its config, so this
module stands on the index alone), and :func:`screen_chunk` does both in
one task where the source texts are at hand. Each turns any exception
raised by one document or pair into that document's error, never stopping
the run. A backend runs the chunks: :class:`LocalBackend` here, one after
the other; :class:`DaskBackend` on a Dask cluster (``pip install
'spindetect[scale]'``, in a clone ``pip install -e '.[scale]'``), a bounded number in flight. Tasks are plain
functions of this module, so Dask workers import them by name.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any

from ..files import install_hint
from ..text import check_english
from .index import SourceIndex
from .language import check_language
from .messages import clip, failure, short
from .rows import ERROR, NO_MATCH, ScreenRow
from .shared_texts import MAX_SHARED_TEXT_BYTES, SharedTexts

__all__ = [
    "Backend",
    "DASK_TASKS_PER_THREAD",
    "DEFAULT_CHUNK_SIZE",
    "DaskBackend",
    "MAX_DASK_CHUNK",
    "MAX_SHARED_TEXT_BYTES",
    "STREAM_DASK_CHUNK",
    "DetectorSpec",
    "SharedTexts",
    "Done",
    "Found",
    "INSTALL_HINT",
    "LocalBackend",
    "Pair",
    "dask_chunk_size",
    "find_chunk",
    "find_chunk_on_worker",
    "found_pairs",
    "guided_chunk_size",
    "score_chunk",
    "screen_chunk",
    "screen_chunk_on_worker",
    "with_duplicates",
]

logger = logging.getLogger("spindetect")

#: Documents per task (for screening, one search plus the scoring of its
#: pairs). A pair takes 10-50 ms to score, so a chunk is a fraction of a
#: second of work.
DEFAULT_CHUNK_SIZE = 16

#: Tasks per worker thread that :func:`dask_chunk_size` aims at, and the
#: largest chunk it gives. Measured with ``benchmarks/retrieval_dask.py``
#: (400 suspects, 20,696 sources): at 16 suspects per task the driver spent
#: 0.54 CPU-seconds per run submitting tasks and reading results, a third
#: of the workers' 1.5 seconds of work, on the same two cores.
DASK_TASKS_PER_THREAD = 4
MAX_DASK_CHUNK = 256
#: Suspects per task on Dask when their number is not known (a one-pass
#: iterable): 4 x :data:`DEFAULT_CHUNK_SIZE`, a second or more of work.
STREAM_DASK_CHUNK = 64


def dask_chunk_size(suspects: int | None, threads: int) -> int:
    """Suspects per task on Dask: about :data:`DASK_TASKS_PER_THREAD` tasks
    per worker thread (enough to balance the load), at least
    :data:`DEFAULT_CHUNK_SIZE` and at most :data:`MAX_DASK_CHUNK`. For a
    stream of suspects of unknown length (``suspects`` None),
    :data:`STREAM_DASK_CHUNK`.

    >>> dask_chunk_size(400, 1), dask_chunk_size(400, 2), dask_chunk_size(10, 2), dask_chunk_size(10**6, 8)
    (100, 50, 16, 256)
    >>> dask_chunk_size(None, 2)
    64
    """
    if suspects is None:
        return STREAM_DASK_CHUNK
    want = -(-suspects // (DASK_TASKS_PER_THREAD * max(threads, 1)))
    return max(DEFAULT_CHUNK_SIZE, min(MAX_DASK_CHUNK, want))


def guided_chunk_size(remaining: int, threads: int) -> int:
    """Suspects in the next task on Dask when ``remaining`` suspects are
    left to send (guided scheduling): a share ``1 / (2 x threads)`` of what
    is left, at least :data:`DEFAULT_CHUNK_SIZE` and at most
    :data:`MAX_DASK_CHUNK`. Big tasks first, small ones at the end, so the
    workers finish together (with equal chunks the last one keeps one
    worker busy while the others wait).

    >>> sizes, left = [], 400
    >>> while left > 0:
    ...     sizes.append(min(left, guided_chunk_size(left, 2)))
    ...     left -= sizes[-1]
    >>> sizes
    [100, 75, 57, 42, 32, 24, 18, 16, 16, 16, 4]
    """
    return max(DEFAULT_CHUNK_SIZE, min(MAX_DASK_CHUNK, -(-remaining // (2 * max(threads, 1)))))


#: The message of the ImportError raised when dask.distributed is missing.
INSTALL_HINT = f"screening on Dask needs dask.distributed: {install_hint('scale')}"

# -- tasks: the work, in chunks (run here or on Dask workers) -----------------------


#: How a scoring task gets its detector: ``(detector class, config)``, built
#: as ``cls(config)`` once per process (loading the lexicon and model once).
#: Both are sent to Dask workers: the class by reference, the config frozen.
DetectorSpec = tuple[Callable[[Any], Any], Hashable]


@functools.lru_cache(maxsize=4)
def _detector(cls: Callable[[Any], Any], config: Hashable) -> Any:
    return cls(config)


#: Indexes received by this (worker) process, by digest: a worker keeps the
#: copy whose LSH tables it has built (seconds for 20,000 documents) across
#: tasks and screening runs, instead of rebuilding them for every new copy.
_RECEIVED: dict[str, SourceIndex] = {}
_RECEIVED_MAX = 2
_RECEIVED_LOCK = threading.Lock()


def _shared(index: SourceIndex) -> SourceIndex:
    """The copy of ``index`` this process already keeps, else ``index`` (kept)."""
    digest = index.known_digest()
    if digest is None:
        return index
    with _RECEIVED_LOCK:
        kept = _RECEIVED.get(digest)
        if kept is None:
            while len(_RECEIVED) >= _RECEIVED_MAX:
                _RECEIVED.pop(next(iter(_RECEIVED)))
            kept = _RECEIVED[digest] = index
        return kept


#: What :func:`find_chunk` gives for one suspect: its position and its
#: candidate sources ``(id, similarity, near duplicates of that source)``,
#: best first, or the message of the error its search raised.
Found = tuple[int, "tuple[tuple[str, float, tuple[str, ...]], ...] | str"]


def find_chunk(
    index: SourceIndex,
    items: list[tuple[int, str, str]],
    top: int,
    floor: float,
    within: bool,
    prepared: dict[tuple[str, str], Any] | None = None,
) -> list[Found]:
    """The ``top`` candidate sources of each suspect ``(position, id, text)``
    with a similarity of at least ``floor``; ``within``: the suspects are the
    indexed documents themselves, so a document is no candidate of its own.
    Else a source with the suspect's id may be the suspect's own document
    (the same collection given as suspects and sources), which only
    :func:`found_pairs` can tell by its text: one more candidate is kept for
    it then. For a suspect that is not English
    (:func:`~spindetect.screening.reading.check_language`) or whose search
    failed, the error message instead. ``prepared``, if given, receives the
    suspects' documents the check prepared, keyed as :func:`score_chunk` keeps them."""
    out: list[tuple[int, Any]] = []
    role = "document" if within else "suspect"
    for pos, doc_id, text in items:
        try:
            doc = check_language(text, f"{role} {short(doc_id)}")
        except ValueError as exc:  # an error row saying so
            out.append((pos, str(exc)))
            continue
        if prepared is not None and doc is not None:
            prepared[("", doc_id) if within else ("a", doc_id)] = doc
        try:
            matches = index.find(text, k=top + 1, min_similarity=floor)
        except Exception as exc:  # one bad document never stops a run
            out.append((pos, failure(f"searching for the sources of {short(doc_id)}", exc)))
            continue
        own = any(m.id == doc_id for m in matches)
        kept = top + 1 if own and not within else top
        cands = tuple((m.id, m.similarity, m.duplicates) for m in matches if not (within and m.id == doc_id))[:kept]
        out.append((pos, cands))
    return out


def find_chunk_on_worker(
    index: SourceIndex, items: list[tuple[int, str, str]], top: int, floor: float, within: bool
) -> list[Found]:
    """:func:`find_chunk` on a Dask worker, with the copy of ``index`` whose
    LSH tables this worker has already built, if any."""
    return find_chunk(_shared(index), items, top, floor, within)


#: A pair to score: ``(key, id_a, text_a, id_b, text_b, similarity)``; the
#: key orders the rows of :func:`spindetect.screen`.
Pair = tuple[tuple[int, ...], str, str, str, str, float]


def score_chunk(
    pairs: list[Pair], detector: DetectorSpec, within: bool, docs: dict[tuple[str, str], Any] | None = None
) -> list[tuple[tuple[int, ...], ScreenRow]]:
    """Score pairs, each as a ``(key, row)``; a pair whose scoring raised
    anything is an :data:`~spindetect.screening.rows.ERROR` row. ``docs``:
    documents already prepared (:func:`find_chunk`'s ``prepared``).

    Sources mode: a is the suspect, b the source. Within mode: a comes first
    in the collection; the row's suspect is the spun side, else b.
    """
    det = _detector(*detector)
    # Prepared documents, by side and id: in sources mode suspect ids and
    # source ids are separate namespaces (suspect "x" is not source "x"); in
    # "within" mode both sides are the one collection.
    docs = {} if docs is None else docs

    def prepared(side: str, doc_id: str, text: str) -> Any:
        key = ("", doc_id) if within else (side, doc_id)
        doc = docs.get(key)
        if doc is None:
            doc = docs[key] = det.prepare(text, name=doc_id)
            if side == "b" and not within:  # suspects and documents were checked where searched (find_chunk)
                try:
                    check_english(doc, label=f"source {short(doc_id)}")
                except ValueError as exc:  # every pair with this source is an error row saying so
                    doc = docs[key] = exc
        if isinstance(doc, ValueError):
            raise doc
        return doc

    out = []
    for key, id_a, text_a, id_b, text_b, sim in pairs:
        try:
            report = det.score_documents(prepared("a", id_a, text_a), prepared("b", id_b, text_b))
        except Exception as exc:  # one bad pair never stops a run, whatever it raises
            logger.warning("scoring %r against %r failed: %s: %s", id_a, id_b, type(exc).__name__, clip(str(exc)))
            logger.debug("scoring %r against %r failed", id_a, id_b, exc_info=exc)
            out.append(
                (
                    key,
                    ScreenRow(
                        id_a if not within else id_b,
                        id_b if not within else id_a,
                        ERROR,
                        similarity=sim,
                        error=f"scoring failed: {type(exc).__name__}: {exc}",
                    ),
                )
            )
            continue
        spun_side = report.spun_side
        if within:
            suspect, source = (id_a, id_b) if spun_side == "a" else (id_b, id_a)
        else:
            suspect, source = id_a, id_b
        spun_id = None if spun_side is None else (id_a if spun_side == "a" else id_b)
        numbers = (float(report.probability), float(report.density), float(sim))
        out.append((key, ScreenRow(suspect, source, report.label, *numbers, spun_id)))
        if within and spun_side is None:
            # neither is the spun copy: each document has a row naming the other (two identical
            # documents were one row, and the first of them was never a suspect)
            out.append(((*key, 1), ScreenRow(source, suspect, report.label, *numbers, None)))
    return out


def found_pairs(
    found: list[Found],
    suspects: dict[int, tuple[str, str]],
    texts: Any,
    done: Any = frozenset(),
    top: int | None = None,
) -> tuple[list[tuple[tuple[int, ...], ScreenRow]], list[Pair], dict[tuple[int, ...], tuple[str, ...]]]:
    """What :func:`find_chunk` found for each suspect (sources mode) as rows
    ready now (a failed search, no match, a source whose text is missing),
    the pairs to score (``texts``: source texts by id, with ``get``; pairs in
    ``done``, ``(suspect id, source id)``, are left out: scored by the run
    being resumed) and the near duplicates of each pair's source, by row key.
    ``suspects``: ``position -> (id, text)`` of the chunk.

    A source with the suspect's id and text is the suspect's own document
    (the same documents given as suspects and sources): never a candidate of
    it. A source with the suspect's id and another text is another document
    (suspect and source ids are separate namespaces), and one with another
    id and the same text a verbatim copy: both are scored. Then the first
    ``top`` candidates (None: all) are kept."""
    rows: list[tuple[tuple[int, ...], ScreenRow]] = []
    pairs: list[Pair] = []
    duplicates: dict[tuple[int, ...], tuple[str, ...]] = {}
    for pos, cands in found:
        sid, stext = suspects[pos]
        if isinstance(cands, str):  # the search failed
            rows.append(((1, pos, 0), ScreenRow(sid, None, ERROR, error=cands)))
            continue
        if any(c[0] == sid for c in cands) and texts.get(sid) == stext:  # the suspect itself
            cands = tuple(c for c in cands if c[0] != sid)
        cands = cands[:top]
        if not cands:
            rows.append(((1, pos, 0), ScreenRow(sid, None, NO_MATCH)))
        for rank, (src_id, sim, dups) in enumerate(cands):
            if (sid, src_id) in done:
                continue
            if dups:
                duplicates[(1, pos, rank)] = dups
            src_text = texts.get(src_id)
            if isinstance(src_text, str):
                pairs.append(((1, pos, rank), sid, stext, src_id, src_text, sim))
                continue
            why = (
                f"source {src_id!r} is in the index but its text is not in sources"
                if src_text is None
                else f"source {src_id!r} could not be read again: {src_text}"
            )
            rows.append(((1, pos, rank), ScreenRow(sid, src_id, ERROR, similarity=sim, error=why)))
    return rows, pairs, duplicates


def with_duplicates(
    keyed: list[tuple[tuple[int, ...], ScreenRow]], duplicates: dict[tuple[int, ...], tuple[str, ...]]
) -> list[tuple[tuple[int, ...], ScreenRow]]:
    """Rows with the near duplicates of their source (:func:`found_pairs`) filled in."""
    if not duplicates:
        return keyed
    return [
        (k, r if k not in duplicates else dataclasses.replace(r, source_duplicates=duplicates[k])) for k, r in keyed
    ]


def screen_chunk(
    index: SourceIndex,
    texts: Any,
    items: list[tuple[int, str, str]],
    top: int,
    floor: float,
    detector: DetectorSpec,
    done: Any = frozenset(),
) -> list[tuple[tuple[int, ...], ScreenRow]]:
    """A chunk of suspects screened in one task (sources mode): searched,
    then their pairs scored, where the source ``texts`` are at hand (a
    mapping, or :class:`~spindetect.screening.reading.LazyTexts` reading
    them from disk). On a Dask worker, with the copy of ``index`` it keeps
    ``done``: pairs not to score."""
    docs: dict[tuple[str, str], Any] = {}
    found = find_chunk(index, items, top, floor, False, docs)
    rows, pairs, duplicates = found_pairs(found, {pos: (d, t) for pos, d, t in items}, texts, done, top)
    return with_duplicates(rows + score_chunk(pairs, detector, False, docs), duplicates)


def screen_chunk_on_worker(
    index: SourceIndex,
    texts: Any,
    items: list[tuple[int, str, str]],
    top: int,
    floor: float,
    detector: DetectorSpec,
    done: Any = frozenset(),
) -> list[tuple[tuple[int, ...], ScreenRow]]:
    """:func:`screen_chunk` on a Dask worker, with the copy of ``index``
    whose LSH tables this worker has already built, if any."""
    return screen_chunk(_shared(index), texts, items, top, floor, detector, done)


# -- backends: where the chunks run ------------------------------------------------------

#: Suspects found and the ``(key, row)`` pairs they gave: what :meth:`Backend.run` yields.
Done = tuple[int, list[tuple[tuple[int, ...], ScreenRow]]]


class Backend:
    """Where chunks run: here (:class:`LocalBackend`) or on Dask (:class:`DaskBackend`).

    Each method yields ``(documents done, results)`` as chunks complete, in
    any order; :meth:`close` releases what the backend opened.
    """

    def run(
        self,
        chunks: list[list[tuple[int, str, str]]],
        top: int,
        floor: float,
        within: bool,
        on_found: Callable[[list[Found]], tuple[list[Any], list[Pair]]],
        detector: DetectorSpec,
    ) -> Iterator[Done]:
        """Search each chunk of suspects, pass what is found to ``on_found``
        (which returns rows ready now and the pairs to score), and score
        those pairs."""
        raise NotImplementedError

    def share(self, texts: Any) -> bool:
        """Whether the tasks can get the source ``texts`` themselves (then
        :meth:`screen` runs each chunk in one task); sent to them if so."""
        return True

    def screen(
        self,
        chunks: Iterable[list[tuple[int, str, str]]],
        top: int,
        floor: float,
        texts: Any,
        detector: DetectorSpec,
        done_of: Callable[[list[tuple[int, str, str]]], Any],
        first: Callable[[], list[Any]] | None = None,
    ) -> Iterator[Done]:
        """:func:`screen_chunk` of each chunk (sources mode), with the texts
        given to :meth:`share`; ``done_of(chunk)``: its pairs not to score;
        ``first()``: rows to give first (as ``(0, rows)``), computed once the
        first tasks are sent, while they run."""
        raise NotImplementedError

    def find_all(self, chunks: list[list[tuple[int, str, str]]], top: int, floor: float) -> Iterator[tuple[int, Any]]:
        """:func:`find_chunk` of each chunk, in "within" mode."""
        raise NotImplementedError

    def score_all(self, batches: list[list[Pair]], detector: DetectorSpec) -> Iterator[tuple[int, Any]]:
        """:func:`score_chunk` of each batch of pairs, in "within" mode."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class LocalBackend(Backend):
    """Runs the chunks here, one after the other."""

    def __init__(self, index: SourceIndex) -> None:
        self.index = index

    def run(self, chunks, top, floor, within, on_found, detector):  # type: ignore[no-untyped-def]
        for chunk in chunks:
            rows, pairs = on_found(find_chunk(self.index, chunk, top, floor, within))
            yield len(chunk), rows + score_chunk(pairs, detector, within)

    def screen(self, chunks, top, floor, texts, detector, done_of, first=None):  # type: ignore[no-untyped-def]
        if first is not None:
            yield 0, first()
        for chunk in chunks:
            yield len(chunk), screen_chunk(self.index, texts, chunk, top, floor, detector, done_of(chunk))

    def find_all(self, chunks, top, floor):  # type: ignore[no-untyped-def]
        for chunk in chunks:
            yield len(chunk), find_chunk(self.index, chunk, top, floor, True)

    def score_all(self, batches, detector):  # type: ignore[no-untyped-def]
        for batch in batches:
            yield len(batch), score_chunk(batch, detector, True)


class DaskBackend(Backend):
    """Runs chunks on a Dask cluster, a bounded number in flight.

    ``client`` is a ``distributed.Client``; without one, a client connects
    to ``scheduler`` (an address) and is closed by :meth:`close`. Raises
    ImportError (:data:`INSTALL_HINT`) without dask.distributed, and
    OSError when the scheduler cannot be reached.

    The index (if any: :func:`spindetect.scan_collection` needs none) goes
    to every worker once (``scatter(broadcast=True)``; it travels as plain
    arrays, or as its path when it was loaded from one, see
    :meth:`SourceIndex.__getstate__`, and each worker keeps the copy whose
    LSH tables it has built). So do the source texts when they can
    (:meth:`share`): then a chunk of suspects is searched and scored in one
    task (:meth:`screen`), and the driver only sends suspects and reads rows.
    Otherwise search tasks get the suspects' texts, the driver pairs each
    suspect with its candidates' texts, and scoring tasks get the texts of
    their pairs (:meth:`run`). :meth:`map` runs any other task over batches.
    """

    def __init__(self, index: SourceIndex | None, client: Any, scheduler: str | None) -> None:
        try:
            import distributed
        except ImportError as exc:
            raise ImportError(INSTALL_HINT) from exc
        self._as_completed = distributed.as_completed
        self._own = client is None
        if client is None:
            try:
                client = distributed.Client(scheduler)
            except (OSError, ValueError) as exc:
                raise OSError(f"cannot connect to the Dask scheduler at {scheduler!r}: {exc}") from exc
        self.client = client
        workers = client.scheduler_info().get("workers", {})
        threads = sum(w.get("nthreads", 1) for w in workers.values()) or 1
        #: Worker threads when the run started.
        self.threads = threads
        #: Tasks in flight: enough to keep every thread busy, few enough to
        #: keep the driver's memory flat on big collections.
        self.window = max(4, 3 * threads)
        self.index_future = client.scatter(index, broadcast=True, hash=False) if index is not None else None
        self.texts_future: Any = None
        self._detector_sent: tuple[DetectorSpec, Any] | None = None

    def close(self) -> None:
        if self._own:
            self.client.close()

    def run(self, chunks, top, floor, within, on_found, detector):  # type: ignore[no-untyped-def]
        c = self.client
        it = iter(chunks)
        ac = self._as_completed()
        tags: dict[str, Any] = {}

        def submit_find() -> None:
            chunk = next(it, None)
            if chunk is not None:
                fut = c.submit(find_chunk_on_worker, self.index_future, chunk, top, floor, within, pure=False)
                tags[fut.key] = ("find", len(chunk), None)
                ac.add(fut)

        for _ in range(self.window):
            submit_find()
        for fut in ac:
            kind, n, rows = tags.pop(fut.key)
            result = fut.result()
            if kind == "find":
                rows, pairs = on_found(result)
                if pairs:
                    fut2 = c.submit(score_chunk, pairs, self._sent(detector), within, pure=False)
                    tags[fut2.key] = ("score", n, rows)
                    ac.add(fut2)
                    continue
                yield n, rows
            else:
                yield n, rows + result
            submit_find()

    def map(
        self,
        task: Callable[..., Any],
        batches: Iterable[list[Any]],
        *args: Any,
        last: Callable[[list[Any]], Any] | None = None,
        first: Callable[[], Any] | None = None,
    ) -> Iterator[tuple[int, Any]]:
        """``task(batch, *args)`` (and ``last(batch)`` as a last argument, if
        given: computed here) on the workers for each batch, as
        ``(len(batch), result)`` in completion order, :attr:`window` in flight.
        ``task`` must be importable by the workers (a module-level function).
        ``first()``, if given, is computed here once the first tasks are
        sent, and given first, as ``(0, first())``."""
        c = self.client
        it = iter(batches)
        ac = self._as_completed()
        sizes: dict[str, int] = {}

        def submit() -> None:
            batch = next(it, None)
            if batch is not None:
                more = () if last is None else (last(batch),)
                fut = c.submit(task, batch, *args, *more, pure=False)
                sizes[fut.key] = len(batch)
                ac.add(fut)

        for _ in range(self.window):
            submit()
        if first is not None:
            yield 0, first()
        for fut in ac:
            n = sizes.pop(fut.key)
            result = fut.result()
            yield n, result
            submit()

    def share(self, texts: Any) -> bool:
        """Send the source texts to every worker once, if that is cheap
        enough: the byte offsets or paths of texts read from disk
        (:class:`~spindetect.screening.reading.LazyTexts`, about 100 bytes
        a source) when every worker sees the collection's path (the same
        file system); texts held in a mapping as one pickled blob
        (:class:`SharedTexts`) up to :data:`MAX_SHARED_TEXT_BYTES`.
        Otherwise (False: texts read from a path the workers do not see, or
        a mapping above that size) the driver reads each pair's source text
        and sends it with the pair."""
        self.texts_future = None
        shared: Any = None
        path = getattr(getattr(texts, "collection", None), "path", None)
        if path is not None:
            try:
                seen = self.client.run(os.path.exists, str(path))
            except Exception as exc:  # a worker that cannot answer: the driver reads the texts
                logger.debug("cannot ask the workers for %s: %s", path, exc)
                return False
            if seen and all(seen.values()):
                shared = texts
        elif isinstance(texts, Mapping):
            shared = SharedTexts.pack(texts)
            if shared is None:
                logger.info(
                    "the source texts take more than %d MB: the driver sends each pair its texts",
                    MAX_SHARED_TEXT_BYTES >> 20,
                )
        if shared is None:
            return False
        (self.texts_future,) = self.client.scatter([shared], broadcast=True, hash=False)
        return True

    def screen(self, chunks, top, floor, texts, detector, done_of, first=None):  # type: ignore[no-untyped-def]
        index, shared, det = self.index_future, self.texts_future, self._sent(detector)
        return self.map(_screen_on_worker, chunks, index, shared, top, floor, det, last=done_of, first=first)

    def find_all(self, chunks, top, floor):  # type: ignore[no-untyped-def]
        return self.map(_find_within_on_worker, chunks, self.index_future, top, floor)

    def score_all(self, batches, detector):  # type: ignore[no-untyped-def]
        return self.map(score_chunk, batches, self._sent(detector), True)

    def _sent(self, detector: DetectorSpec) -> Any:
        """``detector`` sent to every worker once (a future), not with every
        task: each task of the run then gets the same object, so a worker
        builds its detector once (``_detector`` is cached by the config,
        and a lexicon compares by identity) and a custom lexicon travels
        once per worker instead of once per task."""
        if self._detector_sent is None or self._detector_sent[0] is not detector:
            (future,) = self.client.scatter([detector], broadcast=True, hash=False)
            self._detector_sent = (detector, future)
        return self._detector_sent[1]


def _find_within_on_worker(
    chunk: list[tuple[int, str, str]], index: SourceIndex, top: int, floor: float
) -> list[Found]:
    """:func:`find_chunk_on_worker` in "within" mode, the chunk first (as :meth:`DaskBackend.map` passes it)."""
    return find_chunk_on_worker(index, chunk, top, floor, True)


def _screen_on_worker(chunk, index, texts, top, floor, detector, done):  # type: ignore[no-untyped-def]
    """:func:`screen_chunk_on_worker`, the chunk first (as :meth:`DaskBackend.map` passes it)."""
    return screen_chunk_on_worker(index, texts, chunk, top, floor, detector, done)
