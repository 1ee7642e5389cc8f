"""Where the book's files are.

The project root is ``$DATABOOK_ROOT`` when set (the build sets it for every chapter it runs),
otherwise the folder above ``src/`` that holds this package, or, installed from a wheel, the copy
of the book's files the wheel carries (see :func:`root`). Everything else is relative to it,
as configured in ``pyproject.toml`` (see :mod:`databook.project`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from databook.project import ROOT_ENV, Project


def root() -> Path:
    """The project root, e.g. ``root() / "data"``: ``$DATABOOK_ROOT`` when set; else the folder
    above ``src/`` when this package runs from the repository (an editable install); else, when it
    was installed from a wheel, the copy of the book's files inside the package (``_book/``, see
    ``setup.py``)."""
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env).resolve()
    repo = Path(__file__).resolve().parents[2]
    if (repo / "_toc.yml").is_file():
        return repo
    return Path(__file__).resolve().parent / "_book"


def project() -> Project:
    """The book as a :class:`databook.project.Project`."""
    return _project(root())


@lru_cache(maxsize=8)
def _project(at: Path) -> Project:
    return Project(at)
