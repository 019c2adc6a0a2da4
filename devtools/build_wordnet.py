#!/usr/bin/env python3
"""Build the WordNet 3.0 corpus zip that spindetect ships for NLTK, offline.

The Princeton WordNet 3.0 database is taken from the Debian packages
``wordnet-base`` and ``wordnet-sense-index`` (installed under
``/usr/share/wordnet``) and packed into the layout NLTK's
``WordNetCorpusReader`` expects::

    spindetect/data/nltk_data/corpora/wordnet.zip
        wordnet/                 (directory entry)
        wordnet/LICENSE          WordNet 3.0 licence (from the Debian copyright file)
        wordnet/README           provenance note
        wordnet/citation.bib     how to cite WordNet
        wordnet/lexnames         the 45 lexicographer file names (from lexnames(5WN))
        wordnet/adj.exc adv.exc noun.exc verb.exc
        wordnet/cntlist.rev
        wordnet/data.{adj,adv,noun,verb}
        wordnet/index.{adj,adv,noun,verb,sense}

Only what NLTK reads is kept: ``WordNetCorpusReader._FILES`` plus the three
files ``wn.license()``, ``wn.readme()`` and ``wn.citation()`` open.  The verb
example sentences (``sents.vrb``, ``sentidx.vrb``), ``frames.vrb`` (NLTK has
the frame strings compiled in), ``cntlist`` (NLTK reads ``cntlist.rev``) and
the browser resources are dropped.

The database files are copied byte for byte: NLTK seeks to byte offsets
recorded inside them, so they must never be re-encoded or re-wrapped.

The output is deterministic: entries are sorted, every entry has the same
timestamp (1980-01-01 00:00:00), the same permissions and the same creator
system, and everything is DEFLATE-compressed at level 9.  (Byte-identical
output also assumes the same zlib; the uncompressed contents are identical
regardless.)

Next to the zip the script writes ``WORDNET_LICENSE.txt`` and
``WORDNET_SOURCE.txt`` (package versions, per-file SHA-256, the zip's SHA-256).

Usage::

    python -m devtools.build_wordnet                  # build (needs the Debian packages)
    python -m devtools.build_wordnet --check          # verify the committed files are current
    python -m devtools.build_wordnet --source DIR     # WordNet database files elsewhere

If the source files are missing::

    apt-get install wordnet-base wordnet-sense-index   (as root, or with sudo)
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = Path("/usr/share/wordnet")
DEFAULT_OUTPUT_DIR = REPO_ROOT / "spindetect" / "data" / "nltk_data" / "corpora"
DEFAULT_LEXNAMES_MAN = Path("/usr/share/man/man5/lexnames.5WN.gz")
DEFAULT_COPYRIGHT = Path("/usr/share/doc/wordnet-base/copyright")
DEBIAN_PACKAGES = ("wordnet-base", "wordnet-sense-index")

ZIP_NAME = "wordnet.zip"
LICENSE_NAME = "WORDNET_LICENSE.txt"
SOURCE_NAME = "WORDNET_SOURCE.txt"
ZIP_PREFIX = "wordnet/"
#: Fixed timestamp for every entry (the earliest a zip can represent).
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 9

#: Database files copied verbatim from the source directory.  This is exactly
#: ``nltk.corpus.reader.wordnet.WordNetCorpusReader._FILES`` minus ``lexnames``,
#: which Debian does not ship and we generate.
DATABASE_FILES: tuple[str, ...] = (
    "adj.exc",
    "adv.exc",
    "cntlist.rev",
    "data.adj",
    "data.adv",
    "data.noun",
    "data.verb",
    "index.adj",
    "index.adv",
    "index.noun",
    "index.sense",
    "index.verb",
    "noun.exc",
    "verb.exc",
)

#: Which Debian package ships each database file (for the error message).
FILE_PACKAGE = {name: "wordnet-base" for name in DATABASE_FILES}
FILE_PACKAGE["index.sense"] = "wordnet-sense-index"

#: Syntactic category numbers used in the third column of ``lexnames``
#: (lexnames(5WN): 1 NOUN, 2 VERB, 3 ADJECTIVE, 4 ADVERB).
CATEGORY_BY_PREFIX = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}

#: The WordNet 3.0 lexicographer files, in file-number order, as listed in
#: lexnames(5WN).  Used when the man page is not installed, and otherwise
#: checked against it.
LEXNAMES_FALLBACK: tuple[str, ...] = (
    "adj.all",
    "adj.pert",
    "adv.all",
    "noun.Tops",
    "noun.act",
    "noun.animal",
    "noun.artifact",
    "noun.attribute",
    "noun.body",
    "noun.cognition",
    "noun.communication",
    "noun.event",
    "noun.feeling",
    "noun.food",
    "noun.group",
    "noun.location",
    "noun.motive",
    "noun.object",
    "noun.person",
    "noun.phenomenon",
    "noun.plant",
    "noun.possession",
    "noun.process",
    "noun.quantity",
    "noun.relation",
    "noun.shape",
    "noun.state",
    "noun.substance",
    "noun.time",
    "verb.body",
    "verb.change",
    "verb.cognition",
    "verb.communication",
    "verb.competition",
    "verb.consumption",
    "verb.contact",
    "verb.creation",
    "verb.emotion",
    "verb.motion",
    "verb.perception",
    "verb.possession",
    "verb.social",
    "verb.stative",
    "verb.weather",
    "adj.ppl",
)

CITATION_BIB = """\
@book{_Fellbaum:1998,
  editor    = {Christiane Fellbaum},
  title     = {{WordNet}: An Electronic Lexical Database},
  publisher = {MIT Press},
  address   = {Cambridge, MA},
  year      = {1998},
}

