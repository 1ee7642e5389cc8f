"""Tables that record the columns a chapter reads: exact where the columns are known, every column
the frame holds otherwise (never fewer than were read)."""

from __future__ import annotations

import pandas as pd
import pytest

from databook.tracking import track


@pytest.fixture
def table():
    seen: list[str] = []
    frame = pd.DataFrame({"key": ["a", "b"], "n": [1, 2], "notes": ["x", "y"], "group": ["g", "h"]})
    return track(frame, "data/t.csv", seen.append), seen


def test_selecting_columns_records_exactly_those(table):
    t, seen = table
    t[["key", "n"]].to_numpy()
    assert set(seen) == {"key", "n"}


def test_reshaping_without_values_records_nothing(table):
    t, seen = table
    len(t), list(t.columns), t.copy(), t.head(1), t.shape
    assert seen == []


def test_a_column_by_attribute_or_loc(table):
    t, seen = table
    t.n.sum()
    t.loc[t["key"] == "a", "group"].tolist()
    assert set(seen) == {"n", "key", "group"}


def test_iterating_rows_records_every_column_the_frame_holds(table):
    t, seen = table
    list(t.iterrows())
    assert set(seen) == {"key", "n", "notes", "group"}


def test_a_selection_iterated_or_merged_records_only_its_columns(table):
    t, seen = table
    sub = t[["key", "n"]]
    list(sub.itertuples())
    pd.DataFrame({"key": ["a"]}).merge(sub, on="key")
    sub.apply(lambda r: r["n"], axis=1)
    assert set(seen) == {"key", "n"}


def test_relabelling_records_the_columns_held_before_they_lose_their_names(table):
    t, seen = table
    renamed = t[["key", "notes"]].rename(columns={"notes": "remark"})
    assert set(seen) == {"key", "notes"}          # a read of "remark" later is already covered
    renamed["remark"].tolist()
    assert set(seen) == {"key", "notes"}
    t[["n"]].set_axis(["count"], axis=1)
    assert set(seen) == {"key", "notes", "n"} and "group" not in seen


def test_sorting_and_grouping_record_their_keys(table):
    t, seen = table
    t.sort_values("group")
    t.groupby("key")
    assert set(seen) == {"group", "key"}


def test_each_column_is_recorded_once(table):
    t, seen = table
    t["n"].sum(), t["n"].max(), t.n.min()
    assert seen == ["n"]


def test_assign_with_values_reads_nothing_but_a_function_may_read_anything(table):
    t, seen = table
    added = t.assign(double=t["n"] * 2)                # the caller read n to compute the value
    assert set(seen) == {"n"}
    added["double"].tolist()                           # a new column is not one of the table's
    assert set(seen) == {"n"}
    t[["key", "group"]].assign(upper=lambda f: f["group"].str.upper())
    assert set(seen) == {"n", "key", "group"}          # pandas calls the function out of sight
    t.assign(other=lambda f: f["notes"])
    assert "notes" in seen
