"""Figures that count: patients exposed in the sarcoma trials, and source conflicts by kind.

Like :mod:`igfbook.figures`, each function returns the figure and the table of the numbers it
draws (with reader's column names), so that a chapter shows both and the tests compare the
numbers. Style, palette (Okabe–Ito) and hatching come from :mod:`igfbook.figures`; every segment
is also told apart by hatching, so the figures read in greyscale.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from igfbook.figures import HATCHES, PALETTE, style


def exposure(named: pd.DataFrame, every: pd.DataFrame, claimed: int) -> tuple[plt.Figure, pd.DataFrame]:
    """Patients in the sarcoma trials, stacked trial by trial, against an editorial's claimed total.

    ``named`` holds the trials the claim covers and ``every`` every sarcoma study with a count, each
    with columns ``study_id``, ``title`` and ``patients``; ``claimed`` is the claimed total. Upper
    bar: the named trials; lower bar: every study. Returns the figure and one line per segment
    (study, patients, whether the claim covers it, how the count was made where ``every`` says).
    """
    style()
    every = every.assign(covered=every["study_id"].isin(set(named["study_id"])))
    every = every.sort_values(["covered", "patients"], ascending=[False, False])
    order = list(every["study_id"])
    named = named.set_index("study_id").loc[[s for s in order if s in set(named["study_id"])]].reset_index()
    bars = {"trials the editorial's count covers": named, "every sarcoma study with a patient number": every}
    fig, ax = plt.subplots(figsize=(9.5, 4.8))
    colour = {sid: i for i, sid in enumerate(order)}
    for y, (label, frame) in enumerate(bars.items()):
        left = 0
        for row in frame.itertuples(index=False):
            i = colour[row.study_id]
            ax.barh(y, row.patients, left=left, color=PALETTE[i % len(PALETTE)], hatch=HATCHES[i % len(HATCHES)],
                    edgecolor="black", linewidth=0.6, alpha=0.85, label=row.title if y == 1 else None)
            ax.text(left + row.patients / 2, y, str(int(row.patients)), ha="center", va="center", fontsize=8,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.8))
            left += int(row.patients)
        ax.text(left + 8, y, f"total {left}", va="center", fontsize=9, fontweight="bold")
    ax.axvline(claimed, color="black", linestyle="--", linewidth=1.2)
    ax.text(claimed, -0.55, f"editorial: more than {claimed}", ha="center", va="bottom", fontsize=8.5)
    ax.set_yticks(range(len(bars)), ["trials the editorial's\ncount covers", "every sarcoma study\nwith a patient number"],
                  fontsize=9)
    ax.set_ylim(1.5, -0.75)
    ax.set_xlabel("patients treated or enrolled (arms the book reports)")
    ax.legend(title="study", loc="upper center", bbox_to_anchor=(0.42, -0.2), ncol=1, fontsize=7,
              title_fontsize=8, frameon=False)
    ax.set_xlim(0, max(int(every["patients"].sum()), claimed) * 1.18)
    fig.tight_layout()
    plt.close(fig)
    table = pd.DataFrame({"study": every["title"], "patients": every["patients"].astype(int),
                          "in the editorial's count": every["covered"].map({True: "yes", False: "no"})})
    if "basis" in every:
        table["counted from"] = every["basis"].to_numpy()
    return fig, table.reset_index(drop=True)


def conflicts_by_kind(counts: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Stacked bars: conflicts of each kind, split by the kind of evidence behind the resolution.

    ``counts`` is :func:`igfbook.conflicts.conflict_counts` (kinds × evidence, with a total
    column). Returns the figure and the counts with the kind as a column.
    """
    style()
    evidence = [c for c in counts.columns if c != "total"]
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(counts) + 2.8))
    left = pd.Series(0, index=counts.index)
    for i, e in enumerate(evidence):
        ax.barh(counts.index, counts[e], left=left, color=PALETTE[i % len(PALETTE)], hatch=HATCHES[i % len(HATCHES)],
                edgecolor="black", linewidth=0.6, label=e)
        left = left + counts[e]
    for y, total in enumerate(counts["total"]):
        ax.text(total + 0.15, y, str(total), va="center", fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlabel("number of conflicts")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="evidence for the resolution", loc="upper center", bbox_to_anchor=(0.45, -0.14), ncol=3,
              fontsize=8, title_fontsize=8, frameon=False)
    fig.tight_layout()
    plt.close(fig)
    return fig, counts.reset_index()
