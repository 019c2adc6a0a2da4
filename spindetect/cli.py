"""Command line: ``spindetect score A B [--json]``, ``spindetect scan FILE [--json]``.

Thin: reads files (``-`` for standard input), calls the public API, prints
the report. Exit codes: 0 done, 1 unusable input (one-line message on
standard error), 2 bad usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

__all__ = ["main"]

#: Largest file read, in bytes (the library's own limit is in characters).
MAX_FILE_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """Input that cannot be used; its message is shown as it is."""


def read_text(path: str, *, stdin_used: list[bool] | None = None) -> str:
    """Read a UTF-8 text file, or standard input for ``-``.

    Raises :class:`InputError` with a one-line message for unreadable,
    binary or undecodable input.
    """
    if path == "-":
        if stdin_used is not None:
            if stdin_used[0]:
                raise InputError("only one argument can be '-' (standard input)")
            stdin_used[0] = True
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        name = "standard input"
    else:
        name = path
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: split it first")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name} looks binary (it contains NUL bytes): pass a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise InputError(f"{name} is empty")
    return text


def _cmd_score(args: argparse.Namespace) -> int:
    from . import score

    used = [False]
    a = read_text(args.a, stdin_used=used)
    b = read_text(args.b, stdin_used=used)
    try:
        report = score(a, b)
    except (TypeError, ValueError) as exc:
        raise InputError(str(exc)) from None
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"a: {args.a}\nb: {args.b}")
        print(report)
    return 0


def _cmd_scan(args: argparse.Namespace) -> int:
    from . import scan

    text = read_text(args.file)
    try:
        report = scan(text)
    except (TypeError, ValueError) as exc:
        raise InputError(str(exc)) from None
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"file: {args.file}")
        print(report)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(prog="spindetect", description="Catch article spinning, swap by swap.")
    parser.add_argument("--version", action="version", version=f"spindetect {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("score", help="is one of two texts a spun copy of the other?")
    p.add_argument("a", help="first text file, or - for standard input")
    p.add_argument("b", help="second text file, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_cmd_score)
    p = sub.add_parser("scan", help="does one text look spun? (no source needed)")
    p.add_argument("file", help="text file, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_cmd_scan)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"spindetect: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
