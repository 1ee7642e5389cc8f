"""igfbook.clinical_figures: each figure's table holds exactly the numbers it draws."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from igfbook import clinical_figures, data, evidence, refs, stats


@pytest.fixture(scope="module")
def rates():
    return stats.response_table(data.studies(), data.arms(), data.agents())


def test_forest_draws_one_line_per_arm_with_counts_and_the_pooled_diamond(rates):
    ewing = evidence.ewing_cohorts(rates)
    pooled = stats.pool_proportions(ewing["responders"], ewing["denominator"], evidence.cohort_labels(ewing))
    fig, table = clinical_figures.forest(rates, pooled, "pooled")
    assert isinstance(fig, plt.Figure)
    counted = rates[rates["has_counts"]]
    assert len(table) == len(counted) + 1
    assert table["arm"].iloc[-1] == "pooled"
    assert table["rate %"].iloc[-1] == pytest.approx(100 * pooled.rate)
    body = table.iloc[:-1]
    assert sorted(body["rate %"].round(6)) == sorted((100 * counted["rate"]).round(6))
    assert (body["95% CI low %"] <= body["rate %"]).all() and (body["rate %"] <= body["95% CI high %"]).all()
    # arms without counts (e.g. the cixutumumab "0.2%") are not drawn
    assert not table["arm"].str.contains("Cixutumumab").any()


def test_forest_without_pool_has_no_summary_row(rates):
    _, table = clinical_figures.forest(rates)
    assert len(table) == int(rates["has_counts"].sum())


def test_timeline_places_every_dated_study_once(rates):
    studies, agents = data.studies(), data.agents()
    years = {k: refs.year(k) for k in refs.keys()}
    fig, table = clinical_figures.timeline(studies, agents, years)
    study_rows = table[table["studies"] > 0]
    dated = studies[studies["year"].notna()].explode("agent_ids")
    assert study_rows["studies"].sum() == len(dated)
    ids = [i for cell in study_rows["study ids"] for i in cell.split("; ")]
    assert sorted(ids) == sorted(dated["study_id"])
    # every agent-level verdict is dated by the year of the source that states it
    verdicts = table[table["studies"] == 0]
    stopped = agents[agents["status"] == "development stopped"]
    assert set(stopped["name"]) <= set(verdicts["agent"])
    for row in verdicts.itertuples():
        key = agents.set_index("name").loc[row.agent, "status_source"]
        assert row.year == years[key]


def test_timeline_draws_a_year_without_a_publication_as_an_upper_bound():
    # one dotted "may be earlier" line per agent-year cell holding a study known only from a
    # review (the cell's year is that review's, the latest the study can belong to), none elsewhere;
    # it ends to the left of the cell's markers
    studies, agents = data.studies(), data.agents()
    fig, _ = clinical_figures.timeline(studies, agents, {k: refs.year(k) for k in refs.keys()})
    dated = studies[studies["year"].notna()].explode("agent_ids")
    bounded = dated[dated["year_basis"] == "earliest source"].groupby(["agent_ids", "year"]).ngroups
    lines = [ln for ln in fig.axes[0].get_lines() if ln.get_linestyle() == ":" and len(ln.get_xdata()) == 2]
    assert bounded > 0 and len(lines) == bounded
    for ln in lines:
        x0, x1 = ln.get_xdata()
        assert x0 < x1 < round(x0 + 0.95) and round(x0 + 0.95) - x0 == pytest.approx(0.95)


def test_biomarker_counts_add_up_to_the_table():
    biomarkers = data.biomarkers()
    fig, table = clinical_figures.biomarker_findings(biomarkers)
    assert table["total"].sum() == len(biomarkers)
    for kind, group in table.groupby("evidence"):
        assert group["total"].sum() == (biomarkers["evidence"] == kind).sum()
    findings = [c for c in data.enum("biomarkers", "finding") if c in table.columns]
    assert (table[findings].sum(axis=1) == table["total"]).all()
    clinical = biomarkers[biomarkers["evidence"] == "clinical"]
    expected = pd.crosstab(clinical["category"], clinical["finding"])
    got = table[table["evidence"] == "clinical"].set_index("category")
    for category in expected.index:
        for finding in expected.columns:
            assert got.loc[category, finding] == expected.loc[category, finding]
