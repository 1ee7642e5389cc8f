"""Facts of the chapter *The second conundrum: no validated biomarker* (``book/biomarkers.md``).

The serum IGF finding in pancreatic cancer that Yee reports and the GAMMA phase III's own
circulating-biomarker result are two rows with two sources; the chapter cites each to its own row,
and a claim stops the build if Yee's row is ever linked to GAMMA.

>>> f = facts()
>>> f.claims["yee-pancreas-not-gamma"].holds, f["gamma_marker"].citations()
(True, ['fuchs2015gamma'])
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet
from igfbook import clinical_figures, data, evidence, refs, text
from igfbook.data import Tables

#: How the prose reads each finding of a clinical marker (every value of the schema's enum).
FINDING_PHRASE = {"predicts response": "as predicting response", "predicts resistance": "as predicting resistance",
                  "prognostic": "as prognostic only", "mixed": "as giving mixed results",
                  "no association": "as showing no association",
                  "untested": "as not tested against outcome with an IGF-targeted drug"}
GAMMA = "ganitumab-gemcitabine-pancreas-ph3"
#: The markers from randomised trials recorded as predicting response; the chapter calls each an
#: exploratory finding of a trial without overall benefit (a new one stops the build until the
#: sentence is checked against its source).
EXPLORATORY = {"igf1-mrna-dalotuzumab-crc", "circulating-igf1-figitumumab-nsclc", "hba1c-figitumumab-exemestane",
               "squamous-histology-figitumumab-nsclc"}


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def findings_figure(t: Tables):
    """The stacked bars of markers by category and finding, and the counts they draw."""
    return clinical_figures.biomarker_findings(t.biomarkers)


def candidates_table(t: Tables) -> pd.DataFrame:
    """Every candidate marker with its source (schema titles are applied by :func:`igfbook.tables.show`)."""
    b = t.biomarkers.sort_values(["evidence", "category", "marker"])
    return b.assign(source=b["source"].map(refs.label))[["marker", "category", "level", "evidence", "tumour",
                                                           "finding", "source"]]


def in_trials(t: Tables) -> pd.DataFrame:
    """The markers linked to a named trial, with the trial's title and design."""
    b = t.biomarkers[t.biomarkers["study_id"].notna()]
    return b.merge(t.studies[["study_id", "title", "design", "phase", "combination"]], on="study_id")


def tried_table(t: Tables) -> pd.DataFrame:
    m = in_trials(t)
    return pd.DataFrame({"marker": m["marker"], "trial": m["title"], "design": m["design"], "finding": m["finding"],
                         "source": m["source"].map(refs.label)})


def randomised(t: Tables) -> pd.DataFrame:
    m = in_trials(t)
    return m[m["design"].str.startswith("randomised")]


