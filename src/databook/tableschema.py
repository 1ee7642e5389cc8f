"""Validate and type the book's CSV tables against ``data/datapackage.json``.

The descriptor is a Frictionless Data Package (Table Schema): field types, ``constraints``
(required, unique, enum, pattern, minimum, maximum, minLength, maxLength), ``primaryKey`` and
``foreignKeys``. This module implements that subset with vectorised pandas operations, and adds
what hand-edited CSV files need and the standard leaves to tools: file-level checks (encoding,
byte-order mark, quoting, field counts, empty files), cell hygiene (stray whitespace, control
characters, spreadsheet formulas), and a few ``databook:`` extensions:

- fields of the standard ``list`` type (``"delimiter": ";"``) may carry
  ``"databook:itemConstraints"`` (``enum``, ``pattern``) that apply to each value, and so do
  citations and references;
- field ``"databook:cite": true`` — every value must be a key of the bibliography;
- field ``"databook:rowRefs": true`` — every value is ``table:key``, the key of a row of another
  table (e.g. ``arms:trial-1-all``);
- field ``"databook:references": {"resource": R, "field": F}`` — every value must appear in
  column ``F`` of table ``R`` (a foreign key that also works for list fields);
- resource ``"databook:rules"`` — row rules across fields (see :data:`RULES`);
- resource ``"databook:provenance": {"cite": C, "locator": L}`` — the columns that say where a
  row comes from (its citation keys and the place in that article), which facts carry along.

A byte-order mark (Excel's "CSV UTF-8") and CRLF line endings are accepted as the same content.

Every problem is reported with file, row (the line of the file, header = 1), column, value, the
rule broken and what is allowed; :func:`validate` reports all of them at once.
"""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from databook import bibtex, inputs   # bibtex here, not where validation needs it: see Package.table

TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
INTEGER = re.compile(r"[+-]?\d+")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEAR = re.compile(r"\d{4}")
#: Control characters a cell may not hold. A tab and a line feed are content a spreadsheet writes
#: into a cell (a pasted tab, a line break inside a quoted cell), so they pass.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
FORMULA = re.compile(r"[=@]|[+-][A-Za-z(]")                      # at the start of a cell
#: Prefilter on a file's bytes (UTF-8: these ASCII bytes never occur inside another character): a
#: cell can hold a control character only if the file does, and deleting them changes its length.
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f])          # what CONTROL matches


def starts_like_formula(cells) -> np.ndarray:
    """Which cells (strings) FORMULA matches at their start, for a whole column at once: numpy
    keeps each cell's first two characters as code points, and the test runs on those arrays."""
    two = np.asarray(np.asarray(cells, dtype=object).astype("U2")).view(np.uint32).reshape(-1, 2)
    first, second = two[:, 0], two[:, 1]
    letter = ((second | 0x20) >= ord("a")) & ((second | 0x20) <= ord("z"))
    return ((first == ord("=")) | (first == ord("@"))
            | (((first == ord("+")) | (first == ord("-"))) & (letter | (second == ord("(")))))


def may_hold_control(data: bytes) -> bool:
    """Whether any cell of a file may hold a control character (deleting them changes its length)."""
    return len(data.translate(None, CONTROL_BYTES)) != len(data)


#: Prefilter on a column: with its cells joined by NUL (which no valid cell holds), a cell starts
#: with whitespace (what ``str.strip`` removes) only where this matches, or at the very start; run
#: on the reversed text it finds cells that end with whitespace. A literal first character keeps
#: the scan fast.
NUL_SPACE = re.compile(r"\x00\s")


def _may_be_padded(cells: list[str]) -> bool:
    joined = "\x00".join(cells)
    return bool(joined[:1].isspace() or joined[-1:].isspace() or NUL_SPACE.search(joined)
                or NUL_SPACE.search(joined[::-1]))
LINE = "__line__"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell, row, column or file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        value = f", value {self.value!r}" if self.value is not None else ""
        return f"{where}{value}: {self.message} [{self.rule}]"


