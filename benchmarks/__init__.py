"""Benchmarks of spindetect (speed, accuracy, lexicon, retrieval, ...).

Run from the repository root, e.g. ``python -m benchmarks.accuracy``; each
prints a table and writes its results under ``benchmarks/results/``. They
import the development tools as the package ``devtools``.
"""
