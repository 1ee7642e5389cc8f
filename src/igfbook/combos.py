"""Combinations and crosstalk: the book's rules for Part IV, and the helpers of the appendix.

Every function takes the book's tables (as loaded by :mod:`igfbook.data`) and returns a plain
frame, so that a facts module only has to count or phrase the result. Display orders are the
schema's enums (:func:`igfbook.data.enum`); phrases come from :mod:`igfbook.text`; arm numbers
come from tables ``arms`` and ``measures``, never from the text of ``combinations``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from igfbook import data, evidence, refs, text
from igfbook.data import Tables

#: Sections of the combinations chapter and the partner classes each covers.
PARTNER_GROUPS = {
    "DNA damage": ["DNA-damaging chemotherapy", "radiotherapy"],
    "receptor tyrosine kinases": ["EGFR/HER2", "ALK", "other RTK"],
    "downstream pathways": ["Src", "PI3K/Akt/mTOR", "MAPK"],
    "cell cycle and DNA repair": ["CDK4/6", "PARP", "ATR"],
    "insulin lowering": ["metformin/insulin-lowering"],
    "endocrine therapy": ["endocrine therapy"],
    "immune therapy": ["immune checkpoint / CSF-1R"],
    "triple regimens": ["triple regimen"],
}
#: The five priority partners for ligand-neutralising antibodies (Simpson et al. §5), in their order,
#: with the partner classes of table ``combinations`` that each one means.
PRIORITIES = {
    "EGFR family inhibitors": ["EGFR/HER2"],
    "CDK inhibitors": ["CDK4/6"],
    "endocrine therapy": ["endocrine therapy"],
    "immune checkpoint inhibitors": ["immune checkpoint / CSF-1R"],
    "radiotherapy": ["radiotherapy"],
}
#: Results of table ``combinations`` that are a readout on activity, and the negative ones among them.
READOUT = ("enhanced activity", "no added benefit", "harm or excess toxicity")
NEGATIVE = ("no added benefit", "harm or excess toxicity")
LIGAND_CLASS = "IGF ligand-neutralising antibody"

def _ordered(values: Iterable[str], order: list[str]) -> list[str]:
    values = list(dict.fromkeys(values))
    return [v for v in order if v in values] + sorted(v for v in values if v not in order)


def _count_grid(rows: pd.Series, cols: pd.Series, row_order, col_order, name: str) -> pd.DataFrame:
    """Counts of ``rows`` × ``cols`` in the book's fixed orders, with a total column."""
    grid = pd.crosstab(rows, cols)
    grid = grid.reindex(index=_ordered(grid.index, row_order), columns=_ordered(grid.columns, col_order), fill_value=0)
    grid["total"] = grid.sum(axis=1)
    grid.index.name = name
    grid.columns.name = None
    return grid


def _rank(values: pd.Series, order: list[str]) -> pd.Series:
    return values.map({v: i for i, v in enumerate(order)}).fillna(len(order))


def top_with_ties(counts: pd.Series, n: int) -> pd.Series:
    """The ``n`` largest counts, extended to every count tied with the last one, largest first
    (ties by name), e.g. the most often named partners.

    >>> top_with_ties(pd.Series({"a": 3, "b": 2, "c": 2, "d": 1}), 2).to_dict()
    {'a': 3, 'b': 2, 'c': 2}
    """
    ordered = counts.sort_index().sort_values(ascending=False, kind="stable")
    if len(ordered) <= n:
        return ordered
    return ordered[ordered >= ordered.iloc[n - 1]]


# --------------------------------------------------------------------------- crosstalk


