"""Facts of the chapter *Lessons for drug development* (``book/lessons.md``).

The count of patients in the editorial's sarcoma trials is the sarcoma chapter's
(:func:`igfbook.facts.sarcoma.exposure`), so the two chapters cannot disagree; this chapter adds
the count over every study, by the rule of :mod:`igfbook.exposure`.

>>> f = facts()
>>> f.claims["editorial-count-passes"].holds
True
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet, Source
from igfbook import count_figures, data, evidence, exposure, refs, text
from igfbook.conflicts import affected_keys
from igfbook.data import Tables
from igfbook.facts import sarcoma

ANTIBODY = "anti-IGF-1R antibody"
#: Endpoints of the second exercise: what each means, as a test on one row of ``arms``.
ENDPOINTS = {
    "response (count or rate)": lambda a: a["responders"].notna() | a["orr_pct"].notna(),
    "stable disease": lambda a: a["sd"].notna() | a["sd_pct"].notna(),
    "clinical benefit rate": lambda a: a["cbr_pct"].notna(),
    "median progression-free survival": lambda a: a["pfs_median"].notna(),
    "median overall survival": lambda a: a["os_median"].notna(),
}


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def per_study(t: Tables) -> pd.DataFrame:
    """Patients of every study (:func:`igfbook.exposure.study_patients`)."""
    return exposure.study_patients(t.studies, t.arms)


def sarcoma_studies(t: Tables) -> pd.DataFrame:
    """The studies devoted to sarcoma (tumour group ``sarcoma``), with their patient counts."""
    p = per_study(t)
    return p[p["tumour_group"] == "sarcoma"]


def editorial_trials(t: Tables) -> pd.DataFrame:
    """The trials behind the editorial's "more than 700", counted as the sarcoma chapter counts them."""
    return sarcoma.exposure(t)


def exposure_figure(t: Tables):
    """The stacked bars of patients in the sarcoma trials, and the table of segments."""
    every = sarcoma_studies(t)
    return count_figures.exposure(editorial_trials(t), every[every["patients"].notna()], claimed(t).value)


def claimed(t: Tables):
    return evidence.number_in(evidence.version(t, "c-sarcoma-700-total", "a"), "text", r"more than (\d+)")


def endpoints(t: Tables) -> pd.DataFrame:
    """For every arm the book reports of a study devoted to sarcoma: which endpoints it has (yes/no)."""
    ids = set(t.studies.loc[t.studies["tumour_group"] == "sarcoma", "study_id"])
    arms = evidence.used(t.arms)
    arms = arms[arms["study_id"].isin(ids)]
    title = t.studies.set_index("study_id")["title"]
    table = pd.DataFrame({"study": arms["study_id"].map(title), "arm": arms["arm"]})
    for name, has in ENDPOINTS.items():
        table[name] = has(arms).map({True: "yes", False: "no"}).to_numpy()
    table["another measure"] = arms["arm_id"].isin(set(t.measures["arm_id"])).map({True: "yes", False: "no"}).to_numpy()
    return table.reset_index(drop=True)


