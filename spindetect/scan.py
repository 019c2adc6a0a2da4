"""Source-free scanning: flag spun phrases in one text and suggest originals.

:func:`scan` needs no source. It finds two kinds of suspect phrases:

* **known** spun phrases, from the :class:`~spindetect.lexicon.Lexicon`
  (e.g. the Problematic Paper Screener's "profound learning" -> "deep
  learning"), matched on tokens with the lexicon's context conditions;
* **unknown** ones, by pattern: a word bigram or trigram that clean text never
  uses, containing a word that spinners are known to put in place of another
  ("profound" for "deep", "counterfeit" for "artificial": the word swaps
  implied by the lexicon), where putting the original word back gives a
  phrase that clean text does use (:mod:`spindetect.phrases`) or that the
  lexicon knows as an original. The restored phrase is the suggestion.

Each phrase has a weight in (0, 1]; the text's P(spun) grows with the
weighted density of suspect phrases.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._version import __version__
from .lexicon import Lexicon, default_lexicon
from .oddness import zipf
from .phrases import PhraseCounts, default_phrases
from .text import Document, prepare

__all__ = ["ScanReport", "Scanner", "SuspectPhrase", "scan"]

#: A pattern phrase is reported at this weight or above.
MIN_PATTERN_WEIGHT = 0.5

#: A phrase seen this often in clean text is a real collocation, never flagged
#: by pattern.
ATTESTED_COUNT = 2

#: How much an attested restoration and a spinner-typical word weigh
#: (combined as independent evidence).
ATTESTED_WEIGHT = 0.55
PRIOR_WEIGHT = 0.7

#: Spin prior: uses as a lexicon replacement against LAMBDA x clean
#: frequency per million words. Chosen on clean *dev-split* text only (see
#: benchmarks/lexicon.py): the largest prior that keeps false alarms in dev
#: science abstracts near 1 per 1,000 words.
SPIN_PRIOR_LAMBDA = 1.0

#: Alternatives tried per spun word, most frequent first.
MAX_ALTERNATIVES = 8

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
        label: "spun" or "clean".
        probability: P(spun), in [0, 1].
        phrases: suspect phrases in text order.
        words: word tokens in the text.
        density: weighted suspect phrases per 100 words.
        features: the numbers the verdict was made from.
        signature: version, lexicon and model that produced it.
        document: the tokenised text (for spans and views).
    """

    label: Literal["spun", "clean"]
    probability: float
    phrases: tuple[SuspectPhrase, ...]
    words: int
    density: float
    features: dict[str, float] = field(repr=False, compare=False)
    signature: dict[str, str] = field(repr=False, compare=False)
    document: Document = field(repr=False, compare=False)

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
            "phrases": [p.to_dict() for p in self.phrases],
            "features": {k: round(float(v), 6) for k, v in self.features.items()},
            "signature": dict(self.signature),
        }

    def __str__(self) -> str:
        lines = [
            f"{self.label} (P(spun)={self.probability:.2f}); {len(self.phrases)} suspect phrases "
            f"in {self.words} words (weighted density {self.density:.2f} per 100 words)"
        ]
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
            f"<p><b>{self.label}</b> (P(spun) = {self.probability:.2f}); {len(self.phrases)} suspect phrases in "
            f"{self.words} words. <span style='color:#888'>Hover a highlight for the suggested original.</span></p>"
            f"<div style='white-space:pre-wrap'>{''.join(out)}</div></div>"
        )


