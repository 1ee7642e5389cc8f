"""Combinations, crosstalk and source conflicts: the tables behind Parts IV and V and the appendix.

Every function takes the book's tables (as loaded by :mod:`igfbook.data`) and returns a plain
frame or number, so that a chapter only has to show or glue the result. Nothing here types a
number from the sources: counts come from the rows, and the one statistic (an exact binomial
interval) is delegated to statsmodels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from igfbook import refs
from igfbook.stats import exact_ci

#: Evidence levels of table ``combinations``, weakest first.
EVIDENCE_ORDER = ["preclinical", "phase I", "phase II", "phase II/III", "phase III", "clinical, phase not stated"]
#: Results of table ``combinations``: hopeful first, then negative, then no answer.
RESULT_ORDER = ["enhanced activity", "feasible, activity unclear", "no added benefit", "harm or excess toxicity",
                "terminated without results", "pending", "untested rationale"]
#: Partner classes in the order of the combinations chapter.
PARTNER_ORDER = ["DNA-damaging chemotherapy", "radiotherapy", "EGFR/HER2", "ALK", "other RTK", "Src",
                 "PI3K/Akt/mTOR", "MAPK", "CDK4/6", "PARP", "ATR", "metformin/insulin-lowering",
                 "endocrine therapy", "immune checkpoint / CSF-1R", "triple regimen"]
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
#: Kinds of partner in table ``crosstalk``, in the order the figure places them.
PARTNER_TYPE_ORDER = ["receptor tyrosine kinase", "steroid hormone receptor", "adhesion receptor", "other"]
#: Kinds of relation in table ``crosstalk``.
RELATION_ORDER = ["compensatory activation", "crosstalk", "shared downstream signalling", "physical interaction",
                  "transcriptional regulation"]
#: The five priority partners for ligand-neutralising antibodies (Simpson et al. §5), in their order,
#: with the partner classes of table ``combinations`` that each one means.
PRIORITIES = {
    "EGFR family inhibitors": ["EGFR/HER2"],
    "CDK inhibitors": ["CDK4/6"],
    "endocrine therapy": ["endocrine therapy"],
    "immune checkpoint inhibitors": ["immune checkpoint / CSF-1R"],
    "radiotherapy": ["radiotherapy"],
}
#: Kinds of conflict, in the order of the appendix.
CONFLICT_KINDS = ["count", "rate", "duration", "date", "trial phase or design", "claim not supported", "citation",
                  "drug code or name", "terminology"]
#: Kinds of evidence for a conflict's resolution, strongest first.
CONFLICT_EVIDENCE = ["verified primary reference", "agreement of the other sources", "arithmetic",
                     "context in the same article", "unresolved"]
#: The chapter that shows each table (studies and arms depend on the study; see :func:`chapter_of`).
TABLE_CHAPTER = {"agents": "agents", "interactions": "axis", "signalling": "signalling", "biomarkers": "biomarkers",
                 "combinations": "combinations", "crosstalk": "why-combine"}
#: Roles of arms that together make up a whole study.
WHOLE_ROLES = ("single arm", "experimental", "control")
LIGAND_CLASS = "IGF ligand-neutralising antibody"


def listing(items: Iterable[str], empty: str = "none") -> str:
    """Join items as prose, e.g. ``listing(["a", "b", "c"]) == "a, b and c"``."""
    items = [str(i) for i in items]
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def count_word(n: int, zero: str = "none") -> str:
    """A count for prose, with a word for zero, e.g. ``count_word(0) == "none"``, ``count_word(3) == "3"``."""
    return zero if int(n) == 0 else str(int(n))


def prose_name(name: str) -> str:
    """A drug name as it reads mid-sentence: INNs in lower case, codes unchanged,
    e.g. ``prose_name("Xentuzumab") == "xentuzumab"`` and ``prose_name("R1507") == "R1507"``."""
    return name.lower() if name[:1].isupper() and name[1:].islower() else name


def _ordered(values: Iterable[str], order: list[str]) -> list[str]:
    values = list(dict.fromkeys(values))
    return [v for v in order if v in values] + sorted(v for v in values if v not in order)


# --------------------------------------------------------------------------- statistics


def percent(share: float) -> str:
    """A share as a percentage for prose: one decimal below 10%, none above, e.g. ``percent(0.0021) == "0.2%"``."""
    return f"{100 * share:.1f}%" if share < 0.1 else f"{100 * share:.0f}%"


def rate_with_interval(responders: int, patients: int) -> str:
    """'k of n (p%; 95% CI a% to b%)' for prose, e.g. ``rate_with_interval(1, 12)``."""
    low, high = exact_ci(responders, patients)
    return (f"{responders} of {patients} ({percent(responders / patients)}; "
            f"95% CI {percent(low)} to {percent(high)})")


# --------------------------------------------------------------------------- crosstalk


def crosstalk_summary(crosstalk: pd.DataFrame) -> pd.DataFrame:
    """One row per partner: its type, how many statements the sources make about it, how many of
    each relation, how many articles, and the commonest consequence for treatment ('tie' when
    two or more are equally common).

    >>> from igfbook import data
    >>> bool(crosstalk_summary(data.crosstalk()).set_index("partner").loc["EGFR", "statements"] > 0)
    True
    """
    rel = pd.crosstab(crosstalk["partner"], crosstalk["relation"])
    rel = rel.reindex(columns=_ordered(rel.columns, RELATION_ORDER), fill_value=0)
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
    table["_t"] = table["partner type"].map({t: i for i, t in enumerate(PARTNER_TYPE_ORDER)}).fillna(99)
    table = table.sort_values(["_t", "statements", "partner"], ascending=[True, False, True]).drop(columns="_t")
    return table.reset_index(drop=True)


def list_entries(crosstalk: pd.DataFrame) -> pd.Series:
    """True for rows that are one entry of a list: the same sentence, from the same place, with
    only the partner's name changed (e.g. Simpson et al.'s §3.1 list of receptors); remarks in
    brackets are ignored.

    >>> from igfbook import data
    >>> bool(list_entries(data.crosstalk()).any())
    True
    """
    def sentence(row) -> str:  # editorial remarks in brackets do not make a sentence different
        return re.sub(r"\s*\([^)]*\)", "", row.context).replace(row.partner, "{partner}")

    template = [(row.source, row.locator, sentence(row)) for row in crosstalk.itertuples()]
    template = pd.Series(template, index=crosstalk.index)
    return template.duplicated(keep=False)


# --------------------------------------------------------------------------- combinations


def evidence_counts(combinations: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``combinations`` counted by partner class, evidence level and result (long form)."""
    counts = (combinations.groupby(["partner_class", "evidence_level", "result"]).size()
              .rename("rows").reset_index())
    counts["_p"] = counts["partner_class"].map({v: i for i, v in enumerate(PARTNER_ORDER)}).fillna(99)
    counts["_e"] = counts["evidence_level"].map({v: i for i, v in enumerate(EVIDENCE_ORDER)}).fillna(99)
    counts["_r"] = counts["result"].map({v: i for i, v in enumerate(RESULT_ORDER)}).fillna(99)
    counts = counts.sort_values(["_p", "_e", "_r"]).drop(columns=["_p", "_e", "_r"])
    return counts.rename(columns={"partner_class": "partner class", "evidence_level": "evidence level"}).reset_index(drop=True)


