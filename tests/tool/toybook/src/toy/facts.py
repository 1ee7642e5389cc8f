"""Facts of the toy book's chapters."""

from __future__ import annotations

import os
from pathlib import Path

from databook.facts import FactSet, Row
from databook.tableschema import Package


def package() -> Package:
    return Package(Path(os.environ["DATABOOK_ROOT"]))


def rows() -> list[Row]:
    frame = package().table("trials")[["trial_id", "name", "responders", "patients", "source", "locator"]]
    return [Row("trials", r.trial_id, r._asdict(), (r.source,), r.locator) for r in frame.itertuples(index=False)]


def trials() -> FactSet:
    f = FactSet("trials")
    trials_ = rows()
    f.add("n_trials", len(trials_), cite=False)
    total = sum(int(r.value("responders")) for r in trials_)
    f.add("responders", total, sources=[r["responders"] for r in trials_])
    best = max(trials_, key=lambda r: r.value("responders") / r.value("patients"))
    f.add("best", best["name"])
    f.claim("first-is-best", "the first trial has the highest response rate", best.key == "t1", [best])
    return f


def notes() -> FactSet:
    f = FactSet("notes")
    frame = package().table("trials")
    f.add("first_note", str(frame.loc[frame["trial_id"] == "t1", "note"].iloc[0]), cite=False)
    return f
