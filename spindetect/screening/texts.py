"""Source texts read when needed, not held: :class:`JsonlTexts`.

Screening a million sources needs their texts only for the few pairs it
scores. A ``.jsonl`` collection (one ``{"id": ..., "text": ...}`` object per
line) is read once, line by line, keeping only each id's byte offset (about
100 bytes per document); a text is read back from its line when a pair is
scored, and a build of the index streams the texts from the file:

>>> import tempfile, pathlib, json
>>> path = pathlib.Path(tempfile.mkdtemp()) / "sources.jsonl"
>>> _ = path.write_text("\\n".join(json.dumps({"id": i, "text": t}) for i, t in [("a", "One text."), ("b", "Two.")]))
>>> texts = JsonlTexts(path)
>>> len(texts), texts.get("b"), texts.get("zz")
(2, 'Two.', None)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .messages import json_type

__all__ = ["JsonlTexts"]


class JsonlTexts:
    """The texts of a JSON Lines file by id, read from disk on demand.

    Lines that cannot be read (not UTF-8, not JSON, no id or no text, a
    repeated id) are listed in :attr:`problems` as ``(line number, id or
    None, message)``; :func:`spindetect.read_collection` reads the same file
    with the same rules, all in memory.
    """

    def __init__(self, path: str | os.PathLike[str], *, id_field: str = "id", text_field: str = "text") -> None:
        self.path = Path(path)
        self.id_field = id_field
        self.text_field = text_field
        self._offsets: dict[str, int] = {}
        self.problems: list[tuple[int, str | None, str]] = []
        with open(self.path, "rb") as fh:
            offset = 0
            for lineno, raw in enumerate(fh, 1):
                start, offset = offset, offset + len(raw)
                if not raw.strip():
                    continue
                doc_id, text, problem = self._parse(raw, lineno)
                if problem is None and doc_id in self._offsets:
                    problem = f"duplicate id {doc_id!r}: skipped, ids must be unique"
                if problem is not None:
                    self.problems.append((lineno, doc_id, problem))
                    continue
                self._offsets[doc_id] = start  # type: ignore[index]

    def _parse(self, raw: bytes, lineno: int) -> tuple[str | None, str | None, str | None]:
        where = f"{self.path}, line {lineno}"
        try:
            obj = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError:
            return None, None, f"{where}: not UTF-8: JSON Lines must be UTF-8; fix this line"
        except (ValueError, RecursionError):
            return None, None, f"{where}: not JSON"
        if not isinstance(obj, dict):
            return None, None, f"{where}: expected a JSON object, not {json_type(obj)}"
        doc_id = obj.get(self.id_field)
        if isinstance(doc_id, (int, float)) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)
        if not isinstance(doc_id, str) or not doc_id:
            return None, None, f"{where}: no {self.id_field!r} field (a non-empty string or number)"
        text = obj.get(self.text_field)
        if not isinstance(text, str):
            if self.text_field not in obj:
                return doc_id, None, f"{where}: {self.text_field!r} is missing (the text, a string)"
            return doc_id, None, f"{where}: {self.text_field!r} must be a string, not {json_type(text)}"
        return doc_id, text, None

    def __len__(self) -> int:
        return len(self._offsets)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._offsets

    def __repr__(self) -> str:
        return f"JsonlTexts({str(self.path)!r}, {len(self):,} texts)"

    def get(self, doc_id: str, default: Any = None) -> str | Any:
        """The text of ``doc_id``, read from its line; ``default`` if the file has no such id."""
        offset = self._offsets.get(doc_id)
        if offset is None:
            return default
        with open(self.path, "rb") as fh:
            fh.seek(offset)
            raw = fh.readline()
        _, text, _ = self._parse(raw, 2)
        return default if text is None else text

    def items(self) -> Iterator[tuple[str, str]]:
        """``(id, text)`` of every readable line, in file order, one line at a time."""
        with open(self.path, "rb") as fh:
            for doc_id, offset in self._offsets.items():
                fh.seek(offset)
                _, text, _ = self._parse(fh.readline(), 2)
                if text is not None:
                    yield doc_id, text
