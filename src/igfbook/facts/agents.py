"""Facts of the chapter *The agents: a catalogue* (``book/agents.md``), from table ``agents``.

>>> f = facts()
>>> f.text("n_tki"), f.claims["three-ways-is-previous"].holds
('7', True)
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet, Source
from igfbook import data, evidence, refs, text
from igfbook.data import Tables
from igfbook.facts import intro

MAB, TKI, LIG = "anti-IGF-1R antibody", "IGF-1R kinase inhibitor", "IGF ligand-neutralising antibody"
SUPPRESSION, OTHER = "ligand suppression", "other IGF-axis agent"
#: The IGF-1R kinase inhibitors of Simpson et al.'s Fig. 3, the one list of the class in the sources.
SIMPSON_FIG3_TKIS = {"bms-754807", "linsitinib", "kw-2450", "nvp-aew541", "ag-1024", "az12253801", "bms-536924"}


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def by_class(t: Tables):
    """The stacked-bar figure of agents by class and status, and its counts."""
    from igfbook import figures

    fig, counts = figures.agents_by_class(t.agents)
    return fig, counts.reset_index()


def catalogue(t: Tables) -> pd.DataFrame:
    """One row per agent for readers; the status with the source it is as of."""
    a = t.agents
    return pd.DataFrame({
        "name": a["name"], "codes": a["codes"], "variants": a["variants"], "agent_class": a["agent_class"],
        f"sponsor (as named by {refs.label(intro.SPONSORS_NAMED_BY[0])})": a["sponsor"].fillna(""),
        "highest_phase": a["highest_phase"], "status": a["status"],
        "status_source": a["status_source"].map(lambda k: refs.label(k) if isinstance(k, str) else ""),
        "source": a["source"].map(refs.label),
    })


def status_as_of(t: Tables, frame: pd.DataFrame) -> tuple[str, list[Source]]:
    """Agents grouped by the source that states their status: "a and b (as of Simpson et al. 2017)
    and c (as of Yee 2018)", with the status cells, each citing its own status source."""
    groups = []
    for key, group in frame.groupby("status_source", sort=False):
        groups.append((refs.year(key), f"{text.listing(group['name'])} (as of {refs.label(key)})"))
    sources = [Source("agents", r.agent_id, "status", (r.status_source,), None) for r in frame.itertuples()]
    return text.listing(g for _, g in sorted(groups)), sources


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("agents")
    a = t.agents

    def rows(frame):
        return t.rows("agents", frame)

    counts = a["agent_class"].value_counts()
    f.add("n_agents", len(a), cite=False)
    for name, cls in (("n_mab", MAB), ("n_tki", TKI), ("n_ligand", LIG), ("n_suppression", SUPPRESSION), ("n_other", OTHER)):
        f.add(name, int(counts.get(cls, 0)), sources=rows(a[a["agent_class"] == cls]))

    tki = a[a["agent_class"] == TKI]
    dual = tki["targets"].map(lambda x: "INSR-B" in x)
    f.add("tki_insr_b", None, f"all {len(tki)}" if dual.all() else f"{int(dual.sum())} of the {len(tki)}", rows(tki))
    f.claim("tki-all-insr-b", "the sources treat every kinase inhibitor of the class as blocking INSR-B as well",
            bool(dual.all()), rows(tki[~dual]))
    f.claim("tki-are-simpson-fig3", "the kinase inhibitors of the catalogue are those Simpson et al. list as IGF-1R kinase "
                                    "inhibitors", set(tki["agent_id"]) == SIMPSON_FIG3_TKIS, rows(tki))
    other = a[a["agent_class"] == OTHER]
    f.add("other_names", None, text.listing(other["name"]), rows(other))
    alk = other[other["targets"].map(lambda x: "ALK" in x and "IGF-1R" in x)]
    f.add("alk_agent", None, text.listing(alk["name"]), rows(alk))
    f.claim("alk-agent-is-other", "the ALK inhibitor that also blocks IGF-1R is an other IGF-axis agent, not a kinase "
                                  "inhibitor of the class", len(alk) >= 1 and not tki["targets"].map(lambda x: "ALK" in x).any(),
            rows(a[a["targets"].map(lambda x: "ALK" in x)]))
    sup = a[a["agent_class"] == SUPPRESSION]
    f.add("suppression_names", None, text.listing(sup["name"]), rows(sup))
    gh = sup[sup["targets"].map(lambda x: any(v.startswith("GH") for v in x))]
    f.add("n_gh", len(gh), text.words(len(gh)), rows(gh))

    # how far each one got
    clinical = a[~a["highest_phase"].isin(["preclinical", "not stated"])]
    f.add("n_clinical", len(clinical), sources=rows(clinical))
    phase3 = a[a["highest_phase"] == "III"]
    f.add("n_phase3", len(phase3), text.words(len(phase3)), rows(phase3))
    f.add("phase3_names", None, text.listing(phase3["name"]), rows(phase3))
    ongoing, stopped = a[a["status"] == "in clinical development"], a[a["status"] == "development stopped"]
    f.add("n_ongoing", len(ongoing), text.words(len(ongoing)), status_as_of(t, ongoing)[1])
    f.add("ongoing_as_of", None, *status_as_of(t, ongoing))
    f.add("n_stopped", len(stopped), text.words(len(stopped)), status_as_of(t, stopped)[1])
    f.add("stopped_as_of", None, *status_as_of(t, stopped))
    f.claim("status-has-source", "every stated status names the source it is as of",
            a.loc[a["status"].isin(["in clinical development", "development stopped"]), "status_source"].notna().all(),
            rows(a[a["status"].isin(["in clinical development", "development stopped"]) & a["status_source"].isna()]))
    not_stated, lab_only = a[a["status"] == "not stated"], a[a["status"] == "no clinical use reported"]
    f.add("n_not_stated", len(not_stated), cite=False)
    f.add("n_lab_only", len(lab_only), cite=False)
    f.claim("statuses-add-up", "the stopped, continuing, not stated and laboratory-only agents are all the agents",
            len(stopped) + len(ongoing) + len(not_stated) + len(lab_only) == len(a), rows(a))
    f.claim("lab-only-are-preclinical", "the agents with no clinical use reported are those the sources describe only in "
                                        "laboratory studies", (lab_only["highest_phase"] == "preclinical").all()
            and set(a.loc[a["highest_phase"] == "preclinical", "agent_id"]) == set(lab_only["agent_id"]), rows(lab_only))

    # sponsors come from Chmielowski's list
    sponsored = a[a["sponsor"].notna()]
    f.add("n_sponsored", len(sponsored), sources=[intro.sponsor_source(r) for r in rows(sponsored)])

    # names
    f.add("n_named_differently", int((a["variants"].map(len) > 0).sum()), cite=False)
    c = t.row("conflicts", "c-r1507-robatumumab-name")
    f.claim("r1507-two-drugs", "the book treats R1507 and robatumumab as two drugs",
            {"r1507", "robatumumab"} <= set(a["agent_id"]) and "robatumumab" not in t.row("agents", "r1507").value("codes"), [c])

    # where the coverage matrix is
    f.claim("three-ways-is-previous", "what each class leaves open is shown in the chapter before this one",
            evidence.chapter_offset("agents", "three-ways") == -1, ["_toc.yml"])

    # the exercise: who blocks INSR-B
    insr_b = a[a["targets"].map(lambda x: "INSR-B" in x)]
    others = insr_b[insr_b["agent_class"] != TKI]
    f.add("insr_b_others", None, text.listing(others["name"]), rows(others))
    f.claim("insr-b-is-tki-or-insr-inhibitor", "the agents that block INSR-B are the kinase inhibitors and the "
                                               "insulin-receptor inhibitor", set(insr_b["agent_class"]) <= {TKI, OTHER}
            and set(tki["agent_id"]) <= set(insr_b["agent_id"])
            and others["targets"].map(lambda x: set(x) <= {"INSR-A", "INSR-B"}).all(), rows(insr_b))
    return f