def _count_grid(rows: pd.Series, cols: pd.Series, row_order, col_order, name: str) -> pd.DataFrame:
    """Counts of ``rows`` × ``cols`` in the book's fixed orders, with a total column."""
    grid = pd.crosstab(rows, cols)
    grid = grid.reindex(index=_ordered(grid.index, row_order), columns=_ordered(grid.columns, col_order), fill_value=0)
    grid["total"] = grid.sum(axis=1)
    grid.index.name = name
    grid.columns.name = None
    return grid


def evidence_grid(combinations: pd.DataFrame) -> pd.DataFrame:
    """Partner classes × evidence levels: the number of rows in each cell, with totals."""
    return _count_grid(combinations["partner_class"], combinations["evidence_level"], PARTNER_ORDER,
                       EVIDENCE_ORDER, "partner class")


def is_clinical(combinations: pd.DataFrame) -> pd.Series:
    """True for rows whose evidence comes from patients in a trial (any level but preclinical)."""
    return combinations["evidence_level"] != "preclinical"


def clinical_results(combinations: pd.DataFrame, studies: pd.DataFrame, arms: pd.DataFrame,
                     partner_classes: Iterable[str] | None = None) -> pd.DataFrame:
    """The clinical rows of ``combinations`` with their study and the arms the book reports.

    One line per reported arm (``use`` true); a study without numbers keeps one line with empty
    counts. Numbers come from table ``arms`` through the study key, never from the text of
    ``combinations``.
    """
    rows = combinations[is_clinical(combinations)]
    if partner_classes is not None:
        rows = rows[rows["partner_class"].isin(list(partner_classes))]
    study_cols = ["study_id", "title", "phase", "design", "status", "year"]
    joined = rows[["combo_id", "partner_class", "evidence_level", "result", "study_id"]].merge(
        studies[study_cols], on="study_id", how="left")
    used = arms[arms["use"]]
    arm_cols = ["study_id", "arm", "role", "patients", "responders", "sd", "orr_pct", "dcr_pct", "other_measure",
                "other_value", "reported_by"]
    joined = joined.merge(used[arm_cols], on="study_id", how="left")
    joined["reported by"] = joined["reported_by"].map(lambda k: refs.label(k) if isinstance(k, str) else "")
    joined["_p"] = joined["partner_class"].map({v: i for i, v in enumerate(PARTNER_ORDER)}).fillna(99)
    joined = joined.sort_values(["_p", "year", "study_id", "arm"], na_position="last").drop(columns=["_p", "reported_by"])
    return joined.reset_index(drop=True)


