"""Trivial edits that leave a copy a copy: the hard negatives of issue 13.

A news aggregator and a journal see these every day, and none of them is
spinning: a date, weekday, number or name corrected (:func:`fact_update`),
typos fixed (:func:`typo_fix`), British and American spelling
(:func:`spelling_variant`), quote marks restyled (:func:`quote_style`), a wire
story updated (:func:`wire_update`: a sentence added or dropped, a number or
date changed, an "Updated at 14:05 GMT" line), a sentence added or dropped
(:func:`sentence_add_drop`), and a copy-editor's light touch
(:func:`copy_edit`: contractions, "that" dropped or added, number formats, an
adverb dropped, a word-order tweak, "Mr" -> "Mr.").

Every function takes ``(text, rng)`` and returns an :class:`Edited` (the two
versions and a list of the edits, each with its kind and the original and new
strings) or None when the text offers nothing to edit.  ``a`` is the earlier
version and ``b`` the later one; outside the listed edits the two are
byte-identical, which ``tests/test_spinners.py`` checks.

Development tool, not library code; used by ``devtools.build_corpus``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EDITORS",
    "Edited",
    "copy_edit",
    "fact_update",
    "quote_style",
    "sentence_add_drop",
    "sentence_bounds",
    "spelling_variant",
    "typo_fix",
    "wire_update",
]


@dataclass(frozen=True)
class Edited:
    """Two versions of one text and what was changed between them."""

    a: str
    b: str
    edits: list[dict[str, Any]] = field(default_factory=list)


def _apply(text: str, spans: Sequence[tuple[int, int, str, str]]) -> tuple[str, list[dict[str, Any]]]:
    """Replace non-overlapping ``(start, end, new, kind)`` spans of ``text``."""
    out, edits, pos = [], [], 0
    for start, end, new, kind in sorted(spans):
        if start < pos:
            raise ValueError(f"overlapping edits at {start}")
        out.append(text[pos:start])
        out.append(new)
        edits.append({"kind": kind, "original": text[start:end], "replacement": new, "source_start": start})
        pos = end
    out.append(text[pos:])
    return "".join(out), edits


def _free(spans: Sequence[tuple[int, int, str, str]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e, *_ in spans)


def _match_case(original: str, new: str) -> str:
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


# ---------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------

_SENT_END_RE = re.compile(r"(?<=[.!?])(?:[\"'\u201d\u2019)]?)(?:\s+)(?=[\"'\u201c\u2018(]?[A-Z])")
#: Abbreviations after which a full stop does not end a sentence.
_ABBREV_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|Gov|Lt|Col|No|vs|etc|e\.g|i\.e|al|Fig|Eq|U\.S|U\.K)\.$")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: ends after ., ! or ? (and a closing quote) before whitespace and a capital."""
    starts = [0]
    for m in _SENT_END_RE.finditer(text):
        before = text[max(0, m.start() - 6) : m.start()]
        if _ABBREV_RE.search(before):
            continue
        starts.append(m.end())
    out = []
    for x, y in zip(starts, starts[1:] + [len(text)]):
        seg = text[x:y]
        stripped = seg.rstrip()
        if stripped.strip():
            out.append((x, x + len(stripped)))
    return out


def _sentence_spans(
    text: str, rng, k: int, avoid: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, str, str]] | None:
    """Spans deleting ``k`` sentences (not the first, none touching ``avoid``), each with
    the whitespace after it (the last sentence: the whitespace before it); None if
    the text has fewer than ``4 + k`` sentences."""
    bounds = sentence_bounds(text)
    if len(bounds) < 4 + k:
        return None
    spans: list[tuple[int, int, str, str]] = []
    for i in rng.sample(range(1, len(bounds)), len(bounds) - 1):
        start, end = bounds[i]
        if i + 1 < len(bounds):
            end = bounds[i + 1][0]
        else:
            start = bounds[i - 1][1]
        if _free(spans, start - 1, end + 1) and all(end <= s or start >= e for s, e in avoid):
            spans.append((start, end, "", "sentence"))
            if len(spans) == k:
                return spans
    return None


