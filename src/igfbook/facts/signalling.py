"""Facts of the chapter *Signalling from the receptor* (``book/signalling.md``), from table ``signalling``.

>>> f = facts()
>>> f.text("brake_target"), f.claims["one-brake-target"].holds
('IRS-1', True)
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet
from igfbook import data, text
from igfbook.data import Tables

FEEDBACK = ("negative feedback", "feedback relief")


def load() -> Tables:
    return data.tables()


def pathway(t: Tables):
    """The pathway figure and the table of its nodes (layer, branch, edges in and out)."""
    from igfbook import figures

    return figures.pathway(t.signalling)


def edges_table(t: Tables) -> pd.DataFrame:
    """Every edge of the network with the article it comes from, for readers."""
    from igfbook import refs

    e = t.signalling
    return pd.DataFrame({"upstream": e["upstream"], "effect": e["effect"], "downstream": e["downstream"],
                         "kind": e["kind"], "branch": e["branch"], "source": e["source"].map(refs.label),
                         "locator": e["locator"]})


def edges_into(t: Tables, node: str) -> pd.DataFrame:
    """The edges that end at ``node`` (what the first exercise asks for)."""
    e = t.signalling
    return e.loc[e["downstream"] == node, ["upstream", "effect", "kind"]].reset_index(drop=True)


def _edge(t: Tables, upstream: str, downstream: str, kind: str | None = None) -> pd.DataFrame:
    e = t.signalling
    found = e[(e["upstream"] == upstream) & (e["downstream"] == downstream)]
    return found[found["kind"] == kind] if kind else found


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("signalling")
    e = t.signalling
    f.add("n_edges", len(e), cite=False)
    f.add("n_nodes", len(set(e["upstream"]) | set(e["downstream"])), cite=False)
    f.add("pathway", len(e), sources=t.rows("signalling"))   # the rows the figure draws

    brakes = e[e["kind"] == "negative feedback"]
    brake_rows = t.rows("signalling", brakes)
    f.add("brake_sources", None, text.listing(brakes["upstream"]), brake_rows)
    f.add("brake_target", None, text.listing(brakes["downstream"]), brake_rows)
    f.claim("one-brake-target", "every negative-feedback edge acts back on the same adaptor protein",
            brakes["downstream"].nunique() == 1, brake_rows)
    f.add("n_feedback", int(e["kind"].isin(FEEDBACK).sum()), cite=False)
    relief = e[e["kind"] == "feedback relief"]
    f.add("relief_nodes", None, text.listing(relief["upstream"]), t.rows("signalling", relief))

    # mTORC1 inhibitors lift S6K's (and mTORC1's own) brake on IRS-1
    mtor_brakes = brakes[brakes["upstream"].isin(["mTORC1", "S6K"])]
    mtor_rows = t.rows("signalling", pd.concat([mtor_brakes, _edge(t, "mTORC1", "S6K")]))
    f.add("mtor_brakes", None, text.listing(mtor_brakes["upstream"]), mtor_rows)
    f.claim("mtor-lifts-brake", "mTORC1, directly and through S6K, brakes IRS-1, so an mTORC1 inhibitor lifts that brake",
            len(_edge(t, "mTORC1", "S6K", "cascade")) == 1 and set(mtor_brakes["upstream"]) == {"mTORC1", "S6K"}
            and set(mtor_brakes["downstream"]) == {"IRS-1"}, mtor_rows)
    foxo = pd.concat([_edge(t, "Akt", "FOXO", "feedback relief"), _edge(t, "FOXO", "IGF-1R", "feedback relief")])
    f.claim("foxo-relief", "blocking Akt frees FOXO, which raises IGF-1R again",
            len(foxo) == 2 and set(foxo["effect"]) == {"inhibits", "activates"}, t.rows("signalling", foxo))
    # the two branches meet at cyclin D
    into_cyclin = e[e["downstream"] == "cyclin D"]
    f.claim("branches-meet-at-cyclin-d", "both branches reach cyclin D",
            {"ERK", "mTORC1"} <= set(into_cyclin["upstream"]), t.rows("signalling", into_cyclin))
    return f
