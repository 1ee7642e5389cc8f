"""Facts of the chapter *Combinations by partner* (``book/combinations.md``).

>>> f = facts()
>>> f.claims["no-phase3-gain"].holds
True
"""

from __future__ import annotations

import pandas as pd

from databook.facts import Cell, FactSet
from igfbook import combos, data, evidence, stats, text
from igfbook.data import Tables

#: mTORC1 inhibitors among the partners of table ``combinations`` (Simpson et al. §4.3.4 calls
#: everolimus and temsirolimus mTORC1 inhibitors, and §4.3.2 ridaforolimus).
MTORC1 = {"everolimus", "temsirolimus", "ridaforolimus"}
#: Cytotoxic drugs among the partners of table ``studies``.
CYTOTOXIC = {"carboplatin", "paclitaxel", "nab-paclitaxel", "cisplatin", "gemcitabine", "irinotecan", "docetaxel",
             "cabazitaxel", "doxorubicin", "cyclophosphamide"}
#: The sections of the chapter: the name of their facts and their key in :data:`igfbook.combos.PARTNER_GROUPS`.
SECTIONS = {"dna": "DNA damage", "rtk": "receptor tyrosine kinases", "downstream": "downstream pathways",
            "cellcycle": "cell cycle and DNA repair", "insulin": "insulin lowering", "endo": "endocrine therapy",
            "immune": "immune therapy", "triple": "triple regimens"}
EGFR_KINASE_INHIBITORS = {"erlotinib", "afatinib"}
#: The response rates the afatinib cohort's exact interval is read against: it reaches the first,
#: not the second.
AFATINIB_REACHED, AFATINIB_NOT_REACHED = 0.30, 0.50


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def matrix(t: Tables):
    """The evidence matrix and its counts (see :func:`igfbook.combination_figures.evidence_matrix`)."""
    from igfbook import combination_figures

    return combination_figures.evidence_matrix(t.combinations)


def clinical_table(t: Tables, section: str) -> pd.DataFrame:
    """The clinical studies of one section of the chapter, one line per reported arm."""
    return combos.clinical_table(t, combos.PARTNER_GROUPS[SECTIONS[section]])


def shown_studies(t: Tables) -> set[str]:
    """Keys of the studies whose titles the chapter's tables show."""
    clinical = t.combinations[combos.is_clinical(t.combinations)]
    grouped = {c for classes in combos.PARTNER_GROUPS.values() for c in classes}
    return set(clinical.loc[clinical["partner_class"].isin(grouped), "study_id"])


