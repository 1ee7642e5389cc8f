"""Harms and comparative results: the tables ``adverse_events``, ``effects`` and ``later``, read
for readers.

- :func:`harms` gives every adverse-event statement with the class of drug it is about (the
  class of its agents, or the class a class statement names, or "control arm");
- :func:`harm_grid` reduces them to one cell per event and class: the strongest thing any source
  says (fatal, serious, dose-limiting, more than control, a printed rate, reported);
- :func:`comparisons` gives the used rows of ``effects`` with the trial's name, its agent and
  class, and whether it was reported after the sources (:func:`evidence_year`);
- :func:`derived_interval` is the normal-approximation interval the data give for a hazard ratio
  printed with a p-value only.

>>> from igfbook import data
>>> t = data.tables()
>>> harm_grid(t).loc["thrombocytopenia", "receptor antibodies"]
'dose-limiting'
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

from igfbook import data, evidence, refs
from igfbook.data import Tables

#: Short names of the drug classes, as the grid and the forest plot show them.
CLASS_SHORT = {"anti-IGF-1R antibody": "receptor antibodies", "IGF-1R kinase inhibitor": "kinase inhibitors",
               "IGF ligand-neutralising antibody": "ligand antibodies",
               "IGF-1R inhibitors (both kinds)": "IGF-1R inhibitors (either kind)",
               "ligand suppression": "ligand suppression", "other IGF-axis agent": "other IGF-axis agents",
               "not an IGF-axis drug": "other drugs", "control arm": "control arm"}
#: One drug of a class, for sentences ("with ganitumab, a receptor antibody").
CLASS_ONE = {"receptor antibodies": "a receptor antibody", "kinase inhibitors": "a kinase inhibitor",
             "ligand antibodies": "a ligand antibody"}
#: Columns of the grid, in the order of the three ways to block the axis (chapter three-ways).
GRID_CLASSES = ["receptor antibodies", "kinase inhibitors", "ligand antibodies", "IGF-1R inhibitors (either kind)"]
#: What a statement says, strongest first: the grid shows the strongest for each event and class.
STRENGTH = ["fatal", "serious", "dose-limiting", "more than control", "rate printed", "similar to control",
            "more than expected", "reported"]


def source_articles(t: Tables) -> list[str]:
    """The keys of the book's source articles (table ``sources``)."""
    return list(t.sources["key"])


def evidence_year(t: Tables) -> int:
    """The year of the newest source article: where the evidence of the sources stops."""
    return max(refs.year(k) for k in source_articles(t))


def after_sources(t: Tables, keys: pd.Series) -> pd.Series:
    """Whether each citation key is a report published after the newest source article."""
    year = evidence_year(t)
    return keys.map(lambda k: refs.year(k) > year)


def harms(t: Tables) -> pd.DataFrame:
    """Every statement of ``adverse_events`` with ``class`` (see the module) and ``strength``."""
    ae = t.adverse_events
    agent_class = t.agents.set_index("agent_id")["agent_class"]

    def class_of(row) -> str:
        if isinstance(row.agent_class, str):
            return CLASS_SHORT[row.agent_class]
        classes = {CLASS_SHORT[agent_class[a]] for a in row.agent_ids}
        if not classes:
            return "control arm"
        if len(classes) > 1:
            raise ValueError(f"adverse_events:{row.ae_id} names agents of several classes: {sorted(classes)}")
        return classes.pop()

    def strength(row) -> str:
        if row.grade in ("fatal", "serious", "dose-limiting"):
            return row.grade
        if isinstance(row.compared, str):
            return row.compared
        return "rate printed" if pd.notna(row.value) else "reported"

    cols = ae[["ae_id", "agent_ids", "agent_class", "grade", "compared", "value"]]
    return ae.assign(**{"class": [class_of(r) for r in cols.itertuples()],
                        "strength": [strength(r) for r in cols.itertuples()]})


def harm_grid(t: Tables, classes: list[str] = GRID_CLASSES) -> pd.DataFrame:
    """Events (schema order) × drug classes: the strongest statement of any source, or "" when no
    source says anything about that event for that class."""
    h = harms(t)
    h = h[h["class"].isin(classes)]
    events = [e for e in data.enum("adverse_events", "event") if e in set(h["event"])]
    grid = pd.DataFrame("", index=pd.Index(events, name="event"), columns=classes)
    for (event, cls), rows in h.groupby(["event", "class"]):
        grid.loc[event, cls] = min(rows["strength"], key=STRENGTH.index)
    return grid


def rate_text(row) -> str:
    """The printed rate of a statement in words, e.g. "up to 20%", "8–14%", "3%"."""
    from igfbook import text

    if pd.isna(row["value"]):
        return ""
    shown = text.percent(row["value"]) if pd.isna(row["value_high"]) else \
        f"{text.number(row['value'])}–{text.percent(row['value_high'])}"
    return text.qualified(row["qualifier"], shown)


def comparisons(t: Tables) -> pd.DataFrame:
    """The used rows of ``effects``, each with ``trial`` (its name), ``agent``, ``class``,
    ``tumour_group``, ``year`` (of the report) and ``after`` (reported after the sources)."""
    e = t.effects[t.effects["use"]]
    studies = t.studies.set_index("study_id")[["title", "agent_ids", "tumour_group"]]
    later = t.later.set_index("later_id")[["acronym", "trial", "agent_ids", "tumour_group"]]
    names = t.agents.set_index("agent_id")[["name", "agent_class"]]
    rows = []
    for r in e.itertuples():
        if isinstance(r.study_id, str):
            s = studies.loc[r.study_id]
            trial, agents, group = s["title"], s["agent_ids"], s["tumour_group"]
        else:
            s = later.loc[r.later_id]
            trial = s["acronym"] if isinstance(s["acronym"], str) else s["trial"]
            agents, group = s["agent_ids"], s["tumour_group"]
        rows.append({"trial": trial, "agent": " + ".join(names.loc[a, "name"] for a in agents),
                     "class": CLASS_SHORT[names.loc[agents[0], "agent_class"]], "tumour_group": group,
                     "year": refs.year(r.reported_by)})
    extra = pd.DataFrame(rows, index=e.index)
    out = pd.concat([e, extra], axis=1)
    return out.assign(after=after_sources(t, out["reported_by"]))


def arm_label(t: Tables, row) -> str:
    """The IGF-drug arm a comparison is about, as readers know it: the arm's name where the arms
    table holds it (a dose, a subgroup), else the population."""
    if isinstance(row["arm_id"], str):
        return evidence.arm(t, row["arm_id"]).value("arm")
    return row["population"]


def derived_interval(value: float, p: float, level: float = 0.95) -> tuple[float, float]:
    """The interval of a hazard ratio printed with a two-sided p-value only: the standard error of
    its logarithm is log(HR) / z(p/2), and the interval log(HR) ± z(level) × SE, back-transformed.

    >>> [round(x, 2) for x in derived_interval(1.88, 0.027)]
    [1.07, 3.29]
    """
    z_p = NormalDist().inv_cdf(1 - p / 2)
    se = abs(math.log(value)) / z_p
    z = NormalDist().inv_cdf(0.5 + level / 2)
    return math.exp(math.log(value) - z * se), math.exp(math.log(value) + z * se)
