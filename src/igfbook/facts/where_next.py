"""Facts of the chapter *Where next* (``book/where-next.md``).

>>> f = facts()
>>> f.claims["endocrine-most-clinical"].holds
True
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet
from igfbook import combos, data, refs, text
from igfbook.data import Tables

LIGAND = combos.LIGAND_CLASS
NEGATIVE = ("no added benefit", "harm or excess toxicity")
#: The open trial that the sources describe as a comparison with a control arm.
COMPARED = "xentuzumab-enzalutamide-crpc-ph1b-2"
#: The adaptive trial the chapter names, and the review whose funder the chapter weighs.
ADAPTIVE = "ispy2-ganitumab-metformin"
REVIEW = "simpson2017igf"


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def priorities(t: Tables) -> pd.DataFrame:
    """For each of the review's priority partners: the evidence the combinations table holds."""
    p = combos.priority_evidence(t.combinations, t.agents, t.studies)
    return p.rename(columns={"preclinical rows": "preclinical entries",
                             "of which enhanced activity": "of which more activity",
                             "clinical rows": "clinical entries", "clinical rows negative": "of which negative",
                             "rows with a ligand antibody": "entries with a ligand antibody"})


def open_trials(t: Tables) -> pd.DataFrame:
    """The trials the sources describe as ongoing or planned (:func:`igfbook.combos.open_trials`)."""
    return combos.open_trials(t.studies, t.agents)


def open_table(t: Tables) -> pd.DataFrame:
    """The open trials for readers (show with ``table="studies"``): sources as author–year labels."""
    o = open_trials(t)
    return o.assign(source=o["source"].map(refs.label))[["title", "agent", "sponsor", "partners", "phase", "nct",
                                                         "source"]]


def ties(t: Tables) -> pd.DataFrame:
    """Each source article's funding and ties, as the sources table records them."""
    s = data.table("sources")
    return pd.DataFrame({"article": s["key"].map(refs.label), "funding": s["funding"].fillna("none recorded"),
                         "ties": s["ties"].fillna("none recorded"),
                         "ties according to": s["tie_sources"].map(refs.labels).replace("", "")})


def conditions(t: Tables) -> pd.DataFrame:
    """For each open trial: its design as recorded, whether a comparator is named, whether patients
    are selected by an IGF marker (the first exercise's answer)."""
    o = open_trials(t)
    info = t.studies.set_index("study_id")[["title", "design", "setting"]].loc[o["study_id"]]
    yes_no = {True: "yes", False: "no"}
    return pd.DataFrame({
        "study": info["title"].to_numpy(),
        "design recorded": info["design"].to_numpy(),
        "comparator named": [yes_no[_compared(s)] for _, s in info.reset_index().iterrows()],
        "selected by an IGF marker": info["setting"].fillna("").str.contains("IGF").map(yes_no).to_numpy(),
    })


def radiotherapy(t: Tables) -> pd.DataFrame:
    """The rows of the combinations table behind the fifth priority (show with ``table="combinations"``)."""
    r = t.combinations[t.combinations["partner_class"].isin(combos.PRIORITIES["radiotherapy"])]
    return r.assign(source=r["source"].map(refs.label))[["partners", "model", "tumour", "result", "source"]]


