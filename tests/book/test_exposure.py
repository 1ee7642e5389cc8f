"""igfbook.exposure: the one rule for counting the patients of a study."""

from __future__ import annotations

import pandas as pd

from igfbook import exposure


def study_frame(ids):
    return pd.DataFrame({"study_id": ids, "title": ids, "tumour_group": "sarcoma", "combination": False,
                         "phase": "II", "status": "reported", "target_accrual": pd.NA})


def arm_frame(rows):
    frame = pd.DataFrame(rows, columns=["study_id", "role", "use", "patients"])
    return frame.assign(arm_id=[f"arm-{i}" for i in range(len(frame))])


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
    counted = exposure.study_patients(studies, arms).set_index("study_id")
    assert counted.loc["single", "patients"] == 40
    assert counted.loc["randomised", "patients"] == 58  # arms add up; subgroups are never added
    assert counted.loc["cohorts", "patients"] == 87  # largest cohort, not the sum of nested cohorts
    assert counted.loc["subgroups", "patients"] == 10
    assert counted.loc["subgroups", "basis"] == "largest subgroup (lower bound)"
    assert pd.isna(counted.loc["empty", "patients"])
    assert counted.loc["versions", "patients"] == 111  # only the version the book reports
    assert counted.loc["randomised", "arm_ids"] == ("arm-1", "arm-2")
    assert counted.loc["cohorts", "basis"] == "largest cohort"
    totals = exposure.exposure_totals(counted.reset_index())
    assert totals == {"patients": 40 + 58 + 87 + 10 + 111, "studies": 5, "uncounted": 1}
