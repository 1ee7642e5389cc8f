"""igfbook.stats: exact intervals, random-effects pooling and the book's selection rules."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest

from igfbook import data, stats


# --------------------------------------------------------------------------- exact intervals

def test_docstring_examples_run():
    assert doctest.testmod(stats).failed == 0


@pytest.mark.parametrize("n", [1, 9, 35, 111])
def test_zero_responders_give_the_closed_form_clopper_pearson_bound(n):
    # With k = 0 the exact interval is [0, 1 - (alpha/2)^(1/n)]; with k = n it is [(alpha/2)^(1/n), 1].
    low, high = stats.exact_ci(0, n)
    assert low == 0
    assert high == pytest.approx(1 - 0.025 ** (1 / n))
    low, high = stats.exact_ci(n, n)
    assert low == pytest.approx(0.025 ** (1 / n))
    assert high == 1


@pytest.mark.parametrize("k,n", [(1, 9), (2, 35), (10, 111), (15, 106), (4, 163)])
def test_exact_interval_contains_the_estimate_and_is_wider_than_wald(k, n):
    low, high = stats.exact_ci(k, n)
    p = k / n
    assert low < p < high
    wald = 1.959964 * math.sqrt(p * (1 - p) / n)
    assert high - low > 2 * wald * 0.9  # exact intervals are conservative, never much narrower


def test_exact_interval_is_symmetric_under_swapping_responders_and_non_responders():
    low, high = stats.exact_ci(3, 20)
    low2, high2 = stats.exact_ci(17, 20)
    assert (low, high) == pytest.approx((1 - high2, 1 - low2))


def test_exact_interval_rejects_impossible_counts():
    with pytest.raises(ValueError, match="responders <= denominator"):
        stats.exact_ci(5, 4)
    with pytest.raises(ValueError):
        stats.exact_ci(0, 0)


# --------------------------------------------------------------------------- pooling

def test_identical_studies_pool_to_their_common_rate_without_heterogeneity():
    pooled = stats.pool_proportions([10, 20, 30], [100, 200, 300])
    assert pooled.rate == pytest.approx(0.1)
    assert pooled.tau2 == pytest.approx(0)
    assert pooled.i2 == pytest.approx(0)
    assert pooled.ci_low < 0.1 < pooled.ci_high


def test_two_study_dersimonian_laird_matches_the_textbook_formulae():
    # For k studies with logit effects y_i and variances v_i (weights w_i = 1/v_i):
    # Q = sum w (y - ybar_fe)^2, tau2 = max(0, (Q - (k-1)) / (sum w - sum w^2 / sum w)),
    # I2 = max(0, (Q - (k-1)) / Q), and the random-effects mean uses weights 1/(v_i + tau2).
    k, n = np.array([5, 30]), np.array([100, 100])
    p = k / n
    y = np.log(p / (1 - p))
    v = 1 / k + 1 / (n - k)
    w = 1 / v
    q = np.sum(w * (y - np.sum(w * y) / np.sum(w)) ** 2)
    tau2 = max(0.0, (q - 1) / (w.sum() - (w ** 2).sum() / w.sum()))
    w_re = 1 / (v + tau2)
    mean = np.sum(w_re * y) / w_re.sum()
    pooled = stats.pool_proportions(k, n)
    assert pooled.q == pytest.approx(q)
    assert pooled.tau2 == pytest.approx(tau2)
    assert pooled.i2 == pytest.approx((q - 1) / q)
    assert pooled.rate == pytest.approx(1 / (1 + math.exp(-mean)))
    se = math.sqrt(1 / w_re.sum())
    assert pooled.ci_high == pytest.approx(1 / (1 + math.exp(-(mean + 1.959964 * se))), rel=1e-5)


def test_discordant_studies_widen_the_interval_and_raise_i2():
    close = stats.pool_proportions([10, 11], [100, 100])
    apart = stats.pool_proportions([2, 40], [100, 100])
    assert apart.i2 > 0.9 and close.i2 == pytest.approx(0)
    # Q < k - 1 here: the DerSimonian-Laird tau2 is truncated at 0 (statsmodels leaves it negative)
    assert close.tau2 == 0 and close.ci_low < close.rate < close.ci_high
    assert (apart.ci_high - apart.ci_low) > (close.ci_high - close.ci_low)


def test_zero_counts_get_a_continuity_correction_and_are_named():
    pooled = stats.pool_proportions([0, 3], [20, 30], names=["none", "some"])
    assert pooled.corrected == ("none",)
    row = pooled.studies.set_index("study").loc["none"]
    assert row["rate"] == pytest.approx(0.5 / 21)
    assert row["variance"] == pytest.approx(1 / 0.5 + 1 / 20.5)


def test_pooling_needs_two_valid_studies():
    with pytest.raises(ValueError, match="at least two"):
        stats.pool_proportions([1], [10])
    with pytest.raises(ValueError):
        stats.pool_proportions([11, 1], [10, 10])


# --------------------------------------------------------------------------- selection rules

@pytest.fixture(scope="module")
def table():
    return stats.response_table(data.studies(), data.arms(), data.agents())


def test_response_table_has_one_row_per_used_arm_of_single_agent_studies(table):
    studies, arms = data.studies(), data.arms()
    single = set(studies.loc[~studies["combination"].astype(bool), "study_id"])
    expected = set(arms.loc[arms["use"].astype(bool) & arms["study_id"].isin(single), "arm_id"])
    assert set(table["arm_id"]) == expected
    assert table["arm_id"].is_unique


def test_rate_uses_the_evaluable_denominator_when_there_is_one(table):
    row = table.set_index("arm_id").loc["figitumumab-ewing-ph2-juergens2011"]
    arm = data.arms().set_index("arm_id").loc["figitumumab-ewing-ph2-juergens2011"]
    assert row["denominator"] == arm["evaluable"] != arm["patients"]
    assert row["denominator_basis"] == "evaluable"
    assert row["rate"] == pytest.approx(arm["responders"] / arm["evaluable"])


def test_a_rate_printed_without_counts_is_listed_but_never_given_a_count(table):
    # conflict c-cixutumumab-sarcoma-rate: the "0.2%" cannot be a share of 113 patients.
    row = table.set_index("arm_id").loc["cixutumumab-sarcoma-ph2-chmielowski"]
    assert not row["has_counts"] and pd.isna(row["rate"]) and pd.isna(row["responders"])
    assert row["why_no_rate"] == "rate printed without a count"
    assert "c-cixutumumab-sarcoma-rate" in row["conflict_ids"]


def test_the_gombos_table_count_for_r1507_is_not_used(table):
    # conflict c-sarc001-ewing-counts: the used version is the text's, not Table 1's 17 responders.
    ewing = table[table["study_id"] == "sarc-r1507-ewing"]
    assert list(ewing["arm_id"]) == ["sarc-r1507-ewing-gombos-text"]
    arm = data.arms().set_index("arm_id").loc["sarc-r1507-ewing-gombos-table"]
    assert (ewing["responders"] != arm["responders"]).all()


def test_every_rate_lies_in_its_exact_interval(table):
    counted = table[table["has_counts"]]
    assert len(counted) > 0
    assert ((counted["ci_low"] <= counted["rate"]) & (counted["rate"] <= counted["ci_high"])).all()


def test_enrolment_sums_the_used_rows_and_can_swap_in_another_version():
    studies, arms = data.studies(), data.arms()
    used = stats.enrolment(studies, arms, ["sarc-r1507-ewing", "ganitumab-eft-dsrct-ph2"])
    arm = arms.set_index("arm_id")
    assert used.set_index("study_id").loc["sarc-r1507-ewing", "patients"] == arm.loc["sarc-r1507-ewing-gombos-text", "patients"]
    # subgroups (EFT, DSRCT) are not added on top of the whole cohort
    assert used.set_index("study_id").loc["ganitumab-eft-dsrct-ph2", "patients"] == arm.loc["ganitumab-eft-dsrct-ph2-tap2012", "patients"]
    swapped = stats.enrolment(studies, arms, ["sarc-r1507-ewing"], {"sarc-r1507-ewing": "sarc-r1507-ewing-pappo2011"})
    assert swapped["patients"].iloc[0] == arm.loc["sarc-r1507-ewing-pappo2011", "patients"]


def test_enrolment_explains_what_is_missing():
    studies, arms = data.studies(), data.arms()
    with pytest.raises(KeyError, match="not in table studies"):
        stats.enrolment(studies, arms, ["no-such-study"])
    with pytest.raises(KeyError, match="not an arm of study"):
        stats.enrolment(studies, arms, ["sarc-r1507-ewing"], {"sarc-r1507-ewing": "sarc-r1507-sarcoma-chmielowski"})
    with pytest.raises(ValueError, match="no patient count"):
        stats.enrolment(studies, arms, ["robatumumab-osteo-ewing-ph2"])


def test_study_summary_gives_counts_only_for_a_single_whole_study_arm():
    studies, arms = data.studies(), data.arms()
    summary = stats.study_summary(studies, arms).set_index("study")
    title = studies.set_index("study_id").loc
    assert summary.loc[title["figitumumab-ewing-ph2", "title"], "responders/n"] == "15/106"
    # the randomised NSCLC phase II has three used whole-study rows: no single result
    assert summary.loc[title["figitumumab-cp-nsclc-ph2", "title"], "responders/n"] == ""
    # a stated rate without counts is shown as stated, never as a count
    assert summary.loc[title["cixutumumab-sarcoma-ph2", "title"], "responders/n"].endswith("(stated)")


def test_a_wider_level_gives_a_wider_interval():
    narrow = stats.exact_ci(3, 23, level=0.90)
    wide = stats.exact_ci(3, 23, level=0.99)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]
