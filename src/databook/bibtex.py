"""A book's BibTeX bibliography, read with pybtex: checks, keys and reader-facing labels.

:func:`check` reports every problem in the file (unparsable entry, unbalanced braces, duplicate
key, missing field, malformed DOI or year) with its line; :func:`keys_in` is the set of keys a
data row may cite; :func:`label` is the short author–year label readers see, with LaTeX escapes
rendered (``Sch{\\"o}ffski`` reads "Schöffski") and truncated author lists shown as "et al.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pybtex.errors
from pybtex.database import BibliographyData, parse_string
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text

KEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")
ENTRY_START = re.compile(r"^[ \t]*@(\w+)\s*\{\s*([^,\s]*)\s*,?", re.MULTILINE)
DOI = re.compile(r"10\.\d{4,9}/\S+")
YEAR = re.compile(r"\d{4}")
REQUIRED = {"article": ("author", "title", "journal", "year")}
NOT_ENTRIES = {"comment", "preamble", "string"}


def remember_plugins() -> None:
    """Make pybtex look each of its plugins up once per process.

    pybtex finds a plugin (a style, a name format, a backend) by scanning the entry points of
    every installed distribution, on every use: hundreds of times when Sphinx renders a book's
    citations, a third of the site build's time. Installed distributions do not change while a
    build runs, so each lookup is remembered; plugins registered at run time are still found
    first, as pybtex itself does."""
    import pybtex.plugin as plugin

    if getattr(plugin.entry_points, "remembered", False):
        return
    lookup = lru_cache(maxsize=None)(plugin.entry_points)
    lookup.remembered = True
    plugin.entry_points = lookup


remember_plugins()


def formatting_input(entry) -> tuple:
    """Everything of a pybtex entry that its formatting can read: key, type, fields and the parts
    of every person's name."""
    return (entry.key, entry.type, tuple((k, str(v)) for k, v in entry.fields.items()),
            tuple((role, tuple((tuple(p.first_names), tuple(p.middle_names), tuple(p.prelast_names),
                                tuple(p.last_names), tuple(p.lineage_names)) for p in persons))
                  for role, persons in entry.persons.items()))


def remember_formatting(kept: Callable[[], "tuple[dict, dict] | None"]) -> None:
    """Make pybtex format an entry once per content, across builds.

    Formatting is most of the time Sphinx spends on citations (about 10 ms an entry with
    sphinxcontrib-bibtex, which formats every cited entry again in every build, however few pages
    changed). ``kept()`` returns ``(before, now)``: what the last build formatted, to reuse, and
    where this build keeps what it formats (so that entries no longer cited are dropped), or None
    to format as pybtex does. An entry is reused only when the style, the label and everything
    :func:`formatting_input` holds are the same."""
    from pybtex.style.formatting import BaseStyle

    original = getattr(BaseStyle.format_entry, "original", BaseStyle.format_entry)

    def format_entry(self, label, entry, bib_data=None):
        stores = kept()
        if stores is None or bib_data is not None:
            return original(self, label, entry, bib_data)
        before, now = stores
        key = (type(self).__module__, type(self).__qualname__, label, formatting_input(entry))
        if key not in now:
            now[key] = before[key] if key in before else original(self, label, entry)
        return now[key]

    format_entry.original = original
    BaseStyle.format_entry = format_entry


