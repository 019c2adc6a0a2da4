"""A haystack of any size for ``benchmarks/retrieval_scale.py``: real documents plus generated ones.

The real documents are the ~20,700 of ``benchmarks/retrieval.py``'s haystack
(BBC, BASIL, Wikipedia, arXiv, QuillBot, MSRP; read from ``../shared/data``,
never copied). The rest are generated on the fly from them, deterministically
(document ``i`` of a given seed is always the same text), so a haystack of a
million documents is never held in memory nor written anywhere but the index.

How a generated document is made, and why it is not easier than a real one
for :class:`spindetect.SourceIndex` (which keys on the *skeleton*: function
words, numbers and punctuation, content words masked):

* **recombined article** (70%): 4-10 real sentences of one domain (news,
  encyclopedia, science...) drawn from the whole real pool, each content
  word replaced with probability 0.7 by a random content word of that
  domain (case kept). Its skeleton is made of *real sentence skeletons*, so
  it shares whole sentences' worth of shingles with real documents: each
  real sentence skeleton reappears in about 50 generated documents at
  1,000,000. A document of random words would be far easier; text from a
  language model would repeat real skeletons less.
* **wire story rewritten by another outlet** (13%): a real document with a
  quarter of its sentences dropped, neighbouring sentences swapped, a
  function word dropped from some sentences, content words reworded, a new
  lead sentence, a dateline and a footer: a partial copy of a real source
  (skeleton similarity 0.3-0.7 with it), up to about 7 per real document at
  1,000,000: the distractors closest to a spun copy's source.
* **republished story** (5%): a real document unchanged but for a dateline
  and a footer (the same wire story published twice: skeleton similarity
  about 0.8-0.95 with the real one). Retrieval counts such a copy as the
  source's near duplicate (:attr:`spindetect.screening.index.Match.duplicates`)
  and reports recall both strictly and by group.
* **near duplicate of a generated document** (12%): an earlier generated
  document with one sentence dropped and its footer changed.

A third of the generated documents carry shared boilerplate (copyright
lines, newsletter and social-media footers, "Reporting by ...; editing by
..."), the same skeleton in tens of thousands of documents, as syndicated
news has.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

from spindetect.screening.shingles import FUNCTION_WORDS

#: Shares of the generated documents, by how they are made.
MIX = (("recombined", 0.70), ("rewrite", 0.13), ("republished", 0.05), ("near-duplicate", 0.12))
#: Share of generated documents with boilerplate.
BOILERPLATE_SHARE = 1 / 3

_OUTLETS = (
    "Associated Press",
    "Reuters",
    "Agence France-Presse",
    "The Daily Courier",
    "Metro Herald",
    "Evening Standard Online",
    "Northern Echo",
    "City Wire",
    "Global News Desk",
    "The Morning Ledger",
    "Capital Times",
    "Harbour Gazette",
    "Valley Tribune",
    "Coast Reporter",
    "National Observer",
)
_CITIES = ("LONDON", "NEW YORK", "WASHINGTON", "PARIS", "BERLIN", "TOKYO", "SYDNEY", "NAIROBI", "MUMBAI", "TORONTO")
_NAMES = ("Sarah Jones", "David Lee", "Maria Garcia", "Tom Baker", "Aisha Khan", "Peter Novak", "Li Wei", "Anna Berg")
_FOOTERS = (
    "Copyright {year} {outlet}. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed.",
    "Sign up for the {outlet} newsletter to get the day's top stories delivered to your inbox.",
    "Follow {outlet} on Twitter and Facebook for the latest updates on this story.",
    "Reporting by {name}; additional reporting by {name2}; editing by {name3}.",
    "This article was amended on {day} {month} {year} to correct a quote.",
    "Contact the newsroom at news@example.com if you have a story to share with us.",
    "{outlet} is not responsible for the content of external websites. Read more about our approach "
    "to external linking.",
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_TOKENS = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


def _domain(kind: str) -> str:
    return "news" if kind in ("bbc", "basil", "msrp") else kind.split("-")[0]


class Sentence:
    """A real sentence as tokens, with the positions of content words."""

    __slots__ = ("content", "function", "tokens")

    def __init__(self, text: str) -> None:
        self.tokens = _TOKENS.findall(text)
        self.content = [
            i for i, t in enumerate(self.tokens) if t[0].isalpha() and t.lower() not in FUNCTION_WORDS and len(t) > 2
        ]
        self.function = [i for i, t in enumerate(self.tokens) if t[0].isalpha() and t.lower() in FUNCTION_WORDS]

    def reworded(self, rng: random.Random, vocab: list[str], share: float, drop_function: bool = False) -> str:
        toks = list(self.tokens)
        for i in self.content:
            if rng.random() < share:
                w = vocab[rng.randrange(len(vocab))]
                toks[i] = w.capitalize() if toks[i][0].isupper() else w
        if drop_function and self.function:
            toks[rng.choice(self.function)] = ""
        return "".join(toks)


class Haystack:
    """Real documents, then generated ones: :meth:`documents` yields the
    first ``n`` as ``(id, text)``; :meth:`kind` says how one was made."""

    def __init__(self, real: list[tuple[str, str, str]], seed: int = 16) -> None:
        self.real = real
        self.seed = seed
        self.pool: dict[str, list[Sentence]] = {}
        vocab: dict[str, dict[str, None]] = {}
        self.real_sentences: list[list[Sentence]] = []
        for _, text, kind in real:
            dom = _domain(kind)
            sents = [Sentence(s) for s in _SENTENCE.split(" ".join(text.split())) if s]
            self.real_sentences.append(sents)
            self.pool.setdefault(dom, []).extend(s for s in sents if len(s.tokens) >= 6)
            words = vocab.setdefault(dom, {})
            for s in sents:
                for i in s.content:
                    words.setdefault(s.tokens[i].lower(), None)
        self.vocab = {d: list(w) for d, w in vocab.items()}
        self.domains = sorted(self.pool)
        # Domains drawn in proportion to their real sentences.
        self._domain_weights = [len(self.pool[d]) for d in self.domains]

    def real_count(self, n: int) -> int:
        """Real documents among the first ``n``: half, at most all of them."""
        return min(len(self.real), max(1, n // 2))

    def documents(self, n: int) -> Iterator[tuple[str, str]]:
        n_real = self.real_count(n)
        for doc_id, text, _ in self.real[:n_real]:
            yield doc_id, text
        for i in range(n - n_real):
            kind, text = self.generated(i, n_real)
            yield f"gen/{i}", text

    def generated(self, i: int, n_real: int) -> tuple[str, str]:
        """How generated document ``i`` is made and its text, given that the
        first ``n_real`` real documents are in the haystack."""
        rng = random.Random(self.seed * 1_000_003 + i)
        u = rng.random()
        acc = 0.0
        kind = MIX[-1][0]
        for name, share in MIX:
            acc += share
            if u < acc:
                kind = name
                break
        if kind == "near-duplicate" and i < 1:
            kind = "recombined"
        if kind == "recombined":
            return kind, self._recombined(rng)
        if kind == "near-duplicate":
            j = max(0, i - 1 - rng.randrange(50))
            base_kind, base = self.generated(j, n_real)
            parts = base.split("\n\n")
            body = _SENTENCE.split(parts[0]) if len(parts) == 1 else _SENTENCE.split(max(parts, key=len))
            if len(body) > 2:
                del body[rng.randrange(len(body))]
            return kind, self._dress(rng, " ".join(body), force=True)
        r = rng.randrange(n_real)
        if kind == "republished":
            return kind, self._dress(rng, self.real[r][1], force=True)
        return kind, self._rewrite(rng, self.real_sentences[r], _domain(self.real[r][2]))

    def _recombined(self, rng: random.Random) -> str:
        dom = rng.choices(self.domains, self._domain_weights)[0]
        pool, vocab = self.pool[dom], self.vocab[dom]
        sents = [pool[rng.randrange(len(pool))].reworded(rng, vocab, 0.7) for _ in range(rng.randint(4, 10))]
        text = " ".join(sents)
        if len(sents) > 5:
            cut = rng.randint(2, len(sents) - 2)
            text = " ".join(sents[:cut]) + "\n\n" + " ".join(sents[cut:])
        return self._dress(rng, text) if rng.random() < BOILERPLATE_SHARE else text

    def _rewrite(self, rng: random.Random, sents: list[Sentence], dom: str) -> str:
        vocab = self.vocab[dom]
        kept = [s for s in sents if rng.random() >= 0.25] or sents[:1]
        for k in range(len(kept) - 1):
            if rng.random() < 0.2:
                kept[k], kept[k + 1] = kept[k + 1], kept[k]
        out = [s.reworded(rng, vocab, 0.2, drop_function=rng.random() < 0.3) for s in kept]
        pool = self.pool[dom]
        lead = pool[rng.randrange(len(pool))].reworded(rng, vocab, 0.7)
        return self._dress(rng, lead + " " + " ".join(out), force=True)

    def _dress(self, rng: random.Random, body: str, force: bool = False) -> str:
        """A dateline in front and a footer behind (always with ``force``)."""
        fill: dict[str, Any] = {
            "outlet": rng.choice(_OUTLETS),
            "year": rng.randint(2001, 2025),
            "name": rng.choice(_NAMES),
            "name2": rng.choice(_NAMES),
            "name3": rng.choice(_NAMES),
            "day": rng.randint(1, 28),
            "month": rng.choice(_MONTHS),
        }
        dateline = f"{rng.choice(_CITIES)} ({fill['outlet']}) - " if rng.random() < 0.5 else ""
        footer = rng.choice(_FOOTERS).format(**fill)
        if not force and rng.random() < 0.5:
            return dateline + body
        return f"{dateline}{body}\n\n{footer}"
