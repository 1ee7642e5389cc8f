"""Patients exposed: how many patients each study of the book's tables treated or enrolled.

One counting rule for every chapter that counts patients across studies (the lessons chapter;
the sarcoma chapter counts its editorial trials with :func:`igfbook.stats.enrolment`, and the
lessons facts check that both give the same numbers for them).

>>> from igfbook import data
>>> per_study = study_patients(data.studies(), data.arms())
>>> bool(exposure_totals(per_study)["patients"] > 0)
True
"""

from __future__ import annotations

import pandas as pd

from igfbook.evidence import used

#: Roles of arms that together make up a whole study.
WHOLE_ROLES = ("single arm", "experimental", "control")
#: What a count rests on, from the most to the least complete.
BASES = ("whole-study arms", "largest cohort", "largest subgroup (lower bound)", "no patient number")


def study_patients(studies: pd.DataFrame, arms: pd.DataFrame) -> pd.DataFrame:
    """Patients treated or enrolled in each study, counted from the arms the book reports (``use``).

    The count is the sum of the whole-study arms (single arm, experimental, control) or the
    largest cohort, whichever is larger; cohorts may overlap, so they are never added. A study
    reported only by subgroups counts its largest subgroup, a lower bound. A study with no patient
    number counts nothing. ``basis`` says which rule gave the count, ``arm_ids`` which arms.
    """
    reported = used(arms)
    reported = reported[reported["patients"].notna()]
    rows = []
    columns = ["study_id", "title", "tumour_group", "combination", "phase", "status", "target_accrual"]
    for study in studies[columns].itertuples(index=False):
        mine = reported[reported["study_id"] == study.study_id]
        whole = mine[mine["role"].isin(WHOLE_ROLES)]
        cohort = mine[mine["role"] == "cohort"]
        subgroup = mine[mine["role"] == "subgroup"]
        candidates = []
        if len(whole):
            candidates.append((int(whole["patients"].sum()), BASES[0], tuple(whole["arm_id"])))
        if len(cohort):
            top = cohort.loc[cohort["patients"].idxmax()]
            candidates.append((int(top["patients"]), BASES[1], (top["arm_id"],)))
        if candidates:
            patients, basis, arm_ids = max(candidates, key=lambda c: c[0])
        elif len(subgroup):
            top = subgroup.loc[subgroup["patients"].idxmax()]
            patients, basis, arm_ids = int(top["patients"]), BASES[2], (top["arm_id"],)
        else:
            patients, basis, arm_ids = pd.NA, BASES[3], ()
        rows.append({"study_id": study.study_id, "title": study.title, "tumour_group": study.tumour_group,
                     "combination": bool(study.combination), "phase": study.phase, "status": study.status,
                     "patients": patients, "basis": basis, "arm_ids": arm_ids,
                     "target_accrual": study.target_accrual})
    frame = pd.DataFrame(rows, columns=["study_id", "title", "tumour_group", "combination", "phase", "status",
                                        "patients", "basis", "arm_ids", "target_accrual"])
    frame["patients"] = frame["patients"].astype("Int64")
    return frame


def exposure_totals(per_study: pd.DataFrame) -> dict[str, int]:
    """Totals of :func:`study_patients`: patients counted, studies counted and studies without a number.

    >>> exposure_totals(pd.DataFrame({"patients": pd.array([10, None, 5], dtype="Int64")}))
    {'patients': 15, 'studies': 2, 'uncounted': 1}
    """
    counted = per_study[per_study["patients"].notna()]
    return {"patients": int(counted["patients"].sum()), "studies": len(counted),
            "uncounted": int(per_study["patients"].isna().sum())}
