"""Figures of the clinical record (Part III): response rates, the programme's timeline, biomarkers.

Like :mod:`igfbook.figures`, each function returns the figure and the table of the numbers it
draws, and uses the book's style, Okabe–Ito palette and marker or hatch redundancy so that the
figures read in greyscale.
"""

from __future__ import annotations

from typing import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from igfbook import data
from igfbook.figures import HATCHES, PALETTE, style
from igfbook.stats import Pooled

__all__ = ["GROUP_MARKERS", "STUDY_STATUS_STYLE", "biomarker_findings", "forest", "timeline"]

#: Marker of each tumour group in the forest plot (colour comes from the palette, in this order).
GROUP_MARKERS = {"sarcoma": "o", "solid tumours (mixed)": "s", "breast": "^", "lung": "D",
                 "adrenocortical": "v", "pancreatic": "P", "colorectal": "X", "prostate": "<",
                 "neuroendocrine": ">", "liver": "h", "brain": "p", "melanoma": "*", "other": "d"}


def _group_style(groups: list[str]) -> dict[str, tuple[str, str]]:
    ordered = [g for g in GROUP_MARKERS if g in groups] + [g for g in groups if g not in GROUP_MARKERS]
    return {g: (PALETTE[i % len(PALETTE)], GROUP_MARKERS.get(g, "o")) for i, g in enumerate(ordered)}


#: Above this many arms a forest plot stops being readable; arms are then summed per agent and
#: tumour group (a crude total, labelled as such), so the figure keeps one line per row it can show.
MAX_FOREST_ROWS = 40


def _aggregate_arms(shown: pd.DataFrame) -> pd.DataFrame:
    """One row per tumour group and agent: summed responders and denominators, exact interval."""
    from igfbook.stats import exact_ci

    grouped = (shown.groupby(["tumour_group", "agent"], sort=False)
               .agg(responders=("responders", "sum"), denominator=("denominator", "sum"),
                    arms=("arm_id", "size"), year=("year", "max")).reset_index())
    grouped["rate"] = grouped["responders"] / grouped["denominator"]
    bounds = [exact_ci(int(r), int(n)) for r, n in zip(grouped["responders"], grouped["denominator"])]
    grouped["ci_low"], grouped["ci_high"] = [b[0] for b in bounds], [b[1] for b in bounds]
    grouped["arm"] = grouped["arms"].map(lambda k: f"{k} arms summed")
    grouped["arm_id"] = grouped["agent"]
    grouped["denominator_basis"] = "sum of arms"
    grouped["has_counts"] = True
    return grouped


