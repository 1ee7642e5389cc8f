"""Tests for igfbook.combos and igfbook.combination_figures: small frames with known answers, and
properties of the real tables that the chapters of Parts IV–V rely on."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from igfbook import combination_figures, combos, data, stats

# --------------------------------------------------------------------------- statistics


def test_interval_for_zero_responders_starts_at_zero_and_has_the_closed_form_upper_bound():
    # For k = 0 the exact upper bound solves (1 - p)^n = alpha/2, so p = 1 - 0.025^(1/n).
    low, high = stats.exact_ci(0, 10)
    assert low == 0.0
    assert high == pytest.approx(1 - 0.025 ** (1 / 10), rel=1e-9)


def test_interval_for_all_responders_ends_at_one():
    low, high = stats.exact_ci(10, 10)
    assert high == 1.0
    assert low == pytest.approx(0.025 ** (1 / 10), rel=1e-9)


@pytest.mark.parametrize("k, n", [(1, 12), (6, 87), (3, 23), (15, 106)])
def test_interval_contains_the_estimate_and_mirrors_its_complement(k, n):
    low, high = stats.exact_ci(k, n)
    assert low < k / n < high
    low_c, high_c = stats.exact_ci(n - k, n)
    assert low == pytest.approx(1 - high_c)
    assert high == pytest.approx(1 - low_c)


def test_wider_level_gives_wider_interval():
    narrow = stats.exact_ci(3, 23, level=0.90)
    wide = stats.exact_ci(3, 23, level=0.99)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


@pytest.mark.parametrize("k, n", [(1, 0), (-1, 5), (6, 5)])
def test_interval_rejects_impossible_counts(k, n):
    with pytest.raises(ValueError, match="responders"):
        stats.exact_ci(k, n)


def test_rate_with_interval_reads_as_prose():
    text = combos.rate_with_interval(0, 10)
    assert text.startswith("0 of 10 (0.0%; 95% CI 0.0% to ")


# --------------------------------------------------------------------------- prose helpers


@pytest.mark.parametrize("items, expected", [([], "none"), (["a"], "a"), (["a", "b"], "a and b"),
                                             (["a", "b", "c"], "a, b and c")])
def test_listing(items, expected):
    assert combos.listing(items) == expected


def test_small_helpers():
    assert combos.count_word(0) == "none" and combos.count_word(0, "None") == "None"
    assert combos.count_word(4) == "4"
    assert combos.prose_name("Xentuzumab") == "xentuzumab"
    assert combos.prose_name("R1507") == "R1507" and combos.prose_name("BMS-754807") == "BMS-754807"
    assert combos.number(54.0) == "54" and combos.number(1.2) == "1.2"
    assert combos.percent(0.0021) == "0.2%" and combos.percent(0.38) == "38%"
    assert combos.first_integer("more than 700 patients, citing refs 9") == 700
    with pytest.raises(ValueError):
        combos.first_integer("no number here")


# --------------------------------------------------------------------------- crosstalk


def crosstalk_frame(rows):
    cols = ["edge_id", "partner", "partner_type", "relation", "context", "consequence", "source", "locator"]
    return pd.DataFrame(rows, columns=cols)


def test_list_entries_are_the_same_sentence_with_another_name():
    frame = crosstalk_frame([
        ("a", "EGFR", "receptor tyrosine kinase", "crosstalk", "Crosstalk with EGFR matters.", "not stated", "s", "§1"),
        ("b", "HER2", "receptor tyrosine kinase", "crosstalk", "Crosstalk with HER2 (spelt oddly) matters.",
         "not stated", "s", "§1"),
        ("c", "ALK", "receptor tyrosine kinase", "crosstalk", "Crosstalk with ALK matters.", "not stated", "s", "§2"),
        ("d", "ER", "steroid hormone receptor", "crosstalk", "ER does something else.", "not stated", "s", "§1"),
    ])
    assert combos.list_entries(frame).tolist() == [True, True, False, False]


def test_crosstalk_summary_counts_every_statement_once_and_reports_ties():
    frame = crosstalk_frame([
        ("a", "EGFR", "receptor tyrosine kinase", "crosstalk", "x", "mutual resistance", "s1", "§1"),
        ("b", "EGFR", "receptor tyrosine kinase", "compensatory activation", "y", "tumour growth", "s2", "§1"),
        ("c", "ER", "steroid hormone receptor", "crosstalk", "z", "not stated", "s1", "§2"),
    ])
    summary = combos.crosstalk_summary(frame).set_index("partner")
    assert summary.loc["EGFR", "statements"] == 2 and summary.loc["EGFR", "articles"] == 2
    assert summary.loc["EGFR", "commonest consequence"] == "tie"
    assert summary.loc["ER", "commonest consequence"] == "not stated"
    assert list(summary.index) == ["EGFR", "ER"]  # receptor tyrosine kinases first


def test_crosstalk_summary_of_the_real_table_adds_up():
    crosstalk = data.crosstalk()
    summary = combos.crosstalk_summary(crosstalk)
    relations = [r for r in combos.RELATION_ORDER if r in summary.columns]
    assert summary["statements"].sum() == len(crosstalk)
    assert (summary[relations].sum(axis=1) == summary["statements"]).all()
    assert set(summary["partner"]) == set(crosstalk["partner"])


# --------------------------------------------------------------------------- combinations


def test_evidence_counts_and_grid_cover_every_row():
    combinations = data.combinations()
    assert combos.evidence_counts(combinations)["rows"].sum() == len(combinations)
    grid = combos.evidence_grid(combinations)
    assert grid["total"].sum() == len(combinations)
    assert list(grid.columns[:-1]) == [lv for lv in combos.EVIDENCE_ORDER if lv in grid.columns]


def test_every_partner_class_has_a_section_in_the_combinations_chapter():
    grouped = {c for classes in combos.PARTNER_GROUPS.values() for c in classes}
    assert set(data.combinations()["partner_class"]) <= grouped


def test_clinical_rows_agree_with_the_phase_of_their_study():
    # A clinical row's level must not claim a phase its study does not print.
    combinations, studies = data.combinations(), data.studies()
    joined = combinations[combos.is_clinical(combinations)].merge(studies[["study_id", "phase"]], on="study_id")
    unstated = joined[joined["phase"] == "not stated"]
    assert (unstated["evidence_level"] == "clinical, phase not stated").all(), unstated[["combo_id", "evidence_level"]]


def test_clinical_results_take_numbers_only_from_the_arms_the_book_reports():
    combinations = pd.DataFrame({"combo_id": ["c1"], "partner_class": ["EGFR/HER2"], "evidence_level": ["phase I"],
                                 "result": ["pending"], "study_id": ["s1"]})
    studies = pd.DataFrame({"study_id": ["s1"], "title": ["T"], "phase": ["I"], "design": ["not stated"],
                            "status": ["ongoing"], "year": [2017]})
    arms = pd.DataFrame({"study_id": ["s1", "s1"], "arm": ["all", "all"], "role": ["cohort", "cohort"],
                         "use": [True, False], "patients": [12, 99], "responders": [1, 50], "sd": [10, 0],
                         "orr_pct": [None, None], "dcr_pct": [None, None], "other_measure": [None, None],
                         "other_value": [None, None], "reported_by": ["simpson2017igf", "gombos2012crossroad"]})
    result = combos.clinical_results(combinations, studies, arms)
    assert result["patients"].tolist() == [12]
    assert result["reported by"].tolist() == ["Simpson et al. 2017"]


def test_arm_lookup_fails_loudly():
    with pytest.raises(KeyError, match="no row"):
        combos.arm(data.arms(), "no-such-arm")


# --------------------------------------------------------------------------- patients exposed


def study_frame(ids):
    return pd.DataFrame({"study_id": ids, "title": ids, "tumour_group": "sarcoma", "combination": False,
                         "phase": "II", "status": "reported", "target_accrual": pd.NA})


def arm_frame(rows):
    return pd.DataFrame(rows, columns=["study_id", "role", "use", "patients"])


def test_study_patients_follows_its_counting_rule():
    studies = study_frame(["single", "randomised", "cohorts", "subgroups", "empty", "versions"])
    arms = arm_frame([
        ("single", "single arm", True, 40),
        ("randomised", "experimental", True, 30), ("randomised", "control", True, 28),
        ("randomised", "subgroup", True, 10),
        ("cohorts", "cohort", True, 87), ("cohorts", "cohort", True, 12), ("cohorts", "subgroup", True, 23),
        ("subgroups", "subgroup", True, 3), ("subgroups", "subgroup", True, 10),
        ("empty", "single arm", True, None),
        ("versions", "single arm", True, 111), ("versions", "single arm", False, 115),
    ])
    counted = combos.study_patients(studies, arms).set_index("study_id")
    assert counted.loc["single", "patients"] == 40
    assert counted.loc["randomised", "patients"] == 58  # arms add up; subgroups are never added
    assert counted.loc["cohorts", "patients"] == 87  # largest cohort, not the sum of nested cohorts
    assert counted.loc["subgroups", "patients"] == 10
    assert counted.loc["subgroups", "basis"] == "largest subgroup (lower bound)"
    assert pd.isna(counted.loc["empty", "patients"])
    assert counted.loc["versions", "patients"] == 111  # only the version the book reports
    totals = combos.exposure_totals(counted.reset_index())
    assert totals == {"patients": 40 + 58 + 87 + 10 + 111, "studies": 5, "uncounted": 1}


def test_the_trials_behind_the_editorial_figure_pass_it():
    # lessons.md says the editorial's "more than 700" is borne out by the six trials it covers.
    conflicts = data.conflicts()
    named = combos.affected_keys(conflicts, "c-sarcoma-700-total", "studies")
    claimed = combos.first_integer(conflicts.set_index("conflict_id").loc["c-sarcoma-700-total", "version_a"])
    per_study = combos.study_patients(data.studies(), data.arms())
    named_rows = per_study[per_study["study_id"].isin(named)]
    assert named_rows["patients"].notna().all()
    assert combos.exposure_totals(named_rows)["patients"] > claimed


# --------------------------------------------------------------------------- trials


def test_controlled_trials_are_randomised_or_late_phase_combinations():
    trials = combos.controlled_trials(data.studies(), data.combinations(), data.agents())
    studies = data.studies().set_index("study_id").loc[trials["study_id"]]
    assert studies["combination"].all()
    assert (studies["design"].str.startswith("randomised") | studies["phase"].isin(["II/III", "III"])).all()
    assert trials["year"].is_monotonic_increasing


def test_checklist_says_not_stated_when_the_design_is_unknown():
    studies = pd.DataFrame({"study_id": ["a", "b"], "setting": ["tumour IGF-1R expression required", pd.NA],
                            "partners": [("letrozole",), ("paclitaxel", "metformin")]})
    trials = pd.DataFrame({"study_id": ["a", "b"], "agent": ["X", "Y"], "partners": ["letrozole", "paclitaxel"],
                           "tumour_group": ["breast", "breast"], "phase": ["II", "III"],
                           "design": ["randomised", "not stated"],
                           "agent class": [combos.LIGAND_CLASS, "anti-IGF-1R antibody"]})
    checks = combos.trial_checklist(trials, studies).set_index("study_id")
    assert checks.loc["a"].tolist()[1:] == ["yes", "yes", "yes", "no"]
    assert checks.loc["b"].tolist()[1:] == ["not stated", "no", "no", "yes"]


def test_open_trials_and_priorities_cover_the_review_list():
    studies, agents, combinations = data.studies(), data.agents(), data.combinations()
    trials = combos.open_trials(studies, agents)
    assert set(trials["study_id"]) == set(studies.loc[studies["status"].isin(["ongoing", "planned"]), "study_id"])
    priorities = combos.priority_evidence(combinations, agents, studies)
    assert priorities["rank"].tolist() == [1, 2, 3, 4, 5]
    rows = combinations[combinations["partner_class"].isin(
        [c for classes in combos.PRIORITIES.values() for c in classes])]
    assert (priorities["preclinical rows"] + priorities["clinical rows"]).sum() == len(rows)


# --------------------------------------------------------------------------- conflicts


def test_every_conflict_kind_has_an_appendix_section_and_every_affected_row_a_chapter():
    conflicts = data.conflicts()
    assert set(conflicts["kind"]) <= set(combos.CONFLICT_KINDS)
    affected = combos.affected_rows(conflicts, data.studies(), data.arms())
    assert len(affected) == conflicts["affects"].map(len).sum()
    assert "data-dictionary" not in set(affected["chapter"]), affected[affected["chapter"] == "data-dictionary"]
    counts = combos.conflict_counts(conflicts)
    assert counts["total"].sum() == len(conflicts)


def test_chapter_of_follows_the_study():
    studies = pd.DataFrame({"study_id": ["r", "c", "s", "m"], "combination": [True, True, False, False],
                            "design": ["randomised", "not stated", "single-arm", "not stated"],
                            "phase": ["II", "I", "II", "I"],
                            "tumour_group": ["breast", "lung", "sarcoma", "lung"]})
    arms = pd.DataFrame({"arm_id": ["r-1"], "study_id": ["r"]})
    assert [combos.chapter_of("studies", k, studies, arms) for k in "rcsm"] == [
        "phase3", "combinations", "sarcoma", "monotherapy"]
    assert combos.chapter_of("arms", "r-1", studies, arms) == "phase3"
    assert combos.chapter_of("crosstalk", "x", studies, arms) == "why-combine"


def test_conflict_card_keeps_data_text_as_it_is_and_names_each_version():
    conflicts = data.conflicts()
    studies, arms = data.studies(), data.arms()
    for _, row in conflicts.iterrows():
        card = combos.conflict_card(row, studies, arms).set_index("field")[row["conflict_id"]]
        assert card["version A"] == row["version_a"] and card["version B"] == row["version_b"]
        assert ("version C" in card.index) == isinstance(row["version_c"], str)
        assert card["resolution"] == row["resolution"]
        for item in row["affects"]:
            assert item in card["rows affected (chapter)"]


# --------------------------------------------------------------------------- figures


def test_figures_return_the_numbers_they_draw():
    crosstalk, combinations, conflicts = data.crosstalk(), data.combinations(), data.conflicts()
    fig, table = combination_figures.crosstalk_hub(crosstalk)
    assert table["statements"].sum() == len(crosstalk)
    fig, table = combination_figures.evidence_matrix(combinations)
    assert table["rows"].sum() == len(combinations)
    fig, table = combination_figures.conflicts_by_kind(conflicts)
    assert table["total"].sum() == len(conflicts)
    per_study = combos.study_patients(data.studies(), data.arms())
    named = combos.affected_keys(conflicts, "c-sarcoma-700-total", "studies")
    fig, table = combination_figures.exposure(per_study, named, 700)
    sarcoma = per_study[(per_study["tumour_group"] == "sarcoma") & per_study["patients"].notna()]
    assert table["patients"].sum() == sarcoma["patients"].sum()
    assert set(table.loc[table["named in the claim"], "study_id"]) == set(named)
    trials = combos.controlled_trials(data.studies(), combinations, data.agents())
    fig, table = combination_figures.checklist(combos.trial_checklist(trials, data.studies()))
    assert len(table) == len(trials)
    assert not math.isnan(fig.get_size_inches()[0])
