"""Command line: ``spindetect score A B [--json] [--html PAGE]``,
``spindetect scan FILE [--json] [--html PAGE]``, ``spindetect scan COLLECTION
--out ROWS [--html PAGE]``, ``spindetect screen --suspects ... [--html PAGE]``;
also ``python -m spindetect``.

Thin: reads documents (PDF, DOCX, HTML, JATS/XML, LaTeX, plain text; ``-``
for standard input) with :func:`spindetect.read_document`, calls the public
API, prints the report. Exit codes: 0 done (also when the reader of standard
output, such as ``head``, stops early), 1 unusable input (one-line message on
standard error), 2 bad usage (argparse: options, an ``--out`` or ``--html``
suffix it does not write, a ``--format`` that contradicts the ``--out``
suffix, input suffixes the command does not take; and, in one line, an
``--out`` or ``--html`` that is one of the files the run reads: an input, the
``--lexicon``, each other). A run writing rows to ``--out`` holds a lock on
it (POSIX; another run holding it is exit 1, as the state of a file is, not
how the command was called). A report that cannot be written to standard
output (disk full) is one line on standard error, exit 1.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import stat
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .files import InputError, install_hint
from .outputs import (
    OutputClashError,
    check_html_is_no_input,
    check_out_is_no_input,
    collection_exit_code,
    discard_stdout,
    interrupted_exit_code,
    lock_out,
    print_report,
)

__all__ = ["main"]


class _UsageError(Exception):
    """The command was called wrongly (an option, a suffix): argparse's
    ``parser.error`` of the subcommand, exit 2. Unusable input files or
    content stay :class:`InputError`, exit 1."""


#: Pages of detail (pair or scan reports) in a collection's ``--html``
#: page: the rows with the highest P(spun). Each is computed again (rows
#: keep no evidence), about 0.1 s a document.
HTML_DETAILS = 25
#: Suffixes ``--out`` writes (with ``--format``, any name).
OUT_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv")


def _emit(args: argparse.Namespace, header: str, call: Any, *inputs: Any) -> int:
    """Run ``call(*inputs)``, turning input errors into :class:`InputError`,
    print the result as text (after ``header``) or JSON, and write ``--html``."""
    try:
        result = call(*inputs)
    except (TypeError, ValueError) as exc:
        raise InputError(str(exc)) from None
    if getattr(args, "html", None):
        _write_html(args.html, result.to_html)
    if args.json:
        print_report(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(*([header] if header else []), str(result))
    return 0


def _write_html(path: str, render: Any) -> None:
    try:
        render(path)
    except OSError as exc:
        raise InputError(f"cannot write --html {path}: {exc.strerror or exc}") from None


def _read(path: str, used: list[bool]) -> Any:
    """A document read by :func:`spindetect.read_document` (``-`` once only)."""
    from .documents.reader import read_document

    if path == "-":
        if used[0]:
            raise _UsageError("only one argument can be '-' (standard input)")
        used[0] = True
    return read_document(path)


def _detector(args: argparse.Namespace) -> Any:
    """The detector of ``--lexicon`` and ``--threshold`` (None: the default)."""
    lexicon = _load_lexicon(args.lexicon)
    if lexicon is None and args.threshold is None:
        return None
    from .scoring.detector import DetectorConfig

    options: dict[str, Any] = {"lexicon": lexicon}
    if args.threshold is not None:
        options["spun_threshold"] = args.threshold
    return DetectorConfig(**options)


def _cmd_score(args: argparse.Namespace) -> int:
    from .reviewing import score_documents
    from .scoring.detector import Detector

    _check_html(args, ("first", args.a), ("second", args.b))
    used = [False]
    a, b = _read(args.a, used), _read(args.b, used)
    config = _detector(args)
    detector = None if config is None else Detector(config)
    return _emit(
        args,
        "",  # the result names its documents
        lambda x, y: score_documents(x, y, detector=detector, check_language=True),
        a,
        b,
    )


def _is_collection(path: str) -> bool:
    from pathlib import Path

    from .screening.reading import JSONL_SUFFIXES

    return path != "-" and (Path(path).is_dir() or Path(path).suffix.lower() in JSONL_SUFFIXES)


def _load_lexicon(path: str | None) -> Any:
    if path is None:
        return None
    from .resources.lexicon import Lexicon

    try:
        return Lexicon.load(path)
    except (OSError, ValueError) as exc:
        raise InputError(f"--lexicon: {exc}") from None


def _check_html(args: argparse.Namespace, *inputs: tuple[str, str | None]) -> None:
    """Refuse an ``--html`` page that is a file the run reads (or its ``--out``): exit 2."""
    if args.html:
        extra = [("--lexicon", args.lexicon)] + ([("--out", args.out)] if hasattr(args, "out") else [])
        check_html_is_no_input(args.html, [*inputs, *extra])
        from .reporting.html import check_replaceable_page

        try:
            check_replaceable_page(args.html)  # before the run, not after it
        except OSError as exc:
            raise InputError(f"cannot write --html {args.html}: {exc}") from None


def _cmd_scan(args: argparse.Namespace) -> int:
    _check_html(args, ("scanned", args.file))
    if _is_collection(args.file):
        return _scan_collection(args)
    if args.out != "-":
        suffix = Path(args.file).suffix.lower()
        if args.file != "-" and not os.path.exists(args.file):
            raise InputError(f"{args.file} does not exist: pass a folder of .txt files or a .jsonl file")
        if args.file == "-" or suffix == ".txt":
            raise _UsageError(
                "--out is for collections (a folder of .txt files or a .jsonl file); one text prints its report"
            )
        raise _UsageError(
            f"{args.file}: unknown collection type {suffix or '(no suffix)'!r}: --out needs a folder of .txt "
            "files or a .jsonl file"
        )
    given = [
        option
        for option, value, default in (
            ("--format", args.format, None),
            ("--id-field", args.id_field, "id"),
            ("--text-field", args.text_field, "text"),
            ("--overwrite", args.overwrite, False),
            ("--workers", args.workers, None),
            ("--scheduler", args.scheduler, None),
        )
        if value != default
    ]
    if given:
        raise _UsageError(
            f"{', '.join(given)}: for collections (a folder or a .jsonl file); one text prints its report"
        )
    from .reviewing import scan_document

    lexicon = _load_lexicon(args.lexicon)
    scanner = None
    if lexicon is not None:
        from .scanning.scanner import Scanner

        scanner = Scanner(lexicon=lexicon)
    doc = _read(args.file, [False])

    def scan_named(d: Any) -> Any:
        try:
            return scan_document(d, scanner=scanner)
        except ValueError as exc:  # refused text (not English): name the file, as score does
            raise ValueError(f"{d.name}: {exc}") from None

    return _emit(args, "", scan_named, doc)


def _resume(args: argparse.Namespace, fmt: str, row_type: Any = None) -> list[Any]:
    """Rows already in ``--out`` (emptied first with ``--overwrite``). Only a
    regular file is read: a terminal, pipe, FIFO or device (/dev/stdout,
    /dev/full) is written to only, never read or removed."""
    from .screening.rows import is_regular, read_rows

    if args.out == "-" or not is_regular(args.out):
        return []
    if args.overwrite:
        try:
            open(args.out, "w").close()  # emptied in place: a symlink stays one, permissions stay
        except OSError as exc:
            raise InputError(f"cannot overwrite {args.out}: {exc.strerror or exc}") from None
        return []
    try:
        return read_rows(args.out, fmt, row_type=row_type)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        from .screening.messages import clip

        # one line, however long the offending row
        raise InputError(f"cannot resume from {args.out}: {clip(' '.join(str(exc).split()))}") from None


#: Local Dask worker processes allowed per CPU: each loads the models (a few
#: hundred MB); ``--workers 100000`` started processes until killed (a trial).
LOCAL_WORKERS_PER_CPU = 4


def max_local_workers() -> int:
    """The most worker processes ``--workers`` starts on this machine."""
    return LOCAL_WORKERS_PER_CPU * (os.cpu_count() or 1)


class _DaskClient:
    """``--workers N`` (a local Dask cluster) or ``--scheduler``: the client to pass, closed after."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.workers = args.workers
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> Any:
        if self.workers:
            most = max_local_workers()
            if self.workers > most:
                raise InputError(
                    f"--workers {self.workers}: a local cluster holds at most {most} worker processes here "
                    f"({os.cpu_count() or 1} CPUs, {LOCAL_WORKERS_PER_CPU} per CPU): each is a process that loads "
                    "the models; for more, start a Dask cluster and pass --scheduler"
                )
            try:
                from distributed import Client, LocalCluster
            except ImportError:
                raise InputError(f"--workers needs dask.distributed: {install_hint('scale')}") from None
            self.cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, dashboard_address=":0", worker_dashboard_address=None
            )
            self.client = Client(self.cluster)
        return self.client

    def __exit__(self, *exc: Any) -> None:
        if self.client is not None:
            self.client.close()
            self.cluster.close()


