"""Generated bad input: every table of the book, mutated thousands of ways by Hypothesis.

Whatever a spreadsheet, an editor or a bad day does to a file — cells, quoting, encodings, row
lengths, types, keys — the validator must never raise, and every refusal must say where (file,
and the row, column and value it can name) and which rule. Formatting that is not content (a
byte-order mark, CRLF line endings) must never be refused.
"""

from __future__ import annotations

import csv
import io

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from databook.tableschema import Package, Problem, read_csv_bytes

from tests.helpers import ROOT

PACKAGE = Package(ROOT)
TABLES = list(PACKAGE.resources)
ORIGINAL = {name: PACKAGE.file(name).read_bytes() for name in TABLES}
#: Rules about one cell: they must name row, column and value.
CELL_RULES = {"whitespace", "control-character", "formula", "required", "type", "minimum", "maximum", "unique",
              "list", "enum", "pattern", "minLength", "maxLength", "citation", "row-reference", "foreign-key",
              "primary-key", "required_when", "sum_at_most", "equals_sum", "rate_matches_counts", "one_used",
              "flag_matches_list", "ordered", "exactly_one"}
#: Rules about a whole row or the header: they must name the row.
ROW_RULES = {"field-count", "missing-column", "extra-column", "duplicate-column", "header-whitespace",
             "malformed-csv", "encoding"}
#: Rules about the whole file.
FILE_RULES = {"empty-file", "no-rows", "missing-file"}

TRICKY = st.sampled_from(["", " ", " x", "x ", "\"", "\"\"", ",", "a,b", "\n", "\r\n", "\t", "\x00", "\x07",
                          "=1+1", "@SUM(A1)", "-x", "+x", "\u00a0", "é", "🙂", "NaN", "nan", "None", "null", "TRUE",
                          "false", "1e309", "-1", "0", "3.5", "9" * 40, "x" * 500, "2014-02-30", "2014-13-01",
                          "NCT123", "c-no-such-conflict", "arms:nope", "table:key", "a; b", ";", "; ;"])
CELL = st.one_of(TRICKY, st.text(max_size=30))


def rows_of(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def to_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def mutated(draw):
    """A table name and a mutated version of its file's bytes."""
    name = draw(st.sampled_from(TABLES))
    rows = rows_of(ORIGINAL[name])
    kind = draw(st.sampled_from(["cells", "cells", "cells", "row-length", "drop-row", "duplicate-row", "header",
                                 "bytes", "truncate", "encoding", "swap-columns"]))
    if kind == "cells":
        for _ in range(draw(st.integers(1, 4))):
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, len(rows[r]) - 1))
            rows[r][c] = draw(CELL)
        raw = to_bytes(rows)
    elif kind == "row-length":
        r = draw(st.integers(1, len(rows) - 1))
        rows[r] = rows[r][: draw(st.integers(0, len(rows[r]) - 1))] if draw(st.booleans()) else rows[r] + [draw(CELL)]
        raw = to_bytes(rows)
    elif kind == "drop-row":
        del rows[draw(st.integers(1, len(rows) - 1))]
        raw = to_bytes(rows)
    elif kind == "duplicate-row":
        r = draw(st.integers(1, len(rows) - 1))
        rows.insert(r, list(rows[r]))
        raw = to_bytes(rows)
    elif kind == "header":
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows[0][c] = draw(st.sampled_from(["", rows[0][c] + " ", rows[0][(c + 1) % len(rows[0])], "unknown"]))
        raw = to_bytes(rows)
    elif kind == "swap-columns":
        i, j = draw(st.integers(0, len(rows[0]) - 1)), draw(st.integers(0, len(rows[0]) - 1))
        for row in rows:
            if len(row) > max(i, j):
                row[i], row[j] = row[j], row[i]
        raw = to_bytes(rows)
    elif kind == "bytes":
        raw = bytearray(ORIGINAL[name])
        at = draw(st.integers(0, len(raw)))
        raw[at:at] = draw(st.binary(min_size=1, max_size=8))
        raw = bytes(raw)
    elif kind == "truncate":
        raw = ORIGINAL[name][: draw(st.integers(0, len(ORIGINAL[name])))]
    else:
        raw = ORIGINAL[name].decode("utf-8").encode(draw(st.sampled_from(["latin-1", "utf-16", "cp1252"])),
                                                   errors="replace")
    if draw(st.booleans()):
        raw = raw.replace(b"\n", b"\r\n")
    if draw(st.booleans()):
        raw = b"\xef\xbb\xbf" + raw
    return name, raw


BASE = Package(ROOT)
BASE.validate()            # reads every table and the bibliography once


def validate(name: str, raw: bytes) -> list[Problem]:
    """The problems of table ``name`` if its file held ``raw`` (the other tables as shipped)."""
    import copy

    package = copy.copy(BASE)
    package._raw = dict(BASE._raw)
    package._raw[name] = read_csv_bytes(raw, name, [f["name"] for f in package.fields(name)], f"data/{name}.csv")
    return package.validate([name])


#: ``make test`` tries 1200 mutations; ``make fuzz`` (HYPOTHESIS_EXAMPLES=20000) many more.
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "1200"))


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 1200, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_the_validator_never_raises_and_every_refusal_says_where_and_why(case):
    name, raw = case
    problems = validate(name, raw)
    for p in problems:
        assert p.file == f"data/{name}.csv" and p.rule and p.message, p
        if p.rule in CELL_RULES:
            assert p.row is not None and p.column is not None and p.value is not None, p
        elif p.rule in ROW_RULES:
            assert p.row is not None, p
        else:
            assert p.rule in FILE_RULES, f"unknown rule {p.rule}: {p}"
        assert str(p).startswith(f"data/{name}.csv")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.sampled_from(TABLES), st.booleans(), st.booleans())
def test_formatting_is_never_refused(name, bom, crlf):
    raw = ORIGINAL[name]
    if crlf:
        raw = raw.replace(b"\n", b"\r\n")
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    assert validate(name, raw) == []


@pytest.mark.parametrize("name", TABLES)
def test_a_changed_cell_is_refused_where_it_is(name):
    # one concrete cell per table: an impossible value in its first constrained column is reported
    # on that row and column (Hypothesis explores the rest)
    rows = rows_of(ORIGINAL[name])
    field = next(f for f in PACKAGE.fields(name) if f.get("constraints", {}).get("required"))
    col = rows[0].index(field["name"])
    rows[2][col] = ""
    [p] = [p for p in validate(name, to_bytes(rows)) if p.column == field["name"]]
    assert (p.row, p.rule) == (3, "required")
