"""The catalogue of bad inputs: every way a hand-edited table or bibliography can break.

``ACCEPTED`` lists what a spreadsheet writes that is formatting, not content (a byte-order mark,
CRLF line endings, another column order): those must validate and change nothing.

Each case says how to break a copy of the data, what the validator must report (file, row,
column, rule) and what a maintainer should do about it. ``tests/book/test_catalogue.py`` runs
every case through the validator that ``make validate`` runs and checks the message; the book's
troubleshooting page (:func:`troubleshooting`) shows each case with the message it really gets.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


# ---- editing copies of the data as a maintainer would


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(path: Path, key: str, column: str, value: str) -> int:
    """Set ``column`` of the row whose first cell is ``key``; returns that row's line number."""
    rows = read_rows(path)
    col = rows[0].index(column)
    for number, row in enumerate(rows[1:], start=2):
        if row[0] == key:
            row[col] = value
            write_rows(path, rows)
            return number
    raise KeyError(key)


def line_of(path: Path, key: str) -> int:
    """Line number (header = 1) of the row whose first cell is ``key``."""
    for number, row in enumerate(read_rows(path)[1:], start=2):
        if row[0] == key:
            return number
    raise KeyError(key)


def data_copy(root: Path, into: Path) -> Path:
    """A project root in ``into`` holding copies of ``root``'s data/ and references.bib only."""
    shutil.copytree(root / "data", into / "data")
    shutil.copy(root / "references.bib", into / "references.bib")
    return into


@dataclass(frozen=True)
class Case:
    id: str
    breaks: str                      # what goes wrong
    apply: Callable[[Path], dict]    # breaks a copy; returns the expected {file, row, column, rule}
    fix: str                         # what a maintainer should do
    hint: str                        # words the message must contain (the actionable part)


def cell(table: str, key: str, column: str, value: str, rule: str,
         reported: str | None = None) -> Callable[[Path], dict]:
    """Set one cell; the problem is expected in that column (or in ``reported``, for row rules that
    name the first column of a sum)."""
    def apply(root: Path) -> dict:
        row = set_cell(root / "data" / f"{table}.csv", key, column, value)
        return {"file": f"data/{table}.csv", "row": row, "column": reported or column, "rule": rule}
    return apply


def text_edit(table: str, edit: Callable[[str], tuple[str, int | None]], rule: str,
              column: str | None = None) -> Callable[[Path], dict]:
    def apply(root: Path) -> dict:
        path = root / "data" / f"{table}.csv"
        new, row = edit(path.read_text(encoding="utf-8"))
        path.write_text(new, encoding="utf-8")
        return {"file": f"data/{table}.csv", "row": row, "column": column, "rule": rule}
    return apply


def bytes_edit(table: str, edit: Callable[[bytes], tuple[bytes, int | None]], rule: str) -> Callable[[Path], dict]:
    def apply(root: Path) -> dict:
        path = root / "data" / f"{table}.csv"
        new, row = edit(path.read_bytes())
        path.write_bytes(new)
        return {"file": f"data/{table}.csv", "row": row, "column": None, "rule": rule}
    return apply


def columns(table: str, edit: Callable[[list[list[str]]], str | None], rule: str) -> Callable[[Path], dict]:
    def apply(root: Path) -> dict:
        path = root / "data" / f"{table}.csv"
        rows = read_rows(path)
        column = edit(rows)
        write_rows(path, rows)
        return {"file": f"data/{table}.csv", "row": 1, "column": column, "rule": rule}
    return apply


def bib_edit(edit: Callable[[str], tuple[str, str]]) -> Callable[[Path], dict]:
    def apply(root: Path) -> dict:
        path = root / "references.bib"
        new, needle = edit(path.read_text(encoding="utf-8"))
        path.write_text(new, encoding="utf-8")
        line = new[: new.index(needle)].count("\n") + 1
        return {"file": "references.bib", "row": line, "column": None, "rule": "bib"}
    return apply


# ---- edits on raw text


def unbalanced_quote(text: str) -> tuple[str, int]:
    lines = text.split("\n")
    lines[3] = lines[3].replace(",", ',"', 1)   # opens a quoted field that never closes
    return "\n".join(lines), 4


def extra_field(text: str) -> tuple[str, int]:
    lines = text.split("\n")
    lines[5] = lines[5] + ",surplus"
    return "\n".join(lines), 6


def drop_column(rows: list[list[str]]) -> str:
    i = rows[0].index("status")
    for r in rows:
        del r[i]
    return "status"


def add_column(rows: list[list[str]]) -> str:
    rows[0].append("comment")
    for r in rows[1:]:
        r.append("")
    return "comment"


def add_bom(data: bytes) -> tuple[bytes, int]:
    return b"\xef\xbb\xbf" + data, 1


def crlf(data: bytes) -> tuple[bytes, int]:
    return data.replace(b"\n", b"\r\n"), 1


