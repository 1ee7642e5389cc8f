"""The book's bibliography, read with pybtex.

``references.bib`` holds only entries whose details were checked against public bibliographic
records. :func:`check` reports every problem in it (unparsable entry, duplicate key, missing field,
malformed DOI or year) with its line; :func:`keys` is the set of keys a data row may cite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, parse_string
from pybtex.exceptions import PybtexError

from igfbook import inputs, paths

KEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")
ENTRY_START = re.compile(r"^[ \t]*@(\w+)\s*\{\s*([^,\s]*)\s*,?", re.MULTILINE)
DOI = re.compile(r"10\.\d{4,9}/\S+")
YEAR = re.compile(r"\d{4}")
REQUIRED = {"article": ("author", "title", "journal", "year")}


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


def _scan(text: str) -> list[tuple[str, str, int]]:
    """(entry type, key, line) for every ``@type{key,`` in the file, comments excluded."""
    found = []
    for m in ENTRY_START.finditer(text):
        kind = m.group(1).lower()
        if kind in {"comment", "preamble", "string"}:
            continue
        found.append((kind, m.group(2), _line_of(text, m.start())))
    return found


def check(path: Path | None = None) -> tuple[BibliographyData | None, list[BibProblem]]:
    """Parse the bibliography and list every problem in it (empty list when it is sound)."""
    path = Path(path) if path else paths.bibfile()
    name = paths.rel(path)
    problems: list[BibProblem] = []
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [BibProblem(name, 0, "", "file not found: the book needs its bibliography")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [BibProblem(name, line, "", f"not UTF-8 (byte {raw[exc.start]:#04x}): save the file as UTF-8")]
    if text.startswith("\ufeff"):
        problems.append(BibProblem(name, 1, "", "starts with a byte-order mark: save as UTF-8 without BOM"))
        text = text[1:]

    seen: dict[str, int] = {}
    entries = _scan(text)
    starts = [m.start() for m in ENTRY_START.finditer(text) if m.group(1).lower() not in {"comment", "preamble", "string"}]
    for (kind, key, line), start, end in zip(entries, starts, starts[1:] + [len(text)]):
        body = re.sub(r"\\[{}]", "", text[start:end])
        if body.count("{") != body.count("}"):
            problems.append(BibProblem(name, line, key, f"unbalanced braces in this entry ({body.count('{')} '{{' "
                                                        f"vs {body.count('}')} '}}'): the entry cannot be parsed; "
                                                        "close every field's braces"))
    for _kind, key, line in entries:
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


def load(path: Path | None = None) -> BibliographyData:
    """The parsed bibliography; raises :class:`BibError` listing every problem."""
    db, problems = check(path)
    if problems or db is None:
        raise BibError(problems)
    return db


def keys_in(path: Path) -> set[str]:
    """The citation keys of the bibliography at ``path`` (raises :class:`BibError` if unusable)."""
    return set(load(path).entries)


def keys() -> set[str]:
    """The citation keys a data row may cite, e.g. ``"simpson2017igf" in keys()``."""
    found = keys_in(paths.bibfile())
    inputs.record(f"{paths.rel(paths.bibfile())}#keys", inputs.sha("\n".join(sorted(found))))
    return found


def label(key: str, db: BibliographyData | None = None) -> str:
    """Short author–year label of an entry, e.g. ``label("simpson2017igf") == "Simpson et al. 2017"``."""
    db = db or load()
    entry = db.entries[key]
    people = entry.persons.get("author", [])
    names = [" ".join(p.last_names) for p in people if " ".join(p.last_names) != "others"]
    clean = [n.replace("{", "").replace("}", "") for n in names]
    if not clean:
        who = "Anon."
    elif len(people) == 1:
        who = clean[0]
    elif len(people) == 2 and len(clean) == 2:
        who = f"{clean[0]} and {clean[1]}"
    else:
        who = f"{clean[0]} et al."
    return f"{who} {entry.fields.get('year', 'n.d.')}"


def labels(keys_: list[str] | tuple[str, ...]) -> str:
    """Labels of several keys joined with '; ', e.g. for a 'source' column shown to readers."""
    db = load()
    return "; ".join(label(k, db) for k in keys_ if k)
