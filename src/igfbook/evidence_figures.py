"""Figures of harms and of comparative results: the harms grid and the forest plot of hazard ratios.

Like :mod:`igfbook.figures`, each function returns the figure and the table of the numbers or
words it draws (with reader's column names), so that a chapter shows both and nbval compares them.
Colours are Okabe–Ito and every category also has its own marker or hatching, for greyscale.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from igfbook.figures import HATCHES, PALETTE, style
from igfbook.safety import STRENGTH

#: Colour and hatching of each strength of statement in the harms grid (strongest darkest).
STRENGTH_STYLE = {"fatal": ("#000000", "xx"), "serious": (PALETTE[5], "//"), "dose-limiting": (PALETTE[1], "\\\\"),
                  "more than control": (PALETTE[3], ".."), "more than expected": (PALETTE[3], ".."),
                  "rate printed": (PALETTE[4], ""), "similar to control": (PALETTE[2], "--"),
                  "reported": ("#DDDDDD", "")}


def harm_grid(grid: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """The events × classes grid of :func:`igfbook.safety.harm_grid` as coloured cells, each
    labelled with the strongest statement; an empty cell means no source says anything."""
    style()
    fig, ax = plt.subplots(figsize=(9.5, 0.42 * len(grid) + 1.9))
    for y, event in enumerate(grid.index):
        for x, cls in enumerate(grid.columns):
            value = grid.loc[event, cls]
            if value:
                colour, hatch = STRENGTH_STYLE[value]
                ax.add_patch(plt.Rectangle((x - 0.48, y - 0.42), 0.96, 0.84, facecolor=colour, hatch=hatch,
                                           edgecolor="white", linewidth=0.5, alpha=0.9))
                ax.text(x, y, value, ha="center", va="center", fontsize=7.5, color="black",
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))
            else:
                ax.text(x, y, "·", ha="center", va="center", color="#555555", fontsize=14)
    ax.set_xticks(range(len(grid.columns)), [c.replace(" (", "\n(") for c in grid.columns], fontsize=8.5)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(grid.index)), grid.index, fontsize=8.5)
    ax.set_xlim(-0.5, len(grid.columns) - 0.5)
    ax.set_ylim(len(grid.index) - 0.5, -0.5)
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("strongest statement of any source ('·': none)", fontsize=8.5)
    fig.tight_layout()
    plt.close(fig)
    return fig, grid.reset_index()


def forest(rows: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Forest plot of hazard ratios on a log scale, one line per comparison, with "favours" labels.

    ``rows`` has columns ``label`` (trial — arm, endpoint), ``value``, ``low``, ``high``,
    ``interval`` (the data's words), ``shown`` (the estimate in words), ``class`` and ``after``
    (reported after the sources). Filled
    squares: reported by the sources or their primary papers; open squares: reported after the
    sources. A comparison printed without an interval is drawn as its point alone.
    """
    style()
    shown = rows.reset_index(drop=True)
    shown = shown.assign(**{c: shown[c].astype(float) for c in ("value", "low", "high")})
    classes = list(dict.fromkeys(shown["class"]))
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(classes)}
    fig, ax = plt.subplots(figsize=(10.5, 0.5 * len(shown) + 2.0))
    ys = np.arange(len(shown))[::-1]
    for y, r in zip(ys, shown.itertuples(index=False)):
        c = colour[shown.loc[len(shown) - 1 - y, "class"]]
        if pd.notna(r.low):
            ax.plot([r.low, r.high], [y, y], color=c, linewidth=1.6,
                    linestyle=":" if r.interval == "derived 95% confidence interval" else "-")
        ax.plot(r.value, y, marker="s", markersize=8, linestyle="none", markeredgecolor=c,
                markerfacecolor="white" if r.after else c, markeredgewidth=1.6)
    ax.axvline(1, color="black", linewidth=1)
    ax.set_xscale("log")
    lo = min(0.25, float(np.nanmin(shown[["low", "value"]].to_numpy())) * 0.9)
    hi = max(4.0, float(np.nanmax(shown[["high", "value"]].to_numpy())) * 1.1)
    ax.set_xlim(lo, hi)
    ticks = [t for t in (0.25, 0.5, 1, 2, 4) if lo <= t <= hi]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_yticks(ys, shown["label"], fontsize=8.5)
    ax.set_ylim(-0.8, len(shown) - 0.3)
    ax.set_xlabel("hazard ratio, IGF drug against control (log scale)")
    ax.text(0.95, 1.01, "← favours the IGF drug", transform=ax.get_xaxis_transform(), ha="right", va="bottom",
            fontsize=8.5)
    ax.text(1.05, 1.01, "favours control →", transform=ax.get_xaxis_transform(), ha="left", va="bottom", fontsize=8.5)
    for y, t in zip(ys, shown["shown"]):
        ax.text(1.01, y, t, transform=ax.get_yaxis_transform(), va="center", fontsize=8, family="monospace")
    handles = [plt.Line2D([], [], color=colour[c], marker="s", linestyle="-", label=c) for c in classes]
    handles += [plt.Line2D([], [], color="black", marker="s", markerfacecolor="black", linestyle="none",
                           label="in the sources or their primary papers"),
                plt.Line2D([], [], color="black", marker="s", markerfacecolor="white", linestyle="none",
                           label="reported after the sources"),
                plt.Line2D([], [], color="black", linestyle=":", label="interval derived from the p-value")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.16), ncol=2, fontsize=7.5, frameon=False)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    plt.close(fig)
    table = shown[["label", "shown", "class"]].assign(
        reported=shown["after"].map({True: "after the sources", False: "sources or primary paper"}))
    return fig, table.rename(columns={"label": "comparison", "shown": "hazard ratio"})
