"""Response rates, their exact intervals, and random-effects pooling of proportions.

The mathematics is delegated: exact (Clopper–Pearson) intervals come from
``statsmodels.stats.proportion.proportion_confint(method="beta")``, the DerSimonian–Laird pooling
from ``statsmodels.stats.meta_analysis.combine_effects`` and the logit transform from
``scipy.special``. What lives here is the book's selection logic: which row of ``arms`` stands for
an arm, which denominator a rate uses, which cohorts count as Ewing sarcoma, and which trials make
up an enrolment total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy.special import expit, logit
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.stats.proportion import proportion_confint

from igfbook.text import interval

__all__ = ["Pooled", "enrolment", "exact_ci", "pool_proportions", "response_table", "display", "RESPONSE_COLUMNS",
           "study_summary"]


# --------------------------------------------------------------------------- single proportions

def exact_ci(responders: int, denominator: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper–Pearson) interval of ``responders / denominator``.

    >>> [round(x, 3) for x in exact_ci(0, 10)]
    [0.0, 0.308]
    """
    if denominator <= 0 or not 0 <= responders <= denominator:
        raise ValueError(f"need 0 <= responders <= denominator and denominator > 0, "
                         f"got {responders} of {denominator}")
    low, high = proportion_confint(responders, denominator, alpha=1 - level, method="beta")
    return float(low), float(high)


def _count(value) -> int | None:
    return None if pd.isna(value) else int(value)


def response_table(studies: pd.DataFrame, arms: pd.DataFrame, agents: pd.DataFrame | None = None,
                   combination: bool = False, level: float = 0.95) -> pd.DataFrame:
    """One row per used arm (``use`` true) of every single-agent study, with its response rate.

    The rate is responders / evaluable where the arm gives an evaluable count, else responders /
    patients. Arms without both counts stay in the table with ``has_counts`` false and the reason
    in ``why_no_rate`` (a rate printed without counts, e.g. the cixutumumab sarcoma "0.2%", is
    never turned into a count). ``combination=True`` selects the combination studies instead.

    >>> t = response_table(data.studies(), data.arms())          # doctest: +SKIP
    >>> t.loc[t.arm_id == "figitumumab-ewing-ph2-juergens2011", ["responders", "denominator"]]  # doctest: +SKIP
    """
    chosen = studies[studies["combination"].fillna(False).astype(bool) == combination]
    used = arms[arms["use"].fillna(False).astype(bool) & arms["study_id"].isin(chosen["study_id"])]
    names = {} if agents is None else dict(zip(agents["agent_id"], agents["name"]))
    info = chosen.set_index("study_id")[["agent_ids", "tumour_group", "tumour", "phase", "year", "conflict_ids"]]
    rows = []
    arm_columns = ["arm_id", "study_id", "arm", "role", "reported_by", "responders", "evaluable", "patients",
                   "orr_pct", "conflict_ids"]
    for arm in used[arm_columns].itertuples(index=False):
        study = info.loc[arm.study_id]
        responders = _count(arm.responders)
        evaluable, patients = _count(arm.evaluable), _count(arm.patients)
        denominator, basis = (evaluable, "evaluable") if evaluable is not None else (patients, "patients")
        has_counts = responders is not None and denominator is not None and denominator > 0
        if has_counts:
            low, high = exact_ci(responders, denominator, level)
            rate, why = responders / denominator, ""
        else:
            low = high = rate = np.nan
            basis = "" if denominator is None else basis
            if responders is None and not pd.isna(arm.orr_pct):
                why = "rate printed without a count"
            elif responders is None:
                why = "no responder count"
            else:
                why = "no denominator"
        rows.append({
            "arm_id": arm.arm_id, "study_id": arm.study_id,
            "agent": " + ".join(names.get(a, a) for a in study["agent_ids"]),
            "tumour_group": study["tumour_group"], "tumour": study["tumour"], "phase": study["phase"],
            "year": study["year"], "arm": arm.arm, "role": arm.role, "reported_by": arm.reported_by,
            "responders": responders, "denominator": denominator if has_counts else None,
            "denominator_basis": basis if has_counts else "", "patients": patients,
            "orr_pct_stated": None if pd.isna(arm.orr_pct) else float(arm.orr_pct),
            "rate": rate, "ci_low": low, "ci_high": high, "has_counts": has_counts, "why_no_rate": why,
            "conflict_ids": tuple(dict.fromkeys([*arm.conflict_ids, *study["conflict_ids"]])),
        })
    table = pd.DataFrame(rows)
    for column in ("responders", "denominator", "patients", "year"):
        table[column] = table[column].astype("Int64")
    return table.reset_index(drop=True)


# --------------------------------------------------------------------------- pooling

