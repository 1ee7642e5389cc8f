"""Facts of the chapter *The first conundrum: no single-agent activity* (``book/monotherapy.md``).

Every rate the chapter names is computed from the used rows of ``arms``; where several cohorts
share the extreme rate (the lowest rate is 0% in more than one cohort), the fact lists all of them,
and its citation is that of every row it lists.

>>> f = facts()
>>> f.claims["cixu-rate-impossible"].holds
True
"""

from __future__ import annotations

import re

import pandas as pd

from databook.facts import FactSet
from igfbook import clinical_figures, data, evidence, refs, stats, text
from igfbook.data import Tables
from igfbook.facts import sarcoma as sarcoma_facts

#: The common cancers the chapter says appear almost only in combination trials.
COMMON = ("lung", "breast", "colorectal", "prostate")
#: "Almost only": at most this share of their studies gave the drug alone.
ALMOST_ONLY = 0.10
#: The true response rate the exercise on the Japanese xentuzumab cohort asks to exclude.
XJAPAN_EXCLUDED = 0.10
LIGAND_CLASS = "IGF ligand-neutralising antibody"


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def single(t: Tables) -> pd.DataFrame:
    """The single-agent studies."""
    return t.studies[~t.studies["combination"].astype(bool)].reset_index(drop=True)


def rates(t: Tables) -> pd.DataFrame:
    """Response rates of every used arm of the single-agent studies."""
    return stats.response_table(t.studies, t.arms, t.agents)


def counted(t: Tables) -> pd.DataFrame:
    r = rates(t)
    return r[r["has_counts"].astype(bool)].reset_index(drop=True)


def studies_table(t: Tables) -> pd.DataFrame:
    """Every single-agent study, one line each (the chapter is the home of those outside sarcoma,
    lung, breast and adrenocortical cancer; see :func:`igfbook.evidence.chapter_of`)."""
    return stats.study_summary(single(t), t.arms, t.agents, refs.label)


def rates_table(t: Tables) -> pd.DataFrame:
    """The response rate of every used single-agent arm, with the study it belongs to."""
    return stats.display(rates(t), refs.label, titles=dict(zip(t.studies["study_id"], t.studies["title"])))


def forest(t: Tables):
    """The forest plot of every single-agent cohort with counts, with the pooled Ewing diamond."""
    return clinical_figures.forest(rates(t), sarcoma_facts.pooled(t), "Ewing sarcoma cohorts, pooled")


# --------------------------------------------------------------------------- phrases


def cohort_name(t: Tables, row, r: pd.DataFrame) -> str:
    """A cohort as the prose names it: the study's title, with the arm when the study has several
    arms in the response table."""
    title = text.lower_first(t.studies.set_index("study_id").loc[row.study_id, "title"])
    return f"{row.arm} in the {title}" if (r["study_id"] == row.study_id).sum() > 1 else f"the {title}"


def cohort_phrase(t: Tables, row, r: pd.DataFrame) -> str:
    """A cohort with its counts and exact interval, e.g. "the … trial (15 of 106; 95% CI 8.1–22.3%)"."""
    return (f"{cohort_name(t, row, r)} ({text.k_of_n(row.responders, row.denominator)}; "
            f"95% CI {text.interval(row.ci_low, row.ci_high)})")


def _cohorts(n: int) -> str:
    return f"{text.words(n)} cohort{'s' if n != 1 else ''}"


def extreme(frame: pd.DataFrame, values: pd.Series, largest: bool) -> pd.DataFrame:
    """The rows of ``frame`` that share the largest (or smallest) value: all of them when tied."""
    target = values.max() if largest else values.min()
    return frame[(values - target).abs() < 1e-12]


