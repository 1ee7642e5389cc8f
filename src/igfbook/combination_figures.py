"""Figures of Parts IV and V and of the conflicts appendix: one function per figure.

Like :mod:`igfbook.figures`, each function returns the figure and the table of the numbers it
draws, so that a chapter shows both and the regression tests can compare the numbers. The shared
style, palette (Okabe–Ito) and hatching come from :mod:`igfbook.figures`; every category is also
told apart by marker shape or line style, so the figures read in greyscale.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from igfbook import combos, data
from igfbook.figures import HATCHES, PALETTE, style

RELATION_STYLE = {  # colour, line style
    "compensatory activation": (PALETTE[5], "-"),
    "crosstalk": (PALETTE[0], "--"),
    "shared downstream signalling": (PALETTE[2], "-."),
    "physical interaction": (PALETTE[3], ":"),
    "transcriptional regulation": (PALETTE[1], (0, (5, 1, 1, 1, 1, 1))),
}
TYPE_STYLE = {  # colour, marker
    "receptor tyrosine kinase": (PALETTE[4], "o"),
    "steroid hormone receptor": (PALETTE[1], "s"),
    "adhesion receptor": (PALETTE[2], "D"),
    "other": ("#BBBBBB", "^"),
}
RESULT_STYLE = {  # colour, marker
    "enhanced activity": (PALETTE[2], "o"),
    "feasible, activity unclear": (PALETTE[4], "D"),
    "no added benefit": (PALETTE[1], "v"),
    "harm or excess toxicity": (PALETTE[5], "X"),
    "terminated without results": ("#777777", "s"),
    "pending": ("white", "o"),
    "untested rationale": ("white", "^"),
}


def crosstalk_hub(crosstalk: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """IGF-1R at the centre, the partners the sources name around it, grouped by kind of partner.

    One curved line per partner and kind of relation; its width grows with the number of
    statements. Node size grows with the partner's total. Returns the figure and
    :func:`igfbook.combos.crosstalk_summary`.
    """
    style()
    summary = combos.crosstalk_summary(crosstalk)
    relations = [r for r in data.enum("crosstalk", "relation") if r in summary.columns]
    n = len(summary)
    types = list(dict.fromkeys(summary["partner type"]))
    gap = 0.6  # extra slots between groups
    slots = n + gap * len(types)
    angles, pos, slot = {}, {}, 0.0
    for t in types:
        for partner in summary.loc[summary["partner type"] == t, "partner"]:
            angle = math.pi / 2 - 2 * math.pi * slot / slots
            angles[partner] = angle
            pos[partner] = (math.cos(angle), math.sin(angle))
            slot += 1
        slot += gap
    fig, ax = plt.subplots(figsize=(8.6, 8.2))
    offsets = {r: (i - (len(relations) - 1) / 2) * 0.16 for i, r in enumerate(relations)}
    for row in summary.itertuples(index=False):
        values = dict(zip(summary.columns, row))
        for r in relations:
            count = int(values[r])
            if count == 0:
                continue
            colour, dash = RELATION_STYLE.get(r, ("#444444", "-"))
            ax.annotate("", xy=pos[values["partner"]], xytext=(0, 0),
                        arrowprops=dict(arrowstyle="-", color=colour, linestyle=dash, linewidth=0.9 + 0.9 * count,
                                        shrinkA=24, shrinkB=12,
                                        connectionstyle=f"arc3,rad={offsets[r]:.2f}"))
    for row in summary.itertuples(index=False):
        values = dict(zip(summary.columns, row))
        colour, marker = TYPE_STYLE.get(values["partner type"], ("#BBBBBB", "o"))
        x, y = pos[values["partner"]]
        ax.scatter([x], [y], s=120 + 55 * values["statements"], c=colour, marker=marker, edgecolors="black",
                   linewidths=0.8, zorder=3)
        angle = angles[values["partner"]]
        lx, ly = 1.27 * math.cos(angle), 1.27 * math.sin(angle)
        ha = "left" if math.cos(angle) > 0.2 else ("right" if math.cos(angle) < -0.2 else "center")
        ax.text(lx, ly, f"{values['partner']}\n({values['statements']})", ha=ha, va="center", fontsize=8.5)
    ax.scatter([0], [0], s=2200, c="white", edgecolors="black", linewidths=1.5, zorder=4)
    ax.text(0, 0, "IGF-1R", ha="center", va="center", fontsize=11, fontweight="bold", zorder=5)
    handles = [plt.Line2D([], [], color=RELATION_STYLE[r][0], linestyle=RELATION_STYLE[r][1], linewidth=2.2, label=r)
               for r in relations]
    handles += [plt.Line2D([], [], color="none", marker=TYPE_STYLE[t][1], markerfacecolor=TYPE_STYLE[t][0],
                           markeredgecolor="black", markersize=9, label=t) for t in types if t in TYPE_STYLE]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=8, frameon=False,
              title="line: kind of relation; marker: kind of partner; (n) statements", title_fontsize=8)
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.55, 1.55)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    plt.close(fig)
    return fig, summary


def evidence_matrix(combinations: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Partner class × level of evidence: one marker per row of ``combinations``, shaped and coloured
    by its result. Returns the figure and :func:`igfbook.combos.evidence_counts` (long form)."""
    style()
    counts = combos.evidence_counts(combinations)
    classes = combos._ordered(combinations["partner_class"], data.enum("combinations", "partner_class"))
    levels = combos._ordered(combinations["evidence_level"], data.enum("combinations", "evidence_level"))
    fig, ax = plt.subplots(figsize=(10, 0.48 * len(classes) + 2.4))
    per_row = 4
    for (cls, level), cell in counts.groupby(["partner class", "evidence level"], sort=False):
        x0, y0 = levels.index(level), classes.index(cls)
        markers = [r for r in cell.itertuples() for _ in range(r.rows)]
        ax.text(x0 + 0.47, y0 - 0.42, str(len(markers)), ha="right", va="top", fontsize=7, color="#555555")
        if len(markers) > 12:  # too many to draw one by one: one marker per result, sized and counted
            for k, r in enumerate(cell.itertuples()):
                colour, marker = RESULT_STYLE.get(r.result, ("#444444", "o"))
                dx = (k - (len(cell) - 1) / 2) * 0.2
                ax.scatter([x0 + dx], [y0], s=40 + 8 * min(r.rows, 40), c=colour, marker=marker,
                           edgecolors="black", linewidths=0.7, zorder=3)
                ax.annotate(str(r.rows), (x0 + dx, y0), xytext=(0, 9), textcoords="offset points",
                            ha="center", fontsize=6.5)
            continue
        for k, r in enumerate(markers):
            colour, marker = RESULT_STYLE.get(r.result, ("#444444", "o"))
            dx = (k % per_row - (min(len(markers), per_row) - 1) / 2) * 0.17
            dy = (k // per_row - (math.ceil(len(markers) / per_row) - 1) / 2) * 0.27
            ax.scatter([x0 + dx], [y0 + dy], s=48, c=colour, marker=marker, edgecolors="black", linewidths=0.7,
                       zorder=3)
    for i in range(len(classes) + 1):
        ax.axhline(i - 0.5, color="#dddddd", linewidth=0.6)
    for j in range(len(levels) + 1):
        ax.axvline(j - 0.5, color="#dddddd", linewidth=0.6)
    ax.grid(False)
    ax.set_xticks(range(len(levels)), [lv.replace(", ", ",\n") for lv in levels], fontsize=8.5)
    ax.set_yticks(range(len(classes)), classes, fontsize=8.5)
    ax.set_xlim(-0.5, len(levels) - 0.5)
    ax.set_ylim(len(classes) - 0.5, -0.5)
    ax.set_xlabel("highest level of evidence of the row")
    present = [r for r in data.enum("combinations", "result") if r in set(counts["result"])]
    handles = [plt.Line2D([], [], color="none", marker=RESULT_STYLE[r][1], markerfacecolor=RESULT_STYLE[r][0],
                          markeredgecolor="black", markersize=8, label=r) for r in present]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=8, frameon=False,
              title="result (one marker per row of the combinations table)", title_fontsize=8)
    fig.tight_layout()
    plt.close(fig)
    return fig, counts


