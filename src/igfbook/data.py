"""Load the book's tables, validated against ``data/datapackage.json`` and typed.

One function per table. Each call validates the table (types, allowed values, keys, citations and
row rules), raises :class:`igfbook.tableschema.DataError` listing every problem with file, row,
column and value, and records the files it read so that the build knows which chapters to
re-execute after an edit.
"""

from __future__ import annotations

import pandas as pd

from igfbook.tableschema import DataError, Package

__all__ = ["DataError", "agents", "arms", "biomarkers", "combinations", "conflicts", "crosstalk", "interactions",
           "package", "signalling", "sources", "studies", "table"]


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


def interactions() -> pd.DataFrame:
    """Ligand–receptor interactions: who binds whom, how strongly, with what effect."""
    return table("interactions")


def signalling() -> pd.DataFrame:
    """Edges of the signalling network downstream of IGF-1R."""
    return table("signalling")


def studies() -> pd.DataFrame:
    """Every clinical study the sources describe (reported, stopped, ongoing or planned)."""
    return table("studies")


def arms() -> pd.DataFrame:
    """Results per study arm and per reporting article (``use`` marks the version the book reports)."""
    return table("arms")


def biomarkers() -> pd.DataFrame:
    """Candidate biomarkers of response or resistance."""
    return table("biomarkers")


def combinations() -> pd.DataFrame:
    """Combination rationales and studies, by partner class and level of evidence."""
    return table("combinations")


def crosstalk() -> pd.DataFrame:
    """Crosstalk edges between IGF-1R and other receptors and pathways."""
    return table("crosstalk")


def conflicts() -> pd.DataFrame:
    """Disagreements between or inside the sources, with the book's resolution."""
    return table("conflicts")


def sources() -> pd.DataFrame:
    """The four source articles: role, printed dates, funding and ties."""
    return table("sources")
