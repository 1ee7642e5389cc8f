"""Facts of the chapter *Three ways to block the axis* (``book/three-ways.md``): what each class
blocks and leaves open (tables ``agents`` and ``interactions``), and the first trials of the
ligand antibodies (tables ``studies`` and ``arms``).

>>> f = facts()
>>> f.text("tki_insr_b"), f.claims["tki-all-insr-b"].holds
('all 7 of them', True)
"""

from __future__ import annotations

import re

import pandas as pd

from databook.facts import FactSet
from igfbook import coverage, data, evidence, refs, text
from igfbook.data import Tables
from igfbook.facts import intro

MAB, TKI, LIG = "anti-IGF-1R antibody", "IGF-1R kinase inhibitor", "IGF ligand-neutralising antibody"
CLASSES = [MAB, TKI, LIG]
OFF_TARGET = ("TrkA", "TrkB", "Aurora kinases")
EARLY_PHASES = ("I", "Ib", "I/II", "Ib/II")


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def share(t: Tables) -> pd.DataFrame:
    """Classes × signals: the share of each class's agents that block each signal."""
    return coverage.class_matrix(t.agents, t.interactions, CLASSES)


def coverage_figure(t: Tables):
    """The coverage heat map and the shares it draws (one row per class)."""
    from igfbook import figures

    fig, table = figures.coverage(share(t))
    return fig, table.reset_index()


def ligand_studies(t: Tables) -> pd.DataFrame:
    """Every study of a ligand-neutralising antibody."""
    ids = set(t.agents.loc[t.agents["agent_class"] == LIG, "agent_id"])
    return t.studies[t.studies["agent_ids"].map(lambda a: bool(ids & set(a)))]


def early_arms(t: Tables) -> pd.DataFrame:
    """The arms the book reports of the early-phase ligand-antibody studies, with their study."""
    s = ligand_studies(t)
    s = s[s["phase"].isin(EARLY_PHASES)]
    a = evidence.used(t.arms)
    return a[a["study_id"].isin(s["study_id"])].merge(
        s[["study_id", "title", "combination", "design", "agent_ids"]], on="study_id")


def single_cohorts(t: Tables) -> pd.DataFrame:
    """The single-agent dose-finding cohorts with a patient count."""
    a = early_arms(t)
    return a[~a["combination"].astype(bool) & a["patients"].notna()]


def early_table(t: Tables) -> pd.DataFrame:
    """The early trials of the ligand antibodies, for readers."""
    a = early_arms(t)
    return pd.DataFrame({
        "study": a["title"], "arm": a["arm"], "patients": a["patients"], "responders": a["responders"], "sd": a["sd"],
        "orr_pct": a["orr_pct"], "dcr_pct": a["dcr_pct"], "reported_by": a["reported_by"].map(refs.label),
    })


