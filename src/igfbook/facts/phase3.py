"""Facts of the chapter *Randomised trials with chemotherapy and targeted partners* (``book/phase3.md``).

The trials are the combination studies that :func:`igfbook.evidence.chapter_of` sends to this
chapter (randomised, or of phase II/III or III); :func:`igfbook.combos.controlled_trials` selects
them and :func:`igfbook.combos.trial_checklist` says what each did.

>>> f = facts()
>>> f.claims["no-ligand"].holds
True
"""

from __future__ import annotations

import pandas as pd
from statsmodels.stats.proportion import proportions_ztest

from databook.facts import FactSet
from igfbook import combos, data, evidence, refs, safety, stats, text
from igfbook.data import Tables

#: Combination studies that compared the IGF combination with something else, although the sources
#: do not describe a randomised design (so the studies table says "not stated" and the trials are
#: not in this chapter's table). Each is named in the sources with a comparator:
OPEN_DESIGN = [
    "linsitinib-erlotinib-nsclc-ph2",        # Simpson §4.3.4: "inferiority in the linsitinib arm"
    "dalotuzumab-ridaforolimus-bc-ph2",      # Gombos (breast): compared with exemestane
    "cixutumumab-adt-prostate",              # Simpson §4.4: versus ADT alone
    "xentuzumab-enzalutamide-crpc-ph1b-2",   # Simpson §4.4: versus enzalutamide alone
]
WORD_NUMBERS = {w: i for i, w in enumerate(text.NUMBER_WORDS)}
#: The figitumumab phase III trials in NSCLC that the chapter describes one by one.
PH3_CP, PH3_ERL, PH3_CIS = "figitumumab-cp-nsclc-ph3", "figitumumab-erlotinib-nsclc-ph3", "figitumumab-cis-gem-nsclc-ph3"
#: The randomised phase II of figitumumab with carboplatin and paclitaxel.
PH2 = "figitumumab-cp-nsclc-ph2"
#: For the exercise: the share of the randomised phase II assumed, for illustration, to receive figitumumab.
ASSUMED_SHARE = 2 / 3


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def trials(t: Tables) -> pd.DataFrame:
    """The controlled combination trials (see :func:`igfbook.combos.controlled_trials`)."""
    return combos.controlled_trials(t)


def checks(t: Tables) -> pd.DataFrame:
    return combos.trial_checklist(t, trials(t))


def trials_table(t: Tables) -> pd.DataFrame:
    """The trials for readers, with the article that reports each and its primary publication."""
    tr = trials(t)
    return pd.DataFrame({
        "study": tr["title"], "agent": tr["agent"], "partners": tr["partners"], "phase": tr["phase"],
        "design": tr["design"], "setting": tr["setting"].fillna(""), "status": tr["status"], "year": tr["year"],
        "result": tr["result"], "reported by": tr["source"].map(refs.label),
        "primary publication": tr["primary_ref"].map(lambda k: refs.label(k) if isinstance(k, str) and k else ""),
    })


def checklist(t: Tables):
    """The checklist figure and the table it draws (without keys)."""
    from igfbook import combination_figures

    fig, table = combination_figures.checklist(checks(t))
    return fig, table.drop(columns="study_id")


ENDPOINT_SHORT = {"overall survival": "OS", "progression-free survival": "PFS",
                  "progression-free survival (investigator)": "PFS (investigator)", "event-free survival": "EFS",
                  "not named": "endpoint not named"}