def _write_rows(
    args: argparse.Namespace, writer: Any, rows_of: Any, keep: Any = None, collect: list[Any] | None = None
) -> dict[str, int]:
    """Write the rows of ``rows_of(client, progress)`` as they come (on the
    Dask client of ``--workers``/``--scheduler``, if any), also to
    ``collect`` if given; rows per label."""
    counts: dict[str, int] = {}
    try:
        writer.check()
    except ValueError as exc:  # an existing output file with other columns
        raise InputError(str(exc)) from None
    try:
        with _DaskClient(args) as client, writer:
            for row in rows_of(client, not args.quiet and sys.stderr.isatty()):
                if keep is not None and not keep(row):
                    continue
                writer.write(row)  # a failed write (disk full, ...) stops the run: OSError
                if collect is not None:
                    collect.append(row)
                counts[row.label] = counts.get(row.label, 0) + 1
    except BrokenPipeError:  # rows piped into head, which stopped reading: main() ends quietly
        raise
    except (ImportError, OSError, RuntimeError, ValueError) as exc:
        if args.out == "-":
            discard_stdout()
        raise InputError(str(exc)) from None
    return counts


def _scan_collection(args: argparse.Namespace) -> int:
    from .screening.batch_scan import SCAN_ROW_FIELDS, ScanRow, iter_scan_collection
    from .screening.reading import read_collection
    from .screening.rows import ERROR, RowWriter, infer_format

    if args.json:
        raise _UsageError("--json is for one text; a collection writes JSON Lines with --out rows.jsonl")
    fmt = args.format or infer_format(args.out)
    check_out_is_no_input(args.out, [("scanned", args.file), ("--lexicon", args.lexicon)])
    _check_out_suffix(args)
    with lock_out(args.out):
        try:
            texts = read_collection(args.file, id_field=args.id_field, text_field=args.text_field)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        lexicon = _load_lexicon(args.lexicon)
        # the collection by its path: texts added to the same folder are scanned on resume
        scanned = {"collection": os.path.abspath(args.file)}
        done = _checked_resume(args, fmt, "scan", {"--lexicon": args.lexicon}, scanned, ScanRow)
        skip = Counter(row.id for row in done)  # rows per id: a duplicate id has two
        new: list[Any] = []
        counts = _write_rows(
            args,
            RowWriter(args.out, fmt, fields=SCAN_ROW_FIELDS),
            lambda client, progress: iter_scan_collection(
                texts, lexicon=lexicon, skip=skip, client=client, scheduler=args.scheduler, progress=progress
            ),
            collect=new,
        )
    if args.html:
        _scan_collection_html(args, texts, done + new, lexicon)
    if not args.quiet:
        # rows, as screen counts them: one per text (a duplicate id's is an error row), done + new = texts
        summary = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
        summary = f"{_rows(sum(counts.values()), 'new ')} ({summary})" if counts else "nothing new"
        resumed = f" ({len(done)} done before)" if done else ""
        where = "standard output" if args.out == "-" else args.out
        errors = f"; {counts[ERROR]} could not be scanned (see their error column)" if counts.get(ERROR) else ""
        print(f"spindetect: scanned {len(texts)} texts{resumed}: {summary}{errors}; rows in {where}", file=sys.stderr)
    return collection_exit_code(counts, done, "text could be scanned")


