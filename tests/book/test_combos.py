"""Tests for igfbook.combos and igfbook.combination_figures: small frames with known answers, and
properties of the real tables that the chapters of Parts IV–V rely on."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from igfbook import combination_figures, combos, data, refs

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
    relations = [r for r in data.enum("crosstalk", "relation") if r in summary.columns]
    assert summary["statements"].sum() == len(crosstalk)
    assert (summary[relations].sum(axis=1) == summary["statements"]).all()
    assert set(summary["partner"]) == set(crosstalk["partner"])


# --------------------------------------------------------------------------- combinations


def test_evidence_counts_cover_every_row_in_the_schema_order():
    combinations = data.combinations()
    counts = combos.evidence_counts(combinations)
    assert counts["rows"].sum() == len(combinations)
    order = data.enum("combinations", "partner_class")
    assert counts["partner class"].map(order.index).is_monotonic_increasing


def test_every_partner_class_has_a_section_in_the_combinations_chapter():
    grouped = {c for classes in combos.PARTNER_GROUPS.values() for c in classes}
    assert set(data.combinations()["partner_class"]) <= grouped


def test_clinical_rows_agree_with_the_phase_of_their_study():
    # A clinical row's level must not claim a phase its study does not print.
    combinations, studies = data.combinations(), data.studies()
    joined = combinations[combos.is_clinical(combinations)].merge(studies[["study_id", "phase"]], on="study_id")
    unstated = joined[joined["phase"] == "not stated"]
    assert (unstated["evidence_level"] == "clinical, phase not stated").all(), unstated[["combo_id", "evidence_level"]]


def test_the_clinical_table_takes_numbers_only_from_the_arms_the_book_reports():
    # SARC R1507 in Ewing sarcoma has several arm rows (two Gombos versions and Pappo's report);
    # only the one marked ``use`` is the book's.
    t = data.tables()
    t.combinations = t.combinations.iloc[[0]].assign(evidence_level="phase II", study_id="sarc-r1507-ewing")
    table = combos.clinical_table(t)
    shown = t.arms[(t.arms["study_id"] == "sarc-r1507-ewing") & t.arms["use"]]
    assert len(t.arms[t.arms["study_id"] == "sarc-r1507-ewing"]) > len(shown) == len(table) == 1
    arm = shown.iloc[0]
    assert table["numbers reported"].iloc[0].startswith(f"{arm['patients']} patients; {arm['responders']} responder")
    assert table["reported by"].iloc[0] == refs.label(arm["reported_by"])


def test_arm_numbers_say_so_when_nothing_was_reported():
    t = data.tables()
    arm_id = t.arms["arm_id"].iloc[0]
    blank = t.arms.copy()
    for col in ("patients", "responders", "sd", "orr_pct", "dcr_pct", "pfs_median", "os_median"):
        blank.loc[blank["arm_id"] == arm_id, col] = pd.NA
    t.arms, t.measures = blank, t.measures[t.measures["arm_id"] != arm_id]
    assert combos.arm_numbers(t, arm_id) == "no numbers reported"


# --------------------------------------------------------------------------- trials


def test_controlled_trials_are_randomised_or_late_phase_combinations():
    trials = combos.controlled_trials(data.tables())
    studies = data.studies().set_index("study_id").loc[trials["study_id"]]
    assert studies["combination"].all()
    assert (studies["design"].str.startswith("randomised") | studies["phase"].isin(["II/III", "III"])).all()
    assert trials["year"].is_monotonic_increasing


def test_checklist_says_not_stated_when_the_design_is_unknown():
    trials = pd.DataFrame({"study_id": ["a", "b"], "agent": ["X", "Y"],
                           "partners": ["letrozole", "paclitaxel and metformin"],
                           "partner list": [("letrozole",), ("paclitaxel", "metformin")],
                           "setting": ["tumour IGF-1R expression required", pd.NA],
                           "tumour_group": ["breast", "breast"], "phase": ["II", "III"],
                           "design": ["randomised", "not stated"],
                           "agent class": [combos.LIGAND_CLASS, "anti-IGF-1R antibody"]})
    checks = combos.trial_checklist(data.tables(), trials).set_index("study_id")
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


# --------------------------------------------------------------------------- figures


def test_figures_return_the_numbers_they_draw():
    t = data.tables()
    fig, table = combination_figures.crosstalk_hub(t.crosstalk)
    assert table["statements"].sum() == len(t.crosstalk)
    fig, table = combination_figures.evidence_matrix(t.combinations)
    assert table["rows"].sum() == len(t.combinations)
    trials = combos.controlled_trials(t)
    fig, table = combination_figures.checklist(combos.trial_checklist(t, trials))
    assert len(table) == len(trials)
    assert not math.isnan(fig.get_size_inches()[0])
