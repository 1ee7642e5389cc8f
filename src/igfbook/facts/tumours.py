"""Facts of the chapter *Lung, breast and adrenocortical cancer* (``book/tumours.md``).

The lung section counts the figitumumab phase III trials from the studies table, and reads the
partner drug of each from the row that reports it: the verified primary publication where there is
one (the erlotinib trial, which Gombos et al. describe as a chemotherapy trial).

>>> f = facts()
>>> f.text("ph3_stopped_n"), f.text("ph3_erl_partners")
('Two', 'erlotinib')
"""

from __future__ import annotations

import math

import pandas as pd
from scipy.stats import norm
from statsmodels.stats.proportion import proportions_ztest

from databook.facts import FactSet
from igfbook import data, evidence, refs, stats, text
from igfbook.data import Tables

#: Partner drugs of the breast cancer studies that are endocrine therapy, and those that are not.
#: A partner in neither set stops the build (claim ``breast-partners-classified``).
ENDOCRINE = {"exemestane", "fulvestrant", "letrozole", "aromatase inhibitor", "continued anti-oestrogen therapy",
             "tamoxifen"}
NOT_ENDOCRINE = {"paclitaxel", "metformin", "lapatinib", "everolimus", "abemaciclib", "trastuzumab", "ridaforolimus",
                 "temsirolimus"}
#: The figitumumab phase III trials in NSCLC that the chapter describes one by one.
PH3_CP, PH3_ERL, PH3_CIS = "figitumumab-cp-nsclc-ph3", "figitumumab-erlotinib-nsclc-ph3", "figitumumab-cis-gem-nsclc-ph3"
#: For the exercise: the share of the randomised phase II assumed, for illustration, to receive figitumumab.
ASSUMED_SHARE = 2 / 3


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def lung(t: Tables) -> pd.DataFrame:
    return evidence.tumour_studies(t.studies, t.arms, "lung", "NSCLC|lung")


def breast(t: Tables) -> pd.DataFrame:
    return evidence.tumour_studies(t.studies, t.arms, "breast", "breast")


def acc(t: Tables) -> pd.DataFrame:
    return evidence.tumour_studies(t.studies, t.arms, "adrenocortical", "adrenocortical")


def summary(t: Tables, frame: pd.DataFrame) -> pd.DataFrame:
    return stats.study_summary(frame, t.arms, t.agents, refs.label)


def lung_table(t: Tables) -> pd.DataFrame:
    return summary(t, lung(t))


def breast_table(t: Tables) -> pd.DataFrame:
    return summary(t, breast(t))


def acc_table(t: Tables) -> pd.DataFrame:
    return summary(t, acc(t))


def cixutumumab_markers(t: Tables) -> pd.DataFrame:
    """The markers measured in the cixutumumab breast cancer trial (the third exercise)."""
    b = t.biomarkers
    return b.loc[b["study_id"] == "cixutumumab-ai-bc-ph2", ["marker", "finding", "detail"]]


def figitumumab_ph3(t: Tables) -> pd.DataFrame:
    """The phase III trials of figitumumab in lung cancer."""
    s = t.studies
    return s[(s["tumour_group"] == "lung") & (s["phase"] == "III")
             & s["agent_ids"].map(lambda ids: "figitumumab" in ids)].reset_index(drop=True)


def ph2_assumed(t: Tables) -> dict:
    """The exercise's illustration: arm sizes and responders of the randomised phase II if
    ``ASSUMED_SHARE`` of its patients received figitumumab, with intervals and a z test."""
    n_all = int(evidence.arm(t, "figitumumab-cp-nsclc-ph2-all").value("patients"))
    n_exp = round(n_all * ASSUMED_SHARE)
    n_ctl = n_all - n_exp
    k_exp = round(evidence.arm(t, "figitumumab-cp-nsclc-ph2-exp").value("orr_pct") / 100 * n_exp)
    k_ctl = round(evidence.arm(t, "figitumumab-cp-nsclc-ph2-ctl").value("orr_pct") / 100 * n_ctl)
    return {"n_exp": n_exp, "n_ctl": n_ctl, "k_exp": k_exp, "k_ctl": k_ctl,
            "ci_exp": stats.exact_ci(k_exp, n_exp), "ci_ctl": stats.exact_ci(k_ctl, n_ctl),
            "p": float(proportions_ztest([k_exp, k_ctl], [n_exp, n_ctl])[1])}


