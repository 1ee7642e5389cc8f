"""Facts of the chapter *After the sources* (``book/later.md``): tables ``later`` and ``effects``.

>>> f = facts()
>>> f.claims["none-better"].holds
True
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet
from igfbook import data, evidence, refs, safety, text
from igfbook.data import Tables


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def primary(t: Tables) -> pd.DataFrame:
    """For each later trial, its primary comparison: the first used row of ``effects`` for it."""
    e = t.effects[t.effects["use"] & t.effects["later_id"].notna()]
    return e.drop_duplicates("later_id").set_index("later_id")


def result_words(row) -> str:
    """A comparison in words: "HR 1.00 (95% CI 0.76–1.33)" or the medians, or the direction."""
    if row["measure"] == "hazard ratio":
        return "HR " + text.ratio(row["value"], row["low"], row["high"], row["interval"])
    if pd.notna(row["median_experimental"]):
        unit = row["median_unit"]
        return f"median {text.number(row['median_experimental'])} against {text.number(row['median_control'])} {unit}"
    return row["direction"]


def trials_table(t: Tables) -> pd.DataFrame:
    """The later trials for readers, in the order of the book's chapters that ask their questions."""
    lt = t.later
    names = t.agents.set_index("agent_id")["name"]
    first = primary(t)
    order = {doc: i for i, doc in enumerate(evidence.chapter_order())}
    lt = lt.assign(_o=lt["chapter"].map(order)).sort_values(["_o", "year", "later_id"], kind="stable")
    return pd.DataFrame({
        "trial": [a if isinstance(a, str) else tr for a, tr in zip(lt["acronym"], lt["trial"])],
        "drug": lt["agent_ids"].map(lambda a: text.listing(names[x] for x in a)),
        "added to": lt["partners"].map(lambda p: text.listing(p)),
        "phase": lt["phase"], "patients": lt["patients"].map(lambda n: "" if pd.isna(n) else str(int(n))),
        "selected by": lt["selection"].fillna(""),
        "primary comparison": [f"{first.loc[k, 'endpoint']}: {result_words(first.loc[k])}" for k in lt["later_id"]],
        "answer": lt["answer"], "question asked in": lt["chapter"].map(evidence.chapter_title),
        "report": lt["source"].map(refs.label),
    }).reset_index(drop=True)


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("later")
    lt = t.later
    rows = t.rows("later")
    f.add("evidence_year", safety.evidence_year(t), cite=False)
    f.add("n_trials", None, text.words(len(lt)), cite=False)
    f.claim("all-after", "every trial of the later table was reported after the newest source article",
            safety.after_sources(t, lt["source"]).all(), rows)
    f.claim("all-randomised", "every later trial was randomised", lt["design"].str.startswith("randomised").all(), rows)
    f.claim("none-better", "no later trial found its primary comparison better with the IGF drug",
            not (lt["answer"] == "better with the IGF drug").any(), rows)
    first = primary(t)
    f.claim("every-trial-has-a-comparison", "every later trial has a comparison in the effects table",
            set(lt["later_id"]) <= set(first.index), rows)
    worse = lt[lt["answer"] == "worse with the IGF drug"]
    f.add("n_worse", None, text.words(len(worse)), cite=False)

    def later_row(key: str):
        return t.row("later", key)

    def effect(key: str):
        return evidence.effect(t, key)

    # pancreatic cancer, selected by serum IGF-1
    c, ce = later_row("carrie-istiratumab-pancreas"), effect("carrie-pfs")
    f.add("carrie_n", c["patients"])
    f.add("carrie_selection", c["selection"])
    f.add("carrie_pfs_exp", ce["median_experimental"], text.number(ce.value("median_experimental")))
    f.add("carrie_pfs_ctl", ce["median_control"], text.number(ce.value("median_control")))
    f.add("carrie_hr", None, text.ratio(ce.value("value"), ce.value("low"), ce.value("high"), ce.value("interval")),
          [ce["value"], ce["low"], ce["high"]])
    f.add("carrie_p", ce["p_value"], text.number(ce.value("p_value")))
    low, high = safety.derived_interval(ce.value("value"), ce.value("p_value"))
    f.claim("carrie-interval-derived", "the data's interval for CARRIE is the one derived from its hazard ratio and p",
            ce.value("interval") == "derived 95% confidence interval"
            and abs(low - ce.value("low")) < 0.005 and abs(high - ce.value("high")) < 0.005, [ce])
    f.claim("carrie-worse", "in CARRIE progression came sooner with istiratumab, the interval excluding 1",
            ce.value("low") > 1 and c.value("answer") == "worse with the IGF drug", [ce, c])

    # breast cancer: the ligand antibody against placebo
    x, xe = later_row("xenera1-xentuzumab-breast"), effect("xenera1-pfs-central")
    f.add("xenera_n", x["patients"])
    f.add("xenera_selection", x["selection"])
    f.add("xenera_hr", None, text.ratio(xe.value("value"), xe.value("low"), xe.value("high"), xe.value("interval")),
          [xe["value"], xe["low"], xe["high"]])
    f.add("xenera_pfs_exp", xe["median_experimental"], text.number(xe.value("median_experimental")))
    f.add("xenera_pfs_ctl", xe["median_control"], text.number(xe.value("median_control")))
    ph2 = effect("xentuzumab-ph2-pfs")
    f.add("xen_ph2_hr", None, text.ratio(ph2.value("value"), ph2.value("low"), ph2.value("high"), ph2.value("interval")),
          [ph2["value"], ph2["low"], ph2["high"]])
    f.add("xen_ph2_n", later_row("xentuzumab-everolimus-ph2-breast")["patients"])
    f.claim("xenera-from-ph2-subgroup", "XENERA-1's population was the subgroup of the earlier trial",
            "subgroup" in x.value("notes") and x.value("selection") == "non-visceral disease", [x])
    pr, pre = later_row("xentuzumab-enzalutamide-ph2-prostate"), effect("xentuzumab-enza-pfs")
    f.add("enza_n", pr["patients"])
    f.add("enza_pfs_exp", pre["median_experimental"], text.number(pre.value("median_experimental")))
    f.add("enza_pfs_ctl", pre["median_control"], text.number(pre.value("median_control")))
    ligand = lt[lt["agent_ids"].map(lambda a: "xentuzumab" in a)]
    f.add("n_ligand", None, text.sentence(text.words(len(ligand))), cite=False)
    f.claim("ligand-none-better", "none of the ligand-antibody trials found a benefit",
            len(ligand) > 0 and (ligand["answer"] == "no clear difference").all(), t.rows("later", ligand))

    # Ewing sarcoma, first line
    a, ae = later_row("aews1221-ganitumab-ewing"), effect("aews1221-efs")
    f.add("aews_n", a["patients"])
    f.add("aews_hr", None, text.ratio(ae.value("value"), ae.value("low"), ae.value("high"), ae.value("interval")),
          [ae["value"], ae["low"], ae["high"]])
    f.add("aews_p", ae["p_value"], text.number(ae.value("p_value"), 2))
    f.claim("aews-one-sided", "the AEWS1221 p-value is one-sided", ae.value("p_sided") == "one-sided", [ae])

    # I-SPY 2, final
    i = effect("ispy2-pcr-final")
    f.add("ispy2_source", None, "", [i])

    # the chapters that ask the questions link here
    askers = sorted(set(lt["chapter"]))
    missing = [doc for doc in askers if not evidence.links_to(doc, "later")]
    f.add("asking_chapters", None, text.listing(evidence.chapter_title(d) for d in askers), cite=False)
    f.claim("askers-link-here", "every chapter that asks a question a later trial answers links to this chapter",
            not missing, [f"later:{k}" for k in lt.loc[lt["chapter"].isin(missing), "later_id"]])
    return f