class Scanner:
    """Scans texts with one lexicon and one table of collocation counts.

    >>> from spindetect.lexicon import Lexicon
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
        """Tokenise ``text`` and find its suspect phrases, in text order."""
        doc = prepare(text, name="text")
        found = self._lexicon_phrases(doc)
        taken = {t for p in found for t in range(*p.tokens)}
        found += [p for p in self._pattern_phrases(doc) if not any(t in taken for t in range(*p.tokens))]
        found.sort(key=lambda p: p.tokens)
        return doc, tuple(found)

    def scan(self, text: str) -> ScanReport:
        """Flag suspect phrases in ``text``; see :func:`spindetect.scan`."""
        from . import model
        from .features import text_features

        doc, found = self.find_phrases(text)
        words = sum(doc.words)
        _check_english(doc)
        features = text_features(doc, found, self.phrases)
        probability = model.scan_probability(features)
        return ScanReport(
            label="spun" if probability >= 0.5 else "clean",
            probability=probability,
            phrases=found,
            words=words,
            density=features["weighted_density"],
            features=features,
            signature={"version": __version__, "lexicon": self.lexicon.signature, "model": model.text_model_id()},
            document=doc,
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
            if weight <= 0.05:
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

    # -- unknown phrases, by pattern ------------------------------------------
    @staticmethod
    def _judge(
        window: tuple[str, ...], swaps: dict[str, Any], counts: PhraseCounts, originals: frozenset[tuple[str, ...]]
    ) -> tuple[float, list[tuple[tuple[str, ...], float]], list[str]] | tuple[()]:
        """Weight, restorations and reasons of one window; () if it is attested."""
        if counts.count(window) >= ATTESTED_COUNT or window in originals:
            return ()
        cands = _restorations(window, swaps, counts, originals)
        if not cands:
            return ()
        score, why = _pattern_weight(window, cands, swaps)
        return score, cands, why

    def _pattern_phrases(self, doc: Document) -> list[SuspectPhrase]:
        swaps = self.lexicon.word_swaps()
        originals = self.lexicon.originals()
        counts = self.phrases
        forms, content = doc.forms, doc.content
        out: list[SuspectPhrase] = []
        for a, b in doc.sentences:
            i = a
            while i < b:
                if not (content[i] and forms[i] in swaps):
                    i += 1
                    continue
                best: tuple[float, int, int, list[tuple[tuple[str, ...], float]], list[str]] | None = None
                for lo, hi in ((i - 1, i + 1), (i, i + 2), (i - 2, i + 1), (i - 1, i + 2), (i, i + 3)):
                    # Content collocations only: both ends content words, at
                    # most one function word inside ("signal to noise").
                    if lo < a or hi > b or not (content[lo] and content[hi - 1]) or not all(doc.words[lo:hi]):
                        continue
                    window = tuple(forms[lo:hi])
                    judged = self._windows.get(window)
                    if judged is None:
                        judged = self._windows[window] = self._judge(window, swaps, counts, originals)
                        if len(self._windows) > _WINDOW_CACHE_SIZE:
                            self._windows.clear()
                    if judged and (best is None or judged[0] > best[0]):
                        best = (judged[0], lo, hi, judged[1], judged[2])
                if best is not None and best[0] >= MIN_PATTERN_WEIGHT:
                    score, lo, hi, cands, why = best
                    s0, s1 = doc.span(lo, hi)
                    suggestions = tuple(" ".join(r) for r, _ in cands[:MAX_SUGGESTIONS])
                    out.append(
                        SuspectPhrase(
                            text=doc.text[s0:s1],
                            span=(s0, s1),
                            tokens=(lo, hi),
                            suggestion=suggestions[0],
                            suggestions=suggestions,
                            weight=score,
                            kind="pattern",
                            evidence=tuple(why),
                        )
                    )
                    i = hi
                else:
                    i += 1
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


def _check_english(doc: Document) -> None:
    from .text import stop_words

    sample_text = doc.norm[:100_000]
    n_letters = 0 if sample_text.isascii() else len(_LETTER.findall(sample_text))
    if n_letters >= 20:
        latin = 1.0 - len(_NON_LATIN_LETTER.findall(sample_text)) / n_letters
        if latin < 0.5:
            raise ValueError(
                f"text does not look like English (only {latin:.0%} of its letters are Latin script): "
                "scan's lexicon and word statistics are English-only"
            )
    words = [f for f, w in zip(doc.forms, doc.words) if w and not f.isdigit()]
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


@functools.lru_cache(maxsize=100_000)
def _phrase_zipf(key: tuple[str, ...]) -> float:
    ws = [w for w in key if any(c.isalpha() for c in w)]
    return min((zipf(w) for w in ws), default=0.0)


def _restorations(
    window: tuple[str, ...], swaps: dict[str, Any], counts: PhraseCounts, originals: frozenset[tuple[str, ...]]
) -> list[tuple[tuple[str, ...], float]]:
    """Candidate originals of a window with a support score, best first.

    Replaces one or two spun words by the originals the lexicon says they
    replace. Support is 0 for a candidate that neither clean text nor the
    lexicon attests; such candidates rank by how often the lexicon saw the
    word swap."""
    spots = [k for k, w in enumerate(window) if w in swaps]
    options: dict[tuple[str, ...], tuple[float, int]] = {}

    def support(cand: tuple[str, ...]) -> float:
        n = counts.count(cand)
        known = 3.0 if cand in originals else 0.0
        return math.log1p(n) + known if (n >= ATTESTED_COUNT or known) else 0.0

    def put(cand: tuple[str, ...], swap_count: int) -> None:
        key = (support(cand), swap_count)
        if key > options.get(cand, (-1.0, -1)):
            options[cand] = key

    for k in spots:
        for alt, n in swaps[window[k]].most_common(MAX_ALTERNATIVES):
            put(window[:k] + (alt,) + window[k + 1 :], n)
    if len(spots) >= 2:
        k1, k2 = spots[0], spots[1]
        for alt1, n1 in swaps[window[k1]].most_common(4):
            for alt2, n2 in swaps[window[k2]].most_common(4):
                cand = list(window)
                cand[k1], cand[k2] = alt1, alt2
                put(tuple(cand), min(n1, n2))
    ranked = sorted(options.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    return [(cand, sup) for cand, (sup, _) in ranked]


def spin_prior(word: str, swaps: dict[str, Any]) -> float:
    """How typical of spinners a word is: how often the lexicon has it as a
    replacement, against how common it is in clean English (wordfreq).
    "vitality" (a spinner's "energy") scores high, "framework" lower,
    "information" low."""
    t = sum(swaps[word].values()) if word in swaps else 0
    per_million = max(10.0 ** (zipf(word) - 3.0), 0.01)
    return t / (t + SPIN_PRIOR_LAMBDA * per_million)


def _pattern_weight(
    window: tuple[str, ...], cands: Sequence[tuple[tuple[str, ...], float]], swaps: dict[str, Any]
) -> tuple[float, list[str]]:
    """Weight of a pattern phrase: how well attested its best restoration is,
    and how typical of spinners its odd words are."""
    best, support = cands[0]
    changed = [(w, r) for w, r in zip(window, best) if w != r]
    prior = max(spin_prior(w, swaps) for w, _ in changed)
    attest = min(1.0, support / math.log1p(30))
    weight = 1.0 - (1.0 - ATTESTED_WEIGHT * attest) * (1.0 - PRIOR_WEIGHT * prior)
    why = [f"'{' '.join(window)}' does not occur in clean text"]
    if support > 0:
        why.append(f"'{' '.join(best)}' does (support {support:.1f})")
    why.append(
        "spinners put " + ", ".join(f"'{w}' for '{r}'" for w, r in changed) + f" (typical of spinners: {prior:.2f})"
    )
    return min(1.0, weight), why


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
