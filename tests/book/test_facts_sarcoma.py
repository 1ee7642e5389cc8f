"""The sarcoma chapter's facts: values checked against the sources, and claims that fail when
the data stop supporting them (drift)."""

from __future__ import annotations

import pytest

from databook.facts import ClaimError, MissingValue
from igfbook import data
from igfbook.facts import sarcoma

from tests.book.drift import edit, failed, tables


@pytest.fixture(scope="module")
def facts():
    return sarcoma.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_values_are_the_ones_the_sources_print(facts):
    # Gombos et al.: 1 CR + 9 PR of 111 patients; 10/111 = 9.0%, exact interval 4.4-15.9%.
    assert (facts.text("r1507e_patients"), facts.text("r1507e_cr"), facts.text("r1507e_pr")) == ("111", "1", "9")
    assert facts.text("r1507e_rate") == "9.0%"
    # Juergens et al. abstract: 15 PR among 106 evaluable of 107 treated, 14.2%.
    assert (facts.text("figi_pr"), facts.text("figi_evaluable"), facts.text("figi_patients")) == ("15", "106", "107")
    # Tap et al.: 38 treated, 35 assessed, 2 PR; CBR 17%.
    assert (facts.text("gani_patients"), facts.text("gani_evaluable"), facts.text("gani_cbr")) == ("38", "35", "17%")
    # Chmielowski: 272 in both R1507 trials = 163 other sarcomas + 109 Ewing patients on 9 mg/kg weekly.
    assert facts.value("sarc_total") == 272 == facts.value("r1507s_n") + facts.value("r1507e_weekly")
    # Schöffski et al. designed the 12-week progression-free rate against 20% and 40%.
    assert (facts.text("design_p0"), facts.text("design_p1"), facts.text("benchmark")) == ("20%", "40%", "30%")


def test_the_pool_is_every_ewing_only_cohort_with_counts(facts):
    # R1507 10/111, figitumumab 15/106, ganitumab 2/35 (with DSRCT), robatumumab 6/84.
    assert facts.value("pool_k") == 4
    assert facts.text("pool_cohorts") == "R1507 (10/111), figitumumab (15/106), ganitumab (2/35) and robatumumab (6/84)"
    # 33 responders in 336 patients; a random-effects pool of rates from 5.7% to 14.2% lies near 10%.
    assert 0.08 < facts.value("pool_rate") < 0.12
    assert facts.text("range_low") == "5.7%" and facts.text("range_high") == "14.2%"


def test_the_700_patients_need_the_trials_not_cited(facts):
    # figitumumab 107 + cixutumumab 113 + cixutumumab/temsirolimus 174 = 394 < 700.
    assert facts.value("total_three") == 107 + 113 + 174
    # the five sizes Chmielowski prints: 107 + 38 + 113 + 174 + 272 = 704.
    assert facts.value("total_own") == 704


def test_every_glued_number_cites_the_rows_it_was_read_from(facts):
    assert facts["figi_rate"].citations() == ["juergens2011figitumumab"]
    assert facts["r1507e_pub_rate"].citations() == ["pappo2011r1507ewing"]
    assert set(facts["pool_rate"].citations()) == {"gombos2012crossroad", "juergens2011figitumumab",
                                                   "tap2012ganitumab", "anderson2016robatumumab"}


# --------------------------------------------------------------------------- drift


def test_a_cohort_given_counts_joins_the_pool_and_the_sentences_change():
    # A maintainer finds the number of Ewing patients in the ganitumab phase I trial: 8.
    f = sarcoma.facts(edit("arms", "ganitumab-ph1-ewing", patients=8))
    assert f.value("pool_k") == 5
    assert "ganitumab (phase I" not in f.text("left_no_counts")
    assert "ganitumab, Ewing sarcoma patients (1/8)" in f.text("pool_cohorts")


def test_taking_the_counts_from_a_pooled_cohort_stops_the_build():
    # without responders the cohort leaves the pool, and the sentence that says it is pooled fails
    f = sarcoma.facts(edit("arms", "robatumumab-osteo-ewing-ph2-ewing-anderson2016", responders=None))
    assert "robatumumab-pooled" in failed(f)
    with pytest.raises(ClaimError, match="robatumumab Ewing cohort"):
        f.check()
    # without its denominators the sentence that quotes them cannot be written at all
    with pytest.raises(MissingValue, match="robat_evaluable.*arms:robatumumab-osteo-ewing-ph2-ewing-anderson2016"):
        sarcoma.facts(edit("arms", "robatumumab-osteo-ewing-ph2-ewing-anderson2016", evaluable=None))


def test_using_the_table_count_falsifies_the_sentence_that_says_it_is_not_used():
    t = tables()
    arms = t.arms.copy()
    arms.loc[arms["arm_id"] == "sarc-r1507-ewing-gombos-table", "use"] = True
    arms.loc[arms["arm_id"] == "sarc-r1507-ewing-gombos-text", "use"] = False
    t.arms = arms
    assert "r1507-table-unused" in failed(sarcoma.facts(t))


def test_a_rate_that_counts_can_give_is_no_longer_called_impossible():
    # 1/113 = 0.88%, which a source would print as 0.9%.
    f = sarcoma.facts(edit("arms", "cixutumumab-sarcoma-ph2-chmielowski", orr_pct=0.9))
    assert "cixu-rate-impossible" in failed(f)


def test_a_progression_free_rate_above_the_benchmark_falsifies_the_shortfall():
    f = sarcoma.facts(edit("measures", "sarc-r1507-sarcoma-pfs12", value=35.0))
    assert "r1507s-below-benchmark" in failed(f)


def test_a_different_total_falsifies_the_reconciliation_of_272():
    t = edit("conflicts", "c-sarc-enrolment-total", version_a="278 patients after including the Ewing sarcoma part")
    assert "sarc-total-is-parts" in failed(sarcoma.facts(t))


def test_the_columns_the_facts_record_are_all_they_read():
    # Column tracking must never miss an input: changing every column the facts did not record
    # changes nothing they compute.
    from tests.book.drift import unread_columns_do_not_matter

    def shown(f):
        data = f.as_json()
        return {k: v["text"] for k, v in data["facts"].items()}, {k: v["holds"] for k, v in data["claims"].items()}

    first, second, unread = unread_columns_do_not_matter(sarcoma.facts, shown)
    assert sum(len(c) for c in unread.values()) > 20     # the check had something to change
    assert first == second


def test_the_forest_plot_shows_each_pooled_cohort_s_weight_and_the_heterogeneity():
    t = data.tables()
    fig, drawn = sarcoma.forest(t)
    cohorts, pooled_row = drawn.iloc[:-1], drawn.iloc[-1]
    # every drawn cohort is pooled: its weight is given, and the weights add up to the whole
    assert cohorts["weight %"].notna().all() and abs(cohorts["weight %"].sum() - 100) < 1e-9
    assert abs(pooled_row["I² %"] - 100 * sarcoma.pooled(t).i2) < 1e-9
    # inverse-variance weights: the largest cohort with the most responders (figitumumab, 15/106)
    # carries the most weight, the smallest (ganitumab, 2/35) the least
    assert cohorts.loc[cohorts["weight %"].idxmax(), "arm"].startswith("figitumumab")
    assert cohorts.loc[cohorts["weight %"].idxmin(), "arm"].startswith("ganitumab")