def forest(rates: pd.DataFrame, pooled: Pooled | None = None, pooled_label: str = "pooled (random effects)",
           title: str | None = None, max_rows: int = MAX_FOREST_ROWS,
           weights: pd.Series | None = None) -> tuple[plt.Figure, pd.DataFrame]:
    """Forest plot of response rates: one line per arm with its exact 95% interval.

    ``rates`` is a :func:`igfbook.stats.response_table` (rows without counts are skipped). Arms
    are grouped by tumour group, coloured and given a marker per group, and labelled with their
    counts; ``pooled`` adds a diamond at the bottom, labelled with I², and ``weights`` (shares of
    the pooled estimate, indexed by ``arm_id``) are printed beside the rows they belong to, so the
    pooled rows are marked. Returns the figure and the numbers drawn (%).
    """
    style()
    shown = rates[rates["has_counts"]].copy()
    if len(shown) > max_rows:  # too many lines to read: one line per agent and tumour group instead
        shown = _aggregate_arms(shown)
        title = (title + " — " if title else "") + "arms summed per agent (too many to show one by one)"
    shown = shown.sort_values(["tumour_group", "agent", "year", "arm_id"], kind="stable")
    groups = list(dict.fromkeys(shown["tumour_group"]))
    styles = _group_style(groups)
    shown["group_rank"] = shown["tumour_group"].map({g: i for i, g in enumerate(styles)})
    shown = shown.sort_values(["group_rank", "agent", "year", "arm_id"], kind="stable")
    shown["label"] = shown["agent"] + " – " + shown["arm"] + " (" + shown["year"].astype(str) + ")"
    n_rows = len(shown) + (2 if pooled is not None else 0)
    fig, ax = plt.subplots(figsize=(10, 0.42 * n_rows + 1.6))
    y_positions = np.arange(len(shown))[::-1] + (2 if pooled is not None else 0)
    for y, row in zip(y_positions, shown.itertuples(index=False)):
        colour, marker = styles[row.tumour_group]
        ax.plot([100 * row.ci_low, 100 * row.ci_high], [y, y], color=colour, linewidth=1.6)
        size = 4 + 8 * np.sqrt(row.denominator / shown["denominator"].max())
        ax.plot(100 * row.rate, y, marker=marker, color=colour, markeredgecolor="black",
                markersize=size, linestyle="none")
    labels = list(shown["label"])
    ticks = list(y_positions)
    share = (weights / weights.sum()) if weights is not None else None
    right = [f"{r.responders}/{r.denominator}   {100 * r.rate:.1f} ({100 * r.ci_low:.1f}–{100 * r.ci_high:.1f})"
             + (f"   w {100 * share[r.arm_id]:.0f}%" if share is not None and r.arm_id in share.index else "")
             for r in shown.itertuples(index=False)]
    if pooled is not None:
        y = 0.5
        ax.fill([100 * pooled.ci_low, 100 * pooled.rate, 100 * pooled.ci_high, 100 * pooled.rate],
                [y, y + 0.35, y, y - 0.35], facecolor=PALETTE[7], edgecolor="black", hatch=HATCHES[1])
        ax.axvline(100 * pooled.rate, color="#555555", linestyle=":", linewidth=1)
        labels.append(f"{pooled_label}, I² {100 * pooled.i2:.0f}%")
        ticks.append(y)
        right.append(f"k = {pooled.k}   {100 * pooled.rate:.1f} ({100 * pooled.ci_low:.1f}–{100 * pooled.ci_high:.1f})")
    ax.set_yticks(ticks, labels, fontsize=8.5)
    ax.set_ylim(-0.2, max(ticks) + 0.8)
    upper = max(50.0, 100 * float(shown["ci_high"].max()) + 5) if len(shown) else 50.0
    ax.set_xlim(0, upper)
    ax.set_xlabel("objective response rate, % (exact 95% confidence interval)")
    for y, text in zip(ticks, right):
        ax.text(1.01, y, text, transform=ax.get_yaxis_transform(), va="center", fontsize=8, family="monospace")
    ax.text(1.01, max(ticks) + 0.7, "responders/n   % (95% CI)" + ("   weight" if share is not None else ""),
            transform=ax.get_yaxis_transform(),
            fontsize=8, family="monospace", fontweight="bold", va="center")
    handles = [plt.Line2D([], [], color=c, marker=m, markeredgecolor="black", linestyle="-", label=g)
               for g, (c, m) in styles.items()]
    ax.legend(handles=handles, title="tumour group", loc="lower right", fontsize=8, title_fontsize=8)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    plt.close(fig)
    table = pd.DataFrame({
        "arm": shown["label"], "tumour group": shown["tumour_group"],
        "responders": shown["responders"], "n": shown["denominator"], "denominator": shown["denominator_basis"],
        "rate %": 100 * shown["rate"].astype(float), "95% CI low %": 100 * shown["ci_low"].astype(float),
        "95% CI high %": 100 * shown["ci_high"].astype(float),
    })
    if share is not None:
        table["weight %"] = [100 * float(share[a]) if a in share.index else float("nan") for a in shown["arm_id"]]
    if pooled is not None:
        table = pd.concat([table, pd.DataFrame([{
            "arm": pooled_label, "tumour group": "", "responders": int(pooled.studies["responders"].sum()),
            "n": int(pooled.studies["denominator"].sum()), "denominator": f"{pooled.k} studies",
            "rate %": 100 * pooled.rate, "95% CI low %": 100 * pooled.ci_low, "95% CI high %": 100 * pooled.ci_high,
            **({"weight %": 100.0} if share is not None else {}), "I² %": 100 * pooled.i2,
        }])], ignore_index=True)
    table["responders"] = table["responders"].astype("Int64")
    table["n"] = table["n"].astype("Int64")
    return fig, table.reset_index(drop=True)