def _rows(n: int, kind: str = "") -> str:
    """ "1 new row", "6 new rows"."""
    return f"{n} {kind}row" + ("" if n == 1 else "s")


def _scan_collection_html(args: argparse.Namespace, texts: list[Any], rows: list[Any], lexicon: Any) -> None:
    from .reviewing import scan_details
    from .scanning.scanner import Scanner
    from .screening.batch_scan import ScanRows

    details = scan_details(rows, texts, scanner=None if lexicon is None else Scanner(lexicon=lexicon), top=HTML_DETAILS)
    order = {doc_id: k for k, (doc_id, _) in enumerate(texts)}
    rows = sorted(rows, key=lambda r: order.get(r.id, len(order)))
    _write_html(args.html, lambda path: ScanRows(rows).to_html(path, details=details))


def _cmd_screen(args: argparse.Namespace) -> int:
    from .screening.rows import infer_format

    fmt = args.format or infer_format(args.out)
    inputs = [("--suspects", args.suspects)] + ([("--sources", args.sources)] if args.sources else [])
    check_out_is_no_input(args.out, [*inputs, ("--lexicon", args.lexicon)])
    _check_html(args, *inputs)
    _check_out_suffix(args)
    if args.sources:
        from .screening.runs import same_collection

        if same_collection(args.suspects, args.sources):
            # suspects against themselves as sources matched every document with itself ("copy")
            logging.getLogger("spindetect").warning(
                "--sources %s is the --suspects collection %s: screening it against itself, as without "
                "--sources (each pair once; a document is never matched with itself)",
                args.sources,
                args.suspects,
            )
            args.sources = None
    with lock_out(args.out):
        return _screen_locked(args, fmt)