def antibodies(t: Tables) -> pd.DataFrame:
    """The anti-IGF-1R antibodies of the agents table: name, sponsor, highest phase, status."""
    a = t.agents[t.agents["agent_class"] == ANTIBODY]
    return a[["name", "sponsor", "highest_phase", "status", "status_source"]].assign(
        status_source=a["status_source"].map(lambda k: refs.label(k) if isinstance(k, str) else ""))


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("lessons")
    studies = t.studies

    # no biomarker
    selected = studies[studies["setting"].fillna("").str.contains("IGF")]
    f.add("n_studies", len(studies), cite=False)
    f.add("n_selected", len(selected), text.words(len(selected)), cite=False)
    f.add("selected", None, text.listing("the " + text.lower_first(x) for x in selected["title"]),
          t.rows("studies", selected))
    gap = refs.year("simpson2017igf") - refs.year("chmielowski2014editorial")
    f.add("years_after", gap, text.words(gap), cite=False)

    # no control arms
    devoted = studies[studies["tumour_group"] == "sarcoma"]
    randomised = devoted[devoted["design"].str.startswith("randomised")]
    f.add("n_sarcoma_studies", len(devoted), cite=False)
    f.add("sarcoma_randomised", len(randomised),
          "none was" if randomised.empty else f"{len(randomised)} {'was' if len(randomised) == 1 else 'were'}",
          cite=False)

    # endpoints
    arm, measure = (lambda a: evidence.arm(t, a)), (lambda a, m: evidence.measure(t, a, m))
    o = arm("sarc-r1507-sarcoma-chmielowski")
    f.add("r1507_orr", o["orr_pct"], text.percent(o.value("orr_pct")))
    pfs12 = measure(o.key, "progression-free at 12 weeks")
    f.add("r1507_pfs12", pfs12["value"], text.percent(pfs12.value("value")))
    bench = evidence.number_in(evidence.version(t, "c-sarcoma-pfs-benchmark", "a"), "text", r"(\d+)%")
    design = evidence.version(t, "c-sarcoma-pfs-benchmark", "b")
    p0 = evidence.number_in(design, "text", r"(\d+)% \(not promising\)")
    p1 = evidence.number_in(design, "text", r"(\d+)% \(promising\)")
    f.add("benchmark", bench, f"{bench.value}%")
    f.add("design_p0", p0, f"{p0.value}%")
    f.add("design_p1", p1, f"{p1.value}%")
    f.claim("r1507-below-both", "R1507's 12-week progression-free rate is below the editorial's benchmark and below "
                                "even the rate the cited trial's design called not promising",
            pfs12.value("value") < p0.value <= bench.value, [o, "conflicts:c-sarcoma-pfs-benchmark"])
    exp, ctl = arm("figitumumab-cp-nsclc-ph2-exp"), arm("figitumumab-cp-nsclc-ph2-ctl")
    f.add("figi_orr_exp", exp["orr_pct"], text.percent(exp.value("orr_pct")))
    f.add("figi_orr_ctl", ctl["orr_pct"], text.percent(ctl.value("orr_pct")))
    f.claim("figi-orr-rose", "the response rate was higher with figitumumab", exp.value("orr_pct") > ctl.value("orr_pct"),
            [exp, ctl])
    g = arm("ganitumab-eft-dsrct-ph2-tap2012")
    for col in ("orr_pct", "sd_pct", "cbr_pct"):
        f.add(f"gani_{col.removesuffix('_pct')}", g[col], text.percent(g.value(col)))
    f.add("gani_evaluable", g["evaluable"])
    erhigh = arm("dalotuzumab-ridaforolimus-ph1-erhigh-gombos")
    f.add("dr_rate", erhigh["orr_pct"], text.percent(erhigh.value("orr_pct")))
    active = measure("dalotuzumab-ridaforolimus-ph1-erhigh-simpson",
                     "patients with antitumour activity (response, PFS or metabolic change)")
    subgroup = arm("dalotuzumab-ridaforolimus-ph1-erhigh-simpson")
    f.add("dr_active", None, text.k_of_n(active.value("value"), subgroup.value("patients")),
          [active["value"], subgroup["patients"]])
    breast = arm("dalotuzumab-ridaforolimus-ph1-breast-simpson")
    f.add("dr_breast_pr", breast["responders"])
    f.claim("dr-rate-is-activity", "the 54% is the share with any activity, not with a response",
            abs(100 * active.value("value") / subgroup.value("patients") - erhigh.value("orr_pct")) < 1
            and breast.value("responders") < active.value("value"), [erhigh, active, breast])

    # parallel programmes
    a = t.agents
    clinical = a[(a["agent_class"] == ANTIBODY) & ~a["highest_phase"].isin(["preclinical", "not stated"])]
    named = clinical[clinical["sponsor"].notna()]
    f.add("n_clinical_mabs", len(clinical), sources=t.rows("agents", clinical))
    f.add("n_mab_named", len(named), sources=t.rows("agents", named))
    f.add("n_mab_sponsors", named["sponsor"].nunique(), sources=t.rows("agents", named))
    drugs, trials_ = t.row("field_counts", "gombos-candidate-drugs"), t.row("field_counts", "gombos-clinical-trials")
    for name, r in (("field_drugs", drugs), ("field_trials", trials_)):
        f.add(name, r["value"], text.qualified(r.value("qualifier"), text.number(r.value("value"))), [r["qualifier"]])
    by = drugs.value("reported_by")
    f.add("field_year", refs.year(by), sources=[drugs["reported_by"]], cite=False)
    f.claim("field-counts-one-review", "the two counts of the field come from one review",
            trials_.value("reported_by") == by and t.row("sources", by).value("kind") == "review",
            [drugs, trials_, f"sources:{by}"])
    names = a.set_index("agent_id")
    sarcoma_agents = sorted({x for ids in devoted["agent_ids"] for x in ids})
    f.add("n_sarcoma_agents", len(sarcoma_agents), cite=False)
    f.add("sarcoma_agents", None, text.listing(sorted(names.loc[sarcoma_agents, "name"], key=str.lower)), cite=False)
    f.claim("sarcoma-agents-are-antibodies", "every IGF drug tested in the studies devoted to sarcoma was an "
                                             "anti-IGF-1R antibody",
            (names.loc[sarcoma_agents, "agent_class"] == ANTIBODY).all(),
            [f"agents:{x}" for x in sarcoma_agents if names.loc[x, "agent_class"] != ANTIBODY])
    trials = editorial_trials(t)
    trial_agents = {x for s in trials["study_id"] for x in t.row("studies", s).value("agent_ids")}
    f.add("n_editorial_agents", len(trial_agents), text.words(len(trial_agents)), cite=False)
    f.add("editorial_agents", None, text.listing(sorted(names.loc[sorted(trial_agents), "name"], key=str.lower)),
          cite=False)

    # the reflex rise of insulin
    metformin = studies[studies["partners"].map(lambda p: any("metformin" in x for x in p))]
    f.claim("one-metformin-trial", "I-SPY 2 is the one trial in the tables that gave metformin",
            list(metformin["study_id"]) == ["ispy2-ganitumab-metformin"], t.rows("studies", metformin))

    # how many patients were exposed
    total700 = claimed(t)
    f.add("claim_700", total700)
    rows = t.rows("arms", t.arms[t.arms["arm_id"].isin([x for ids in trials["arm_ids"] for x in ids])])
    f.claim("editorial-count-passes", "the trials the editorial names pass its figure (the sarcoma chapter tells "
                                      "the count; this chapter's summary relies on it)",
            trials["patients"].sum() > total700.value, rows)
    p = per_study(t).set_index("study_id")
    same = p.loc[trials["study_id"], "patients"].astype(int).to_numpy()
    f.claim("same-count-as-sarcoma", "this chapter's counting rule gives each of the editorial's trials the patients "
                                     "the sarcoma chapter counts", (same == trials["patients"].to_numpy()).all(), rows)
    every = sarcoma_studies(t)
    counted = every[every["patients"].notna()]
    extra = counted[~counted["study_id"].isin(trials["study_id"])]
    f.add("extra_sarcoma", None, text.listing("the " + text.lower_first(x) for x in extra["title"]),
          t.rows("arms", t.arms[t.arms["arm_id"].isin([x for ids in extra["arm_ids"] for x in ids])]))
    f.add("sarcoma_patients", int(counted["patients"].sum()), cite=False)
    f.add("sarcoma_counted", len(counted), cite=False)
    uncounted = every[every["patients"].isna()]
    f.add("sarcoma_uncounted", None, "Every study devoted to sarcoma has a patient number in the tables."
          if uncounted.empty else
          f"The tables hold no patient number for {text.listing('the ' + text.lower_first(x) for x in uncounted['title'])}"
          ", which is left out.", cite=False)
    everything = per_study(t)
    totals = exposure.exposure_totals(everything)
    f.add("all_patients", totals["patients"], cite=False)
    f.add("all_counted", totals["studies"], cite=False)
    f.add("all_uncounted", totals["uncounted"], cite=False)
    f.claim("most-uncounted", "most studies have no patient number in the tables",
            totals["uncounted"] > totals["studies"], [])
    late = everything[everything["phase"].isin(["III", "II/III"])]
    n_late_out = int(late["patients"].isna().sum())
    f.add("late_uncounted", n_late_out, "every one" if n_late_out == len(late) else f"{n_late_out}", cite=False)
    f.add("n_late", len(late), cite=False)
    n_sub = int((everything["basis"] == exposure.BASES[2]).sum())
    f.add("subgroup_only", n_sub, "no study is counted only by a subgroup" if n_sub == 0 else
          f"{text.count(n_sub, 'more study', 'more studies')} {'is' if n_sub == 1 else 'are'} counted only by the "
          "largest subgroup reported", cite=False)

    # the exercises' answers
    verified = t.arms.copy()
    ewing = verified["study_id"] == "sarc-r1507-ewing"
    verified.loc[ewing, "use"] = verified.loc[ewing, "arm_id"] == "sarc-r1507-ewing-pappo2011"
    recount = exposure.study_patients(studies, verified)
    keys = affected_keys(t.conflicts, "c-sarcoma-700-total", "studies")
    recount_total = exposure.exposure_totals(recount[recount["study_id"].isin(keys)])["patients"]
    used_total = exposure.exposure_totals(p.reset_index()[p.reset_index()["study_id"].isin(keys)])["patients"]
    pub = arm("sarc-r1507-ewing-pappo2011")
    f.add("recount_total", recount_total, sources=rows + [pub])
    f.add("recount_delta", recount_total - used_total, sources=rows + [pub])
    f.claim("recount-passes", "the recount with the verified publication's number also passes the figure",
            recount_total > total700.value, rows + [pub])
    f.claim("conflict-names-the-trials", "the conflict's rows are the editorial's trials",
            set(keys) == set(trials["study_id"]), ["conflicts:c-sarcoma-700-total"])
    e = endpoints(t)
    shares = {name: int((e[name] == "yes").sum()) for name in ENDPOINTS}
    first = max(shares, key=shares.get)
    others = max(v for k, v in shares.items() if k != first)
    f.add("n_endpoint_arms", len(e), cite=False)
    k = shares["response (count or rate)"]
    f.add("response_arms", k, f"every one of the {len(e)} arms" if k == len(e) else f"{k} of the {len(e)} arms",
          cite=False)
    f.add("n_next_endpoint", others, cite=False)
    f.claim("response-most-shared", "a response count or rate is the endpoint most arms share, and no other is "
                                    "reported by more than half of them",
            first == "response (count or rate)" and others <= len(e) / 2, [])
    mabs = a[a["agent_class"] == ANTIBODY]
    in_trials = mabs[~mabs["highest_phase"].isin(["preclinical", "not stated"])]
    phase3 = in_trials[in_trials["highest_phase"] == "III"]
    stopped = in_trials[in_trials["status"] == "development stopped"]
    unknown = in_trials[in_trials["status"] == "not stated"]
    f.add("mab_phase3", None, text.listing(sorted(phase3["name"], key=str.lower)), t.rows("agents", phase3))
    f.add("n_mab_phase3", len(phase3), text.words(len(phase3)), t.rows("agents", phase3))
    # a status is cited to the article that states it (status_source), not to the row's source
    said = [Source("agents", r.agent_id, "status", (r.status_source,)) for r in stopped.itertuples()]
    f.add("mab_stopped", None, text.listing(sorted(stopped["name"], key=str.lower)), said)
    f.add("n_mab_stopped", len(stopped), text.words(len(stopped)), said)
    f.add("n_mab_unknown", len(unknown), sources=t.rows("agents", unknown))
    f.claim("sponsors-unique", "each antibody whose developer the sources name had a different developer",
            named["sponsor"].is_unique, t.rows("agents", named))
    return f
