"""Facts of the appendix *Downloads* (``book/downloads.md``): every file of the data package and
the bibliography, offered for download, and checked against the descriptor.

>>> f = facts()
>>> f.claims["every-file-offered"].holds
True
"""

from __future__ import annotations

import re

import pandas as pd

from databook import dictionary, inputs
from databook.facts import FactSet
from igfbook import paths


def load() -> dict:
    return dictionary.descriptor(paths.project())


def offered() -> set[str]:
    """The files the page links with a download role (paths relative to the project root)."""
    project = paths.project()
    page = project.source("book/downloads")
    inputs.record(inputs.key("file", project.rel(page)), root=project.root)
    return {m.group(1).lstrip("./") for m in re.finditer(r"\{download\}`[^`<]*<([^>]+)>`",
                                                         page.read_text(encoding="utf-8"))}


def tables_table(package: dict) -> pd.DataFrame:
    """One line per table: its file, what it holds, and its number of rows."""
    project = paths.project()
    return pd.DataFrame([{"file": f"data/{r['path']}", "table": r["title"],
                          "rows": dictionary.rows_in(project, r), "what it holds": r["description"]}
                         for r in package["resources"]])


def facts(package: dict | None = None) -> FactSet:
    package = package or load()
    f = FactSet("downloads")
    wanted = {f"data/{r['path']}" for r in package["resources"]} | {"data/datapackage.json", "references.bib"}
    links = {link.removeprefix("../") for link in offered()}
    f.add("n_tables", len(package["resources"]), cite=False)
    files = {x for x in links if not x.startswith("notebooks/")}
    f.claim("every-file-offered", "the page offers exactly the data package's files and the bibliography",
            files == wanted, [f"file:{x}" for x in sorted(files ^ wanted)])
    project = paths.project()
    inputs.record(inputs.key("file", "_toc.yml"), root=project.root)
    chapters = {f"notebooks/{d}.ipynb" for d in project.chapters()}
    notebooks = links - files
    f.claim("every-chapter-notebook-offered", "the page offers the reader notebook of exactly the book's chapters",
            notebooks == chapters, [f"file:{x}" for x in sorted(notebooks ^ chapters)])
    return f