class BibError(ValueError):
    """The bibliography cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list["BibProblem"]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class BibProblem:
    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        key = f" entry '{self.key}':" if self.key else ""
        return f"{where}:{key} {self.message}"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check(path: Path, name: str | None = None) -> tuple[BibliographyData | None, list[BibProblem]]:
    """Parse the bibliography and list every problem in it (empty list when it is sound).

    ``name`` is how messages name the file (default: its file name).
    """
    path = Path(path)
    name = name or path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [BibProblem(name, 0, "", "file not found: the book needs its bibliography")]
    db, problems = _checked(raw, name)
    return db, list(problems)


@lru_cache(maxsize=8)
def _checked(raw: bytes, name: str) -> tuple[BibliographyData | None, tuple[BibProblem, ...]]:
    """:func:`check` of a file's bytes, once per content and name in a process (validation and
    the citation checks of the tables both need the parse)."""
    db, problems = _check_bytes(raw, name)
    return db, tuple(problems)


def _check_bytes(raw: bytes, name: str) -> tuple[BibliographyData | None, list[BibProblem]]:
    problems: list[BibProblem] = []
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is formatting, not content
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [BibProblem(name, line, "", f"not UTF-8 (byte {raw[exc.start]:#04x}): save the file as UTF-8")]

    matches = [m for m in ENTRY_START.finditer(text) if m.group(1).lower() not in NOT_ENTRIES]
    starts = [m.start() for m in matches]
    seen: dict[str, int] = {}
    for m, start, end in zip(matches, starts, starts[1:] + [len(text)]):
        key, line = m.group(2), _line_of(text, m.start())
        body = re.sub(r"\\[{}]", "", text[start:end])
        if body.count("{") != body.count("}"):
            problems.append(BibProblem(name, line, key, f"unbalanced braces in this entry ({body.count('{')} '{{' "
                                                        f"vs {body.count('}')} '}}'): the entry cannot be parsed; "
                                                        "close every field's braces"))
        if not KEY.fullmatch(key):
            problems.append(BibProblem(name, line, key, "malformed key: use letters, digits, '_', ':' or '-', "
                                                         "starting with a letter, followed by a comma"))
        elif key in seen:
            problems.append(BibProblem(name, line, key, f"duplicate key (first defined on line {seen[key]}): "
                                                         "rename one entry or merge them"))
        else:
            seen[key] = line
    if problems:
        return None, problems

    pybtex.errors.set_strict_mode(True)
    try:
        db = parse_string(text, "bibtex")
    except PybtexError as exc:
        line = getattr(exc, "lineno", None) or 0
        return None, [BibProblem(name, line, "", f"cannot be parsed: {exc} (check braces and commas)")]

    for key, entry in db.entries.items():
        line = seen.get(key, 0)
        for field in REQUIRED.get(entry.type.lower(), ()):
            if field == "author":
                if not entry.persons.get("author"):
                    problems.append(BibProblem(name, line, key, "has no author"))
            elif not entry.fields.get(field, "").strip():
                problems.append(BibProblem(name, line, key, f"has no {field}"))
        doi = entry.fields.get("doi")
        if doi is not None and not DOI.fullmatch(doi.strip()):
            problems.append(BibProblem(name, line, key, f"malformed DOI '{doi}': a DOI looks like 10.1234/abc"))
        year = entry.fields.get("year")
        if year is not None and not YEAR.fullmatch(year.strip()):
            problems.append(BibProblem(name, line, key, f"malformed year '{year}': use four digits"))
    return db, problems


def load(path: Path) -> BibliographyData:
    """The parsed bibliography (parsed once per file content in a process); raises
    :class:`BibError` listing every problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BibError([BibProblem(path.name, 0, "", "file not found: the book needs its bibliography")]) from None
    db, problems = _checked(data, path.name)
    if problems or db is None:
        raise BibError(list(problems))
    return db


def keys_in(path: Path) -> set[str]:
    """The citation keys of the bibliography at ``path`` (raises :class:`BibError` if unusable)."""
    return set(load(path).entries)


@lru_cache(maxsize=4096)
def plain(latex: str) -> str:
    """BibTeX field text as readers see it: braces dropped, escapes rendered,
    e.g. ``plain('Sch{\\\\"o}ffski') == "Schöffski"``."""
    if "{" not in latex and "\\" not in latex:
        return latex
    return Text.from_latex(latex).render_as("text")


def entry_content(path: Path, key: str) -> dict:
    """The fields and people of one entry, as plain data (raises ``KeyError`` if absent)."""
    entry = load(path).entries[key]
    return {"type": entry.type, "fields": dict(sorted(entry.fields.items())),
            "persons": {role: [str(p) for p in people] for role, people in sorted(entry.persons.items())}}


def surnames(key: str, db: BibliographyData) -> tuple[list[str], bool]:
    """(the entry's author surnames as readers see them, whether the list is truncated by 'others')."""
    people = db.entries[key].persons.get("author", [])
    names = [plain(" ".join(p.last_names)) for p in people]
    truncated = "others" in names
    return [n for n in names if n != "others"], truncated


def label(key: str, db: BibliographyData) -> str:
    """Short author–year label, e.g. "Simpson et al. 2017", "Maki 2010", "Haluska et al. 2007"
    (an author list cut short by ``and others`` reads "et al.")."""
    names, truncated = surnames(key, db)
    if not names:
        who = "Anon."
    elif len(names) == 1 and not truncated:
        who = names[0]
    elif len(names) == 2 and not truncated:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {db.entries[key].fields.get('year', 'n.d.')}"


def title(key: str, db: BibliographyData) -> str:
    """The entry's title as readers see it (escapes rendered, protective braces dropped)."""
    return plain(db.entries[key].fields.get("title", ""))
