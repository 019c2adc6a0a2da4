"""Guards for the files a command writes (``--out``, ``--html``): never one
of the inputs, and one run at a time per file; and the report printed to
standard output. Used by :mod:`spindetect.cli`."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .files import InputError

__all__ = [
    "HtmlClashError",
    "OutClashError",
    "OutputClashError",
    "check_html_is_no_input",
    "check_out_is_no_input",
    "collection_exit_code",
    "discard_stdout",
    "interrupted_exit_code",
    "lock_out",
    "print_report",
    "same_file",
]


class OutputClashError(InputError):
    """A file a command would write (``--out``, ``--html``) that is a file
    the run reads: how the command was called, so bad usage (exit 2, as
    argparse's usage errors), said in one line."""


class HtmlClashError(OutputClashError):
    """An ``--html`` page that is a file the run reads (bad usage: exit 2)."""


class OutClashError(OutputClashError):
    """An ``--out`` that is a file the run reads (bad usage: exit 2)."""


def same_file(st: os.stat_result, path: Path) -> bool:
    """Whether ``path`` is the file ``st`` describes (same device and inode)."""
    try:
        other = os.stat(path)
    except (OSError, ValueError):
        return False
    return (st.st_dev, st.st_ino) == (other.st_dev, other.st_ino)


def _input_clash(
    target: str, inputs: list[tuple[str, str | None]], suffixes: tuple[str, ...], *, same_path: bool
) -> tuple[str, str, bool] | None:
    """The input ``target`` would overwrite: ``(option, path, in_folder)``,
    or None. ``inputs`` are ``(option, path)`` pairs, a file or a folder
    (``-`` and None skipped). Inside an input folder, a ``target`` with one of
    ``suffixes`` clashes even if it does not exist yet (the next run would
    read it as a document); else it clashes when it is the same file as an
    input (a link or hard link too), or with ``same_path`` also another
    spelling of an input's path. Devices and pipes clash with nothing."""
    from .screening.reading import folder_files

    try:
        st: os.stat_result | None = os.stat(target)
    except (OSError, ValueError):
        st = None  # not there yet (or a dangling link): only its place can clash
    if st is not None and not stat.S_ISREG(st.st_mode):
        return None
    real = Path(os.path.realpath(target))
    for option, path in inputs:
        if path is None or path == "-":
            continue
        p = Path(path)
        if p.is_dir():
            inside = real.suffix.lower() in suffixes and Path(os.path.realpath(p)) in real.parents
            if inside or (st is not None and any(same_file(st, f) for f in folder_files(p)[0])):
                return option, path, True
        elif (st is not None and same_file(st, p)) or (same_path and real == Path(os.path.realpath(p))):
            return option, path, False
    return None


def check_out_is_no_input(out: str, inputs: list[tuple[str, str]]) -> None:
    """Refuse an ``--out`` that is one of the files read (``inputs``:
    ``(option, path)``, a file or a folder): ``--overwrite`` would empty it,
    and appending rows would change it. Inside an input folder, a ``.txt``
    ``--out`` is refused even if it does not exist yet: the next run would
    read it as a document. Another spelling of an input's path clashes too,
    even before the file exists (an ``--out`` named as the ``--lexicon``:
    the lock would create it, and the lexicon would be read empty).
    Standard output, devices and pipes are not files read back. Raises
    :class:`OutClashError` (bad usage, exit 2)."""
    if out == "-":
        return
    clash = _input_clash(out, list(inputs), (".txt",), same_path=True)
    if clash is None:
        return
    option, path, in_folder = clash
    if in_folder:
        raise OutClashError(
            f"--out {out} is a file of the {option} folder {path}: writing rows there would change the "
            "input; choose another --out"
        )
    raise OutClashError(
        f"--out {out} is the {option} file {path}: writing rows there would destroy the input; choose another --out"
    )


def check_html_is_no_input(html: str, inputs: list[tuple[str, str | None]]) -> None:
    """Refuse an ``--html`` page that is one of the files read (``inputs``:
    ``(option, path)``, a file or a folder; ``-`` and None are skipped): the
    report would replace it. Inside an input folder, a page is refused even
    if it does not exist yet: the next run would read it as a document. A
    link or hard link to an input, or another spelling of its path, is the
    same file. Devices and pipes are not files read back. Raises
    :class:`HtmlClashError` (bad usage, exit 2)."""
    from .screening.reading import DOCUMENT_SUFFIXES

    clash = _input_clash(html, inputs, tuple(DOCUMENT_SUFFIXES), same_path=True)
    if clash is None:
        return
    option, path, in_folder = clash
    if in_folder:
        raise HtmlClashError(
            f"--html {html} is a file of the {option} folder {path}: the report would replace a document "
            "the run reads; choose another --html"
        )
    raise HtmlClashError(
        f"--html {html} is the {option} file {path}: writing the report there would destroy it; choose another --html"
    )


def print_report(*texts: str) -> None:
    """Print ``texts`` (a line each) to standard output and flush it. A
    failed write (disk full: ``> /dev/full``) is an :class:`InputError`
    naming the problem, and standard output is pointed at the null device so
    the interpreter's last flush adds no second error. A closed pipe
    (:class:`BrokenPipeError`, piped into ``head``) is raised as it is, for
    the caller's quiet exit."""
    try:
        for text in texts:
            print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        discard_stdout()
        raise InputError(f"cannot write the report to standard output: {exc.strerror or exc}") from None


def discard_stdout() -> None:
    """After standard output failed (disk full, closed pipe), point it at
    the null device, so the interpreter's last flush adds no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - no file descriptor to replace
        pass


@contextlib.contextmanager
def lock_out(out: str) -> Iterator[None]:
    """Hold an exclusive advisory lock (``flock``) on ``--out`` while a run
    writes it, so that two runs never append the same rows to one file. The
    file is created for it (and removed again if the run fails before
    writing anything). Standard output, devices and pipes are not locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no flock (Windows): runs are not guarded against each other
        yield
        return
    if out == "-":
        yield
        return
    try:
        regular = stat.S_ISREG(os.stat(out).st_mode)
        created = False
    except FileNotFoundError:
        regular, created = True, not os.path.islink(out)
    except (OSError, ValueError):
        regular = created = False
    if not regular:
        yield
        return
    try:
        fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    except OSError as exc:
        raise InputError(f"cannot write rows to {out}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                f"another spindetect run is writing {out}: wait for it to finish, or choose another --out"
            ) from None
        except OSError:  # pragma: no cover - a file system without locks: the run goes on unguarded
            pass
        try:
            yield
        except BaseException:
            with contextlib.suppress(OSError):
                if created and os.fstat(fd).st_size == 0:
                    os.unlink(out)
            raise
    finally:
        os.close(fd)  # releases the lock


def collection_exit_code(counts: dict[str, int], done: Iterable[Any], what: str) -> int:
    """Exit code of a collection run (``scan-collection``, ``screen``) from
    its new rows per label (``counts``) and the rows of the run it resumed
    (``done``, each with a ``label``): 1, with a line on standard error (even
    with ``--quiet``), when there are rows, new or resumed, and every one is
    an error row: no ``what`` (such as "text could be scanned"); else 0. A
    rerun of a failed run fails again; a resume that adds only the error row
    of an empty text to good rows is not a failed run."""
    from .screening.rows import ERROR

    done = list(done)
    new = sum(counts.values())
    if new + len(done) and counts.get(ERROR, 0) == new and all(row.label == ERROR for row in done):
        print(f"spindetect: error: every row is an error row: no {what} (see the error column)", file=sys.stderr)
        return 1
    return 0


#: Exit code of a command stopped by Ctrl-C (SIGINT): 128 + 2, as shells report it.
INTERRUPTED_EXIT = 130


def interrupted_exit_code(out: str | None) -> int:
    """Say on standard error, in one line, that the command was interrupted
    (with ``--out`` a file: the rows written so far are kept and the same
    command resumes); returns :data:`INTERRUPTED_EXIT`."""
    if out and out != "-":
        print(
            f"spindetect: interrupted; the rows written so far are kept in {out}: run the same command again to resume",
            file=sys.stderr,
        )
    else:
        print("spindetect: interrupted", file=sys.stderr)
    return INTERRUPTED_EXIT
