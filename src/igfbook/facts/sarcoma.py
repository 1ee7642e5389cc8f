"""Facts of the chapter *Sarcoma and the Ewing exception* (``book/sarcoma.md``).

>>> f = facts()
>>> f.value("pool_k") >= 3, f.claims["robatumumab-pooled"].holds
(True, True)
"""

from __future__ import annotations

import re

import pandas as pd

from databook.facts import Cell, FactSet
from igfbook import data, evidence, refs, stats, text
from igfbook.data import Tables

#: The editorial's references 8–12 (the sarcoma trials of R1507, figitumumab, ganitumab, cixutumumab
#: and cixutumumab with temsirolimus) and the R1507 Ewing report it folds into the SARC enrolment.
EDITORIAL_SARCOMA_TRIALS = ["pappo2014r1507", "juergens2011figitumumab", "tap2012ganitumab", "schoffski2013cixutumumab",
                            "schwartz2013cixutumumab", "pappo2011r1507ewing"]
#: The three the editorial cites for its "more than 700 patients" (its refs 9, 11 and 12).
CITED_FOR_700 = ["juergens2011figitumumab", "schoffski2013cixutumumab", "schwartz2013cixutumumab"]
R1507_EWING_VERIFIED = {"sarc-r1507-ewing": "sarc-r1507-ewing-pappo2011"}


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def rates(t: Tables) -> pd.DataFrame:
    """Response rates of every used single-agent arm (see :func:`igfbook.stats.response_table`)."""
    return stats.response_table(t.studies, t.arms, t.agents)


def studies(t: Tables) -> pd.DataFrame:
    """The sarcoma studies (and mixed trials with a Ewing subgroup)."""
    return evidence.sarcoma_studies(t.studies, t.arms)


def ewing(t: Tables) -> pd.DataFrame:
    """The single-agent Ewing cohorts with counts: the cohorts the chapter pools."""
    return evidence.ewing_cohorts(rates(t))


def pooled(t: Tables) -> stats.Pooled:
    e = ewing(t)
    return stats.pool_proportions(e["responders"], e["denominator"], evidence.cohort_labels(e))


def study_table(t: Tables) -> pd.DataFrame:
    return stats.study_summary(studies(t), t.arms, t.agents, refs.label)


def forest(t: Tables):
    """The forest plot of the pooled Ewing cohorts and the numbers it draws."""
    from igfbook import clinical_figures

    e, pool = ewing(t), pooled(t)
    weights = pd.Series(pool.studies["weight_re"].to_numpy(), index=e["arm_id"].to_numpy())
    return clinical_figures.forest(e, pool, "pooled (DerSimonian–Laird)", weights=weights)


DURABLE_ARMS = ["sarc-r1507-sarcoma-chmielowski", "ganitumab-ph1-ewing", "robatumumab-osteo-ewing-ph2-simpson"]


def durable_table(t: Tables) -> pd.DataFrame:
    """The long-lasting benefits the sources report, one line per measure."""
    m = evidence.measures_of(t, DURABLE_ARMS)
    m = m[m["unit"].isin(["weeks", "years", "patients"])]
    arms = t.arms.set_index("arm_id")
    title = t.studies.set_index("study_id")["title"]
    return pd.DataFrame({
        "study": [title[arms.loc[a, "study_id"]] for a in m["arm_id"]],
        "cohort": [arms.loc[a, "arm"] for a in m["arm_id"]],
        "what was reported": m["measure"].to_numpy(),
        "value": [text.qualified(q, " ".join(x for x in (text.number(v), u) if x))
                  for q, v, u in zip(m["qualifier"], m["value"], m["unit"])],
        "reported by": m["reported_by"].map(refs.label).to_numpy(),
    })


def exposure(t: Tables, verified: bool = False) -> pd.DataFrame:
    """Patients in the editorial's sarcoma-only trials, per trial (the R1507 Ewing trial with the
    count of Gombos et al., or with the verified publication's if ``verified``)."""
    ids = t.studies.set_index("primary_ref").loc[EDITORIAL_SARCOMA_TRIALS, "study_id"].tolist()
    return stats.enrolment(t.studies, t.arms, ids, R1507_EWING_VERIFIED if verified else None)


def exposure_table(t: Tables) -> pd.DataFrame:
    e = exposure(t)
    return pd.DataFrame({"study": e["title"], "patients": e["patients"],
                         "reported by": e["reported_by"].map(refs.labels),
                         "primary publication": e["primary_ref"].map(refs.label)})


# --------------------------------------------------------------------------- the facts


