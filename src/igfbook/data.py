"""Load the book's tables, validated against ``data/datapackage.json`` and typed.

One function per table. Each call validates the table (types, allowed values, keys, citations and
row rules), raises :class:`igfbook.tableschema.DataError` listing every problem with file, row,
column and value, and records the files it read so that the build knows which chapters to
re-execute after an edit.
"""

from __future__ import annotations

import pandas as pd

from igfbook.tableschema import DataError, Package

__all__ = ["DataError", "agents", "package", "table"]


def package() -> Package:
    """The data package of the project (a fresh read of the descriptor)."""
    return Package()


def table(name: str) -> pd.DataFrame:
    """Any table by name, e.g. ``table("agents")``."""
    return Package().table(name)


def agents() -> pd.DataFrame:
    """Every IGF-targeted agent named in the sources, one row each.

    >>> agents().set_index("agent_id").loc["xentuzumab", "agent_class"]
    'IGF ligand-neutralising antibody'
    """
    return table("agents")