def _screen_locked(args: argparse.Namespace, fmt: str) -> int:
    from .screening.driver import iter_screen
    from .screening.reading import CollectionTypeError, PathCollection
    from .screening.rows import ERROR, RowWriter
    from .screening.runs import resume_plan

    def collection(path: str, option: str) -> Any:
        try:  # read a document at a time as the run goes
            return PathCollection(path, id_field=args.id_field, text_field=args.text_field)
        except CollectionTypeError as exc:
            raise _UsageError(f"{option}: {exc}") from None
        except ValueError as exc:
            raise InputError(f"{option}: {exc}") from None

    suspects = collection(args.suspects, "--suspects")
    sources = collection(args.sources, "--sources") if args.sources else None
    detector = _detector(args)
    paths = {"--suspects": args.suspects, "--sources": args.sources, "--lexicon": args.lexicon}
    settings = {"top": args.top, "min_similarity": args.min_similarity, "threshold": args.threshold}
    done = _checked_resume(args, fmt, "screen", paths, settings)
    plan = resume_plan(done, top=args.top, sources=sources is not None)
    new: list[Any] = []
    counts = _write_rows(
        args,
        RowWriter(args.out, fmt),
        lambda client, progress: iter_screen(
            suspects,
            sources,
            top=args.top,
            min_similarity=args.min_similarity,
            skip=plan.skip,
            skip_pairs=plan.skip_pairs,
            detector=detector,
            client=client,
            scheduler=args.scheduler,
            progress=progress,
        ),
        # an error reported by the run being resumed is not written again
        keep=lambda row: row.label != ERROR or (row.suspect_id, row.source_id, row.error) not in plan.errors,
        collect=new if args.html else None,
    )
    if args.html:
        _screen_html(args, list(suspects), None if sources is None else list(sources), done + new, detector)
    if not args.quiet:
        # rows, not suspects: a suspect has a row per candidate, a bad source one of its own
        summary = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
        summary = f"{_rows(sum(counts.values()), 'new ')} ({summary})" if counts else "nothing new"
        resumed = f" ({len(plan)} done before)" if len(plan) else ""
        where = "standard output" if args.out == "-" else args.out
        errors = f"; {_rows(counts[ERROR], 'error ')} (see their error column)" if counts.get(ERROR) else ""
        print(
            f"spindetect: screened {len(suspects)} suspects{resumed}: {summary}{errors}; rows in {where}",
            file=sys.stderr,
        )
    return collection_exit_code(counts, done, "pair could be screened")


def _checked_resume(args: argparse.Namespace, fmt: str, command: str, paths: dict, settings: dict, row_type=None):
    """The rows already in ``--out``, once the record beside it of what they came from
    (:mod:`spindetect.screening.runs`) matches this run's; ``--overwrite`` starts over."""
    from .screening import runs
    from .screening.rows import is_regular

    if args.out == "-" or (os.path.exists(args.out) and not is_regular(args.out)):
        return _resume(args, fmt, row_type)  # a device or pipe: written to only
    try:
        inputs = {k: None if v is None else runs.fingerprint(v) for k, v in paths.items()}
        fields = {"id_field": args.id_field, "text_field": args.text_field}
        record = runs.run_record(command, inputs, {**settings, **fields})
        done = _resume(args, fmt, row_type)  # emptied by --overwrite
        runs.check_record(args.out, record, has_rows=bool(done))
        runs.write_record(args.out, record)
    except (OSError, ValueError) as exc:
        raise InputError(str(exc)) from None
    return done