# --------------------------------------------------------------------------- timeline

#: Marker and colour of each study status in the timeline.
STUDY_STATUS_STYLE = {"reported": ("o", PALETTE[0]), "stopped early": ("X", PALETTE[5]),
                      "terminated without results": ("s", PALETTE[3]), "cancelled": ("P", PALETTE[7]),
                      "ongoing": (">", PALETTE[2]), "planned": ("d", PALETTE[1])}


def timeline(studies: pd.DataFrame, agents: pd.DataFrame,
             source_years: Mapping[str, int]) -> tuple[plt.Figure, pd.DataFrame]:
    """Agents (rows) against the year of each study's key readout, one marker per study.

    Marker shape and colour give the study's status; filled markers date from a primary
    publication. A study known only from a review has no date of its own: its hollow marker stands
    at the year of the first review to mention it, an upper bound, with a dotted line towards the
    earlier years it may belong to. Where the agents
    table says development stopped (or continues), a bar (or arrow) marks the year of the source
    that says so (``source_years`` maps citation keys to years). Returns the figure and a table
    with one row per agent, year and status.
    """
    style()
    dated = studies[studies["year"].notna()][["study_id", "agent_ids", "year", "status", "year_basis"]].copy()
    dated = dated.explode("agent_ids").rename(columns={"agent_ids": "agent_id"})
    names = dict(zip(agents["agent_id"], agents["name"]))
    dated["agent"] = dated["agent_id"].map(names)
    first = dated.groupby("agent")["year"].min()
    order = sorted(first.index, key=lambda a: (first[a], a))
    ypos = {a: i for i, a in enumerate(reversed(order))}
    fig, ax = plt.subplots(figsize=(9.5, 0.45 * len(order) + 1.8))
    cells = dated.groupby(["agent", "year"])
    for (agent, year), cell in cells:
        cell = cell.sort_values(["status", "study_id"])
        if len(cell) > 4:  # too many to place side by side: one marker per status, with its count
            cell = (cell.groupby(["status", "year_basis"], sort=False).size().rename("n").reset_index()
                    .assign(year=year))
        else:
            cell = cell.assign(n=1)
        offsets = np.linspace(-0.3, 0.3, len(cell)) if len(cell) > 1 else [0.0]
        if (cell["year_basis"] != "primary publication").any():
            # studies known only from a review of this year ran no later: their year is an upper
            # bound, drawn as a dotted line back towards the earlier years they may belong to
            ax.plot([int(year) - 0.95, int(year) + offsets[0] - 0.15], [ypos[agent]] * 2, color="#555555",
                    linewidth=1.1, linestyle=":")
        for dx, row in zip(offsets, cell.itertuples(index=False)):
            marker, colour = STUDY_STATUS_STYLE[row.status]
            filled = row.year_basis == "primary publication"
            ax.plot(int(year) + dx, ypos[agent], marker=marker, markersize=8, linestyle="none",
                    markerfacecolor=colour if filled else "white", markeredgecolor=colour, markeredgewidth=1.6)
            if row.n > 1:
                ax.annotate(str(row.n), (int(year) + dx, ypos[agent]), xytext=(0, 7), textcoords="offset points",
                            ha="center", fontsize=6.5)
    verdicts = []
    for agent_row in agents[agents["name"].isin(order)].itertuples(index=False):
        key = agent_row.status_source
        if pd.isna(key) or agent_row.status not in ("development stopped", "in clinical development"):
            continue
        year = int(source_years[key])
        y = ypos[agent_row.name]
        if agent_row.status == "development stopped":
            ax.plot([year + 0.45, year + 0.45], [y - 0.3, y + 0.3], color="black", linewidth=3)
        else:
            ax.annotate("", xy=(year + 0.75, y), xytext=(year + 0.35, y),
                        arrowprops=dict(arrowstyle="-|>", color="black", linewidth=1.5))
        verdicts.append({"agent": agent_row.name, "year": year, "event": agent_row.status,
                         "year basis": f"year of {key}", "studies": 0, "study ids": ""})
    ax.set_yticks(list(ypos.values()), list(ypos.keys()))
    years = sorted(dated["year"].dropna().astype(int).unique())
    ax.set_xticks(range(min(years), max(years) + 2))
    ax.set_xlim(min(years) - 0.6, max(years) + 1.2)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.set_xlabel("year of the study's own publication (filled) or, at the latest, of the first review to mention it"
                  " (hollow)")
    handles = [plt.Line2D([], [], marker=m, color=c, linestyle="none", markersize=8, label=s)
               for s, (m, c) in STUDY_STATUS_STYLE.items() if s in set(dated["status"])]
    handles += [plt.Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor="#333333",
                           linestyle="none", markersize=8, label="hollow: no date of its own; no later\nthan the "
                           "first review to mention it"),
                plt.Line2D([], [], color="#555555", linestyle=":", linewidth=1.1,
                           label="may be earlier (hollow markers)"),
                plt.Line2D([], [], color="black", linewidth=3, label="development stopped (year of source)"),
                plt.Line2D([], [], color="black", marker=">", linewidth=1.5, label="in development (year of source)")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    plt.close(fig)
    table = (dated.groupby(["agent", "year", "status", "year_basis"])
             .agg(studies=("study_id", "size"), study_ids=("study_id", lambda s: "; ".join(sorted(s))))
             .reset_index()
             .rename(columns={"status": "event", "year_basis": "year basis", "study_ids": "study ids"}))
    table = pd.concat([table, pd.DataFrame(verdicts)], ignore_index=True)
    table["rank"] = table["agent"].map({a: i for i, a in enumerate(order)})
    table = table.sort_values(["rank", "year", "event"], kind="stable").drop(columns="rank")
    table["year"] = table["year"].astype(int)
    return fig, table.reset_index(drop=True)