def arm_numbers(row: pd.Series) -> str:
    """The numbers of one reported arm in words, e.g. "12 patients; 1 responder; 10 stable disease"."""
    parts = []
    for col, word in (("patients", "patients"), ("responders", "responders"), ("sd", "stable disease")):
        value = row.get(col)
        if pd.notna(value):
            parts.append(f"{int(value)} {word if int(value) != 1 or col == 'sd' else word[:-1]}")
    for col, word in (("orr_pct", "response rate"), ("dcr_pct", "disease control")):
        value = row.get(col)
        if pd.notna(value):
            parts.append(f"{word} {number(value)}%")
    if isinstance(row.get("other_measure"), str) and pd.notna(row.get("other_value")):
        parts.append(f"{row['other_measure']}: {number(row['other_value'])}")
    return "; ".join(parts) or "no numbers reported"


def results_for_readers(results: pd.DataFrame) -> pd.DataFrame:
    """The columns of :func:`clinical_results` that a reader needs: the numbers of each arm in words,
    and the study and its result written once, on the study's first line."""
    shown = pd.DataFrame({"study": results["title"], "arm": results["arm"].fillna(""),
                          "numbers reported": results.apply(arm_numbers, axis=1),
                          "result (combinations table)": results["result"],
                          "reported by": results["reported by"]})
    repeat = results["study_id"].eq(results["study_id"].shift())
    shown.loc[repeat, ["study", "result (combinations table)"]] = ""
    return shown.reset_index(drop=True)


def arm(arms: pd.DataFrame, arm_id: str) -> pd.Series:
    """One row of ``arms`` by key, e.g. ``arm(data.arms(), "xentuzumab-afatinib-nsclc-ph1b-rp2d")["pr"]``."""
    found = arms[arms["arm_id"] == arm_id]
    if len(found) != 1:
        raise KeyError(f"table arms has no row '{arm_id}'")
    return found.iloc[0]


def number(value: float) -> str:
    """A reported number as printed: whole numbers without decimals, e.g. ``number(54.0) == "54"``."""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


# --------------------------------------------------------------------------- randomised trials


def controlled_trials(studies: pd.DataFrame, combinations: pd.DataFrame, agents: pd.DataFrame) -> pd.DataFrame:
    """Combination studies that were randomised or of phase II/III or III, with the class of the
    IGF agent and the result recorded for them in ``combinations``."""
    randomised = studies["design"].str.startswith("randomised") | studies["phase"].isin(["II/III", "III"])
    trials = studies[studies["combination"] & randomised].copy()
    cls = agents.set_index("agent_id")["agent_class"]
    trials["agent class"] = trials["agent_ids"].map(lambda ids: listing(sorted({cls[i] for i in ids})))
    trials["agent"] = trials["agent_ids"].map(lambda ids: listing(agents.set_index("agent_id").loc[list(ids), "name"]))
    trials["partners"] = trials["partners"].map(lambda p: listing(p))
    result = combinations.dropna(subset=["study_id"]).drop_duplicates("study_id").set_index("study_id")["result"]
    trials["result"] = trials["study_id"].map(result).fillna(trials["status"])
    trials = trials.sort_values(["year", "study_id"])
    return trials[["study_id", "title", "agent", "agent class", "partners", "phase", "design", "tumour_group", "setting",
                   "status", "year", "result"]].reset_index(drop=True)