def crosstalk_summary(crosstalk: pd.DataFrame) -> pd.DataFrame:
    """One row per partner: its type, how many statements the sources make about it, how many of
    each relation, how many articles, and the commonest consequence for treatment ('tie' when
    two or more are equally common). Partners are grouped by type (schema order), most statements first.

    >>> bool(crosstalk_summary(data.crosstalk()).set_index("partner").loc["EGFR", "statements"] > 0)
    True
    """
    rel = pd.crosstab(crosstalk["partner"], crosstalk["relation"])
    rel = rel.reindex(columns=_ordered(rel.columns, data.enum("crosstalk", "relation")), fill_value=0)
    kind = crosstalk.groupby("partner")["partner_type"].first()
    sources = crosstalk.groupby("partner")["source"].nunique()

    def commonest(s: pd.Series) -> str:
        counts = s[s != "not stated"].value_counts()
        if not len(counts):
            return "not stated"
        top = counts[counts == counts.iloc[0]]
        return top.index[0] if len(top) == 1 else "tie"

    consequence = crosstalk.groupby("partner")["consequence"].agg(commonest)
    table = pd.DataFrame({"partner": rel.index, "partner type": kind.reindex(rel.index).to_numpy(),
                          "statements": rel.sum(axis=1).to_numpy()})
    for col in rel.columns:
        table[col] = rel[col].to_numpy()
    table["articles"] = sources.reindex(rel.index).to_numpy()
    table["commonest consequence"] = consequence.reindex(rel.index).to_numpy()
    table["_t"] = _rank(table["partner type"], data.enum("crosstalk", "partner_type"))
    table = table.sort_values(["_t", "statements", "partner"], ascending=[True, False, True]).drop(columns="_t")
    return table.reset_index(drop=True)


def list_entries(crosstalk: pd.DataFrame) -> pd.Series:
    """True for rows that are one entry of a list: the same sentence, from the same place, with
    only the partner's name changed (e.g. Simpson et al.'s §3.1 list of receptors); remarks in
    brackets are ignored.

    >>> bool(list_entries(data.crosstalk()).any())
    True
    """
    def sentence(row) -> str:  # editorial remarks in brackets do not make a sentence different
        return re.sub(r"\s*\([^)]*\)", "", row.context).replace(row.partner, "{partner}")

    template = [(row.source, row.locator, sentence(row)) for row in crosstalk.itertuples()]
    template = pd.Series(template, index=crosstalk.index)
    return template.duplicated(keep=False)


# --------------------------------------------------------------------------- combinations


def is_clinical(combinations: pd.DataFrame) -> pd.Series:
    """True for rows whose evidence comes from patients in a trial (any level but preclinical)."""
    return combinations["evidence_level"] != "preclinical"


