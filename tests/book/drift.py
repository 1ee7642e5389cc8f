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


def perturbed(value):
    """A different value of the same kind (the test of column tracking changes unread cells)."""
    import datetime as dt
    import numbers

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return value
    if isinstance(value, bool):
        return not value
    if isinstance(value, numbers.Number):
        return value + 1
    if isinstance(value, tuple):
        return value + ("~",)
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    return f"{value}~"


def unread_columns_do_not_matter(compute, compare=lambda out: out):
    """Run ``compute(tables)``, note which columns it recorded, change every other column of every
    table, run again, and return the two results (as ``compare`` shows them) and what was unread."""
    from databook import inputs

    inputs.forget()
    first = compare(compute(data.tables()))
    read = {k.split(":", 1)[1] for k in inputs.recorded() if k.startswith("column:")}
    inputs.forget()
    t = data.tables()
    unread = {}
    for name in data.TABLES:
        frame = t.package.table(name, track=False)
        path = t.package.rel(t.package.file(name))
        cols = [c for c in frame.columns if f"{path}#{c}" not in read]
        for c in cols:
            frame[c] = frame[c].map(perturbed)
        from databook.tracking import track
        setattr(t, name, track(frame, path, lambda c: None))
        unread[name] = cols
    second = compare(compute(t))
    return first, second, unread