def metabolic(t: Tables) -> pd.DataFrame:
    """The markers that measure the patient's metabolism rather than the tumour."""
    b = t.biomarkers
    return b[b["category"] == "glucose metabolism"]


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("biomarkers")
    b = t.biomarkers
    marker = lambda m: t.row("biomarkers", m)  # noqa: E731

    # the candidates
    clinical = b[b["evidence"] == "clinical"]
    f.add("n_markers", len(b), cite=False)
    f.add("n_categories", b["category"].nunique(), cite=False)
    f.add("n_clinical", len(clinical), cite=False)
    f.add("n_preclinical", int((b["evidence"] == "preclinical").sum()), cite=False)
    f.add("table_sources", None, "", t.rows("biomarkers", b))
    counts = clinical["finding"].value_counts()
    order = [x for x in data.package().enum("biomarkers", "finding") if counts.get(x, 0)]
    f.add("clin_findings", None, text.listing(f"{int(counts[x])} {FINDING_PHRASE[x]}" for x in order), cite=False)
    cells = marker("igf1r-receptors-per-cell")
    per_cell = evidence.number_in(cells, "detail", r"some ([\d,]+-[\d,]+) receptors")
    f.add("receptors_per_cell", per_cell, per_cell.value.replace("-", "–"))
    sarcoma_lines = marker("igf1-igf2-expression-bms536924")
    f.add("sarcoma_lines", None, "", [sarcoma_lines])

    # what was tried in trials
    m, r = in_trials(t), randomised(t)
    f.add("n_in_trials", len(m), cite=False)
    f.add("n_in_trials_studies", m["study_id"].nunique(), cite=False)
    f.add("n_randomised_trials", r["study_id"].nunique(), cite=False)
    f.add("n_randomised_markers", len(r), cite=False)

    # tumour IGF-1R
    tissue = clinical[(clinical["category"] == "receptor expression") & (clinical["level"] == "tissue")
                      & clinical["agent_ids"].map(len).gt(0)]
    positive = tissue[tissue["finding"] == "predicts response"]
    f.claim("igf1r-tissue-only-positive", "the one positive clinical report on tumour IGF-1R with an IGF drug is the "
                                          "small figitumumab lung cohort",
            set(positive["marker_id"]) == {"igf1r-expression-nsclc-figitumumab"}, t.rows("biomarkers", positive))
    selection = [marker("igf1r-preselection-dalotuzumab"), marker("igf1r-ihc-cixutumumab-temsirolimus")]
    f.claim("igf1r-selection-failed", "selecting or stratifying by tumour IGF-1R did not track benefit",
            all(x.value("finding") == "no association" for x in selection), selection)
    unmeasured = marker("igf1r-not-measured-r1507")
    f.claim("r1507-not-measured", "the R1507 sarcoma trial did not measure tumour IGF-1R",
            unmeasured.value("finding") == "untested", [unmeasured])

    # circulating IGF-1
    nsclc = marker("circulating-igf1-figitumumab-nsclc")
    f.add("nsclc_igf1", nsclc["marker"], "")
    f.claim("igf1-in-cp-trial", "the lung finding comes from the figitumumab trial with carboplatin and paclitaxel",
            str(nsclc.value("study_id")) == "figitumumab-cp-nsclc-ph3", [nsclc])
    yee = marker("serum-igf1-igf2-ganitumab-pancreas")
    gamma = marker("circulating-igf-gamma-ganitumab")
    f.add("yee_pancreas", yee["marker"], "")
    f.add("gamma_marker", gamma["marker"], "")
    f.claim("yee-pancreas-not-gamma", "Yee's serum IGF finding in pancreatic cancer is not attributed to the GAMMA "
                                      "phase III", str(yee.value("study_id")) != GAMMA and yee.value("source") != "fuchs2015gamma",
            [yee])
    mccaffery = evidence.number_in(yee, "detail", r"McCaffery et al\. (\d{4})")
    f.claim("yee-analysis-earlier", "the analysis Yee cites was published before the GAMMA report",
            mccaffery.value < t.row("studies", GAMMA).value("year"), [yee, t.row("studies", GAMMA)])
    f.claim("gamma-no-association", "in GAMMA, baseline circulating IGF-1 and binding proteins were not associated "
                                    "with a treatment effect", str(gamma.value("study_id")) == GAMMA
            and gamma.value("finding") == "no association", [gamma])
    f.claim("gamma-is-phase-iii", "GAMMA is a randomised phase III",
            t.row("studies", GAMMA).value("phase") == "III", [t.row("studies", GAMMA)])
    sarc = marker("serum-igf1-sarcoma-benefit")
    f.add("sarcoma_igf1", sarc["marker"], "")
    f.claim("circulating-mixed", "Simpson et al.'s summary of circulating IGF-1 is recorded as mixed",
            marker("circulating-igf1-simpson").value("finding") == "mixed", [marker("circulating-igf1-simpson")])

    # free IGF-1 in the figitumumab Ewing trial (the verified abstract)
    free = marker("free-igf1-figitumumab-ewing")
    free_os = evidence.number_in(free, "detail", r"lived a median of ([\d.]+) months")
    f.add("ewing_free_os", free_os, text.number(free_os.value))
    f.claim("ewing-free-prognostic", "the free IGF-1 finding is recorded as prognostic, from a single-arm trial",
            free.value("finding") == "prognostic"
            and t.row("studies", free.value("study_id")).value("design") != "randomised", [free])

    # the insulin receptor and HbA1c
    insr = marker("insr-top-quartile-cixutumumab")
    f.claim("insr-prognostic", "the INSR finding is recorded as prognostic", insr.value("finding") == "prognostic", [insr])
    hr = evidence.effect(t, "figi-exe-hba1c")
    sub = evidence.arm(t, hr.value("arm_id"))
    f.add("hba1c_subgroup", sub["arm"], sub.value("arm").replace(" subgroup", ""))
    f.add("hba1c_hr", hr["value"], text.number(hr.value("value"), 2))
    f.add("hba1c_ci", None, text.span(hr.value("low"), hr.value("high")), [hr["low"], hr["high"]])
    f.claim("hba1c-ci-includes-1", "the subgroup's interval includes a hazard ratio of 1",
            hr.value("low") < 1 < hr.value("high"), [hr])
    met = metabolic(t)
    met_rows = t.rows("biomarkers", met)
    f.add("n_metabolic", len(met), text.words(len(met)), met_rows, cite=False)
    f.add("metabolic_list", None, text.listing(text.lower_first(x) for x in met["marker"]), met_rows)
    f.claim("hba1c-is-metabolic", "HbA1c is among the markers of the patient's metabolism",
            "hba1c-figitumumab-exemestane" in set(met["marker_id"]), met_rows)
    studies = t.studies.set_index("study_id")
    antibody = set(t.agents.loc[t.agents["agent_class"] == "anti-IGF-1R antibody", "agent_id"])
    f.claim("metabolic-from-combinations", "each metabolic marker comes from a trial of an anti-IGF-1R antibody "
                                           "combined with other treatment",
            all(isinstance(s, str) and bool(studies.loc[s, "combination"]) and bool(antibody & set(studies.loc[s, "agent_ids"]))
                for s in met["study_id"]), met_rows)

    # other markers in trials
    for name, marker_id in (("pik3ca", "pik3ca-ganitumab-endocrine"), ("ews", "ews-translocation-ganitumab"),
                            ("nuclear", "nuclear-igf1r-sarcoma")):
        f.add(name, marker(marker_id)["finding"], "")
    f.claim("others-no-association", "the PIK3CA and EWS translocation analyses found no association",
            marker("pik3ca-ganitumab-endocrine").value("finding") == "no association"
            and marker("ews-translocation-ganitumab").value("finding") == "no association",
            [marker("pik3ca-ganitumab-endocrine"), marker("ews-translocation-ganitumab")])

    # the randomised "predicts response" entries
    rp = r[r["finding"] == "predicts response"]
    rp_rows = t.rows("biomarkers", b[b["marker_id"].isin(rp["marker_id"])])
    f.add("n_randomised_predicts", len(rp), text.words(len(rp)), rp_rows, cite=False)
    f.add("randomised_predicts", None, text.listing(text.lower_first(x) for x in rp["marker"]), rp_rows)
    f.claim("randomised-predicts-exploratory", "each marker from a randomised trial recorded as predicting response is "
                                               "an exploratory subgroup finding (the book's reading of each, listed in "
                                               "EXPLORATORY)",
            set(rp["marker_id"]) == EXPLORATORY, rp_rows)
    return f


__all__ = ["EXPLORATORY", "FINDING_PHRASE", "candidates_table", "facts", "findings_figure", "in_trials", "load",
           "metabolic", "randomised", "tried_table"]
