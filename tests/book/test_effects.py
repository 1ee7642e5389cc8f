"""Tables effects and later: the comparisons agree with themselves, with the arms table and with the
studies they extend."""

from __future__ import annotations

import pandas as pd
import pytest

from igfbook import data, safety
from igfbook.facts import phase3


@pytest.fixture(scope="module")
def t():
    return data.tables()


def test_direction_agrees_with_the_interval(t):
    # 'better' or 'worse' only when the interval excludes 1; an interval spanning 1 is no clear
    # difference (rows without an interval carry the report's words, checked by reading).
    e = t.effects[t.effects["low"].notna()]
    for r in e.itertuples():
        expected = ("better with the IGF drug" if r.high < 1 else "worse with the IGF drug" if r.low > 1
                    else "no clear difference")
        assert r.direction == expected, r.effect_id


def test_medians_live_in_the_arms_table_when_the_arm_is_there(t):
    # one home per number: a comparison that names its arm takes the medians from table arms
    e = t.effects[t.effects["arm_id"].notna()]
    assert e["median_experimental"].isna().all() and e["median_control"].isna().all()


def test_derived_intervals_are_recomputable(t):
    e = t.effects[t.effects["interval"] == "derived 95% confidence interval"]
    assert len(e) == 1    # CARRIE, whose abstract prints HR and P only
    for r in e.itertuples():
        low, high = safety.derived_interval(r.value, r.p_value)
        assert (round(low, 2), round(high, 2)) == (r.low, r.high)


def test_a_later_trial_known_to_the_sources_keeps_their_drug_and_registration(t):
    studies = t.studies.set_index("study_id")
    for r in t.later[t.later["study_id"].notna()].itertuples():
        s = studies.loc[r.study_id]
        assert set(r.agent_ids) == set(s["agent_ids"]), r.later_id
        if r.nct and s["nct"]:
            assert set(r.nct) == set(s["nct"]), r.later_id


def test_every_later_report_is_after_the_sources(t):
    assert safety.evidence_year(t) == 2018
    assert safety.after_sources(t, t.later["source"]).all()
    assert not safety.after_sources(t, pd.Series(list(t.sources["key"]))).any()


def test_the_forest_plot_draws_every_hazard_ratio_once(t):
    fig, drawn = phase3.forest(t)
    used = t.effects[t.effects["use"] & (t.effects["measure"] == "hazard ratio")]
    assert len(drawn) == len(used)
    assert drawn["comparison"].is_unique
    # the GAMMA doses are told apart, and the later trials are marked as such
    assert {"ganitumab + gemcitabine (pancreatic) · ganitumab 12 mg/kg, OS",
            "ganitumab + gemcitabine (pancreatic) · ganitumab 20 mg/kg, OS"} <= set(drawn["comparison"])
    assert set(drawn.loc[drawn["comparison"].str.startswith("XENERA-1"), "reported"]) == {"after the sources"}
