"""The data version: one short fingerprint of the content of every table, the schema and the
bibliography.

Two copies of a book built from the same tables and references have the same data version,
whatever the commit, the date or how a spreadsheet saved the files: a byte-order mark, line
endings and the order of columns are formatting, not content, and leave it unchanged. Any edit
to a value changes it. The "how to cite" page and the ``dist`` manifest both show it.

The data version is a value of the build, not of a chapter: a page shows it with the role
``{build}`data_version```, which the build fills in when it stages the pages
(:func:`build_values`). A chapter that computed it would read every table, and so would run
again after any edit to any of them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from databook import inputs
from databook.project import Project


def covered(project: Project) -> list[str]:
    """The inputs the data version covers: each table's content, the schema, the bibliography."""
    data = project.rel(project.data_dir)
    keys = [inputs.key("table", f"{data}/{p.name}") for p in sorted(project.data_dir.glob("*.csv"))]
    keys.append(inputs.key("json", f"{data}/datapackage.json"))
    keys.append(inputs.key("bib", project.rel(project.bibliography)))
    return keys


def data_version(project: Project | Path | None = None, record: bool = True) -> str:
    """Twelve hex digits fingerprinting the data, e.g. ``'3f9a0c1b2d4e'``."""
    if not isinstance(project, Project):
        project = Project(project or inputs.find_root())
    h = hashlib.sha256()
    for key in covered(project):
        value = inputs.digest(key, project.root) or ""
        if record:
            inputs.record(key, value)
        h.update(f"{key}\0{value}\n".encode())
    return h.hexdigest()[:12]


#: Where the stage keeps :func:`build_values` for the ``{build}`` role (beside the staged pages).
BUILD_VALUES = "_databook/build-values.json"


def build_values(project: Project) -> dict[str, str]:
    """What the ``{build}`` role can show: ``{"data_version": "3f9a0c1b2d4e"}``."""
    return {"data_version": data_version(project, record=False)}
