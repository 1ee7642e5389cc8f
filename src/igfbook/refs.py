"""The book's bibliography as chapters use it: short labels and titles of cited works.

The checks and parsing live in :mod:`databook.bibtex`; this module reads the book's own
``references.bib`` and records, for the running chapter, every entry whose label or title it
shows, so a corrected author list or year re-runs exactly the chapters that print it.

>>> label("simpson2017igf")
'Simpson et al. 2017'
"""

from __future__ import annotations

from collections.abc import Iterable

from databook import bibtex, inputs
from igfbook import paths


def _db():
    project = paths.project()
    return project, bibtex.load(project.bibliography)


def keys() -> set[str]:
    """The citation keys a data row may cite, e.g. ``"simpson2017igf" in keys()``."""
    project, db = _db()
    inputs.record(inputs.key("bibkeys", project.rel(project.bibliography)), root=project.root)
    return set(db.entries)


def _entry(key: str):
    project, db = _db()
    if key not in db.entries:
        raise KeyError(f"'{key}' is not a key of {project.rel(project.bibliography)}")
    inputs.record(inputs.key("bibentry", project.rel(project.bibliography), key), root=project.root)
    return db


def label(key: str) -> str:
    """Short author–year label of an entry, e.g. ``label("maki2010small") == "Maki 2010"``."""
    return bibtex.label(key, _entry(key))


#: The id of each entry in the bibliography page (``bibtex_cite_id`` in ``_config.yml``).
CITE_ID = "cite-{key}"


def anchor(key: str, page: str = "bibliography.html") -> str:
    """A link to the entry itself on the bibliography page, e.g.
    ``anchor("maki2010small") == "bibliography.html#cite-maki2010small"``."""
    _entry(key)
    return f"{page}#{CITE_ID.format(key=key)}"


def labels(keys_: Iterable[str]) -> str:
    """Labels of several keys joined with '; ', e.g. for a 'source' column shown to readers."""
    return "; ".join(label(k) for k in dict.fromkeys(keys_) if k)


def title(key: str) -> str:
    """The entry's title as readers see it."""
    return bibtex.title(key, _entry(key))


def year(key: str) -> int:
    """The entry's publication year."""
    return int(_entry(key).entries[key].fields["year"])


def doi(key: str) -> str | None:
    """The entry's DOI, if it has one."""
    return _entry(key).entries[key].fields.get("doi")
