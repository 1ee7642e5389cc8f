"""igfbook.evidence: the book's selection rules (which cohorts are Ewing cohorts, which studies a
tumour chapter tells, which chapter is a study's home) and numbers read from text cells."""

from __future__ import annotations

import pandas as pd
import pytest

from databook.facts import Row
from igfbook import data, evidence


@pytest.mark.parametrize("tumour,expected", [
    ("Ewing sarcoma", True),
    ("Ewing sarcoma family of tumours", True),
    # DSRCT shares the EWS translocation, so it may share a Ewing cohort
    ("Ewing family tumours and desmoplastic small round cell tumours (DSRCT)", True),
    ("Ewing sarcoma and other sarcoma subtypes", False),
    ("osteosarcoma and Ewing sarcoma family of tumours", False),
    ("soft-tissue sarcoma subtypes and Ewing family tumours", False),
    ("advanced solid tumours", False),
])
def test_ewing_cohort_rule(tumour, expected):
    assert evidence.is_ewing_cohort(tumour) is expected


def test_ewing_cohort_judged_by_arm_in_mixed_trials():
    mixed = "osteosarcoma and Ewing sarcoma family of tumours"
    assert evidence.is_ewing_arm(pd.Series({"arm": "Ewing sarcoma patients", "tumour": mixed}))
    assert not evidence.is_ewing_arm(pd.Series({"arm": "unresectable osteosarcoma metastases", "tumour": mixed}))
    assert evidence.is_ewing_arm(pd.Series({"arm": "EFT and DSRCT cohort", "tumour": "Ewing family tumours and DSRCT"}))


def test_sarcoma_studies_include_mixed_trials_with_a_ewing_subgroup():
    found = set(evidence.sarcoma_studies(data.studies(), data.arms())["study_id"])
    assert {"ganitumab-ph1", "cixutumumab-temsirolimus-ph1"} <= found  # Ewing subgroups of phase I trials
    assert "sarc-r1507-sarcoma" in found
    assert "linsitinib-acc-ph3" not in found


def test_tumour_studies_adds_subgroups_of_mixed_trials():
    studies, arms = data.studies(), data.arms()
    found = evidence.tumour_studies(studies, arms, "adrenocortical", "adrenocortical")
    ids = set(found["study_id"])
    assert set(studies.loc[studies["tumour_group"] == "adrenocortical", "study_id"]) <= ids
    assert {"linsitinib-ph1", "cixutumumab-temsirolimus-ph1"} <= ids  # ACC subgroups of mixed trials
    assert found["study_id"].is_unique


def test_number_in_a_text_cell_keeps_its_source_and_fails_when_the_wording_changes():
    row = Row("conflicts", "c-x", {"version_a": "more than 700 patients, citing refs 9"}, ("src2014",), "p. 1")
    cell = evidence.number_in(row, "version_a", r"more than (\d+)")
    assert cell.value == 700 and cell.source.key == "c-x" and cell.source.column == "version_a"
    with pytest.raises(ValueError, match="c-x column 'version_a' no longer matches"):
        evidence.number_in(Row("conflicts", "c-x", {"version_a": "many patients"}), "version_a", r"(\d+)")


@pytest.mark.parametrize("study,chapter", [
    # rule 1: sarcoma first, even for a randomised combination
    ({"tumour_group": "sarcoma", "combination": True, "design": "randomised", "phase": "II"}, "sarcoma"),
    # rule 2: a randomised combination, or one of phase II/III or III
    ({"tumour_group": "breast", "combination": True, "design": "randomised", "phase": "II"}, "phase3"),
    ({"tumour_group": "lung", "combination": True, "design": "not stated", "phase": "III"}, "phase3"),
    # rule 3: any other combination
    ({"tumour_group": "lung", "combination": True, "design": "not stated", "phase": "I"}, "combinations"),
    # rule 4: single agents in the three tumour groups of the tumour chapter
    ({"tumour_group": "adrenocortical", "combination": False, "design": "randomised", "phase": "III"}, "tumours"),
    # rule 5: everything else
    ({"tumour_group": "solid tumours", "combination": False, "design": "not stated", "phase": "I"}, "monotherapy"),
])
def test_chapter_of_applies_its_rules_in_order(study, chapter):
    assert evidence.chapter_of(study) == chapter


def test_rows_follow_their_study_and_unknown_rows_go_to_the_data_dictionary():
    t = data.tables()
    arm = t.arms.iloc[0]
    study = t.studies.set_index("study_id").loc[arm["study_id"]]
    assert evidence.chapter_of_row(t, "arms", arm["arm_id"]) == evidence.chapter_of(study)
    measure = t.measures.iloc[0]
    assert evidence.chapter_of_row(t, "measures", measure["measure_id"]) == evidence.chapter_of_row(t, "arms", measure["arm_id"])
    assert evidence.chapter_of_row(t, "arms", "no-such-arm") == "data-dictionary"
    assert evidence.chapter_of_row(t, "crosstalk", "anything") == "why-combine"


def test_every_home_chapter_is_a_document_of_the_book():
    t = data.tables()
    homes = set(t.studies.apply(evidence.chapter_of, axis=1)) | set(evidence.TABLE_CHAPTER.values())
    assert homes <= set(evidence.chapter_order())
