"""Facts of the appendix *When the build refuses the data* (``book/troubleshooting.md``): the
catalogue of refused inputs (:mod:`igfbook.catalogue`), each with the message it really gets.

>>> f = facts()
>>> f.claims["every-message-actionable"].holds
True
"""

from __future__ import annotations

import pandas as pd

from databook.facts import FactSet
from igfbook import catalogue, text


def load() -> list[dict]:
    return catalogue.troubleshooting()


def cases_table(cases: list[dict]) -> pd.DataFrame:
    """One line per mistake: what went wrong, where, what the build says, what to do."""
    return pd.DataFrame({
        "what went wrong": [c["breaks"] for c in cases],
        "file": [c["file"] for c in cases],
        "what the build says": ["\n".join(c["messages"]) for c in cases],
        "what to do": [c["fix"] for c in cases],
    })


def accepted_table() -> pd.DataFrame:
    return pd.DataFrame({"what the spreadsheet wrote": [a.what for a in catalogue.ACCEPTED]})


def claim_example() -> str:
    """What the build prints when an edit falsifies a sentence: the later-trials chapter's facts
    computed on the book's tables with one trial's answer changed to a benefit (in memory only)."""
    from databook.facts import ClaimError
    from igfbook import data
    from igfbook.facts import later

    t = data.tables()
    edited = t.later.copy()
    edited.loc[edited["later_id"] == "aews1221-ganitumab-ewing", "answer"] = "better with the IGF drug"
    t.later = edited
    f = later.facts(t)
    return f"ClaimError: {ClaimError('later', f.failed())}"


def facts(cases: list[dict] | None = None) -> FactSet:
    cases = load() if cases is None else cases
    f = FactSet("troubleshooting")
    f.add("n_cases", len(cases), cite=False)
    f.add("n_accepted", None, text.words(len(catalogue.ACCEPTED)), cite=False)
    silent = [c["id"] for c in cases if not c["messages"]]
    vague = [c["id"] for c in cases if c["messages"] and not c["hint_found"]]
    f.claim("every-case-refused", "every mistake of the catalogue is refused with at least one message", not silent,
            [f"catalogue:{i}" for i in silent])
    f.claim("every-message-actionable", "every refusal's message contains the words that say what to do",
            not vague, [f"catalogue:{i}" for i in vague])
    return f