def _compared(study: pd.Series) -> bool:
    return str(study["design"]).startswith("randomised") or " versus " in str(study["title"])


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("where-next")
    p = combos.priority_evidence(t.combinations, t.agents, t.studies).set_index("priority")
    comb, studies = t.combinations, t.studies
    status = studies.set_index("study_id")["status"]
    ligand = set(t.agents.loc[t.agents["agent_class"] == LIGAND, "agent_id"])

    def rows_of(priority: str, clinical: bool | None = None) -> pd.DataFrame:
        mine = comb[comb["partner_class"].isin(combos.PRIORITIES[priority])]
        if clinical is not None:
            mine = mine[(mine["evidence_level"] != "preclinical") == clinical]
        return mine

    f.add("n_priorities", len(p), text.words(len(p)), cite=False)

    # priorities with no clinical row
    untested = [x for x in p.index if rows_of(x, True).empty]
    f.add("n_untested", len(untested), text.words(len(untested)), cite=False)
    f.add("untested", None, text.listing(untested), cite=False)

    # endocrine therapy
    endo = rows_of("endocrine therapy", True)
    negative = endo[endo["result"].isin(NEGATIVE)]
    f.add("endo_clinical", len(endo), sources=t.rows("combinations", endo))
    f.add("endo_positive", int((endo["result"] == "enhanced activity").sum()),
          text.count_word((endo["result"] == "enhanced activity").sum()), sources=t.rows("combinations", endo))
    f.add("endo_negative", len(negative), sources=t.rows("combinations", negative))
    most = max(p.index, key=lambda x: len(rows_of(x, True)))
    f.claim("endocrine-most-clinical", "endocrine therapy has the most clinical rows of the five priorities",
            most == "endocrine therapy" and all(len(rows_of(x, True)) < len(endo) for x in p.index if x != most), [])
    f.claim("endocrine-negatives-older-drugs", "every negative clinical row for endocrine therapy is with a drug other "
                                               "than a ligand antibody",
            not any(ligand & set(ids) for ids in negative["agent_ids"]), t.rows("combinations", negative))
    rest = endo[~endo["result"].isin(NEGATIVE) & (endo["result"] != "enhanced activity")]
    f.claim("endocrine-rest", "the other endocrine clinical rows are pending, stopped without results or feasibility only",
            set(rest["result"]) <= {"pending", "terminated without results", "feasible, activity unclear"},
            t.rows("combinations", rest))

    # EGFR-family inhibitors
    egfr_pre, egfr_neg = rows_of("EGFR family inhibitors", False), rows_of("EGFR family inhibitors", True)
    egfr_neg = egfr_neg[egfr_neg["result"].isin(NEGATIVE)]
    f.add("egfr_pre", len(egfr_pre), sources=t.rows("combinations", egfr_pre))
    f.add("egfr_negative", len(egfr_neg), sources=t.rows("combinations", egfr_neg))
    f.claim("egfr-broadest", "EGFR-family inhibitors have more preclinical rows than any other priority",
            all(len(rows_of(x, False)) < len(egfr_pre) for x in p.index if x != "EGFR family inhibitors"), [])
    f.claim("egfr-negatives-older-drugs", "the negative EGFR clinical rows are with drugs other than ligand antibodies",
            not any(ligand & set(ids) for ids in egfr_neg["agent_ids"]), t.rows("combinations", egfr_neg))

    # CDK inhibitors
    cdk_pre, cdk_clin = rows_of("CDK inhibitors", False), rows_of("CDK inhibitors", True)
    f.add("cdk_pre", len(cdk_pre), f"{text.words(len(cdk_pre))} preclinical {'entry' if len(cdk_pre) == 1 else 'entries'}",
          t.rows("combinations", cdk_pre))
    f.add("cdk_trials", None, text.listing(text.lower_first(studies.set_index("study_id").loc[k, "title"])
                                           for k in cdk_clin["study_id"]), t.rows("combinations", cdk_clin))
    f.claim("cdk-pending", "the clinical evidence for CDK inhibitors is trials still pending",
            len(cdk_clin) > 0 and (cdk_clin["result"] == "pending").all(), t.rows("combinations", cdk_clin))

    # priorities with an open ligand-antibody trial
    with_trial = []
    for x in p.index:
        clin = rows_of(x, True)
        open_ligand = clin[clin["study_id"].map(status).isin(["ongoing", "planned"])
                           & clin["agent_ids"].map(lambda ids: bool(ligand & set(ids)))]
        if len(open_ligand):
            with_trial.append(x)
    f.add("n_with_trial", len(with_trial), text.words(len(with_trial)), cite=False)
    f.add("with_trial", None, text.listing(with_trial), cite=False)

    # the open trials
    o = open_trials(t)
    lig = o[o["agent class"] == LIGAND]
    f.add("n_open", len(o), cite=False)
    f.add("n_open_ligand", len(lig), cite=False)
    by_agent = lig["agent"].value_counts()
    f.add("open_by_agent", None, text.listing(f"{n} with {text.drug(a)}" for a, n in by_agent.items()), cite=False)
    others = o[o["agent class"] != LIGAND]
    f.add("open_other", None, "" if others.empty else
          ("; the other tests " if len(others) == 1 else "; the others test ")
          + text.listing(f"{text.drug(a)}, an {c}" for a, c in zip(others["agent"], others["agent class"])), cite=False)
    info = studies.set_index("study_id")[["setting", "design", "title"]].loc[o["study_id"]]
    selected = info["setting"].fillna("").str.contains("IGF")
    f.add("n_open_selected", int(selected.sum()), text.count_word(selected.sum()), cite=False)
    compared = [k for k, s in info.iterrows() if _compared(s)]
    f.claim("one-compared", "only the prostate cancer trial is described as a comparison with a control",
            compared == [COMPARED], [f"studies:{k}" for k in compared])
    f.add("n_not_compared", len(o) - len(compared), cite=False)
    used = t.arms[t.arms["use"].fillna(False).astype(bool) & t.arms["study_id"].isin(o["study_id"])]
    numbers = used[["patients", "responders", "sd", "orr_pct", "dcr_pct"]].notna().any(axis=1)
    early = list(dict.fromkeys(used.loc[numbers, "study_id"]))
    f.add("n_early", len(early), text.words(len(early)), cite=False)
    f.add("early_partners", None, text.listing("with " + text.listing(studies.set_index("study_id").loc[s, "partners"])
                                               for s in early), t.rows("studies", studies[studies["study_id"].isin(early)]))
    xentuzumab = o[o["agent"] == "xentuzumab"]
    f.claim("xentuzumab-most", "xentuzumab is the antibody of most of the open trials", len(xentuzumab) > len(o) / 2,
            [f"studies:{k}" for k in o["study_id"]])

    # who paid for the review
    sources = data.table("sources")
    review = t.as_row("sources", sources[sources["key"] == REVIEW].iloc[0])
    funder = review.value("funding").split(" (")[0]
    sponsor = t.row("agents", "xentuzumab")
    f.add("funder", None, funder, [review["funding"]])
    f.claim("funder-develops-xentuzumab", "the review's funder is the developer of xentuzumab",
            sponsor.value("sponsor") == funder, [sponsor])

    # adaptive designs: the one reported IGF trial with an adaptive design
    ispy = t.row("studies", ADAPTIVE)
    result = comb.loc[comb["study_id"] == ADAPTIVE, "result"]
    f.claim("ispy-reported-negative", "I-SPY 2 reported, and found no added benefit from ganitumab",
            ispy.value("status") == "reported" and list(result) == ["no added benefit"], [ispy])

    # the exercises' answers
    cond = conditions(t)
    f.claim("none-meets-both", "no open trial both names a comparator and selects patients by a marker",
            not ((cond["comparator named"] == "yes") & (cond["selected by an IGF marker"] == "yes")).any(), [])
    unrecorded = int((cond["design recorded"] == "not stated").sum())
    f.add("design_unrecorded", unrecorded, "any of them" if unrecorded == len(cond) else f"{unrecorded} of them",
          cite=False)
    f.claim("design-mostly-unrecorded", "the studies table records no design for most of the open trials",
            unrecorded > len(cond) / 2, [])
    f.claim("no-open-marker", "no open trial selects patients by an IGF marker", not selected.any(),
            [f"studies:{k}" for k in info.index[selected]])
    radio = radiotherapy(t)
    f.add("radio_tumours", None, text.listing(radio["tumour"]), t.rows("combinations", t.combinations.loc[radio.index]))
    f.add("radio_models", None, text.listing(sorted({m for ms in radio["model"] for m in ms})),
          t.rows("combinations", t.combinations.loc[radio.index]))
    return f
