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
from igfbook import conflicts, data, paths, refs, text
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


def _columns(t: Tables, table: str, names: str) -> str:
    """Changed columns by the titles readers see."""
    out = []
    for name in [n for n in names.split(", ") if n]:
        try:
            out.append(data.title(table, name))
        except (KeyError, ValueError):
            out.append(name)
    return text.listing(out, "")


def _cited(keys: str) -> str:
    """The references the changed rows cite, as author–year labels."""
    out = []
    for key in [k for k in keys.split(", ") if k]:
        try:
            out.append(refs.label(key))
        except KeyError:
            out.append(f"{key} (no longer in the bibliography)")
    return "; ".join(out)


def log(t: Tables, raw: pd.DataFrame | None = None) -> pd.DataFrame:
    """The changelog for readers, described from the data themselves: date, commit, the table by
    its title, rows added, removed and modified, the first rows changed by label, the columns whose
    values changed and the references the changed rows cite."""
    raw = raw_log() if raw is None else raw
    titles = {r["name"]: r["title"] for r in t.package.descriptor["resources"]}
    return pd.DataFrame({
        "date": raw["date"], "commit": raw["commit"], "table": raw["table"].map(lambda n: titles.get(n, n)),
        "added": raw["added"], "removed": raw["removed"], "modified": raw["modified"],
        "rows changed (first six)": [_rows(t, n, k) for n, k in zip(raw["table"], raw["keys"])],
        "values changed in": [_columns(t, n, c) for n, c in zip(raw["table"], raw["columns"])],
        "sources of the changed rows": [_cited(k) for k in raw["cited"]],
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