# ---------------------------------------------------------------------------
# Dates, numbers, names
# ---------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Months without "May" (a modal verb at the start of a sentence) and "March" (a verb).
MONTHS = ("January", "February", "April", "June", "July", "August", "September", "October", "November", "December")
#: Time expressions a correction swaps ("another year" -> "one more year").
TIME_PHRASES = {
    "another year": "one more year",
    "last week": "this week",
    "this week": "last week",
    "next week": "later this month",
    "last month": "earlier this month",
    "next month": "next week",
    "last year": "in the past year",
    "yesterday": "on Tuesday",
    "earlier this year": "last year",
    "this year": "next year",
}
#: First names and their corrected spellings.
FIRST_NAMES = {
    "Jon": "John",
    "John": "Jon",
    "Steven": "Stephen",
    "Stephen": "Steven",
    "Sara": "Sarah",
    "Sarah": "Sara",
    "Katherine": "Catherine",
    "Catherine": "Katherine",
    "Philip": "Phillip",
    "Phillip": "Philip",
    "Alan": "Allan",
    "Geoff": "Jeff",
    "Mohammed": "Mohammad",
    "Nicholas": "Nicolas",
    "Michael": "Micheal",
    "Anne": "Ann",
    "Ann": "Anne",
    "Mark": "Marc",
    "Brian": "Bryan",
    "Rebecca": "Rebekah",
}
#: Common given names and titles: a capitalised word after one of them is a surname.
GIVEN_NAMES_AND_TITLES = frozenset(
    """Mr Mrs Ms Dr Prof Sir Lord Lady Dame President Minister Senator Judge Chancellor Secretary Governor Mayor
    Chairman Captain General Bishop Pope King Queen Prince Princess Coach
    James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony Mark
    Donald Steven Stephen Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan
    Jacob Gary Nicholas Eric Jonathan Larry Justin Scott Brandon Benjamin Samuel Gregory Frank Alexander Raymond
    Patrick Jack Dennis Jerry Tyler Aaron Jose Adam Henry Nathan Douglas Zachary Peter Kyle Walter Ethan Jeremy
    Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan Joe Jordan
    Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene Vincent Russell Elijah Louis
    Bobby Philip Phillip Johnny Tony Gordon Ian Neil Nigel Alastair Gareth Graham Iain Jon Geoff Colin Martin Simon
    Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Sara Karen Nancy Lisa Betty Margaret Sandra
    Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia
    Kathleen Amy Shirley Angela Helen Anna Anne Ann Brenda Pamela Nicole Emma Samantha Katherine Catherine Christine
    Debra Rachel Carolyn Janet Virginia Maria Heather Diane Julie Joyce Victoria Kelly Christina Lauren Joan Evelyn
    Olivia Judith Megan Cheryl Martha Andrea Frances Hannah Jacqueline Ann Gloria Jean Kathryn Alice Teresa Sophie
    Charlotte Lucy Tessa Hillary Condoleezza Gordon Tony Jacques Vladimir Gerhard Silvio Ariel Kofi Mohammed""".split()
)
_NAME_RE = re.compile(r"\b([A-Z][a-z]+)\.? ([A-Z][a-z]{2,})\b")
_SURNAME_RULES = (
    (r"son$", "sen"),
    (r"sen$", "son"),
    (r"ie$", "y"),
    (r"([^aeiou])y$", r"\1ie"),
    (r"([bdfglmnprst])\1", r"\1"),
    (r"ei", "ie"),
    (r"ph", "f"),
    (r"th$", "the"),
    (r"ck", "k"),
    (r"mann$", "man"),
    (r"([aeiou])([lnrt])([aeiou])", r"\1\2\2\3"),
    (r"([knrl])e$", r"\1"),
    (r"([knrl])$", r"\1e"),
)
_NUMBER_RE = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/-]|[.,]\d)")
_YEAR_RE = re.compile(r"(?<![\w.,-])(19[5-9]\d|20[0-2]\d)(?![\w,-]|\.\d)")


