"""Result objects: :class:`SpinReport` and its views (text, dict, HTML).

A report carries its evidence: the oriented alignment, the swaps with spans
in both texts, the features and the signature of what produced it, so a
number in a notebook can be traced back and reproduced.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..results import Mark, Signature, disguise_text, marked_html, marked_text
from .oddness import ODD_SWAP

if TYPE_CHECKING:  # types only
    from .align import Alignment, SentencePair
    from .swaps import Swap

__all__ = ["LABELS", "Label", "SpinReport"]

Label = Literal["spun", "paraphrase", "copy", "related", "unrelated"]
LABELS: tuple[Label, ...] = ("spun", "paraphrase", "copy", "related", "unrelated")

#: Sentence pairs shown by ``str(report)``; the rest are counted.
STR_MAX_PAIRS = 8
#: Sentence pairs shown by ``_repr_html_``.
HTML_MAX_PAIRS = 60


@dataclass(frozen=True)
class SpinReport:
    """The verdict on a pair of texts, with its evidence.

    Attributes:
        label: "spun" (one text is a machine-spun copy of the other),
            "paraphrase" (a fluent rewrite), "copy" (near-verbatim),
            "related" (independent text on the same subject) or "unrelated".
        probability: P(spun), in [0, 1].
        spun_side: "a" or "b", the argument that is the spun copy, or None
            when the label is not "spun".
        density: share of the source's aligned content words replaced.
        coverage: share of the suspect's words in aligned sentences.
        swaps: the phrase swaps, source -> suspect, in suspect order.
        sentence_pairs: aligned sentences (index ranges into the source's and
            suspect's sentences) with their token chunks.
        source_side: which argument ("a" or "b") plays the source in
            ``swaps`` and ``sentence_pairs``; the other is the suspect.
        features: the named numbers the verdict was made from.
        signature: version, WordNet and model that produced the report.
        alignment: the full alignment (documents included) behind the views.
        disguise: per side ("a", "b") that has any, how many characters of
            each kind disguised its words (look-alike letters of another
            script, invisible characters inside words; see
            :func:`spindetect.text.normalize_with_offsets`). They are undone
            before comparing, and reported because clean prose does not need
            them: a copy hidden this way is still a copy, and says so.
    """

    label: Label
    probability: float
    spun_side: Literal["a", "b"] | None
    density: float
    coverage: float
    swaps: tuple[Swap, ...]
    sentence_pairs: tuple[SentencePair, ...]
    source_side: Literal["a", "b"]
    features: dict[str, float] = field(repr=False, compare=False)
    signature: Signature = field(repr=False, compare=False)
    alignment: Alignment = field(repr=False, compare=False)
    disguise: dict[str, dict[str, int]] = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        side = f", spun_side={self.spun_side!r}" if self.spun_side else ""
        return (
            f"SpinReport(label={self.label!r}, probability={self.probability:.3f}{side}, "
            f"density={self.density:.3f}, coverage={self.coverage:.3f}, swaps={len(self.swaps)})"
        )

    @property
    def odd_swaps(self) -> tuple[Swap, ...]:
        """Swaps at least as odd as :data:`spindetect.scoring.features.ODD_SWAP`, oddest first."""
        return tuple(sorted((s for s in self.swaps if s.oddness >= ODD_SWAP), key=lambda s: -s.oddness))

    # -- views ----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the verdict and its evidence (texts excluded)."""
        src, sus = self.alignment.source, self.alignment.suspect
        return {
            "label": self.label,
            "probability": round(self.probability, 6),
            "spun_side": self.spun_side,
            "source_side": self.source_side,
            "density": round(self.density, 6),
            "coverage": round(self.coverage, 6),
            "features": {k: round(float(v), 6) for k, v in self.features.items()},
            "swaps": [s.to_dict() for s in self.swaps],
            "sentence_pairs": [
                {
                    "source_sentences": list(p.src),
                    "suspect_sentences": list(p.sus),
                    "source_span": list(_sent_span(src, p.src)),
                    "suspect_span": list(_sent_span(sus, p.sus)),
                    "similarity": round(p.similarity, 6),
                    "chunks": [[c.op, c.src_start, c.src_end, c.sus_start, c.sus_end] for c in p.chunks],
                }
                for p in self.sentence_pairs
            ],
            "signature": self.signature.to_dict(),
            "disguise": {side: dict(counts) for side, counts in self.disguise.items()},
        }

    def part_covered(self) -> tuple[str, float] | None:
        """When one text has at most ``PART_MAX_LENGTH_SHARE`` of the other's
        words (:func:`~spindetect.scoring.verdict.part_of_longer`; the verdict then asks whether the shorter one is a spun copy
        of part of the longer, :func:`~spindetect.scoring.verdict.shorter_side_view`):
        the shorter text's side ("a" or "b") and the share of the longer
        text's words in sentences aligned with it, in [0, 1]. Else None."""
        from .verdict import part_of_longer

        part = part_of_longer(self.features)
        if part is None:
            return None
        if part == "suspect":
            return ("b" if self.source_side == "a" else "a"), self.features.get("coverage_source", 0.0)
        return self.source_side, self.features.get("coverage_suspect", 0.0)

    def __str__(self) -> str:
        sus_side = "b" if self.source_side == "a" else "a"
        head = f"{self.label} (P(spun)={self.probability:.2f}"
        if self.spun_side:
            head += f", spun copy: {self.spun_side}"
        head += (
            f"); density {self.density:.2f}, coverage {self.coverage:.2f}, "
            f"{len(self.swaps)} swaps, {len(self.sentence_pairs)} sentence pairs"
        )
        lines = [head]
        part = self.part_covered()
        if part is not None:
            lines.append(f"the shorter text ({part[0]}) is read against the {part[1]:.0%} of the other it aligns with")
        for side, counts in sorted(self.disguise.items()):
            lines.append(f"disguised characters in {side}: {disguise_text(counts)}")
        odd = list(dict.fromkeys(f"{s.original} -> {s.replacement}" for s in self.odd_swaps))
        if odd:
            shown = ", ".join(odd[:8])
            lines.append(f"oddest swaps: {shown}")
        src, sus = self.alignment.source, self.alignment.suspect
        by_pair: dict[int, list[Swap]] = {}
        for s in self.swaps:
            by_pair.setdefault(s.pair, []).append(s)
        for k, p in enumerate(self.sentence_pairs[:STR_MAX_PAIRS]):
            swaps = by_pair.get(k, [])
            lines.append("")
            lines.append(
                f"pair {k}: {self.source_side}{list(range(*p.src))} ~ {sus_side}{list(range(*p.sus))}, similarity {p.similarity:.2f}"
            )
            lines.append(
                f"SRC ({self.source_side}): "
                + marked_text(src.text, _sent_span(src, p.src), [s.source_span for s in swaps])
            )
            lines.append(
                f"SUS ({sus_side}): " + marked_text(sus.text, _sent_span(sus, p.sus), [s.suspect_span for s in swaps])
            )
        rest = len(self.sentence_pairs) - STR_MAX_PAIRS
        if rest > 0:
            lines.append(f"... {rest} more sentence pairs")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        src, sus = self.alignment.source, self.alignment.suspect
        sus_side = "b" if self.source_side == "a" else "a"
        by_pair: dict[int, list[Swap]] = {}
        for s in self.swaps:
            by_pair.setdefault(s.pair, []).append(s)
        rows = []
        for k, p in enumerate(self.sentence_pairs[:HTML_MAX_PAIRS]):
            swaps = by_pair.get(k, [])
            rows.append(
                f"<tr><td style='vertical-align:top;color:#888'>{k}</td><td style='vertical-align:top'>{marked_html(src.text, _sent_span(src, p.src), [_swap_mark(s.source_span, s) for s in swaps])}</td>"
                f"<td style='vertical-align:top'>{marked_html(sus.text, _sent_span(sus, p.sus), [_swap_mark(s.suspect_span, s) for s in swaps])}</td></tr>"
            )
        more = len(self.sentence_pairs) - HTML_MAX_PAIRS
        if more > 0:
            rows.append(f"<tr><td colspan=3>... {more} more sentence pairs</td></tr>")
        side = f", spun copy: <b>{self.spun_side}</b>" if self.spun_side else ""
        return (
            "<div class='spindetect-report'>"
            f"<p><b>{html.escape(self.label)}</b> (P(spun) = {self.probability:.2f}{side}); "
            f"density {self.density:.2f}, coverage {self.coverage:.2f}, {len(self.swaps)} swaps. "
            "<span style='color:#888'>Hover a highlight for its evidence.</span></p>"
            "<table style='border-collapse:collapse'>"
            f"<tr><th></th><th>source ({self.source_side})</th><th>suspect ({sus_side})</th></tr>"
            + "".join(rows)
            + "</table></div>"
        )

    def to_html(self, path: Any = None) -> str:
        """One self-contained HTML page (every sentence pair, swaps numbered
        with their evidence; see :mod:`spindetect.reporting.html`), written
        to ``path`` if given."""
        from ..reporting.html import pair_html, write_html

        return write_html(pair_html(self), path)

    def to_frame(self) -> Any:
        """The swaps as a pandas DataFrame (:func:`spindetect.reporting.frames.swaps_frame`)."""
        from ..reporting.frames import swaps_frame

        return swaps_frame(self.swaps)


def _sent_span(doc: Any, rng: tuple[int, int]) -> tuple[int, int]:
    a = doc.sentences[rng[0]][0]
    b = doc.sentences[rng[1] - 1][1]
    return doc.span(a, b)


def _swap_mark(span: tuple[int, int], swap: Swap) -> Mark:
    tip = f"{swap.original} -> {swap.replacement}; oddness {swap.oddness:.2f}; {swap.relation}"
    if swap.reasons:
        tip += "; " + "; ".join(swap.reasons)
    return Mark(span[0], span[1], swap.oddness, tip)