def trial_checklist(trials: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """What each controlled trial of :func:`controlled_trials` did: 'yes', 'no' or 'not stated'.

    Rules: *control arm* means a randomised design ('not stated' when the design is not
    stated); *ligand antibody* an IGF agent of that class; *IGF biomarker selection* a setting
    that names an IGF marker (``IGF`` in the text, as in "tumour IGF-1R expression required");
    *insulin lowered* metformin among the partners.
    """
    info = studies.set_index("study_id")
    yes_no = {True: "yes", False: "no"}
    checks = pd.DataFrame({"study_id": trials["study_id"], "trial": trials["agent"] + " + " + trials["partners"]
                           + " (" + trials["tumour_group"] + ", phase " + trials["phase"] + ")"})
    checks["control arm"] = trials["design"].map(
        lambda d: "not stated" if d == "not stated" else yes_no[d.startswith("randomised")]).to_numpy()
    checks["ligand antibody"] = (trials["agent class"] == LIGAND_CLASS).map(yes_no).to_numpy()
    setting = trials["study_id"].map(info["setting"]).fillna("")
    checks["IGF biomarker selection"] = setting.str.contains("IGF").map(yes_no).to_numpy()
    partners = trials["study_id"].map(info["partners"])
    checks["insulin lowered"] = partners.map(lambda p: "metformin" in p).map(yes_no).to_numpy()
    return checks.reset_index(drop=True)


# --------------------------------------------------------------------------- patients exposed


def study_patients(studies: pd.DataFrame, arms: pd.DataFrame) -> pd.DataFrame:
    """Patients treated in each study, counted from the arms the book reports (``use`` true).

    The count is the sum of the whole-study arms (single arm, experimental, control) or the
    largest cohort, whichever is larger; a study reported only by subgroups counts its largest
    subgroup, a lower bound. Studies with no patient number count nothing. ``basis`` says which.
    """
    used = arms[arms["use"] & arms["patients"].notna()]
    rows = []
    for study in studies.itertuples():
        mine = used[used["study_id"] == study.study_id]
        whole = mine[mine["role"].isin(WHOLE_ROLES)]["patients"]
        cohort = mine[mine["role"] == "cohort"]["patients"]
        subgroup = mine[mine["role"] == "subgroup"]["patients"]
        candidates = []
        if len(whole):
            candidates.append((int(whole.sum()), "whole-study arms"))
        if len(cohort):
            candidates.append((int(cohort.max()), "largest cohort"))
        if candidates:
            patients, basis = max(candidates)
        elif len(subgroup):
            patients, basis = int(subgroup.max()), "largest subgroup (lower bound)"
        else:
            patients, basis = pd.NA, "no patient number"
        rows.append({"study_id": study.study_id, "title": study.title, "tumour_group": study.tumour_group,
                     "combination": study.combination, "phase": study.phase, "status": study.status,
                     "patients": patients, "basis": basis, "target_accrual": study.target_accrual})
    frame = pd.DataFrame(rows)
    frame["patients"] = frame["patients"].astype("Int64")
    return frame


def exposure_totals(per_study: pd.DataFrame) -> dict[str, int]:
    """Totals of :func:`study_patients`: patients counted, studies counted and studies without a number."""
    counted = per_study[per_study["patients"].notna()]
    return {"patients": int(counted["patients"].sum()), "studies": len(counted),
            "uncounted": int(per_study["patients"].isna().sum())}


def affected_keys(conflicts: pd.DataFrame, conflict_id: str, table: str) -> list[str]:
    """Keys of ``table`` that a conflict's ``affects`` list names, e.g. the studies of a count."""
    row = conflicts.set_index("conflict_id").loc[conflict_id]
    return [a.split(":", 1)[1] for a in row["affects"] if a.split(":", 1)[0] == table]


def first_integer(text: str) -> int:
    """The first whole number in a piece of text, e.g. ``first_integer("more than 700 patients") == 700``."""
    found = re.search(r"\d+", text)
    if not found:
        raise ValueError(f"no number in {text!r}")
    return int(found.group())


# --------------------------------------------------------------------------- where next


def open_trials(studies: pd.DataFrame, agents: pd.DataFrame) -> pd.DataFrame:
    """Studies the sources describe as ongoing or planned, with the agent, its class and its sponsor."""
    trials = studies[studies["status"].isin(["ongoing", "planned"])].copy()
    info = agents.set_index("agent_id")
    trials["agent"] = trials["agent_ids"].map(lambda ids: listing(info.loc[list(ids), "name"]))
    trials["agent class"] = trials["agent_ids"].map(lambda ids: listing(sorted(set(info.loc[list(ids), "agent_class"]))))
    trials["sponsor"] = trials["agent_ids"].map(
        lambda ids: listing(sorted({s for s in info.loc[list(ids), "sponsor"] if isinstance(s, str)}), "not stated"))
    trials["partners"] = trials["partners"].map(lambda p: listing(p))
    trials["nct"] = trials["nct"].map(lambda n: listing(n, ""))
    return trials[["study_id", "title", "agent", "agent class", "sponsor", "partners", "phase", "tumour_group",
                   "nct", "source"]].reset_index(drop=True)


def priority_evidence(combinations: pd.DataFrame, agents: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """For each of the review's five priority partners: how much evidence the table holds, how much
    of it involves a ligand-neutralising antibody, and how many trials were still open."""
    ligand = set(agents.loc[agents["agent_class"] == LIGAND_CLASS, "agent_id"])
    status = studies.set_index("study_id")["status"]
    rows = []
    for rank, (priority, classes) in enumerate(PRIORITIES.items(), start=1):
        mine = combinations[combinations["partner_class"].isin(classes)]
        pre = mine[~is_clinical(mine)]
        clin = mine[is_clinical(mine)]
        with_ligand = mine[mine["agent_ids"].map(lambda ids: bool(ligand & set(ids)))]
        open_ = clin["study_id"].map(status).isin(["ongoing", "planned"])
        rows.append({"rank": rank, "priority": priority, "partner classes": listing(classes),
                     "preclinical rows": len(pre),
                     "of which enhanced activity": int((pre["result"] == "enhanced activity").sum()),
                     "clinical rows": len(clin),
                     "clinical rows negative": int(clin["result"].isin(["no added benefit",
                                                                        "harm or excess toxicity"]).sum()),
                     "rows with a ligand antibody": len(with_ligand),
                     "open trials": int(open_.sum())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- conflicts


def chapter_of(table: str, key: str, studies: pd.DataFrame, arms: pd.DataFrame) -> str:
    """The chapter that shows row ``key`` of ``table`` (a document name such as ``"sarcoma"``)."""
    if table == "arms":
        match = arms.loc[arms["arm_id"] == key, "study_id"]
        return chapter_of("studies", match.iloc[0], studies, arms) if len(match) else "data-dictionary"
    if table == "studies":
        match = studies[studies["study_id"] == key]
        if not len(match):
            return "data-dictionary"
        study = match.iloc[0]
        if study["combination"]:
            randomised = study["design"].startswith("randomised") or study["phase"] in ("II/III", "III")
            return "phase3" if randomised else "combinations"
        return "sarcoma" if study["tumour_group"] == "sarcoma" else "monotherapy"
    return TABLE_CHAPTER.get(table, "data-dictionary")


def affected_rows(conflicts: pd.DataFrame, studies: pd.DataFrame, arms: pd.DataFrame) -> pd.DataFrame:
    """Every ``table:key`` a conflict affects, one line each, with the chapter that shows the row."""
    rows = []
    for c in conflicts.itertuples():
        for item in c.affects:
            table, _, key = item.partition(":")
            rows.append({"conflict_id": c.conflict_id, "kind": c.kind, "table": table, "key": key,
                         "chapter": chapter_of(table, key, studies, arms)})
    return pd.DataFrame(rows, columns=["conflict_id", "kind", "table", "key", "chapter"])


def conflict_counts(conflicts: pd.DataFrame) -> pd.DataFrame:
    """Conflicts counted by kind (rows) and kind of evidence for the resolution (columns), with totals."""
    return _count_grid(conflicts["kind"], conflicts["evidence"], CONFLICT_KINDS, CONFLICT_EVIDENCE, "kind")


def conflict_card(conflict: pd.Series, studies: pd.DataFrame, arms: pd.DataFrame) -> pd.DataFrame:
    """One conflict as a two-column table (field, text) headed by its key, sources as author–year labels.

    Every cell is plain text from the data; show it with :func:`igfbook.tables.show`, which
    escapes it, so that no data text can become markup.
    """
    def version(letter: str) -> list[tuple[str, str]]:
        text = conflict.get(f"version_{letter}")
        if not isinstance(text, str) or not text:
            return []
        source = refs.label(conflict[f"source_{letter}"])
        return [(f"version {letter.upper()}", text), (f"source {letter.upper()}",
                                                     f"{source}, {conflict[f'locator_{letter}']}")]

    affects = []
    for item in conflict["affects"]:
        table, _, key = item.partition(":")
        affects.append(f"{item} ({chapter_of(table, key, studies, arms)})")
    fields = [("topic", conflict["topic"])]
    fields += version("a") + version("b") + version("c")
    fields += [("resolution", conflict["resolution"]), ("reason", conflict["reason"]),
               ("evidence", conflict["evidence"]),
               ("supporting references", refs.labels(conflict["evidence_refs"]) or "none named"),
               ("rows affected (chapter)", "; ".join(affects) or "none: wording only")]
    # The key heads the text column: keys match the schema's pattern [a-z0-9-], so it is safe there.
    return pd.DataFrame(fields, columns=["field", conflict["conflict_id"]])