def _ties(f: FactSet, t: Tables, name: str, rows: pd.DataFrame, r: pd.DataFrame) -> None:
    """Fact ``name``: "that of A" for one cohort, "shared by N cohorts: A, B and C" for a tie, cited
    to every listed row; and ``name_n``, the number of cohorts."""
    phrases = [cohort_phrase(t, row, r) for row in rows.itertuples()]
    sources = t.rows("arms", t.arms[t.arms["arm_id"].isin(rows["arm_id"])])
    shown = f"that of {phrases[0]}" if len(phrases) == 1 else f"shared by {_cohorts(len(phrases))}: {text.listing(phrases)}"
    f.add(name, tuple(rows["arm_id"]), shown, sources)
    f.add(f"{name}_n", len(rows), _cohorts(len(rows)), sources, cite=False)


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("monotherapy")
    arm, measure = (lambda a: evidence.arm(t, a)), (lambda a, m: evidence.measure(t, a, m))
    s, r = single(t), rates(t)
    c = r[r["has_counts"].astype(bool)]
    by_arm = r.set_index("arm_id")

    # what counts as single-agent
    groups = s["tumour_group"].value_counts()
    f.add("n_single_studies", len(s), cite=False)
    f.add("n_sarcoma_single", int(groups.get("sarcoma", 0)), cite=False)
    f.add("n_mixed_single", int(groups.get("solid tumours (mixed)", 0)), cite=False)
    f.add("other_groups_single", None, text.listing(f"{'unstated' if g == 'other' else g} ({n})" for g, n in groups.items()
                                                    if g not in ("sarcoma", "solid tumours (mixed)")), cite=False)
    f.claim("most-sarcoma-or-mixed", "most single-agent studies are sarcoma trials or trials in mixed solid tumours",
            groups.get("sarcoma", 0) + groups.get("solid tumours (mixed)", 0) > len(s) / 2,
            t.rows("studies", s[~s["tumour_group"].isin(["sarcoma", "solid tumours (mixed)"])]))
    common = t.studies[t.studies["tumour_group"].isin(COMMON)]
    common_single = common[~common["combination"].astype(bool)]
    f.add("n_common", len(common), cite=False)
    f.add("n_common_single", len(common_single), text.count_word(len(common_single)), cite=False)
    f.claim("common-mostly-combined", "lung, breast, colorectal and prostate cancer appear almost only in combination "
                                      f"trials (at most {ALMOST_ONLY:.0%} of their studies single-agent)",
            len(common_single) <= ALMOST_ONLY * len(common), t.rows("studies", common_single))
    no_arms = s[~s["study_id"].isin(t.arms["study_id"])]
    names = t.agents.set_index("agent_id")["name"]
    f.add("n_single_arms", len(r), cite=False)
    f.add("n_counted", len(c), cite=False)
    f.add("n_uncounted", len(r) - len(c), cite=False)
    f.add("n_no_arms", len(no_arms), cite=False)
    f.add("no_arms_agents", None, text.listing(sorted({names[a] for ids in no_arms["agent_ids"] for a in ids},
                                                      key=str.lower)), cite=False)

    # the rates and their uncertainty
    c_rows = t.rows("arms", t.arms[t.arms["arm_id"].isin(c["arm_id"])])
    f.add("n_counted_patients", int(c["denominator"].sum()), sources=c_rows)
    f.add("n_counted_responders", int(c["responders"].sum()), sources=c_rows)
    best, worst = extreme(c, c["rate"], True), extreme(c, c["rate"], False)
    best_rows = t.rows("arms", t.arms[t.arms["arm_id"].isin(best["arm_id"])])
    f.add("best_rate", float(best["rate"].iloc[0]), text.pct(best["rate"].iloc[0]), best_rows)
    _ties(f, t, "best_what", best, r)
    f.claim("best-is-ewing", "the best single-agent rate was in Ewing sarcoma",
            bool(best.apply(evidence.is_ewing_arm, axis=1).all()), best_rows)
    f.add("low_rate", float(worst["rate"].iloc[0]), text.pct(worst["rate"].iloc[0]),
          t.rows("arms", t.arms[t.arms["arm_id"].isin(worst["arm_id"])]))
    _ties(f, t, "low_what", worst, r)
    width = c["ci_high"] - c["ci_low"]
    wide = extreme(c, width, True)
    f.add("wide_ci", None, text.listing(text.interval(a, b) for a, b in zip(wide["ci_low"], wide["ci_high"])),
          t.rows("arms", t.arms[t.arms["arm_id"].isin(wide["arm_id"])]))
    _ties(f, t, "wide_what", wide, r)

    # the pooled Ewing estimate (the sarcoma chapter's pool, computed once)
    cohorts, pool = sarcoma_facts.ewing(t), sarcoma_facts.pooled(t)
    pool_rows = t.rows("arms", t.arms[t.arms["arm_id"].isin(cohorts["arm_id"])])
    f.add("pooled_k", pool.k, text.words(pool.k), pool_rows)
    f.add("pooled_rate", pool.rate, text.pct(pool.rate), pool_rows)
    f.add("pooled_ci", (pool.ci_low, pool.ci_high), text.interval(pool.ci_low, pool.ci_high), pool_rows)
    simpson = evidence.number_in(evidence.version(t, "c-ewing-activity-summary", "a"), "text", r"approximately (\d+)%")
    f.add("simpson_ewing", simpson, f"{simpson.value}%")
    f.claim("simpson-within-pool", "Simpson et al.'s figure for Ewing sarcoma lies within the pooled interval",
            pool.ci_low <= simpson.value / 100 <= pool.ci_high, pool_rows)

    # what cannot be drawn
    def drawn(arm_id: str) -> bool:
        return arm_id in by_arm.index and bool(by_arm.loc[arm_id, "has_counts"])

    cx = arm("cixutumumab-sarcoma-ph2-chmielowski")
    f.add("cixu_patients", cx["patients"])
    f.add("cixu_stated", cx["orr_pct"], text.percent(cx.value("orr_pct")))
    f.add("cixu_one", 1 / cx.value("patients"), text.pct(1 / cx.value("patients")), [cx["patients"]])
    f.claim("cixu-rate-impossible", "no whole number of responders among these patients gives the printed rate",
            all(abs(100 * k / cx.value("patients") - cx.value("orr_pct")) > 0.05 for k in range(cx.value("patients") + 1)),
            [cx])
    f.claim("cixu-not-drawn", "the cixutumumab sarcoma trial is listed but neither drawn nor pooled",
            not drawn(cx.key) and cx.key not in set(cohorts["arm_id"]), [cx])
    gan1 = arm("ganitumab-ph1-ewing")
    f.add("gan1_cr", gan1["cr"], text.words(*evidence.require(f, "gan1_cr", gan1["cr"])))
    subgroups = [arm("ganitumab-eft-dsrct-ph2-eft"), arm("ganitumab-eft-dsrct-ph2-dsrct")]
    f.claim("ganitumab-no-denominator", "the ganitumab phase I complete response and the partial responses of the "
                                        "phase II subgroups come without the number of patients, and are not drawn",
            not any(drawn(a.key) for a in [gan1, *subgroups]), [gan1, *subgroups])
    f.claim("ganitumab-one-pr-each", "the ganitumab phase II had one partial response in each tumour type",
            all(a.value("pr") == 1 for a in subgroups), subgroups)
    years = measure("robatumumab-osteo-ewing-ph2-simpson", "duration of response")
    f.add("robat_years", years["value"], text.number(years.value("value")))
    rb = arm("robatumumab-osteo-ewing-ph2-ewing-anderson2016")
    f.add("robat_counts", None, text.k_of_n(*evidence.require(f, "robat_counts", rb["responders"], rb["evaluable"])), [rb["responders"], rb["evaluable"]])
    f.claim("robatumumab-drawn", "the robatumumab Ewing cohort, which has counts from the trial's report, is drawn",
            drawn(rb.key), [rb])
    dus_us, dus_jp = arm("dusigitumab-ph1-us-simpson"), arm("dusigitumab-ph1-japan-simpson")
    f.add("dus_us_sd", None, text.k_of_n(*evidence.require(f, "dus_us_sd", dus_us["sd"], dus_us["patients"])), [dus_us["sd"], dus_us["patients"]])
    f.add("dus_jp_sd", None, text.k_of_n(*evidence.require(f, "dus_jp_sd", dus_jp["sd"], dus_jp["patients"])), [dus_jp["sd"], dus_jp["patients"]])
    f.claim("dusigitumab-us-not-drawn", "the US dusigitumab trial gives no responder count and is not drawn",
            not drawn(dus_us.key), [dus_us])
    f.claim("dusigitumab-japan-zero", "the Japanese dusigitumab trial is drawn with no responders",
            drawn(dus_jp.key) and by_arm.loc[dus_jp.key, "responders"] == 0, [dus_jp])
    ave, gbr = (measure("ave1642-ph1-breast", "patients with clinical activity"),
                measure("ganitumab-ph1-breast", "patients with clinical activity"))
    f.add("ave_active", ave["value"], text.words(ave.value("value")))
    f.add("gan_breast_active", gbr["value"], text.words(gbr.value("value")))
    f.claim("breast-activity-not-drawn", "the phase I breast cancer activity of AVE1642 and ganitumab is not drawn",
            not drawn("ave1642-ph1-breast") and not drawn("ganitumab-ph1-breast"),
            [arm("ave1642-ph1-breast"), arm("ganitumab-ph1-breast")])
    acc, shrink = arm("figitumumab-acc-ph1-gombos"), measure("figitumumab-acc-ph1-gombos",
                                                           "patients with tumour shrinkage short of a partial response")
    f.add("acc_shrink", None, text.k_of_n(*evidence.require(f, "acc_shrink", shrink["value"], acc["patients"])), [shrink["value"], acc["patients"]])
    f.claim("acc-drawn-zero", "the figitumumab adrenocortical cohort is drawn with no responders",
            drawn(acc.key) and by_arm.loc[acc.key, "responders"] == 0, [acc])

    # responses outside sarcoma
    outside = c[(c["tumour_group"] != "sarcoma") & (c["responders"] > 0)]
    classes = t.agents.set_index("name")["agent_class"]
    outside_rows = t.rows("arms", t.arms[t.arms["arm_id"].isin(outside["arm_id"])])
    f.add("outside_agents", None, text.listing(outside["agent"]), outside_rows)
    f.claim("outside-sarcoma-ligand-phase-i", "every counted single-agent response outside sarcoma came from a "
                                              "ligand-neutralising antibody in a phase I trial",
            len(outside) > 0 and all(classes.get(a) == LIGAND_CLASS for a in outside["agent"])
            and (outside["phase"] == "I").all(), outside_rows)
    for name, arm_id in (("xasia", "xentuzumab-ph1-asia-simpson"), ("xjapan", "xentuzumab-ph1-japan-simpson")):
        row, x = arm(arm_id), by_arm.loc[arm_id]
        evidence.require(f, f"{name}_counts", row["responders"], row["patients"])
        f.add(f"{name}_counts", None, text.k_of_n(x["responders"], x["denominator"]), [row["responders"], row["patients"]])
        f.add(f"{name}_ci", None, text.interval(x["ci_low"], x["ci_high"]), [row["responders"], row["patients"]])
    f.claim("xentuzumab-outside", "the xentuzumab cohorts named are the responding cohorts outside sarcoma",
            set(outside["arm_id"]) == {"xentuzumab-ph1-asia-simpson", "xentuzumab-ph1-japan-simpson"}, outside_rows)

    # what the sources conclude
    articles = t.sources
    f.add("n_sources", len(articles), text.words(len(articles)), cite=False)
    sts = arm("sarc-r1507-sarcoma-chmielowski")
    f.add("r1507_sts_counts", None, text.k_of_n(*evidence.require(f, "r1507_sts_counts", sts["responders"], sts["patients"])),
          [sts["responders"], sts["patients"]])
    dor = measure(sts.key, "median duration of response")
    f.add("r1507_sts_dor", dor["value"], text.number(dor.value("value")))

    # why the drugs did little
    x = t.crosstalk
    partners = x[(x["source"] == "simpson2017igf") & (x["locator"] == "§3.1") & (x["partner"] != "INSR")]
    for name, kind in (("rtk_partners", "receptor tyrosine kinase"), ("steroid_partners", "steroid hormone receptor")):
        chosen = partners[partners["partner_type"] == kind]
        f.add(name, None, text.listing(chosen["partner"]), t.rows("crosstalk", chosen))
    simpson_row = t.row("sources", "simpson2017igf")
    funder = evidence.number_in(simpson_row, "funding", r"^([^(]+?)\s*\(")
    f.add("funder", funder)
    ligand = t.agents[(t.agents["agent_class"] == LIGAND_CLASS) & (t.agents["sponsor"] == funder.value)]
    f.add("funder_drug", None, text.listing(ligand["name"]), t.rows("agents", ligand))
    f.claim("funder-makes-ligand-antibody", "the review's funder develops one of the ligand-neutralising antibodies",
            len(ligand) == 1, [simpson_row])
    ligand_ids = set(t.agents.loc[t.agents["agent_class"] == LIGAND_CLASS, "name"])
    lig = c[c["agent"].isin(ligand_ids)]
    f.claim("ligand-counts-phase-i", "the single-agent counts for the ligand antibodies come from phase I trials",
            len(lig) > 0 and (lig["phase"] == "I").all(), t.rows("arms", t.arms[t.arms["arm_id"].isin(lig["arm_id"])]))

    # exercises
    fe, fe_c = arm("figitumumab-ewing-ph2-juergens2011"), arm("figitumumab-ewing-ph2-chmielowski")
    k, n_eval, n_all = fe.value("responders"), fe.value("evaluable"), fe.value("patients")
    lo_e, hi_e = stats.exact_ci(k, n_eval)
    lo_a, hi_a = stats.exact_ci(k, n_all)
    diff = 100 * (k / n_eval - k / n_all)
    f.add("figi_rate_diff", diff, f"{diff:.1f}", [fe["responders"], fe["evaluable"], fe["patients"]])
    f.claim("denominator-hardly-matters", "the two denominators change the rate by far less than either interval's width",
            abs(diff) < 1 and abs(diff) < 100 * min(hi_e - lo_e, hi_a - lo_a) / 10, [fe])
    f.claim("evaluable-reproduces-rate", "only the evaluable denominator reproduces the rate Chmielowski quotes",
            round(100 * k / n_eval, 1) == fe_c.value("orr_pct") != round(100 * k / n_all, 1), [fe, fe_c])
    xj = arm("xentuzumab-ph1-japan-simpson")
    n = int(xj.value("patients"))
    needed = [kk for kk in range(n + 1) if stats.exact_ci(kk, n)[0] > XJAPAN_EXCLUDED]
    f.add("xjapan_excluded", XJAPAN_EXCLUDED, text.pct(XJAPAN_EXCLUDED, 0), cite=False)
    f.add("xjapan_n", xj["patients"])
    f.add("xjapan_needed", needed[0], text.words(needed[0]), [xj["patients"]], cite=False)
    f.add("xjapan_needed_ci", None, text.interval(*stats.exact_ci(needed[0], n)), [xj["patients"]], cite=False)
    f.claim("xjapan-more-than-observed", "more patients would have had to respond than did",
            needed[0] > xj.value("responders"), [xj])
    return f


__all__ = ["cohort_name", "cohort_phrase", "counted", "extreme", "facts", "forest", "load", "rates", "rates_table",
           "single", "studies_table"]
