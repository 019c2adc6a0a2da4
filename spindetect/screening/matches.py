"""What :meth:`SourceIndex.find <spindetect.screening.index.SourceIndex.find>` returns:
:class:`Matches`, a ranked sequence of :class:`Match`.

>>> m = Match("wire/1", 0.91, 0.95, 120, duplicates=("wire/1-republished",))
>>> print(m)
wire/1  similarity 0.910  containment 0.950  shared 120  (near duplicates: wire/1-republished)
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Match", "Matches"]


@dataclass(frozen=True, slots=True)
class Match:
    """One candidate source for a suspect.

    Attributes:
        id: the document's id in the index.
        similarity: Jaccard similarity of the two texts' skeleton shingles.
        containment: share of the suspect's shingles found in this document
            (high when the suspect copies part of a longer document).
        shared: number of shingles in common.
        duplicates: other indexed documents that are near duplicates of
            this one (skeleton Jaccard similarity >= :data:`~spindetect.screening.index.DUPLICATE_SIMILARITY`
            between the two: the same wire story published twice), found
            among the candidates checked, in the order they were added. They
            are as likely a source as this one; this one is listed first
            because it is more similar to the suspect or, among equals, was
            added first. Empty when there are none.
        covered: share of this document's shingles found in the suspect
            (high when the document is copied into part of a longer
            suspect), from 0 to 1.
        part_similarity: for a partial copy (one of the two texts found
            mostly in the other), the Jaccard similarity of the smaller text
            with the part of the larger it matches, from 0 to 1 (see
            :func:`~spindetect.screening.chunks.part_similarity`); 0 when the
            pair is no partial copy. Matches are ranked by the larger of
            this and ``similarity``.
    """

    id: str
    similarity: float
    containment: float
    shared: int
    duplicates: tuple[str, ...] = ()
    covered: float = 0.0
    part_similarity: float = 0.0

    def __str__(self) -> str:
        dup = f"  (near duplicates: {', '.join(self.duplicates)})" if self.duplicates else ""
        part = f"  part {self.part_similarity:.3f}" if self.part_similarity else ""
        return (
            f"{self.id}  similarity {self.similarity:.3f}  containment {self.containment:.3f}  "
            f"shared {self.shared}{part}{dup}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "similarity": round(self.similarity, 6),
            "containment": round(self.containment, 6),
            "shared": self.shared,
            "duplicates": list(self.duplicates),
            "covered": round(self.covered, 6),
            "part_similarity": round(self.part_similarity, 6),
        }


@dataclass(frozen=True, slots=True)
class Matches:
    """Ranked candidate sources for one suspect, most similar first.

    Behaves as a sequence of :class:`Match`.

    Attributes:
        matches: the candidates, most similar first (the larger of
            ``similarity`` and ``part_similarity``).
        suspect_shingles: size of the suspect's shingle set.
        checked: LSH candidates whose exact similarity was computed.
    """

    matches: tuple[Match, ...]
    suspect_shingles: int
    checked: int

    def __len__(self) -> int:
        return len(self.matches)

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    def __getitem__(self, i: int) -> Match:
        return self.matches[i]

    def __bool__(self) -> bool:
        return bool(self.matches)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.matches)

    def __repr__(self) -> str:
        top = f", top={self.matches[0].id!r} ({self.matches[0].similarity:.3f})" if self.matches else ""
        return f"Matches({len(self.matches)} of {self.checked} checked{top})"

    def __str__(self) -> str:
        if not self.matches:
            return f"no candidate source ({self.checked} checked, {self.suspect_shingles} suspect shingles)"
        lines = [f"{len(self.matches)} candidate sources ({self.checked} checked):"]
        lines += [f"{k}. {m}" for k, m in enumerate(self.matches, 1)]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "matches": [m.to_dict() for m in self.matches],
            "suspect_shingles": self.suspect_shingles,
            "checked": self.checked,
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{k}</td><td>{html.escape(m.id)}</td><td>{m.similarity:.3f}</td>"
            f"<td>{m.containment:.3f}</td><td>{m.shared}</td></tr>"
            for k, m in enumerate(self.matches, 1)
        )
        return (
            "<table class='spindetect-matches'><tr><th>rank</th><th>id</th><th>similarity</th>"
            f"<th>containment</th><th>shared</th></tr>{rows}</table>"
            f"<p style='color:#888'>{self.checked} candidates checked</p>"
        )
