"""Row rules of the validator, on small frames as a spreadsheet gives them (every cell a string)."""

from __future__ import annotations

import pandas as pd

from databook.tableschema import RULES


def run(rule: dict, rows: list[dict]) -> list[tuple]:
    frame = pd.DataFrame(rows).fillna("").astype(str)
    return list(RULES[rule["rule"]](frame, {}, rule))


ORDERED = {"rule": "ordered", "fields": ["low", "value", "high"]}


def test_an_estimate_inside_its_interval_passes():
    assert run(ORDERED, [{"low": "0.76", "value": "1.00", "high": "1.33"}]) == []


def test_a_swapped_limit_is_named_with_its_row_and_column():
    [(row, column, value, message)] = run(ORDERED, [{"low": "0.5", "value": "0.9", "high": "1.2"},
                                                    {"low": "1.33", "value": "1.00", "high": "0.76"}])
    assert (row, column, value) == (1, "value", "1.00")
    assert "low = 1.33 is above value = 1.00" in message


def test_missing_values_are_skipped_but_the_given_ones_compared():
    # No estimate printed, only an interval: the interval must still run upward.
    assert run(ORDERED, [{"low": "0.2", "value": "", "high": "0.9"}]) == []
    [(row, column, _, _)] = run(ORDERED, [{"low": "0.9", "value": "", "high": "0.2"}])
    assert (row, column) == (0, "high")


def test_a_row_out_of_order_twice_is_reported_once_at_its_first_wrong_pair():
    rule = {"rule": "ordered", "fields": ["a", "b", "c", "d"]}
    rows = [{"a": "3", "b": "2", "c": "1", "d": "0"},   # wrong at b (and after): reported at b
            {"a": "1", "b": "", "c": "", "d": "0"},     # compared across the gaps: wrong at d
            {"a": "1", "b": "x", "c": "2", "d": "2"}]   # unreadable b skipped; ties are in order
    found = run(rule, rows)
    assert [(r, c) for r, c, _, _ in found] == [(0, "b"), (1, "d")]
    assert "a = 1 is above d = 0" in found[1][3]


EXACTLY_ONE = {"rule": "exactly_one", "fields": ["study_id", "later_id"]}


def test_exactly_one_of_two_columns_is_filled():
    rows = [{"study_id": "a", "later_id": ""}, {"study_id": "", "later_id": "b"},
            {"study_id": "", "later_id": ""}, {"study_id": "a", "later_id": "b"}]
    found = run(EXACTLY_ONE, rows)
    assert [(r, c) for r, c, _, _ in found] == [(2, "study_id"), (3, "study_id")]
    assert "none of study_id, later_id" in found[0][3]
    assert "more than one" in found[1][3]


def test_a_cell_of_spaces_is_empty():
    assert run(EXACTLY_ONE, [{"study_id": "  ", "later_id": "b"}]) == []
