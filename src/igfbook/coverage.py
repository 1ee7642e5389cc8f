"""Which ligand-to-receptor signals each agent blocks, computed from the agents and interactions tables.

A *signal* is a row of the interactions table whose outcome is a signal (growth and survival, or
glucose metabolism); binding to IGF-2R or to the binding proteins only removes ligand and is left
out. An agent blocks a signal when its targets include the signal's ligand (it neutralises the
ligand before it binds anything) or the signal's receptor (it blocks or removes the receptor).
Agents that act only downstream of the receptors (on IRS or STAT3) or on growth hormone block no
ligand–receptor signal directly; the matrix shows them as blocking nothing, which is the honest
reading of what they target.

Signals are read in the order of the schema's enums (receptors first, then ligands), so the
figure, the tables and the prose list them the same way.
"""

from __future__ import annotations

import pandas as pd

from igfbook import data

SIGNAL_OUTCOMES = ("growth and survival", "glucose metabolism")


def signals(interactions: pd.DataFrame) -> pd.DataFrame:
    """The interactions that transmit a signal, receptor by receptor in the schema's order, with a
    ``signal`` label such as ``"IGF-2 → INSR-A"``.

    >>> list(signals(data.interactions())["signal"])[:2]
    ['IGF-1 → IGF-1R', 'IGF-2 → IGF-1R']
    """
    ligands, receptors = data.enum("interactions", "ligand"), data.enum("interactions", "receptor")
    sig = interactions[interactions["outcome"].isin(SIGNAL_OUTCOMES)].copy()
    sig["_l"] = sig["ligand"].map(ligands.index)
    sig["_r"] = sig["receptor"].map(receptors.index)
    sig = sig.sort_values(["_r", "_l"]).drop(columns=["_l", "_r"])
    sig["signal"] = sig["ligand"] + " → " + sig["receptor"]
    return sig.reset_index(drop=True)


def agent_matrix(agents: pd.DataFrame, interactions: pd.DataFrame) -> pd.DataFrame:
    """Agents (by name) × signals, True where the agent blocks the signal.

    >>> m = agent_matrix(data.agents(), data.interactions())
    >>> bool(m.loc["xentuzumab", "IGF-2 → INSR-A"]), bool(m.loc["figitumumab", "IGF-2 → INSR-A"])
    (True, False)
    """
    sig = signals(interactions)
    rows = {}
    for _, agent in agents.iterrows():
        targets = set(agent["targets"])
        rows[agent["name"]] = [(s.ligand in targets) or (s.receptor in targets) for s in sig.itertuples()]
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(sig["signal"])).rename_axis("agent")


def class_matrix(agents: pd.DataFrame, interactions: pd.DataFrame, classes: list[str] | None = None) -> pd.DataFrame:
    """Classes × signals: the share of the class's agents (0–1) that block each signal, classes in
    the schema's order (or the order of ``classes``)."""
    m = agent_matrix(agents, interactions)
    cls = agents.set_index("name")["agent_class"]
    share = m.groupby(cls.reindex(m.index).to_numpy()).mean()
    share.index.name = "class"
    order = classes if classes is not None else data.enum("agents", "agent_class")
    return share.reindex([c for c in order if c in share.index])


def verdict(share: pd.DataFrame) -> pd.DataFrame:
    """Shares turned into words: 'blocked' (every agent of the class), 'partly' (some), 'open' (none)."""
    return share.apply(lambda col: col.map(lambda v: "blocked" if v == 1 else ("open" if v == 0 else "partly")))


def open_signals(share: pd.DataFrame, cls: str) -> list[str]:
    """Signals that no agent of class ``cls`` blocks."""
    row = share.loc[cls]
    return [s for s, v in row.items() if v == 0]


def blocked_signals(share: pd.DataFrame, cls: str) -> list[str]:
    """Signals that every agent of class ``cls`` blocks."""
    row = share.loc[cls]
    return [s for s, v in row.items() if v == 1]


def blockers(agents: pd.DataFrame, interactions: pd.DataFrame, blocked: list[str], spared: list[str] = ()) -> pd.DataFrame:
    """The agents that block every signal of ``blocked`` and none of ``spared`` (rows of ``agents``).

    >>> list(blockers(data.agents(), data.interactions(), ["IGF-2 → INSR-A"], ["insulin → INSR-B"])["name"])
    ['xentuzumab', 'dusigitumab']
    """
    m = agent_matrix(agents, interactions)
    keep = m[list(blocked)].all(axis=1) & ~m[list(spared)].any(axis=1) if spared else m[list(blocked)].all(axis=1)
    return agents[agents["name"].isin(m.index[keep])]
