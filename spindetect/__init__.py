"""spindetect: catch article spinning, swap by swap.

>>> import spindetect
>>> report = spindetect.score("Officials said the talks failed.", "Officers stated the talks failed.")
>>> report.label in spindetect.LABELS
True
"""

from ._version import __version__
from .align import Alignment, Chunk, SentencePair
from .detector import Detector, DetectorConfig, score
from .report import LABELS, Signature, SpinReport
from .swaps import Swap
from .text import Document

__all__ = [
    "LABELS",
    "Alignment",
    "Chunk",
    "Detector",
    "DetectorConfig",
    "Document",
    "SentencePair",
    "Signature",
    "SpinReport",
    "Swap",
    "__version__",
    "score",
]
