"""Facts of the chapter *Lung, breast and adrenocortical cancer* (``book/tumours.md``).

The lung section gives the biology and counts the figitumumab phase III trials from the studies
table; the trials themselves, being controlled, are told in ``phase3`` (claim ``controlled-in-phase3``).

>>> f = facts()
>>> f.text("ph3_n"), f.claims["lung-ph3-all-ended"].holds
('three', True)
"""

from __future__ import annotations

import math

import pandas as pd
from scipy.stats import norm

from databook.facts import FactSet
from igfbook import data, evidence, refs, stats, text
from igfbook.data import Tables
from igfbook.facts import phase3

#: Partner drugs of the breast cancer studies that are endocrine therapy, and those that are not.
#: A partner in neither set stops the build (claim ``breast-partners-classified``).
ENDOCRINE = {"exemestane", "fulvestrant", "letrozole", "aromatase inhibitor", "continued anti-oestrogen therapy",
             "tamoxifen"}
NOT_ENDOCRINE = {"paclitaxel", "metformin", "lapatinib", "everolimus", "abemaciclib", "trastuzumab", "ridaforolimus",
                 "temsirolimus"}


#: The randomised breast cancer trials with endocrine therapy that reported (told in ``phase3``).
BREAST_RANDOMISED = ("ganitumab-endocrine-bc-ph2", "cixutumumab-ai-bc-ph2", "figitumumab-exemestane-bc-ph2")


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

    ph3 = phase3.figitumumab_ph3(t)
    ph3_rows = t.rows("studies", ph3)
    f.add("ph3_n", len(ph3), text.words(len(ph3)), ph3_rows)
    f.claim("lung-ph3-all-ended", "every figitumumab phase III trial in NSCLC was stopped early or cancelled",
            len(ph3) > 0 and ph3["status"].isin(["stopped early", "cancelled"]).all(), ph3_rows)
    later = ["linsitinib-erlotinib-nsclc-ph2", "xentuzumab-afatinib-nsclc-ph1b"]
    f.claim("later-lung-in-combinations", "the later lung combination trials are told in the combinations chapter",
            all(home(s) == "combinations" for s in later), [t.row("studies", s) for s in later])
    controlled = [s for s in pd.concat([f["study_id"] for f in (lung(t), breast(t), acc(t))]).unique()
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
    randomised = phase3.trials(t).set_index("study_id").loc[list(BREAST_RANDOMISED), ["result"]]
    f.claim("breast-randomised-no-help", "the three randomised breast trials with endocrine therapy recorded no added "
                                         "benefit, and the ganitumab trial harm",
            set(randomised["result"]) <= {"no added benefit", "harm or excess toxicity"}
            and randomised.loc["ganitumab-endocrine-bc-ph2", "result"] == "harm or excess toxicity",
            [t.row("studies", s) for s in BREAST_RANDOMISED])
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


__all__ = ["acc", "acc_table", "breast", "breast_table", "cixutumumab_markers", "facts", "hr_test", "load", "lung",
           "lung_table", "summary"]
