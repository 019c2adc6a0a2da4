"""spindetect: catch article spinning, swap by swap.

>>> import spindetect
>>> report = spindetect.score("Officials said the talks failed.", "Officers stated the talks failed.")
>>> report.label in spindetect.LABELS
True
"""

from ._version import __version__
from .documents import DocumentText, read_document
from .resources.lexicon import Lexicon, LexiconEntry, default_lexicon
from .results import Signature
from .reviewing import DocumentPair, DocumentScan, scan_document, score_documents
from .scanning.report import ScanReport, SuspectPhrase
from .scanning.scanner import Scanner, ScannerConfig, default_scanner, scan
from .scoring.align import Alignment, Chunk, SentencePair
from .scoring.detector import Detector, DetectorConfig, default_detector, score
from .scoring.learn import learn_lexicon
from .scoring.report import LABELS, SpinReport
from .scoring.swaps import Swap
from .screening.batch_scan import ScanRow, ScanRows, scan_collection
from .screening.driver import ScreenResult, ScreenRow, screen
from .screening.index import IndexConfig, Match, Matches, SourceIndex
from .sides import SideCheck, check_sides
from .text import Document

__all__ = [
    "Alignment",
    "Chunk",
    "Detector",
    "DetectorConfig",
    "Document",
    "DocumentPair",
    "DocumentScan",
    "DocumentText",
    "IndexConfig",
    "LABELS",
    "Lexicon",
    "LexiconEntry",
    "Match",
    "Matches",
    "ScanReport",
    "ScanRow",
    "ScanRows",
    "Scanner",
    "ScannerConfig",
    "ScreenResult",
    "ScreenRow",
    "SentencePair",
    "SideCheck",
    "Signature",
    "SourceIndex",
    "SpinReport",
    "SuspectPhrase",
    "Swap",
    "__version__",
    "check_sides",
    "default_detector",
    "default_lexicon",
    "default_scanner",
    "learn_lexicon",
    "read_document",
    "scan",
    "scan_collection",
    "scan_document",
    "score",
    "score_documents",
    "screen",
]
