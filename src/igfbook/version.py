"""The data version: one short fingerprint of every data file and the bibliography.

Two copies of the book built from the same tables and references have the same data version,
whatever the commit or the date; any edit to a table changes it. The "how to cite" page and the
``make dist`` manifest both show it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from igfbook import inputs, paths


def files(root: Path | None = None) -> list[Path]:
    """The files the data version covers: every table, the schema and the bibliography."""
    root = Path(root) if root else paths.root()
    return sorted((root / "data").glob("*.csv")) + [root / "data" / "datapackage.json", root / "references.bib"]


def data_version(root: Path | None = None) -> str:
    """Twelve hex digits fingerprinting the data, e.g. ``'3f9a0c1b2d4e'``."""
    root = Path(root) if root else paths.root()
    h = hashlib.sha256()
    for path in files(root):
        data = path.read_bytes()
        inputs.record(path.relative_to(root).as_posix(), inputs.sha(data))
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + data + b"\0")
    return h.hexdigest()[:12]
