"""Facts of the appendix *Updating the book: a worked example* (``book/updating.md``): the rows
that added one later trial (CARRIE), read from the tables, and what the validator says when one of
them is mistyped (checked on a scratch copy).

>>> f = facts()
>>> f.claims["carrie-rows-cite-its-report"].holds
True
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from databook.facts import FactSet
from igfbook import catalogue, data, paths, refs
from igfbook.data import Tables

TRIAL = "carrie-istiratumab-pancreas"
REPORT = "kundranda2020randomized"


def load() -> Tables:
    return data.tables()


def verification_note(key: str = REPORT) -> str:
    """The ``% verified:`` comment above the entry in references.bib (the bibliography is an input)."""
    from databook import inputs

    root = paths.root()
    inputs.record(inputs.key("bibentry", "references.bib", key), root=root)
    lines = (root / "references.bib").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"@article{{{key},"))
    return lines[at - 1]


def entry(key: str = REPORT) -> str:
    """The BibTeX entry itself, as stored."""
    root = paths.root()
    text = (root / "references.bib").read_text(encoding="utf-8")
    start = text.index(f"@article{{{key},")
    return text[start:text.index("\n}\n", start) + 2]


def rows(t: Tables) -> dict[str, pd.DataFrame]:
    """The rows of each table that the addition wrote, as the files hold them (text, every digit
    as typed), transposed to read as forms; the two files are recorded as inputs."""
    from databook import inputs

    raw = {}
    for name in ("later", "effects"):
        inputs.record(inputs.key("table", f"data/{name}.csv"), root=paths.root())
        raw[name] = t.package.raw(name).frame
    later = raw["later"][raw["later"]["later_id"] == TRIAL]
    effects = raw["effects"][raw["effects"]["later_id"] == TRIAL]
    return {"later": later.T.set_axis(["value"], axis=1),
            "effects": effects.set_index("effect_id").T}


def mistake() -> list[str]:
    """The validator's answer when the interval of CARRIE's hazard ratio is typed the wrong way round
    (on a scratch copy; recording paused, as the book's data are the page's inputs already)."""
    from databook import inputs
    from databook.tableschema import Package

    with inputs.paused(), tempfile.TemporaryDirectory() as scratch:
        copy = catalogue.data_copy(paths.root(), Path(scratch))
        path = copy / "data" / "effects.csv"
        catalogue.set_cell(path, "carrie-pfs", "low", "3.29")
        catalogue.set_cell(path, "carrie-pfs", "high", "1.07")
        return [str(p) for p in Package(copy).validate(["effects"])]


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    f = FactSet("updating")
    r = rows(t)
    f.add("n_effect_rows", len(r["effects"].columns), cite=False)
    f.add("report", None, refs.label(REPORT), cite=False)
    f.claim("carrie-rows-cite-its-report", "every row of the addition cites the verified report",
            (t.later.loc[t.later["later_id"] == TRIAL, "source"] == REPORT).all()
            and (t.effects.loc[t.effects["later_id"] == TRIAL, "reported_by"] == REPORT).all(),
            t.rows("later", t.later[t.later["later_id"] == TRIAL]))
    f.claim("note-says-verified", "the report's entry has its verification note",
            verification_note().startswith("% verified:"), [])
    problems = mistake()
    f.claim("mistake-refused", "the swapped interval is refused under the ordered rule, naming the row",
            len(problems) >= 1 and all("[ordered]" in p and "data/effects.csv, row" in p for p in problems), [])
    return f
