"""The book's figures: one function per figure, one shared style.

Each function returns the figure and the table of the numbers it draws, so that a chapter can
show both (the regression tests compare the table; they cannot compare images). The palette is
Okabe–Ito (distinguishable with the common colour-vision deficiencies) and every category is also
told apart by hatching, so figures survive greyscale printing.
"""

from __future__ import annotations



import matplotlib.pyplot as plt
import pandas as pd

#: Okabe & Ito colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--", "++"]

#: Order in which development statuses are shown (most advanced first).
STATUS_ORDER = ["in clinical development", "development stopped", "not stated", "no clinical use reported"]
CLASS_ORDER = ["anti-IGF-1R antibody", "IGF-1R kinase inhibitor", "IGF ligand-neutralising antibody",
               "ligand suppression", "other IGF-axis agent"]


def style() -> None:
    """Apply the book's figure style (text never parsed as maths, so data text stays literal)."""
    plt.rcParams.update({
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "text.parse_math": False,
        "svg.hashsalt": "igfbook",
        "figure.facecolor": "white",
        "axes.facecolor": "white",
    })


def agents_by_class(agents: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Stacked bars: how many agents of each class reached each development status.

    Returns the figure and the counts it draws (classes × statuses, with totals).
    """
    style()
    counts = pd.crosstab(agents["agent_class"], agents["status"])
    classes = [c for c in CLASS_ORDER if c in counts.index] + [c for c in counts.index if c not in CLASS_ORDER]
    statuses = [s for s in STATUS_ORDER if s in counts.columns] + [s for s in counts.columns if s not in STATUS_ORDER]
    counts = counts.reindex(index=classes, columns=statuses, fill_value=0)
    fig, ax = plt.subplots(figsize=(8, 3.6))
    left = pd.Series(0, index=counts.index)
    for i, status in enumerate(counts.columns):
        ax.barh(counts.index, counts[status], left=left, color=PALETTE[i % len(PALETTE)],
                hatch=HATCHES[i % len(HATCHES)], edgecolor="black", linewidth=0.6, label=status)
        left = left + counts[status]
    ax.invert_yaxis()
    ax.set_xlabel("number of agents named in the sources")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="development status (as of the sources)", loc="lower right", fontsize=8, title_fontsize=8)
    fig.tight_layout()
    plt.close(fig)
    table = counts.copy()
    table["total"] = table.sum(axis=1)
    table.index.name = "class"
    table.columns.name = None
    return fig, table
