"""Each side of a pair on its own: `score` beside `scan`, and why they differ.

`score(a, b)` judges the *differences* between two texts; `scan(text)` judges
one text without its source. They answer different questions and can
disagree for good reasons: a text spun from a third source is odd on its
own but shares its odd phrases with its sibling, so the pair shows no swap
there; one broken term is plain against the source but too little for a
source-free verdict. :func:`check_sides` runs both and says, side by side,
whether they agree and, when they do not, which of these reasons holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .scanning.report import ScanReport
from .scanning.scanner import Scanner, default_scanner
from .scoring.detector import Detector, default_detector
from .scoring.report import SpinReport

__all__ = ["SideCheck", "check_sides"]

Side = Literal["a", "b"]

_SPACE = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class SideCheck:
    """:func:`check_sides`'s result.

    Attributes:
        report: ``score(a, b)``.
        scans: ``scan`` of each side, by side ("a", "b").
        agree: True when, for both sides, `scan`'s label ("spun"/"clean")
            matches whether `score` names that side as the spun copy.
        notes: one sentence per side saying how the two verdicts relate
            and, where they differ, why (see :func:`check_sides`).
        shared: per side, the phrases `scan` flags that the other text holds
            too (same words, case and spacing aside).
    """

    report: SpinReport
    scans: dict[Side, ScanReport]
    agree: bool
    notes: tuple[str, ...]
    shared: dict[Side, tuple[str, ...]] = field(default_factory=dict)

    def __str__(self) -> str:
        head = f"score: {self.report.label} (P(spun)={self.report.probability:.2f}"
        head += f", spun copy: {self.report.spun_side})" if self.report.spun_side else ")"
        scans = "; ".join(f"scan({s}): {r.label} (P(spun)={r.probability:.2f})" for s, r in sorted(self.scans.items()))
        return "\n".join([f"{head}; {scans}; {'agree' if self.agree else 'differ'}", *self.notes])

    def to_dict(self) -> dict[str, object]:
        """JSON-safe summary (the full reports via their own ``to_dict``)."""
        return {
            "score": {
                "label": self.report.label,
                "probability": round(self.report.probability, 6),
                "spun_side": self.report.spun_side,
            },
            "scans": {s: {"label": r.label, "probability": round(r.probability, 6)} for s, r in self.scans.items()},
            "agree": self.agree,
            "notes": list(self.notes),
            "shared": {s: list(v) for s, v in self.shared.items()},
        }


def check_sides(a: str, b: str, *, detector: Detector | None = None, scanner: Scanner | None = None) -> SideCheck:
    """Score a pair and scan each side; say where the verdicts differ and why.

    For each side X (the other being Y), one note:

    * both name X spun, or both clean: they agree;
    * `score` names X spun, `scan` finds X clean: the pair's swaps are the
      evidence (how many are odd), which a source-free scan cannot see
      (light spin, swaps its lexicon does not know);
    * `scan` finds X spun, `score` does not name X: of the phrases `scan`
      flags in X, how many Y holds too (shared wording is no swap between
      the two: both may come from one spun text, or X was spun from a third
      text), and how many sit at swaps the pair found not odd.

    Args:
        a, b: the texts, as for :func:`spindetect.score`.
        detector, scanner: used instead of the defaults.

    Returns:
        A :class:`SideCheck`; costs one `score` and two `scan` calls.

    Raises:
        TypeError: ``a`` or ``b`` is not a str (as :func:`spindetect.score`).
        ValueError: as :func:`spindetect.score` and :func:`spindetect.scan`
            raise it, naming the side (both refuse text that is not
            English).
    """
    report = (detector or default_detector()).score(a, b)
    scanner = scanner or default_scanner()
    texts: dict[Side, str] = {"a": a, "b": b}
    scans: dict[Side, ScanReport] = {}
    for side, text in texts.items():
        try:
            scans[side] = scanner.scan(text)
        except ValueError as exc:  # e.g. not English: say which side
            raise ValueError(f"{side}: {exc}") from None
    notes = []
    shared: dict[Side, tuple[str, ...]] = {}
    agree = True
    for side in ("a", "b"):
        other: Side = "b" if side == "a" else "a"
        sc = scans[side]
        named = report.label == "spun" and report.spun_side == side
        found = sc.label == "spun"
        flagged = [p.text for p in sc.phrases]
        flat_other = _flat(texts[other])
        in_other = [p for p in sc.phrases if _flat(p.text) and _flat(p.text) in flat_other]
        shared[side] = tuple(dict.fromkeys(p.text for p in in_other))
        if named == found:
            verdict = "spun" if named else "not spun"
            notes.append(
                f"{side}: score and scan agree ({verdict}; scan P(spun)={sc.probability:.2f}, "
                f"{len(flagged)} flagged phrase(s))."
            )
            continue
        agree = False
        if named:
            odd = len(report.odd_swaps)
            notes.append(
                f"{side}: score names {side} the spun copy from {len(report.swaps)} swap(s) against {other}, "
                f"{odd} of them odd; scan alone finds {side} clean (P(spun)={sc.probability:.2f}, "
                f"{len(flagged)} flagged phrase(s)): these swaps show only beside the source."
            )
            continue
        swap_spans = [(s.source_span if report.source_side == side else s.suspect_span) for s in report.swaps]
        n_shared = len(in_other)
        others = [p for p in sc.phrases if p not in in_other]
        at_swaps = sum(1 for p in others if any(p.span[0] < e and s < p.span[1] for s, e in swap_spans))
        rest = len(others) - at_swaps
        why = []
        if n_shared:
            why.append(
                f"{n_shared} of them are in {other} too (shared wording is no swap between the two: "
                f"both may copy one spun text, or {side} was spun from a third text)"
            )
        if at_swaps:
            why.append(f"{at_swaps} sit at swaps the pair did not find odd enough")
        if rest:
            why.append(f"{rest} lie where the texts differ beyond a phrase swap (rewritten or unaligned sentences)")
        if not flagged:
            why.append("the source-free verdict rests on the text's features, not on a flagged phrase")
        notes.append(
            f"{side}: scan finds {side} spun on its own (P(spun)={sc.probability:.2f}, {len(flagged)} flagged "
            f"phrase(s)) but score does not name {side} the spun copy of {other} "
            f"({report.label}, P(spun)={report.probability:.2f})" + (": " + "; ".join(why) if why else "") + "."
        )
    return SideCheck(report=report, scans=scans, agree=agree, notes=tuple(notes), shared=shared)
