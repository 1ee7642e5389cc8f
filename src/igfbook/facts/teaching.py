"""Facts of the *Teaching guide* (``book/teaching.md``): the quiz answers and model answers,
borrowed from the chapters that establish them, and each session's pre-reading.

The guide computes nothing of its own: every number and claim in an answer is the fact or claim
of the chapter that tells that topic, taken with its sources (:meth:`FactSet.borrow`), so an
answer key cannot disagree with the chapter it examines, and a claim the data falsify stops this
page as well as its own.

>>> f = facts()
>>> f.claims["cixu-rate-impossible"].holds
True
>>> reading("journal-club").splitlines()[0].startswith("- Pappo")
True
"""

from __future__ import annotations

from databook.facts import FactSet
from igfbook import data, refs
from igfbook.data import Tables
from igfbook.facts import conflicts, safety, sarcoma, three_ways, where_next

#: Each session's pre-reading: the articles to read before it, in reading order (keys of
#: ``references.bib``; every one has a DOI, which the list shows).
READING = {
    "pharmacology": ["simpson2017igf", "yee2018fortyyears"],
    "journal-club": ["pappo2014r1507", "chmielowski2014editorial", "tap2012ganitumab"],
    "data-literacy": ["gombos2012crossroad", "simpson2017igf"],
    "translational": ["simpson2017igf", "yee2018fortyyears", "yee2021ganitumab"],
    "living-data": ["kundranda2020randomized"],
}

#: What the guide takes from each chapter: (facts, claims).
BORROWED = {
    three_ways: ((), ("mab-open-insra", "tki-all-insr-b", "lig-blocks-every-igf-signal", "lig-open-is-insulin")),
    sarcoma: (("pool_k", "pool_rate", "pool_ci", "cixu_n", "cixu_stated", "cixu_one", "total_used", "claim_700"),
              ("cixu-rate-impossible",)),
    conflicts: (("n_conflicts", "ev_unresolved"), ("most-settled-by-documents",)),
    where_next: (("n_priorities", "n_untested", "n_open", "funder"),
                 ("funder-develops-xentuzumab", "xentuzumab-most", "no-open-marker", "one-compared")),
    safety: ((), ("kw2450-dose-limiting",)),
}


def load() -> Tables:
    return data.tables()


def reading(session: str) -> str:
    """The pre-reading of one session as a Markdown list: author–year, title, and the DOI as a link."""
    lines = []
    for key in READING[session]:
        doi = refs.doi(key)
        if not doi:
            raise ValueError(f"pre-reading {key!r} of session {session!r} has no DOI in references.bib")
        title = refs.title(key)
        stop = "" if title.endswith(("?", "!", ".")) else "."
        lines.append(f"- {refs.label(key)}. *{title}*{stop} [doi:{doi}](https://doi.org/{doi})")
    return "\n".join(lines)


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("teaching")
    for chapter, (names, claims) in BORROWED.items():
        f.borrow(chapter.facts(t), names, claims)
    f.add("n_sessions", len(READING), cite=False)
    return f
