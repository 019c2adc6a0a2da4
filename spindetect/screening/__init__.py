"""Screening: collections of documents, against sources or each other.

The public entry points are re-exported by :mod:`spindetect`
(``screen``, ``scan_collection``, ``SourceIndex``, ...). The modules, each
importing only those listed before it:

- :mod:`~spindetect.screening.messages`: how bad values and exceptions are told in error rows.
- :mod:`~spindetect.screening.texts`: ``JsonlTexts``: the texts of a JSON Lines file by id, read from disk on demand.
- :mod:`~spindetect.screening.shingles`: a text's immutable skeleton and its shingle hashes.
- :mod:`~spindetect.screening.lsh`: MinHash signatures and LSH band tables.
- :mod:`~spindetect.screening.storage`: a saved index's files, written and checked.
- :mod:`~spindetect.screening.matches`: ``Match``, ``Matches``: what a search returns.
- :mod:`~spindetect.screening.index`: ``SourceIndex``, ``IndexConfig``.
- :mod:`~spindetect.screening.building`: ``build_index``: an index built on disk, out of core.
- :mod:`~spindetect.screening.reading`: collections read, normalised and validated; ``PathCollection`` reads one document at a time, ``LazyTexts`` keeps where each text is, not the text.
- :mod:`~spindetect.screening.rows`: ``ScreenRow``, ``ScreenResult``, ``RowWriter``, ``read_rows``.
- :mod:`~spindetect.screening.runs`: what a run of rows was produced from (checked on resume), and what is left to do.
- :mod:`~spindetect.screening.backends`: the worker tasks, run here or on Dask.
- :mod:`~spindetect.screening.driver`: ``screen`` and ``iter_screen``.
- :mod:`~spindetect.screening.batch_scan`: ``scan_collection``, ``ScanRow``.
"""
