"""Tables for readers: schema titles for column names, words for values, stable escaped HTML.

:func:`show` is the one way a chapter puts a table on the page. Column names that are schema
fields become their titles; lists become "a; b"; yes/no values become words; and a column whose
name still looks like a programmer's (``study_id``, ``other_value``) is refused, so no slug or
raw column name reaches a reader.
"""

from __future__ import annotations

import re

import pandas as pd

from databook.display import Table
from databook.display import show as _show
from igfbook import data

STRICT = True
RAW_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def readable(value):
    """One cell as a reader sees it: lists joined with '; ', booleans as yes/no."""
    if isinstance(value, (tuple, list)):
        return "; ".join(map(str, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def for_readers(frame: pd.DataFrame, table: str | None = None) -> pd.DataFrame:
    """``frame`` with schema titles for the columns of ``table`` and readable cells."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == bool or str(out[col].dtype) == "boolean" or out[col].map(
                lambda v: isinstance(v, (tuple, list, bool))).any():
            out[col] = out[col].map(lambda v: readable(v) if v is not pd.NA else "")
    if table is not None:
        package = data.package()
        names = {f["name"] for f in package.fields(table)}
        out = out.rename(columns={c: package.title(table, c) for c in out.columns if c in names})
    raw = [c for c in out.columns if isinstance(c, str) and RAW_NAME.match(c)]
    if raw and STRICT:
        raise ValueError(f"columns {raw} are raw names: give them a schema title or a reader's name")
    return out


def show(frame: pd.DataFrame, name: str, table: str | None = None, precision: int = 1) -> Table:
    """Display ``frame`` for readers (see the module docstring), with a fixed id and escaped cells.

    >>> "&lt;b&gt;" in show(pd.DataFrame({"a": ["<b>"]}), "demo")._repr_html_()
    True
    """
    return _show(for_readers(frame, table), name, precision)