@article{_Miller:1995,
  author  = {George A. Miller},
  title   = {{WordNet}: A Lexical Database for {English}},
  journal = {Communications of the ACM},
  volume  = {38},
  number  = {11},
  pages   = {39--41},
  year    = {1995},
}
"""

INSTALL_HINT = "apt-get install wordnet-base wordnet-sense-index   (as root, or with sudo)"


class BuildError(Exception):
    """A problem the user has to fix; the message says how."""


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def check_source(source: Path) -> None:
    """Raise :class:`BuildError` naming every missing database file."""
    missing = [name for name in DATABASE_FILES if not (source / name).is_file()]
    if not missing:
        return
    packages = sorted({FILE_PACKAGE[name] for name in missing})
    raise BuildError(
        f"WordNet 3.0 database files missing from {source}: {', '.join(missing)}.\n"
        f"They come from the Debian package(s) {', '.join(packages)}. Install them with\n"
        f"    {INSTALL_HINT}\n"
        "or point --source at a directory holding the WordNet 3.0 'dict' files."
    )


def parse_lexnames_man(text: str) -> list[str]:
    """Return the lexicographer file names, in number order, from the troff
    source of lexnames(5WN).

    The table rows look like ``00\\tadj.all\\tall adjective clusters`` (some
    names carry trailing blanks).  Raises :class:`BuildError` when the numbers
    are not exactly 0..N-1.
    """
    rows: list[tuple[int, str]] = []
    in_table = False
    for line in text.splitlines():
        if line.startswith(".TS"):
            in_table = True
            continue
        if line.startswith(".TE"):
            in_table = False
            continue
        if not in_table:
            continue
        match = re.match(r"^(\d{2})\t\s*([A-Za-z]+\.[A-Za-z]+)\s*\t", line)
        if match:
            rows.append((int(match.group(1)), match.group(2)))
    numbers = [number for number, _ in rows]
    if numbers != list(range(len(rows))) or not rows:
        raise BuildError(
            "Could not parse the lexicographer file table from lexnames(5WN): "
            f"got file numbers {numbers}. Pass --lexnames-man '' to use the "
            "built-in WordNet 3.0 table instead."
        )
    return [name for _, name in rows]


def load_lexnames(man_page: Path | None) -> tuple[list[str], str]:
    """Return (lexicographer file names, description of where they came from).

    Parses the man page when it is installed and checks it against the
    built-in WordNet 3.0 table; otherwise uses the built-in table.
    """
    if man_page is None or not man_page.is_file():
        origin = "built-in WordNet 3.0 table (lexnames(5WN) not installed or not used)"
        return list(LEXNAMES_FALLBACK), origin
    raw = man_page.read_bytes()
    if man_page.suffix == ".gz":
        raw = gzip.decompress(raw)
    names = parse_lexnames_man(raw.decode("utf-8", errors="replace"))
    if tuple(names) != LEXNAMES_FALLBACK:
        raise BuildError(
            f"The lexicographer files listed in {man_page} differ from the WordNet 3.0 "
            f"table built into this script:\n  man page: {names}\n  built-in: "
            f"{list(LEXNAMES_FALLBACK)}\nIs the installed WordNet really 3.0?"
        )
    return names, f"parsed from {man_page} (matches the built-in WordNet 3.0 table)"


def render_lexnames(names: Sequence[str]) -> bytes:
    """The ``lexnames`` file: ``NN<TAB>name<TAB>category`` per line."""
    lines = []
    for number, name in enumerate(names):
        prefix = name.split(".", 1)[0]
        if prefix not in CATEGORY_BY_PREFIX:
            raise BuildError(f"Unknown syntactic category in lexicographer file name {name!r}")
        lines.append(f"{number:02d}\t{name}\t{CATEGORY_BY_PREFIX[prefix]}\n")
    return "".join(lines).encode("ascii")


def extract_license(copyright_text: str) -> str:
    """Return the WordNet 3.0 licence text from a Debian machine-readable
    copyright file (the body of its ``License: WordNet3.0`` stanza)."""
    lines = copyright_text.splitlines()
    body: list[str] | None = None
    for line in lines:
        if body is None:
            if re.match(r"^License:\s*WordNet", line):
                body = []
            continue
        if line.startswith((" ", "\t")):
            stripped = line.strip()
            body.append("" if stripped == "." else stripped)
        else:
            break
    if not body:
        raise BuildError(
            f"No 'License: WordNet3.0' stanza found in the Debian copyright file. Reinstall the package: {INSTALL_HINT}"
        )
    return "\n".join(body).rstrip() + "\n"


def license_from_data_adj(source: Path) -> str:
    """Fallback: the licence header every WordNet 3.0 data file starts with."""
    lines = []
    with open(source / "data.adj", "rb") as handle:
        for raw in handle:
            if not raw.startswith(b"  "):
                break
            # "  12 text  " -> "text"
            text = raw.decode("ascii").rstrip()
            lines.append(re.sub(r"^\s+\d+\s?", "", text))
    return "\n".join(lines).strip() + "\n"


def load_license(copyright_file: Path, source: Path) -> tuple[str, str]:
    """Return (licence text, description of where it came from)."""
    if copyright_file.is_file():
        return extract_license(copyright_file.read_text(encoding="utf-8")), str(copyright_file)
    return license_from_data_adj(source), f"{source / 'data.adj'} (licence header)"


def debian_versions(packages: Iterable[str]) -> dict[str, str]:
    """``dpkg-query -W`` versions of the packages, or "unknown" without dpkg."""
    versions = {}
    for package in packages:
        try:
            result = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", package],
                capture_output=True,
                text=True,
                check=False,
            )
            version = result.stdout.strip() if result.returncode == 0 else ""
        except FileNotFoundError:
            version = ""
        versions[package] = version or "unknown (not installed via dpkg)"
    return versions


# --------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# The README and SOURCE texts below name this tool by its old path,
# scripts/build_wordnet.py: they are inside the shipped files, which
# ``--check`` compares byte for byte.


def render_readme(versions: dict[str, str]) -> bytes:
    pkgs = ", ".join(f"{name} {version}" for name, version in versions.items())
    text = (
        "WordNet 3.0 (Princeton University), packed for NLTK's WordNetCorpusReader\n"
        "by spindetect's scripts/build_wordnet.py from the Debian packages\n"
        f"{pkgs}.\n"
        "The database files are unchanged; 'lexnames' was generated from\n"
        "lexnames(5WN). See LICENSE for the WordNet 3.0 licence and\n"
        "https://wordnet.princeton.edu/ for the project.\n"
    )
    return text.encode("ascii")


def build_zip_bytes(members: dict[str, bytes]) -> bytes:
    """Pack ``members`` (name -> bytes, names relative to ``wordnet/``)
    into a deterministic zip and return its bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        directory = zipfile.ZipInfo(ZIP_PREFIX, date_time=ZIP_DATE_TIME)
        directory.create_system = 3  # Unix, whatever the building OS
        directory.external_attr = (0o40755 << 16) | 0x10  # drwxr-xr-x + MS-DOS dir bit
        directory.compress_type = zipfile.ZIP_STORED
        archive.writestr(directory, b"")
        for name in sorted(members):
            info = zipfile.ZipInfo(ZIP_PREFIX + name, date_time=ZIP_DATE_TIME)
            info.create_system = 3
            info.external_attr = 0o100644 << 16  # -rw-r--r--
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name], compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def render_source_txt(
    *,
    versions: dict[str, str],
    source: Path,
    lexnames_origin: str,
    license_origin: str,
    members: dict[str, bytes],
    zip_bytes: bytes,
) -> str:
    """The provenance file. Deterministic: no build time, no host name."""
    lines = [
        "WordNet 3.0 for NLTK, shipped with spindetect",
        "=============================================",
        "",
        "What: Princeton WordNet 3.0 (https://wordnet.princeton.edu/), the English",
        "lexical database, in the layout NLTK's WordNetCorpusReader reads",
        "(corpora/wordnet.zip containing wordnet/...).",
        "Licence: WordNet 3.0 licence, see WORDNET_LICENSE.txt (also wordnet/LICENSE",
        "inside the zip). Copyright 2006 by Princeton University.",
        "",
        "Source: Debian packages (dpkg-query -W):",
    ]
    lines += [f"  {name}\t{version}" for name, version in versions.items()]
    lines += [
        f"Database files read from: {source}",
        f"lexnames: {lexnames_origin}",
        f"LICENSE: {license_origin}",
        "",
        "Built by: python scripts/build_wordnet.py  (offline; never nltk.download)",
        "The database files are copied byte for byte. Dropped because NLTK never",
        "reads them: sents.vrb, sentidx.vrb, frames.vrb, cntlist, bin/, pixmaps/, wnres/.",
        "Zip: entries sorted, timestamps fixed at 1980-01-01 00:00:00, mode 0644,",
        f"ZIP_DEFLATED level {COMPRESS_LEVEL}.",
        "",
        f"wordnet.zip sha256: {sha256_bytes(zip_bytes)}",
        f"wordnet.zip size:   {len(zip_bytes)} bytes",
        "",
        "Members (uncompressed size, sha256):",
    ]
    lines += [f"  wordnet/{name}\t{len(data)}\t{sha256_bytes(data)}" for name, data in sorted(members.items())]
    lines += [
        "",
        "Rebuild: apt-get install wordnet-base wordnet-sense-index",
        "         python scripts/build_wordnet.py",
        "Verify:  python scripts/build_wordnet.py --check",
        "",
    ]
    return "\n".join(lines)


