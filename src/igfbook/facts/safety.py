"""Facts of the chapter *Safety and tolerability* (``book/safety.md``): table ``adverse_events``.

>>> f = facts()
>>> f.claims["ligand-hyperglycaemia-unmeasured"].holds
True
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet
from igfbook import data, evidence, refs, safety, tables, text
from igfbook.data import Tables


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def grid(t: Tables):
    """The harms grid figure and the table it draws."""
    from igfbook import evidence_figures

    return evidence_figures.harm_grid(safety.harm_grid(t))


def statements(t: Tables) -> pd.DataFrame:
    """Every statement for readers: event, grade, rate, class, agent, study, what the source says."""
    h = safety.harms(t)
    names = t.agents.set_index("agent_id")["name"]
    studies = t.studies.set_index("study_id")["title"]
    order = {e: i for i, e in enumerate(data.enum("adverse_events", "event"))}
    h = h.assign(_e=h["event"].map(order)).sort_values(["_e", "class", "ae_id"], kind="stable")
    return pd.DataFrame({
        "event": h["event"], "drug class": h["class"],
        "agents": h["agent_ids"].map(lambda a: text.listing(names[x] for x in a) if a else ""),
        "study": h["study_id"].map(lambda s: studies[s] if isinstance(s, str) else ""),
        "grade": h["grade"], "rate": h.apply(safety.rate_text, axis=1),
        "against control": h["compared"].fillna(""), "what the source says": h["finding"],
        "reported by": h["reported_by"].map(refs.label),
    }).reset_index(drop=True)


# --------------------------------------------------------------------------- the facts


def _cells(row) -> dict:
    return {c: row.value(c) for c in ("value", "value_high", "qualifier")}


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("safety")
    h = safety.harms(t)
    harm = lambda key: evidence.harm(t, key)  # noqa: E731
    year = safety.evidence_year(t)
    before = h[~safety.after_sources(t, h["reported_by"])]
    later = h[safety.after_sources(t, h["reported_by"])]

    # the table as a whole
    f.add("n_statements", len(before), cite=False)
    f.add("n_articles", before["reported_by"].nunique(), cite=False)
    rated = before[before["value"].notna()]
    f.add("n_rated", None, text.words(len(rated)), cite=False)
    f.claim("few-rates", "fewer than a quarter of the sources' statements print a rate",
            len(rated) < len(before) / 4, t.rows("adverse_events", rated))
    f.add("n_later", len(later), cite=False)
    f.add("evidence_year", year, cite=False)

    # hyperglycaemia
    g = harm("hyperglycaemia-phase1-gombos")
    f.add("hyper_rate", g["value"], safety.rate_text(_cells(g)))
    kw = harm("hyperglycaemia-kw2450-simpson")
    f.claim("kw2450-dose-limiting", "hyperglycaemia was dose-limiting with the kinase inhibitor KW-2450",
            kw.value("grade") == "dose-limiting" and "kw-2450" in kw.value("agent_ids"), [kw])
    f.add("kw2450_source", None, "", [kw])
    gan = harm("hyperglycaemia-ganitumab-endocrine-yee")
    f.add("gan_endocrine_source", None, "", [gan])
    hba = harm("hba1c-ispy2-yee")
    f.add("hba1c_source", None, "", [hba])
    grading = harm("hyperglycaemia-grading-yee")
    f.add("grading_source", None, "", [grading])
    f.add("grading_grade", grading["grade"])
    lig = h[(h["class"] == "ligand antibodies") & (h["event"] == "hyperglycaemia")]
    f.claim("ligand-hyperglycaemia-unmeasured", "the sources' statements about hyperglycaemia with ligand "
                                                "antibodies give no rate, no grade and no comparison, and all "
                                                "come from the review their developer funded",
            len(lig) > 0 and lig["value"].isna().all() and (lig["grade"] == "not stated").all()
            and lig["compared"].isna().all() and set(lig["reported_by"]) == {"simpson2017igf"},
            t.rows("adverse_events", lig))
    f.add("funder", None, t.row("sources", "simpson2017igf").value("funding").split(" (")[0], cite=False)

    # dose-limiting toxicities, by class
    dlt = before[before["grade"] == "dose-limiting"]
    names = t.agents.set_index("agent_id")["name"]
    parts = [f"{'rash' if r.event == 'skin toxicity' else r.event} with {text.listing(names[a] for a in r.agent_ids)} "
             f"({safety.CLASS_ONE[r['class']]})" for _, r in dlt.iterrows()]
    f.add("dlt_list", None, text.listing(parts), [t.row("adverse_events", k) for k in dlt["ae_id"]])
    f.claim("no-ligand-dlt", "no source reports a dose-limiting toxicity of a ligand antibody",
            not (dlt["class"] == "ligand antibodies").any(), t.rows("adverse_events", dlt))

    # the phase I picture
    fat = harm("fatigue-phase1-gombos")
    f.add("fatigue_rate", fat["value"], safety.rate_text(_cells(fat)), [fat["value_high"]])
    lym = harm("lymphocytes-figitumumab-gombos")
    f.add("lymphocyte_rate", lym["value"], text.percent(lym.value("value")))

    # excess harm against a control arm
    excess = before[before["compared"] == "more than control"]
    combo = t.studies.set_index("study_id")["combination"]
    f.add("n_excess_trials", None, text.words(excess["study_id"].nunique()), cite=False)
    f.claim("excess-in-combinations", "every excess of harm over a control arm in the sources was with an IGF "
                                      "drug added to another treatment",
            len(excess) > 0 and excess["study_id"].map(combo).all(), t.rows("adverse_events", excess))
    cp = [harm(f"cardiac-figitumumab-cp-{a}") for a in ("exp", "ctl")]
    f.add("cardiac_exp", cp[0]["value"], text.percent(cp[0].value("value")))
    f.add("cardiac_ctl", cp[1]["value"], text.percent(cp[1].value("value")))
    sae = [harm(f"sae-figitumumab-erlotinib-{a}") for a in ("exp", "ctl")]
    f.add("sae_exp", sae[0]["value"], text.percent(sae[0].value("value")))
    f.add("sae_ctl", sae[1]["value"], text.percent(sae[1].value("value")))
    sto = harm("stomatitis-dalotuzumab-ridaforolimus-simpson")
    f.add("stomatitis_source", None, "", [sto])

    # the editorial's claim
    claim = t.row("conflicts", "c-toxicity-claim")
    f.claim("editorial-conflict-recorded", "the editorial's 'no significant toxicities' is a recorded conflict "
                                           "resolved against it",
            claim.value("source_a") == "chmielowski2014editorial" and "does not call" in claim.value("resolution"),
            [claim])

    # the grid
    gr = safety.harm_grid(t)
    f.add("n_events", len(gr), cite=False)
    empty = int((gr["ligand antibodies"] == "").sum())
    f.add("n_ligand_empty", empty, cite=False)
    f.claim("ligand-column-mostly-empty", "for most events no source says anything about ligand antibodies",
            empty > len(gr) / 2, t.rows("adverse_events", h[h["class"] == "ligand antibodies"]))

    # after the sources
    xen = harm("tolerability-xenera1")
    f.claim("xenera-similar", "the placebo-controlled ligand-antibody trial found tolerability similar in its arms",
            str(xen.value("compared")) == "similar to control", [xen])
    f.add("xenera_source", None, "", [xen])
    isp = harm("hyperglycaemia-ispy2-final")
    f.claim("ispy2-hyperglycaemia-despite-metformin", "the final I-SPY 2 report found more hyperglycaemia with "
                                                      "ganitumab despite metformin",
            str(isp.value("compared")) == "more than control" and isp.value("event") == "hyperglycaemia", [isp])
    f.add("ispy2_source", None, "", [isp])
    aews = later[later["reported_by"] == "dubois2023randomized"]
    f.add("aews_events", None, text.listing(sorted(aews["event"])), [t.row("adverse_events", k) for k in aews["ae_id"]])
    return f


def statements_table(t: Tables):
    return tables.show(statements(t), "safety-statements", table="adverse_events")
