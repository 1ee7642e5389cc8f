"""Which ligand-to-receptor signals each agent blocks, computed from the agents and interactions tables.

A *signal* is a row of the interactions table whose outcome is a signal (growth and survival, or
glucose metabolism); binding to IGF-2R or to the binding proteins only removes ligand and is left
out. An agent blocks a signal when its targets include the signal's ligand (it neutralises the
ligand before it binds anything) or the signal's receptor (it blocks or removes the receptor).
Agents that act only downstream of the receptors (on IRS or STAT3) or on growth hormone block no
ligand–receptor signal directly; the matrix shows them as blocking nothing, which is the honest
reading of what they target.
"""

from __future__ import annotations

import pandas as pd

SIGNAL_OUTCOMES = ("growth and survival", "glucose metabolism")
LIGAND_ORDER = ["IGF-1", "IGF-2", "insulin"]
RECEPTOR_ORDER = ["IGF-1R", "IGF-1R/INSR hybrid", "INSR-A", "INSR-B"]


def signals(interactions: pd.DataFrame) -> pd.DataFrame:
    """The interactions that transmit a signal, in a fixed reading order, with a ``signal`` label
    such as ``"IGF-2 → INSR-A"``."""
    sig = interactions[interactions["outcome"].isin(SIGNAL_OUTCOMES)].copy()
    sig["_l"] = sig["ligand"].map({v: i for i, v in enumerate(LIGAND_ORDER)})
    sig["_r"] = sig["receptor"].map({v: i for i, v in enumerate(RECEPTOR_ORDER)})
    sig = sig.sort_values(["_r", "_l"]).drop(columns=["_l", "_r"])
    sig["signal"] = sig["ligand"] + " → " + sig["receptor"]
    return sig.reset_index(drop=True)


def agent_matrix(agents: pd.DataFrame, interactions: pd.DataFrame) -> pd.DataFrame:
    """Agents × signals, True where the agent blocks the signal.

    >>> from igfbook import data
    >>> m = agent_matrix(data.agents(), data.table("interactions"))
    >>> bool(m.loc["Xentuzumab", "IGF-2 → INSR-A"]), bool(m.loc["Figitumumab", "IGF-2 → INSR-A"])
    (True, False)
    """
    sig = signals(interactions)
    rows = {}
    for _, agent in agents.iterrows():
        targets = set(agent["targets"])
        rows[agent["name"]] = [(s.ligand in targets) or (s.receptor in targets) for s in sig.itertuples()]
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(sig["signal"])).rename_axis("agent")


def class_matrix(agents: pd.DataFrame, interactions: pd.DataFrame, classes: list[str] | None = None) -> pd.DataFrame:
    """Classes × signals: the share of the class's agents (0–1) that block each signal."""
    m = agent_matrix(agents, interactions)
    cls = agents.set_index("name")["agent_class"]
    share = m.groupby(cls.reindex(m.index).to_numpy()).mean()
    share.index.name = "class"
    if classes is not None:
        share = share.reindex([c for c in classes if c in share.index])
    return share


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
