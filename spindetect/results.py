"""What the results of every wing share: the signature of what produced them
and the marked-up views of a text with its evidence (plain text and HTML).

:class:`~spindetect.SpinReport` (``score``) and
:class:`~spindetect.ScanReport` (``scan``) both carry a :class:`Signature`
and draw their highlighted text with :func:`marked_text` and
:func:`marked_html`, so a phrase looks the same in either view.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import NamedTuple

__all__ = ["Mark", "Signature", "disguise_text", "marked_html", "marked_text"]


@dataclass(frozen=True, slots=True)
class Signature:
    """What produced a result, so that a number can be reproduced.

    Attributes:
        version: spindetect's version.
        wordnet: WordNet version (``score``; None for ``scan``).
        model: id of the verdict model (pair model for ``score``, text model
            for ``scan``): the hash of its file's contents.
        lexicon: the lexicon's signature (name, entries, hash).
        window_model: id of the window model (``scan`` only).
        judge: what weighed phrases in their sentence: the language-model
            judge's signature (engine, model file, start of its SHA-256);
            for ``scan``, the trigram model's when the judge is missing, or
            None when no phrase needed it; for ``score``, the same with the
            judge stage's model id in brackets, or "none" when no judge ran
            (not installed, disabled, or the fast path settled the pair).

    ``signature["model"]`` reads a field by name (results before 0.2 had a
    dict here for ``scan``).
    """

    version: str
    wordnet: str | None = None
    model: str = "none"
    lexicon: str = "none"
    window_model: str | None = None
    judge: str | None = None

    def __str__(self) -> str:
        parts = [f"spindetect {self.version}"]
        parts += [
            f"{f.name.replace('_', ' ')} {v}" for f in fields(self)[1:] if (v := getattr(self, f.name)) is not None
        ]
        return "|".join(parts)

    def __getitem__(self, name: str) -> str:
        value = self.to_dict().get(name)
        if value is None:
            raise KeyError(name)
        return value

    def to_dict(self) -> dict[str, str]:
        """The fields that are set, by name (JSON-safe)."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}


class Mark(NamedTuple):
    """A highlighted span of a text: characters ``[start, end)``, its
    ``strength`` in [0, 1] (drawn as the highlight's opacity) and ``tip``,
    the evidence shown on hover."""

    start: int
    end: int
    strength: float = 1.0
    tip: str = ""


def marked_text(text: str, span: tuple[int, int], marks: Sequence[Mark | tuple[int, int]]) -> str:
    """``text[span]`` on one line, with ``[...]`` around each mark inside it.

    >>> marked_text("The navy gear arrived.", (0, 22), [Mark(4, 13)])
    'The [navy gear] arrived.'
    """
    a, b = span
    out, pos = [], a
    for m in sorted({(m[0], m[1]) for m in marks}):
        m0, m1 = m
        if m0 < pos or m1 > b:
            continue
        out.append(text[pos:m0])
        out.append("[" + text[m0:m1] + "]")
        pos = m1
    out.append(text[pos:b])
    return " ".join("".join(out).split())


def marked_html(text: str, span: tuple[int, int], marks: Sequence[Mark]) -> str:
    """``text[span]`` as escaped HTML with a ``<mark>`` per mark (overlapping
    marks after the first are skipped).

    >>> marked_html("a <b> c", (0, 7), [Mark(2, 5, 0.5, "odd")])
    "a <mark style='background:rgba(255,140,0,0.45)' title='odd'>&lt;b&gt;</mark> c"
    """
    a, b = span
    out, pos = [], a
    for m in sorted(marks, key=lambda m: m.start):
        if m.start < pos or m.end > b:
            continue
        out.append(html.escape(text[pos : m.start]))
        alpha = 0.15 + 0.6 * m.strength
        out.append(
            f"<mark style='background:rgba(255,140,0,{alpha:.2f})' title='{html.escape(m.tip, quote=True)}'>"
            f"{html.escape(text[m.start : m.end])}</mark>"
        )
        pos = m.end
    out.append(html.escape(text[pos:b]))
    return "".join(out)


def disguise_text(counts: dict[str, int]) -> str:
    """``{"look-alike letter": 3}`` as "3 look-alike letters".

    >>> disguise_text({"look-alike letter": 3, "invisible character": 1})
    '1 invisible character, 3 look-alike letters'
    """
    return ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in sorted(counts.items()))