def checklist(checks: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Controlled combination trials × what they did ('yes', 'no', 'not stated'), from
    :func:`igfbook.combos.trial_checklist`. Cells carry the word, so colour is not needed.
    Returns the figure and the checklist itself."""
    style()
    features = [c for c in checks.columns if c not in ("study_id", "trial")]
    look = {"yes": (PALETTE[0], "", "white"), "no": ("#f2f2f2", "//", "black"), "not stated": ("white", "..", "black")}
    fig, ax = plt.subplots(figsize=(9.5, 0.42 * len(checks) + 1.8))
    for i, row in enumerate(checks.itertuples(index=False)):
        values = dict(zip(checks.columns, row))
        for j, f in enumerate(features):
            word = str(values[f])
            face, hatch, ink = look.get(word, ("white", "", "black"))
            ax.add_patch(plt.Rectangle((j - 0.45, i - 0.4), 0.9, 0.8, facecolor=face, edgecolor="black",
                                       linewidth=0.5, hatch=hatch))
            ax.text(j, i, word, ha="center", va="center", fontsize=8, color=ink,
                    bbox=None if word == "yes" else dict(boxstyle="round,pad=0.2", facecolor="white",
                                                          edgecolor="none"))
    ax.set_xticks(range(len(features)), features, fontsize=8.5)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(checks)), checks["trial"], fontsize=8)
    ax.set_xlim(-0.5, len(features) - 0.5)
    ax.set_ylim(len(checks) - 0.5, -0.5)
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    plt.close(fig)
    return fig, checks.copy()


