"""Show a table in a chapter: stable, escaped HTML.

Pandas stylers get a random id unless given one, which would change every snapshot on every run,
and they do not escape HTML by default, which would let a data cell inject markup. :func:`show`
fixes both.
"""

from __future__ import annotations

import re

import pandas as pd
from pandas.io.formats.style import Styler


def show(frame: pd.DataFrame, name: str, precision: int = 1) -> Styler:
    """A styler for ``frame`` with a fixed id, no index column and every cell escaped.

    >>> show(pd.DataFrame({"a": ["<b>"]}), "demo").to_html().count("&lt;b&gt;")
    1
    """
    uuid = re.sub(r"[^A-Za-z0-9_]", "_", name)
    styler = Styler(frame, uuid=uuid, cell_ids=False, precision=precision)
    return styler.hide(axis="index").format(escape="html", na_rep="", precision=precision)
