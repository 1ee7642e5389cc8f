"""Edit the book's tables in memory the way a maintainer would, for drift tests of the facts."""

from __future__ import annotations

import pandas as pd

from igfbook import data


def tables(**frames: pd.DataFrame) -> data.Tables:
    """The book's tables, with some replaced (e.g. ``tables(arms=edited_arms)``)."""
    t = data.tables()
    for name, frame in frames.items():
        setattr(t, name, frame)
    return t


def edit(table: str, key: str, **cells) -> data.Tables:
    """The book's tables with row ``key`` of ``table`` given new cell values."""
    t = data.tables()
    frame = t.frame(table).copy()
    mask = frame[t.key_of(table)] == key
    assert mask.sum() == 1, f"no single row {key!r} in {table}"
    for column, value in cells.items():
        if column not in frame:
            raise KeyError(f"table {table} has no column {column!r}")
        frame.loc[mask, column] = value
    setattr(t, table, frame)
    return t


def failed(fact_set) -> set[str]:
    """The ids of the claims that no longer hold."""
    return {c.id for c in fact_set.failed()}
