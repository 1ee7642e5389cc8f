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
    # one pass over the arms, grouped by study in table order (a mask per study costs a copy each)
    by_study: dict[str, list[tuple[str, int, str]]] = {}
    for study_id, role, patients, arm_id in reported[["study_id", "role", "patients", "arm_id"]].itertuples(index=False):
        by_study.setdefault(study_id, []).append((role, int(patients), arm_id))
    rows = []
    columns = ["study_id", "title", "tumour_group", "combination", "phase", "status", "target_accrual"]
    for study in studies[columns].itertuples(index=False):
        mine = by_study.get(study.study_id, [])
        whole = [a for a in mine if a[0] in WHOLE_ROLES]
        cohort = [a for a in mine if a[0] == "cohort"]
        subgroup = [a for a in mine if a[0] == "subgroup"]
        candidates = []
        if whole:
            candidates.append((sum(a[1] for a in whole), BASES[0], tuple(a[2] for a in whole)))
        if cohort:
            top = largest(cohort)
            candidates.append((top[1], BASES[1], (top[2],)))
        if candidates:
            patients, basis, arm_ids = max(candidates, key=lambda c: c[0])
        elif subgroup:
            top = largest(subgroup)
            patients, basis, arm_ids = top[1], BASES[2], (top[2],)
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


def largest(arms: list[tuple[str, int, str]]) -> tuple[str, int, str]:
    """The arm with the most patients; of equal ones, the first in table order (as ``idxmax``)."""
    return max(arms, key=lambda a: a[1])


def exposure_totals(per_study: pd.DataFrame) -> dict[str, int]:
    """Totals of :func:`study_patients`: patients counted, studies counted and studies without a number.

    >>> exposure_totals(pd.DataFrame({"patients": pd.array([10, None, 5], dtype="Int64")}))
    {'patients': 15, 'studies': 2, 'uncounted': 1}
    """
    counted = per_study[per_study["patients"].notna()]
    return {"patients": int(counted["patients"].sum()), "studies": len(counted),
            "uncounted": int(per_study["patients"].isna().sum())}