@dataclass(frozen=True)
class Pooled:
    """A pooled proportion with its interval and heterogeneity (I², τ² on the logit scale, Q)."""

    rate: float
    ci_low: float
    ci_high: float
    i2: float
    tau2: float
    q: float
    q_pvalue: float
    k: int
    corrected: tuple[str, ...]
    studies: pd.DataFrame


def pool_proportions(responders: Iterable[int], denominators: Iterable[int], names: Iterable[str] | None = None,
                     correction: float = 0.5, level: float = 0.95) -> Pooled:
    """Random-effects (DerSimonian–Laird) pooling of proportions on the logit scale.

    Each study enters as logit(p) with variance 1/(n p (1 − p)) = 1/k + 1/(n − k). A study with
    no responders (or all responders) gets ``correction`` added to both cells, i.e.
    p = (k + c)/(n + 2c); the names of those studies are returned in ``corrected``.

    >>> round(pool_proportions([10, 10], [100, 100]).rate, 3)
    0.1
    """
    k = np.asarray(list(responders), dtype=float)
    n = np.asarray(list(denominators), dtype=float)
    labels = list(names) if names is not None else [f"study {i + 1}" for i in range(len(k))]
    if len(set(labels)) != len(labels):
        raise ValueError(f"study names must be unique (they label the pooled table): {labels}")
    if not (len(k) == len(n) == len(labels)) or len(k) < 2:
        raise ValueError(f"need at least two studies with one count, denominator and name each; "
                         f"got {len(k)}, {len(n)} and {len(labels)}")
    if np.any(n <= 0) or np.any(k < 0) or np.any(k > n):
        raise ValueError(f"each study needs 0 <= responders <= denominator and denominator > 0: {list(zip(k, n))}")
    edge = (k == 0) | (k == n)
    k_adj = np.where(edge, k + correction, k)
    n_adj = np.where(edge, n + 2 * correction, n)
    p = k_adj / n_adj
    effects = logit(p)
    variances = 1 / (n_adj * p * (1 - p))
    with np.errstate(divide="ignore", invalid="ignore"):  # Q = 0 or tau² < 0: handled below
        result = combine_effects(effects, variances, method_re="dl", row_names=labels, alpha=1 - level)
    frame = result.summary_frame()
    # statsmodels (0.15) leaves the DerSimonian–Laird tau² untruncated, so it can come out
    # negative when Q < k − 1. The estimator is defined as max(0, ·), and with tau² = 0 the
    # random-effects estimate is the fixed-effect one; I² is likewise max(0, (Q − df)/Q).
    truncated = result.tau2 < 0
    random = frame.loc["fixed effect" if truncated else "random effect"]
    weights = frame.loc[labels, "w_fe" if truncated else "w_re"].to_numpy()
    per_study = pd.DataFrame({
        "study": labels, "responders": k.astype(int), "denominator": n.astype(int),
        "logit": effects, "variance": variances,
        "weight_re": weights,
        "rate": expit(effects),
    })
    q_stat, q_pvalue = result.test_homogeneity()[:2]
    return Pooled(rate=float(expit(random["eff"])), ci_low=float(expit(random["ci_low"])),
                  ci_high=float(expit(random["ci_upp"])), i2=max(0.0, float(result.i2)),
                  tau2=max(0.0, float(result.tau2)),
                  q=float(q_stat), q_pvalue=float(q_pvalue), k=len(k),
                  corrected=tuple(label for label, e in zip(labels, edge) if e), studies=per_study)


# --------------------------------------------------------------------------- enrolment

