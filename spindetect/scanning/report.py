"""The result of ``scan``: :class:`ScanReport` and its suspect phrases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..results import Mark, Signature, disguise_text, marked_html
from ..text import Document
from .verdict import WINDOW_FEATURE_NAMES

__all__ = ["ScanReport", "SuspectPhrase", "in_case", "window_reasons"]


@dataclass(frozen=True, slots=True)
class SuspectPhrase:
    """A phrase that looks like a spinner's work.

    Attributes:
        text: the phrase as it appears in the scanned text.
        span: its character offsets in the scanned text.
        tokens: its token range.
        suggestion: the likely original phrase (None if unknown).
        suggestions: up to five candidate originals, likeliest first.
        weight: confidence that the phrase is spun, in (0, 1].
        kind: "lexicon" (a known spun phrase), "pattern" (inferred) or
            "leftover" (a spinning tool's trace: unresolved spintax, an
            article slip, a number spun to words before "%";
            :mod:`spindetect.scanning.leftovers`).
        evidence: why it was flagged, one sentence per reason.
    """

    text: str
    span: tuple[int, int]
    tokens: tuple[int, int]
    suggestion: str | None
    suggestions: tuple[str, ...]
    weight: float
    kind: Literal["lexicon", "pattern", "leftover"]
    evidence: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.text} -> {self.suggestion}" if self.suggestion else self.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": list(self.span),
            "tokens": list(self.tokens),
            "suggestion": self.suggestion,
            "suggestions": list(self.suggestions),
            "weight": round(self.weight, 4),
            "kind": self.kind,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class ScanReport:
    """The source-free verdict on one text.

    Attributes:
        label: "spun" when ``probability`` reaches ``threshold``, else "clean".
        probability: P(spun), in [0, 1].
        phrases: suspect phrases in text order.
        words: word tokens in the text.
        density: weighted suspect phrases per 100 words (a sentence that
            repeats an earlier one word for word counted once, its words and
            phrases both).
        threshold: the P(spun) from which a text of this length is labelled
            spun: 0.5 for long texts, higher for short ones, whose word
            statistics are noisier (:func:`spindetect.scanning.verdict.scan_label_threshold`);
            the length is that of the text with repeated sentences counted
            once, so a text pasted several times has the threshold of the text once.
        features: the numbers the verdict was made from.
        signature: version, lexicon and model that produced it.
        document: the tokenised text (for spans and views).
        disguise: how many characters of each kind disguised words of the
            text (look-alike letters of another script, invisible characters
            inside words), undone before scanning and reported as evidence:
            clean prose does not need them.
        skipped: character spans of the lines left out as table rows, not
            prose (:func:`spindetect.text.not_prose`: table rows and data); their words are not
            counted in ``words``.
        quoted: suspect phrases inside short quotations ('counterfeit
            consciousness' in a text about tortured phrases): mentioned, not
            used, so listed here and not counted towards the verdict (not in
            ``phrases``, ``density`` or ``features``).
    """

    label: Literal["spun", "clean"]
    probability: float
    phrases: tuple[SuspectPhrase, ...]
    words: int
    density: float
    threshold: float
    features: dict[str, float] = field(repr=False, compare=False)
    signature: Signature = field(repr=False, compare=False)
    document: Document = field(repr=False, compare=False)
    disguise: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    skipped: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)
    quoted: tuple[SuspectPhrase, ...] = field(default=(), repr=False, compare=False)

    def __repr__(self) -> str:
        return (
            f"ScanReport(label={self.label!r}, probability={self.probability:.3f}, "
            f"phrases={len(self.phrases)}, words={self.words}, density={self.density:.2f})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "probability": round(self.probability, 6),
            "words": self.words,
            "density": round(self.density, 6),
            "threshold": round(self.threshold, 6),
            "phrases": [p.to_dict() for p in self.phrases],
            "features": {k: round(float(v), 6) for k, v in self.features.items()},
            "signature": self.signature.to_dict(),
            "disguise": dict(self.disguise),
            "skipped": [list(span) for span in self.skipped],
            "quoted": [p.to_dict() for p in self.quoted],
        }

    def __str__(self) -> str:
        lines = [
            f"{self.label} (P(spun)={self.probability:.2f}, spun from {self.threshold:.2f} at this length); "
            f"{len(self.phrases)} suspect phrases "
            f"in {self.words} words (weighted density {self.density:.2f} per 100 words)"
        ]
        if self.skipped:
            lines.append(f"  skipped {len(self.skipped)} table or data lines (not prose)")
        if self.disguise:
            lines.append(f"  disguised characters: {disguise_text(self.disguise)}")
        for p in self.phrases[:40]:
            sug = f" -> {p.suggestion}" if p.suggestion else ""
            lines.append(f"  [{p.text}]{sug}  ({p.kind}, weight {p.weight:.2f}; {'; '.join(p.evidence)})")
        if len(self.phrases) > 40:
            lines.append(f"  ... {len(self.phrases) - 40} more")
        if self.quoted:
            lines.append(f"  quoted, not counted ({len(self.quoted)}):")
            lines += [f"  [{p.text}]" + (f" -> {p.suggestion}" if p.suggestion else "") for p in self.quoted]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        text = self.document.text
        marks = [
            Mark(
                p.span[0],
                p.span[1],
                p.weight,
                (f"suggestion: {p.suggestion}; " if p.suggestion else "")
                + f"weight {p.weight:.2f}; "
                + "; ".join(p.evidence),
            )
            for p in self.phrases
        ]
        return (
            "<div class='spindetect-scan'>"
            f"<p><b>{self.label}</b> (P(spun) = {self.probability:.2f}; spun from {self.threshold:.2f} at this "
            f"length); {len(self.phrases)} suspect phrases in "
            f"{self.words} words. <span style='color:#888'>Hover a highlight for the suggested original.</span></p>"
            f"<div style='white-space:pre-wrap'>{marked_html(text, (0, len(text)), marks)}</div></div>"
        )

    def to_html(self, path: Any = None) -> str:
        """One self-contained HTML page (the text with its phrases numbered,
        notes with their evidence; see :mod:`spindetect.reporting.html`),
        written to ``path`` if given."""
        from ..reporting.html import scan_html, write_html

        return write_html(scan_html(self), path)

    def to_frame(self) -> Any:
        """The phrases as a pandas DataFrame (:func:`spindetect.reporting.frames.phrases_frame`)."""
        from ..reporting.frames import phrases_frame

        return phrases_frame(self.phrases)


def in_case(restored: Sequence[str], doc: Document, lo: int) -> str:
    """A restoration (lower-case words) written as the text writes the window
    at token ``lo``: a word left as it was keeps its spelling ("Ukraine"), a
    put-back word takes the case of the word it replaces ("Navy" -> "Military")."""
    out = []
    for k, word in enumerate(restored):
        a, b = doc.starts[lo + k], doc.ends[lo + k]
        token = doc.text[a:b]
        if word == doc.forms[lo + k] and token.lower() == word:  # (not a disguised spelling)
            out.append(token)
        elif len(token) > 1 and token.isupper():
            out.append(word.upper())
        elif token[:1].isupper():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def window_reasons(
    window: tuple[str, ...], cands: Sequence[tuple[tuple[str, ...], float, int, float]], feats: Sequence[float]
) -> list[str]:
    """Why a window was flagged, one sentence per reason."""
    f = dict(zip(WINDOW_FEATURE_NAMES, feats))
    phrase = " ".join(window)
    why = [f"'{phrase}' does not occur in clean text"]
    if f["web_attested"]:
        why[0] = f"'{phrase}' is rare in clean text"
    elif f["absence_surprise"] > 1.0:
        why.append("it is not among the commonest English bigrams, though its words are common")
    if cands:
        best, sup, n, _ = cands[0]
        changed = [(w, r) for w, r in zip(window, best) if w != r]
        how = ", ".join(f"'{w}' for '{r}'" for w, r in changed)
        if sup > 0:
            why.append(f"'{' '.join(best)}' does (support {sup:.1f})")
        else:
            why.append(f"no restoration is attested either; '{' '.join(best)}' is the likeliest guess")
        why.append(
            f"spinners put {how} ({n} lexicon {'entry' if n == 1 else 'entries'})"
            if n
            else f"{how}: a WordNet synonym swap"
        )
    if f["min_word_use"] < 1.0:
        why.append("clean text hardly uses one of its words")
    if f["context_known"] and f["context_gain"] >= 0.15:
        why.append("a word fits its surroundings worse than the word it may replace")
    if f["max_spin_prior"] >= 0.5:
        why.append(f"it holds a word typical of spinners (spin prior {f['max_spin_prior']:.2f})")
    return why