def _screen_html(args: argparse.Namespace, suspects: list[Any], sources: Any, rows: list[Any], config: Any) -> None:
    from .reviewing import screen_details
    from .scoring.detector import Detector
    from .screening.rows import ScreenResult

    detector = None if config is None else Detector(config)
    details = screen_details(rows, suspects, sources, detector=detector, top=HTML_DETAILS)
    n_sources = len(suspects if sources is None else sources)
    result = ScreenResult(tuple(rows), "within" if sources is None else "sources", len(suspects), n_sources)
    _write_html(args.html, lambda path: result.to_html(path, details=details))


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(prog="spindetect", description="Catch article spinning, swap by swap.")
    parser.add_argument("--version", action="version", version=f"spindetect {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("score", help="is one of two texts a spun copy of the other?")
    p.add_argument("a", help="first document (text, PDF, DOCX, HTML, XML, LaTeX), or - for standard input")
    p.add_argument("b", help="second document, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the report as JSON (with the documents read)")
    _html_option(p)
    _detector_options(p)
    p.set_defaults(func=_cmd_score, parser=p)
    p = sub.add_parser(
        "scan",
        help="does a text look spun? (no source needed); or every text of a collection",
        description="Scan one text (a file, or - for standard input) and print its report; or scan a collection "
        '(a folder of .txt files or a .jsonl file, one {"id": ..., "text": ...} object per line) and write one '
        "row per text to --out. Rerun the same command to resume: texts already in --out are skipped.",
    )
    p.add_argument(
        "file",
        help="a document (text, PDF, DOCX, HTML, XML, LaTeX), - for standard input, or a collection "
        "(a folder of documents or a .jsonl file)",
    )
    p.add_argument("--json", action="store_true", help="print the report of one text as JSON")
    _html_option(p)
    p.add_argument("--lexicon", metavar="PATH", help="scan with this lexicon file (default: the shipped one)")
    _collection_options(p)
    p.set_defaults(func=_cmd_scan, parser=p)
    p = sub.add_parser(
        "screen",
        help="find spun copies: suspects against sources, or a collection against itself",
        description="Screen a collection for spun copies. PATHs are folders of .txt files or .jsonl files "
        '(one {"id": ..., "text": ...} object per line). Without --sources, the suspects are screened '
        "against each other; so are they when --sources is the same collection (the same path, or a copy of "
        "it): a document is never matched with itself. A document that is not English gets an error row. "
        "Rerun the same command to resume: suspects already in --out are skipped.",
    )
    p.add_argument("--suspects", required=True, metavar="PATH", help="the texts to screen")
    p.add_argument(
        "--sources",
        metavar="PATH",
        help="possible sources (default, or the --suspects collection again: the suspects against each other)",
    )
    p.add_argument("--top", type=_positive_int, default=3, help="candidate sources scored per suspect (default 3)")
    p.add_argument(
        "--min-similarity",
        type=_fraction,
        default=0.2,
        help="skeleton similarity from which a pair is scored (default 0.2)",
    )
    _html_option(p)
    _detector_options(p)
    _collection_options(p)
    p.set_defaults(func=_cmd_screen, parser=p)
    return parser


def _html_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--html",
        metavar="PAGE",
        type=_html_path,
        help="also write the report as one self-contained HTML page (.html), to read or print",
    )


def _detector_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lexicon", metavar="PATH", help="score with this lexicon file (default: the shipped one)")
    p.add_argument(
        "--threshold",
        type=_open_fraction,
        metavar="P",
        help="P(spun) from which a pair is labelled spun (default 0.5)",
    )


def _html_path(value: str) -> str:
    if Path(value).suffix.lower() not in (".html", ".htm"):
        raise argparse.ArgumentTypeError(f"expected a .html file name, got {value!r}")
    return value


