"""Facts of the chapter *A timeline of the programme* (``book/timeline.md``).

A study's year is its primary publication's or, failing that, the year of the earliest source
article that mentions it (``year_basis``). Every count the chapter gives about the figure is
computed here, and every dated study is cited to the reference that dates it
(:func:`igfbook.evidence.dated_by`), not to the article that happens to describe it.

>>> f = facts()
>>> f.text("peak_year"), f["peak_source"].citations()
('2017', ['simpson2017igf'])
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet
from igfbook import clinical_figures, data, evidence, refs, text
from igfbook.data import Tables

LIGAND_CLASS = "IGF ligand-neutralising antibody"
#: Within one year, the status counted as an agent's last record (exercise 2): later means more recent.
LAST_ORDER = ["cancelled", "terminated without results", "stopped early", "reported", "planned", "ongoing"]
DISEASE = {"lung": "NSCLC", "adrenocortical": "adrenocortical carcinoma"}


def load() -> Tables:
    return data.tables()


def dated(t: Tables) -> pd.DataFrame:
    return t.studies[t.studies["year"].notna()].reset_index(drop=True)


def source_years(t: Tables) -> dict[str, int]:
    """Publication years of the references that state an agent's development status."""
    keys = {k for k in t.agents["status_source"].dropna() if k}
    return {k: refs.year(k) for k in keys}


def figure(t: Tables):
    """The timeline and the numbers it draws, as readers see them: study titles for the studies it
    places, and a reference label for the year of each development verdict."""
    fig, drawn = clinical_figures.timeline(t.studies, t.agents, source_years(t))
    titles = t.studies.set_index("study_id")["title"]

    def basis(value: str) -> str:
        if value.startswith("year of "):
            return "year of " + refs.label(value[len("year of "):])
        return {"primary publication": "its own publication",
                "earliest source": "no date of its own: no later than the first review to mention it"}.get(value, value)

    shown = pd.DataFrame({
        "agent": drawn["agent"], "year": drawn["year"], "event": drawn["event"],
        "dated by": drawn["year basis"].map(basis), "studies": drawn["studies"],
        "study titles": drawn["study ids"].map(lambda ids: "; ".join(titles[i] for i in ids.split("; ")) if ids else ""),
    })
    return fig, shown


def last_records(t: Tables) -> pd.DataFrame:
    """Each agent's first and last dated study and the status of the last (exercise 2)."""
    names = dict(zip(t.agents["agent_id"], t.agents["name"]))
    rows = dated(t)[["agent_ids", "year", "status"]].explode("agent_ids").assign(agent=lambda f: f["agent_ids"].map(names),
                                                status=lambda f: pd.Categorical(f["status"], LAST_ORDER, ordered=True))
    rows = rows.sort_values(["agent", "year", "status"])
    return rows.groupby("agent").agg(first=("year", "min"), last=("year", "max"), last_status=("status", "last"))