def collect_members(
    source: Path, man_page: Path | None, copyright_file: Path
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Read and generate the zip members (name under ``wordnet/`` -> bytes).

    Returns ``(members, provenance)``; ``provenance`` holds the Debian
    package versions and where lexnames and the licence came from.
    """
    check_source(source)
    lexnames, lexnames_origin = load_lexnames(man_page)
    license_text, license_origin = load_license(copyright_file, source)
    versions = debian_versions(DEBIAN_PACKAGES)

    members: dict[str, bytes] = {name: (source / name).read_bytes() for name in DATABASE_FILES}
    if b"WordNet 3.0 Copyright" not in members["data.adj"][:4096]:
        raise BuildError(
            f"{source / 'data.adj'} does not say 'WordNet 3.0 Copyright' in its header; "
            "this builder only packs WordNet 3.0."
        )
    members["lexnames"] = render_lexnames(lexnames)
    members["LICENSE"] = license_text.encode("utf-8")
    members["README"] = render_readme(versions)
    members["citation.bib"] = CITATION_BIB.encode("ascii")
    provenance = {"lexnames": lexnames_origin, "license": license_origin, **versions}
    return members, provenance


def build(source: Path, man_page: Path | None, copyright_file: Path) -> dict[str, bytes]:
    """Return the three output files (name -> bytes), built in memory."""
    members, provenance = collect_members(source, man_page, copyright_file)
    versions = {name: provenance[name] for name in DEBIAN_PACKAGES}
    lexnames_origin = provenance["lexnames"]
    license_origin = provenance["license"]
    license_text = members["LICENSE"].decode("utf-8")

    zip_bytes = build_zip_bytes(members)
    source_txt = render_source_txt(
        versions=versions,
        source=source,
        lexnames_origin=lexnames_origin,
        license_origin=license_origin,
        members=members,
        zip_bytes=zip_bytes,
    )
    return {
        ZIP_NAME: zip_bytes,
        LICENSE_NAME: license_text.encode("utf-8"),
        SOURCE_NAME: source_txt.encode("utf-8"),
    }


def zip_contents(data: bytes) -> dict[str, bytes]:
    """Uncompressed members of a zip given as bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def check(outputs: dict[str, bytes], output_dir: Path) -> list[str]:
    """Compare freshly built outputs with those on disk; return the problems."""
    problems = []
    for name, data in outputs.items():
        path = output_dir / name
        if not path.is_file():
            problems.append(f"{path} is missing")
            continue
        on_disk = path.read_bytes()
        if on_disk == data:
            continue
        if name == ZIP_NAME and zip_contents(on_disk) == zip_contents(data):
            problems.append(
                f"{path}: same contents but different compressed bytes (a different zlib?); rebuild to refresh"
            )
        else:
            problems.append(f"{path} is out of date")
    return problems


def write_outputs(outputs: dict[str, bytes], output_dir: Path) -> None:
    """Write each output atomically (temp file + rename)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        target = output_dir / name
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.chmod(0o644)  # NLTK refuses group/world-writable data files
        tmp.replace(target)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.build_wordnet",
        description="Build spindetect's bundled WordNet 3.0 zip for NLTK from the "
        "Debian packages wordnet-base and wordnet-sense-index (offline).",
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help=f"directory with the WordNet 3.0 database files (default {DEFAULT_SOURCE})",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        help="where to write wordnet.zip, WORDNET_LICENSE.txt and WORDNET_SOURCE.txt "
        f"(default {DEFAULT_OUTPUT_DIR.relative_to(REPO_ROOT)})",
    )
    parser.add_argument(
        "--lexnames-man",
        default=str(DEFAULT_LEXNAMES_MAN),
        help="lexnames(5WN) man page to parse; '' to use the built-in table",
    )
    parser.add_argument(
        "--copyright",
        type=Path,
        default=DEFAULT_COPYRIGHT,
        help=f"Debian copyright file holding the licence (default {DEFAULT_COPYRIGHT})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the files in --output-dir differ from a fresh build",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    man_page = Path(args.lexnames_man) if args.lexnames_man else None
    try:
        outputs = build(args.source, man_page, args.copyright)
    except BuildError as exc:
        print(f"build_wordnet: error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        problems = check(outputs, args.output_dir)
        for problem in problems:
            print(f"build_wordnet: {problem}", file=sys.stderr)
        if problems:
            print(
                "build_wordnet: run `python -m devtools.build_wordnet` to rebuild",
                file=sys.stderr,
            )
            return 1
        print(f"build_wordnet: {args.output_dir} is up to date")
        return 0
    write_outputs(outputs, args.output_dir)
    zip_bytes = outputs[ZIP_NAME]
    print(
        f"wrote {args.output_dir / ZIP_NAME}: {len(zip_bytes):,} bytes "
        f"({len(zip_bytes) / 2**20:.1f} MiB), sha256 {sha256_bytes(zip_bytes)}"
    )
    print(f"wrote {args.output_dir / LICENSE_NAME}")
    print(f"wrote {args.output_dir / SOURCE_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
