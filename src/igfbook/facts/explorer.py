"""Facts of the appendix *Trials explorer* (``book/explorer.md``).

>>> f = facts()
>>> f.claims["one-chapter-rule"].holds
True
"""

from __future__ import annotations

import re

import pandas as pd

from databook.facts import FactSet
from igfbook import conflicts, data, evidence, explorer, paths, text
from igfbook.data import Tables

#: Columns of ``arms`` that hold a reported number.
NUMBER_COLUMNS = ["patients", "evaluable", "cr", "pr", "responders", "sd", "orr_pct", "sd_pct", "dcr_pct", "cbr_pct",
                  "pfs_median", "os_median"]


def load() -> Tables:
    return data.tables()


def studies_table(t: Tables) -> pd.DataFrame:
    return explorer.studies_table(t)


def agents_table(t: Tables) -> pd.DataFrame:
    return explorer.agents_table(t)


def setup() -> None:
    """Emit the interactive tables' scripts into the page (embedded: nothing is fetched)."""
    explorer.setup()


def studies(t: Tables):
    """The interactive studies table."""
    return explorer.interactive(studies_table(t), "studies-explorer", "Clinical studies of IGF-targeted agents")


def agents(t: Tables):
    """The interactive agents table."""
    return explorer.interactive(agents_table(t), "agents-explorer", "IGF-targeted agents")


def routes(t: Tables) -> pd.DataFrame:
    """For every study: the chapter its explorer link points to and the chapter the conflicts
    appendix sends its rows to (both must be :func:`igfbook.evidence.chapter_of`)."""
    shown = studies_table(t)
    linked = shown["chapter"].map(lambda a: re.search(r'href="([^"]+)\.html"', a).group(1))
    return pd.DataFrame({"study_id": t.studies["study_id"].to_numpy(), "explorer": linked.to_numpy(),
                         "appendix": [evidence.chapter_of_row(t, "studies", k) for k in t.studies["study_id"]],
                         "rule": list(evidence.chapters(t.studies))})


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("explorer")
    f.add("n_studies", len(t.studies), cite=False)
    f.add("n_agents", len(t.agents), cite=False)
    statuses = [s for s in data.enum("studies", "status") if s in set(t.studies["status"])]
    f.add("statuses", None, text.listing(statuses, conjunction="or"), cite=False)

    r = routes(t)
    disagree = r[(r["explorer"] != r["appendix"]) | (r["explorer"] != r["rule"])]
    f.claim("one-chapter-rule", "the explorer links every study to the chapter the conflicts appendix names for it",
            disagree.empty, [f"studies:{k}" for k in disagree["study_id"]])
    toc = {d.removeprefix("book/") for d in paths.project().documents()}
    missing = r[~r["explorer"].isin(toc)]
    f.claim("links-exist", "every chapter the explorer links to is in the book",
            missing.empty, [f"studies:{k}" for k in missing["study_id"]])

    # "Where sources disagree, the explorer shows the version the book uses; the appendix gives the others."
    affected = set(conflicts.affected_rows(t)["key"])
    unused = t.arms[~t.arms["use"].fillna(False).astype(bool)]
    silent = unused[~unused["arm_id"].isin(affected) & unused[NUMBER_COLUMNS].notna().any(axis=1)]
    f.claim("other-versions-in-appendix", "every version of an arm with numbers that the book does not use is "
                                          "named by a conflict in the appendix",
            silent.empty, [f"arms:{k}" for k in silent["arm_id"]])
    return f
