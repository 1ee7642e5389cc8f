"""Show a table in a chapter: stable, escaped HTML for the page, and plain text for the tests.

The text form starts with the line ``table <name>``; the rebuild report and the regression
snapshots compare tables row by row through it.

Pandas stylers get a random id unless given one, which would change every snapshot on every run,
and they do not escape HTML by default, which would let a data cell inject markup. :func:`show`
fixes both, and gives the table a plain-text form as well: the page renders the HTML, while the
regression tests and the rebuild report compare the text, row by row.
"""

from __future__ import annotations

import re

import pandas as pd
from pandas.io.formats.style import Styler


class Table:
    """A table as HTML (for the page) and plain text (for diffs)."""

    def __init__(self, frame: pd.DataFrame, name: str, precision: int = 1):
        self.frame = frame
        self.name = name
        self.precision = precision

    def styler(self) -> Styler:
        uuid = re.sub(r"[^A-Za-z0-9_]", "_", self.name)
        styler = Styler(self.frame, uuid=uuid, cell_ids=False, precision=self.precision)
        return styler.hide(axis="index").format(escape="html", na_rep="", precision=self.precision)

    def _repr_html_(self) -> str:
        return self.styler().to_html()

    def __repr__(self) -> str:
        def cell(v):
            if isinstance(v, (tuple, list)):
                return "; ".join(map(str, v))
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                return ""
            if isinstance(v, float):
                return f"{v:.{self.precision}f}"
            return str(v)

        text = self.frame.map(cell) if len(self.frame) else self.frame
        return f"table {self.name}\n" + text.to_string(index=False)


def show(frame: pd.DataFrame, name: str, precision: int = 1) -> Table:
    """Display ``frame`` with a fixed id, no index column and every cell escaped.

    >>> "&lt;b&gt;" in show(pd.DataFrame({"a": ["<b>"]}), "demo")._repr_html_()
    True
    """
    return Table(frame, name, precision)