def _new_number(digits: str, decimals: str | None, rng) -> str:
    """A nearby value in the same format: "1.2" -> "1.4", "1,250" -> "1,280", "30" -> "32"."""
    if decimals:
        frac = decimals[1:]
        value = int(frac) + rng.choice((-3, -2, -1, 1, 2, 3)) * (1 if len(frac) > 1 else 1)
        value = value % (10 ** len(frac))
        if str(value).zfill(len(frac)) == frac:
            value = (value + 1) % (10 ** len(frac))
        return f"{digits}.{str(value).zfill(len(frac))}"
    n = int(digits.replace(",", ""))
    if 1000 <= n <= 2100 and "," not in digits:  # a year
        return str(n + rng.choice((-2, -1, 1, 2)))
    zeros = len(str(n)) - len(str(n).rstrip("0")) if n >= 10 else 0
    unit = 10 ** min(zeros, len(str(n)) - 1)  # "150,000" moves in thousands, "1,250" in tens
    step = max(unit, round(n * rng.uniform(0.02, 0.15) / unit) * unit)
    new = n + step if n < 5 or rng.random() < 0.6 else n - step
    if new <= 0:
        new = n + step
    if "," in digits:
        return f"{new:,}"
    return str(new)


def _fact_candidates(text: str, rng) -> list[tuple[str, list[tuple[int, int, str, str]]]]:
    """Possible corrections, each a list of spans (all occurrences of a name)."""
    out: list[tuple[str, list[tuple[int, int, str, str]]]] = []
    for m in re.finditer(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", text):
        new = rng.choice([d for d in WEEKDAYS if d != m.group()])
        out.append(("weekday", [(m.start(), m.end(), new, "weekday")]))
    for m in re.finditer(r"\b(?:" + "|".join(MONTHS) + r")\b", text):
        i = MONTHS.index(m.group())
        new = MONTHS[(i + rng.choice((-1, 1))) % len(MONTHS)]
        out.append(("month", [(m.start(), m.end(), new, "month")]))
    years = set()
    for m in _YEAR_RE.finditer(text):
        years.add(m.start())
        new = str(int(m.group()) + rng.choice((-1, 1)))
        out.append(("year", [(m.start(), m.end(), new, "year")]))
    for m in _NUMBER_RE.finditer(text):
        if m.start() in years:
            continue
        before = text[max(0, m.start() - 1) : m.start()]
        if before and not (before.isspace() or before in "(£$\u20ac"):
            continue
        new = _new_number(m.group(1), m.group(2), rng)
        out.append(("number", [(m.start(), m.end(), new, "number")]))
    for phrase, new in TIME_PHRASES.items():
        for m in re.finditer(r"\b" + re.escape(phrase) + r"\b", text, re.I):
            out.append(("time", [(m.start(), m.end(), _match_case(m.group(), new), "time")]))
    # names: a given name or a title, then a surname ("Tony Blair", "Mr Blair")
    surnames = {}
    for m in _NAME_RE.finditer(text):
        first, last = m.group(1), m.group(2)
        if first not in GIVEN_NAMES_AND_TITLES or last in GIVEN_NAMES_AND_TITLES:
            continue
        if first in FIRST_NAMES:
            spans = [(x.start(), x.end(), FIRST_NAMES[first], "name") for x in re.finditer(r"\b" + first + r"\b", text)]
            out.append(("name", spans))
        if last in surnames or last in WEEKDAYS or last in MONTHS:
            continue
        rules = list(_SURNAME_RULES)
        rng.shuffle(rules)
        for pat, rep in rules:
            new = re.sub(pat, rep, last, count=1)
            if new != last and len(new) >= 3:
                surnames[last] = new
                break
    for last, new in surnames.items():
        spans = [(x.start(), x.end(), new, "name") for x in re.finditer(r"\b" + last + r"\b", text)]
        out.append(("name", spans))
    return out


def fact_update(text: str, rng, *, max_edits: int = 3) -> Edited | None:
    """1 to ``max_edits`` corrections of a weekday, month, year, number, time phrase or name.

    A name is corrected everywhere it occurs ("Smyth" -> "Smith"), like an
    editor's fix; the other corrections are single.
    """
    cands = _fact_candidates(text, rng)
    if not cands:
        return None
    rng.shuffle(cands)
    want = rng.randint(1, max_edits)
    spans: list[tuple[int, int, str, str]] = []
    kinds: list[str] = []
    for kind, group in cands:
        if kind == "name" and "name" in kinds:
            continue
        inner_free = all(_free(group[:j] + group[j + 1 :], s, e) for j, (s, e, *_) in enumerate(group))
        if inner_free and all(_free(spans, s, e) for s, e, *_ in group):
            spans.extend(group)
            kinds.append(kind)
            if len(kinds) >= want:
                break
    b, edits = _apply(text, spans)
    return Edited(text, b, edits)


# ---------------------------------------------------------------------------
# Typos
# ---------------------------------------------------------------------------

#: Correct spelling -> a common misspelling of it (from the lists of common
#: English misspellings editors keep).
MISSPELLINGS = {
    "receive": "recieve",
    "received": "recieved",
    "separate": "seperate",
    "occurred": "occured",
    "occurrence": "occurence",
    "definitely": "definately",
    "government": "goverment",
    "environment": "enviroment",
    "necessary": "neccessary",
    "accommodation": "accomodation",
    "achieve": "acheive",
    "believe": "beleive",
    "beginning": "begining",
    "business": "buisness",
    "calendar": "calender",
    "committee": "commitee",
    "existence": "existance",
    "foreign": "foriegn",
    "independent": "independant",
    "interest": "intrest",
    "knowledge": "knowlege",
    "millennium": "millenium",
    "parliament": "parliment",
    "particular": "particlar",
    "possession": "posession",
    "publicly": "publically",
    "recommend": "reccommend",
    "referred": "refered",
    "relevant": "relevent",
    "successful": "succesful",
    "surprise": "suprise",
    "tomorrow": "tommorow",
    "until": "untill",
    "which": "wich",
    "whether": "wether",
    "their": "thier",
    "the": "teh",
    "with": "wiht",
    "because": "becuase",
    "different": "diffrent",
    "important": "importnat",
    "information": "infomation",
    "management": "managment",
    "performance": "perfomance",
    "research": "reserach",
    "results": "resutls",
    "analysis": "anaylsis",
    "between": "betwen",
    "approach": "aproach",
}
_KEYBOARD_NEIGHBOURS = {
    "a": "sq",
    "e": "wr",
    "i": "uo",
    "o": "ip",
    "n": "bm",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "l": "k",
    "m": "n",
}


def _make_typo(word: str, rng) -> str:
    low = word.lower()
    if low in MISSPELLINGS and rng.random() < 0.7:
        return _match_case(word, MISSPELLINGS[low])
    k = rng.randrange(1, len(word) - 1)
    op = rng.choice(("swap", "drop", "double", "neighbour"))
    if op == "swap" and word[k] != word[k + 1]:
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    if op == "drop":
        return word[:k] + word[k + 1 :]
    if op == "neighbour" and word[k] in _KEYBOARD_NEIGHBOURS:
        return word[:k] + rng.choice(_KEYBOARD_NEIGHBOURS[word[k]]) + word[k + 1 :]
    return word[:k] + word[k] + word[k:]


def typo_fix(text: str, rng, *, max_fixes: int = 3) -> Edited | None:
    """The copy fixes 1 to ``max_fixes`` typos of the original (``a`` has them, ``b`` is clean).

    Typos are common misspellings where the word is one of
    :data:`MISSPELLINGS`, otherwise a keyboard slip (two letters swapped, one
    dropped, doubled, or a neighbouring key).
    """
    words = [m for m in re.finditer(r"\b[A-Za-z]{4,}\b", text)]
    if not words:
        return None
    known = [m for m in words if m.group().lower() in MISSPELLINGS]
    k = min(len(words), rng.randint(1, max_fixes))
    picks = rng.sample(known, min(len(known), rng.randint(0, k))) if known else []
    rest = [m for m in words if m not in picks]
    picks += rng.sample(rest, min(len(rest), k - len(picks)))
    spans = []
    for m in picks:
        typo = _make_typo(m.group(), rng)
        if typo != m.group():
            spans.append((m.start(), m.end(), typo, "typo"))
    if not spans:
        return None
    a, edits = _apply(text, spans)
    fixes = [{"kind": "typo_fix", "original": e["replacement"], "replacement": e["original"]} for e in edits]
    return Edited(a, text, fixes)


# ---------------------------------------------------------------------------
# British and American spelling
# ---------------------------------------------------------------------------

#: (British, American) word pairs, all forms listed; lowercase only, so names
#: ("Labour", "Lincoln Center") are never touched.
_UK_US_BASES = [
    ("colour", "color"),
    ("favour", "favor"),
    ("honour", "honor"),
    ("labour", "labor"),
    ("neighbour", "neighbor"),
    ("behaviour", "behavior"),
    ("humour", "humor"),
    ("rumour", "rumor"),
    ("flavour", "flavor"),
    ("harbour", "harbor"),
    ("vapour", "vapor"),
    ("armour", "armor"),
    ("endeavour", "endeavor"),
    ("tumour", "tumor"),
    ("odour", "odor"),
    ("vigour", "vigor"),
    ("rigour", "rigor"),
    ("centre", "center"),
    ("theatre", "theater"),
    ("metre", "meter"),
    ("litre", "liter"),
    ("fibre", "fiber"),
    ("calibre", "caliber"),
    ("sombre", "somber"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("catalogue", "catalog"),
    ("analyse", "analyze"),
    ("paralyse", "paralyze"),
    ("catalyse", "catalyze"),
    ("travelled", "traveled"),
    ("travelling", "traveling"),
    ("traveller", "traveler"),
    ("cancelled", "canceled"),
    ("cancelling", "canceling"),
    ("labelled", "labeled"),
    ("labelling", "labeling"),
    ("modelled", "modeled"),
    ("modelling", "modeling"),
    ("signalled", "signaled"),
    ("fuelled", "fueled"),
    ("counsellor", "counselor"),
    ("jewellery", "jewelry"),
    ("grey", "gray"),
    ("aluminium", "aluminum"),
    ("manoeuvre", "maneuver"),
    ("foetus", "fetus"),
    ("oestrogen", "estrogen"),
    ("paediatric", "pediatric"),
    ("anaemia", "anemia"),
    ("haemorrhage", "hemorrhage"),
    ("leukaemia", "leukemia"),
    ("diarrhoea", "diarrhea"),
    ("encyclopaedia", "encyclopedia"),
    ("orthopaedic", "orthopedic"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("acknowledgement", "acknowledgment"),
    ("enrolment", "enrollment"),
    ("fulfil", "fulfill"),
    ("skilful", "skillful"),
    ("instalment", "installment"),
    ("plough", "plow"),
    ("sceptical", "skeptical"),
    ("sceptic", "skeptic"),
    ("mould", "mold"),
    ("moustache", "mustache"),
    ("pyjamas", "pajamas"),
    ("programme", "program"),
    ("cheque", "check"),
    ("tyre", "tire"),
]
#: Pairs only changed from British to American ("program", "check", "tire"
#: are also other words in both).
_UK_TO_US_ONLY = {"programme", "cheque", "tyre", "metre"}
_SUFFIXES = ("", "s", "ed", "ing", "ful", "able", "ite", "ites", "ist", "ists", "al", "ly", "d", "es")


def _uk_us_table() -> tuple[dict[str, str], dict[str, str]]:
    uk_us, us_uk = {}, {}
    for uk, us in _UK_US_BASES:
        for suf in _SUFFIXES:
            uk_us.setdefault(uk + suf, us + suf)
            if uk not in _UK_TO_US_ONLY:
                us_uk.setdefault(us + suf, uk + suf)
    return uk_us, us_uk


UK_TO_US, US_TO_UK = _uk_us_table()
#: -ise/-ize words that are not the suffix (never changed).
_ISE_STOP = frozenset(
    "rise arise raise praise wise otherwise likewise clockwise noise poise promise premise compromise surprise "
    "exercise advise advertise devise revise supervise televise comprise despise disguise enterprise expertise "
    "franchise merchandise improvise chastise excise incise precise concise demise treatise cerise mortise "
    "size seize prize capsize maize resize downsize baptize".split()
)
_ISE_RE = re.compile(r"\b([a-z]{3,})(is|iz)(e|es|ed|ing|ation|ations|er|ers|able)\b")


def spelling_variant(text: str, rng, *, to: str) -> Edited | None:
    """Every British spelling made American (``to="us"``) or the reverse (``to="uk"``).

    Word pairs come from a table ("colour"/"color", "centre"/"center",
    "travelled"/"traveled", ...) plus -ise/-ize words whose stem is in the
    table's rule (``organis-`` + ``ation``), lowercase only.  All occurrences
    change, as when a copy is localised; ``rng`` is unused (kept for the
    common signature).
    """
    if to not in ("us", "uk"):
        raise ValueError(f"to must be 'us' or 'uk', not {to!r}")
    table = UK_TO_US if to == "us" else US_TO_UK
    spans = []
    for m in re.finditer(r"\b[a-z]+\b", text):
        w = m.group()
        if w in table:
            spans.append((m.start(), m.end(), table[w], "spelling"))
    taken = [(s, e) for s, e, *_ in spans]
    for m in _ISE_RE.finditer(text):
        stem, mid, suf = m.groups()
        if (stem + mid + "e") in _ISE_STOP or stem.endswith(("w", "pr", "s", "c")) or len(stem) < 4:
            continue
        if (to == "us") != (mid == "is"):
            continue
        if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
            continue
        new = stem + ("iz" if mid == "is" else "is") + suf
        spans.append((m.start(), m.end(), new, "spelling"))
    if not spans:
        return None
    b, edits = _apply(text, spans)
    return Edited(text, b, edits)


# ---------------------------------------------------------------------------
# Quotes
# ---------------------------------------------------------------------------


def _curly(text: str) -> list[tuple[int, int, str, str]]:
    spans = []
    for m in re.finditer(r"[\"']", text):
        i, ch = m.start(), m.group()
        prev = text[i - 1] if i else " "
        opening = prev.isspace() or prev in "([{\u2014-"
        if ch == '"':
            new = "\u201c" if opening else "\u201d"
        else:
            new = "\u2018" if opening else "\u2019"
        spans.append((i, i + 1, new, "quote"))
    return spans


def quote_style(text: str, rng) -> Edited | None:
    """Restyle quote marks throughout: straight -> curly, curly -> straight, or double -> single.

    Apostrophes follow the quotes (straight ' -> curly \u2019) in the first two;
    double -> single (British style) changes only double quotes.
    """
    modes = []
    if re.search(r"[\"']", text):
        modes.append("straight_to_curly")
    if re.search("[\u201c\u201d\u2018\u2019]", text):
        modes.append("curly_to_straight")
    if '"' in text:
        modes.append("double_to_single")
    if not modes:
        return None
    mode = rng.choice(modes)
    if mode == "straight_to_curly":
        spans = _curly(text)
    elif mode == "curly_to_straight":
        spans = [
            (m.start(), m.end(), '"' if m.group() in "\u201c\u201d" else "'", "quote")
            for m in re.finditer("[\u201c\u201d\u2018\u2019]", text)
        ]
    else:
        spans = [(m.start(), m.end(), "'", "quote") for m in re.finditer('"', text)]
    b, edits = _apply(text, spans)
    return Edited(text, b, [{"kind": "quote_style", "mode": mode, "n": len(edits)}])


# ---------------------------------------------------------------------------
# Wire updates and added or dropped sentences
# ---------------------------------------------------------------------------

_UPDATE_LINES = {
    "news": (
        "Updated at {hh}:{mm} GMT",
        "This story has been updated.",
        "UPDATED {hh}:{mm}",
        "Last updated at {hh}:{mm}",
        "This article was amended on {day} {month} to correct a figure.",
        "(Updated with new figures)",
    ),
    "science": (
        "This version corrects a figure in the abstract.",
        "v2: revised version, minor corrections.",
        "Updated version with new results.",
        "Accepted version, {day} {month}.",
    ),
    "encyclopedia": (
        "This page was last edited on {day} {month}, at {hh}:{mm}.",
        "Last edited {day} {month}.",
    ),
}


def sentence_add_drop(text: str, rng) -> Edited | None:
    """One sentence (or two, in texts of 8 or more) in one version only; needs >= 5 sentences."""
    n = len(sentence_bounds(text))
    k = 2 if n >= 8 and rng.random() < 0.3 else 1
    spans = _sentence_spans(text, rng, k)
    if spans is None:
        return None
    shorter, edits = _apply(text, spans)
    for e in edits:
        e["kind"] = "sentence_added"
    return Edited(shorter, text, edits)


def wire_update(text: str, rng, *, domain: str = "news") -> Edited | None:
    """An earlier (``a``) and a later (``b``) version of one story.

    The later one has an update line at its start or end, one number or date
    updated, and, when the text has 5+ sentences, one sentence more (or, one
    time in three, one fewer) than the earlier one.  Needs at least one of
    the number update and the sentence change besides the line.
    """
    cands = [c for c in _fact_candidates(text, rng) if c[0] in ("number", "year", "weekday", "time", "month")]
    update = cands[rng.randrange(len(cands))][1] if cands else []
    sentence = _sentence_spans(text, rng, 1, avoid=[(s, e) for s, e, *_ in update])
    if not update and sentence is None:
        return None
    earlier_spans: list[tuple[int, int, str, str]] = []
    later_spans = [(s, e, new, "updated_" + kind) for s, e, new, kind in update]
    if sentence is not None:
        if rng.random() < 2 / 3:
            earlier_spans += [(s, e, new, "sentence_added") for s, e, new, _ in sentence]
        else:
            later_spans += [(s, e, new, "sentence_dropped") for s, e, new, _ in sentence]
    earlier, e1 = _apply(text, earlier_spans)
    later, e2 = _apply(text, later_spans)
    lines = _UPDATE_LINES.get(domain, _UPDATE_LINES["news"])
    line = rng.choice(lines).format(
        hh=f"{rng.randrange(6, 23):02d}",
        mm=f"{rng.randrange(0, 60):02d}",
        day=rng.randint(1, 28),
        month=rng.choice(MONTHS),
    )
    sep = "\n\n" if "\n" in text else "\n"
    at_start = rng.random() < 0.5
    later = line + sep + later if at_start else later + sep + line
    edits = (
        e1 + e2 + [{"kind": "update_line", "original": "", "replacement": line, "at": "start" if at_start else "end"}]
    )
    return Edited(earlier, later, edits)


# ---------------------------------------------------------------------------
# Copy-editing
# ---------------------------------------------------------------------------

_CONTRACTIONS = {
    "do not": "don't",
    "does not": "doesn't",
    "did not": "didn't",
    "is not": "isn't",
    "are not": "aren't",
    "was not": "wasn't",
    "were not": "weren't",
    "will not": "won't",
    "cannot": "can't",
    "has not": "hasn't",
    "have not": "haven't",
    "had not": "hadn't",
    "would not": "wouldn't",
    "could not": "couldn't",
    "should not": "shouldn't",
    "it is": "it's",
    "that is": "that's",
    "there is": "there's",
    "we are": "we're",
    "they are": "they're",
    "I am": "I'm",
    "we have": "we've",
    "they have": "they've",
}
_EXPANSIONS = {v: k for k, v in _CONTRACTIONS.items()}
_THAT_VERBS = (
    r"(?:said|says|say|believe|believes|believed|think|thinks|thought|added|warned|argued|claimed|insisted|admitted)"
)
_ORDER_RE = re.compile(
    r"\b(has|have|had|will|would|can|could|is|are|was|were) (also|already|now|still|recently|never|often)\b"
)
_ADVERB_RE = re.compile(r"\b(?:very|also|really|just|still|now|actually|currently|already) (?=[a-z])")
_DIGIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _copy_edit_candidates(text: str, rng) -> list[list[tuple[int, int, str, str]]]:
    out: list[list[tuple[int, int, str, str]]] = []
    for k, v in _CONTRACTIONS.items():
        for m in re.finditer(r"\b" + re.escape(k) + r"\b", text, re.I if k != "I am" else 0):
            if m.group()[0].isupper() and k != "I am" and m.start() and text[m.start() - 1] not in " \n\"'(":
                continue
            out.append([(m.start(), m.end(), _match_case(m.group(), v), "contraction")])
    for k, v in _EXPANSIONS.items():
        for m in re.finditer(r"\b" + re.escape(k) + r"(?=[\s,.;:!?])", text, re.I if k != "I'm" else 0):
            if k in ("it's", "there's", "that's") and re.match(r"\s+(?:been|got|had)\b", text[m.end() :]):
                continue
            out.append([(m.start(), m.end(), _match_case(m.group(), v), "expansion")])
    for m in re.finditer(r"\b" + _THAT_VERBS + r"( that) (?=[a-z]|[A-Z][a-z]+ )", text):
        out.append([(m.start(1), m.end(1), "", "that_deleted")])
    for m in re.finditer(r"\b" + _THAT_VERBS + r"(?= (?:he|she|they|we|it|there|I) )", text):
        out.append([(m.end(), m.end(), " that", "that_inserted")])
    for m in re.finditer(r"(\d(?:[\d.,]*\d)?)( per cent| percent|%)", text):
        new = rng.choice([x for x in ("%", " per cent", " percent") if x != m.group(2)])
        out.append([(m.start(2), m.end(2), new, "number_format")])
    for m in re.finditer(r"(?<![\d,.])(\d{1,2}),(\d{3})(?![\d,]|\.\d)", text):
        out.append([(m.start(), m.end(), m.group(1) + m.group(2), "number_format")])
    for m in re.finditer(r"(?<=[ (])([1-9])(?= [a-z])", text):
        out.append([(m.start(), m.end(), _DIGIT_WORDS[int(m.group()) - 1], "number_format")])
    for m in re.finditer(r"(?<= )(" + "|".join(_DIGIT_WORDS[1:]) + r")(?= [a-z]+s\b)", text):
        out.append([(m.start(), m.end(), str(_DIGIT_WORDS.index(m.group()) + 1), "number_format")])
    for m in re.finditer(r"([£$\u20ac]\d+(?:\.\d+)?)(m|bn)\b", text):
        out.append([(m.start(2), m.end(2), " million" if m.group(2) == "m" else " billion", "number_format")])
    for m in _ADVERB_RE.finditer(text):
        out.append([(m.start(), m.end(), "", "adverb_dropped")])
    for m in _ORDER_RE.finditer(text):
        out.append([(m.start(), m.end(), f"{m.group(2)} {m.group(1)}", "word_order")])
    for m in re.finditer(r"([,!?][\"\u201d]) said ((?:Mr|Mrs|Ms|Dr)\.? [A-Z][a-z]+)\b", text):
        out.append([(m.start(), m.end(), f"{m.group(1)} {m.group(2)} said", "word_order")])
    honorifics = [
        (m.end(), m.end(), ".", "honorific_style") for m in re.finditer(r"\b(?:Mr|Mrs|Ms|Dr)(?= [A-Z])", text)
    ]
    if honorifics:
        out.append(honorifics)
    return out


def copy_edit(text: str, rng, *, min_edits: int = 1, max_edits: int = 4) -> Edited | None:
    """A copy-editor's pass: ``min_edits``..``max_edits`` fluent edits of different places.

    Kinds: contraction or expansion ("do not" <-> "don't"), "that" deleted or
    inserted after a reporting verb, number formats ("per cent" <-> "%",
    "1,500" -> "1500", "5" <-> "five", "\u00a33m" -> "\u00a33 million"), an adverb
    dropped ("also", "very", "still"...), a word-order tweak ("has also" ->
    "also has", '," said Mr X' -> '," Mr X said') and "Mr" -> "Mr." throughout.
    """
    cands = _copy_edit_candidates(text, rng)
    if not cands:
        return None
    rng.shuffle(cands)
    want = rng.randint(min_edits, max_edits)
    spans: list[tuple[int, int, str, str]] = []
    n = 0
    for group in cands:
        if all(_free(spans, s - 1, e + 1) for s, e, *_ in group):
            spans.extend(group)
            n += 1
            if n >= want:
                break
    b, edits = _apply(text, spans)
    if b == text:
        return None
    return Edited(text, b, edits)


#: Group name -> editor, as the corpus builder calls them (``spelling`` and
#: ``wire_update`` take a keyword the builder supplies).
EDITORS: dict[str, Callable[..., Edited | None]] = {
    "fact_update": fact_update,
    "typo_fix": typo_fix,
    "spelling_variant": spelling_variant,
    "quote_style": quote_style,
    "wire_update": wire_update,
    "sentence_add_drop": sentence_add_drop,
    "copy_edit": copy_edit,
}
