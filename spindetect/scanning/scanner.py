"""Source-free scanning: flag spun phrases in one text and suggest originals.

:func:`scan` needs no source. It finds two kinds of suspect phrases:

* **known** spun phrases, from the :class:`~spindetect.resources.lexicon.Lexicon`
  (e.g. the Problematic Paper Screener's "profound learning" -> "deep
  learning"), matched on tokens with the lexicon's context conditions;
* **unknown** ones, by the window model of :mod:`spindetect.scanning.windows`: every
  two- or three-word content window that clean text does not attest is
  judged on whether English uses it, how common its words are and how well
  they fit their surroundings, how typical of spinners they are, and whether
  putting back a word the spinner may have replaced gives a real phrase
  ("profound learning" -> "deep learning"). A window is reported from
  P(spun) >= :data:`MIN_PATTERN_WEIGHT`; its likeliest restoration is the
  suggestion.

Each phrase has a weight in (0, 1]. The text's P(spun) comes from the text
model (:func:`spindetect.resources.models.scan_probability`): the weighted density of
suspect phrases and the text's word choice. The text is labelled spun from a
threshold that depends on its length (:func:`spindetect.resources.models.scan_label_threshold`):
0.5 from 300 words, higher for shorter texts, so that about one clean text in
twenty of any length is labelled spun.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .._version import __version__
from ..resources.lexicon import Lexicon, default_lexicon
from ..resources.phrases import ATTESTED_COUNT, PhraseCounts, default_phrases
from ..resources.words import zipf
from ..scoring.report import disguise_text
from ..text import Document, check_text, prepare, table_lines
from .verdict import (
    scan_label_threshold,
    scan_probability,
    text_model_id,
    window_model_id,
    window_prefilter,
    window_probabilities,
)

__all__ = ["ScanReport", "Scanner", "SuspectPhrase", "scan"]

#: A window is reported when the window model gives it P(spun) at or above
#: this: the threshold with the best F0.5 (precision weighted over recall,
#: since a false accusation costs more than a miss) on the PPS dev slice in
#: dev-split abstracts (benchmarks/scan_dev_sweep.py), never on the held-out
#: phrases.
MIN_PATTERN_WEIGHT = 0.9

#: A lexicon match weaker than this is not reported: learned one-word entries
#: that are common words ("response", "ahead") were most false alarms in
#: dev-split clean text.
MIN_LEXICON_WEIGHT = 0.5

#: Windows whose verdict a Scanner remembers (cleared when full).
_WINDOW_CACHE_SIZE = 200_000

#: Suggestions kept per phrase.
MAX_SUGGESTIONS = 5

#: A learned entry whose spun phrase is a common word ("response", Zipf 5)
#: says little on its own: its weight is scaled down by how common it is.
COMMON_ZIPF = 5.5


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
        kind: "lexicon" (a known spun phrase) or "pattern" (inferred).
        evidence: why it was flagged, one sentence per reason.
    """

    text: str
    span: tuple[int, int]
    tokens: tuple[int, int]
    suggestion: str | None
    suggestions: tuple[str, ...]
    weight: float
    kind: Literal["lexicon", "pattern"]
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
        density: weighted suspect phrases per 100 words.
        threshold: the P(spun) from which a text of this length is labelled
            spun: 0.5 for long texts, higher for short ones, whose word
            statistics are noisier (:func:`spindetect.resources.models.scan_label_threshold`).
        features: the numbers the verdict was made from.
        signature: version, lexicon and model that produced it.
        document: the tokenised text (for spans and views).
        disguise: how many characters of each kind disguised words of the
            text (look-alike letters of another script, invisible characters
            inside words), undone before scanning and reported as evidence:
            clean prose does not need them.
        skipped: character spans of the lines left out as table rows, not
            prose (:func:`spindetect.text.table_lines`); their words are not
            counted in ``words``.
    """

    label: Literal["spun", "clean"]
    probability: float
    phrases: tuple[SuspectPhrase, ...]
    words: int
    density: float
    threshold: float
    features: dict[str, float] = field(repr=False, compare=False)
    signature: dict[str, str] = field(repr=False, compare=False)
    document: Document = field(repr=False, compare=False)
    disguise: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    skipped: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)

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
            "signature": dict(self.signature),
            "disguise": dict(self.disguise),
            "skipped": [list(span) for span in self.skipped],
        }

    def __str__(self) -> str:
        lines = [
            f"{self.label} (P(spun)={self.probability:.2f}, spun from {self.threshold:.2f} at this length); "
            f"{len(self.phrases)} suspect phrases "
            f"in {self.words} words (weighted density {self.density:.2f} per 100 words)"
        ]
        if self.skipped:
            lines.append(f"  skipped {len(self.skipped)} table lines (not prose)")
        if self.disguise:
            lines.append(f"  disguised characters: {disguise_text(self.disguise)}")
        for p in self.phrases[:40]:
            sug = f" -> {p.suggestion}" if p.suggestion else ""
            lines.append(f"  [{p.text}]{sug}  ({p.kind}, weight {p.weight:.2f}; {'; '.join(p.evidence)})")
        if len(self.phrases) > 40:
            lines.append(f"  ... {len(self.phrases) - 40} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        text = self.document.text
        out, pos = [], 0
        for p in self.phrases:
            a, b = p.span
            if a < pos:
                continue
            out.append(html.escape(text[pos:a]))
            tip = (
                (f"suggestion: {p.suggestion}; " if p.suggestion else "")
                + f"weight {p.weight:.2f}; "
                + "; ".join(p.evidence)
            )
            alpha = 0.2 + 0.6 * p.weight
            out.append(
                f"<mark style='background:rgba(255,140,0,{alpha:.2f})' title='{html.escape(tip, quote=True)}'>{html.escape(text[a:b])}</mark>"
            )
            pos = b
        out.append(html.escape(text[pos:]))
        return (
            "<div class='spindetect-scan'>"
            f"<p><b>{self.label}</b> (P(spun) = {self.probability:.2f}; spun from {self.threshold:.2f} at this "
            f"length); {len(self.phrases)} suspect phrases in "
            f"{self.words} words. <span style='color:#888'>Hover a highlight for the suggested original.</span></p>"
            f"<div style='white-space:pre-wrap'>{''.join(out)}</div></div>"
        )


class Scanner:
    """Scans texts with one lexicon and one table of collocation counts.

    >>> from spindetect.resources.lexicon import Lexicon
    >>> lex = Lexicon(name="demo")
    >>> lex.add("profound learning", "deep learning", weight=0.95)
    >>> report = Scanner(lexicon=lex).scan("We train a profound learning model on the data.")
    >>> [(p.text, p.suggestion) for p in report.phrases]
    [('profound learning', 'deep learning')]
    """

    def __init__(self, lexicon: Lexicon | None = None, phrases: PhraseCounts | None = None) -> None:
        if lexicon is not None and not isinstance(lexicon, Lexicon):
            raise TypeError(f"lexicon must be a Lexicon, not {type(lexicon).__name__}")
        if phrases is not None and not isinstance(phrases, PhraseCounts):
            raise TypeError(f"phrases must be PhraseCounts, not {type(phrases).__name__}")
        self._lexicon = lexicon
        self._phrases = phrases
        # Judged windows (a window's verdict depends only on the lexicon and
        # the counts, both fixed for this scanner), reused across texts.
        self._windows: dict[tuple[str, ...], Any] = {}
        self._word_stats: dict[str, tuple[float, float, float, float]] = {}

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = default_lexicon()
        return self._lexicon

    @property
    def phrases(self) -> PhraseCounts:
        if self._phrases is None:
            self._phrases = default_phrases()
        return self._phrases

    def find_phrases(self, text: str) -> tuple[Document, tuple[SuspectPhrase, ...]]:
        """Tokenise ``text`` and find its suspect phrases, in text order.

        Table rows (:func:`spindetect.text.table_lines`) are left out of the
        document's tokens; the document's ``text`` is still all of ``text``."""
        doc, _ = _prepare_prose(text)
        return doc, self._find_phrases(doc)

    def _find_phrases(self, doc: Document) -> tuple[SuspectPhrase, ...]:
        found = self._lexicon_phrases(doc)
        taken = {t for p in found for t in range(*p.tokens)}
        found += [p for p in self._pattern_phrases(doc) if not any(t in taken for t in range(*p.tokens))]
        found.sort(key=lambda p: p.tokens)
        return tuple(found)

    def scan(self, text: str) -> ScanReport:
        """Flag suspect phrases in ``text``; see :func:`spindetect.scan`."""
        from .features import text_features

        doc, skipped = _prepare_prose(text)
        found = self._find_phrases(doc)
        words = sum(doc.words)
        _check_english(doc)
        features = text_features(doc, found, self.phrases)
        probability = scan_probability(features)
        threshold = scan_label_threshold(words)
        return ScanReport(
            label="spun" if probability >= threshold else "clean",
            probability=probability,
            phrases=found,
            words=words,
            density=features["weighted_density"],
            threshold=threshold,
            features=features,
            signature={
                "version": __version__,
                "lexicon": self.lexicon.signature,
                "model": text_model_id(),
                "window_model": window_model_id(),
            },
            document=doc,
            disguise=doc.disguise_counts(),
            skipped=skipped,
        )

    # -- known phrases -------------------------------------------------------
    def _lexicon_phrases(self, doc: Document) -> list[SuspectPhrase]:
        out = []
        for m in self.lexicon.find(doc):
            e = m.entry
            weight = e.weight
            evidence = [f"in the lexicon ({e.source}: {e.evidence})" if e.evidence else f"in the lexicon ({e.source})"]
            if "learned" in e.source and "pps" not in e.source:
                key = doc.forms[m.start : m.end]
                commonness = _phrase_zipf(key)
                factor = max(0.0, min(1.0, (COMMON_ZIPF - commonness) / 2.5))
                weight *= factor
                if factor < 1.0:
                    evidence.append(f"common in clean text (Zipf {commonness:.1f}), so weak evidence on its own")
            if weight < MIN_LEXICON_WEIGHT:
                continue
            suggestions = self.lexicon.suggestions(e.spun)[:MAX_SUGGESTIONS]
            a, b = doc.span(m.start, m.end)
            out.append(
                SuspectPhrase(
                    text=doc.text[a:b],
                    span=(a, b),
                    tokens=(m.start, m.end),
                    suggestion=suggestions[0] if suggestions else None,
                    suggestions=suggestions,
                    weight=weight,
                    kind="lexicon",
                    evidence=tuple(evidence),
                )
            )
        return out

    # -- unknown phrases, by the window model ---------------------------------
    def _judge_windows(self, windows: list[tuple[str, ...]]) -> dict[tuple[str, ...], Any]:
        """The context-free verdict on each of ``windows``: () for a window
        that cannot be spun, else (restorations, features without the context
        ones, :func:`~spindetect.scanning.windows.context_plan`).

        Attested windows are dropped first. The rest go through a cascade: a
        cheap model on the features that need neither restorations nor
        context lets through the windows that could be spun (about one in six
        of the training windows); only those get their restorations computed, and
        later their context and the full model (per occurrence).

        Verdicts are remembered across texts (at most ``_WINDOW_CACHE_SIZE``;
        the memory is emptied when full), but the answer for this call is
        returned whole, so emptying the memory mid-text loses nothing."""
        from .windows import CHEAP_FEATURE_NAMES, cheap_features, context_plan, restoration_features

        lexicon = self.lexicon
        swaps, originals, counts = lexicon.word_swaps(), lexicon.originals(), self.phrases
        verdicts: dict[tuple[str, ...], Any] = {}
        todo, rows = [], []
        for w in windows:
            known = self._windows.get(w)
            if known is not None:
                verdicts[w] = known
            # a real collocation (seen ATTESTED_COUNT times in clean text) or a
            # known original: never flagged, the window model is not asked
            elif counts.count(w) >= ATTESTED_COUNT or w in originals:
                verdicts[w] = ()
            else:
                f = cheap_features(w, swaps, counts, self._word_stats)
                todo.append((w, f))
                rows.append([f[n] for n in CHEAP_FEATURE_NAMES])
        if rows:
            for (w, f), go_on in zip(todo, window_prefilter(rows)):
                if not go_on:
                    verdicts[w] = ()
                    continue
                more, cands = restoration_features(w, swaps, counts, originals, f["max_spin_prior"])
                f.update(more)
                verdicts[w] = (cands, f, context_plan(w, swaps))
        if len(self._windows) + len(verdicts) > _WINDOW_CACHE_SIZE:
            self._windows.clear()
            self._word_stats.clear()
        self._windows.update(verdicts)
        return verdicts

    def _pattern_phrases(self, doc: Document) -> list[SuspectPhrase]:
        from .windows import WINDOW_FEATURE_NAMES, DocContext, candidate_windows, context_features, rank_in_context

        forms = doc.forms
        spans = [(lo, hi) for a, b in doc.sentences for lo, hi in candidate_windows(doc, a, b)]
        keys = [tuple(forms[lo:hi]) for lo, hi in spans]
        verdicts = self._judge_windows(list(dict.fromkeys(keys)))
        live = [(lo, hi, key, verdicts[key]) for (lo, hi), key in zip(spans, keys) if verdicts[key]]
        if not live:
            return []
        ctx = DocContext(doc, words={w for _, _, key, _ in live for w in key})
        swaps = self.lexicon.word_swaps()
        rows, occ = [], []
        for lo, hi, key, (cands, f, plan) in live:
            cf, centroid = context_features(ctx, lo, hi, key, swaps, plan)
            full = {**f, **cf}
            rows.append([full[n] for n in WINDOW_FEATURE_NAMES])
            occ.append((lo, hi, key, cands, centroid))
        scored = [
            (float(p), o, row) for p, o, row in zip(window_probabilities(rows), occ, rows) if p >= MIN_PATTERN_WEIGHT
        ]
        # strongest first, no overlaps
        scored.sort(key=lambda t: (-t[0], t[1][0]))
        taken: set[int] = set()
        out: list[SuspectPhrase] = []
        for p, (lo, hi, key, cands, centroid), row in scored:
            if any(t in taken for t in range(lo, hi)):
                continue
            taken.update(range(lo, hi))
            cands = rank_in_context(cands, key, ctx, centroid)
            s0, s1 = doc.span(lo, hi)
            suggestions = tuple(_in_case(c[0], doc, lo) for c in cands[:MAX_SUGGESTIONS])
            out.append(
                SuspectPhrase(
                    text=doc.text[s0:s1],
                    span=(s0, s1),
                    tokens=(lo, hi),
                    suggestion=suggestions[0] if suggestions else None,
                    suggestions=suggestions,
                    weight=p,
                    kind="pattern",
                    evidence=tuple(_window_reasons(key, cands, row)),
                )
            )
        out.sort(key=lambda ph: ph.tokens)
        return out


#: A text of MIN_WORDS_FOR_LANGUAGE words or more is refused as not English
#: when both: under MIN_ENGLISH_STOPWORD_SHARE of its words are English
#: function words, and under MIN_KNOWN_WORD_SHARE are words wordfreq knows
#: in English (Zipf >= 2). Measured on the shared clean text: English prose
#: has 35-55% function words; the lowest, lists of names, 8% but 94% known
#: words; German, French, Spanish, Italian news sentences: 0-9% and 50-77%.
MIN_ENGLISH_STOPWORD_SHARE = 0.10
MIN_KNOWN_WORD_SHARE = 0.85
MIN_WORDS_FOR_LANGUAGE = 8
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"(?=[^\W\d_])[^\x00-\u024f]")


def _prepare_prose(text: str) -> tuple[Document, tuple[tuple[int, int], ...]]:
    """The document to scan: ``text`` with its table rows blanked (same
    offsets, so the document keeps all of ``text`` as its ``text``), and the
    spans of the rows left out. A text that is all table is taken whole."""
    check_text(text, name="text")
    tables = table_lines(text)
    if tables:
        pieces, pos = [], 0
        for a, b in tables:
            pieces.append(text[pos:a])
            pieces.append(" " * (b - a))
            pos = b
        pieces.append(text[pos:])
        prose = "".join(pieces)
        if _LETTER.search(prose):
            return dataclasses.replace(prepare(prose, name="text"), text=text), tuple(tables)
    return prepare(text, name="text"), ()


def _check_english(doc: Document) -> None:
    from ..text import stop_words

    sample_text = doc.norm[:100_000]
    n_letters = 0 if sample_text.isascii() else len(_LETTER.findall(sample_text))
    if n_letters >= 20:
        latin = 1.0 - len(_NON_LATIN_LETTER.findall(sample_text)) / n_letters
        if latin < 0.5:
            raise ValueError(
                f"text does not look like English (only {latin:.0%} of its letters are Latin script): "
                "scan's lexicon and word statistics are English-only"
            )
    # figures, codes and amounts ("3.24", "1990s", "b2b") are no language
    words = [f for f, w in zip(doc.forms, doc.words) if w and not any(c.isdigit() for c in f)]
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return
    sample = words[:20_000]
    stops = stop_words()
    stop = sum(f in stops for f in sample) / len(sample)
    if stop >= MIN_ENGLISH_STOPWORD_SHARE:
        return
    known = sum(zipf(f) >= 2.0 for f in sample) / len(sample)
    if known < MIN_KNOWN_WORD_SHARE:
        raise ValueError(
            f"text does not look like English ({stop:.0%} of its words are English function words and "
            f"{known:.0%} are known English words): scan's lexicon and word statistics are English-only"
        )


def _in_case(restored: Sequence[str], doc: Document, lo: int) -> str:
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


@functools.lru_cache(maxsize=100_000)
def _phrase_zipf(key: tuple[str, ...]) -> float:
    ws = [w for w in key if any(c.isalpha() for c in w)]
    return min((zipf(w) for w in ws), default=0.0)


def _window_reasons(
    window: tuple[str, ...], cands: Sequence[tuple[tuple[str, ...], float, int, float]], feats: Sequence[float]
) -> list[str]:
    """Why a window was flagged, one sentence per reason."""
    from .windows import WINDOW_FEATURE_NAMES

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


@functools.lru_cache(maxsize=1)
def _default_scanner() -> Scanner:
    return Scanner()


def scan(text: str) -> ScanReport:
    """Does ``text`` look machine-spun? No source needed.

    Returns a :class:`ScanReport` with P(spun), a label ("spun" or "clean")
    and the suspect phrases with suggested originals.

    >>> report = scan("Recent advances in profound learning and counterfeit consciousness are reviewed.")
    >>> [(p.text, p.suggestion) for p in report.phrases]
    [('profound learning', 'deep learning'), ('counterfeit consciousness', 'artificial intelligence')]
    """
    return _default_scanner().scan(text)