def excel_utf8(data: bytes) -> tuple[bytes, int]:
    return add_bom(crlf(data)[0])


def reorder_columns(rows: list[list[str]]) -> None:
    order = list(reversed(range(len(rows[0]))))
    rows[:] = [[r[i] for i in order] for r in rows]


def latin1(data: bytes) -> tuple[bytes, int]:
    lines = data.split(b"\n")
    lines[7] = lines[7].replace(b"e", b"\xe9", 1)   # a Latin-1 e-acute: not UTF-8
    return b"\n".join(lines), 8


def empty(data: bytes) -> tuple[bytes, None]:
    return b"", None


def header_only(text: str) -> tuple[str, None]:
    return text.split("\n", 1)[0] + "\n", None


def duplicate_bib_key(text: str) -> tuple[str, str]:
    dup = "\n@article{tap2012ganitumab,\n  author = {Tap, W. D.},\n  title = {Copy},\n  journal = {J},\n  year = {2012}\n}\n"
    return text + dup, "@article{tap2012ganitumab,\n  author = {Tap, W. D.}"


def unparsable_bib(text: str) -> tuple[str, str]:
    bad = "\n@article{broken2020entry,\n  author = {Doe, J.},\n  title = {Unclosed\n"
    return text + bad, "@article{broken2020entry"


def malformed_doi(text: str) -> tuple[str, str]:
    needle = "doi          = {10.1200/JCO.2011.37.2359}"
    return text.replace(needle, "doi          = {doi.org/JCO.2011.37.2359}"), "@article{tap2012ganitumab"


# ---- the catalogue

CASES = [
    Case("unbalanced-quote", "a double quote opens a value that is never closed",
         text_edit("agents", unbalanced_quote, "malformed-csv"),
         "Close the quote, or double a quote that is part of the value (\"\").", "unbalanced"),
    Case("wrong-field-count", "a row has more fields than the header",
         text_edit("agents", extra_field, "field-count"),
         "Remove the extra comma, or quote the value that contains it.", "fields where the header has"),
    Case("missing-column", "a required column was deleted",
         columns("agents", drop_column, "missing-column"),
         "Restore the column (the schema lists every column a table needs).", "schema requires this column"),
    Case("extra-column", "a column that the schema does not know",
         columns("agents", add_column, "extra-column"),
         "Describe the column in data/datapackage.json, or delete it.", "not in the schema"),
    Case("wrong-type", "text in a whole-number column",
         cell("arms", "sarc-r1507-sarcoma-chmielowski", "patients", "163 patients", "type"),
         "Type the number alone; units belong in the column name.", "whole number"),
    Case("percentage-over-100", "a percentage above 100",
         cell("arms", "sarc-r1507-sarcoma-chmielowski", "orr_pct", "250", "maximum"),
         "Check the value against the source.", "at most 100"),
    Case("negative-count", "a negative count",
         cell("arms", "sarc-r1507-sarcoma-chmielowski", "responders", "-4", "minimum"),
         "Counts cannot be negative: check the source.", "at least 0"),
    Case("counts-exceed-patients", "responders plus stable disease exceed the patients",
         cell("arms", "sarc-r1507-sarcoma-chmielowski", "sd", "160", "sum_at_most", reported="responders"),
         "Check each count against the source; if the source itself is inconsistent, record a conflict.",
         "exceeds patients"),
    Case("rate-inconsistent", "a stated rate that the counts do not give",
         cell("arms", "xentuzumab-ph1-asia-simpson", "orr_pct", "9.0", "rate_matches_counts"),
         "Fix the count or the rate; if the source is inconsistent, add a conflict row and name it in "
         "conflict_ids.", "data/conflicts.csv"),
    Case("duplicate-primary-key", "two rows with the same key",
         cell("agents", "istiratumab", "agent_id", "ganitumab", "primary-key"),
         "Give each row its own key.", "already on row"),
    Case("dangling-foreign-key", "a study names an agent that is not in the agents table",
         cell("studies", "sarc-r1507-sarcoma", "agent_ids", "r1507; r1508", "foreign-key"),
         "Add the agent to data/agents.csv first, or fix the key.", "add that row first"),
    Case("unknown-citation", "a row cites a key that is not in references.bib",
         cell("agents", "linsitinib", "source", "fassnacht2015", "citation"),
         "Add the verified reference to references.bib first, or fix the key.", "not a key of references.bib"),
    Case("malformed-nct", "a ClinicalTrials.gov identifier with too few digits",
         cell("studies", "bms754807-cp-ph1-2", "nct", "NCT0079389", "pattern"),
         "Copy the identifier again: NCT and eight digits.", "NCT followed by eight digits"),
    Case("unknown-value", "a value outside the allowed list",
         cell("agents", "cixutumumab", "agent_class", "anti-IGF1R antibody", "enum"),
         "Use one of the allowed values the message lists, or extend the list in the schema.", "allowed:"),
    Case("nonexistent-date", "a date that does not exist",
         cell("sources", "chmielowski2014editorial", "accepted", "2014-02-30", "type"),
         "Check the date in the article; write it YYYY-MM-DD.", "real date"),
    Case("trailing-whitespace-key", "a key with a trailing space",
         cell("agents", "kw-2450", "agent_id", "kw-2450 ", "whitespace"),
         "Delete the space (spreadsheets often add one).", "delete the spaces"),
    Case("spreadsheet-formula", "a cell holding a spreadsheet formula",
         cell("agents", "kw-2450", "notes", '=HYPERLINK("http://example.org")', "formula"),
         "Type the value itself, not a formula.", "spreadsheet formula"),
    Case("not-utf8", "a character saved in another encoding",
         bytes_edit("agents", latin1, "encoding"),
         "Re-save the file as UTF-8.", "UTF-8"),
    Case("empty-file", "the file is empty",
         bytes_edit("agents", empty, "empty-file"),
         "Restore the file from version control; a table needs a header and rows.", "header row"),
    Case("header-only", "the file has a header but no rows",
         text_edit("agents", header_only, "no-rows"),
         "Restore the rows from version control.", "no data rows"),
    Case("required-missing", "a required value is empty",
         cell("studies", "sarc-r1507-sarcoma", "tumour", "", "required"),
         "Fill the value from the source.", "value is required"),
    Case("conditional-required", "a median without its unit",
         cell("arms", "sarc-r1507-ewing-gombos-text", "pfs_unit", "", "required_when"),
         "Say whether the median is in weeks or months.", "required when"),
    Case("duplicate-bib-key", "references.bib defines a key twice",
         bib_edit(duplicate_bib_key),
         "Rename one entry or merge the two.", "duplicate key"),
    Case("unparsable-bib", "references.bib has an entry with unbalanced braces",
         bib_edit(unparsable_bib),
         "Close the braces of the entry.", "cannot be parsed"),
    Case("malformed-doi", "a DOI that is not a DOI",
         bib_edit(malformed_doi),
         "Copy the DOI again: it starts with 10.", "malformed DOI"),
]


