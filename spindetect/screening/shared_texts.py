"""In-memory source texts sent to Dask workers as one blob
(:class:`SharedTexts`; :meth:`spindetect.screening.backends.DaskBackend.share`).

The blob is a pickled ``dict`` of ``str`` made by :meth:`SharedTexts.pack`
in the same run and read by the workers of that run: nothing is written to
disk, and Dask pickles task arguments itself."""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["MAX_SHARED_TEXT_BYTES", "SharedTexts"]

#: Largest size of in-memory source texts that :meth:`DaskBackend.share`
#: sends to every worker (characters of the ids and texts plus 64 a text:
#: about their pickled bytes for ASCII text). Measured with
#: ``benchmarks/retrieval_dask.py`` (20,696 sources, 16 MB pickled): packing
#: them took 0.02 s and sending them to 2 workers 0.06-0.08 s on an idle
#: machine (0.19-0.29 s at load 4-6; as a dict, 2.0-2.9 s), a worker
#: decoding them 0.01-0.05 s. So 512 MB is a few seconds per run, and about
#: twice that in every worker's memory (the blob kept, and the texts decoded
#: from it: a byte a character for Latin-1 text, up to four beyond). Above
#: it the driver pairs each suspect with its candidates' texts instead (no
#: texts on the workers; in that benchmark on a quiet machine, 2,000
#: suspects on 2 workers took 8.1 s of work that way against 7.3 s in one
#: task per chunk).
MAX_SHARED_TEXT_BYTES = 512 * 2**20


class SharedTexts(Mapping):  # type: ignore[type-arg]
    """Source texts by id, as one pickled ``dict`` (``blob``), decoded the
    first time a text is asked for (once per process: Dask gives every task
    of a run on a worker the same object). How in-memory texts travel to
    Dask workers: sent as a dict, Dask serialises every text on its own
    (measured: 1.9-2.7 s to send 20,696 texts to 2 workers, against
    0.06-0.08 s as one blob). Build with :meth:`pack`."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self._texts: dict[str, str] | None = None
        self._lock = threading.Lock()

    @classmethod
    def pack(cls, texts: Mapping[Any, Any], limit: int | None = None) -> SharedTexts | None:
        """The ``str`` texts of ``texts`` (with ``str`` ids) packed, or None
        when they would take more than ``limit`` bytes (default
        :data:`MAX_SHARED_TEXT_BYTES`; counted in characters as they are
        read, 64 more a text, before pickling)."""
        limit = MAX_SHARED_TEXT_BYTES if limit is None else limit
        held: dict[str, str] = {}
        size = 0
        for doc_id, text in texts.items():
            if isinstance(doc_id, str) and isinstance(text, str):
                size += len(doc_id) + len(text) + 64
                if size > limit:
                    return None
                held[doc_id] = text
        return cls(pickle.dumps(held, protocol=pickle.HIGHEST_PROTOCOL))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.blob,))

    def _held(self) -> dict[str, str]:
        texts = self._texts
        if texts is None:
            with self._lock:
                if self._texts is None:
                    self._texts = pickle.loads(self.blob)  # noqa: S301 (made by pack, in this run)
                texts = self._texts
        return texts

    def __getitem__(self, doc_id: str) -> str:
        return self._held()[doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._held())

    def __len__(self) -> int:
        return len(self._held())
