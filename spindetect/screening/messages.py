"""How a bad value or an unexpected exception is told in an error message.

Shared by the collection readers, the index and the workers: a value is
shown by its :func:`short` ``repr``, an exception's text is cut by
:func:`clip` (it can hold a whole document), and :func:`failure` turns an
exception that one document raised into the message of its error row,
logging the traceback at debug level.

>>> short("a long document id " * 5, limit=30)
"'a long document id a long ..."
>>> failure("scanning 'a'", KeyError("deep inside"))
"scanning 'a' failed: KeyError: 'deep inside'"
"""

from __future__ import annotations

import logging
import numbers
from typing import Any

__all__ = ["check_fraction", "clip", "failure", "json_type", "short"]

logger = logging.getLogger("spindetect")


def json_type(value: Any) -> str:
    """What a value read from JSON is, in JSON's words: "a number", "an
    array", "an object", "true/false", "null", "a string".

    >>> json_type(5), json_type([1])
    ('a number (5)', 'an array')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({short(value, 20)})"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object" if isinstance(value, dict) else type(value).__name__


def short(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters."""
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 3] + "..."


def clip(text: str, limit: int = 500) -> str:
    """``text`` cut to ``limit`` characters (an exception's message can hold a whole document)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def failure(what: str, exc: BaseException) -> str:
    """The error-row message of an unexpected exception while doing
    ``what``, logged as a warning (with its traceback at debug level)."""
    logger.warning("%s failed: %s: %s", what, type(exc).__name__, clip(str(exc)))
    logger.debug("%s failed", what, exc_info=exc)
    return f"{what} failed: {type(exc).__name__}: {clip(str(exc)) or '(no message)'}"


def check_fraction(value: Any, name: str) -> float:
    """``value`` as a float in [0, 1], else ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be a number from 0 to 1, got {short(value)}")
    return float(value)