class DataError(ValueError):
    """Raised when tables do not validate; ``problems`` holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__(report(self.problems))


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.row if p.row is not None else -1, p.column or "", p.rule)


def report(problems: list[Problem]) -> str:
    """Problems grouped by file, one line each, with a count per file."""
    if not problems:
        return "all tables valid"
    lines: list[str] = []
    by_file: dict[str, list[Problem]] = {}
    for p in sorted(problems, key=_sort_key):
        by_file.setdefault(p.file, []).append(p)
    for file, group in by_file.items():
        lines.append(f"{file}: {len(group)} problem{'s' if len(group) != 1 else ''}")
        lines.extend(f"  {p}" for p in group)
    return "\n".join(lines)


# --------------------------------------------------------------------------- reading files


@dataclass
class RawTable:
    """A CSV file read as text: one string per cell, plus the file line of each row."""

    name: str
    file: str
    frame: pd.DataFrame | None
    problems: list[Problem]
    data: bytes = b""   # the file's bytes (valid UTF-8, without a byte-order mark), for prefilters


def read_csv_text(path: Path, name: str, fields: list[str], file: str | None = None) -> RawTable:
    """Read ``path`` strictly as UTF-8 CSV; file-level problems are returned, not raised.

    ``file`` is how messages name the file (default: its path relative to the project root).
    """
    file = file or Path(path).name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return RawTable(name, file, None, [Problem(file, None, None, None, "missing-file",
                                                   f"file not found; the data package lists it as table '{name}'")])
    return read_csv_bytes(raw, name, fields, file)


def read_csv_bytes(raw: bytes, name: str, fields: list[str], file: str) -> RawTable:
    """:func:`read_csv_text` for the bytes of a file (``file`` names it in messages)."""
    problems: list[Problem] = []

    def problem(rule: str, message: str, row: int | None = None, column: str | None = None,
                value: str | None = None) -> None:
        problems.append(Problem(file, row, column, value, rule, message))
    if not raw.strip():
        problem("empty-file", "file is empty: it needs a header row naming the columns "
                              f"({', '.join(fields)}) and at least one data row")
        return RawTable(name, file, None, problems)
    if raw.startswith(b"\xef\xbb\xbf"):  # Excel's "CSV UTF-8": a mark, not content
        raw = raw[3:]
    if not raw.strip():
        problem("empty-file", "file is empty: it needs a header row naming the columns "
                              f"({', '.join(fields)}) and at least one data row")
        return RawTable(name, file, None, problems)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problem("encoding", f"not valid UTF-8 (byte {raw[exc.start]:#04x}): re-save the file as UTF-8",
                row=line)
        return RawTable(name, file, None, problems)

    # The file line each record starts on, for messages. When every record took one line (no
    # quoted cell holds a line break), record i starts on line i + 1; otherwise the file is read
    # again, noting where each record starts.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    starts: list[int] = []
    last_line = 0
    try:
        rows = list(reader)
        if reader.line_num == len(rows):
            starts = list(range(1, len(rows) + 1))
    except csv.Error:
        pass
    if len(starts) != len(rows) or not rows:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows, starts = [], []
    try:
        for record in reader:
            starts.append(last_line + 1)
            last_line = reader.line_num
            rows.append(record)
    except csv.Error as exc:
        problem("malformed-csv", f"CSV cannot be parsed from this row on ({exc}): look for an unbalanced "
                                 "double quote in this row; a value containing a quote must be quoted and "
                                 "its quotes doubled (\"\")", row=last_line + 1)
        return RawTable(name, file, None, problems)

    # Blank lines at the end of a file are harmless; elsewhere they are a row with no fields.
    while rows and rows[-1] == []:
        rows.pop()
        starts.pop()
    if not rows:
        problem("empty-file", "file holds only blank lines: it needs a header row naming the columns "
                              f"({', '.join(fields)}) and at least one data row")
        return RawTable(name, file, None, problems)
    header, body, lines = rows[0], rows[1:], starts[1:]

    seen: set[str] = set()
    for col in header:
        if col != col.strip():
            problem("header-whitespace", "column name has leading or trailing spaces", row=1,
                    column=col.strip(), value=col)
        if col in seen:
            problem("duplicate-column", "column appears twice in the header", row=1, column=col)
        seen.add(col)
    for col in fields:
        if col not in seen:
            problem("missing-column", f"the schema requires this column; header has: {', '.join(header)}",
                    row=1, column=col)
    for col in header:
        if col.strip() not in fields:
            problem("extra-column", f"column not in the schema of table '{name}' "
                                    f"(allowed: {', '.join(fields)}); add it to data/datapackage.json "
                                    "or remove it", row=1, column=col)
    if not body:
        problem("no-rows", "the file has a header but no data rows")
    width = len(header)
    good_rows, good_lines = [], []
    for record, line in zip(body, lines):
        if len(record) != width:
            what = "blank line" if not record else f"{len(record)} fields"
            problem("field-count", f"{what} where the header has {width}: check for a missing or "
                                   "extra comma, or an unquoted comma inside a value", row=line)
            continue
        good_rows.append(record)
        good_lines.append(line)
    if any(p.rule in {"duplicate-column", "missing-column", "header-whitespace"} for p in problems):
        return RawTable(name, file, None, problems)
    frame = pd.DataFrame(good_rows, columns=header, dtype=object)
    frame[LINE] = np.array(good_lines, dtype="int64")
    return RawTable(name, file, frame, problems, raw)


# --------------------------------------------------------------------------- the descriptor

KNOWN_TYPES = {"string", "integer", "number", "boolean", "date", "year", "list"}


def check_descriptor(root: Path, data: str = "data") -> list[Problem]:
    """Problems with ``<data>/datapackage.json`` itself, and CSV files it does not describe."""
    folder = Path(root) / data
    path = folder / "datapackage.json"
    name = f"{data}/datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return [Problem(name, None, None, None, "missing-file", "the data package descriptor is missing")]
    except (UnicodeDecodeError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        return [Problem(name, line, None, None, "json", f"not valid JSON ({exc}): fix the syntax (a missing "
                                                        "comma or quote is the usual cause)")]
    problems = []
    described = set()
    for res in descriptor.get("resources", []):
        rname = res.get("name", "?")
        described.add(res.get("path"))
        fields = res.get("schema", {}).get("fields", [])
        names = [f.get("name") for f in fields]
        for f in fields:
            if f.get("type", "string") not in KNOWN_TYPES:
                problems.append(Problem(name, None, f.get("name"), f.get("type"), "schema",
                                        f"table '{rname}': unknown field type; use one of {', '.join(sorted(KNOWN_TYPES))}"))
        for rule in res.get("databook:rules", []):
            if rule.get("rule") not in RULES:
                problems.append(Problem(name, None, None, rule.get("rule"), "schema",
                                        f"table '{rname}': unknown row rule; known rules: {', '.join(sorted(RULES))}"))
        pk = res.get("schema", {}).get("primaryKey", [])
        for col in [pk] if isinstance(pk, str) else pk:
            if col not in names:
                problems.append(Problem(name, None, col, None, "schema", f"table '{rname}': primary key is not a field"))
        for role, cols in (res.get("databook:provenance") or {}).items():
            for col in [cols] if isinstance(cols, str) else cols:
                if col not in names:
                    problems.append(Problem(name, None, col, None, "schema",
                                            f"table '{rname}': provenance '{role}' names a column that is not a field"))
    for csv_path in sorted(folder.glob("*.csv")):
        if csv_path.name not in described:
            problems.append(Problem(f"{data}/{csv_path.name}", None, None, None, "undescribed-file",
                                    f"this CSV file is not described in {data}/datapackage.json: add a resource for "
                                    f"it (name, path and schema) or move it out of {data}/"))
    return problems


# --------------------------------------------------------------------------- the package


class Package:
    """The data package at ``root/<data>/datapackage.json``, whose citation fields are checked
    against the BibTeX file ``root/<bibliography>``."""

    def __init__(self, root: Path, data: str = "data", bibliography: str = "references.bib"):
        self.root = Path(root).resolve()
        self.data_dir = self.root / data
        self.bibliography = self.root / bibliography
        self.path = self.data_dir / "datapackage.json"
        self.descriptor = json.loads(self.path.read_text(encoding="utf-8-sig"))
        self.resources = {r["name"]: r for r in self.descriptor["resources"]}
        self._raw: dict[str, RawTable] = {}
        self._values: dict[tuple[str, str], set[str]] = {}  # key columns, as foreign keys read them
        self._bib_keys: set[str] | None = None
        self._capture: list[tuple] | None = None

    # -- descriptor helpers
    def fields(self, name: str) -> list[dict]:
        return self.resources[name]["schema"]["fields"]

    def field(self, name: str, column: str) -> dict:
        for f in self.fields(name):
            if f["name"] == column:
                return f
        raise KeyError(f"table '{name}' has no column '{column}'")

    def enum(self, name: str, column: str) -> list[str]:
        """The allowed values of a column, in the descriptor's order (which is the display order)."""
        f = self.field(name, column)
        cons = f.get("databook:itemConstraints", {}) if f.get("type") == "list" else f.get("constraints", {})
        if "enum" not in cons:
            raise KeyError(f"column '{column}' of table '{name}' has no list of allowed values")
        return list(cons["enum"])

    def title(self, name: str, column: str) -> str:
        """What readers call a column: its ``title``, else its name with spaces for underscores."""
        f = self.field(name, column)
        return f.get("title") or column.replace("_", " ")

    def provenance(self, name: str) -> dict:
        """``{"cite": column or [columns], "locator": column}`` for rows of table ``name``
        (empty if undeclared)."""
        return dict(self.resources[name].get("databook:provenance") or {})

    def file(self, name: str) -> Path:
        return self.data_dir / self.resources[name]["path"]

    def rel(self, path: Path) -> str:
        """``path`` relative to this package's project root, for messages and input records."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def _typed_key(self, name: str) -> str:
        parts = [self.path, self.file(name), *([self.bibliography] if self.bibliography else []),
                 *(self.file(d) for d in self.dependencies(name))]
        digest = hashlib.sha256(name.encode())
        for path in parts:
            digest.update(str(path).encode())
            try:
                digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
            except OSError:
                digest.update(b"missing")
        return digest.hexdigest()

    def primary_key(self, name: str) -> list[str]:
        pk = self.resources[name]["schema"].get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    def record(self, kind: str, path: Path, part: str | None = None) -> None:
        """Record an input of the running chapter (see :mod:`databook.inputs`)."""
        if self._capture is not None:
            self._capture.append((kind, path, part))
        inputs.record(inputs.key(kind, self.rel(path), part), root=self.root)

    def _record(self, name: str) -> None:
        """Record the schema of a table and its row keys as inputs of the running chapter (the
        columns it reads record themselves, see :mod:`databook.tracking`)."""
        self.record("schema", self.path, name)
        for key in self.primary_key(name) or [self.fields(name)[0]["name"]]:
            self.record("column", self.file(name), key)

    def raw(self, name: str) -> RawTable:
        """Table ``name`` as text cells (read once per package; recording is left to the caller)."""
        if name not in self._raw:
            if name not in self.resources:
                raise KeyError(f"no table '{name}' in {self.rel(self.path)}; tables: {', '.join(self.resources)}")
            self._raw[name] = read_csv_text(self.file(name), name, [f["name"] for f in self.fields(name)],
                                            self.rel(self.file(name)))
        return self._raw[name]

    def bib_keys(self) -> set[str] | None:
        """Citation keys of the bibliography, or None while it cannot be parsed (citations are then
        not checked: the bibliography's own problems are reported instead of one per citation)."""
        if self._bib_keys is None:
            try:
                self._bib_keys = bibtex.keys_in(self.bibliography)
            except bibtex.BibError:
                return None
        # recorded on every use, not only the first: each table's validation keeps its own list
        # of inputs (replayed when the validated table is reused), and each one read the keys
        self.record("bibkeys", self.bibliography)
        return self._bib_keys

    def dependencies(self, name: str) -> list[str]:
        """Tables whose keys the rows of ``name`` refer to."""
        deps = []
        for fk in self.resources[name]["schema"].get("foreignKeys", []):
            deps.append(fk["reference"]["resource"] or name)
        for f in self.fields(name):
            ref = f.get("databook:references")
            if ref:
                deps.append(ref["resource"])
            if f.get("databook:rowRefs"):
                deps.extend(self.resources)
        return [d for d in dict.fromkeys(deps) if d != name]

    # -- validation
    def validate(self, names: Iterable[str] | None = None) -> list[Problem]:
        """Every problem in the given tables (all tables by default)."""
        names = list(names) if names is not None else list(self.resources)
        problems: list[Problem] = []
        for name in names:
            problems.extend(self._validate_one(name))
        return sorted(set(problems), key=_sort_key)

    def _validate_one(self, name: str) -> list[Problem]:
        self._record(name)
        raw = self.raw(name)
        problems = list(raw.problems)
        if raw.frame is None:
            return problems
        frame, lines = raw.frame, raw.frame[LINE]
        # A whole-file prefilter: a cell can only hold a control character if the file's bytes do
        # somewhere, and a scan of the bytes costs far less than a check of every cell. A hit only
        # means the exact per-cell check runs.
        checks = {"control": may_hold_control(raw.data)}
        for field in self.fields(name):
            if field["name"] in frame:  # cells are Python strings (object dtype): the fast path
                self._check_field(field, frame[field["name"]], lines, raw.file, problems, checks)
        problems.extend(self._check_keys(name, frame, lines))
        problems.extend(self._check_rules(name, frame, lines))
        return problems

    def _check_field(self, field: dict, cells: pd.Series, lines: pd.Series, file: str,
                     sink: list[Problem], checks: dict | None = None) -> None:
        """Append to ``sink`` every problem of one column (``cells`` are the raw strings).

        The cells are checked as a Python list: a table has tens to thousands of rows, where one
        pass over a list costs less than the fixed cost of the dozen pandas operations it replaces.
        Numbers are still parsed by pandas, so that what counts as a number does not change."""
        col, kind = field["name"], field.get("type", "string")
        cons = field.get("constraints", {})
        sep = field.get("delimiter", ",") if kind == "list" else None
        item_cons = field.get("databook:itemConstraints", {}) if kind == "list" else cons
        raw = cells.tolist()
        line_of = lines.tolist()
        n = len(raw)

        def add(flags, rule: str, message: str) -> None:
            for i in np.flatnonzero(np.asarray(flags, dtype=bool)):
                sink.append(Problem(file, int(line_of[i]), col, raw[i], rule, message))

        checks = checks or {"control": True}
        present = [v != "" for v in raw]
        # one regex over the joined column is far cheaper than stripping every cell; only a hit
        # means the exact per-cell comparison runs
        padded = [p and v != v.strip() for p, v in zip(present, raw)] if _may_be_padded(raw) else [False] * n
        add(padded, "whitespace", "leading or trailing whitespace: delete the spaces")
        if checks["control"]:
            add([CONTROL.search(v) is not None for v in raw], "control-character",
                "contains a control character (a carriage return, a NUL byte or another invisible code): "
                "retype the value")
        if kind in {"string", "list"}:
            add(starts_like_formula(raw), "formula",
                "looks like a spreadsheet formula; data cells hold plain values: type the value itself")
        if cons.get("required"):
            add([not p for p in present], "required", "a value is required in this column")

        if any(padded):
            ok = [p and not q for p, q in zip(present, padded)]
            values = [v if good else "" for v, good in zip(raw, ok)]
        else:                     # the usual case: an empty cell is already ""
            ok, values = present, raw
        numeric = None
        if kind in {"integer", "year"}:
            pattern = INTEGER if kind == "integer" else YEAR
            bad = [good and pattern.fullmatch(v) is None for v, good in zip(values, ok)]
            add(bad, "type", "must be a whole number (e.g. 12)" if kind == "integer" else
                "must be a four-digit year (e.g. 2013)")
            numeric = _numbers([v if good and not b else None for v, good, b in zip(values, ok, bad)])
        elif kind == "number":
            numeric = _numbers([v if good else None for v, good in zip(values, ok)])
            add(np.asarray(ok, dtype=bool) & np.isnan(numeric), "type",
                "must be a number (e.g. 12 or 4.5), without % or units")
        elif kind == "date":
            add([good and _parse_date(v) is None for v, good in zip(values, ok)], "type",
                "must be a real date written YYYY-MM-DD (e.g. 2014-08-15)")
        elif kind == "boolean":
            allowed_bool = set(TRUE_VALUES + FALSE_VALUES)
            add([good and v not in allowed_bool for v, good in zip(values, ok)], "type", "must be true or false")
        if numeric is not None:
            with np.errstate(invalid="ignore"):
                if "minimum" in cons:
                    add(numeric < cons["minimum"], "minimum", f"must be at least {cons['minimum']}")
                if "maximum" in cons:
                    add(numeric > cons["maximum"], "maximum", f"must be at most {cons['maximum']}")
        if cons.get("unique"):
            first: dict[str, int] = {}
            for v, line in zip(values, line_of):
                first[v] = min(first.get(v, line), line)
            seen: set[str] = set()
            for i, (v, good) in enumerate(zip(values, ok)):
                if good and v in seen:
                    sink.append(Problem(file, int(line_of[i]), col, raw[i], "unique",
                                        f"already used on row {int(first[v])}; "
                                        "values in this column must be unique"))
                seen.add(v)

        if sep:
            items = [[x.strip() for x in v.split(sep)] if v else [] for v in values]
            add([good and "" in xs for xs, good in zip(items, ok)], "list", f"empty item in a '{sep}'-separated list")
        keys = self.bib_keys() if field.get("databook:cite") else None
        ref = field.get("databook:references")
        if not ("enum" in item_cons or "pattern" in item_cons or "minLength" in cons or "maxLength" in cons
                or keys is not None or field.get("databook:rowRefs") or ref):
            return                # no rule about items: a free-text column ends here
        # (row position, item): every non-empty item of a list cell, else every non-empty cell
        if sep:
            flat = [(i, x) for i, xs in enumerate(items) for x in xs if x != ""]
        else:
            flat = [(i, v) for i, v in enumerate(values) if v != ""]

        def add_items(bad: list[tuple[int, str]], rule: str, message: Callable[[str], str]) -> None:
            for i, item in bad:
                sink.append(Problem(file, int(line_of[i]), col, raw[i], rule, message(item)))

        if "enum" in item_cons:
            allowed = item_cons["enum"]
            allowed_set = set(allowed)
            add_items([(i, x) for i, x in flat if x not in allowed_set], "enum",
                      lambda item: f"'{item}' is not an allowed value; allowed: {', '.join(map(str, allowed))}")
        if "pattern" in item_cons:
            hint = field.get("databook:format", f"the pattern {item_cons['pattern']}")
            regex = re.compile(item_cons["pattern"])
            add_items([(i, x) for i, x in flat if regex.fullmatch(x) is None], "pattern",
                      lambda item: f"'{item}' must look like {hint}")
        if "minLength" in cons:
            add_items([(i, x) for i, x in flat if len(x) < cons["minLength"]], "minLength",
                      lambda item: f"must have at least {cons['minLength']} characters")
        if "maxLength" in cons:
            add_items([(i, x) for i, x in flat if len(x) > cons["maxLength"]], "maxLength",
                      lambda item: f"must have at most {cons['maxLength']} characters")
        if keys is not None:
            add_items([(i, x) for i, x in flat if x not in keys], "citation",
                      lambda item: f"'{item}' is not a key of {self.rel(self.bibliography)}: add the verified reference "
                                   "there first, or fix the key")
        if field.get("databook:rowRefs"):
            known = {f"{t}:{k}" for t in self.resources if len(self.primary_key(t)) == 1
                     for k in (self._key_values(t, self.primary_key(t)[0]) or ())}
            example = min(known) if known else "table:key"
            add_items([(i, x) for i, x in flat if x not in known], "row-reference",
                      lambda item: f"'{item}' is not a row of the data: write table:key, e.g. '{example}'")
        if ref:
            target = self._key_values(ref["resource"], ref["field"])
            if target is not None:
                where = self.rel(self.file(ref["resource"]))
                add_items([(i, x) for i, x in flat if x not in target], "foreign-key",
                          lambda item: f"'{item}' is not a {ref['field']} of table '{ref['resource']}' "
                                       f"({where}): add that row first or fix the value")

    def _key_values(self, resource: str, field: str) -> set[str] | None:
        """The values of one column of another table, as a foreign key needs them. Only that
        column is recorded as an input, so editing other columns of the target table does not
        make the referring table's readers stale."""
        raw = self.raw(resource)
        if raw.frame is None or field not in raw.frame:
            return None
        if (resource, field) not in self._values:
            self._values[resource, field] = set(raw.frame[field].astype(str).str.strip())
        self.record("values", self.file(resource), field)
        return self._values[resource, field]

    def _check_keys(self, name: str, frame: pd.DataFrame, lines: pd.Series) -> list[Problem]:
        problems: list[Problem] = []
        file = self.rel(self.file(name))
        pk = [c for c in self.primary_key(name) if c in frame]
        if pk:
            keyed = frame[pk].astype(str)
            dup = keyed.duplicated(keep=False)
            first_line: dict[tuple, int] = {}
            for i in np.flatnonzero(dup.to_numpy()):
                key = tuple(keyed.iloc[i])
                line = int(lines.iloc[i])
                if key not in first_line:
                    first_line[key] = line
                    continue
                shown = ", ".join(f"{c} = '{v}'" for c, v in zip(pk, key))
                problems.append(Problem(file, line, pk[0], key[0] if len(key) == 1 else "|".join(key),
                                        "primary-key", f"duplicate key ({shown}) already on row {first_line[key]}: "
                                                       "each row needs its own key"))
        for fk in self.resources[name]["schema"].get("foreignKeys", []):
            cols = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref = fk["reference"]
            target_name = ref["resource"] or name
            ref_cols = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            target = self.raw(target_name).frame
            if target is None or not all(c in frame for c in cols):
                continue
            for c in ref_cols:
                self._key_values(target_name, c)  # records the referenced column as an input
            mine = frame[cols].astype(str)
            have = pd.MultiIndex.from_frame(target[ref_cols].astype(str).set_axis(cols, axis=1))
            missing = ~pd.MultiIndex.from_frame(mine).isin(have) & (mine != "").any(axis=1).to_numpy()
            for i in np.flatnonzero(missing):
                row = tuple(mine.iloc[i])
                problems.append(Problem(file, int(lines.iloc[i]), cols[0], "|".join(row), "foreign-key",
                                        f"'{'|'.join(row)}' is not a {', '.join(ref_cols)} of table '{target_name}' "
                                        f"({self.rel(self.file(target_name))}): add that row first or fix the value"))
        return problems

    def _check_rules(self, name: str, frame: pd.DataFrame, lines: pd.Series) -> list[Problem]:
        problems: list[Problem] = []
        file = self.rel(self.file(name))
        types = {f["name"]: f.get("type", "string") for f in self.fields(name)}
        for rule in self.resources[name].get("databook:rules", []):
            check = RULES[rule["rule"]]
            for i, column, value, message in check(frame, types, rule):
                problems.append(Problem(file, int(lines.iloc[i]), column, value, rule["rule"], message))
        return problems

    # -- typed tables
    def table(self, name: str, track: bool = True) -> pd.DataFrame:
        """Table ``name`` validated and typed; raises :class:`DataError` listing every problem.

        With ``track`` (the default) the frame records each column the caller reads as an input
        of the running chapter (see :mod:`databook.tracking`).

        A table validated and typed once in a process is kept, by the digest of every byte it
        depends on (its file, the descriptor, the bibliography, the tables its keys point into):
        the same content is not validated twice, and the inputs its validation recorded are
        recorded again. (Validation imports no module of its own that this module has not
        imported already: a chapter's recorded inputs name the project's modules it imported, and
        they must not depend on whether its process validated a table or read it kept.)"""
        key = self._typed_key(name)
        kept = _TYPED.get(key) or _kept_on_disk(key)
        if kept is None:
            self._capture = []
            try:
                problems = self.validate([name])
                for dep in self.dependencies(name):
                    if self.raw(dep).frame is None:  # keys unavailable: say why, rather than skip silently
                        problems.extend(self.raw(dep).problems)
                if problems:
                    raise DataError(problems)
                kept = (typed(self.raw(name).frame, self.fields(name)), self._capture)
            finally:
                self._capture = None
            _keep_on_disk(key, kept)
        else:
            for args in kept[1]:
                self.record(*args)
        _TYPED[key] = kept
        _TYPED.move_to_end(key)
        while len(_TYPED) > 64:
            _TYPED.popitem(last=False)
        frame = kept[0].copy()
        if not track:
            return frame
        from databook.tracking import track as tracked

        path = self.file(name)
        return tracked(frame, self.rel(path), lambda column: self.record("column", path, column))


#: Validated, typed tables of this process, by the digest of what they depend on (see Package.table).
_TYPED: "OrderedDict[str, tuple[pd.DataFrame, list[tuple]]]" = OrderedDict()

# Validated, typed tables are also kept on disk for other processes, in the folder that the
# variable TYPED_DIR_ENV names: the build names one (in its build folder) for its chapters' kernels,
# so that a table is validated once, not once per chapter that loads it. Unset (a reader's
# notebook, a test), each process validates for itself.


@functools.cache
def _code_digest() -> bytes:
    """A kept table is the work of this module on these libraries: a new version of either is a miss."""
    import sys

    return hashlib.sha256(Path(__file__).read_bytes()
                          + f"{pd.__version__} {np.__version__} {sys.version}".encode()).digest()


def _kept_path(key: str) -> Path | None:
    import os

    from databook.project import TYPED_DIR_ENV

    folder = os.environ.get(TYPED_DIR_ENV)
    if not folder:
        return None
    return Path(folder) / f"{hashlib.sha256(key.encode() + _code_digest()).hexdigest()}.pickle"


def _kept_on_disk(key: str):
    """The (typed frame, recorded inputs) another process kept for ``key``, or None."""
    import pickle

    path = _kept_path(key)
    if path is None:
        return None
    try:
        frame, capture = pickle.loads(path.read_bytes())
    except Exception:   # missing, damaged, or from another version
        return None
    return (frame, capture) if isinstance(frame, pd.DataFrame) and isinstance(capture, list) else None


def _keep_on_disk(key: str, kept: tuple) -> None:
    import os
    import pickle

    path = _kept_path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)   # atomic: two chapters keeping the same table leave one whole file
    except OSError:
        pass   # a cache that cannot be written is only slower