def enrolment(studies: pd.DataFrame, arms: pd.DataFrame, study_ids: Iterable[str],
              arm_ids: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Patients enrolled per study: the sum of its used, non-subgroup arms.

    ``arm_ids`` replaces the used rows of a study by one named row (another article's version),
    e.g. ``{"sarc-r1507-ewing": "sarc-r1507-ewing-pappo2011"}``. Raises if a study has no count.

    >>> enrolment(data.studies(), data.arms(), ["sarc-r1507-sarcoma"])["patients"].sum()  # doctest: +SKIP
    163
    """
    arm_ids = dict(arm_ids or {})
    rows = []
    for study_id in study_ids:
        if study_id not in set(studies["study_id"]):
            raise KeyError(f"study '{study_id}' is not in table studies")
        if study_id in arm_ids:
            chosen = arms[arms["arm_id"] == arm_ids[study_id]]
            if chosen.empty or (chosen["study_id"] != study_id).any():
                raise KeyError(f"arm '{arm_ids[study_id]}' is not an arm of study '{study_id}'")
        else:
            chosen = arms[(arms["study_id"] == study_id) & arms["use"].fillna(False).astype(bool)
                          & (arms["role"] != "subgroup")]
        if chosen.empty or chosen["patients"].isna().any():
            raise ValueError(f"study '{study_id}' has no patient count in the chosen arm rows "
                             f"{chosen['arm_id'].tolist()}")
        rows.append({"study_id": study_id, "arm_ids": tuple(chosen["arm_id"]),
                     "reported_by": tuple(dict.fromkeys(chosen["reported_by"])),
                     "patients": int(chosen["patients"].sum())})
    table = pd.DataFrame(rows)
    return table.merge(studies[["study_id", "title", "primary_ref"]], on="study_id", how="left")


def study_summary(studies: pd.DataFrame, arms: pd.DataFrame, agents: pd.DataFrame | None = None,
                  label=None) -> pd.DataFrame:
    """One line per study for readers: agents and partners, phase, year, status, patients and the
    response result of its used whole-study arms (``responders/n``, or a stated rate with ``%``).

    Patients are summed over the used arms that are not subgroups; a result is given only when the
    study has exactly one such arm. ``label`` turns citation keys into short labels.

    >>> study_summary(data.studies(), data.arms()).columns[0]   # doctest: +SKIP
    'study'
    """
    label = label or (lambda key: key)
    names = {} if agents is None else dict(zip(agents["agent_id"], agents["name"]))
    used = arms[arms["use"].fillna(False).astype(bool) & (arms["role"] != "subgroup")]
    rows = []
    # only the columns shown are read (an edit to another column of the study does not re-run this)
    shown = studies[["study_id", "title", "agent_ids", "partners", "phase", "year", "status", "source"]]
    for study in shown.itertuples(index=False):
        own = used[used["study_id"] == study.study_id]
        patients = own["patients"].dropna()
        result = ""
        if len(own) == 1:
            arm = own.iloc[0]
            denominator = arm["evaluable"] if not pd.isna(arm["evaluable"]) else arm["patients"]
            if not pd.isna(arm["responders"]) and not pd.isna(denominator):
                result = f"{int(arm['responders'])}/{int(denominator)}"
            elif not pd.isna(arm["orr_pct"]):
                result = f"{arm['orr_pct']:g}% (stated)"
            elif not pd.isna(arm["responders"]):
                result = f"{int(arm['responders'])}/?"
        rows.append({
            "study": study.title, "agent": " + ".join(names.get(a, a) for a in study.agent_ids),
            "partners": "; ".join(study.partners), "phase": study.phase, "year": study.year,
            "status": study.status, "patients": int(patients.sum()) if len(patients) else None,
            "responders/n": result,
            "reported by": "; ".join(dict.fromkeys(label(k) for k in own["reported_by"])) or label(study.source),
        })
    table = pd.DataFrame(rows)
    table["patients"] = table["patients"].astype("Int64")
    table["year"] = table["year"].astype("Int64")
    return table


def display(table: pd.DataFrame, label=None, titles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A :func:`response_table` as readers see it, sorted by tumour group, agent and year: counts,
    rate and exact interval in %, or why there is no rate. ``label`` turns a citation key into a
    short label (e.g. :func:`igfbook.refs.label`); ``titles`` (study id to title) adds a ``study``
    column, so that two cohorts of one agent can be told apart.

    >>> list(display(pd.DataFrame(columns=RESPONSE_COLUMNS)).columns)[:3]
    ['agent', 'cohort', 'tumour group']
    """
    label = label or (lambda key: key)
    table = table.sort_values(["tumour_group", "agent", "year", "arm_id"], kind="stable")
    counted = table["has_counts"].astype(bool)
    counts = [f"{k}/{n}" if c else ("" if pd.isna(k) else f"{k}/?")
              for k, n, c in zip(table["responders"], table["denominator"], counted)]
    ci = [interval(lo, hi) if c else "" for lo, hi, c in zip(table["ci_low"], table["ci_high"], counted)]
    shown = pd.DataFrame({
        "agent": table["agent"], "cohort": table["arm"], "tumour group": table["tumour_group"],
        "year": table["year"], "responders/n": counts, "rate %": 100 * table["rate"].astype(float),
        "exact 95% CI": ci, "no rate because": table["why_no_rate"],
        "reported by": table["reported_by"].map(label),
    })
    if titles is not None:
        shown.insert(3, "study", table["study_id"].map(dict(titles)).to_numpy())
    return shown.reset_index(drop=True)


#: Columns of :func:`response_table`.
RESPONSE_COLUMNS = ["arm_id", "study_id", "agent", "tumour_group", "tumour", "phase", "year", "arm", "role",
                    "reported_by", "responders", "denominator", "denominator_basis", "patients", "orr_pct_stated",
                    "rate", "ci_low", "ci_high", "has_counts", "why_no_rate", "conflict_ids"]
