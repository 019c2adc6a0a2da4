"""Documents as users have them: PDF, DOCX, HTML, JATS/XML, LaTeX and plain
text, read into clean text with the parts that are not prose marked.

>>> from spindetect.documents import document_from_text
>>> doc = document_from_text("A profound neu-\\nral network. See 'bosom peril' in the list.")
>>> doc.text
"A profound neural network. See 'bosom peril' in the list."
>>> [(r.kind, doc.text[r.start:r.end]) for r in doc.regions]
[('mention', 'bosom peril')]
"""

from .cleanup import Cleaned, clean_text
from .model import NOT_PROSE, QUOTED, DocumentText, Region
from .reader import DOCUMENT_SUFFIXES, FORMATS, document_from_text, read_document, sniff

__all__ = [
    "DOCUMENT_SUFFIXES",
    "FORMATS",
    "NOT_PROSE",
    "QUOTED",
    "Cleaned",
    "DocumentText",
    "Region",
    "clean_text",
    "document_from_text",
    "read_document",
    "sniff",
]
