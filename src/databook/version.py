"""The data version: one short fingerprint of the content of every table, the schema and the
bibliography.

Two copies of a book built from the same tables and references have the same data version,
whatever the commit, the date or how a spreadsheet saved the files: a byte-order mark, line
endings and the order of columns are formatting, not content, and leave it unchanged. Any edit
to a value changes it. The "how to cite" page and the ``dist`` manifest both show it.
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