# --------------------------------------------------------------------------- biomarkers



def biomarker_findings(biomarkers: pd.DataFrame) -> tuple[plt.Figure, pd.DataFrame]:
    """Candidate biomarkers by category, split by what was found; one panel per kind of evidence.

    Returns the figure and the counts it draws (evidence × category × finding, with totals).
    """
    style()
    evidence_kinds = [e for e in ("preclinical", "clinical") if e in set(biomarkers["evidence"])]
    categories = biomarkers["category"].value_counts().index.tolist()
    findings = [f for f in data.enum("biomarkers", "finding") if f in set(biomarkers["finding"])]
    fig, axes = plt.subplots(1, len(evidence_kinds), figsize=(11, 0.38 * len(categories) + 2.6), sharey=True, sharex=True)
    axes = np.atleast_1d(axes)
    tables = []
    for ax, kind in zip(axes, evidence_kinds):
        subset = biomarkers[biomarkers["evidence"] == kind]
        counts = pd.crosstab(subset["category"], subset["finding"]).reindex(
            index=categories, columns=findings, fill_value=0)
        left = np.zeros(len(categories))
        for i, finding in enumerate(findings):
            ax.barh(categories, counts[finding], left=left, color=PALETTE[i % len(PALETTE)],
                    hatch=HATCHES[i % len(HATCHES)], edgecolor="black", linewidth=0.6, label=finding)
            left = left + counts[finding].to_numpy()
        ax.set_title(f"{kind} evidence ({len(subset)} markers)", fontsize=10, loc="left")
        ax.set_xlabel("number of candidate markers")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", visible=False)
        frame = counts.copy()
        frame["total"] = frame.sum(axis=1)
        frame.insert(0, "evidence", kind)
        tables.append(frame[frame["total"] > 0])
    axes[0].invert_yaxis()
    handles, labels = axes[-1].get_legend_handles_labels()
    fig.legend(handles, labels, title="finding", fontsize=8, title_fontsize=8, loc="lower center",
               ncol=len(findings), frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    plt.close(fig)
    table = pd.concat(tables)
    table.index.name = "category"
    table.columns.name = None
    return fig, table.reset_index()