def _rate(f: FactSet, name: str, k: Cell, n: Cell) -> None:
    """A computed rate and its exact interval, as two facts ``name`` and ``name_ci``."""
    low, high = stats.exact_ci(int(k.value), int(n.value))
    f.add(name, k.value / n.value, text.pct(k.value / n.value), [k, n])
    f.add(f"{name}_ci", (low, high), text.interval(low, high), [k, n])


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("sarcoma")
    arm, measure = (lambda a: evidence.arm(t, a)), (lambda a, m: evidence.measure(t, a, m))

    # every sarcoma study
    s = studies(t)
    names = t.agents.set_index("agent_id")["name"]
    combos = s[s["combination"].astype(bool)]
    f.add("n_studies", len(s), cite=False)
    f.add("n_single", int((~s["combination"].astype(bool)).sum()), cite=False)
    f.add("n_combo", len(combos), cite=False)
    f.add("combo_partners", None, text.listing(sorted({p for ps in combos["partners"] for p in ps})), cite=False)
    f.add("agents", None, text.listing(sorted({names[a] for ids in s["agent_ids"] for a in ids}, key=str.lower)), cite=False)

    # R1507 in Ewing sarcoma
    e, e_table, e_pub = arm("sarc-r1507-ewing-gombos-text"), arm("sarc-r1507-ewing-gombos-table"), arm("sarc-r1507-ewing-pappo2011")
    for col in ("patients", "cr", "pr"):
        f.add(f"r1507e_{col}", e[col])
    _rate(f, "r1507e_rate", e["responders"], e["patients"])
    f.add("r1507e_table_resp", e_table["responders"])
    f.claim("r1507-table-unused", "the book does not use Gombos et al.'s Table 1 count for the R1507 Ewing trial",
            not e_table.value("use"), [e_table])
    f.add("r1507e_pub_n", e_pub["patients"])
    f.add("r1507e_pub_rate", e_pub["orr_pct"], text.percent(e_pub.value("orr_pct")))
    f.add("r1507e_pub_os", e_pub["os_median"], text.number(e_pub.value("os_median")))
    f.add("r1507e_gombos_os", e["os_median"], text.number(e.value("os_median")))
    dor = measure("sarc-r1507-ewing-pappo2011", "median duration of response")
    f.add("r1507e_dor", dor["value"], text.number(dor.value("value")))
    f.add("r1507e_dor_range", None, f"{text.number(dor.value('low'))} to {text.number(dor.value('high'))}", [dor["low"], dor["high"]])

    # R1507 in other sarcomas, and the 12-week benchmark
    o = arm("sarc-r1507-sarcoma-chmielowski")
    f.add("r1507s_n", o["patients"])
    f.add("r1507s_resp", o["responders"])
    f.add("r1507s_rate", o["orr_pct"], text.percent(o.value("orr_pct")))
    f.add("r1507s_dor", measure(o.key, "median duration of response")["value"], text.number(
        measure(o.key, "median duration of response").value("value")))
    pfs12 = measure(o.key, "progression-free at 12 weeks")
    f.add("r1507s_pfs12", pfs12["value"], text.percent(pfs12.value("value")))
    bench = evidence.version(t, "c-sarcoma-pfs-benchmark", "a")
    design = evidence.version(t, "c-sarcoma-pfs-benchmark", "b")
    benchmark = evidence.number_in(bench, "text", r"(\d+)%")
    f.add("benchmark", benchmark, f"{benchmark.value}%")
    p0, p1 = (evidence.number_in(design, "text", r"(\d+)% \(not promising\)"),
              evidence.number_in(design, "text", r"(\d+)% \(promising\)"))
    f.add("design_p0", p0, f"{p0.value}%")
    f.add("design_p1", p1, f"{p1.value}%")
    f.claim("r1507s-below-benchmark", "the R1507 trial's 12-week progression-free rate fell short of that benchmark",
            pfs12.value("value") < benchmark.value, [o])

    # the combined SARC enrolment: 272 = 163 + the 109 weekly-schedule Ewing patients
    total = evidence.number_in(evidence.version(t, "c-sarc-enrolment-total", "a"), "text", r"(\d+) patients")
    weekly = evidence.number_in(evidence.version(t, "c-sarc001-ewing-dose", "b"), "text", r"(\d+) patients at 9 mg/kg")
    f.add("sarc_total", total)
    f.add("r1507e_weekly", weekly)
    f.claim("sarc-total-is-parts", "the editorial's combined total equals the 163 patients with other sarcomas plus "
                                   "the Ewing patients on the weekly schedule",
            total.value == o.value("patients") + weekly.value, ["conflicts:c-sarc-enrolment-total", o])

    # figitumumab in Ewing sarcoma (phase 2 part)
    fe = arm("figitumumab-ewing-ph2-juergens2011")
    for col in ("patients", "evaluable", "pr", "sd"):
        f.add(f"figi_{col}", fe[col])
    f.add("figi_rate", fe["orr_pct"], text.percent(fe.value("orr_pct")))
    f.add("figi_os", fe["os_median"], text.number(fe.value("os_median")))
    f.add("figi_planned", t.row("studies", "figitumumab-ewing-ph2")["target_accrual"])

    # ganitumab in Ewing family tumours and DSRCT
    g = arm("ganitumab-eft-dsrct-ph2-tap2012")
    for col in ("patients", "evaluable", "pr", "sd"):
        f.add(f"gani_{col}", g[col])
    f.add("gani_sd_pct", g["sd_pct"], text.percent(g.value("sd_pct")))
    f.add("gani_cbr", g["cbr_pct"], text.percent(g.value("cbr_pct")))
    eft, dsrct = arm("ganitumab-eft-dsrct-ph2-eft"), arm("ganitumab-eft-dsrct-ph2-dsrct")
    f.add("gani_pfs_eft", eft["pfs_median"], text.number(eft.value("pfs_median")))
    f.add("gani_pfs_dsrct", dsrct["pfs_median"], text.number(dsrct.value("pfs_median")))
    f.claim("gani-one-pr-each", "there was one partial response in each tumour type",
            eft.value("pr") == 1 and dsrct.value("pr") == 1, [eft, dsrct])
    cr = measure("ganitumab-ph1-ewing", "duration of response")
    f.add("gani1_cr_years", cr["value"], text.number(cr.value("value")))

    # figitumumab phase I expansion cohorts
    fp, fp_text, fp_table = (arm("figitumumab-sarcoma-ph1-olmos2010"), arm("figitumumab-sarcoma-ph1-gombos-text"),
                             arm("figitumumab-sarcoma-ph1-gombos-table"))
    for col in ("patients", "cr", "pr", "sd"):
        f.add(f"figi1_{col}", fp[col])
    f.add("figi1_sd_text", fp_text["sd"])
    f.add("figi1_sd_table", fp_table["sd"])
    f.add("figi1_eval_text", fp_text["evaluable"])
    ewing_n = evidence.number_in(evidence.version(t, "c-figitumumab-ph1-ewing-n", "b"), "text", r"(\d+) with Ewing")
    ewing_n_table = evidence.number_in(evidence.version(t, "c-figitumumab-ph1-ewing-n", "a"), "text", r"\((\d+) ESFT\)")
    f.add("figi1_ewing", ewing_n)
    f.add("figi1_ewing_table", ewing_n_table)
    f.claim("figi1-sd-matches-table", "the book's stable-disease count for this cohort is the table's, not the text's",
            fp.value("sd") == fp_table.value("sd") != fp_text.value("sd"), [fp, fp_table, fp_text])

    # cixutumumab alone
    cx = arm("cixutumumab-sarcoma-ph2-chmielowski")
    f.add("cixu_n", cx["patients"])
    f.add("cixu_planned", t.row("studies", "cixutumumab-sarcoma-ph2")["target_accrual"])
    f.add("cixu_stated", cx["orr_pct"], text.percent(cx.value("orr_pct")))
    f.add("cixu_one", 1 / cx.value("patients"), text.pct(1 / cx.value("patients")), [cx["patients"]])
    f.claim("cixu-rate-impossible", "no whole number of responders among these patients gives the printed rate",
            all(abs(100 * k / cx.value("patients") - cx.value("orr_pct")) > 0.05 for k in range(cx.value("patients") + 1)),
            [cx])
    f.claim("cixu-not-pooled", "the trial is listed without a rate and left out of the pool",
            cx.key not in set(ewing(t)["arm_id"]) and not bool(rates(t).set_index("arm_id").loc[cx.key, "has_counts"]),
            [cx])

    # cixutumumab with temsirolimus
    ct = arm("cixutumumab-temsirolimus-sarcoma-ph2-chmielowski")
    f.add("cixutem_n", ct["patients"])
    f.add("cixutem_rate", ct["orr_pct"], text.percent(ct.value("orr_pct")))
    peds = arm("cixutumumab-temsirolimus-peds-sarcoma-ph2-simpson")
    f.add("cixutem_peds_resp", peds["responders"], text.count_word(peds.value("responders"), "no"))
    shrink, ph1 = measure("cixutumumab-temsirolimus-ph1-ewing", "patients with tumour shrinkage called objective "
                                                                "responses by the source"), arm("cixutumumab-temsirolimus-ph1-ewing")
    f.add("cixutem1_ewing", None, text.k_of_n(shrink.value("value"), ph1.value("patients")), [shrink["value"], ph1["patients"]])

    # robatumumab
    rb = arm("robatumumab-osteo-ewing-ph2-ewing-anderson2016")
    f.add("robat_planned", t.row("studies", "robatumumab-osteo-ewing-ph2")["target_accrual"])
    years = measure("robatumumab-osteo-ewing-ph2-simpson", "duration of response")
    f.add("robat_years", years["value"], text.number(years.value("value")))
    for col in ("patients", "evaluable", "pr"):
        f.add(f"robat_{col}", rb[col])
    osteo = [arm("robatumumab-osteo-ewing-ph2-osteo-resectable"), arm("robatumumab-osteo-ewing-ph2-osteo-unresectable")]
    f.add("robat_osteo", None, text.listing(text.k_of_n(a.value("responders"), a.value("evaluable")) for a in osteo),
          [[a["responders"], a["evaluable"]] for a in osteo])
    pooled_arms = set(ewing(t)["arm_id"])
    f.claim("robatumumab-pooled", "the robatumumab Ewing cohort, which has counts, is in the pool", rb.key in pooled_arms, [rb])

    # the pooled estimate
    cohorts, pool = ewing(t), pooled(t)
    cohort_rows = t.rows("arms", t.arms[t.arms["arm_id"].isin(cohorts["arm_id"])])
    f.add("pool_k", pool.k, sources=cohort_rows)
    f.add("pool_cohorts", None, text.listing(f"{label} ({r.responders}/{r.denominator})" for label, r in
                                             zip(evidence.cohort_labels(cohorts), cohorts.itertuples())), cohort_rows)
    f.add("pool_rate", pool.rate, text.pct(pool.rate), cohort_rows)
    f.add("pool_ci", (pool.ci_low, pool.ci_high), text.interval(pool.ci_low, pool.ci_high), cohort_rows)
    f.add("pool_i2", pool.i2, f"{100 * pool.i2:.0f}%", cohort_rows)
    f.add("pool_i2_word", None, "low" if pool.i2 < 0.25 else "moderate" if pool.i2 < 0.5 else "substantial", cohort_rows)
    f.add("pool_tau2", pool.tau2, f"{pool.tau2:.3f}", cohort_rows)
    f.add("pool_q", pool.q, f"{pool.q:.2f}", cohort_rows)
    f.add("pool_df", pool.k - 1, sources=cohort_rows)
    f.add("pool_p", pool.q_pvalue, f"{pool.q_pvalue:.2f}", cohort_rows)
    f.add("pool_correction", None, "No cohort had zero responders, so no correction was needed" if not pool.corrected
          else f"The correction was applied to {text.listing(pool.corrected)}", cohort_rows, cite=False)
    pure = cohorts[~cohorts["tumour"].str.contains("DSRCT")]
    pp = stats.pool_proportions(pure["responders"], pure["denominator"], evidence.cohort_labels(pure))
    pure_rows = [r for r in cohort_rows if r.key in set(pure["arm_id"])]
    f.add("pure_k", pp.k, sources=pure_rows)
    f.add("pure_rate", pp.rate, text.pct(pp.rate), pure_rows)
    f.add("pure_ci", (pp.ci_low, pp.ci_high), text.interval(pp.ci_low, pp.ci_high), pure_rows)
    f.add("pure_i2", pp.i2, f"{100 * pp.i2:.0f}%", pure_rows)
    f.add("dsrct_agent", None, text.listing(cohorts.loc[cohorts["tumour"].str.contains("DSRCT"), "agent"]), cite=False)
    r = rates(t)
    pooled_studies = set(cohorts["study_id"])
    near = r[((r["tumour_group"] == "sarcoma") | r["arm"].str.contains("ewing", case=False))
             & ~r["study_id"].isin(pooled_studies)]

    def cohort_names(frame: pd.DataFrame) -> str:
        return text.listing(sorted(set(frame["agent"] + " (phase " + frame["phase"] + ", " + frame["arm"] + ")"),
                                   key=str.lower))

    f.add("left_no_counts", None, cohort_names(near[~near["has_counts"]]), cite=False)
    f.add("left_other", None, cohort_names(near[near["has_counts"]]), cite=False)
    f.claim("left-out-not-ewing-only", "every cohort left out of the pool either lacks counts or is not a Ewing-only cohort",
            not near.apply(evidence.is_ewing_arm, axis=1)[near["has_counts"]].any(),
            t.rows("arms", t.arms[t.arms["arm_id"].isin(near.loc[near["has_counts"], "arm_id"])]))
    f.add("range_low", cohorts["rate"].min(), text.pct(cohorts["rate"].min()), cohort_rows)
    f.add("range_high", cohorts["rate"].max(), text.pct(cohorts["rate"].max()), cohort_rows)
    simpson = evidence.number_in(evidence.version(t, "c-ewing-activity-summary", "a"), "text", r"approximately (\d+)%")
    f.add("simpson_ewing", simpson, f"{simpson.value}%")
    f.claim("simpson-within-pool", "Simpson et al.'s figure lies within the pooled interval",
            pool.ci_low <= simpson.value / 100 <= pool.ci_high, cohort_rows)

    # long-lasting benefit
    f.add("r1507s_alive", measure(o.key, "patients alive more than 2 years after enrolment")["value"],
          text.number(measure(o.key, "patients alive more than 2 years after enrolment").value("value")))
    longest = measure(o.key, "longest time on treatment")
    f.add("r1507s_weeks", longest["value"], text.number(longest.value("value")))

    # patients exposed
    ex, ex_verified = exposure(t), exposure(t, verified=True)
    ex_rows = t.rows("arms", t.arms[t.arms["arm_id"].isin([a for ids in ex["arm_ids"] for a in ids])])
    claim700 = evidence.number_in(evidence.version(t, "c-sarcoma-700-total", "a"), "text", r"more than (\d+)")
    f.add("claim_700", claim700)
    f.add("n_trials_700", len(ex), sources=ex_rows)
    f.add("total_used", int(ex["patients"].sum()), sources=ex_rows)
    f.add("total_verified", int(ex_verified["patients"].sum()), sources=ex_rows + [e_pub])
    f.add("r1507e_used_n", int(ex.set_index("study_id").loc["sarc-r1507-ewing", "patients"]), sources=[e])
    three = ex[ex["primary_ref"].isin(CITED_FOR_700)]
    three_rows = [r for r in ex_rows if r.value("study_id") in set(three["study_id"])]
    f.add("total_three", int(three["patients"].sum()), sources=three_rows)
    own = evidence.version(t, "c-sarcoma-700-total", "b")
    sizes = [int(n) for n in re.findall(r"(\d+) \(", own.value("text"))]
    f.add("total_own", sum(sizes), sources=[own])
    totals = {"total_used": f.value("total_used"), "total_verified": f.value("total_verified"), "total_own": sum(sizes)}
    f.claim("every-total-passes-700", "every version of the total passes the editorial's figure",
            all(v > claim700.value for v in totals.values()), ex_rows)
    f.claim("three-fall-short", "the three trials the editorial cites for the figure fall short of it on their own",
            f.value("total_three") < claim700.value, three_rows)
    f.claim("five-named-reach-it", "the trials named in the same passage are needed to reach the figure",
            f.value("total_used") > claim700.value > f.value("total_three"), ex_rows)

    # the exercises' answers
    alt = arm("sarc-r1507-ewing-gombos-table")
    k = cohorts["responders"].where(cohorts["arm_id"] != e.key, int(alt.value("responders")))
    n = cohorts["denominator"].where(cohorts["arm_id"] != e.key, int(alt.value("patients")))
    swapped = stats.pool_proportions(k, n, evidence.cohort_labels(cohorts))
    f.add("swap_rate", swapped.rate, text.pct(swapped.rate), cohort_rows + [alt])
    f.add("swap_delta", swapped.rate - pool.rate, f"{100 * (swapped.rate - pool.rate):.1f}", cohort_rows + [alt])
    f.claim("swap-raises", "using the Table 1 count raises the pooled rate", swapped.rate > pool.rate, [alt])
    every = r[r["has_counts"] & (r["tumour_group"] == "sarcoma")]
    mixed = stats.pool_proportions(every["responders"], every["denominator"], every["agent"] + " " + every["arm"])
    f.add("mixed_i2", mixed.i2, f"{100 * mixed.i2:.0f}%", t.rows("arms", t.arms[t.arms["arm_id"].isin(every["arm_id"])]))
    f.claim("mixed-more-heterogeneous", "pooling every sarcoma cohort raises I² above the Ewing-only pool",
            mixed.i2 > pool.i2, cohort_rows)
    return f
