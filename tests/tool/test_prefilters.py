"""The validator's fast paths agree with the exact rules they stand for.

``may_hold_control`` is a prefilter over a file's bytes: it may say "maybe" wrongly, never "no"
wrongly. ``starts_like_formula`` checks a whole column at once and must agree, cell for cell, with
the FORMULA pattern it stands for."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from databook.tableschema import CONTROL, FORMULA, may_hold_control, starts_like_formula

PIECES = st.sampled_from(["", "x", "Z", "a b", "-", "+", "=", "@", "(", "[", "`", "{", "-x", "+(", "-1", "\"",
                          ",", "\n", "\r\n", "\r", "\t", "\x00", "\x07", "\x1f", "\x7f", "é", "É", "🙂", " ", "\u00a0"])
CELL = st.lists(PIECES, max_size=4).map("".join) | st.text(max_size=3)
TABLE = st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=5)


def written(rows: list[list[str]], terminator: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=terminator).writerows([["a", "b"], *rows])
    return out.getvalue().encode("utf-8")


@settings(max_examples=400, deadline=None)
@given(TABLE, st.sampled_from(["\n", "\r\n"]))
def test_a_file_with_a_control_character_in_a_cell_is_never_prefiltered_out(rows, terminator):
    if any(CONTROL.search(c) for row in rows for c in row):
        assert may_hold_control(written(rows, terminator))


def test_plain_files_pass_the_control_prefilter():
    assert not may_hold_control(written([["anti-IGF-1R", "-0.5"], ["x\ty", "é 🙂"]], "\n"))
    assert may_hold_control(written([["x", "y"]], "\r\n"))  # CR: the exact per-cell check then finds none


@settings(max_examples=400, deadline=None)
@given(st.lists(CELL, max_size=30))
def test_the_column_formula_check_agrees_with_the_pattern_cell_for_cell(cells):
    found = starts_like_formula(pd.Series(cells, dtype=object)).tolist()
    assert found == [bool(FORMULA.match(c)) for c in cells]


def test_each_kind_of_formula_start_is_seen_and_words_with_hyphens_are_not():
    cells = ["=1+1", "@SUM(A1)", "-x", "+(1)", "-A1", "anti-IGF-1R", "-0.5", "+1", "-", "", "é", "-é"]
    assert starts_like_formula(pd.Series(cells, dtype=object)).tolist() == [True] * 5 + [False] * 7


def test_the_control_rule_lets_tab_and_line_feed_through_and_stops_what_its_message_names():
    # the message names a carriage return and a NUL byte; a tab or a line break inside a quoted
    # cell is what a spreadsheet writes, and is kept as content
    assert CONTROL.search("a\rb") and CONTROL.search("a\x00b") and CONTROL.search("a\x0bb")
    assert not CONTROL.search("a\tb") and not CONTROL.search("line one\nline two")
