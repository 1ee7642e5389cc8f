"""The book's figures: one function per figure, one shared style.

Each function returns the figure and the table of the numbers it draws, so that a chapter can
show both (the regression tests compare the table; they cannot compare images). The palette is
Okabe–Ito (distinguishable with the common colour-vision deficiencies) and every category is also
told apart by hatching, so figures survive greyscale printing.
"""

from __future__ import annotations

import matplotlib
import matplotlib.patches
import matplotlib.pyplot as plt
import pandas as pd

from igfbook import data

#: Okabe & Ito colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--", "++"]


def style() -> None:
    """Apply the book's figure style (text never parsed as maths, so data text stays literal), and
    keep every figure as SVG too (see :func:`_vector_too`)."""
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
    _vector_too()


def _vector_too() -> None:
    """In a notebook, figures are kept as SVG as well as PNG: the site shows (and offers) the SVG,
    the reader notebooks attach the PNG. No date is written into either, so two builds give the
    same bytes (with the fixed ``svg.hashsalt`` above)."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    if get_ipython() is not None:
        set_matplotlib_formats("png", "svg", metadata={"Date": None})


def agents_by_class(agents: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Stacked bars: how many agents of each class reached each development status.

    Classes and statuses are drawn in the order of the schema's enums (most advanced status
    first). Returns the figure and the counts it draws (classes × statuses, with totals).
    """
    style()
    counts = pd.crosstab(agents["agent_class"], agents["status"])
    classes = [c for c in data.enum("agents", "agent_class") if c in counts.index]
    statuses = [s for s in data.enum("agents", "status") if s in counts.columns]
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


# --------------------------------------------------------------------------- the axis

AFFINITY_WIDTH = {"high": 3.2, "equal to insulin": 3.2, "lower than the IGFs": 1.2,
                  "weak (cross-binding)": 0.8, "not stated": 1.6}
OUTCOME_STYLE = {"growth and survival": (PALETTE[5], "-"), "glucose metabolism": (PALETTE[0], "-."),
                 "sequestration (no signal)": ("#777777", ":")}