def hr_test(t: Tables) -> dict:
    """The exercise's reading of the HbA1c subgroup: standard error of log HR from its interval
    taken as 95%, and the two-sided p-value."""
    m = evidence.effect(t, "figi-exe-hba1c")
    se = (math.log(m.value("high")) - math.log(m.value("low"))) / (2 * norm.ppf(0.975))
    z = math.log(m.value("value")) / se
    return {"se": se, "p": float(2 * norm.sf(abs(z)))}


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("tumours")
    arm, measure = (lambda a: evidence.arm(t, a)), (lambda a, m: evidence.measure(t, a, m))
    marker = lambda m: t.row("biomarkers", m)  # noqa: E731

    def home(study_id: str) -> str:
        return evidence.chapter_of_row(t, "studies", study_id)

    # ------------------------------------------------------------------ lung
    lung_pct = evidence.number_in(marker("igf1r-overexpression-lung"), "detail", r"up to (\d+%)")
    f.add("lung_igf1r", lung_pct)
    hist = marker("igf1r-expression-nsclc-histology")
    f.add("squamous_igf1r", evidence.number_in(hist, "detail", r"squamous cell carcinoma \((\d+%)\)"))
    f.add("other_igf1r", evidence.number_in(hist, "detail", r"other histologies \((\d+%)\)"))
    prog = marker("igf1r-expression-nsclc-prognosis")
    f.claim("lung-prognosis-disputed", "the prognostic value of IGF-1R in NSCLC is recorded as mixed",
            prog.value("finding") == "mixed", [prog])

    ph2_all, ph2_exp, ph2_ctl = (arm("figitumumab-cp-nsclc-ph2-all"), arm("figitumumab-cp-nsclc-ph2-exp"),
                                 arm("figitumumab-cp-nsclc-ph2-ctl"))
    f.add("nsclc_ph2_n", ph2_all["patients"])
    f.add("nsclc_ph2_exp", ph2_exp["orr_pct"], text.percent(ph2_exp.value("orr_pct")))
    f.add("nsclc_ph2_ctl", ph2_ctl["orr_pct"], text.percent(ph2_ctl.value("orr_pct")))

    ph3 = figitumumab_ph3(t)
    ph3_rows = t.rows("studies", ph3)
    stopped, cancelled = ph3[ph3["status"] == "stopped early"], ph3[ph3["status"] == "cancelled"]
    f.add("ph3_n", len(ph3), text.words(len(ph3)), ph3_rows, cite=False)
    f.add("ph3_stopped_n", len(stopped), text.sentence(text.words(len(stopped))), t.rows("studies", stopped), cite=False)
    f.add("ph3_cancelled_n", len(cancelled), text.words(len(cancelled)), t.rows("studies", cancelled), cite=False)
    f.claim("ph3-stopped-are-these", "the stopped figitumumab phase III trials in NSCLC are the carboplatin–paclitaxel "
                                     "trial and the erlotinib trial, and the cisplatin–gemcitabine trial was cancelled",
            set(stopped["study_id"]) == {PH3_CP, PH3_ERL} and set(cancelled["study_id"]) == {PH3_CIS}, ph3_rows)
    cp, erl, cis = t.row("studies", PH3_CP), evidence.primary(t, PH3_ERL), t.row("studies", PH3_CIS)
    f.add("ph3_cp_partners", None, text.listing(cp.value("partners")), [cp["partners"]])
    f.add("ph3_erl_partners", None, text.listing(erl.value("partners")), [erl["partners"]])
    f.add("ph3_erl_setting", erl["setting"])
    f.add("ph3_cis_partners", None, text.listing(cis.value("partners")), [cis["partners"]])
    f.add("ph3_cis_name", evidence.number_in(cis, "title", r"\((ADVIGO[^)]*)\)"))
    f.claim("erlotinib-trial-without-chemotherapy", "the second stopped trial gave figitumumab with erlotinib, "
                                                    "not with carboplatin and paclitaxel",
            "erlotinib" in erl.value("partners") and not {"carboplatin", "paclitaxel"} & set(erl.value("partners")),
            [erl])
    gombos = evidence.version(t, "c-figitumumab-ph3-count", "a")
    f.add("gombos_ph3_n", evidence.number_in(gombos, "text", r"^(\w+) randomised phase III trials"))
    f.claim("gombos-says-chemotherapy", "Gombos et al. describe the stopped trials as carboplatin–paclitaxel trials",
            "with carboplatin-paclitaxel stopped early" in gombos.value("text"), [gombos])
    exp_c, ctl_c = (evidence.harm(t, "cardiac-figitumumab-cp-exp"),
                    evidence.harm(t, "cardiac-figitumumab-cp-ctl"))
    f.add("cardiac_exp", exp_c["value"], text.percent(exp_c.value("value")))
    f.add("cardiac_ctl", ctl_c["value"], text.percent(ctl_c.value("value")))
    ratio = exp_c.value("value") / ctl_c.value("value")
    f.add("cardiac_ratio", ratio, text.number(ratio, 1), [exp_c["value"], ctl_c["value"]])
    f.claim("cardiac-not-twice", "the printed rates do not give a ratio of two", abs(ratio - 2) > 0.05, [exp_c, ctl_c])
    igf1 = marker("circulating-igf1-figitumumab-nsclc")
    f.claim("igf1-finding-in-cp-trial", "the circulating IGF-1 finding belongs to the carboplatin–paclitaxel trial",
            str(igf1.value("study_id")) == PH3_CP, [igf1])
    xafa = arm("xentuzumab-afatinib-nsclc-ph1b-rp2d")
    f.add("xafa", None, text.k_of_n(*evidence.require(f, "xafa", xafa["responders"], xafa["patients"])), [xafa["responders"], xafa["patients"]])
    later = ["linsitinib-erlotinib-nsclc-ph2", "xentuzumab-afatinib-nsclc-ph1b"]
    f.claim("later-lung-in-combinations", "the later lung combination trials are told in the combinations chapter",
            all(home(s) == "combinations" for s in later), [t.row("studies", s) for s in later])
    controlled = [s for s in pd.concat([lung(t), breast(t), acc(t)])["study_id"].unique()
                  if bool(t.studies.set_index("study_id").loc[s, "combination"])
                  and evidence.is_controlled(t.studies.set_index("study_id").loc[s, ["design", "phase"]])]
    f.claim("controlled-in-phase3", "the controlled combination trials of these tumours are told in full in phase3",
            all(home(s) == "phase3" for s in controlled), [t.row("studies", s) for s in controlled])

    # ------------------------------------------------------------------ breast
    b = breast(t)
    combos = b[b["combination"].astype(bool)]
    partners = {p for ps in combos["partners"] for p in ps}
    endocrine = combos[combos["partners"].map(lambda ps: bool(ENDOCRINE & set(ps)))]
    f.add("n_breast", len(b), cite=False)
    f.add("n_breast_combo", len(combos), cite=False)
    f.add("n_breast_endocrine", len(endocrine), cite=False)
    unknown = partners - ENDOCRINE - NOT_ENDOCRINE
    f.claim("breast-partners-classified", "every partner drug of the breast studies is classed as endocrine or not",
            not unknown, t.rows("studies", combos[combos["partners"].map(lambda ps: bool(unknown & set(ps)))]))
    f.add("breast_igf1r", evidence.number_in(marker("igf1r-overexpression-breast"), "detail", r"Found in (\d+%)"))
    ave, gbr = (measure("ave1642-ph1-breast", "patients with clinical activity"),
                measure("ganitumab-ph1-breast", "patients with clinical activity"))
    f.add("ave_active", ave["value"], text.words(ave.value("value")))
    f.add("gani_breast_active", gbr["value"], text.words(gbr.value("value")))
    ct = arm("cixutumumab-temsirolimus-ph1-breast")
    f.add("cixtem_breast", None, text.k_of_n(*evidence.require(f, "cixtem_breast", ct["sd"], ct["patients"])), [ct["sd"], ct["patients"]])
    f.claim("dalo-rida-in-combinations", "the dalotuzumab and ridaforolimus phase I is told in the combinations chapter",
            home("dalotuzumab-ridaforolimus-ph1") == "combinations", [t.row("studies", "dalotuzumab-ridaforolimus-ph1")])

    # ------------------------------------------------------------------ adrenocortical carcinoma
    lins = measure("linsitinib-ph1-acc", "patients with preliminary antitumour activity")
    f.add("acc_lins_active", lins["value"], text.words(lins.value("value")))
    fa = arm("figitumumab-acc-ph1-gombos")
    shrink = measure(fa.key, "patients with tumour shrinkage short of a partial response")
    f.add("acc_figi_n", fa["patients"])
    f.add("acc_figi_shrink", shrink["value"], text.number(shrink.value("value")))
    cx = arm("cixutumumab-temsirolimus-ph1-acc")
    cx_shrink = measure(cx.key, "patients with tumour shrinkage called objective responses by the source")
    f.add("acc_cixtem", None, text.k_of_n(*evidence.require(f, "acc_cixtem", cx_shrink["value"], cx["patients"])),
          [cx_shrink["value"], cx["patients"]])
    acc_rates = stats.response_table(t.studies, t.arms, t.agents)
    acc_rates = acc_rates[acc_rates["has_counts"].astype(bool) & acc_rates["study_id"].isin(acc(t)["study_id"])]
    f.claim("acc-no-responses", "no single-agent cohort in adrenocortical carcinoma had a counted response",
            len(acc_rates) > 0 and (acc_rates["responders"] == 0).all(),
            t.rows("arms", t.arms[t.arms["arm_id"].isin(acc_rates["arm_id"])]))
    lp3 = t.row("studies", "linsitinib-acc-ph3")
    f.claim("linsitinib-ph3-placebo", "the linsitinib phase III in adrenocortical carcinoma was placebo-controlled",
            lp3.value("phase") == "III" and "placebo" in lp3.value("design"), [lp3])

    # ------------------------------------------------------------------ exercises
    a = ph2_assumed(t)
    f.add("ex_ph2_p", a["p"], text.number(a["p"], 2), [ph2_all["patients"], ph2_exp["orr_pct"], ph2_ctl["orr_pct"]],
          cite=False)
    f.claim("ph2-intervals-overlap", "under the assumption the two arms' intervals overlap",
            a["ci_exp"][0] < a["ci_ctl"][1], [ph2_exp, ph2_ctl])
    f.claim("ph2-not-significant", "under the assumption the z test does not reach significance", a["p"] >= 0.05,
            [ph2_exp, ph2_ctl])
    h, hr = hr_test(t), evidence.effect(t, "figi-exe-hba1c")
    f.add("ex_hr_p", h["p"], text.number(h["p"], 2), [hr["value"], hr["low"], hr["high"]], cite=False)
    f.claim("hr-not-significant", "the subgroup hazard ratio's p-value is above 0.05", h["p"] > 0.05, [hr])
    f.claim("hr-level-not-stated", "the level of the subgroup's interval is not stated",
            hr.value("interval") == "confidence interval (level not stated)", [hr])
    cm = cixutumumab_markers(t)
    cm_rows = t.rows("biomarkers", t.biomarkers[t.biomarkers["study_id"] == "cixutumumab-ai-bc-ph2"])
    f.add("n_cixu_markers", len(cm), text.words(len(cm)), cm_rows, cite=False)
    f.claim("cixu-markers-describe", "none of the cixutumumab trial's markers is recorded as predicting response",
            not (cm["finding"] == "predicts response").any(), cm_rows)
    return f


__all__ = ["acc", "acc_table", "breast", "breast_table", "cixutumumab_markers", "facts", "figitumumab_ph3", "hr_test",
           "load", "lung", "lung_table", "ph2_assumed", "summary"]
