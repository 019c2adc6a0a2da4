r"""LaTeX source read as the text it typesets, without a TeX installation.

Commands around words leave the words (``\emph{profound learning}`` is the
phrase "profound learning"); sectioning commands make paragraphs; citations,
references, labels and layout commands leave nothing. Math (``$...$``,
``\[...\]``, equation environments) is a region of kind "equation",
verbatim and listings "code", tabular "table", the bibliography
"references", quote environments "quotation"; ````...''`` quotes become
curly quotes. Source that would not compile (unbalanced braces, an
environment never closed, a ``$`` never closed) is read as far as it goes,
with a note: never an exception, never a hang (one pass over the source).
"""

from __future__ import annotations

import re

from .model import Extraction, TextBuilder

__all__ = ["read_latex"]

_MATH_ENVS = frozenset(
    "equation equation* align align* gather gather* multline multline* eqnarray eqnarray* displaymath math "
    "flalign flalign* alignat alignat*".split()
)
_CODE_ENVS = frozenset("verbatim verbatim* lstlisting minted Verbatim comment".split())
_ENV_KIND = {
    "tabular": "table",
    "tabular*": "table",
    "tabularx": "table",
    "longtable": "table",
    "thebibliography": "references",
    "quote": "quotation",
    "quotation": "quotation",
}
#: commands whose arguments are dropped with them
_DROP = frozenset(
    "cite citep citet citealp citeauthor citeyear ref eqref autoref cref Cref pageref label includegraphics "
    "bibliographystyle usepackage documentclass vspace hspace newcommand renewcommand providecommand "
    "setlength addtolength setcounter input include url href thanks affil affiliation email keywords "
    "pagestyle thispagestyle bibliography addbibresource maketitle tableofcontents newpage clearpage "
    "centering noindent small footnotesize large Large LARGE huge normalsize today hline cline toprule "
    "midrule bottomrule vfill hfill linewidth textwidth DeclareMathOperator newtheorem author date".split()
)
_SECTION = frozenset("part chapter section subsection subsubsection paragraph subparagraph title caption".split())
_ESCAPED = {"%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", ",": " ", "\\": "\n"}
#: Longest command argument, inline formula and environment looked for, in
#: characters: a brace, "$" or "\\begin" never closed is read as text after
#: this many, so broken source costs one pass, not one pass per command.
MAX_ARG_CHARS = 5_000
MAX_MATH_CHARS = 20_000
MAX_ENV_CHARS = 200_000
_TOKEN = re.compile(r"\\([a-zA-Z@]+\*?)|\\(.)|(\$\$?)|([{}])|(~)|(``|'')|(---?)|(&)|(\n[ \t]*\n)|(%)", re.S)


class _Source(str):
    """LaTeX source that knows where each "{" closes (found in one pass,
    so a source full of unclosed braces costs no more than a clean one)."""

    closes: dict[int, int]

    def __new__(cls, text: str) -> _Source:
        self = super().__new__(cls, text)
        closes: dict[int, int] = {}
        stack: list[int] = []
        for m in _BRACE.finditer(text):
            if m.group() == "{":
                stack.append(m.start())
            elif m.group() == "}" and stack:
                closes[stack.pop()] = m.start()
        self.closes = closes
        return self


_BRACE = re.compile(r"\\.|[{}]", re.S)


def _group_end(src: str, i: int) -> int:
    """The offset after the group opening at ``src[i]`` ("{" or "["), or -1."""
    if src[i] == "[":
        close = src.find("]", i, i + MAX_ARG_CHARS)
        return -1 if close < 0 else close + 1
    closes = src.closes if isinstance(src, _Source) else _Source(src).closes
    end = closes.get(i, -1)
    return -1 if end < 0 or end - i > MAX_ARG_CHARS else end + 1


def _skip_args(src: str, i: int) -> int:
    """Offset after the optional and braced arguments starting at ``i``."""
    while i < len(src):
        j = i
        while j < len(src) and src[j] in " \t":
            j += 1
        if j < len(src) and src[j] in "{[":
            end = _group_end(src, j)
            if end < 0:  # never closed: the brace is read as text
                return i
            i = end
        else:
            return i
    return i