def gap(t: Tables) -> pd.DataFrame:
    """Per partner class: preclinical rows, the share with enhanced activity, and negative clinical rows."""
    c = t.combinations
    pre = ~combos.is_clinical(c)
    rows = []
    for cls in data.enum("combinations", "partner_class"):
        mine = c["partner_class"] == cls
        if not mine.any():
            continue
        rows.append({"partner class": cls, "preclinical rows": int((mine & pre).sum()),
                     "enhanced": int((mine & pre & (c["result"] == "enhanced activity")).sum()),
                     "clinical rows": int((mine & ~pre).sum()),
                     "with a readout": int((mine & ~pre & c["result"].isin(combos.READOUT)).sum()),
                     "clinical negative": int((mine & ~pre & c["result"].isin(combos.NEGATIVE)).sum())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the facts


def _rate(k: Cell, n: Cell) -> str:
    """'k of n (p; 95% CI a–b)' with an exact interval."""
    low, high = stats.exact_ci(int(k.value), int(n.value))
    return f"{text.k_of_n(k.value, n.value)} ({text.pct(k.value / n.value)}; 95% CI {text.interval(low, high)})"


def _levels(t: Tables, section: str) -> str:
    levels = combos.highest_levels(t.combinations, combos.PARTNER_GROUPS[SECTIONS[section]])
    return "; ".join(f"{r['partner class']}: {r['level']} ({' / '.join(r['results'])})" for _, r in levels.iterrows())


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("combinations")
    arm, measure = (lambda a: evidence.arm(t, a)), (lambda a, m: evidence.measure(t, a, m))
    c = t.combinations
    clinical, preclinical = c[combos.is_clinical(c)], c[~combos.is_clinical(c)]
    all_rows = t.rows("combinations")

    def rows_of(frame: pd.DataFrame):
        return t.rows("combinations", frame)

    def in_classes(classes, clinical_only=False) -> pd.DataFrame:
        frame = clinical if clinical_only else c
        return frame[frame["partner_class"].isin(list(classes))]

    # the evidence at a glance
    f.add("n_rows", len(c), cite=False)
    f.add("n_classes", c["partner_class"].nunique(), cite=False)
    f.add("n_pre", len(preclinical), cite=False)
    f.add("n_clin", len(clinical), cite=False)
    f.claim("clinical-rows-have-studies", "every clinical row is tied to a study of the studies table",
            clinical["study_id"].isin(t.studies["study_id"]).all(), rows_of(clinical[~clinical["study_id"].isin(t.studies["study_id"])]))
    share = (preclinical["result"] == "enhanced activity").mean()
    f.add("pre_enhanced", share, text.pct(share, 0), cite=False)
    f.claim("preclinical-enhanced-or-untested", "every preclinical row reports enhanced activity or is an untested rationale",
            preclinical["result"].isin(["enhanced activity", "untested rationale"]).all(),
            rows_of(preclinical[~preclinical["result"].isin(["enhanced activity", "untested rationale"])]))
    readout = clinical[clinical["result"].isin(combos.READOUT)]
    f.add("n_readout", len(readout), cite=False)
    f.add("n_readout_negative", int(readout["result"].isin(combos.NEGATIVE).sum()), cite=False)
    f.add("n_readout_positive", int((readout["result"] == "enhanced activity").sum()), cite=False)
    f.add("n_clin_unanswered", int((~clinical["result"].isin(combos.READOUT)).sum()), cite=False)
    trials = combos.controlled_trials(t)
    gains = trials[trials["result"] == "enhanced activity"]
    late = trials[trials["phase"].isin(["II/III", "III"])]
    gains = gains[["agent", "partners", "study_id", "title", "result", "phase", "year"]]
    confirmed = [s for s in gains.itertuples() if ((late["agent"] == s.agent) & (late["partners"] == s.partners)
                                                   & (late["result"] == "enhanced activity")).any()]
    unconfirmed = [s for s in gains.itertuples() if ((late["agent"] == s.agent) & (late["partners"] == s.partners)
                                                     & late["result"].isin(combos.NEGATIVE)).any()]
    f.claim("no-phase3-gain", "no phase II/III or III row records enhanced activity",
            not c[c["evidence_level"].isin(["phase II/III", "phase III"]) & (c["result"] == "enhanced activity")].size,
            all_rows)
    f.claim("one-controlled-gain-unconfirmed", "the one controlled trial with more activity was a phase II trial "
                                               "whose phase III follow-up found no benefit or harm",
            len(gains) == 1 and gains.iloc[0]["phase"] == "II" and len(unconfirmed) == 1 and not confirmed,
            t.rows("studies", gains))

    # DNA damage
    f.add("n_sched", None, text.words(len(combos.scheduling_trials(t))), cite=False)
    breast_chemo = t.studies[(t.studies["tumour_group"] == "breast") & t.studies["combination"]
                             & t.studies["partners"].map(lambda p: bool(CYTOTOXIC & set(p)))]
    f.claim("ispy-only-breast-chemo", "I-SPY 2 is the one breast cancer study in the table that combined an IGF drug "
                                      "with chemotherapy",
            breast_chemo["study_id"].tolist() == ["ispy2-ganitumab-metformin"], t.rows("studies", breast_chemo))
    radio = in_classes(["radiotherapy"])
    f.add("n_radio", len(radio), cite=False)
    f.add("n_radio_clin", None, text.count_word(len(in_classes(["radiotherapy"], True))), cite=False)
    f.claim("radiotherapy-untested", "no radiotherapy row comes from patients",
            len(in_classes(["radiotherapy"], True)) == 0, rows_of(in_classes(["radiotherapy"], True)))

    # receptor tyrosine kinases
    statements = t.crosstalk["partner"].value_counts()
    f.claim("egfr-most-said", "EGFR is the partner about which the sources say most",
            statements.index[0] == "EGFR" and statements.iloc[0] > statements.iloc[1], t.rows("crosstalk"))
    f.add("n_egfr", len(in_classes(["EGFR/HER2"])), cite=False)
    f.add("n_egfr_clin", len(in_classes(["EGFR/HER2"], True)), cite=False)
    with_tki = clinical[clinical["partners"].map(lambda p: bool(EGFR_KINASE_INHIBITORS & set(p.split("; "))))]
    cls = t.agents.set_index("agent_id")["agent_class"]
    tki_classes = {cls[a] for ids in with_tki["agent_ids"] for a in ids}
    f.claim("every-class-with-egfr-tki", "each of the three classes of IGF drug was given with an EGFR kinase inhibitor",
            tki_classes == {"anti-IGF-1R antibody", "IGF-1R kinase inhibitor", combos.LIGAND_CLASS}, rows_of(with_tki))
    erl = "figitumumab-erlotinib-nsclc-ph3"
    f.add("erl_n", arm(f"{erl}-all")["patients"])
    xa = arm("xentuzumab-afatinib-nsclc-ph1b-rp2d")
    f.add("afatinib_pr", None, _rate(xa["pr"], xa["patients"]), [xa["pr"], xa["patients"]])
    f.add("afatinib_n", xa["patients"])
    f.add("afatinib_sd", xa["sd"])

    # downstream pathways
    mtor = in_classes(["PI3K/Akt/mTOR"], True)
    f.add("n_mtor", len(in_classes(["PI3K/Akt/mTOR"])), cite=False)
    f.add("n_mtor_clin", len(mtor), cite=False)
    f.claim("mtor-trials-mtorc1", "every clinical row of the PI3K/Akt/mTOR class paired an IGF drug with an mTORC1 inhibitor",
            mtor["partners"].map(lambda p: set(p.split("; ")) <= MTORC1).all(), rows_of(mtor))
    pairs = clinical.assign(pair=clinical["agent_ids"].map(lambda a: "; ".join(a)) + " + " + clinical["partners"])
    by_pair = pairs["pair"].value_counts()
    f.claim("cixu-tem-most-data", "cixutumumab with temsirolimus is the pair with the most clinical studies",
            by_pair.index[0] == "cixutumumab + temsirolimus" and by_pair.iloc[0] > by_pair.iloc[1], rows_of(clinical))
    ew, acc, br = (arm("cixutumumab-temsirolimus-ph1-ewing"), arm("cixutumumab-temsirolimus-ph1-acc"),
                   arm("cixutumumab-temsirolimus-ph1-breast"))
    shrink = "patients with tumour shrinkage called objective responses by the source"
    for name, a in (("ct_ewing", ew), ("ct_acc", acc)):
        m = measure(a.key, shrink)
        f.add(name, None, text.k_of_n(m.value("value"), a.value("patients")), [m["value"], a["patients"]])
    f.add("ct_breast", None, text.k_of_n(br.value("sd"), br.value("patients")), [br["sd"], br["patients"]])
    cts = arm("cixutumumab-temsirolimus-sarcoma-ph2-chmielowski")
    f.add("ct_sarcoma_n", cts["patients"])
    f.add("ct_sarcoma_orr", cts["orr_pct"], text.percent(cts.value("orr_pct")))
    peds = arm("cixutumumab-temsirolimus-peds-sarcoma-ph2-simpson")
    f.add("ct_peds", peds["responders"], text.count_word(peds.value("responders"), "no"))
    dr_all = arm("dalotuzumab-ridaforolimus-ph1-all")
    f.add("dr_all_pr", None, _rate(dr_all["pr"], dr_all["patients"]), [dr_all["pr"], dr_all["patients"]])
    dr_b, dr_er = arm("dalotuzumab-ridaforolimus-ph1-breast-simpson"), arm("dalotuzumab-ridaforolimus-ph1-erhigh-simpson")
    f.add("dr_breast_pr", dr_b["pr"])
    activity = "patients with antitumour activity (response, PFS or metabolic change)"
    for name, a in (("dr_breast_active", dr_b), ("dr_er_active", dr_er)):
        m = measure(a.key, activity)
        f.add(name, None, text.k_of_n(m.value("value"), a.value("patients")), [m["value"], a["patients"]])
    mapk_src = in_classes(["MAPK", "Src"], True)
    pi3k_partner = clinical["partners"].str.contains("PI3K", case=False)
    f.claim("no-mapk-src-pi3k-trial", "no trial paired an IGF drug with a MAPK, PI3K or Src inhibitor",
            mapk_src.empty and not pi3k_partner.any(), rows_of(pd.concat([mapk_src, clinical[pi3k_partner]])))

    # cell cycle and DNA repair
    hrd = evidence.number_in(t.row("combinations", "parp-hr-deficiency"), "mechanism", r"about (half) of")
    f.add("hrd_share", hrd)
    cc = in_classes(combos.PARTNER_GROUPS["cell cycle and DNA repair"], True)
    f.claim("cellcycle-one-trial", "the one clinical row for the cell cycle and DNA repair classes is the xentuzumab "
                                   "and abemaciclib trial",
            cc["combo_id"].tolist() == ["clin-xentuzumab-abemaciclib-bc"], rows_of(cc))

    # endocrine therapy
    endo = in_classes(["endocrine therapy"], True)
    f.add("n_endo", len(in_classes(["endocrine therapy"])), cite=False)
    f.add("n_endo_clin", len(endo), cite=False)
    groups = endo["study_id"].map(t.studies.set_index("study_id")["tumour_group"])
    f.claim("endocrine-mostly-breast", "most clinical endocrine rows are in breast cancer",
            (groups == "breast").sum() > len(endo) / 2, rows_of(endo))
    ligand = combos.with_agent_class(c, t.agents, combos.LIGAND_CLASS)
    ligand_endo = endo[ligand.loc[endo.index]]
    f.claim("ligand-endocrine-pending", "the ligand-antibody trials with endocrine therapy were pending",
            len(ligand_endo) > 0 and (ligand_endo["result"] == "pending").all(), rows_of(ligand_endo))

    # immune therapy
    f.add("n_immune", len(in_classes(["immune checkpoint / CSF-1R"])), cite=False)
    f.add("n_immune_clin", None, text.count_word(len(in_classes(["immune checkpoint / CSF-1R"], True))), cite=False)
    f.add("n_priorities", None, text.words(len(combos.PRIORITIES)), cite=False)

    # triple regimens
    tr = arm("xentuzumab-exemestane-everolimus-ph1b-2-rp2d")
    f.add("triple_pr", tr["orr_pct"], text.percent(tr.value("orr_pct")))
    f.add("triple_dcr", tr["dcr_pct"], text.percent(tr.value("dcr_pct")))
    f.claim("triple-no-patient-numbers", "the sources give no patient numbers for this cohort",
            pd.isna(tr.value("patients")) and pd.isna(tr.value("evaluable")), [tr])

    # the highest level each section reached
    for key in SECTIONS:
        f.add(f"level_{key}", None, _levels(t, key), cite=False)

    # summary
    f.claim("most-rows-preclinical", "most rows are preclinical", len(preclinical) > len(clinical), all_rows)
    f.claim("most-preclinical-enhanced", "most preclinical rows report enhanced activity", share > 0.5,
            rows_of(preclinical))
    tested = ["DNA-damaging chemotherapy", "EGFR/HER2", "PI3K/Akt/mTOR", "endocrine therapy"]
    receptor = combos.with_agent_class(c, t.agents, "anti-IGF-1R antibody") | combos.with_agent_class(
        c, t.agents, "IGF-1R kinase inhibitor")
    f.claim("four-classes-tested", "chemotherapy, EGFR-family drugs, mTOR inhibitors and hormone therapy were each "
                                   "tested in patients with an anti-IGF-1R antibody or a kinase inhibitor",
            all(((c["partner_class"] == k) & combos.is_clinical(c) & receptor).any() for k in tested),
            rows_of(in_classes(tested, True)))
    harm = clinical[clinical["result"] == "harm or excess toxicity"]
    f.add("n_harm", len(harm), cite=False)
    lig_clin = clinical[ligand.loc[clinical.index]]
    f.claim("ligand-results-phase1", "the ligand antibodies' combination results came from phase I; their other "
                                     "clinical rows were pending",
            (lig_clin.loc[lig_clin["result"] != "pending", "evidence_level"] == "phase I").all(), rows_of(lig_clin))
    priority_classes = {cl for classes in combos.PRIORITIES.values() for cl in classes}
    untested = ["radiotherapy", "immune checkpoint / CSF-1R"]
    f.claim("radio-immune-untested-priorities", "radiotherapy and immune therapy are both priorities and neither has a "
                                                "clinical row",
            set(untested) <= priority_classes and in_classes(untested, True).empty, rows_of(in_classes(untested, True)))

    # exercises
    g = gap(t)
    top = combos.top_with_ties(g.set_index("partner class")["clinical negative"], 3)
    f.add("gap_top", None, text.listing(f"{k} ({v})" for k, v in top.items()), cite=False)
    f.claim("gap-top-positive-preclinical", "each class with the most negative trials has at least two preclinical "
                                            "rows with enhanced activity",
            (g.set_index("partner class").loc[top.index, "enhanced"] >= 2).all(), all_rows)
    none_negative = g[g["clinical negative"] == 0]
    f.claim("no-negative-means-no-readout", "the classes without a negative trial have no clinical readout at all",
            (none_negative["with a readout"] == 0).all(), all_rows)
    low, high = stats.exact_ci(int(xa.value("pr")), int(xa.value("patients")))
    f.add("afatinib_reached", AFATINIB_REACHED, text.pct(AFATINIB_REACHED, 0), cite=False)
    f.add("afatinib_not_reached", AFATINIB_NOT_REACHED, text.pct(AFATINIB_NOT_REACHED, 0), cite=False)
    f.claim("afatinib-ci-30-not-50", f"the exact interval reaches above {text.pct(AFATINIB_REACHED, 0)} but not "
            f"{text.pct(AFATINIB_NOT_REACHED, 0)}", low < AFATINIB_REACHED < high < AFATINIB_NOT_REACHED, [xa])
    lig_controlled = c[ligand & c["study_id"].isin(trials["study_id"])]
    titles = lig_controlled["study_id"].map(t.studies.set_index("study_id")["title"])
    f.add("ligand_controlled", None, "None" if lig_controlled.empty else text.listing(titles), cite=False)
    f.claim("ligand-not-controlled", "no ligand-antibody row reached a controlled trial", lig_controlled.empty,
            rows_of(lig_controlled))
    return f
