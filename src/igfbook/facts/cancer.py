"""Facts of the chapter *The IGF axis in cancer* (``book/cancer.md``).

Most of the chapter reports laboratory and population findings that no table of the book holds;
its facts are the few statements the data can check: Simpson et al.'s summary of Ewing sarcoma
activity, who funded the backbone review, and the first exercise's answer, computed from the
coverage of each drug class.

>>> f = facts()
>>> f.text("insra_best_class"), f.claims["one-class-blocks-most"].holds
('IGF-1R kinase inhibitors', True)
"""

from __future__ import annotations

from databook.facts import FactSet
from igfbook import coverage, data, evidence, text
from igfbook.data import Tables
from igfbook.facts import intro

MAB, TKI, LIG = "anti-IGF-1R antibody", "IGF-1R kinase inhibitor", "IGF ligand-neutralising antibody"


def load() -> Tables:
    return data.tables()


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("cancer")

    simpson = evidence.number_in(evidence.version(t, "c-ewing-activity-summary", "a"), "text", r"approximately (\d+)%")
    f.add("simpson_ewing", simpson, f"{simpson.value}%")

    intro.add_funding(f, t)

    # the first exercise: a tumour with mostly INSR-A, under an anti-IGF-1R antibody
    share = coverage.class_matrix(t.agents, t.interactions, [MAB, TKI, LIG])
    sig = coverage.signals(t.interactions)
    rows = t.rows("interactions", t.interactions[t.interactions["interaction_id"].isin(sig["interaction_id"])])
    on_insra = list(sig.loc[sig["receptor"] == "INSR-A", "signal"])
    left = [s for s in on_insra if s in coverage.open_signals(share, MAB)]
    f.add("insra_open", None, text.listing(left), rows)
    f.claim("mab-leaves-insra-open", "an antibody against IGF-1R leaves every INSR-A signal open",
            left == on_insra and bool(left), rows)
    blocked = {c: [s for s in left if share.loc[c, s] == 1] for c in (TKI, LIG)}
    f.add("insra_lig_blocked", None, text.listing(blocked[LIG]), rows)
    f.add("insra_lig_open", None, text.listing(s for s in left if s not in blocked[LIG]), rows)
    best = max(blocked, key=lambda c: len(blocked[c]))
    f.add("insra_best_class", None, best + "s", rows)
    f.claim("one-class-blocks-most", "the kinase inhibitors block more of these signals than any other class, all of them",
            best == TKI and blocked[TKI] == left and len(blocked[TKI]) > len(blocked[LIG]),
            t.rows("agents", t.agents[t.agents["agent_class"].isin([TKI, LIG])]))
    f.claim("tki-costs-glucose", "the kinase inhibitors also block insulin acting on INSR-B",
            share.loc[TKI, "insulin → INSR-B"] == 1, t.rows("agents", t.agents[t.agents["agent_class"] == TKI]))
    return f
