"""Facts of the appendix *Data changelog* (``book/changelog.md``): the history of the data tables,
read from the project's version history, with tables and rows named as readers see them.

>>> f = facts()
>>> f.value("n_commits") >= 0
True
"""

from __future__ import annotations

import pandas as pd

from databook import history
from databook.facts import FactSet
from igfbook import conflicts, data, paths, text
from igfbook.data import Tables


def load() -> Tables:
    return data.tables()


def raw_log() -> pd.DataFrame:
    """One line per commit and table changed (see :func:`databook.history.data_history`)."""
    return history.data_history(paths.project())


def _rows(t: Tables, table: str, keys: str) -> str:
    """The changed rows of one line, by label where the row still exists (its key otherwise)."""
    more = keys.endswith(" …")
    out = []
    for key in keys.removesuffix(" …").split(", "):
        if not key:
            continue
        try:
            out.append(conflicts.row_label(t, table, key, short=True))
        except (KeyError, AttributeError, ValueError):
            out.append(f"{key} (no longer in the table)")
    return "; ".join(out) + ("; …" if more else "")


def log(t: Tables, raw: pd.DataFrame | None = None) -> pd.DataFrame:
    """The changelog for readers: date, commit, the table by its title, rows added, removed and
    modified, the first rows changed by label, and why (the commit message)."""
    raw = raw_log() if raw is None else raw
    titles = {r["name"]: r["title"] for r in t.package.descriptor["resources"]}
    return pd.DataFrame({
        "date": raw["date"], "commit": raw["commit"], "table": raw["table"].map(lambda n: titles.get(n, n)),
        "added": raw["added"], "removed": raw["removed"], "modified": raw["modified"],
        "rows changed (first six)": [_rows(t, n, k) for n, k in zip(raw["table"], raw["keys"])],
        "why": raw["why"],
    })


def facts(t: Tables | None = None, raw: pd.DataFrame | None = None) -> FactSet:
    t = t or load()
    raw = raw_log() if raw is None else raw
    f = FactSet("changelog")
    f.add("n_commits", raw["commit"].nunique(), cite=False)
    f.add("n_changes", len(raw), cite=False)
    f.add("history", None, "This copy of the book has no version history, so there is nothing to list."
          if raw.empty else f"The history holds {text.count(raw['commit'].nunique(), 'commit')} that changed the "
                            f"data, {text.count(len(raw), 'table change')} in all.", cite=False)
    return f