def _check_out_suffix(args: argparse.Namespace) -> None:
    """Refuse an ``--out`` whose suffix names no row format (without
    ``--format``): standard output, .jsonl/.csv files, or an existing device
    or pipe (/dev/stdout); and a ``--format`` that contradicts the suffix of
    ``--out`` (``--out rows.jsonl --format csv`` wrote CSV into a .jsonl
    file, which every reader of the file then misreads): a suffix of
    :data:`OUT_SUFFIXES` names the format, ``--format`` decides for other
    names and standard output."""
    out = args.out
    suffix = Path(out).suffix.lower()
    if args.format and out != "-" and suffix in OUT_SUFFIXES:
        named = "csv" if suffix == ".csv" else "jsonl"
        if args.format != named:
            other = Path(out).with_suffix(".csv" if args.format == "csv" else ".jsonl").name
            raise _UsageError(
                f"--format {args.format} contradicts --out {out}: a {suffix} file holds "
                f"{'CSV' if named == 'csv' else 'JSON Lines'} rows; drop --format, or write to {other}"
            )
    if args.format or out == "-" or suffix in OUT_SUFFIXES:
        return
    try:
        if not stat.S_ISREG(os.stat(out).st_mode):
            return
    except (OSError, ValueError):
        pass
    suffix = Path(out).suffix or "(no suffix)"
    raise _UsageError(
        f"--out {out}: unknown suffix {suffix!r}: rows are written to .jsonl or .csv files (or give --format)"
    )


def _open_fraction(value: str) -> float:
    """argparse type of ``--threshold``: a number strictly between 0 and 1."""
    x = _fraction(value)
    if not 0.0 < x < 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1 (not 0 or 1), got {value!r}")
    return x


def _collection_options(p: argparse.ArgumentParser) -> None:
    """Options of the commands that read collections and write rows."""
    p.add_argument(
        "--out",
        default="-",
        metavar="PATH",
        help="output file, .jsonl or .csv (default: standard output); only a regular file is resumed from; "
        "never one of the files the run reads. "
        "CSV cells starting with = + - @ get a ' in front, so spreadsheets do not run them as formulas",
    )
    p.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        help="output format (default: from the --out suffix). A .jsonl/.ndjson/.json or .csv --out names its "
        "format, and a --format that contradicts it is refused; --format decides for other names and for "
        "standard output",
    )
    p.add_argument("--id-field", type=_field_name, default="id", help="JSONL field holding the id (default 'id')")
    p.add_argument(
        "--text-field", type=_field_name, default="text", help="JSONL field holding the text (default 'text')"
    )
    p.add_argument("--overwrite", action="store_true", help="start afresh instead of resuming from --out")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    dask = p.add_mutually_exclusive_group()
    dask.add_argument("--scheduler", metavar="ADDRESS", help=f"run on this Dask scheduler ({install_hint('scale')})")
    dask.add_argument(
        "--workers", type=_positive_int, metavar="N", help="run on a local Dask cluster of N worker processes"
    )


def _positive_int(value: str) -> int:
    """argparse type of counts (``--top``, ``--workers``); argparse names the option."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return n


def _field_name(value: str) -> str:
    """argparse type of ``--id-field`` and ``--text-field``: a non-empty JSON field name."""
    if not value:
        raise argparse.ArgumentTypeError("expected a JSON field name, got ''")
    return value


def _fraction(value: str) -> float:
    """argparse type of ``--min-similarity``: a number from 0 to 1 (not nan)."""
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {value!r}") from None
    if not 0.0 <= x <= 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {value!r}")
    return x


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to ``sys.stderr`` as it is at each record (callers and test
    runners swap it; a handler holding an old, closed stream would fail)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _log_to_stderr() -> None:
    """Show the library's warnings (bytes replaced while decoding, ...) as one line each."""
    logger = logging.getLogger("spindetect")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("spindetect: warning: %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    _log_to_stderr()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except _UsageError as exc:
        args.parser.error(str(exc))  # exits 2, with the subcommand's usage
    except InputError as exc:  # one line; 2 for bad usage (--out or --html is a file read: OutputClashError)
        print(f"spindetect: error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, OutputClashError) else 1
    except KeyboardInterrupt:  # Ctrl-C: one line, not a traceback
        return interrupted_exit_code(getattr(args, "out", None))
    except BrokenPipeError:  # the reader went away (piped into head): done, quietly
        discard_stdout()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
