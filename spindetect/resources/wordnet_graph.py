"""Precompiled WordNet 3.0 graph: NLTK-compatible lookups without NLTK.

:mod:`spindetect.resources.wordnet` gives NLTK's reader over the bundled WordNet; it
costs ~2.4 s cold (importing NLTK plus parsing the index files) and is not
thread-safe.  This module reads ``spindetect/data/wordnet_graph.npz`` instead,
a compact compilation of the same database made by
``devtools/build_wordnet_graph.py`` *from NLTK's reader*, and answers the
lookups spindetect needs in NLTK's terms: the same synsets in the same order,
the same synset names, the same morphology.  Loading takes ~0.1 s, never
imports NLTK, and the resulting object is immutable, so any number of threads
may read it concurrently.

>>> from spindetect.resources.wordnet_graph import get_graph
>>> g = get_graph()
>>> [g.name(s) for s in g.synsets("geese")]
['goose.n.01', 'fathead.n.01', 'goose.n.03']
>>> dog = g.synset_id("dog.n.01")
>>> sorted(g.name(s) for s in g.hypernyms(dog))
['canine.n.02', 'domestic_animal.n.01']
>>> g.morphy("running", "v")
('run',)
>>> [g.name(s) for s in g.synsets("Secretary General")]
['secretary_general.n.01']
>>> "xyzzy" in g
False

Synset ids
----------
A synset's id is its index in the file: nouns first, then verbs, adjectives
(head adjectives and satellites interleaved, as in ``data.adj``), adverbs, each
in data-file (byte offset) order.  Ids are stable for a given WordNet version
and format version; :meth:`WordNetGraph.offset` gives the WordNet byte offset
and :meth:`WordNetGraph.synset_id` maps an NLTK name ('dog.n.01') back.

Agreement with NLTK (3.10)
--------------------------
:meth:`WordNetGraph.synsets` reimplements ``WordNetCorpusReader.synsets`` and
``_morphy`` exactly: the query is lowercased; for each part of speech in
NLTK's order (n, v, a, r when none is given) the exception list (``*.exc``) is
consulted and, only if the form is not an exception, each of
:data:`MORPHOLOGICAL_SUBSTITUTIONS` is applied once; the original form comes
first, candidates are kept if WordNet has an entry for them in that part of
speech (satellites 's' count as present wherever an adjective entry exists),
and the synsets of every surviving form are concatenated *without*
de-duplication (``synsets('better')`` lists 'good.s.11' twice, as NLTK does).
``pos='a'`` includes satellites, ``pos='s'`` only satellites.  The tests
compare thousands of lookups with NLTK.

Deliberate differences, all documented on the methods:

* spaces in the phrase are replaced by '_' before lookup (NLTK expects '_');
* an unknown part of speech raises :class:`ValueError` (NLTK: ``KeyError``);
* relation lists (hypernyms, ...) are sorted by id: NLTK keeps them in a
  ``set`` whose order varies between processes;
* :meth:`WordNetGraph.morphy` returns every analysis, not just the first;
* only English; no multilingual (OMW) lookups.

Relations
---------
``hypernyms``/``hyponyms`` include *instance* hypernyms/hyponyms by default
(stored separately; pass ``instances=False`` or use ``instance_hypernyms`` to
tell them apart).  ``related`` is one set: the synset's similar_tos,
also_sees and verb_groups, plus the synsets of its lemmas'
derivationally_related_forms, pertainyms, also_sees and verb_groups (WordNet
stores most verb also-see pointers between lemmas, which ``Synset.also_sees()``
does not return); the synset itself is excluded.  ``antonyms`` are the synsets
of its lemmas' antonyms, kept apart because a swap to an antonym is a spinner
mark, not a synonym.
"""

from __future__ import annotations

import array
import functools
import json
import logging
import threading
import time
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .data import DataFileError, data_path

if TYPE_CHECKING:  # pragma: no cover - typing only; numpy is imported lazily
    import numpy as np

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "GRAPH_FILENAME",
    "MORPHOLOGICAL_SUBSTITUTIONS",
    "POS_LIST",
    "POS_SLOTS",
    "RELATIONS",
    "WordNetGraph",
    "WordNetGraphError",
    "get_graph",
    "graph_path",
    "load_graph",
]