def read_latex(src: str, name: str) -> Extraction:
    """The typeset text of LaTeX source (see the module docstring)."""
    notes: list[str] = []
    src = _Source(src)
    begin = src.find("\\begin{document}")
    end = src.find("\\end{document}")
    if begin >= 0:
        title = re.search(r"\\title\s*(?:\[[^\]]*\])?\s*\{", src[:begin])
        head = ""
        if title:
            close = _group_end(src, title.end() - 1)
            head = src[title.end() : close - 1] + "\n\n" if close > 0 else ""
        src = _Source(head + src[begin + len("\\begin{document}") : end if end > begin else len(src)])
    out = TextBuilder()
    groups: list[str] = []  # what each open "{" was: "section" or ""
    envs: list[str] = []
    pos = 0
    n = len(src)
    while pos < n:
        m = _TOKEN.search(src, pos)
        if m is None:
            out.write(src[pos:])
            break
        out.write(src[pos : m.start()])
        pos = m.end()
        cmd, esc, dollar, brace, tilde, quote, dash, amp, para, comment = m.groups()
        if comment:
            nl = src.find("\n", pos)
            pos = n if nl < 0 else nl + 1
        elif cmd:
            pos = _command(src, cmd, pos, out, groups, envs, notes)
        elif esc:
            out.write(_ESCAPED.get(esc, ""))
            if esc == "[":
                close = src.find("\\]", pos, pos + MAX_MATH_CHARS)
                pos = _math(src, pos, close, out, notes, "\\]")
        elif dollar:
            close = src.find(dollar, pos, pos + (2000 if dollar == "$" else MAX_MATH_CHARS))
            pos = _math(src, pos, close, out, notes, dollar)
        elif brace == "{":
            groups.append("")
        elif brace == "}":
            if not groups:
                notes.append("an unbalanced } in the source: read on")
            elif groups.pop() == "section":
                out.paragraph()
        elif tilde:
            out.write(" ")
        elif quote:
            out.write("\u201c" if quote == "``" else "\u201d")
        elif dash:
            out.write("\u2014" if dash == "---" else "\u2013")
        elif amp:
            out.write("\t")
        elif para:
            out.paragraph()
    if groups:
        notes.append(f"{len(groups)} {{ never closed in the source: read to the end")
    if envs:
        notes.append(f"environment {envs[-1]} never closed: read to the end")
    return out.extraction(notes=list(dict.fromkeys(notes)))


def _math(src: str, pos: int, close: int, out: TextBuilder, notes: list[str], closer: str) -> int:
    if close < 0:
        notes.append(f"a math {closer} never closed: the rest read as text")
        return pos
    out.space() if closer == "$" else out.paragraph()
    out.open("equation")
    out.write(" ".join(src[pos:close].split()) or " ")
    out.close("equation")
    if closer != "$":
        out.paragraph()
    return close + len(closer)


def _command(
    src: str, cmd: str, pos: int, out: TextBuilder, groups: list[str], envs: list[str], notes: list[str]
) -> int:
    name = cmd.rstrip("*")
    if cmd in ("begin", "end"):
        m = re.match(r"\s*\{([^{}]{1,40})\}", src[pos:])
        if not m:
            return pos
        env = m.group(1)
        pos += m.end()
        if cmd == "end":
            if env in envs:
                while envs and envs[-1] != env:
                    envs.pop()
                envs.pop()
            kind = _ENV_KIND.get(env)
            if kind:
                out.close(kind)
            out.paragraph()
            return pos
        if env in _MATH_ENVS or env in _CODE_ENVS:
            close = src.find(f"\\end{{{env}}}", pos, pos + MAX_ENV_CHARS)
            if close < 0:
                notes.append(f"environment {env} never closed: read to the end")
                close = len(src)
            out.paragraph()
            out.open("equation" if env in _MATH_ENVS else "code")
            out.write(src[pos:close].strip("\n") if env in _CODE_ENVS else " ".join(src[pos:close].split()))
            out.close("equation" if env in _MATH_ENVS else "code")
            out.paragraph()
            return min(len(src), close + len(f"\\end{{{env}}}"))
        envs.append(env)
        out.paragraph()
        pos = (
            _skip_args(src, pos)
            if env in ("tabular", "tabular*", "tabularx", "longtable", "thebibliography", "figure", "table")
            else pos
        )
        kind = _ENV_KIND.get(env)
        if kind:
            out.open(kind)
        return pos
    if name in _DROP:
        return _skip_args(src, pos)
    if name == "verb" and pos < len(src):
        close = src.find(src[pos], pos + 1, pos + 1000)
        if close < 0:
            return pos
        out.open("code")
        out.write(src[pos + 1 : close])
        out.close("code")
        return close + 1
    if name in ("item", "bibitem"):
        out.line()
        return _skip_args(src, pos) if name == "bibitem" else pos
    if name == "footnote":
        out.write(" ")
        return pos
    if name in _SECTION:
        out.paragraph()
        while pos < len(src) and src[pos] in " \t*":
            pos += 1
        if pos < len(src) and src[pos] == "[":
            end = _group_end(src, pos)
            pos = end if end > 0 else pos
        if pos < len(src) and src[pos] == "{":
            groups.append("section")
            return pos + 1
        return pos
    if name in ("par", "newline", "linebreak"):
        out.line()
    return pos  # \emph, \textbf, unknown commands: the command goes, its argument stays