def hazard_ratios(t: Tables) -> pd.DataFrame:
    """The comparisons of ``effects`` that print a hazard ratio (used rows), labelled for the forest
    plot: which trial, which arm or subgroup, which endpoint; before the sources' cut-off first."""
    c = safety.comparisons(t)
    c = c[c["measure"] == "hazard ratio"].copy()
    later = t.later.set_index("later_id")[["acronym", "tumour_group", "partners"]]
    studies = t.studies.set_index("study_id")[["tumour_group", "partners"]]

    def name(r) -> str:
        if isinstance(r.later_id, str) and isinstance(later.loc[r.later_id, "acronym"], str):
            return later.loc[r.later_id, "acronym"]
        s = studies.loc[r.study_id] if isinstance(r.study_id, str) else later.loc[r.later_id]
        group = s["tumour_group"] if s["tumour_group"].startswith("solid") else f"{s['tumour_group']}"
        return f"{r.agent} + {text.listing(s['partners'])} ({group})"

    def detail(r) -> str:
        same = c[(c["study_id"].fillna(c["later_id"]) == (r.study_id if isinstance(r.study_id, str) else r.later_id))
                 & (c["endpoint"] == r.endpoint)]
        who = evidence.arm(t, r.arm_id).value("arm").split(" + ")[0] if len(same) > 1 and isinstance(r.arm_id, str) \
            else ("" if r.population.startswith("all randomised") else r.population.replace("subgroup: ", ""))
        return ", ".join(x for x in (who, ENDPOINT_SHORT[r.endpoint]) if x)

    c["label"] = [f"{name(r)} · {detail(r)}" for r in c.itertuples()]
    c["shown"] = [text.ratio(r.value, r.low, r.high, r.interval) for r in c.itertuples()]
    return c.sort_values(["after", "year"], kind="stable").reset_index(drop=True)


def forest(t: Tables):
    """The forest plot of hazard ratios and the table it draws."""
    from igfbook import evidence_figures

    return evidence_figures.forest(hazard_ratios(t))


def figitumumab_ph3(t: Tables) -> pd.DataFrame:
    """The phase III trials of figitumumab in lung cancer (the programme this chapter tells)."""
    s = t.studies
    return s[(s["tumour_group"] == "lung") & (s["phase"] == "III")
             & s["agent_ids"].map(lambda ids: "figitumumab" in ids)].reset_index(drop=True)


def ph2_assumed(t: Tables) -> dict:
    """The exercise's illustration: arm sizes and responders of the randomised phase II if
    ``ASSUMED_SHARE`` of its patients received figitumumab, with intervals and a z test."""
    n_all = int(evidence.arm(t, f"{PH2}-all").value("patients"))
    n_exp = round(n_all * ASSUMED_SHARE)
    n_ctl = n_all - n_exp
    k_exp = round(evidence.arm(t, f"{PH2}-exp").value("orr_pct") / 100 * n_exp)
    k_ctl = round(evidence.arm(t, f"{PH2}-ctl").value("orr_pct") / 100 * n_ctl)
    return {"n_exp": n_exp, "n_ctl": n_ctl, "k_exp": k_exp, "k_ctl": k_ctl,
            "ci_exp": stats.exact_ci(k_exp, n_exp), "ci_ctl": stats.exact_ci(k_ctl, n_ctl),
            "p": float(proportions_ztest([k_exp, k_ctl], [n_exp, n_ctl])[1])}