def ligand_receptor_network(interactions: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Ligands (left) joined to receptors and binding proteins (right); line width shows the
    stated relative affinity, colour and line style what binding does.

    Returns the figure and the table of the edges it draws.
    """
    style()
    ligands = [x for x in data.enum("interactions", "ligand") if x in set(interactions["ligand"])]
    receptors = [x for x in data.enum("interactions", "receptor") if x in set(interactions["receptor"])]
    ly = {n: 1 - i / max(1, len(ligands) - 1) for i, n in enumerate(ligands)}
    ry = {n: 1 - i / max(1, len(receptors) - 1) for i, n in enumerate(receptors)}
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    for row in interactions.itertuples():
        colour, dash = OUTCOME_STYLE[row.outcome]
        ax.plot([0.18, 0.82], [ly[row.ligand], ry[row.receptor]], color=colour, linestyle=dash,
                linewidth=AFFINITY_WIDTH[row.affinity], alpha=0.85, solid_capstyle="round")
    for name, y in ly.items():
        ax.text(0.16, y, name, ha="right", va="center", fontsize=11, fontweight="bold")
    for name, y in ry.items():
        ax.text(0.84, y, name, ha="left", va="center", fontsize=11, fontweight="bold")
    handles = [plt.Line2D([], [], color=c, linestyle=d, linewidth=2.5, label=k) for k, (c, d) in OUTCOME_STYLE.items()]
    handles += [plt.Line2D([], [], color="black", linewidth=w, label=f"affinity: {k}")
                for k, w in AFFINITY_WIDTH.items() if k in set(interactions["affinity"]) and k != "equal to insulin"]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=8, frameon=False)
    ax.set_xlim(-0.05, 1.12)
    ax.set_ylim(-0.08, 1.08)
    ax.axis("off")
    fig.tight_layout()
    plt.close(fig)
    table = interactions[["ligand", "receptor", "affinity", "outcome"]].reset_index(drop=True)
    return fig, table


BRANCH_COLOURS = {"receptor": PALETTE[7], "PI3K/Akt/mTOR": PALETTE[0], "RAS/MAPK": PALETTE[1],
                  "cell cycle": PALETTE[2], "nucleus": PALETTE[3]}


def pathway(signalling: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """The signalling network drawn in layers from the receptors down, one column per branch.

    Forward edges set the layers; feedback edges are drawn dashed on top.
    Returns the figure and a table of the nodes with their layer and branch, plus edge counts.
    """
    import networkx as nx

    style()
    graph = nx.DiGraph()
    for row in signalling.itertuples():
        graph.add_edge(row.upstream, row.downstream, kind=row.kind, effect=row.effect)
    # Layers follow the forward edges: negative feedback never counts, and any other edge that
    # would close a loop (e.g. FOXO raising IGF-1R again) is drawn but not used for layering.
    dag = nx.DiGraph()
    dag.add_nodes_from(graph.nodes)
    for row in signalling.itertuples():
        if row.kind == "negative feedback":
            continue
        dag.add_edge(row.upstream, row.downstream)
        if not nx.is_directed_acyclic_graph(dag):
            dag.remove_edge(row.upstream, row.downstream)
    layer = {n: i for i, generation in enumerate(nx.topological_generations(dag)) for n in generation}
    branch = {}
    for row in signalling.itertuples():  # a node takes the branch of the first edge that reaches it
        branch.setdefault(row.upstream, row.branch if row.upstream not in ("IGF-1R", "INSR") else "receptor")
        branch.setdefault(row.downstream, row.branch)
    order = list(BRANCH_COLOURS)
    import textwrap

    label = {n: textwrap.fill(n, 16) for n in graph.nodes}
    width = {n: 0.13 * max(len(line) for line in label[n].split("\n")) + 0.55 for n in graph.nodes}
    pos = {}
    for depth in sorted(set(layer.values())):
        nodes = sorted((n for n in layer if layer[n] == depth), key=lambda n: (order.index(branch[n]), n))
        total = sum(width[n] for n in nodes)
        x = -total / 2
        for n in nodes:
            pos[n] = (x + width[n] / 2, -1.1 * depth)
            x += width[n]
    fig, ax = plt.subplots(figsize=(10, 8))
    for u, v, attrs in graph.edges(data=True):
        feedback = attrs["kind"] in ("negative feedback", "feedback relief")
        ax.annotate("", xy=pos[v], xytext=pos[u],
                    arrowprops=dict(arrowstyle="-[" if attrs["effect"] == "inhibits" else "-|>",
                                    color=PALETTE[5] if feedback else "#444444",
                                    linestyle="--" if feedback else "-", linewidth=1.1,
                                    shrinkA=14, shrinkB=14,
                                    connectionstyle="arc3,rad=0.25" if feedback else "arc3,rad=0"))
    for n, (x, y) in pos.items():
        ax.text(x, y, label[n], ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=BRANCH_COLOURS[branch[n]], linewidth=1.8))
    handles = [plt.Line2D([], [], color=c, linewidth=3, label=b) for b, c in BRANCH_COLOURS.items()]
    handles += [plt.Line2D([], [], color="#444444", label="activates / leads to (arrow), inhibits (bar)"),
                plt.Line2D([], [], color=PALETTE[5], linestyle="--", label="feedback")]
    ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 1, max(xs) + 1)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    fig.tight_layout()
    plt.close(fig)
    nodes = pd.DataFrame({"node": list(pos), "layer": [layer[n] for n in pos], "branch": [branch[n] for n in pos]})
    nodes["edges out"] = nodes["node"].map(lambda n: graph.out_degree(n))
    nodes["edges in"] = nodes["node"].map(lambda n: graph.in_degree(n))
    return fig, nodes.sort_values(["layer", "branch", "node"]).reset_index(drop=True)


def coverage(share: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Heat map of classes × signals: the share of each class's agents that block each signal.

    Cells are labelled with the share and a word (blocked / partly / open), and partly blocked
    cells are hatched, so the figure reads without colour and a high share is not taken for blocked. Returns the figure and the share table.
    """
    import numpy as np

    style()
    fig, ax = plt.subplots(figsize=(9.5, 0.7 * len(share) + 2.2))
    cmap = matplotlib.colors.LinearSegmentedColormap.from_list("cover", ["#f7f7f7", PALETTE[0]])
    ax.imshow(share.to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for (i, j), v in np.ndenumerate(share.to_numpy(dtype=float)):
        word = "blocked" if v == 1 else ("open" if v == 0 else "partly")
        if word == "partly":  # hatched, so that a high share never reads as blocked
            ax.add_patch(matplotlib.patches.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///",
                                                      edgecolor="#666666", linewidth=0))
        ax.text(j, i, f"{word}\n{v:.0%}", ha="center", va="center", fontsize=7.5, color="black",
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))
    ax.set_xticks(range(share.shape[1]), share.columns, rotation=35, ha="right", fontsize=8.5)
    ax.set_yticks(range(share.shape[0]), share.index, fontsize=8.5)
    ax.grid(False)
    ax.set_xlabel("ligand → receptor signal")
    fig.tight_layout()
    plt.close(fig)
    return fig, share.round(2)
