"""Where the project's files are.

The project root is ``$IGFBOOK_ROOT`` when set (the build sets it for every chapter it executes),
otherwise the folder above ``src/`` that holds this package. Everything else is relative to it.
"""

from __future__ import annotations

import os
from pathlib import Path


def root() -> Path:
    """The project root, e.g. ``root() / "data"``."""
    env = os.environ.get("IGFBOOK_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The folder of CSV tables and ``datapackage.json``."""
    return root() / "data"


def datapackage() -> Path:
    """The Frictionless Data Package descriptor: the schema of every table."""
    return data_dir() / "datapackage.json"


def bibfile() -> Path:
    """The book's BibTeX file."""
    return root() / "references.bib"


def rel(path: Path) -> str:
    """``path`` relative to the project root, with forward slashes, for messages and manifests."""
    try:
        return Path(path).resolve().relative_to(root()).as_posix()
    except ValueError:
        return Path(path).as_posix()