#: The tables the cases break (the troubleshooting page's inputs).
_TABLES_BROKEN = ("agents", "arms", "studies", "sources")


@dataclass(frozen=True)
class Accepted:
    id: str
    what: str
    apply: Callable[[Path], None]


def every_table(edit: Callable) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for path in sorted((root / "data").glob("*.csv")):
            if edit in (reorder_columns,):
                rows = read_rows(path)
                edit(rows)
                write_rows(path, rows)
            else:
                path.write_bytes(edit(path.read_bytes())[0])
    return apply


ACCEPTED = [
    Accepted("byte-order-mark", "Excel's 'CSV UTF-8' starts the file with a byte-order mark", every_table(add_bom)),
    Accepted("crlf", "Windows line endings", every_table(crlf)),
    Accepted("excel-csv-utf8", "both, as Excel's 'CSV UTF-8' on Windows writes them", every_table(excel_utf8)),
    Accepted("column-order", "the columns in another order", every_table(reorder_columns)),
]


# ---- the troubleshooting page



def troubleshooting(root: Path | None = None) -> list[dict]:
    """Every case of the catalogue applied to a scratch copy of the book's data, with the problems
    the validator reports for the file it broke: ``{"id", "breaks", "file", "messages", "fix",
    "hint_found"}``.

    Only the broken file is validated (the bibliography with :func:`databook.bibtex.check`, a table
    with :meth:`databook.tableschema.Package.validate`), as ``make validate`` reports it. The
    scratch copies are not inputs of the calling chapter (recording is paused while they are
    validated); the files the cases break, the schema and the bibliography are recorded instead.
    """
    from databook import bibtex, inputs
    from databook.tableschema import Package
    from igfbook import paths

    root = root or paths.root()
    for table in sorted({t for t in _TABLES_BROKEN}):
        inputs.record(inputs.key("table", f"data/{table}.csv"), root=root)
    inputs.record(inputs.key("json", "data/datapackage.json"), root=root)
    inputs.record(inputs.key("bib", "references.bib"), root=root)
    out = []
    with inputs.paused(), tempfile.TemporaryDirectory() as scratch:
        for i, case in enumerate(CASES):
            copy = data_copy(root, Path(scratch) / str(i))
            expect = case.apply(copy)
            if expect["file"] == "references.bib":
                _db, problems = bibtex.check(copy / "references.bib", "references.bib")
                lines = [str(p) for p in problems]
            else:
                name = Path(expect["file"]).stem
                lines = [str(p) for p in Package(copy).validate([name]) if p.file == expect["file"]]
            out.append({"id": case.id, "breaks": case.breaks, "file": expect["file"], "messages": lines,
                        "fix": case.fix, "hint_found": any(case.hint in line for line in lines)})
    return out