def cohort_label(title: str, arm: str) -> str:
    """Where a cohort was treated, from its study's title, e.g. "the study in Asia" for a study
    titled "… (Asia)", or "the RP2D cohort of the study in Japan"."""
    place = re.search(r"\((\w+)\)$", title) or re.search(r"in (\w+ patients)", title)
    study = f"the study in {place.group(1)}" if place else "the study"
    return study if arm == "all patients" else f"the {arm} of {study}"


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("three-ways")
    sh, sig = share(t), coverage.signals(t.interactions)
    agents = t.agents
    inter_rows = t.rows("interactions", t.interactions[t.interactions["interaction_id"].isin(sig["interaction_id"])])

    def class_rows(cls):
        return t.rows("agents", agents[agents["agent_class"] == cls])

    def on(ligands=None, receptors=None):
        keep = sig["ligand"].isin(ligands) if ligands else True
        keep = keep & (sig["receptor"].isin(receptors) if receptors else True)
        return list(sig.loc[keep, "signal"])

    f.claim("agents-next", "the catalogue of agents is the next chapter", evidence.chapter_offset("three-ways", "agents") == 1,
            ["_toc.yml"])

    # the two ligand antibodies
    intro.add_funding(f, t)
    lig = agents[agents["agent_class"] == LIG]
    f.claim("ligand-pair", "the ligand-neutralising antibodies in the sources are dusigitumab and xentuzumab",
            set(lig["name"]) == {"dusigitumab", "xentuzumab"}, class_rows(LIG))

    # antibodies against IGF-1R
    mab_open, mab_blocked = coverage.open_signals(sh, MAB), coverage.blocked_signals(sh, MAB)
    rows = inter_rows + class_rows(MAB)
    f.add("mab_blocked", None, text.listing(mab_blocked), rows)
    f.add("mab_open", None, text.listing(mab_open), rows)
    f.add("n_mab_open", len(mab_open), sources=rows)
    f.claim("mab-open-igf2-insra", "antibodies against IGF-1R leave IGF-2 acting on INSR-A open", "IGF-2 → INSR-A" in mab_open, rows)
    f.claim("mab-open-insra", "antibodies against IGF-1R leave every INSR-A signal open",
            set(on(receptors=["INSR-A"])) <= set(mab_open), rows)
    insulin_open = [s for s in mab_open if s.startswith("insulin")]
    f.add("mab_insulin_open", None, text.listing(insulin_open), rows)
    f.claim("insulin-uses-open-doors", "extra insulin has receptors that the antibodies leave open", bool(insulin_open), rows)

    # kinase inhibitors
    tki = agents[agents["agent_class"] == TKI]
    insr_b = tki["targets"].map(lambda x: "INSR-B" in x)
    rows = inter_rows + class_rows(TKI)
    f.add("tki_insr_b", None, f"all {len(tki)} of them" if insr_b.all() else f"{int(insr_b.sum())} of the {len(tki)}", rows)
    f.claim("tki-all-insr-b", "every kinase inhibitor in the catalogue also blocks insulin acting on INSR-B",
            bool(insr_b.all()) and sh.loc[TKI, "insulin → INSR-B"] == 1, t.rows("agents", tki[~insr_b]) or rows)
    f.claim("tki-close-insra", "the kinase inhibitors close every INSR-A signal",
            all(sh.loc[TKI, s] == 1 for s in on(receptors=["INSR-A"])), rows)
    off = agents[agents["targets"].map(lambda x: any(o in x for o in OFF_TARGET))]
    hits = [o for o in OFF_TARGET if any(o in x for x in off["targets"])]
    f.add("off_target", None, f"{text.listing(off['name'])} also inhibit{'s' if len(off) == 1 else ''} {text.listing(hits)}",
          t.rows("agents", off))

    # ligand-neutralising antibodies
    lig_open, lig_blocked = coverage.open_signals(sh, LIG), coverage.blocked_signals(sh, LIG)
    rows = inter_rows + class_rows(LIG)
    f.add("lig_blocked", None, text.listing(lig_blocked), rows)
    f.add("lig_open", None, text.listing(lig_open), rows)
    f.claim("lig-blocks-every-igf-signal", "the ligand antibodies block every IGF-1 and IGF-2 signal, IGF-2 on INSR-A included",
            lig_blocked == on(ligands=["IGF-1", "IGF-2"]) and "IGF-2 → INSR-A" in lig_blocked, rows)
    f.claim("lig-open-is-insulin", "what the ligand antibodies leave open is every signal of insulin's own, glucose control included",
            lig_open == on(ligands=["insulin"]) and "insulin → INSR-B" in lig_open, rows)

    # the first trials of the ligand antibodies
    single = single_cohorts(t)
    single_rows = t.rows("arms", t.arms[t.arms["arm_id"].isin(single["arm_id"])])
    studies = ligand_studies(t)
    f.add("lig_n_single", len(single), sources=single_rows)
    f.add("lig_single_patients", int(single["patients"].sum()), sources=single_rows)
    f.claim("single-are-dose-finding", "these single-agent cohorts come from dose-escalation studies",
            set(single["design"]) == {"dose escalation"}, single_rows)
    responded = single[single["pr"].fillna(0) + single["cr"].fillna(0) > 0]
    f.add("lig_pr", None, text.listing(f"{text.k_of_n(r.pr, r.patients)} in {cohort_label(r.title, r.arm)}"
                                       for r in responded.itertuples()),
          t.rows("arms", t.arms[t.arms["arm_id"].isin(responded["arm_id"])]))
    responder_agents = {a for ids in responded["agent_ids"] for a in ids}
    f.claim("pr-only-xentuzumab", "partial responses were reported only with xentuzumab, none with dusigitumab",
            responder_agents == {"xentuzumab"}
            and single.loc[single["agent_ids"].map(lambda a: "dusigitumab" in a), "responders"].fillna(0).eq(0).all(),
            single_rows)
    f.claim("sd-more-than-pr", "in every single-agent cohort stable disease was more common than response",
            bool((single["sd"].fillna(0) > single["responders"].fillna(0)).all()), single_rows)
    japan = t.row("arms", "dusigitumab-ph1-japan-simpson")
    f.claim("iguchi-agrees", "the verified report of the Japanese dusigitumab study is its primary publication",
            t.row("studies", "dusigitumab-ph1-japan").value("primary_ref") == "iguchi2015medi573", [japan])
    with_results = evidence.used(t.arms)
    with_results = with_results[with_results["study_id"].isin(studies["study_id"])
                                & with_results[["patients", "pr", "sd", "orr_pct", "dcr_pct"]].notna().any(axis=1)]
    phases = set(studies.loc[studies["study_id"].isin(with_results["study_id"]), "phase"])
    f.claim("ligand-evidence-early", "the ligand antibodies' results in the sources come only from early-phase trials",
            phases <= set(EARLY_PHASES), t.rows("studies", studies))
    gap = refs.year("simpson2017igf") - refs.year("chmielowski2014editorial")
    f.add("years_between", gap, text.words(gap),
          [intro.source_row(t, "simpson2017igf"), intro.source_row(t, "chmielowski2014editorial")])

    # the exercises
    spare = coverage.blockers(agents, t.interactions, ["IGF-2 → INSR-A"], ["insulin → INSR-B"])
    f.add("ex_spare_names", None, text.listing(spare["name"]), t.rows("agents", spare))
    f.claim("only-ligand-spares-glucose", "the only agents that close IGF-2 → INSR-A without blocking glucose control "
                                          "are the ligand-neutralising antibodies",
            set(spare["agent_class"]) == {LIG} and len(spare) == len(lig), t.rows("agents", spare))
    closers = coverage.blockers(agents, t.interactions, insulin_open)
    others = closers[closers["agent_class"] != TKI]
    f.add("ex_insulin_closers", None, "the IGF-1R kinase inhibitors" + (
        f" and {text.listing(others['name'])}, an inhibitor of the insulin receptor" if len(others) else ""),
          t.rows("agents", closers))
    f.claim("insulin-closers", "only agents that block the insulin receptor itself close every insulin signal the "
                               "antibodies leave open: the kinase inhibitors, and an insulin-receptor inhibitor",
            set(closers["agent_class"]) <= {TKI, "other IGF-axis agent"} and set(tki["agent_id"]) <= set(closers["agent_id"])
            and closers["targets"].map(lambda x: "INSR-B" in x).all(), t.rows("agents", closers))
    return f
