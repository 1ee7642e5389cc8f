"""Facts of the chapter *Why combine* (``book/why-combine.md``): the crosstalk table, counted.

>>> f = facts()
>>> f.claims["insr-every-article"].holds
True
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet
from igfbook import combos, data, refs, text
from igfbook.data import Tables

#: The consequences of a crosstalk statement that the chapter counts, by the name of their fact.
CONSEQUENCES = {"n_partner_resistance": "resistance to the partner's inhibitor",
                "n_igf_resistance": "resistance to IGF-1R inhibition",
                "n_mutual": "mutual resistance"}
ESCAPE = "resistance to IGF-1R inhibition"


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- the frames the chapter shows


def summary(t: Tables) -> pd.DataFrame:
    """One line per partner (see :func:`igfbook.combos.crosstalk_summary`)."""
    return combos.crosstalk_summary(t.crosstalk)


def hub(t: Tables):
    """The crosstalk hub figure and the table of the numbers it draws."""
    from igfbook import combination_figures

    return combination_figures.crosstalk_hub(t.crosstalk)


def specific(t: Tables) -> pd.DataFrame:
    """The crosstalk statements that are not entries of a list (see :func:`igfbook.combos.list_entries`)."""
    return t.crosstalk[~combos.list_entries(t.crosstalk)]


def only_listed(t: Tables) -> list[str]:
    """Partners about which every statement is an entry of a list, in the order of the summary."""
    kept = set(specific(t)["partner"])
    return [p for p in summary(t)["partner"] if p not in kept]


# --------------------------------------------------------------------------- the facts


def _ranked(counts: pd.Series, n: int) -> str:
    return text.listing(f"{name} ({count})" for name, count in combos.top_with_ties(counts, n).items())


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("why-combine")
    ct = t.crosstalk
    rows = t.rows("crosstalk")
    s = summary(t)
    listed = combos.list_entries(ct)
    spec = specific(t)

    # Gombos et al. (2012) before Simpson et al. (2017)
    f.add("years_earlier", None, text.words(refs.year("simpson2017igf") - refs.year("gombos2012crossroad")), cite=False)

    # the table as a whole
    f.add("n_statements", len(ct), cite=False)
    f.add("n_partners", ct["partner"].nunique(), cite=False)
    f.add("n_rtk", int((s["partner type"] == "receptor tyrosine kinase").sum()), cite=False)
    f.add("n_steroid", int((s["partner type"] == "steroid hormone receptor").sum()), cite=False)
    f.add("n_articles", ct["source"].nunique(), cite=False)
    f.claim("most-partners-rtk", "most partners in the crosstalk table are receptor tyrosine kinases",
            f.value("n_rtk") > f.value("n_partners") / 2, rows)
    f.add("top_partners", None, _ranked(s.set_index("partner")["statements"], 3), cite=False)
    consequence = ct["consequence"].value_counts()
    for name, value in CONSEQUENCES.items():
        f.add(name, int(consequence.get(value, 0)), cite=False)

    # the insulin receptor
    insr = ct[ct["partner"] == "INSR"]
    articles = ct.groupby("partner")["source"].nunique()
    f.add("n_insr", len(insr), cite=False)
    f.add("n_insr_articles", insr["source"].nunique(), cite=False)
    f.add("n_insr_escape", int((insr["consequence"] == ESCAPE).sum()), cite=False)
    everywhere = articles[articles == ct["source"].nunique()].index.tolist()
    f.claim("insr-every-article", "the insulin receptor is the one partner that every article links to IGF-1R",
            everywhere == ["INSR"], t.rows("crosstalk", ct[ct["partner"].isin(everywhere)]))

    # attention, not evidence: the list entries
    f.add("n_simpson", int((ct["source"] == "simpson2017igf").sum()), cite=False)
    f.add("n_listed", int(listed.sum()), cite=False)
    f.add("n_specific", len(spec), cite=False)
    by_specific = spec["partner"].value_counts()
    f.add("top_specific", None, _ranked(by_specific, 4), cite=False)
    rank_all = s.set_index("partner")["statements"].rank(ascending=False, method="min")
    rank_spec = by_specific.rank(ascending=False, method="min")
    f.claim("insr-moves-up-beside-egfr", "without the list entries the insulin receptor moves up, to second place "
                                         "behind EGFR",
            rank_spec.get("INSR") == 2 and rank_spec.get("EGFR") == 1 and rank_all.get("INSR", 0) > 2,
            t.rows("crosstalk", ct[ct["partner"].isin(["INSR", "EGFR"])]))

    # the exercises
    escape = ct[ct["consequence"] == ESCAPE]["partner"].value_counts()
    f.claim("insr-leads-escape", "the insulin receptor has the most statements of resistance to IGF-1R inhibition",
            len(escape) > 0 and escape.index[0] == "INSR" and (len(escape) == 1 or escape.iloc[0] > escape.iloc[1]),
            t.rows("crosstalk", ct[ct["consequence"] == ESCAPE]))
    only = only_listed(t)
    f.add("only_listed", None, text.listing(only), cite=False)
    f.claim("some-only-listed", "some partners are named only in lists", len(only) > 0, rows)
    return f
