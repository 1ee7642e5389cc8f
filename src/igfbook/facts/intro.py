"""Facts of the introduction (``book/intro.md``): what the book is built from, and who paid for
its backbone review.

>>> f = facts()
>>> f.text("simpson_funder"), f.claims["funder-develops-xentuzumab"].holds
('Boehringer Ingelheim', True)
"""

from __future__ import annotations

import re

import pandas as pd

from databook import bibtex, inputs
from databook.facts import FactSet, Row, Source
from igfbook import data, evidence, paths, refs, text
from igfbook.data import Tables

#: The parts of the book whose chapters keep the chapter frame (the appendices do not).
FRAME = {"In this chapter": r":::\{admonition\} In this chapter", "Before you start": r":::\{admonition\} Before you start",
         "Summary": r"^## Summary\s*$", "Exercises": r"^## Exercises\s*$"}


def load() -> Tables:
    return data.tables()


# --------------------------------------------------------------------------- shared with other chapters


def source_row(t: Tables, key: str) -> Row:
    """The row of ``sources`` for one article, with its provenance."""
    return t.row("sources", key)


#: The article that names the developers of the agents (its list of agents and companies, p. 2384).
SPONSORS_NAMED_BY = ("chmielowski2014editorial", "p. 2384")


def sponsor_source(agent: Row) -> Source:
    """Where an agent's sponsor comes from: Chmielowski's list of the agents and their companies,
    not the article the rest of the row is read from (Simpson et al. name no companies)."""
    return Source("agents", agent.key, "sponsor", (SPONSORS_NAMED_BY[0],), SPONSORS_NAMED_BY[1])


def add_funding(f: FactSet, t: Tables) -> None:
    """The facts every chapter that mentions the backbone review's funding shows, and the claim
    behind them: the funder its public record names is the company that develops xentuzumab.

    Facts ``simpson_funder`` (the funder's name, read from the ``sources`` row),
    ``xentuzumab_sponsor`` (from the ``agents`` row) and ``n_ligand_antibodies`` (in words);
    claim ``funder-develops-xentuzumab``.
    """
    s = source_row(t, "simpson2017igf")
    funder = evidence.number_in(s, "funding", r"^([^(,;]+?)\s*(?:\(|,|;|$)")
    x = t.row("agents", "xentuzumab")
    f.add("simpson_funder", funder)
    f.add("xentuzumab_sponsor", x.value("sponsor"), sources=[sponsor_source(x)])
    ligand = t.agents[t.agents["agent_class"] == "IGF ligand-neutralising antibody"]
    f.add("n_ligand_antibodies", len(ligand), text.words(len(ligand)), cite=False)
    f.claim("funder-develops-xentuzumab", "the review's recorded funder is the company that develops xentuzumab, "
                                          "one of the ligand antibodies it argues for",
            funder.value == x.value("sponsor") and x.value("agent_class") == "IGF ligand-neutralising antibody"
            and "xentuzumab" in str(s.value("ties")), [s, x])


# --------------------------------------------------------------------------- the frames the chapter shows


def sources_table(t: Tables) -> pd.DataFrame:
    """The four articles for readers: role, funding and ties, with the references behind the ties."""
    s = t.sources
    return pd.DataFrame({
        "key": s["key"].map(refs.label),
        "kind": s["kind"],
        "role": s["role"],
        "funding": s["funding"].fillna("none found"),
        "ties": s["ties"].fillna("none found"),
        "tie_sources": s["tie_sources"].map(lambda keys: refs.labels(keys) if isinstance(keys, tuple) else ""),
    })


def chapters_in_parts() -> list[str]:
    """The chapters of the book's parts (every document between the introduction and the appendices)."""
    toc = paths.project().toc()
    evidence.chapter_order()   # records the table of contents
    return [c["file"].rsplit("/", 1)[-1] for part in toc["parts"] if part.get("caption", "").startswith("Part")
            for c in part["chapters"]]


def frame_gaps() -> dict[str, list[str]]:
    """Chapter -> the parts of the chapter frame it lacks (empty when every chapter has them all)."""
    project = paths.project()
    gaps = {}
    for doc in chapters_in_parts():
        path = project.root / "book" / f"{doc}.md"
        inputs.record(inputs.key("file", project.rel(path)), root=project.root)
        text = path.read_text(encoding="utf-8")
        missing = [name for name, pattern in FRAME.items() if not re.search(pattern, text, re.M)]
        if missing:
            gaps[doc] = missing
    return gaps


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("intro")

    f.add("n_tables", len(t.package.resources), cite=False)
    f.add("n_articles", len(t.sources), text.words(len(t.sources)), cite=False)
    f.add("n_agents", len(t.agents), cite=False)
    f.add("n_classes", t.agents["agent_class"].nunique(), cite=False)
    f.add("n_conflicts", len(t.conflicts), cite=False)

    # every row names its article and where in it
    unsourced = []
    for name in data.TABLES:
        frame = t.frame(name)
        unsourced += [f"{name}:{r.key}" for r in t.rows(name, frame) if not r.cite or not r.locator]
    f.claim("every-row-sourced", "each row of each table names the article it comes from and where in it",
            not unsourced, unsourced)

    # the bibliography: every entry says how it was checked
    project = paths.project()
    inputs.record(inputs.key("bib", project.rel(project.bibliography)), root=project.root)
    db = bibtex.load(project.bibliography)
    f.add("n_references", len(refs.keys()), cite=False)
    unchecked = [k for k, e in db.entries.items() if not e.fields.get("verification")]
    f.claim("references-checked", "every entry of the bibliography records how it was checked", not unchecked,
            [f"references.bib:{k}" for k in unchecked])

    # the backbone review's funding, and the other articles' ties
    add_funding(f, t)
    s = source_row(t, "simpson2017igf")
    f.add("simpson_ties", s["ties"])
    c = source_row(t, "chmielowski2014editorial")
    f.claim("chmielowski-coauthor", "Chmielowski is an author of the cixutumumab and temsirolimus trial he discusses",
            "Chmielowski" in bibtex.surnames("schwartz2013cixutumumab", db)[0]
            and "schwartz2013cixutumumab" in (c.value("tie_sources") or ()), [c])
    y = source_row(t, "yee2018fortyyears")
    f.claim("yee-first-author", "Yee is the first author of the I-SPY 2 report on ganitumab and metformin",
            bibtex.surnames("yee2017ispy2abstract", db)[0][:1] == ["Yee"]
            and "yee2017ispy2abstract" in (y.value("tie_sources") or ()), [y])

    # the chapter frame
    gaps = frame_gaps()
    parts = [p for p in paths.project().toc()["parts"] if p.get("caption", "").startswith("Part")]
    f.add("n_chapters", len(chapters_in_parts()), cite=False)
    f.add("n_parts", len(parts), text.words(len(parts)), cite=False)
    f.claim("chapter-frame", "every chapter of the parts opens with what it covers and what to read first, and ends with "
                             "a summary and exercises", not gaps, [f"{d} lacks {', '.join(m)}" for d, m in gaps.items()])
    return f