def _parse_date(value):
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _numbers(cells: list) -> np.ndarray:
    """The cells as numbers, parsed as pandas parses them (a cell that is None or not a number is NaN)."""
    return pd.to_numeric(pd.Series(cells, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def typed(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    """Convert a validated text frame to pandas types (list fields become tuples of strings)."""
    out = pd.DataFrame(index=range(len(frame)))
    for field in fields:
        col, kind = field["name"], field.get("type", "string")
        cells = frame[col].astype(str).reset_index(drop=True)
        missing = cells == ""
        if kind == "list":
            sep = field.get("delimiter", ",")
            out[col] = [tuple(x.strip() for x in v.split(sep)) if v else () for v in cells]
        elif kind in {"integer", "year"}:
            out[col] = pd.to_numeric(cells.mask(missing)).astype("Int64")
        elif kind == "number":
            out[col] = pd.to_numeric(cells.mask(missing)).astype("Float64")
        elif kind == "boolean":
            out[col] = cells.isin(TRUE_VALUES).astype("boolean").mask(missing)
        elif kind == "date":
            out[col] = [dt.date.fromisoformat(v) if v else None for v in cells]
        else:
            out[col] = cells.mask(missing).astype("string")
    return out


# --------------------------------------------------------------------------- row rules


def _num(frame: pd.DataFrame, col: str) -> pd.Series:
    """A column as numbers (empty or unreadable cells: NaN; a padded cell is refused by its field's
    own check, so it needs no stripping here; "inf" and the like are not numbers of a table)."""
    numbers = pd.to_numeric(frame[col].replace("", np.nan), errors="coerce")
    return numbers.where(np.isfinite(numbers))


def rule_sum_at_most(frame: pd.DataFrame, types: dict, rule: dict):
    """``{"rule": "sum_at_most", "fields": [a, b], "limit": c}``: a + b <= c wherever all are given."""
    parts = [_num(frame, f) for f in rule["fields"]]
    total = sum(p.fillna(0) for p in parts)
    limit = _num(frame, rule["limit"])
    bad = limit.notna() & (total > limit)
    names = " + ".join(rule["fields"])
    for i in np.flatnonzero(bad.to_numpy()):
        yield (i, rule["fields"][0], str(frame[rule["fields"][0]].iloc[i]),
               f"{names} = {int(total.iloc[i])} exceeds {rule['limit']} = {int(limit.iloc[i])}: "
               "counts cannot add up to more than the patients they come from")


def rule_required_when(frame: pd.DataFrame, types: dict, rule: dict):
    """``{"rule": "required_when", "field": a, "column": b, "values": [...]}``: a is required when
    column b holds one of ``values`` (or any value, if ``values`` is omitted)."""
    empty = frame[rule["field"]].astype(str) == ""
    other = frame[rule["column"]].astype(str)
    when = other.isin(rule["values"]) if "values" in rule else other != ""
    shown = f"'{rule['column']}' is " + (" or ".join(f"'{v}'" for v in rule["values"]) if "values" in rule else "given")
    for i in np.flatnonzero((empty & when).to_numpy()):
        yield (i, rule["field"], "", f"required when {shown} (here '{other.iloc[i]}')")


def rule_flag_matches_list(frame: pd.DataFrame, types: dict, rule: dict):
    """``{"rule": "flag_matches_list", "flag": f, "field": l}``: boolean f is true exactly when list l
    is non-empty (e.g. a study is a combination exactly when it names partners)."""
    flag = frame[rule["flag"]].astype(str).str.strip().isin(TRUE_VALUES)
    given = frame[rule["field"]].astype(str).str.strip() != ""
    for i in np.flatnonzero((flag != given).to_numpy()):
        want = "true" if given.iloc[i] else "false"
        yield (i, rule["flag"], str(frame[rule["flag"]].iloc[i]),
               f"must be {want}: '{rule['field']}' is {'filled' if given.iloc[i] else 'empty'}")


def rule_equals_sum(frame: pd.DataFrame, types: dict, rule: dict):
    """``{"rule": "equals_sum", "field": t, "fields": [a, b]}``: t = a + b wherever all are given."""
    parts = [_num(frame, f) for f in rule["fields"]]
    total = _num(frame, rule["field"])
    given = total.notna()
    for p in parts:
        given &= p.notna()
    bad = given & (sum(parts) != total)
    for i in np.flatnonzero(bad.to_numpy()):
        yield (i, rule["field"], str(frame[rule["field"]].iloc[i]),
               f"{rule['field']} must equal {' + '.join(rule['fields'])} = {int(sum(p.iloc[i] for p in parts))}")


def rule_rate_matches_counts(frame: pd.DataFrame, types: dict, rule: dict):
    """``{"rule": "rate_matches_counts", "rate": r, "count": c, "denominators": [e, n],
    "unless": u}``: a stated percentage r must equal 100·c/d to the precision it is stated with,
    where d is the first denominator given. Rows whose column u is filled (a recorded source
    conflict) are exempt: the book keeps the stated value and reports the disagreement."""
    rate = _num(frame, rule["rate"])
    count = _num(frame, rule["count"])
    denom = pd.Series(np.nan, index=frame.index)
    for col in rule["denominators"]:
        denom = denom.fillna(_num(frame, col))
    text = frame[rule["rate"]].astype(str).str.strip()
    exempt = frame[rule["unless"]].astype(str).str.strip() != "" if rule.get("unless") else False
    check = rate.notna() & count.notna() & denom.notna() & (denom > 0) & ~exempt
    for i in np.flatnonzero(check.to_numpy()):
        decimals = len(text.iloc[i].split(".")[1]) if "." in text.iloc[i] else 0
        computed = 100 * count.iloc[i] / denom.iloc[i]
        if abs(computed - rate.iloc[i]) > 0.5 * 10 ** -decimals + 1e-9:
            yield (i, rule["rate"], text.iloc[i],
                   f"stated {text.iloc[i]}% but {int(count.iloc[i])}/{int(denom.iloc[i])} = {computed:.{decimals + 1}f}%: "
                   f"fix the count or the rate, or, if the source itself is inconsistent, record it in "
                   f"data/conflicts.csv and name that conflict in '{rule['unless']}'")


def rule_one_used(frame: pd.DataFrame, types: dict, rule: dict):
    """``{"rule": "one_used", "flag": u, "group": [a, b]}``: exactly one row per group has u true."""
    used = frame[rule["flag"]].astype(str).isin(TRUE_VALUES)
    keys = frame[rule["group"][0]].astype(str)
    for column in rule["group"][1:]:
        keys = keys + "|" + frame[column].astype(str)
    counts = used.groupby(keys).transform("sum")
    first = ~keys.duplicated()
    for i in np.flatnonzero(((counts != 1) & first).to_numpy()):
        yield (i, rule["flag"], str(frame[rule["flag"]].iloc[i]),
               f"{int(counts.iloc[i])} rows of {', '.join(rule['group'])} = '{keys.iloc[i]}' are marked as used; "
               "exactly one must be (the version the book reports)")


def rule_ordered(frame: pd.DataFrame, types: dict, rule: dict):
    """``{"rule": "ordered", "fields": [low, value, high]}``: wherever two of the fields are given,
    each is at most the next one given (an estimate lies inside its interval, a range runs upward).
    A row is reported once, at the first pair out of order."""
    cols = rule["fields"]
    n = len(frame)
    before_value = np.full(n, np.nan)          # the last value given so far in each row
    before_col = np.full(n, -1)                # and its column
    bad_at = np.full(n, -1)                    # the column at which each row first goes wrong
    bad_before = np.full(n, -1)
    for j, col in enumerate(cols):
        value = _num(frame, col).to_numpy(dtype=float)
        given = ~np.isnan(value)
        wrong = given & (bad_at < 0) & (before_col >= 0) & (before_value > value)
        bad_at[wrong], bad_before[wrong] = j, before_col[wrong]
        before_value = np.where(given, value, before_value)
        before_col = np.where(given, j, before_col)
    for i in np.flatnonzero(bad_at >= 0):
        c1, c2 = cols[bad_before[i]], cols[bad_at[i]]
        yield (i, c2, str(frame[c2].iloc[i]),
               f"{c1} = {frame[c1].iloc[i]} is above {c2} = {frame[c2].iloc[i]}: "
               f"{' <= '.join(cols)} must hold (is a limit swapped or mistyped?)")


def rule_exactly_one(frame: pd.DataFrame, types: dict, rule: dict):
    """``{"rule": "exactly_one", "fields": [a, b]}``: exactly one of the fields is filled (a row
    belongs to one of two tables, say)."""
    cols = rule["fields"]
    filled = sum((frame[c].astype(str).str.strip() != "").astype(int) for c in cols)
    for i in np.flatnonzero((filled != 1).to_numpy()):
        n = int(filled.iloc[i])
        yield (i, cols[0], str(frame[cols[0]].iloc[i]),
               f"{'none' if n == 0 else 'more than one'} of {', '.join(cols)} is filled: exactly one must be")


RULES: dict[str, Callable] = {
    "ordered": rule_ordered,
    "exactly_one": rule_exactly_one,
    "flag_matches_list": rule_flag_matches_list,
    "equals_sum": rule_equals_sum,
    "rate_matches_counts": rule_rate_matches_counts,
    "one_used": rule_one_used,
    "sum_at_most": rule_sum_at_most,
    "required_when": rule_required_when,
}