def evidence_counts(combinations: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``combinations`` counted by partner class, evidence level and result (long form),
    in the schema's orders."""
    counts = (combinations.groupby(["partner_class", "evidence_level", "result"]).size()
              .rename("rows").reset_index())
    keys = {f"_{c}": _rank(counts[c], data.enum("combinations", c)) for c in ("partner_class", "evidence_level", "result")}
    counts = counts.assign(**keys).sort_values(list(keys), kind="stable").drop(columns=list(keys))
    return counts.rename(columns={"partner_class": "partner class", "evidence_level": "evidence level"}).reset_index(drop=True)


def with_agent_class(combinations: pd.DataFrame, agents: pd.DataFrame, agent_class: str) -> pd.Series:
    """True for rows of ``combinations`` that used an agent of ``agent_class``, e.g. :data:`LIGAND_CLASS`."""
    ids = set(agents.loc[agents["agent_class"] == agent_class, "agent_id"])
    return combinations["agent_ids"].map(lambda a: bool(ids & set(a)))


def highest_levels(combinations: pd.DataFrame, classes: Iterable[str]) -> pd.DataFrame:
    """For each partner class: the highest evidence level its rows reach and the results found at
    that level (levels ranked phase I < II < II/III < III, with 'clinical, phase not stated'
    above preclinical and below phase I).

    >>> highest_levels(data.combinations(), ["radiotherapy"]).iloc[0]["level"]
    'preclinical'
    """
    strength = ["preclinical", "clinical, phase not stated", "phase I", "phase II", "phase II/III", "phase III"]
    rows = []
    for cls in classes:
        mine = combinations[combinations["partner_class"] == cls]
        if not len(mine):
            continue
        top = max(mine["evidence_level"], key=strength.index)
        results = _ordered(mine.loc[mine["evidence_level"] == top, "result"], data.enum("combinations", "result"))
        rows.append({"partner class": cls, "level": top, "results": results, "rows": len(mine)})
    return pd.DataFrame(rows, columns=["partner class", "level", "results", "rows"])


def arm_numbers(t: Tables, arm_id: str) -> str:
    """What the sources report for one arm, in words: counts and rates from ``arms``, medians with
    their units, every row of ``measures`` and the hazard ratios of ``effects``, e.g. "12 patients; 1 responder; 10 stable disease"."""
    a = evidence.arm(t, arm_id)
    parts = []
    for col, noun, plural in (("patients", "patient", None), ("responders", "responder", None),
                              ("sd", "with stable disease", "with stable disease")):
        if pd.notna(a.value(col)):
            parts.append(text.count(a.value(col), noun, plural))
    for col, words in (("orr_pct", "response rate"), ("dcr_pct", "disease control")):
        if pd.notna(a.value(col)):
            parts.append(f"{words} {text.percent(a.value(col))}")
    for col, words in (("pfs_median", "median PFS"), ("os_median", "median OS")):
        if pd.notna(a.value(col)):
            unit = a.value(col.replace("median", "unit"))
            parts.append(f"{words} {text.number(a.value(col), 1 if unit == 'months' else None)} {unit}")
    for m in evidence.measures_of(t, [arm_id]).itertuples():
        value = (text.percent(m.value) if m.unit == "%" else text.number(m.value, 2) if m.unit == "ratio"
                 else f"{text.number(m.value)} {m.unit}")
        value = text.qualified(m.qualifier, value)
        if pd.notna(m.low):
            value += f" ({'95% CI ' if m.interval == '95% confidence interval' else ''}{text.span(m.low, m.high)})"
        parts.append(f"{m.measure}: {value}")
    for e in evidence.effects_of_arm(t, arm_id).itertuples():
        if e.measure == "hazard ratio":
            parts.append(f"hazard ratio for {e.endpoint} against control: {text.ratio(e.value, e.low, e.high, e.interval)}")
    return "; ".join(parts) or "no numbers reported"


def clinical_table(t: Tables, partner_classes: Iterable[str] | None = None) -> pd.DataFrame:
    """The clinical rows of ``combinations`` for readers: one line per arm the book reports (``use``
    true) with its numbers in words; the study and its result are written on its first line only.
    A study without arms keeps one line. Ordered by partner class (schema order), year and study.
    """
    rows = t.combinations[is_clinical(t.combinations)]
    if partner_classes is not None:
        rows = rows[rows["partner_class"].isin(list(partner_classes))]
    studies = t.studies.set_index("study_id")
    used = evidence.used(t.arms)
    order = data.enum("combinations", "partner_class")
    rows = rows.assign(_p=_rank(rows["partner_class"], order),
                       _y=rows["study_id"].map(studies["year"])).sort_values(["_p", "_y", "study_id"])
    lines = []
    for r in rows.itertuples():
        mine = used[used["study_id"] == r.study_id]
        first = True
        for a in (mine.itertuples() if len(mine) else [None]):
            lines.append({"study": studies.loc[r.study_id, "title"] if first else "",
                          "arm": a.arm if a is not None else "",
                          "numbers reported": arm_numbers(t, a.arm_id) if a is not None else "no numbers reported",
                          "result": r.result if first else "",
                          "reported by": refs.label(a.reported_by if a is not None else r.source)})
            first = False
    return pd.DataFrame(lines, columns=["study", "arm", "numbers reported", "result", "reported by"])


def scheduling_trials(t: Tables) -> pd.DataFrame:
    """The chemotherapy trials of which Simpson et al. (§4.2) say that none used the sequential
    schedule favoured in the laboratory: the late-phase (II/III or III) trials with a cytotoxic
    backbone that its §4.2 reports."""
    c = t.combinations
    chosen = c[(c["source"] == "simpson2017igf") & c["locator"].str.contains("§4.2")
               & c["evidence_level"].isin(["phase II/III", "phase III"])]
    return t.studies[t.studies["study_id"].isin(chosen["study_id"])].sort_values(["year", "study_id"])


# --------------------------------------------------------------------------- controlled trials


def controlled_trials(t: Tables) -> pd.DataFrame:
    """The combination studies told in the phase III chapter (:func:`igfbook.evidence.chapter_of`:
    randomised, or of phase II/III or III), with the IGF agent, its class, the partners in words
    and the result that table ``combinations`` records (the study's status where it has no row)."""
    s = t.studies
    trials = s[evidence.chapters(s) == "phase3"].copy()
    info = t.agents.set_index("agent_id")
    trials["agent"] = trials["agent_ids"].map(lambda ids: text.listing(info.loc[list(ids), "name"]))
    trials["agent class"] = trials["agent_ids"].map(lambda ids: text.listing(sorted(set(info.loc[list(ids), "agent_class"]))))
    trials["partner list"] = trials["partners"]
    trials["partners"] = trials["partners"].map(text.listing)
    result = t.combinations.dropna(subset=["study_id"]).drop_duplicates("study_id").set_index("study_id")["result"]
    trials["has combination row"] = trials["study_id"].isin(result.index)
    trials["result"] = trials["study_id"].map(result).fillna(trials["status"])
    return trials.sort_values(["year", "study_id"]).reset_index(drop=True)


def trial_checklist(t: Tables, trials: pd.DataFrame) -> pd.DataFrame:
    """What each trial of :func:`controlled_trials` did: 'yes', 'no' or 'not stated'.

    Rules: *control arm* means a randomised design ('not stated' when the design is not
    stated); *ligand antibody* an IGF agent of that class; *IGF biomarker selection* a setting
    that names an IGF marker (``IGF`` in the text, as in "tumour IGF-1R expression required");
    *insulin lowered* metformin among the partners.
    """
    yes_no = {True: "yes", False: "no"}
    checks = pd.DataFrame({"study_id": trials["study_id"],
                           "trial": trials["agent"] + " + " + trials["partners"] + " (" + trials["tumour_group"]
                           + ", phase " + trials["phase"] + ")"})
    checks["control arm"] = trials["design"].map(
        lambda d: "not stated" if d == "not stated" else yes_no[d.startswith("randomised")]).to_numpy()
    checks["ligand antibody"] = (trials["agent class"] == LIGAND_CLASS).map(yes_no).to_numpy()
    checks["IGF biomarker selection"] = trials["setting"].fillna("").str.contains("IGF").map(yes_no).to_numpy()
    checks["insulin lowered"] = trials["partner list"].map(lambda p: "metformin" in p).map(yes_no).to_numpy()
    return checks.reset_index(drop=True)


# --------------------------------------------------------------------------- where next


def open_trials(studies: pd.DataFrame, agents: pd.DataFrame) -> pd.DataFrame:
    """Studies the sources describe as ongoing or planned, with the agent, its class and its sponsor."""
    trials = studies[studies["status"].isin(["ongoing", "planned"])].copy()
    info = agents.set_index("agent_id")
    trials["agent"] = trials["agent_ids"].map(lambda ids: text.listing(info.loc[list(ids), "name"]))
    trials["agent class"] = trials["agent_ids"].map(lambda ids: text.listing(sorted(set(info.loc[list(ids), "agent_class"]))))
    trials["sponsor"] = trials["agent_ids"].map(
        lambda ids: text.listing(sorted({s for s in info.loc[list(ids), "sponsor"] if isinstance(s, str)}), "not stated"))
    trials["partners"] = trials["partners"].map(lambda p: text.listing(p))
    trials["nct"] = trials["nct"].map(lambda n: text.listing(n, ""))
    return trials[["study_id", "title", "agent", "agent class", "sponsor", "partners", "phase", "tumour_group",
                   "nct", "source"]].reset_index(drop=True)


def priority_evidence(combinations: pd.DataFrame, agents: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """For each of the review's five priority partners: how much evidence the table holds, how much
    of it involves a ligand-neutralising antibody, and how many trials were still open."""
    status = studies.set_index("study_id")["status"]
    ligand = with_agent_class(combinations, agents, LIGAND_CLASS)
    rows = []
    for rank, (priority, classes) in enumerate(PRIORITIES.items(), start=1):
        in_class = combinations["partner_class"].isin(classes)
        mine = combinations[in_class]
        pre = mine[~is_clinical(mine)]
        clin = mine[is_clinical(mine)]
        open_ = clin["study_id"].map(status).isin(["ongoing", "planned"])
        rows.append({"rank": rank, "priority": priority, "partner classes": text.listing(classes),
                     "preclinical rows": len(pre),
                     "of which enhanced activity": int((pre["result"] == "enhanced activity").sum()),
                     "clinical rows": len(clin),
                     "clinical rows negative": int(clin["result"].isin(NEGATIVE).sum()),
                     "rows with a ligand antibody": int((in_class & ligand).sum()),
                     "open trials": int(open_.sum())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- conflicts