def _short(row) -> str:
    """'ganitumab with gemcitabine in pancreatic cancer'."""
    where = row.tumour_group if row.tumour_group.startswith("solid") else f"{row.tumour_group} cancer"
    return f"{row.agent} with {row.partners} in {where}"


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("phase3")
    arm, measure = (lambda a: evidence.arm(t, a)), (lambda a, m: evidence.measure(t, a, m))
    tr, ch = trials(t), checks(t)
    trial_rows = t.rows("studies", t.studies[t.studies["study_id"].isin(tr["study_id"])])

    # the trials
    f.add("n_trials", len(tr), cite=False)
    f.add("n_randomised", int((ch["control arm"] == "yes").sum()), cite=False)
    f.add("n_late", int(tr["phase"].isin(["II/III", "III"]).sum()), cite=False)
    ended = tr["status"].isin(["stopped early", "terminated without results", "cancelled"])
    f.add("n_ended", int(ended.sum()), cite=False)
    classes = tr["agent class"].value_counts()
    f.add("class_counts", None, text.listing(f"{n} used an {c}" for c, n in classes.items()), cite=False)
    f.add("n_tumour_groups", tr["tumour_group"].nunique(), cite=False)
    f.add("tumour_groups", None, text.listing(sorted(tr["tumour_group"].unique())), cite=False)
    without = tr[~tr["has combination row"]]
    f.claim("one-without-combination-row", "exactly one trial has no row in the combinations table, and it was cancelled",
            len(without) == 1 and (without["status"] == "cancelled").all(), t.rows("studies", without))
    gains = tr[tr["result"] == "enhanced activity"]
    f.add("n_positive", None, text.count_word(len(gains), "no"), cite=False)
    gain_arms = t.arms[t.arms["study_id"].isin(gains["study_id"])]
    f.claim("positive-phase2-response", "the trial that recorded more activity was a phase II trial with a response rate",
            len(gains) == 1 and (gains["phase"] == "II").all() and gain_arms["orr_pct"].notna().any(),
            t.rows("studies", gains))

    # lung cancer: the randomised phase II
    ph2 = [arm(f"{PH2}-{r}") for r in ("all", "exp", "ctl")]
    f.add("figi_ph2_n", ph2[0]["patients"])
    f.add("figi_ph2_orr_exp", ph2[1]["orr_pct"], text.percent(ph2[1].value("orr_pct")))
    f.add("figi_ph2_orr_ctl", ph2[2]["orr_pct"], text.percent(ph2[2].value("orr_pct")))

    # lung cancer: the phase III trials, each read from the row that reports it (the verified
    # primary publication for the erlotinib trial, which Gombos et al. describe as a chemotherapy trial)
    s = t.studies
    ph3 = figitumumab_ph3(t)
    ph3_rows = t.rows("studies", ph3)
    stopped, cancelled = ph3[ph3["status"] == "stopped early"], ph3[ph3["status"] == "cancelled"]
    f.add("ph3_stopped_n", len(stopped), text.sentence(text.words(len(stopped))), t.rows("studies", stopped), cite=False)
    f.add("ph3_cancelled_n", len(cancelled), text.words(len(cancelled)), t.rows("studies", cancelled), cite=False)
    f.claim("ph3-stopped-are-these", "the stopped figitumumab phase III trials in NSCLC are the carboplatin–paclitaxel "
                                     "trial and the erlotinib trial, and the cisplatin–gemcitabine trial was cancelled",
            set(stopped["study_id"]) == {PH3_CP, PH3_ERL} and set(cancelled["study_id"]) == {PH3_CIS}, ph3_rows)
    cp, erl_row, cis = t.row("studies", PH3_CP), evidence.primary(t, PH3_ERL), t.row("studies", PH3_CIS)
    f.add("ph3_cp_partners", None, text.listing(cp.value("partners")), [cp["partners"]])
    f.add("ph3_erl_partners", None, text.listing(erl_row.value("partners")), [erl_row["partners"]])
    f.add("ph3_erl_setting", erl_row["setting"])
    f.add("ph3_cis_partners", None, text.listing(cis.value("partners")), [cis["partners"]])
    f.add("ph3_cis_name", evidence.number_in(cis, "title", r"\((ADVIGO[^)]*)\)"))
    f.claim("erlotinib-trial-without-chemotherapy", "the second stopped trial gave figitumumab with erlotinib, "
                                                    "not with carboplatin and paclitaxel",
            "erlotinib" in erl_row.value("partners")
            and not {"carboplatin", "paclitaxel"} & set(erl_row.value("partners")), [erl_row])
    erl_arms = [arm(f"{PH3_ERL}-{r}") for r in ("all", "exp", "ctl")]
    f.add("erl_n", erl_arms[0]["patients"])
    f.add("erl_os_exp", erl_arms[1]["os_median"], text.number(erl_arms[1].value("os_median"), 1))
    f.add("erl_os_ctl", erl_arms[2]["os_median"], text.number(erl_arms[2].value("os_median"), 1))
    hr = evidence.effect(t, "figi-erl-ph3-os")
    f.add("erl_hr", hr["value"], text.number(hr.value("value"), 2))
    f.add("erl_hr_ci", None, text.span(hr.value("low"), hr.value("high"), 2), [hr["low"], hr["high"]])
    sae = [evidence.harm(t, f"sae-figitumumab-erlotinib-{r}") for r in ("exp", "ctl")]
    f.add("erl_sae_exp", sae[0]["value"], text.percent(sae[0].value("value")))
    f.add("erl_sae_ctl", sae[1]["value"], text.percent(sae[1].value("value")))

    # lung cancer: Gombos et al.'s account of the stopped trials
    gombos_row = evidence.version(t, "c-figitumumab-ph3-count", "a")
    gombos = evidence.number_in(gombos_row, "text", r"^(\w+) randomised phase III")
    f.add("gombos_ph3_count", gombos)
    f.claim("gombos-says-chemotherapy", "Gombos et al. describe the stopped trials as carboplatin–paclitaxel trials",
            "with carboplatin-paclitaxel stopped early" in gombos_row.value("text"), [gombos_row])
    f.claim("figi-ph3-stopped-count", "the studies table holds as many stopped figitumumab phase III lung trials as "
                                      "Gombos et al. describe",
            len(stopped) == WORD_NUMBERS.get(gombos.value, -1), t.rows("studies", stopped))
    cardiac = [evidence.harm(t, f"cardiac-figitumumab-cp-{r}") for r in ("exp", "ctl")]
    f.add("cardiac_exp", cardiac[0]["value"], text.percent(cardiac[0].value("value")))
    f.add("cardiac_ctl", cardiac[1]["value"], text.percent(cardiac[1].value("value")))
    ratio = cardiac[0].value("value") / cardiac[1].value("value")
    f.add("cardiac_ratio", ratio, text.number(ratio, 1), [c["value"] for c in cardiac])
    f.claim("cardiac-not-twice", "the printed rates do not give a ratio of two", abs(ratio - 2) > 0.05, cardiac)

    # pancreatic cancer: GAMMA
    g = "ganitumab-gemcitabine-pancreas-ph3"
    g_arms = [arm(f"{g}-{r}") for r in ("placebo", "gan12", "gan20")]
    f.add("gamma_n", sum(a.value("patients") for a in g_arms), sources=[a["patients"] for a in g_arms])
    for name, a in zip(("gamma_os_placebo", "gamma_os_12", "gamma_os_20"), g_arms):
        f.add(name, a["os_median"], text.number(a.value("os_median"), 1))
    for name, a in (("gamma_hr_12", g_arms[1]), ("gamma_hr_20", g_arms[2])):
        m = evidence.effect(t, "gamma-os-" + a.key.rsplit("-", 1)[1])
        f.add(name, None, f"{text.number(m.value('value'), 2)} (95% CI {text.span(m.value('low'), m.value('high'), 2)})",
              [m["value"], m["low"], m["high"]])
    f.claim("gamma-stopped", "GAMMA stopped early", t.row("studies", g).value("status") == "stopped early",
            [t.row("studies", g)])

    # breast cancer

    # comparisons whose design the sources leave open
    open_design = s[s["study_id"].isin(OPEN_DESIGN)]
    f.add("n_open_design", None, text.sentence(text.words(len(open_design))), cite=False)
    f.claim("open-design-not-controlled", "these comparisons are combination studies with no design stated, so they "
                                          "are not in the table of trials",
            len(open_design) == len(OPEN_DESIGN) and open_design["combination"].all()
            and (open_design["design"] == "not stated").all() and not open_design["study_id"].isin(tr["study_id"]).any(),
            t.rows("studies", open_design))
    mono = s[~s["combination"] & (s["phase"] == "III")]
    f.add("mono_ph3", None, text.listing(text.lower_first(x) for x in mono["title"]), cite=False)
    f.claim("one-mono-ph3", "there is one single-agent phase III trial in the sources", len(mono) == 1,
            t.rows("studies", mono))

    # the hazard ratios
    hr = hazard_ratios(t)
    hr_rows = [t.row("effects", k) for k in hr["effect_id"]]
    f.add("n_hr", len(hr), cite=False)
    f.add("n_hr_trials", hr["study_id"].fillna(hr["later_id"]).nunique(), cite=False)
    f.add("n_hr_after", None, text.words(int(hr["after"].sum())), cite=False)
    f.add("hr_sources", None, "", hr_rows)
    f.claim("no-hr-favours-igf", "no hazard ratio's interval lies wholly below 1",
            not (hr["high"] < 1).any(), hr_rows)
    worse = hr[hr["low"] > 1]
    f.add("n_hr_worse", None, text.words(len(worse)), cite=False)
    f.claim("worse-is-later", "the one interval wholly above 1 is a trial reported after the sources",
            len(worse) == 1 and worse["after"].all(), [t.row("effects", k) for k in worse["effect_id"]])
    f.add("hr_lowest", None, text.ratio(*hr.loc[hr["value"].idxmin(), ["value", "low", "high", "interval"]]),
          [t.row("effects", hr.loc[hr["value"].idxmin(), "effect_id"])])
    f.claim("lowest-is-subgroup", "the lowest hazard ratio is a subgroup's",
            hr.loc[hr["value"].idxmin(), "population"].startswith("subgroup"), hr_rows)

    # the explanations offered
    sched = combos.scheduling_trials(t)
    sched_tr = tr[tr["study_id"].isin(sched["study_id"])]
    f.add("sched_trials", None, text.listing(_short(r) for r in sched_tr[["agent", "partners", "tumour_group"]].itertuples()), cite=False)
    f.claim("sched-trials-controlled", "the trials of the scheduling remark are all in this chapter's table",
            len(sched_tr) == len(sched) > 0, t.rows("studies", sched))

    # the serum IGF finding in pancreatic cancer belongs to the phase II trial, not to GAMMA
    b = t.biomarkers
    serum = b[(b["tumour"].str.contains("pancrea", case=False)) & (b["finding"] == "predicts response")
              & b["agent_ids"].map(lambda a: "ganitumab" in a)]
    f.claim("pancreatic-serum-igf-not-gamma", "the serum IGF association in pancreatic cancer that Yee cites is not "
                                              "a finding of GAMMA",
            len(serum) > 0 and not (serum["study_id"] == g).any(), t.rows("biomarkers", serum))

    # the checklist
    features = [c for c in ch.columns if c not in ("study_id", "trial")]
    cells = ch[features]
    f.add("n_features", None, text.words(len(features)), cite=False)
    f.add("n_cells", cells.size, cite=False)
    f.add("n_yes", int((cells == "yes").sum().sum()), cite=False)
    yes_cols = [c for c in features if (cells[c] == "yes").any()]
    f.add("yes_where", None, "none of them" if not yes_cols else
          f"all of them in the {text.listing(yes_cols)} column{'s' if len(yes_cols) > 1 else ''}", cite=False)
    unstated = int((cells == "not stated").sum().sum())
    f.add("n_not_stated", unstated, f"{text.count_word(unstated)} {'is' if unstated == 1 else 'are'} not stated",
          cite=False)
    f.add("n_ligand", None, text.count_word((ch["ligand antibody"] == "yes").sum()), cite=False)
    f.claim("no-ligand", "every controlled trial used an anti-IGF-1R antibody or a kinase inhibitor",
            set(tr["agent class"]) <= {"anti-IGF-1R antibody", "IGF-1R kinase inhibitor"}, trial_rows)
    f.add("n_selected", None, text.count_word((ch["IGF biomarker selection"] == "yes").sum()), cite=False)
    f.claim("none-selected", "no controlled trial selected patients by an IGF marker",
            (ch["IGF biomarker selection"] == "no").all(), trial_rows)
    selected = s[s["setting"].fillna("").str.contains("IGF")]
    f.claim("one-selected-study", "the one study that required tumour IGF-1R was a single-agent phase I trial",
            len(selected) == 1 and not selected["combination"].any() and (selected["phase"] == "I").all(),
            t.rows("studies", selected))
    f.add("n_insulin", None, text.count_word((ch["insulin lowered"] == "yes").sum()), cite=False)
    metformin = s[s["partners"].map(lambda p: "metformin" in p)]
    lowered = ch.loc[ch["insulin lowered"] == "yes", "study_id"].tolist()
    f.claim("insulin-only-ispy", "I-SPY 2 is the one controlled trial that lowered insulin, and the one study "
                                 "of any design that gave metformin",
            lowered == ["ispy2-ganitumab-metformin"] and metformin["study_id"].tolist() == lowered,
            t.rows("studies", metformin) + trial_rows)
    breast = tr[tr["tumour_group"] == "breast"]
    classes_of = t.combinations.dropna(subset=["study_id"]).groupby("study_id")["partner_class"].agg(set)
    endocrine = [sid for sid in breast["study_id"] if classes_of.get(sid, set()) == {"endocrine therapy"}]
    others = breast[~breast["study_id"].isin(endocrine)]
    f.add("n_breast", len(breast), cite=False)
    f.claim("breast-endocrine-but-ispy", "every controlled breast cancer trial but I-SPY 2 paired the IGF drug "
                                         "with hormone therapy alone; I-SPY 2 paired it with chemotherapy",
            others["study_id"].tolist() == ["ispy2-ganitumab-metformin"]
            and others["partners"].map(lambda p: "paclitaxel" in p).all(), t.rows("studies", breast))
    radio = t.combinations[(t.combinations["partner_class"] == "radiotherapy") & combos.is_clinical(t.combinations)]
    f.claim("no-radiotherapy-trial", "no trial of any design combined an IGF drug with radiotherapy",
            radio.empty and not s["partners"].map(lambda p: any("radi" in x for x in p)).any(),
            t.rows("combinations", radio))

    # summary
    late_tr = tr[tr["phase"].isin(["II/III", "III"])]
    f.claim("no-lasting-benefit", "no phase II/III or III trial recorded more activity, so no gain lasted",
            not (late_tr["result"] == "enhanced activity").any(), t.rows("studies", late_tr))
    f.add("n_harm", int((tr["result"] == "harm or excess toxicity").sum()), cite=False)

    # exercises
    a = ph2_assumed(t)
    f.add("ex_ph2_p", a["p"], text.number(a["p"], 2), [ph2[0]["patients"], ph2[1]["orr_pct"], ph2[2]["orr_pct"]],
          cite=False)
    f.claim("ph2-intervals-overlap", "under the assumption the two arms' intervals overlap",
            a["ci_exp"][0] < a["ci_ctl"][1], ph2[1:])
    f.claim("ph2-not-significant", "under the assumption the z test does not reach significance", a["p"] >= 0.05,
            ph2[1:])
    antibodies = tr[tr["agent class"] == "anti-IGF-1R antibody"]
    sponsor = t.agents.set_index("agent_id")["sponsor"]
    ids = sorted({a for x in antibodies["agent_ids"] for a in x})
    f.add("n_antibodies", None, text.words(len(ids)), cite=False)
    f.add("n_sponsors", None, text.words(len({sponsor[a] for a in ids if isinstance(sponsor[a], str)})), cite=False)
    per_group = antibodies.groupby("tumour_group")["agent"].nunique()
    shared = per_group[per_group >= 2].index.tolist()
    f.add("shared_groups", None, text.listing(f"{g} cancer" for g in shared), cite=False)
    f.claim("several-antibodies-same-tumour", "several antibodies were tested in the same tumour types",
            len(ids) > 1 and len(shared) > 0, t.rows("studies", antibodies))
    return f
