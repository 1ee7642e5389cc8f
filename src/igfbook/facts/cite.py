"""Facts of the page *How to cite this book* (``book/cite.md``): what the data version covers, and
the book's title, authors and year as its configuration gives them. The data version itself is a
value of the build (the page's ``{build}`data_version``` role, :mod:`databook.version`), so this
page does not run again after every edit to a table.

>>> f = facts()
>>> f.claims["version-covers-schema-and-bibliography"].holds
True
"""

from __future__ import annotations

import yaml

from databook import inputs, version
from databook.facts import FactSet
from igfbook import data, paths
from igfbook.data import Tables


def load() -> Tables:
    return data.tables()


def config() -> dict:
    """The book's ``_config.yml`` (recorded as an input of the page)."""
    project = paths.project()
    path = project.root / "_config.yml"
    inputs.record(inputs.key("file", project.rel(path)), root=project.root)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def facts(t: Tables | None = None) -> FactSet:
    t = t or load()
    project = paths.project()
    f = FactSet("cite")
    resources = t.package.descriptor["resources"]
    f.add("n_tables", len(resources), cite=False)
    files = {p.name for p in project.data_dir.glob("*.csv")}
    described = {r["path"] for r in resources}
    f.claim("version-covers-every-table", "the data version covers every table the data package describes, and "
                                          "nothing else in the data folder is left out of the description",
            files == described, [f"data:{x}" for x in sorted(files ^ described)])
    f.claim("version-covers-schema-and-bibliography", "the data version also covers the schema and the bibliography",
            {inputs.key("json", f"{project.rel(project.data_dir)}/datapackage.json"),
             inputs.key("bib", project.rel(project.bibliography))} <= set(version.covered(project)), [])
    c = config()
    f.add("book_title", None, c["title"], cite=False)
    f.add("book_author", None, c["author"][:1].upper() + c["author"][1:], cite=False)
    f.add("book_year", None, str(c["copyright"]), cite=False)
    return f
