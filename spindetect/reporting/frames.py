"""pandas views of results: one row per phrase, swap or collection row.

pandas is an optional extra (``pip install 'spindetect[frames]'``, in a clone
``pip install -e '.[frames]'``): the
library itself never needs it, and it is a large install for a command-line
user. Without it, ``to_frame()`` raises :class:`ImportError` with that one
line.

Columns:

* :func:`phrases_frame` (``ScanReport.to_frame()``): ``text``, ``start``,
  ``end`` (character offsets in the scanned text), ``suggestion``,
  ``suggestions`` (";"-joined), ``kind`` ("lexicon" or "pattern"),
  ``weight`` (0-1), ``evidence`` (";"-joined sentences), and ``quoted``
  (True for phrases inside quotations, when a document scan gives them).
* :func:`swaps_frame` (``SpinReport.to_frame()``): ``pair`` (sentence pair
  index), ``original``, ``replacement``, ``source_start``, ``source_end``,
  ``suspect_start``, ``suspect_end``, ``relation``, ``oddness`` (0-1),
  ``direction`` (Zipf drop), ``content`` (bool), ``reasons``.
* :func:`rows_frame` (``ScreenResult.to_frame()``, the rows of
  ``scan_collection``): the rows' fields as columns, in their row order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..files import install_hint

__all__ = ["PHRASE_COLUMNS", "SWAP_COLUMNS", "pandas", "phrases_frame", "rows_frame", "swaps_frame"]

PHRASE_COLUMNS = ("text", "start", "end", "suggestion", "suggestions", "kind", "weight", "evidence", "quoted")
SWAP_COLUMNS = (
    "pair",
    "original",
    "replacement",
    "source_start",
    "source_end",
    "suspect_start",
    "suspect_end",
    "relation",
    "oddness",
    "direction",
    "content",
    "reasons",
)


def pandas() -> Any:
    """The pandas module, or ImportError naming the install command."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(f"to_frame() needs pandas: {install_hint('frames')}") from None
    return pd


def phrases_frame(phrases: Iterable[Any], quoted: Iterable[Any] = ()) -> Any:
    """One row per suspect phrase (see the module docstring for columns)."""
    rows = [_phrase_row(p, False) for p in phrases] + [_phrase_row(p, True) for p in quoted]
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return pandas().DataFrame(rows, columns=list(PHRASE_COLUMNS))


def _phrase_row(p: Any, quoted: bool) -> dict[str, Any]:
    return {
        "text": p.text,
        "start": p.span[0],
        "end": p.span[1],
        "suggestion": p.suggestion,
        "suggestions": "; ".join(p.suggestions),
        "kind": p.kind,
        "weight": p.weight,
        "evidence": "; ".join(p.evidence),
        "quoted": quoted,
    }


def swaps_frame(swaps: Iterable[Any]) -> Any:
    """One row per swap of a pair report (see the module docstring for columns)."""
    rows = [
        {
            "pair": s.pair,
            "original": s.original,
            "replacement": s.replacement,
            "source_start": s.source_span[0],
            "source_end": s.source_span[1],
            "suspect_start": s.suspect_span[0],
            "suspect_end": s.suspect_span[1],
            "relation": s.relation,
            "oddness": s.oddness,
            "direction": s.direction,
            "content": s.content,
            "reasons": "; ".join(s.reasons),
        }
        for s in swaps
    ]
    return pandas().DataFrame(rows, columns=list(SWAP_COLUMNS))


def rows_frame(rows: Sequence[Any], columns: Sequence[str]) -> Any:
    """Collection rows (``to_dict()`` each) as a frame with ``columns``."""
    return pandas().DataFrame([r.to_dict() for r in rows], columns=list(columns))
