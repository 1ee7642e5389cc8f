"""The source conflicts: which rows each one affects, where those rows are shown, and one card per
conflict for readers.

Every row a conflict affects is routed to a chapter by :func:`igfbook.evidence.chapter_of_row`,
the same rule the trials explorer uses, and shown by a reader's label (a study's title, an agent's
name), never by its key. Citation keys inside the conflict texts become author–year labels.

>>> from igfbook import data
>>> t = data.tables()
>>> int(conflict_counts(t.conflicts)["total"].sum()) == len(t.conflicts)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from igfbook import data, evidence, paths, refs
from igfbook.data import Tables

#: Words that stand for a citation key inside a conflict's text (checked against references.bib).
KEY_LIKE = re.compile(r"\b[a-z][a-z-]*\d{4}[a-z0-9]*\b")


def kinds() -> list[str]:
    """The kinds of conflict in display order (the schema's enum of ``conflicts.kind``)."""
    return data.enum("conflicts", "kind")


def evidence_kinds() -> list[str]:
    """The kinds of evidence for a resolution, strongest first (the schema's enum of ``conflicts.evidence``)."""
    return data.enum("conflicts", "evidence")


def affected_keys(conflicts: pd.DataFrame, conflict_id: str, table: str) -> list[str]:
    """Keys of ``table`` that a conflict's ``affects`` list names, e.g. the studies behind a count."""
    row = conflicts.set_index("conflict_id").loc[conflict_id]
    return [a.split(":", 1)[1] for a in row["affects"] if a.split(":", 1)[0] == table]


# --------------------------------------------------------------------------- labels for readers


def row_noun(t: Tables, table: str) -> str:
    """What one row of a table is called: the schema title of its key, e.g. ``"study"``, ``"arm"``."""
    return t.package.title(table, t.key_of(table))


def row_label(t: Tables, table: str, key: str, short: bool = False) -> str:
    """A reader's name for row ``key`` of ``table``: a study's title, an agent's name, an arm with
    its study and reporting article (``short``: without the article); raises ``KeyError`` if there
    is no such row."""
    if table == "sources":  # an article: its label (``Tables.sources`` is a method, not this table)
        if key not in set(data.table("sources")["key"]):
            raise KeyError(f"table sources has no row '{key}'")
        return refs.label(key)
    r = t.row(table, key)
    v = r.value
    if table == "studies":
        return v("title")
    if table == "arms":
        study = row_label(t, "studies", v("study_id"))
        return f"{study}: {v('arm')}" if short else \
            f"{study}: {v('arm')} ({refs.label(v('reported_by'))}, {v('locator')})"
    if table == "measures":
        return f"{v('measure')}, {row_label(t, 'arms', v('arm_id'), short)}"
    if table == "agents":
        return v("name")
    if table == "biomarkers":
        return f"{v('marker')} ({refs.label(v('source'))})"
    if table == "interactions":
        return f"{v('ligand')} binding {v('receptor')}"
    if table == "combinations":
        return f"{v('partner_class')}: {v('partners')} in {v('tumour')} ({refs.label(v('source'))})"
    if table == "crosstalk":
        return f"IGF-1R and {v('partner')}: {v('relation')} ({refs.label(v('source'))})"
    if table == "signalling":
        return f"{v('upstream')} {v('effect')} {v('downstream')}"
    return key


def with_labels(text: str) -> str:
    """A conflict's text with every citation key replaced by its author–year label, e.g.
    ``with_labels("the abstract of tap2012ganitumab")`` == ``"the abstract of Tap et al. 2012"``."""
    known = refs.keys()
    return KEY_LIKE.sub(lambda m: refs.label(m.group(0)) if m.group(0) in known else m.group(0), text)


# --------------------------------------------------------------------------- rows affected


def affected_rows(t: Tables) -> pd.DataFrame:
    """Every ``table:key`` a conflict affects, one line each, with the reader's label of the row and
    the chapter that shows it (:func:`igfbook.evidence.chapter_of_row`). Computed once per content
    of the tables (the appendix asks for it once per chapter section)."""
    return t.memo("conflicts.affected_rows", lambda: _affected_rows(t)).copy()


def _affected_rows(t: Tables) -> pd.DataFrame:
    rows = []
    for c in t.conflicts.itertuples(index=False):
        for item in c.affects:
            table, _, key = item.partition(":")
            chapter = evidence.chapter_of_row(t, table, key)
            rows.append({"conflict_id": c.conflict_id, "kind": c.kind, "table": table, "key": key,
                         "what": row_noun(t, table), "label": row_label(t, table, key), "chapter": chapter})
    return pd.DataFrame(rows, columns=["conflict_id", "kind", "table", "key", "what", "label", "chapter"])


def chapters(t: Tables) -> list[str]:
    """The chapters that show a row some conflict affects, in the order of the table of contents."""
    order = [d.removeprefix("book/") for d in paths.project().documents()]
    found = set(affected_rows(t)["chapter"])
    return [d for d in order if d in found] + sorted(found - set(order))


def by_chapter(t: Tables, chapter: str) -> pd.DataFrame:
    """For one chapter: each conflict whose affected rows it shows, with those rows by label."""
    a = affected_rows(t)
    mine = a[a["chapter"] == chapter]
    lines = (mine.assign(row=mine["what"] + ": " + mine["label"])
             .groupby(["conflict_id", "kind"], sort=False)["row"].agg("; ".join).reset_index())
    topic = t.conflicts.set_index("conflict_id")["topic"]
    return pd.DataFrame({"conflict": lines["conflict_id"], "kind": lines["kind"],
                         "topic": lines["conflict_id"].map(topic), "rows of this chapter it affects": lines["row"]})


# --------------------------------------------------------------------------- counts


def _ordered(values: Iterable[str], order: list[str]) -> list[str]:
    values = list(dict.fromkeys(values))
    return [v for v in order if v in values] + sorted(v for v in values if v not in order)


def conflict_counts(conflicts: pd.DataFrame) -> pd.DataFrame:
    """Conflicts counted by kind (rows) and kind of evidence for the resolution (columns), in the
    schema's orders, with a total column."""
    grid = pd.crosstab(conflicts["kind"], conflicts["evidence"])
    grid = grid.reindex(index=_ordered(grid.index, kinds()), columns=_ordered(grid.columns, evidence_kinds()),
                        fill_value=0)
    grid["total"] = grid.sum(axis=1)
    grid.index.name = "kind"
    grid.columns.name = None
    return grid


# --------------------------------------------------------------------------- cards


def conflict_card(t: Tables, conflict_id: str) -> pd.DataFrame:
    """One conflict as a two-column table (field, text), headed by its key (the name other chapters
    cite it by): each version with its source as an author–year label and the place in it, the
    resolution, the reason and the rows affected, each by its label with the chapter that shows it.

    Every cell is plain text; show it with :func:`igfbook.tables.show`, which escapes it.
    """
    c = t.row("conflicts", conflict_id)
    v = c.value
    fields = [("topic", v("topic"))]
    for letter in "abc":
        text = v(f"version_{letter}")
        if isinstance(text, str) and text:
            fields.append((f"version {letter.upper()}", with_labels(text)))
            fields.append((f"source {letter.upper()}", f"{refs.label(v(f'source_{letter}'))}, {v(f'locator_{letter}')}"))
    fields += [("resolution", with_labels(v("resolution"))), ("reason", with_labels(v("reason"))),
               ("evidence", v("evidence")),
               ("supporting references", refs.labels(v("evidence_refs")) or "none named")]
    shown: dict[str, list[str]] = {}
    for item in v("affects"):
        table, _, key = item.partition(":")
        chapter = evidence.chapter_title(evidence.chapter_of_row(t, table, key))
        shown.setdefault(chapter, []).append(f"{row_noun(t, table)} {row_label(t, table, key)}")
    fields.append(("rows affected", " ".join(f"In {chapter}: {'; '.join(rows)}." for chapter, rows in shown.items())
                   or "none: the conflict changes no value in the tables"))
    return pd.DataFrame(fields, columns=["field", conflict_id])


def cards(t: Tables, kind: str) -> list[pd.DataFrame]:
    """The cards of every conflict of one kind, in table order."""
    return [conflict_card(t, k) for k in t.conflicts.loc[t.conflicts["kind"] == kind, "conflict_id"]]