logger = logging.getLogger("spindetect")

#: Name and version of the file format; bump the version on any layout change.
FORMAT_NAME = "spindetect-wordnet-graph"
FORMAT_VERSION = 1

#: File name inside ``spindetect/data``.
GRAPH_FILENAME = "wordnet_graph.npz"

#: NLTK's ``POS_LIST``: the parts of speech ``synsets(x)`` tries, in order.
POS_LIST: tuple[str, ...] = ("n", "v", "a", "r")

#: Order of the per-lemma part-of-speech slots in the lemma index.
POS_SLOTS: tuple[str, ...] = ("n", "v", "a", "r", "s")

#: NLTK 3.10's ``WordNetCorpusReader.MORPHOLOGICAL_SUBSTITUTIONS`` (suffix,
#: replacement), applied in this order; 's' shares the adjective rules.  The
#: build script refuses to run if NLTK's table differs.
MORPHOLOGICAL_SUBSTITUTIONS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "n": (
        ("s", ""),
        ("ses", "s"),
        ("ves", "f"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    "v": (
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
    "s": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
}

#: Stored relations (each a CSR pair ``<name>_indptr``, ``<name>_ids``).
RELATIONS: tuple[str, ...] = (
    "hypernym",
    "instance_hypernym",
    "hyponym",
    "instance_hyponym",
    "related",
    "antonym",
)

_REBUILD_HINT = (
    "Rebuild it from a source checkout with `python -m devtools.build_wordnet_graph` "
    "(needs NLTK and the bundled spindetect/data/nltk_data/corpora/wordnet.zip), "
    "or reinstall spindetect from a wheel/sdist that includes it."
)

_POS_SLOT = {pos: i for i, pos in enumerate(POS_SLOTS)}
# MORPHOLOGICAL_SUBSTITUTIONS of each POS grouped by the last letter of the
# suffix, each group in the table's order: a form is rewritten only by the
# rules of its own last letter (the same forms, in the same order).
_RULES_BY_LAST_LETTER: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    pos: {end: tuple(rule for rule in rules if rule[0].endswith(end)) for end in {old[-1] for old, _ in rules}}
    for pos, rules in MORPHOLOGICAL_SUBSTITUTIONS.items()
}
# Lemma-index slot whose non-emptiness means "WordNet has an entry in this
# POS" (NLTK's `pos in _lemma_pos_offset_map[form]`): a satellite entry is
# recorded, possibly empty, for every adjective lemma.
_PRESENCE_SLOT = {pos: _POS_SLOT["a" if pos == "s" else pos] for pos in POS_SLOTS}
_N_SLOTS = len(POS_SLOTS)

_LOAD_LOCK = threading.Lock()


class WordNetGraphError(DataFileError, RuntimeError):
    """The precompiled WordNet graph is missing, corrupt or of another format.

    The message names the file and says how to rebuild it.
    """


def graph_path() -> Path:
    """Return the path of the bundled ``spindetect/data/wordnet_graph.npz`` (may not exist)."""
    return data_path(GRAPH_FILENAME)


@functools.lru_cache(maxsize=1)
def get_graph() -> WordNetGraph:
    """Return the bundled WordNet graph, loaded on first use and cached.

    Thread-safe: concurrent first calls load the file once.  Does not import NLTK.

    :raises WordNetGraphError: (a ``RuntimeError``) if the file is missing,
        corrupt or of another format version; the message says how to rebuild it.
    """
    with _LOAD_LOCK:
        return _load_default()


@functools.lru_cache(maxsize=1)
def _load_default() -> WordNetGraph:
    """:func:`load_graph` of :func:`graph_path`, memoised (called under the lock)."""
    return load_graph(graph_path())


def _int_array(arr: np.ndarray) -> array.array:
    """Copy an integer NumPy array into a compact native ``array.array`` of int32."""
    import numpy as np

    for code in ("i", "l"):
        if array.array(code).itemsize == 4:
            out = array.array(code)
            out.frombytes(np.ascontiguousarray(arr, dtype=np.int32).tobytes())
            return out
    raise RuntimeError("no 4-byte integer type code in the array module")  # pragma: no cover


def _decode_strings(blob: np.ndarray) -> list[str]:
    """Decode a ``\\n``-joined UTF-8 byte array into its strings."""
    return blob.tobytes().decode("utf-8").split("\n") if blob.size else []


def load_graph(path: str | Path | None = None) -> WordNetGraph:
    """Load a new, uncached :class:`WordNetGraph` from ``path``.

    Most callers want :func:`get_graph`.  ``path`` defaults to
    :func:`graph_path`.  The file is read with ``allow_pickle=False`` and
    checked (format name and version, array shapes, id ranges) before use.

    :raises WordNetGraphError: if the file is missing, unreadable, corrupt or
        of another format version.
    """
    path = Path(path) if path is not None else graph_path()
    if not path.is_file():
        raise WordNetGraphError(f"WordNet graph not found at {path}. {_REBUILD_HINT}")
    started = time.perf_counter()
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as exc:
        raise WordNetGraphError(
            f"Cannot read the WordNet graph {path} ({type(exc).__name__}: {exc}); the file "
            f"is corrupt or not a graph file. {_REBUILD_HINT}"
        ) from exc
    graph = WordNetGraph(arrays, path)
    logger.info(
        "loaded WordNet graph %s (%d synsets) from %s in %.3f s",
        graph.signature,
        len(graph),
        path,
        time.perf_counter() - started,
    )
    return graph


class WordNetGraph:
    """Read-only WordNet 3.0 graph with NLTK-compatible lookups.

    Build one with :func:`get_graph` (cached) or :func:`load_graph`.  All data
    is loaded eagerly into immutable structures, so instances are safe to
    share between threads.  Synsets are plain ``int`` ids (see the module
    docstring); ``sid`` arguments must be in ``range(len(graph))``, else
    :class:`IndexError`.
    """

    __slots__ = (
        "_antonym",
        "_exceptions",
        "_header",
        "_hypernym",
        "_hyponym",
        "_index_ids",
        "_index_ptr",
        "_instance_hypernym",
        "_instance_hyponym",
        "_key_id",
        "_lemma_count",
        "_lemma_ptr",
        "_lemma_str",
        "_multiword_heads",
        "_multiword_prefixes",
        "_n",
        "_name_sense",
        "_offset",
        "_path",
        "_pos",
        "_related",
        "_signature",
        "_strings",
    )

    def __init__(self, arrays: Mapping[str, np.ndarray], path: Path) -> None:
        """Wrap arrays read from ``path``; use :func:`load_graph` instead."""
        self._path = path
        try:
            self._init(arrays)
        except WordNetGraphError:
            raise
        except (KeyError, ValueError, TypeError, IndexError, UnicodeDecodeError) as exc:
            raise WordNetGraphError(
                f"The WordNet graph {path} is corrupt or incomplete ({type(exc).__name__}: {exc}). {_REBUILD_HINT}"
            ) from exc

    # ------------------------------------------------------------------
    # Loading and validation
    # ------------------------------------------------------------------

    def _fail(self, what: str) -> WordNetGraphError:
        return WordNetGraphError(f"The WordNet graph {self._path} is corrupt: {what}. {_REBUILD_HINT}")

    def _init(self, arrays: Mapping[str, np.ndarray]) -> None:
        import numpy as np

        header = json.loads(arrays["header"].tobytes().decode("utf-8"))
        if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
            raise WordNetGraphError(
                f"{self._path} is not a spindetect WordNet graph (format "
                f"{header.get('format') if isinstance(header, dict) else None!r}, "
                f"expected {FORMAT_NAME!r}). {_REBUILD_HINT}"
            )
        if header.get("format_version") != FORMAT_VERSION:
            raise WordNetGraphError(
                f"The WordNet graph {self._path} has format version "
                f"{header.get('format_version')!r}; this spindetect reads version "
                f"{FORMAT_VERSION}. {_REBUILD_HINT}"
            )
        self._header: dict[str, Any] = header
        sha = str(header["source"]["sha256"])[:12]
        self._signature = f"{FORMAT_NAME}/{FORMAT_VERSION} WordNet-{header['wordnet_version']} sha256:{sha}"
        counts = header["counts"]

        for key, arr in arrays.items():
            if arr.ndim != 1 or arr.dtype.kind not in "iu":
                raise self._fail(f"array {key!r} has shape {arr.shape} and dtype {arr.dtype}")

        strings = _decode_strings(arrays["strings"])
        n_keys = int(counts["lemma_keys"])
        n = int(counts["synsets"])
        if len(strings) != int(counts["strings"]) or not 0 <= n_keys <= len(strings):
            raise self._fail("string table size does not match the header")
        for key in ("synset_pos", "synset_offset", "synset_name_sense", "lemma_lengths"):
            if arrays[key].shape != (n,):
                raise self._fail(f"{key!r} has {arrays[key].size} entries for {n} synsets")
        if n and arrays["lemma_lengths"].min() < 1:
            raise self._fail("a synset without lemmas")

        def csr(prefix: str, rows: int, ids_key: str, limit: int) -> tuple[array.array, array.array]:
            # On disk: row lengths; in memory: index pointers (ptr[i]..ptr[i+1]).
            lengths, ids = arrays[f"{prefix}_lengths"], arrays[ids_key]
            if lengths.shape != (rows,) or lengths.dtype.kind != "u":
                raise self._fail(f"bad row-length array {prefix}_lengths")
            if ids.size >= 2**31:
                raise self._fail(f"{ids_key!r} is too large")
            ptr = np.zeros(rows + 1, dtype=np.int32)
            np.cumsum(lengths, dtype=np.int32, out=ptr[1:])
            if ptr[-1] != ids.size:
                raise self._fail(f"{prefix}_lengths does not add up to the size of {ids_key!r}")
            if ids.size and (ids.min() < 0 or ids.max() >= limit):
                raise self._fail(f"{ids_key!r} holds out-of-range ids")
            return _int_array(ptr), _int_array(ids)

        self._n = n
        self._strings: tuple[str, ...] = tuple(strings)
        self._key_id: dict[str, int] = dict(zip(strings[:n_keys], range(n_keys), strict=True))
        pos_codes = arrays["synset_pos"].tobytes().decode("ascii")
        if not set(pos_codes) <= set(POS_SLOTS):
            raise self._fail("unknown part-of-speech code")
        self._pos: str = pos_codes
        self._offset = _int_array(arrays["synset_offset"])
        self._name_sense = _int_array(arrays["synset_name_sense"])
        self._lemma_ptr, self._lemma_str = csr("lemma", n, "lemma_string", len(strings))
        if arrays["lemma_count"].shape != arrays["lemma_string"].shape:
            raise self._fail("lemma_count and lemma_string differ in length")
        self._lemma_count = _int_array(arrays["lemma_count"])
        self._index_ptr, self._index_ids = csr("index", n_keys * _N_SLOTS, "index_synset", n)
        self._hypernym = csr("hypernym", n, "hypernym_ids", n)
        self._instance_hypernym = csr("instance_hypernym", n, "instance_hypernym_ids", n)
        self._hyponym = csr("hyponym", n, "hyponym_ids", n)
        self._instance_hyponym = csr("instance_hyponym", n, "instance_hyponym_ids", n)
        self._related = csr("related", n, "related_ids", n)
        self._antonym = csr("antonym", n, "antonym_ids", n)

        exceptions: dict[str, dict[str, tuple[str, ...]]] = {pos: {} for pos in POS_LIST}
        for line in _decode_strings(arrays["exceptions"]):
            pos, form, *bases = line.split(" ")
            exceptions[pos][form] = tuple(bases)
        exceptions["s"] = exceptions["a"]  # NLTK: _exception_map[ADJ_SAT] = _exception_map[ADJ]
        self._exceptions = exceptions
        self._multiword_heads: frozenset[str] | None = None
        self._multiword_prefixes: frozenset[str] | None = None

    # ------------------------------------------------------------------
    # Identity
    # ------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The file this graph was loaded from."""
        return self._path

    @property
    def header(self) -> dict[str, Any]:
        """A copy of the file's header (format, versions, counts, source sha256, ...)."""
        return json.loads(json.dumps(self._header))

    @property
    def wordnet_version(self) -> str:
        """WordNet version the graph was compiled from ('3.0')."""
        return str(self._header["wordnet_version"])

    @property
    def signature(self) -> str:
        """Short identity string: format, format version, WordNet version, source hash.

        E.g. ``'spindetect-wordnet-graph/1 WordNet-3.0 sha256:672078ae11db'``.
        """
        return self._signature

    def __len__(self) -> int:
        """Number of synsets."""
        return self._n

    def __repr__(self) -> str:
        return f"<WordNetGraph {self.signature}: {self._n} synsets, {len(self._key_id)} lemmas>"

    # ------------------------------------------------------------------
    # Lemma lookups (NLTK's synsets / _morphy)
    # ------------------------------------------------------------------

    def _morphy_keys(self, form: str, pos: str, check_exceptions: bool = True) -> list[int]:
        """NLTK 3.10 ``WordNetCorpusReader._morphy`` returning lemma-key ids."""
        exceptions = self._exceptions[pos]
        if check_exceptions and form in exceptions:
            # 0. the exception list replaces the rules
            forms: Iterable[str] = exceptions[form]
        else:
            # 1. apply every rule once to the form (only a rule whose suffix
            # ends in the form's last letter can apply: _RULES_BY_LAST_LETTER)
            rules = _RULES_BY_LAST_LETTER[pos].get(form[-1:], ())
            forms = [form[: -len(old)] + new for old, new in rules if form.endswith(old)]
        # 2. keep, in order and once, the forms WordNet has in this POS (original first)
        key_id, ptr = self._key_id, self._index_ptr
        presence = _PRESENCE_SLOT[pos]
        result: list[int] = []
        for candidate in (form, *forms):
            key = key_id.get(candidate)
            if key is not None and key not in result:
                slot = key * _N_SLOTS + presence
                if ptr[slot] != ptr[slot + 1]:  # NLTK's `pos in _lemma_pos_offset_map[form]`
                    result.append(key)
        return result

    @staticmethod
    def _pos_iter(pos: str | None) -> Iterable[str]:
        if pos is None:
            return POS_LIST
        if not isinstance(pos, str) or any(p not in _POS_SLOT for p in pos):
            raise ValueError(f"unknown WordNet part of speech {pos!r}; use one of 'n', 'v', 'a', 's', 'r' or None")
        return pos  # like NLTK, a string is iterated character by character

    def synsets(self, phrase: str, pos: str | None = None, *, check_exceptions: bool = True) -> tuple[int, ...]:
        """Synset ids for ``phrase``, as NLTK's ``wn.synsets(phrase.replace(' ', '_'), pos)``.

        Same synsets, same order, duplicates kept (see the module docstring).
        ``pos`` is one of 'n', 'v', 'a' (adjectives including satellites),
        's' (satellites only), 'r', or None for all (n, v, a, r in that order).

        ``check_exceptions=False`` skips the exception lists, as in NLTK.

        Differences from NLTK: spaces become underscores first; an unknown
        ``pos`` raises :class:`ValueError` instead of ``KeyError``.

        >>> g = get_graph()
        >>> [g.name(s) for s in g.synsets("United States", "n")]
        ['united_states.n.01', 'united_states_government.n.01']
        >>> g.synsets("no-such-word-xyz")
        ()
        """
        if not isinstance(phrase, str):
            raise TypeError(f"phrase must be a str, not {type(phrase).__name__}")
        lemma = phrase.replace(" ", "_").lower()
        ptr, ids = self._index_ptr, self._index_ids
        out: list[int] = []
        for p in self._pos_iter(pos):
            slot = _POS_SLOT[p]
            for key in self._morphy_keys(lemma, p, check_exceptions):
                i = key * _N_SLOTS + slot
                out.extend(ids[ptr[i] : ptr[i + 1]])
        return tuple(out)

    def morphy(self, form: str, pos: str | None = None, *, check_exceptions: bool = True) -> tuple[str, ...]:
        """Base forms of ``form`` that WordNet has, as NLTK's ``wn._morphy(form, pos)``.

        The form is used as given (NLTK's morphy neither lowercases nor
        replaces spaces).  The form itself comes first if it is a lemma.  With
        ``pos=None``, returns the analyses for the first part of speech (n, v,
        a, r) that has any, so ``morphy(f)[0] == wn.morphy(f)`` whenever NLTK
        finds something; NLTK's ``morphy`` returns only that first string.

        >>> get_graph().morphy("geese", "n")
        ('goose',)
        """
        strings = self._strings
        for p in self._pos_iter(pos):
            keys = self._morphy_keys(form, p, check_exceptions)
            if keys:
                return tuple(strings[k] for k in keys)
        return ()

    def lemma_names(self, phrase: str, pos: str | None = None) -> tuple[str, ...]:
        """Ordered unique lemma names (synonyms) of all synsets of ``phrase``.

        Names are as NLTK gives them (case kept, '_' for spaces); the phrase's
        own lemma is included when it is one.  Handy for suggestions.

        >>> get_graph().lemma_names("car", "n")[:4]
        ('car', 'auto', 'automobile', 'machine')
        """
        seen: dict[str, None] = {}
        for sid in self.synsets(phrase, pos):
            for name in self.lemmas(sid):
                seen.setdefault(name, None)
        return tuple(seen)

    def multiword_heads(self) -> frozenset[str]:
        """Everything before the last word of every multi-word lemma and
        multi-word exception form ("neural" for "neural_network").

        Morphology only changes the end of the last word, so a phrase whose
        head is not here is not in WordNet: a fast exact pre-check for
        :meth:`__contains__` on many phrases."""
        if self._multiword_heads is None:
            # (with the prefixes of may_be_multiword: both are the first
            # multi-word look-up's, loaded once, ~0.1 s)
            heads, prefixes = set(), set()
            for f in self._multiword_forms():
                head, last = f.rsplit("_", 1)
                heads.add(head)
                prefixes.update(f"{head}_{last[:p]}" for p in (1, 2, 3))
            self._multiword_prefixes = frozenset(prefixes)
            self._multiword_heads = frozenset(heads)
        return self._multiword_heads

    def _multiword_forms(self) -> list[str]:
        forms = [k for k in self._key_id if "_" in k]
        return forms + [f for table in self._exceptions.values() for f in table if "_" in f]

    def may_be_multiword(self, words: Sequence[str]) -> bool:
        """An exact pre-check for ``"_".join(words) in self`` with two or more
        lower-case words: False means WordNet has no such term.

        Morphology (:data:`MORPHOLOGICAL_SUBSTITUTIONS`, at most four letters
        long) only rewrites the end of the last word, and exception forms are
        looked up whole, so a term can only match when its head (the words
        before the last) is a known head and, for a last word longer than four
        letters, the term's last word begins like this one (first
        ``min(3, len - 4)`` letters)."""
        head = words[0] if len(words) == 2 else "_".join(words[:-1])
        if head not in self.multiword_heads():  # (which builds the prefixes too)
            return False
        last = words[-1]
        p = min(3, len(last) - 4)
        if p <= 0:
            return True
        return f"{head}_{last[:p]}" in self._multiword_prefixes

    def __contains__(self, phrase: object) -> bool:
        """True if :meth:`synsets` finds anything for ``phrase`` (morphology included)."""
        return isinstance(phrase, str) and bool(self.synsets(phrase))

    # ------------------------------------------------------------------
    # Synset attributes
    # ------------------------------------------------------------------

    def _check(self, sid: int) -> int:
        if not 0 <= sid < self._n:
            raise IndexError(f"synset id {sid!r} out of range (0..{self._n - 1})")
        return sid

    def name(self, sid: int) -> str:
        """NLTK's synset name, e.g. ``'dog.n.01'``."""
        self._check(sid)
        # NLTK's rule: first lemma, lowercased; sense number within that lemma's index entry.
        first = self._strings[self._lemma_str[self._lemma_ptr[sid]]].lower()
        return f"{first}.{self._pos[sid]}.{self._name_sense[sid]:02d}"

    def pos(self, sid: int) -> str:
        """Part of speech: 'n', 'v', 'a', 's' (adjective satellite) or 'r'."""
        return self._pos[self._check(sid)]

    def offset(self, sid: int) -> int:
        """WordNet 3.0 byte offset in the data file (``Synset.offset()``)."""
        return self._offset[self._check(sid)]

    def synset_id(self, name: str) -> int:
        """Id of the synset NLTK calls ``name`` (``'dog.n.01'``).

        :raises KeyError: if there is no such synset (no morphology is applied).
        """
        try:
            head, pos, number = name.rsplit(".", 2)
            sense = int(number)
            key = self._key_id[head]
            i = key * _N_SLOTS + _POS_SLOT[pos]
            start, stop = self._index_ptr[i], self._index_ptr[i + 1]
            if 1 <= sense <= stop - start:
                sid = self._index_ids[start + sense - 1]
                if self.name(sid) == name:
                    return sid
        except (ValueError, KeyError, AttributeError):
            pass
        raise KeyError(f"no WordNet synset named {name!r}")

    def lemmas(self, sid: int) -> tuple[str, ...]:
        """Lemma names in NLTK's order (``Synset.lemma_names()``), e.g. ``('dog', 'domestic_dog', 'Canis_familiaris')``."""
        self._check(sid)
        strings = self._strings
        return tuple(strings[i] for i in self._lemma_str[self._lemma_ptr[sid] : self._lemma_ptr[sid + 1]])

    def lemma_counts(self, sid: int) -> tuple[int, ...]:
        """Tagged-corpus frequency (``Lemma.count()``) of each of :meth:`lemmas`, same order."""
        self._check(sid)
        return tuple(self._lemma_count[self._lemma_ptr[sid] : self._lemma_ptr[sid + 1]])

    # ------------------------------------------------------------------
    # Relations
    # ------------------------------------------------------------------

    def _edges(self, rel: tuple[array.array, array.array], sid: int) -> tuple[int, ...]:
        ptr, ids = rel
        self._check(sid)
        return tuple(ids[ptr[sid] : ptr[sid + 1]])

    def hypernyms(self, sid: int, *, instances: bool = True) -> tuple[int, ...]:
        """Hypernyms, then (unless ``instances=False``) instance hypernyms; each part sorted by id."""
        if instances:
            return self._edges(self._hypernym, sid) + self._edges(self._instance_hypernym, sid)
        return self._edges(self._hypernym, sid)

    def instance_hypernyms(self, sid: int) -> tuple[int, ...]:
        """Instance hypernyms only (``Synset.instance_hypernyms()``), sorted by id."""
        return self._edges(self._instance_hypernym, sid)

    def hyponyms(self, sid: int, *, instances: bool = True) -> tuple[int, ...]:
        """Hyponyms, then (unless ``instances=False``) instance hyponyms; each part sorted by id."""
        if instances:
            return self._edges(self._hyponym, sid) + self._edges(self._instance_hyponym, sid)
        return self._edges(self._hyponym, sid)

    def instance_hyponyms(self, sid: int) -> tuple[int, ...]:
        """Instance hyponyms only (``Synset.instance_hyponyms()``), sorted by id."""
        return self._edges(self._instance_hyponym, sid)

    def related(self, sid: int) -> tuple[int, ...]:
        """Closely related synsets, sorted by id (definition in the module docstring)."""
        return self._edges(self._related, sid)

    def antonyms(self, sid: int) -> tuple[int, ...]:
        """Synsets holding antonyms of this synset's lemmas, sorted by id."""
        return self._edges(self._antonym, sid)

    def ancestors(self, sid: int, depth: int = 2) -> frozenset[int]:
        """Synsets reachable by 1..``depth`` hypernym steps (instance ones included).

        Never contains ``sid`` itself, even if the data had a hypernym cycle
        (WordNet 3.0 has none).  ``depth=0`` gives an empty set.

        >>> g = get_graph()
        >>> sorted(g.name(s) for s in g.ancestors(g.synset_id("dog.n.01")))
        ['animal.n.01', 'canine.n.02', 'carnivore.n.01', 'domestic_animal.n.01']
        """
        if depth < 0:
            raise ValueError(f"depth must be >= 0, not {depth}")
        self._check(sid)
        seen: set[int] = set()
        frontier = [sid]
        for _ in range(depth):
            nxt = []
            for s in frontier:
                for h in self.hypernyms(s):
                    if h not in seen:
                        seen.add(h)
                        nxt.append(h)
            if not nxt:
                break
            frontier = nxt
        seen.discard(sid)
        return frozenset(seen)
