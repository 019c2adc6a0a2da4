"""Source-free scanning: flag spun phrases in one text and suggest originals.

:func:`scan` needs no source. It finds three kinds of suspect phrases:

* **known** spun phrases, from the :class:`~spindetect.resources.lexicon.Lexicon`
  (e.g. the Problematic Paper Screener's "profound learning" -> "deep
  learning"), matched on tokens with the lexicon's context conditions and
  confirmed in their sentence: the original must be clearly likelier there
  (trigram model, and the language-model judge when it runs;
  :mod:`spindetect.scanning.context`), so a literal "3rd birthday party" is
  not flagged;
* **unknown** ones, by the window model of :mod:`spindetect.scanning.windows`: every
  two- or three-word content window that clean text does not attest is
  judged on whether English uses it, how common its words are and how well
  they fit their surroundings, how typical of spinners they are, and whether
  putting back a word the spinner may have replaced gives a real phrase
  ("profound learning" -> "deep learning"). A window is reported from
  P(spun) >= :data:`MIN_PATTERN_WEIGHT`; its likeliest restoration is the
  suggestion;
* a spinning tool's **leftovers** (:mod:`spindetect.scanning.leftovers`):
  unresolved spintax ("{energy|vitality|get up and go}"), article slips ("a
  apple"), numbers spun to words before "%".

A phrase inside a short quotation ('bosom peril', the documents package's
rule) is mentioned, not used: it is listed in ``ScanReport.quoted`` and not
counted. Words broken by a line-end hyphen ("neu-\\nral") are read joined;
spans still point into the text given.

Each phrase has a weight in (0, 1]. The text's P(spun) comes from the text
model (:func:`spindetect.scanning.verdict.scan_probability`): the weighted density of
suspect phrases and the text's word choice. The text is labelled spun from a
threshold that depends on its length (:func:`spindetect.scanning.verdict.scan_label_threshold`):
0.5 from 300 words, higher for shorter texts, so that about one clean text in
twenty of any length is labelled spun. A sentence that repeats an earlier one
word for word is read once, both in the features and in the length the
threshold is looked up by (:mod:`spindetect.scanning.features`): a text
pasted ten times is judged as the text once, though its phrases are all
listed. Leftovers then move P(spun) by fixed,
measured odds (unresolved spintax sets it to at least 0.99; see
:func:`spindetect.scanning.leftovers.with_leftovers`); they are not inputs of
the text model, whose features are the same with or without them.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from .._version import __version__
from ..documents.cleanup import apply_edits, hyphenation_edits
from ..resources.lexicon import Lexicon, default_lexicon
from ..resources.phrases import ATTESTED_COUNT, PhraseCounts, default_phrases
from ..resources.words import zipf
from ..results import Signature
from ..text import Document, check_english, check_text, not_prose, prepare
from .context import NEAR_PATTERN_WEIGHT, JudgeRun, confirm_hit, context_judges, judge_restorations, split_quoted
from .features import text_features
from .leftovers import Leftover, find_leftovers, leftover_weight, with_leftovers
from .report import ScanReport, SuspectPhrase, in_case, window_reasons
from .surroundings import DocContext, context_features_many, rank_in_context, sentence_copies
from .verdict import (
    BOUND_MARGIN,
    CHEAP_FEATURE_NAMES,
    scan_label_threshold,
    scan_probability,
    text_model_id,
    window_model_id,
    window_prefilter,
    window_probabilities,
    window_upper_bounds,
)
from .window_stage import (
    RESTORATION_NAMES,
    WordTable,
    best_restoration_features,
    candidate_windows,
    cheap_rows,
    full_rows,
    restorations,
    swap_support_bound,
)

__all__ = [
    "MAX_SUGGESTIONS",
    "MIN_LEXICON_WEIGHT",
    "MIN_PATTERN_WEIGHT",
    "WINDOW_CACHE_SIZE",
    "ScanReport",
    "Scanner",
    "ScannerConfig",
    "SuspectPhrase",
    "TextEvidence",
    "default_scanner",
    "scan",
]

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

#: Windows whose verdict a Scanner remembers (cleared when full): about
#: 200 MB at most; a news article has 300-600 candidate windows.
WINDOW_CACHE_SIZE = 200_000

#: Suggestions kept per phrase.
MAX_SUGGESTIONS = 5

#: Candidate originals of a window-model phrase that the language-model judge
#: weighs in the sentence: those clean text attests among the first ones of
#: the fast ranking (one batched call per phrase).
JUDGED_SUGGESTIONS = 10

#: A learned entry whose spun phrase is a common word ("response", Zipf 5)
#: says little on its own: its weight is scaled down by how common it is.
COMMON_ZIPF = 5.5


class TextEvidence(NamedTuple):
    """What :meth:`Scanner.features` finds in one text."""

    #: the tokenised text (table rows left out of its tokens, all of it in ``text``)
    document: Document
    #: suspect phrases, in text order
    phrases: tuple[SuspectPhrase, ...]
    #: the text model's inputs by name (:data:`spindetect.scanning.features.TEXT_FEATURE_NAMES`)
    features: dict[str, float]
    #: character spans of the table rows left out
    skipped: tuple[tuple[int, int], ...]
    #: suspect phrases inside short quotations ('bosom peril'): a mention, not
    #: a use; listed, not counted (not in ``phrases``, not in ``features``)
    quoted: tuple[SuspectPhrase, ...] = ()
    #: what weighed phrases in their sentence (Signature.judge), or None
    judge: str | None = None


@dataclasses.dataclass(frozen=True)
class ScannerConfig:
    """Options of a :class:`Scanner`; change them with :func:`dataclasses.replace`.

    Attributes:
        lexicon: the lexicon of known spun phrases and of the word swaps the
            window model reads (default: the shipped one,
            :func:`spindetect.default_lexicon`). The window and text models
            were trained with the default lexicon.
        phrases: collocation counts of clean text (default: the shipped
            ``phrases.tsv.gz``).
        min_pattern_weight: P(spun) of the window model from which an unseen
            phrase is reported, in (0, 1] (default :data:`MIN_PATTERN_WEIGHT`,
            chosen on the dev split by ``benchmarks/scan_dev_sweep.py``).
            It changes the phrases, and so the text's P(spun).
        min_lexicon_weight: weight from which a lexicon match is reported,
            in [0, 1] (default :data:`MIN_LEXICON_WEIGHT`).
        max_suggestions: candidate originals kept per phrase, >= 1 (default
            :data:`MAX_SUGGESTIONS`).
        window_cache_size: window verdicts remembered across texts, >= 0
            (default :data:`WINDOW_CACHE_SIZE`); the memory is emptied when
            full, which loses nothing but time.
    """

    lexicon: Lexicon | None = None
    phrases: PhraseCounts | None = None
    min_pattern_weight: float = MIN_PATTERN_WEIGHT
    min_lexicon_weight: float = MIN_LEXICON_WEIGHT
    max_suggestions: int = MAX_SUGGESTIONS
    window_cache_size: int = WINDOW_CACHE_SIZE

    def __post_init__(self) -> None:
        if self.lexicon is not None and not isinstance(self.lexicon, Lexicon):
            raise TypeError(f"lexicon must be a Lexicon, not {type(self.lexicon).__name__}")
        if self.phrases is not None and not isinstance(self.phrases, PhraseCounts):
            raise TypeError(f"phrases must be PhraseCounts, not {type(self.phrases).__name__}")
        for name, lo, hi in (("min_pattern_weight", 0.0, 1.0), ("min_lexicon_weight", 0.0, 1.0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
                raise ValueError(f"{name} must be a number in [{lo}, {hi}], got {value!r}")
        if self.min_pattern_weight == 0.0:
            raise ValueError("min_pattern_weight must be above 0: at 0 every candidate window is reported")
        for name, lo in (("max_suggestions", 1), ("window_cache_size", 0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < lo:
                raise ValueError(f"{name} must be a whole number >= {lo}, got {value!r}")


class Scanner:
    """Scans texts with one configuration; load once, call many times.

    >>> from spindetect import Lexicon
    >>> lex = Lexicon(name="demo")
    >>> lex.add("profound learning", "deep learning", weight=0.95)
    >>> report = Scanner(lexicon=lex).scan("We train a profound learning model on the data.")
    >>> [(p.text, p.suggestion) for p in report.phrases]
    [('profound learning', 'deep learning')]

    ``Scanner(config)`` takes a :class:`ScannerConfig`; keyword overrides
    (``Scanner(lexicon=lex)``, ``Scanner(config, min_pattern_weight=0.95)``)
    replace its fields.
    """

    def __init__(self, config: ScannerConfig | None = None, **overrides: Any) -> None:
        if config is None:
            config = ScannerConfig()
        elif not isinstance(config, ScannerConfig):
            raise TypeError(f"config must be a ScannerConfig, not {type(config).__name__}")
        unknown = set(overrides) - {f.name for f in dataclasses.fields(ScannerConfig)}
        if unknown:
            raise TypeError(f"unknown Scanner option(s) {sorted(unknown)}: see ScannerConfig")
        self.config = dataclasses.replace(config, **overrides) if overrides else config
        self._lexicon = self.config.lexicon
        self._phrases = self.config.phrases
        # Judged windows (a window's verdict depends only on the lexicon and
        # the counts, both fixed for this scanner), reused across texts.
        self._windows: dict[tuple[str, ...], Any] = {}
        # what the window stage needs of each word (same lexicon and counts)
        self._words: WordTable | None = None
        self._word_stories: dict[str, Any] = {}
        # window_stage.swap_support_bound of windows whose restorations are not known yet
        self._swap_supports: dict[tuple[str, ...], float] = {}

    def __repr__(self) -> str:
        return f"Scanner({self.config!r})"

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

        Table rows and data (:func:`spindetect.text.not_prose`) are left out of the
        document's tokens; the document's ``text`` is still all of ``text``."""
        doc, _, clean = _prepare_prose(text)
        return doc, self._find_phrases(doc, clean, JudgeRun(context_judges()[0]))

    def _find_phrases(self, doc: Document, clean: Document, run: JudgeRun) -> tuple[SuspectPhrase, ...]:
        """Lexicon hits confirmed in their sentence, then the window model's
        phrases; ``clean`` is ``doc`` with line-end hyphens joined (same
        tokens, offsets into its own text), the text the judges read; ``run``
        holds the judge calls left and records the models that ran."""
        # A sentence that repeats an earlier one word for word is not read
        # again (its windows, the judge's calls): it has the earlier one's phrases.
        copies = sentence_copies(doc)
        repeated = frozenset(t for a, b, _ in copies for t in range(a, b))
        found = self._lexicon_phrases(doc, clean, run, repeated)
        taken = {t for p in found for t in range(*p.tokens)}
        found += [
            p for p in self._pattern_phrases(doc, clean, run, repeated) if not any(t in taken for t in range(*p.tokens))
        ]
        found.sort(key=lambda p: p.tokens)
        return tuple(found + _copied(doc, found, copies)) if copies and found else tuple(found)

    def features(self, text: str, *, check_language: bool = True) -> TextEvidence:
        """The evidence the text model decides from: the one featuriser that
        :meth:`scan`, :class:`~spindetect.estimators.TextFeatures` and the
        training scripts all call, so that training and serving see the same
        numbers by construction.

        Table rows and data are left out (:func:`spindetect.text.not_prose`); with
        ``check_language`` (the default, as in :meth:`scan`) a text that is
        not English raises ValueError.

        Raises:
            TypeError: ``text`` is not a str.
            ValueError: ``text`` is empty, binary, over ``MAX_CHARS``, has a
                lone surrogate, or (with ``check_language``) is not English.
        """
        doc, skipped, clean = _prepare_prose(text)
        run = JudgeRun(context_judges()[0])
        found = self._find_phrases(doc, clean, run)
        if check_language:
            check_english(doc)
        found, quoted = split_quoted(doc, found)
        judge = run.signature
        return TextEvidence(doc, found, text_features(doc, found, self.phrases), skipped, quoted, judge)

    def scan(self, text: str) -> ScanReport:
        """Flag suspect phrases in ``text``; see :func:`spindetect.scan`."""
        doc, found, features, skipped, quoted, judge = self.features(text)
        words = sum(doc.words)
        probability = scan_probability(features)
        # looked up by the words the evidence is weighed over (a sentence
        # repeated word for word counts once: features.evidence_words), as
        # devtools.corpus.scan_words reads it back from log_words
        threshold = scan_label_threshold(round(math.exp(features["log_words"])))
        # A spinning tool's leftovers are evidence beside the text model
        # (spintax near-certain, the others odds factors; see leftovers.py).
        leftovers = find_leftovers(doc, skipped, self.lexicon.word_swaps())
        if leftovers:
            probability = with_leftovers(probability, leftovers)
            found = _with_leftovers(doc, found, leftovers)
        return ScanReport(
            label="spun" if probability >= threshold else "clean",
            probability=probability,
            phrases=found,
            words=words,
            density=features["weighted_density"],
            threshold=threshold,
            features=features,
            signature=Signature(
                version=__version__,
                lexicon=self.lexicon.signature,
                model=text_model_id(),
                window_model=window_model_id(),
                judge=judge,
            ),
            document=doc,
            disguise=doc.disguise_counts(),
            skipped=skipped,
            quoted=quoted,
        )

    # -- known phrases -------------------------------------------------------
    def _lexicon_phrases(
        self, doc: Document, clean: Document, run: JudgeRun, repeated: frozenset[int] = frozenset()
    ) -> list[SuspectPhrase]:
        out = []
        ngrams = context_judges()[1]
        for m in self.lexicon.find(doc):
            if m.start in repeated:
                continue
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
            if weight < self.config.min_lexicon_weight:
                continue
            suggestions = self.lexicon.suggestions(e.spun)[: self.config.max_suggestions]
            # confirmed in context: the original must be clearly likelier
            # in this sentence than the phrase (a literal "3rd birthday party" is not)
            check = confirm_hit(clean, m.start, m.end, suggestions, judge=run, ngrams=ngrams)
            run.ran.update(check.ran)
            if not check.stands:
                continue
            suggestions = check.suggestions
            evidence += check.evidence
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
        that cannot be spun, else (its cheap feature row, its restoration
        feature row or None until computed, :func:`~spindetect.scanning.window_stage.context_plan`).

        Attested windows are dropped first. The rest go through a cascade: a
        cheap model on the features that need neither restorations nor
        context lets through the windows that could be spun (about one in six
        of the training windows); those get their context features per
        occurrence, and their restoration features (from the best
        restoration alone, :meth:`_restored`) only if some occurrence could
        still reach the reporting floor whatever those features are
        (:func:`~spindetect.scanning.verdict.window_upper_bounds`; about a
        third of them cannot); then the full model. All restorations are
        ranked only for the windows reported. The features are computed in
        batches (:mod:`spindetect.scanning.window_stage`), the same numbers as
        :func:`~spindetect.scanning.windows.window_features`.

        Verdicts are remembered across texts (at most ``config.window_cache_size``;
        the memory is emptied when full), but the answer for this call is
        returned whole, so emptying the memory mid-text loses nothing."""
        lexicon = self.lexicon
        swaps, originals, counts = lexicon.word_swaps(), lexicon.originals(), self.phrases
        if self._words is None:
            self._words = WordTable(swaps, counts)
        words = self._words
        count = counts.lookup()
        known = self._windows
        verdicts: dict[tuple[str, ...], Any] = {}
        todo = []
        for w in windows:
            v = known.get(w)
            if v is not None:
                verdicts[w] = v
            # a real collocation or a known original: never flagged, the
            # window model is not asked (dropped_before_model, inline)
            elif count(w, 0) >= ATTESTED_COUNT or w in originals:
                verdicts[w] = ()
            else:
                todo.append(w)
        if todo:
            rows = cheap_rows(todo, words)
            for w, row, go_on in zip(todo, rows, window_prefilter(rows)):
                # restoration features: None until a window could reach the floor (_restored).
                # (Tuples: a verdict of floats, ints and an array is remembered
                # without work for the garbage collector; with lists in it, the
                # verdicts kept brought full collections, 0.1 s each.)
                verdicts[w] = (tuple(row), None, words.plan(w)) if go_on else ()
        if len(self._windows) + len(verdicts) > self.config.window_cache_size:
            self._windows.clear()
            words.clear()
            self._word_stories.clear()
            self._swap_supports.clear()
        self._windows.update(verdicts)
        return verdicts

    def _restored(self, key: tuple[str, ...], verdict: Any) -> Any:
        """``verdict`` of window ``key`` with its restoration features (computed
        once from its best restoration, then remembered with the verdict)."""
        if verdict[1] is not None:
            return verdict
        lexicon = self.lexicon
        prior = verdict[0][CHEAP_FEATURE_NAMES.index("max_spin_prior")]
        more = best_restoration_features(
            key, lexicon.word_swaps(), self.phrases, lexicon.originals(), prior, self._word_stories
        )
        verdict = (verdict[0], tuple([more[n] for n in RESTORATION_NAMES]), verdict[2])
        if key in self._windows:
            self._windows[key] = verdict
        return verdict

    def _swap_support(self, key: tuple[str, ...], verdict: Any) -> float:
        """:func:`~spindetect.scanning.window_stage.swap_support_bound` of
        window ``key`` (0.0 without a word in the word swaps), remembered."""
        if not verdict[0][_IN_WORD_SWAPS]:
            return 0.0
        bound = self._swap_supports.get(key)
        if bound is None:
            lexicon = self.lexicon
            bound = self._swap_supports[key] = swap_support_bound(
                key, lexicon.word_swaps(), self.phrases, lexicon.originals(), self._word_stories
            )
        return bound

    def _pattern_phrases(
        self, doc: Document, clean: Document, run: JudgeRun, repeated: frozenset[int] = frozenset()
    ) -> list[SuspectPhrase]:
        forms = doc.forms
        spans = [(lo, hi) for a, b in doc.sentences if a not in repeated for lo, hi in candidate_windows(doc, a, b)]
        keys = [tuple(forms[lo:hi]) for lo, hi in spans]
        verdicts = self._judge_windows(list(dict.fromkeys(keys)))
        live = [(lo, hi, key, verdicts[key]) for (lo, hi), key in zip(spans, keys) if verdicts[key]]
        if not live:
            return []
        ctx = DocContext(doc, words={w for _, _, key, _ in live for w in key})
        swaps = self.lexicon.word_swaps()
        in_context = context_features_many(ctx, [(lo, hi, key, v[2]) for lo, hi, key, v in live])
        # near misses go to the judge, when it runs (see NEAR_PATTERN_WEIGHT)
        floor = self.config.min_pattern_weight
        floor = min(NEAR_PATTERN_WEIGHT, floor) if run.has_judge else floor
        # an occurrence whose window has no restoration features yet is left
        # out if no value of them could lift it to the floor; the others'
        # windows get them now (the costly part of a window's features)
        unknown = [i for i, (_, _, _, v) in enumerate(live) if v[1] is None]
        if unknown:
            blank = [0.0] * len(RESTORATION_NAMES)
            swap_support = [self._swap_support(live[i][2], live[i][3]) for i in unknown]
            bounds = window_upper_bounds(
                full_rows((live[i][3][0], blank, in_context[i][0]) for i in unknown), swap_support
            )
            out_of_reach = {i for i, b in zip(unknown, bounds) if b + BOUND_MARGIN < floor}
            kept, restored = [], {}
            for i, (lo, hi, key, v) in enumerate(live):
                if i in out_of_reach:
                    continue
                if v[1] is None:
                    v = restored.get(key) or restored.setdefault(key, self._restored(key, v))
                kept.append(((lo, hi, key, v), in_context[i]))
            if not kept:
                return []
            live, in_context = [k[0] for k in kept], [k[1] for k in kept]
        rows = full_rows((v[0], v[1], cf) for (_, _, _, v), (cf, _) in zip(live, in_context))
        occ = [(lo, hi, key, centroid) for (lo, hi, key, _), (_, centroid) in zip(live, in_context)]
        scored = [(float(p), o, row) for p, o, row in zip(window_probabilities(rows), occ, rows) if p >= floor]
        # strongest first, no overlaps
        scored.sort(key=lambda t: (-t[0], t[1][0]))
        taken: set[int] = set()
        out: list[SuspectPhrase] = []
        ranked: dict[tuple[str, ...], Any] = {}
        for p, (lo, hi, key, centroid), row in scored:
            if any(t in taken for t in range(lo, hi)):
                continue
            if key not in ranked:
                ranked[key] = restorations(key, swaps, self.phrases, self.lexicon.originals())
            cands = rank_in_context(ranked[key], key, ctx, centroid)
            # the judge picks, in the sentence, among the first few restorations
            # that clean text attests (support > 0); a near miss stands only if
            # the judge finds one of them clearly likelier
            near = p < self.config.min_pattern_weight
            head = [c for c in cands[:JUDGED_SUGGESTIONS] if c[1] > 0]
            judged = judge_restorations(clean, lo, hi, head, run, near=near)
            if near and judged is None:
                continue
            taken.update(range(lo, hi))
            if judged is not None:
                cands = judged[0] + [c for c in cands if not any(c is h for h in head)]
            s0, s1 = doc.span(lo, hi)
            suggestions = tuple(in_case(c[0], doc, lo) for c in cands[: self.config.max_suggestions])
            out.append(
                SuspectPhrase(
                    text=doc.text[s0:s1],
                    span=(s0, s1),
                    tokens=(lo, hi),
                    suggestion=suggestions[0] if suggestions else None,
                    suggestions=suggestions,
                    weight=p,
                    kind="pattern",
                    evidence=tuple(window_reasons(key, cands, row)) + (judged[1] if judged else ()),
                )
            )
        out.sort(key=lambda ph: ph.tokens)
        return out


_LETTER = re.compile(r"[^\W\d_]")

#: Where the cheap row holds in_word_swaps.
_IN_WORD_SWAPS = CHEAP_FEATURE_NAMES.index("in_word_swaps")


def _prepare_prose(text: str) -> tuple[Document, tuple[tuple[int, int], ...], Document]:
    """The document to scan: ``text`` with what is not prose blanked (table
    rows and data, :func:`spindetect.text.not_prose`; same offsets, so the
    document keeps all of ``text`` as its ``text``), the spans left out, and
    the same tokens over the clean text they were read from.

    Words broken by a line-end hyphen ("neu-\\nral") are read joined, by the
    documents clean-up's rule
    (:func:`spindetect.documents.cleanup.hyphenation_edits`); the document's
    offsets still point into ``text`` (the token "neural" spans "neu-\\nral").
    A text that is nothing but table or data is taken whole."""
    check_text(text, name="text")
    skipped = tuple(not_prose(text))
    prose = text
    if skipped:
        pieces, pos = [], 0
        for a, b in skipped:
            pieces.append(text[pos:a])
            pieces.append(" " * (b - a))
            pos = b
        pieces.append(text[pos:])
        prose = "".join(pieces)
        if not _LETTER.search(prose):
            prose, skipped = text, ()
    edits = [e[:3] for e in hyphenation_edits(prose)]
    clean, offsets = apply_edits(prose, edits)
    read = prepare(clean, name="text")
    if offsets is None:
        doc = dataclasses.replace(read, text=text) if skipped else read
        return doc, skipped, doc
    doc = dataclasses.replace(
        read,
        text=text,
        starts=tuple(offsets[i] for i in read.starts),
        ends=tuple(offsets[i - 1] + 1 if i > 0 else 0 for i in read.ends),
        disguise=tuple((offsets[i], kind) for i, kind in read.disguise),
    )
    return doc, skipped, read


def _copied(
    doc: Document, found: Sequence[SuspectPhrase], copies: Sequence[tuple[int, int, int]]
) -> list[SuspectPhrase]:
    """The phrases of each repeated sentence ``(start, end, first start)`` of
    :func:`~spindetect.scanning.surroundings.sentence_copies`: those of the
    sentence it repeats (``found``, in token order), moved to it."""
    import bisect

    starts = [p.tokens[0] for p in found]
    out = []
    for a, b, first in copies:
        shift = a - first
        for p in found[bisect.bisect_left(starts, first) : bisect.bisect_left(starts, first + b - a)]:
            lo, hi = p.tokens[0] + shift, p.tokens[1] + shift
            s0, s1 = doc.span(lo, hi)
            out.append(dataclasses.replace(p, text=doc.text[s0:s1], span=(s0, s1), tokens=(lo, hi)))
    return out


def _with_leftovers(
    doc: Document, found: tuple[SuspectPhrase, ...], leftovers: Sequence[Leftover]
) -> tuple[SuspectPhrase, ...]:
    """The suspect phrases with the leftovers among them, in text order: a
    leftover spintax block replaces phrases inside it; another leftover is
    left out where a phrase already covers it. (The text model's features
    are computed from the phrases without leftovers.)"""
    spintax = [lo.tokens for lo in leftovers if lo.kind == "spintax"]
    kept = [p for p in found if not any(a < p.tokens[1] and p.tokens[0] < b for a, b in spintax)]
    out = list(kept)
    for lo in leftovers:
        if lo.kind != "spintax" and any(lo.tokens[0] < p.tokens[1] and p.tokens[0] < lo.tokens[1] for p in kept):
            continue
        a, b = lo.span
        out.append(
            SuspectPhrase(
                text=doc.text[a:b],
                span=(a, b),
                tokens=lo.tokens,
                suggestion=lo.suggestion,
                suggestions=(lo.suggestion,) if lo.suggestion else (),
                weight=leftover_weight(lo.kind),
                kind="leftover",
                evidence=(lo.reason,),
            )
        )
    out.sort(key=lambda p: p.tokens)
    return tuple(out)


@functools.lru_cache(maxsize=100_000)
def _phrase_zipf(key: tuple[str, ...]) -> float:
    ws = [w for w in key if any(c.isalpha() for c in w)]
    return min((zipf(w) for w in ws), default=0.0)


@functools.lru_cache(maxsize=1)
def default_scanner() -> Scanner:
    """The :class:`Scanner` with the default :class:`ScannerConfig` that
    :func:`scan` uses (one per process, built on first use)."""
    return Scanner()


def scan(text: str) -> ScanReport:
    """Does ``text`` look machine-spun? No source needed.

    Returns a :class:`ScanReport` with P(spun), a label ("spun" or "clean")
    and the suspect phrases with suggested originals. Uses a cached default
    :class:`Scanner` (:func:`default_scanner`).

    Raises:
        TypeError: ``text`` is not a str (bytes: decode them first).
        ValueError: ``text`` is empty, has no letters or words, looks like
            binary data, has a lone surrogate, is longer than
            ``spindetect.text.MAX_CHARS``, or is not English (scan's lexicon
            and word statistics are English-only: under 50% Latin letters,
            or few English function words and known words).
        MissingDataError: a shipped data file is missing (a broken installation).

    >>> report = scan("Recent advances in profound learning and counterfeit consciousness are reviewed.")
    >>> [(p.text, p.suggestion) for p in report.phrases]
    [('profound learning', 'deep learning'), ('counterfeit consciousness', 'artificial intelligence')]
    """
    return default_scanner().scan(text)
