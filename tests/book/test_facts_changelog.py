"""The data changelog: tables by their titles and changed rows by their labels, read from git."""

from __future__ import annotations

import pandas as pd

import igfbook.tables
from igfbook import data, tables
from igfbook.facts import changelog


def test_lines_name_tables_and_rows_as_readers_see_them(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = data.tables()
    raw = pd.DataFrame({"date": ["2026-01-01"], "commit": ["abc"], "table": ["studies"], "added": [1],
                        "removed": [1], "modified": [0], "keys": ["sarc-r1507-ewing, gone-study"],
                        "columns": ["phase, notes"], "cited": ["gombos2012crossroad, nobody2020"], "title": ["x"]})
    log = changelog.log(t, raw)
    tables.for_readers(log)
    assert log.loc[0, "table"] == "Clinical studies"
    assert log.loc[0, "rows changed (first six)"] == (t.row("studies", "sarc-r1507-ewing").value("title")
                                                      + "; gone-study (no longer in the table)")
    # what changed, from the data: column titles and the changed rows' references, not the commit message
    assert log.loc[0, "values changed in"] == f"{data.title('studies', 'phase')} and {data.title('studies', 'notes')}"
    assert log.loc[0, "sources of the changed rows"] == "Gombos et al. 2012; nobody2020 (no longer in the bibliography)"
    assert "x" not in log.loc[0].tolist()


def test_the_history_sentence_follows_the_log():
    t = data.tables()
    empty = pd.DataFrame(columns=["date", "commit", "table", "added", "removed", "modified", "keys", "columns",
                                  "cited", "title"])
    assert "no version history" in changelog.facts(t, empty).text("history")
    raw = pd.DataFrame({"date": ["d", "d"], "commit": ["a", "a"], "table": ["arms", "studies"], "added": [0, 0],
                        "removed": [0, 0], "modified": [1, 1], "keys": ["", ""], "columns": ["", ""], "cited": ["", ""],
                        "title": ["w", "w"]})
    assert changelog.facts(t, raw).text("history") == \
        "The history holds 1 commit that changed the data, 2 table changes in all."