def _span(frame: pd.DataFrame) -> str:
    low, high = int(frame["year"].min()), int(frame["year"].max())
    return str(low) if low == high else f"{low} to {high}"


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("timeline")
    d = dated(t)
    names = dict(zip(t.agents["agent_id"], t.agents["name"]))

    def dating(frame: pd.DataFrame) -> list:
        return [evidence.dated_by(t, s) for s in frame["study_id"]]

    # the programme at a glance
    f.add("dated_phrase", len(d), f"all {len(d)} of its studies" if len(d) == len(t.studies)
          else f"{len(d)} of its {len(t.studies)} studies", cite=False)
    f.add("n_dated", len(d), cite=False)
    f.add("n_sources", len(t.sources), text.words(len(t.sources)), cite=False)
    f.add("n_agents_drawn", len({a for ids in d["agent_ids"] for a in ids}), cite=False)
    f.add("year_span", None, _span(d), cite=False)
    first = d[d["year"] == d["year"].min()]
    f.add("first_study", None, text.listing(text.lower_first(x) for x in first["title"]), dating(first))
    f.claim("first-study-unique", "one study is the earliest dated", len(first) == 1, t.rows("studies", first))

    # reading the dates
    basis = d["year_basis"].value_counts()
    f.add("n_primary", int(basis.get("primary publication", 0)), cite=False)
    f.add("n_earliest", int(basis.get("earliest source", 0)), cite=False)
    per_year = d["year"].value_counts()
    peak_year = int(per_year.idxmax())
    f.claim("peak-unique", "one year has more dated studies than any other", (per_year == per_year.max()).sum() == 1,
            t.rows("studies", d[d["year"].isin(per_year[per_year == per_year.max()].index)]))
    peak = d[d["year"] == peak_year]
    by_source = peak[peak["year_basis"] == "earliest source"]
    by_rows = dating(by_source)
    f.add("peak_year", peak_year, cite=False)
    f.add("n_peak", len(peak), cite=False)
    f.add("n_peak_earliest", len(by_source), sources=by_rows, cite=False)
    keys = {k for r in by_rows for k in r.cite}
    f.add("peak_source", None, text.listing(refs.label(k) for k in sorted(keys)), by_rows)
    # (one source article per year: evidence.dated_by raises if a source-dated year has none or several)
    f.claim("peak-mostly-source-dated", "most of the busiest year's studies are dated by a source, not a publication",
            len(by_source) > len(peak) / 2, t.rows("studies", peak))

    # early promise and the sarcoma trials
    sarcoma = d[(d["tumour_group"] == "sarcoma") & ~d["combination"].astype(bool)]
    f.add("sarcoma_span", None, _span(sarcoma), dating(sarcoma))
    f.claim("sarcoma-dated-by-publication", "the single-agent sarcoma trials are dated by their own publications",
            (sarcoma["year_basis"] == "primary publication").all(), t.rows("studies", sarcoma))

    # the large trials
    ph3 = d[d["phase"].isin(["III", "II/III"])].sort_values(["year", "study_id"])

    def trial(r) -> str:
        agent = " and ".join(names[a] for a in r.agent_ids)
        partners = f" with {text.listing(r.partners)}" if r.combination else ""
        disease = DISEASE.get(r.tumour_group, f"{r.tumour_group} cancer")
        return f"{agent}{partners} in {disease} ({r.year}, {r.status})"

    f.add("phase3_list", None, text.listing(trial(r) for r in ph3[["agent_ids", "partners", "combination", "tumour_group", "year", "status"]].itertuples()), dating(ph3))
    status = d["status"].value_counts()
    for key in ("stopped early", "terminated without results", "cancelled", "ongoing"):
        f.add("n_" + key.replace(" ", "_"), int(status.get(key, 0)), cite=False)
    stopped = t.agents[t.agents["status"] == "development stopped"]
    f.add("stopped_agents", None, text.listing(stopped["name"]), [evidence.status_of(t, a) for a in stopped["agent_id"]])
    in_studies = {a for ids in t.studies["agent_ids"] for a in ids}
    silent = t.agents[(t.agents["status"] == "not stated") & t.agents["agent_id"].isin(in_studies)]
    f.add("no_status_agents", None, text.listing(silent["name"]), cite=False)

    # the ligand antibodies
    ligand_ids = set(t.agents.loc[t.agents["agent_class"] == LIGAND_CLASS, "agent_id"])
    ligand = d[d["agent_ids"].map(lambda ids: bool(ligand_ids & set(ids)))]
    f.add("ligand_agents", None, text.listing(sorted(names[a] for a in ligand_ids if a in in_studies)), cite=False)
    f.add("n_ligand", len(ligand), cite=False)
    f.add("ligand_span", None, _span(ligand), dating(ligand))
    f.add("n_ligand_ongoing", int((ligand["status"] == "ongoing").sum()), sources=dating(ligand[ligand["status"] == "ongoing"]),
          cite=False)
    alone = ligand[~ligand["combination"].astype(bool)]
    f.claim("ligand-alone-phase-i", "the ligand antibodies were given alone only in phase I trials",
            len(alone) > 0 and (alone["phase"] == "I").all(), t.rows("studies", alone))
    f.claim("ligand-after-phase3", "the ligand antibodies' dated studies begin after the first phase III readouts",
            ligand["year"].min() > ph3["year"].min(), t.rows("studies", ligand[ligand["year"] <= ph3["year"].min()]))
    going = t.agents[t.agents["status"] == "in clinical development"]
    f.add("ongoing_agents", None, text.listing(going["name"]), [evidence.status_of(t, a) for a in going["agent_id"]])
    f.claim("order-of-phases", "the single-agent sarcoma trials, the phase III trials and the ligand antibodies' "
                                "studies begin in that order",
            sarcoma["year"].min() < ph3["year"].min() < ligand["year"].min(), t.rows("studies", pd.concat([f[["study_id"]] for f in (sarcoma, ph3, ligand)])))

    # summary: studies dated only by the busiest year's source
    f.add("n_by_peak_source", len(by_source), sources=by_rows, cite=False)

    # exercises
    counts = pd.crosstab(d["year"], d["year_basis"]).reindex(columns=["earliest source", "primary publication"],
                                                             fill_value=0)
    years = [int(y) for y, r in counts.iterrows() if r["earliest source"] > r["primary publication"]]
    articles = t.sources["key"]
    year_of = {refs.year(k): k for k in articles}
    f.add("source_heavy_years", None, text.listing(str(y) for y in years), cite=False)
    f.add("source_heavy_articles", None, text.listing(refs.label(year_of[y]) for y in years if y in year_of), cite=False)
    f.claim("source-heavy-years-are-review-years", "the years in which source-dated studies outnumber the others are "
                                                   "years in which a source article appeared",
            all(y in year_of for y in years), t.rows("studies", d[d["year"].isin(years)]))
    last = last_records(t)
    still = last[last["last_status"] == "ongoing"].index.tolist()
    f.add("last_ongoing", None, text.listing(sorted(still, key=str.lower)), cite=False)
    status_of = t.agents.set_index("name")["status"]
    f.claim("last-ongoing-in-development", "every agent whose record ends with an ongoing study is reported as in "
                                           "clinical development",
            all(status_of.get(a) == "in clinical development" for a in still),
            t.rows("agents", t.agents[t.agents["name"].isin(still)]))
    return f


__all__ = ["LAST_ORDER", "dated", "facts", "figure", "last_records", "load", "source_years"]
