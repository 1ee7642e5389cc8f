"""Facts of the chapter *The IGF axis* (``book/axis.md``): who binds whom, from table ``interactions``.

>>> f = facts()
>>> f.text("glucose_signals"), f.claims["igf2-most-partners"].holds
('insulin → INSR-B', True)
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet
from igfbook import coverage, data, evidence, text
from igfbook.data import Tables

SEQUESTERING = ("IGF-2R", "IGFBPs")   # partners that take ligand away without passing on a signal


def load() -> Tables:
    return data.tables()


def signals(t: Tables) -> pd.DataFrame:
    """The interactions that carry a signal (see :func:`igfbook.coverage.signals`)."""
    return coverage.signals(t.interactions)


def network(t: Tables):
    """The network figure and the table of its lines."""
    from igfbook import figures

    return figures.ligand_receptor_network(t.interactions)


def _number(word_or_digits) -> int:
    """6 from 6 or "six"."""
    value = str(word_or_digits).lower()
    return int(value) if value.isdigit() else text.NUMBER_WORDS.index(value)


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("axis")
    inter, sig = t.interactions, signals(t)
    rows = t.rows("interactions")

    f.add("n_interactions", len(inter), cite=False)
    f.add("n_ligands", inter["ligand"].nunique(), cite=False)
    f.add("n_partners", inter["receptor"].nunique(), cite=False)
    f.add("n_signals", len(sig), cite=False)
    growth, glucose = sig[sig["outcome"] == "growth and survival"], sig[sig["outcome"] == "glucose metabolism"]
    f.add("n_growth_signals", len(growth), cite=False)
    f.add("network", len(inter), sources=rows)   # the rows the figure draws, for its source line
    glucose_rows = t.rows("interactions", inter[inter["interaction_id"].isin(glucose["interaction_id"])])
    f.add("glucose_signals", None, text.listing(glucose["signal"]), glucose_rows)
    f.claim("one-glucose-signal", "insulin acting on INSR-B is the one signal tied to glucose control rather than growth",
            list(glucose["signal"]) == ["insulin → INSR-B"] and len(growth) == len(sig) - 1, glucose_rows)
    quiet = inter[~inter["outcome"].isin(coverage.SIGNAL_OUTCOMES)]
    f.claim("sequestering-partners", "IGF-2R and the binding proteins are the partners that take ligand away without "
                                     "passing on a signal, and they pass on none",
            set(quiet["receptor"]) == set(SEQUESTERING) and not sig["receptor"].isin(SEQUESTERING).any(),
            t.rows("interactions", inter[inter["receptor"].isin(SEQUESTERING) != ~inter["outcome"].isin(coverage.SIGNAL_OUTCOMES)]))

    # IGF-2 reaches more partners than any other ligand
    partners = inter.groupby("ligand")["receptor"].nunique()
    order = data.enum("interactions", "receptor")
    igf2 = inter[inter["ligand"] == "IGF-2"].sort_values("receptor", key=lambda r: r.map(order.index))
    igf2_rows = t.rows("interactions", igf2)
    f.add("igf2_partners", None, text.listing(igf2["receptor"]), igf2_rows)
    f.add("n_igf2_partners", len(igf2), sources=igf2_rows)
    f.claim("igf2-most-partners", "IGF-2 reaches more partners in the table than any other ligand",
            partners.get("IGF-2", 0) > partners.drop("IGF-2").max(), rows)
    insr_a = inter[(inter["receptor"] == "INSR-A") & (inter["ligand"].isin(["IGF-2", "insulin"]))]
    f.claim("insr-a-equal", "INSR-A binds IGF-2 as well as it binds insulin",
            "equal to insulin" in set(insr_a.loc[insr_a["ligand"] == "IGF-2", "affinity"]), t.rows("interactions", insr_a))
    igf1r = inter[inter["receptor"] == "IGF-1R"].set_index("ligand")["affinity"]
    f.claim("igfs-high-on-igf1r", "IGF-1 and IGF-2 bind IGF-1R with high affinity, insulin more weakly",
            igf1r.get("IGF-1") == igf1r.get("IGF-2") == "high" and igf1r.get("insulin") == "lower than the IGFs",
            t.rows("interactions", inter[inter["receptor"] == "IGF-1R"]))

    # what still signals when IGF-1R is blocked (the exercise)
    escape = sig[(sig["ligand"] == "IGF-2") & (sig["receptor"] != "IGF-1R")]
    f.add("igf2_escape", None, text.listing(escape["receptor"]), t.rows("interactions", inter[inter["interaction_id"].isin(escape["interaction_id"])]))
    f.claim("igf2-insra-escape", "INSR-A receives a growth signal from IGF-2 that does not pass through IGF-1R",
            "INSR-A" in set(escape.loc[escape["outcome"] == "growth and survival", "receptor"]), igf2_rows)

    # how many binding proteins
    simpson, yee, chmielowski = (evidence.version(t, "c-igfbp-count", v) for v in "abc")
    seven = evidence.number_in(simpson, "text", r"IGFBPs 1 to (\d+)")
    six_yee = evidence.number_in(yee, "text", r"^(\w+) well-characterised")
    six_ch = evidence.number_in(chmielowski, "text", r"^(\d+) circulating")
    f.add("igfbp_simpson", seven, text.words(seven.value))
    f.add("igfbp_others", None, text.words(_number(six_yee.value)), [six_yee, six_ch])
    f.claim("igfbp-two-counts", "Yee and Chmielowski agree on one number of binding proteins, and Simpson et al. "
                                "list more", _number(six_yee.value) == _number(six_ch.value) < seven.value,
            ["conflicts:c-igfbp-count"])
    return f
