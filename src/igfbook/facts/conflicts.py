"""Facts of the appendix *Where the sources disagree* (``book/conflicts.md``).

>>> f = facts()
>>> f.value("n_conflicts") > 0, f.claims["every-kind-has-a-section"].holds
(True, True)
"""

from __future__ import annotations

import re

import pandas as pd

from databook.facts import FactSet
from igfbook import conflicts as c
from igfbook import count_figures, data, evidence, refs, tables, text
from igfbook.data import Tables

#: The kinds of conflict with a section in the appendix, in its order.
SECTION_KINDS = ["count", "rate", "duration", "date", "trial phase or design", "claim not supported", "citation",
                 "drug code or name", "terminology"]
#: The chapters with a section in "Conflicts by chapter", in its order.
SECTION_CHAPTERS = ["axis", "agents", "monotherapy", "sarcoma", "safety", "biomarkers", "combinations", "phase3"]
#: The unresolved conflict the first exercise's answer takes as its example.
EXAMPLE_UNRESOLVED = "c-bms754807-phase"


def load() -> Tables:
    return data.tables()


def slug(kind: str) -> str:
    """A fact name for a kind, e.g. ``slug("trial phase or design") == "trial_phase_or_design"``."""
    return re.sub(r"[^a-z0-9]+", "_", kind.lower()).strip("_")


# --------------------------------------------------------------------------- what the appendix shows


def by_kind(t: Tables):
    """The figure of conflicts by kind and evidence, and the counts it draws."""
    return count_figures.conflicts_by_kind(c.conflict_counts(t.conflicts))


def cards(t: Tables, kind: str) -> list:
    """The cards of one kind, ready to display (``display(*cards(t, "count"))``)."""
    return [tables.show(card, f"conflict-{card.columns[1]}") for card in c.cards(t, kind)]


def chapter_table(t: Tables, chapter: str):
    """The conflicts whose affected rows one chapter shows, ready to display."""
    return tables.show(c.by_chapter(t, chapter), f"conflicts-chapter-{chapter}")


def sources_of_versions(t: Tables) -> pd.Series:
    """How many versions each article supplies (the second exercise's answer), by author–year label."""
    keys = pd.concat([t.conflicts[f"source_{x}"] for x in "abc"]).dropna()
    return keys.value_counts()


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("conflicts")
    k = t.conflicts
    f.add("n_conflicts", len(k), cite=False)
    f.add("n_kinds", k["kind"].nunique(), cite=False)
    counts = c.conflict_counts(k)
    for kind in c.kinds():
        n = int(counts["total"].get(kind, 0))
        f.add(f"kind_{slug(kind)}", n, text.count(n, "conflict"), cite=False)
    for ev in c.evidence_kinds():
        f.add(f"ev_{slug(ev)}", int((k["evidence"] == ev).sum()), cite=False)
    missing = sorted(set(k["kind"]) - set(SECTION_KINDS))
    f.claim("every-kind-has-a-section", "every conflict is of a kind that has a section in the appendix, so every "
                                        "row of the table is shown",
            not missing, [f"conflicts:{i}" for i in k.loc[k["kind"].isin(missing), "conflict_id"]])

    affected = c.affected_rows(t)
    f.add("n_affected", len(affected[["table", "key"]].drop_duplicates()), cite=False)
    f.add("n_with_rows", affected["conflict_id"].nunique(), cite=False)
    wording = k[k["affects"].map(len) == 0]
    f.add("n_wording", len(wording), cite=False)
    f.add("wording_topics", None, text.listing(text.lower_first(x) for x in wording["topic"]), cite=False)
    shown = c.chapters(t)
    f.add("n_chapters", len(shown), cite=False)
    for doc in SECTION_CHAPTERS:
        f.add(f"chapter_{doc}", None, evidence.chapter_title(doc), cite=False)
    f.claim("every-chapter-has-a-section", "the chapters listed under Conflicts by chapter are exactly the chapters "
                                           "that show an affected row",
            shown == SECTION_CHAPTERS, [f"conflicts:{i}" for i in
                                        affected.loc[~affected["chapter"].isin(SECTION_CHAPTERS), "conflict_id"]])

    strong = k["evidence"].isin(["verified primary reference", "agreement of the other sources",
                                 "context in the same article"])
    f.claim("most-settled-by-documents", "most conflicts are settled by a verified publication, the other sources or "
                                         "the article itself", strong.sum() > len(k) / 2,
            [f"conflicts:{i}" for i in k.loc[~strong, "conflict_id"]])

    # the exercises' answers
    example = t.row("conflicts", EXAMPLE_UNRESOLVED)
    f.claim("example-unresolved", "the conflict the answer takes as its example is still unresolved",
            example.value("evidence") == "unresolved", [example])
    f.add("example_topic", None, text.lower_first(example.value("topic")), cite=False)
    versions = sources_of_versions(t)
    top = versions.index[0]
    f.add("top_source", None, refs.label(top), cite=False)
    f.add("top_source_n", int(versions.iloc[0]), cite=False)
    f.claim("top-source-alone", "one article supplies more versions than any other", len(versions) < 2
            or versions.iloc[0] > versions.iloc[1], [])
    source_articles = list(data.table("sources")["key"])
    f.claim("top-source-oldest", "the article that supplies most versions is the oldest of the four source articles",
            top in source_articles and refs.year(top) == min(refs.year(s) for s in source_articles), [])
    in_table_a, in_table_b = k["locator_a"].str.contains("Table"), k["locator_b"].str.contains("Table")
    own = k[(k["source_a"] == top) & (k["source_b"] == top) & (in_table_a != in_table_b)]
    f.add("top_table_vs_text", len(own), text.count(len(own), "conflict"), cite=False)
    cites = k[(k["kind"] == "citation") & ((k["source_a"] == top) | (k["source_b"] == top))]
    f.add("top_citation", len(cites), text.count(len(cites), "conflict"), cite=False)
    table, published = t.row("arms", "figitumumab-sarcoma-ph1-gombos-table"), t.row("arms", "figitumumab-sarcoma-ph1-olmos2010")
    f.claim("top-source-table-held", "the stable-disease count of Gombos et al.'s Table 1 for the figitumumab sarcoma "
                                     "cohorts is the one the primary publication supports",
            top == table.value("reported_by") and table.value("sd") == published.value("sd"), [table, published])
    return f
