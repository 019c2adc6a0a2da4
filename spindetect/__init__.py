"""spindetect: catch article spinning, swap by swap.

>>> import spindetect
>>> report = spindetect.score("Officials said the talks failed.", "Officers stated the talks failed.")
>>> report.label in spindetect.LABELS
True
"""

from ._version import __version__
from .align import Alignment, Chunk, SentencePair
from .batch_scan import ScanRow, scan_collection
from .detector import Detector, DetectorConfig, score
from .index import IndexConfig, Match, Matches, SourceIndex
from .lexicon import Lexicon, LexiconEntry, default_lexicon
from .report import LABELS, Signature, SpinReport
from .scan import Scanner, ScanReport, SuspectPhrase, scan
from .screen import ScreenResult, ScreenRow, screen
from .swaps import Swap
from .text import Document

__all__ = [
    "Alignment",
    "Chunk",
    "Detector",
    "DetectorConfig",
    "Document",
    "IndexConfig",
    "LABELS",
    "Lexicon",
    "LexiconEntry",
    "Match",
    "Matches",
    "ScanReport",
    "ScanRow",
    "Scanner",
    "ScreenResult",
    "ScreenRow",
    "SentencePair",
    "Signature",
    "SourceIndex",
    "SpinReport",
    "SuspectPhrase",
    "Swap",
    "__version__",
    "default_lexicon",
    "scan",
    "scan_collection",
    "score",
    "screen",
]
